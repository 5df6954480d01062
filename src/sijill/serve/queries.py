"""Read-only queries the API needs beyond `Register`'s public methods.

`Register.query` lists events oldest first without offset or totals; the dashboard needs pages
newest first, totals, aggregates (per day and type, per governorate, per actor pair, per place)
and events by id. Filters and aggregates run over the in-memory copy of the events' narrow
columns (snapshot.py); an actor, place or outlet filter runs the store's condition over the
copy's lookup (lookup.py, made once per copy), or over the register until the lookup is made.
SQL (SQLAlchemy Core over `sijill.store.schema`'s tables, never writing) reads the events'
bodies by id, the ids a filter selects when there is no lookup, background events, the outlets
and the actors' names. Every statement on the register runs under the request's time limit.

Events are read as the JSON objects the store keeps (`events.body`), not through `Event`, so
that fields a newer store adds (`corroboration`, `disagreements`, `review`) reach the client.
"""
from __future__ import annotations

import contextlib
import gc
import json
import logging
import threading
import time
from collections import Counter, OrderedDict

import numpy as np
import sqlalchemy as sa

from ..store.schema import documents, event_sources, events
from . import lookup
from .aggregates import group, timeline
from .bounds import Limits, deadline, timed_out, timeout_error
from .filters import Filters, mask, set_condition
from .shapes import framing, summary
from .snapshot import Snapshots

PREWARM_ACTORS = 12
_FROZEN = False
_FREEZE_LOCK = threading.Lock()
log = logging.getLogger("sijill.serve")


def _tune_sqlite(engine: sa.Engine) -> None:
    """Reads through a memory map and a 64 MB page cache on the server's SQLite connections: the
    bodies of an event page and the index tables of a filter come from memory once read."""
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA mmap_size = 4294967296")
        cur.execute("PRAGMA cache_size = -65536")
        cur.close()
    engine.dispose()          # connections made before this (opening the register) are redone


def _freeze_once() -> None:
    """Leave what is loaded by now (modules, the knowledge base, the gazetteer: some 100,000
    objects) out of the garbage collector's full collections, which otherwise stop every
    thread for 40-110 ms now and then, in the middle of a request. Once per process; what is
    made later (copies of the events, lookups, answers) is collected as usual, and frozen
    objects are still freed when no longer referenced (only cycles among them are not)."""
    global _FROZEN
    with _FREEZE_LOCK:
        if not _FROZEN:
            _FROZEN = True
            gc.collect()
            gc.freeze()


class _Cache:
    """A small LRU of answers, each tied to the copy of the events it was computed on."""

    def __init__(self, size: int = 256):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict = OrderedDict()

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


class Reader:
    """Queries over one register's engine, bounded by `limits`."""

    def __init__(self, engine: sa.Engine, limits: Limits, freeze_gc: bool = False):
        self.engine, self.limits, self.freeze_gc = engine, limits, freeze_gc
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine)
        self.memory_filters = True              # False: every filter reads the register (tests)
        self.snapshots = Snapshots(engine, on_build=self._prewarm, prepare=self._prepare)
        self._cache = _Cache()
        self._points: dict[str, dict] = {}      # location id -> its point and names (places do not move)
        self._names: dict[str, str] = {}        # actor id -> display name
        self._outlets: tuple[float, list] | None = None

    @contextlib.contextmanager
    def connect(self):
        with self.engine.connect() as conn:
            try:
                with deadline(conn, self.limits.query_seconds):
                    yield conn
            except sa.exc.DBAPIError as exc:
                if timed_out(exc):
                    raise timeout_error(self.limits) from None
                raise

    @property
    def warming(self) -> bool:
        """Whether the current copy's lookup or prewarmed answers are still being made."""
        return self.snapshots.following

    def _prepare(self, snap) -> None:
        """The copy's lookup of actor, place and outlet filters (lookup.py). The words of the
        store's aliases are loaded first, on which the first such filter would otherwise wait."""
        set_condition("actor", "x", self.engine)
        set_condition("place", "x", self.engine)
        if self.freeze_gc:
            _freeze_once()
        if not self.memory_filters:
            return
        t0 = time.perf_counter()
        snap.lookup = lookup.build(self.engine, snap.position)
        log.info("filters' lookup of copy %d: %d rows in %d classes, %.2f s", snap.version,
                 snap.lookup.rows, len(snap.lookup.classes), time.perf_counter() - t0)

    def _prewarm(self, snap) -> None:
        """Event ids of the filters the dashboard's clicks make (background events; without a
        lookup, the busiest actors, which the network's nodes filter by), read while nobody
        waits for them."""
        try:
            self._positions("background", "only", snap)
            if snap.lookup is not None:
                return
            counts = Counter()
            for column in ("actor1_id", "actor2_id"):
                codes = np.bincount(snap.codes[column], minlength=len(snap.vocab[column]))
                counts.update({v: int(codes[i]) for i, v in enumerate(snap.vocab[column]) if v})
            for actor, _ in counts.most_common(PREWARM_ACTORS):
                if self.snapshots.current().version != snap.version:
                    return                      # a newer copy is there: its own prewarm does it
                self._positions("actor", actor, snap)
        except Exception as exc:               # only a head start: a failure here costs nothing
            log.warning("prewarming the common filters failed: %s", exc)

    def changed(self) -> None:
        """The register was written through this server (a review): copy it again (in the
        background; bodies are read by id, so the event itself is fresh at once)."""
        self.snapshots.refresh()

    # ------------------------------------------------------------ filters

    def types(self) -> tuple[list[str], list[str]]:
        """The event types and sub-event types the register holds (for filters and the legend)."""
        snap = self.snapshots.current()
        return snap.vocab["event_type"][1:], snap.vocab["sub_event_type"][1:]

    def select(self, f: Filters):
        """(snapshot, mask) of the events that pass `f`."""
        snap = self.snapshots.current()
        keep = self._cache.get(("mask", snap.version, f.key()),
                               lambda: mask(f, snap, lambda n, v: self._positions(n, v, snap)))
        return snap, keep

    def _positions(self, name: str, value: str, snap) -> np.ndarray:
        """Positions in `snap` of the events one actor, place, outlet or background filter
        selects: from the copy's lookup, else read from the register (and kept)."""
        found = snap.lookup.positions(name, value) if snap.lookup is not None and self.memory_filters else None
        if found is not None:
            return found

        def make():
            stmt = sa.select(events.c.event_id).where(*set_condition(name, value, self.engine))
            with self.connect() as conn:
                return snap.positions(conn.execute(stmt).scalars().all())
        return self._cache.get(("ids", snap.version, name, value), make)

    # ------------------------------------------------------------ events

    def bodies(self, ids: list[str]) -> dict[str, dict]:
        out = {}
        with self.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                for event_id, body in conn.execute(sa.select(events.c.event_id, events.c.body)
                                                   .where(events.c.event_id.in_(chunk))):
                    out[event_id] = json.loads(body)
        return out

    def _ordered(self, f: Filters, sort: str, offset: int, limit: int) -> tuple[list[str], int]:
        snap, keep = self.select(f)
        order = snap.orders[sort]
        chosen = order[keep[order]]
        return list(snap.ids[chosen[offset:offset + limit]]), int(len(chosen))

    def page(self, f: Filters, *, offset: int, limit: int, sort: str) -> dict:
        """One page of event summaries, with the total the filters match."""
        ids, total = self._ordered(f, sort, offset, limit)
        bodies = self.bodies(ids)
        return {"total": total, "offset": offset, "limit": limit, "sort": sort,
                "events": [summary(bodies[i]) for i in ids if i in bodies]}

    def event(self, event_id: str) -> dict | None:
        """The event's stored object, or None."""
        with self.connect() as conn:
            body = conn.execute(sa.select(events.c.body).where(events.c.event_id == event_id)).scalar()
        return json.loads(body) if body is not None else None

    def features(self, f: Filters, limit: int) -> list[dict]:
        """Newest events with a point, as GeoJSON features whose properties are summaries."""
        snap, keep = self.select(f)
        keep = keep & (snap.codes["location_id"] > 0)
        ids = list(snap.ids[np.flatnonzero(keep)[:limit]])
        bodies = self.bodies(ids)
        out = []
        for i in ids:
            s = summary(bodies[i]) if i in bodies else None
            place = (s or {}).get("place") or {}
            if place.get("lat") is not None and place.get("lon") is not None:
                out.append({"type": "Feature", "properties": s,
                            "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]}})
        return out

    def newest_bodies(self, f: Filters, limit: int) -> tuple[list[dict], int]:
        """The bodies of the newest `limit` events of `f`, and how many `f` matches."""
        ids, total = self._ordered(f, "newest", 0, limit)
        bodies = self.bodies(ids)
        return [bodies[i] for i in ids if i in bodies], total

    def framing(self, f: Filters) -> dict:
        """Per outlet, the labels used for each actor, in the newest events of `f`."""
        snap, _ = self.select(f)

        def make():
            bodies, total = self.newest_bodies(f, self.limits.framing_events)
            return {"events": total, "read": len(bodies), "complete": len(bodies) >= total,
                    "outlets": framing(bodies)}
        return self._cache.get(("framing", snap.version, f.key()), make)

    # ------------------------------------------------------------ aggregates

    def counts(self, f: Filters, by: str) -> list[dict]:
        """Counts and tolls by day and type, type, governorate or actor pair."""
        snap, keep = self.select(f)
        make = lambda: group(snap, keep, by, names=self.actor_names, max_pairs=self.limits.max_edges)
        return self._cache.get(("counts", snap.version, by, f.key()), make)

    def timeline(self, f: Filters, bucket: str) -> dict:
        snap, keep = self.select(f)
        return self._cache.get(("timeline", snap.version, bucket, f.key()), lambda: timeline(snap, keep, bucket))

    def places(self, f: Filters) -> dict:
        """Events per place (with their point, toll and count by type), for the map's markers."""
        snap, keep = self.select(f)
        return self._cache.get(("places", snap.version, f.key()), lambda: self._places(snap, keep))

    def _places(self, snap, keep) -> dict:
        rows = group(snap, keep & (snap.codes["location_id"] > 0), "place")
        self._learn_points({r["id"] for r in rows} - set(self._points))
        out = []
        for r in rows:
            point = self._points.get(r["id"])
            if point and point.get("lat") is not None and point.get("lon") is not None:
                out.append({**r, **point})
        limit = self.limits.max_points
        return {"places": out[:limit], "truncated": len(out) > limit, "events": sum(r["n"] for r in rows)}

    def _first_bodies(self, snap, column: str, values: set) -> list[dict]:
        """The body of one event (the newest) for each of `values` of a column of the copy."""
        codes = snap.code_of(column, values)
        if not len(codes):
            return []
        present, first = np.unique(snap.codes[column], return_index=True)
        at = first[np.isin(present, codes)]
        return list(self.bodies(list(snap.ids[at])).values())

    def _learn_points(self, missing: set[str]) -> None:
        for body in self._first_bodies(self.snapshots.current(), "location_id", missing):
            loc = body.get("location") or {}
            if loc.get("id"):
                self._points[loc["id"]] = {k: loc.get(k) for k in
                                           ("name", "name_ar", "admin1", "lat", "lon", "geo_precision")}

    def actors(self, f: Filters, limit: int) -> list[dict]:
        """Actor 1 and actor 2 of the filtered events, most active first (an event counts once
        for an actor that is both)."""
        snap, keep = self.select(f)
        first = np.array(snap.vocab["actor1_id"], dtype=object)[snap.codes["actor1_id"][keep]]
        second = np.array(snap.vocab["actor2_id"], dtype=object)[snap.codes["actor2_id"][keep]]
        counts = Counter(a for a in first if a)
        counts.update(b for a, b in zip(first, second) if b and b != a)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        names = self.actor_names({i for i, _ in top})
        return [{"actor_id": i, "name": names.get(i), "events": n} for i, n in top]

    def actor_names(self, ids: set[str]) -> dict[str, str]:
        """Display names of actor ids, read from an event of each (and kept: names are stable)."""
        snap = self.snapshots.current()
        for role in ("actor1", "actor2"):
            missing = {i for i in ids if i not in self._names}
            for body in self._first_bodies(snap, f"{role}_id", missing) if missing else ():
                actor = body.get(role) or {}
                if actor.get("id"):
                    self._names[actor["id"]] = actor.get("name") or actor["id"]
        return {i: self._names[i] for i in ids if i in self._names}

    def outlets(self) -> list[dict]:
        """Each outlet with its documents and the events they tell (kept for 30 s)."""
        if self._outlets and time.monotonic() - self._outlets[0] < 30:
            return self._outlets[1]
        docs = sa.select(documents.c.outlet, sa.func.count().label("documents")).group_by(documents.c.outlet)
        told = (sa.select(documents.c.outlet, sa.func.count(sa.distinct(event_sources.c.event_id)))
                .join(event_sources, event_sources.c.doc_id == documents.c.id).group_by(documents.c.outlet))
        with self.connect() as conn:
            counts = dict(conn.execute(told).all())
            rows = conn.execute(docs).all()
        out = sorted(({"outlet": o, "documents": n, "events": counts.get(o, 0)} for o, n in rows),
                     key=lambda r: (-r["events"], r["outlet"] or ""))
        self._outlets = (time.monotonic(), out)
        return out

