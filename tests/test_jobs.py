"""--jobs N: worker processes extract, and the output and the register are the same as with one."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sijill.cli import main
from sijill.model import Options
from sijill.pipeline import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def pages(tmp_path):
    """The bundled examples and, between them, inputs that fail, so that problems keep their place."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n' + json.dumps({"id": "y", "text": "قتل عنصر امس في درعا"}) + "\n",
                   encoding="utf-8")
    return [str(EXAMPLES / "documents.jsonl"), str(bad), str(EXAMPLES / "pages")]


def test_results_come_in_input_order_and_equal_one_process(pages, monkeypatch, tmp_path):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    one = list(run(pages, Options()))
    two = list(run(pages, Options(), jobs=2))
    assert len(one) == len(two) > 10
    assert [r.source for r in one] == [r.source for r in two]
    assert [str(r.problem) for r in one] == [str(r.problem) for r in two]
    assert [[e.to_dict() for e in r.events] for r in one] == [[e.to_dict() for e in r.events] for r in two]
    assert sum(len(r.events) for r in two) > 10


def test_extract_prints_the_same_with_any_number_of_jobs(pages):
    outs = [CliRunner().invoke(main, ["extract", *pages, "--jobs", str(j)]) for j in (1, 2, 3)]
    assert [o.exit_code for o in outs] == [1, 1, 1]         # the bad lines
    assert outs[0].stdout and outs[0].stdout == outs[1].stdout == outs[2].stdout
    assert outs[0].stderr == outs[1].stderr


def test_the_register_is_the_same_with_two_jobs(pages, tmp_path):
    dumps = []
    for jobs in (1, 2):
        db = tmp_path / f"r{jobs}.sqlite"
        result = CliRunner().invoke(main, ["ingest", *pages, "--db", str(db), "--jobs", str(jobs), "-q"])
        assert result.exit_code == 1, result.output
        export = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl"])
        with sqlite3.connect(db) as conn:
            docs = conn.execute("SELECT id, content_hash, text FROM documents ORDER BY id").fetchall()
        dumps.append((export.stdout, docs, result.stderr.splitlines()[-1]))
    assert dumps[0][0].count("\n") > 10
    assert dumps[0] == dumps[1]


def test_order_holds_across_batches_of_documents(monkeypatch, tmp_path):
    """Workers take documents a few at a time (workers.BATCH): pages of several batches, broken
    lines among them and a last batch left partly filled still come back in input order."""
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "home"))
    lines = []
    for i in range(29):
        if i % 7 == 3:
            lines.append("not json")
        else:
            lines.append(json.dumps({"id": f"p{i}", "text": f"قتل {i + 2} مدنيين امس في قصف على درعا",
                                     "published": "2018-03-01"}, ensure_ascii=False))
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = list(run([str(path)], Options()))
    two = list(run([str(path)], Options(), jobs=2))
    assert len(one) == 29
    assert [r.source for r in two] == [r.source for r in one]
    assert [r.problem is not None for r in two] == [i % 7 == 3 for i in range(29)]
    assert [[e.to_dict() for e in r.events] for r in two] == [[e.to_dict() for e in r.events] for r in one]
    assert [r.events[0].fatalities for r in two if r.events] == [i + 2 for i in range(29) if i % 7 != 3]
