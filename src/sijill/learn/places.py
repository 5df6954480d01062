"""Where it happened: a trained ranker picks each frame's place among the places of the page.

The rules put a frame at the places of its clause or sentence, else at the place of the act told
just before or the report's main governorate. Reports often name the place elsewhere: in the
headline or the lead, a sentence before ("في بلدة هجين ... واندلعت اشتباكات"), or only as the place
the whole report is about. For each frame the options are the rules' own choice and the other
places named near it or prominent in the page (`place_options`, learn/options.py); the place model
scores each option by its features (how far it stands, in which sentence, what kind of place, the
cue before it, how often and where the page names it, whether it agrees with the rules' choice)
and the best one wins (`choose_places`). A frame whose best option is the rules' own keeps all of
its places (one event per place of a list).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import EventFrame, Mention, Place
from ..records import fast_init, replace
from ..text import fold
from .features import DocView
from .options import PROPOSED, best_option, mention_features, naming_features, nearby, position_features


@fast_init
@dataclass(frozen=True, slots=True)
class PlaceOption:
    mention: Mention | None          # None: the rules' own choice (their places, or the context)
    relative: dict                   # features of the option for this frame
    static: dict | None = None       # features of its mention alone, shared by every frame of the page

    @property
    def features(self) -> dict:
        return {**(self.static or {}), **self.relative}


def place_key(m: Mention) -> str:
    return getattr(m.data, "name", "") or fold(m.text)


def _kind(m: Mention) -> str:
    return getattr(m.data, "kind", None) or "unknown"


def _static(view: DocView, m: Mention, place: Place | None) -> dict:
    def more(f: dict) -> None:
        f["kind=" + _kind(m)] = 1.0
        f["cue=" + (getattr(m.data, "cue_classes", ()) or ("none",))[0]] = 1.0
        counts, ranks = view.place_counts()
        naming_features(place_key(m), counts, ranks, f)
        f["in_list=" + str(getattr(m.data, "group", None) is not None)] = 1.0
        if place is not None:
            f["resolved=" + str(place.id is not None)] = 1.0
            f["precision=" + str(place.geo_precision)] = 1.0
            f["abroad=" + str(place.country not in (None, "Syria"))] = 1.0
    return mention_features(view, "place", m, more)


def _relative(view: DocView, frame: EventFrame, m: Mention | None, place: Place | None,
              rule_place: Place | None, own: bool) -> dict:
    f = {"option=" + ("rule" if own else "other"): 1.0}
    etype = frame.event_type or "casualty"
    if m is None:
        f["rule_context=1"] = 1.0
        f["rule_context_type=" + etype] = 1.0
        return f
    gap = position_features(view, frame, m, f)
    kind = _kind(m)
    f[f"gap_kind={gap}|{kind}"] = 1.0
    f[f"type_kind={etype}|{kind}"] = 1.0
    f[f"own_gap={own}|{gap}"] = 1.0
    if place is not None and rule_place is not None and not own:
        same1 = bool(place.admin1_pcode) and place.admin1_pcode == rule_place.admin1_pcode
        f["same_admin1_as_rule=" + str(same1)] = 1.0
        f["rule_kind=" + (rule_place.kind or "none")] = 1.0
    return f


def _option(view: DocView, frame: EventFrame, m: Mention | None, place_of: dict, rule_place: Place | None,
            own: bool) -> PlaceOption:
    place = place_of.get((m.start, m.end)) if m is not None else None
    return PlaceOption(m if not own else None, _relative(view, frame, m, place, rule_place, own),
                       _static(view, m, place) if m is not None else None)


def place_options(view: DocView, frame: EventFrame, place_of: dict) -> list[PlaceOption]:
    """The rules' choice first, then the other places of the page a frame may have happened at."""
    first = frame.places[0] if frame.places else None
    own_place = place_of.get((first.start, first.end)) if first else None
    options = [_option(view, frame, first, place_of, None, True)]
    counts, ranks = view.place_counts()
    for m in nearby(view, frame, view.place_mentions(), place_key, {place_key(p) for p in frame.places},
                    counts, ranks):
        options.append(_option(view, frame, m, place_of, own_place, False))
    return options


def with_option(frame: EventFrame, option: PlaceOption) -> EventFrame:
    """The frame placed at the option (the rules' own option leaves it as it is)."""
    if option.mention is None:
        return frame
    return replace(frame, places=(option.mention,), place_anaphor=None)


def choose_places(view: DocView, frames: list[EventFrame], place_of: dict, model) -> list[EventFrame]:
    """Each frame at the option the place model ranks first (no model: the rules' choice)."""
    if model is None:
        return frames
    out = []
    for f in frames:
        if f.status not in PROPOSED:
            out.append(f)           # not an event whatever its place: nothing to choose
            continue
        options = place_options(view, f, place_of)
        out.append(f if len(options) == 1 else with_option(f, best_option(options, model, view)))
    return out
