"""One bad input never stops a run: each failure is that input's own error line, the rest is read.

The inputs here are the ones that stopped runs before: a lone surrogate in a JSON line, a file name
that is not UTF-8, a control character in HTML, a symbolic link that loops, a skip check that fails,
a page that takes too long or is too long; and SIGTERM, which stops after the page in hand.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sijill.cli import main
from sijill.model import Document, Options
from sijill.pipeline import Pipeline, run

PAGE = "قتل عنصر من قوات النظام امس في مدينة درعا بقصف لفصائل المعارضة."


def _jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ingest(tmp_path: Path, *args: str):
    db = tmp_path / "register.sqlite"
    result = CliRunner().invoke(main, ["ingest", *args, "--db", str(db), "--quiet"])
    return result, db


def _stored_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT id FROM documents"))


def test_a_lone_surrogate_in_a_json_line_is_read_as_a_replacement_character(tmp_path):
    # JSON allows "\ud800" although no UTF-8 text can hold it: the page is read, the character
    # becomes U+FFFD (one for one, so evidence offsets hold), and the next line is read too
    src = _jsonl(tmp_path / "docs.jsonl",
                 json.dumps({"id": "a", "text": "قتل \ud800 عنصر من قوات النظام امس في درعا"}),
                 json.dumps({"id": "b", "text": PAGE}))
    result, db = _ingest(tmp_path, str(src))
    assert result.exit_code == 0, result.output
    assert _stored_ids(db) == ["a", "b"]
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM documents WHERE id = 'a'").fetchone()
    assert "\ufffd" in text and len(text) == len("قتل \ud800 عنصر من قوات النظام امس في درعا")


@pytest.mark.skipif(sys.platform != "linux", reason="file names as raw bytes")
def test_a_file_name_that_is_not_utf8_is_read(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(PAGE, encoding="utf-8")
    with open(os.fsencode(folder) + b"/\xff\xfe-page.txt", "wb") as f:
        f.write(PAGE.encode("utf-8"))
    result, db = _ingest(tmp_path, str(folder))
    assert result.exit_code == 0, result.output
    assert _stored_ids(db) == ["good", "\ufffd\ufffd-page"]


@pytest.mark.parametrize("html", [
    "<h1>قتل\u0007 عنصر</h1><p>" + PAGE + "</p>",
    "<p>تنظيم داعش \u0007 أعلنت " + PAGE + "</p>",          # lxml refuses such a string
    "<p>" + PAGE + " \ud800 \u000b \uffff</p>",
])
def test_a_control_character_in_html_loses_nothing(tmp_path, html):
    src = _jsonl(tmp_path / "docs.jsonl", json.dumps({"id": "c", "html": html}),
                 json.dumps({"id": "d", "text": PAGE}))
    result, db = _ingest(tmp_path, str(src))
    assert result.exit_code == 0, result.output
    assert _stored_ids(db) == ["c", "d"]
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM documents WHERE id = 'c'").fetchone()
    assert PAGE in text


def test_a_symbolic_link_loop_in_a_folder_is_an_error_of_that_entry_only(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "good.txt").write_text(PAGE, encoding="utf-8")
    result, db = _ingest(tmp_path, str(folder))
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2 and all("symbolic links" in e for e in errors)
    assert _stored_ids(db) == ["good"]


def test_a_failing_skip_check_is_that_documents_problem(tmp_path):
    src = _jsonl(tmp_path / "docs.jsonl", *(json.dumps({"id": i, "text": PAGE}) for i in ("x", "y")))

    def skip(doc):
        if doc.id == "x":
            raise RuntimeError("the register could not say")
        return False

    results = list(run([str(src)], Options(rules_only=True), skip=skip))
    assert [r.document.id for r in results] == ["x", "y"]
    assert "the register could not say" in str(results[0].problem)
    assert results[1].problem is None and results[1].events


def test_a_page_over_the_time_budget_is_left_out_and_the_run_goes_on(tmp_path, monkeypatch):
    src = _jsonl(tmp_path / "docs.jsonl", json.dumps({"id": "slow", "text": PAGE}),
                 json.dumps({"id": "fast", "text": PAGE}))
    real = Pipeline.extract

    def extract(self, doc):
        if doc.id == "slow":
            time.sleep(30)      # a page whose extraction never ends, as far as the run can tell
        return real(self, doc)

    monkeypatch.setattr(Pipeline, "extract", extract)
    started = time.monotonic()
    results = list(run([str(src)], Options(rules_only=True, doc_timeout=0.2)))
    assert time.monotonic() - started < 20
    assert "--doc-timeout" in str(results[0].problem)
    assert results[1].problem is None and results[1].events


def test_a_page_over_the_size_budget_is_refused_before_extraction(tmp_path):
    src = _jsonl(tmp_path / "docs.jsonl", json.dumps({"id": "long", "text": PAGE * 10}),
                 json.dumps({"id": "short", "text": PAGE}))
    results = list(run([str(src)], Options(rules_only=True, max_chars=len(PAGE) + 10)))
    assert "--max-chars" in str(results[0].problem) and not results[0].events
    assert results[1].problem is None and results[1].events


def test_the_budgets_are_options_of_extract(tmp_path):
    src = _jsonl(tmp_path / "docs.jsonl", json.dumps({"id": "long", "text": PAGE * 10}),
                 json.dumps({"id": "short", "text": PAGE}))
    result = CliRunner().invoke(main, ["extract", str(src), "--rules-only", "--max-chars", "200"])
    assert result.exit_code == 1
    assert "docs.jsonl:1: text of" in result.stderr and "--max-chars" in result.stderr
    docs = {src["doc"] for ln in result.stdout.splitlines() if ln.startswith("{")
            for src in json.loads(ln)["sources"]}
    assert docs == {"short"}


def test_sigterm_stops_after_the_page_in_hand_with_the_summary(tmp_path):
    src = _jsonl(tmp_path / "docs.jsonl",
                 *(json.dumps({"id": f"p{i:04d}", "text": PAGE * 5}) for i in range(600)))
    db = tmp_path / "register.sqlite"
    cmd = [str(Path(sys.executable).with_name("sijill")), "ingest", str(src), "--db", str(db), "--quiet", "--rules-only"]
    env = {**os.environ, "SIJILL_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _count(db) >= 3:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    summary = [ln for ln in err.splitlines() if ln.startswith("interrupted:")]
    assert summary, err
    stored = _count(db)
    assert f"{stored} stored" in summary[0] and 3 <= stored < 600
    # the same command again finishes the rest, nothing twice
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr
    assert _count(db) == 600 and len(set(_stored_ids(db))) == 600


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_an_impossible_or_future_published_date_is_one_warning_and_the_page_is_read(tmp_path):
    src = _jsonl(tmp_path / "docs.jsonl",
                 json.dumps({"id": "f", "text": PAGE, "published": "2099-01-01"}),
                 json.dumps({"id": "i", "text": PAGE, "published": "2018-13-45"}))
    result, db = _ingest(tmp_path, str(src))
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 2
    assert "docs.jsonl:1" in warnings[0] and "future" in warnings[0]
    assert "docs.jsonl:2" in warnings[1] and "2018-13-45" in warnings[1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE published IS NULL").fetchone()[0] == 2
