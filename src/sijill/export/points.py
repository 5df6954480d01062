"""Where an event is drawn on a map: the point of the ACLED CSV, GeoJSON and Parquet.

An event known at a named place is drawn at that place's coordinates, as the record holds them.
An event known only at an area (geo_precision 3, coded at a governorate, district or
sub-district: "ريف دير الزور الشرقي", a village missing from the gazetteer, the governorate a
report names) carries the admin unit's own coordinates, which are the centre of its shape:
Deir ez-Zor's lies in the desert south of the river, Homs's 150 km east of the city, and a map
would show a cluster of events where nobody lives. ACLED draws such an event at the unit's seat
(the provincial capital for a province, the district capital for a district), and so do we:

  seat of a unit = the community named like the unit (its Arabic or English name, "مركز",
  "منطقة", "ناحية", "محافظة" left out) lying inside it, the one in the unit's central
  sub-district first (OCHA P-codes ending in 00), then the most populous; else the seat of its
  central sub-unit (Rural Damascus: the district مركز ريف دمشق); else the unit's own point.

The record itself is not changed: its `location` keeps the coordinates the resolver gave, and
`drawn_at` says which point a map shows ("place", "area seat", or "area" for the unit's own
point when no seat is known). The gazetteer in use (`knowledge.gazetteer.load_gazetteer`, the
imported one or the built-in list) is read the first time an area-level event needs it; a
gazetteer that cannot be read leaves every point as the record has it.
"""
from __future__ import annotations

from typing import NamedTuple

from ..model import Place
from ..text.normalize import fold

_PREFIXES = ("مركز ", "منطقه ", "ناحيه ", "محافظه ")     # folded (ة -> ه)


class Point(NamedTuple):
    lat: float
    lon: float
    drawn_at: str          # place | area seat | area


_IN_USE = object()


class MapPoints:
    """The drawing point of each event's place; seats are looked up once per admin unit.

    `MapPoints()` reads the gazetteer in use when first needed; `MapPoints(gaz)` uses `gaz`;
    `MapPoints(None)` uses none: every point is the record's own."""

    def __init__(self, gazetteer=_IN_USE):
        self._loaded = gazetteer is not _IN_USE
        self._gaz = gazetteer if self._loaded else None
        self._seats: dict[str, tuple[float, float, str] | None] = {}

    def point(self, loc: Place | None) -> Point | None:
        if loc is None:
            return None
        own = (loc.lat, loc.lon) if loc.lat is not None and loc.lon is not None else None
        unit = _area_unit(loc, own is None) or self._unit_at(loc, own)
        seat = self._seat(unit) if unit else None
        if seat is not None:
            return Point(*seat)
        return Point(own[0], own[1], "place") if own else None

    def _gazetteer(self):
        if not self._loaded:
            self._loaded = True
            try:
                from ..knowledge.gazetteer import GazetteerError, load_gazetteer
                try:
                    self._gaz = load_gazetteer()
                except (GazetteerError, OSError, ValueError):
                    self._gaz = None
            except ImportError:
                self._gaz = None
        return self._gaz

    def _unit_at(self, loc: Place, own: tuple[float, float] | None) -> str | None:
        """An area-level place with an id of its own (a site known only by its governorate)
        drawn at the very point of its admin unit: that unit."""
        code = loc.admin3_pcode or loc.admin2_pcode or loc.admin1_pcode
        if own is None or loc.geo_precision < 3 or not code:
            return None
        gaz = self._gazetteer()
        unit = gaz.admin(code) if gaz is not None else None
        same = unit is not None and unit.point is not None and \
            abs(unit.lat - own[0]) < 1e-6 and abs(unit.lon - own[1]) < 1e-6
        return code if same else None

    def _seat(self, pcode: str) -> tuple[float, float, str] | None:
        if pcode not in self._seats:
            gaz = self._gazetteer()
            unit = gaz.admin(pcode) if gaz is not None else None
            self._seats[pcode] = _seat_of(gaz, unit) if unit is not None else None
        return self._seats[pcode]


def _area_unit(loc: Place, no_point: bool) -> str | None:
    """The P-code of the admin unit an area-level place is coded at, or None for a place."""
    codes = [c for c in (loc.admin3_pcode, loc.admin2_pcode, loc.admin1_pcode) if c]
    if not codes:
        return None
    if loc.id in codes and loc.geo_precision >= 3:
        return loc.id
    return codes[0] if no_point else None


def _names(unit) -> set[str]:
    out = set()
    for n in (unit.name_ar, unit.name, *unit.names):
        key = " ".join(fold(n or "").split())
        for p in _PREFIXES:
            if key.startswith(p):
                key = key[len(p):]
        if key:
            out.add(key)
    return out


def _inside(entry, unit) -> bool:
    return getattr(entry, f"admin{unit.level}", None) == unit.id


def _seat_of(gaz, unit, depth: int = 0) -> tuple[float, float, str] | None:
    names = _names(unit)
    towns = {e.id: e for n in names for e in gaz.named(n, admin1=unit.admin1, folded=True)
             if e.kind == "community" and e.point and _inside(e, unit)}
    if towns:
        best = min(towns.values(), key=lambda e: (not (e.admin3 or "").endswith("00"),
                                                  -(e.population or 0), e.source != "ocha", e.id))
        return best.lat, best.lon, "area seat"
    if depth < 2:
        centres = [e for e in gaz.entries if e.kind == "admin" and e.level == unit.level + 1
                   and _inside(e, unit) and names & _names(e)]
        for centre in sorted(centres, key=lambda e: e.id):
            seat = _seat_of(gaz, centre, depth + 1)
            if seat is not None:
                return seat
    return (unit.lat, unit.lon, "area") if unit.point else None
