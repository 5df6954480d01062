"""`sijill serve` beside its JSON API: the pages and their files (all shipped, nothing from
another host), the API docs offline, the base map (shipped outlines, outlines derived from a
gazetteer, boundary files given with --basemap), and the command line."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from click.testing import CliRunner  # noqa: E402

from sijill.cli import main  # noqa: E402
from sijill.serve import create_app  # noqa: E402

from .shared_data import GAZETTEER, needs_gazetteer  # noqa: E402
from .test_serve_api import ROOT, _client, demo_db  # noqa: E402,F401  (demo_db: the fixture)


@pytest.fixture(scope="module")
def client(demo_db):  # noqa: F811
    return _client(create_app(str(demo_db)))


def test_the_api_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review", "/api/timeline",
            "/api/places", "/api/network", "/api/framing", "/api/geojson", "/api/counts"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"https?://", page.text), "the docs page loads something from another host"
    for asset in re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text):
        assert client.get(asset).status_code == 200, asset


def test_the_dashboards_files_are_shipped_and_load_nothing_from_elsewhere(client):
    static = ROOT / "src" / "sijill" / "serve" / "static"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"serve/static/*"' in pyproject and '"serve/static/js/*"' in pyproject
    for page in ("/", "/event/anything"):
        r = client.get(page)
        assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
        for ref in re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", r.text):
            assert ref.startswith("/"), ref
            assert client.get(ref).status_code == 200, ref
    for path in static.rglob("*"):
        if path.suffix in (".js", ".css", ".html"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), path
            assert ".innerHTML" not in text and "insertAdjacentHTML" not in text, path
            for module in re.findall(r"""from\s+['"](\./[^'"]+)['"]""", text):
                assert (path.parent / module).is_file(), (path, module)


# ------------------------------------------------------------------ base map


def test_the_shipped_base_map_outlines_the_governorates(client):
    fc = client.get("/api/basemap").json()
    assert fc["type"] == "FeatureCollection" and fc["approximate"] is True
    governorates = {f["properties"]["pcode"] for f in fc["features"] if f["properties"]["level"] == 1}
    assert len(governorates) >= 13 and {"SY02", "SY09", "SY11"} <= governorates
    assert "approximate" in fc["origin"]


def test_outlines_put_each_place_inside_its_own_unit():
    from sijill.serve.basemap import _inside, derive
    points = [(36.0 + 0.1 * i, 34.0 + 0.1 * j, "A" if i < 5 else "B", None) for i in range(10) for j in range(10)]
    fc = derive(points, {"A": ("Aland", "أ"), "B": ("Bland", "ب")}, [], origin="test")
    units = {f["properties"]["pcode"]: f for f in fc["features"] if f["properties"]["level"] == 1}
    assert set(units) == {"A", "B"}
    for code, (lon, lat) in (("A", (36.2, 34.5)), ("B", (36.7, 34.5))):
        rings = [poly[0] for poly in units[code]["geometry"]["coordinates"]]
        assert any(_inside((lon, lat), [tuple(p) for p in ring]) for ring in rings), code


@needs_gazetteer
def test_an_imported_gazetteer_gives_district_outlines(tmp_path):
    from sijill.knowledge.gazetteer import load_gazetteer
    from sijill.model import Options
    from sijill.serve.basemap import from_gazetteer, read_files
    r = CliRunner().invoke(main, ["gazetteer", "import", str(GAZETTEER / "syria_communities.csv"),
                                  "--gazetteer", str(tmp_path / "g.sqlite")])
    assert r.exit_code == 0, r.output
    fc = from_gazetteer(load_gazetteer(Options(gazetteer_path=str(tmp_path / "g.sqlite"))))
    levels = [f["properties"]["level"] for f in fc["features"]]
    assert levels.count(1) >= 13 and levels.count(2) >= 55
    real = read_files([str(GAZETTEER / "boundaries" / "syr_admin1.geojson"),
                       str(GAZETTEER / "boundaries" / "syr_admin2.geojson")])
    assert {f["properties"]["level"] for f in real["features"]} == {1, 2} and not real["approximate"]


# ------------------------------------------------------------------ command line



def test_serve_help_lists_every_option():
    out = CliRunner().invoke(main, ["serve", "--help"]).output
    for option in ("--db", "--host", "--port", "--review-token", "SIJILL_REVIEW_TOKEN", "--basemap", "--gazetteer",
                   "--max-page", "--query-timeout", "--max-response-mb", "--log-level"):
        assert option in out, option


def test_serve_refuses_a_register_that_does_not_exist(tmp_path):
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.sqlite")])
    assert r.exit_code == 1 and "no register at" in r.output and "Traceback" not in r.output


def test_serve_refuses_a_base_map_that_is_not_geojson(demo_db, tmp_path):
    bad = tmp_path / "admin1.geojson"
    bad.write_text('{"type": "Feature"', encoding="utf-8")
    r = CliRunner().invoke(main, ["serve", "--db", str(demo_db), "--basemap", str(bad)])
    assert r.exit_code == 1 and "admin1.geojson: not a GeoJSON file" in r.output, r.output
