"""What the words of an --actor or --place filter may name, by the knowledge base.

The register indexes what each event holds (ids, display names, the outlet's own label, place
names and P-codes). A reader types what the press writes: "قسد", "ميليشيا أسد", "Raqqa",
"Deir ez-Zor", "الرقة". These functions look those words up the way the extractor does (folded
with `text.fold`, a leading proclitic or article allowed) and give what the register can match:

- `actor_ids("قسد")` -> {"SDF"}: the actors whose alias (any language, any period) or display
  name the words are, and the names they were renamed to while they stayed the same kind of
  actor (جبهة النصرة -> JN, JFS and HTS; not the transitional government HTS became);
- `place_keys("Raqqa")` -> {"sy11", "c5710", ...}: the match keys of the ids of the gazetteer's
  places and admin units with that spelling (an admin unit's P-code finds every event inside
  it); areas ("ريف دير الزور الشرقي") add their display names, which the events coded at
  them carry.

Unknown words give an empty set (the filter then matches what the register holds, as before).
A knowledge file or gazetteer that cannot be read gives an empty set too: the filter still
works on the register's own names.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .schema import match_key

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN_ARTICLES = ("al ", "ar ", "as ", "ad ", "adh ", "ash ", "at ", "az ", "an ", "el ")


def actor_ids(value: str) -> set[str]:
    """Ids of the actors that `value` names as an alias or a display name."""
    base = _actors()
    if base is None:
        return set()
    ids = {e.actor_id for e in base.candidates(value)}
    key = match_key(value)
    ids |= {a.id for a in base.actors if match_key(a.name) == key}
    out: set[str] = set()
    for actor_id in ids:                  # and what each was renamed to, later
        first = base.get(actor_id)
        while actor_id and actor_id not in out:
            out.add(actor_id)
            actor = base.get(actor_id)
            following = base.get(actor.renamed_to) if actor is not None and actor.renamed_to else None
            same_kind = following is not None and first is not None and following.kind == first.kind
            actor_id = following.id if same_kind else None
    return out


def place_keys(value: str) -> set[str]:
    """Match keys of the places and admin units `value` names in the gazetteer in use."""
    gaz = _gazetteer()
    if gaz is None:
        return set()
    found = {e.id: e for e in gaz.lookup(value)}
    index = _latin_index(gaz)
    key = match_key(value)
    for k in (key, _without_article(key)):
        found.update((e.id, e) for e in index.get(k, ()))
    keys = set()
    for e in found.values():
        keys.add(match_key(e.id))
        if e.kind == "area":              # events coded at an area carry its names, not its id
            keys.update(match_key(n) for n in (e.name, e.name_ar) if n)
    keys.discard("")
    return keys


def _without_article(key: str) -> str:
    for article in _LATIN_ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            return key[len(article):]
    return key


@lru_cache(maxsize=4)
def _latin_index(gaz) -> dict[str, tuple]:
    """Every Latin spelling of every entry by its match key (and without a leading article), so
    that "Deir ez-Zor", "Deir-ez-Zor" and "deir ez zor" meet; `Gazetteer.lookup` covers Arabic."""
    index: dict[str, list] = {}
    for e in gaz.entries:
        for name in {e.name, *e.names}:
            if not name or _ARABIC.search(name):
                continue
            key = match_key(name)
            for k in {key, _without_article(key)}:
                if k:
                    index.setdefault(k, []).append(e)
    return {k: tuple(v) for k, v in index.items()}


def _actors():
    from ..knowledge.actors import KnowledgeError, load_actors
    try:
        return load_actors()
    except (KnowledgeError, OSError):
        return None


def _gazetteer():
    from ..knowledge.gazetteer import GazetteerError, load_gazetteer
    try:
        return load_gazetteer()
    except (GazetteerError, OSError, ValueError):
        return None
