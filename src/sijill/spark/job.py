"""The Spark job: inputs listed, pages read and extracted in partitions, events written; and the
entry point for spark-submit.

    spark-submit --master 'local[2]' "$(python -c 'import sijill.spark.job as j; print(j.__file__)')" \\
        crawl/*.warc.gz --out events/

runs this file (its options are those of `sijill spark --help`), as does `python -m sijill.spark`.
The Python that runs the tasks must have sijill installed: when PYSPARK_PYTHON is not set, this
job sets it to the Python running the driver, which is right in local mode (on a cluster, ship an
environment and set `spark.pyspark.python`, as for any PySpark job).

Steps of `run_job`:
  1. list the inputs on the driver and plan the partitions (inputs.py); check the output folder
     and the register (--db) before any work;
  2. ship the gazetteer and the model folder in use to the executors (`addFile`);
  3. read, extract (and store) in partitions (tasks.py), counted by accumulators; the records are
     persisted, so the outputs below read them without extracting twice;
  4. write the failures, the events as Parquet and JSON lines by month (output.py);
  5. the second stage, fusion across documents as the register fuses (fusion.py);
  6. report the counters: pages read, pages failed, events out.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

if __package__ in (None, "") and sys.path and \
        os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)     # run as a file by spark-submit: this folder's modules must not shadow others

from sijill.model import Options
from sijill.spark import MISSING_PYSPARK, JobError

FORMATS = ("parquet", "jsonl")


@dataclass(frozen=True)
class JobSettings:
    inputs: tuple[str, ...]
    out: str
    formats: tuple[str, ...] = FORMATS
    db: str | None = None
    partitions: int | None = None      # extraction partitions; None: one a file, at least the cores
    options: Options = field(default_factory=Options)
    fuse: bool = True                  # run the second stage (fusion across documents)
    overwrite: bool = False


@dataclass
class JobReport:
    pages: int
    failed: int
    events: int
    stored: int
    skipped: int
    seconds: float
    plan: str
    written: dict[str, str]
    fusion: str
    failures: list[str]                # the first few, "source: problem"

    def summary(self) -> str:
        rate = f" ({self.pages / self.seconds:,.1f} pages/s)" if self.seconds > 0 else ""
        line = (f"pages read {self.pages:,}, pages failed {self.failed:,}, events out {self.events:,}"
                f" in {self.seconds:,.1f} s{rate}")
        if self.stored or self.skipped:
            line += f"; register: {self.stored:,} documents stored, {self.skipped:,} already there"
        return line


def session(master: str | None = None, app_name: str = "sijill", conf: tuple[tuple[str, str], ...] = ()):
    """A SparkSession for the job: the one spark-submit made, else a new one on `master`
    (default: local[*]). A one-line JobError when pyspark or Java is missing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise JobError(MISSING_PYSPARK) from None
    # The tasks' Python must import sijill: in local mode that is this Python.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")   # no warning about a loopback host name
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if not sys.stderr.isatty():
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:
        from .inputs import java_message
        raise JobError(f"Spark could not start ({java_message(exc)}); it needs Java 17 or later "
                       "(Debian: apt-get install openjdk-17-jre-headless) and JAVA_HOME or java "
                       "on the PATH") from None


def run_job(spark, settings: JobSettings) -> JobReport:
    """Run the job on `spark`."""
    from pyspark import StorageLevel
    from sijill.spark import output
    from sijill.spark.inputs import list_inputs, plan
    from sijill.spark.tasks import Counters

    started = time.perf_counter()
    sc = spark.sparkContext
    files = list_inputs(spark, settings.inputs)
    layout = plan(files, settings.partitions, sc.defaultParallelism)
    _check_out(spark, settings.out, settings.overwrite)
    task = _ship(sc, settings)
    run_id = _start_register(settings.db)
    counters = Counters.create(sc)
    mode = "overwrite" if settings.overwrite else "errorifexists"
    out = settings.out.rstrip("/")

    # Persisted, so that each output reads the records instead of extracting again (and the
    # counters count each page once). The first write computes them.
    records = output.records_frame(spark, _records(sc, layout, task, counters), task.columns)
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        failures = output.failures_of(records)
        failures.write.mode(mode).json(f"{out}/failures")
        events = output.events_of(records)
        written = output.write_events(events, out, settings.formats, mode)
        written["failures"] = f"{out}/failures"
        fused = _fusion_stage(spark, events, settings, mode, layout.partitions, task.columns, written)
        shown = [f"{r.source}: {r.problem}" for r in failures.limit(_SHOWN).collect()]
    finally:
        records.unpersist()
    counts = counters.values()
    report = JobReport(counts["pages"], counts["failed"], counts["events"], counts["stored"], counts["skipped"],
                       time.perf_counter() - started, layout.describe(), written, fused, shown)
    _finish_register(settings.db, run_id, report)
    return report


_SHOWN = 10


def _records(sc, layout, task, counters):
    """The RDD of the partitions' rows (output.records_schema): events and failed records."""
    from sijill.spark.tasks import extract_partition, read_entries

    local = [g for g in (tuple(f for f in group if f.local) for group in layout.groups) if g]
    remote = [f.path for group in layout.groups for f in group if not f.local]
    if any("," in path for path in remote):
        raise JobError(f"{next(p for p in remote if ',' in p)}: a URI with a comma cannot be read "
                       "(Hadoop reads a comma as a list of paths); rename it")
    sources = []
    if local:
        sources.append(sc.parallelize(local, len(local)))
    if remote:
        tasks_with_remote = sum(1 for g in layout.groups if any(not f.local for f in g))
        sources.append(sc.binaryFiles(",".join(remote), minPartitions=tasks_with_remote))
    entries = sources[0] if len(sources) == 1 else sc.union(sources)
    if not layout.spread:
        return entries.mapPartitions(lambda part: extract_partition(part, task, counters))
    options = task.options
    documents = entries.flatMap(lambda entry: read_entries([entry], options))
    return documents.repartition(layout.partitions).mapPartitions(
        lambda part: extract_partition(part, task, counters, read=False))


def _ship(sc, settings: JobSettings):
    """The task settings, with the gazetteer and the model folder the driver would use sent to
    every executor (so that a cluster extracts as this machine does)."""
    from sijill.knowledge.gazetteer import gazetteer_file
    from sijill.spark import output
    from sijill.spark.tasks import TaskSettings

    options = settings.options
    gazetteer = gazetteer_file(options)
    shipped_gazetteer = shipped_model = None
    if gazetteer.is_file():
        shipped_gazetteer = _add_file(sc, str(gazetteer.resolve()))
    elif options.gazetteer_path:
        raise JobError(f"{gazetteer}: no such gazetteer file (import one with `sijill gazetteer import`)")
    if options.model_dir:
        model = os.path.abspath(options.model_dir)
        if not os.path.isdir(model):
            raise JobError(f"{options.model_dir}: no such model folder")
        shipped_model = _add_file(sc, model, recursive=True)
    columns = output.parquet_columns() if "parquet" in settings.formats else ()
    return TaskSettings(options, settings.db, shipped_gazetteer, shipped_model, columns, tellings=settings.fuse)


def _add_file(sc, path: str, recursive: bool = False) -> str:
    """Send `path` to the executors; the name SparkFiles.get finds it by there."""
    try:
        sc.addFile(path, recursive=recursive)
    except Exception as exc:    # Spark keeps one file of a name a session
        from sijill.spark.inputs import java_message
        raise JobError(f"{path}: cannot be sent to the executors ({java_message(exc)}); a session "
                       "holds one file of a name: run the job in a new session") from None
    return os.path.basename(path.rstrip("/"))


_OURS = ("parquet", "jsonl", "failures", "fused")


def _check_out(spark, out: str, overwrite: bool) -> None:
    """An --out folder that exists is an error; with --overwrite, a folder this job wrote has its
    outputs removed (and one holding anything else is refused: a typo must not empty a home)."""
    if not out.strip():
        raise JobError("--out is empty: give the folder the job writes to")
    jvm = spark.sparkContext._jvm
    try:
        path = jvm.org.apache.hadoop.fs.Path(out)
        fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        if not fs.exists(path):
            return
        names = [st.getPath().getName() for st in fs.listStatus(path)] if fs.isDirectory(path) else None
    except Exception as exc:
        from sijill.spark.inputs import java_message
        raise JobError(f"{out}: cannot be written ({java_message(exc)})") from None
    if not overwrite:
        raise JobError(f"{out} exists; give another --out folder, or --overwrite to replace "
                       "the outputs of an earlier job there")
    others = None if names is None else [n for n in names if n not in _OURS and not n.startswith((".", "_"))]
    if others is None or others:
        what = "is not a folder" if names is None else f"holds other things than a job's output ({others[0]!r})"
        raise JobError(f"{out} {what}; --overwrite only replaces a folder a job wrote")
    for name in _OURS:
        fs.delete(jvm.org.apache.hadoop.fs.Path(f"{out.rstrip('/')}/{name}"), True)


def _start_register(db: str | None) -> int | None:
    """The register opened (and made) on the driver first: a bad --db is one line before any work."""
    if not db:
        return None
    from sijill.store import RegisterError, open_register
    try:
        register = open_register(db, allow_memory=False)
    except RegisterError as exc:
        raise JobError(str(exc)) from None
    try:
        return register.start_run()
    finally:
        register.close()


def _finish_register(db: str | None, run_id: int | None, report: JobReport) -> None:
    if not db or run_id is None:
        return
    from sijill.store import open_register
    register = open_register(db, allow_memory=False)
    try:
        register.finish_run(run_id, inputs=report.pages, stored=report.stored, skipped=report.skipped,
                            failed=report.failed, events=report.events)
    finally:
        register.close()


def _fusion_stage(spark, events, settings: JobSettings, mode: str, partitions: int, columns,
                  written: dict) -> str:
    from sijill.spark import fusion, output
    if not settings.fuse:
        return "fusion across documents: not run (--no-fuse)"
    lines = events.select("telling").rdd.map(lambda row: row.telling)
    fused = output.events_of(output.records_frame(spark, fusion.fuse_lines(lines, partitions, columns), columns))
    fused_out = f"{settings.out.rstrip('/')}/fused"
    paths = output.write_events(fused, fused_out, settings.formats, mode)
    written.update({f"fused {k}": v for k, v in paths.items()})
    return f"fusion across documents: as the register fuses, written to {fused_out}"


def main(argv: list[str] | None = None) -> None:
    """spark-submit's entry point and `python -m sijill.spark`: the `sijill spark` command."""
    from sijill.cli.spark import spark
    spark.main(args=argv, prog_name="sijill.spark")


if __name__ == "__main__":
    # Through the package, so that what Spark sends to the tasks names `sijill.spark.job`, which
    # the executors import, and not this file's `__main__`.
    from sijill.spark.job import main as package_main
    package_main()
