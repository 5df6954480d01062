"""Arabic constructions that decide how a trigger is read: the proclitics before it, a charge that
governs it ("المتهم بقتل"), a tally ("منذ الغزو", "خلال 10 أشهر"), a list of kinds of crime ("القتل
والتعذيب والاغتصاب"), a telling verb in a relative clause ("الذين نفذوا هجوماً"), a demonstrative
("ذلك الهجوم"). Used by extract/status.py; each reader looks at the words, not at the statuses.
"""
from __future__ import annotations

import re

from ..model import Mention
from ..text.normalize import fold
from .mentions import Mentions, number_value, word_end, word_start
from .scope import Counted
from .spans import SpanIndex, back_within, near, on_within


_TELLING_GAP = 25       # "نفذوا يوم الاثنين هجوماً": the telling verb a few words before its noun


def told_in_relative(text: str, t: Mention, cues) -> bool:
    tellers = [c for c in near(cues, t.start - _TELLING_GAP, t.start)
               if c.key == "consequence" and c.end <= t.start and t.start - c.end <= _TELLING_GAP]
    if not tellers:
        return False
    if fold(tellers[-1].text).startswith(_BECAME):
        return False    # "غضب الشارع الذي تحول الى تظاهرات عنيفة": what it turned into is the news
    rel = next((r for r in near(cues, tellers[-1].start - 3, tellers[-1].start)
                if r.key == "relative" and 0 <= tellers[-1].start - r.end <= 3), None)
    # "الأمر الذي أدى الى مقتل": "which led to" tells the outcome of the act just told
    return rel is not None and not fold(text[max(0, rel.start - 8):rel.start]).rstrip().endswith(_RESULTATIVE)


_RESULTATIVE = (fold("الأمر"), fold("الشيء"))
_BECAME = (fold("تحول"),)
KILLING = fold("قتل")      # "لقتل أكبر عدد ممكن": the verb's noun after ل tells a purpose, as other acts do


DEMONSTRATIVE = re.compile(r"(?:^|\s)(?:و|ف)?(?:هذا|هذه|ذلك|تلك|هذين|هاتين|هؤلاء|اولئك)\s+$")


_LIST_GAP = re.compile(r"^[\s،,]*و?\s*$")
_CRIME_TYPES = ("Violence against civilians", "Strategic developments")


def crime_list(text: str, t: Mention, triggers) -> bool:
    """A violence-against-civilians noun coordinated with others of its kind names kinds of crime,
    not an act: two definite ones ("القتل والتعذيب") or three of any form ("اغتصاب ونهب وقتل").
    (`triggers`: the sentence's, a list or a `SpanIndex`; only the list's two nearest neighbours
    on either side decide.)"""
    items, rank = _crime_nouns(text, triggers)
    i = rank.get(t)
    if i is None:
        return False

    def linked(k: int) -> bool:     # items k and k + 1 stand in one list
        return _LIST_GAP.match(text[items[k].end:items[k + 1].start]) is not None
    before = after = 0
    while before < 2 and i - before > 0 and linked(i - before - 1):
        before += 1
    while after < 2 and i + after + 1 < len(items) and linked(i + after):
        after += 1
    size = 1 + before + after
    return size >= 3 or (size == 2 and all(definite(text, o) for o in items[i - before:i + after + 1]))


def _crime_nouns(text: str, triggers) -> tuple[list[Mention], dict]:
    """The crime nouns of a sentence in text order, and the place of each (of its first equal)."""
    def make():
        items = sorted((o for o in triggers if _crime_noun(text, o)), key=lambda o: o.start)
        rank: dict = {}
        for k, o in enumerate(items):
            rank.setdefault(o, k)
        return items, rank
    return triggers.memo("crime_nouns", make) if isinstance(triggers, SpanIndex) else make()


def definite(text: str, o: Mention) -> bool:
    return prefix_of(text, o).endswith(("ال", "لل")) or fold(o.data.term).startswith("ال")


def _crime_noun(text: str, o: Mention) -> bool:
    """A noun of violence against civilians (the verbal noun "القتل" is no trigger: the lexicon
    ignores it as killing in general)."""
    return o.data.event_type in _CRIME_TYPES and (not o.data.verb or definite(text, o))


TALLY_COUNT = 1000      # strikes, attacks or dead counted in the thousands are a tally, never one act
_TALLY_WINDOW = 45      # "قتل حوالي ثلاثة آلاف جندي أميركي منذ الاجتياح": منذ a few words after the act
_SINCE = re.compile(r"(?<![\w])و?منذ\s+(?:\S+\s+)?(\S+)")
_SINCE_TODAY = tuple(fold(w) for w in ("صباح", "الصباح", "فجر", "الفجر", "مساء", "ليل", "ليلة", "الليلة", "ظهر",
                                        "ساعات", "الساعات", "ساعة", "أمس", "امس", "اليوم", "يومين", "منتصف"))


_LONG_SPAN = tuple(fold(w) for w in ("العام", "عام", "السنة", "سنة", "سنوات", "أعوام", "اعوام", "أشهر", "اشهر", "شهور",
                                       "بداية", "مطلع", "اندلاع", "بدء"))


_OVER_MONTHS = re.compile(r"(?<![\w])(?:خلال|طوال|على مدى|على مدار)\s+(?:\S+\s+)?(?:ال)?"
                          r"(?:أشهر|اشهر|شهور|سنوات|أعوام|اعوام|سنين|عام|العام|سنة|الفترة|فترة)(?![\w])")


def tally(text: str, t: Mention, clause, mentions: Mentions) -> bool:
    """A count of dead, wounded or abducted since a point in time that is not today ("12 صحافيا
    خطفوا منذ عام 2004") or over months or years ("خلال 10 أشهر") sums many acts; "منذ صباح
    اليوم" still tells one day's events."""
    lo, hi = clause
    if t.data.frame in ("attack", "clash") and any(
            n.key == "digits" and n.data >= TALLY_COUNT and 0 <= t.start - n.end <= 3 and not date_number(n, mentions)
            for n in mentions.within("numbers", max(lo, t.start - 20), t.start)):
        return True     # "ما لا يقل عن 12053 غارة"
    if mentions.memo(("tally_dead", lo, hi), lambda: any(c.data.frame == "casualty" and any(
            (number_value(n) or 0) >= TALLY_COUNT and not date_number(n, mentions)
            for n in mentions.within("numbers", max(lo, c.start - 40), min(hi, c.end + 32)))
            for c in mentions.within("triggers", lo, hi))):
        return True     # "مقتل 2927 على الأقل من تنظيم داعش جراء الغارات"
    m = _SINCE.search(text, t.end, min(hi, t.end + _TALLY_WINDOW))
    if m is not None:
        words = text[m.start():m.end()].split()[1:]
        if any(fold(w).startswith(_SINCE_TODAY) for w in words):
            return False
        if not t.data.verb and fold(t.text).split()[0].endswith("ات") and any(fold(w).startswith(_LONG_SPAN) for w in words):
            return True     # "ينفذ سلاح الجو ضربات جوية عدة منذ العام الماضي": acts repeated for a year
    else:
        # "قتلت 3042 من تنظيم داعش ... خلال 10 أشهر": a count over months or years
        m = _search_on(_OVER_MONTHS, text, t.end, hi, mentions)
        if m is None:
            # "شن النظام خلال تسعة اشهر 26350 غارة": the span told before the act, the count after
            m = _OVER_MONTHS.search(text, max(lo, t.start - _TALLY_WINDOW), t.start)
            return m is not None and any(
                n.key in ("digits", "number") and not date_number(n, mentions)
                for n in mentions.within("numbers", m.end(), min(hi, t.end + 30)))
    counts = mentions.memo(("tally_counts", lo, hi), lambda: Counted(
        [n for n in mentions.within("numbers", lo, hi) if n.key in ("digits", "number") and not date_number(n, mentions)]))
    return counts.any_before(m.start())


def _search_on(pattern: re.Pattern, text: str, pos: int, hi: int, mentions: Mentions):
    """pattern.search(text, pos, hi), remembering the last answer for this `hi`: the triggers of a
    clause ask in text order, and a match at or after `pos` found from an earlier position is the
    one a search from `pos` finds (no match starts between)."""
    last = mentions.memo(("search", pattern.pattern, hi), lambda: [None, None])
    start, m = last
    if start is not None and start <= pos and (m is None or m.start() >= pos):
        return m
    m = pattern.search(text, pos, hi)
    last[:] = [pos, m]
    return m


AND_GAP = re.compile(r"^(?:\s+[^\s،,.؛]+){0,2}\s+و$")   # "بقتل طفلين وتعذيبهما": a second act, same charge
_INVOLVED = (fold("تورط"), fold("متورط"), fold("المتورط"))
_INVOLVED_GAP = 70      # the involved may be named at length between تورط and في
_CHARGE_GAP = 36        # "المتهم بقتل", "باتهامه بتدبير حملة لارتكاب أعمال قتل": a few words


def charged_with(text: str, c: Mention, t: Mention) -> bool:
    """A charge word that governs the act: right before it ("بتهمة قتل") or through ب ("المتهم بقتل",
    "اتهامات وجهها التيار الصدري للشرطة، بقتل طفلين")."""
    gap = text[c.end:t.start]
    if c.end > t.start:
        return False
    if len(gap) <= _INVOLVED_GAP and fold(c.text).lstrip("والف").startswith(_INVOLVED) \
            and re.search(r"(?:^|\s)في\s+(?:ال)?$", fold(text[max(c.end, t.start - 8):word_start(text, t.start)])
                          + prefix_of(text, t)):
        return True     # "تورط وزراء وضباط فرنسيين بطريقة مباشرة، في قتل الأطفال": involvement is a charge
    if len(gap) > _CHARGE_GAP:
        return False
    bare = gap.strip(" «»\"")
    if not bare:
        return c.key != "reference"     # "ذكرى اغتيال" is a reference, not a charge
    return (bare.startswith("ب") and len(bare.split()) <= 4) or prefix_of(text, t).startswith("ب") \
        or bool(_CHARGED_DOING.match(fold(bare)))


# "بتهمة اثارة الشغب", "بتهمة ارتكاب القتل", "بتهمة المشاركة في الهجوم": the charge is doing the act
_CHARGED_DOING = re.compile(r"^(?:اثاره|ارتكاب|تنفيذ|المشاركه في|التحريض علي|التورط في)\s*(?:ال)?$")


def prefix_of(text: str, t: Mention) -> str:
    """The proclitics and article before the lexicon term: "لإعدامه" -> "ل", "بالهجوم" -> "بال"."""
    w = t.start
    while w > 0 and text[w - 1].isalnum():
        w -= 1
    word, term = fold(text[w:t.end]), fold(t.data.term)
    i = word.find(term)
    if i < 0 and term.startswith("ال"):
        i = word.find("ل" + term[2:]) - 1      # "للتعذيب": ل + التعذيب
    return word[:i] if i > 0 else ""


def after_relative(c: Mention, cues) -> bool:
    """"المتظاهرين الذين تجمعوا": a verb in a relative clause tells what is already known."""
    return any(r.key == "relative" and 0 <= c.start - r.end <= 3 for r in near(cues, c.start - 3, c.start))


def date_number(n: Mention, mentions: Mentions) -> bool:
    """Numbers inside a date ("17 ابريل 2004") are not counts."""
    v = n.data if n.key == "digits" else None
    if v is not None and 1900 <= v <= 2100:
        return True
    # the day before a month ("17 ابريل", "السابع من شباط") or the year after it; not a count after a
    # weekday ("امس (الاثنين) خمسة من جنودنا")
    return any((0 <= m.start - n.end <= 4 and m.key in _MONTHS) or (0 <= n.start - m.end <= 3 and m.key in _MONTHS + ("year",))
               for m in mentions.near("times", n.start - 3, n.end + 4))


_MONTHS = ("month", "hijri_month", "solar_month")


def chain(text: str, items, within: int, gap: re.Pattern) -> list[list[Mention]]:
    """Mentions in text order, grouped while each stands within `within` chars of the one before
    and the words between match `gap` (coordinated actors, a list of places)."""
    groups: list[list[Mention]] = []
    for m in items:
        if groups and m.start - groups[-1][-1].end < within and gap.match(text[groups[-1][-1].end:m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


_PROTEST_OBJECT_GAP = 30  # "مظاهرة عفوية ضد المعارك", "تظاهرات احتجاجا على الهجوم": a word or two
_AGAINST = re.compile(r"(?:^|\s)(?:ضد|علي|تنديدا ب?|تضامنا مع)\s*(?:ال|لل)?$")


def protest_object(text: str, t: Mention, triggers) -> bool:
    """An act named as what a protest is against is its cause, not new news: "انتهت مظاهرة عفوية
    ضد المعارك", "تظاهرات احتجاجا على الهجوم" (as an act after "على خلفية" is, CODING_RULES §2)."""
    if t.data.verb or t.key in ("protest", "casualty", "injury"):
        return False
    head = word_start(text, t.start)
    return any(p.key == "protest" and p.end <= head and head - p.end <= _PROTEST_OBJECT_GAP
               and _AGAINST.search(fold(text[p.end:t.start])) and not re.search(r"[.،؛]", text[p.end:head])
               for p in near(triggers, head - _PROTEST_OBJECT_GAP, head))


_OR_GAP = re.compile(r"^[\s\"“”«»]*(?:أو|او)\s+(?:(?:إلقاء|القاء|محاولة)\s+)?$")
_OR_FREE = "\"“”«»"     # what _OR_GAP allows besides spaces and its words ...
_OR_WORDS = 8           # ... whose letters are at most len("أو") + len("محاولة")


def alternatives(text: str, t: Mention, triggers) -> bool:
    """Acts joined by أو ("قتل أو إلقاء القبض على القيادي"): a choice, not something that happened.

    Only the acts whose word ends or begins within the longest gap the pattern allows are tried
    (`_OR_WORDS` letters, quotes and spaces): a few, however many acts the sentence names."""
    head, tail = word_start(text, t.start), word_end(text, t.end)
    first = word_start(text, back_within(text, head, _OR_WORDS, _OR_FREE))
    last = word_end(text, on_within(text, tail, _OR_WORDS, _OR_FREE))
    before = [o for o in near(triggers, first, head) if o is not t]
    after = [o for o in near(triggers, tail, last) if o is not t]
    return any(_OR_GAP.match(text[word_end(text, o.end):head]) for o in before) \
        or any(_OR_GAP.match(text[tail:word_start(text, o.start)]) for o in after)


# "من مناطق سيطرت عليها القوات": a verb with the pronoun of the bare noun before it describes that
# noun (a relative clause without الذي); the act is known, not told
_BARE_PLACE_NOUN = re.compile(r"(?:^|\s)(?:من\s+|في\s+)?(?:مناطق|منطقة|قرى|قرية|بلدات|بلدة|مدن|مدينة|أراض|أراضي|اراضي|"
                              r"مواقع|موقع|أحياء|حي|نقاط)\s+$")


def describes_noun(text: str, t: Mention) -> bool:
    end = word_end(text, t.end)
    resumptive = fold(text[t.start:end]).endswith(("ها", "هم", "ه")) or \
        re.match(r"\s*(?:عليها|عليه|فيها|فيه|منها|منه)(?![\w])", text[end:end + 8]) is not None
    return resumptive and _BARE_PLACE_NOUN.search(text, max(0, t.start - 20), word_start(text, t.start)) is not None

