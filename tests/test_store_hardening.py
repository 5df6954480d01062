"""The register under hostile or unlucky use: several processes making a new register at once,
malformed --db values, unusable `published` values, NUL characters (issue 12, part 5)."""
from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sijill.cli import main
from sijill.ingest import iter_documents
from sijill.ingest.build import make_document
from sijill.ingest.dates import read_published
from sijill.model import Document, Event, InputProblem, Options
from sijill.store import RegisterError, open_register
from sijill.store.schema import SCHEMA_VERSION, event_sources, meta

from .conftest import event_dict

# ------------------------------------------------------------------ a new register, 4 processes

WRITERS = 4
SHARED = 8      # documents every writer ingests
OWN = 2         # documents only one writer has


def _writer_docs(writer: int) -> list[tuple[Document, list[Event]]]:
    ids = [f"shared-{i}" for i in range(SHARED)] + [f"own-{writer}-{i}" for i in range(OWN)]
    random.Random(writer).shuffle(ids)      # each writer in its own order, as real runs would be
    # each document on a day of its own: one strike told by several documents is one event
    day = {d: (date(2018, 1, 1) + timedelta(days=10 * n)).isoformat()
           for n, d in enumerate([f"shared-{i}" for i in range(SHARED)]
                                 + [f"own-{w}-{i}" for w in range(WRITERS) for i in range(OWN)])}
    return [(Document(id=i, text=f"نص {i}"),
             [Event.from_dict(event_dict(i, event_date=day[i])).with_id(),
              Event.from_dict(event_dict(i, event_date=day[i],
                                         sub_event_type="Shelling/artillery/missile attack")).with_id()])
            for i in ids]


def _ingest_writer(url: str, writer: int, barrier, results) -> None:
    """What `sijill ingest` does with the register, in a process of its own: all the writers
    open the register at the same moment, while it does not exist yet."""
    try:
        barrier.wait(timeout=60)
        with open_register(url) as reg:
            run = reg.start_run()
            statuses = {}
            for doc, events in _writer_docs(writer):
                if reg.has_document(doc.id, doc.content_hash):
                    statuses[doc.id] = "skipped"
                else:
                    statuses[doc.id] = reg.store(doc, events).status
            reg.finish_run(run, inputs=len(statuses), stored=0, skipped=0, failed=0, events=0)
        results.put((writer, statuses))
    except BaseException as exc:  # reported to the test, which fails with it
        results.put((writer, f"{type(exc).__name__}: {exc}"))


def test_four_processes_making_the_same_new_register_all_succeed_and_store_each_document_once(register_url):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(WRITERS), ctx.Queue()
    procs = [ctx.Process(target=_ingest_writer, args=(register_url, w, barrier, results))
             for w in range(WRITERS)]
    for p in procs:
        p.start()
    outcomes = dict(results.get(timeout=180) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    assert all(isinstance(o, dict) for o in outcomes.values()), outcomes
    assert [p.exitcode for p in procs] == [0] * WRITERS
    for i in range(SHARED):
        told = sorted(outcomes[w][f"shared-{i}"] for w in range(WRITERS))
        assert told == ["skipped"] * (WRITERS - 1) + ["stored"]
    with open_register(register_url, create=False) as reg:
        total = SHARED + WRITERS * OWN
        assert reg.documents_count() == total
        assert reg.events_count() == 2 * total
        with reg.engine.connect() as conn:
            sources = conn.execute(sa.select(sa.func.count()).select_from(event_sources)).scalar_one()
            assert sources == 2 * total
            assert conn.execute(sa.select(meta.c.value)).scalars().all() == [SCHEMA_VERSION]


def test_an_existing_register_opens_while_another_writer_holds_the_lock(tmp_path, make_document):
    db = tmp_path / "register.sqlite"
    with open_register(db) as reg:
        reg.store(make_document("doc-1"), [])
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")        # an `ingest` in the middle of a document
    try:
        with open_register(db, create=False) as reg:   # `sijill events` meanwhile: only reads
            assert reg.documents_count() == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_register_of_another_schema_version_is_refused_by_name(register_url):
    with open_register(register_url) as reg:
        with reg.engine.begin() as conn:
            conn.execute(meta.update().values(value="99"))
    with pytest.raises(RegisterError, match=f"register schema version 99, this sijill reads version {SCHEMA_VERSION}"):
        open_register(register_url)


# ------------------------------------------------------------------ malformed --db values


def _bad_db_values(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {
        "postgresql://": "names no database",
        "postgresql+nosuchdriver://x": "no postgresql driver called 'nosuchdriver'",
        "sqlite:///no/such/dir/x.sqlite": "no/such/dir",
        "mysql://x": "SQLite or PostgreSQL, not 'mysql'",
        str(tmp_path / "missing" / "x.sqlite"): "does not exist",
        str(folder): "is a folder",
        "://": "not a database URL",
        "sqlite://": "in-memory register keeps nothing",
        "postgresql+psycopg://me:secret@127.0.0.1:notaport/db": "is the port a number?",
        "~no-such-user-here/x.sqlite": "home folder",
    }


@pytest.mark.parametrize("command", [["ingest", "page.txt"], ["events"], ["export", "--format", "jsonl"]])
def test_a_malformed_db_value_is_one_line_naming_it_never_a_traceback(tmp_path, command, monkeypatch):
    # postgresql:// means libpq's defaults: a server that is surely not there
    monkeypatch.setenv("PGHOST", str(tmp_path))
    for name in ("PGDATABASE", "PGUSER", "PGSERVICE", "PGPORT"):
        monkeypatch.delenv(name, raising=False)
    for value, problem in _bad_db_values(tmp_path).items():
        if command[0] != "ingest" and "missing" in value:
            problem = "no register at"
        result = CliRunner().invoke(main, [*command, "--db", value])
        shown = value.replace(":secret@", ":***@")
        assert result.exit_code == 1, (value, result.output)
        assert isinstance(result.exception, SystemExit), (value, result.exception)
        assert "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (value, lines)
        assert shown in lines[0] and problem in lines[0], (value, lines[0])
        assert "secret" not in lines[0]


def test_an_empty_db_value_is_a_usage_error(tmp_path):
    for value in ("", "  "):
        result = CliRunner().invoke(main, ["events", "--db", value])
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        [line] = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
        assert f"{value!r} is empty" in line


def test_a_file_that_is_not_a_register_is_named(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, " * 200, encoding="utf-8")
    result = CliRunner().invoke(main, ["events", "--db", str(notes)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot open register {notes}: file is not a database"


# ------------------------------------------------------------------ published


@pytest.mark.parametrize("value,problem", [
    ("2018-13-45", "is not a real day"),
    ("2099-01-01", "is in the future"),
    ("last Sunday", "is not a date"),
    ("1397-02-10", "has a year outside 1900-2100"),
    (20180430, "is not a date"),
])
def test_an_unusable_published_value_warns_once_and_the_document_is_still_read(tmp_path, value, problem):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "a", "text": "قصف طيران التحالف قرية الجنينة.", "published": value},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    [doc] = iter_documents([str(docs)], Options())
    assert isinstance(doc, Document) and doc.published is None
    [warning] = doc.warnings
    assert isinstance(warning, InputProblem) and warning.source == doc.source
    assert str(warning).startswith(f"{doc.source}: published {value!r} {problem}")
    assert str(warning).endswith("; treated as unknown") and "\n" not in str(warning)


def test_a_good_published_value_gives_no_warning_and_tomorrow_is_not_the_future():
    today = date(2024, 3, 10)
    assert read_published("2024-03-11", today=today) == (date(2024, 3, 11), None)
    assert read_published("2024-03-12", today=today)[0] is None
    assert read_published(None) == (None, None) and read_published(" ") == (None, None)
    doc = make_document(doc_id="a", source="a.txt", options=Options(), text="نص", published="2018-04-30")
    assert (doc.published, doc.warnings) == (date(2018, 4, 30), ())


def test_a_huge_published_value_is_quoted_short():
    _, problem = read_published("9" * 100_000)
    assert len(problem) < 200


# ------------------------------------------------------------------ NUL characters


def test_nul_characters_are_dropped_when_the_document_is_made_and_offsets_index_the_stored_text(register_url):
    doc = make_document(doc_id="doc\x00-1", source="docs.jsonl:1", options=Options(),
                        text="قصف طيران\x00 التحالف قرية الجنينة.", title="عنوان\x00", outlet="أورينت\x00 نت",
                        url="https://example.org/\x00a")
    assert (doc.id, doc.text, doc.title, doc.outlet, doc.url) == (
        "doc-1", "قصف طيران التحالف قرية الجنينة.", "عنوان", "أورينت نت", "https://example.org/a")
    start = doc.text.index("الجنينة")
    ev = Event.from_dict(event_dict("doc-1", sources=[{
        "doc": "doc-1", "outlet": doc.outlet, "language": "ar", "published": None,
        "evidence": [{"role": "location", "start": start, "end": start + 7, "text": "الجنينة"}]}])).with_id()
    with open_register(register_url) as reg:
        assert reg.store(doc, [ev]).status == "stored"
        back = reg.get_document("doc-1")
        [stored] = reg.query()
    assert back == doc
    [evidence] = stored.sources[0].evidence
    assert back.text[evidence.start:evidence.end] == evidence.text


def test_nul_characters_that_reach_the_store_are_dropped_on_both_backends(register_url):
    doc = Document(id="doc\x00-2", text="قصف\x00 طيران التحالف قرية الجنينة.", title="عنوان\x00",
                   outlet="أورينت\x00 نت", url="https://example.org/\x00b", source="a\x00.txt")
    start = doc.text.index("الجنينة")
    d = event_dict("doc\x00-2", fatalities_text="حوالي\x00 30")
    d["actor1"]["label"] = "طيران\x00 التحالف"
    d["sources"][0]["evidence"] = [{"role": "location", "start": start, "end": start + 7, "text": "الجنينة"},
                                   {"role": "trigger", "start": 0, "end": 4, "text": doc.text[0:4]}]
    ev = Event.from_dict(d).with_id()
    with open_register(register_url) as reg:
        assert reg.store(doc, [ev]).status == "stored"
        assert reg.store(doc, [ev]).status == "skipped"      # a re-run meets it
        assert reg.has_document(doc.id, doc.content_hash)
        back = reg.get_document("doc-2")
        [stored] = reg.query(actor="طيران التحالف")
    assert (back.title, back.outlet, back.url, back.source) == (
        "عنوان", "أورينت نت", "https://example.org/b", "a.txt")
    assert len(back.text) == len(doc.text) and "\x00" not in back.text     # the offsets still hold
    assert stored.event_id == ev.event_id
    assert (stored.actor1.label, stored.fatalities_text) == ("طيران التحالف", "حوالي 30")
    assert stored.sources[0].doc == "doc-2"
    for e in stored.sources[0].evidence:
        assert back.text[e.start:e.end] == e.text
