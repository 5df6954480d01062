"""From an `Event` to the rows that index it, and from filters to SQL conditions.

Everything here is derived from the event object alone, so the index tables can be rebuilt
from `events.body` at any time.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from ..model import ActorRef, Document, Event, SourceRef
from .schema import event_actors, event_places, events, match_key

ACTOR_ROLES = ("actor1", "assoc_actor1", "actor2", "assoc_actor2")
_PLACE_FIELDS = ("id", "name", "name_ar", "surface", "admin1", "admin2", "admin3",
                 "admin1_ar", "admin2_ar", "admin3_ar", "admin1_pcode", "admin2_pcode", "admin3_pcode")


NUL = "\x00"
# What a NUL becomes where offsets index the string (a document's text, an evidence span's
# words): one character for one, so that `doc.text[start:end] == evidence.text` still holds.
_NUL_STAND_IN = "\ufffd"
_DOCUMENT_FIELDS = ("id", "title", "outlet", "url", "language", "source")


def without_nul(value):
    """A value for a text column: NUL characters dropped (PostgreSQL refuses them in text,
    SQLite would keep them; both registers must hold the same)."""
    return value.replace(NUL, "") if isinstance(value, str) and NUL in value else value


def storable_document(doc: Document) -> Document:
    """The document without NUL characters (ingest drops them before offsets are computed; this
    is the last guard for documents made elsewhere): dropped from its id and labels, replaced
    by U+FFFD in its text so that the offsets of its events stay exact."""
    fields = {f: without_nul(getattr(doc, f)) for f in _DOCUMENT_FIELDS
              if NUL in (getattr(doc, f) or "")}
    if NUL in doc.text:
        fields["text"] = doc.text.replace(NUL, _NUL_STAND_IN)
    return replace(doc, **fields) if fields else doc


def storable_event(ev: Event) -> Event:
    """The event without NUL characters, as `storable_document` treats its document."""
    d = ev.to_dict()
    clean = _without_nul_deep(d)
    return ev if clean == d else replace(Event.from_dict(clean), event_id=ev.event_id)


def _without_nul_deep(obj, key: str | None = None):
    if isinstance(obj, str):
        return obj.replace(NUL, _NUL_STAND_IN if key == "text" else "") if NUL in obj else obj
    if isinstance(obj, dict):
        return {k: _without_nul_deep(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_without_nul_deep(v) for v in obj]
    return obj


def document_row(doc: Document, content_hash: str, ingested_at) -> dict:
    """The `documents` row of a document made storable (`content_hash`: the document's as given,
    so that the skip check of a re-run meets it)."""
    return {"content_hash": content_hash, "text": doc.text, "title": doc.title,
            "outlet": doc.outlet, "url": doc.url, "published": doc.published,
            "language": doc.language, "source": doc.source, "ingested_at": ingested_at}


def dumps(obj) -> str:
    # Arabic stays readable in the database (and in `sqlite3` sessions); compact separators.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def event_row(ev: Event) -> dict:
    loc = ev.location
    return {
        "event_id": ev.event_id,
        "body": dumps(ev.to_dict()),
        "event_date": ev.event_date,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "status": ev.status,
        "actor1_id": ev.actor1.id if ev.actor1 else None,
        "actor2_id": ev.actor2.id if ev.actor2 else None,
        "location_id": loc.id if loc else None,
        "location_name": (loc.name or loc.surface) if loc else None,
        "admin1": loc.admin1 if loc else None,
        "fatalities": ev.fatalities,
        "confidence": ev.confidence,
    }


def _padded(value: str | None) -> str | None:
    # Stored with a space either side so that a word-aligned "contains" is a plain LIKE:
    # "قسد" finds the label "ميليشيا قسد" but "is" does not find "Islamic State".
    key = match_key(value)
    return f" {key} " if key else None


def actor_rows(ev: Event) -> list[dict]:
    by_role: dict[str, list[ActorRef]] = {
        "actor1": [ev.actor1] if ev.actor1 else [], "assoc_actor1": list(ev.assoc_actor1),
        "actor2": [ev.actor2] if ev.actor2 else [], "assoc_actor2": list(ev.assoc_actor2),
    }
    rows: dict[tuple[str, str], dict] = {}   # (role, actor_id) is the primary key: first one wins
    for role in ACTOR_ROLES:
        for a in by_role[role]:
            rows.setdefault((role, a.id), {
                "event_id": ev.event_id, "role": role, "actor_id": a.id, "name": a.name,
                "label": a.label, "via": None, "id_key": match_key(a.id),
                "name_key": _padded(a.name), "label_key": _padded(a.label)})
        for a in by_role[role]:
            for parent in a.parents:
                rows.setdefault((role, parent), {
                    "event_id": ev.event_id, "role": role, "actor_id": parent, "name": None,
                    "label": None, "via": a.id, "id_key": match_key(parent),
                    "name_key": None, "label_key": None})
    return list(rows.values())


def place_rows(ev: Event) -> list[dict]:
    if ev.location is None:
        return []
    keys = {match_key(getattr(ev.location, f)) for f in _PLACE_FIELDS}
    keys.discard("")
    return [{"event_id": ev.event_id, "key": k} for k in sorted(keys)]


def source_rows(ev: Event, doc_id: str) -> list[dict]:
    """One row per document telling the event; the stored document always gets one."""
    rows = {s.doc: {"event_id": ev.event_id, "doc_id": s.doc,
                    "evidence": dumps([e.to_dict() for e in s.evidence])} for s in ev.sources}
    rows.setdefault(doc_id, {"event_id": ev.event_id, "doc_id": doc_id, "evidence": "[]"})
    return list(rows.values())


def without_doc(ev: Event, doc_id: str) -> tuple[SourceRef, ...]:
    return tuple(s for s in ev.sources if s.doc != doc_id)


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD") from None


def _key_or_fail(value: str, name: str) -> str:
    key = match_key(value)
    if not key:
        raise ValueError(f"{name}: {value!r} has no letters or digits to match")
    return key


def conditions(*, since=None, until=None, type=None, actor=None, place=None) -> list:
    """SQL conditions on `events` for the filters of `Register.query` (see its docstring)."""
    where = []
    since, until = _as_date(since, "since"), _as_date(until, "until")
    if since is not None:
        where.append(events.c.event_date >= since)
    if until is not None:
        where.append(events.c.event_date <= until)
    if type:
        t = without_nul(type).strip().lower()
        where.append(sa.or_(sa.func.lower(events.c.event_type) == t,
                            sa.func.lower(events.c.sub_event_type) == t))
    if actor:
        k = _key_or_fail(actor, "actor")
        # Ids named by the query (by id or display name) match those actors and every actor
        # whose parents include them (ancestor rows carry the parent's id); a label matches
        # only where the outlet used those words.
        named = sa.select(event_actors.c.actor_id).where(sa.or_(
            event_actors.c.id_key == k,
            event_actors.c.name_key.contains(f" {k} ", autoescape=True)))
        hits = sa.select(event_actors.c.event_id).where(sa.or_(
            event_actors.c.id_key == k,
            event_actors.c.actor_id.in_(named),
            event_actors.c.label_key.contains(f" {k} ", autoescape=True)))
        where.append(events.c.event_id.in_(hits))
    if place:
        k = _key_or_fail(place, "place")
        where.append(events.c.event_id.in_(
            sa.select(event_places.c.event_id).where(event_places.c.key == k)))
    return where
