"""Exporters: each format parses back, and the ACLED file has ACLED's columns and conventions."""
from __future__ import annotations

import csv
import io
import json
import sys

import pytest

from sijill.export import ExportError, write_events
from sijill.export.acled import ACLED_COLUMNS, acled_row
from sijill.model import Event

# The column list of SCHEMA.md ("Output: ACLED-style CSV"), copied here on purpose: a change
# to the exporter's list must be a change to the contract too.
SCHEMA_ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
CIVILIANS = {"id": "CIVILIANS", "name": "Civilians (Syria)", "parents": [], "label": "مدنيين", "inter": 7}


@pytest.fixture
def events(make_event):
    return [
        make_event("doc-1"),
        make_event("doc-2", event_type="Violence against civilians", sub_event_type="Attack",
                   actor2=CIVILIANS, assoc_actor2=[], fatalities=None, fatalities_qualifier="unspecified",
                   date_precision="month", location=None, status="claimed",
                   claimed_by={"id": "SOHR", "name": "Syrian Observatory for Human Rights"}),
    ]


def _csv(events) -> list[dict]:
    out = io.StringIO()
    write_events(events, "acled", out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_acled_columns_exactly_as_listed_in_schema(events):
    out = io.StringIO()
    write_events(events, "acled", out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header == SCHEMA_ACLED_COLUMNS
    assert list(ACLED_COLUMNS) == SCHEMA_ACLED_COLUMNS


def test_acled_row_values_follow_acled_conventions(events):
    strike, attack = _csv(events)
    assert strike["event_date"] == "2018-04-29"
    assert strike["time_precision"] == "1"
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert strike["actor1"] == "International Coalition (US-led)"
    assert strike["assoc_actor_2"] == "National Defence Forces"
    assert (strike["inter1"], strike["inter2"]) == ("8", "1")
    assert strike["interaction"] == "18"                 # smaller code first, as ACLED writes it
    assert strike["civilian_targeting"] == ""
    assert (strike["iso"], strike["country"]) == ("760", "Syria")
    assert (strike["admin1"], strike["location"]) == ("Deir-ez-Zor", "Jneineh")
    assert (float(strike["latitude"]), float(strike["longitude"])) == (35.36651, 40.11962)
    assert strike["geo_precision"] == "1"
    assert strike["source"] == "أورينت نت"
    assert strike["fatalities"] == "30"
    assert "fatalities approximate" in strike["tags"]
    assert f"sijill_id={events[0].event_id}" in strike["tags"]

    assert attack["civilian_targeting"] == "Civilian targeting"
    assert attack["interaction"] == "78"                # 8 (external) against 7 (civilians)
    assert attack["time_precision"] == "3"               # month
    assert attack["fatalities"] == "0"                   # null is 0 in ACLED's column
    assert attack["location"] == "" and attack["iso"] == "760"
    assert "claimed by Syrian Observatory for Human Rights" in attack["tags"]


def test_acled_joins_associated_actors_and_outlets(make_event):
    from dataclasses import replace
    ev = make_event("doc-1")
    two = {"id": "X", "name": "Second Ally", "parents": [], "label": None}
    ev = Event.from_dict({**ev.to_dict(), "assoc_actor2": [ev.to_dict()["assoc_actor2"][0], two]})
    second = replace(ev.sources[0], doc="doc-2", outlet="SY24")
    ev = replace(ev, sources=ev.sources + (second, replace(second, doc="doc-3")))
    row = acled_row(ev)
    assert row["assoc_actor_2"] == "National Defence Forces; Second Ally"
    assert row["source"] == "أورينت نت; SY24"             # each outlet once


def test_acled_interaction_of_a_lone_actor_is_its_code_times_ten(make_event):
    ev = make_event("doc-1", actor2=None, assoc_actor2=[])
    assert acled_row(ev)["interaction"] == 80


def test_acled_leaves_out_denied_events(make_event):
    out = io.StringIO()
    n = write_events([make_event("doc-1"), make_event("doc-2", status="denied")], "acled", out)
    assert n == 1
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 1


def test_jsonl_parses_back_to_the_same_events(events):
    out = io.StringIO()
    assert write_events(events, "jsonl", out) == 2
    lines = out.getvalue().splitlines()
    assert [Event.from_dict(json.loads(line)) for line in lines] == events
    assert "أورينت نت" in lines[0]                        # not \\u escapes


def test_geojson_is_a_feature_collection_of_points_keeping_placeless_events(events):
    out = io.StringIO()
    write_events(events, "geojson", out)
    fc = json.loads(out.getvalue())
    assert fc["type"] == "FeatureCollection"
    first, second = fc["features"]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [40.11962, 35.36651]}   # lon, lat
    # properties: the event object, and flat columns beside it
    assert {k: v for k, v in first["properties"].items() if k in events[0].to_dict()} == events[0].to_dict()
    assert second["geometry"] is None
    assert Event.from_dict(second["properties"]) == events[1]


def test_geojson_of_no_events_is_an_empty_collection():
    out = io.StringIO()
    write_events([], "geojson", out)
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_parquet_reads_back_with_typed_columns_and_json_nested_fields(events, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert write_events(events, "parquet", path) == 2
    table = pq.read_table(path)
    rows = table.to_pylist()
    assert [r["event_id"] for r in rows] == [e.event_id for e in events]
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert rows[0]["fatalities"] == 30 and rows[1]["fatalities"] is None
    assert rows[0]["latitude"] == 35.36651 and rows[1]["latitude"] is None
    assert rows[0]["actor1_id"] == "COALITION"
    # nested fields are JSON strings of the SCHEMA.md objects: the event comes back whole
    for row, ev in zip(rows, events):
        d = {k: row[k] for k in ev.to_dict()}
        for k in ("claimed_by", "actor1", "assoc_actor1", "actor2", "assoc_actor2", "location", "sources"):
            d[k] = json.loads(d[k]) if d[k] is not None else None
        d["event_date"] = row["event_date"].isoformat()
        assert Event.from_dict(d) == ev


def test_parquet_streams_in_batches(make_event, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    evs = [make_event(f"doc-{i}") for i in range(25)]
    from sijill.export.parquet import write_parquet
    write_parquet(iter(evs), tmp_path / "e.parquet", batch=10)
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 25


def test_parquet_without_pyarrow_says_how_to_get_it(events, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)          # import pyarrow now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ExportError, match=r"parquet export needs pyarrow: pip install 'sijill\[parquet\]'"):
        write_events(events, "parquet", tmp_path / "e.parquet")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_clear_error(events):
    with pytest.raises(ExportError, match="unknown export format 'kml'"):
        write_events(events, "kml", io.StringIO())


def test_failed_export_to_a_path_leaves_no_partial_file(make_event, tmp_path):
    def broken():
        yield make_event("doc-1")
        raise RuntimeError("database went away")

    path = tmp_path / "events.jsonl"
    with pytest.raises(RuntimeError):
        write_events(broken(), "jsonl", path)
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_path_replaces_an_older_file(events, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("old contents")
    write_events(events, "acled", path)
    assert path.read_text(encoding="utf-8").startswith("event_id_cnty,event_date,")
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]
