"""Stage 8, export: a register's events as files other tools read.

`write_events(events, fmt, out)` writes `events` (any iterable: it is consumed once, as a
stream) in one of FORMATS:
  acled    ACLED-style CSV, ACLED's column names (`acled.ACLED_COLUMNS`, those of SCHEMA.md)
  jsonl    the event objects of SCHEMA.md, one a line
  geojson  a FeatureCollection of points, properties = the event object and flat columns
  parquet  one row an event (layout in `parquet.py`); needs pyarrow
The ACLED CSV, GeoJSON and Parquet draw an event known only at an area at that area's seat
(`points.py`) and share the flat, ACLED-style values of `acled_fields.py` and `flat.py`.
`out` is a path or an open file: a text file for the text formats, a binary one for parquet.
Written to a path, the file appears only when complete (a temporary file from `tempfile`,
renamed at the end), so a failed export never leaves a truncated file that looks whole, and
no planted link is followed; a FIFO or device path is written in place (`_to_path`).
"""
from __future__ import annotations

import contextlib
import functools
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterable

from ..model import Event
from .errors import ExportError

FORMATS = ("acled", "jsonl", "geojson", "parquet")
TEXT_FORMATS = ("acled", "jsonl", "geojson")

__all__ = ["FORMATS", "TEXT_FORMATS", "ExportError", "write_events"]


def _writer(fmt: str, points, timestamp: int | None):
    if fmt == "acled":
        from .acled import write_acled
        return functools.partial(write_acled, points=points, timestamp=timestamp)
    if fmt == "jsonl":
        from .jsonl import write_jsonl
        return write_jsonl
    if fmt == "geojson":
        from .jsonl import write_geojson
        return functools.partial(write_geojson, points=points)
    if fmt == "parquet":
        from .parquet import write_parquet
        return functools.partial(write_parquet, points=points)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_events(events: Iterable[Event], fmt: str, out: str | os.PathLike | IO, *,
                 points=None, timestamp: int | None = None) -> int:
    """Write events in format `fmt` to `out`; returns how many were written.

    The ACLED format leaves out denied events (never counted); the others keep every event.
    A path is written safely (see `_to_path`). `points`: a `points.MapPoints` (over a given
    gazetteer; by default the gazetteer in use); `timestamp`: the unix time the ACLED CSV
    writes in its timestamp column (by default the time of the export).
    """
    write = _writer(fmt, points, timestamp)
    if not isinstance(out, (str, os.PathLike)):
        return write(events, out)
    return _to_path(write, events, fmt, Path(out))


def _to_path(write, events: Iterable[Event], fmt: str, path: Path) -> int:
    """Write to `path` so that it appears only when whole, and nothing else is ever written.

    - A file (or nothing yet) at `path`: the events go to a new temporary file beside it, made by
      `tempfile.mkstemp` (a random name, created exclusively, so a link planted there is never
      followed), then renamed over `path` in one step; a failure removes the temporary file.
    - A symbolic link at `path` is replaced by the file: the file it pointed to is left alone
      (writing through a link someone else planted would overwrite their choice of file).
    - A FIFO or a character device (`/dev/stdout`, a named pipe a reader waits on) is written in
      place: renaming a file over it would break the pipe for its reader.
    - A folder or any other special file is refused with an ExportError.
    """
    try:
        st = os.stat(path)         # follows links: a link to a FIFO (/dev/stdout) is one
    except FileNotFoundError:      # nothing there, or a dangling link, which is replaced
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            return _in_place(write, events, fmt, path)
        raise ExportError(f"{path}: {_kind(st.st_mode)}, not a file; give a file name, a FIFO, "
                          "or - for standard output")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); an export is read like any file the user makes.
        # (By descriptor where there is fchmod: the name could be swapped in a shared folder.)
        mode = 0o666 & ~_umask()
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:
            os.chmod(tmp, mode)
        with _open(fd, fmt) as f:
            n = write(events, f)
            f.flush()
            os.fsync(f.fileno())    # whole on disk before it takes the name
        os.replace(tmp, path)
    except BaseException:           # Ctrl-C included: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n


def _in_place(write, events: Iterable[Event], fmt: str, path: Path) -> int:
    # No O_CREAT and no O_TRUNC: if the FIFO was swapped for a file since the check, nothing is
    # made or emptied, and the check on what was opened refuses it.
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    mode = os.fstat(fd).st_mode
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        os.close(fd)
        raise ExportError(f"{path}: changed while it was being opened; nothing was written")
    with _open(fd, fmt) as f:
        return write(events, f)


def _open(fd: int, fmt: str):
    if fmt == "parquet":
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISBLK(mode):
        return "is a block device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is a special file"


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back (for an instant,
    # to the usual 022 rather than 0, should another thread create a file meanwhile).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
