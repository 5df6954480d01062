"""An analyst's review of the register's events: accept, reject, set fields, with an audit trail.

Two tables (store/schema.py): `reviews` holds each reviewed event's standing state (its decision,
accepted or rejected, and the values set by hand) and `review_log` every decision as it was made
(who, when, what, which field, the value before and after, why).

The standing state is applied whenever an event is written: by `record` at once, and by fusion
(`apply`, called from store/fusion.py) whenever a later document's telling joins, leaves or
re-tells the event, so that a reviewed field is never overwritten by a later extraction and a
rejected event stays rejected. When fusion gives a reviewed event another name (an earlier-
published telling joined it), its review follows it (`apply` moves it by the events' old ids).

The event object carries a `review` field: {"state": accepted | rejected | edited, "fields":
[names set], "by", "at"}. Queries leave rejected events out unless asked (`rejected_condition`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa

from ..export import codebook
from ..model import ActorRef, Event, Place
from .schema import events, review_log, reviews

ACTIONS = ("accept", "reject", "edit", "note")
FIELDS = ("event_type", "sub_event_type", "event_date", "fatalities", "actor1", "actor2", "location")
_DECISION = {"accept": "accepted", "reject": "rejected"}


class ReviewError(ValueError):
    """A review that cannot be made: an unknown action or field, a value that is not valid."""


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """One line of an event's review trail."""
    id: int
    event_id: str
    at: str
    by: str | None
    action: str
    field: str | None
    before: object
    after: object
    note: str | None

    def to_dict(self) -> dict:
        return {"id": self.id, "event_id": self.event_id, "at": self.at, "by": self.by,
                "action": self.action, "field": self.field, "before": self.before,
                "after": self.after, "note": self.note}


# ------------------------------------------------------------------ values


def parse_fields(fields: dict | None) -> dict:
    """The fields of an edit as the event object holds them, each checked; a ReviewError names
    the field and lists what is valid."""
    out: dict = {}
    for name, value in (fields or {}).items():
        name = str(name).strip().lower()
        if name not in FIELDS:
            raise ReviewError(f"cannot set {name!r}: settable fields are {', '.join(FIELDS)}")
        out[name] = _parse(name, value)
    if "sub_event_type" in out and "event_type" not in out:       # a sub-type names its type
        out["event_type"] = next(t for t, subs in codebook.EVENT_TYPES.items() if out["sub_event_type"] in subs)
    if "event_type" in out and "sub_event_type" in out:
        if out["sub_event_type"] not in codebook.EVENT_TYPES[out["event_type"]]:
            raise ReviewError(f"sub_event_type {out['sub_event_type']!r} is not a sub-type of "
                              f"{out['event_type']!r}: "
                              f"{', '.join(codebook.EVENT_TYPES[out['event_type']])}")
    return out


def _parse(name: str, value):
    text = "" if value is None else str(value).strip()
    if name in ("event_type", "sub_event_type"):
        found = codebook.find_type(text) if text else None
        if found is None or found[0] != name:
            valid = codebook.EVENT_TYPES if name == "event_type" else codebook.SUB_EVENT_TYPES
            raise ReviewError(f"{name}: {text!r} is not ACLED's; valid: {', '.join(valid)}")
        return found[1]
    if name == "event_date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ReviewError(f"event_date: {text!r} is not a date as YYYY-MM-DD") from None
    if name == "fatalities":
        try:
            n = int(text) if not isinstance(value, bool) else -1
        except ValueError:
            n = -1
        if n < 0:
            raise ReviewError(f"fatalities: {text!r} is not a whole number 0 or more")
        return n
    if name in ("actor1", "actor2"):
        return _actor(name, text)
    return _place(text)


def _actor(name: str, text: str) -> dict | None:
    if text.lower() in ("", "none", "null"):
        return None
    from . import aliases
    base = aliases._actors()
    if base is None:
        raise ReviewError(f"{name}: the knowledge base of actors cannot be read")
    actor = base.get(text) or base.get(text.upper())
    if actor is None:
        ids = sorted(aliases.actor_ids(text))
        actor = base.get(ids[0]) if len(ids) == 1 else None
        if len(ids) > 1:
            raise ReviewError(f"{name}: {text!r} may be any of {', '.join(ids)}: give one of these ids")
    if actor is None:
        raise ReviewError(f"{name}: no actor {text!r} (give an actor id or an alias; "
                          f"'sijill kb actors' lists them)")
    return ActorRef(id=actor.id, name=actor.name, parents=actor.parent_ids(),
                    inter=actor.inter).to_dict()


def _place(text: str) -> dict:
    from . import aliases
    gaz = aliases._gazetteer()
    if gaz is None:
        raise ReviewError("location: the gazetteer cannot be read")
    found = list(gaz.lookup(text)) if text else []
    if not found:
        key = aliases.match_key(text)
        found = list(aliases._latin_index(gaz).get(key, ()))
    if not found:
        raise ReviewError(f"location: no place called {text!r} in the gazetteer "
                          f"('sijill gazetteer' searches it)")
    e = found[0]

    def unit(code):
        return gaz.admin(code) if code else None

    a1, a2, a3 = unit(e.admin1), unit(e.admin2), unit(e.admin3)
    return Place(id=e.id, name=e.name, name_ar=e.name_ar, surface=text,
                 admin1=a1.name if a1 else None, admin2=a2.name if a2 else None,
                 admin3=a3.name if a3 else None, admin1_ar=a1.name_ar if a1 else None,
                 admin2_ar=a2.name_ar if a2 else None, admin3_ar=a3.name_ar if a3 else None,
                 admin1_pcode=e.admin1, admin2_pcode=e.admin2, admin3_pcode=e.admin3,
                 lat=e.lat, lon=e.lon, geo_precision=e.precision, kind=e.kind,
                 reason="set by review").to_dict()


def _with(ev: Event, state: dict | None) -> Event:
    """`ev` with a review's standing state applied (its values, its `review` field)."""
    if not state:
        return ev
    d = ev.to_dict()
    for name, value in state["fields"].items():
        d[name] = value
        if name == "event_date":
            d["date_precision"] = "day"
        elif name == "fatalities":
            d["fatalities_qualifier"] = "exact"
    d["review"] = {"state": state["decision"] or "edited", "fields": sorted(state["fields"]),
                   "by": state["by"], "at": state["at"]}
    return Event.from_dict(d)


def _state(row) -> dict:
    at = row.at if isinstance(row.at, str) else row.at.isoformat()
    return {"decision": row.decision, "fields": json.loads(row.fields), "by": row.by, "at": at}


# ------------------------------------------------------------------ writing


def record(conn, event_id: str, action: str, fields: dict | None, note: str | None,
           by: str | None) -> tuple[Event, list[dict]]:
    """Store one decision on `event_id` in the caller's transaction: the trail rows, the standing
    state, and the event written again with it. Returns the event and the trail rows added."""
    from .fusion import _delete_events, _insert_events
    if action not in ACTIONS:
        raise ReviewError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    values = parse_fields(fields)
    if action == "edit" and not values:
        raise ReviewError("an edit sets at least one field: FIELD=VALUE")
    if values and action not in ("edit", "accept"):
        raise ReviewError(f"a {action} sets no fields; use an edit")
    body = conn.execute(sa.select(events.c.body).where(events.c.event_id == event_id)).scalar()
    if body is None:
        raise LookupError(f"no event {event_id!r} in this register")
    ev = Event.from_dict(json.loads(body))
    subs = codebook.EVENT_TYPES.get(values.get("event_type"), ())
    if subs and "sub_event_type" not in values and ev.sub_event_type not in subs:
        raise ReviewError(f"event_type {values['event_type']!r} needs a sub_event_type of its own too: "
                          f"{', '.join(subs)}")
    now = datetime.now(timezone.utc)
    found = conn.execute(sa.select(reviews).where(reviews.c.event_id == event_id)).first()
    state = _state(found) if found else {"decision": None, "fields": {}, "by": None, "at": None}
    before = ev.to_dict()
    given = {str(k).strip().lower() for k in fields or {}}
    logged = [{"field": name, "before": _dumps(before.get(name)), "after": _dumps(value)}
              for name, value in values.items() if name in given or before.get(name) != value]
    if action in _DECISION:
        logged.insert(0, {"field": None, "before": _dumps(state["decision"]),
                          "after": _dumps(_DECISION[action])})
        state["decision"] = _DECISION[action]
    if not logged:
        logged = [{"field": None, "before": None, "after": None}]
    state["fields"].update(values)
    state["by"], state["at"] = by, now.isoformat()
    rows = [{"event_id": event_id, "at": now, "by": by, "action": action, "note": note, **r}
            for r in logged]
    conn.execute(review_log.insert(), rows)
    saved = {"decision": state["decision"], "fields": json.dumps(state["fields"], ensure_ascii=False),
             "by": by, "at": now}
    if found:
        conn.execute(reviews.update().where(reviews.c.event_id == event_id).values(**saved))
    else:
        conn.execute(reviews.insert().values(event_id=event_id, **saved))
    ev = _with(ev, state)
    _delete_events(conn, [event_id])
    _insert_events(conn, [ev])
    return ev, rows


def apply(conn, fused: list[Event], prior: dict[str, set[str]]) -> list[Event]:
    """The events fusion is about to write, with their reviews applied. `prior[eid]`: the ids the
    event's tellings were in before; a review kept under one of those moves to `eid` (merged, the
    latest decision and the latest value of each field winning, when two reviewed events join)."""
    wanted = sorted({e.event_id for e in fused} | {p for ps in prior.values() for p in ps})
    if not wanted:
        return fused
    found = {r.event_id: r for r in conn.execute(sa.select(reviews).where(reviews.c.event_id.in_(wanted)))}
    if not found:
        return fused
    out, moved = [], {}
    for ev in fused:
        ids = sorted(({ev.event_id} | prior.get(ev.event_id, set())) & set(found),
                     key=lambda i: found[i].at)
        if not ids:
            out.append(ev)
            continue
        state = {"decision": None, "fields": {}, "by": None, "at": None}
        for i in ids:                        # oldest first: the latest wins
            s = _state(found[i])
            state["decision"] = s["decision"] or state["decision"]
            state["fields"].update(s["fields"])
            state["by"], state["at"] = s["by"], s["at"]
        for i in ids:
            if i != ev.event_id:
                moved.setdefault(i, ev.event_id)
        moved_state = {"decision": state["decision"], "fields": json.dumps(state["fields"], ensure_ascii=False),
                       "by": state["by"], "at": max(found[i].at for i in ids)}
        if ev.event_id in found:
            conn.execute(reviews.update().where(reviews.c.event_id == ev.event_id).values(**moved_state))
        else:
            conn.execute(reviews.insert().values(event_id=ev.event_id, **moved_state))
        out.append(_with(ev, state))
    keep = {e.event_id for e in fused}
    for old, new in moved.items():
        conn.execute(review_log.update().where(review_log.c.event_id == old).values(event_id=new))
        if old not in keep:
            conn.execute(reviews.delete().where(reviews.c.event_id == old))
    return out


# ------------------------------------------------------------------ reading


def trail(conn, event_id: str | None = None) -> list[TrailEntry]:
    """The review trail, oldest first: of one event, or of the whole register."""
    stmt = sa.select(review_log).order_by(review_log.c.at, review_log.c.id)
    if event_id is not None:
        stmt = stmt.where(review_log.c.event_id == event_id)
    return [TrailEntry(id=r.id, event_id=r.event_id,
                       at=r.at if isinstance(r.at, str) else r.at.isoformat(), by=r.by,
                       action=r.action, field=r.field, before=_loads(r.before), after=_loads(r.after),
                       note=r.note)
            for r in conn.execute(stmt)]


def rejected_ids():
    """SQL query: the ids of the events a review rejected."""
    return sa.select(reviews.c.event_id).where(reviews.c.decision == "rejected")


def rejected_condition():
    """SQL condition on `events`: not rejected by a review."""
    return events.c.event_id.not_in(rejected_ids())


def _dumps(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _loads(text: str | None):
    return None if text is None else json.loads(text)
