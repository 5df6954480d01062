"""JSON lines and GeoJSON: the event objects of SCHEMA.md, as they are.

A GeoJSON feature's properties are the event object with the flat columns of `flat.py` beside
it (actor1_name, outlets, place, admin1, country, ...: what QGIS styles and filters by), and its
point is where a map draws the event (`points.py`: an event known only at an area at the seat
of that area). The object's own `location` keeps the coordinates the register holds.
"""
from __future__ import annotations

import json
from typing import IO, Iterable

from ..model import Event
from .flat import flat_columns
from .points import MapPoints


def event_line(ev: Event) -> str:
    """One event as one JSON line (with its newline), Arabic kept as it is."""
    return json.dumps(ev.to_dict(), ensure_ascii=False) + "\n"


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    n = 0
    for ev in events:
        out.write(event_line(ev))
        n += 1
    return n


def feature(ev: Event, points: MapPoints | None = None) -> dict:
    """A GeoJSON Feature: a point where the event is drawn, or geometry null when it has none;
    properties are the event object and the flat columns."""
    point = (points if points is not None else MapPoints()).point(ev.location)
    geometry = None
    if point is not None:
        geometry = {"type": "Point", "coordinates": [point.lon, point.lat]}   # GeoJSON is lon, lat
    properties = ev.to_dict()
    for key, value in flat_columns(ev, point).items():
        properties.setdefault(key, value)      # a field of the object itself is never overwritten
    return {"type": "Feature", "id": ev.event_id, "geometry": geometry, "properties": properties}


def write_geojson(events: Iterable[Event], out: IO[str], *, points: MapPoints | None = None) -> int:
    """A FeatureCollection, written feature by feature so that memory stays flat."""
    points = points if points is not None else MapPoints()
    # Events without coordinates are kept (geometry null is valid GeoJSON, RFC 7946 3.2):
    # leaving them out would silently drop events from a map-maker's count.
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in events:
        if n:
            out.write(",\n")
        out.write(json.dumps(feature(ev, points), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
