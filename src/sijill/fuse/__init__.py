"""Stage 6: fuse. One action told several times in one document is one event.

The headline, the lead and the body often tell the same strike; a later sentence names only
"the villages" or nothing at all. Two events of one document are one when they have the same
type and day, the same acting side (named alike, a unit and the force it belongs to, or one of
them unnamed: "مسلحون", "السلطات", or no actor at all), and places that agree: the same
place, or one of them only an area (or nothing) that contains the other. Events at two
different named places stay apart (CODING_RULES §1: one event per place), and a toll told for
several of them together is not counted at each (tolls.py).

Two readings of the sides are set right on the decided events: a side does not strike itself
(`_not_its_own_target`), and a side does only what it can (doers.py: a group without aircraft
flies no air strike, an army plants no roadside bomb, no side acts upon itself).
"""
from __future__ import annotations

from functools import lru_cache

from ..knowledge.actors import side_name
from ..model import ActorRef, Event, Place, SourceRef
from ..records import replace
from ..text import fold
from .doers import able_doers, with_roles
from .tolls import share_tolls

_SPECIFIC_SUBTYPES = ("Government regains territory", "Non-state actor overtakes territory")


def fuse_document(events: list[Event]) -> list[Event]:
    from ..resolve import event_notes
    out: list[Event] = []
    merged: set[int] = set()
    # one action has one type and is background or not (merging keeps both): only the events kept
    # so far of the same type and background are compared, in the order they were kept
    kinds: dict[tuple, list[int]] = {}
    for ev in map(_not_its_own_target, events):
        same = kinds.setdefault((ev.event_type, ev.background), [])
        for i in same:
            if _same_action(out[i], ev):
                out[i] = _merge(out[i], ev)
                merged.add(i)
                break
        else:
            same.append(len(out))
            out.append(ev)
    fused = [able_doers(replace(e, notes=event_notes(e)).with_id() if i in merged else e) for i, e in enumerate(out)]
    return share_tolls(fused, event_notes, _place_key)


def _not_its_own_target(ev: Event) -> Event:
    """"ألقى الطيران المروحي براميل على بلدة تحاول قوات النظام اقتحامها": the regime's air force is
    the regime, and a side does not bomb or shell itself, so a target of the doer's own side (the
    same actor, or one a unit of the other) is no target. Only strikes: a unit may fight or arrest
    its parent ("SDF against the Deir ez-Zor Military Council"). Done on the decided events, so the
    models read the rules' own reading."""
    a1, a2 = ev.actor1, ev.actor2
    if ev.event_type != "Explosions/Remote violence" or a1 is None or a2 is None or not _one_side(a1, a2):
        return ev
    return with_roles(replace(ev, actor2=None, assoc_actor2=()), {"actor2": None, "assoc_actor2": None})


def _vague(p: Place | None) -> bool:
    """No place, a place taken from the context, or an area named as such ("ريف دير الزور"): a
    village missing from the gazetteer and coded at its district is a named place, not a vague one."""
    return p is None or p.kind in ("area", "admin", "context") or (p.kind is None and p.geo_precision >= 3)


def _place_key(p: Place) -> tuple:
    """A place named in the text is told by its gazetteer entry and, when it was coded at a coarser
    unit (a village missing from the gazetteer), by its own words too: شقرا and الجيعة, both coded
    at their district, are two places."""
    if p.geo_precision == 1 or not p.surface:
        return (p.id,)
    return (p.id, fold(p.surface))


def _places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if _place_key(a) == _place_key(b):
        return True
    if _vague(a) or _vague(b):
        return not a.admin1_pcode or not b.admin1_pcode or a.admin1_pcode == b.admin1_pcode
    return False


def _dated_by_text(e: Event) -> bool:
    return any(ev.role == "date" for s in e.sources for ev in s.evidence)


def _same_day(a: Event, b: Event) -> bool:
    """The same day, or one of them undated by its words (a headline: dated to the publication,
    week precision) within a week of the other."""
    if a.event_date == b.event_date:
        return True
    if a.event_date is None or b.event_date is None:
        return False
    if _dated_by_text(a) and _dated_by_text(b):
        return False
    return abs((a.event_date - b.event_date).days) <= 7


def _same_action(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or not _same_day(a, b) or a.background != b.background:
        return False
    if a.status == "denied" or b.status == "denied":
        return a.status == b.status and a.sub_event_type == b.sub_event_type
    if a.actor1 and b.actor1 and not _same_doer(a.actor1, b.actor1) and not _sides_swapped(a, b):
        return False
    if a.sub_event_type != b.sub_event_type and not (a.sub_event_type in _SPECIFIC_SUBTYPES
                                                     or b.sub_event_type in _SPECIFIC_SUBTYPES
                                                     or "Armed clash" in (a.sub_event_type, b.sub_event_type)):
        return False
    if not _places_agree(a.location, b.location):
        return False
    # two named places of one list are two events, even if one is "near" and coded coarser
    if a.location and b.location and not _vague(a.location) and not _vague(b.location) \
            and _place_key(a.location) != _place_key(b.location):
        return False
    return True


def _same_doer(x: ActorRef, y: ActorRef) -> bool:
    """One side told at two levels of naming: the same actor, a unit and the force it belongs to
    ("الطيران الحربي" and "قوات النظام"), or one of them unnamed ("مسلحون", "السلطات", "الجيش"
    where the other sentence names the army) and the other named."""
    if _one_side(x, y):
        return True
    unnamed = _unnamed_actors()
    return (x.id in unnamed) != (y.id in unnamed)


def _one_side(x: ActorRef, y: ActorRef) -> bool:
    """The same actor, a unit and the force it belongs to, or one side named two ways (the US
    military and the coalition it leads: knowledge/actors.py `side_name`)."""
    return x.id == y.id or x.id in y.parents or y.id in x.parents or side_name(x.id) == side_name(y.id)


def _more_specific(x: ActorRef | None, y: ActorRef | None) -> ActorRef | None:
    """Of one side's two namings, the named one, or the unit rather than the force it belongs to."""
    if x is None or y is None:
        return x or y
    unnamed = _unnamed_actors()
    if (x.id in unnamed and y.id not in unnamed) or x.id in y.parents:
        return y
    return x


@lru_cache(maxsize=1)
def _unnamed_actors() -> frozenset[str]:
    """The actors of the knowledge base that name nobody in particular (kind generic or unknown)."""
    from ..knowledge.actors import load_actors
    return frozenset(a.id for a in load_actors().actors if a.kind in ("generic", "unknown"))


def _sides_swapped(a: Event, b: Event) -> bool:
    """A clash told from the other side: "clashes between A and B" and "B fought A" (CODING_RULES
    §4 puts the side named first as actor1, so two tellings of one clash may swap them). Taking a
    place has a direction: A taking villages from B and B retaking them are two acts."""
    if a.sub_event_type != "Armed clash" or b.sub_event_type != "Armed clash" or a.actor2 is None or b.actor2 is None:
        return False
    return a.actor1.id == b.actor2.id and a.actor2.id == b.actor1.id


def _finer(a: Place | None, b: Place | None) -> Place | None:
    if a is None:
        return b
    if b is None:
        return a
    if _vague(a) and not _vague(b):
        return b
    return a if a.geo_precision <= b.geo_precision else b


def _merge(a: Event, b: Event) -> Event:
    sub = a.sub_event_type
    if b.sub_event_type in _SPECIFIC_SUBTYPES and sub not in _SPECIFIC_SUBTYPES:
        sub = b.sub_event_type
    elif sub == "Armed clash" and b.sub_event_type != "Armed clash":
        sub = b.sub_event_type
    fat, qual, fat_text = a.fatalities, a.fatalities_qualifier, a.fatalities_text
    if fat is not None and b.fatalities is not None and _vague(a.location) != _vague(b.location):
        # a toll told of the named place over one told of its area or of no place: the lead's
        # "51 killed in Deir ez-Zor, Hasakah and Raqqa" counts more than the act the body places
        # ("11 killed in the strike on al-Mayadin")
        if _vague(a.location):
            fat, qual, fat_text = b.fatalities, b.fatalities_qualifier, b.fatalities_text
    # the larger toll; of two equal ones, the one that says how sure it is ("ما لا يقل عن سبعة"
    # in the body over "سبعة" in the headline)
    elif b.fatalities is not None and (fat is None or b.fatalities > fat
                                       or (b.fatalities == fat and qual == "exact" and b.fatalities_qualifier
                                           in ("at_least", "approximate"))):
        fat, qual, fat_text = b.fatalities, b.fatalities_qualifier, b.fatalities_text
    sources = _merge_sources(a.sources, b.sources)
    dated = a if _dated_by_text(a) or not _dated_by_text(b) else b
    return replace(
        a, sub_event_type=sub, location=_finer(a.location, b.location),
        event_date=dated.event_date, date_precision=dated.date_precision,
        actor1=_more_specific(a.actor1, b.actor1), actor2=a.actor2 or b.actor2,
        assoc_actor1=a.assoc_actor1 or b.assoc_actor1, assoc_actor2=a.assoc_actor2 or b.assoc_actor2,
        fatalities=fat, fatalities_qualifier=qual, fatalities_text=fat_text, sources=sources,
        status=a.status if a.status == "reported" else b.status,
        claimed_by=a.claimed_by if a.status == "reported" or b.status != "reported" else b.claimed_by,
        confidence=max(a.confidence, b.confidence))


def _merge_sources(xs: tuple[SourceRef, ...], ys: tuple[SourceRef, ...]) -> tuple[SourceRef, ...]:
    by_doc = {s.doc: s for s in xs}
    order = [s.doc for s in xs]
    for s in ys:
        if s.doc in by_doc:
            old = by_doc[s.doc]
            by_doc[s.doc] = replace(old, evidence=_merged_evidence(old.evidence, s.evidence))
        else:
            by_doc[s.doc] = s
            order.append(s.doc)
    return tuple(by_doc[d] for d in order)


def _evidence_key(e) -> tuple:
    return (e.start, e.role)


def _merged_evidence(old: tuple, new: tuple) -> tuple:
    """The evidence of both, once each, by position. A page that tells one act again and again
    merges each telling into the event in text order: the new spans then all come after the old
    ones, and are added at the end instead of sorting the growing list again (which made a long
    repetitive page quadratic)."""
    if old and new and _evidence_key(new[0]) > _evidence_key(old[-1]) and all(
            _evidence_key(a) < _evidence_key(b) for a, b in zip(new, new[1:])):
        return old + new
    return tuple(sorted(set(old) | set(new), key=_evidence_key))
