"""ACLED-style CSV: ACLED's own column names, so that existing ACLED tooling reads the file.

Choices where our records and ACLED's differ (ACLED codebook conventions; the values shared
with the other formats are in `acled_fields.py`):
- event_id_cnty: the event's country code and a number made from its `event_id`;
  year: the year of event_date.
- time_precision: 1 for a day, 2 for a week, 3 for a month, a year or unknown.
- disorder_type: ACLED's, from the event type and sub-type (`codebook.disorder_type`).
- actor1 is never empty: an unnamed attacker is "Unidentified Armed Group (Syria)", named by
  the event's country; civilians, protesters and rioters are named by it too.
- interaction: the two actors' inter codes, smaller first (12, not 21); a lone actor's code
  times ten (20: a rebel group acting alone); empty when a side's class is unknown.
- civilian_targeting: "Civilian targeting" only where civilians are the target (actor2 is
  civilians in violence against civilians, an explosion or a riot), else empty.
- iso, region, country: the event's own country (an event in Iraq is Iraq's, 368, "Middle
  East"); an event with no place is Syria's, the country the register covers.
- latitude, longitude: where a map draws the event (`points.py`): its place, or for an event
  known only at an area the seat of that area, as ACLED does, not the centre of its shape.
- fatalities: 0 where our record says null (unknown or vague), as ACLED writes it; the
  qualifier and words stay in the JSON formats, and a vague count is named in `tags`.
- Denied events (status: denied) are left out: SCHEMA.md keeps them but never counts them,
  and every row of an ACLED file is counted.
- source_scale is left empty: the register does not know an outlet's scale.
- tags carry what ACLED has no column for: claimed/background status, the fatality
  qualifier, an analyst's review ("reviewed edited (fatalities)"), and `sijill_id=<event_id>` to find the record (and its evidence) in the register.
- timestamp: ACLED's is the unix time of a record's last update; the register does not keep
  one per event, so it is the unix time of the export, the same on every row of a file.
- Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  return would be run as a formula by a spreadsheet opening the file (notes and actor names
  come from the pages read), so it gets a leading `'` (OWASP's advice), which spreadsheets show
  as text. Numbers (a longitude of -3.5, a count) are never touched: only text cells are.
"""
from __future__ import annotations

import csv
import time
from typing import IO, Iterable

from ..model import Event
from . import acled_fields as af
from .codebook import disorder_type
from .points import MapPoints

# Exactly the columns of SCHEMA.md, in that order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

_TIME_PRECISION = {"day": 1, "week": 2}     # month, year, unknown: 3
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    if ev.review:                    # an analyst's review (store/review.py)
        fields = ",".join(ev.review.get("fields") or ())
        tags.append(f"reviewed {ev.review.get('state')}" + (f" ({fields})" if fields else ""))
    tags.append(f"sijill_id={ev.event_id}")
    return "; ".join(tags)


def neutralised(value):
    """A text cell a spreadsheet would read as a formula, with a leading `'`; anything else
    (numbers included: they are not text) as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def acled_row(ev: Event, points: MapPoints | None = None, timestamp: int | None = None) -> dict:
    """One event as an ACLED CSV row (a dict keyed by ACLED_COLUMNS), text cells neutralised.

    `points` draws area-level events at their area's seat (a default one when None);
    `timestamp` is the unix time written in the timestamp column (now when None)."""
    points = points if points is not None else MapPoints()
    stamp = int(time.time()) if timestamp is None else timestamp
    return {k: neutralised(v) for k, v in _row(ev, points, stamp).items()}


def _row(ev: Event, points: MapPoints, stamp: int) -> dict:
    loc = ev.location
    where = af.where(ev)
    a1, a2 = af.actor1(ev, where.country), af.actor2(ev, where.country)
    point = points.point(loc)
    return {
        "event_id_cnty": af.event_id_cnty(ev, where.iso3),
        "event_date": ev.event_date.isoformat() if ev.event_date else "",
        "year": ev.event_date.year if ev.event_date else "",
        "time_precision": _TIME_PRECISION.get(ev.date_precision, 3),
        "disorder_type": disorder_type(ev.event_type, ev.sub_event_type),
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": a1.name,
        "assoc_actor_1": af.associated(ev.assoc_actor1, where.country),
        "inter1": a1.inter if a1.inter is not None else "",
        "actor2": a2.name,
        "assoc_actor_2": af.associated(ev.assoc_actor2, where.country),
        "inter2": a2.inter if a2.inter is not None else "",
        "interaction": af.interaction(a1.inter, a2.inter, lone=ev.actor2 is None),
        "civilian_targeting": af.civilian_targeting(ev),
        "iso": where.iso,
        "region": where.region,
        "country": where.country,
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "admin3": (loc.admin3 or "") if loc else "",
        "location": (loc.name or loc.surface or "") if loc else "",
        "latitude": point.lat if point else "",
        "longitude": point.lon if point else "",
        "geo_precision": loc.geo_precision if loc else "",
        "source": "; ".join(af.outlets(ev)),
        "source_scale": "",
        "notes": ev.notes,
        "fatalities": ev.fatalities if ev.fatalities is not None else 0,
        "tags": _tags(ev),
        "timestamp": stamp,
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


def write_acled(events: Iterable[Event], out: IO[str], *, points: MapPoints | None = None,
                timestamp: int | None = None) -> int:
    """Write the CSV (header and one row an event, denied ones left out); returns rows written.

    `timestamp`: the unix time of every row (the time of the export when None)."""
    points = points if points is not None else MapPoints()
    stamp = int(time.time()) if timestamp is None else timestamp
    writer = csv.DictWriter(_LfRows(out), fieldnames=ACLED_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for ev in events:
        if ev.status == "denied":
            continue
        writer.writerow({k: neutralised(v) for k, v in _row(ev, points, stamp).items()})
        n += 1
    return n
