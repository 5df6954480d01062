"""The quality gate: figures that may not fall below the floors stored in floors.json.

  - the seeds, extracted with the shipped model and scored by the referee;
  - the cross-validated figures of `sijill train --cv 5` (articles-dev, articles-dev2, the two
    halves of the Arabic event gold standard's dev set): the shipped model has learned from those
    documents, so only figures on held-out folds say how it does on pages it has not seen.
Skipped when ../shared is absent."""
from __future__ import annotations

import json
import os
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
    return json.loads(done.stdout.strip().splitlines()[-1])


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


@pytest.fixture(scope="session")
def cross_validated(tmp_path_factory):
    """`sijill train --cv 5`'s cross-validation on the reference data, with the built-in gazetteer
    (an empty SIJILL_HOME): each fold's models fitted on the other folds alone (about three
    minutes). In a process of its own, so that nothing an earlier test left in this one (a cache, a
    patched table) moves a figure: in-process, the ASSAULT figure of a full run was 0.829 where the
    command gives 0.840. (The cross-validation alone: the command would fit the shipped models too.)"""
    pytest.importorskip("sklearn", reason="cross-validation needs the train extra (scikit-learn)")
    home = tmp_path_factory.mktemp("builtin_home")
    code = ("import json, sys; from sijill.learn.train import cross_validate, prepare; "
            "print(json.dumps(cross_validate(prepare(sys.argv[1], log=lambda s: None), folds=5, seed=0, "
            "log=lambda s: None)))")
    done = subprocess.run([sys.executable, "-c", code, str(SHARED)], env={**os.environ, "SIJILL_HOME": str(home)},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_seeds
@pytest.mark.parametrize("name", sorted(FLOORS["cross_validated"]))
def test_cross_validated_figures_stay_above_their_floors(cross_validated, name):
    floor, got = FLOORS["cross_validated"][name], cross_validated[name]
    for key, value in floor.items():
        if key == "field_accuracy":
            for field, least in value.items():
                have = got["field_accuracy"].get(field, 0)
                assert have >= least, f"{name} cross-validated {field} accuracy fell to {have} (floor {least})"
            continue
        assert got[key] >= value, f"{name} cross-validated {key} fell to {got[key]} (floor {value})"
