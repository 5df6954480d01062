"""Extraction in several processes (`--jobs N`): the reading, the skip check and the order stay
in the calling process; worker processes only extract.

Each worker holds one Pipeline (knowledge and models loaded once): on Linux the workers are
forked from a process that has loaded it, so they share its memory and start at once; elsewhere
they load it themselves. Documents go out in input order, in batches of a few, and their
results come back in the same order, at most a few batches per worker in flight, so memory stays
bounded on any number of pages.
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
# Documents go to a worker a few at a time: each task costs the calling process a hand-over
# between its threads, a pickling and a wake-up, and one task a page made that process, which
# also reads every page, the bottleneck (1,500 dev article pages, --jobs 2: 3.4 s of its CPU
# with one page a task, 1.7 s with eight).
BATCH = 8
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
    pending: deque = deque()        # Results ready, or (documents, the pool's handle of their results)
    limit = jobs * _IN_FLIGHT_PER_WORKER
    # A worker that dies (killed for memory) loses its task: waiting is bounded by the time
    # budget, after which the pages are reported instead of the run hanging.
    wait = (pipeline.options.doc_timeout * 2 * BATCH + 60) if pipeline.options.doc_timeout > 0 else None
    batch: list[Document] = []

    def send() -> None:
        pending.append((tuple(batch), pool.apply_async(_extract, (tuple(batch),))))
        batch.clear()

    try:
        for item in items:
            if isinstance(item, Result):
                if batch:
                    send()          # the order: the documents before this one go first
                pending.append(item)
            else:
                batch.append(item)
                # a full batch goes; so does a short one while a worker may be idle, so that a
                # slow stream of pages is extracted as it comes, not eight at a time
                if len(batch) == BATCH or sum(not isinstance(e, Result) for e in pending) < jobs:
                    send()
            while len(pending) > limit or (pending and _ready(pending[0])):
                yield from _results(pending.popleft(), wait)
        if batch:
            send()
        while pending:
            yield from _results(pending.popleft(), wait)
    finally:
        pool.terminate()            # also when the caller stops early (Ctrl-C, SIGTERM, an error)
        pool.join()
        _PIPELINE = None


def _ready(entry) -> bool:
    return isinstance(entry, Result) or entry[1].ready()


def _results(entry, wait: float | None) -> Iterator[Result]:
    if isinstance(entry, Result):
        yield entry
        return
    docs, handle = entry
    try:
        found = handle.get(wait)
    except multiprocessing.TimeoutError:
        problem = f"no answer from its worker process in {wait:g} s (was it killed?); the page is left out"
    except Exception as exc:     # the results could not come back (pickling)
        problem = f"extraction failed in its worker process: {type(exc).__name__}: {exc}"
    else:
        for doc, (source, events, problem) in zip(docs, found):
            yield Result(source, doc, events, problem)
        return
    for doc in docs:
        source = doc.source or doc.id
        yield Result(source, doc, (), InputProblem(source, problem))


def _quiet_worker() -> None:
    # Ctrl-C and SIGTERM are the calling process's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start_worker(options: Options) -> None:
    global _PIPELINE
    _quiet_worker()
    _PIPELINE = Pipeline(options)


def _extract(docs: tuple[Document, ...]) -> list[tuple]:
    # the documents stay with the calling process, which has them: only what extraction found
    # comes back (their text would cross between the processes twice)
    out = []
    for doc in docs:
        result = extract_one(_PIPELINE, doc)
        out.append((result.source, result.events, result.problem))
    return out
