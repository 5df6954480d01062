"""The frames of one sentence told together (extract/frames.py): the action casualty words report,
actions of one side told in one breath merged into one, and each side's opponent. Questions
about what stands between two words are answered by `Between`, once a sentence, so that a
sentence of many triggers costs its triggers, not their square.
"""
from __future__ import annotations

import bisect
import re

from ..model import EventFrame, Mention
from ..records import replace
from .spans import back_within

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# which type wins when two violent triggers tell one action: the most specific
_PRIORITY = {"territory": 5, "Explosions/Remote violence": 4, "Violence against civilians": 3, "Battles": 2}
# "while", "at the same time as": what follows is another act, never the same one told again
APART = "في حين|بينما|فيما|تزامنا|تزامناً|بالتزامن|بموازاة"
_WHILE = re.compile(rf"(?:^|[\s،,])(?:{APART})\s|،\s*كما\s")


_WHILE_WORDS = 12      # a match of _WHILE holds at most this many non-space characters


class Between:
    """What stands between two positions of one sentence: an attribution cue ("وقسد تعلن"), or a
    word that sets two acts apart (`_WHILE`). `attributions`: the sentence's, in text order."""

    def __init__(self, text: str, attributions: list[Mention]):
        self.text = text
        self._starts = [a.start for a in attributions]
        least, low = [], None       # the least end of the attributions from each one on
        for a in reversed(attributions):
            low = a.end if low is None else min(low, a.end)
            least.append(low)
        self._least = least[::-1]
        self._while: dict[int, tuple[int, bool]] = {}   # start -> (end searched to, found)

    def source(self, lo: int, hi: int) -> bool:
        """An attribution cue wholly inside [lo, hi]."""
        i = bisect.bisect_left(self._starts, lo)
        return i < len(self._least) and self._least[i] <= hi

    def set_apart(self, lo: int, hi: int) -> bool:
        """`_WHILE.search(text, lo, hi)`: asked with one `lo` and a growing `hi` as frames merge, it
        reads only what `hi` adds (a match found stays found; a new one ends past the old end)."""
        seen = self._while.get(lo)
        if seen is not None and hi >= seen[0]:
            if seen[1]:
                return True
            start = max(lo, back_within(self.text, seen[0], _WHILE_WORDS))
        else:
            start = lo
        found = _WHILE.search(self.text, start, hi) is not None
        self._while[lo] = (hi, found)
        return found


def nearest_frame(frames, m, between: Between, starts: list[int]):
    """The frame casualty words report: the last violent one before them, else the first after,
    with no new source between. `starts`: the trigger starts of the first frames, in text order
    (those are bisected; the frames after them are read one by one)."""
    ordered = len(starts)
    def apart(f):
        lo, hi = sorted((f.trigger.end, m.start))
        return between.source(lo, hi)
    for f in reversed(frames[ordered:]):
        if f.trigger.start <= m.start and _violent(f) and not apart(f):
            return f
    k = bisect.bisect_right(starts, m.start)
    for f in reversed(frames[:k]):
        if _violent(f) and not apart(f):
            return f
    return next((f for f in frames if _violent(f) and not apart(f)), None)


def _violent(f: EventFrame) -> bool:
    return f.event_type in VIOLENT_TYPES or f.frame in ("casualty", "injury", "territory")


def _rank(f: EventFrame) -> int:
    if f.frame == "territory":
        return _PRIORITY["territory"]
    return _PRIORITY.get(f.event_type, 1 if f.frame not in ("casualty", "injury") else 0)


def _specific(f: EventFrame) -> int:
    """Of two names for one strike, the one that says how: "قصف بالبراميل" is an air strike."""
    return 1 if f.sub_event_type in ("Air/drone strike", "Suicide bomb", "Chemical weapon") else 0


def _same_side(x: Mention | None, y: Mention | None) -> bool:
    return x is None or y is None or x.key == y.key


def merge_same_action(frames: list[EventFrame], between: Between) -> list[EventFrame]:
    """Violent frames of one sentence by the same side (or an unnamed one) are one action, unless
    a new source speaks between them ("قصف تركي ... وقسد تعلن مقتل 3 مهاجمين") or "while" sets
    them apart ("غارات استهدفت المدينة، في حين تدور معارك بين ...")."""
    out: list[EventFrame] = []
    for f in frames:
        prev = out[-1] if out else None
        if prev and _violent(prev) and _violent(f) and _same_side(prev.actor1, f.actor1) \
                and prev.status == f.status and _places_overlap(prev, f) \
                and not between.set_apart(prev.trigger.end, f.trigger.start) \
                and not between.source(prev.trigger.end, f.trigger.start):
            main, other = (f, prev) if (_rank(f), _specific(f)) > (_rank(prev), _specific(prev)) else (prev, f)
            out[-1] = replace(
                main,
                actor1=main.actor1 or other.actor1, actor2=main.actor2 or other.actor2,
                assoc1=main.assoc1 or other.assoc1, assoc2=main.assoc2 or other.assoc2,
                places=main.places or other.places, place_anaphor=main.place_anaphor or other.place_anaphor,
                times=main.times or other.times, casualties=main.casualties + other.casualties,
                claimed_by=main.claimed_by or other.claimed_by,
                others=main.others + (other.trigger,) + other.others)
        else:
            out.append(f)
    return out


def _places_overlap(a: EventFrame, b: EventFrame) -> bool:
    if not a.places or not b.places or a.place_anaphor or b.place_anaphor:
        return True
    return bool({p.start for p in a.places} & {p.start for p in b.places})


def fill_opponents(frames: list[EventFrame], lineage) -> list[EventFrame]:
    """'A took the villages but B retook them': B's opponent is A, and A's is B. An action of the
    same kind names the opponent first (territory against territory), else the sentence's first side.
    Sides of one camp are no opponents: the air force and the army it belongs to. (Both answers
    depend on a frame's side and kind only: read once for each.)"""
    taken: dict = {}
    frames = [_taken_from(f, frames, taken) for f in frames]
    sides = [f for f in frames if f.actor1 is not None]
    if len({f.actor1.key for f in sides}) < 2:
        return frames
    opponents: dict = {}
    out = []
    for f in frames:
        if f.actor2 is None and f.actor1 is not None and _violent(f):
            key = (f.actor1.key, f.frame)
            if key not in opponents:
                camp = set(lineage(f.actor1.key))
                others = [o for o in sides if not camp & set(lineage(o.actor1.key))]
                same_kind = [o for o in others if o.frame == f.frame]
                opponents[key] = (same_kind or others)[0].actor1 if others else None
            if opponents[key] is None:
                out.append(f)
                continue
            f = replace(f, actor2=opponents[key])
        out.append(f)
    return out


def _taken_from(f: EventFrame, frames: list[EventFrame], memo: dict) -> EventFrame:
    """"استعادة السيطرة على الحقل بعد اشتباكات مع قسد": a place is taken from the side fought for it,
    even when the fighting is told as background to the taking."""
    if f.frame != "territory" or f.actor2 is not None or f.actor1 is None:
        return f
    if f.actor1.key not in memo:
        memo[f.actor1.key] = _side_fought(frames, f.actor1.key)
    side = memo[f.actor1.key]
    return replace(f, actor2=side) if side is not None else f


def _side_fought(frames: list[EventFrame], key: str) -> Mention | None:
    """The first side of a clash of the sentence other than `key`."""
    for o in frames:
        if o.frame == "clash":
            side = next((m for m in (o.actor2, o.actor1) if m is not None and m.key != key), None)
            if side is not None:
                return side
    return None
