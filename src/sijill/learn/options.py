"""What the rankers choose among: the mentions of a page a frame's role may take (`nearby`), and
where such a mention stands from the frame's trigger (`position_features`).

A role's options are the rules' own choice and, for each other name the page gives (a place, a
side), its occurrence nearest to the frame, if it stands in the frame's sentence, a few sentences
before or one after, in the headline, or is one of the page's most named.
"""
from __future__ import annotations

import bisect
import re
from typing import Callable, Iterable

from ..model import EventFrame, Mention
from ..text import fold
from .features import DocView

_WORD = re.compile(r"\w+")
BEFORE_SENTENCES = 3
AFTER_SENTENCES = 1
FREQUENT = 2
MAX_OPTIONS = 8
# the statuses of frames that become events (resolve.EVENT_STATUSES): only their roles are ranked
PROPOSED = frozenset({"reported", "claimed", "denied"})


def sentence_of(view: DocView, pos: int) -> int:
    memo = view.sentence_memo
    si = memo.get(pos)
    if si is None:
        si = memo[pos] = max(0, bisect.bisect_right(view.sentence_starts(), pos) - 1)
    return si


def nearby(view: DocView, frame: EventFrame, mentions: Iterable[Mention], key: Callable[[Mention], str],
           exclude: set[str], counts: dict[str, int], ranks: dict[str, int]) -> list[Mention]:
    """One mention per name (the nearest to the frame), names in `exclude` left out, nearest first.

    Reads the mentions of the frame's sentences and of the headline, and of each frequent name
    only its first and its nearest (`_Names`): what a pass over every mention of the page keeps."""
    si = frame.sentence
    frequent = view.frequent(counts, ranks, FREQUENT)
    best: dict[str, tuple[int, Mention]] = {}
    lo, hi = si - BEFORE_SENTENCES, si + AFTER_SENTENCES
    names = _names(view, mentions, key)
    for i in names.candidates(view, si, lo, hi, frequent - exclude):
        m, k, ms = names.mentions[i], names.keys[i], names.sentences[i]
        if not (lo <= ms <= hi or ms == 0):
            if k not in frequent or k in exclude:
                continue
        elif k in exclude:
            continue
        d = abs(ms - si)
        if k not in best or d < best[k][0]:
            best[k] = (d, m)
    return [m for _, m in sorted(best.values(), key=lambda x: (x[0], x[1].start))][:MAX_OPTIONS]


class _Names:
    """The mentions of one kind of a page by position and by name, read once a page."""

    def __init__(self, view: DocView, mentions, key):
        self.mentions = mentions if isinstance(mentions, (list, tuple)) else list(mentions)
        self.starts = [m.start for m in self.mentions]
        # each mention's name and sentence, read once a page rather than once a frame and role
        self.keys = [key(m) for m in self.mentions]
        self.sentences = [sentence_of(view, m.start) for m in self.mentions]
        self.in_order = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        self.by_name: dict[str, tuple[list[int], list[int]]] = {}   # name -> its indices, their sentences
        for i, (k, si) in enumerate(zip(self.keys, self.sentences)):
            indices, sentences = self.by_name.setdefault(k, ([], []))
            indices.append(i)
            sentences.append(si)

    def candidates(self, view: DocView, si: int, lo: int, hi: int, names) -> list[int] | range:
        """In page order, the indices of the mentions of sentences lo..hi and of the headline, and
        of each of `names` its first mention and its first in the sentence nearest to si."""
        if not self.in_order:
            return range(len(self.mentions))
        starts = view.sentence_starts()
        picked = set(self._sentences(starts, 0, 0)) | set(self._sentences(starts, max(lo, 0), min(hi, len(starts) - 1)))
        for name in names:
            got = self.by_name.get(name)
            if got is None:
                continue
            indices, sentences = got
            picked.add(indices[0])
            j = bisect.bisect_left(sentences, si)
            if j > 0 and (j == len(sentences) or si - sentences[j - 1] <= sentences[j] - si):
                j = bisect.bisect_left(sentences, sentences[j - 1])
            picked.add(indices[j])
        return sorted(picked)

    def _sentences(self, starts: list[int], a: int, b: int) -> range:
        """The indices of the mentions in sentences a..b (a mention before the first sentence is
        in it, one between two sentences in the one before, as `sentence_of` says)."""
        if a > b:
            return range(0)
        lo = bisect.bisect_left(self.starts, starts[a]) if a > 0 else 0
        hi = bisect.bisect_left(self.starts, starts[b + 1]) if b + 1 < len(starts) else len(self.starts)
        return range(lo, hi)


def _names(view: DocView, mentions, key) -> _Names:
    tag = ("names", id(mentions), getattr(key, "__code__", key))
    got = view.cached(tag)
    if got is None or got[0] is not mentions:
        got = (mentions, _Names(view, mentions, key))
        view.store(tag, got)
    return got[1]


def _gap(d: int) -> str:
    if d == 0:
        return "same"
    if d < 0:
        return "prev1" if d == -1 else "prev2-3" if d >= -3 else "prev4+"
    return "next1" if d == 1 else "next2+"


def position_features(view: DocView, frame: EventFrame, m: Mention, f: dict) -> str:
    """Where `m` stands from the trigger, added to `f`; returns its sentence gap (same, prev1, ...)."""
    text = view.analysed.doc.text
    t = frame.trigger
    si = sentence_of(view, m.start)
    gap = _gap(si - frame.sentence)
    f["gap=" + gap] = 1.0
    if gap == "same":
        d = m.start - t.end if m.start >= t.end else m.end - t.start
        f["chars=" + str(max(-4, min(4, d // 25)))] = 1.0
        between = text[min(t.end, m.end):max(t.start, m.start)]
        f["break_between=" + str(bool(re.search(r"[.،,؛:]", between)))] = 1.0
        words = _WORD.findall(fold(between))
        if len(words) <= 3:
            for w in words:
                f["between=" + w] = 1.0
    return gap


def mention_features(view: DocView, role: str, m: Mention, more) -> dict:
    """The features of a mention that do not depend on the frame (whether the headline names it,
    the words before it, and `more(f)`: its kind, how the page names it, ...), once per page."""
    key = ("mention", role, m.start, m.end, m.key)
    f = view.cached(key)
    if f is None:
        text = view.analysed.doc.text
        f = {"in_headline=" + str(sentence_of(view, m.start) == 0): 1.0}
        for w in _WORD.findall(fold(text[max(0, m.start - 20):m.start]))[-2:]:
            f["word_before=" + w] = 1.0
        more(f)
        view.store(key, f)
    return f


def naming_features(key: str, counts: dict[str, int], ranks: dict[str, int], f: dict) -> None:
    n = counts.get(key, 1)
    f["named=" + ("1" if n == 1 else "2" if n == 2 else "3+")] = 1.0
    f["first_named_rank=" + str(min(ranks.get(key, 9), 3))] = 1.0


def best_option(options, model, view: DocView):
    """The option the model scores highest; the first (the rules' own) on a tie. A linear score
    adds up by parts: each mention's own part is summed once a page (`mention_features`)."""
    parts = view.cached(("partial", id(model)))
    if parts is None:
        parts = {}
        view.store(("partial", id(model)), parts)

    def score(o) -> float:
        total = model.bias + model.partial(o.relative)
        if o.static:
            part = parts.get(id(o.static))
            if part is None:
                part = parts[id(o.static)] = model.partial(o.static)
            total += part
        return total
    best, top = options[0], score(options[0])
    for o in options[1:]:
        s = score(o)
        if s > top + 1e-9:        # a tie, up to rounding in the order of the sums, keeps the earlier
            best, top = o, s
    return best
