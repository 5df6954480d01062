"""JSON lines documents (SCHEMA.md, "Input: documents"), one object a line, read as a stream.

Fields: `id` (or `doc`), `text` or `html`, and optionally `published`, `outlet`, `url`, `title`,
`language`. Also accepted, because the archives and corpora people already have use them:
`date` for `published`, `lang` for `language`, and `file`: the page is a .txt or .html file
named relative to the .jsonl file's folder (and inside it), the line giving its metadata.
A line without an id gets `<file name>:<line number>`.

Each line is its own input: a line that does not parse is reported with its number and the
lines after it are still read.
"""
from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import BinaryIO, Iterator

from ..model import Document, InputProblem, Options
from .build import make_document, size_problem
from .decode import DecodeError, decode_bytes

Item = Document | InputProblem
_CHUNK = 1 << 20


def read_jsonl(path: Path, options: Options) -> Iterator[Item]:
    from .sources import open_binary, strip_suffix
    stream = open_binary(path)
    if isinstance(stream, InputProblem):
        yield stream
        return
    with stream:
        yield from read_jsonl_stream(stream, str(path), path.parent, strip_suffix(path.name), options)


def read_jsonl_stream(stream: BinaryIO, name: str, base: Path | None, stem: str,
                      options: Options) -> Iterator[Item]:
    """The documents of a stream of JSON lines; `base` is the folder `file` fields are under."""
    for lineno, line in _lines(stream, options.max_bytes):
        source = f"{name}:{lineno}"
        if isinstance(line, InputProblem):
            yield InputProblem(source, line.problem)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(source, f"line is not valid JSON ({exc.msg} at column {exc.colno}); "
                                       "fix or remove the line")
            continue
        except (ValueError, RecursionError) as exc:
            yield InputProblem(source, f"line is not valid JSON ({exc}); fix or remove the line")
            continue
        if not isinstance(obj, dict):
            yield InputProblem(source, f"line is a JSON {type(obj).__name__}, not a document object "
                                       '({"id": ..., "text": ...})')
            continue
        try:
            yield _record_document(obj, source, f"{stem}:{lineno}", base, options)
        except MemoryError:
            yield InputProblem(source, "too large to read into memory; lower --max-bytes or split it")
        except Exception as exc:   # this line's page only: the lines after it are read
            yield InputProblem(source, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, str | InputProblem]]:
    """Numbered lines of text, each read with at most `limit` bytes in memory."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = io.TextIOWrapper(stream, encoding="utf-16", newline=None)
        for lineno, line in enumerate(text, 1):
            yield lineno, line
        return
    lineno = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield lineno, size_problem("", None, limit, "line is ")
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                # JSON lines ought to be UTF-8; an exporter on an Arabic Windows desktop
                # writes Windows-1256, which is still readable.
                yield lineno, decode_bytes(raw)
            except DecodeError:
                yield lineno, InputProblem("", "line is not UTF-8 text; save the file as UTF-8")


def _record_document(obj: dict, source: str, default_id: str, base: Path | None,
                     options: Options) -> Item:
    doc_id = obj.get("id", obj.get("doc"))
    if doc_id is None or doc_id == "":
        doc_id = default_id
    elif isinstance(doc_id, (str, int)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id).strip() or default_id
    else:
        return InputProblem(source, f'"id" must be a string or a number, not {type(doc_id).__name__}')
    meta = {"published": obj.get("published", obj.get("date")), "outlet": obj.get("outlet"),
            "url": obj.get("url"), "title": obj.get("title"),
            "language": obj.get("language", obj.get("lang"))}
    text, html = obj.get("text"), obj.get("html")
    for field, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputProblem(source, f'"{field}" must be a string, not {type(value).__name__}')
    if text:
        return make_document(doc_id=doc_id, source=source, options=options, text=text, **meta)
    if html:
        return make_document(doc_id=doc_id, source=source, options=options, html=html, **meta)
    if obj.get("file"):
        return _file_document(obj["file"], doc_id, source, base, options, meta)
    if text is not None or html is not None:
        return InputProblem(source, f'document "{doc_id}" has an empty "text"')
    return InputProblem(source, f'document "{doc_id}" has no "text" or "html"; give one of them')


def _file_document(name: object, doc_id: str, source: str, base: Path | None, options: Options,
                   meta: dict) -> Item:
    from .sources import file_suffix, page_document, read_bytes
    if base is None:
        return InputProblem(source, '"file" needs a .jsonl file to be relative to; '
                                    'give "text" or "html" on standard input')
    if not isinstance(name, str):
        return InputProblem(source, '"file" must be a string')
    path = (base / name).resolve()
    # A documents file must not be able to pull arbitrary local files into a register.
    if not path.is_relative_to(base.resolve()):
        return InputProblem(source, f'"file" {name!r} is outside the folder of the .jsonl file')
    suffix = file_suffix(path.name)
    if suffix not in (".txt", ".html", ".htm"):
        return InputProblem(source, f'"file" {name!r} must be a .txt, .html or .htm page')
    if not path.is_file():
        return InputProblem(source, f'"file" {name!r}: no such file')
    data = read_bytes(path, source, options.max_bytes)
    if isinstance(data, InputProblem):
        return data
    return page_document(data, doc_id=doc_id, source=source, options=options,
                         html=suffix != ".txt", **meta)
