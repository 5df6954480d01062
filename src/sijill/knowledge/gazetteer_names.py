"""Spellings of place names: the variants a reporter writes, and the words around them.

A gazetteer gives one or two spellings of a place; reports write many more. `build_terms`
expands every name into the variants below (all folded: hamza, ة/ه, ی/ي, ک/ك are one already),
and the place finder compiles them into one matcher:
  - the article: a one-word "موحسن" is written "الموحسن"; a two-word "الباغوز فوقاني" is also
    "باغوز فوقاني" (a one-word name keeps its article: "جنينة" and "باب" are common nouns);
  - a qualifier-less form: "الباغوز فوقاني"/"الباغوز تحتاني" are both "الباغوز" in the press,
    and a qualifier with or without its article: "سويدان جزيرة" / "سويدان الجزيرة";
  - the construct state: "جديدة بكارة" is written "جديد بكارة";
  - spaces after a first word that writers glue on: "دير الزور" / "ديرالزور" (Persian writes
    it joined), "البو كمال" / "البوكمال", "عين العرب" / "عينالعرب".
English names are kept for press English, and only match a capitalised word (see places.py).

Also here: the cue words before place names (place_cues.tsv) and the names that are common
words too (place_stopwords.tsv), both loaded on first use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..text.normalize import fold
from .lexicon import read_table

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-zÀ-ɏ]")
_NOT_ARABIC_ALPHABET = re.compile("[ٱ-ۿ]")
_NOT_LATIN = re.compile("[^\u0000-\u024f‘’ʿʾ]")     # Cyrillic, CJK, ...: not an English spelling
_CLEAN = re.compile(r"[()\[\]{}.,،'\"`’‘_/\\-]+")

# last words that qualify a place: upper/lower, east/west, big/small, the river bank it lies on
QUALIFIERS = frozenset(fold(w) for w in """
فوقاني تحتاني شرقي غربي شمالي جنوبي قبلي كبير صغير جديد قديم
الفوقاني التحتاني الشرقي الغربي الشمالي الجنوبي القبلي الكبير الصغير
الشرقية الغربية الشمالية الجنوبية الكبيرة الصغيرة الجديدة القديمة الفوقانية التحتانية
شرقية غربية شمالية جنوبية كبيرة صغيرة جديدة قديمة فوقانية تحتانية
جزيرة الجزيرة شامية الشامية""".split())
# first words that Persian and careless Arabic spelling glue to the next word
JOINED_PREFIXES = frozenset(fold(w) for w in "ابو أبو ام أم عين تل دير كفر بيت راس رأس جسر خان بئر بير بني البو".split())
# The first word of a two-word name that the gazetteer may lack, read after a naming cue ("قرية
# الشيخ نجار", "قرية قصر البريج", "بلدة خربة غزالة"): the prefixes above, a shrine's, a palace's,
# a ruin's, a hill's or a farm's word, and the other first words that the Syrian communities'
# gazetteer (../shared/gazetteer, 5,621 names) gives five times or more and never as a whole
# name (جب 60 names, رسم 49, خراب 19, باب 15, وادي 14, قلعة 14, برج 13, مرج 12, حوش 12, ...).
NAME_HEADS = JOINED_PREFIXES | frozenset(fold(w) for w in (
    "الشيخ شيخ قصر خربة تلة مزرعة "
    "جب رسم خراب باب وادي قلعة برج دوير مرج حوش مشرفة ضهر رجم بستان قبر حويجة نبع حمام معرة").split())
# Words that never end such a name: prepositions, adverbs and times ("قرية الشيخ بعد منتصف الليل").
NOT_NAME_TAILS = frozenset(fold(w) for w in (
    "بعد قبل منذ خلال عند بين فوق تحت حول ضد دون غير مع ثم في من على الى إلى عن امس أمس اليوم "
    "ليلة ليل صباح صباحا مساء فجر ظهر يوم حيث التي الذي").split())


def split_script(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Arabic-script names, and the Latin-script names that a press English text would use.

    GeoNames adds lower-case machine transliterations ("alkramt") and names in other scripts
    (Cyrillic, CJK): neither is a spelling an English report uses."""
    arabic, latin = [], []
    for n in names:
        n = n.strip()
        if not n:
            continue
        if _ARABIC.search(n):
            if not _LATIN_LETTER.search(n):     # "hەsychە": a Kurdish Latin name with one Arabic-block letter
                arabic.append(n)
        elif n[:1].isupper() and not _NOT_LATIN.search(n):
            latin.append(n)
    # names in the Arabic alphabet itself first, Kurdish and Persian spellings (ۆ ە ڕ پ گ) after
    arabic.sort(key=lambda n: bool(_NOT_ARABIC_ALPHABET.search(n)))
    return arabic, latin


def variants(name: str, loose: bool = True) -> set[str]:
    """The folded spellings of an Arabic place name (see the module docstring).

    `loose=False` (areas and sites, whose names are phrases: "ريف دير الزور الشرقي") gives the
    spacing variants only: dropping "الشرقي" or an article would name another area."""
    return folded_variants(fold(name), loose)


def folded_variants(folded: str, loose: bool = True) -> set[str]:
    """`variants` of a name that is folded already."""
    base = " ".join(_CLEAN.sub(" ", folded).split())
    if len(base.replace(" ", "")) < 3:
        return set()
    words = base.split()
    forms = {tuple(words)}
    if loose and len(words) >= 2 and words[-1] in QUALIFIERS:
        q = words[-1]
        other = q[2:] if q.startswith("ال") else "ال" + q
        forms.add(tuple(words[:-1]) + (other,))
        stem = tuple(words[:-1])
        if len("".join(stem)) >= 4:          # "عين" alone is no name
            forms.add(stem)
    for f in list(forms) if loose else ():
        w0 = f[0]
        if len(words) == 1 and not w0.startswith("ال") and len(w0) >= 3:
            forms.add(("ال" + w0,))
        if len(f) >= 2 and w0.startswith("ال") and len(w0) >= 5:
            forms.add((w0[2:],) + f[1:])
        if len(f) >= 2 and w0.endswith("ه") and len(w0) >= 4:
            forms.add((w0[:-1],) + f[1:])
    out = set()
    for f in forms:
        out.add(" ".join(f))
        joins = [i for i in range(len(f) - 1) if f[i] in JOINED_PREFIXES][:2]
        for i in joins:
            out.add(" ".join(f[:i + 1]) + f[i + 1] + (" " + " ".join(f[i + 2:]) if f[i + 2:] else ""))
        if len(joins) == 2:
            out.add("".join(w + ("" if i in joins else " ") for i, w in enumerate(f)).strip())
    return {v for v in out if len(v.replace(" ", "")) >= 3}


def build_terms(entries, spellings: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[str, tuple]:
    """Folded spelling -> the entries it names. `spellings` holds each entry's folded Arabic and
    Latin names (Gazetteer folds each name once); English names are kept as they are."""
    terms: dict[str, dict] = {}
    for e in entries:
        arabic, latin = spellings[e.id]
        loose = e.kind in ("community", "admin")
        forms = set()
        for n in arabic:
            forms |= folded_variants(n, loose)
        for n in latin:
            key = " ".join(_CLEAN.sub(" ", n).split())
            if len(key) >= 4:
                forms.add(key)
        for f in forms:
            terms.setdefault(f, {})[e.id] = e
    return {k: tuple(v.values()) for k, v in terms.items()}


# ---------------------------------------------------------------- words around place names

CUE_CLASSES = frozenset({"settlement", "quarter", "region", "admin", "plural", "near", "direction",
                         "countryside", "prep"})
STOP_RULES = frozenset({"never", "strong", "cue", "not_name"})


@dataclass(frozen=True)
class PlaceWords:
    cues: dict[str, str]            # folded cue phrase -> class
    bare: frozenset[str]            # cues after which an unquoted name the gazetteer lacks is taken
    max_cue_words: int
    stop: dict[str, str]            # folded name -> rule


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    cues, bare = {}, set()
    for lineno, r in read_table("place_cues.tsv"):
        if r["class"] not in CUE_CLASSES:
            raise ValueError(f"place_cues.tsv:{lineno}: class {r['class']!r} is not one of {sorted(CUE_CLASSES)}")
        term = " ".join(fold(r["term"]).split())
        cues[term] = r["class"]
        if r["bare"] == "yes":
            bare.add(term)
    stop = {}
    for lineno, r in read_table("place_stopwords.tsv"):
        if r["rule"] not in STOP_RULES:
            raise ValueError(f"place_stopwords.tsv:{lineno}: rule {r['rule']!r} is not one of {sorted(STOP_RULES)}")
        stop[" ".join(fold(r["name"]).split())] = r["rule"]
    return PlaceWords(cues, frozenset(bare), max(len(k.split()) for k in cues), stop)
