"""Lists of place names after a plural cue, as the place finder (places.py) reads them.

Three forms: in brackets ("قرى (الجنينة، الجيعة، وشقرا)", `list_items`), each name quoted
("مناطق «ذیبان»، «العزبه» و «جدید بکاره»", `quoted_items`), and unquoted when the form leaves no
doubt that names follow (`unquoted_list`). Offsets are the caller's: original text for the first
two, the normal form's tokens for the third.
"""
from __future__ import annotations

import bisect
import re

CLOSERS = {"(": ")", "[": "]", "«": "»", '"': '"', "“": "”"}
# between the names of an unquoted list: "، " or " و" (the و may stand alone or lead the next name)
_LIST_JOIN = re.compile(r"^(?:\s*[،,]\s*(?:و\s*)?\w|\s+و\s*\w)")
_LIST_MOST = 8
# plural cues that name towns and villages: their list items are settlements even without ال
SETTLEMENTS = re.compile(r"قري|قرى|بلد|مدن|مدين|مخيم|مزارع")


def list_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The items of "X، Y، وZ ومنطقة W" between a and b (original offsets)."""
    items, pos = [], a
    for m in re.finditer(r"[،,؛]|\s+(?=و\S)", text[a:b] + "،"):      # the و stays: PlaceFinder._strip_item
        items.append((pos, min(a + m.start(), b)))
        pos = a + m.end()
    return items


def quoted_items(text: str, pos: int) -> list[tuple[int, int]]:
    """The items of «X»، «Y» و «Z» from the first opening quote at pos (original offsets)."""
    items = []
    while pos < len(text) and text[pos] in CLOSERS:
        close = text.find(CLOSERS[text[pos]], pos + 1)
        if close < 0 or close - pos > 60:
            break
        items.append((pos + 1, close))
        m = re.match(r'\s*(?:[،,]\s*)?(?:و\s*)?(?=[«"“(])', text[close + 1:close + 12])
        if not m:
            break
        pos = close + 1 + m.end()
    return items


def unquoted_list(norm: str, tokens, i: int, dual: bool, name_at) -> list[tuple[int, int]]:
    """The names of an unquoted list after the plural cue at token i (`dual`: the cue is a dual;
    `name_at(j)` reads the name starting at token j), when its form leaves no doubt that a list of
    names follows: a dual names two ("قريتي الفوعة وكفريا"), "هي" / "وهي"
    opens one ("4 قرى هي شقرا والحصان والجيعة"), and three names or more joined by "و" or "،"
    are one ("بلدات حيان وبيانون وماير"). A bare plural before one or two words ("مناطق سيطرة
    النظام") is no list."""
    j = i + 1
    opened = j < len(tokens) and norm[tokens[j][0]:tokens[j][1]] in ("هي", "وهي")
    if opened:
        j += 1
    most = 2 if dual else _LIST_MOST
    items: list[tuple[int, int]] = []
    while j < len(tokens) and len(items) < most:
        a, b = name_at(j)
        if a is None:
            break
        items.append((a, b))
        j = next((k for k in range(j, len(tokens)) if tokens[k][0] >= b), len(tokens))
        if j >= len(tokens) or not _LIST_JOIN.match(norm[b:tokens[j][1]]):
            break
    least = 2 if dual or opened else 3
    return items if len(items) >= least else []


def whole_words(automaton, norm: str, starts: list[int]) -> list[tuple[int, object]]:
    """The words of `norm` (runs of \\w; `starts`: where each begins) that are terms of an
    Aho-Corasick automaton (pyahocorasick, storing (length, value) for each term), in text order:
    (index of the word, its value). The place finder looks its cue words up this way instead of
    asking about every word of the page."""
    if not len(automaton):
        return []
    out, size = [], len(norm)
    for last, (length, value) in automaton.iter(norm):
        end = last + 1
        start = end - length
        if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
            continue        # (\w is a letter, a digit or "_")
        if end < size and (norm[end].isalnum() or norm[end] == "_"):
            continue
        out.append((bisect.bisect_left(starts, start), value))     # (whole words do not overlap: in order)
    return out
