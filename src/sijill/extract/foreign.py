"""Places outside Syria (knowledge/data/foreign_places.tsv): an event abroad is coded in its
country, never at a Syrian namesake or at the Syrian governorate a report mostly names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge.lexicon import read_table
from ..knowledge.matcher import TermMatcher
from ..model import Mention, Place
from ..text import NormText

# a country's name is where something happened only after one of these ("في العراق", "داخل
# تركيا", "شمال لبنان"); bare, it mostly names the state that acts ("قصفت تركيا")
_LOCATIVE = re.compile(r"(?:^|\s)(?:في|داخل|شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي|وسط|اراضي|در|به"
                       # Persian: its border, its soil, and the compass points written as one word
                       # ("در مرز اردن", "در شمال‌شرق اردن": ZWNJ folds away)
                       r"|مرز|مرزهاي|خاك|شمالشرق|شمالغرب|جنوبشرق|جنوبغرب|شمالشرقي|شمالغربي|جنوبشرقي|جنوبغربي)\s*$")


_NEWSPAPER = re.compile(r"\s+(?:بوست|تايمز|تايم|جورنال|هيرالد|تريبيون|غارديان)(?![\w])")
_OF_A_RIVER = re.compile(r"\s+(?:ل|لل|من )?(?:نهر|النهر|الفرات|دجلة)")
# a dateline: the city opens the text, then a country or an agency, then a dash ("(CNN)—", "- رويترز")
_DATELINE = re.compile(r"[^.\n]{0,60}?(?:\([^)]{1,20}\)\s*)?[-–—]")


@dataclass(frozen=True, slots=True)
class ForeignPlace:
    name: str
    country: str
    iso3: str
    place_kind: str              # country | city | region
    kind: str = "foreign"        # what the frames read: a place of its own, not an area


class ForeignFinder:
    def __init__(self, data_dir=None):
        rows = [r for _, r in read_table("foreign_places.tsv", data_dir)]
        self._matcher = TermMatcher(((r["name"], ForeignPlace(r["name"], r["country"], r["iso3"], r["kind"]))
                                     for r in rows), suffixes=False)

    def find(self, text: str, nt: NormText) -> list[Mention]:
        out = []
        opening = len(nt.norm) - len(nt.norm.lstrip())    # where the text's first word starts
        for m in self._matcher.find(nt.norm):
            value = m.values[0]
            # "بالعراق" is in Iraq; "لإيران" is for Iran, not a place
            w = m.start
            while w > 0 and nt.norm[w - 1].isalnum():
                w -= 1
            in_it = nt.norm[w:m.start] in ("ب", "وب", "فب")
            if value.place_kind == "country" and not in_it and \
                    (w < m.start or not _LOCATIVE.search(nt.norm, max(0, m.start - 12), m.start)):
                continue
            if _NEWSPAPER.match(nt.norm, m.end):
                continue    # "صحيفة واشنطن بوست", "نيويورك تايمز": a newspaper, not a place
            if _OF_A_RIVER.match(nt.norm, m.end):
                continue    # "الضفة الغربية لنهر الفرات": a bank of the Euphrates, not the West Bank
            if m.start == opening and _DATELINE.match(nt.norm, m.end):
                continue    # "نيويورك، الولايات المتحدة (CNN)—": where the story was filed, not where it happened
            s, e = nt.to_original(m.start, m.end)
            out.append(Mention("place", s, e, text[s:e], f"foreign:{value.iso3}", value))
        return out


def check_foreign_places(data_dir=None) -> list[str]:
    """Problems in foreign_places.tsv, one line each (run by `sijill kb check`)."""
    problems, seen = [], set()
    for lineno, r in read_table("foreign_places.tsv", data_dir):
        where = f"foreign_places.tsv:{lineno}"
        if not r.get("name"):
            problems.append(f"{where}: empty name")
        if r.get("lang") not in ("ar", "fa", "en"):
            problems.append(f"{where}: lang {r.get('lang')!r} is not ar, fa or en")
        if r.get("kind") not in ("country", "city", "region"):
            problems.append(f"{where}: kind {r.get('kind')!r} is not country, city or region")
        if not re.fullmatch(r"[A-Z]{3}", r.get("iso3") or ""):
            problems.append(f"{where}: iso3 {r.get('iso3')!r} is not a three-letter country code")
        if (r.get("name"), r.get("lang")) in seen:
            problems.append(f"{where}: {r.get('name')!r} listed twice")
        seen.add((r.get("name"), r.get("lang")))
    return problems


def foreign_place(m: Mention) -> Place:
    v: ForeignPlace = m.data
    return Place(id=v.iso3, name=v.name if v.place_kind != "country" else v.country, name_ar=v.name,
                 surface=m.text, geo_precision=1 if v.place_kind == "city" else 3,
                 reason=f"a place outside Syria ({v.country})", kind="foreign", country=v.country, iso=None)
