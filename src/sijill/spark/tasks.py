"""What runs inside a Spark partition: read, extract, store, count. Nothing here imports pyspark
except `SparkFiles`, and only on an executor.

A partition loads one `Pipeline` (the knowledge and the models; a Python worker that Spark reuses
keeps them cached, so the next partition's load is milliseconds) and runs, for each document, the
functions `sijill extract` runs: `pipeline.prepared` (reading, the --max-chars budget) and
`pipeline.extract_one` (extraction under --doc-timeout). Its events are therefore the CLI's.

A record that fails (unreadable, over a budget, extraction failed, could not be stored) never
fails the task: it is counted, logged on the executor's standard error with its source, and
given out as a failure row for the job's `failures` table.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, NamedTuple

from ..model import Document, Event, InputProblem, Options
from .fusion import telling_line
from .output import event_record, failure_record

log = logging.getLogger("sijill.spark")


@dataclass(frozen=True, slots=True)
class TaskSettings:
    """What every task needs: the options, and the files the driver shipped with `addFile`
    (the gazetteer and the model folder, fetched with SparkFiles on the executor)."""
    options: Options
    db: str | None = None
    shipped_gazetteer: str | None = None
    shipped_model: str | None = None
    columns: tuple[tuple[str, str], ...] = ()     # the Parquet columns (output.parquet_columns)
    tellings: bool = False                        # give each event's telling (the fusion stage's)

    def executor_options(self) -> Options:
        if not (self.shipped_gazetteer or self.shipped_model):
            return self.options
        from pyspark import SparkFiles
        changes = {}
        if self.shipped_gazetteer:
            changes["gazetteer_path"] = SparkFiles.get(self.shipped_gazetteer)
        if self.shipped_model:
            changes["model_dir"] = SparkFiles.get(self.shipped_model)
        return replace(self.options, **changes)


class Counters(NamedTuple):
    """Spark accumulators, added to on the executors and read on the driver at the end."""
    pages: object       # records read from the inputs (documents and unreadable records)
    failed: object      # records that gave no events because of a problem (logged, in `failures`)
    events: object      # events given out
    stored: object      # documents stored in the register (--db)
    skipped: object     # documents the register already held with the same content

    @classmethod
    def create(cls, sc) -> "Counters":
        return cls(*(sc.accumulator(0) for _ in cls._fields))

    def values(self) -> dict[str, int]:
        return {name: acc.value for name, acc in zip(self._fields, self)}


# ---------------------------------------------------------------- reading

def read_entries(entries: Iterable, options: Options) -> Iterator:
    """The prepared items (a Document to extract, or a finished Result) of a partition's entries:
    groups of local InputFiles, or `(uri, bytes)` pairs from binaryFiles."""
    for entry in entries:
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], (bytes, bytearray)):
            yield from _spooled(entry[0], entry[1], options)
        else:
            for f in entry if isinstance(entry, tuple) else (entry,):
                yield from _prepared(f.path, options)


def _prepared(path: str, options: Options) -> Iterator:
    from ..pipeline import prepared
    yield from prepared([path], options, None)


def _spooled(uri: str, data: bytes, options: Options) -> Iterator:
    """A remote file's bytes written to a local temporary file under the same name (ids of JSON
    lines without one come from it), read there, with its sources named by the URI."""
    from ..pipeline import Result
    folder = None
    try:
        folder = tempfile.mkdtemp(prefix="sijill-spark-")
        local = os.path.join(folder, uri.rstrip("/").rsplit("/", 1)[-1] or "input")
        with open(local, "wb") as f:
            f.write(data)
    except OSError as exc:      # no room on the executor's disk: this file only
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        yield Result(uri, None, (), InputProblem(uri, f"could not be copied to the executor's disk "
                                                      f"({exc.strerror or exc})"))
        return
    del data
    try:
        for item in _prepared(local, options):
            yield _renamed(item, local, uri)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _renamed(item, local: str, uri: str):
    from ..pipeline import Result

    def name(s: str | None) -> str | None:
        return uri + s[len(local):] if s and s.startswith(local) else s

    if isinstance(item, Document):
        return replace(item, source=name(item.source))
    problem = item.problem
    if problem is not None:
        problem = InputProblem(name(problem.source), problem.problem.replace(local, uri))
    doc = replace(item.document, source=name(item.document.source)) if item.document else None
    return Result(name(item.source), doc, item.events, problem, item.skipped)


# ---------------------------------------------------------------- extracting

def extract_partition(items: Iterable, settings: TaskSettings, counters: Counters,
                      read: bool = True) -> Iterator[tuple]:
    """One partition: a row of output.records_schema for each event and each failed record.
    `read`: the items are entries to read first (else prepared items)."""
    from ..pipeline import Pipeline, Result, extract_one
    options = settings.executor_options()
    if read:
        items = read_entries(items, options)
    pipeline = None
    store = _Store(settings.db, counters) if settings.db else None
    try:
        for item in items:
            counters.pages.add(1)
            if isinstance(item, Result):
                result = item
            else:
                pipeline = pipeline or Pipeline(options)
                result = extract_one(pipeline, item)
            for warning in getattr(result.document, "warnings", ()):
                log.warning("sijill spark: warning: %s", warning)
            if result.problem is not None or result.document is None:
                counters.failed.add(1)
                yield _failure(result.problem or InputProblem(result.source, "nothing read"), settings)
                continue
            try:
                told = (lambda ev: telling_line(ev, result.document)) if settings.tellings else (lambda ev: None)
                rows = [event_record(ev, settings.columns, told(ev)) for ev in result.events]
            except Exception as exc:    # a bug turning one page's events into rows: that page only
                counters.failed.add(1)
                yield _failure(InputProblem(result.source, f"events could not be written: "
                                                           f"{type(exc).__name__}: {exc}"), settings)
                continue
            if store is not None:
                store.put(result.document, result.events)
                yield from _store_failures(store, counters, settings)
            counters.events.add(len(rows))
            yield from rows
    finally:
        if store is not None:
            store.close()
    if store is not None:
        yield from _store_failures(store, counters, settings)


def _store_failures(store: "_Store", counters: Counters, settings: TaskSettings) -> Iterator[tuple]:
    for problem in store.problems():
        counters.failed.add(1)
        yield _failure(problem, settings)


def _failure(problem: InputProblem, settings: TaskSettings) -> tuple:
    log.warning("sijill spark: failed: %s", problem)
    return failure_record(problem.source, problem.problem, settings.columns)


class _Store:
    """The register --db, opened once a partition (and only if it has a document to store), its
    documents stored a batch at a time as `sijill ingest` stores them (store/batching.py: one
    transaction every 100 documents or every second, and at the end of the partition).
    Concurrent partitions writing to one register is what the register is built for.

    A document the register cannot take is its own failure, known when its batch is stored:
    `problems()` gives those known so far. A register that cannot be written at all fails the
    documents waiting, and the next one tries again; their events are still written."""

    def __init__(self, db: str, counters: Counters):
        self.db, self.counters, self.register, self.batch = db, counters, None, None
        self._problems: list[InputProblem] = []

    def put(self, doc: Document, events: tuple[Event, ...]) -> None:
        from ..store import open_register
        from ..store.batching import Batch, StoreStopped
        source = doc.source or doc.id
        try:
            if self.batch is None:
                self.register = self.register or open_register(self.db, allow_memory=False)
                self.batch = Batch(self.register, self._done)
            self.batch.add(source, doc, events)
        except StoreStopped as exc:
            self._stopped(exc)
        except Exception as exc:    # the register could not be opened: this document, counted and logged
            self._problems.append(_not_stored(source, exc))

    def problems(self) -> list[InputProblem]:
        out, self._problems = self._problems, []
        return out

    def _done(self, source: str, outcome) -> None:
        if isinstance(outcome, Exception):
            self._problems.append(_not_stored(source, outcome))
        else:
            (self.counters.skipped if outcome.status == "skipped" else self.counters.stored).add(1)

    def _stopped(self, exc) -> None:
        for source in self.batch.drop():
            self._problems.append(_not_stored(source, exc.error))

    def close(self) -> None:
        from ..store.batching import StoreStopped
        try:
            if self.batch is not None:
                self.batch.flush()
        except StoreStopped as exc:
            self._stopped(exc)
        finally:
            if self.batch is not None:
                self.batch.close()
            if self.register is not None:
                self.register.close()


def _not_stored(source: str, exc: Exception) -> InputProblem:
    text = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
    return InputProblem(source, f"could not be stored in the register: {type(exc).__name__}: {text}")
