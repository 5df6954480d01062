"""Mentions found by position, so that a rule asks for the few that stand near a word instead of
reading every mention of the page for every trigger (which made extraction quadratic in the page).

`SpanIndex(items).near(lo, hi)` gives every mention that may touch [lo, hi] -- each whose end is at
least `lo` and whose start at most `hi` -- and maybe a few more, in the items' own order. A rule that
keeps its own test and only reads `near(...)` instead of all the items therefore finds exactly what
it found before, as long as its test implies `m.end >= lo and m.start <= hi`.
"""
from __future__ import annotations

import bisect
from typing import Sequence


class SpanIndex:
    """Spans (anything with `start` and `end`), in any order, indexed by their starts."""

    __slots__ = ("items", "_order", "_starts", "longest", "_in_order", "_memo")

    def __init__(self, items: Sequence):
        self.items = items if isinstance(items, (list, tuple)) else list(items)
        starts = [m.start for m in self.items]
        # (an index is made for every sentence's cues and triggers: the usual case, items already
        # in order, is told by comparing the starts with their sorted copy, a sort of ints in C)
        ordered = sorted(starts)
        self._in_order = ordered == starts
        self._order = range(len(starts)) if self._in_order else \
            sorted(range(len(starts)), key=starts.__getitem__)     # stable: equal starts keep their order
        self._starts = ordered
        self.longest = max([m.end - m.start for m in self.items], default=0)
        self._memo: dict = {}

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def near(self, lo: int, hi: int) -> list:
        """The items with `end >= lo` and `start <= hi` (and maybe a few more), in their own order."""
        a = bisect.bisect_left(self._starts, lo - self.longest)
        b = bisect.bisect_right(self._starts, hi, a)
        if self._in_order:
            got = self.items[a:b]
            return got if type(got) is list else list(got)
        return [self.items[i] for i in sorted(self._order[a:b])]


    def memo(self, key, make):
        """`make()` once per index and key: what a rule derives from these spans alone."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


class Covers:
    """Which of some spans cover a mention, found by bisection on their starts (extract/mentions.py)."""

    def __init__(self, spans):
        self._spans = sorted(spans, key=lambda x: x.start)
        self._starts = [x.start for x in self._spans]
        self._longest = max((x.end - x.start for x in self._spans), default=0)

    def any(self, m, longer_than: int = -1) -> bool:
        """A span holding all of m (a mention, or any span) and longer than `longer_than` chars
        (-1: any length)."""
        i = bisect.bisect_right(self._starts, m.start) - 1
        while i >= 0 and self._starts[i] >= m.start - self._longest:
            x = self._spans[i]
            if m.end <= x.end and (x.end - x.start) > longer_than:
                return True
            i -= 1
        return False


def starts_within(starts: list[int], pos: int, gap: int) -> bool:
    """Whether one of the sorted `starts` lies in [pos, pos + gap]."""
    i = bisect.bisect_left(starts, pos)
    return i < len(starts) and starts[i] - pos <= gap


def near(spans: Sequence, lo: int, hi: int) -> list:
    """`SpanIndex.near` on a plain sequence too (a test or a caller with a short list)."""
    if isinstance(spans, SpanIndex):
        return spans.near(lo, hi)
    return [m for m in spans if m.end >= lo and m.start <= hi]


def first_at_most(least: Sequence[int], limit: int) -> int:
    """The first index of a non-increasing list (the running least ends of `ends_table`) whose
    item is at most `limit`: the first span, in its list's order, that ends by `limit`; len if none."""
    lo, hi = 0, len(least)
    while lo < hi:
        mid = (lo + hi) // 2
        if least[mid] <= limit:
            hi = mid
        else:
            lo = mid + 1
    return lo


def ends_table(spans: Sequence) -> list[int]:
    """The least end of each prefix of `spans` (in their order): a non-increasing list."""
    out, low = [], None
    for m in spans:
        low = m.end if low is None else min(low, m.end)
        out.append(low)
    return out


def back_over_words(text: str, pos: int, words: int, floor: int = 0) -> int:
    """The leftmost x >= floor such that text[x:pos] holds at most `words` runs of non-space
    characters: where a gap of so many words before `pos` may begin, however long its spaces."""
    x, runs = pos, 0
    while x > floor:
        if text[x - 1].isspace():
            x -= 1
            continue
        if runs == words:
            break
        runs += 1
        while x > floor and not text[x - 1].isspace():
            x -= 1
    return x


def back_within(text: str, pos: int, budget: int, free: str = "") -> int:
    """The leftmost x such that text[x:pos] holds at most `budget` characters that are neither
    spaces nor in `free`."""
    x = pos
    while x > 0:
        ch = text[x - 1]
        if not (ch.isspace() or ch in free):
            if budget == 0:
                break
            budget -= 1
        x -= 1
    return x


def on_within(text: str, pos: int, budget: int, free: str = "") -> int:
    """The rightmost y such that text[pos:y] holds at most `budget` characters that are neither
    spaces nor in `free` (`back_within` forwards)."""
    y, end = pos, len(text)
    while y < end:
        ch = text[y]
        if not (ch.isspace() or ch in free):
            if budget == 0:
                break
            budget -= 1
        y += 1
    return y
