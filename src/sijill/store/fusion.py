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
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache

import sqlalchemy as sa

from ..fuse.across import (CLASS_SPANS, DEFAULT_RULES, Report, Rules, doc_of, group_keys, link_score,
                           report_of)
from ..fuse.values import fused_event, own_source
from ..model import Document, Event
from . import review, rows
from .schema import documents, event_actors, event_places, event_sources, events, links, tellings

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


def refuse(conn, doc: Document, evs: list[Event], rules: Rules = DEFAULT_RULES, *, known: bool = True) -> None:
    """Replace document `doc`'s tellings with `evs` (its events, ids set) and re-fuse what that
    touches, inside the caller's transaction (`known`: the document may have tellings already)."""
    st = _statements()
    gone = conn.execute(st.doc_tellings, {"doc": doc.id}).all() if known else []
    if gone:
        keys = [r.key for r in gone]
        conn.execute(links.delete().where(sa.or_(links.c.a.in_(keys), links.c.b.in_(keys))))
        conn.execute(tellings.delete().where(tellings.c.doc_id == doc.id))
    new: dict[str, tuple[Report, Event]] = {}
    for ev in evs:
        ev = replace(ev, sources=(own_source(ev, doc.id, doc.outlet, doc.language, doc.published),))
        rep = report_of(ev, doc.text, doc.published)
        new[rep.key] = (rep, ev)
    # the new tellings matched with the stored ones: the pairs that may be one event
    fresh: dict[tuple[str, str], float] = {}
    for rep, _ in new.values():
        for other in _candidates(conn, rep, rules):
            s = link_score(rep, other, rules)
            if s is not None and s >= rules.floor:
                fresh[(rep.key, other.key) if rep.key < other.key else (other.key, rep.key)] = s
    old_members: dict[str, set[str]] = {}
    for r in gone:
        old_members.setdefault(r.event_id, set()).add(r.key)
    told, allowed = _component(conn, new, fresh, set(old_members), rules)
    for key, t in told.items():
        old_members.setdefault(t.event_id, set()).add(key)
    _write(conn, told, allowed, fresh, new, old_members, rules)


class _Statements:
    """The statements fusion runs for every document, made once (bound parameters vary)."""

    def __init__(self):
        t, bp = tellings.c, sa.bindparam
        text, number = sa.String, sa.Integer
        self.doc_tellings = sa.select(t.key, t.event_id).where(t.doc_id == bp("doc", type_=text))
        self.told = sa.select(t.key, t.event_id, t.published, t.telling_id).where(
            t.key.in_(bp("keys", expanding=True)))
        self.of_events = sa.select(t.key, t.event_id, t.published, t.telling_id).where(
            t.event_id.in_(bp("ids", expanding=True)))
        self.links_of = sa.union_all(
            sa.select(links.c.a, links.c.b, links.c.score).where(links.c.a.in_(bp("keys", expanding=True))),
            sa.select(links.c.a, links.c.b, links.c.score).where(links.c.b.in_(bp("keys", expanding=True))))
        self.links_among = sa.select(links.c.a, links.c.b, links.c.score).where(
            links.c.a.in_(bp("keys", expanding=True)), links.c.b.in_(bp("keys", expanding=True)))
        self.bodies = sa.select(t.key, t.body).where(t.event_id.in_(bp("ids", expanding=True)))
        self.move = tellings.update().where(t.key == bp("k")).values(event_id=bp("e"))
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


def _candidates(conn, rep: Report, rules: Rules) -> list[Report]:
    """The stored tellings that blocking lets `rep` meet: one index range per width class."""
    win = rep.window(rules)
    if win is None or rep.width_class(rules) < 0:
        win = (0, -1)                  # no window: only the telling of the same id can be found
    lo, hi = win
    params = {"family": rep.family, "lo": lo, "hi": hi, "doc": rep.doc, "area": rep.area, "id": rep.id,
              **{f"lo{c}": lo - span for c, span in enumerate(CLASS_SPANS)}}
    result = conn.execute(_statements().candidates[bool(rep.area)], params)
    return [Report.from_row(json.loads(r.report)) for r in result]


def _component(conn, new, fresh, touched: set[str], rules: Rules):
    """The stored tellings linked (at `theta`) to the new ones or left in the events the document
    leaves, directly or through others (up to `MAX_HOPS` links away), with every other telling of
    the events those are in; and every allowed pair among them and the new ones."""
    st = _statements()
    told: dict[str, _Told] = {}
    asked: set[str] = set()                    # events whose tellings were read

    def bring(keys: set[str]) -> set[str]:
        """Read the tellings `keys` and every telling of their events: the keys that were new."""
        seen = set(told)
        if missing := sorted(k for k in keys if k not in told):
            for r in conn.execute(st.told, {"keys": missing}):
                told[r.key] = _Told(r.event_id, r.published, r.telling_id)
        events_ = {told[k].event_id for k in keys if k in told} | pending
        pending.clear()
        if ids := sorted(events_ - asked):
            asked.update(ids)
            for r in conn.execute(st.of_events, {"ids": ids}):
                told.setdefault(r.key, _Told(r.event_id, r.published, r.telling_id))
        return set(told) - seen

    pending = set(touched)                     # events whose every telling must come along
    frontier = bring({k for pair, s in fresh.items() if s >= rules.theta for k in pair if k not in new})
    for _ in range(MAX_HOPS):
        if not frontier or len(told) >= MAX_COMPONENT:
            break
        reach = set()
        for r in conn.execute(st.links_of, {"keys": sorted(frontier)}):
            if r.score >= rules.theta:
                reach.update(k for k in (r.a, r.b) if k not in told and k not in new)
        frontier = bring(reach)
    allowed = dict(fresh)
    if len(told) > 1:
        keys = sorted(told)
        for r in conn.execute(st.links_among, {"keys": keys}):
            allowed[(r.a, r.b)] = r.score
    return told, allowed


def _write(conn, told, allowed, fresh, new, old_members, rules) -> None:
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
    bodies = {}
    if changed_old:
        ids = sorted(changed_old)
        for r in conn.execute(_statements().bodies, {"ids": ids}):
            bodies[r.key] = Event.from_dict(json.loads(r.body))
        _delete_events(conn, ids)
    if new:
        conn.execute(tellings.insert(), [_telling_row(new[k][0], new[k][1], eid, rules)
                                         for eid, group in named.items() for k in group if k in new])
    if fresh:
        conn.execute(links.insert(), [{"a": a, "b": b, "score": s} for (a, b), s in sorted(fresh.items())])
    moved, fused, prior = [], [], {}
    for eid, group in sorted(named.items()):
        if eid in old_members and eid not in changed_old:
            continue                               # the same tellings as before: left as it is
        moved += [{"k": k, "e": eid} for k in group if k not in new and told[k].event_id != eid]
        fused.append(fused_event([new[k][1] if k in new else bodies[k] for k in group], eid))
        prior[eid] = {t for t, keys in old_members.items() if keys & set(group)}
    if moved:
        conn.execute(_statements().move, moved)
    # an analyst's review wins over what the sources say (store/review.py)
    _insert_events(conn, review.apply(conn, fused, prior))


def _telling_row(rep: Report, ev: Event, event_id: str, rules: Rules) -> dict:
    win = rep.window(rules)
    return {"key": rep.key, "doc_id": rep.doc, "telling_id": rep.id, "event_id": event_id,
            "published": rep.published, "family": rep.family, "wclass": rep.width_class(rules),
            "lo": win[0] if win else None, "hi": win[1] if win else None, "area": rep.area,
            "report": rows.dumps(rep.to_row()), "body": rows.dumps(ev.to_dict())}


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
