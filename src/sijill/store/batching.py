"""Storing as fast as extracting: the documents of a run stored several to a transaction.

A commit costs more than storing a document does (SQLite syncs its log, PostgreSQL waits for the
server), so `sijill ingest` hands its documents to a `Batch`, which holds them and stores them
together (`Register.store_batch`: one transaction, one commit, each event written once) every
`size` documents or `seconds` after the first one waiting, whichever comes first (or sooner when
their texts are long), and when asked
(`flush`: at the end of a run, before a progress line, on Ctrl-C and SIGTERM).

What the register holds is what storing the documents one at a time, in the same order, gives:
the same events, ids, sources and links (fusion of a document sees the events of the documents
before it, those of its own batch included), and `has_document` sees the documents waiting.

Whole or absent: a batch is one transaction, so a process killed anywhere leaves every document
stored whole or not at all; the documents still waiting are not stored, and the same command run
again stores them. A batch that fails is undone and its documents stored again one at a time,
each in its own transaction: a document the register cannot take is its own error (given to
`done`), the others are stored. A failure of the database itself (`sa.exc.OperationalError`: gone,
locked past the wait, disk full) would fail every next document too: it stops the run
(`StoreStopped`), what was committed staying committed.
"""
from __future__ import annotations

import time
from typing import Callable, Iterable

import sqlalchemy as sa

from ..model import Document, Event
from .register import Register, StoreOutcome
from .rows import without_nul

# A batch of 100 article pages is stored in about a tenth of a second on a laptop: the write
# lock is held that long (other writers wait for it), a commit is shared by 100 pages, and a
# killed run loses at most a second of work, which the same command run again redoes. Pages of
# millions of characters are stored sooner, so that a batch holds at most about 20 MB of text.
BATCH_DOCUMENTS = 100
BATCH_SECONDS = 1.0
BATCH_CHARACTERS = 10_000_000


class StoreStopped(Exception):
    """The register could not be written at all while storing the document `tag` names."""

    def __init__(self, tag, error: Exception):
        super().__init__(str(error))
        self.tag = tag
        self.error = error


class Batch:
    """Documents waiting to be stored in one transaction.

    `done(tag, outcome)` is called for each document once it is committed (a `StoreOutcome`) or
    has failed (the exception), in the order they were added; `tag` is what the caller gave
    with the document (`sijill ingest` gives its Result, to count and report it).
    """

    def __init__(self, register: Register, done: Callable[[object, StoreOutcome | Exception], None], *,
                 replace: bool = False, size: int | None = None, seconds: float | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 lost_repeats: Callable[[str, int, Exception], None] | None = None):
        self.size = BATCH_DOCUMENTS if size is None else size
        self.seconds = BATCH_SECONDS if seconds is None else seconds
        if self.size < 1:
            raise ValueError(f"batch size {self.size}: at least 1 document")
        self.register = register
        self.replace = replace
        self._done = done
        self._clock = clock
        self._waiting: list[tuple[object, Document, list[Event]]] = []
        self._latest: dict[str, Document] = {}    # id as stored -> its last waiting document
        self._since: float | None = None
        self._characters = 0
        self._reader = None         # SQLite: a connection of its own for the skip checks
        # copies of a waiting document that the skip check passed over: if that document then
        # fails, `lost_repeats(id, copies, error)` says so (they were skipped, and nothing is stored)
        self._lost_repeats = lost_repeats
        self._leaning: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def has_document(self, id: str, content_hash: str | None = None) -> bool:
        """Whether the document is stored or waiting (with this content, when a hash is given)."""
        key = without_nul(id)
        waiting = self._latest.get(key)
        if waiting is not None:
            same = content_hash is None or waiting.content_hash == content_hash
            if same:
                self._leaning[key] = self._leaning.get(key, 0) + 1
            return same
        if self.register.engine.dialect.name != "sqlite":
            return self.register.has_document(id, content_hash)
        # Asked before every page: on a connection kept for it, a plain read (SQLite runs it in
        # no transaction of ours, so it holds nothing between pages) took 30-110 µs in the middle
        # of an ingest, against 250 µs through a connection taken from the pool and given back.
        if self._reader is None:
            self._reader = self.register.engine.connect()
        return self.register.has_document(id, content_hash, connection=self._reader)

    def close(self) -> None:
        """Give back the connection of the skip checks (the documents waiting stay waiting)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def add(self, tag, document: Document, events: Iterable[Event]) -> None:
        """Hand a document over; the batch is stored when it is full or has waited long enough."""
        if not self._waiting:
            self._since = self._clock()
        self._waiting.append((tag, document, list(events)))
        self._latest[without_nul(document.id)] = document
        self._characters += len(document.text)
        if (len(self._waiting) >= self.size or self._characters >= BATCH_CHARACTERS
                or self._clock() - self._since >= self.seconds):
            self.flush()

    def flush(self) -> None:
        """Store every waiting document now. Interrupted (Ctrl-C), the documents not committed
        are still waiting: a later `flush` stores them."""
        if not self._waiting:
            return
        items = list(self._waiting)
        try:
            outcomes = self.register.store_batch([(doc, evs) for _, doc, evs in items], replace=self.replace)
        except Exception:
            self._one_at_a_time()
            return
        self._clear()
        for (tag, _, _), outcome in zip(items, outcomes):
            self._done(tag, outcome)

    def drop(self) -> list:
        """Give up the documents waiting (the register could not be written): their tags, in the
        order they were added. Nothing of them is stored."""
        tags = [tag for tag, _, _ in self._waiting]
        self._clear()
        return tags

    def _one_at_a_time(self) -> None:
        while self._waiting:
            tag, doc, evs = self._waiting[0]
            try:
                outcome = self.register.store(doc, evs, replace=self.replace)
            except sa.exc.OperationalError as exc:
                raise StoreStopped(tag, exc) from None
            except Exception as exc:       # this document's data: its own error
                outcome = exc
                key = without_nul(doc.id)
                copies = self._leaning.pop(key, 0) if self._latest.get(key) is doc else 0
                if copies and self._lost_repeats is not None:
                    self._lost_repeats(doc.id, copies, exc)
            self._waiting.pop(0)
            self._done(tag, outcome)
        self._clear()

    def _clear(self) -> None:
        self._waiting, self._latest, self._since, self._characters = [], {}, None, 0
        self._leaning = {}
