"""Every evidence span of every event points to the exact characters it came from:
clean_text[start:end] == text, on the examples, the seeds and the 137 dev articles."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]


def inputs():
    yield "examples", [str(ROOT / "examples" / "documents.jsonl")]
    seeds = SHARED / "eval" / "seeds"
    if seeds.exists():
        yield "seeds", [str(p) for p in sorted(seeds.glob("*.txt"))]
    corpus = SHARED / "corpus" / "articles_ar_dev.jsonl"
    if corpus.exists():
        yield "articles", [str(corpus)]


@pytest.mark.parametrize("name,paths", list(inputs()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_evidence_span_is_the_text_it_quotes(name, paths):
    from sijill.model import Options
    from sijill.pipeline import run
    checked = 0
    for result in run(paths, Options()):
        if result.document is None:
            continue
        text = result.document.text
        for ev in result.events:
            for src in ev.sources:
                for e in src.evidence:
                    assert text[e.start:e.end] == e.text, (result.source, e)
                    checked += 1
            if ev.location is not None:
                assert ev.location.surface == "" or ev.location.surface in text
    if name != "articles":
        assert checked > 0, f"no evidence at all on {name}"
