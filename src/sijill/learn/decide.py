"""Which candidate events become events: the event model's probability against its threshold."""
from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Mapping

from ..model import Event, EventFrame, Options
from .linear import FEATURES_VERSION, LinearModel

EVENT_MODEL = "event.npz"
PLACE_MODEL = "place.npz"
_OPTIONAL = (("place", PLACE_MODEL), ("actor1", "actor1.npz"), ("actor2", "actor2.npz"))
# A denial is kept in the register as what a side said, and never counted as an event: the model
# does not judge it (nor is it trained on it).
UNJUDGED_STATUSES = frozenset({"denied"})


@dataclass(frozen=True)
class Candidate:
    """An event the rules propose, the frame it came from, and its features (features.py).
    `short`: told by a one-sentence document (a news flash, a bare sentence), which the event
    model judges by a threshold of its own."""
    event: Event
    frame: EventFrame
    features: Mapping[str, float]
    short: bool = False


def thresholds(model: LinearModel) -> tuple[float, float]:
    """The event model's thresholds: (for pages, for one-sentence documents)."""
    return model.threshold, float(model.meta.get("threshold_short", model.threshold))


@dataclass(frozen=True)
class Models:
    """The trained models of one build. `event`: is this candidate an event to keep; `place`:
    which of a frame's place options is where it happened (learn/places.py); `actor1`, `actor2`:
    which side acted, which was acted upon (learn/actors.py). Without a ranker the rules' own
    choice stands."""
    event: LinearModel | None = None
    place: LinearModel | None = None
    actor1: LinearModel | None = None
    actor2: LinearModel | None = None

    @property
    def roles(self) -> dict:
        return {"actor1": self.actor1, "actor2": self.actor2}
    source: str = "none"           # where they were read from, for messages and the model card


class ModelError(ValueError):
    """A model file that cannot be used: which file, what is wrong, what to do."""


def _read(source, where: str) -> LinearModel:
    try:
        model = LinearModel.load(source)
    except Exception as exc:   # a truncated or foreign file: say which and what to do
        raise ModelError(f"{where}: not a sijill model ({type(exc).__name__}: {exc}); "
                         "retrain it with 'sijill train --out DIR'") from None
    if model.meta.get("features_version") != FEATURES_VERSION:
        raise ModelError(f"{where}: made for features version {model.meta.get('features_version')}, "
                         f"this sijill computes version {FEATURES_VERSION}; retrain it with 'sijill train'")
    return model


def load_models(options: Options) -> Models:
    """The models the options ask for: none (`rules_only`), those of `model_dir`, or the shipped ones."""
    if options.rules_only:
        return Models()
    if options.model_dir is not None:
        path = Path(options.model_dir) / EVENT_MODEL
        if not path.is_file():
            raise ModelError(f"{options.model_dir}: no {EVENT_MODEL} in this folder; "
                             "make one with 'sijill train --out DIR'")
        found = {"event": _read(path, str(path))}
        for field_name, file_name in _OPTIONAL:
            p = Path(options.model_dir) / file_name
            if p.is_file():
                found[field_name] = _read(p, str(p))
        return Models(**found, source=str(options.model_dir))
    data = resources.files(__package__).joinpath("data")
    if not data.joinpath(EVENT_MODEL).is_file():
        return Models(source="none shipped")
    models = {}
    for field_name, file_name in (("event", EVENT_MODEL), *_OPTIONAL):
        if data.joinpath(file_name).is_file():
            with data.joinpath(file_name).open("rb") as fh:
                models[field_name] = _read(fh, f"sijill/learn/data/{file_name}")
    return Models(**models, source="shipped")


def decide(candidates: list[Candidate], models: Models) -> list[Event]:
    """The candidates the event model keeps, each with its probability as `confidence`.

    Without a model every candidate is kept as the rules made it; denials always are."""
    model = models.event
    if model is None:
        return [c.event for c in candidates]
    kept = []
    limits = thresholds(model)
    for c in candidates:
        if c.event.status in UNJUDGED_STATUSES:
            kept.append(c.event)
            continue
        p = model.prob(c.features)
        if p >= limits[c.short]:
            kept.append(replace(c.event, confidence=p))
    return kept
