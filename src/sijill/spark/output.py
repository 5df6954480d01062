"""What a job writes under its output folder DIR:

  DIR/parquet/month=YYYY-MM/part-*.parquet   one row an event, the columns of `sijill export
                                             --format parquet` (export/parquet.py's table, read
                                             from there: typed scalars, nested objects as JSON
                                             text, flat columns); month=undated for events
                                             without a date
  DIR/jsonl/month=YYYY-MM/part-*.txt         the event objects of SCHEMA.md, one a line, the very
                                             lines `sijill extract` prints
  DIR/failures/part-*.json                   {"source", "problem"} for each record that failed
  DIR/fused/parquet, DIR/fused/jsonl         the second stage's events (when it runs; fusion.py)

`month` is the event date's YYYY-MM. Read the Parquet back with
`spark.read.option("basePath", DIR + "/parquet").parquet(DIR + "/parquet")` (or pandas/DuckDB/
pyarrow with hive partitioning): `month` comes back as a column.
"""
from __future__ import annotations

import json

from ..model import Event

UNDATED = "undated"
EVENT, FAILED = "event", "failed"
_CAST = {"i": int, "f": float, "b": bool}


def parquet_columns() -> tuple[tuple[str, str], ...]:
    """The columns of `sijill export --format parquet` (export/parquet.py's table, its single
    definition), as (name, kind): s string, d date, b boolean, i integer, f float. Read on the
    driver, which therefore needs pyarrow for Parquet output; the executors do not."""
    from . import JobError
    from ..export.parquet import MISSING_PYARROW, _schema
    try:
        import pyarrow as pa
    except ImportError:
        raise JobError(MISSING_PYARROW.replace("parquet export", "Parquet output")) from None
    kinds = {pa.string(): "s", pa.large_string(): "s", pa.date32(): "d", pa.bool_(): "b",
             pa.int64(): "i", pa.int32(): "i", pa.float64(): "f", pa.float32(): "f"}
    out = []
    for f in _schema(pa):
        if f.type not in kinds:
            raise JobError(f"the Parquet column {f.name!r} is of a type the Spark job cannot write ({f.type})")
        out.append((f.name, kinds[f.type]))
    return tuple(out)


def month_of(ev: Event) -> str:
    return ev.event_date.strftime("%Y-%m") if ev.event_date else UNDATED


def event_record(ev: Event, columns: tuple[tuple[str, str], ...], telling: str | None = None) -> tuple:
    """An event as a row of the records table (`records_schema(columns)`); `telling`: the event
    as its document told it, for the fusion stage (fusion.telling_line)."""
    from ..export.jsonl import event_line
    line = event_line(ev).rstrip("\n")
    if not columns:
        return (EVENT, None, None, month_of(ev), line, telling)
    from ..export.parquet import parquet_row
    row = parquet_row(ev)
    values = tuple(None if row.get(name) is None else _CAST.get(kind, _same)(row[name])
                   for name, kind in columns)
    return (EVENT, None, None, month_of(ev), line, telling, *values)


def failure_record(source: str, problem: str, columns: tuple[tuple[str, str], ...]) -> tuple:
    """A record that failed, as a row of the records table."""
    return (FAILED, source, problem, None, None, None, *(None for _ in columns))


def _same(value):
    return value


def event_from_line(line: str) -> Event:
    return Event.from_dict(json.loads(line))


def records_schema(columns: tuple[tuple[str, str], ...]):
    """What the partitions give, one table: `kind` (event or failed); `source` and `problem` of a
    failed record; an event's `month`, `json` (its SCHEMA.md line), `telling` (for the fusion
    stage; not written out) and the Parquet `columns`."""
    from pyspark.sql import types as T
    kinds = {"s": T.StringType(), "d": T.DateType(), "b": T.BooleanType(), "i": T.LongType(),
             "f": T.DoubleType()}
    head = [T.StructField(name, T.StringType(), name != "kind")
            for name in ("kind", "source", "problem", "month", "json", "telling")]
    return T.StructType(head + [T.StructField(name, kinds[kind], True) for name, kind in columns])


def records_frame(spark, records, columns: tuple[tuple[str, str], ...]):
    """The DataFrame of an RDD of `event_record` and `failure_record` rows."""
    return spark.createDataFrame(records, records_schema(columns), verifySchema=False)


def failures_of(frame):
    return frame.where(frame.kind == FAILED).select("source", "problem")


def events_of(frame):
    """The events: the Parquet columns, `month`, `json` and `telling`."""
    return frame.where(frame.kind == EVENT).drop("kind", "source", "problem")


def write_events(frame, folder: str, formats: tuple[str, ...], mode: str) -> dict[str, str]:
    """The events as Parquet and/or JSON lines under `folder`, partitioned by month; the paths."""
    written = {}
    if "parquet" in formats:
        path = f"{folder.rstrip('/')}/parquet"
        frame.drop("json", "telling").write.mode(mode).partitionBy("month").parquet(path)
        written["parquet"] = path
    if "jsonl" in formats:
        path = f"{folder.rstrip('/')}/jsonl"
        frame.select("json", "month").write.mode(mode).partitionBy("month").text(path)
        written["jsonl"] = path
    return written
