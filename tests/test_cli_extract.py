"""`sijill extract` as a user runs it: events out, bad pages reported and skipped, help complete."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sijill.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ("قالت مصادر محلية إن قوات النظام قصفت أمس (الأحد) بلدة الشحيل بريف دير الزور الشرقي، "
        "ما أسفر عن مقتل ثلاثة مدنيين وإصابة آخرين.\n")


def run(*args):
    return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)


def test_extract_prints_one_event_object_a_line_with_evidence_in_the_text(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    page = tmp_path / "shuhayl.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run(str(page), "--published", "2024-03-12")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events, "the shelling is an event"
    ev = events[0]
    assert ev["event_type"] == "Explosions/Remote violence"
    assert ev["actor1"]["id"] == "SYR_GOV" and ev["actor1"]["label"] == "قوات النظام"
    assert ev["event_date"] == "2024-03-10"          # أمس (الأحد) before Tuesday 12 March: Sunday
    assert ev["fatalities"] == 3
    assert ev["status"] == "claimed"
    for e in ev["sources"][0]["evidence"]:
        assert PAGE[e["start"]:e["end"]] == e["text"]


def test_bad_pages_are_reported_one_line_each_and_the_rest_still_extracted(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run(str(empty), str(binary), str(good), "--published", "2024-03-12")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("photo.html" in e and "binary" in e for e in errors)
    assert [json.loads(line)["sources"][0]["doc"] for line in result.stdout.splitlines()][:1] == ["good"]


def test_a_missing_gazetteer_file_is_one_clear_error_not_a_traceback(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run(str(page), "--gazetteer", str(tmp_path / "nowhere.sqlite"))
    assert result.exit_code == 1
    assert "nowhere.sqlite" in result.output and "Traceback" not in result.output


def test_the_table_shows_the_examples_with_their_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    result = run(str(ROOT / "examples" / "documents.jsonl"), "--format", "table")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["date", "type"]
    assert "2024-03-11" in result.stdout               # الليلة الماضية before 12 March
    assert result.stdout.rstrip().endswith("events)")


def test_every_command_has_complete_help():
    for command in ("extract", "ingest", "events", "export", "gazetteer", "kb", "evaluate"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output and len(result.output.splitlines()) > 5, command
    top = CliRunner().invoke(main, ["--help"])
    for command in ("extract", "ingest", "events", "export", "gazetteer", "kb", "evaluate"):
        assert command in top.output
