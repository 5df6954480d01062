"""The events an actor, place or outlet filter selects, found without a scan of the register.

Why: the store selects the events of `--actor قسد` with SQL over its index tables: the actors'
ids, names and the outlets' labels (`event_actors`, a word-aligned LIKE on every row), the
places' keys (`event_places`), the documents' outlets (`event_sources` joined to `documents`).
On a register of 100,000 events that is 50-300 ms (up to a second under load) for each value
not asked for before.

How: many events share the same index row but for its event id (the same actor, role, name
and label; the same place key; the same outlet). The rows are read once per copy of the
events (snapshot.py) and grouped into such classes: a class is one row of a small in-memory
SQLite database standing for all the events that hold it, and keeps their positions in the
copy. A filter runs the store's own condition (`sijill.store.rows.conditions`, through
filters.set_condition) on that database: it selects classes in well under a millisecond,
and the union of their positions is the filter's answer. Because the condition is the store's
own, read the same way on the same rows, the events found are those `sijill events` finds
(an event passes when one of its rows passes, whether that row stands for one event or many).
The outlets the store lists when it reads its `engine` are the copy's: every outlet a
document names, with or without events. This holds for conditions that test rows one at a
time (as the store's do: a row passes, or a value of it is in what other rows give); one that
compared two rows of one event would need the rows themselves.

A condition that reads a column the copy does not hold (a store newer than this module)
fails on the copy; the lookup then says so once in the log and answers None from then on,
and the filter is left to the register's SQL.

Cost: 100,000 events have some 890,000 index rows (about 1,000 classes in the benchmark's
register); reading them takes 1-3 s, in the background, and their positions about 7 MB.
"""
from __future__ import annotations

import logging
import threading
from itertools import count, repeat
from operator import itemgetter

import numpy as np
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from ..store.schema import documents, event_actors, event_places, event_sources, events
from .filters import set_condition

log = logging.getLogger("sijill.serve")
NAMES = ("actor", "place", "outlet")      # the filters a Lookup answers


class Lookup:
    """Classes of index rows in memory, and the positions of each class's events in a copy."""

    def __init__(self, engine: sa.Engine, classes: list[np.ndarray], rows: int):
        self.engine = engine                  # the in-memory database of classes
        self.classes = classes                # class id -> positions in the copy
        self.rows = rows                      # index rows read, for the log
        self.failed = False
        self._lock = threading.Lock()         # one connection, shared by the request threads

    def positions(self, name: str, value: str) -> np.ndarray | None:
        """Positions (with repeats) of the events that `name=value` selects; None when this
        lookup cannot tell (a filter it does not hold, or a condition it cannot run). A value
        the store refuses is the store's error (ApiError 400), as from the register."""
        if name not in NAMES or self.failed:
            return None
        with self._lock:
            where = set_condition(name, value, self.engine)
            try:
                with self.engine.connect() as conn:
                    found = conn.execute(sa.select(events.c.event_id).where(*where)).scalars().all()
            except sa.exc.SQLAlchemyError as exc:
                self.failed = True
                log.warning("the filters' in-memory lookup cannot run the store's %s condition (%s); "
                            "filters are read from the register from now on", name, exc)
                return None
        parts = [self.classes[int(c)] for c in found]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def build(source: sa.Engine, position: dict[str, int]) -> Lookup:
    """Read the index tables of the register at `source` into a Lookup for the copy whose
    positions `position` gives (rows of events the copy lacks are left out)."""
    mem = sa.create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    meta = sa.MetaData()
    actors = _table(meta, event_actors, [c.name for c in event_actors.c])
    places = _table(meta, event_places, [c.name for c in event_places.c])
    sources = _table(meta, event_sources, ["event_id", "doc_id"])
    docs = _table(meta, documents, ["id", "outlet"])
    ids = _table(meta, events, ["event_id"])
    sa.Index("ix_actors_id_key", actors.c.id_key)
    sa.Index("ix_actors_actor_id", actors.c.actor_id)
    sa.Index("ix_places_key", places.c.key)
    classes: list[np.ndarray] = []
    with source.connect() as conn:
        actor_rows, n_actors = _classes(conn, event_actors, position, classes)
        place_rows, n_places = _classes(conn, event_places, position, classes)
        outlets = dict(_fetch(conn, sa.select(documents.c.id, documents.c.outlet)))
        told: dict[str | None, list[int]] = {}
        n_told = 0
        for event_id, doc_id in _fetch(conn, sa.select(event_sources.c.event_id, event_sources.c.doc_id)):
            p = position.get(event_id)
            if p is not None and doc_id in outlets:       # the store's join needs the document
                told.setdefault(outlets[doc_id], []).append(p)
                n_told += 1
    outlet_rows, source_rows = [], []
    for outlet in set(outlets.values()) | set(told):
        cid = str(len(classes))
        classes.append(np.array(told.get(outlet, ()), dtype=np.int64))
        outlet_rows.append({"id": cid, "outlet": outlet})
        if outlet in told:
            source_rows.append({"event_id": cid, "doc_id": cid})
    with mem.begin() as conn:
        if source.dialect.name != "sqlite":
            # LIKE is case-sensitive there (the keys are lower-case anyway: this is for exactness)
            conn.exec_driver_sql("PRAGMA case_sensitive_like = ON")
        meta.create_all(conn)
        for table, rows in ((actors, actor_rows), (places, place_rows), (docs, outlet_rows),
                            (sources, source_rows), (ids, [{"event_id": str(i)} for i in range(len(classes))])):
            if rows:
                conn.execute(table.insert(), rows)
    return Lookup(mem, classes, n_actors + n_places + n_told)


def _table(meta: sa.MetaData, table: sa.Table, names: list[str]) -> sa.Table:
    """A table of the same name with the given columns of `table` (no keys, no constraints)."""
    return sa.Table(table.name, meta, *(sa.Column(n, table.c[n].type) for n in names))


def _classes(conn, table: sa.Table, position: dict[str, int], classes: list) -> tuple[list[dict], int]:
    """One row per distinct content of `table`'s rows but the event id, with a new class id as
    its event id; each class's positions are appended to `classes`."""
    rest = [c.name for c in table.c if c.name != "event_id"]
    kinds: dict[tuple, int] = {}              # content -> the number of the row that met it first
    numbers = count()
    at_parts, first_parts = [], []
    for rows in _chunks(conn, sa.select(table.c.event_id, *(table.c[c] for c in rest))):
        at = np.fromiter(map(position.get, map(itemgetter(0), rows), repeat(-1)),
                         dtype=np.int64, count=len(rows))
        first = np.fromiter(map(kinds.setdefault, map(itemgetter(slice(1, None)), rows), numbers),
                            dtype=np.int64, count=len(rows))
        known = at >= 0
        at_parts.append(at[known])
        first_parts.append(first[known])
    if not at_parts:
        return [], 0
    at, first = np.concatenate(at_parts), np.concatenate(first_parts)
    present, code = np.unique(first, return_inverse=True)
    order = np.argsort(code, kind="stable")
    bounds = np.cumsum(np.bincount(code, minlength=len(present)))[:-1]
    contents = {v: k for k, v in kinds.items()}
    out = []
    for number, group in zip(present.tolist(), np.split(at[order], bounds)):
        out.append({"event_id": str(len(classes)), **dict(zip(rest, contents[number]))})
        classes.append(group)
    return out, int(len(at))


def _chunks(conn, stmt, size: int = 50_000):
    """The rows of a statement without parameters as the driver gives them (tuples, a third of
    the time of SQLAlchemy's rows), `size` at a time (hundreds of thousands are read here)."""
    cur = conn.connection.cursor()
    try:
        cur.execute(str(stmt.compile(dialect=conn.dialect)))
        while rows := cur.fetchmany(size):
            yield rows
    finally:
        cur.close()


def _fetch(conn, stmt) -> list:
    return [row for rows in _chunks(conn, stmt) for row in rows]
