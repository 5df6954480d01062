"""An analyst's review (issue 13, part 3): decisions stored with their trail, kept across later
extractions and fusion, shown in exports; on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sijill.cli import main
from sijill.store import open_register
from sijill.store.schema import SCHEMA_VERSION, meta, review_log, reviews

from .test_fusion_register import STRIKE_B, other_event, strike_a, strike_b


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one(reg, **kw):
    [ev] = reg.query(**kw)
    return ev


def test_accept_reject_and_set_are_stored_with_their_trail(register_url):
    (doc_a, a) = strike_a()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        eid = one(reg).event_id
        out = reg.review(eid, "edit", {"fatalities": "7", "event_date": "2018-04-28"}, "SOHR's count", "ana")
        assert out["event"]["fatalities"] == 7 and out["event"]["review"]["state"] == "edited"
        ev = one(reg)
        assert (ev.fatalities, ev.fatalities_qualifier, ev.event_date.isoformat()) == (7, "exact", "2018-04-28")
        assert ev.review["fields"] == ["event_date", "fatalities"] and ev.review["by"] == "ana"
        reg.review(eid, "accept", {}, None, "ben")
        assert one(reg).review["state"] == "accepted" and one(reg).fatalities == 7
        reg.review(eid, "reject", {}, "a duplicate of another report", "ana")
        assert reg.query() == [] and reg.events_count() == 1
        assert one(reg, include_rejected=True).review["state"] == "rejected"
        trail = reg.review_trail(eid)
        assert [(t.action, t.field, t.before, t.after) for t in trail] == [
            ("edit", "fatalities", 30, 7), ("edit", "event_date", "2018-04-29", "2018-04-28"),
            ("accept", None, None, "accepted"), ("reject", None, "accepted", "rejected")]
        assert trail[0].by == "ana" and trail[0].note == "SOHR's count" and trail[-1].at
        with reg.engine.connect() as conn:
            assert conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar() == "3"
        assert SCHEMA_VERSION == "3"


def test_a_reviewed_field_and_a_rejection_survive_replace_and_another_outlets_telling(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b()
    (doc_o, o) = other_event()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        reg.store(doc_o, [o])
        strike = one(reg, type="Air/drone strike").event_id
        clash = one(reg, type="Battles").event_id
        reg.review(strike, "edit", {"fatalities": 12, "actor2": "SYR_GOV"}, None, "ana")
        reg.review(clash, "reject", {}, "not in Syria's war", "ana")
        # the same page again with --replace, and another outlet's telling of the strike
        assert reg.store(doc_a, [a], replace=True).status == "replaced"
        reg.store(doc_b, [b])
        reg.store(doc_o, [o], replace=True)
        ev = one(reg)
        assert ev.event_id == strike and [s.doc for s in ev.sources] == ["doc-a", "doc-b"]
        assert ev.fatalities == 12 and ev.actor2.id == "SYR_GOV" and ev.review["state"] == "edited"
        assert ev.corroboration == 2                         # fusion still did its work
        assert one(reg, include_rejected=True, type="Battles").review["state"] == "rejected"
        # doc-b updated: the recompute keeps the reviewed toll
        reg.store(replace(doc_b, text=STRIKE_B.replace("25", "20")), [replace(b, fatalities=20)])
        assert one(reg).fatalities == 12


def test_a_review_follows_its_event_when_an_earlier_telling_renames_it(register_url):
    (doc_a, a), (doc_b, b) = strike_a(), strike_b()
    with open_register(register_url) as reg:
        reg.store(doc_b, [b])
        first = one(reg).event_id
        reg.review(first, "reject", {}, "wrong place", "ana")
        reg.store(doc_a, [a])                               # published earlier: names the event
        assert reg.query() == []
        ev = one(reg, include_rejected=True)
        assert ev.event_id != first and ev.review["state"] == "rejected"
        assert [t.after for t in reg.review_trail(ev.event_id)] == ["rejected"]
        with reg.engine.connect() as conn:
            assert conn.execute(sa.select(reviews.c.event_id)).scalars().all() == [ev.event_id]
            assert set(conn.execute(sa.select(review_log.c.event_id)).scalars()) == {ev.event_id}


@pytest.mark.parametrize("field, value, message", [
    ("colour", "red", "settable fields are event_type, sub_event_type"),
    ("event_type", "Fights", "valid: Battles, Explosions/Remote violence"),
    ("sub_event_type", "Bombing", "valid: Armed clash"),
    ("event_date", "29/04/2018", "not a date as YYYY-MM-DD"),
    ("fatalities", "-3", "a whole number 0 or more"),
    ("fatalities", "many", "a whole number 0 or more"),
    ("actor1", "Nobody At All", "no actor 'Nobody At All'"),
    ("location", "Atlantis", "no place called 'Atlantis'"),
])
def test_bad_fields_and_values_are_one_line_errors(register_url, field, value, message):
    (doc_a, a) = strike_a()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        eid = one(reg).event_id
        with pytest.raises(ValueError, match=message) as err:
            reg.review(eid, "edit", {field: value}, None, "ana")
        assert "\n" not in str(err.value)
        with pytest.raises(LookupError):
            reg.review("nope", "accept", {}, None, "ana")
        assert reg.review_trail() == []


def test_actors_by_alias_places_by_name_and_types_by_any_case(register_url):
    (doc_a, a) = strike_a()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        eid = one(reg).event_id
        reg.review(eid, "edit", {"actor1": "قسد", "location": "Raqqa", "sub_event_type": "armed clash",
                                 "event_type": "battles"}, None, None)
        ev = one(reg)
        assert ev.actor1.id == "SDF" and ev.location.admin1_pcode == "SY11"
        assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash")
        assert one(reg, actor="SDF", place="Raqqa").event_id == eid       # the index follows


def test_cli_review_list_and_exports(register_url, tmp_path):
    (doc_a, a), (doc_o, o) = strike_a(), other_event()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        reg.store(doc_o, [o])
        strike = one(reg, type="Air/drone strike").event_id
        clash = one(reg, type="Battles").event_id
    r = invoke("review", strike, "--db", register_url, "--set", "fatalities=9", "--accept", "--note", "checked",
               "--by", "ana")
    assert r.exit_code == 0, r.output
    assert "accepted" in r.output and "fatalities=9" in r.output
    assert invoke("review", clash, "--db", register_url, "--reject", "--by", "ana").exit_code == 0
    bad = invoke("review", strike, "--db", register_url, "--set", "fatalities=lots")
    assert bad.exit_code == 2 and "a whole number 0 or more" in bad.output
    bad = invoke("review", strike, "--db", register_url, "--set", "fatalities")
    assert bad.exit_code == 2 and "FIELD=VALUE" in bad.output
    gone = invoke("review", "nope", "--db", register_url, "--accept")
    assert gone.exit_code == 1 and "no event 'nope'" in gone.output
    listed = invoke("review", "--list", "--db", register_url)
    assert listed.exit_code == 0 and "fatalities: 30 -> 9" in listed.output and "(checked)" in listed.output
    js = [json.loads(x) for x in invoke("review", "--list", strike, "--db", register_url,
                                         "--format", "json").output.splitlines()]
    assert [(x["action"], x["field"]) for x in js] == [("edit", "fatalities"), ("accept", None)]
    # exports: rejected left out unless asked, reviewed marked
    lines = invoke("export", "--db", register_url, "--format", "jsonl").output.splitlines()
    [d] = [json.loads(x) for x in lines if x.startswith("{")]
    assert d["event_id"] == strike and d["review"]["state"] == "accepted" and d["review"]["fields"] == ["fatalities"]
    every = invoke("export", "--db", register_url, "--format", "jsonl", "--include-rejected").output
    assert clash in every and '"state": "rejected"' in every
    rows = list(csv.DictReader(io.StringIO(invoke("export", "--db", register_url, "--format", "acled").output
                                           .split("export:")[0])))
    assert len(rows) == 1 and "reviewed accepted (fatalities)" in rows[0]["tags"]
    assert clash not in invoke("events", "--db", register_url).output
    assert "Battles" in invoke("events", "--db", register_url, "--include-rejected", "--format", "jsonl").output
    assert "--include-rejected" in invoke("export", "--help").output
    assert "location" in invoke("review", "--help").output


def test_a_version_2_register_is_upgraded_on_open(register_url):
    (doc_a, a) = strike_a()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        with reg.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE review_log"))
            conn.execute(sa.text("DROP TABLE reviews"))
            conn.execute(meta.update().values(value="2"))
    with open_register(register_url) as reg:
        eid = one(reg).event_id
        reg.review(eid, "accept", {}, None, "ana")
        assert one(reg).review["state"] == "accepted"
        with reg.engine.connect() as conn:
            assert conn.execute(sa.select(meta.c.value)).scalar() == "3"


def test_the_http_review_endpoint_works_against_the_real_register(register_url):
    import warnings

    from sijill.serve import create_app
    (doc_a, a) = strike_a()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        eid = one(reg).event_id
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
        c = TestClient(create_app(register_url, review_token="s3cret"), raise_server_exceptions=False)
    headers = {"X-Review-Token": "s3cret"}
    assert c.get("/api/info").json()["review"] == "enabled"
    r = c.post(f"/api/events/{eid}/review", headers=headers,
               json={"action": "edit", "fields": {"fatalities": 7}, "note": "two outlets say 7", "by": "ana"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["event"]["fatalities"] == 7 and body["event"]["review"]["state"] == "edited"
    assert body["review_trail"][0]["before"] == 30 and body["review_trail"][0]["by"] == "ana"
    bad = c.post(f"/api/events/{eid}/review", headers=headers, json={"action": "edit", "fields": {"fatalities": -1}})
    assert bad.status_code == 400 and "0 or more" in bad.json()["error"]["message"]
    assert c.post(f"/api/events/{eid}/review", headers=headers, json={"action": "reject"}).status_code == 200
    trail = c.get(f"/api/events/{eid}/review").json()["trail"]
    assert [t["action"] for t in trail] == ["edit", "reject"]
    with open_register(register_url) as reg:
        assert reg.query() == [] and one(reg, include_rejected=True).fatalities == 7


def test_a_sub_type_brings_its_type_and_a_type_needs_a_sub_type_of_its_own(register_url):
    (doc_a, a) = strike_a()
    with open_register(register_url) as reg:
        reg.store(doc_a, [a])
        eid = one(reg).event_id
        with pytest.raises(ValueError, match="needs a sub_event_type of its own too: Armed clash"):
            reg.review(eid, "edit", {"event_type": "Battles"}, None, None)
        reg.review(eid, "edit", {"sub_event_type": "Armed clash"}, None, None)
        assert (one(reg).event_type, one(reg).sub_event_type) == ("Battles", "Armed clash")
