"""Opening a register: from what the user wrote (--db) to an engine on a database with the tables.

What the user wrote is checked first, so that a malformed value is one line naming it and the
problem, never a driver's traceback: an empty value, a URL SQLAlchemy cannot parse, a database
other than SQLite and PostgreSQL, a driver that does not exist or is not installed, a port that
is not a number, a file path that is a folder or lies in a missing folder.

The tables are then made if absent, safely when several processes make the same new register
at once: on SQLite inside a write transaction (BEGIN IMMEDIATE, so the others wait on the lock
instead of failing with "database is locked"), on PostgreSQL under a transaction-scoped advisory
lock, and with `CREATE ... IF NOT EXISTS` in both. A register already made is only read, so a
read-only SQLite file can still be queried; one of schema version 1 (before fusion across
documents) is upgraded in one write transaction (store/fusion.py, `upgrade_from_v1`), one of
version 2 gains the review tables (store/review.py). A creator that holds no lock (an older sijill) can
still collide with us on the catalogue: those specific errors are retried.
"""
from __future__ import annotations

import os
import random
import re
import sqlite3
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable

from .register import Register, RegisterError
from .schema import SCHEMA_VERSION, meta, metadata

BACKENDS = ("sqlite", "postgresql")
_EXAMPLE = "a SQLite file path, or a URL such as postgresql+psycopg://user:password@host/dbname"
_PASSWORD = re.compile(r"^([^:/?#]*://[^:/@]*:)[^@]*@")
_CREATE_TRIES = 6
# Errors of two creators racing on the catalogue: PostgreSQL's unique violation (pg_type or the
# version row), duplicate table / object, a deadlock with a writer; SQLite's lock and
# "already exists".
_RACE_STATES = {"23505", "42P07", "42710", "40P01"}
_RACE_WORDS = ("database is locked", "already exists")
_SCHEMA_LOCK = sa.text("SELECT pg_advisory_xact_lock(hashtext(:key || coalesce(current_schema(), '')))")


def open_register(url_or_path: str | os.PathLike, *, create: bool = True,
                  allow_memory: bool = True) -> Register:
    """Open (and with `create`, make) a register.

    A plain path is a SQLite file; anything with "://" is a SQLAlchemy URL, e.g.
    `postgresql+psycopg://user:password@host:5432/dbname` or `sqlite:///path.sqlite`.
    With `create=False` a SQLite file that does not exist is an error instead of a new register.
    With `allow_memory=False` an in-memory SQLite database (`sqlite://`) is refused: what is
    stored there is gone when the program ends.
    """
    text = os.fspath(url_or_path)
    shown = shown_value(text)
    url = _parse(text, shown)
    _check_driver(url, shown)
    if url.get_backend_name() == "sqlite":
        try:
            _check_sqlite_file(url, shown, create, allow_memory)
        except OSError as exc:      # a folder on the way that we may not look into
            raise RegisterError(f"cannot open register {shown}: {exc.strerror or exc}") from None
    try:
        engine = _engine(url)
    except ImportError as exc:
        raise RegisterError(f"cannot open register {shown}: its driver {url.get_driver_name()!r} "
                            f"is not installed ({exc})") from None
    except (sa.exc.SQLAlchemyError, ValueError, TypeError) as exc:
        raise RegisterError(f"cannot open register {shown}: {_short(exc)}") from None
    try:
        _ensure_schema(engine, shown)
    except (sa.exc.SQLAlchemyError, ValueError, TypeError, OSError) as exc:   # a driver refusing the URL
        engine.dispose()
        hint = ""
        if url.get_backend_name() == "postgresql" and not url.database:
            hint = " (the URL names no database: postgresql+psycopg://user:password@host/dbname)"
        raise RegisterError(f"cannot open register {shown}: {_short(exc)}{hint}") from None
    except RegisterError:
        engine.dispose()
        raise
    return Register(engine)


def shown_value(text: str) -> str:
    """The --db value as the user wrote it, with a URL's password hidden."""
    return _PASSWORD.sub(r"\1***@", text)


def _parse(text: str, shown: str) -> sa.engine.URL:
    if not text.strip():
        raise RegisterError(f"{shown!r} is empty: give {_EXAMPLE}")
    if "\x00" in text:
        raise RegisterError(f"{shown!r} holds a NUL character: give {_EXAMPLE}")
    if "://" not in text:
        try:
            path = Path(text).expanduser()
        except RuntimeError as exc:      # ~user of a user that does not exist
            raise RegisterError(f"{shown}: cannot find the home folder of its ~ ({exc})") from None
        return sa.engine.URL.create("sqlite", database=str(path))
    try:
        return sa.engine.make_url(text)
    except sa.exc.ArgumentError:
        raise RegisterError(f"{shown}: not a database URL; give {_EXAMPLE}") from None
    except ValueError:                    # raised for a port that is not a number
        raise RegisterError(f"{shown}: not a database URL (is the port a number?); "
                            f"give {_EXAMPLE}") from None


def _check_driver(url: sa.engine.URL, shown: str) -> None:
    backend = url.get_backend_name()
    if backend not in BACKENDS:
        raise RegisterError(f"{shown}: sijill keeps its register in SQLite or PostgreSQL, "
                            f"not {backend!r}; give {_EXAMPLE}")
    try:
        url.get_dialect()
    except sa.exc.NoSuchModuleError:
        raise RegisterError(f"{shown}: no {backend} driver called {url.get_driver_name()!r} "
                            f"(postgresql+psycopg:// is the one sijill installs)") from None


def _check_sqlite_file(url: sa.engine.URL, shown: str, create: bool, allow_memory: bool) -> None:
    if url.database in (None, "", ":memory:"):
        if not allow_memory:
            raise RegisterError(f"{shown}: names no file, and an in-memory register keeps nothing; "
                                f"give a file path such as register.sqlite")
        return
    path = Path(url.database)
    if path.is_dir():
        raise RegisterError(f"{shown}: is a folder, not a register file")
    if path.exists():
        return
    if not create:
        raise RegisterError(f"no register at {shown} (make one with 'sijill ingest ... --db {shown}')")
    if not path.parent.exists():
        raise RegisterError(f"{shown}: folder {path.parent} does not exist")
    if not path.parent.is_dir():
        raise RegisterError(f"{shown}: {path.parent} is not a folder")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise RegisterError(f"{shown}: cannot make a register there: folder {path.parent} is not writable")


def _engine(url: sa.engine.URL) -> sa.Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url)

    # pysqlite opens transactions lazily (only before a write), which would let a concurrent
    # `ingest` slip in between our "is it stored?" read and our write. We issue BEGIN ourselves,
    # IMMEDIATE for writes so that two writers queue on the lock instead of deadlocking.
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 30000")   # wait for another writer, do not fail
        # Write-ahead log: a document's commit appends to the log instead of syncing the file
        # twice (on a disk, the sync was most of the time an ingest spent storing), readers do
        # not wait for a writer, and a killed process still leaves every document whole or
        # absent. With synchronous=NORMAL a power cut may lose the last documents committed,
        # never the file's consistency; `ingest` run again stores them. A file we may not
        # write keeps its mode (it is only read).
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error:
            pass
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sijill_write")
                             else "BEGIN")
    return engine


# ------------------------------------------------------------------ tables made if absent


def _ensure_schema(engine: sa.Engine, shown: str) -> None:
    for attempt in range(_CREATE_TRIES):
        try:
            with engine.connect() as conn:
                if _schema_ready(conn, shown):
                    return
            with engine.execution_options(sijill_write=True).begin() as conn:
                _create_schema(conn, shown)
            return
        except sa.exc.DBAPIError as exc:
            if attempt == _CREATE_TRIES - 1 or not _creation_race(exc):
                raise
            time.sleep(0.05 * (attempt + 1) * (1 + random.random()))


def _schema_ready(conn, shown: str) -> bool:
    """Whether every table and the version row are there (then the version is checked)."""
    if not set(metadata.tables) <= set(sa.inspect(conn).get_table_names()):
        return False
    return _check_version(conn, shown, write=False)


def _create_schema(conn, shown: str) -> None:
    if conn.dialect.name == "postgresql":
        # Held to the end of this transaction: a second creator waits here, then finds the
        # tables made. Keyed by schema, so registers in other schemas do not wait on us.
        conn.execute(_SCHEMA_LOCK, {"key": "sijill register schema "})
        # The creator we waited for may have made everything: then we touch nothing, since
        # CREATE INDEX, even IF NOT EXISTS, locks its table against the writes of those who
        # already ingest, and they can be waiting on a table we hold (a deadlock).
        if _schema_ready(conn, shown):
            return
    for table in metadata.sorted_tables:
        conn.execute(CreateTable(table, if_not_exists=True))
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            conn.execute(CreateIndex(index, if_not_exists=True))
    _check_version(conn, shown, write=True)


def _check_version(conn, shown: str, *, write: bool) -> bool:
    found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    if found is None:
        if write:
            conn.execute(meta.insert().values(key="schema_version", value=SCHEMA_VERSION))
        return write
    if found == "1":
        # a register from before fusion across documents: its tellings are made and its events
        # fused, in this (write) transaction, so that it is upgraded whole or not at all
        if not write:
            return False
        from .fusion import upgrade_from_v1
        upgrade_from_v1(conn)
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=SCHEMA_VERSION))
        return True
    if found == "2":
        # version 3 only adds the review tables, made above when opened for writing
        if not write:
            return False
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=SCHEMA_VERSION))
        return True
    if found != SCHEMA_VERSION:
        raise RegisterError(f"{shown}: register schema version {found}, this sijill reads "
                            f"version {SCHEMA_VERSION}")
    return True


def _creation_race(exc: sa.exc.DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    return state in _RACE_STATES or any(w in str(exc.orig).lower() for w in _RACE_WORDS)


def _short(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
