"""The statements fusion runs for every document, run directly on the driver's cursor.

Every statement of the register is built with SQLAlchemy Core. The dozen that fusion runs for
every document stored (store/fusion.py) are also compiled once for the database in hand and run
on the cursor of the connection in hand, inside its transaction: going through SQLAlchemy's
execution cost 25-60 µs a statement, several times what SQLite takes to answer them. Only plain
columns are read and written this way (text, integers, reals: the `tellings` and `links` tables),
so no value needs the type conversions SQLAlchemy would apply.

A list of values (`in_list`) is one parameter, so the SQL text is the same however many values
it holds: a JSON array read by `json_each` on SQLite, an array (`= ANY`) on PostgreSQL.
A driver's error comes out as SQLAlchemy's (`sa.exc.DBAPIError` and its kinds), as elsewhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles


class _InList(sa.sql.expression.ColumnElement):
    """`column IN (the values of one list parameter)`."""
    # no Boolean type: SQLite would get "... = 1" after it, which no index serves
    type = sa.types.NullType()
    inherit_cache = False          # run through `Direct` only, never SQLAlchemy's cache

    def __init__(self, column, name: str):
        self.column = column
        self.param = sa.bindparam(name)
        self.name = name


def in_list(column, name: str) -> _InList:
    return _InList(column, name)


@compiles(_InList)
def _in_list_sqlite(element, compiler, **kw):
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(element.param, **kw)}))")


@compiles(_InList, "postgresql")
def _in_list_postgresql(element, compiler, **kw):
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(element.param, **kw)})"


@dataclass(frozen=True, slots=True)
class Direct:
    """A statement compiled for one database, and how to give it its parameters."""
    sql: str
    order: tuple[str, ...] | None      # positional drivers (SQLite): the parameters' names in order
    fixed: dict                        # the values the statement holds itself (its literals)
    lists: tuple[str, ...]             # list parameters, given as JSON text on SQLite

    @classmethod
    def of(cls, stmt, dialect) -> Direct:
        compiled = stmt.compile(dialect=dialect)
        lists = tuple(sorted({e.name for e in _in_lists(stmt)})) if dialect.name == "sqlite" else ()
        order = tuple(compiled.positiontup) if dialect.positional else None
        return cls(compiled.string, order, dict(compiled.params), lists)

    def parameters(self, given: dict):
        if self.lists:
            given = {**given, **{n: json.dumps(given[n], ensure_ascii=False) for n in self.lists}}
        if self.order is None:
            return {**self.fixed, **given}
        fixed = self.fixed
        return tuple(given[n] if n in given else fixed[n] for n in self.order)

    def rows(self, conn, params: dict | None = None) -> list[tuple]:
        """The rows of a query, as tuples."""
        with _cursor(conn, self.sql) as cur:
            cur.execute(self.sql, self.parameters(params or {}))
            return cur.fetchall()

    def run(self, conn, params: dict | None = None) -> None:
        with _cursor(conn, self.sql) as cur:
            cur.execute(self.sql, self.parameters(params or {}))

    def run_many(self, conn, rows: Iterable[dict]) -> None:
        batch = [self.parameters(r) for r in rows]
        if batch:
            with _cursor(conn, self.sql) as cur:
                cur.executemany(self.sql, batch)


def _in_lists(stmt) -> list[_InList]:
    return [e for e in sa.sql.visitors.iterate(stmt) if isinstance(e, _InList)]


class _cursor:
    """The driver's cursor of a SQLAlchemy connection, closed after use; the driver's errors
    raised as SQLAlchemy's."""

    def __init__(self, conn, sql: str):
        self.conn, self.sql = conn, sql

    def __enter__(self):
        self.cur = self.conn.connection.cursor()
        return self.cur

    def __exit__(self, kind, exc, tb):
        self.cur.close()
        dbapi = self.conn.dialect.loaded_dbapi
        if exc is not None and isinstance(exc, dbapi.Error):
            raise sa.exc.DBAPIError.instance(self.sql, None, exc, dbapi.Error,
                                             dialect=self.conn.dialect) from exc
        return False
