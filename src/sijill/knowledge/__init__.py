"""Knowledge stage: the knowledge base as data files, and the matchers compiled from it.

`load_knowledge(options)` gives everything the extractor needs, compiled once per process and
per gazetteer: actors and their aliases, the event lexicon, cue, time and number words, and the
place finder over the gazetteer in use.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Options
from .lexicon import LexiconMatchers, compile_lexicon, load_lexicon
from .matcher import TermMatcher


@dataclass(frozen=True)
class Knowledge:
    actors: Any                 # knowledge.actors.ActorBase
    actor_matcher: TermMatcher  # alias -> AliasEntry
    lexicon: LexiconMatchers
    gazetteer: Any              # knowledge.gazetteer.Gazetteer
    places: Any                 # extract.places.PlaceFinder
    foreign: Any = None         # extract.foreign.ForeignFinder: places outside Syria


def load_knowledge(options: Options | None = None) -> Knowledge:
    options = options or Options()
    from .gazetteer import load_gazetteer
    # cached per gazetteer actually in use: the default one changes with SIJILL_HOME and imports
    return _load(load_gazetteer(options))


@lru_cache(maxsize=4)
def _load(gazetteer) -> Knowledge:
    from ..extract.foreign import ForeignFinder
    from ..extract.places import PlaceFinder
    from .actors import load_actors
    actors = load_actors()
    actor_matcher = TermMatcher(actors.alias_entries(), suffixes=False)
    return Knowledge(actors=actors, actor_matcher=actor_matcher,
                     lexicon=compile_lexicon(load_lexicon()),
                     gazetteer=gazetteer, places=PlaceFinder(gazetteer), foreign=ForeignFinder())
