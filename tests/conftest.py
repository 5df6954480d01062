"""Shared fixtures: records in the shape of SCHEMA.md, and registers on SQLite and PostgreSQL.

PostgreSQL tests run when SIJILL_TEST_POSTGRES_URL is set (scripts/start_test_postgres.sh
starts a throwaway server and prints the URL); each test gets its own schema, dropped after.
"""
from __future__ import annotations

import copy
import os
import uuid

import pytest

from sijill.model import Document, Event

POSTGRES_ENV = "SIJILL_TEST_POSTGRES_URL"

# The example event of SCHEMA.md (Coalition strike near Jneineh, Deir ez-Zor).
SCHEMA_EVENT = {
    "event_id": "", "event_date": "2018-04-29", "date_precision": "day",
    "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
    "plover_type": "ASSAULT", "plover_mode": "aerial", "status": "reported", "claimed_by": None,
    "background": False,
    "actor1": {"id": "COALITION", "name": "International Coalition (US-led)", "parents": [],
               "label": "طيران التحالف", "inter": 8},
    "assoc_actor1": [],
    "actor2": {"id": "SYR_GOV", "name": "Military Forces of Syria (2000-2024)", "parents": [],
               "label": "قوات النظام", "inter": 1},
    "assoc_actor2": [{"id": "SYR_NDF", "name": "National Defence Forces", "parents": ["SYR_GOV"],
                      "label": "الدفاع الوطني", "inter": 3}],
    "location": {"id": "C5084", "name": "Jneineh", "name_ar": "الجنينة", "surface": "الجنينة",
                 "admin1": "Deir-ez-Zor", "admin2": "Deir-ez-Zor", "admin3": "Deir-ez-Zor",
                 "admin1_ar": "دير الزور", "admin2_ar": "مركز دير الزور", "admin3_ar": "مركز دير الزور",
                 "admin1_pcode": "SY09", "admin2_pcode": "SY0901", "admin3_pcode": "SY090100",
                 "lat": 35.36651, "lon": 40.11962, "geo_precision": 1,
                 "reason": "named village; the only الجنينة near the other places of the report"},
    "fatalities": 30, "fatalities_qualifier": "approximate", "fatalities_text": "حوالي 30 عنصراً",
    "notes": "Coalition aircraft struck advancing regime forces near Jneineh (Deir ez-Zor), killing about 30.",
    "confidence": 0.82,
    "sources": [{"doc": "004_37e3387fab889331", "outlet": "أورينت نت", "language": "ar",
                 "published": "2018-04-30",
                 "evidence": [{"role": "trigger", "start": 1290, "end": 1300, "text": "ضربة جوية"},
                              {"role": "location", "start": 512, "end": 518, "text": "الجنينة"}]}],
}


def event_dict(doc: str = "doc-1", **fields) -> dict:
    """The SCHEMA.md example told by document `doc`, with top-level fields replaced."""
    d = copy.deepcopy(SCHEMA_EVENT)
    d["sources"][0]["doc"] = doc
    d.update(copy.deepcopy(fields))
    return d


def without_fusion(d: dict) -> dict:
    """A register event's object without what fusion across documents adds to it (corroboration,
    disagreements, each source's own values): the object `extract` gave."""
    d = {k: v for k, v in d.items() if k not in ("corroboration", "disagreements")}
    d["sources"] = [{k: v for k, v in s.items() if k in ("doc", "outlet", "language", "published", "evidence")}
                    for s in d["sources"]]
    return d


@pytest.fixture
def make_event():
    """make_event(doc="doc-1", **fields) -> Event; its stable id unless event_id is given."""
    def make(doc: str = "doc-1", **fields) -> Event:
        ev = Event.from_dict(event_dict(doc, **fields))
        return ev if ev.event_id else ev.with_id()
    return make


@pytest.fixture
def make_document():
    def make(id: str = "doc-1", text: str = "قصف طيران التحالف قرية الجنينة.", **fields) -> Document:
        return Document(id=id, text=text, **fields)
    return make


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def register_url(request, tmp_path):
    """A URL (or path) of an empty register, on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "register.sqlite")
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (e.g. "
                    "postgresql+psycopg://sijill:sijill@127.0.0.1:5432/sijill_test; "
                    "scripts/start_test_postgres.sh starts a server and prints it)")
    import sqlalchemy as sa
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    # The code under test sees a plain URL; the server puts its tables in this test's schema.
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(scope="module")
def builtin(tmp_path_factory):
    """The built-in gazetteer (nothing imported) and its place finder."""
    from sijill.extract.places import PlaceFinder
    from sijill.knowledge.gazetteer import load_gazetteer
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIJILL_HOME", str(tmp_path_factory.mktemp("empty_home")))
        gaz = load_gazetteer()
    assert gaz.builtin
    return gaz, PlaceFinder(gaz)
