"""One toll counted once: a death toll told for several places together is not copied to each.

"قتل 10 مدنيين في قصف على بلدتي كفرنبل ومعرة النعمان" is one event per place (CODING_RULES §1)
and ten dead in all, not ten at each. When the events of a page read their toll from the same
words and stand at different places, the toll cannot be split among them: each event's
fatalities are unknown (null) and its notes keep the total and the words that gave it, so the
register's tolls add up to what the pages say. The one exception is a toll that names its place
right after it ("بلدات كفرنبل ومعرة النعمان وسراقب، ما أدى لمقتل 4 مدنيين في مدينة سراقب"):
resolve gives that place's event the words as location evidence, and it keeps the toll while the
others have none of it. A place whose event took its own toll from other words (fuse/__init__.py
`_merge`: a lead's total for its area, the body's toll for the town) still counts among the places
the total was told for.
"""
from __future__ import annotations

from collections import defaultdict

from ..model import Event
from ..records import replace

# the place named right after a toll's words ("مقتل 4 مدنيين في مدينة سراقب"): a preposition and a
# place word between them at most (resolve finds that place with the same distance)
TOLL_PLACE_GAP = 12


def share_tolls(events: list[Event], notes_of, place_key) -> list[Event]:
    """The page's events (one document's, fused) with each toll shared by several places made
    unknown at each of them, the total kept in the notes. `notes_of(event)` writes an event's
    notes from its fields (resolve.event_notes); `place_key(place)` tells two places apart as the
    page's fusion does (a village missing from the gazetteer is its own words, not its district).
    Quarters of one city named in a list are still several places here, as they are several
    events: their toll is not split either."""
    def _where(ev: Event) -> tuple:
        return place_key(ev.location) if ev.location is not None else (None,)

    spans = [_toll_span(ev) for ev in events]
    by_words: dict[tuple, list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        if span is not None:
            by_words[span].append(i)
    # a place whose event took its own toll from other words (in-page fusion keeps the toll told of
    # the named place over its area's) still shares the total those words gave with the others
    beside: dict[tuple, set] = defaultdict(set)
    for ev, own in zip(events, spans):
        for source in ev.sources:
            for e in source.evidence:
                span = (source.doc, e.start, e.end)
                if e.role == "fatalities" and span != own and span in by_words:
                    beside[span].add(_where(ev))
    out = list(events)
    for (doc, start, end), shared in by_words.items():
        places = {_where(events[i]) for i in shared} | beside[(doc, start, end)]
        if len(places) < 2:
            continue
        owners = [i for i in shared if _names_place_after(events[i], doc, end)]
        owner = _where(events[owners[0]]) if owners and len({_where(events[i]) for i in owners}) == 1 else None
        for i in shared:
            if _where(events[i]) != owner:
                out[i] = _unsplit(events[i], len(places), doc, (start, end), notes_of)
    return out


def _toll_span(ev: Event) -> tuple | None:
    """(document, start, end) of the words that gave the event its toll, if it has one."""
    if not ev.fatalities or not ev.fatalities_text:
        return None
    for source in ev.sources:
        for e in source.evidence:
            if e.role == "fatalities" and e.text == ev.fatalities_text:
                return source.doc, e.start, e.end
    return None


def _names_place_after(ev: Event, doc: str, end: int) -> bool:
    """Whether resolve gave the event the place its toll names: a location evidence right after
    the toll's words besides the event's own place, its first (the first place of a list right
    after the toll is that item's own, and names no item's toll)."""
    starts = sorted(e.start for s in ev.sources if s.doc == doc for e in s.evidence if e.role == "location")
    return any(0 <= start - end <= TOLL_PLACE_GAP for start in starts[1:])


def _unsplit(ev: Event, places: int, doc: str, span: tuple[int, int], notes_of) -> Event:
    total, words = ev.fatalities, ev.fatalities_text
    sources = tuple(replace(s, evidence=tuple(e for e in s.evidence
                                              if not (s.doc == doc and e.role == "fatalities"
                                                      and (e.start, e.end) == span)))
                    for s in ev.sources)
    ev = replace(ev, fatalities=None, fatalities_qualifier=None, fatalities_text=None, sources=sources)
    note = (f" {total} killed in all at {places} places, told together and not split by place "
            f"(\"{words}\").")
    return replace(ev, notes=notes_of(ev) + note).with_id()
