"""What one sentence holds, read once: the status rules (extract/status.py) ask it for each trigger
instead of reading the sentence's mentions again, so a long sentence costs its length, not its
length times its triggers. Every answer is the one a pass over the sentence's mentions gives.
"""
from __future__ import annotations

from .spans import SpanIndex, ends_table, first_at_most


class SentenceScope:
    """The cues and triggers of one sentence (as `Mentions.within` gives them), indexed by position,
    with what the rules derive from them once."""

    def __init__(self, mentions, sent):
        self.mentions = mentions
        self.sent = sent
        self.cues = SpanIndex(mentions.within("cues", sent.start, sent.end))
        self.triggers = SpanIndex(mentions.within("triggers", sent.start, sent.end))
        self._memo: dict = {}
        self._cue_rank: dict[int, int] | None = None

    def memo(self, key, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def cue_rank(self, c) -> int:
        """Where a cue of this sentence stands in its list."""
        if self._cue_rank is None:
            self._cue_rank = {id(x): i for i, x in enumerate(self.cues.items)}
        return self._cue_rank[id(c)]

    def first_cue_ending_by(self, key: str, limit: int):
        """The first cue of a kind (in the sentence's order) that ends at or before `limit`, or None."""
        def make():
            of_kind = [c for c in self.cues.items if c.key == key]
            return of_kind, ends_table(of_kind)
        of_kind, least = self.memo(("cues", key), make)
        i = first_at_most(least, limit)
        return of_kind[i] if i < len(of_kind) else None

    def least_end(self, key, test) -> int | None:
        """The least end among the sentence's mentions that pass `test` (one test per key)."""
        def make():
            ends = [m.end for m in list(self.cues.items) + list(self.triggers.items) if test(m)]
            return min(ends) if ends else None
        return self.memo(("least_end", key), make)

    def other_verb(self, t) -> bool:
        """A finite verb trigger in the sentence other than `t`."""
        verbs = self.memo("verbs", lambda: [o for o in self.triggers.items if o.data.verb][:2])
        return len(verbs) > 1 or (len(verbs) == 1 and verbs[0] is not t)


def scope_of(mentions, sent) -> SentenceScope:
    return mentions.memo(("scope", sent.start, sent.end), lambda: SentenceScope(mentions, sent))


class Counted:
    """Numbers of a span, kept by a test, asked whether one lies in [lo, X) ending by X
    (what `Mentions.within(kind, lo, X)` would hold) for any X up to the span's end."""

    def __init__(self, numbers: list):
        self._numbers = numbers
        self._starts = [n.start for n in numbers]
        self._least = ends_table(numbers)

    def any_before(self, limit: int) -> bool:
        import bisect
        k = bisect.bisect_left(self._starts, limit)
        return k > 0 and self._least[k - 1] <= limit
