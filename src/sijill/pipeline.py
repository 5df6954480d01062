"""The flow from pages to events, one stage after another.

Stages (each a module with one public entry point):
  1. ingest    `ingest.iter_documents`      files, folders, JSON lines, WARC -> Document (clean text)
  2. text      `text.analyse`               language, normalised text with offset map, sentences
  3. mentions  `extract.find_mentions`      actors, places, triggers, numbers, dates, cues
  4. frames    `extract.build_frames`       a trigger with its roles, status and evidence
  5. resolve   `resolve.resolve_frames`     dates, places, actors, fatalities, claims -> candidate Event
  5b. decide   `learn.decide`               trained models keep the candidates that are events
  6. fuse      `fuse.fuse_document`         one event per action and place within a document
The store (`store/`) and the exporters (`export/`) take the events from here.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from .model import Document, Event, InputProblem, Options


@dataclass(frozen=True, slots=True)
class Result:
    """What one input gave: a document and its events, or a problem."""
    source: str
    document: Document | None
    events: tuple[Event, ...]
    problem: InputProblem | None = None
    skipped: bool = False       # the caller's `skip` said this document needs no extraction


@dataclass(frozen=True)
class Reading:
    """What stages 2-4 found in one document: the analysed text and its mentions (`view`), the
    frames the rules built, and the resolved place of every place mention (`place_of`)."""
    view: object                # learn.features.DocView
    frames: list
    place_of: dict


class Pipeline:
    """Knowledge and models loaded once; `extract` runs stages 2-6 on one document."""

    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        from .knowledge import load_knowledge
        from .learn import load_models
        self.knowledge = load_knowledge(self.options)
        self.models = load_models(self.options)

    def read(self, doc: Document) -> Reading:
        """Stages 2-4, and the places of the page resolved."""
        from .extract import build_frames, find_mentions
        from .learn.features import DocView
        from .resolve import place_table
        from .text import analyse
        if doc.published is None and self.options.published is not None:
            doc = replace(doc, published=self.options.published)
        analysed = analyse(doc, self.options)
        mentions = find_mentions(analysed, self.knowledge)
        frames = build_frames(analysed, mentions, self.knowledge)
        return Reading(DocView(analysed, mentions, knowledge=self.knowledge), frames,
                       place_table(mentions, self.knowledge))

    def resolve(self, reading: Reading, frames: list, features: bool = True) -> list:
        """Stage 5 on the given frames: the candidate events, each with its frame and (unless
        `features` is false: no model to read them) its features, as `learn.Candidate`s."""
        from .learn import Candidate
        from .learn.features import DocView, event_features, one_sentence
        from .resolve import resolve_frames
        v = reading.view
        origin: list[int] = []
        events = resolve_frames(v.analysed, frames, v.mentions, self.knowledge, self.options, origin,
                                reading.place_of)
        view = DocView(v.analysed, v.mentions, candidates=len(events), knowledge=self.knowledge)
        short = one_sentence(v.analysed)
        return [Candidate(ev, frames[i], event_features(view, frames[i], ev) if features else {}, short)
                for ev, i in zip(events, origin)]

    def candidates(self, doc: Document, features: bool = True) -> list:
        """Stages 2-5: the frames, placed by the place model and given their acting side by the
        actor model, resolved into candidate events."""
        return self._candidates(doc, features)[0]

    def _candidates(self, doc: Document, features: bool | None = None):
        """The candidates and the models that judge them (those of the document's language)."""
        from .learn.actors import choose_actors
        from .learn.places import choose_places
        r = self.read(doc)
        models = self.models.for_language(r.view.analysed.language)
        frames = choose_places(r.view, r.frames, r.place_of, models.place)
        frames = choose_actors(r.view, frames, models.roles)
        return self.resolve(r, frames, models.event is not None if features is None else features), models

    def extract(self, doc: Document) -> list[Event]:
        from .fuse import fuse_document
        from .learn import decide
        candidates, models = self._candidates(doc)
        return fuse_document(decide(candidates, models))


def run(paths: Iterable[str], options: Options | None = None,
        skip: Callable[[Document], bool] | None = None, jobs: int = 1) -> Iterator[Result]:
    """Read every input and extract its events, in input order; problems are yielded, never raised.

    `skip(document)` true: the document is yielded without extraction (`skipped=True`), so a
    re-run over a register that already holds it costs only the reading. A document whose text
    is longer than `options.max_chars`, or whose extraction takes longer than
    `options.doc_timeout` seconds, is a problem of that document and the run goes on.
    `jobs` > 1: extraction runs in that many worker processes (`workers.py`); reading, the skip
    check and the order of the results stay here, so the results are the same as with one."""
    options = options or Options()
    pipeline = Pipeline(options)
    items = prepared(paths, options, skip)
    if jobs > 1:
        from .workers import extract_in_workers
        yield from extract_in_workers(items, pipeline, jobs)
        return
    for item in items:
        yield item if isinstance(item, Result) else extract_one(pipeline, item)


def prepared(paths: Iterable[str], options: Options,
             skip: Callable[[Document], bool] | None) -> Iterator[Result | Document]:
    """The inputs read: a Result where nothing is left to do (a problem, a page skipped or over
    the size budget), else the Document to extract."""
    from .ingest import iter_documents
    for item in iter_documents(paths, options):
        if isinstance(item, InputProblem):
            yield Result(item.source, None, (), item)
            continue
        source = item.source or item.id
        # Everything done to one document is guarded as one: a failure in the skip check
        # (hashing) or the budget is that document's problem, never the run's.
        try:
            if item.published is None and options.published is not None:
                item = replace(item, published=options.published)
            if skip is not None and skip(item):
                yield Result(source, item, (), skipped=True)
                continue
            if len(item.text) > options.max_chars:
                yield Result(source, item, (), InputProblem(source, (
                    f"text of {len(item.text):,} characters is over the extraction limit of "
                    f"{options.max_chars:,} (--max-chars); split the page or raise the limit")))
                continue
        except Exception as exc:
            yield Result(source, item, (), InputProblem(source, f"could not be prepared: {type(exc).__name__}: {exc}"))
            continue
        yield item


def extract_one(pipeline: Pipeline, doc: Document) -> Result:
    """One document's events under its time budget; a failure is that document's problem."""
    source = doc.source or doc.id
    timeout = pipeline.options.doc_timeout
    try:
        with time_budget(timeout):
            events = pipeline.extract(doc)
    except OverBudget:
        return Result(source, doc, (), InputProblem(source, (
            f"extraction took longer than {timeout:g} s (--doc-timeout) and was "
            f"stopped; the page ({len(doc.text):,} characters) is left out")))
    except Exception as exc:  # a bug on one page must not lose the rest of the run
        return Result(source, doc, (), InputProblem(source, f"extraction failed: {type(exc).__name__}: {exc}"))
    return Result(source, doc, tuple(events))


class OverBudget(BaseException):
    """Raised inside a document's extraction when its time is up. A BaseException, so that no
    `except Exception` of a stage mistakes it for a failure of its own and carries on."""


@contextlib.contextmanager
def time_budget(seconds: float):
    """Raise OverBudget in the block after `seconds` (wall clock). Needs POSIX timers and the
    main thread; elsewhere (or with seconds <= 0) the block runs without a limit."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(signum, frame):
        raise OverBudget()

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
