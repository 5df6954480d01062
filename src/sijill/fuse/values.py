"""The register's values of an event told by several documents, by the coding rules.

Every source keeps its own values (`SourceRef.told`); the event's values are chosen from them:
  - place: the most specific one (a named town, village or site before an area; then the finer
    `geo_precision`); among equally specific places the one most sources give;
  - date: the best-dated day: a date the text states before one taken from the publication, the
    finer precision first; then the day most sources give; then the earliest-published source's;
  - fatalities: ACLED's most conservative credible toll, the lowest number a source states (a
    source that gives no number does not count; a stated 0 does), with that source's qualifier
    and words;
  - sub-type, acting side and target: the one most sources give (a territory taken before
    "clashes"); associated actors: every source's, once;
  - status: reported when a source reports it, else claimed (with the first claimant), else denied.
Ties go to the source published first (then by document id), so the values do not depend on the
order the documents came in. `disagreements` lists each field on which the sources differ, with
the value each source gives; `corroboration` counts the distinct outlets.
"""
from __future__ import annotations

from collections import Counter

from ..model import Disagreement, Event, SourceRef, Telling
from ..records import replace
from ..text import fold
from .across import stated_date

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_VAGUE_KINDS = ("area", "admin", "context", "unknown", "foreign")
_SPECIFIC_SUBTYPES = ("Government regains territory", "Non-state actor overtakes territory")
_STATUS_ORDER = ("reported", "claimed", "denied")


def own_source(ev: Event, doc_id: str, outlet=None, language=None, published=None) -> SourceRef:
    """The source of `ev` that is document `doc_id`'s telling, with the event's values as its own."""
    src = next((s for s in ev.sources if s.doc == doc_id), ev.sources[0] if ev.sources else None)
    if src is None:
        src = SourceRef(doc_id, outlet, language, published)
    return replace(src, doc=doc_id, outlet=src.outlet if src.outlet is not None else outlet,
                   language=src.language or language, published=src.published or published,
                   told=Telling.of(ev))


def canonical(members: list[Event]) -> list[Event]:
    """Tellings in the order ties are broken in: first published, then document id, then id."""
    def key(ev: Event):
        s = ev.sources[0]
        return (s.published is None, s.published.toordinal() if s.published else 0, s.doc, ev.event_id)
    return sorted(members, key=key)


def fused_event(members: list[Event], event_id: str) -> Event:
    """The register's event for the tellings `members` (one per document, each with its own
    source carrying its values), named `event_id`."""
    members = canonical(members)
    sources = tuple(m.sources[0] for m in members)
    corroboration = len({fold(s.outlet) if s.outlet else f"doc:{s.doc}" for s in sources})
    if len(members) == 1:
        return replace(members[0], event_id=event_id, corroboration=corroboration, disagreements=())
    from ..resolve import event_notes
    first = members[0]
    sub = _vote([m.sub_event_type for m in members], prefer=_SPECIFIC_SUBTYPES)
    typed = next(m for m in members if m.sub_event_type == sub)
    dated = _best_dated(members)
    actor1 = _vote_actor([m.actor1 for m in members])
    actor2 = _vote_actor([m.actor2 for m in members], besides=actor1)
    taken = {a.id for a in (actor1, actor2) if a}
    status = next((st for st in _STATUS_ORDER if any(m.status == st for m in members)), first.status)
    claimant = next(m for m in members if m.status == status)
    toll = min((m for m in members if m.fatalities is not None), key=lambda m: m.fatalities, default=None)
    ev = replace(
        first, event_id=event_id, sub_event_type=sub, plover_type=typed.plover_type,
        plover_mode=typed.plover_mode, status=status,
        claimed_by=claimant.claimed_by if status == "claimed" else None,
        background=all(m.background for m in members),
        event_date=dated.event_date if dated else None,
        date_precision=dated.date_precision if dated else "unknown",
        actor1=actor1, actor2=actor2,
        assoc_actor1=_union([m.assoc_actor1 for m in members], taken),
        assoc_actor2=_union([m.assoc_actor2 for m in members], taken),
        location=_most_specific(members),
        fatalities=toll.fatalities if toll else None,
        fatalities_qualifier=toll.fatalities_qualifier if toll else first.fatalities_qualifier,
        fatalities_text=toll.fatalities_text if toll else None,
        confidence=max(m.confidence for m in members),
        sources=sources, corroboration=corroboration, disagreements=disagreements(members))
    return replace(ev, notes=event_notes(ev))


def _vote(values: list, prefer=()) -> object:
    """The value most members give; a preferred one first; ties to the first member's."""
    pool = [v for v in values if v in prefer] or values
    counts = Counter(pool)
    top = max(counts.values())
    return next(v for v in pool if counts[v] == top)


def _vote_actor(actors: list, besides=None):
    named = [a for a in actors if a is not None and a.id != "UNIDENTIFIED"
             and (besides is None or a.id != besides.id)]
    if not named:
        return next((a for a in actors if a is not None and (besides is None or a.id != besides.id)), None)
    winner = _vote([a.id for a in named])
    return next(a for a in named if a.id == winner)


def _union(groups: list[tuple], taken: set[str]) -> tuple:
    out, seen = [], set(taken)
    for group in groups:
        for a in group:
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)
    return tuple(out)


def _best_dated(members: list[Event]) -> Event | None:
    dated = [m for m in members if m.event_date is not None]
    if not dated:
        return None
    rank = min((not stated_date(m), _PRECISION_RANK.get(m.date_precision, 4)) for m in dated)
    best = [m for m in dated if (not stated_date(m), _PRECISION_RANK.get(m.date_precision, 4)) == rank]
    day = _vote([m.event_date for m in best])
    return next(m for m in best if m.event_date == day)


def _specificity(p) -> tuple:
    return (p.kind in _VAGUE_KINDS, p.geo_precision)


def _most_specific(members: list[Event]):
    placed = [m.location for m in members if m.location is not None]
    if not placed:
        return None
    rank = min(_specificity(p) for p in placed)
    best = [p for p in placed if _specificity(p) == rank]
    chosen = _vote([(p.id, p.surface) for p in best])
    place = next(p for p in best if (p.id, p.surface) == chosen)
    # the names the other sources give it, so that the place can be found by any of them
    own = {place.name, place.name_ar, place.surface}
    others = [n for p in placed for n in (p.name, p.name_ar, p.surface) if n and n not in own]
    return replace(place, alternatives=tuple(dict.fromkeys(others)))


# ------------------------------------------------------------------ what the sources disagree on

def _place_key(p) -> tuple:
    # a place is its gazetteer entry; one missing from it (coded at a unit near it) its own words
    return (p.id, p.surface if p.kind == "unknown" or not p.id else None)


def _place_value(p):
    return p.name or p.surface or p.id


_FIELDS = (
    ("sub_event_type", lambda m: m.sub_event_type, lambda v: v),
    ("event_date", lambda m: m.event_date, lambda v: v.isoformat()),
    ("location", lambda m: _place_key(m.location) if m.location else None, None),
    ("actor1", lambda m: m.actor1.id if m.actor1 else None, lambda v: v),
    ("actor2", lambda m: m.actor2.id if m.actor2 else None, lambda v: v),
    ("fatalities", lambda m: m.fatalities, lambda v: v),
    ("status", lambda m: m.status, lambda v: v),
)


def disagreements(members: list[Event]) -> tuple[Disagreement, ...]:
    """Each field on which the sources that state it differ, with each source's value (a source
    silent on a field is not listed for it)."""
    out = []
    for name, get, shown in _FIELDS:
        stated = [(m, get(m)) for m in members if get(m) is not None]
        if len({v for _, v in stated}) < 2:
            continue
        if name == "location":
            values = tuple((m.sources[0].doc, _place_value(m.location)) for m, _ in stated)
        else:
            values = tuple((m.sources[0].doc, shown(v)) for m, v in stated)
        out.append(Disagreement(name, values))
    return tuple(out)
