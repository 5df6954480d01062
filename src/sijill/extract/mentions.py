"""Stage 3: mentions. Every span of the text the knowledge base recognises, in one pass per matcher.

All offsets are mapped back from the normalised text to the clean text, so a mention's
`text` is always `doc.text[start:end]`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..knowledge.lexicon import TimeWord
from ..knowledge.matcher import matcher_group
from ..model import Mention
from ..records import replace
from ..text import AnalysedDocument
from ..text.normalize import fold
from .spans import Covers, SpanIndex, starts_within

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_YEAR_CUE = re.compile(r"(?:^|\s)(?:في|عام|العام|سنة|منذ|خلال|مطلع|اواخر|اوائل|سال|صيف|شتاء|ربيع|خريف|"
                       r"نهاية|بداية|منتصف)\s*$")


_MISSING = object()


@dataclass(frozen=True)
class Mentions:
    """The mentions of one document, each list sorted by start."""
    actors: tuple[Mention, ...]
    places: tuple[Mention, ...]
    triggers: tuple[Mention, ...]
    numbers: tuple[Mention, ...]
    times: tuple[Mention, ...]
    cues: tuple[Mention, ...]
    # places abroad (extract/foreign.py): they locate an event, but are kept apart from `places`,
    # which also count as a report's particulars: on the gold standard's world news a foreign
    # capital named in a sentence about policy made nouns read as reports (F1 0.682 -> 0.647)
    abroad: tuple[Mention, ...] = ()
    _starts: dict = field(default_factory=dict, repr=False, compare=False)   # kind -> starts, for `within`

    def within(self, kind: str, start: int, end: int) -> list[Mention]:
        """The mentions of a kind inside [start, end): a binary search, called for every sentence."""
        got = self._starts.get(kind)
        if got is None:
            got = self._starts[kind] = _by_start(getattr(self, kind))
        items, starts, reach = got
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        if lo == hi:
            return []
        if reach[hi - 1] <= end:    # no mention of the slice (nor before it) ends past `end`
            return items[lo:hi]
        return [m for m in items[lo:hi] if m.end <= end]

    def near(self, kind: str, lo: int, hi: int) -> list[Mention]:
        """The mentions of a kind that may touch [lo, hi] (extract/spans.py): a rule that tests
        each of them finds what it would find testing every mention of the page."""
        index = self._starts.get((kind, "index"))
        if index is None:
            index = self._starts[(kind, "index")] = SpanIndex(getattr(self, kind))
        return index.near(lo, hi)

    def near_longest(self, kind: str) -> int:
        """The length of the longest mention of a kind."""
        self.near(kind, 0, 0)
        return self._starts[(kind, "index")].longest

    def memo(self, key, make):
        """`make()` once per document and key (a sentence's cues of one kind, ...)."""
        got = self._starts.get(("memo", key), _MISSING)
        if got is _MISSING:
            got = self._starts[("memo", key)] = make()
        return got


def _by_start(items) -> tuple[list, list[int], list[int]]:
    """What `Mentions.within` reads for one kind: the mentions (a list, which `within` slices into
    a new list), their starts, and the furthest end of each prefix of them, which spares the test
    of every end when none of a slice reaches past the window (the common case)."""
    reach, far = [], -1
    for m in items:
        far = m.end if m.end > far else far
        reach.append(far)
    return list(items), [m.start for m in items], reach


def _spans(a: AnalysedDocument, matcher, kind: str, key_of, same_language=False) -> list[Mention]:
    """Mentions of what one matcher finds in the document."""
    return _mentions_of(a, matcher.spans(a.nt.norm), kind, key_of, same_language)


def _mentions_of(a: AnalysedDocument, found: list[tuple], kind: str, key_of, same_language=False) -> list[Mention]:
    """Mentions of the matches a matcher found (`TermMatcher.spans`)."""
    out = []
    text, to_original, language = a.doc.text, a.nt.to_original, a.language
    for start, end, values, _ in found:
        value = _pick(values, language, same_language)
        if value is None:
            continue
        s, e = to_original(start, end)
        out.append(Mention(kind, s, e, text[s:e], key_of(value), value))
    return out


def _pick(values, language, same_language):
    """Among entries sharing one spelling, the document's language's. Lexicon words only count
    in their own language: Persian حمله (attack) folds to the Arabic حملة (campaign)."""
    for v in values:
        if getattr(v, "lang", None) == language:
            return v
    return None if same_language else values[0]


def number_value(n: Mention) -> int | None:
    """The value of a count: digits or a number word; None for vague amounts and qualifiers."""
    if n.key == "digits":
        return n.data
    if n.key == "number":
        return n.data.value
    return None


def word_start(text: str, pos: int) -> int:
    """Where the word holding `pos` begins: a trigger's article and proclitics belong to it."""
    while pos > 0 and text[pos - 1].isalnum():
        pos -= 1
    return pos


def word_end(text: str, pos: int) -> int:
    """Where the word holding `pos` ends: attached pronouns ("قصفها") belong to it."""
    while pos < len(text) and text[pos].isalnum():
        pos += 1
    return pos


def _after_acts(text: str, actors, triggers) -> list[Mention]:
    """Keep a nationality adjective ("أمريكية", alias rule after_act) only right after the noun of
    an attack ("ضربات جوية أمريكية", "قصف تركي"): there it names the doer; elsewhere it is no actor."""
    ends = sorted(word_end(text, t.end) for t in triggers if t.key in ("attack", "clash") and not t.data.verb)
    return [m for m in actors if getattr(m.data, "rule", "") != "after_act"
            or _ends_just_before(ends, m.start)]


def _ends_just_before(ends: list[int], pos: int) -> bool:
    i = bisect.bisect_right(ends, pos) - 1
    return i >= 0 and pos - ends[i] <= 2


# "أطلقت بعد حلول الليل طائرة بلا طيار ... صواريخ على بيتين": launched, with words between
def _upgraded(text: str, t: Mention, cues, numbers) -> Mention:
    """A weak trigger made strong (or more specific) by the words around it."""
    t = _launched(text, t, cues)
    t = _self_detonated(text, t)
    t = _counted_crowd(text, t, numbers)
    return _in_protest(text, t, cues)


_LAUNCH = re.compile(r"(?:^|\s)[وف]?[أا]طلق(?:ت|وا|ن)?\s+(?!سراح)")
_LAUNCH_WINDOW = 90
_LAUNCHED_MODES = ("artillery", "firearms")


def _launched(text: str, t: Mention, cues) -> Mention:
    """A weapon named as launched at a target is an act of its own: the weak "صواريخ" becomes as
    strong as "أطلقت صواريخ" when a launch verb stands before it and "على" (at) right after."""
    if t.data.strong or t.data.plover_mode not in _LAUNCHED_MODES or t.data.frame != "attack":
        return t
    end = word_end(text, t.end)
    aimed = any(c.key == "target" and 0 <= c.start - end <= 3 for c in cues.near(end, end + 3))
    clause = re.split(r"[.؛;:!؟?\n]", text[max(0, t.start - _LAUNCH_WINDOW):t.start])[-1]
    if not aimed or not _LAUNCH.search(clause):
        return t
    return replace(t, data=replace(t.data, strong=True, verb=True))


_SEIZED_WINDOW = 45     # "سيطرت قوات النظام امس على": the subject and a time between the verb and على


def _seized(text: str, t: Mention, cues, places) -> Mention:
    """"سيطرت" alone is weak ("سيطر الهدوء"); with على and a place after it, it tells a place taken."""
    if t.data.strong or t.key != "territory":
        return t
    end = word_end(text, t.end)
    on = next((c for c in cues.near(end, end + _SEIZED_WINDOW) if c.key == "target" and 0 <= c.start - end <= _SEIZED_WINDOW
               and not re.search(r"[.،؛]", text[end:c.start])), None)
    if on is None or not any(0 <= p.start - on.end <= 25 for p in places.near(on.end, on.end + 25)):
        return t
    return replace(t, data=replace(t.data, strong=True))


# "فجّر الانتحاري نفسه", "فجرت حزامها الناسف": the detonation verb with the bomber's own body or belt
_SELF = re.compile(r"^(?:\s+\S+){0,2}?\s+(?:ب?نفس(?:ه|ها|هم)|[أا]نفسهم|حزام(?:ه|ها|هم)|بحزام(?:ه|ها))(?!\S)")


def _self_detonated(text: str, t: Mention) -> Mention:
    """"فجر" alone is weak (dawn, or a bomb with no one hurt); with the bomber's own body or belt a
    few words after it, it is a suicide bombing."""
    if t.data.strong or t.data.plover_mode != "explosive" or not t.data.verb:
        return t
    end = word_end(text, t.end)
    if not _SELF.search(text[end:end + 40]):
        return t
    return replace(t, data=replace(t.data, strong=True, sub_event_type="Suicide bomb"))


# nouns spelt as the verb of the same act: "قصف" is shelling and "shelled", "خطف" kidnapping and "kidnapped"
_NOUN_OR_VERB = frozenset(fold(w) for w in ("قصف", "خطف"))


def _verb_after_subject(text: str, t: Mention, actors) -> Mention:
    """"الطيران المروحي قصف البلدة": right after its subject, such a noun is the finite verb."""
    if t.data.verb or fold(t.text) not in _NOUN_OR_VERB or word_start(text, t.start) != t.start:
        return t
    if not any(0 < t.start - m.end <= 2 and not text[m.end:t.start].strip() for m in actors.near(t.start - 2, t.start)):
        return t
    return replace(t, data=replace(t.data, verb=True))


_AIRCRAFT = re.compile(r"طائر|طيران|مقاتلات|مروحي|هواپیما|جنگنده")
_AIR_REACH = 60


def _air_struck(text: str, t: Mention, actors) -> Mention:
    """"ضربات" alone is weak (a blow, a penalty kick); struck by aircraft named just before it
    ("استأنفت الطائرات الروسية والسورية الضربات في إدلب") it is an air strike."""
    if t.data.strong or t.data.plover_mode != "aerial":
        return t
    if not any(0 <= t.start - m.end <= _AIR_REACH and _AIRCRAFT.search(m.text)
               and not re.search(r"[.؛\n]", text[m.end:t.start]) for m in actors.near(t.start - _AIR_REACH, t.start)):
        return t
    return replace(t, data=replace(t.data, strong=True))


_IN_PROTEST_REACH = 50  # "اغلق شبان الطريق امام السيارات احتجاجا على": the crowd's act, then its motive


def _in_protest(text: str, t: Mention, cues) -> Mention:
    """"احتجاجا" alone names a motive ("اعتنق الإسلام احتجاجا"); after a crowd's act of blocking,
    gathering or marching in the same clause, that act was a protest."""
    if t.data.strong or t.key != "protest" or t.data.verb:
        return t
    if not fold(t.text).startswith(_IN_PROTEST):
        return t
    if not any(c.key == "crowd" and 0 <= t.start - c.end <= _IN_PROTEST_REACH
               and not re.search(r"[.؛:،,]", text[c.end:t.start])
               for c in cues.near(t.start - _IN_PROTEST_REACH, t.start)):
        return t
    return replace(t, data=replace(t.data, strong=True))


_IN_PROTEST = (fold("احتجاجا"),)
_CROWD_COUNT_WINDOW = 40    # "وكان 1000 لاجئ من التبت على الاقل قد احتشدوا": the crowd counted a few words off


def _counted_crowd(text: str, t: Mention, numbers) -> Mention:
    """A gathering or chanting verb with a counted crowd ("تجمع عدد من أنصار الحريري", "1000 لاجئ ... احتشدوا")
    is a protest of its own; uncounted ("تجمع الأهالي") it needs a protest word beside it."""
    if t.data.strong or t.key != "protest" or not t.data.verb:
        return t
    # "تجمع" is also a noun (a bloc, "التجمعات") and "agree" ("تجمع على"): a verb only before its count
    # "ردد اكثر من الف شخص «الموت ...»": chanting, a protest when a counted crowd chants
    lo, hi = (0, 6) if t.text.endswith(("تجمع", "تجمّع", "ردد")) else (-_CROWD_COUNT_WINDOW, _CROWD_COUNT_WINDOW)
    if not any(lo <= n.start - t.end <= hi and not (n.key == "digits" and 1900 <= n.data <= 2100)
               for n in numbers.near(t.end + lo, t.end + hi)):
        return t
    if _AUDIENCE.search(text, max(0, t.start - _CROWD_COUNT_WINDOW), t.end + _CROWD_COUNT_WINDOW):
        return t    # "37 الف متفرج من جمهوره تجمعوا في استاد": an audience, not a protest
    return replace(t, data=replace(t.data, strong=True))


# crowds that gather to watch, pray, mourn or visit
_AUDIENCE = re.compile(r"(?:^|\s)[وب]?(?:ال)?(?:متفرج|مشجع|جمهور(?!ي)|مصلين|حجاج|زوار|سياح|معزين)")


_LOYAL_GAP = re.compile(r"\s+(?:ال)?موال(?:ين|ون|ية|يا|ي)?\s+(?:من\s+)?ل?")
_GENERIC_ARMED = ("GUNMEN_GENERIC", "MILITANTS_GENERIC")


def _loyal_to(text: str, actors: list[Mention], known) -> list[Mention]:
    """"المسلحين الموالين للنظام": armed men named only by whom they are loyal to are that side's
    militia (a pro-government militia; Iran's militias), one actor, not the gunmen and the regime."""
    out: list[Mention] = []
    named: Mention | None = None        # the last of `out` that is not a generic armed group
    i = 0
    while i < len(actors):
        g = actors[i]
        y = actors[i + 1] if i + 1 < len(actors) else None
        gap = _LOYAL_GAP.fullmatch(text, g.end, y.start) if y is not None and g.key in _GENERIC_ARMED else None
        if gap is not None and (gap.group().endswith("ل") or fold(y.text).startswith("ل")):
            patron = _patron_militia(known.lineage(y.key))
            out.append(Mention("actor", g.start, y.end, text[g.start:y.end], patron,
                               replace(g.data, actor_id=patron, rule="")))
            named = out[-1] if patron not in _GENERIC_ARMED else named
            i += 2
            continue
        pronoun = _LOYAL_TO_IT.match(text, g.end) if g.key in _GENERIC_ARMED else None
        patron = named
        if pronoun is not None and patron is not None and g.start - patron.end <= _LOYAL_REACH:
            # "قوات النظام والمسلحين الموالين لها": loyal to the side just named
            militia = _patron_militia(known.lineage(patron.key))
            if militia != patron.key:
                g = Mention("actor", g.start, pronoun.end(), text[g.start:pronoun.end()], militia,
                            replace(g.data, actor_id=militia, rule=""))
        out.append(g)
        named = g if g.key not in _GENERIC_ARMED else named
        i += 1
    return out


_LOYAL_TO_IT = re.compile(r"\s+(?:ال)?موال(?:ين|ون|ية|يا|ي)?\s+(?:له|لها|لهم)(?!\S)")
_LOYAL_REACH = 40


def _patron_militia(lineage: tuple[str, ...]) -> str:
    if "SYR_GOV" in lineage:
        return "PRO_GOV_MILITIA"
    if any(x.startswith("IRN_") or x == "HEZBOLLAH" for x in lineage):
        return "IRN_MILITIAS"
    if any(x.startswith("TUR_") for x in lineage):
        return "SNA"
    return lineage[0]


# "مقاتلين موالين لدمشق": loyal to a capital, which names a side, not a place
_LOYAL_TO = re.compile(r"(?:موال|تابع|مؤيد|مدعوم)\S*\s+(?:من\s+)?ل?$")


def find_mentions(a: AnalysedDocument, knowledge) -> Mentions:
    lex = knowledge.lexicon
    # the five matchers read the page in one pass (knowledge/matcher.py)
    group = matcher_group((knowledge.actor_matcher, lex.triggers, lex.times, lex.cues, lex.numbers))
    found_actors, found_triggers, found_times, found_cues, found_numbers = group.spans(a.nt.norm)
    actors = _mentions_of(a, found_actors, "actor", lambda v: v.actor_id)
    triggers = _mentions_of(a, found_triggers, "trigger", lambda v: v.frame, True)
    triggers = [t for t in triggers if t.key != "ignore"]
    times = _mentions_of(a, found_times, "date", lambda v: v.kind, True)
    cues = _mentions_of(a, found_cues, "cue", lambda v: v.cue, True)
    numbers = _mentions_of(a, found_numbers, "number", lambda v: v.kind, True)
    for m in _DIGITS.finditer(a.nt.norm):
        s, e = a.nt.to_original(m.start(), m.end())
        try:
            value = int(float(m.group().replace(",", ".")))
        except ValueError:
            continue
        numbers.append(Mention("number", s, e, a.doc.text[s:e], "digits", value))
        if 1950 <= value <= 2100 and _YEAR_CUE.search(a.nt.norm, max(0, m.start() - 8), m.start()):
            # "في 2007", "عام 2011": a year on its own dates an act to that year
            times.append(Mention("date", s, e, a.doc.text[s:e], "year", TimeWord(m.group(), a.language, "year", value)))
    # "فجر السبت", "فجر امس": dawn, not "he detonated" — a word that is also a time word is a time
    # when another time word follows it
    starts = sorted(y.start for y in times)
    followed = [x for x in times if starts_within(starts, x.end, 2)]
    in_followed = Covers(followed)
    triggers = [t for t in triggers if not in_followed.any(t)]
    cue_index, number_index = SpanIndex(cues), SpanIndex(numbers)
    triggers = [_upgraded(a.doc.text, t, cue_index, number_index) for t in triggers]
    # ... and the act when it is one for sure: "فجّر الانتحاري نفسه" (not "اقتحموا المنزل فجر")
    acts = Covers([t for t in triggers if t.data.strong])
    # (whether a time is followed depends on its span alone: a time equal to a followed one is one)
    followed_ids = {id(x) for x in followed}
    times = [x for x in times if x.key != "part_of_day" or id(x) in followed_ids or not acts.any(x)]
    places = knowledge.places.find(a.doc.text, a.nt)
    foreign = knowledge.foreign.find(a.doc.text, a.nt) if knowledge.foreign is not None else []
    actors = _after_acts(a.doc.text, actors, triggers)
    actor_index = SpanIndex(actors)
    triggers = [_air_struck(a.doc.text, _verb_after_subject(a.doc.text, t, actor_index), actor_index)
                for t in triggers]
    # "عمليات انتحارية": a word inside the name of an attack is part of the act, not a side
    in_attack = Covers([t for t in triggers if t.key in ("attack", "clash")])
    actors = [m for m in actors if not in_attack.any(m, longer_than=m.end - m.start)]
    actors = _loyal_to(a.doc.text, sorted(actors, key=lambda m: m.start), knowledge.actors)
    if a.language == "fa":     # light verbs, the reporting construction, pointers (extract/persian.py)
        from .persian import persian_mentions
        actors, triggers, places = persian_mentions(a, knowledge.actors, actors, triggers, places)
    in_actor, in_foreign = Covers(actors), Covers(foreign)
    in_time, in_cue = Covers(times), Covers([c for c in cues if c.key != "place_anaphor"])
    # "مسلحين موالين لإيران" names an actor, not a place
    foreign = [f for f in foreign if not in_actor.any(f)]
    # a name abroad wins over a Syrian village of the same spelling at the same words
    places = [p for p in places if not in_foreign.any(p)]
    # a trigger word inside a longer actor name ("قوات مكافحة الشغب") is the name; one that is the
    # whole name is both the actor and the act, and so are protesters and hostages ("آلاف المتظاهرين"
    # protest, "الرهائن" were taken) whatever words stand around them
    triggers = [t for t in triggers if t.key in ("protest", "act") or not in_actor.any(
        t, longer_than=t.end - word_start(a.doc.text, t.start))]
    # a place whose words are an actor's name ("الجيش") or a time word is not a place
    places = [p for p in places
              if not in_actor.any(p, longer_than=p.end - p.start) and not in_time.any(p) and not in_cue.any(p)]
    places = [p for p in places if not _LOYAL_TO.search(a.doc.text, max(0, p.start - 16), p.start)]
    place_index = SpanIndex(places)
    triggers = [_seized(a.doc.text, t, cue_index, place_index) for t in triggers]
    return Mentions(
        actors=tuple(sorted(actors, key=lambda m: m.start)),
        places=tuple(sorted(places, key=lambda m: m.start)),
        triggers=tuple(sorted(triggers, key=lambda m: m.start)),
        numbers=tuple(sorted(numbers, key=lambda m: m.start)),
        times=tuple(sorted(times, key=lambda m: m.start)),
        cues=tuple(sorted(cues, key=lambda m: m.start)),
        abroad=tuple(sorted(foreign, key=lambda m: m.start)),
    )
