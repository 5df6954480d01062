"""How often the extractor's sides agree with the sides the annotators of the Arabic event gold
standard marked (prints figures; not a test).

Reads ../shared/eval/gsr-dev/{assault,protest}_gsr.csv and *_spans.json (the OEDA Arabic event
GSR, dev half: sentences whose annotators marked source actor, verb and target actor as word
lists), extracts each "yes" sentence as one document, and for the first violent (ASSAULT) or
unrest (PROTEST) event of each flagged sentence asks:
  - actor1: does the label the event carries (the outlet's words for its actor1) share a word
    with the source actor most annotators marked?
  - actor2: the same for its actor2 and the target actor.
Words are compared after dropping a leading و/ف/ب/ل and the article. A sentence counts for a side
only when a majority of its annotations mark that side. The figure measures where the roles
are read from, not the canonical ids (the GSR's CAMEO codes are not ours).

    .venv/bin/python benchmarks/role_agreement.py
    .venv/bin/python benchmarks/role_agreement.py --misses 20   # and sentences where actor1 disagrees

Reference data are read where they lie and not copied here.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
GSR = SHARED / "eval" / "gsr-dev"
KINDS = {"assault": {"Battles", "Explosions/Remote violence", "Violence against civilians"},
         "protest": {"Protests", "Riots"}}


def _word(w: str) -> str:
    return re.sub(r"^[وفبل]?(?:ال)?", "", w.strip("«»\"'،,.()"))


def _majority(spans: list[dict], role: str) -> set[str]:
    counts = Counter(_word(w) for s in spans for w in set(s.get(role) or []))
    return {w for w, c in counts.items() if w and c * 2 > len(spans)}


def _label_words(actor) -> set[str]:
    return {_word(w) for w in ((actor.label or "") if actor else "").split() if _word(w)}


def agreement(kind: str, pipeline, misses: int) -> None:
    from sijill.model import Document
    labels = {r["id"]: r["label"] for r in csv.DictReader(open(GSR / f"{kind}_gsr.csv", encoding="utf-8"))}
    spans = json.load(open(GSR / f"{kind}_spans.json", encoding="utf-8"))
    counts = {"actor1": [0, 0], "actor2": [0, 0]}
    shown = 0
    for item in spans:
        if labels.get(item["source"]) != "yes":
            continue
        events = [e for e in pipeline.extract(Document(item["source"], item["text"], language="ar"))
                  if e.event_type in KINDS[kind] and e.status in ("reported", "claimed")]
        if not events:
            continue
        e = events[0]
        for side, role, actor in (("actor1", "source_actor", e.actor1), ("actor2", "target_actor", e.actor2)):
            gold = _majority(item["spans"], role)
            if not gold:
                continue
            agree = bool(gold & _label_words(actor))
            counts[side][0] += agree
            counts[side][1] += 1
            if side == "actor1" and not agree and shown < misses:
                shown += 1
                print(f"  {kind} actor1 {actor.label if actor else None!r} vs {' '.join(sorted(gold))!r}: "
                      f"{item['text'][:100]}")
    for side, (ok, n) in counts.items():
        print(f"{kind}: {side} agrees with the annotators in {ok}/{n} flagged 'yes' sentences"
              + (f" ({ok / n:.0%})" if n else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", type=int, default=0, help="print up to N sentences where actor1 disagrees")
    args = ap.parse_args()
    if not GSR.is_dir():
        print(f"role_agreement: {GSR} is not there; nothing to measure")
        return 0
    from sijill.pipeline import Pipeline
    pipeline = Pipeline()
    for kind in KINDS:
        agreement(kind, pipeline, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
