"""Who did it: a trained ranker picks each frame's acting side among the sides the page names.

The rules read actor1 from the constructions around the trigger; when the sentence names no side
("شنت طائرات غارات على ..."), or only a generic one ("مسلحون", "قوات"), the side is often the one
the headline, the lead or the sentence before names ("التحالف الدولي ... ونفذت غارات"). For each
frame the options are the rules' own actor1 and the other sides named near it or prominent in the
page (learn/options.py), never the frame's actor2; the actor model scores each by where it stands,
which side it is (its id, ACLED class and kind, against the type of act), how the page names it,
and what the rules found, and the best one wins (`choose_actors`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import EventFrame, Mention
from .features import DocView
from .options import best_option, naming_features, nearby, position_features


@dataclass(frozen=True)
class ActorOption:
    mention: Mention | None          # None: the rules' own actor1 (or none)
    features: dict


def _info(view: DocView, actor_id: str) -> tuple[str, str]:
    actor = view.knowledge.actors.get(actor_id) if view.knowledge is not None else None
    return (actor.kind, str(actor.inter)) if actor is not None else ("unknown", "none")


def _features(view: DocView, frame: EventFrame, m: Mention | None, own: bool) -> dict:
    etype, sub = frame.event_type or "casualty", frame.sub_event_type or "casualty"
    f = {"option=" + ("rule" if own else "other"): 1.0}
    rule = frame.actor1
    rule_kind = _info(view, rule.key)[0] if rule is not None else "none"
    f["rule_actor_kind=" + rule_kind] = 1.0
    f[f"rule_actor_kind_own={rule_kind}|{own}"] = 1.0
    if m is None:
        f["rule_none_type=" + etype] = 1.0
        return f
    gap = position_features(view, frame, m, f)
    kind, inter = _info(view, m.key)
    f["id=" + m.key] = 1.0
    f["kind=" + kind] = 1.0
    f["inter=" + inter] = 1.0
    f[f"sub_id={sub}|{m.key}"] = 1.0
    f[f"type_inter={etype}|{inter}"] = 1.0
    f[f"gap_kind={gap}|{kind}"] = 1.0
    f[f"own_gap={own}|{gap}"] = 1.0
    if frame.actor2 is not None:
        f[f"against={frame.actor2.key}|{m.key}"] = 1.0
    counts, ranks = view.actor_counts()
    naming_features(m.key, counts, ranks, f)
    return f


def actor_options(view: DocView, frame: EventFrame) -> list[ActorOption]:
    """The rules' actor1 first, then the other sides of the page that may have acted."""
    options = [ActorOption(None, _features(view, frame, frame.actor1, True))]
    exclude = {m.key for m in (frame.actor1, frame.actor2) if m is not None}
    counts, ranks = view.actor_counts()
    for m in nearby(view, frame, view.mentions.actors, lambda x: x.key, exclude, counts, ranks):
        options.append(ActorOption(m, _features(view, frame, m, False)))
    return options


def with_actor(frame: EventFrame, option: ActorOption) -> EventFrame:
    if option.mention is None:
        return frame
    return replace(frame, actor1=option.mention, assoc1=())


def choose_actors(view: DocView, frames: list[EventFrame], model) -> list[EventFrame]:
    """Each frame with the actor1 the actor model ranks first (no model: the rules' choice)."""
    if model is None:
        return frames
    out = []
    for f in frames:
        options = actor_options(view, f)
        out.append(f if len(options) == 1 else with_actor(f, best_option(options, model)))
    return out
