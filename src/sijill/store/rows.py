"""From an `Event` to the rows that index it, and from filters to SQL conditions.

Everything here is derived from the event object alone, so the index tables can be rebuilt
from `events.body` at any time.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

from ..export import codebook
from ..model import Document, Event
from . import aliases
from .schema import documents, event_actors, event_places, event_sources, events, match_key

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


_NUL_IN_JSON = "\\u0000"     # (a text holding a backslash before "u0000" is walked for nothing)


def storable_event_json(ev: Event) -> tuple[Event, str]:
    """The event made storable (`storable_event`) and its JSON text (`dumps`), the text it is
    stored as. JSON writes a NUL as \\u0000: the text is looked through for one (at C speed)
    before the object is walked, which only the rare event holding one needs."""
    body = dumps(ev.to_dict())
    if _NUL_IN_JSON not in body:
        return ev, body
    ev = storable_event(ev)
    return ev, dumps(ev.to_dict())


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


def _tellings(ev: Event) -> list:
    """The event's own values, then each source's that differ (register events keep them), as
    objects with the actor and location fields."""
    out = [ev]
    for s in ev.sources:
        t = s.told
        if t is not None and not (t.location is ev.location and t.actor1 is ev.actor1 and t.actor2 is ev.actor2
                                  and t.assoc_actor1 is ev.assoc_actor1 and t.assoc_actor2 is ev.assoc_actor2):
            out.append(t)
    return out


def actor_rows(ev: Event) -> list[dict]:
    """One row per role and actor of the event or of any of its sources (the outlets' labels of
    one actor in one role share its row), and one per ancestor."""
    rows: dict[tuple[str, str], dict] = {}   # (role, actor_id) is the primary key
    labels: dict[tuple[str, str], list[str]] = {}
    for told in _tellings(ev):
        by_role = {"actor1": [told.actor1] if told.actor1 else [], "assoc_actor1": list(told.assoc_actor1),
                   "actor2": [told.actor2] if told.actor2 else [], "assoc_actor2": list(told.assoc_actor2)}
        for role in ACTOR_ROLES:
            for a in by_role[role]:
                rows.setdefault((role, a.id), {
                    "event_id": ev.event_id, "role": role, "actor_id": a.id, "name": a.name,
                    "label": a.label, "via": None, "id_key": match_key(a.id),
                    "name_key": _padded(a.name), "label_key": None})
                key = _padded(a.label)
                if key and key not in labels.setdefault((role, a.id), []):
                    labels[(role, a.id)].append(key)
            for a in by_role[role]:
                for parent in a.parents:
                    rows.setdefault((role, parent), {
                        "event_id": ev.event_id, "role": role, "actor_id": parent, "name": None,
                        "label": None, "via": a.id, "id_key": match_key(parent),
                        "name_key": None, "label_key": None})
    for k, keys in labels.items():
        rows[k]["label_key"] = "".join(keys)     # " a b  c " : each label still word-aligned
    return list(rows.values())


def place_rows(ev: Event) -> list[dict]:
    """Every name of the event's place and of each source's place, as keys."""
    keys = set()
    for told in _tellings(ev):
        if told.location is not None:
            keys |= {match_key(getattr(told.location, f)) for f in _PLACE_FIELDS}
    keys.discard("")
    return [{"event_id": ev.event_id, "key": k} for k in sorted(keys)]


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


STATUSES = ("reported", "claimed", "denied")
BACKGROUND = ("yes", "no", "only")


def conditions(*, since=None, until=None, type=None, actor=None, place=None, background=None,
               status=None, outlet=None, engine: sa.Engine | None = None) -> list:
    """SQL conditions on `events` for the filters of `Register.query` (see its docstring).

    A value that cannot be a filter is a ValueError whose message says what would be: a type
    that is not ACLED's lists ACLED's types, an unknown status the statuses, an outlet no
    document has the register's outlets (read through `engine`; without one, an outlet is
    matched exactly as written)."""
    where = []
    since, until = _as_date(since, "since"), _as_date(until, "until")
    if since is not None:
        where.append(events.c.event_date >= since)
    if until is not None:
        where.append(events.c.event_date <= until)
    if type:
        where.append(_type_condition(without_nul(type).strip()))
    if actor:
        where.append(_actor_condition(actor))
    if place:
        k = _key_or_fail(place, "place")
        keys = sorted({k} | aliases.place_keys(without_nul(place).strip()))
        where.append(events.c.event_id.in_(
            sa.select(event_places.c.event_id).where(event_places.c.key.in_(keys))))
    if background not in (None, "yes"):
        if background not in BACKGROUND:
            raise ValueError(f"background: {background!r} is not one of {', '.join(BACKGROUND)}")
        flag = _BackgroundFlag()
        where.append(flag if background == "only" else sa.not_(flag))
    if status:
        where.append(events.c.status.in_(statuses(status)))
    if outlet:
        where.append(_outlet_condition(without_nul(outlet).strip(), engine))
    return where


def statuses(value) -> list[str]:
    """The statuses of a --status value: one, a comma list, or several of either."""
    items = [value] if isinstance(value, str) else list(value)
    out = [s.strip().lower() for item in items for s in str(item).split(",") if s.strip()]
    bad = [s for s in out if s not in STATUSES]
    if bad:
        raise ValueError(f"status: {bad[0]!r} is not a status; use {', '.join(STATUSES)} "
                         "(several as a comma list)")
    return list(dict.fromkeys(out))


def _type_condition(value: str):
    found = codebook.find_type(value)
    if found is None:
        raise ValueError(f"type: {value!r} is not an ACLED event type or sub-event type; the types "
                         f"(sub-types in brackets) are: {codebook.type_choices()}")
    column, name = found
    return sa.func.lower(events.c[column]) == name.lower()


def _actor_condition(actor: str):
    k = _key_or_fail(actor, "actor")
    # Ids named by the query (by id or display name) match those actors and every actor
    # whose parents include them (ancestor rows carry the parent's id); so do the actors the
    # words are an alias of in the knowledge base ("قسد" is SDF, "ميليشيا أسد" SYR_GOV); a
    # label matches only where the outlet used those words.
    known = sorted(match_key(i) for i in aliases.actor_ids(without_nul(actor).strip()))
    named = sa.select(event_actors.c.actor_id).where(sa.or_(
        event_actors.c.id_key == k,
        event_actors.c.name_key.contains(f" {k} ", autoescape=True)))
    hits = sa.select(event_actors.c.event_id).where(sa.or_(
        event_actors.c.id_key == k,
        event_actors.c.id_key.in_(known),
        event_actors.c.actor_id.in_(named),
        event_actors.c.label_key.contains(f" {k} ", autoescape=True)))
    return events.c.event_id.in_(hits)


def _outlet_condition(value: str, engine: sa.Engine | None):
    """Events told by a document of the outlet: its name in any case and Arabic spelling, or
    whole words of it ("Orient" finds "Orient News")."""
    k = _key_or_fail(value, "outlet")
    names = [value]
    if engine is not None:
        with engine.connect() as conn:
            known = [o for o in conn.execute(sa.select(documents.c.outlet).distinct()).scalars() if o]
        names = [o for o in known if f" {k} " in f" {match_key(o)} "]
        if not names:
            listed = ", ".join(sorted(known)[:30]) or "none: no document names its outlet"
            raise ValueError(f"outlet: no document of the register is from {value!r}; "
                             f"its outlets are: {listed}")
    told = (sa.select(event_sources.c.event_id)
            .join(documents, documents.c.id == event_sources.c.doc_id)
            .where(documents.c.outlet.in_(names)))
    return events.c.event_id.in_(told)


class _BackgroundFlag(sa.sql.expression.ColumnElement):
    """True for a background event: the top-level `background` of the JSON body, read with each
    database's JSON functions (so a `background` inside a source or a note never counts)."""
    type = sa.Boolean()
    inherit_cache = True


@compiles(_BackgroundFlag)
def _flag_sqlite(element, compiler, **kw):
    return f"(coalesce(json_extract({compiler.process(events.c.body, **kw)}, '$.background'), 0) = 1)"


@compiles(_BackgroundFlag, "postgresql")
def _flag_postgresql(element, compiler, **kw):
    body = compiler.process(events.c.body, **kw)
    return f"coalesce((CAST({body} AS jsonb) ->> 'background')::boolean, false)"
