"""`sijill ingest`, `sijill events`, `sijill export` from the command line."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sijill.cli import main
from sijill.store import open_register
from sijill.store import register as register_module

from .conftest import without_fusion

PAGES = {
    "dhiban.txt": "قُتل 4 عناصر من ميليشيا قسد، أمس الأحد، في اشتباكات مع مقاتلين من أبناء العشائر العربية في بلدة ذيبان بريف دير الزور الشرقي.",
    "manbij.txt": "قصفت قوات النظام بالمدفعية الثقيلة قرية عون الدادات قرب منبج، ما أدى إلى مقتل مدنيين اثنين.",
    "busayra.txt": "درگیری میان نیروهای قسد و افراد مسلح عشایر در شهر البصیره در حومه شرقی دیرالزور روز یکشنبه رخ داد.",
}


@pytest.fixture(scope="module")
def pipeline_ready():
    """The ingest tests run the real pipeline; while its stages are missing they are skipped."""
    try:
        from sijill.model import Options
        from sijill.pipeline import Pipeline
        Pipeline(Options())
    except ImportError as exc:   # only a missing stage skips: any other error is a failure
        pytest.skip(f"the extraction pipeline does not import yet: {exc}")


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    paths = []
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


# ------------------------------------------------------------------ ingest


def test_ingest_stores_every_page_and_prints_a_summary(pipeline_ready, pages, register_url):
    result = invoke("ingest", *pages, "--db", register_url)
    assert result.exit_code == 0, result.stderr
    assert "3 documents read: 3 stored, 0 skipped as already stored, 0 failed" in result.stderr
    assert result.stdout == ""                      # standard output is for data only
    with open_register(register_url) as reg:
        assert reg.documents_count() == 3
        assert reg.has_document("dhiban")


def test_ingest_same_pages_twice_stores_them_once(pipeline_ready, pages, register_url):
    invoke("ingest", *pages, "--db", register_url)
    with open_register(register_url) as reg:
        events_before = [e.to_dict() for e in reg.query()]
    result = invoke("ingest", *pages, "--db", register_url)
    assert result.exit_code == 0
    assert "3 documents read: 0 stored, 3 skipped as already stored, 0 failed; 0 events stored" in result.stderr
    with open_register(register_url) as reg:
        assert reg.documents_count() == 3
        assert [e.to_dict() for e in reg.query()] == events_before


def test_malformed_input_amid_good_ones_keeps_the_good_ones_and_exits_1(pipeline_ready, pages, tmp_path,
                                                                        register_url):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02 not text \x00")
    result = invoke("ingest", pages[0], broken, pages[1], pages[2], "--db", register_url)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {broken}: ")
    assert "4 documents read: 3 stored, 0 skipped as already stored, 1 failed" in result.stderr
    with open_register(register_url) as reg:
        assert reg.documents_count() == 3


def test_document_that_cannot_be_stored_loses_nothing_stored_before_it(pipeline_ready, pages, register_url,
                                                                       monkeypatch):
    # the three pages are stored in one batch: it fails, and is stored again page by page
    real_refuse = register_module.refuse

    def refuse(conn, document, events, *args, **kw):
        if document.id == "manbij":
            raise ValueError("an event this register cannot hold")
        return real_refuse(conn, document, events, *args, **kw)

    monkeypatch.setattr(register_module, "refuse", refuse)
    result = invoke("ingest", *pages, "--db", register_url)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].endswith("manbij.txt: could not store: ValueError: an event this register cannot hold")
    assert "3 documents read: 2 stored, 0 skipped as already stored, 1 failed" in result.stderr
    with open_register(register_url) as reg:
        assert reg.has_document("dhiban") and reg.has_document("busayra")
        assert not reg.has_document("manbij")
    # fixed and run again: only the missing page is stored
    monkeypatch.setattr(register_module, "refuse", real_refuse)
    result = invoke("ingest", *pages, "--db", register_url)
    assert "1 stored, 2 skipped as already stored, 0 failed" in result.stderr


def test_ingest_takes_the_register_from_SIJILL_DB(pipeline_ready, pages, tmp_path):
    db = tmp_path / "env.sqlite"
    result = invoke("ingest", pages[0], env={"SIJILL_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    assert open_register(db).documents_count() == 1


def test_ingest_without_a_register_says_so(pages):
    result = CliRunner().invoke(main, ["ingest", pages[0]], env={"SIJILL_DB": None})
    assert result.exit_code == 2
    assert "--db" in result.stderr


def test_ingest_in_a_log_prints_progress_every_100_documents(pipeline_ready, tmp_path):
    docs = tmp_path / "many.jsonl"
    docs.write_text("".join(json.dumps({"id": f"d{i}", "text": f"خبر رقم {i} عن الطقس."}, ensure_ascii=False)
                            + "\n" for i in range(120)), encoding="utf-8")
    db = tmp_path / "r.sqlite"
    result = invoke("ingest", docs, "--db", db)
    assert result.exit_code == 0
    progress = [line for line in result.stderr.splitlines() if line.startswith("ingest: ")]
    assert progress == ["ingest: 100 documents read: 100 stored, 0 skipped as already stored, "
                        "0 failed; 0 events stored"]
    quiet = invoke("ingest", docs, "--db", db, "--quiet")
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("ingest: ")]
    assert "120 documents read: 0 stored, 120 skipped" in quiet.stderr


# ------------------------------------------------------------------ events and export


@pytest.fixture
def filled(register_url, make_document, make_event):
    evs = [make_event("doc-1"),
           make_event("doc-2", event_type="Battles", sub_event_type="Armed clash", event_date="2019-03-10",
                      location=None, status="denied")]
    with open_register(register_url) as reg:
        for ev in evs:
            reg.store(make_document(ev.sources[0].doc), [ev])
    return register_url, evs


def test_events_prints_a_table_by_default(filled):
    db, evs = filled
    result = invoke("events", "--db", db)
    assert result.exit_code == 0
    header, rule, *rows, count = result.stdout.splitlines()
    assert header.split()[:3] == ["date", "type", "status"]
    assert len(rows) == 2 and count == "(2 events)"
    assert "International Coalition (US-led) → Military" in rows[0]
    assert "Jneineh (الجنينة)" in rows[0]          # logical order: standard output is not a terminal


def test_events_jsonl_gives_the_stored_objects_filtered(filled):
    db, evs = filled
    result = invoke("events", "--db", db, "--format", "jsonl", "--type", "battles")
    assert result.exit_code == 0
    # the stored objects, with what the register's fusion adds (corroboration, sources' own values)
    assert [without_fusion(json.loads(line)) for line in result.stdout.splitlines()] == [evs[1].to_dict()]


def test_events_filters_reach_the_register(filled):
    db, evs = filled
    def ids(*args):
        out = invoke("events", "--db", db, "--format", "jsonl", *args).stdout
        return [json.loads(line)["event_id"] for line in out.splitlines()]
    assert ids("--actor", "قوات النظام") == [evs[0].event_id, evs[1].event_id]
    assert ids("--place", "دير الزور") == [evs[0].event_id]
    assert ids("--since", "2019-01-01") == [evs[1].event_id]
    assert ids("--until", "2018-12-31", "--limit", "5") == [evs[0].event_id]
    assert ids("--limit", "1") == [evs[0].event_id]


def test_events_bad_date_is_a_usage_error(filled):
    result = invoke("events", "--db", filled[0], "--since", "yesterday")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_events_on_a_missing_register_does_not_make_one(tmp_path):
    result = invoke("events", "--db", tmp_path / "none.sqlite")
    assert result.exit_code == 1
    assert "no register at" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()


def test_export_acled_to_standard_output_leaves_denied_out(filled):
    db, evs = filled
    result = invoke("export", "--db", db, "--format", "acled")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["event_date"] for r in rows] == ["2018-04-29"]
    assert "1 events written to standard output as acled (1 denied events left out" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "geojson", "parquet", "acled"])
def test_export_each_format_to_a_file_parses_back(filled, tmp_path, fmt):
    db, evs = filled
    out = tmp_path / f"events.{fmt}"
    result = invoke("export", "--db", db, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    if fmt == "jsonl":
        assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    elif fmt == "geojson":
        assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
    elif fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out).column("event_id").to_pylist() == [e.event_id for e in evs]
    else:
        assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 1


def test_export_filters_like_events(filled, tmp_path):
    db, evs = filled
    result = invoke("export", "--db", db, "--format", "jsonl", "--type", "Air/drone strike")
    assert [json.loads(line)["event_id"] for line in result.stdout.splitlines()] == [evs[0].event_id]


def test_export_parquet_needs_a_file(filled):
    result = invoke("export", "--db", filled[0], "--format", "parquet")
    assert result.exit_code == 2
    assert "-o FILE" in result.stderr


@pytest.mark.parametrize("command", ["ingest", "events", "export"])
def test_help_of_each_command_is_complete_with_examples(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"sijill {command} " in result.stdout
    assert "SIJILL_DB" in result.stdout
    for option in {"ingest": ["--published", "--gazetteer", "--max-bytes", "--quiet", "--replace"],
                   "events": ["--since", "--until", "--type", "--actor", "--place", "--limit", "--format"],
                   "export": ["--format", "--output", "--since", "--actor", "--place"]}[command]:
        assert option in result.stdout


def _fake_run(results_then_error):
    def run(paths, options=None, skip=None, jobs=1):
        yield from results_then_error
        raise RuntimeError("knowledge base could not be loaded")
    return run


def test_pipeline_failure_stops_the_run_keeping_what_was_stored(register_url, make_document, make_event,
                                                               monkeypatch):
    from sijill import pipeline
    doc = make_document("doc-1")
    monkeypatch.setattr(pipeline, "run", _fake_run([pipeline.Result("a.txt", doc, (make_event("doc-1"),))]))
    result = invoke("ingest", "a.txt", "b.txt", "--db", register_url)
    assert result.exit_code == 1
    assert "the run stopped: RuntimeError: knowledge base could not be loaded" in result.stderr
    assert "so far 1 documents read: 1 stored" in result.stderr
    with open_register(register_url) as reg:
        assert reg.has_document("doc-1") and reg.events_count() == 1


def test_unusable_database_stops_the_run_with_a_clear_error(register_url, make_document, monkeypatch):
    import sqlalchemy as sa
    from sijill import pipeline
    results = [pipeline.Result(f"{i}.txt", make_document(f"doc-{i}"), ()) for i in range(3)]
    monkeypatch.setattr(pipeline, "run", _fake_run(results))
    calls = []

    def refuse(conn, document, *args, **kw):
        calls.append(document.id)
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(register_module, "refuse", refuse)
    result = invoke("ingest", "x", "--db", register_url)
    assert result.exit_code == 1
    assert "0.txt: cannot write to the register: disk I/O error" in result.stderr
    # the batch of three failed at its first document, which alone failed again: stopped at
    # once, not once per remaining document
    assert calls == ["doc-0", "doc-0"]
