"""Stage 8, export: a register's events as files other tools read.

`write_events(events, fmt, out)` writes `events` (any iterable: it is consumed once, as a
stream) in one of FORMATS:
  acled    ACLED-style CSV, ACLED's column names (`acled.ACLED_COLUMNS`, those of SCHEMA.md)
  jsonl    the event objects of SCHEMA.md, one a line
  geojson  a FeatureCollection of points, properties = the event object
  parquet  one row an event (layout in `parquet.py`); needs pyarrow
`out` is a path or an open file: a text file for the text formats, a binary one for parquet.
Written to a path, the file appears only when complete (a temporary file renamed at the end),
so a failed export never leaves a truncated file that looks whole.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Iterable

from ..model import Event
from .errors import ExportError

FORMATS = ("acled", "jsonl", "geojson", "parquet")
TEXT_FORMATS = ("acled", "jsonl", "geojson")

__all__ = ["FORMATS", "TEXT_FORMATS", "ExportError", "write_events"]


def _writer(fmt: str):
    if fmt == "acled":
        from .acled import write_acled
        return write_acled
    if fmt == "jsonl":
        from .jsonl import write_jsonl
        return write_jsonl
    if fmt == "geojson":
        from .jsonl import write_geojson
        return write_geojson
    if fmt == "parquet":
        from .parquet import write_parquet
        return write_parquet
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_events(events: Iterable[Event], fmt: str, out: str | os.PathLike | IO) -> int:
    """Write events in format `fmt` to `out`; returns how many were written.

    The ACLED format leaves out denied events (never counted); the others keep every event.
    """
    write = _writer(fmt)
    if not isinstance(out, (str, os.PathLike)):
        return write(events, out)
    path = Path(out)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            n = write(events, str(tmp))
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                n = write(events, f)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return n
