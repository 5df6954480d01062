"""Parquet: one row an event, for pandas, DuckDB, Spark.

Layout (chosen so that a file stays readable as the record grows):
- every top-level scalar field of the event object is a typed column of the same name
  (event_id, event_date as a date, status, fatalities as int64, confidence as float64, ...);
- nested fields (claimed_by, actor1, assoc_actor1, actor2, assoc_actor2, location, sources)
  are JSON strings of exactly their SCHEMA.md objects: `json.loads` gives them back, and new
  optional fields (SCHEMA.md allows them) never change the file's schema, which structs would;
- flat copies of what analysts filter and map on: actor1_id, actor1_name, actor2_id,
  actor2_name, location_id, location_name, admin1, admin2, admin3, latitude, longitude,
  geo_precision.
Rows are written in record batches of `batch` events, so memory stays flat.
"""
from __future__ import annotations

import json
import os
from typing import IO, Iterable

from ..model import Event
from .errors import ExportError

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
    ])


def parquet_row(ev: Event) -> dict:
    d = ev.to_dict()
    row = {k: v for k, v in d.items() if k not in _NESTED}
    row["event_date"] = ev.event_date
    for k in _NESTED:
        row[k] = None if d[k] is None else json.dumps(d[k], ensure_ascii=False)
    loc = ev.location
    row.update(
        actor1_id=ev.actor1.id if ev.actor1 else None, actor1_name=ev.actor1.name if ev.actor1 else None,
        actor2_id=ev.actor2.id if ev.actor2 else None, actor2_name=ev.actor2.name if ev.actor2 else None,
        location_id=loc.id if loc else None, location_name=(loc.name or loc.surface) if loc else None,
        admin1=loc.admin1 if loc else None, admin2=loc.admin2 if loc else None,
        admin3=loc.admin3 if loc else None, latitude=loc.lat if loc else None,
        longitude=loc.lon if loc else None, geo_precision=loc.geo_precision if loc else None)
    return row


def write_parquet(events: Iterable[Event], out: str | os.PathLike | IO[bytes], batch: int = 1000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(MISSING_PYARROW) from None
    schema = _schema(pa)
    n = 0
    # The writer is made before the first row so that an empty export is still a valid file.
    with pq.ParquetWriter(out, schema) as writer:
        rows: list[dict] = []
        for ev in events:
            rows.append(parquet_row(ev))
            n += 1
            if len(rows) >= batch:
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
    return n
