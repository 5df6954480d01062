"""`sijill train`: fit the decision models from annotated data, and measure them honestly.

  1. read the annotated sets (`corpora.py`) and run the rules over every document (`examples.py`);
  2. with `cv`: grouped k-fold cross-validation by document. For each fold, fit on the shippable
     documents of the other folds (strength and threshold chosen by an inner cross-validation on
     them alone), decide on the held-out documents, and score every held-out document with the
     referee's rules (`sijill evaluate`). The report gives each set's figures over all folds, and
     the same figures for the rules alone;
  3. fit the model that ships on every shippable document and write it (`--out`).
Deterministic: folds are fixed by document ids and the seed; the solver has no randomness.
Needs the `train` extra (scikit-learn); extraction never does.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from ...model import Options
from ..linear import LinearModel
from .corpora import Corpus, read_corpora
from .examples import Example, collect
from .fit import fit_event_model, fold_of, keep, score_decisions


def _figures(scores) -> dict:
    return {name: {"f1": round(s.f1, 3), "precision": round(s.precision, 3), "recall": round(s.recall, 3), **s.detail}
            for name, s in sorted(scores.items())}


def cross_validate(examples: list[Example], corpora: dict[str, Corpus], folds: int, seed: int,
                   log=print) -> dict:
    probs = [0.0] * len(examples)
    thresholds = [0.5] * len(examples)
    every = {(c.name, d.id) for c in corpora.values() for d in c.documents}
    for k in range(folds):
        t0 = time.monotonic()
        train = [e for e in examples if fold_of(e.doc, folds, seed) != k and e.shippable]
        train_docs = {(c.name, d.id) for c in corpora.values() for d in c.documents
                      if fold_of(d.id, folds, seed) != k and c.shippable(d.id)}
        model = fit_event_model(train, corpora, train_docs, seed)
        for i, e in enumerate(examples):
            if fold_of(e.doc, folds, seed) == k:
                probs[i] = model.prob(e.candidate.features)
                thresholds[i] = model.threshold
        log(f"fold {k + 1}/{folds}: {len(train)} training candidates, threshold {model.threshold}, "
            f"{time.monotonic() - t0:.0f} s")
    learned = score_decisions(examples, [keep(e, p, t) for e, p, t in zip(examples, probs, thresholds)],
                              corpora, every)
    rules = score_decisions(examples, [True] * len(examples), corpora, every)
    return {"folds": folds, "seed": seed, "grouped_by": "document",
            **_figures(learned), "rules_only": _figures(rules)}


def prepare(data_dir: str, log=print) -> tuple[dict[str, Corpus], list[Example]]:
    """The annotated sets found in `data_dir` and the labelled candidates the rules propose on them."""
    from ...pipeline import Pipeline
    found, missing = read_corpora(data_dir)
    for note in missing:
        log(f"note: {note}")
    if not found:
        raise SystemExit(f"{data_dir}: no annotated data found (expected eval/ and corpus/ folders there)")
    t0 = time.monotonic()
    examples = collect(found, Pipeline(Options(rules_only=True)), progress=log)
    log(f"{len(examples)} candidates from {sum(len(c.documents) for c in found)} documents "
        f"in {time.monotonic() - t0:.0f} s")
    return {c.name: c for c in found}, examples


def train(data_dir: str, out_dir: str | None, folds: int = 0, report: str | None = None, seed: int = 0,
          log=print) -> dict:
    """Train (and with `folds` >= 2, cross-validate) the event model; returns the report."""
    corpora, examples = prepare(data_dir, log)
    found = list(corpora.values())
    result: dict = {"sets": {c.name: {"documents": len(c.documents), "licence": c.licence,
                                      "trains_shipped_model": sum(c.shippable(d.id) for d in c.documents)}
                             for c in found}}
    if folds >= 2:
        result["cv"] = cross_validate(examples, corpora, folds, seed, log)
    shippable = [e for e in examples if e.shippable]
    ship_docs = {(c.name, d.id) for c in found for d in c.documents if c.shippable(d.id)}
    model = fit_event_model(shippable, corpora, ship_docs, seed, log)
    sources = {name: info["trains_shipped_model"] for name, info in result["sets"].items()}
    model = LinearModel(model.name, model.bits, model.weights, model.bias, model.threshold,
                        {**model.meta, "trained_on_documents": sources, "seed": seed})
    result["model"] = {k: v for k, v in model.meta.items()} | {"threshold": model.threshold,
                                                               "non_zero_weights": len(model.weights)}
    if out_dir:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        model.save(Path(out_dir) / "event.npz")
        log(f"model written to {Path(out_dir) / 'event.npz'}")
    if report:
        Path(report).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log(f"report written to {report}")
    return result
