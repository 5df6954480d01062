"""The register: documents and their events in SQLite (default) or PostgreSQL.

One code path for both through SQLAlchemy Core. Writes are transactions of one document
(`store`) or of several in order (`store_batch`, used by `sijill ingest` through
store/batching.py), so a run that stops anywhere (an error, Ctrl-C, a killed process) leaves
every document either fully stored with its events or not at all, and running it again finishes
the rest.
"""
from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Iterable, Iterator

import sqlalchemy as sa

from ..model import Document, Event
from . import review as review_store, rows
from ..fuse.across import DEFAULT_RULES, Rules
from .direct import Direct
from .fusion import IDS_PER_STATEMENT, Pending, any_reviews, refuse
from .schema import documents, events, ingest_runs


_STORE_TRIES = 3
_UPDATE_DOCUMENT = documents.update().where(documents.c.id == sa.bindparam("b_id")).values(
    {c: sa.bindparam(c) for c in documents.c.keys() if c != "id"})
_FUSION_LOCK = sa.text("SELECT pg_advisory_xact_lock(hashtext(:key || coalesce(current_schema(), '')))")


class RegisterError(Exception):
    """The register cannot be opened or used (missing file, unreachable server, wrong version)."""


@dataclass(frozen=True, slots=True)
class StoreOutcome:
    """What `Register.store` did with one document."""
    status: str        # stored | replaced | skipped (same id and content already stored)
    events: int        # events written for it (0 when skipped)


class Register:
    """A register of documents and events. Use `open_register` to get one."""

    def __init__(self, engine: sa.Engine, rules: Rules = DEFAULT_RULES):
        self.engine = engine
        self.rules = rules            # how events of different documents are matched (fuse.across)
        self._writer = engine.execution_options(sijill_write=True)

    # ------------------------------------------------------------ writing

    def store(self, document: Document, events: Iterable[Event], *, replace: bool = False) -> StoreOutcome:
        """Store one document and its events in one transaction.

        The same document (same id and content hash) already stored is skipped unless
        `replace`; the same id with other content replaces that document's events. Each event
        joins the register's event that tells the same action, if there is one (fusion,
        store/fusion.py); an event that loses this document's telling keeps its other sources.
        """
        return self.store_batch([(document, events)], replace=replace)[0]

    def store_batch(self, items: Iterable[tuple[Document, Iterable[Event]]], *,
                    replace: bool = False) -> list[StoreOutcome]:
        """Store documents, each with its events, in one transaction: what `store` of each in
        turn would do (fusion of each sees the events of those before it, a document given
        twice is skipped or replaced the second time), with one commit and each event written
        once. All or nothing: on an error none of them is stored (`Batch`, store/batching.py,
        then stores them one at a time, so that a bad document is only its own error)."""
        batch = [_storable(document, events) for document, events in items]
        if not batch:
            return []
        for attempt in range(_STORE_TRIES):
            try:
                return self._store_once(batch, replace)
            except sa.exc.DBAPIError as exc:
                # Another process stored one of these documents between our check and our write
                # (its transaction is committed now, so the next try sees it and skips it), or
                # PostgreSQL chose this transaction to break a deadlock: it left nothing.
                if attempt == _STORE_TRIES - 1 or not _collision(exc):
                    raise

    def _store_once(self, batch: list[tuple[Document, str, list[Event]]], force: bool) -> list[StoreOutcome]:
        with self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Fusion reads the events a document may join and writes them back: writers take
                # turns (SQLite's BEGIN IMMEDIATE does the same), so that two documents telling
                # one event, stored at once, still meet. Keyed by schema, like the schema lock.
                conn.execute(_FUSION_LOCK, {"key": "sijill register fusion "})
            ids = sorted({doc.id for doc, _, _ in batch})
            found: dict[str, str] = {}         # id -> content hash: stored, or stored just before
            for start in range(0, len(ids), IDS_PER_STATEMENT):
                found.update(conn.execute(sa.select(documents.c.id, documents.c.content_hash)
                                          .where(documents.c.id.in_(ids[start:start + IDS_PER_STATEMENT]))).all())
            before = set(found)
            pending = Pending(reviews=any_reviews(conn))
            written: dict[str, dict] = {}      # the documents rows, written once at the end
            outcomes, now = [], _now()
            for doc, content_hash, evs in batch:
                known = found.get(doc.id)
                if known == content_hash and not force:
                    outcomes.append(StoreOutcome("skipped", 0))
                    continue
                written[doc.id] = rows.document_row(doc, content_hash, now)
                # its events join the register's: matched, grouped, the touched events written again
                refuse(conn, doc, evs, self.rules, known=known is not None, pending=pending)
                found[doc.id] = content_hash
                outcomes.append(StoreOutcome("stored" if known is None else "replaced", len(evs)))
            if new := [{"id": i, **r} for i, r in written.items() if i not in before]:
                conn.execute(documents.insert(), new)
            if old := [{"b_id": i, **r} for i, r in written.items() if i in before]:
                conn.execute(_UPDATE_DOCUMENT, old)
            pending.write(conn)
            return outcomes

    def review(self, event_id: str, action: str, fields: dict | None = None, note: str | None = None,
               by: str | None = None) -> dict:
        """Record an analyst's decision on an event (store/review.py): `action` accept | reject |
        edit (`fields`: name -> value, checked; a ReviewError, a ValueError, lists what is valid)
        | note. The event is written again at once; later documents never undo it (a reviewed
        field keeps its value, a rejected event stays rejected). A LookupError for no such event.
        Returns {"event": the event object, "trail": the trail rows added}."""
        with self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(_FUSION_LOCK, {"key": "sijill register fusion "})
            ev, added = review_store.record(conn, event_id, action, fields, note, by)
        return {"event": ev.to_dict(), "trail": [{**r, "at": r["at"].isoformat(),
                                                  "before": review_store._loads(r["before"]),
                                                  "after": review_store._loads(r["after"])}
                                                 for r in added]}

    def review_trail(self, event_id: str | None = None) -> list[review_store.TrailEntry]:
        """The review trail, oldest first: of one event (by its id now), or of every event."""
        with self.engine.connect() as conn:
            return review_store.trail(conn, event_id)

    def start_run(self) -> int:
        """Record the start of an ingest run; `finish_run` closes it (never closed: interrupted)."""
        with self._writer.begin() as conn:
            return conn.execute(ingest_runs.insert().values(
                started_at=_now(), sijill_version=_version())).inserted_primary_key[0]

    def finish_run(self, run_id: int, *, inputs: int, stored: int, skipped: int, failed: int,
                   events: int) -> None:
        with self._writer.begin() as conn:
            conn.execute(ingest_runs.update().where(ingest_runs.c.id == run_id).values(
                finished_at=_now(), inputs=inputs, stored=stored, skipped=skipped,
                failed=failed, events=events))

    # ------------------------------------------------------------ reading

    def query(self, since: date | str | None = None, until: date | str | None = None,
              type: str | None = None, actor: str | None = None, place: str | None = None,
              limit: int | None = None, *, background: str | None = None, status=None,
              outlet: str | None = None, include_rejected: bool = False) -> list[Event]:
        """The events that pass every filter given, oldest first (undated last).

        since/until: event_date bounds, inclusive (undated events are left out when given).
        type: an event_type or sub_event_type, case-insensitive ("Battles", "air/drone strike").
        actor: an actor id (also finds its sub-units through their parents), a display name
        or words of one, or the outlet's label or words of it; case and Arabic spelling folded.
        place: a place's name, Arabic name, the words of the text, an admin1-3 name (English
        or Arabic) or a P-code / gazetteer id; whole names, case and Arabic spelling folded.
        actor and place also take what the press writes, looked up in the knowledge base as
        the extractor does: an alias ("قسد" is SDF, "ميليشيا أسد" SYR_GOV), a spelling of a
        place or admin unit ("Raqqa", "Deir ez-Zor", "الرقة": its P-code finds all inside it).
        type: a wrong one is a ValueError listing ACLED's types and sub-types.
        background: "yes" (default) keeps background events, "no" leaves them out, "only".
        status: reported | claimed | denied, one or several (a list or a comma list).
        outlet: events told by a document of that outlet (any case or Arabic spelling, or
        whole words of its name); one no document has is a ValueError listing the outlets.
        include_rejected: also the events an analyst rejected (left out by default).
        """
        return list(self.iter_events(since=since, until=until, type=type, actor=actor,
                                     place=place, limit=limit, background=background,
                                     status=status, outlet=outlet,
                                     include_rejected=include_rejected))

    def iter_events(self, *, since=None, until=None, type=None, actor=None, place=None,
                    background=None, status=None, outlet=None, include_rejected: bool = False,
                    limit: int | None = None, batch: int = 1000) -> Iterator[Event]:
        """As `query`, streamed: for exports larger than memory."""
        stmt = (sa.select(events.c.body)
                .where(*rows.conditions(since=since, until=until, type=type, actor=actor, place=place,
                                        background=background, status=status, outlet=outlet,
                                        engine=self.engine),
                       *(() if include_rejected else (review_store.rejected_condition(),)))
                .order_by(events.c.event_date.is_(None), events.c.event_date, events.c.event_id))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            # A server-side cursor on PostgreSQL; SQLite's cursor streams anyway.
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
            for body in result.scalars():
                yield Event.from_dict(json.loads(body))

    def documents_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()

    def events_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()

    def has_document(self, id: str, content_hash: str | None = None, *, connection=None) -> bool:
        """Whether the document is stored (with this content, when a hash is given); asked on
        `connection` when one is given (store/batching.py keeps one for it on SQLite)."""
        # asked for every page of an ingest before it is extracted: one statement on the driver's
        # cursor, without a transaction of its own (SQLite) or one the pool ends (PostgreSQL)
        with contextlib.nullcontext(connection) if connection is not None else self.engine.connect() as conn:
            found = _direct(conn.dialect).rows(conn, {"id": rows.without_nul(id)})
        return bool(found) and (content_hash is None or found[0][0] == content_hash)

    def get_document(self, id: str) -> Document | None:
        """A stored document, with the clean text its events' offsets refer to."""
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(documents).where(documents.c.id == rows.without_nul(id))).first()
        if r is None:
            return None
        return Document(id=r.id, text=r.text, published=r.published, outlet=r.outlet, url=r.url,
                        title=r.title, language=r.language, source=r.source)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Register({self.engine.url.render_as_string(hide_password=True)!r})"


@lru_cache(maxsize=8)
def _direct(dialect) -> Direct:
    """The skip check's statement, compiled for a database."""
    return Direct.of(sa.select(documents.c.content_hash).where(documents.c.id == sa.bindparam("id")), dialect)


def _storable(document: Document, events: Iterable[Event]) -> tuple[Document, str, list[Event]]:
    """The document made storable (`rows.storable_document`; its events are made so by fusion,
    as it writes them), with its content hash as given (the skip check of a re-run meets it),
    and its events, an event id given twice being one event."""
    unique: dict[str, Event] = {}
    for ev in events:
        ev = ev if ev.event_id else ev.with_id()
        unique.setdefault(ev.event_id, ev)
    return rows.storable_document(document), document.content_hash, list(unique.values())


def _collision(exc: sa.exc.DBAPIError) -> bool:
    """A unique violation from a concurrent writer, or a deadlock / serialization failure."""
    if isinstance(exc, sa.exc.IntegrityError):
        return True
    return getattr(exc.orig, "sqlstate", None) in ("40P01", "40001")


def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("sijill")
    except PackageNotFoundError:
        return None


def _now() -> datetime:
    return datetime.now(timezone.utc)
