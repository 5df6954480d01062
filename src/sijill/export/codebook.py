"""Facts of ACLED's codebook that the exports and the filters share (no other imports).

- `EVENT_TYPES`: ACLED's six event types and the 25 sub-event types of each, spelled as ACLED
  spells them; `find_type` matches what a user typed against them, `type_choices` lists them.
- `disorder_type`: ACLED's disorder type of an event type and sub-type. Battles, explosions and
  violence against civilians are "Political violence"; peaceful protests and protests with
  intervention are "Demonstrations"; a violent demonstration (Riots) and excessive force against
  protesters (Protests) are both, "Political violence; Demonstrations"; mob violence (Riots) is
  "Political violence"; strategic developments are "Strategic developments".
- `country_codes`: ISO 3166-1 numeric and alpha-3 codes and ACLED's region of the countries a
  record can name: Syria and the countries of `knowledge/data/foreign_places.tsv`. A country not
  listed gets no codes (empty cells), never Syria's.
"""
from __future__ import annotations

import re
from typing import NamedTuple

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in EVENT_TYPES.values() for s in subs)

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
_BOTH = f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}"
_DISORDER_OF_SUB = {"Violent demonstration": _BOTH, "Excessive force against protesters": _BOTH,
                    "Mob violence": POLITICAL_VIOLENCE}
_DISORDER_OF_TYPE = {"Battles": POLITICAL_VIOLENCE, "Explosions/Remote violence": POLITICAL_VIOLENCE,
                     "Violence against civilians": POLITICAL_VIOLENCE, "Protests": DEMONSTRATIONS,
                     "Riots": _BOTH, "Strategic developments": STRATEGIC}


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder type; "" for a type the codebook does not have."""
    return _DISORDER_OF_SUB.get(sub_event_type or "") or _DISORDER_OF_TYPE.get(event_type or "", "")


def _key(value: str) -> str:
    # case, spacing and punctuation ignored: "air drone strike" is "Air/drone strike"
    return re.sub(r"[\W_]+", " ", value.casefold()).strip()


_TYPE_KEYS = {_key(t): t for t in EVENT_TYPES}
_SUB_KEYS = {_key(s): s for s in SUB_EVENT_TYPES}
_SUB_KEYS[_key("Excessive force against protestors")] = "Excessive force against protesters"  # older spelling


def find_type(value: str) -> tuple[str, str] | None:
    """("event_type" | "sub_event_type", ACLED's spelling) for what a user typed, or None."""
    k = _key(value)
    if k in _TYPE_KEYS:
        return "event_type", _TYPE_KEYS[k]
    if k in _SUB_KEYS:
        return "sub_event_type", _SUB_KEYS[k]
    return None


def type_choices() -> str:
    """The valid types as one readable line per event type: "Battles (Armed clash, ...)"."""
    return "; ".join(f"{t} ({', '.join(subs)})" for t, subs in EVENT_TYPES.items())


class Country(NamedTuple):
    iso: int           # ISO 3166-1 numeric, ACLED's `iso`
    iso3: str          # ISO 3166-1 alpha-3, the prefix of ACLED's `event_id_cnty`
    region: str        # ACLED's region


_COUNTRIES = {
    # Middle East
    "Syria": (760, "SYR"), "Iraq": (368, "IRQ"), "Turkey": (792, "TUR"), "Lebanon": (422, "LBN"),
    "Jordan": (400, "JOR"), "Israel": (376, "ISR"), "Palestine": (275, "PSE"), "Iran": (364, "IRN"),
    "Saudi Arabia": (682, "SAU"), "Kuwait": (414, "KWT"), "Qatar": (634, "QAT"), "Bahrain": (48, "BHR"),
    "United Arab Emirates": (784, "ARE"), "Yemen": (887, "YEM"), "Oman": (512, "OMN"),
    # Northern Africa
    "Egypt": (818, "EGY"), "Libya": (434, "LBY"), "Tunisia": (788, "TUN"), "Algeria": (12, "DZA"),
    "Morocco": (504, "MAR"), "Sudan": (729, "SDN"),
    # Western and Eastern Africa
    "Mauritania": (478, "MRT"), "Mali": (466, "MLI"), "Nigeria": (566, "NGA"), "Somalia": (706, "SOM"),
    # South Asia
    "Afghanistan": (4, "AFG"), "Pakistan": (586, "PAK"), "India": (356, "IND"),
    # Europe and North America
    "Russia": (643, "RUS"), "Ukraine": (804, "UKR"), "France": (250, "FRA"), "Germany": (276, "DEU"),
    "United Kingdom": (826, "GBR"), "United States": (840, "USA"),
}
_REGIONS = {
    "Middle East": ("Syria", "Iraq", "Turkey", "Lebanon", "Jordan", "Israel", "Palestine", "Iran",
                    "Saudi Arabia", "Kuwait", "Qatar", "Bahrain", "United Arab Emirates", "Yemen", "Oman"),
    "Northern Africa": ("Egypt", "Libya", "Tunisia", "Algeria", "Morocco", "Sudan"),
    "Western Africa": ("Mauritania", "Mali", "Nigeria"),
    "Eastern Africa": ("Somalia",),
    "South Asia": ("Afghanistan", "Pakistan", "India"),
    "Europe": ("Russia", "Ukraine", "France", "Germany", "United Kingdom"),
    "North America": ("United States",),
}
_REGION_OF = {c: r for r, countries in _REGIONS.items() for c in countries}
COUNTRIES: dict[str, Country] = {name: Country(iso, iso3, _REGION_OF[name])
                                 for name, (iso, iso3) in _COUNTRIES.items()}
_BY_ISO3 = {c.iso3: name for name, c in COUNTRIES.items()}


def country_codes(country: str | None, iso3: str | None = None) -> tuple[str, Country] | None:
    """(ACLED's country name, its codes) for a country name or an alpha-3 code, or None."""
    name = country if country in COUNTRIES else _BY_ISO3.get((iso3 or "").upper())
    return (name, COUNTRIES[name]) if name else None
