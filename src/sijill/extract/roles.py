"""Roles: which side acts and which is acted upon, read from Arabic constructions.

"بين A و B" (a clash: A first), "من قبل" (the doer follows), "بدعم من" (an ally follows), "على /
ضد / ل" + the side acted upon, verb-subject-object order ("قصفت قوات النظام بلدة"), a noun and its
genitive doer ("استعادة ميليشيا قسد"), coordinated groups led by their named side ("قناص تابع لقوات
النظام"). Used by extract/frames.py for each trigger within its clause.
"""
from __future__ import annotations

import re

from ..model import EventFrame, Mention
from ..records import replace
from .constructions import chain
from .mentions import Mentions, word_end

# a participle whose agent follows "من قبل" ("المحاصر من قبل تنظيم داعش"): the agent of that word only
_PARTICIPLE = re.compile(r"(?:^|\s)(?:ال)?م(?:حاصر|دعوم|سيطر عليه|حمي|ؤيد|وال)\S*\s*$")
# "تابعة لـ": whose it is
_BELONGS = re.compile(r"(?:^|\s)(?:ال)?تابع(?:ة|ه|ين|ون)?\s*$")
# words that may stand between actors of one coordinated group ("قوات النظام وعناصر تابعة لميليشيا")
_GROUP_GAP = re.compile(r"^[\s،,و\"“”«»()\-]*(?:(?:و|مع|بالإضافة إلى|إضافة إلى|إضافة ل)?\s*"
                        r"(?:عناصر|مقاتلي|مقاتلين|قوات|مسلحي|ميليشيا|مليشيا|ميليشيات|مليشيات|مرتزقة)?\s*(?:تابع|تابعة|التابع|التابعة|التابعين|من|من أبناء|أبناء)?\s*(?:ل|لـ)?)?[\s\"“”«»()]*$")
# a verb of doing with the act's pronoun between an act's noun and its doer: "هجمات شنها التنظيم"
_DONE_BY = re.compile(r"^[\s،,]*(?:ال\S+\s+)?(?:التي|الذي)?\s*[يت]?(?:شن|نفذ|تبن)\S*\s+(?:عناصر\s+|مقاتلو\s+|مسلحو\s+)?$")
# words that may stand between a noun trigger and its genitive agent: "استعادة ميليشيا قسد"
_GENITIVE_GAP = re.compile(r"^[\s\"“”«»()]*(?:(?:ميليشيا|مليشيا|ميليشيات|مليشيات|قوات|عناصر|طيران|مقاتلي|قناصة|قناص|مدفعية)\s*)?[\s\"“”«»()]*$")


def marker(text: str, m: Mention, mentions: Mentions, lo: int) -> str | None:
    """What the words right before an actor say about its role."""
    before = [c for c in mentions.near("cues", m.start - 16, m.start)
              if lo <= c.start and c.end <= m.start and m.start - c.end <= 16]
    for c in reversed(before):
        gap = text[c.end:m.start]
        if len(gap.strip(" \"“”«»()")) > 14:
            continue
        if c.key == "between":
            return "between"
        if c.key == "agent":
            if _PARTICIPLE.search(text, max(lo, c.start - 16), c.start) and not any(
                    t.start < c.start and c.start - t.end <= 16 for t in mentions.within("triggers", lo, c.start)):
                return "aside"  # "المحاصر من قبل تنظيم داعش", "المدعومة من قبل أمريكا": by whom it is besieged
            return "agent"
        if c.key == "support":
            return "support"
        if c.key == "target" and m.start - c.end <= 8:
            return "target"
    w = m.start
    while w > lo and text[w - 1].isalnum():
        w -= 1
    prefix = text[w:m.start]
    if _BELONGS.search(text[max(lo, w - 14):w]):
        return "owner"      # "طائرة بدون طيار تابعة لجيش الاحتلال": whose it is, not who is hit
    if prefix.endswith("ل") or m.text.startswith("لل"):
        return "lam"
    pre = text[max(lo, m.start - 8):m.start].strip(" \"“”«»")
    if pre.endswith("من") and not pre.endswith("ضمن"):
        return "from"
    return None


def _actor_groups(text: str, actors: list[Mention], generic: frozenset[str]) -> list[list[Mention]]:
    groups = chain(text, actors, 40, _GROUP_GAP)
    for g in groups:
        _lead_with_named(g, generic)
    return groups


def _lead_with_named(group: list[Mention], generic: frozenset[str]) -> None:
    """"قناص تابع لقوات النظام": a generic word is led by the named side it belongs to."""
    if group[0].key in generic:
        named = next((m for m in group[1:] if m.key not in generic), None)
        if named is not None:
            group.remove(named)
            group.insert(0, named)





def assign_actors(text: str, f: EventFrame, clause, mentions: Mentions, generic: frozenset[str]) -> EventFrame:
    lo, hi = clause
    t = f.trigger
    actors = [m for m in mentions.near("actors", lo, hi) if lo <= m.start and m.end <= hi and not (m.start < t.end and m.end > t.start)
              and not _only_speaks(text, m, t, mentions, lo)]
    if not actors:
        return f
    groups = _actor_groups(text, actors, generic)
    other_triggers = [o for o in mentions.within("triggers", lo, hi) if o is not t]
    marked = [(g, marker(text, min(g, key=lambda m: m.start), mentions, lo)) for g in groups]
    actor1 = actor2 = None
    assoc1: list[Mention] = []
    assoc2: list[Mention] = []
    used = set()
    by_agent = False        # the doer named by "من قبل" / "توسط": the object may stand before it
    used.update(i for i, (_, mk) in enumerate(marked) if mk == "aside")   # a side of another word
    # "تبنى تنظيم داعش التفجير", "وتنظيم داعش أعلن مسؤوليته عن": the side that claims the act did it
    owns = [c for c in mentions.within("cues", lo, hi) if c.key == "responsibility"]
    for i, (g, _) in enumerate(marked):
        if any(0 <= g[0].start - c.end <= 12 or 0 <= c.start - g[-1].end <= 3 for c in owns):
            actor1, assoc1 = g[0], list(g[1:])
            used.add(i)
            break
    # بين A و B / بین A با B
    for i, (g, mk) in enumerate(marked):
        if mk == "between" and (g[0].start < t.start or g[0].start - t.end < _BETWEEN_REACH) \
                and not _trigger_between(other_triggers, t, g[0]):
            actor1, assoc1 = g[0], g[1:]
            used.add(i)
            sides = _conjuncts(text, g, generic)
            hands = _on_one_hand(text, actors, g[0].start, hi)
            if hands is not None and f.frame == "clash":
                # "بين المسلحين الموالين للنظام وسكان من جهة، وعناصر داعش من جهة أخرى"
                (actor1, *assoc1), (actor2, *assoc2) = hands
                used.update(k for k, (h, _) in enumerate(marked) if any(m in h for m in hands[0] + hands[1]))
            elif len(sides) > 1 and f.frame == "clash":
                # "بين ميليشيا قسد ومقاتلين من العشائر": the two sides are the two conjuncts
                actor1, assoc1 = sides[0][0], sides[0][1:]
                actor2, assoc2 = sides[1][0], [m for side in sides[1:] for m in side][1:]
            elif i + 1 < len(marked):
                actor2, assoc2 = marked[i + 1][0][0], marked[i + 1][0][1:]
                used.add(i + 1)
            break
    # the dead and wounded named after a casualty word are acted upon, never the doer
    casualty_words = [o for o in mentions.within("triggers", lo, hi) if o.data.frame in ("casualty", "injury")]
    attributions = [c for c in mentions.within("cues", lo, hi) if c.key == "attribution"]
    persian = getattr(t.data, "lang", "") == "fa"
    for i, (g, mk) in enumerate(marked):
        if i in used or mk in ("agent", "support"):
            continue
        met = _MET.search(text[max(lo, g[0].start - 30):g[0].start]) is not None and any(
            0 <= c.start - g[-1].end <= 60 for c in casualty_words)
        # "إن جنديا بريطانيا، قتل في انفجار": the subject of "was killed", with no object after it
        met = met or any(c.data.verb and 0 <= c.start - g[-1].end <= 3 and not text[g[-1].end:c.start].strip(" ،,")
                         and not any(0 <= h[0].start - c.end <= 3 for h, _ in marked)
                         and not any(0 <= n.start - c.end <= 3 for n in mentions.within("numbers", c.end, c.end + 40))
                         for c in casualty_words)
        killer = any(c.data.verb and 0 <= g[0].start - c.end <= 3 and _counted_after(g, mentions)
                     for c in casualty_words)
        if killer and actor1 is None:
            # "وقتل مهاجم انتحاري 47 شخصا": verb, subject, then the dead counted
            actor1, assoc1 = g[0], list(g[1:])
            used.add(i)
        elif met or any(0 <= g[0].start - c.end <= 40 and not _trigger_between(other_triggers + [t], c, g[0])
                        for c in casualty_words) or (persian and any(0 <= c.start - g[-1].end <= 40
                                                                      for c in casualty_words)):
            # ... and so are those between "لقي" and "مصرعهم": "ولقي ثمانية مدنيين مصرعهم"
            # Persian puts the dead before the verb: "پنج غیرنظامی در این حمله کشته شدند"
            told_apart = any(min(t.end, g[0].start) <= a.start and a.end <= max(t.start, g[0].start)
                             for a in attributions)
            if actor2 is None and not told_apart:
                actor2, assoc2 = g[0], list(g[1:])
            used.add(i)
    for i, (g, mk) in enumerate(marked):
        if i in used:
            continue
        if mk == "agent" and actor1 is None:
            actor1, assoc1 = g[0], list(g[1:])
            by_agent = True
            used.add(i)
        elif mk == "support":
            assoc1.extend(g)
            used.add(i)
        elif mk == "lam" and actor1 is None and not t.data.verb and 0 <= g[0].start - t.end <= 4 \
                and not any(h[-1].end <= t.start and k not in used for k, (h, _) in enumerate(marked)):
            # "بقصف لميليشيا أسد على بلدة": with no doer before it, ل after a noun names the doer
            actor1, assoc1 = g[0], assoc1 + list(g[1:])
            used.add(i)
        elif mk in ("target", "lam") and actor2 is None and t.start - 60 < g[0].start < t.end + 40 \
                and not _trigger_between(other_triggers, t, g[0]):
            actor2, assoc2 = g[0], list(g[1:])
            used.add(i)
        elif mk == "from" and f.frame in ("casualty", "injury") and actor2 is None and g[0].start > t.start:
            actor2, assoc2 = g[0], list(g[1:])
            used.add(i)
    if actor1 is None and not t.data.verb:
        # "هجمات شنها تنظيم الدولة", "غارة شنتها طائرة", "هجوم نفذته قسد": the doer after the verb
        # that follows the act's noun
        done_by = next((i for i, (g, _) in enumerate(marked) if i not in used
                        and _DONE_BY.match(text[word_end(text, t.end):g[0].start])), None)
        if done_by is not None:
            actor1, assoc1 = marked[done_by][0][0], assoc1 + list(marked[done_by][0][1:])
            used.add(done_by)
    if f.frame == "clash":
        for i, (g, mk) in enumerate(marked):
            first = min(m.start for m in g)
            if i not in used and 0 <= first - t.end <= 40 and \
                    text[max(lo, first - 6):first].strip(" \"“”«»").endswith("مع"):
                # "اشتباكات مع مقاتلين من العشائر": the side fought against
                head = _conjuncts(text, g, generic)[0]
                if actor2 is None:
                    actor2, assoc2 = head[0], list(head[1:])
                elif actor1 is None:
                    actor1, assoc1 = head[0], list(head[1:])
                used.add(i)
    free = [(i, g) for i, (g, _) in enumerate(marked) if i not in used]
    victims_first = f.frame in ("casualty", "injury")
    if victims_first:
        # ("أما التنظيم فقتل منه 58 مسلحا": "of it were killed", its dead, not its killing)
        subject = next(((i, g) for i, g in free if t.data.verb and 0 <= t.start - g[-1].end <= 3
                        and not _OF_THEM.match(text, word_end(text, t.end))), None)
        if actor1 is None and subject is not None:
            # "إن مسلحين قتلوا جنديا": the subject of the active verb killed
            actor1, assoc1 = subject[1][0], assoc1 + list(subject[1][1:])
            used.add(subject[0])
            free = [(i, g) for i, g in free if i != subject[0]]
        if actor2 is None:
            nxt = next(((i, g) for i, g in free if g[0].start >= t.end), None) or (free[-1] if free else None)
            if nxt:
                actor2, assoc2 = nxt[1][0], list(nxt[1][1:])
                used.add(nxt[0])
        return _with_actors(f, actor1, actor2, assoc1, assoc2)
    if actor1 is None:
        # the unarmed do not shell or raid: "موقعا 14 مدنيا، وأسفر القصف": they are not its subject
        armed_act = f.frame in ("attack", "clash") or f.event_type == "Violence against civilians"
        before = [(i, g) for i, g in free if g[-1].end <= t.start and not (armed_act and g[0].key in UNARMED_GROUPS)]
        after = [(i, g) for i, g in free if g[0].start >= t.end and not _trigger_between(other_triggers, t, g[0])
                 and not (armed_act and g[0].key in UNARMED_GROUPS)]
        pick = None
        if before and f.trigger.data.verb and t.start - before[-1][1][-1].end < 120:
            pick = before[-1]          # the subject of a finite verb stands before it, in this clause
        elif after and _GENITIVE_GAP.match(text[t.end:after[0][1][0].start]) \
                and (t.data.verb or f.sub_event_type not in _TAKEN):
            # noun + genitive agent, or verb + subject: "قصف التحالف", "نفذت قسد" (but "اعتقال رجل":
            # the one taken)
            pick = after[0]
        elif before:
            pick = before[-1]          # subject before the verb or noun
        elif after and f.trigger.data.strong and f.trigger.data.verb and f.frame != "protest" \
                and f.plover_mode != "explosive" and after[0][1][0].start - t.end <= _SUBJECT_AFTER:
            # (an explosion "happens": what follows "انفجر" is what it hit, not who set it)
            pick = after[0]
        if pick:
            actor1, assoc1 = pick[1][0], assoc1 + list(pick[1][1:])
            used.add(pick[0])
    if actor2 is None:
        after = [(i, g) for i, g in free if i not in used and g[0].start >= t.end
                 and (actor1 is None or g[0].start > actor1.start or by_agent)
                 and not _trigger_between(other_triggers, t, g[0])]
        # the object stands close after the act; an arrest names the person first, then the side
        window = 80 if f.sub_event_type in ("Arrests", "Abduction/forced disappearance") else 50
        if after and after[0][1][0].start - t.end < window:
            actor2, assoc2 = after[0][1][0], list(after[0][1][1:])
    return _with_actors(f, actor1, actor2, assoc1, assoc2)


_SPEAKER_REACH = 60     # "قال قيادي في التحالف العسكري الذي يدعم الرئيس لرويترز إن": the speaker, said at length
_SAID_THAT = re.compile(r"(?:^|\s)[وف]?(?:إن|أن|ان|بأن)\s+(\S+)")


def _only_speaks(text: str, m: Mention, t: Mention, mentions: Mentions, lo: int) -> bool:
    """"وأوضح الجيش الروسي أن الضربات الجوية استهدفت": the side that says so is not the doer of what
    it says, unless it speaks of itself ("أعلنت قسد أنها", "إن قواتها")."""
    if m.end > t.start or not any(c.key == "attribution" and 0 <= m.start - c.end <= 20
                                  for c in mentions.within("cues", lo, m.start)):
        return False
    said = _SAID_THAT.search(text, m.end, t.end)
    if said is None or said.start() - m.end > _SPEAKER_REACH:
        return False
    return not said.group(1).rstrip("،,.").endswith(("ها", "هم", "ه", "نا"))


def _counted_after(g: list[Mention], mentions: Mentions) -> bool:
    """A count right after a side: the side is the subject and the counted its object."""
    end = g[-1].end
    return any(0 <= n.start - end <= 3 and n.key in ("digits", "number", "vague", "person")
               for n in mentions.within("numbers", end, end + 30))


_SUBJECT_AFTER = 40     # verb, then its subject: "قصفت قوات النظام", "استهدفت صباح اليوم طائرات"
_OF_THEM = re.compile(r"\s*(?:منه|منها|منهم|منهما)(?!\S)")
_TAKEN = ("Arrests", "Abduction/forced disappearance")
# groups of people who bear no arms: never the doers of armed acts ("حكومة الرئيس بشار الأسد" names whose
# forces), and protesters as themselves when they protest (extract/protests.py)
UNARMED_GROUPS = frozenset({"CIVILIANS", "DETAINEES", "JOURNALISTS", "STUDENTS", "WORKERS", "OFFICIALS"})
_BETWEEN_REACH = 90     # "اشتباكات عنيفة تدور في مدينة البوكمال بمحافظة دير الزور، بين ...": the place comes first
_MET = re.compile(r"(?:^|\s)[وف]?لق(?:ي|يت|وا|يا|ين)\s+(?:\S+\s+){0,3}$")
_ONE_HAND = re.compile(r"من\s+جهة(?!\s*(?:أخرى|اخرى|ثانية|ثانيه))")
_OTHER_HAND = re.compile(r"من\s+جهة\s*(?:أخرى|اخرى|ثانية|ثانيه)")


def _on_one_hand(text: str, actors: list[Mention], start: int, end: int):
    """The sides of "بين A و B من جهة، و C من جهة أخرى": [A, B] and [C], or None."""
    one = _ONE_HAND.search(text, start, end)
    other = _OTHER_HAND.search(text, one.end(), end) if one else None
    if other is None:
        return None
    first = [m for m in actors if start <= m.start and m.end <= one.start()]
    second = [m for m in actors if one.end() <= m.start and m.end <= other.start()]
    return (first, second) if first and second else None


def _conjuncts(text: str, g: list[Mention], generic: frozenset[str]) -> list[list[Mention]]:
    """Split a coordinated group at its "و": each side led by its named member."""
    g = sorted(g, key=lambda m: m.start)
    sides: list[list[Mention]] = [[g[0]]]
    for prev, m in zip(g, g[1:]):
        if text[prev.end:m.start].strip(" \"“”«»()").startswith("و"):
            sides.append([m])
        else:
            sides[-1].append(m)
    for side in sides:
        _lead_with_named(side, generic)
    return sides


def _trigger_between(triggers: list[Mention], t: Mention, m: Mention) -> bool:
    """An actor after another act's word belongs to that act: "قصف التحالف سهل استعادة ميليشيا قسد"."""
    return any(t.end <= o.start and o.end <= m.start for o in triggers)


def _with_actors(f, actor1, actor2, assoc1, assoc2) -> EventFrame:
    if actor1 is not None and actor2 is not None and actor1.key == actor2.key and f.frame != "clash":
        actor2 = None
    a1_keys = {actor1.key} if actor1 else set()
    assoc1 = tuple(m for m in assoc1 if m.key not in a1_keys)
    assoc2 = tuple(assoc2)
    if not (actor1 or actor2 or assoc1 or assoc2 or f.actor1 or f.actor2 or f.assoc1 or f.assoc2):
        return f    # no side, before or now: the frame as it was (a copy costs as much as a rule)
    return replace(f, actor1=actor1, actor2=actor2, assoc1=assoc1, assoc2=assoc2)
