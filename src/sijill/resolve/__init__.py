"""Stage 5: resolve. Frames become events: dates, places, canonical actors and fatalities.

Only what the text presents as having happened becomes an event (status reported or claimed;
denied is kept but marked). One frame naming several places becomes one event per place.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from ..model import ActorRef, Event, EventFrame, Evidence, Mention, Options, Place, SourceRef
from ..records import replace
from ..text import AnalysedDocument, fold
from ..extract.constructions import TALLY_COUNT
from ..extract.foreign import foreign_place
from ..extract.spans import SpanIndex
from ..fuse.tolls import TOLL_PLACE_GAP
from .claims import claimer_of
from .dates import resolve_date
from .fatalities import read_fatalities

EVENT_STATUSES = {"reported", "claimed", "denied"}
NON_VIOLENT_ZERO = {"Strategic developments", "Protests"}
# actors whose "قصف" is from the air: the coalition and the air forces have no artillery in Syria
_AIR_ACTORS = {"COALITION", "USA_MIL", "ISR_MIL", "SYR_AIRFORCE"}
_AIR_WORDS = ("طيران", "طائرات", "الطائرات", "مروحي", "حربي", "هوایی", "جنگنده")
_UNARMED = {"CIVILIANS", "PROTESTERS"}
_NAMED_BY_COUNTRY = {"CIVILIANS", "PROTESTERS", "RIOTERS", "UNIDENTIFIED"}


def place_table(mentions, knowledge) -> dict[tuple[int, int], Place | None]:
    """(start, end) of every place mention of a document -> its Place (namesakes chosen by the
    document's other places; places abroad by their country)."""
    from .places import resolve_places
    place_list = list(mentions.places)
    resolved = resolve_places(place_list, knowledge.gazetteer) if place_list else {}
    place_of = {(m.start, m.end): resolved.get(i) for i, m in enumerate(place_list)}
    place_of.update({(m.start, m.end): foreign_place(m) for m in mentions.abroad})
    return place_of


def resolve_frames(a: AnalysedDocument, frames: list[EventFrame], mentions, knowledge,
                   options: Options, origin: list[int] | None = None,
                   place_of: dict | None = None) -> list[Event]:
    """The events the frames tell. `origin`, when given, receives for each event the index of
    the frame it came from (the decision layer scores events by their frame); `place_of` is the
    document's `place_table`, when the caller has it already."""
    doc = a.doc
    if place_of is None:
        place_of = place_table(mentions, knowledge)
    main_area = _main_area(place_of.values())
    injuries = SpanIndex([t for t in mentions.triggers if t.key == "injury"])
    numbers = SpanIndex(mentions.numbers)     # read around each frame's casualty words
    last_date = None
    last_old = None                                 # (paragraph, date) of the last date long ago
    breaks = [m.start() for m in re.finditer("\n", doc.text)]
    last_place: tuple[int, Place] | None = None   # (sentence, place) of the last event placed in the text
    last_actor1: tuple[int, Mention] | None = None  # (sentence, mention) of the last acting side named
    last_claimer = None                             # "وأشار إلى أن": the source named before speaks on
    last_events = None                              # (sentence, indices in events, frame) of the last act
    events: list[Event] = []
    for fi, f in enumerate(frames):
        sent = a.sentences[f.sentence]
        when = resolve_date(f.times, doc.published)
        paragraph = bisect.bisect_left(breaks, sent.start)
        if not f.times and last_old is not None and last_old[0] == paragraph:
            when = last_old[1]        # "27 أبريل: اتهمت دمشق ... وقال المرصد إن القصف": an old date holds its paragraph
        elif not f.times and last_date is not None:
            when = last_date          # the last date the report gave carries over to what follows
        elif f.times and when.value and not when.background and f.status in EVENT_STATUSES | {"unanchored"}:
            # a day carries over from an act told as news, not from one named in passing, and a
            # vaguer date ("هجوم ضخم شنه الشهر الماضي") dates only its own act
            last_date, last_old = (when if when.precision == "day" else last_date), None
        elif f.times and when.value:
            last_old = (paragraph, when)
        if f.status == "unanchored" and f.casualties and not f.places and last_events \
                and 0 <= f.sentence - last_events[0] <= _TOLD_AGAIN_REACH and _TELLS_AGAIN.search(sent.text):
            # "وأضافت الشبكات أن العملية ... لتسفر العملية عن مقتل شخص": the deaths of the act just told
            fat = read_fatalities(doc.text, f.casualties, numbers, injuries, sent.start, sent.end)
            if fat is not None and fat.count is not None and fat.count < TALLY_COUNT:   # not a tally's dead
                for i in last_events[1]:
                    if events[i].fatalities is None:
                        events[i] = _with_fatalities(events[i], fat, doc.text)
            continue
        if f.status not in EVENT_STATUSES:
            continue
        if when.background and (not options.include_background or not f.trigger.data.verb):
            continue   # a noun dated long ago names a known act ("اشتباكات ... في الثامن من شباط")
        if f.status == "denied" and not options.keep_denied:
            continue
        if f.actor1 is None and last_actor1 is not None and f.sentence - last_actor1[0] <= 2 \
                and not f.places and (f.actor2 is None or f.actor2.key != last_actor1[1].key):
            # "وأضافت الشبكات أن العملية ...": an act told with no place and no doer of its own
            # continues the one told just before, and so does its doer
            f = replace(f, actor1=last_actor1[1])
        actor1 = _actor(knowledge, f.actor1, when.value)
        actor2 = _actor(knowledge, f.actor2, when.value)
        assoc1 = tuple(x for x in (_actor(knowledge, m, when.value) for m in f.assoc1) if x)
        assoc2 = tuple(x for x in (_actor(knowledge, m, when.value) for m in f.assoc2) if x)
        event_type, sub_type, plover_type, plover_mode = _type(f, actor1, actor2, knowledge)
        if a.language == "fa":
            (event_type, sub_type, plover_type, plover_mode), actor1, actor2 = _persian(
                f, actor1, actor2, (event_type, sub_type, plover_type, plover_mode), knowledge, when.value)
        if event_type == "Protests" and f.frame == "protest" and _armed(actor1):
            if plover_mode == "obstruct":
                continue   # "تمكن الجهاديون من قطع الطريق": an armed side cutting a road is no protest
            # "فرقت الشرطة مظاهرة سلمية": the armed side named with a protest acts on it
            f = replace(f, actor1=None, actor2=f.actor1, assoc1=(), assoc2=f.assoc1)
            actor1, actor2, assoc1, assoc2 = None, actor1, (), assoc1
            if sub_type == "Peaceful protest":
                sub_type = "Protest with intervention"
        if event_type == "Protests" and actor1 is None:
            actor1 = knowledge.actors.ref("PROTESTERS", None, None, when.value)
        if event_type == "Riots" and (actor1 is None or actor1.id == "PROTESTERS"):
            # a crowd that riots, in the outlet's words
            actor1 = knowledge.actors.ref("RIOTERS", actor1.label if actor1 else None, None, when.value)
        if event_type == "Violence against civilians" and actor2 is None:
            actor2 = knowledge.actors.ref("CIVILIANS", None, None, when.value)
        fat = read_fatalities(doc.text, f.casualties, numbers, injuries, sent.start, sent.end)
        if fat is not None:
            fatalities, qualifier = fat.count, fat.qualifier
            fat_text = doc.text[fat.start:fat.end]
            fat_ev = (Evidence("fatalities", fat.start, fat.end, fat_text),)
        elif event_type in NON_VIOLENT_ZERO:
            fatalities, qualifier, fat_text, fat_ev = 0, "exact", None, ()
        else:
            fatalities, qualifier, fat_text, fat_ev = None, None, None, ()
        base_ev = [Evidence("trigger", f.trigger.start, f.trigger.end, f.trigger.text)]
        base_ev += [Evidence("trigger", m.start, m.end, m.text) for m in f.others + f.casualties
                    if m is not f.trigger]
        for role, m in (("actor1", f.actor1), ("actor2", f.actor2), ("source", f.claimed_by)):
            if m is not None:
                base_ev.append(Evidence(role, m.start, m.end, m.text))
        base_ev += [Evidence("assoc_actor1", m.start, m.end, m.text) for m in f.assoc1]
        base_ev += [Evidence("assoc_actor2", m.start, m.end, m.text) for m in f.assoc2]
        base_ev += [Evidence("date", m.start, m.end, m.text) for m in when.evidence]
        base_ev += list(fat_ev)
        targets = [(m, place_of.get((m.start, m.end))) for m in f.places] or [(None, None)]
        named_with_toll = _named_with_toll(fat, mentions) if len(targets) > 1 else None
        if named_with_toll is not None and any(m.start == named_with_toll.start for m in f.places):
            named_with_toll = None      # "مقتل 10 مدنيين في كفرنبل ومعرة النعمان": the toll of the list
        for m, place in targets:
            evidence = list(base_ev)
            if m is not None:
                evidence.append(Evidence("location", m.start, m.end, m.text))
                if named_with_toll is not None and _same_place(named_with_toll, m, place_of):
                    # "بلدات كفرنبل ومعرة النعمان وسراقب، ما أدى لمقتل 4 مدنيين في مدينة سراقب": the
                    # toll's own place (fuse/tolls.py gives the toll to it alone)
                    evidence.append(Evidence("location", named_with_toll.start, named_with_toll.end,
                                             named_with_toll.text))
                if place is None:
                    place = Place(id=None, name=None, name_ar=None, surface=m.text, geo_precision=3,
                                  reason="named in the text; not found in the gazetteer")
                place = replace(place, kind=getattr(m.data, "kind", None) or "unknown")
                if f.place_anaphor is not None:
                    evidence.append(Evidence("location", f.place_anaphor.start, f.place_anaphor.end,
                                             f.place_anaphor.text))
            else:
                place = _context_place(f, last_place, main_area)
            claimed_by = None
            status = f.status
            if status == "reported" and f.claimed_by is not None:
                status = "claimed"
                claimed_by = claimer_of(f, a, mentions, lambda m: _actor(knowledge, m, when.value)) \
                    or last_claimer or f.claimed_by.text
                last_claimer = claimed_by
            ev = Event(
                event_type=event_type, sub_event_type=sub_type, plover_type=plover_type or None,
                plover_mode=plover_mode or None, status=status, event_date=when.value,
                date_precision=when.precision, actor1=_named_for(actor1, place),
                actor2=_named_for(actor2, place), location=place,
                fatalities=fatalities, fatalities_qualifier=qualifier, fatalities_text=fat_text,
                sources=(SourceRef(doc.id, doc.outlet, a.language, doc.published,
                                   tuple(sorted(set(evidence), key=lambda e: (e.start, e.role)))),),
                assoc_actor1=assoc1, assoc_actor2=assoc2, claimed_by=claimed_by,
                background=when.background,
                confidence=_confidence(f, actor1, place, when, fat),
            )
            events.append(replace(ev, notes=event_notes(ev)).with_id())
            if origin is not None:
                origin.append(fi)
            if last_events is None or last_events[0] != f.sentence or last_events[2] is not f:
                last_events = (f.sentence, [], f)
            last_events[1].append(len(events) - 1)
        if f.places and place is not None and place.id is not None:
            last_place = (f.sentence, place)
        if f.actor1 is not None:
            last_actor1 = (f.sentence, f.actor1)
    return events


def _named_with_toll(fat, mentions) -> Mention | None:
    """The place named right after a toll's words, if any."""
    if fat is None:
        return None
    after = [p for p in mentions.near("places", fat.end, fat.end + TOLL_PLACE_GAP)
             if 0 <= p.start - fat.end <= TOLL_PLACE_GAP]
    return min(after, key=lambda p: p.start, default=None)


def _same_place(a: Mention, b: Mention, place_of) -> bool:
    pa, pb = place_of.get((a.start, a.end)), place_of.get((b.start, b.end))
    if pa is not None and pb is not None and pa.id is not None:
        return pa.id == pb.id
    return fold(a.text) == fold(b.text)


# an act named again by its definite noun: "العملية", "الهجوم", "الغارة", "القصف"
_TELLS_AGAIN = re.compile(r"(?:^|\s)[وف]?(?:ل|ب)?(?:العملية|الهجوم|الغارة|الغارات|القصف|الضربة|الضربات|التفجير|الانفجار)"
                          r"(?!\S)(?!\s+(?:الذي|التي|الذين|الأخير|الأخيرة))")
_TOLD_AGAIN_REACH = 2       # sentences


def _with_fatalities(ev: Event, fat, text: str) -> Event:
    src = ev.sources[0]
    evidence = tuple(sorted(set(src.evidence) | {Evidence("fatalities", fat.start, fat.end, text[fat.start:fat.end])},
                            key=lambda e: (e.start, e.role)))
    ev = replace(ev, fatalities=fat.count, fatalities_qualifier=fat.qualifier,
                 fatalities_text=text[fat.start:fat.end], sources=(replace(src, evidence=evidence),) + ev.sources[1:])
    return replace(ev, notes=event_notes(ev)).with_id()


def _named_for(actor: ActorRef | None, place: Place | None) -> ActorRef | None:
    """Protesters, civilians and rioters are named by the country they are in (ACLED): "Protesters
    (Israel)" in Tel Aviv, not the knowledge's default "Protesters (Syria)"."""
    country = getattr(place, "country", None)
    if actor is None or actor.id not in _NAMED_BY_COUNTRY or not country or country == "Syria" \
            or not actor.name.endswith(" (Syria)"):
        return actor
    return replace(actor, name=f"{actor.name[:-len(' (Syria)')]} ({country})")


def _actor(knowledge, m: Mention | None, on) -> ActorRef | None:
    if m is None:
        return None
    entry = m.data
    return knowledge.actors.ref(entry.actor_id, label=m.text, stance=getattr(entry, "stance", None), on=on)


def _is_air(f: EventFrame, actor1: ActorRef | None) -> bool:
    if actor1 is not None and (actor1.id in _AIR_ACTORS or set(actor1.parents) & {"SYR_AIRFORCE"}):
        return True
    return bool(actor1 and actor1.label and any(w in actor1.label for w in _AIR_WORDS))


def _is_state(knowledge, ref: ActorRef | None) -> bool:
    if ref is None:
        return False
    if ref.inter == 1:
        return True
    return any(getattr(knowledge.actors.get(p), "inter", None) == 1 for p in ref.parents)


def _armed(ref: ActorRef | None) -> bool:
    return ref is not None and ref.id not in _UNARMED and ref.inter not in (5, 6, 7)


def _type(f: EventFrame, actor1, actor2, knowledge) -> tuple[str, str, str, str]:
    et, st, pt, pm = f.event_type, f.sub_event_type, f.plover_type, f.plover_mode
    if f.frame in ("casualty", "injury") and not et:
        if _armed(actor2):
            et, st, pt, pm = "Battles", "Armed clash", "ASSAULT", "firearms"
        else:
            et, st, pt, pm = "Violence against civilians", "Attack", "ASSAULT", "firearms"
    if f.frame == "territory":
        st = "Government regains territory" if _is_state(knowledge, actor1) else "Non-state actor overtakes territory"
    if actor1 is not None and actor1.id == "SUICIDE_BOMBERS" and et in ("Battles", "Violence against civilians") \
            and f.frame in ("attack", "casualty", "clash"):
        # "قتل مهاجم انتحاري 47 شخصا في هجوم": the attacker's own death is the weapon
        et, st, pt, pm = "Explosions/Remote violence", "Suicide bomb", "ASSAULT", "explosive"
    if st == "Shelling/artillery/missile attack" and _is_air(f, actor1):
        st, pm = "Air/drone strike", "aerial"
    elif pm == "targeted" and _is_air(f, actor1):
        # "استهدفت طائرات النظام الحربية البلدة": targeting from the air is an air strike
        et, st, pm = "Explosions/Remote violence", "Air/drone strike", "aerial"
    if et == "Violence against civilians" and st == "Attack" and _armed(actor2):
        et, st = "Battles", "Armed clash"
    elif et == "Battles" and st == "Armed clash" and f.frame == "attack" and actor2 is not None \
            and actor2.id == "CIVILIANS" and _armed(actor1):
        et, st = "Violence against civilians", "Attack"   # an armed side attacking unarmed people
    return et, st, pt, pm


def _persian(f: EventFrame, actor1, actor2, types: tuple[str, str, str, str], knowledge, on):
    """Persian reports (extract/persian.py): an attack named without its weapon by a state that
    strikes from afar is a remote strike; a bombing or an attack on civilians with no doer named
    is by an unidentified group, and so is a drone intercepted with no launcher named."""
    from ..extract.persian_roles import persian_type, unidentified_doer, unidentified_launcher
    types = persian_type(f, actor1, *types)
    if unidentified_doer(types[0], types[1], actor1):
        actor1 = knowledge.actors.ref("UNIDENTIFIED", None, None, on)
    if unidentified_launcher(f, actor2):
        actor2 = knowledge.actors.ref("UNIDENTIFIED", None, None, on)
    return types, actor1, actor2


def _main_area(places) -> Place | None:
    counts = Counter((p.admin1_pcode, p.admin1, p.admin1_ar) for p in places if p and p.admin1_pcode)
    if not counts:
        return None
    (pcode, name, name_ar), _ = counts.most_common(1)[0]
    sample = next(p for p in places if p and p.admin1_pcode == pcode)
    return Place(id=pcode, name=name, name_ar=name_ar, surface="", admin1=name, admin1_ar=name_ar,
                 admin1_pcode=pcode, lat=None, lon=None, geo_precision=3,
                 reason="no place in the sentence; the governorate most named in the report", kind="context",
                 country=sample.country, iso=sample.iso)


def _context_place(f: EventFrame, last_place, main_area) -> Place | None:
    """No place in the sentence: where the report's last placed event happened (within three
    sentences: "the operation" of the next paragraph), else the report's main area."""
    if last_place is not None and f.sentence - last_place[0] <= 3:
        p = last_place[1]
        return replace(p, geo_precision=max(2, p.geo_precision), kind="context",
                       reason="no place in the sentence; the place of the event told just before")
    return main_area


def event_notes(ev: Event) -> str:
    """A one-line English summary of an event, from its fields (ACLED's `notes`)."""
    who = ev.actor1.name if ev.actor1 else "An unidentified actor"
    whom = f" against {ev.actor2.name}" if ev.actor2 else ""
    place = ev.location
    where = f" at {place.name or place.surface}" if place and (place.name or place.surface) else ""
    if place and place.surface and place.name and place.geo_precision > 1:
        where = f" at {place.surface} ({place.name})"
    day = f" on {ev.event_date.isoformat()}" if ev.event_date else ""
    killed = f"; {ev.fatalities} killed" if ev.fatalities else ""
    return f"{who}: {ev.sub_event_type.lower()}{whom}{where}{day}{killed}."


def _confidence(f: EventFrame, actor1, place, when, fat) -> float:
    score = 0.4 + (0.1 if f.trigger.data.strong else 0.0)
    score += 0.15 if actor1 is not None else 0.0
    score += 0.15 if place is not None and place.geo_precision == 1 else 0.05 if place is not None else 0.0
    score += 0.1 if when.evidence else 0.0
    score += 0.05 if fat is not None else 0.0
    return min(score, 0.95)
