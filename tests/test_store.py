"""The register: storing is idempotent, transactional per document, and loses nothing."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from sijill.model import Event, Telling
from sijill.store import RegisterError, open_register
from sijill.store.schema import event_actors, event_places, event_sources

from .conftest import without_fusion


def _count(register, table) -> int:
    with register.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _docs(make_document, make_event, n):
    """n documents, each with two events of its own (a strike and a shelling on a day of its
    own: the same strike told by two documents would be one event of the register)."""
    return [(make_document(f"doc-{i}", text=f"نص {i}"),
             [make_event(f"doc-{i}", event_date=_day(i)),
              make_event(f"doc-{i}", event_date=_day(i), sub_event_type="Shelling/artillery/missile attack")])
            for i in range(n)]


def _day(i: int) -> str:
    return (date(2018, 1, 1) + timedelta(days=10 * i)).isoformat()


def test_stored_event_comes_back_identical(register_url, make_document, make_event):
    ev = make_event("doc-1")
    with open_register(register_url) as reg:
        outcome = reg.store(make_document("doc-1"), [ev])
        assert (outcome.status, outcome.events) == ("stored", 1)
        [back] = reg.query()
    # every value as given; the register adds its fusion fields (SCHEMA.md), nothing else
    assert without_fusion(back.to_dict()) == ev.to_dict()
    assert (back.corroboration, back.disagreements) == (1, ())
    assert back.sources[0].told == Telling.of(ev)
    assert Event.from_dict(back.to_dict()) == back


def test_stored_document_keeps_its_clean_text_for_the_offsets(register_url, make_document):
    doc = make_document("doc-1", text="قالت مصادر: قصف طيران التحالف", outlet="أورينت نت")
    with open_register(register_url) as reg:
        reg.store(doc, [])
        assert reg.get_document("doc-1") == doc
        assert reg.get_document("missing") is None


def test_same_document_twice_is_stored_once(register_url, make_document, make_event):
    doc, events = make_document("doc-1"), [make_event("doc-1")]
    with open_register(register_url) as reg:
        assert reg.store(doc, events).status == "stored"
        again = reg.store(doc, events)
        assert (again.status, again.events) == ("skipped", 0)
        assert reg.documents_count() == 1
        assert reg.events_count() == 1
        assert _count(reg, event_sources) == 1
        assert reg.has_document("doc-1", doc.content_hash)
        assert reg.has_document("doc-1")
        assert not reg.has_document("doc-1", "0" * 64)
        assert not reg.has_document("doc-2")


def test_reopening_the_file_keeps_everything_and_still_skips(register_url, make_document, make_event):
    doc = make_document("doc-1")
    with open_register(register_url) as reg:
        reg.store(doc, [make_event("doc-1")])
    with open_register(register_url) as reg:
        assert reg.store(doc, [make_event("doc-1")]).status == "skipped"
        assert reg.events_count() == 1


def test_changed_document_replaces_its_events(register_url, make_document, make_event):
    old_events = [make_event("doc-1"), make_event("doc-1", sub_event_type="Shelling/artillery/missile attack")]
    new_event = make_event("doc-1", event_type="Battles", sub_event_type="Armed clash", fatalities=4)
    with open_register(register_url) as reg:
        reg.store(make_document("doc-1", text="النص الأول"), old_events)
        reg.store(make_document("doc-2"), [make_event("doc-2")])
        outcome = reg.store(make_document("doc-1", text="النص بعد التصحيح"), [new_event])
        assert (outcome.status, outcome.events) == ("replaced", 1)
        assert reg.documents_count() == 2
        assert reg.get_document("doc-1").text == "النص بعد التصحيح"
        kept = {e.event_id for e in reg.query()}
        assert kept == {new_event.event_id, make_event("doc-2").event_id}
        # nothing of the old events is left in the index tables either
        with reg.engine.connect() as conn:
            for table in (event_sources, event_actors, event_places):
                ids = set(conn.execute(sa.select(table.c.event_id)).scalars())
                assert ids <= kept


def test_replace_flag_stores_an_unchanged_document_again(register_url, make_document, make_event):
    doc = make_document("doc-1")
    with open_register(register_url) as reg:
        reg.store(doc, [make_event("doc-1")])
        better = make_event("doc-1", fatalities=31)
        outcome = reg.store(doc, [better], replace=True)
        assert outcome.status == "replaced"
        assert [e.fatalities for e in reg.query()] == [31]


def test_event_told_by_two_documents_keeps_both_sources(register_url, make_document, make_event):
    first = make_event("doc-a")
    second_source = replace(make_event("doc-b").sources[0], outlet="SY24")
    fused = replace(first, sources=first.sources + (second_source,))   # same id: fused upstream
    with open_register(register_url) as reg:
        reg.store(make_document("doc-a"), [first])
        reg.store(make_document("doc-b"), [fused])
        [ev] = reg.query()
        assert [s.doc for s in ev.sources] == ["doc-a", "doc-b"]
        # doc-b changes and no longer tells the event: the event stays, with doc-a's telling only
        reg.store(make_document("doc-b", text="تقرير آخر"), [])
        [ev] = reg.query()
        assert [s.doc for s in ev.sources] == ["doc-a"]
        assert _count(reg, event_sources) == 1


def test_same_event_id_twice_in_one_document_is_one_event(register_url, make_document, make_event):
    ev = make_event("doc-1")
    with open_register(register_url) as reg:
        assert reg.store(make_document("doc-1"), [ev, ev]).events == 1
        assert reg.events_count() == 1


def test_event_without_id_gets_its_stable_id(register_url, make_document):
    from tests.conftest import event_dict
    ev = Event.from_dict(event_dict("doc-1"))
    assert ev.event_id == ""
    with open_register(register_url) as reg:
        reg.store(make_document("doc-1"), [ev])
        [back] = reg.query()
    assert back.event_id == ev.with_id().event_id


def test_failing_document_leaves_earlier_ones_and_nothing_of_itself(register_url, make_document, make_event):
    docs = _docs(make_document, make_event, 3)

    def exploding():
        yield make_event("doc-bad")
        raise RuntimeError("extraction bug halfway through a document")

    with open_register(register_url) as reg:
        for doc, events in docs[:2]:
            reg.store(doc, events)
        with pytest.raises(RuntimeError):
            reg.store(make_document("doc-bad"), exploding())
        assert reg.documents_count() == 2
        assert reg.events_count() == 4
        assert not reg.has_document("doc-bad")


def test_interrupted_run_resumed_finishes_without_duplicates(register_url, make_document, make_event):
    docs = _docs(make_document, make_event, 5)

    def run(stop_after=None):
        outcomes = []
        with open_register(register_url) as reg:
            for i, (doc, events) in enumerate(docs):
                if i == stop_after:
                    raise KeyboardInterrupt   # Ctrl-C between two documents
                outcomes.append(reg.store(doc, events).status)
        return outcomes

    with pytest.raises(KeyboardInterrupt):
        run(stop_after=3)
    assert run() == ["skipped"] * 3 + ["stored"] * 2
    with open_register(register_url) as reg:
        assert reg.documents_count() == 5
        assert reg.events_count() == 10
        assert len({e.event_id for e in reg.query()}) == 10
        assert _count(reg, event_sources) == 10


_KILLED_RUN = textwrap.dedent("""
    import json, os, sys
    import sqlalchemy as sa
    from sijill.model import Document, Event
    from sijill.store import open_register

    url, kill_at = sys.argv[1], sys.argv[2]
    reg = open_register(url)

    @sa.event.listens_for(reg.engine, "before_cursor_execute")
    def die(conn, cursor, statement, params, context, executemany):
        # The process dies in the middle of a document's transaction, after its document row
        # and an event are written but before the commit: as a kill -9 or a power cut would.
        if statement.startswith("INSERT INTO event_sources") and kill_at in json.dumps(params):
            os._exit(9)

    for line in sys.stdin:
        doc, events = json.loads(line)
        reg.store(Document(**doc), [Event.from_dict(e) for e in events])
""")


def test_killed_run_rerun_finishes_without_duplicates(register_url, make_document, make_event):
    docs = _docs(make_document, make_event, 4)
    lines = "".join(json.dumps([{"id": d.id, "text": d.text}, [e.to_dict() for e in evs]],
                               ensure_ascii=False) + "\n" for d, evs in docs)
    with open_register(register_url):
        pass   # tables made before the race with the subprocess

    killed = subprocess.run([sys.executable, "-c", _KILLED_RUN, register_url, "doc-2"],
                            input=lines, text=True, capture_output=True, timeout=120)
    assert killed.returncode == 9, killed.stderr
    with open_register(register_url) as reg:
        assert reg.documents_count() == 2          # doc-2 rolled back whole
        assert not reg.has_document("doc-2")
        assert reg.events_count() == 4

    rerun = subprocess.run([sys.executable, "-c", _KILLED_RUN, register_url, "no-such-doc"],
                           input=lines, text=True, capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    with open_register(register_url) as reg:
        assert reg.documents_count() == 4
        assert reg.events_count() == 8
        assert _count(reg, event_sources) == 8


def test_ingest_runs_are_recorded(register_url):
    from sijill.store.schema import ingest_runs
    with open_register(register_url) as reg:
        run_id = reg.start_run()
        reg.finish_run(run_id, inputs=3, stored=2, skipped=0, failed=1, events=5)
        with reg.engine.connect() as conn:
            row = conn.execute(sa.select(ingest_runs)).one()
    assert (row.inputs, row.stored, row.failed, row.events) == (3, 2, 1, 5)
    assert row.finished_at is not None


def test_missing_register_is_an_error_when_not_creating(tmp_path):
    with pytest.raises(RegisterError, match="no register at"):
        open_register(tmp_path / "nothing.sqlite", create=False)
    assert not (tmp_path / "nothing.sqlite").exists()


def test_register_in_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RegisterError, match="does not exist"):
        open_register(tmp_path / "no" / "such" / "register.sqlite")


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(RegisterError, match="cannot open register"):
        open_register("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


def test_password_is_not_shown_in_errors():
    with pytest.raises(RegisterError) as info:
        open_register("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(info.value)


def test_two_writers_storing_the_same_documents_store_each_once(register_url, make_document, make_event):
    from concurrent.futures import ThreadPoolExecutor
    docs = _docs(make_document, make_event, 12)
    with open_register(register_url):
        pass

    def writer(_):
        with open_register(register_url) as reg:    # its own engine: as a second process would
            return [reg.store(doc, events).status for doc, events in docs]

    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(writer, range(2))
    assert all(sorted((x, y)) == ["skipped", "stored"] for x, y in zip(a, b))
    with open_register(register_url) as reg:
        assert reg.documents_count() == 12
        assert reg.events_count() == 24
        assert _count(reg, event_sources) == 24
