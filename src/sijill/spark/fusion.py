"""The job's second stage: one event told by several documents becomes one event.

What it does: the job's events, grouped by a block key of date window and area (the event's month,
YYYY-MM or "undated", and its governorate's P-code, or its admin1 name, or "unplaced"), each group
handed whole to the cross-document fusion of `sijill.fuse`, the function the register uses when it
stores a document, so that the job and the register fuse with the same code. The fused events go to
DIR/fused/ (Parquet and JSON lines, by month); the per-document events of DIR/parquet and
DIR/jsonl stay as `sijill extract` gives them.

The contract it calls (FUSER in `sijill.fuse`):

    fuse_across_documents(events: list[Event]) -> list[Event]

the events of many documents (each event's `sources` name its document) in, the fused events out,
each keeping every source with its own values; the same events in any order give the same result.

`fuse_document` (one page's tellings) is not used here: its rules (a vague place within the same
governorate joins a named one, a headline dated to the publication joins a report within a week)
are right inside one article and would join different strikes of different outlets, and the ids
it gives depend on the order of the documents. While FUSER is absent the stage reports so and
writes nothing.

The register's fusion across documents (issue 13: `fuse/across.py`, `fuse/values.py`,
`store/fusion.py`, being written when this was) compares *reports* made with each document's text
(`report_of(event, text, published)`: the words of the sentence that tells it), groups linked
reports (`clusters`), names each group by its first-published telling and takes its values with
`fused_event`. Wiring that here means: make each event's telling (`own_source`) and report in the
extraction partition, where the text is; block by event family and date window (a window can span
a month's end) and governorate, a report without a place going to every governorate of its
window; score the pairs of each block; group the linked reports; name and fuse each group as the
register does. Exposed as FUSER over events whose reports travel with them, it plugs in here.

A known limit of the block key: two tellings of one event dated either side of a month's end, or
coded to two governorates, fall in different groups and are not compared.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..model import Event

FUSER = "fuse_across_documents"

Fuser = Callable[[list[Event]], list[Event]]


def available_fuser() -> Fuser | None:
    """sijill.fuse's cross-document fusion, or None while it has none."""
    from .. import fuse
    return getattr(fuse, FUSER, None)


def block_key(ev: Event) -> tuple[str, str]:
    from .output import month_of
    loc = ev.location
    area = (loc.admin1_pcode or loc.admin1) if loc is not None else None
    return month_of(ev), area or "unplaced"


def fuse_group(events: Iterable[Event], fuser: Fuser) -> list[Event]:
    """One block's events, in a fixed order (so a fuser that depends on order still gives one
    answer), fused."""
    ordered = sorted(events, key=lambda e: (e.event_date.isoformat() if e.event_date else "", e.event_id))
    return list(fuser(ordered))


def fuse_lines(lines, fuser: Fuser, partitions: int, columns: tuple[tuple[str, str], ...]):
    """An RDD of event JSON lines -> an RDD of `output.event_record` rows of the fused events."""
    from .output import event_from_line, event_record

    def keyed(line: str):
        return block_key(event_from_line(line)), line

    def fused(group):
        evs = [event_from_line(line) for line in group[1]]
        return [event_record(ev if ev.event_id else ev.with_id(), columns) for ev in fuse_group(evs, fuser)]

    return lines.map(keyed).groupByKey(numPartitions=partitions).flatMap(fused)
