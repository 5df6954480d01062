"""Fuzzing: pages made of news fragments, hostile characters and noise, through every stage.

What must hold for any input: no exception escapes (a bad input is an InputProblem, never a
crash), every evidence span is exactly the characters of the clean text it names, every event has
its required fields, the register gives back what was stored, and every export format writes.

CI runs a short round (SIJILL_FUZZ_EXAMPLES, default 150 a target). The long run:
    SIJILL_FUZZ_EXAMPLES=20000 .venv/bin/pytest -q tests/fuzz -p no:cacheprovider
"""
from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sijill.export import write_events
from sijill.ingest import iter_documents
from sijill.model import Document, InputProblem, Options
from sijill.pipeline import Pipeline
from sijill.store import open_register

EXAMPLES = int(os.environ.get("SIJILL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# Pieces of real news sentences: triggers, sides, places, numbers, dates, attributions.
FRAGMENTS = [
    "قتل", "قُتل", "قصف", "قصفت", "اشتباكات", "غارة", "غارات جوية", "انفجار", "عبوة ناسفة", "اعتقلت",
    "تظاهر", "مظاهرة", "سيطرت", "هجوم", "استهدف", "مقتل", "إصابة", "جرحى", "كشته شدند", "حمله",
    "قوات النظام", "ميليشيا أسد", "قوات سوريا الديمقراطية", "قسد", "تنظيم داعش", "التحالف الدولي",
    "الطيران الروسي", "فصائل المعارضة", "هيئة تحرير الشام", "الجيش التركي", "مزدوران قسد", "داعش",
    "درعا", "دير الزور", "ريف حلب الشمالي", "قرية الجنينة", "مدينة منبج", "إدلب", "دمشق", "هجين",
    "الرقة", "قرى الشعفة والسوسة والباغوز", "(البصيرة)", "حماة", "سوريه", "الغوطة الشرقية",
    "3", "12", "٣٠", "۱۵", "عشرة", "خمسة عناصر", "20 مدنيا", "مئات", "1000000000000000000000",
    "أمس", "أمس (الأحد)", "اليوم", "الخميس الماضي", "في 12 آذار 2018", "2018-04-30", "دیروز",
    "وقال المرصد السوري", "بحسب مصادر محلية", "نفت", "أعلنت", "وفق ما أفاد", "ذكرت وكالة سانا",
    "،", ".", "؟", "!", ":", "«", "»", "\"", "-", "—", "\n", "\n\n", " ", "  ", "\t",
]
# Characters that have stopped runs or matching before.
HOSTILE = ["\x00", "\x07", "\ufeff", "\u200c", "\u200d", "\u061c", "\u00ad", "\u2060", "\u202e",
           "\ud800", "\udfff", "\ufffd", "\U0001f600", "\u0640", "<script>", "&amp;", "<", ">"]

_piece = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(HOSTILE),
                   st.text(max_size=8), st.sampled_from(FRAGMENTS).map(lambda s: s * 5))
texts = st.lists(_piece, max_size=120).map(" ".join)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(Options())


def _check_events(doc: Document, events) -> None:
    for ev in events:
        d = ev.to_dict()
        for field in ("event_id", "event_type", "sub_event_type", "status", "sources"):
            assert d[field], (field, d)
        assert d["status"] in ("reported", "claimed", "denied")
        for source in d["sources"]:
            assert source["doc"] == doc.id
            for span in source["evidence"]:
                assert 0 <= span["start"] < span["end"] <= len(doc.text)
                assert doc.text[span["start"]:span["end"]] == span["text"]


@FUZZ
@given(text=texts, kind=st.sampled_from(["txt", "html", "jsonl"]))
def test_readers_turn_any_bytes_into_documents_or_problems(tmp_path_factory, text, kind):
    folder = tmp_path_factory.mktemp("fuzz_read")
    raw = text.encode("utf-8", "surrogatepass")
    if kind == "html":
        raw = b"<html><head><title>" + raw[:40] + b"</title></head><body><p>" + raw + b"</p></body></html>"
    elif kind == "jsonl":
        raw = (json.dumps({"id": "j", "text": text}) + "\n" + text[:50] + "\n").encode("utf-8", "surrogatepass")
    path = folder / f"page.{kind}"
    path.write_bytes(raw)
    for item in iter_documents([str(path)], Options()):
        assert isinstance(item, (Document, InputProblem))
        if isinstance(item, Document):
            item.text.encode("utf-8")          # storable and printable: no lone surrogates left
            assert item.content_hash


@FUZZ
@given(text=texts)
def test_extraction_of_any_text_keeps_exact_evidence_and_required_fields(pipeline, tmp_path_factory, text):
    doc = _read(tmp_path_factory.mktemp("fuzz_extract"), text)
    _check_events(doc, pipeline.extract(doc))


@FUZZ
@given(text=texts)
def test_what_is_stored_comes_back_and_every_format_writes(pipeline, tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz_store")
    doc = _read(folder, text)
    events = pipeline.extract(doc)
    db = folder / "register.sqlite"
    with open_register(str(db)) as reg:
        reg.store(doc, events)
        back = reg.query()
    assert sorted(e.to_dict()["event_id"] for e in back) == sorted(e.event_id for e in events)
    by_id = {e.event_id: e.to_dict() for e in events}
    for e in back:
        _same_or_more(by_id[e.event_id], e.to_dict())
    for fmt in ("acled", "jsonl", "geojson"):
        write_events(back, fmt, io.StringIO())


def _same_or_more(fresh, stored) -> None:
    """What was extracted comes back unchanged; the register may add what it keeps of its own
    (corroboration, disagreements, each source's own values)."""
    if isinstance(fresh, dict):
        assert isinstance(stored, dict) and fresh.keys() <= stored.keys(), (fresh, stored)
        for key, value in fresh.items():
            _same_or_more(value, stored[key])
    elif isinstance(fresh, list):
        assert isinstance(stored, list) and len(fresh) == len(stored), (fresh, stored)
        for a, b in zip(fresh, stored):
            _same_or_more(a, b)
    else:
        assert fresh == stored


def _read(folder: Path, text: str) -> Document:
    """The text as the reader gives it (one JSON line), so the fuzzed text meets the same
    cleaning as a real page's; a text with nothing to read is an empty document."""
    path = folder / "page.jsonl"
    line = json.dumps({"id": "fuzz", "text": text, "published": "2018-04-30"})
    path.write_bytes(line.encode("utf-8", "surrogatepass") + b"\n")
    [doc] = list(iter_documents([str(path)], Options()))
    if isinstance(doc, InputProblem):
        assert "text" in doc.problem, doc       # empty, or nothing but boilerplate
        return Document("fuzz", "")
    return doc


def test_one_cli_run_over_many_fuzzed_pages_reads_them_all(tmp_path):
    """A batch of fuzzed pages in every container through `sijill ingest`: the run is never
    stopped, and every page is read, stored or reported."""
    from click.testing import CliRunner
    from sijill.cli import main
    rng = random.Random(20261206)
    n = max(30, EXAMPLES // 2)
    pieces = FRAGMENTS + HOSTILE
    lines = []
    for i in range(n):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
        key = "html" if i % 3 == 0 else "text"
        body = f"<p>{text}</p>" if key == "html" else text
        lines.append(json.dumps({"id": f"f{i}", key: body, "published": "2018-04-30"}))
    src = tmp_path / "fuzz.jsonl"
    src.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(tmp_path / "r.sqlite"), "-q"])
    assert "Traceback" not in result.output and "the run stopped" not in result.output
    assert result.exit_code in (0, 1), result.output
    assert f"{n} documents read" in result.output.splitlines()[-1]
