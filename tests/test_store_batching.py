"""Several documents to a transaction (store/batching.py): the register is the one that storing
them one at a time gives (same events, ids, sources, tellings and links), a bad document is only
its own error, the skip check sees the documents waiting, and a run killed in the middle of a
batch then run again ends in the register of a clean run; on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sijill.cli import main
from sijill.store import Batch, StoreOutcome, open_register
from sijill.store import register as register_module
from sijill.store.schema import (documents, event_actors, event_places, event_sources, events, links,
                                 reviews, tellings)

from .test_fusion_register import _random_corpus, strike_a, strike_b, strike_c

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
_TABLES = (documents, events, event_sources, event_actors, event_places, tellings, links, reviews)


def dump(reg) -> dict:
    """Every row of the register's tables but the time each document was stored."""
    out = {}
    with reg.engine.connect() as conn:
        for table in _TABLES:
            cols = [c for c in table.c if c.name != "ingested_at"]
            out[table.name] = sorted(tuple(str(v) for v in r) for r in conn.execute(sa.select(*cols)))
    return out


def emptied(reg) -> None:
    with reg.engine.begin() as conn:
        for table in _TABLES:
            conn.execute(table.delete())


def churn(seed: int) -> list:
    """Documents in a random order, some first stored in a wrong version and corrected later,
    some given twice in a row: what a batch has to get right."""
    rnd = random.Random(seed)
    corpus = _random_corpus(seed, n_docs=12)
    items = []
    for doc, evs in rnd.sample(corpus, len(corpus)):
        if rnd.random() < 0.4:
            items.append((replace(doc, text=doc.text + " "), [replace(e, fatalities=99) for e in evs[:1]]))
        items.append((doc, evs))
        if rnd.random() < 0.2:
            items.append((doc, evs))
    return items


def one_at_a_time(reg, items, replace_=False) -> list[str]:
    return [reg.store(doc, evs, replace=replace_).status for doc, evs in items]


def batched(reg, items, size: int, replace_=False) -> list:
    done = []
    batch = Batch(reg, lambda tag, outcome: done.append((tag, outcome)), size=size, seconds=1e9, replace=replace_)
    for n, (doc, evs) in enumerate(items):
        batch.add(n, doc, evs)
    batch.flush()
    assert [tag for tag, _ in done] == list(range(len(items)))
    return [o.status if isinstance(o, StoreOutcome) else o for _, o in done]


@pytest.mark.parametrize("replace_", [False, True])
def test_batches_of_any_size_leave_the_register_storing_one_at_a_time_leaves(register_url, replace_):
    for seed in (1, 2):
        items = churn(seed)
        with open_register(register_url) as reg:
            emptied(reg)
            statuses = one_at_a_time(reg, items, replace_)
            expected = dump(reg)
            assert any(len(json.loads(body)["sources"]) > 1 for _, body, *_ in expected["events"])
            assert expected["links"]
            for size in (1, 4, len(items)):
                emptied(reg)
                assert batched(reg, items, size, replace_) == statuses, (seed, size)
                assert dump(reg) == expected, (seed, size)
    assert {"stored", "replaced"} <= set(statuses)


def test_two_documents_telling_one_event_in_one_batch_are_one_event(register_url):
    with open_register(register_url) as reg:
        told = [(doc, [ev]) for doc, ev in (strike_a(), strike_b(), strike_c())]
        assert batched(reg, told, size=10) == ["stored"] * 3
        [ev] = reg.query()
    assert sorted(s.doc for s in ev.sources) == ["doc-a", "doc-b", "doc-c"]


def test_a_document_that_fails_is_its_own_error_and_the_others_of_its_batch_are_stored(register_url, monkeypatch):
    items = churn(3)
    bad = items[len(items) // 2][0].id
    with open_register(register_url) as reg:
        expected_statuses = one_at_a_time(reg, [(d, e) for d, e in items if d.id != bad])
        expected = dump(reg)
        emptied(reg)
        real = register_module.refuse

        def refuse(conn, doc, *args, **kw):
            if doc.id == bad:
                raise ValueError("an event this register cannot hold")
            return real(conn, doc, *args, **kw)

        monkeypatch.setattr(register_module, "refuse", refuse)
        statuses = batched(reg, items, size=5)
        failed = [s for s in statuses if isinstance(s, Exception)]
        assert failed and all(str(e) == "an event this register cannot hold" for e in failed)
        assert len(failed) == sum(d.id == bad for d, _ in items)
        assert [s for s in statuses if not isinstance(s, Exception)] == expected_statuses
        assert dump(reg) == expected


def test_the_skip_check_sees_the_documents_waiting_in_the_batch(tmp_path, make_document, make_event):
    with open_register(tmp_path / "r.sqlite") as reg:
        reg.store(make_document("stored"), [make_event("stored")])
        batch = Batch(reg, lambda tag, outcome: None, size=100, seconds=1e9)
        waiting = make_document("waiting")
        batch.add("w", waiting, [make_event("waiting")])
        assert len(batch) == 1 and not reg.has_document("waiting")
        assert batch.has_document("waiting", waiting.content_hash) and batch.has_document("waiting")
        assert not batch.has_document("waiting", "another hash")
        assert batch.has_document("stored", make_document("stored").content_hash)
        assert not batch.has_document("never")
        # a new version waits: the skip check compares with it
        newer = make_document("stored", text="نص آخر")
        batch.add("n", newer, [])
        assert batch.has_document("stored", newer.content_hash)
        assert not batch.has_document("stored", make_document("stored").content_hash)
        batch.flush()
        assert len(batch) == 0 and reg.has_document("waiting") and reg.has_document("stored", newer.content_hash)
        assert batch.has_document("waiting")
        batch.close()
        batch.close()


def test_the_statements_fusion_runs_for_every_document_search_an_index_never_scan(tmp_path):
    from sijill.store.fusion import _direct
    with open_register(tmp_path / "r.sqlite") as reg:
        batched(reg, churn(1), size=10)
        statements = _direct(reg.engine.dialect)
        named = {**{k: v for k, v in vars(statements).items() if k != "candidates"},
                 **{f"candidates {k}": v for k, v in statements.candidates.items()}}
        values = {"keys": ["a", "b"], "ids": ["a"], "doc": "d", "k": "a", "e": "b", "family": "Battles",
                  "lo": 1, "hi": 2, "area": "SY09", "id": "i", **{f"lo{c}": 0 for c in range(4)}}
        with reg.engine.connect() as conn:
            for name, st in named.items():
                if st.sql.startswith("INSERT"):
                    continue
                given = {k: v for k, v in values.items() if k in (st.order or ())}
                plan = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + st.sql, st.parameters(given))]
                scans = [p for p in plan if p.startswith("SCAN") and "json_each" not in p]
                assert not scans, (name, plan)
                assert any(p.startswith("SEARCH") for p in plan), (name, plan)


def test_a_batch_is_stored_when_full_or_when_its_first_document_has_waited_long_enough(tmp_path, make_document):
    now = [0.0]
    done = []
    with open_register(tmp_path / "r.sqlite") as reg:
        batch = Batch(reg, lambda tag, outcome: done.append(tag), size=3, seconds=2.0, clock=lambda: now[0])
        for i in range(3):
            batch.add(i, make_document(f"d{i}"), [])
        assert done == [0, 1, 2] and len(batch) == 0      # full
        batch.add(3, make_document("d3"), [])
        now[0] = 1.5
        batch.add(4, make_document("d4"), [])
        assert done == [0, 1, 2]
        now[0] = 2.0
        batch.add(5, make_document("d5"), [])             # the first waited 2 s
        assert done == [0, 1, 2, 3, 4, 5]
        assert reg.documents_count() == 6
    with pytest.raises(ValueError, match="at least 1 document"):
        Batch(reg, lambda tag, outcome: None, size=0)


# ------------------------------------------------------------------ the command line


def _pages(folder: Path) -> Path:
    """The examples, and each again from another outlet a day later (so that events fuse across
    documents and batches)."""
    lines = []
    for ln in (EXAMPLES / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(ln)
        if "file" in d:        # a page beside the list: its words in the line
            page = EXAMPLES / d.pop("file")
            d["html" if page.suffix == ".html" else "text"] = page.read_text(encoding="utf-8")
        lines.append(d)
    again = [{**d, "id": d["id"] + "-again", "outlet": "another outlet"} for d in lines]
    out = folder / "pages.jsonl"
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for pair in zip(lines, again) for d in pair),
                   encoding="utf-8")
    return out


# The command line, with batches of 3 documents, killed (as kill -9 would) inside the transaction
# of its second batch: after its tellings and links are written, before its events and commit.
_KILLED = textwrap.dedent("""
    import os, sys
    from sijill.cli import main
    from sijill.store import batching, fusion
    batching.BATCH_DOCUMENTS = 3
    real, calls = fusion.Pending.write, []

    def write(self, conn):
        calls.append(1)
        if len(calls) == 2:
            os._exit(9)
        return real(self, conn)

    fusion.Pending.write = write
    main(["ingest", sys.argv[1], "--db", sys.argv[2], "--quiet", "--jobs", "1"])
""")


def test_a_run_killed_inside_a_batch_then_run_again_gives_the_register_of_a_clean_run(register_url, tmp_path):
    pages = _pages(tmp_path)
    env_home = {"SIJILL_HOME": str(tmp_path / "home")}
    clean = CliRunner().invoke(main, ["ingest", str(pages), "--db", register_url, "-q"], env=env_home)
    assert clean.exit_code == 0, clean.output
    with open_register(register_url) as reg:
        expected = dump(reg)
        emptied(reg)
    assert len(expected["documents"]) == 16 and expected["links"]

    import os
    killed = subprocess.run([sys.executable, "-c", _KILLED, str(pages), register_url], capture_output=True,
                            text=True, timeout=300, env={**os.environ, **env_home})
    assert killed.returncode == 9, killed.stderr
    with open_register(register_url) as reg:
        assert reg.documents_count() == 3             # the first batch, whole; the second, absent
        assert len(dump(reg)["tellings"]) == sum(1 for t in expected["tellings"]
                                                 if t[1] in {d[0] for d in dump(reg)["documents"]})
    again = CliRunner().invoke(main, ["ingest", str(pages), "--db", register_url, "-q"], env=env_home)
    assert again.exit_code == 0, again.output
    assert "13 stored, 3 skipped as already stored" in again.stderr
    with open_register(register_url) as reg:
        assert dump(reg) == expected


def test_ctrl_c_stores_the_documents_read_before_the_one_in_hand(register_url, make_document, make_event,
                                                                 monkeypatch):
    from sijill import pipeline

    def run(paths, options=None, skip=None, jobs=1):
        for i in range(3):
            event = make_event(f"doc-{i}", event_date=f"2018-0{i + 1}-10")     # three events
            yield pipeline.Result(f"{i}.txt", make_document(f"doc-{i}"), (event,))
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run", run)
    result = CliRunner().invoke(main, ["ingest", "x", "--db", register_url])
    assert result.exit_code == 130
    assert "interrupted: 3 documents read: 3 stored" in result.stderr
    with open_register(register_url) as reg:
        assert reg.documents_count() == 3 and reg.events_count() == 3


def test_copies_skipped_while_their_page_waited_fail_with_it(tmp_path, monkeypatch):
    """A page given three times in one run waits in the batch while its copies are skipped; when
    it then cannot be stored, the copies are counted failed with it, and the run says to run again."""
    page = {"id": "p1", "text": "قصفت قوات النظام بلدة الشحيل امس ما أدى إلى مقتل ثلاثة مدنيين.",
            "published": "2018-03-10", "language": "ar"}
    other = {**page, "id": "p2", "text": "اندلعت اشتباكات بين قسد وداعش في هجين امس."}
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in (page, page, other, page)),
                     encoding="utf-8")
    real = register_module.refuse

    def refuse(conn, doc, *args, **kw):
        if doc.id == "p1":
            raise ValueError("an event this register cannot hold")
        return real(conn, doc, *args, **kw)
    monkeypatch.setattr(register_module, "refuse", refuse)
    result = CliRunner().invoke(main, ["ingest", str(pages), "--db", str(tmp_path / "r.sqlite"), "-q",
                                       "--jobs", "1"], env={"SIJILL_HOME": str(tmp_path / "home")})
    assert result.exit_code == 1
    assert "4 documents read: 1 stored, 0 skipped as already stored, 3 failed" in result.output
    assert "p1: 2 later copies of this page skipped while it waited" in result.output
