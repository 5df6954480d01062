"""WARC archives (.warc, .warc.gz): each successful HTML or plain-text response is a document.

Only `response` and `resource` records with a 2xx status and an HTML or text payload are pages;
requests, metadata, redirects, errors, images and scripts are what a crawl is mostly made of and
are passed over without a word, as a folder's other files are. The id is the record's target URI
(the record id when there is none), and the source is `archive@offset`, the record's byte offset
(in a .warc.gz, its gzip member's), which is how WARC tools address a record.

Reading is bounded by the bytes actually read or inflated, never by what a record declares:
gzip members are split and inflated here a step at a time, and warcio only parses headers out
of those bytes (its own iterator reads whatever follows a record up to the next newline into
memory). Header lines over 64 KB, payloads over --max-bytes, and data after a record's declared
end that is not a record (a lying Content-Length: up to --max-bytes of it is skipped to reach the
next member, past that the archive is given up) are reported; so is an archive cut short.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Generator, Iterator

from ..model import Document, InputProblem, Options
from .bounded import BLOCK, LINE, Broken, Damaged, Member, Raw, Segment, capped
from .build import size_problem

Item = Document | InputProblem
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_GZIP = b"\x1f\x8b"
_HEADERS = 256 * 1024      # longest WARC + HTTP header section of one record
_HTTP_ROOM = 64 * 1024     # a record's HTTP headers, on top of --max-bytes of payload


def read_warc(path: Path, options: Options) -> Iterator[Item]:
    from .sources import open_binary
    stream = open_binary(path)
    if isinstance(stream, InputProblem):
        yield stream
        return
    with stream:
        gz = stream.read(2) == _GZIP
        stream.seek(0)
        kind = _archive_kind(stream, gz)
        stream.seek(0)
        if kind not in ("warc", "arc"):
            yield InputProblem(str(path), kind)
            return
        archive = _Archive(path, options, kind)
        try:
            if gz:
                yield from archive.gzip_members(stream)
            else:
                yield from archive.records(Segment(0, lambda: stream.read(BLOCK)))
        except Broken as exc:
            yield archive.stop(str(exc))
        except OSError as exc:
            yield archive.stop(f"the file could not be read: {exc.strerror or _why(exc)}")
        if archive.count == 0 and not archive.problems:
            yield InputProblem(str(path), "no WARC records in it (empty or cut short)")


def _archive_kind(stream, gz: bool) -> str:
    """"warc" or "arc" from the first bytes, or why the stream is neither. warcio reads any
    bytes as a record of the older ARC format, so the start is checked here."""
    if gz:
        member = Member(Raw(stream))
        try:
            start = member.read(16)
            if member.cut and len(start) < 16:
                raise Broken("cut short")
        except Broken as exc:
            return f"not a readable gzip file ({exc}); a .warc.gz archive is gzip-compressed WARC"
    else:
        start = stream.read(16)
    if not start:
        return "empty file"
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"filedesc:"):
        return "arc"
    return "not a WARC archive (it does not start with a WARC record header)"


def _why(exc: BaseException) -> str:
    text = capped(str(exc))
    if isinstance(exc, (Damaged, Broken)):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ---------------------------------------------------------------- records

class _Archive:
    def __init__(self, path: Path, options: Options, kind: str):
        from warcio.recordloader import ArcWarcRecordLoader
        self.path, self.options, self.kind = path, options, kind
        self.loader = ArcWarcRecordLoader(verify_http=False, arc2warc=True)
        self.count = 0              # records whose headers were read
        self.problems = 0           # problems of the archive (not of one page) given

    def _problem(self, source: str, text: str) -> InputProblem:
        self.problems += 1
        return InputProblem(source, text)

    def stop(self, why: str) -> InputProblem:
        """The problem that ends the archive here."""
        where = f"after record {self.count}" if self.count else "at its start"
        return self._problem(str(self.path), f"not a readable WARC archive {where} ({why}); "
                                             "the records before this point were read")

    def _cut(self, where: str, read: int) -> InputProblem:
        return self._problem(str(self.path), f"the archive is cut short: it ends {where}; "
                                             f"{_records(read)} read before it")

    def gzip_members(self, f) -> Iterator[Item]:
        raw = Raw(f)
        while head := raw.take():
            raw.give_back(head)
            if not head.startswith(_GZIP):
                yield self.stop(f"the bytes at offset {raw.pos} are not a gzip member")
                return
            member = Member(raw)
            go_on = yield from self.records(member)
            if member.cut or not go_on:
                return

    def records(self, seg: Segment) -> Generator[Item, None, bool]:
        """The items of the records of one segment; False when the archive cannot go on after it."""
        gz = isinstance(seg, Member)
        here = 0                        # records read in this segment
        while True:
            offset = seg.start if gz else seg.used
            try:
                line = _first_line(seg)
                if not line:
                    break
                offset = seg.start if gz else seg.used - len(line)
                seg.header_room = _HEADERS
                record = self.loader.parse_record_stream(seg, line, self.kind, no_record_parse=True)
                declared = _declared_length(record)
            except Broken:
                raise
            except Exception as exc:    # Damaged, and warcio raises several kinds on bad headers
                return (yield from self._lost(seg, offset, exc, here > 0))
            self.count += 1
            here += 1
            source = f"{self.path}@{offset}"
            start = seg.used
            try:
                item = self._item(record, seg, source, declared)
            except Broken:
                raise
            except Exception as exc:    # this record's payload: report it, keep going
                item = InputProblem(source, f"record could not be read ({_why(exc)})")
            seg.header_room = None
            got = seg.used - start
            got += seg.skip(declared - got) if declared > got else 0
            if got < declared:
                # Its document, made from part of the record, is not given.
                if gz and not seg.cut:
                    yield self._problem(source, f"damaged record: its gzip member ends after "
                                                f"{got:,} of the {declared:,} bytes its "
                                                "Content-Length says")
                    return True
                yield self._cut(f"inside the record at offset {offset} "
                                f"({got:,} of its {declared:,} bytes)", self.count - 1)
                return False
            if item is not None:
                yield item
        if gz and seg.cut:
            yield self._cut(f"inside the gzip member at offset {seg.start}, after its record",
                            self.count)
            return False
        return True

    def _lost(self, seg: Segment, offset: int, exc: Exception,
              after_record: bool) -> Generator[Item, None, bool]:
        """What is left of a segment after bytes that are not a record."""
        if not isinstance(seg, Member):
            if seg.ended():
                yield self._cut(f"inside the record at offset {offset}", self.count)
            else:
                yield self.stop(f"at offset {offset}: {_why(exc)}")
            return False
        # Only this member is lost: inflate the rest of it away to find the next one, but at
        # most --max-bytes (the most a page may cost), so a bomb of a member ends the archive.
        budget = self.options.max_bytes
        skipped = seg.skip(budget)
        if seg.cut:
            yield self._cut(f"inside the gzip member at offset {seg.start}", self.count)
            return False
        source = f"{self.path}@{seg.start}"
        what = (f"its gzip member goes on past the record's Content-Length with data that is "
                f"not a WARC record ({_why(exc)})" if after_record else
                f"not a WARC record ({_why(exc)})")
        if skipped >= budget and not seg.ended():
            yield self._problem(source, f"{what} for more than --max-bytes ({budget:,} bytes); "
                                        "the archive's later records were not read "
                                        f"({_records(self.count)} read)")
            return False
        yield self._problem(source, f"{what}; skipped to the next gzip member")
        return True

    def _item(self, record, seg: Segment, source: str, declared: int) -> Item | None:
        from .sources import page_document
        if record.rec_type not in ("response", "resource"):
            return None
        headers = record.rec_headers
        http = None
        if record.rec_type == "response":
            http = _http_headers(record.raw_stream)
            if http is None:
                return None     # not an HTTP response (dns:, whois:): not a page
            if not (http.get_statuscode() or "").startswith("2"):
                return None
            content_type = http.get_header("Content-Type") or ""
        else:
            content_type = headers.get_header("Content-Type") or ""
        seg.header_room = None
        mime, _, params = content_type.partition(";")
        if mime.strip().lower() not in _PAGE_TYPES:
            return None
        limit = self.options.max_bytes
        if declared > limit + _HTTP_ROOM:
            return size_problem(source, declared, limit, "record of ")
        data = _payload(record.raw_stream, http, limit + 1)
        if len(data) > limit:
            return size_problem(source, None, limit, "record is ")
        uri = headers.get_header("WARC-Target-URI")
        doc_id = uri or (headers.get_header("WARC-Record-ID") or source).strip("<>")
        return page_document(data, doc_id=doc_id, source=source, options=self.options,
                             html=mime.strip().lower() != "text/plain", charset=_charset(params),
                             url=uri)


def _first_line(seg: Segment) -> bytes:
    """The first line of the next record (blank lines between records skipped), b"" at the end."""
    blank = 0
    while (line := seg.readline()).strip() == b"":
        if not line:
            return b""
        blank += len(line)
        if blank > LINE:
            raise Damaged("more than 64 KB of blank lines where a record was expected")
    return line


def _declared_length(record) -> int:
    raw = record.rec_headers.get_header("Content-Length")
    if raw is None or not raw.strip().isdigit() or record.length is None:
        # Without it the record's end, and so the next record, cannot be found.
        raise Damaged(f"a {record.rec_type} record without a valid Content-Length")
    return record.length


def _http_headers(stream):
    """The HTTP status and headers at the start of a response record's block, or None if the
    block is not an HTTP response. Parsed whether or not the record names an http(s) target
    (warcio's own parser fails on a record with no WARC-Target-URI)."""
    from warcio.statusandheaders import StatusAndHeadersParser
    try:
        status = stream.readline()
    except Damaged:
        return None
    if not status.startswith(b"HTTP/"):
        return None
    return StatusAndHeadersParser(["HTTP/"], verify=False).parse(stream, status)


def _payload(stream, http, limit: int) -> bytes:
    """At most `limit` bytes of the payload, de-chunked and, for a gzip or deflate content
    encoding, inflated a step at a time (warcio's readers inflate a whole chunk at once)."""
    def header(name: str) -> str:
        return (http.get_header(name) or "").strip().lower() if http is not None else ""
    if header("Transfer-Encoding") == "chunked":
        from warcio.bufferedreaders import ChunkedDataReader
        stream = ChunkedDataReader(stream)   # no larger than the record, which is bounded
    encoding = header("Content-Encoding")
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return stream.read(limit)
    raw = Raw(stream)
    head = raw.take()
    raw.give_back(head)
    # 32 + MAX_WBITS: a zlib or a gzip header, told apart by zlib; "deflate" is often sent raw.
    raw_deflate = encoding == "deflate" and head[:1] and (head[0] & 0x0F) != 8
    wbits = -zlib.MAX_WBITS if raw_deflate else 32 + zlib.MAX_WBITS
    return Member(raw, wbits, payload=True).read(limit)


def _records(n: int) -> str:
    return "1 record" if n == 1 else f"{n} records"


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
