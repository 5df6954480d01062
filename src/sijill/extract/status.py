"""Is a trigger an act the text reports? Status from cue words, and the particulars a report gives.

Only what the text presents as having happened is an event (CODING_RULES §2): plans, threats,
calls, denials, hypotheticals, habits, questions, references to a known earlier act and
accusations without a reported act are not. Cue words come from knowledge/data/cues.tsv.
"""
from __future__ import annotations

from ..model import Mention
from .mentions import Mentions

_STATUS_OF_CUE = {"plan": "planned", "threat": "threatened", "call": "planned", "hypothetical": "hypothetical",
                  "fear": "hypothetical", "habitual": "habitual", "accusation": "alleged"}
_MODAL_WINDOW = 45      # chars before a trigger in which a plan/threat/call cue governs it
_VERB_NEEDS = 2         # particulars a finite verb trigger needs besides itself (see _anchored)
_NEGATION_WINDOW = 12   # "لم" / "دون" govern the next word or two only


def status_of(text: str, t: Mention, clause, sent, mentions: Mentions) -> str:
    """reported, or why the trigger does not report an act (planned, negated, reference, ...)."""
    lo, hi = clause
    if text[sent.start:sent.end].rstrip(" »\"').").endswith(("؟", "?")):
        return "hypothetical"      # a question asks, it does not report
    for c in mentions.cues:
        if c.start < sent.start or c.end > sent.end:
            continue
        if c.key == "denial" and c.end <= t.start:
            return "denied"
        if c.key == "negation" and c.end <= t.start and t.start - c.end <= _NEGATION_WINDOW and c.start >= lo:
            return "negated"
        if c.key == "reference" and not t.data.verb and c.end <= t.start and t.start - c.end <= _NEGATION_WINDOW:
            return "reference"
        if c.key == "relative" and t.data.verb and c.end <= t.start and t.start - c.end <= 3:
            return "reference"
        status = _STATUS_OF_CUE.get(c.key)
        if not status:
            continue
        if c.key == "habitual":
            return status   # "عمليات اعتقال متكررة": a trend, whatever the sentence's other words
        scope = c.data.scope
        if scope in ("before", "either") and c.end <= t.start and t.start - c.end <= _MODAL_WINDOW and c.start >= lo:
            return status
        if scope in ("after", "either") and c.start >= t.end and c.start - t.end <= 25:
            return status
    return "reported"


def anchored(t: Mention, sent, triggers, mentions: Mentions) -> bool:
    """Does the sentence report an act, or only name one ("منذ اغتيال الحريري", "فيلم اغتيال ...")?

    A report gives concrete particulars: a finite verb of violence or death, a count, a time, a
    place, a verb saying the act took place or what it did (أسفر، وقع، شن). One particular is
    enough for a finite verb trigger; a noun needs two. Calibrated on the dev half of the Arabic
    event gold standard, where a count is the strongest single sign of a reported act."""
    kinds = 0
    others = [o for o in triggers if o is not t]
    if t.data.verb or any(o.data.verb for o in others):
        kinds += 1
    lo, hi = sent.start, sent.end
    if any(n.key in ("digits", "number", "vague") and not _date_number(n, mentions) for n in mentions.within("numbers", lo, hi)):
        kinds += 1
    if mentions.within("times", lo, hi):
        kinds += 1
    if mentions.within("places", lo, hi):
        kinds += 1
    if any(c.key == "consequence" for c in mentions.within("cues", lo, hi)):
        kinds += 1
    return kinds >= (2 if not t.data.verb else _VERB_NEEDS)


def _date_number(n: Mention, mentions: Mentions) -> bool:
    """Numbers inside a date ("17 ابريل 2004") are not counts."""
    v = n.data if n.key == "digits" else None
    if v is not None and 1900 <= v <= 2100:
        return True
    return any(abs(m.start - n.end) <= 3 or abs(n.start - m.end) <= 3 for m in mentions.times)


def claimer(t: Mention, sent, mentions: Mentions) -> Mention | None:
    """The source a report is attributed to ("قالت مصادر محلية", "أعلنت قسد في بيان", "بحسب ...")."""
    for c in mentions.cues:
        if c.key != "attribution" or c.start < sent.start or c.end > sent.end:
            continue
        if c.end <= t.start or c.data.scope == "either":
            return c
    return None
