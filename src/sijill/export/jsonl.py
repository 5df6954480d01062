"""JSON lines and GeoJSON: the event objects of SCHEMA.md, as they are."""
from __future__ import annotations

import json
from typing import IO, Iterable

from ..model import Event


def event_line(ev: Event) -> str:
    """One event as one JSON line (with its newline), Arabic kept as it is."""
    return json.dumps(ev.to_dict(), ensure_ascii=False) + "\n"


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    n = 0
    for ev in events:
        out.write(event_line(ev))
        n += 1
    return n


def feature(ev: Event) -> dict:
    """A GeoJSON Feature: a point at the event's place, or geometry null when it has none."""
    loc = ev.location
    geometry = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}   # GeoJSON is lon, lat
    return {"type": "Feature", "id": ev.event_id, "geometry": geometry, "properties": ev.to_dict()}


def write_geojson(events: Iterable[Event], out: IO[str]) -> int:
    """A FeatureCollection, written feature by feature so that memory stays flat."""
    # Events without coordinates are kept (geometry null is valid GeoJSON, RFC 7946 3.2):
    # leaving them out would silently drop events from a map-maker's count.
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in events:
        if n:
            out.write(",\n")
        out.write(json.dumps(feature(ev), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
