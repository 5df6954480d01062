"""Who did it to whom: trained rankers pick each frame's acting side and the side acted upon
among the sides the page names.

The rules read actor1 and actor2 from the constructions around the trigger; when the sentence
names no side ("شنت طائرات غارات على ..."), or only a generic one ("مسلحون", "قوات"), the side is
often the one the headline, the lead or the sentence before names ("التحالف الدولي ... ونفذت
غارات"). For each frame and role the options are the rules' own choice, for actor2 also no side
at all, and the other sides named near the frame or prominent in the page (learn/options.py),
never the side already in the other role; a ranker per role scores each by where it stands,
which side it is (its id, ACLED class and kind, against the type of act and the other side), how
the page names it and what the rules found; the best one wins (`choose_actors`). actor1 is chosen
first, then actor2 against it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import EventFrame, Mention
from ..records import fast_init, replace
from .features import DocView
from .options import PROPOSED, best_option, mention_features, naming_features, nearby, position_features

ROLES = ("actor1", "actor2")
_NONE = "none"                       # the actor2 option of no side at all


@fast_init
@dataclass(frozen=True, slots=True)
class ActorOption:
    role: str
    mention: Mention | None          # None: the rules' own choice
    relative: dict                   # features of the option for this frame and role
    static: dict | None = None       # features of its mention alone, shared by every frame of the page
    empty: bool = False              # the role left without a side

    @property
    def features(self) -> dict:
        return {**(self.static or {}), **self.relative}


def _info(view: DocView, actor_id: str) -> tuple[str, str]:
    actor = view.knowledge.actors.get(actor_id) if view.knowledge is not None else None
    return (actor.kind, str(actor.inter)) if actor is not None else ("unknown", "none")


def _static(view: DocView, m: Mention) -> dict:
    def more(f: dict) -> None:
        kind, inter = _info(view, m.key)
        f["id=" + m.key] = 1.0
        f["kind=" + kind] = 1.0
        f["inter=" + inter] = 1.0
        counts, ranks = view.actor_counts()
        naming_features(m.key, counts, ranks, f)
    return mention_features(view, "actor", m, more)


def _relative(view: DocView, frame: EventFrame, role: str, m: Mention | None, own: bool, empty: bool = False) -> dict:
    etype, sub = frame.event_type or "casualty", frame.sub_event_type or "casualty"
    option = "rule" if own else _NONE if empty else "other"
    f = {"option=" + option: 1.0}
    rule = getattr(frame, role)
    other = frame.actor2 if role == "actor1" else frame.actor1
    rule_kind = _info(view, rule.key)[0] if rule is not None else "none"
    f["rule_actor_kind=" + rule_kind] = 1.0
    f[f"rule_actor_kind_own={rule_kind}|{own}"] = 1.0
    f[f"type_option={etype}|{option}"] = 1.0
    if m is None:
        f["rule_none_type=" + etype] = 1.0
        return f
    gap = position_features(view, frame, m, f)
    kind, inter = _info(view, m.key)
    f[f"sub_id={sub}|{m.key}"] = 1.0
    f[f"type_inter={etype}|{inter}"] = 1.0
    f[f"gap_kind={gap}|{kind}"] = 1.0
    f[f"own_gap={own}|{gap}"] = 1.0
    if other is not None:
        f[f"against={other.key}|{m.key}"] = 1.0
        f[f"against_inter={_info(view, other.key)[1]}|{inter}"] = 1.0
    return f


def actor_options(view: DocView, frame: EventFrame, role: str) -> list[ActorOption]:
    """The rules' choice for the role first, then (actor2) no side, then the page's other sides."""
    rule = getattr(frame, role)
    options = [ActorOption(role, None, _relative(view, frame, role, rule, True),
                           _static(view, rule) if rule is not None else None)]
    if role == "actor2" and rule is not None:
        options.append(ActorOption(role, None, _relative(view, frame, role, None, False, True), empty=True))
    exclude = {m.key for m in (frame.actor1, frame.actor2) if m is not None}
    counts, ranks = view.actor_counts()
    for m in nearby(view, frame, view.mentions.actors, lambda x: x.key, exclude, counts, ranks):
        options.append(ActorOption(role, m, _relative(view, frame, role, m, False), _static(view, m)))
    return options


def with_actor(frame: EventFrame, option: ActorOption) -> EventFrame:
    if option.empty:
        return replace(frame, actor2=None, assoc2=())
    if option.mention is None:
        return frame
    if option.role == "actor1":
        return replace(frame, actor1=option.mention, assoc1=())
    return replace(frame, actor2=option.mention, assoc2=())


def choose_actors(view: DocView, frames: list[EventFrame], models: dict) -> list[EventFrame]:
    """Each frame with the sides the role models rank first (a role without a model: the rules')."""
    out = []
    for f in frames:
        if f.status not in PROPOSED:
            out.append(f)           # not an event whatever its sides: nothing to choose
            continue
        for role in ROLES:
            model = models.get(role)
            if model is None:
                continue
            options = actor_options(view, f, role)
            if len(options) > 1:
                f = with_actor(f, best_option(options, model, view))
        out.append(f)
    return out
