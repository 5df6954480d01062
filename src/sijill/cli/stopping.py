"""A polite stop: SIGTERM (a service manager, `kill`, a batch system's time limit) asks a run to
stop after the document in hand, so that the documents read are stored (`ingest` commits the
batch it holds, store/batching.py), what is stored is whole and the summary is printed."""
from __future__ import annotations

import signal
import threading


class StopRequest:
    """While active, SIGTERM sets `requested` instead of killing the process; a second SIGTERM
    while a stop is pending stops at once, as the default would."""

    def __init__(self):
        self.requested = False
        self._previous = None

    def __enter__(self) -> "StopRequest":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, self._on_term)
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)

    def _on_term(self, signum, frame) -> None:
        if self.requested:
            raise SystemExit(128 + signum)
        self.requested = True
