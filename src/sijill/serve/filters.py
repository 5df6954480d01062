"""The filters of the API (those of `sijill events`: dates, type, actor, place, outlet, status,
background, and the events an analyst rejected left out unless asked), evaluated over the
in-memory copy of the events (snapshot.py).

The meaning of each filter is the store's (`sijill.store.rows.conditions`), so `--actor قسد`
on the command line and `?actor=قسد` here find the same events, and a value the store refuses
is a 400 error carrying the store's message (which lists what would do):
- actor, place, outlet, background: the events the store's own SQL condition selects (actor,
  place and outlet run it over the copy's lookup, lookup.py; otherwise, and for background,
  it is read from the register once per value and copy of the events, then kept);
- type: compared with the types the register holds (any case, event type or sub-event type);
  another value is checked by the store (an ACLED type no event has matches nothing);
- dates and status: compared on the copy's columns.
For a store whose conditions do not take outlet, status or background yet, the same meaning
is given here: outlet as `documents.outlet` holds it, status one of reported/claimed/denied,
background yes (kept, the default) / no / only, found in the JSON body as the store writes it
(`"background":true`).
"""
from __future__ import annotations

import inspect
from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
import sqlalchemy as sa

from ..store import rows as store_rows
from ..store.schema import documents, event_sources, events
from .bounds import ApiError

STATUSES = ("reported", "claimed", "denied")
BACKGROUND = ("yes", "no", "only")
SET_FILTERS = ("actor", "place", "outlet")      # evaluated by SQL into sets of event ids
_BACKGROUND_MARK = '%"background":true%'



@dataclass(frozen=True, slots=True)
class Filters:
    since: date | None = None
    until: date | None = None
    type: str | None = None
    actor: str | None = None
    place: str | None = None
    outlet: str | None = None
    status: str | None = None
    background: str = "yes"
    include_rejected: bool = False      # also the events an analyst rejected (as the CLI's --include-rejected)

    def key(self) -> tuple:
        """A hashable form, for caching answers per filter."""
        return tuple(asdict(self).values())

    def given(self) -> dict:
        """The filters that are set, as the answer echoes them."""
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in asdict(self).items()
                if v not in (None, "", False) and not (k == "background" and v == "yes")}


def text(value: str | None, name: str) -> str | None:
    """A filter's words: NUL characters dropped, spaces trimmed, at most 200 characters."""
    if value is None:
        return None
    value = store_rows.without_nul(value).strip()
    if len(value) > 200:
        raise ApiError(400, "bad_filter", f"{name}: longer than 200 characters")
    return value or None


def _store_supports(name: str) -> bool:
    return name in inspect.signature(store_rows.conditions).parameters


def _store(**kw) -> list:
    try:
        return store_rows.conditions(**kw)
    except ValueError as exc:          # the store names the value and what would do
        raise ApiError(400, "bad_filter", str(exc)) from None


def set_condition(name: str, value: str, engine: sa.Engine) -> list:
    """SQL conditions on `events` for one of SET_FILTERS, or for background events
    (`set_condition("background", "only", ...)`)."""
    if name == "background" and not _store_supports("background"):
        return [events.c.body.like(_BACKGROUND_MARK)]
    if name != "outlet" or _store_supports("outlet"):
        kw = {name: value}
        if name == "outlet" and _store_supports("engine"):
            kw["engine"] = engine           # so that the store can list the outlets there are
        return _store(**kw)
    told = (sa.select(event_sources.c.event_id).join(documents, documents.c.id == event_sources.c.doc_id)
            .where(documents.c.outlet == value))
    return [events.c.event_id.in_(told)]


def mask(f: Filters, snap, id_set) -> np.ndarray:
    """The positions of `snap` that pass every filter; `id_set(name, value)` gives the positions
    in `snap` of the events of one actor, place, outlet or background filter."""
    if f.since and f.until and f.since > f.until:
        raise ApiError(400, "bad_filter", f"since {f.since} is after until {f.until}")
    keep = np.ones(len(snap), dtype=bool)
    if not f.include_rejected and snap.rejected is not None:
        keep &= ~snap.rejected
    if f.since:
        keep &= snap.day >= f.since.toordinal()
    if f.until:
        keep &= (snap.day <= f.until.toordinal()) & (snap.day > 0)
    wanted = text(f.type, "type")
    if wanted:
        keep &= _type_mask(wanted, snap)
    status = text(f.status, "status")
    if status:
        keep &= np.isin(snap.codes["status"], snap.code_of("status", _statuses(status)))
    background = text(f.background, "background") or "yes"
    if background not in BACKGROUND:
        raise ApiError(400, "bad_filter", f"background {background!r}: use one of {', '.join(BACKGROUND)}")
    if background != "yes" and keep.any():
        flagged = np.zeros(len(snap), dtype=bool)
        flagged[id_set("background", "only")] = True
        keep &= flagged if background == "only" else ~flagged
    for name in SET_FILTERS:
        value = text(getattr(f, name), name)
        if value and keep.any():
            hit = np.zeros(len(snap), dtype=bool)
            hit[id_set(name, value)] = True
            keep &= hit
    return keep


def _type_mask(wanted: str, snap) -> np.ndarray:
    low = wanted.lower()
    types = [v for v in snap.vocab["event_type"][1:] if v.lower() == low]
    subs = [v for v in snap.vocab["sub_event_type"][1:] if v.lower() == low]
    if not types and not subs:
        _store(type=wanted)              # refused by the store (400), or a type no event has
        return np.zeros(len(snap), dtype=bool)
    return (np.isin(snap.codes["event_type"], snap.code_of("event_type", types))
            | np.isin(snap.codes["sub_event_type"], snap.code_of("sub_event_type", subs)))


def _statuses(value: str) -> list[str]:
    helper = getattr(store_rows, "statuses", None)
    if helper is not None:
        try:
            return helper(value)
        except ValueError as exc:
            raise ApiError(400, "bad_filter", str(exc)) from None
    out = [s.strip().lower() for s in value.split(",") if s.strip()]
    bad = [s for s in out if s not in STATUSES]
    if bad:
        raise ApiError(400, "bad_filter", f"status {bad[0]!r}: use one of {', '.join(STATUSES)}")
    return out
