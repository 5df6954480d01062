"""Fusion in the register: a document's events matched with the register's, in its transaction.

Every event a document gives is kept as a *telling* (table `tellings`: the event as the document
told it, and its `Report` for matching); the register's events are groups of tellings (see
`fuse.across` for how they are matched, `fuse.values` for the values of a group). Pairs of
tellings that may be one event are kept with their score (table `links`).

Storing a document (`refuse`):
  1. its earlier tellings, if any, leave with their links: the events they were in are
     regrouped without them;
  2. its new tellings are matched: candidates come from one indexed query each (same event family,
     width class of the date window, a range of window starts, same governorate or none), are
     scored, and the pairs that may be one event are kept as links;
  3. the links are followed (stored ones, by key: no matching again) up to `MAX_HOPS` links away,
     every telling of an event reached coming along: that is the part of the register the
     document can change. It is grouped again from scratch: the grouping depends only on which
     tellings and links are in it, so any order of ingest gives the same events. The events whose
     tellings changed are written again; an event left without tellings is gone.
An event is named by its first-published telling's id, so an event told once keeps the id that
`extract` gives it, and ids are the same on every run.

The events written (table `events` and its index tables) are held in a `Pending` to the end of
the transaction: nothing in fusion reads them back, so several documents stored in one
transaction (`Register.store_batch`) write each event once, in a few statements, however many of
them re-fused it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from types import SimpleNamespace

import sqlalchemy as sa

from ..fuse.across import (CLASS_SPANS, DEFAULT_RULES, Report, Rules, doc_of, group_keys, link_score,
                           report_of)
from ..fuse.values import fused_event, own_source
from ..model import Document, Event
from . import review, rows
from .direct import Direct, in_list
from .schema import documents, event_actors, event_places, event_sources, events, links, reviews, tellings

# How far links are followed from a new telling. Regrouping is exact when every telling linked to
# it, directly or not, is within reach: on articles-dev the largest group of linked tellings is 9,
# three links across. A longer chain (a daily roundup of one town's strikes, each day linked to
# the next) is regrouped near the new telling only, so that storing a page costs the same
# however long the chain has grown.
MAX_HOPS = 4
MAX_COMPONENT = 500


@dataclass(frozen=True, slots=True)
class _Told:
    """What grouping needs of a stored telling: its event now, and what names an event."""
    event_id: str
    published: int | None
    telling_id: str


class Pending:
    """The register's events written by fusion in one transaction, held until `write`: the ids
    whose rows go, and the events written again. An event re-fused several times is written once;
    an id that goes and comes back is deleted, then inserted, as one-at-a-time writes would leave it.

    `reviews`: whether the register may hold analysts' reviews. A transaction that has seen none
    skips looking them up for every event it writes (fusion never makes one, and no other writer
    can add one before it commits: writers take turns, store/register.py)."""

    def __init__(self, reviews: bool = True):
        self.reviews = reviews
        self.gone: set[str] = set()
        self.made: dict[str, Event] = {}

    def delete(self, ids) -> None:
        for i in ids:
            self.made.pop(i, None)
            self.gone.add(i)

    def insert(self, evs: list[Event]) -> None:
        for ev in evs:
            self.made[ev.event_id] = ev

    def write(self, conn) -> None:
        if self.gone:
            ids = sorted(self.gone)
            for start in range(0, len(ids), IDS_PER_STATEMENT):
                _delete_events(conn, ids[start:start + IDS_PER_STATEMENT])
        _insert_events(conn, [self.made[i] for i in sorted(self.made)])
        self.gone, self.made = set(), {}


IDS_PER_STATEMENT = 500      # ids in one IN list (SQLite allows 999 variables in a statement on old builds)


def any_reviews(conn) -> bool:
    """Whether the register holds any analyst's review (for `Pending.reviews`)."""
    return conn.execute(sa.select(reviews.c.event_id).limit(1)).first() is not None


def refuse(conn, doc: Document, evs: list[Event], rules: Rules = DEFAULT_RULES, *, known: bool = True,
           pending: Pending | None = None) -> None:
    """Replace document `doc`'s tellings with `evs` (its events, ids set) and re-fuse what that
    touches, inside the caller's transaction (`known`: the document may have tellings already).

    With `pending`, the events to write are left in it for the caller to write before it commits
    (`Pending.write`); without, they are written here."""
    own = pending is None
    if own:
        pending = Pending()
    st = _direct(conn.dialect)
    gone = st.doc_tellings.rows(conn, {"doc": doc.id}) if known else []
    if gone:
        keys = [key for key, _ in gone]
        st.drop_links.run(conn, {"keys": keys})
        st.drop_tellings.run(conn, {"doc": doc.id})
    new: dict[str, tuple[Report, Event, str]] = {}      # key -> report, event, its JSON
    for ev in evs:
        ev = replace(ev, sources=(own_source(ev, doc.id, doc.outlet, doc.language, doc.published),))
        ev, body = rows.storable_event_json(ev)      # without NUL characters (store/rows.py)
        rep = report_of(ev, doc.text, doc.published)
        new[rep.key] = (rep, ev, body)
    # the new tellings matched with the stored ones: the pairs that may be one event
    fresh: dict[tuple[str, str], float] = {}
    for rep, _, _ in new.values():
        for other in _candidates(conn, rep, rules):
            s = link_score(rep, other, rules)
            if s is not None and s >= rules.floor:
                fresh[(rep.key, other.key) if rep.key < other.key else (other.key, rep.key)] = s
    old_members: dict[str, set[str]] = {}
    for key, event_id in gone:
        old_members.setdefault(event_id, set()).add(key)
    told, allowed = _component(conn, new, fresh, set(old_members), rules)
    for key, t in told.items():
        old_members.setdefault(t.event_id, set()).add(key)
    _write(conn, told, allowed, fresh, new, old_members, rules, pending)
    if own:
        pending.write(conn)


class _Statements:
    """The statements fusion runs for every document, made once (bound parameters vary); run on
    the driver's cursor (`_direct`, store/direct.py)."""

    def __init__(self):
        t, bp = tellings.c, sa.bindparam
        text, number = sa.String, sa.Integer
        self.doc_tellings = sa.select(t.key, t.event_id).where(t.doc_id == bp("doc", type_=text))
        self.drop_links = links.delete().where(sa.or_(in_list(links.c.a, "keys"), in_list(links.c.b, "keys")))
        self.drop_tellings = tellings.delete().where(t.doc_id == bp("doc", type_=text))
        self.told = sa.select(t.key, t.event_id, t.published, t.telling_id).where(in_list(t.key, "keys"))
        self.of_events = sa.select(t.key, t.event_id, t.published, t.telling_id).where(in_list(t.event_id, "ids"))
        self.links_of = sa.union_all(
            sa.select(links.c.a, links.c.b, links.c.score).where(in_list(links.c.a, "keys")),
            sa.select(links.c.a, links.c.b, links.c.score).where(in_list(links.c.b, "keys")))
        self.bodies = sa.select(t.key, t.body).where(in_list(t.event_id, "ids"))
        self.move = tellings.update().where(t.key == bp("k")).values(event_id=bp("e"))
        self.add_tellings = tellings.insert()
        self.add_links = links.insert()
        # One index range per width class of date window (family, wclass, lo, then area in the index)
        self.candidates = {}
        for located in (True, False):
            selects = []
            for wclass in range(len(CLASS_SPANS)):
                where = [t.family == bp("family", type_=text), t.wclass == wclass,
                         t.lo.between(bp(f"lo{wclass}", type_=number), bp("hi", type_=number)),
                         t.hi >= bp("lo", type_=number), t.doc_id != bp("doc", type_=text)]
                if located:
                    where.append(t.area.in_([bp("area", type_=text), ""]))
                selects.append(sa.select(t.report).where(*where))
            # and any telling another document gave the same id (fused upstream: one event)
            selects.append(sa.select(t.report).where(t.telling_id == bp("id", type_=text),
                                                     t.doc_id != bp("doc", type_=text)))
            self.candidates[located] = sa.union_all(*selects)


@lru_cache(maxsize=1)
def _statements() -> _Statements:
    return _Statements()


@lru_cache(maxsize=8)
def _direct(dialect) -> SimpleNamespace:
    """The statements compiled for a database (one dialect object an engine)."""
    st = _statements()
    out = {name: Direct.of(stmt, dialect) for name, stmt in vars(st).items() if name != "candidates"}
    return SimpleNamespace(**out, candidates={k: Direct.of(v, dialect) for k, v in st.candidates.items()})


def _candidates(conn, rep: Report, rules: Rules) -> list[Report]:
    """The stored tellings that blocking lets `rep` meet: one index range per width class."""
    win = rep.window(rules)
    if win is None or rep.width_class(rules) < 0:
        win = (0, -1)                  # no window: only the telling of the same id can be found
    lo, hi = win
    params = {"family": rep.family, "lo": lo, "hi": hi, "doc": rep.doc, "area": rep.area, "id": rep.id,
              **{f"lo{c}": lo - span for c, span in enumerate(CLASS_SPANS)}}
    found = _direct(conn.dialect).candidates[bool(rep.area)].rows(conn, params)
    return [_report(text) for text, in found]


@lru_cache(maxsize=1 << 12)
def _report(text: str) -> Report:
    # the same stored tellings come back as candidates of page after page: each row is read once
    # (a row's text is all a Report is made of, so a cached one is never out of date)
    return Report.from_row(json.loads(text))


@lru_cache(maxsize=1 << 10)
def _event(text: str) -> Event:
    # a telling's event, read back when its event is grouped again (often by the next pages)
    return Event.from_dict(json.loads(text))


def _component(conn, new, fresh, touched: set[str], rules: Rules):
    """The stored tellings linked (at `theta`) to the new ones or left in the events the document
    leaves, directly or through others (up to `MAX_HOPS` links away), with every other telling of
    the events those are in; and every allowed pair among them and the new ones."""
    st = _direct(conn.dialect)
    told: dict[str, _Told] = {}
    asked: set[str] = set()                    # events whose tellings were read

    def bring(keys: set[str]) -> set[str]:
        """Read the tellings `keys` and every telling of their events: the keys that were new."""
        seen = set(told)
        if missing := sorted(k for k in keys if k not in told):
            for key, event_id, published, telling_id in st.told.rows(conn, {"keys": missing}):
                told[key] = _Told(event_id, published, telling_id)
        events_ = {told[k].event_id for k in keys if k in told} | whole
        whole.clear()
        if ids := sorted(events_ - asked):
            asked.update(ids)
            for key, event_id, published, telling_id in st.of_events.rows(conn, {"ids": ids}):
                told.setdefault(key, _Told(event_id, published, telling_id))
        return set(told) - seen

    linked: dict[tuple[str, str], float] = {}   # every stored link of the tellings asked about
    queried: set[str] = set()

    def links_of(keys) -> list:
        if not (keys := sorted(set(keys) - queried)):
            return []
        queried.update(keys)
        found = st.links_of.rows(conn, {"keys": keys})
        linked.update(((a, b), score) for a, b, score in found)
        return found

    whole = set(touched)                       # events whose every telling must come along
    frontier = bring({k for pair, s in fresh.items() if s >= rules.theta for k in pair if k not in new})
    for _ in range(MAX_HOPS):
        if not frontier or len(told) >= MAX_COMPONENT:
            break
        reach = set()
        for a, b, score in links_of(frontier):
            if score >= rules.theta:
                reach.update(k for k in (a, b) if k not in told and k not in new)
        frontier = bring(reach)
    allowed = dict(fresh)
    if len(told) > 1:
        # the links among them: those of every telling, read once each (asking for the pairs
        # among n tellings would probe the index n * n times)
        links_of(told)
        allowed.update((pair, score) for pair, score in linked.items() if pair[0] in told and pair[1] in told)
    return told, allowed


def _write(conn, told, allowed, fresh, new, old_members, rules, pending: Pending) -> None:
    def naming(key):
        if key in new:
            rep = new[key][0]
            return (rep.published is None, rep.published or 0, rep.id, rep.doc)
        t = told[key]
        return (t.published is None, t.published or 0, t.telling_id, doc_of(key))

    # Named by their anchors (first published): tellings of one id are always in one event
    # (`link_score`), so no two events get one name.
    named = {}
    for group in group_keys(set(told) | set(new), allowed, rules):
        first = min(group, key=naming)
        named[new[first][0].id if first in new else told[first].telling_id] = group
    changed_old = {eid for eid, keys in old_members.items()
                   if eid not in named or set(named[eid]) != keys or any(k in new for k in named[eid])}
    st = _direct(conn.dialect)
    bodies = {}
    if changed_old:
        ids = sorted(changed_old)
        for key, body in st.bodies.rows(conn, {"ids": ids}):
            bodies[key] = _event(body)
        pending.delete(ids)
    st.add_tellings.run_many(conn, [_telling_row(*new[k], eid, rules)
                                    for eid, group in named.items() for k in group if k in new])
    st.add_links.run_many(conn, [{"a": a, "b": b, "score": s} for (a, b), s in sorted(fresh.items())])
    moved, fused, prior = [], [], {}
    for eid, group in sorted(named.items()):
        if eid in old_members and eid not in changed_old:
            continue                               # the same tellings as before: left as it is
        moved += [{"k": k, "e": eid} for k in group if k not in new and told[k].event_id != eid]
        fused.append(fused_event([new[k][1] if k in new else bodies[k] for k in group], eid))
        prior[eid] = {t for t, keys in old_members.items() if keys & set(group)}
    st.move.run_many(conn, moved)
    # an analyst's review wins over what the sources say (store/review.py)
    pending.insert(review.apply(conn, fused, prior) if pending.reviews else fused)


def _telling_row(rep: Report, ev: Event, body: str, event_id: str, rules: Rules) -> dict:
    win = rep.window(rules)
    return {"key": rep.key, "doc_id": rep.doc, "telling_id": rep.id, "event_id": event_id,
            "published": rep.published, "family": rep.family, "wclass": rep.width_class(rules),
            "lo": win[0] if win else None, "hi": win[1] if win else None, "area": rep.area,
            "report": rows.dumps(rep.to_row()), "body": body}


def _delete_events(conn, ids: list[str]) -> None:
    # Explicit rather than ON DELETE CASCADE: SQLite only cascades with a pragma that a
    # connection made by another tool (sqlite3 shell, datasette) may not set.
    for table in (event_actors, event_places, event_sources):
        conn.execute(table.delete().where(table.c.event_id.in_(ids)))
    conn.execute(events.delete().where(events.c.event_id.in_(ids)))


def _insert_events(conn, evs: list[Event]) -> None:
    if not evs:
        return
    conn.execute(events.insert(), [rows.event_row(ev) for ev in evs])
    conn.execute(event_sources.insert(), [
        {"event_id": ev.event_id, "doc_id": s.doc, "evidence": rows.dumps([e.to_dict() for e in s.evidence])}
        for ev in evs for s in ev.sources])
    if actor_rows := [r for ev in evs for r in rows.actor_rows(ev)]:
        conn.execute(event_actors.insert(), actor_rows)
    if place_rows := [r for ev in evs for r in rows.place_rows(ev)]:
        conn.execute(event_places.insert(), place_rows)


# ------------------------------------------------------------------ registers of schema version 1


def upgrade_from_v1(conn, rules: Rules = DEFAULT_RULES) -> None:
    """Give a register written before fusion its tellings and fuse it: each document's events are
    read back from the events that list it as a source, and the documents stored again in turn
    (the result does not depend on that order)."""
    told: dict[str, list[Event]] = {}
    for body in conn.execute(sa.select(events.c.body)).scalars():
        ev = Event.from_dict(json.loads(body))
        for s in ev.sources:
            told.setdefault(s.doc, []).append(replace(ev, sources=(s,)))
    for table in (event_actors, event_places, event_sources, events, links, tellings):
        conn.execute(table.delete())
    docs = conn.execute(sa.select(documents.c.id, documents.c.text, documents.c.outlet,
                                  documents.c.language, documents.c.published).order_by(documents.c.id))
    for d in docs.all():
        doc = Document(id=d.id, text=d.text, outlet=d.outlet, language=d.language, published=d.published)
        if told.get(d.id):
            refuse(conn, doc, told[d.id], rules, known=False)
