"""Fatalities: the number killed, read around the casualty words of a frame.

"حوالي 30" is 30 (approximate), "ما لا يقل عن 7" is 7 (at_least), number words count, "عشرات"
and "چندین" are vague (no number, qualifier unspecified). The injured and the missing are not
fatalities: only numbers next to a casualty word are read, never those next to an injury word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.mentions import number_value
from ..extract.spans import SpanIndex
from ..model import Mention
from ..records import fast_init
from ..text.normalize import fold

_AFTER = 32     # chars after a casualty word in which its number stands ("مقتل حوالي 30 عنصراً")
_BEFORE = 70    # chars before it ("لقي 7 عناصر من ميليشيا الفرقة الرابعة مصرعهم")
_ONE_MORE = re.compile(r"\s(?:و\s?أحد|واحد|وآخر|ومرافقه|وزوجته|وابنه|وشقيقه)")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_OTHER_ACT = re.compile(r"\sو(?:ا|إ|أ)?(?:عتقال|ختطاف|خطف|سر|صابة|جرح|صيب)")
# "قتلوا، بينهم 4 انتحاريين": a part of the dead, not their number
_SUBSET = re.compile(r"(?:^|\s)(?:من\s+)?(?:بين|من)(?:هم|هن|ها)[\s،,]*$")


@fast_init
@dataclass(frozen=True, slots=True)
class Fatalities:
    count: int | None
    qualifier: str | None      # exact | approximate | at_least | unspecified
    start: int | None
    end: int | None


def read_fatalities(text: str, casualties: tuple[Mention, ...], numbers, injuries, sent_start: int,
                    sent_end: int) -> Fatalities | None:
    """The toll the casualty words give. `numbers` and `injuries`: the page's, as lists or as
    `SpanIndex`es (a caller reading many frames of a page indexes them once)."""
    numbers = numbers if isinstance(numbers, SpanIndex) else SpanIndex(list(numbers))
    injuries = injuries if isinstance(injuries, SpanIndex) else SpanIndex(list(injuries))
    for c in casualties:
        got = _around(text, c, numbers, injuries, sent_start, sent_end)
        if got is not None:
            return got
    return None


def _around(text, c: Mention, numbers: SpanIndex, injuries: SpanIndex, lo, hi) -> Fatalities | None:
    near = [n for n in numbers.near(c.start - _BEFORE, c.end + _AFTER)
            if lo <= n.start and n.end <= hi and n.key in ("digits", "number", "vague", "person")]
    after = [n for n in near if c.end <= n.start <= c.end + _AFTER
             and not any(c.end <= i.start < n.start for i in injuries.near(c.end, n.start))]
    before = [n for n in near if c.start - _BEFORE <= n.start and n.end <= c.start
              and not any(n.end <= i.start < c.start for i in injuries.near(n.end, c.start))]
    after = [n for n in after if not _part_of(text, n, lo)]
    before = [n for n in before if not _part_of(text, n, lo)]
    order = after[:2] + list(reversed(before))[:2]
    counted = next((n for n in reversed(before) if n.key != "person"), None)
    if getattr(c.data, "lang", "") == "fa" and counted is not None and len(text[counted.end:c.start].split()) <= 2:
        # Persian counts before the noun: "۵ کشته و ۱۶ زخمی", "۱۲ نفر کشته شدند"
        order = [counted] + [n for n in order if n is not counted]
    for n in order:
        if n.key == "person":
            continue
        if n.key == "vague":
            return Fatalities(None, "unspecified", n.start, _noun_end(text, n.end, hi))
        v = number_value(n)
        if v is None or v > 5000 or _is_year_or_date(text, n) or _AGE.match(text, n.end):
            continue        # "(32 عاما)": an age, not a toll
        q = next((x for x in _qualifiers(numbers, n.start - 3, n.start) if 0 <= n.start - x.end <= 3), None)
        end = _noun_end(text, n.end, hi)
        # "قتل 54 شخصا على الأقل": the floor after the counted noun (one word at most between)
        floor = q is None and next((x for x in _qualifiers(numbers, end, _ONE_WORD.match(text, end).end())
                                    if x.key == "at_least" and fold(x.text) in _FLOOR_AFTER
                                    and 0 <= x.start - end and len(text[end:x.start].split()) <= 1), None)
        if floor:
            return Fatalities(v, "at_least", n.start, floor.end)
        qualifier = "approximate" if q is not None and q.key == "approx" else "at_least" if q is not None else "exact"
        return Fatalities(v, qualifier, q.start if q is not None else n.start, end)
    person = next((n for n in after if n.key == "person" and n.start - c.end <= 3), None)
    if person is None and c.data.verb:
        # "إن جنديا بريطانيا، قتل في انفجار": one person, the subject of "was killed"
        person = next((n for n in reversed(before) if n.key == "person"
                       and len(text[n.end:c.start].strip(" ،,").split()) <= 1), None)
    if person is not None:
        # "مقتل مسؤول يدعى أبو أسامة وأحد مرافقيه": one more in the same phrase; not past another
        # act ("مقتل شخص واعتقال رجل وزوجته": the wife was arrested)
        window = min(hi, person.end + 60)
        other = _OTHER_ACT.search(text, person.end, window)
        m = _ONE_MORE.search(text, person.end, other.start() if other else window)
        count = 1 + (1 if m else 0)
        end = person.end
        if m:
            end = _noun_end(text, m.end(), hi)
        return Fatalities(count, "exact", min(c.start, person.start), max(end, c.end))
    # "لقي مصرعه", "لقيا حتفهما": the pronoun counts the dead
    word = _NEXT_WORD.match(text, c.start)
    word_end = word.end(1) if word else c.end
    for ending, count in _MET_DEATH:
        if text[c.start:word_end].rstrip("،,.").endswith(ending):
            return Fatalities(count, "exact", c.start, word_end)
    return None


def _qualifiers(numbers: SpanIndex, lo: int, hi: int) -> list[Mention]:
    """"حوالي", "على الأقل" among the page's numbers that may touch [lo, hi], in their order."""
    return [n for n in numbers.near(lo, hi) if n.key in ("approx", "at_least")]


_ONE_WORD = re.compile(r"\s*\S*\s*")    # text[end:x] holds one word at most for every x up to its end
_MET_DEATH = (("مصرعهما", 2), ("حتفهما", 2), ("مصرعه", 1), ("حتفه", 1), ("مصرعها", 1), ("حتفها", 1))


def _part_of(text: str, n: Mention, lo: int) -> bool:
    """"بينهم 4 انتحاريين", "ستة من عائلة واحدة": a part of the dead, or a number that is no count."""
    return bool(_SUBSET.search(text, max(lo, n.start - 14), n.start)
                or _ONE_FAMILY.search(text, max(lo, n.start - 10), n.start))


_FLOOR_AFTER = frozenset(fold(w) for w in ("على الأقل", "على الاقل", "عالاقل"))
_AGE = re.compile(r"\s*(?:عاما|عامًا|عام|سنة|سنوات|من العمر)(?![^\s().,،])")
_ONE_FAMILY = re.compile(r"(?:عائلة|أسرة|اسرة|عائلات)\s+$")


def _noun_end(text: str, pos: int, hi: int) -> int:
    m = _NEXT_WORD.match(text, pos, hi)
    if m and not m.group(1)[0] in "،,.()":
        return m.end(1) if not m.group(1)[-1] in "،,.()" else m.end(1) - 1
    return pos


def _is_year_or_date(text: str, n: Mention) -> bool:
    v = number_value(n)
    return v is not None and 1900 <= v <= 2100
