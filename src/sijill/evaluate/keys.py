"""Comparison keys: when a predicted place or actor is "the same" as a gold one.

Places are compared by a spelling-blind key, because outlets, annotators and the gazetteer
spell one village several ways: Persian «البصیره» and Arabic البصيرة, with or without hamza,
ة written as ه, with the article or without it ("الجنينة" / "جنينة"), with diacritics or
tatweel, Persian ZWNJ in or out, one or two words ("جديد بكارة" / "جدید بکاره").
Actors are compared by scoring group: the US military and the coalition it leads are one
side in these reports, and a sub-unit counts as its parent.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..model import ActorRef, Place
from ..text import fold
from .records import Prediction

_WORD = re.compile(r"\w+")

# Gold files name either for the same strikes; the reports rarely tell them apart.
_SAME_SIDE = {"USA_MIL": "COALITION"}


def place_key(name: str | None) -> str:
    """The spelling-blind key of a place name ('' for nothing).

    NFKC first (Arabic presentation forms to letters), then the project's own fold (hamza,
    ة/ى, Persian ی/ک, diacritics, tatweel, ZWNJ, quotes), then a leading ال dropped on each
    word and the words joined, so that spacing differences do not matter either. The article is
    kept on words of three letters or fewer, where "ال" is more likely part of the name.
    """
    if not name:
        return ""
    s = fold(unicodedata.normalize("NFKC", str(name))).lower()
    words = _WORD.findall(s)
    return "".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)


def place_keys(names: Iterable[str | None]) -> frozenset[str]:
    return frozenset(k for k in map(place_key, names) if k)


def actor_group(actor_id: str | None) -> str | None:
    return _SAME_SIDE.get(actor_id, actor_id) if actor_id else None


def actor_groups(ids: Iterable[str]) -> frozenset[str]:
    return frozenset(g for g in map(actor_group, ids) if g)


def _parent_id(parent) -> str | None:
    # SCHEMA.md gives parents as ids; tolerate {"id": ...} objects from other producers.
    return parent.get("id") if isinstance(parent, dict) else parent


def ref_groups(ref: ActorRef | None) -> frozenset[str]:
    """An actor and its enclosing actors, as scoring groups."""
    if ref is None:
        return frozenset()
    return actor_groups([ref.id, *(_parent_id(p) for p in ref.parents)])


def prediction_actors(pred: Prediction) -> frozenset[str]:
    """Every actor of a prediction in any role (principal or associated), with parents."""
    ev = pred.event
    out: set[str] = set()
    for ref in (ev.actor1, ev.actor2, *ev.assoc_actor1, *ev.assoc_actor2):
        out |= ref_groups(ref)
    return frozenset(out)


def prediction_places(pred: Prediction) -> frozenset[str]:
    """Keys of every name under which the predicted place may be known.

    The resolved place's names, the words of the text, the admin areas it lies in (a gold place
    named at governorate or district level matches an event coded inside it), and the text of
    the location evidence of every source.
    """
    loc: Place | None = pred.event.location
    names: list[str | None] = list(pred.extra_place_names)
    if loc is not None:
        names += [loc.name, loc.name_ar, loc.surface, loc.admin1_ar, loc.admin2_ar, loc.admin3_ar]
    for source in pred.event.sources:
        names += [e.text for e in source.evidence if e.role == "location"]
    return place_keys(names)
