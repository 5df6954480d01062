"""The pipeline inside Apache Spark, for archives beyond one machine (`sijill spark`).

One job: WARC / WARC.gz and JSON lines inputs (local paths, or any Hadoop file system URI:
`file://`, `hdfs://`, `s3a://`), read and extracted by the same functions as `sijill extract`
(`pipeline.prepared` and `pipeline.extract_one`) with one `Pipeline` per Spark partition; the
events written as Parquet and as the JSON lines of SCHEMA.md, both partitioned by event month;
optionally stored in a register; then a second stage that fuses the job's events across
documents as the register does (`fusion.py`): the same events, ids and sources.

Modules (none imports pyspark at import time, so `import sijill.spark` is cheap):
  inputs.py  the driver lists the input files and plans the partitions
  tasks.py   what runs in a partition: read, extract, store; counted, failures kept
  output.py  the tables written (Parquet columns of `export/parquet.py`, JSON lines, failures)
  fusion.py  the second stage: the tellings blocked, scored, grouped and fused as in the register
  job.py     the job itself (`run_job`), the Spark session, and the spark-submit entry point
"""
from __future__ import annotations

MISSING_PYSPARK = "sijill spark needs pyspark (and Java 17+): pip install 'sijill[spark]'"


class JobError(Exception):
    """The job cannot start or go on: bad inputs, an output that exists, no Spark. One line."""


def __getattr__(name):      # lazy: `from sijill.spark import run_job` without loading job.py early
    if name in ("JobSettings", "JobReport", "run_job", "session"):
        from . import job
        return getattr(job, name)
    raise AttributeError(name)


__all__ = ["JobError", "JobReport", "JobSettings", "MISSING_PYSPARK", "run_job", "session"]
