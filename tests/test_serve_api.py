"""`sijill serve`'s HTTP API, through FastAPI's test client, on the demo register.

The demo register is made as a user makes it (`sijill ingest examples/documents.jsonl`), plus
one hostile page whose title, outlet, id and body carry <script> and event handlers (the
browser tests check that nothing of it runs; here, that the API hands it back as plain data).
"""
from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from click.testing import CliRunner  # noqa: E402

from sijill.cli import main  # noqa: E402
from sijill.model import Document, Event  # noqa: E402
from sijill.serve import Limits, create_app  # noqa: E402
from sijill.store import Register, open_register  # noqa: E402


ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "documents.jsonl"
HOSTILE_TEXT = ('قالت مصادر محلية <script>window.__pwned = 1</script> إن قصفا استهدف مدينة الرقة '
                'أمس <img src=x onerror="window.__pwned = 2"> وقتل ثلاثة مدنيين.')
HOSTILE_TITLE = '<script>window.__pwned = 3</script> قصف على الرقة'
HOSTILE_OUTLET = '<b onmouseover="window.__pwned = 4">Outlet</b><script>window.__pwned = 5</script>'
HOSTILE_DOC = 'hostile-<script>x</script>'


def _client(app):
    with warnings.catch_warnings():
        # Starlette's test client warns that it would rather have httpx2; nothing of ours.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
        return TestClient(app, raise_server_exceptions=False)


def hostile_event() -> tuple[Document, Event]:
    text = HOSTILE_TEXT
    spans = [("trigger", "قصفا"), ("location", "الرقة"), ("date", "أمس"), ("fatalities", "ثلاثة مدنيين"),
             ("actor2", "مدنيين")]
    evidence = [{"role": r, "start": text.index(w), "end": text.index(w) + len(w), "text": w} for r, w in spans]
    body = {
        "event_id": "", "event_date": "2021-05-04", "date_precision": "day",
        "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
        "plover_type": "ASSAULT", "plover_mode": "shelling", "status": "reported", "claimed_by": None,
        "background": False, "actor1": None, "assoc_actor1": [],
        "actor2": {"id": "CIVILIANS", "name": "Civilians (Syria)", "parents": [], "label": "مدنيين"},
        "assoc_actor2": [],
        "location": {"id": "SY11", "name": "Ar-Raqqa", "name_ar": "الرقة", "surface": "الرقة",
                     "admin1": "Ar-Raqqa", "admin1_ar": "الرقة", "admin1_pcode": "SY11",
                     "lat": 35.95, "lon": 39.01, "geo_precision": 3, "reason": "the governorate's city"},
        "fatalities": 3, "fatalities_qualifier": "exact", "fatalities_text": "ثلاثة مدنيين",
        "notes": "<script>window.__pwned = 6</script>", "confidence": 0.7,
        "sources": [{"doc": HOSTILE_DOC, "outlet": HOSTILE_OUTLET, "language": "ar", "published": "2021-05-05",
                     "evidence": evidence}],
    }
    doc = Document(id=HOSTILE_DOC, text=text, published=date(2021, 5, 5), outlet=HOSTILE_OUTLET,
                   title=HOSTILE_TITLE, language="ar", url="javascript:alert(1)")
    return doc, Event.from_dict(body).with_id()


def make_demo_register(path: Path) -> Path:
    """examples/documents.jsonl ingested by the CLI, and the hostile page stored beside it."""
    result = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", str(path), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    doc, ev = hostile_event()
    with open_register(path) as reg:
        reg.store(doc, [ev])
    return path


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")          # no gazetteer the user imported
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIJILL_HOME", str(home))
        yield make_demo_register(tmp_path_factory.mktemp("demo") / "register.sqlite")


@pytest.fixture(scope="module")
def client(demo_db):
    return _client(create_app(str(demo_db)))


def _error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and {"status", "code", "message"} <= set(body["error"])
    assert body["error"]["status"] == status and body["error"]["message"]
    assert "Traceback" not in r.text
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


# ------------------------------------------------------------------ reading


def test_events_come_newest_first_a_page_at_a_time_with_the_total(client, demo_db):
    first = client.get("/api/events", params={"limit": 5}).json()
    with open_register(demo_db, create=False) as reg:
        everything = reg.query()
    assert first["total"] == len(everything) >= 10
    dates = [e["event_date"] for e in first["events"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}
    assert second["events"][0]["event_date"] <= dates[-1]
    oldest = [e["event_date"] for e in client.get("/api/events", params={"sort": "oldest"}).json()["events"]]
    assert oldest == sorted(oldest)
    tolls = [e["fatalities"] for e in client.get("/api/events", params={"sort": "toll", "limit": 500}).json()["events"]]
    known = [t for t in tolls if t is not None]
    assert known == sorted(known, reverse=True) and tolls[:len(known)] == known


@pytest.mark.parametrize("params", [{"actor": "قسد"}, {"actor": "SDF"}, {"place": "دير الزور"},
                                    {"type": "Battles"}, {"since": "2023-01-01", "until": "2023-12-31"},
                                    {"type": "armed clash", "actor": "Arab tribal"}])
def test_filters_find_the_events_the_command_line_finds(client, demo_db, params):
    with open_register(demo_db, create=False) as reg:
        expected = {e.event_id for e in reg.query(**params)}
    answer = client.get("/api/events", params={**params, "limit": 500}).json()
    assert {e["event_id"] for e in answer["events"]} == expected
    assert answer["total"] == len(expected) and answer["filters"] == params


def test_status_and_outlet_filters(client):
    claimed = client.get("/api/events", params={"status": "claimed", "limit": 500}).json()
    assert claimed["total"] and all(e["status"] == "claimed" for e in claimed["events"])
    outlet = "شبكة الفرات المحلية"
    told = client.get("/api/events", params={"outlet": outlet, "limit": 500}).json()
    assert told["total"] and all(outlet in e["outlets"] for e in told["events"])
    assert client.get("/api/events", params={"background": "only"}).json()["total"] == 0


def test_page_size_and_offset_are_bounded(client):
    assert client.get("/api/events", params={"limit": 500}).status_code == 200
    assert "1 to 500" in _error(client.get("/api/events", params={"limit": 501}), 400, "bad_parameter")["message"]
    _error(client.get("/api/events", params={"limit": 0}), 400, "bad_parameter")
    _error(client.get("/api/events", params={"offset": 10**7}), 400, "bad_parameter")
    _error(client.get("/api/actors", params={"limit": 10**6}), 400, "bad_parameter")


def test_every_error_has_the_one_shape_and_says_what_to_do(client):
    _error(client.get("/api/events/no-such-event"), 404, "not_found")
    _error(client.get("/api/nothing-here"), 404, "not_found")
    assert "since" in _error(client.get("/api/events", params={"since": "2020-13-01"}), 400)["message"]
    assert "after" in _error(client.get("/api/events", params={"since": "2024-01-02", "until": "2024-01-01"}),
                             400, "bad_filter")["message"]
    assert "Battles" in _error(client.get("/api/events", params={"type": "Picnic"}), 400, "bad_filter")["message"]
    _error(client.get("/api/events", params={"status": "rumoured"}), 400, "bad_filter")
    _error(client.get("/api/events", params={"background": "sometimes"}), 400)
    _error(client.get("/api/counts", params={"by": "colour"}), 400)
    _error(client.get("/api/events", params={"actor": "x" * 300}), 400, "bad_filter")
    _error(client.post("/api/events"), 405)


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(demo_db, monkeypatch):
    app = create_app(str(demo_db))

    def broken(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")
    monkeypatch.setattr(app.state.sijill.reader, "page", broken)
    err = _error(_client(app).get("/api/events"), 500, "internal_error")
    assert "secret" not in json.dumps(err)


def test_a_query_over_its_time_is_stopped_with_a_clear_error(demo_db, monkeypatch):
    import sqlalchemy as sa

    from sijill.serve import queries
    app = create_app(str(demo_db), limits=Limits(query_seconds=0.2))
    app.state.sijill.reader.memory_filters = False      # the filter reads the register
    # A place condition that would count to a billion: the deadline interrupts it.
    slow = sa.text("(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
                   "SELECT count(*) FROM c) > 0")
    monkeypatch.setattr(queries, "set_condition", lambda *a, **k: [slow])
    err = _error(_client(app).get("/api/events", params={"place": "Raqqa"}), 503, "query_timeout")
    assert "0.2 s" in err["message"] and "narrow" in err["message"]


def test_an_answer_over_the_size_limit_is_refused(demo_db):
    small = _client(create_app(str(demo_db), limits=Limits(max_response_bytes=3000)))
    assert "limit" in _error(small.get("/api/events", params={"limit": 100}), 422, "too_large")["message"]
    assert small.get("/api/events", params={"limit": 1}).status_code == 200


def test_an_event_whole_has_its_sources_documents_and_evidence(client):
    ids = [e["event_id"] for e in client.get("/api/events", params={"limit": 500}).json()["events"]]
    for event_id in ids:
        whole = client.get(f"/api/events/{event_id}").json()
        ev, docs = whole["event"], {d["id"]: d for d in whole["documents"]}
        assert ev["event_id"] == event_id and ev["sources"]
        for source in ev["sources"]:
            doc = docs[source["doc"]]
            for span in source["evidence"]:
                start, end = span["start"] - doc["text_offset"], span["end"] - doc["text_offset"]
                assert doc["text"][start:end] == span["text"]


def test_a_long_document_is_cut_to_a_window_around_its_evidence():
    from sijill.serve.shapes import document_view
    text = "أ" * 5000 + "قصف" + "ب" * 5000
    view = document_view(Document(id="d", text=text), [(5000, 5003)], max_chars=1000)
    assert len(view["text"]) == 1000 and view["truncated"] and view["text_length"] == len(text)
    assert view["text"][5000 - view["text_offset"]:5003 - view["text_offset"]] == "قصف"


def test_hostile_text_comes_back_as_plain_data(client):
    found = client.get("/api/events", params={"outlet": HOSTILE_OUTLET}).json()["events"]
    assert len(found) == 1 and found[0]["outlets"] == [HOSTILE_OUTLET]
    whole = client.get(f"/api/events/{found[0]['event_id']}").json()
    assert whole["documents"][0]["title"] == HOSTILE_TITLE and whole["documents"][0]["text"] == HOSTILE_TEXT


def test_aggregates_add_up_to_the_filtered_total(client):
    params = {"actor": "SDF"}
    total = client.get("/api/events", params=params).json()["total"]
    assert sum(c["n"] for c in client.get("/api/counts", params={**params, "by": "type"}).json()["counts"]) == total
    dated = sum(c["n"] for c in client.get("/api/counts", params={**params, "by": "day"}).json()["counts"])
    series = client.get("/api/timeline", params=params).json()["series"]
    assert sum(sum(b["counts"].values()) for b in series) == dated <= total
    for bucket in ("day", "week", "month"):
        t = client.get("/api/timeline", params={**params, "bucket": bucket}).json()
        assert t["bucket"] == bucket and sum(sum(b["counts"].values()) for b in t["series"]) == dated
    places = client.get("/api/places", params=params).json()
    assert places["places"] and all(-90 <= p["lat"] <= 90 and p["n"] > 0 for p in places["places"])
    edges = client.get("/api/network", params=params).json()["edges"]
    assert edges and all("SDF" in (e["actor1"], e["actor2"]) and e["actor1_name"] for e in edges)
    assert client.get("/api/actors", params=params).json()["actors"][0]["actor_id"] == "SDF"


def test_framing_lists_each_outlets_labels_for_each_actor(client):
    outlets = {o["outlet"]: o for o in client.get("/api/framing").json()["outlets"]}
    furat = {a["id"]: a for a in outlets["شبكة الفرات المحلية"]["actors"]}
    labels = {lab["label"]: lab for lab in furat["SDF"]["labels"]}
    assert "ميليشيا قسد" in labels and labels["ميليشيا قسد"]["stance"] == "hostile"


def test_fields_of_a_fused_and_reviewed_register_are_shown_when_present():
    from sijill.serve.shapes import framing, summary
    _, ev = hostile_event()
    plain = ev.to_dict()
    assert not {"corroboration", "disagreements", "review"} & set(summary(plain))
    src = plain["sources"][0]
    fused = {**plain, "corroboration": 2, "review": {"state": "edited", "fields": ["fatalities"]},
             "disagreements": [{"field": "fatalities", "values": {"a": 3, "b": 5}}],
             "sources": [{**src, "outlet": "A", "actor2": {"id": "CIVILIANS", "name": "Civilians", "label": "أهالي",
                                                          "stance": "neutral"}, "evidence": []},
                         {**src, "doc": "b", "outlet": "B"}]}
    row = summary(fused)
    assert row["corroboration"] == 2 and row["disagreements"] == ["fatalities"] and row["review"] == "edited"
    by_outlet = {o["outlet"]: o for o in framing([fused])}
    # Outlet A's own words for the actor (its source's values); outlet B's from its evidence.
    assert [lab["label"] for lab in by_outlet["A"]["actors"][0]["labels"]] == ["أهالي"]
    assert [lab["label"] for lab in by_outlet["B"]["actors"][0]["labels"]] == ["مدنيين"]


def test_geojson_is_a_feature_collection_of_points(client):
    fc = client.get("/api/geojson", params={"limit": 3}).json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and 35 < lon < 43 and 32 < lat < 38


def test_an_empty_register_answers_empty_lists(tmp_path):
    open_register(tmp_path / "empty.sqlite").close()
    c = _client(create_app(str(tmp_path / "empty.sqlite")))
    for path in ("/api/events", "/api/timeline", "/api/places", "/api/network", "/api/framing", "/api/actors",
                 "/api/counts?by=day", "/api/geojson", "/api/events?actor=SDF&type=Battles"):
        r = c.get(path)
        assert r.status_code == 200, (path, r.text)
    assert c.get("/api/events").json()["total"] == 0


def test_the_register_changing_under_the_server_is_seen(tmp_path, monkeypatch):
    import time
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path))
    db = tmp_path / "r.sqlite"
    doc, ev = hostile_event()
    with open_register(db) as reg:
        reg.store(doc, [ev])
    app = create_app(str(db))
    app.state.sijill.reader.snapshots.check_seconds = 0
    c = _client(app)
    assert c.get("/api/events").json()["total"] == 1
    other = {**ev.to_dict(), "event_id": "", "event_date": "2015-01-02", "event_type": "Battles",
             "sub_event_type": "Armed clash", "location": None, "fatalities": None,
             "sources": [{**ev.to_dict()["sources"][0], "doc": "other", "published": "2015-01-03"}]}
    with open_register(db) as reg:     # another process's ingest, as far as the server can tell
        reg.store(Document(id="other", text=HOSTILE_TEXT + " "), [Event.from_dict(other).with_id()])
    deadline = time.monotonic() + 10
    while c.get("/api/events").json()["total"] != 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert c.get("/api/events").json()["total"] == 2


def test_the_api_reads_sqlite_and_postgresql_alike(register_url, monkeypatch):
    import sqlalchemy as sa

    from sijill.serve import queries
    doc, ev = hostile_event()
    other = {**ev.to_dict(), "event_id": "", "event_date": "2015-01-02", "event_type": "Battles",
             "sub_event_type": "Armed clash", "background": True, "status": "claimed",
             "sources": [{**ev.to_dict()["sources"][0], "doc": "other", "published": "2015-01-03"}]}
    with open_register(register_url) as reg:
        reg.store(doc, [ev])
        reg.store(Document(id="other", text=HOSTILE_TEXT, outlet="SANA"), [Event.from_dict(other).with_id()])
    c = _client(create_app(register_url, limits=Limits(query_seconds=0.3)))
    assert c.get("/api/events").json()["total"] == 2
    assert c.get("/api/events", params={"type": "battles"}).json()["total"] == 1
    assert c.get("/api/events", params={"outlet": "SANA"}).json()["total"] == 1
    assert c.get("/api/events", params={"background": "no"}).json()["total"] == 1
    assert c.get("/api/events", params={"status": "claimed", "place": "الرقة"}).json()["total"] == 1
    whole = c.get(f"/api/events/{ev.event_id}").json()
    assert whole["documents"][0]["text"] == HOSTILE_TEXT
    assert [b["start"] for b in c.get("/api/timeline", params={"bucket": "month"}).json()["series"]] == \
        ["2015-01-01", "2021-05-01"]
    slow = sa.text("(SELECT pg_sleep(5)) IS NOT NULL" if register_url.startswith("postgresql") else
                   "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
                   "SELECT count(*) FROM c) > 0")
    monkeypatch.setattr(queries, "set_condition", lambda *a, **k: [slow])
    c.app.state.sijill.reader.memory_filters = False    # the filter reads the register
    _error(c.get("/api/events", params={"actor": "SDF"}), 503, "query_timeout")
    assert c.get("/api/events").status_code == 200        # the connection is usable again


# ------------------------------------------------------------------ review (write API)


class _Proxy:
    """A register with another set of methods: without `review`, or with a recording one."""

    def __init__(self, register: Register, **extra):
        self._register, self._extra = register, extra

    def __getattr__(self, name):
        if name in self._extra:
            return self._extra[name]
        if name in ("review", "review_trail", "reviews", "review_history"):
            raise AttributeError(name)
        return getattr(self._register, name)


def _an_event(client) -> str:
    return client.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id"]


def test_without_a_token_configured_the_server_is_read_only(client):
    event_id = _an_event(client)
    err = _error(client.post(f"/api/events/{event_id}/review", json={"action": "accept"},
                             headers={"Authorization": "Bearer anything"}), 403, "read_only")
    assert "--review-token" in err["message"]
    assert client.get("/api/info").json()["review"] == "read-only"


def test_a_review_needs_the_servers_token(demo_db):
    c = _client(create_app(str(demo_db), review_token="s3cret"))
    url = f"/api/events/{_an_event(c)}/review"
    r = c.post(url, json={"action": "accept"})
    _error(r, 401, "token_required")
    assert r.headers["www-authenticate"] == "Bearer"
    _error(c.post(url, json={"action": "accept"}, headers={"Authorization": "Bearer wrong"}), 403, "bad_token")
    _error(c.post(url, json={"action": "accept"}, headers={"X-Review-Token": "wrong"}), 403, "bad_token")
    _error(c.post(url, json={"action": "approve"}, headers={"X-Review-Token": "s3cret"}), 400)


def test_a_register_that_cannot_review_answers_501(demo_db):
    reg = open_register(demo_db, create=False)
    c = _client(create_app(_Proxy(reg), review_token="s3cret"))
    assert c.get("/api/info").json()["review"] == "unavailable"
    err = _error(c.post(f"/api/events/{_an_event(c)}/review", json={"action": "accept"},
                        headers={"Authorization": "Bearer s3cret"}), 501, "review_unavailable")
    assert err["message"] == "review is not available in this register version"


def test_a_review_goes_to_the_registers_review_method(demo_db):
    calls, trail = [], []

    def review(event_id, action, fields, note, by):
        calls.append((event_id, action, fields, note, by))
        trail.append({"state": "edited", "fields": list(fields), "by": by, "note": note, "at": "now"})
        return {"ok": True}
    reg = open_register(demo_db, create=False)
    c = _client(create_app(_Proxy(reg, review=review, review_trail=lambda event_id: list(trail)),
                           review_token="s3cret"))
    event_id = _an_event(c)
    headers = {"Authorization": "Bearer s3cret"}
    _error(c.post(f"/api/events/{event_id}/review", json={"action": "edit"}, headers=headers), 400, "bad_review")
    _error(c.post("/api/events/nope/review", json={"action": "accept"}, headers=headers), 404)
    r = c.post(f"/api/events/{event_id}/review", headers=headers,
               json={"action": "edit", "fields": {"fatalities": 7}, "note": "two outlets say 7", "by": "ana"})
    assert r.status_code == 200, r.text
    assert calls == [(event_id, "edit", {"fatalities": 7}, "two outlets say 7", "ana")]
    assert r.json()["review_trail"][0]["by"] == "ana"
    assert c.get(f"/api/events/{event_id}/review").json()["trail"][0]["fields"] == ["fatalities"]


def test_an_event_rejected_through_the_api_leaves_the_lists_and_the_map_unless_asked(demo_db, tmp_path):
    """As `sijill events` leaves rejected events out unless --include-rejected: the list, its
    total, the map and the counts leave out what an analyst rejected; the event itself stays
    readable, with its review."""
    import shutil
    db = tmp_path / "copy.sqlite"
    shutil.copy(demo_db, db)
    c = _client(create_app(str(db), review_token="s3cret"))
    before = c.get("/api/events", params={"limit": 500}).json()
    event_id = before["events"][0]["event_id"]
    r = c.post(f"/api/events/{event_id}/review", json={"action": "reject", "note": "not an event"},
               headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200, r.text
    c.app.state.sijill.reader.snapshots.refresh(wait=True)     # the review asked for a new copy
    after = c.get("/api/events", params={"limit": 500}).json()
    assert after["total"] == before["total"] - 1 and event_id not in {e["event_id"] for e in after["events"]}
    every = c.get("/api/events", params={"limit": 500, "include_rejected": "true"}).json()
    assert every["total"] == before["total"] and event_id in {e["event_id"] for e in every["events"]}
    assert event_id not in {f["properties"]["event_id"] for f in c.get("/api/geojson").json()["features"]}
    assert sum(row["n"] for row in c.get("/api/counts", params={"by": "type"}).json()["counts"]) == after["total"]
    assert c.get(f"/api/events/{event_id}").json()["event"]["review"]["state"] == "rejected"
    # the CLI agrees
    listed = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "json"], catch_exceptions=False)
    assert event_id not in listed.output
