"""Language identification for ar, fa and en, by script and by marker letters and words.

Persian is told from Arabic by letters Arabic does not use (پ چ ژ گ, Persian ی and ک) and by
its function words; a page quoting Arabic names inside Persian stays Persian.
"""
from __future__ import annotations

import re

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z]")
_PERSIAN_LETTERS = re.compile("[پچژگیک]")
_ARABIC_ONLY = re.compile("[ةىي]")   # Arabic ي (U+064A) and ة are rare in Persian text
_PERSIAN_WORDS = re.compile(r"(?<!\S)(است|می|را|این|که|های|شد|شده|کرد|برای|آنها|یک|بود)(?!\S)")
_ARABIC_WORDS = re.compile(r"(?<!\S)(في|من|على|إلى|الى|التي|الذي|أن|عن|مع|هذا|كان)(?!\S)")


def detect_language(text: str, sample: int = 4000) -> str:
    """`ar`, `fa` or `en` for a text; `ar` when the text gives nothing to go on."""
    s = text[:sample]
    arabic_script = len(_ARABIC_SCRIPT.findall(s))
    latin = len(_LATIN.findall(s))
    if latin > arabic_script * 2 and latin > 20:
        return "en"
    fa = 3 * len(_PERSIAN_LETTERS.findall(s)) + 10 * len(_PERSIAN_WORDS.findall(s))
    ar = 3 * len(_ARABIC_ONLY.findall(s)) + 10 * len(_ARABIC_WORDS.findall(s))
    return "fa" if fa > ar else "ar"
