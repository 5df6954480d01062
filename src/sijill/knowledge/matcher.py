"""Dictionary matching over normalised text, compiled once per process.

A `TermMatcher` holds many terms (aliases, place names, trigger words) in one Aho-Corasick
automaton: a page is scanned once whatever the lexicon's size (measured: a 50,000-term
lexicon in about 0.15 ms a page, where a regex alternation of the same terms took 140 ms).

Arabic glues clitics to words: "وقسد", "بريف", "للنظام" (ل + النظام). A term therefore matches
when the letters before it in its word are only proclitics (و ف ب ل ك, at most three), and,
for terms that allow it, when the letters after it are only an attached pronoun or a plural
ending, and, for lexicon words, when the article ال stands before them. Matches are then reduced leftmost-longest, so "ريف دير الزور الشرقي" wins over
"دير الزور".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import ahocorasick

from ..records import fast_init
from ..text.normalize import NormText, fold

PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك", "س", "وس"})
ENCLITICS = frozenset({"", "ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "ا", "ات", "ين", "ون", "وا",
                       "ان", "تها", "ته", "تهم", "ة"})
# the definite article, alone or after a proclitic: trigger nouns come with it ("المواجهات")
ARTICLES = frozenset({"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل"})
# Persian plural and ezafe endings that the scraped text glues to nouns ("درگیریها", "دیرالزوری")
FA_ENCLITICS = frozenset({"ها", "هاي", "اي", "ي", "ان", "شان", "ش"})


@fast_init
@dataclass(frozen=True, slots=True)
class Match:
    start: int          # offsets in the normalised text
    end: int
    values: tuple[Any, ...]
    term: str           # the normalised term that matched


class TermMatcher:
    """Compile (term, value) pairs; `find` returns leftmost-longest matches."""

    def __init__(self, entries: Iterable[tuple[str, Any]], *, suffixes: bool = False,
                 proclitics: bool = True, article: bool = False):
        self._suffixes = suffixes
        self._proclitics = proclitics
        self._article = article
        values: dict[str, list[Any]] = {}
        for term, value in entries:
            key = fold(term).strip()
            if not key:
                continue
            variants = {key}
            if key.startswith("ال") and len(key) > 3:
                variants.add("ل" + key[1:])       # ل + ال contracts to لل: للنظام
            for v in variants:
                bucket = values.setdefault(v, [])
                if value not in bucket:
                    bucket.append(value)
        self._auto = ahocorasick.Automaton()
        for key, vals in values.items():
            self._auto.add_word(key, (len(key), key, tuple(vals)))
        self.size = len(values)
        if values:
            self._auto.make_automaton()

    def __len__(self) -> int:
        return self.size

    def lookup(self, term: str) -> tuple[Any, ...]:
        """The values stored under a term (folded), or ()."""
        got = self._auto.get(fold(term).strip(), None) if self.size else None
        return got[2] if got else ()

    def find(self, norm: str, lo: int = 0, hi: int | None = None) -> list[Match]:
        """The leftmost-longest matches in norm[lo:hi]."""
        return [Match(start, end, vals, key) for start, end, vals, key in self.spans(norm, lo, hi)]

    def spans(self, norm: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, tuple, str]]:
        """What `find` gives, as plain (start, end, values, term) tuples: for the callers that make
        their own records of the matches at once (extract/mentions.py), a Match less each."""
        if not self.size:
            return []
        hi = len(norm) if hi is None else hi
        found: list[tuple] = []
        append = found.append
        left_ok, right_ok, suffixes = self._left_ok, self._right_ok, self._suffixes
        # the cheap tests inline: most raw hits are short terms inside longer words, and the
        # character after them settles it; a hit is a plain tuple until it survives the reduction
        # (a third of the raw hits do), for a Match costs more to make than a tuple
        for last, (length, key, vals) in self._auto.iter(norm, lo, hi):
            end = last + 1
            if end < hi and norm[end].isalnum() and (not suffixes or not right_ok(norm, end, hi)):
                continue
            start = end - length
            if start > lo and norm[start - 1].isalnum() and not left_ok(norm, start, lo):
                continue
            append((start, -length, end, vals, key))
        return [(start, end, vals, key) for start, _, end, vals, key in _leftmost_longest(found)]

    def _left_ok(self, s: str, start: int, lo: int) -> bool:
        if start == lo or not s[start - 1].isalnum():
            return True
        if not self._proclitics:
            return False
        w = start
        while w > lo and s[w - 1].isalnum():
            w -= 1
        prefix = s[w:start]
        return prefix in PROCLITICS or (self._article and prefix in ARTICLES)

    def _right_ok(self, s: str, end: int, hi: int) -> bool:
        if end >= hi or not s[end].isalnum():
            return True
        if not self._suffixes:
            return False
        w = end
        while w < hi and s[w].isalnum():
            w += 1
        tail = s[end:w]
        return tail in ENCLITICS or tail in FA_ENCLITICS


class MatcherGroup:
    """Several TermMatchers read in one pass: what each one's `spans` gives, from one automaton.

    A page is read by five matchers (actors, triggers, times, cues, numbers), and walking the text
    is most of what an automaton costs: one walk over the union of their terms, each hit tried by
    the matchers that hold its term with their own clitic rules, spares four (measured on the dev
    articles: the one walk takes a third of the time of the five; the whole reading 0.36 ms a page
    instead of 0.52). Every matcher keeps its own hits and its own leftmost-longest reduction: the
    results are those of the matchers one by one. (Compiling the group takes ~50 ms, once.)"""

    def __init__(self, matchers: Iterable[TermMatcher]):
        self.matchers = tuple(matchers)
        joined: dict[str, list] = {}
        for i, m in enumerate(self.matchers):
            if m.size:
                for key, (length, term, vals) in m._auto.items():
                    joined.setdefault(key, []).append((i, length, term, vals))
        self._auto = ahocorasick.Automaton()
        for key, owners in joined.items():
            self._auto.add_word(key, tuple(owners))
        self.size = len(joined)
        if joined:
            self._auto.make_automaton()

    def spans(self, norm: str) -> list[list[tuple[int, int, tuple, str]]]:
        """`m.spans(norm)` for each matcher m of the group, in the group's order."""
        matchers = self.matchers
        found: list[list[tuple]] = [[] for _ in matchers]
        if not self.size:
            return found
        hi = len(norm)
        for last, owners in self._auto.iter(norm):
            end = last + 1
            glued = end < hi and norm[end].isalnum()      # (the same tests as TermMatcher.spans)
            for i, length, key, vals in owners:
                m = matchers[i]
                if glued and (not m._suffixes or not m._right_ok(norm, end, hi)):
                    continue
                start = end - length
                if start > 0 and norm[start - 1].isalnum() and not m._left_ok(norm, start, 0):
                    continue
                found[i].append((start, -length, end, vals, key))
        return [[(start, end, vals, key) for start, _, end, vals, key in _leftmost_longest(f)] for f in found]


@lru_cache(maxsize=4)
def matcher_group(matchers: tuple[TermMatcher, ...]) -> MatcherGroup:
    """The group of these matchers, compiled at its first use and kept as long as the knowledge
    base that holds them (knowledge._load keeps as many)."""
    return MatcherGroup(matchers)


def _leftmost_longest(found: list[tuple]) -> list[tuple]:
    """Hits as (start, -length, end, values, term), reduced leftmost-longest.

    (start, -length) tells every hit apart (one term per span of the text), so the plain tuple
    sort orders them as a sort on that key would, and never compares the values."""
    found.sort()
    out: list[tuple] = []
    reach = -1
    for m in found:
        start, end = m[0], m[2]
        if start >= reach:
            out.append(m)
            reach = end
        elif out and -m[1] > -out[-1][1] and start < out[-1][2]:
            # a longer term that starts inside the previous one replaces it
            if start >= (out[-2][2] if len(out) > 1 else -1):
                out[-1] = m
                reach = end
    return out


def span_text(nt: NormText, m: Match) -> tuple[int, int, str]:
    """The original-text span and words of a match."""
    s, e = nt.to_original(m.start, m.end)
    return s, e, nt.original[s:e]
