"""Stage 4: event frames. A trigger with its roles (actors, places, time, casualties) and status.

Per sentence: triggers become candidate frames; casualty and injury words attach to the action
they report; actions told in one breath by the same side ("هجوماً أسفر عن السيطرة على") merge
into one frame; then roles are read from Arabic constructions (extract/roles.py) and status from
cue words and the particulars a report gives (extract/status.py).
"""
from __future__ import annotations

import bisect
import math
import re

from ..model import EventFrame, Mention
from ..records import replace
from ..text import AnalysedDocument
from .constructions import chain, definite, protest_object
from .mentions import Mentions, word_start
from .merging import APART, Between, fill_opponents, merge_same_action, nearest_frame
from .protests import protest_frames
from .roles import assign_actors, marker
from .scope import scope_of
from .spans import SpanIndex
from .status import anchored, claimer, status_of

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# clauses end at these: roles are read within a clause
_CLAUSE_BREAK = re.compile(rf"[؛;:]|،\s*(?=(?:لكن|إذ|اذ|حيث|ما أسفر|مما|كما|{APART})\b)"
                           r"|\s(?=(?:لكن|لكنّ|فيما|بينما|في حين)\s)|\s[-–]\s")
# words that may stand between the places of one list ("قرى (الجنينة، الجيعة، وشقرا ومنطقة العليان)")
_PLACE_GAP = re.compile(r"^[\s،,و\"“”«»()\-/]*(?:و?\s*(?:منطقة|قرية|بلدة|مدينة|قرى|مناطق|بلدات|شهر|روستای))?"
                        r"[\s\"“”«»()و]*$")


def build_frames(a: AnalysedDocument, mentions: Mentions, knowledge) -> list[EventFrame]:
    frames: list[EventFrame] = []
    last_group: tuple[Mention, ...] = ()   # the last list of places ("هذه القرى" points back to it)
    last_place: tuple[Mention, ...] = ()   # the last place named ("المنطقة", "البلدة" point back to it)
    generic = frozenset(x.id for x in knowledge.actors.actors if x.kind == "generic")
    for si, sent in enumerate(a.sentences):
        triggers = mentions.within("triggers", sent.start, sent.end)
        places = mentions.within("places", sent.start, sent.end)
        if triggers:
            clauses = _clauses(a.doc.text, sent.start, sent.end)
            frames.extend(_sentence_frames(a, si, sent, clauses, triggers, mentions, (last_group, last_place),
                                           generic, knowledge.actors.lineage))
        if places:
            groups = _groups(a.doc.text, places)
            lists = [g for g in groups if len(g) > 1]
            if lists or len(last_group) <= 1:
                last_group = (lists or groups)[-1]
            specific = [p for p in places if getattr(p.data, "kind", None) in ("community", "site", "unknown")]
            last_place = ((specific or places)[-1],)
    return frames


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _clause_of(clauses, pos: int) -> tuple[int, int]:
    """The clause holding pos (clauses are disjoint and in text order), else the last."""
    i = bisect.bisect_right(clauses, (pos, math.inf)) - 1
    return clauses[i] if i >= 0 and pos < clauses[i][1] else clauses[-1]


def _sentence_frames(a, si, sent, clauses, triggers, mentions: Mentions, before, generic,
                     lineage) -> list[EventFrame]:
    text = a.doc.text
    actions = [t for t in triggers if t.data.frame not in ("casualty", "injury")]
    casualties = [t for t in triggers if t.data.frame == "casualty"]
    injuries = [t for t in triggers if t.data.frame == "injury"]
    strong = [t for t in actions if t.data.strong]
    # a weak trigger ("الرهينة", "سيارة مفخخة") is an act only beside deaths or wounds the sentence
    # reports, not beside ones it names in passing ("الخاطفين الذين قتل ستة من رفاقهم")
    weak = [t for t in actions if not t.data.strong and t.data.frame != "protest"]
    live = bool(weak) and any(status_of(text, c, _clause_of(clauses, c.start), sent, mentions) == "reported"
                              for c in casualties + injuries)
    # deaths wake a weak act ("سيارة مفخخة" + "لقي مصرعهم"), not a protest ("احتجاجا" + "القتلى")
    if strong:
        # a weak act near a strong one it reports is its weapon ("قصف ... بالصواريخ"); a protest, or an
        # act named as a protest's cause ("مظاهرة ضد المعارك ... لإطلاق النار"), is no such act
        in_sentence = scope_of(mentions, sent).triggers     # the sentence's triggers, indexed
        near = SpanIndex([s for s in strong if s.data.frame != "protest" and not protest_object(text, s, in_sentence)])
        actions = strong + [t for t in weak if live and not any(abs(t.start - s.start) < 60
                                                                for s in near.near(t.start - 60, t.start + 60))]
    else:
        actions = weak if live else []
    actions.sort(key=lambda t: t.start)
    if injuries and not casualties and not actions and not mentions.within("actors", sent.start, sent.end):
        injuries = []   # "إصابة آخرين بجروح": the wounded of an act told before, not a new act
    # "غالبية القتلى من الجنسية السورية": the dead with the article are the dead of an act told before
    own = [c for c in casualties or injuries if c.data.verb or not definite(text, c)]
    if own and not any(_violent_trigger(t) for t in actions):
        # deaths with no violent act named beside them are an act of their own ("مقتل 3 مدنيين")
        actions = sorted(actions + [own[0]], key=lambda t: t.start)
    def frame_of(t: Mention) -> EventFrame:
        clause = _clause_of(clauses, t.start)
        d = _weapon_of(text, t, triggers) or t.data
        persian = t.data.lang == "fa"
        # status, source, places and time depend on the trigger alone (the Persian status also
        # reads the roles): the frame is made with them, not copied three times more to add them
        # (a copy of a frame costs as much as a rule)
        status = status_of(text, t, clause, sent, mentions)
        if status == "reported" and not anchored(text, t, sent, triggers, mentions):
            status = "unanchored"
        places, anaphor = _places_of(text, t, clause, sent, mentions, before)
        f = EventFrame(sentence=si, trigger=t, event_type=d.event_type, sub_event_type=d.sub_event_type,
                       plover_type=d.plover_type, plover_mode=d.plover_mode, frame=t.data.frame,
                       status=status, claimed_by=claimer(t, sent, mentions), places=places,
                       place_anaphor=anaphor, times=tuple(_times_for(text, t, sent, mentions)))
        f = assign_actors(text, f, clause, mentions, generic)
        if persian:
            f = _persian_roles(text, f, clause, mentions)
            f = replace(f, status=_persian_status(text, f, status))
        return f

    frames = [frame_of(t) for t in actions]
    # casualty words report the nearest action (the one before them, else the one after), unless
    # a new source speaks between them ("قصف تركي ... وقسد تعلن مقتل 3 مهاجمين"): then they are
    # an act of their own
    attributions = [c for c in mentions.within("cues", sent.start, sent.end) if c.key == "attribution"]
    between = Between(text, attributions)
    starts = [f.trigger.start for f in frames]      # (actions are in text order)
    place = {id(f): i for i, f in enumerate(frames)}    # where each frame stands in `frames`
    told: set[Mention] = set()                      # the casualty words given to a frame so far
    for c in casualties:
        if frames and frames[0].trigger is c:
            frames[0] = _with_casualty(frames, 0, c, place, told)
            continue
        target = nearest_frame(frames, c, between, starts)
        if target is not None:
            _with_casualty(frames, place[id(target)], c, place, told)
        elif c not in told and c in own:
            frames.append(replace(frame_of(c), casualties=(c,)))
            place[id(frames[-1])] = len(frames) - 1
            told.add(c)
    frames = [_victims(text, f, mentions, sent, generic) for f in frames]
    frames = protest_frames(text, frames, mentions, sent)
    frames = merge_same_action(frames, between)
    frames = fill_opponents(frames, lineage)
    return frames


def _with_casualty(frames: list[EventFrame], i: int, c: Mention, place: dict, told: set) -> EventFrame:
    """Frame i reports casualty word c too (frames are distinct: each has a trigger of its own)."""
    del place[id(frames[i])]
    frames[i] = replace(frames[i], casualties=frames[i].casualties + (c,))
    place[id(frames[i])] = i
    told.add(c)
    return frames[i]


def _persian_roles(text: str, f: EventFrame, clause, mentions: Mentions) -> EventFrame:
    from .persian_roles import persian_roles  # Persian role markers: به, را, توسط, the genitive doer
    return persian_roles(text, f, clause, mentions)


def _persian_status(text: str, f: EventFrame, status: str) -> str:
    from .persian import persian_status       # what the verb after a Persian act's noun says of it
    return persian_status(text, f, status)


def _victims(text: str, f: EventFrame, mentions: Mentions, sent, generic: frozenset[str]) -> EventFrame:
    """"لقي 7 عناصر من ميليشيا الفرقة الرابعة مصرعهم": the side named with the dead is acted upon."""
    if f.actor2 is not None or not f.casualties:
        return f
    for c in f.casualties:
        near = [m for m in mentions.near("actors", c.start - 70, c.end + 50) if sent.start <= m.start and m.end <= sent.end
                and c.start - 70 <= m.start <= c.end + 50 and m is not f.actor1
                and (f.actor1 is None or m.key != f.actor1.key)]
        for m in near:
            if marker(text, m, mentions, sent.start) == "from":
                return replace(f, actor2=m)
        # "مقتل مسؤول كبير في التنظيم": the dead follow the word; a named side among them leads
        following = [m for m in near if c.end <= m.start <= c.end + 40]
        if following:
            named = next((m for m in following if m.key not in generic), following[0])
            return replace(f, actor2=named)
    return f


_AIR_SUBJECT_GAP = 40   # the aircraft, a few words about it, then the verb
_WEAPON_GAP = 3         # "الضربات الجوية استهدفت", "القصف استهدف": the weapon is the subject, right before


def _weapon_of(text: str, t: Mention, triggers):
    """"استهدف" says only that something was targeted; the weapon named as its subject right before it
    says how: "الضربات الجوية استهدفت قرية هجين" is an air strike."""
    head = word_start(text, t.start)
    if t.data.plover_mode == "targeted":
        return next((o.data for o in triggers if o.data.frame == "attack" and o.data.plover_mode not in ("targeted", "")
                     and 0 <= head - o.end <= _WEAPON_GAP), None)
    if t.data.plover_mode == "artillery" and t.data.verb:
        # "طائرات مسيرة مجهولة يرجح أنها أميركية قصفت نقاطا": aircraft that shell strike from the air
        return next((o.data for o in triggers if o.data.plover_mode == "aerial" and 0 <= head - o.end <= _AIR_SUBJECT_GAP
                     and not re.search(r"[.،,؛]", text[o.end:head])), None)
    return None


def _violent_trigger(t: Mention) -> bool:
    return t.data.event_type in VIOLENT_TYPES or t.data.frame in ("casualty", "injury", "territory")


# ------------------------------------------------------------------ places

def _groups(text: str, places: list[Mention]) -> list[tuple[Mention, ...]]:
    return [tuple(g) for g in chain(text, places, 25, _PLACE_GAP)]


def _whole(groups: list[tuple[Mention, ...]], clause_groups: list[tuple[Mention, ...]]) -> list[tuple[Mention, ...]]:
    """Each group taken whole: a list of places of which only some names stand near the trigger
    goes on to its first and its last name within the clause ("قرب حلب والرقة ودير الزور")."""
    of = {m.start: g for g in clause_groups for m in g}
    return [of[g[0].start] if len(of.get(g[0].start, ())) > len(g) else g for g in groups]


def _place_kind(m: Mention) -> str:
    return getattr(m.data, "kind", "unknown") or "unknown"


_PLURAL_PLACE = re.compile(r"قرى|مناطق|بلدات|مدن|القرى|المناطق")


def _places_of(text, t: Mention, clause, sent, mentions: Mentions, before_sentence) -> tuple[tuple, Mention | None]:
    """Where the act of trigger t happened: its places, and the word pointing back to them if any."""
    lo, hi = clause
    anaphor = next((c for c in mentions.near("cues", t.end, t.end + 80) if c.key == "place_anaphor" and lo <= c.start and c.end <= hi
                    and c.start >= t.end and c.start - t.end < 80), None)
    places = sorted(mentions.within("places", sent.start, sent.end) + mentions.within("abroad", sent.start, sent.end),
                    key=lambda m: m.start)
    last_group, last_place = before_sentence
    plural = anaphor is not None and bool(_PLURAL_PLACE.search(anaphor.text))
    if anaphor is not None and (last_group if plural else last_place) \
            and not [p for p in places if t.end <= p.start < anaphor.start]:
        prior = [p for p in places if p.end <= t.start]
        if prior:
            group = _groups(text, prior)[-1] if plural else (prior[-1],)
        else:
            group = last_group if plural else last_place
        return tuple(group), anaphor
    # a place soon after the trigger is where it happened ("قصف ... على قرية X"); a place far
    # along the clause usually belongs to what comes next, so the words before win over it
    in_clause_after = [p for p in places if lo <= p.start < hi and t.end <= p.start <= t.end + 60]
    in_clause_before = [p for p in places if lo <= p.start < hi and p.end <= t.start]
    before = [p for p in places if p.end <= t.start]
    after = [p for p in places if p.start >= t.end and lo <= p.start < hi]
    candidates = in_clause_after or in_clause_before[-3:] or before[-3:] or after
    if not candidates:
        return (), None
    groups = _whole(_groups(text, candidates), _groups(text, [p for p in places if lo <= p.start < hi]))
    # the head of the first group is the most specific place; what follows it qualifies it
    # ("مدينة الصور شمال دير الزور"): a community beats an area named after it
    best = groups[0]
    if all(_place_kind(p) in ("area", "admin") for p in best):
        finer = next((g for g in groups[1:] if any(_place_kind(p) in ("community", "site", "unknown") for p in g)), None)
        if finer is not None and finer[0].start - best[-1].end < 60:
            best = finer
    if len(best) > 1:
        kinds = {_place_kind(p) for p in best}
        if "community" in kinds or "unknown" in kinds:
            best = tuple(p for p in best if _place_kind(p) not in ("admin",)) or best
    return tuple(best), None


# ------------------------------------------------------------------ time

_SINCE_BEFORE = re.compile(r"(?:^|\s)و?منذ\s+(?:[\d٠-٩]+\s+)?$")


_RELATIVE_REACH = 50


def _in_relative(text: str, c: Mention, run: list[Mention], t: Mention) -> bool:
    start, end = run[0].start, run[-1].end
    return 0 <= start - c.end <= _RELATIVE_REACH and not re.search(r"[،,.؛:]", text[c.end:start]) \
        and not (c.start <= t.start <= end)


_NEXT_CLAUSE = re.compile(r"[،,]\s*و")


def _across(text: str, run: list[Mention], t: Mention) -> bool:
    """A comma and "و" stand between the date and the trigger: they are told in two clauses."""
    lo, hi = (run[-1].end, t.start) if run[-1].end <= t.start else (t.end, run[0].start)
    return lo < hi and _NEXT_CLAUSE.search(text, lo, hi) is not None


def _times_for(text: str, t: Mention, sent, mentions: Mentions) -> list[Mention]:
    times = mentions.within("times", sent.start, sent.end)
    if not times:
        return []
    # a date expression is a run of time words and numbers close together: "السابع من شباط/ فبراير الماضي"
    runs: list[list[Mention]] = []
    for m in times:
        if runs and m.start - runs[-1][-1].end <= 12:
            runs[-1].append(m)
        else:
            runs.append([m])
    # "يرتفع عدد القتلى إلى 179 منذ 22 أيار/مايو": a date after منذ starts a span, it dates no act
    runs = [r for r in runs if not any(_SINCE_BEFORE.search(text, max(sent.start, m.start - 16), m.start) for m in r)]
    # "لهدنة الجنوب التي تم الاتفاق عليها في تموز 2017، ... قصفت": the time of a relative clause the
    # act is not in dates that clause
    # ... and so does the time of an act told after "بعد" / "عقب" ("بعد اخفاق هجوم شنه الشهر الماضي")
    relatives = [c for c in mentions.within("cues", sent.start, sent.end) if c.key in ("relative", "background")]
    acts = mentions.within("triggers", sent.start, sent.end)
    relatives = [c for c in relatives if not any(0 <= c.start - a.end <= 12 for a in acts)]   # "القصف الذي ... أمس"
    runs = [r for r in runs if not any(_in_relative(text, c, r, t) for c in relatives)]
    if not runs:
        return []
    # the nearest date, of the trigger's own clause first: "سيطرت الفصائل على القرية أمس، وقصفت
    # الطائرات المدينة صباح اليوم": a comma and "و" open the next clause, whose own date follows its act
    best = min(runs, key=lambda r: (_across(text, r, t), min(abs(r[0].start - t.start), abs(r[-1].end - t.end))))
    lo = best[0].start - 16
    hi = best[-1].end + 12
    nums = [n for n in mentions.near("numbers", lo, hi) if lo <= n.start and n.end <= hi
            and n.key in ("ordinal", "digits", "number")]
    return sorted(best + nums, key=lambda m: m.start)
