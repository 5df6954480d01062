"""The ACLED-faithful export: ACLED's columns and values, the event's own country, unnamed
actors as ACLED names them, civilian targeting, flat columns for maps, and area-level events
drawn at their area's seat. Each is checked on a register built from real-like events."""
from __future__ import annotations

import csv
import io
import json

import pytest

from sijill.export import write_events
from sijill.export.acled import ACLED_COLUMNS
from sijill.export.codebook import EVENT_TYPES, SUB_EVENT_TYPES, disorder_type
from sijill.export.points import MapPoints
from sijill.store import open_register

STAMP = 1_700_000_000
CIVILIANS = {"id": "CIVILIANS", "name": "Civilians (Syria)", "parents": [], "label": "مدنيين", "inter": 7}
JOURNALISTS = {"id": "JOURNALISTS", "name": "Journalists", "parents": ["CIVILIANS"], "label": "صحفيين",
               "inter": 7}
ISIS = {"id": "ISIS", "name": "Islamic State (Syria)", "parents": [], "label": "داعش", "inter": 2}
UNIDENTIFIED = {"id": "UNIDENTIFIED", "name": "Unidentified Armed Group (Syria)", "parents": [],
                "label": "مجهولون", "inter": 3}
GUNMEN = {"id": "GUNMEN_GENERIC", "name": "Gunmen (unspecified)", "parents": [], "label": "مسلحون",
          "inter": 3}
PROTESTERS = {"id": "PROTESTERS", "name": "Protesters (Syria)", "parents": [], "label": "متظاهرون",
              "inter": 6}
# A place abroad as the extractor codes it (extract/foreign.py): its country, an alpha-3 id, no point.
MOSUL = {"id": "IRQ", "name": "الموصل", "name_ar": "الموصل", "surface": "الموصل", "geo_precision": 1,
         "kind": "foreign", "country": "Iraq", "iso": None, "lat": None, "lon": None}
CAIRO = {**MOSUL, "id": "EGY", "name": "القاهرة", "name_ar": "القاهرة", "surface": "القاهرة", "country": "Egypt"}
# Coded at the governorate only (a village missing from the gazetteer): the governorate's centre.
DEZ_AREA = {"id": "SY09", "name": "Deir-ez-Zor", "name_ar": "دير الزور", "surface": "الجورة",
            "admin1": "Deir-ez-Zor", "admin1_ar": "دير الزور", "admin1_pcode": "SY09",
            "lat": 35.1, "lon": 40.3, "geo_precision": 3, "kind": "unknown"}
# The report's main governorate, with no point at all.
DEZ_CONTEXT = {**DEZ_AREA, "surface": "", "lat": None, "lon": None, "kind": "context"}


@pytest.fixture
def builtin_home(tmp_path, monkeypatch):
    """No imported gazetteer: the built-in list is the one in use."""
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "empty_home"))


@pytest.fixture
def register(register_url, make_document, make_event, builtin_home):
    """Real-like events: the SCHEMA.md strike, abroad events, unnamed attackers, civilians (each
    on its own day, so that fusion keeps them apart)."""
    events = {
        "strike": make_event("doc-1"),
        "mosul": make_event("doc-2", event_type="Violence against civilians", sub_event_type="Attack",
                            event_date="2017-01-10", actor1=None, actor2=CIVILIANS, assoc_actor2=[], location=MOSUL),
        "cairo": make_event("doc-3", event_type="Explosions/Remote violence",
                            sub_event_type="Remote explosive/landmine/IED", event_date="2016-05-20",
                            actor1=UNIDENTIFIED,
                            actor2=None, assoc_actor2=[], location=CAIRO),
        "ambush": make_event("doc-4", event_type="Battles", sub_event_type="Armed clash",
                             event_date="2020-06-01", actor1=GUNMEN,
                             actor2=ISIS, assoc_actor2=[], location=DEZ_AREA),
        "crossfire": make_event("doc-5", event_type="Battles", sub_event_type="Armed clash",
                                event_date="2021-07-01", actor1=ISIS,
                                actor2=CIVILIANS, assoc_actor2=[], location=DEZ_CONTEXT),
        "press": make_event("doc-6", event_type="Violence against civilians",
                            sub_event_type="Abduction/forced disappearance", actor1=ISIS,
                            actor2=JOURNALISTS, assoc_actor2=[], event_date="2019-02-03"),
        "march": make_event("doc-7", event_type="Protests", sub_event_type="Peaceful protest",
                            event_date="2022-03-15", actor1=None,
                            actor2=None, assoc_actor2=[], fatalities=0, background=True),
    }
    with open_register(register_url) as reg:
        for ev in events.values():
            reg.store(make_document(ev.sources[0].doc, outlet=ev.sources[0].outlet), [ev])
        reg.names = {ev.event_id: name for name, ev in events.items()}
        yield reg


def acled(register, **filters) -> dict[str, dict]:
    out = io.StringIO()
    write_events(register.iter_events(**filters), "acled", out, timestamp=STAMP)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    return {register.names[r["tags"].rsplit("sijill_id=", 1)[1]]: r for r in rows}


def test_the_file_has_acleds_columns_in_acleds_order(register):
    out = io.StringIO()
    write_events(register.iter_events(), "acled", out, timestamp=STAMP)
    assert next(csv.reader(io.StringIO(out.getvalue()))) == list(ACLED_COLUMNS)
    assert ACLED_COLUMNS[0] == "event_id_cnty" and ACLED_COLUMNS[-1] == "timestamp"


def test_event_id_cnty_is_the_country_code_and_a_stable_number(register):
    rows = acled(register)
    strike = rows["strike"]
    assert strike["event_id_cnty"].startswith("SYR") and strike["event_id_cnty"][3:].isdigit()
    assert int(strike["event_id_cnty"][3:]) < 2 ** 63
    assert rows["mosul"]["event_id_cnty"].startswith("IRQ")
    assert rows["cairo"]["event_id_cnty"].startswith("EGY")
    assert acled(register)["strike"]["event_id_cnty"] == strike["event_id_cnty"]   # same every export
    assert len({r["event_id_cnty"] for r in rows.values()}) == len(rows)


def test_year_and_timestamp(register):
    rows = acled(register)
    assert rows["strike"]["year"] == "2018" and rows["press"]["year"] == "2019"
    assert {r["timestamp"] for r in rows.values()} == {str(STAMP)}


def test_timestamp_is_the_time_of_the_export_when_not_given(make_event):
    import time
    out = io.StringIO()
    before = int(time.time())
    write_events([make_event("doc-1")], "acled", out, points=MapPoints(None))
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert before <= int(row["timestamp"]) <= int(time.time())


def test_disorder_type_follows_acleds_codebook(register):
    rows = acled(register)
    assert rows["strike"]["disorder_type"] == "Political violence"
    assert rows["press"]["disorder_type"] == "Political violence"
    assert rows["march"]["disorder_type"] == "Demonstrations"


@pytest.mark.parametrize("event_type, sub_event_type, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Protests", "Protest with intervention", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Violent demonstration", "Political violence; Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Strategic developments", "Arrests", "Strategic developments"),
    ("Strategic developments", "Looting/property destruction", "Strategic developments"),
])
def test_disorder_type_of_each_kind_of_event(event_type, sub_event_type, expected):
    assert disorder_type(event_type, sub_event_type) == expected


def test_every_sub_event_type_has_a_disorder_type():
    assert len(SUB_EVENT_TYPES) == 25
    assert all(disorder_type(t, s) for t, subs in EVENT_TYPES.items() for s in subs)


def test_iso_region_and_country_are_the_events_own(register):
    rows = acled(register)
    assert (rows["strike"]["iso"], rows["strike"]["region"], rows["strike"]["country"]) == \
           ("760", "Middle East", "Syria")
    assert (rows["mosul"]["iso"], rows["mosul"]["region"], rows["mosul"]["country"]) == \
           ("368", "Middle East", "Iraq")
    assert (rows["cairo"]["iso"], rows["cairo"]["region"], rows["cairo"]["country"]) == \
           ("818", "Northern Africa", "Egypt")
    # no place at all: the country the register covers
    assert (rows["march"]["iso"], rows["march"]["country"]) == ("760", "Syria")


def test_a_country_the_codebook_lacks_gets_no_codes_never_syrias(make_event):
    elsewhere = {**MOSUL, "id": "XYZ", "country": "Atlantis"}
    out = io.StringIO()
    write_events([make_event("doc-1", location=elsewhere)], "acled", out, points=MapPoints(None))
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["iso"], row["region"], row["country"]) == ("", "", "Atlantis")
    assert row["event_id_cnty"].startswith("XXX")


def test_unnamed_attackers_are_an_unidentified_armed_group_of_the_events_country(register):
    rows = acled(register)
    assert (rows["mosul"]["actor1"], rows["mosul"]["inter1"]) == ("Unidentified Armed Group (Iraq)", "3")
    assert rows["mosul"]["interaction"] == "37"
    assert rows["cairo"]["actor1"] == "Unidentified Armed Group (Egypt)"
    assert rows["cairo"]["interaction"] == "30"                  # alone
    assert (rows["ambush"]["actor1"], rows["ambush"]["inter1"]) == ("Unidentified Armed Group (Syria)", "3")
    assert rows["ambush"]["interaction"] == "23"


def test_civilians_and_protesters_are_named_by_the_events_country(register):
    rows = acled(register)
    assert rows["mosul"]["actor2"] == "Civilians (Iraq)"
    assert rows["crossfire"]["actor2"] == "Civilians (Syria)"
    assert (rows["march"]["actor1"], rows["march"]["inter1"]) == ("Protesters (Syria)", "6")


def test_civilian_targeting_only_where_civilians_are_the_target(register):
    rows = acled(register)
    assert rows["mosul"]["civilian_targeting"] == "Civilian targeting"      # attack on civilians
    assert rows["press"]["civilian_targeting"] == "Civilian targeting"      # a sub-group of civilians
    assert rows["crossfire"]["civilian_targeting"] == ""                    # a battle: not a target
    assert rows["strike"]["civilian_targeting"] == ""                       # soldiers
    assert rows["march"]["civilian_targeting"] == ""


def test_civilian_targeting_in_an_explosion_but_not_a_strategic_development(make_event):
    hit = make_event("doc-1", actor2=CIVILIANS, assoc_actor2=[])
    looted = make_event("doc-2", event_type="Strategic developments", sub_event_type="Looting/property destruction",
                        actor2=CIVILIANS, assoc_actor2=[])
    out = io.StringIO()
    write_events([hit, looted], "acled", out, points=MapPoints(None))
    first, second = csv.DictReader(io.StringIO(out.getvalue()))
    assert (first["civilian_targeting"], second["civilian_targeting"]) == ("Civilian targeting", "")


# ------------------------------------------------------------------ where events are drawn


def test_an_area_level_event_is_drawn_at_the_seat_of_its_area_not_its_centre(register):
    from sijill.knowledge.gazetteer import load_gazetteer
    city = next(e for e in load_gazetteer().named("دير الزور", admin1="SY09") if e.kind == "community")
    rows = acled(register)
    for name in ("ambush", "crossfire"):          # coded at the governorate; with no point at all
        assert (float(rows[name]["latitude"]), float(rows[name]["longitude"])) == city.point
        assert rows[name]["geo_precision"] == "3"
    # a named place keeps its own point
    assert (float(rows["strike"]["latitude"]), float(rows["strike"]["longitude"])) == (35.36651, 40.11962)
    # the record itself is not changed
    stored = next(e for e in register.query() if register.names[e.event_id] == "ambush")
    assert (stored.location.lat, stored.location.lon) == (35.1, 40.3)


def test_seats_with_an_imported_gazetteer(tmp_path, monkeypatch, make_event):
    from sijill.knowledge.gazetteer import gazetteer_file, load_gazetteer
    from sijill.knowledge.gazetteer_import import import_gazetteer
    from tests.test_gazetteer import write_tiny_gazetteer
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    import_gazetteer(write_tiny_gazetteer(tmp_path / "in"), gazetteer_file())
    points = MapPoints(load_gazetteer())
    district = {**DEZ_AREA, "id": "SY0901", "admin2_pcode": "SY0901", "lat": 35.5, "lon": 40.2}
    for loc in (DEZ_AREA, district):
        ev = make_event("doc-1", location=loc)
        point = points.point(ev.location)
        assert (point.lat, point.lon, point.drawn_at) == (35.33, 40.14, "area seat")   # the town دير الزور
    # a governorate with no town of its name: its central district's seat, else its own point
    # (the invented Dar'a has none down to its central sub-district SY120100: that one's point)
    daraa = {**DEZ_AREA, "id": "SY12", "admin1_pcode": "SY12", "lat": 32.8, "lon": 36.2}
    assert points.point(make_event("doc-1", location=daraa).location) == (32.6, 36.1, "area")


def test_without_a_gazetteer_points_are_the_records_own(make_event):
    point = MapPoints(None).point(make_event("doc-1", location=DEZ_AREA).location)
    assert (point.lat, point.lon, point.drawn_at) == (35.1, 40.3, "place")


# ------------------------------------------------------------------ flat columns


FLAT = ("actor1_name", "actor2_name", "outlets", "sources_count", "place", "admin1", "admin2", "admin3")


def test_geojson_carries_flat_columns_beside_the_nested_objects(register):
    out = io.StringIO()
    write_events(register.iter_events(), "geojson", out)
    features = {register.names[f["id"]]: f for f in json.loads(out.getvalue())["features"]}
    strike = features["strike"]["properties"]
    assert set(FLAT) <= set(strike)
    assert strike["actor1"]["id"] == "COALITION"                    # the nested object is still there
    assert strike["actor1_name"] == "International Coalition (US-led)"
    assert strike["actor2_name"] == "Military Forces of Syria (2000-2024)"
    assert (strike["outlets"], strike["sources_count"], strike["place"]) == ("أورينت نت", 1, "Jneineh")
    assert (strike["admin1"], strike["admin2"], strike["admin3"]) == ("Deir-ez-Zor",) * 3
    assert (strike["country"], strike["disorder_type"], strike["drawn_at"]) == \
           ("Syria", "Political violence", "place")
    mosul = features["mosul"]
    assert mosul["geometry"] is None and mosul["properties"]["country"] == "Iraq"
    assert mosul["properties"]["actor1_name"] == "Unidentified Armed Group (Iraq)"
    ambush = features["ambush"]
    assert ambush["properties"]["drawn_at"] == "area seat"
    assert ambush["geometry"]["coordinates"] == [ambush["properties"]["longitude"],
                                                 ambush["properties"]["latitude"]]


def test_parquet_flat_columns_read_back_with_pyarrow(register, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    write_events(register.iter_events(), "parquet", path)
    table = pq.read_table(path)
    for column in FLAT + ("country", "iso", "region", "disorder_type", "year", "drawn_at"):
        assert column in table.schema.names, column
    assert str(table.schema.field("sources_count").type) == "int64"
    rows = {register.names[r["event_id"]]: r for r in table.to_pylist()}
    assert rows["strike"]["outlets"] == "أورينت نت" and rows["strike"]["place"] == "Jneineh"
    assert json.loads(rows["strike"]["actor1"])["id"] == "COALITION"     # nested, as JSON
    assert (rows["mosul"]["iso"], rows["mosul"]["region"]) == (368, "Middle East")
    assert rows["ambush"]["drawn_at"] == "area seat" and rows["ambush"]["latitude"] != 35.1


# ------------------------------------------------------------------ from the command line


def invoke(*args):
    from click.testing import CliRunner
    from sijill.cli import main
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db(register, register_url):
    return register_url


def exported(db, *args) -> dict[str, dict]:
    result = invoke("export", "--db", db, "--format", "acled", *args)
    assert result.exit_code == 0, result.output
    return {r["tags"].rsplit("sijill_id=", 1)[1]: r for r in csv.DictReader(io.StringIO(result.stdout))}


def test_cli_export_takes_the_new_filters(db, register):
    ids = {v: k for k, v in register.names.items()}
    assert set(exported(db, "--background", "only")) == {ids["march"]}
    assert ids["march"] not in exported(db, "--background", "no")
    abroad = {ids["mosul"], ids["cairo"]}
    assert set(exported(db, "--place", "Deir ez-Zor")) == set(register.names) - abroad
    assert set(exported(db, "--place", "الموصل")) == {ids["mosul"]}
    assert set(exported(db, "--actor", "داعش")) == {ids["ambush"], ids["crossfire"], ids["press"]}
    assert set(exported(db, "--outlet", "أورينت نت", "--type", "Battles")) == {ids["ambush"], ids["crossfire"]}
    assert len(exported(db, "--status", "reported,claimed")) == len(register.names)
    assert len(exported(db, "--status", "claimed", "--status", "reported")) == len(register.names)


def test_cli_a_wrong_type_is_a_usage_error_listing_acleds_types(db):
    result = invoke("events", "--db", db, "--type", "Airstrike")
    assert result.exit_code == 2
    assert "'Airstrike' is not an ACLED event type or sub-event type" in result.stderr
    assert "Explosions/Remote violence (Chemical weapon, Air/drone strike" in result.stderr


def test_cli_a_wrong_status_or_background_is_a_usage_error(db):
    assert invoke("events", "--db", db, "--status", "rumoured").exit_code == 2
    assert invoke("events", "--db", db, "--background", "maybe").exit_code == 2


def test_cli_an_unknown_outlet_is_reported_before_anything_is_written(db, tmp_path):
    out = tmp_path / "events.csv"
    result = invoke("export", "--db", db, "--format", "acled", "--outlet", "Reuters", "-o", out)
    assert result.exit_code == 2
    assert "its outlets are: أورينت نت" in result.stderr
    assert not out.exists()
    result = invoke("export", "--db", db, "--format", "acled", "--outlet", "Reuters")
    assert result.exit_code == 2 and result.stdout == ""          # not even the header
