"""Which candidate events become events: the event model's probability against its threshold."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Mapping

from ..model import Event, EventFrame, Options
from ..records import fast_init, replace
from .linear import FEATURES_VERSION, LinearModel

EVENT_MODEL = "event.npz"
PLACE_MODEL = "place.npz"
_OPTIONAL = (("place", PLACE_MODEL), ("actor1", "actor1.npz"), ("actor2", "actor2.npz"))
# A denial is kept in the register as what a side said, and never counted as an event: the model
# does not judge it (nor is it trained on it).
UNJUDGED_STATUSES = frozenset({"denied"})


@fast_init
@dataclass(frozen=True, slots=True)
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

    source: str = "none"           # where they were read from, for messages and the model card
    # models of their own for the documents of a language (a folder named by its code beside the
    # models: learn/data/fa/), fitted on data in that language besides the rest
    languages: Mapping[str, "Models"] = field(default_factory=dict)

    @property
    def roles(self) -> dict:
        return {"actor1": self.actor1, "actor2": self.actor2}

    def for_language(self, language: str | None) -> "Models":
        """The models that judge a document in `language`: its own, else these."""
        return self.languages.get(language or "", self)


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
    """The models the options ask for: none (`rules_only`), those of `model_dir`, or the shipped ones;
    with each, the models of a language found in a subfolder named by its code (`fa/`)."""
    if options.rules_only:
        return Models()
    if options.model_dir is not None:
        path = Path(options.model_dir) / EVENT_MODEL
        if not path.is_file():
            raise ModelError(f"{options.model_dir}: no {EVENT_MODEL} in this folder; "
                             "make one with 'sijill train --out DIR'")
        return _folder(Path(options.model_dir), str(options.model_dir), str(options.model_dir))
    data = resources.files(__package__).joinpath("data")
    if not data.joinpath(EVENT_MODEL).is_file():
        return Models(source="none shipped")
    return _folder(data, "sijill/learn/data", "shipped")


def _folder(folder, shown: str, source: str, nested: bool = True) -> Models:
    """The models of a folder (a path or a package resource), and of its language subfolders."""
    models = {}
    for field_name, file_name in (("event", EVENT_MODEL), *_OPTIONAL):
        f = folder.joinpath(file_name)
        if f.is_file():
            with f.open("rb") as fh:
                models[field_name] = _read(fh, f"{shown}/{file_name}")
    languages = {}
    if nested:
        for sub in sorted(folder.iterdir(), key=lambda p: p.name):
            if sub.is_dir() and _LANGUAGE.fullmatch(sub.name) and sub.joinpath(EVENT_MODEL).is_file():
                languages[sub.name] = _folder(sub, f"{shown}/{sub.name}", f"{source} ({sub.name})", nested=False)
    return Models(**models, source=source, languages=languages)


_LANGUAGE = re.compile(r"[a-z]{2,3}")


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
