"""The Spark job's fusion stage without Spark (src/sijill/spark/fusion.py): the events it gives are
the register's for the same documents, in any order, each pair of tellings scored once."""
from __future__ import annotations

import random
from datetime import date

import pytest

from sijill.fuse.across import Report
from sijill.model import Document, Options
from sijill.pipeline import Pipeline
from sijill.spark.fusion import (CELL_DAYS, block_keys, block_pairs, components, fuse_tellings,
                                 read_telling, telling_line)
from sijill.store import open_register

STORIES = (
    "قصفت قوات النظام أمس بلدة الشحيل بريف دير الزور الشرقي، ما أسفر عن مقتل ثلاثة مدنيين.",
    "شن طيران التحالف الدولي غارات على بلدة هجين بريف دير الزور، ما أدى إلى مقتل خمسة عناصر من التنظيم.",
    "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وفصائل الجيش الوطني في محيط مدينة منبج.",
    "انفجرت عبوة ناسفة في سيارة عسكرية في مدينة درعا، ما أدى إلى مقتل عنصرين من قوات النظام.",
)


@pytest.fixture(scope="module")
def documents():
    """Four stories told by three outlets on nearby days, and one of them again a month later."""
    docs = []
    for o, outlet in enumerate(("one", "two", "three")):
        for i, story in enumerate(STORIES):
            if (o + i) % 3 == 2:
                continue                    # not every outlet tells every story
            docs.append(Document(id=f"{outlet}-{i}", text=story, outlet=outlet,
                                 published=date(2018, 3, 10 + i * 5 + (o % 2)), language="ar"))
    docs.append(Document(id="late-0", text=STORIES[0], outlet="four", published=date(2018, 4, 20), language="ar"))
    pipeline = Pipeline(Options())
    return [(d, pipeline.extract(d)) for d in docs]


def _register_events(documents, tmp_path):
    with open_register(tmp_path / "r.sqlite") as reg:
        for doc, events in documents:
            reg.store(doc, events)
        return {e.event_id: e for e in reg.iter_events()}


def _lines(documents):
    return [telling_line(ev, doc) for doc, events in documents for ev in events]


def test_the_stage_gives_the_registers_events(documents, tmp_path):
    fused = {e.event_id: e for e in fuse_tellings(_lines(documents))}
    registered = _register_events(documents, tmp_path)
    assert fused.keys() == registered.keys()
    assert {k: e.to_dict() for k, e in fused.items()} == {k: e.to_dict() for k, e in registered.items()}
    told = sorted(len(e.sources) for e in fused.values())
    assert told[-1] >= 2 and sum(told) == sum(len(evs) for _, evs in documents)
    # the same story a month later is another event
    late = [e for e in fused.values() if any(s.doc == "late-0" for s in e.sources)]
    assert len(late) == 1 and [s.doc for s in late[0].sources] == ["late-0"]


def test_any_order_gives_the_same_events(documents):
    lines = _lines(documents)
    first = {e.event_id: e.to_dict() for e in fuse_tellings(lines)}
    for seed in range(3):
        shuffled = lines[:]
        random.Random(seed).shuffle(shuffled)
        assert {e.event_id: e.to_dict() for e in fuse_tellings(shuffled)} == first


def test_each_pair_is_scored_in_one_block_only(documents):
    reports = [read_telling(line)[0] for line in _lines(documents)]
    blocks: dict = {}
    for r in reports:
        for key in block_keys(r):
            blocks.setdefault(key, []).append(r)
    seen: dict = {}
    for key, block in blocks.items():
        for pair, _ in block_pairs(key, block):
            assert pair not in seen, f"{pair} scored in {seen.get(pair)} and {key}"
            seen[pair] = key
    assert seen, "some tellings of different documents are compared"


def test_a_window_across_a_cells_edge_is_compared_in_one_cell():
    def report(doc: str, day: int) -> Report:
        return Report(doc=doc, id=f"id-{doc}", published=day + 1, event_type="Battles", sub_event_type="Armed clash",
                      denied=False, day=day, precision="day", dated=True, place="P1", specific=True, area="SY09",
                      lat=35.0, lon=38.0, actor1=frozenset({"SDF"}), actor2=frozenset(), fatalities=None,
                      words=frozenset({"اشتباكات"}))
    edge = CELL_DAYS * 23000              # two days either side of a cell's first day
    a, b = report("a", edge - 1), report("b", edge)
    shared = set(block_keys(a)) & set(block_keys(b))
    pairs = [p for key in shared for p, _ in block_pairs(key, [a, b])]
    assert len(shared) >= 2 and len(pairs) == 1


def test_components_join_linked_keys():
    comp = components([("a", "b"), ("c", "d"), ("b", "d"), ("x", "y")])
    assert comp["a"] == comp["b"] == comp["c"] == comp["d"] == "a"
    assert comp["x"] == comp["y"] == "x" and "z" not in comp


# ---------------------------------------------------------------- storing in a partition

class _Count:
    def __init__(self):
        self.value = 0

    def add(self, n):
        self.value += n


def _partition(documents, db, monkeypatch=None):
    from sijill.pipeline import Result
    from sijill.spark.tasks import Counters, TaskSettings, extract_partition
    counters = Counters(*(_Count() for _ in Counters._fields))
    items = [Result(doc.id, doc, tuple(events), None) for doc, events in documents]
    rows = list(extract_partition(items, TaskSettings(Options(), db=str(db)), counters, read=False))
    return rows, {k: c.value for k, c in zip(Counters._fields, counters)}


def test_a_partition_stores_its_documents_in_batches_and_gives_the_registers_events(documents, tmp_path,
                                                                                 monkeypatch):
    from sijill.store.register import Register
    batches = []
    real = Register.store_batch
    monkeypatch.setattr(Register, "store_batch",
                        lambda self, items, **kw: batches.append(len(items := list(items))) or real(self, items, **kw))
    rows, counts = _partition(documents, tmp_path / "p.sqlite")
    assert batches == [len(documents)] and counts["stored"] == len(documents) and counts["failed"] == 0
    with open_register(tmp_path / "p.sqlite") as reg:
        stored = {e.event_id: e for e in reg.iter_events()}
    assert stored == _register_events(documents, tmp_path)


def test_a_document_the_register_refuses_is_a_failure_row_and_the_others_are_stored(documents, tmp_path,
                                                                                  monkeypatch):
    from sijill.store.register import Register
    real = Register.store_batch

    def store_batch(self, items, **kw):       # one bad document fails its whole batch
        items = list(items)
        if any(doc.id == "two-0" for doc, _ in items):
            raise ValueError("refused")
        return real(self, items, **kw)
    monkeypatch.setattr(Register, "store_batch", store_batch)
    rows, counts = _partition(documents, tmp_path / "q.sqlite")
    assert counts["failed"] == 1 and counts["stored"] == len(documents) - 1
    failures = [r for r in rows if "could not be stored" in str(r)]
    assert len(failures) == 1 and "two-0" in str(failures[0]) and "refused" in str(failures[0])
    events = sum(len(evs) for _, evs in documents)
    assert counts["events"] == events            # its events are still given out
