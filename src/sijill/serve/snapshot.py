"""An in-memory copy of the events' narrow columns, for filters and aggregates at dashboard speed.

Why: the store keeps each event's JSON body inline in the `events` row. On SQLite a filter or
an aggregate that reads any other column of many events reads their bodies too (100,000
events: 350 MB, 0.2-2 s a query). The narrow columns (id, date, type, sub-type, status, actors,
place, governorate, toll) of 100,000 events are a few megabytes as numpy arrays:
a filter is a boolean mask (a millisecond), a page is the first `limit` set positions in a
precomputed order, a count by day and type is one `np.unique`.

The copy is rebuilt when the register changes: SQLite's `PRAGMA data_version` (on a connection
kept for it) moves with every commit of another connection; other databases are compared by
their counts of events, sources, ingest runs and review decisions. Checks are at most one a second; a rebuild runs
in a background thread while requests are answered from the previous copy (seconds stale at
most), except the first build, which requests wait for.

What a copy needs besides its columns (the filters' lookup, lookup.py) is made by `prepare`:
for the first copy in the background after it is in use (requests meanwhile do without), for
every later copy before it replaces the previous one, so that it is never without.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa

from ..store.review import rejected_ids
from ..store.schema import event_sources, events, ingest_runs, review_log

log = logging.getLogger("sijill.serve")
CODED = ("event_type", "sub_event_type", "status", "actor1_id", "actor2_id", "location_id", "admin1")


@dataclass
class Snapshot:
    """Narrow columns of every event, positions in the order newest first (undated last)."""
    version: int
    ids: np.ndarray                         # event ids (object)
    day: np.ndarray                         # date ordinals, 0 = undated
    codes: dict[str, np.ndarray]            # column -> int32 codes into vocab[column] (0 = none)
    vocab: dict[str, list]                  # column -> values, vocab[c][0] is None
    fatalities: np.ndarray                  # int64, -1 = unknown
    rejected: np.ndarray | None = None      # bool: an analyst rejected the event (left out unless asked)
    orders: dict[str, np.ndarray] = field(default_factory=dict)   # sort name -> positions
    position: dict[str, int] = field(default_factory=dict)        # event id -> position
    lookup: object | None = None            # the filters' lookup (lookup.py), once made

    def __len__(self) -> int:
        return len(self.ids)

    def code_of(self, column: str, values) -> np.ndarray:
        """Codes of the given values of a column (values it lacks are left out)."""
        lookup = {v: i for i, v in enumerate(self.vocab[column])}
        return np.array([lookup[v] for v in values if v in lookup], dtype=np.int32)

    def positions(self, event_ids) -> np.ndarray:
        pos = self.position
        return np.fromiter((pos[i] for i in event_ids if i in pos), dtype=np.int64)


def build(engine: sa.Engine, version: int) -> Snapshot:
    """Read the narrow columns of all events (one scan) into a Snapshot."""
    cols = [events.c.event_id, events.c.event_date, *(events.c[c] for c in CODED), events.c.fatalities]
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # Reading through a memory map takes a third off this full scan.
            conn.exec_driver_sql("PRAGMA mmap_size = 4294967296")
        rows = conn.execute(sa.select(*cols)).all()
        rejected = set(conn.execute(rejected_ids()).scalars())
    n = len(rows)
    columns = list(zip(*rows)) if rows else [()] * (len(CODED) + 3)
    ids = np.array(columns[0], dtype=object)
    day = np.fromiter(((d.toordinal() if d else 0) for d in columns[1]), dtype=np.int32, count=n)
    # newest first: date descending (undated, 0, last), then id descending
    id_rank = np.argsort(np.argsort(np.array(columns[0], dtype=str), kind="stable"), kind="stable")
    newest = np.lexsort((-id_rank, -day.astype(np.int64))) if n else np.zeros(0, dtype=np.int64)
    snap = Snapshot(version=version, ids=ids[newest], day=day[newest], codes={}, vocab={},
                    fatalities=np.fromiter(((-1 if v is None else v) for v in columns[-1]),
                                           dtype=np.int64, count=n)[newest],
                    )
    for k, column in enumerate(CODED, start=2):
        values = set(columns[k])
        values.discard(None)
        vocab = [None, *sorted(values)]
        lookup = {v: i for i, v in enumerate(vocab)}
        snap.vocab[column] = vocab
        snap.codes[column] = np.fromiter(map(lookup.__getitem__, columns[k]), dtype=np.int32, count=n)[newest]
    snap.position = {i: p for p, i in enumerate(snap.ids)}
    snap.rejected = np.zeros(n, dtype=bool)
    snap.rejected[snap.positions(rejected)] = True
    order = np.arange(n)
    dated = snap.day > 0
    snap.orders = {
        "newest": order,
        # oldest first: dated events by date then id ascending (newest reversed), undated last
        "oldest": np.concatenate([order[dated][::-1], order[~dated][::-1]]),
        # toll: the highest first, unknown tolls last; ties newest first (lexsort is stable)
        "toll": np.lexsort((order, -snap.fatalities)),
    }
    return snap


class Watch:
    """Tells whether the register changed since the last look, cheaply."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._raw = None
        self._last = None
        self._lock = threading.Lock()

    def signature(self):
        with self._lock:
            return self._signature()

    def _signature(self):
        if self.engine.dialect.name == "sqlite":
            if self._raw is None:
                self._raw = self.engine.raw_connection()
            cur = self._raw.cursor()
            try:
                cur.execute("PRAGMA data_version")
                return cur.fetchone()[0]
            finally:
                cur.close()
        with self.engine.connect() as conn:
            return tuple(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                         for t in (events, event_sources, ingest_runs, review_log))

    def changed(self) -> bool:
        sig = self.signature()
        moved = self._last is not None and sig != self._last
        self._last = sig
        return moved

    def close(self):
        if self._raw is not None:
            self._raw.close()
            self._raw = None


class Snapshots:
    """The current Snapshot of a register, rebuilt in the background when the register changes."""

    def __init__(self, engine: sa.Engine, check_seconds: float = 1.0, on_build=None, prepare=None):
        self.engine, self.check_seconds = engine, check_seconds
        self.on_build, self.prepare = on_build, prepare
        self._following = 0                    # threads of _follow running
        self._count_lock = threading.Lock()
        self.watch = Watch(engine)
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()          # held by whoever builds
        self._checked = 0.0
        self._rebuilding = False
        self._version = 0

    def current(self) -> Snapshot:
        snap = self._snap
        if snap is None:
            with self._lock:
                if self._snap is None:
                    self.watch.changed()           # the baseline: changes are counted from here
                    self._snap = self._build()
                    self._follow(self._snap, prepared=False)
            return self._snap
        now = time.monotonic()
        if now - self._checked >= self.check_seconds and not self._rebuilding:
            self._checked = now
            try:
                moved = self.watch.changed()
            except sa.exc.SQLAlchemyError as exc:
                log.warning("could not check the register for changes: %s", exc)
                moved = False
            if moved:
                self.refresh()
        return snap

    def refresh(self, wait: bool = False) -> None:
        """Rebuild now: in a background thread, or in this one with `wait`."""
        if wait:
            with self._lock:
                self._publish(self._build())
            return
        if self._rebuilding:
            return
        self._rebuilding = True
        threading.Thread(target=self._rebuild, daemon=True, name="sijill-snapshot").start()

    def _rebuild(self):
        try:
            with self._lock:
                self._publish(self._build())
        except Exception as exc:            # keep serving the previous copy
            log.warning("could not refresh the events' copy: %s", exc)
        finally:
            self._rebuilding = False

    def _build(self) -> Snapshot:
        t0 = time.perf_counter()
        self._version += 1
        snap = build(self.engine, self._version)
        log.info("events copy %d: %d events in %.2f s", snap.version, len(snap), time.perf_counter() - t0)
        return snap

    def _publish(self, snap: Snapshot) -> None:
        """Prepare `snap` in this thread, then put it in use."""
        self._prepare(snap)
        self._snap = snap
        self._follow(snap, prepared=True)

    def _prepare(self, snap: Snapshot) -> None:
        if self.prepare is None:
            return
        try:
            self.prepare(snap)
        except Exception as exc:           # the copy works without: filters then read the register
            log.warning("could not prepare events copy %d: %s", snap.version, exc)

    def _follow(self, snap: Snapshot, prepared: bool) -> None:
        """In the background: prepare `snap` (unless done), then `on_build` (e.g. answers worth
        having ready)."""
        if prepared and self.on_build is None:
            return
        with self._count_lock:
            self._following += 1

        def run():
            try:
                if not prepared:
                    self._prepare(snap)
                if self.on_build is not None:
                    self.on_build(snap)
            finally:
                with self._count_lock:
                    self._following -= 1
        threading.Thread(target=run, daemon=True, name="sijill-prewarm").start()

    @property
    def following(self) -> bool:
        """Whether a copy is still being prepared or its answers made ready, in the background."""
        return self._following > 0

    def close(self):
        self.watch.close()
