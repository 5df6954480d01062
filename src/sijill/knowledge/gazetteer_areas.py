"""Areas (areas.tsv) and named sites (sites.tsv), tied to the places of the gazetteer in use.

An area ("ريف دير الزور الشرقي", "شرق الفرات") is coded at an admin unit with precision 3: the
governorate, or the district of the town it surrounds. A site (حقل العمر، مطار القامشلي) has its
own point where the data gives one (precision 1), else it is coded at the town it lies by
(precision 2), else at its governorate (precision 3). The town is looked up by name within the
site's governorate, so the same data files work with the built-in list and with an import.
"""
from __future__ import annotations

from .gazetteer import COMMUNITY_LEVEL, GazEntry
from .gazetteer_names import variants
from .lexicon import read_table


def areas_and_sites(gaz) -> list[GazEntry]:
    """The areas and sites, tied to the admin units and places of `gaz` (a Gazetteer)."""
    return areas(gaz) + sites(gaz)


def _find(gaz, names: str, admin1: str) -> GazEntry | None:
    """The place of this name (or the first of |-separated names found) in this governorate:
    a community first, then an admin unit."""
    for name in filter(None, (n.strip() for n in names.split("|"))):
        hits = {e.id: e for v in variants(name) for e in gaz.named(v, admin1=admin1, folded=True)}
        ranked = sorted(hits.values(), key=lambda e: (e.kind != "community", e.source != "ocha", e.id))
        if ranked:
            return ranked[0]
    return None


def _names(row: dict) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip() for n in [row["name_ar"], *row["aliases"].split("|"), row["name_en"]]
                               if n.strip()))


def areas(gaz) -> list[GazEntry]:
    out = []
    for lineno, r in read_table("areas.tsv"):
        options = tuple(p for p in r["admin1"].split("|") if p)
        unit = gaz.admin(options[0]) if options else None
        if unit is None:
            raise ValueError(f"areas.tsv:{lineno}: admin1 {r['admin1']!r} is not a governorate P-code")
        level = int(r["level"] or 1)
        anchor = _find(gaz, r["anchor"], options[0]) if r["anchor"] else None
        if anchor is not None and level > 1:
            code = anchor.admin2 if level == 2 else anchor.admin3
            unit = gaz.admin(code or "") or unit
        point = unit.point or (anchor.point if anchor else None)
        out.append(GazEntry(
            id=f"area:{r['name_ar']}", kind="area", level=unit.level, name=r["name_en"], name_ar=r["name_ar"],
            admin1=unit.admin1, admin2=unit.admin2, admin3=unit.admin3,
            lat=point[0] if point else None, lon=point[1] if point else None, source="areas",
            names=_names(r), precision=int(r["precision"] or 3), admin1_options=options,
            feature="area", anchor=unit.id))
    return out


def sites(gaz) -> list[GazEntry]:
    out = []
    for lineno, r in read_table("sites.tsv"):
        gov = gaz.admin(r["admin1"])
        if gov is None:
            raise ValueError(f"sites.tsv:{lineno}: admin1 {r['admin1']!r} is not a governorate P-code")
        near = _find(gaz, r["near"], r["admin1"]) if r["near"] else None
        tie = near or gov
        if r["lat"] and r["lon"]:
            lat, lon, precision = float(r["lat"]), float(r["lon"]), 1
        elif near is not None and near.point:
            (lat, lon), precision = near.point, 2
        else:
            lat, lon, precision = gov.lat, gov.lon, 3
        out.append(GazEntry(
            id=r["id"], kind="site", level=COMMUNITY_LEVEL, name=r["name_en"], name_ar=r["name_ar"],
            admin1=tie.admin1, admin2=tie.admin2, admin3=tie.admin3, lat=lat, lon=lon, source="sites",
            names=_names(r), precision=precision, feature=r["type"], anchor=tie.id))
    return out
