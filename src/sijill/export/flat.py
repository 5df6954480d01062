"""Flat columns beside the nested event object, for tools that style and filter by a column
(QGIS, a spreadsheet, a DataFrame) and cannot reach into `actor1.name` or `sources[*].outlet`.

The same names in GeoJSON properties and in Parquet, and the same values as the ACLED CSV
(`acled_fields`: actor names as ACLED writes them, the event's own country):

  actor1_id, actor1_name, actor2_id, actor2_name   ids as stored; names as ACLED writes them
  outlets           the outlets that tell the event, "; "-joined
  sources_count     how many documents tell it
  place             the place's name (or the words of the text when it has none)
  location_id, admin1, admin2, admin3
  country, iso, region, disorder_type, year
  latitude, longitude, geo_precision, drawn_at      the point a map shows (see `points.py`)

None where a value is unknown (so Parquet writes a null, GeoJSON a JSON null).
"""
from __future__ import annotations

from ..model import Event
from . import acled_fields as af
from .codebook import disorder_type
from .points import Point

FLAT_COLUMNS = ("actor1_id", "actor1_name", "actor2_id", "actor2_name", "outlets", "sources_count",
                "place", "location_id", "admin1", "admin2", "admin3", "country", "iso", "region",
                "disorder_type", "year", "latitude", "longitude", "geo_precision", "drawn_at")


def flat_columns(ev: Event, point: Point | None) -> dict:
    loc = ev.location
    where = af.where(ev)
    a2 = af.actor2(ev, where.country)
    return {
        "actor1_id": ev.actor1.id if ev.actor1 else None,
        "actor1_name": af.actor1(ev, where.country).name,
        "actor2_id": ev.actor2.id if ev.actor2 else None,
        "actor2_name": a2.name or None,
        "outlets": "; ".join(af.outlets(ev)) or None,
        "sources_count": len(ev.sources),
        "place": (loc.name or loc.surface or None) if loc else None,
        "location_id": loc.id if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "admin3": loc.admin3 if loc else None,
        "country": where.country or None,
        "iso": where.iso if where.iso != "" else None,
        "region": where.region or None,
        "disorder_type": disorder_type(ev.event_type, ev.sub_event_type) or None,
        "year": ev.event_date.year if ev.event_date else None,
        "latitude": point.lat if point else None,
        "longitude": point.lon if point else None,
        "geo_precision": loc.geo_precision if loc else None,
        "drawn_at": point.drawn_at if point else None,
    }
