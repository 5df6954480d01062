"""The quality gate: the referee's figures on the seeds and on the Arabic gold standard (dev half)
may not fall below the floors stored in floors.json. Skipped when ../shared is absent."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import SHARED, needs_seeds

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))
REFEREE = SHARED / "eval" / "score.py"


def extract_to(path: Path, docs: list[dict]) -> Path:
    from sijill.model import Options
    from sijill.pipeline import run
    src = path.with_suffix(".docs.jsonl")
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    with path.open("w", encoding="utf-8") as out:
        for result in run([str(src)], Options()):
            assert result.problem is None, str(result.problem)
            for ev in result.events:
                out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
    return path


def referee(*args) -> dict:
    done = subprocess.run([sys.executable, str(REFEREE), *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def seed_docs() -> list[dict]:
    seeds = SHARED / "eval" / "seeds"
    docs = []
    for line in (seeds / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append({"id": d["doc"], "text": (seeds / d["file"]).read_text(encoding="utf-8"),
                     "published": d["published"], "outlet": d["outlet"], "language": d["language"]})
    return docs


@needs_seeds
@pytest.mark.parametrize("setup", ["imported", "builtin"])
def test_seed_events_stay_above_their_floors(tmp_path, setup, request):
    request.getfixturevalue(f"{setup}_home")
    pred = extract_to(tmp_path / "seeds.jsonl", seed_docs())
    got = referee("events", "--gold", str(SHARED / "eval" / "seeds" / "events.jsonl"), "--pred", str(pred))
    floor = FLOORS[f"seeds_{setup}_gazetteer"]
    for key in ("f1", "precision", "recall"):
        assert got[key] >= floor[key], f"seeds ({setup} gazetteer) {key} fell to {got[key]} (floor {floor[key]})"
    for field, value in floor["field_accuracy"].items():
        assert got["field_accuracy"].get(field, 0) >= value, \
            f"seeds ({setup} gazetteer) {field} accuracy fell to {got['field_accuracy'].get(field)} (floor {value})"


@needs_seeds
@pytest.mark.parametrize("kind", ["assault", "protest"])
def test_gold_standard_detection_stays_above_its_floors(tmp_path, kind, imported_home):
    gold = SHARED / "eval" / "gsr-dev" / f"{kind}_gsr.csv"
    with gold.open(encoding="utf-8") as f:
        docs = [{"id": r["id"], "text": r["text"], "language": "ar"} for r in csv.DictReader(f)]
    pred = extract_to(tmp_path / f"{kind}.jsonl", docs)
    got = referee("sentences", "--gold", str(gold), "--kind", kind, "--pred", str(pred))
    floor = FLOORS[f"gsr_{kind}"]
    assert got["f1"] >= floor["f1"], f"{kind} F1 fell to {got['f1']} (floor {floor['f1']})"
    assert got["recall"] >= floor["recall"], f"{kind} recall fell to {got['recall']} (floor {floor['recall']})"
    assert got["hard_negative_flag_rate"] <= floor["max_hard_negative_flag_rate"], \
        f"{kind} flags {got['hard_negative_flag_rate']} of the difficult negatives"
