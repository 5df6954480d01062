"""Paths to documents: what each argument names, which reader reads it, and the size guard.

A path is `-` (JSON lines on standard input), a folder (read recursively, in sorted order, only
the known extensions, hidden entries skipped), or a file whose extension picks the reader.
Plain text and HTML files are refused above --max-bytes before they are read; JSON lines and WARC
files are containers read as a stream, so the limit applies to each line or record instead.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Document, InputProblem, Options
from .build import make_document, size_problem
from .decode import DecodeError, declared_charset, decode_bytes

# Longest first: ".warc.gz" must win over ".gz".
SUFFIXES = (".warc.gz", ".warc", ".jsonl", ".html", ".htm", ".txt")
_KNOWN = ", ".join(SUFFIXES[::-1])

Item = Document | InputProblem


def iter_documents(paths: Iterable[str | os.PathLike], options: Options) -> Iterator[Item]:
    """Every document of every input, in order; an input that cannot be read gives an
    InputProblem instead, and the run goes on. Never raises for bad input."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]     # one path, not the characters of its name
    for path in paths:
        name = _printable(os.fspath(path))
        for item in _guarded(_path_items(path, options), name):
            yield _scrubbed(item)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(s: str | bytes) -> str:
    """A name fit to print and store: undecodable bytes of a file name (which Python keeps as
    lone surrogates) become U+FFFD."""
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    return _SURROGATE.sub("\ufffd", s)


def _scrubbed(item: Item) -> Item:
    """The item with every lone surrogate (a JSON "\\ud800", a file name that is not UTF-8)
    replaced by U+FFFD: one character for one, so offsets hold, and the text can be hashed,
    stored and printed."""
    if isinstance(item, InputProblem):
        if _SURROGATE.search(item.source) or _SURROGATE.search(item.problem):
            return InputProblem(_printable(item.source), _printable(item.problem))
        return item
    changes = {f: _printable(v) for f in ("id", "text", "outlet", "url", "title", "source")
               if isinstance(v := getattr(item, f), str) and _SURROGATE.search(v)}
    return replace(item, **changes) if changes else item


def read_file(path: Path, doc_id: str, options: Options, source: str | None = None) -> Iterator[Item]:
    """The documents of one file, by its extension (`doc_id` for a page that carries no id)."""
    source = source or str(path)
    suffix = file_suffix(path.name)
    if suffix is None:
        yield InputProblem(source, f"unknown file type {path.suffix or '(no extension)'!r}; "
                                   f"give {_KNOWN} files, or a folder of them")
        return
    if suffix == ".jsonl":
        from .jsonl import read_jsonl
        yield from read_jsonl(path, options)
        return
    if suffix in (".warc", ".warc.gz"):
        from .warc import read_warc
        yield from read_warc(path, options)
        return
    data = read_bytes(path, source, options.max_bytes)
    if isinstance(data, InputProblem):
        yield data
        return
    yield page_document(data, doc_id=doc_id, source=source, options=options,
                        html=suffix in (".html", ".htm"))


def page_document(data: bytes, *, doc_id: str, source: str, options: Options, html: bool,
                  charset: str | None = None, **meta) -> Item:
    """The document of one page's bytes (a file, or a WARC record's payload); `meta` holds the
    fields a container gave for it (published, outlet, url, title, language)."""
    if not html and _looks_like_html(data):
        html = True    # a scraper's .txt that is really the saved page
    if html:
        charset = charset or declared_charset(data)
    try:
        text = decode_bytes(data, charset)
    except DecodeError as exc:
        return InputProblem(source, str(exc))
    if html:
        return make_document(doc_id=doc_id, source=source, options=options, html=text, **meta)
    return make_document(doc_id=doc_id, source=source, options=options, text=text, **meta)


def file_suffix(name: str) -> str | None:
    lower = name.lower()
    return next((s for s in SUFFIXES if lower.endswith(s) and len(lower) > len(s)), None)


def strip_suffix(name: str) -> str:
    suffix = file_suffix(name)
    return name[:-len(suffix)] if suffix else name


def _path_items(arg: str | os.PathLike, options: Options) -> Iterator[Item]:
    raw = os.fspath(arg)
    if raw == "-":
        from .jsonl import read_jsonl_stream
        yield from read_jsonl_stream(sys.stdin.buffer, "stdin", None, "stdin", options)
        return
    path = Path(raw)
    if not path.exists():
        yield InputProblem(raw, "no such file or folder")
        return
    if path.is_dir():
        found = False
        for entry in _walk(path, ""):
            if isinstance(entry, InputProblem):
                yield entry
                continue
            found = True
            file, rel = entry
            # Inside a folder the id is the path below it, so that 2018/04/index.html and
            # 2018/05/index.html stay two documents.
            yield from _guarded(read_file(file, strip_suffix(rel), options), str(file))
        if not found:
            yield InputProblem(raw, f"folder has no {_KNOWN} files")
        return
    yield from read_file(path, strip_suffix(path.name), options, source=raw)


def _walk(folder: Path, prefix: str) -> Iterator[tuple[Path, str] | InputProblem]:
    """Files with known extensions under a folder, sorted by their path below it."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputProblem(str(folder), f"folder cannot be read ({exc.strerror or exc})")
        return
    for entry in entries:
        # Hidden entries are version control, editor and crawler state, not pages. Linked
        # folders are not followed, as they can loop.
        if entry.name.startswith("."):
            continue
        rel = f"{prefix}{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), rel + "/")
            elif file_suffix(entry.name) is not None and entry.is_file():
                yield Path(entry.path), rel
        except OSError as exc:   # a link that loops or points nowhere readable: this entry only
            yield InputProblem(entry.path, f"cannot be read ({exc.strerror or exc})")


def open_binary(path: Path):
    """The file opened for reading bytes, or the problem that stops it being read."""
    try:
        return path.open("rb")
    except OSError as exc:
        return InputProblem(str(path), f"cannot be read ({exc.strerror or exc})")


def read_bytes(path: Path, source: str, limit: int) -> bytes | InputProblem:
    """The bytes of a file, or the problem: too large (checked before reading), unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            return size_problem(source, size, limit)
        with path.open("rb") as f:
            # Read one byte past the limit: a file that grew, or a device or pipe whose size
            # stat cannot tell, is refused without being held whole in memory.
            data = f.read(limit + 1)
    except IsADirectoryError:
        return InputProblem(source, "is a folder, not a file")
    except OSError as exc:
        return InputProblem(source, f"cannot be read ({exc.strerror or exc})")
    if len(data) > limit:
        return size_problem(source, None, limit)
    return data


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """The items, and an InputProblem instead of an exception if a reader fails on bad input."""
    try:
        yield from items
    except MemoryError:
        yield InputProblem(source, "too large to read into memory; lower --max-bytes or split it")
    except Exception as exc:    # the contract: a bad input never stops the run
        yield InputProblem(source, f"could not be read ({type(exc).__name__}: {exc})")
