"""Protests within a sentence: riots, interventions and force used against a crowd (CODING_RULES §3).

A protest frame becomes a riot when its crowd burns, stones or storms; one with intervention when
a side breaks it up or arrests its people; one with excessive force when people are killed in the
force used on it. Each rule reads the frames of one sentence, after roles and status are set.
"""
from __future__ import annotations

import re

from ..model import EventFrame, Mention
from ..records import replace
from ..text.normalize import fold
from .mentions import Mentions
from .roles import UNARMED_GROUPS


def protest_frames(text: str, frames: list[EventFrame], mentions: Mentions, sent) -> list[EventFrame]:
    frames = [_crowd(text, _rioting(text, f, mentions), mentions) for f in frames]
    frames = _protest_intervention(frames)
    return _dispersed(text, frames, mentions, sent)


# where the crowd's words end after the verb: a place, a reason, a time
_CROWD_END = re.compile(r"^[وف]?(?:في|أمام|امام|قرب|وسط|على|ضد|احتجاجا|احتجاجاً|للمطالبة|للتنديد|تنديدا|تضامنا|"
                        r"دفاعا|حيث|بعد|قبل|مساء|صباح|أمس|امس|اليوم|يوم|الى|إلى|من أجل|لمطالبة)$")


def _crowd(text: str, f: EventFrame, mentions: Mentions) -> EventFrame:
    """Who protested, in the outlet's words: the crowd after the verb ("تظاهر الاف الاسرائيليين"),
    or a group named as the protesters (students: Protesters, with Students associated)."""
    if f.frame != "protest" or f.event_type not in ("Protests", "Riots"):
        return f
    a = f.actor1
    if a is not None and a.key in UNARMED_GROUPS:
        # a group protesting as itself: ACLED codes "Protesters (country)" with the group associated
        crowd = Mention("actor", a.start, a.end, a.text, "PROTESTERS", _protesters(a.data))
        return replace(f, actor1=crowd, assoc1=(a,) + tuple(f.assoc1))
    if a is not None or not f.trigger.data.verb:
        return f
    words = []
    pos = f.trigger.end
    for m in re.finditer(r"\S+", text[pos:pos + 60]):
        w = m.group()
        bare = w.strip("«»\"()،,.")
        start = pos + m.start()
        timed = mentions.within("times", start, start + len(w))
        if timed and not words:
            continue    # "تظاهر أمس عشرات من ...": the time first, then the crowd
        if _CROWD_END.match(fold(bare)) or mentions.within("places", start, start + len(w)) or timed \
                or len(words) == 5:
            break
        words.append((start, start + len(w.rstrip("،,."))))
        if w.endswith(("،", ",", ".")):
            break
    if not words:
        return f
    lo, hi = words[0][0], words[-1][1]
    crowd = Mention("actor", lo, hi, text[lo:hi], "PROTESTERS", _protesters(None))
    return replace(f, actor1=crowd)


def _protesters(like):
    from ..knowledge.actors import AliasEntry
    return AliasEntry(actor_id="PROTESTERS", lang=getattr(like, "lang", "ar"), stance="neutral",
                      valid_from=None, valid_to=None, rule="")


_RIOT_WINDOW = 30       # "وأحرق المتظاهرون على الاقل 17 سيارة", "المتظاهرين أحرقوا مركزا للشرطة"
# what a crowd burns as a sign, not as damage: flags, pictures, effigies (ACLED: a peaceful protest)
_SYMBOLS = re.compile(r"^\W*(?:\S+\s+){0,3}?[وفب]?(?:ال)?(?:اعلام|علم|صور|دمي|مجسم|نسخ)")


def _rioting(text: str, f: EventFrame, mentions: Mentions) -> EventFrame:
    """A protest whose crowd burns, stones or storms ("أحرق المتظاهرون 17 سيارة") is a riot
    (CODING_RULES §3: Riots, حرق، رشق بالحجارة); burning a flag or a picture is still a protest."""
    t = f.trigger
    if f.frame != "protest" or f.event_type != "Protests":
        return f
    for c in mentions.within("cues", max(0, t.start - _RIOT_WINDOW - 12), t.end + _RIOT_WINDOW):
        if c.key != "riot" or not (0 <= t.start - c.end <= _RIOT_WINDOW or 0 <= c.start - t.end <= _RIOT_WINDOW):
            continue
        if t.data.verb and 0 <= t.start - c.end <= 2:
            continue    # "أضرم النار في نفسه": the verb of the act itself, a self-immolation
        lo, hi = sorted((c.end, t.start))
        if any(a.key != "PROTESTERS" and lo <= a.start and a.end <= hi for a in mentions.near("actors", lo, hi)):
            continue    # "أحرقت الشرطة خيم المعتصمين": another side burns
        at = max(c.end, t.end) if c.start < t.start else c.end
        after = fold(text[at:at + 60])
        if _SYMBOLS.match(after):
            continue
        return replace(f, event_type="Riots", sub_event_type="Violent demonstration", plover_mode="riot",
                       others=f.others + (c,))
    return f


def _protest_intervention(frames: list[EventFrame]) -> list[EventFrame]:
    """A protest and force used in the same sentence ("أطلقوا النار لتفريق محتجين") are one event:
    a protest with intervention, or with excessive force when people were killed (ACLED)."""
    protest = next((f for f in frames if f.frame == "protest" and f.event_type == "Protests"), None)
    force = [f for f in frames if f is not protest and f.frame in ("attack", "casualty", "injury")
             and f.event_type in ("Violence against civilians", "Battles", "")
             and f.status in ("reported", "claimed", "unanchored")]
    if protest is None or not force:
        return frames
    casualties = tuple(c for f in force for c in f.casualties)
    doer = next((f.actor1 for f in force if f.actor1 is not None and f.actor1.key != "PROTESTERS"), None)
    merged = replace(protest, sub_event_type="Excessive force against protesters" if casualties
                     else "Protest with intervention",
                     actor1=protest.actor1 if protest.actor1 is not None and protest.actor1.key == "PROTESTERS"
                     else None, actor2=protest.actor2 or doer,
                     casualties=protest.casualties + casualties,
                     others=protest.others + tuple(f.trigger for f in force))
    # (frames are distinct, each with a trigger of its own: a frame is in `force` as itself)
    forced = {id(f) for f in force}
    return [merged if f is protest else f for f in frames if id(f) not in forced]


_DISPERSER_WINDOW = 25  # "فرقت الشرطة", "قامت قوات الأمن بتفريق": the side a few words from the verb


def _dispersed(text: str, frames: list[EventFrame], mentions: Mentions, sent) -> list[EventFrame]:
    """A protest that a side breaks up or whose people it arrests ("فرقت الشرطة المتظاهرين",
    "فضت الشرطة الاحتجاج") is a protest with intervention (ACLED), by that side."""
    cues = [c for c in mentions.within("cues", sent.start, sent.end) if c.key == "disperse"]
    if not cues:
        return frames
    out = []
    for f in frames:
        if f.frame == "protest" and f.event_type == "Protests" and f.sub_event_type == "Peaceful protest":
            sides = [m for m in mentions.within("actors", sent.start, sent.end)
                     if m.key not in ("PROTESTERS", "CIVILIANS", "STUDENTS") and any(
                         0 <= m.start - c.end <= _DISPERSER_WINDOW or 0 <= c.start - m.end <= _DISPERSER_WINDOW
                         for c in cues)]
            f = replace(f, sub_event_type="Protest with intervention", others=f.others + (cues[0],),
                        actor2=f.actor2 if f.actor2 is not None and f.actor2.key not in ("PROTESTERS",)
                        else (sides[0] if sides else f.actor2))
        out.append(f)
    return out
