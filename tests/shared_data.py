"""Where the reference data of ../shared lives, and how tests skip when it is absent."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "eval" / "seeds"
GAZETTEER = SHARED / "gazetteer"

needs_seeds = pytest.mark.skipif(not (SEEDS / "documents.jsonl").exists(),
                                 reason="reference data ../shared/eval/seeds is absent")
needs_gazetteer = pytest.mark.skipif(not (GAZETTEER / "syria_communities.csv").exists(),
                                     reason="reference gazetteer ../shared/gazetteer is absent")


def seed_documents():
    from sijill.model import Document
    for line in (SEEDS / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        text = (SEEDS / d["file"]).read_text(encoding="utf-8")
        yield Document(d["doc"], text, date.fromisoformat(d["published"]), d["outlet"], language=d["language"])
