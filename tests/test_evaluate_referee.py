"""`sijill evaluate` agrees with the project's referee (../shared/eval/score.py) on tp, fp, fn and F1.

The predictions are made here from the seed gold events, altered the ways an extractor goes
wrong: Persian spellings of the place, a place left without its article, the wrong place, USA_MIL
for COALITION, shifted dates, wrong numbers, wrong sub-types, denied events, duplicates, events
cited by two documents, and events that are not in the gold at all. Nothing of ../shared is
copied into the project: the gold is read where it lies.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from sijill.cli import main
from tests.test_evaluate import pred_event

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFEREE = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "seeds" / "events.jsonl"

pytestmark = [pytest.mark.shared, pytest.mark.skipif(
    not (REFEREE.exists() and GOLD.exists()),
    reason=f"the referee and seed gold are not at {SHARED / 'eval'} (../shared is absent)")]

_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه"})


def _place(name: str, rng: random.Random) -> str:
    way = rng.random()
    if way < 0.3:
        return name.translate(_PERSIAN)
    if way < 0.45 and name.startswith("ال"):
        return name[2:]
    if way < 0.55:
        return "مكان لا يذكره أحد"
    return name


def _date(day: str | None, rng: random.Random) -> str | None:
    if day is None or rng.random() < 0.1:
        return None
    return (date.fromisoformat(day) + timedelta(days=rng.choice([0, 0, 0, 1, -1, 5, 8, 40]))).isoformat()


def make_predictions(gold: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    docs = sorted({g["doc"] for g in gold})
    out = []
    for g in gold:
        if rng.random() < 0.2:
            continue                                   # missed
        places = g["location"] if isinstance(g["location"], list) else [g["location"]]
        place = places[0] and _place(rng.choice(places), rng)
        a1 = rng.choice(g["actor1"]) if g["actor1"] else None
        if a1 == "COALITION" and rng.random() < 0.5:
            a1 = "USA_MIL"
        a2 = rng.choice(g["actor2"]) if g["actor2"] and rng.random() < 0.8 else None
        fat = g["fatalities"]
        if fat is not None and rng.random() < 0.3:
            fat = fat + rng.choice([1, 2, 5])
        sub = rng.choice(g["sub_event_type"]) if rng.random() < 0.8 else "Other"
        event_type = g["event_type"] if rng.random() < 0.9 else "Riots"
        status = "denied" if rng.random() < 0.07 else rng.choice(["reported", "reported", "claimed"])
        cited = [g["doc"]] + ([rng.choice(docs)] if rng.random() < 0.1 else [])
        for _ in range(2 if rng.random() < 0.15 else 1):   # duplicates, one of them extra
            out.append(pred_event(doc=g["doc"], docs=list(dict.fromkeys(cited)), event_type=event_type,
                                  sub=sub, actor1=a1, actor2=a2, place=place, date=_date(g["date"], rng),
                                  fatalities=fat, qualifier=rng.choice(["exact", "approximate", None]),
                                  status=status))
    for _ in range(rng.randint(0, 5)):                 # events that the gold does not have
        out.append(pred_event(doc=rng.choice(docs + ["not_in_gold"]), actor1="ISIS",
                              place=rng.choice(["دير الزور", "ذيبان", None])))
    rng.shuffle(out)
    return out


def referee(gold: Path, pred: Path) -> dict:
    done = subprocess.run([sys.executable, str(REFEREE), "events", "--gold", str(gold), "--pred", str(pred),
                           "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def ours(gold: Path, pred: Path) -> dict:
    r = CliRunner().invoke(main, ["evaluate", str(gold), str(pred), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.mark.parametrize("seed", range(8))
def test_same_counts_as_the_referee(tmp_path, seed):
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in make_predictions(gold, seed)),
                    encoding="utf-8")
    want, got = referee(GOLD, pred), ours(GOLD, pred)
    assert {k: got[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")} == \
           {k: want[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")}
    assert sorted(got["missed"]) == sorted(want["missed"])
    assert len(got["extra"]) == len(want["extra"])
    assert got["tp"] > 0 and got["fp"] > 0          # the test means something


GSR = SHARED / "eval" / "gsr-dev"


@pytest.mark.skipif(not (GSR / "assault_gsr.csv").exists(), reason=f"{GSR} is absent")
@pytest.mark.parametrize("kind", ["assault", "protest"])
def test_sentences_same_as_the_referee(tmp_path, kind):
    import csv
    with open(GSR / f"{kind}_gsr.csv", encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    rng = random.Random(kind)
    types = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
             ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"), ("Riots", "Mob violence"),
             ("Strategic developments", "Arrests")]
    preds = []
    for ident in rng.sample(ids, len(ids) // 3):
        event_type, sub = rng.choice(types)
        preds.append(pred_event(doc=ident, event_type=event_type, sub=sub, place=None,
                                status=rng.choice(["reported", "reported", "claimed", "denied", "planned"])))
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    done = subprocess.run([sys.executable, str(REFEREE), "sentences", "--gold", str(GSR / f"{kind}_gsr.csv"),
                           "--kind", kind, "--pred", str(pred), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    want = json.loads(done.stdout)
    r = CliRunner().invoke(main, ["evaluate", str(GSR / f"{kind}_gsr.csv"), str(pred), "--kind", kind, "--json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    assert {k: got[k] for k in want} == want
    assert got["tp"] > 0 and got["fp_easy"] > 0
