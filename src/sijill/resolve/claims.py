"""Who a claimed event is attributed to ("قالت مصادر محلية", "أعلنت قسد في بيان", "بحسب المرصد"):
an actor named right beside the verb of saying, else the source's own words, whole, up to where
what it said begins."""
from __future__ import annotations

import re

from ..model import EventFrame
from ..text import fold


def claimer_of(f: EventFrame, a, mentions, actor_ref):
    """The party a claim is attributed to: an actor named right after the cue (as `actor_ref` makes
    its reference), else its words."""
    c = f.claimed_by
    # "وقسد تعلن": the subject right before the verb; "أعلنت قسد": the subject after it, before
    # any act word ("تعلن مقتل 3 مهاجمين": the dead are not the source)
    near = [m for m in mentions.near("actors", c.start - 2, c.start) if 0 <= c.start - m.end <= 2] \
        if c.data.scope == "before" else []
    near = near or [m for m in mentions.near("actors", c.end, c.end + 25) if c.end <= m.start <= c.end + 25
                    and not any(c.end <= t.start and t.end <= m.start for t in mentions.near("triggers", c.end, m.start))
                    and not any(w.strip(_PUNCT) in _SAID_ENDS for w in a.doc.text[c.end:m.start].split())]
    if near and (c.data.scope == "before" and near[0].end <= c.start
                 or len(a.doc.text[c.end:near[0].start].strip(" «»\"،,").split()) <= 1):
        ref = actor_ref(near[0])
        return {"id": ref.id, "name": ref.name, "label": near[0].text}
    # "وتقول جماعات حقوقية وسكان محليون": the source is more than the actor named in it
    return _claimer_words(a.doc.text, c, mentions)


_SAID_ENDS = ("إن", "أن", "ان", "بأن", "إلى", "الى", "لـ", "ل", "إنه", "أنه", "انه", "إنها", "أنها", "انها", "إنهم",
              "أنهم", "انهم", "الذي", "التي", "الذين", "عندما", "حين", "فيما", "بينما", "كما")
_DANGLING = ("عن", "في", "من", "على", "از", "در", "به", "درباره")   # Persian: "منابع خبری از ..."
_AUXILIARIES = ("", "و", "كان", "كانت", "وكان", "وكانت", "قد", "وقد")
_QUOTED_NAME = re.compile(r"[«\"](?:[^\s«»\"]+\s){0,4}[^\s«»\"]+[»\"]")
_CLAIMER_REACH = 60     # the source's words, after the verb or before it
_PUNCT = "،,.:«»\"()"


def _claimer_words(text: str, c, mentions) -> str | None:
    """The source's own words: after the verb up to what it said ("أفاد المرصد السوري لحقوق الإنسان
    بمقتل": up to the act), else before it ("وزارة الخارجية الروسية قالت، الثلاثاء"); None when the
    verb has no source beside it ("وأشار إلى أن": the source of the sentence before)."""
    ends = [m.start for kind in ("triggers", "times", "numbers")
            for m in mentions.within(kind, c.end, c.end + _CLAIMER_REACH)]
    after = []
    span = text[c.end:min([c.end + _CLAIMER_REACH] + ends)].split("\n")[0]
    for m in re.finditer(r"\S+", span):
        w = m.group()
        bare = w.strip(_PUNCT)
        if len(after) == 7 or bare in _SAID_ENDS or w.startswith("لـ") or len(bare) < 2 \
                or (after and bare.startswith("ب") and fold(c.text).lstrip("و").startswith("افاد")):
            break       # what was said begins: "إن", "الذي", "أفادت الشبكة بتعرض ..."
        if w.startswith(("«", '"')) and not _QUOTED_NAME.match(span, m.start()):
            break       # a quotation, not a name in quotes ("أعلن «المرصد السوري»")
        after.append(bare)
        if w.endswith(("،", ",", ".", ":")):
            break
    while after and after[-1] in _DANGLING:
        after.pop()     # "ناشطون عن", "منابع محلی از": the preposition belongs to what was said
    if after:
        return " ".join([c.text] + after)
    before = re.split(r"[.،,؛:!؟?\n]", text[max(0, c.start - _CLAIMER_REACH):c.start])[-1].split()
    for i in range(len(before) - 1, -1, -1):
        if before[i].strip(_PUNCT) in _SAID_ENDS or before[i] in ("و", "ويذكر", "وذكر"):
            before = before[i + 1:]
            break
    before = [w.strip(_PUNCT) for w in before[-5:] if w.strip(_PUNCT) not in _AUXILIARIES][-4:]
    return " ".join(before + [c.text]) if before else None
