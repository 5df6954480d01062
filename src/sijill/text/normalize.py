"""Script-aware normalisation that keeps a map back to the original characters.

Matching runs on the normalised string; every span found there is mapped back through
`NormText.to_original` so that evidence offsets index the clean text itself.

What is folded (one character to one): hamza forms of alef to ا, ؤ to و, ئ and ى and
Persian ی to ي, Persian ک to ك, ة to ه, Eastern Arabic and Persian digits to 0-9, Latin to
lower case, every kind of space to one space. What is dropped: tatweel, Arabic diacritics
(harakat, shadda, superscript alef, Quranic marks), ZWNJ/ZWJ, direction marks (U+061C among
them), soft hyphens, word joiners and other invisible format characters, and double
quotes (outlets quote names: ميليشيا "قسد" must meet the alias ميليشيا قسد), and the Persian
ezafe written after ه with ZWNJ ("حومه‌ی ادلب" meets "حومه ادلب"). Keeping
Persian ZWNJ out means "درگیری‌ها" and the scraped "درگیریها" meet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ے": "ي",
    "ک": "ك", "ڪ": "ك", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u3000": " ",
    "٬": ",", "،": "،",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Eastern Arabic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits

# Persian ezafe written after ه with ZWNJ ("حومه‌ی ادلب", "حمله‌ی هوایی") is dropped with its ZWNJ,
# so that the phrase meets its spelling without the ezafe ("حومه ادلب"), as "حملهٔ" already does:
# the ZWNJ, itself dropped, takes the ی after it when a ه stands before it. (The pattern begins
# with its character class, so the regex engine skips to the next dropped character instead of
# trying a lookbehind at every one: five times faster on a page.)
_EZAFE = "(?:(?<=\u0647\u200c)[\u06cc\u064a](?!\\w))?"
_DROP_RE = re.compile("[«»“”„\"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c\u00ad\u180e\u2060-\u2064]" + _EZAFE)
_SPACE_RUN = re.compile("  +")
_TABLE = str.maketrans(_FOLD)
_DROP_TABLE = str.maketrans({c: None for c in
                             [chr(c) for c in range(0x0610, 0x061B)] + [chr(c) for c in range(0x064B, 0x0660)]
                             + ["\u0670", "\u0640"] + [chr(c) for c in range(0x06D6, 0x06EE)]
                             + [chr(c) for c in range(0x200B, 0x2010)] + [chr(c) for c in range(0x202A, 0x202F)]
                             + [chr(c) for c in range(0x2066, 0x206A)] + [chr(c) for c in range(0x2060, 0x2065)]
                             + ["\u061c", "\u00ad", "\u180e", "\ufeff", "«", "»", "“", "”", "„", '"']})


# one table: drops, folds and ASCII lower case in a single pass
_ONE_PASS = {**_DROP_TABLE, **_TABLE, **{ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}
# ... and the same as single-character replacements, the characters it changes only. No
# replacement holds a character that is itself replaced (tests/test_normalize.py checks it), so
# the replacements may run in any order and give what the table gives.
_CHANGES = {chr(k): v or "" for k, v in _ONE_PASS.items() if (v or "") != chr(k)}
_CHANGED = re.compile("[" + "".join(re.escape(c) for c in _CHANGES) + "]")
_CHANGE_LIST = tuple(_CHANGES.items())


def fold(s: str) -> str:
    """The normal form of a string (no offset map): for keys of names and lexicon entries."""
    # translate() looks its table up once per character, and on Arabic text that took a fifth of
    # a millisecond a page. Fewer than one character in ten changes (ة أ إ ى, quotes,
    # diacritics), and str.replace runs in C: so the characters a text holds are replaced, each
    # in one pass. Words and short phrases recur on every page: short strings are folded once.
    if len(s) <= 40:
        return _fold_short(s)
    if len(s) <= 1000:
        # (measured on the dev articles: 3-4 times faster than translate() from 40 characters)
        for c in set(_CHANGED.findall(s)):
            s = s.replace(c, _CHANGES[c])
        return s
    # a page: one test per character of the table costs less than listing what the page holds
    for c, to in _CHANGE_LIST:
        if c in s:
            s = s.replace(c, to)
    return s


@lru_cache(maxsize=1 << 16)
def _fold_short(s: str) -> str:
    return s.translate(_ONE_PASS)


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised string and, for each of its characters, the offset in the original."""
    original: str
    norm: str
    index: tuple[int, ...] | None   # None: no character was dropped, offsets are the same

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `norm` to the span of `original` that it came from."""
        if self.index is None:
            return start, end
        o_start = self.index[start] if start < len(self.index) else len(self.original)
        o_end = self.index[end - 1] + 1 if end > 0 else 0
        return o_start, o_end

    def to_norm(self, pos: int) -> int:
        """The first normalised offset at or after an original offset."""
        if self.index is None:
            return pos
        import bisect
        return bisect.bisect_left(self.index, pos)


def normalize(text: str) -> NormText:
    """Fold `text` for matching, keeping the offset map back to `text`."""
    if not _DROP_RE.search(text) and "  " not in text:
        return NormText(text, fold(text), None)
    index: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in _DROP_RE.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos:m.start()])
            index.extend(range(pos, m.start()))
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
        index.extend(range(pos, len(text)))
    kept = "".join(pieces)
    if "  " in kept:
        # a dropped quote leaves two spaces ("تنظيم « القاعدة»"): keep one, so names still meet
        # (each run of spaces keeps its first, cut out by slices rather than a test per character)
        pieces, kept_index, pos = [], [], 0
        for m in _SPACE_RUN.finditer(kept):
            cut = m.start() + 1
            pieces.append(kept[pos:cut])
            kept_index += index[pos:cut]
            pos = m.end()
        pieces.append(kept[pos:])
        kept_index += index[pos:]
        kept, index = "".join(pieces), kept_index
    norm = fold(kept)
    return NormText(text, norm, tuple(index))
