"""WARC archives (.warc, .warc.gz): each successful HTML or plain-text response is a document.

Only `response` and `resource` records with a 2xx status and an HTML or text payload are pages;
requests, metadata, redirects, errors, images and scripts are what a crawl is mostly made of and
are passed over without a word, as a folder's other files are. The id is the record's target URI
(the record id when there is none), and the source is `archive@offset`, the record's byte offset,
which is how WARC tools address a record.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import Document, InputProblem, Options
from .build import size_problem

Item = Document | InputProblem
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(path: Path, options: Options) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from .sources import open_binary
    stream = open_binary(path)
    if isinstance(stream, InputProblem):
        yield stream
        return
    with stream:
        problem = _not_warc(stream)
        if problem:
            yield InputProblem(str(path), problem)
            return
        records = ArchiveIterator(stream)
        it = iter(records)
        count = 0
        while True:
            try:
                record = next(it)
            except StopIteration:
                break
            except Exception as exc:   # warcio raises several kinds on damaged archives
                where = f"after record {count}" if count else "at its start"
                yield InputProblem(str(path), f"not a readable WARC archive {where} ({exc}); "
                                              "the records before this point were read")
                return
            count += 1
            # The offset is asked for only after the payload is read: warcio finds it by reading
            # the record to its end, after which the payload is gone.
            try:
                item = _record_item(record, path, records.get_record_offset, options)
            except Exception as exc:
                item = InputProblem(str(path), f"record {count} could not be read "
                                               f"({type(exc).__name__}: {exc})")
            if item is not None:
                yield item
        if count == 0:
            yield InputProblem(str(path), "no WARC records in it (empty or cut short)")


def _not_warc(stream) -> str | None:
    """Why the stream is not a WARC (or ARC) archive, or None. warcio reads any bytes as a
    record of the older ARC format, so the first bytes are checked here."""
    magic = stream.read(2)
    stream.seek(0)
    if magic == b"\x1f\x8b":
        import gzip
        try:
            with gzip.GzipFile(fileobj=stream) as gz:
                start = gz.read(16)
        except Exception as exc:     # BadGzipFile, EOFError, zlib.error
            stream.seek(0)
            return f"not a readable gzip file ({exc}); a .warc.gz archive is gzip-compressed WARC"
        stream.seek(0)
    else:
        start = stream.read(16)
        stream.seek(0)
    if not start:
        return "empty file"
    if not start.startswith((b"WARC/", b"filedesc:")):
        return "not a WARC archive (it does not start with a WARC record header)"
    return None


def _record_item(record, path: Path, offset, options: Options) -> Item | None:
    from .sources import page_document
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    if mime.strip().lower() not in _PAGE_TYPES:
        return None
    limit = options.max_bytes
    length = headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > limit + 64 * 1024:   # 64 KB: room for HTTP headers
        return size_problem(f"{path}@{offset()}", int(length), limit, "record of ")
    data = record.content_stream().read(limit + 1)
    source = f"{path}@{offset()}"
    if len(data) > limit:
        return size_problem(source, None, limit, "record is ")
    uri = headers.get_header("WARC-Target-URI")
    doc_id = uri or (headers.get_header("WARC-Record-ID") or source).strip("<>")
    return page_document(data, doc_id=doc_id, source=source, options=options,
                         html=mime.strip().lower() != "text/plain", charset=_charset(params), url=uri)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
