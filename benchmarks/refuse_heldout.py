"""A change made after the models (stage 6, `fuse/`) measured in seconds instead of a
cross-validation run (prints figures; not a test).

    sijill train --data ../shared --cv 5 --repeats 3 --held-out /tmp/ho --out /tmp/m   # once
    .venv/bin/python benchmarks/refuse_heldout.py /tmp/ho/seed-0 /tmp/ho/seed-1 /tmp/ho/seed-2

The held-out events of a cross-validation run are the decided events of each document, fused.
Fusing them again with the fusion of this build (`fuse.fuse_document`, which joins what it may
and leaves alone what it already joined) gives what the run would have given with this build's
fusion, as long as the change leaves the rules and the models alone (the event thresholds are
chosen on fused events, so a real run of one draw confirms a change; see docs/model.md). Each
folder is scored with the referee on every set it holds, beside its own figures: the difference
is the change's.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
# set file in a --held-out folder -> the referee's gold and how it scores it
SETS = {
    "articles": ("events", EVAL / "articles-dev" / "gold.jsonl"),
    "articles2": ("events", EVAL / "articles-dev2" / "gold.jsonl"),
    "persian": ("events", EVAL / "persian-dev" / "gold.jsonl"),
    "seeds": ("events", EVAL / "seeds" / "events.jsonl"),
    "assault": ("assault", EVAL / "gsr-dev" / "assault_gsr.csv"),
    "protest": ("protest", EVAL / "gsr-dev" / "protest_gsr.csv"),
}


def refused(src: Path, dst: Path) -> None:
    """The events of `src` (JSON lines), fused again document by document, written to `dst`."""
    from sijill.fuse import fuse_document
    from sijill.model import Event
    by_doc: dict[str, list[Event]] = {}
    with open(src, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                ev = Event.from_dict(json.loads(line))
                by_doc.setdefault(ev.sources[0].doc if ev.sources else "", []).append(ev)
    with open(dst, "w", encoding="utf-8") as out:
        for events in by_doc.values():
            for ev in fuse_document(events):
                out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")


def f1(score, kind: str, gold: Path, pred: Path) -> float:
    if kind == "events":
        return score.score_events(str(gold), str(pred))["f1"]
    return score.score_sentences(str(gold), kind, str(pred))["f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", type=Path, help="--held-out folders of `sijill train --cv` (one per draw)")
    args = ap.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL}: the reference data is not there; nothing to score")
    sys.path.insert(0, str(EVAL))
    import score
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder; skipped", file=sys.stderr)
            continue
        cells = []
        with tempfile.TemporaryDirectory() as tmp:
            for name, (kind, gold) in SETS.items():
                held = folder / f"{name}.jsonl"
                if not held.exists():
                    continue
                again = Path(tmp) / held.name
                refused(held, again)
                cells.append(f"{name} {f1(score, kind, gold, held):.3f} -> {f1(score, kind, gold, again):.3f}")
        print(f"{folder}: " + ", ".join(cells))


if __name__ == "__main__":
    main()
