"""Parquet: one row an event, for pandas, DuckDB, Spark.

Layout (chosen so that a file stays readable as the record grows):
- every top-level scalar field of the event object is a typed column of the same name
  (event_id, event_date as a date, status, fatalities as int64, confidence as float64, ...);
- nested fields (claimed_by, actor1, assoc_actor1, actor2, assoc_actor2, location, sources)
  are JSON strings of exactly their SCHEMA.md objects: `json.loads` gives them back, and new
  optional fields (SCHEMA.md allows them) never change the file's schema, which structs would;
- flat columns of what analysts filter, style and map on (`flat.py`, the same as GeoJSON's):
  actor1_id, actor1_name, actor2_id, actor2_name, outlets, sources_count, place,
  location_id, admin1, admin2, admin3, country, iso, region, disorder_type, year, latitude,
  longitude (the point a map shows: an area-level event at its area's seat), geo_precision,
  drawn_at; and location_name (= place, kept for files read by older code).
Rows are written in record batches of `batch` events, so memory stays flat.
"""
from __future__ import annotations

import json
import os
from typing import IO, Iterable

from ..model import Event
from .errors import ExportError
from .flat import flat_columns
from .points import MapPoints

MISSING_PYARROW = "parquet export needs pyarrow: pip install 'sijill[parquet]'"

_NESTED = ("claimed_by", "actor1", "assoc_actor1", "actor2", "assoc_actor2", "location", "sources")


def _schema(pa):
    s, i, f = pa.string(), pa.int64(), pa.float64()
    return pa.schema([
        ("event_id", s), ("event_date", pa.date32()), ("date_precision", s),
        ("event_type", s), ("sub_event_type", s), ("plover_type", s), ("plover_mode", s),
        ("status", s), ("background", pa.bool_()), ("fatalities", i),
        ("fatalities_qualifier", s), ("fatalities_text", s), ("notes", s), ("confidence", f),
        *((name, s) for name in _NESTED),
        ("actor1_id", s), ("actor1_name", s), ("actor2_id", s), ("actor2_name", s),
        ("location_id", s), ("location_name", s), ("admin1", s), ("admin2", s), ("admin3", s),
        ("latitude", f), ("longitude", f), ("geo_precision", i),
        ("outlets", s), ("sources_count", i), ("place", s), ("country", s), ("iso", i),
        ("region", s), ("disorder_type", s), ("year", i), ("drawn_at", s),
    ])


def parquet_row(ev: Event, points: MapPoints | None = None) -> dict:
    """One event as a row: its scalar fields, its nested ones as JSON, and the flat columns
    (`points` draws area-level events at their area's seat; a default one when None)."""
    d = ev.to_dict()
    row = {k: v for k, v in d.items() if k not in _NESTED}
    row["event_date"] = ev.event_date
    for k in _NESTED:
        row[k] = None if d[k] is None else json.dumps(d[k], ensure_ascii=False)
    points = points if points is not None else MapPoints()
    row.update(flat_columns(ev, points.point(ev.location)))
    row["location_name"] = row["place"]
    return row


def write_parquet(events: Iterable[Event], out: str | os.PathLike | IO[bytes], batch: int = 1000,
                  *, points: MapPoints | None = None) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(MISSING_PYARROW) from None
    schema = _schema(pa)
    points = points if points is not None else MapPoints()
    n = 0
    # The writer is made before the first row so that an empty export is still a valid file.
    with pq.ParquetWriter(out, schema) as writer:
        rows: list[dict] = []
        for ev in events:
            rows.append(parquet_row(ev, points))
            n += 1
            if len(rows) >= batch:
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
    return n
