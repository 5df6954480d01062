"""`sijill spark`: the pipeline in Apache Spark, for archives of millions of pages (sijill.spark)."""
from __future__ import annotations

import click

from .options import (budget_options, gazetteer_option, max_bytes_option, model_options,
                      published_option)

_FORMATS = ("parquet", "jsonl")


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if names == ("none",):
        return ()
    wrong = [n for n in names if n not in _FORMATS]
    if wrong or not names:
        raise click.BadParameter(f"{value!r}: give parquet, jsonl or both (parquet,jsonl), or none", ctx, param)
    return names


def _conf(ctx, param, values) -> tuple[tuple[str, str], ...]:
    out = []
    for v in values:
        key, eq, val = v.partition("=")
        if not eq or not key.strip():
            raise click.BadParameter(f"{v!r} is not KEY=VALUE (e.g. spark.driver.memory=4g)", ctx, param)
        out.append((key.strip(), val))
    return tuple(out)


def _db(ctx, param, value):
    if value is not None and not value.strip():
        raise click.BadParameter(f"{value!r} is empty: give a SQLite file path or a database URL", ctx, param)
    return value


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", required=True, metavar="DIR",
              help="Folder to write (local path or a URI such as s3a://bucket/events): parquet/ and "
                   "jsonl/ partitioned by event month (month=YYYY-MM, month=undated), failures/, and "
                   "fused/ when fusion across documents runs. It must not exist (see --overwrite).")
@click.option("--format", "formats", default="parquet,jsonl", show_default=True, callback=_formats,
              metavar="FORMATS", help="What to write: parquet, jsonl (the event objects of "
                                      "SCHEMA.md, as `sijill extract` prints them), both, or none.")
@click.option("--db", default=None, metavar="PATH|URL", callback=_db,
              help="Also store each document and its events in this register (a SQLite file that "
                   "every executor can reach, or postgresql+psycopg://user:password@host/dbname); "
                   "each partition writes its own documents.")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Extraction partitions (default: one an input file, and at least the cores; with "
                   "fewer files than partitions the documents are spread over them).")
@click.option("--master", default=None, metavar="URL",
              help="Spark master: local[2], local[*], spark://host:7077, yarn (default: the one "
                   "spark-submit was given, else local[*]).")
@click.option("--conf", "conf", multiple=True, callback=_conf, metavar="KEY=VALUE",
              help="A Spark setting, e.g. --conf spark.driver.memory=4g (repeatable).")
@click.option("--overwrite", is_flag=True,
              help="Replace the outputs of an earlier job in --out (a folder holding anything else is refused).")
@click.option("--no-fuse", is_flag=True,
              help="Skip the second stage (fusion of the job's events across documents).")
@published_option
@click.option("--language", type=click.Choice(["ar", "fa", "en"]), default=None,
              help="Treat every page as this language instead of detecting it.")
@gazetteer_option
@max_bytes_option
@budget_options
@model_options
@click.option("--no-background", is_flag=True, help="Leave out dated background events (more than 30 days old).")
def spark(inputs, out, formats, db, partitions, master, conf, overwrite, no_fuse, published, language,
          gazetteer_path, max_bytes, doc_timeout, max_chars, model_dir, rules_only, no_background):
    """Run the pipeline in Apache Spark over INPUT... and write the events to --out DIR.

    INPUT is a .warc/.warc.gz archive or a .jsonl documents file, a folder of them (read
    recursively), a glob ('crawl/*.warc.gz'), or a Hadoop URI (file:///..., hdfs://...,
    s3a://...; s3a needs the hadoop-aws package). Local paths are read in place by the
    executors, so they must see them (local mode, or a shared mount). One pipeline is loaded a
    partition; the events are those `sijill extract` gives on the same pages (same ids and fields).

    A record that cannot be read or extracted is counted, logged with its source and listed in
    DIR/failures; the job goes on and exits 0. At the end the counters are printed: pages read,
    pages failed, events out. Needs pyspark and Java 17+ (pip install 'sijill[spark]').

    \b
    Examples:
      sijill spark crawl/*.warc.gz --out events/ --master 'local[2]'
      sijill spark documents.jsonl --out events/ --format jsonl --partitions 8
      sijill spark 's3a://bucket/crawl/*.warc.gz' --out s3a://bucket/events --master yarn
      sijill spark crawl/ --out events/ --db postgresql+psycopg://me:secret@dbhost/sijill
    The same with spark-submit (options after the file are those above):
      spark-submit --master 'local[2]' "$(python -c 'import sijill.spark.job as j; print(j.__file__)')" crawl/ --out events/
    """
    from ..model import Options
    from ..spark import JobError
    from ..spark.job import JobSettings, run_job, session
    options = Options(published=published, language=language, gazetteer_path=gazetteer_path,
                      max_bytes=max_bytes, include_background=not no_background, model_dir=model_dir,
                      rules_only=rules_only, doc_timeout=doc_timeout, max_chars=max_chars)
    settings = JobSettings(inputs=tuple(inputs), out=out, formats=formats, db=db, partitions=partitions,
                           options=options, fuse=not no_fuse, overwrite=overwrite)
    try:
        ours = not _active()
        spark_session = session(master, conf=conf)
        try:
            report = run_job(spark_session, settings)
        finally:
            if ours:        # a session the caller made (a notebook, a test) is theirs to stop
                spark_session.stop()
    except JobError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:
        if not type(exc).__module__.startswith(("py4j", "pyspark")):
            raise
        # Spark itself failed (an executor lost, out of memory): one line; the executors' logs
        # hold the rest. What one record does never gets here.
        from ..spark.inputs import java_message
        raise click.ClickException(f"the Spark job failed: {java_message(exc)}") from None
    echo = lambda text: click.echo(f"sijill spark: {text}", err=True)   # noqa: E731
    echo(report.plan)
    for line in report.failures:
        click.echo(f"error: {line}", err=True)
    if report.failed > len(report.failures):
        echo(f"{report.failed - len(report.failures):,} more failures in {report.written['failures']}")
    echo(report.summary())
    echo("wrote " + ", ".join(f"{k}: {v}" for k, v in report.written.items()))
    echo(report.fusion)


def _active() -> bool:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return False
    return SparkSession.getActiveSession() is not None
