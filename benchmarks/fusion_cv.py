"""Fusion across documents on articles-dev: the pair F1 of the register's events, its thresholds
chosen and measured by cross-validation (prints a report; not a test).

    python3 ../shared/eval/make_docs.py articles > /tmp/articles.jsonl
    .venv/bin/python benchmarks/fusion_cv.py /tmp/articles.jsonl
    .venv/bin/python benchmarks/fusion_cv.py /tmp/articles.jsonl --folds 4 --wrong

What it does:
  1. extracts every document once (the shipped pipeline) and makes each event a report, as
     `Register.store` does (fuse/across.py);
  2. groups reports as the register does (`clusters`: the register's result does not depend on
     the order of ingest, so grouping them all at once gives the same events) and scores the
     groups with the referee (`score.py fusion`, pairs of documents joined by one event);
  3. cross-validates the thresholds, `theta` (link), `floor` (no weaker pair in one event) and
     `undated_days` (how far back a report the text does not date may go):
     the documents in publication order are cut into folds (an event's tellings are days apart,
     so nearly every gold pair stays inside one fold); for each fold the pair that scores best on
     the other folds is chosen and measured on it; the held-out counts are pooled.
The weights of the evidence are the coding rules' (fuse/across.py `Rules`), not fitted here.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
THETAS = [x / 2 for x in range(6, 19)]          # 3.0 .. 9.0
FLOORS = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
UNDATED = [3, 5, 7, 10, 14]                      # days before publication an undated report covers


def _referee():
    sys.path.insert(0, str(EVAL))
    import score
    return score


def extract(path: str):
    from sijill.ingest import iter_documents
    from sijill.model import Document, Options
    from sijill.pipeline import Pipeline
    options = Options()
    pipeline = Pipeline(options)
    docs = [d for d in iter_documents([path], options) if isinstance(d, Document)]
    return [(d, pipeline.extract(d)) for d in docs]


def tellings(extracted):
    """(report, event) for every event, made as the register makes them."""
    from sijill.fuse.across import report_of
    from sijill.fuse.values import own_source
    out = []
    for doc, evs in extracted:
        for ev in evs:
            ev = replace(ev, sources=(own_source(ev, doc.id, doc.outlet, doc.language, doc.published),))
            out.append((report_of(ev, doc.text, doc.published), ev))
    return out


def fuse(told, rules, links):
    from sijill.fuse.across import anchor, clusters
    from sijill.fuse.values import fused_event
    by_key = {r.key: ev for r, ev in told}
    groups = clusters([r for r, _ in told], rules, links)
    return [fused_event([by_key[r.key] for r in g], anchor(g).id) for g in groups]


def pair_scores(told, rules):
    from sijill.fuse.across import link_score
    reps = sorted((r for r, _ in told), key=lambda r: r.key)
    return {(a.key, b.key): link_score(a, b, rules) for i, a in enumerate(reps) for b in reps[i + 1:]}


def fusion_counts(score, events, docs: set[str], clusters_path: Path, records_path: Path) -> dict:
    """The referee's fusion figures restricted to `docs` (gold records of other documents left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        pred = Path(tmp) / "pred.jsonl"
        records.write_text("".join(line + "\n" for line in records_path.read_text(encoding="utf-8").splitlines()
                                   if line.strip() and json.loads(line)["doc"] in docs), encoding="utf-8")
        pred.write_text("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in events),
                        encoding="utf-8")
        return score.score_fusion(str(clusters_path), str(records), str(pred))


def f1(c: dict) -> float:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("documents", help="articles-dev as documents (make_docs.py articles)")
    ap.add_argument("--gold", default=str(EVAL / "articles-dev"), help="folder of gold.jsonl and clusters.jsonl")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--wrong", action="store_true", help="list the wrong merges at the shipped thresholds")
    args = ap.parse_args()
    from sijill.fuse.across import DEFAULT_RULES
    score = _referee()
    gold = Path(args.gold)
    clusters_path, records_path = gold / "clusters.jsonl", gold / "gold.jsonl"

    extracted = extract(args.documents)
    told = tellings(extracted)
    links = {u: pair_scores(told, replace(DEFAULT_RULES, undated_days=u)) for u in UNDATED}
    order = [d.id for d, _ in sorted(extracted, key=lambda x: (x[0].published is None, x[0].published, x[0].id))]
    fold_of = {doc: i * args.folds // len(order) for i, doc in enumerate(order)}

    def run(theta, floor, undated, docs):
        rules = replace(DEFAULT_RULES, theta=theta, floor=floor, undated_days=undated)
        sub = [(r, ev) for r, ev in told if r.doc in docs]
        return fusion_counts(score, fuse(sub, rules, links[undated]), docs, clusters_path, records_path)

    grid = [(t, f, u) for u in UNDATED for t in THETAS for f in FLOORS if f <= t]
    print(f"{len(extracted)} documents, {len(told)} events; {args.folds} folds in publication order; "
          f"grid: theta {THETAS[0]}..{THETAS[-1]}, floor {FLOORS[0]}..{FLOORS[-1]}, undated_days {UNDATED}")
    pooled = {"tp": 0, "fp": 0, "fn": 0, "excused": 0}
    for k in range(args.folds):
        test = {d for d in order if fold_of[d] == k}
        train = set(order) - test
        scored = [(f1(run(t, fl, u, train)), t, fl, u) for t, fl, u in grid]
        best_f1 = max(x[0] for x in scored)
        # among the best on the training folds, the most cautious (highest thresholds, shortest window)
        _, theta, floor, undated = max((s, t, fl, -u) for s, t, fl, u in scored if s == best_f1)
        undated = -undated
        held = run(theta, floor, undated, test)
        for key in pooled:
            pooled[key] += held[key]
        print(f"fold {k}: {len(test)} documents, {held['gold_pairs']} gold pairs; chosen on the others "
              f"theta={theta} floor={floor} undated_days={undated} (train F1 {best_f1:.3f}); held out: "
              f"tp {held['tp']} fp {held['fp']} fn {held['fn']} excused {held['excused']}, F1 {f1(held):.3f}")
    p = pooled["tp"] / max(1, pooled["tp"] + pooled["fp"])
    r = pooled["tp"] / max(1, pooled["tp"] + pooled["fn"])
    print(f"cross-validated (pooled held-out folds): precision {p:.3f} recall {r:.3f} F1 {f1(pooled):.3f}")

    every = set(order)
    d = DEFAULT_RULES
    shipped = run(d.theta, d.floor, d.undated_days, every)
    print(f"all of articles-dev, shipped theta={d.theta} floor={d.floor} undated_days={d.undated_days}: "
          f"precision {shipped['precision']} recall {shipped['recall']} F1 {shipped['f1']} "
          f"({shipped['tp']} of {shipped['gold_pairs']} gold pairs, {shipped['fp']} wrong, "
          f"{shipped['excused']} excused)")
    best = max((f1(run(t, fl, u, every)), t, fl, u) for t, fl, u in grid)
    print(f"best on all of articles-dev (optimistic, for comparison): F1 {best[0]:.3f} at theta={best[1]} "
          f"floor={best[2]} undated_days={best[3]}")
    if args.wrong:
        for w in shipped["wrong_merges"]:
            print("  wrong merge:", w)


if __name__ == "__main__":
    main()
