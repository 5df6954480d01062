"""The API's actor, place and outlet filters find the events the command line finds.

The server answers these filters from an in-memory lookup made once per copy of the events
(src/sijill/serve/lookup.py) and from the register's SQL until the lookup is made. Both are
compared here with `sijill events --format jsonl` on the same register (SQLite, and PostgreSQL
when SIJILL_TEST_POSTGRES_URL is set): press aliases the register never stored (قسد), aliases
in another spelling (الديموقراطية, Persian letters, a dropped hamza), the outlets' own labels,
places by any spelling or P-code, outlets by case, letters or words of their name.
"""
from __future__ import annotations

import json
import time
from datetime import date, timedelta

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from click.testing import CliRunner  # noqa: E402

from sijill.cli import main  # noqa: E402
from sijill.model import Document, Event  # noqa: E402
from sijill.serve import create_app  # noqa: E402
from sijill.store import open_register  # noqa: E402

from .test_serve_api import _client, _error  # noqa: E402

# (actor id, display name, parents, the outlet's label)
SDF_LABEL = ("SDF", "QSD: Syrian Democratic Forces", [], "ميليشيا قسد")
SDF_NAME = ("SDF", "QSD: Syrian Democratic Forces", [], "قوات سوريا الديمقراطية")
SDF_PERSIAN = ("SDF", "QSD: Syrian Democratic Forces", [], "نیروهای دموکراتیک سوریه")
GOV = ("SYR_GOV", "Military Forces of Syria (2000-2024)", [], "ميليشيا أسد")
FOURTH = ("SYR_4TH_DIV", "Military Forces of Syria (2000-2024) 4th Armoured Division", ["SYR_GOV"],
          "الفرقة الرابعة")
ISIS = ("ISIS", "Islamic State (Syria)", [], "داعش")
CIVILIANS = ("CIVILIANS", "Civilians (Syria)", [], "مدنيين")
# (gazetteer id, name, Arabic name, governorate P-code, governorate, its Arabic name, lat, lon)
RAQQA = ("GN172955", "Ar Raqqah", "الرقة", "SY11", "Ar-Raqqa", "الرقة", 35.95, 39.01)
MAYADIN = ("GN173480", "Al Mayādīn", "الميادين", "SY09", "Deir-ez-Zor", "دير الزور", 35.02, 40.45)
DEIR = ("GN170794", "Deir ez-Zor", "دير الزور", "SY09", "Deir-ez-Zor", "دير الزور", 35.34, 40.14)
MANBIJ = ("GN167357", "Manbij", "منبج", "SY02", "Aleppo", "حلب", 36.53, 37.95)
# (outlet, language, [(actor 1, actor 2, place, toll)])
DOCUMENTS = [
    ("Orient News", "ar", [(GOV, CIVILIANS, MAYADIN, 3), (SDF_LABEL, ISIS, RAQQA, None)]),
    ("أورينت نت", "ar", [(FOURTH, SDF_NAME, MANBIJ, 1), (ISIS, None, DEIR, 0)]),
    ("SANA", "ar", [(SDF_NAME, GOV, RAQQA, 2), (ISIS, CIVILIANS, MAYADIN, 5)]),
    ("ایرنا", "fa", [(SDF_PERSIAN, ISIS, DEIR, None), (GOV, SDF_PERSIAN, MANBIJ, 4)]),
    ("شبكة الفرات المحلية", "ar", [(CIVILIANS, None, RAQQA, None), (FOURTH, CIVILIANS, DEIR, 7)]),
]
QUERIES = [
    {"actor": "قسد"},                          # a press alias no event was stored with
    {"actor": "ميليشيا قسد"},                  # an outlet's label
    {"actor": "قوات سوريا الديموقراطية"},       # an alias in another spelling
    {"actor": "نیروهای دموکراتیک سوریه"},      # the Persian name
    {"actor": "ميليشيا اسد"},                  # a label without its hamza
    {"actor": "SYR_GOV"}, {"actor": "syrian"}, {"actor": "تنظيم الدولة"}, {"actor": "nobody at all"},
    {"place": "Raqqa"}, {"place": "الرقة"}, {"place": "Deir-ez-Zor"}, {"place": "دیر الزور"},
    {"place": "SY09"}, {"place": "Mayadin"}, {"place": "منبج"}, {"place": "Homs"},
    {"outlet": "orient"}, {"outlet": "أورينت نت"}, {"outlet": "sana"}, {"outlet": "ايرنا"},
    {"actor": "قسد", "place": "Raqqa", "outlet": "SANA"}, {"actor": "SYR_GOV", "place": "SY02"},
]


def _actor(a):
    if a is None:
        return None
    return {"id": a[0], "name": a[1], "parents": a[2], "label": a[3], "stance": "neutral"}


def _place(p):
    return {"id": p[0], "name": p[1], "name_ar": p[2], "surface": p[2], "admin1": p[4], "admin1_ar": p[5],
            "admin1_pcode": p[3], "lat": p[6], "lon": p[7], "geo_precision": 1, "reason": "test"}


def _document(i: int, outlet: str, language: str, told) -> tuple[Document, list[Event]]:
    published = date(2020, 1, 1) + timedelta(days=10 * i)
    parts, events = [], []
    for k, (a1, a2, place, toll) in enumerate(told):
        start = sum(len(p) + 1 for p in parts)
        sentence = f"{a1[3]} هاجم {a2[3] if a2 else 'موقعا'} في {place[2]}."
        parts.append(sentence)
        at = sentence.index(a1[3])
        events.append(Event.from_dict({
            "event_id": "", "event_date": (published - timedelta(days=k)).isoformat(), "date_precision": "day",
            "event_type": "Battles", "sub_event_type": "Armed clash", "plover_type": "ASSAULT",
            "plover_mode": "firearms", "status": "reported", "claimed_by": None, "background": False,
            "actor1": _actor(a1), "assoc_actor1": [], "actor2": _actor(a2), "assoc_actor2": [],
            "location": _place(place), "fatalities": toll,
            "fatalities_qualifier": "exact" if toll is not None else None, "fatalities_text": None,
            "notes": f"test event {i}-{k}", "confidence": 0.5,
            "sources": [{"doc": f"doc-{i}", "outlet": outlet, "language": language,
                         "published": published.isoformat(),
                         "evidence": [{"role": "actor1", "start": start + at, "end": start + at + len(a1[3]),
                                       "text": a1[3]}]}]}).with_id())
    doc = Document(id=f"doc-{i}", text=" ".join(parts), published=published, outlet=outlet, language=language)
    return doc, events


def _fill(db: str) -> None:
    with open_register(db) as reg:
        for i, (outlet, language, told) in enumerate(DOCUMENTS):
            reg.store(*_document(i, outlet, language, told))


def _cli(db: str, params: dict) -> set[str] | str:
    """The event ids `sijill events` lists, or its error's first line."""
    args = ["events", "--db", db, "--format", "jsonl"]
    for name, value in params.items():
        args += [f"--{name}", value]
    result = CliRunner().invoke(main, args)
    if result.exit_code != 0:
        return "error"
    return {json.loads(line)["event_id"] for line in result.output.splitlines() if line.strip()}


def _api(client, params: dict) -> set[str] | str:
    r = client.get("/api/events", params={**params, "limit": 500})
    if r.status_code != 200:
        _error(r, 400, "bad_filter")
        return "error"
    body = r.json()
    assert body["total"] == len(body["events"])
    return {e["event_id"] for e in body["events"]}


def _ready(client) -> None:
    """Wait until the server's copy of the events has its lookup."""
    reader = client.app.state.sijill.reader
    client.get("/api/events")
    deadline = time.monotonic() + 30
    while (reader.warming or reader.snapshots.current().lookup is None) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert reader.snapshots.current().lookup is not None


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))      # no gazetteer the user imported


def test_alias_place_and_outlet_filters_find_what_the_command_line_finds(register_url, home):
    _fill(register_url)
    client = _client(create_app(register_url))
    _ready(client)
    by_sql = _client(create_app(register_url))
    by_sql.app.state.sijill.reader.memory_filters = False
    for params in QUERIES:
        expected = _cli(register_url, params)
        assert _api(client, params) == expected, params                 # from the lookup
        assert _api(by_sql, params) == expected, params                 # from the register
    assert not client.app.state.sijill.reader.snapshots.current().lookup.failed
    # the aliases did find something (not a comparison of empty answers)
    assert len(_cli(register_url, {"actor": "قسد"})) == 5
    assert len(_cli(register_url, {"place": "Deir-ez-Zor"})) == 5
    assert _cli(register_url, {"actor": "nobody at all"}) == set()


def test_values_the_store_refuses_are_the_stores_errors(tmp_path, home):
    db = str(tmp_path / "r.sqlite")
    _fill(db)
    client = _client(create_app(db))
    _ready(client)
    with open_register(db, create=False) as reg:
        for name, value in (("outlet", "Reuters"), ("actor", "!!"), ("place", "—")):
            with pytest.raises(ValueError) as refused:
                reg.query(**{name: value})
            err = _error(client.get("/api/events", params={name: value}), 400, "bad_filter")
            assert err["message"] == str(refused.value)
            if name == "outlet":               # the outlets it lists are the register's
                assert "SANA" in err["message"] and "ایرنا" in err["message"]


def test_a_condition_the_lookup_cannot_run_is_left_to_the_register(tmp_path, home, monkeypatch):
    from sijill.serve import lookup
    from sijill.store.schema import events
    db = str(tmp_path / "r.sqlite")
    _fill(db)
    client = _client(create_app(db))
    _ready(client)
    real = lookup.set_condition
    # A store whose condition reads a column the lookup's copy lacks.
    monkeypatch.setattr(lookup, "set_condition", lambda *a: [*real(*a), events.c.body.is_not(None)])
    assert _api(client, {"actor": "قسد"}) == _cli(db, {"actor": "قسد"})
    assert client.app.state.sijill.reader.snapshots.current().lookup.failed


def test_a_new_copy_comes_with_its_lookup(tmp_path, home):
    db = str(tmp_path / "r.sqlite")
    _fill(db)
    app = create_app(db)
    app.state.sijill.reader.snapshots.check_seconds = 0
    client = _client(app)
    _ready(client)
    first = app.state.sijill.reader.snapshots.current()
    with open_register(db) as reg:             # another process's ingest, as far as the server can tell
        reg.store(*_document(9, "Enab Baladi", "ar", [(SDF_LABEL, GOV, MANBIJ, 1)]))
    deadline = time.monotonic() + 10
    while app.state.sijill.reader.snapshots.current() is first and time.monotonic() < deadline:
        client.get("/api/info")
        time.sleep(0.05)
    copy = app.state.sijill.reader.snapshots.current()
    assert copy is not first and copy.lookup is not None      # prepared before it was put in use
    for params in ({"outlet": "enab baladi"}, {"actor": "قسد", "place": "منبج"}):
        assert _api(client, params) == _cli(db, params) != set()
