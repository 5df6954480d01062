"""ACLED-style CSV: ACLED's own column names, so that existing ACLED tooling reads the file.

Choices where our records and ACLED's differ (ACLED codebook conventions):
- time_precision: 1 for a day, 2 for a week, 3 for a month, a year or unknown.
- interaction: the two actors' inter codes, smaller first (12, not 21); a lone actor's code
  times ten (20: a rebel group acting alone); empty when a side's class is unknown.
- civilian_targeting: "Civilian targeting" when actor2 is civilians (CIVILIANS, a sub-group
  of it, or an actor of ACLED class 7).
- fatalities: 0 where our record says null (unknown or vague), as ACLED writes it; the
  qualifier and words stay in the JSON formats, and a vague count is named in `tags`.
- Denied events (status: denied) are left out: SCHEMA.md keeps them but never counts them,
  and every row of an ACLED file is counted.
- source_scale is left empty: the register does not know an outlet's scale.
- tags carry what ACLED has no column for: claimed/background status, the fatality
  qualifier, and `sijill_id=<event_id>` to find the record (and its evidence) in the register.
- Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  return would be run as a formula by a spreadsheet opening the file (notes and actor names
  come from the pages read), so it gets a leading `'` (OWASP's advice), which spreadsheets show
  as text. Numbers (a longitude of -3.5, a count) are never touched: only text cells are.
"""
from __future__ import annotations

import csv
from typing import IO, Iterable

from ..model import ActorRef, Event

# Exactly the columns of SCHEMA.md, in that order.
ACLED_COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
)

_TIME_PRECISION = {"day": 1, "week": 2}     # month, year, unknown: 3
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SYRIA_ISO = 760


def _names(actors: Iterable[ActorRef]) -> str:
    return "; ".join(a.name for a in actors)


def _interaction(ev: Event) -> int | str:
    i1 = ev.actor1.inter if ev.actor1 else None
    i2 = ev.actor2.inter if ev.actor2 else None
    if i1 is None:
        return ""
    if ev.actor2 is None:
        return i1 * 10
    if i2 is None:
        return ""
    lo, hi = sorted((i1, i2))
    return lo * 10 + hi


def _civilian_target(a: ActorRef | None) -> bool:
    return a is not None and (a.id == "CIVILIANS" or "CIVILIANS" in a.parents or a.inter == 7)


def _tags(ev: Event) -> str:
    tags = []
    if ev.status == "claimed":
        by = ev.claimed_by
        by = (by.get("name") or by.get("id")) if isinstance(by, dict) else by
        tags.append(f"claimed by {by}" if by else "claimed")
    if ev.background:
        tags.append("background")
    if ev.fatalities_qualifier and ev.fatalities_qualifier != "exact":
        tags.append(f"fatalities {ev.fatalities_qualifier.replace('_', ' ')}")
    tags.append(f"sijill_id={ev.event_id}")
    return "; ".join(tags)


def neutralised(value):
    """A text cell a spreadsheet would read as a formula, with a leading `'`; anything else
    (numbers included: they are not text) as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def acled_row(ev: Event) -> dict:
    """One event as an ACLED CSV row (a dict keyed by ACLED_COLUMNS), text cells neutralised."""
    return {k: neutralised(v) for k, v in _row(ev).items()}


def _row(ev: Event) -> dict:
    loc = ev.location
    outlets = list(dict.fromkeys(s.outlet for s in ev.sources if s.outlet))
    return {
        "event_date": ev.event_date.isoformat() if ev.event_date else "",
        "time_precision": _TIME_PRECISION.get(ev.date_precision, 3),
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1.name if ev.actor1 else "",
        "assoc_actor_1": _names(ev.assoc_actor1),
        "inter1": ev.actor1.inter if ev.actor1 and ev.actor1.inter is not None else "",
        "actor2": ev.actor2.name if ev.actor2 else "",
        "assoc_actor_2": _names(ev.assoc_actor2),
        "inter2": ev.actor2.inter if ev.actor2 and ev.actor2.inter is not None else "",
        "interaction": _interaction(ev),
        "civilian_targeting": "Civilian targeting" if _civilian_target(ev.actor2) else "",
        "iso": (loc.iso if loc and loc.iso else SYRIA_ISO),
        "country": (loc.country if loc and loc.country else "Syria"),
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "admin3": (loc.admin3 or "") if loc else "",
        "location": (loc.name or loc.surface or "") if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": loc.geo_precision if loc else "",
        "source": "; ".join(outlets),
        "source_scale": "",
        "notes": ev.notes,
        "fatalities": ev.fatalities if ev.fatalities is not None else 0,
        "tags": _tags(ev),
    }


class _LfRows:
    """Rows end in "\n": csv's "\r\n" doubles its "\r" on a Windows text-mode stdout. But csv
    quotes a cell only for the characters of its own line end, so with "\n" a cell holding a
    lone carriage return would be written bare and split its row for readers that end lines at
    one (a row injection): rows are made with "\r\n", and each one's own end written as "\n"."""

    def __init__(self, out: IO[str]):
        self._out = out

    def write(self, row: str):
        return self._out.write(row[:-2] + "\n")


def write_acled(events: Iterable[Event], out: IO[str]) -> int:
    """Write the CSV (header and one row an event, denied ones left out); returns rows written."""
    writer = csv.DictWriter(_LfRows(out), fieldnames=ACLED_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for ev in events:
        if ev.status == "denied":
            continue
        writer.writerow(acled_row(ev))
        n += 1
    return n
