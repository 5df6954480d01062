"""Import place files into the gazetteer's SQLite file (`sijill gazetteer import`).

Two formats, told apart by their first line (docs/gazetteer.md documents both):
  - sijill's own OCHA-derived CSVs: a communities file (`pcode,name_ar,name_en,admin3_pcode,...`)
    and an admin-units file (`level,pcode,name_ar,name_en,aliases_ar,aliases_en,parent_pcode,lat,lon`);
  - GeoNames country dumps (SY.txt, or SY.zip holding it): 19 tab-separated columns; feature
    classes P (populated places) and A (admin units) are kept, admin1 codes mapped to OCHA
    governorate P-codes with geonames_admin1.tsv.

Every file is read and checked in full before anything is written; the write is one transaction.
Each file is one source ("ocha:communities", "ocha:admin", "geonames:SY"): importing it again
replaces that source's rows, so an import is idempotent. `--replace` drops every source first.
"""
from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from .gazetteer import COMMUNITY_LEVEL, GazetteerError
from .gazetteer_names import split_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY, path TEXT NOT NULL, format TEXT NOT NULL,
    imported_at TEXT NOT NULL, places INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    source TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL,
    name_en TEXT, name_ar TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT, lat REAL, lon REAL,
    feature TEXT, admin_names TEXT, population INTEGER,
    PRIMARY KEY (source, id));
CREATE TABLE IF NOT EXISTS names (
    source TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (source, id, name));
"""
SCHEMA_VERSION = "1"

COMMUNITY_COLUMNS = ("pcode", "name_ar", "name_en", "admin3_pcode", "admin3_ar", "admin3_en", "admin2_pcode",
                     "admin2_ar", "admin2_en", "admin1_pcode", "admin1_ar", "admin1_en", "lat", "lon")
ADMIN_COLUMNS = ("level", "pcode", "name_ar", "name_en", "aliases_ar", "aliases_en", "parent_pcode", "lat", "lon")
GEONAMES_COLUMNS = 19
# A point outside this box is not in Syria (swapped lat/lon is the usual cause).
LAT_RANGE, LON_RANGE = (32.0, 37.6), (35.4, 42.6)
_ADMIN_PCODE = re.compile(r"^SY\d{2}(\d{2}(\d{2})?)?$")


class GazetteerImportError(GazetteerError):
    """A file that cannot be imported: the message names the file, the line and the problem."""


@dataclass
class Row:
    id: str
    kind: str
    level: int
    name_en: str
    name_ar: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    lat: float | None
    lon: float | None
    names: list[str]
    feature: str = ""
    admin_names: str = ""
    population: int | None = None


@dataclass
class ImportReport:
    target: Path
    files: list[tuple[str, str, int]] = field(default_factory=list)   # (path, source, places)
    skipped: list[str] = field(default_factory=list)                  # why rows or files were left out

    @property
    def places(self) -> int:
        return sum(n for _, _, n in self.files)


Progress = Callable[[int, int], None]    # (rows done, rows in all files)


def import_gazetteer(path: str | Path, target: str | Path, *, replace: bool = False,
                     progress: Progress | None = None) -> ImportReport:
    """Import a file or a folder of files into the SQLite gazetteer at `target`."""
    path, target = Path(path), Path(target)
    files = _input_files(path)
    report = ImportReport(target)
    total = sum(_count_lines(f) - (not fmt.startswith("geonames")) for f, fmt in files)   # CSV headers
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress and (done % 1000 == 0 or done >= total):
            progress(done, total)

    parsed: list[tuple[Path, str, list[Row]]] = []
    for f, fmt in files:
        if fmt == "ocha:communities":
            rows = list(_read_communities(f, tick))
        elif fmt == "ocha:admin":
            rows = list(_read_admin(f, tick))
        else:
            rows = list(_read_geonames(f, tick, report.skipped))
        parsed.append((f, fmt, rows))
    if progress:
        progress(done, done)
    _write(target, parsed, replace, report)
    return report


def _input_files(path: Path) -> list[tuple[Path, str]]:
    if not path.exists():
        raise GazetteerImportError(f"{path}: no such file or folder")
    if path.is_file():
        fmt = detect_format(path)
        if fmt is None:
            raise GazetteerImportError(
                f"{path}: not a gazetteer file sijill knows. Expected sijill's OCHA communities CSV "
                f"(header {','.join(COMMUNITY_COLUMNS[:4])},...), its admin-units CSV (header "
                f"{','.join(ADMIN_COLUMNS[:4])},...) or a GeoNames dump ({GEONAMES_COLUMNS} tab-separated "
                f"columns, e.g. SY.txt or SY.zip); see docs/gazetteer.md")
        return [(path, fmt)]
    found = [(f, detect_format(f)) for f in sorted(path.iterdir())
             if f.is_file() and f.suffix.lower() in (".csv", ".txt", ".zip", ".tsv")]
    found = [(f, fmt) for f, fmt in found if fmt]
    if not found:
        raise GazetteerImportError(f"{path}: no gazetteer file in this folder (OCHA-derived CSVs or a "
                                   f"GeoNames dump; see docs/gazetteer.md)")
    return found


def detect_format(path: Path) -> str | None:
    """"ocha:communities", "ocha:admin", "geonames:SY" (by the first line), or None."""
    try:
        with _open_text(path) as fh:
            first = fh.readline().lstrip("\ufeff").rstrip("\r\n")
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError, GazetteerImportError):
        return None
    header = [c.strip().lower() for c in next(csv.reader([first]), [])]
    if set(COMMUNITY_COLUMNS) <= set(header):
        return "ocha:communities"
    if set(ADMIN_COLUMNS) <= set(header):
        return "ocha:admin"
    cols = first.split("\t")
    if len(cols) == GEONAMES_COLUMNS and cols[0].isdigit():
        return f"geonames:{cols[8] or 'XX'}"
    return None


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix.lower() == ".zip":
        zf = zipfile.ZipFile(path)
        inner = [n for n in zf.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
        if not inner:
            raise GazetteerImportError(f"{path}: the zip file holds no GeoNames .txt dump")
        return io.TextIOWrapper(zf.open(inner[0]), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _count_lines(path: Path) -> int:
    with _open_text(path) as fh:
        return sum(1 for _ in fh)


def _float(value: str, what: str, where: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise GazetteerImportError(f"{where}: {what} {value!r} is not a number") from None


def _point(lat: str, lon: str, where: str) -> tuple[float | None, float | None]:
    la, lo = _float(lat, "lat", where), _float(lon, "lon", where)
    if la is not None and lo is not None and not (
            LAT_RANGE[0] <= la <= LAT_RANGE[1] and LON_RANGE[0] <= lo <= LON_RANGE[1]):
        raise GazetteerImportError(f"{where}: lat {la}, lon {lo} is not in Syria "
                                   f"(lat {LAT_RANGE[0]}-{LAT_RANGE[1]}, lon {LON_RANGE[0]}-{LON_RANGE[1]}); "
                                   f"are the columns swapped?")
    return la, lo


def _dict_rows(path: Path, columns: tuple[str, ...], tick) -> Iterator[tuple[str, dict[str, str]]]:
    with _open_text(path) as fh:
        reader = csv.reader(fh)
        header = [c.strip().lower().lstrip("\ufeff") for c in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise GazetteerImportError(f"{path}:1: missing columns {', '.join(missing)}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise GazetteerImportError(f"{where}: {len(row)} columns where the header has {len(header)}")
            tick(1)
            yield where, {h: v.strip() for h, v in zip(header, row)}


def split_names(name_ar: str, qualifiers: set[str]) -> list[str]:
    """OCHA Arabic names hold alternatives: "علي الأطرش_عليكار", "حملك-حميلك"; a part after a
    dash that is the name of the place's own admin unit is a qualifier ("ابين- عفرين")."""
    parts = [p.strip() for p in re.split(r"[_\-–]", name_ar) if p.strip()]
    first, rest = parts[:1], [p for p in parts[1:] if p not in qualifiers]
    return first + rest


def _read_communities(path: Path, tick) -> Iterator[Row]:
    seen: dict[str, str] = {}
    for where, r in _dict_rows(path, COMMUNITY_COLUMNS, tick):
        pcode = r["pcode"]
        if not pcode:
            raise GazetteerImportError(f"{where}: empty pcode")
        if pcode in seen:
            raise GazetteerImportError(f"{where}: pcode {pcode} again (first at {seen[pcode]})")
        seen[pcode] = where
        if not (r["name_ar"] or r["name_en"]):
            raise GazetteerImportError(f"{where}: {pcode} has neither an Arabic nor an English name")
        for level in (1, 2, 3):
            code = r[f"admin{level}_pcode"]
            if code and not (_ADMIN_PCODE.match(code) and len(code) == 2 + 2 * level):
                raise GazetteerImportError(f"{where}: admin{level}_pcode {code!r} is not an OCHA "
                                           f"admin{level} P-code (SY + {2 * level} digits)")
        lat, lon = _point(r["lat"], r["lon"], where)
        names = split_names(r["name_ar"], {r["admin1_ar"], r["admin2_ar"], r["admin3_ar"]})
        yield Row(id=pcode, kind="community", level=COMMUNITY_LEVEL, name_en=r["name_en"],
                  name_ar=names[0] if names else "", admin1=r["admin1_pcode"] or None,
                  admin2=r["admin2_pcode"] or None, admin3=r["admin3_pcode"] or None, lat=lat, lon=lon,
                  names=names + [r["name_en"]] if r["name_en"] else names,
                  admin_names="|".join(r[f"admin{n}_{lang}"] for n in (1, 2, 3) for lang in ("en", "ar")))


def _read_admin(path: Path, tick) -> Iterator[Row]:
    seen: dict[str, str] = {}
    for where, r in _dict_rows(path, ADMIN_COLUMNS, tick):
        pcode, level = r["pcode"], r["level"]
        if level not in ("1", "2", "3"):
            raise GazetteerImportError(f"{where}: level {level!r} is not 1, 2 or 3")
        lvl = int(level)
        if not _ADMIN_PCODE.match(pcode) or len(pcode) != 2 + 2 * lvl:
            raise GazetteerImportError(f"{where}: {pcode!r} is not an OCHA admin{lvl} P-code (SY + {2 * lvl} digits)")
        if pcode in seen:
            raise GazetteerImportError(f"{where}: pcode {pcode} again (first at {seen[pcode]})")
        seen[pcode] = where
        lat, lon = _point(r["lat"], r["lon"], where)
        names = [n for n in [r["name_ar"], *r["aliases_ar"].split("|"), r["name_en"], *r["aliases_en"].split("|")]
                 if n.strip()]
        yield Row(id=pcode, kind="admin", level=lvl, name_en=r["name_en"], name_ar=r["name_ar"],
                  admin1=pcode[:4], admin2=pcode[:6] if lvl >= 2 else None, admin3=pcode if lvl == 3 else None,
                  lat=lat, lon=lon, names=names)


def _read_geonames(path: Path, tick, skipped: list[str]) -> Iterator[Row]:
    from .gazetteer_default import geonames_admin1, governorates
    admin1 = geonames_admin1()
    gov = {g.id: g for g in governorates()}
    units: dict[tuple, str] = {}        # (admin1 code, admin2 code[, admin3 code]) -> GN id
    rows: list[tuple[Row, tuple]] = []
    other_class = other_country = 0
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            tick(1)
            c = line.split("\t")
            if len(c) != GEONAMES_COLUMNS:
                raise GazetteerImportError(f"{where}: {len(c)} tab-separated columns; a GeoNames dump has "
                                           f"{GEONAMES_COLUMNS}")
            if not c[0].isdigit():
                raise GazetteerImportError(f"{where}: geonameid {c[0]!r} is not a number")
            if c[8] != "SY":
                other_country += 1
                continue
            if c[6] not in ("P", "A"):
                other_class += 1
                continue
            level = {"ADM1": 1, "ADM2": 2, "ADM3": 3}.get(c[7], 0) if c[6] == "A" else COMMUNITY_LEVEL
            if not level:
                other_class += 1        # ADMD, PCLI (the country) and the like
                continue
            lat, lon = _point(c[4], c[5], where)
            arabic, latin = split_script([c[1], c[2], *c[3].split(",")])
            pcode = admin1.get(c[10])
            key = (c[10], c[11], c[12])
            row = Row(id=f"GN{c[0]}", kind="community" if level == COMMUNITY_LEVEL else "admin", level=level,
                      name_en=c[1], name_ar=arabic[0] if arabic else "", admin1=pcode, admin2=None,
                      admin3=None, lat=lat, lon=lon, names=list(dict.fromkeys(arabic + latin)),
                      feature=c[7], population=int(c[14]) if c[14].isdigit() else None)
            if level == 1 and pcode in gov:    # a governorate: keep OCHA's P-code and names
                g = gov[pcode]
                row.id, row.name_en, row.name_ar = pcode, g.name, g.name_ar
                row.names = list(dict.fromkeys(list(g.names) + row.names))
            elif level in (2, 3):
                units[key[:level]] = row.id
            rows.append((row, key))
    for row, key in rows:
        if row.level >= 2:
            row.admin2 = units.get(key[:2])
        if row.level >= 3 and key[2]:
            row.admin3 = units.get(key[:3])
    if other_class:
        skipped.append(f"{path}: {other_class} rows of other feature classes (not P or A/ADM1-3) left out")
    if other_country:
        skipped.append(f"{path}: {other_country} rows of other countries left out")
    for row, _ in rows:
        yield row


def _write(target: Path, parsed, replace: bool, report: ImportReport) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(target)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerImportError(f"{target}: cannot write the gazetteer here ({exc})") from exc
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        with con:
            con.executescript(SCHEMA)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            if replace:
                for table in ("places", "names", "sources"):
                    con.execute(f"DELETE FROM {table}")
            for path, source, rows in parsed:
                for table in ("places", "names", "sources"):
                    con.execute(f"DELETE FROM {table} WHERE source = ?", (source,))
                con.executemany(
                    "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(source, r.id, r.kind, r.level, r.name_en, r.name_ar, r.admin1, r.admin2, r.admin3,
                      r.lat, r.lon, r.feature, r.admin_names, r.population) for r in rows])
                con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)",
                                [(source, r.id, n) for r in rows for n in r.names])
                con.execute("INSERT INTO sources VALUES (?,?,?,?,?)",
                            (source, str(path.resolve()), source.split(":")[0], now, len(rows)))
                report.files.append((str(path), source, len(rows)))
    except sqlite3.DatabaseError as exc:
        raise GazetteerImportError(f"{target}: not a sijill gazetteer file, or it cannot be written ({exc})") from exc
    finally:
        con.close()
