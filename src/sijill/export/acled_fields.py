"""An event's values as ACLED writes them: its country, its actors, their classes and the
event's id. Shared by the ACLED CSV and the flat columns of GeoJSON and Parquet, so that a map
and a spreadsheet made from one register say the same thing.

- Country: the event's own place decides (`location.country`, or a place abroad's alpha-3 id);
  an event with no place at all is Syria's, the country the register covers. A country the
  codebook lacks keeps its name, with empty codes: never Syria's.
- Actors: ACLED never leaves actor1 empty and names unnamed armed men by the country of the
  event, so an unnamed or unidentified attacker (no actor1, UNIDENTIFIED, gunmen, militants,
  suicide bombers "unspecified") is "Unidentified Armed Group (Syria)", class 3 (a lone
  protest with no actor1 is "Protesters (Syria)", a riot "Rioters (Syria)"). Civilians,
  protesters and rioters are named by the country of the event too: "Civilians (Iraq)".
- civilian_targeting: "Civilian targeting" only where civilians are the target: actor2 is
  civilians (CIVILIANS, a sub-group of it, or an actor of ACLED class 7) in an event of
  political violence other than a battle (violence against civilians, explosions/remote
  violence, riots); civilians named in a battle or a strategic development are not targeted in
  ACLED's sense.
- event_id_cnty: the alpha-3 code of the event's country and a number made from the first 15
  hex digits of `event_id` (stable, below 2^63, so tools that read the digits as an integer can;
  `tags` keeps the full `sijill_id`). Unknown country: "XXX".
"""
from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from ..model import ActorRef, Event
from .codebook import POLITICAL_VIOLENCE, country_codes, disorder_type

HOME = "Syria"
UNIDENTIFIED_ARMED_GROUP = "Unidentified Armed Group"
_UNNAMED_ARMED = frozenset({"UNIDENTIFIED", "GUNMEN_GENERIC", "MILITANTS_GENERIC", "SUICIDE_BOMBERS"})
_BY_COUNTRY = {"CIVILIANS": "Civilians", "PROTESTERS": "Protesters", "RIOTERS": "Rioters"}
_LONE_ACTOR1 = {"Protests": ("Protesters", 6), "Riots": ("Rioters", 5)}
_TARGETING_TYPES = frozenset({"Violence against civilians", "Explosions/Remote violence", "Riots"})
_HEX15 = re.compile(r"[0-9a-f]{15}")


class Where(NamedTuple):
    country: str
    iso: int | str       # "" when the codebook lacks the country
    iso3: str
    region: str


class Named(NamedTuple):
    name: str
    inter: int | None


def where(ev: Event) -> Where:
    """The event's country with ACLED's codes."""
    loc = ev.location
    if loc is None:
        name, iso3 = HOME, None
    else:
        iso3 = loc.id if loc.id and len(loc.id) == 3 and loc.id.isalpha() else None
        name = loc.country or (None if iso3 else HOME)
    found = country_codes(name, iso3)
    if found is None:
        return Where(name or "", "", "", "")
    country, codes = found
    return Where(country, codes.iso, codes.iso3, codes.region)


def _by_country(a: ActorRef, country: str) -> Named:
    if a.id in _UNNAMED_ARMED:
        return Named(f"{UNIDENTIFIED_ARMED_GROUP} ({country})", 3)
    base = _BY_COUNTRY.get(a.id)
    if base is not None:
        return Named(f"{base} ({country})" if country else a.name, a.inter)
    return Named(a.name, a.inter)


def actor1(ev: Event, country: str) -> Named:
    """actor1 as ACLED writes it; never empty."""
    if ev.actor1 is not None:
        return _by_country(ev.actor1, country)
    base, inter = _LONE_ACTOR1.get(ev.event_type, (UNIDENTIFIED_ARMED_GROUP, 3))
    return Named(f"{base} ({country})", inter)


def actor2(ev: Event, country: str) -> Named:
    """actor2 as ACLED writes it; empty (and no class) for an event with one side."""
    return _by_country(ev.actor2, country) if ev.actor2 is not None else Named("", None)


def associated(actors, country: str) -> str:
    return "; ".join(_by_country(a, country).name for a in actors)


def interaction(inter1: int | None, inter2: int | None, lone: bool) -> int | str:
    """The two classes, smaller first (12, not 21); a lone actor's class times ten; empty when a
    side's class is unknown."""
    if inter1 is None:
        return ""
    if lone:
        return inter1 * 10
    if inter2 is None:
        return ""
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def is_civilian(a: ActorRef | None) -> bool:
    return a is not None and (a.id == "CIVILIANS" or "CIVILIANS" in a.parents or a.inter == 7)


def civilian_targeting(ev: Event) -> str:
    targeted = (is_civilian(ev.actor2) and ev.event_type in _TARGETING_TYPES
                and POLITICAL_VIOLENCE in disorder_type(ev.event_type, ev.sub_event_type))
    return "Civilian targeting" if targeted else ""


def event_id_cnty(ev: Event, iso3: str) -> str:
    eid = (ev.event_id or "").lower()
    hex15 = eid[:15] if _HEX15.fullmatch(eid[:15]) else hashlib.sha1(eid.encode("utf-8")).hexdigest()[:15]
    return f"{iso3 or 'XXX'}{int(hex15, 16)}"


def outlets(ev: Event) -> list[str]:
    """Each outlet that tells the event, once, in the order of its sources."""
    return list(dict.fromkeys(s.outlet for s in ev.sources if s.outlet))
