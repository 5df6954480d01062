"""What one request may cost, and the one shape every error of the API has.

Every answer is bounded three ways: the number of rows it lists (`Limits.max_page`,
`max_points`), the time its SQL may run (`Limits.query_seconds`: SQLite's progress handler
interrupts the statement, PostgreSQL's `statement_timeout` cancels it), and the bytes it
weighs (`Limits.max_response_bytes`, checked after serialising, before anything is sent).

An error is always `{"error": {"status": 400, "code": "bad_filter", "message": "..."}}`
(datasette pins its error shape the same way): never an HTML page, never a traceback.
"""
from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from starlette.responses import Response


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds of the work one request may ask for (see the module docstring)."""
    default_page: int = 50
    max_page: int = 500
    max_offset: int = 1_000_000
    max_points: int = 20_000          # places on the map, features of a GeoJSON answer
    max_edges: int = 300              # actor pairs of the network
    framing_events: int = 2_000       # events read (newest first) to tabulate outlets' labels
    query_seconds: float = 5.0
    max_response_bytes: int = 8 * 1024 * 1024
    max_document_chars: int = 200_000  # a longer text is cut to a window around its evidence
    cache_seconds: float = 10.0       # how long an aggregate (counts, places) is reused


class ApiError(Exception):
    """An error the client can act on; rendered as the one error shape."""

    def __init__(self, status: int, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def body(self) -> dict:
        return error_body(self.status, self.code, self.message, **self.extra)


def error_body(status: int, code: str, message: str, **extra: Any) -> dict:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def dumps(obj: Any) -> bytes:
    # Arabic and Persian as themselves, not \u escapes: a third of the size, readable in a log.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def json_response(obj: Any, limits: Limits, *, status: int = 200, headers: dict | None = None) -> Response:
    """`obj` as JSON, or a `too_large` error when it weighs more than the limit."""
    body = dumps(obj)
    if len(body) > limits.max_response_bytes:
        raise ApiError(422, "too_large",
                       f"the answer would be {len(body) / 1e6:.1f} MB, more than the "
                       f"{limits.max_response_bytes / 1e6:.1f} MB limit: narrow the filters or ask for fewer rows")
    return Response(body, status_code=status, media_type="application/json; charset=utf-8", headers=headers)


@contextlib.contextmanager
def deadline(conn: sa.Connection, seconds: float):
    """Interrupt the SQL run on `conn` inside the block once it has taken `seconds`."""
    if seconds <= 0:
        yield
        return
    name = conn.dialect.name
    if name == "sqlite":
        raw = conn.connection.driver_connection
        stop = time.monotonic() + seconds
        # Called every 10,000 virtual-machine steps; a true result makes SQLite give up with
        # "interrupted", which `timed_out` recognises.
        raw.set_progress_handler(lambda: time.monotonic() > stop, 10_000)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)
    elif name == "postgresql":
        conn.exec_driver_sql(f"SET statement_timeout = {int(seconds * 1000)}")
        try:
            yield
        finally:
            with contextlib.suppress(sa.exc.DBAPIError):
                conn.exec_driver_sql("SET statement_timeout = 0")
    else:      # pragma: no cover - open_register only makes the two above
        yield


def timed_out(exc: BaseException) -> bool:
    """Whether a database error is the interruption that `deadline` asked for."""
    orig = getattr(exc, "orig", None)
    text = str(orig or exc).lower()
    return "interrupted" in text or getattr(orig, "sqlstate", None) == "57014" or "statement timeout" in text


def timeout_error(limits: Limits) -> ApiError:
    return ApiError(503, "query_timeout",
                    f"the query took longer than {limits.query_seconds:g} s and was stopped: "
                    f"narrow the filters (a date range, a type, a place)")
