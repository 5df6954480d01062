"""Extraction in several processes (`--jobs N`): the reading, the skip check and the order stay
in the calling process; worker processes only extract.

Each worker holds one Pipeline (knowledge and models loaded once): on Linux the workers are
forked from a process that has loaded it, so they share its memory and start at once; elsewhere
they load it themselves. Documents go out in input order and their results come back in the same
order, at most a few per worker in flight, so memory stays bounded on any number of pages.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from typing import Iterable, Iterator

from .model import Document, InputProblem, Options
from .pipeline import Pipeline, Result, extract_one

_IN_FLIGHT_PER_WORKER = 4
_PIPELINE: Pipeline | None = None     # the worker's own, set before or at its start


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def extract_in_workers(items: Iterable[Result | Document], pipeline: Pipeline, jobs: int) -> Iterator[Result]:
    """The Result of every item, in order: Results pass through, Documents are extracted by
    `jobs` worker processes."""
    global _PIPELINE
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:
        _PIPELINE = pipeline        # inherited by the forked workers
        pool = context.Pool(jobs, initializer=_quiet_worker)
    else:
        pool = context.Pool(jobs, initializer=_start_worker, initargs=(pipeline.options,))
    pending: deque = deque()        # Results ready, or (document, the pool's handle of its result)
    limit = jobs * _IN_FLIGHT_PER_WORKER
    # A worker that dies (killed for memory) loses its task: waiting is bounded by the time
    # budget, after which the page is reported instead of the run hanging.
    wait = pipeline.options.doc_timeout * 2 + 60 if pipeline.options.doc_timeout > 0 else None
    try:
        for item in items:
            pending.append(item if isinstance(item, Result) else (item, pool.apply_async(_extract, (item,))))
            while len(pending) > limit or (pending and _ready(pending[0])):
                yield _result(pending.popleft(), wait)
        while pending:
            yield _result(pending.popleft(), wait)
    finally:
        pool.terminate()            # also when the caller stops early (Ctrl-C, SIGTERM, an error)
        pool.join()
        _PIPELINE = None


def _ready(entry) -> bool:
    return isinstance(entry, Result) or entry[1].ready()


def _result(entry, wait: float | None) -> Result:
    if isinstance(entry, Result):
        return entry
    doc, handle = entry
    try:
        source, events, problem = handle.get(wait)
        return Result(source, doc, events, problem)
    except multiprocessing.TimeoutError:
        problem = f"no answer from its worker process in {wait:g} s (was it killed?); the page is left out"
    except Exception as exc:     # the result could not come back (pickling)
        problem = f"extraction failed in its worker process: {type(exc).__name__}: {exc}"
    source = doc.source or doc.id
    return Result(source, doc, (), InputProblem(source, problem))


def _quiet_worker() -> None:
    # Ctrl-C and SIGTERM are the calling process's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start_worker(options: Options) -> None:
    global _PIPELINE
    _quiet_worker()
    _PIPELINE = Pipeline(options)


def _extract(doc: Document) -> tuple:
    # the document stays with the calling process, which has it: only what extraction found
    # comes back (its text would cross between the processes twice)
    result = extract_one(_PIPELINE, doc)
    return result.source, result.events, result.problem
