"""Fitting the event model: a logistic regression on hashed features, its thresholds chosen by an
inner cross-validation on the training documents alone.

scikit-learn fits (the `train` extra); the result is a `LinearModel` whose float32 weights are
the ones that ship, and every probability used to choose a threshold or to score a fold comes
from that `LinearModel`, so what is measured is what runs.
"""
from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass

from ...evaluate import Prediction, score_events, score_sentences
from ...fuse import fuse_document
from ..decide import UNJUDGED_STATUSES
from ..linear import FEATURES_VERSION, LinearModel, bucket
from .corpora import Corpus
from .examples import Example

BITS = 18
# The event model's inverse L2 strength (C). Choosing it among 0.1, 0.3 and 1.0 by the inner
# cross-validation gave the same held-out figures over three fold draws (docs/model.md) at three
# times the cost, and one more choice made on few documents.
STRENGTH = 0.3
THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(17))   # 0.1 .. 0.9
INNER_FOLDS = 3


def fold_of(doc: str, folds: int, seed: int) -> int:
    """A document's fold: fixed by its id and the seed, whatever order the data comes in."""
    return zlib.crc32(f"{seed}:{doc}".encode("utf-8")) % folds


def _require_sklearn():
    try:
        import numpy  # noqa: F401
        import scipy.sparse  # noqa: F401
        from sklearn.linear_model import LogisticRegression  # noqa: F401
    except ImportError:
        raise SystemExit("training needs scikit-learn: pip install 'sijill[train]'") from None


def _matrix(rows_features: list[dict], bits: int):
    import numpy as np
    import scipy.sparse as sp
    rows, cols, vals = [], [], []
    for r, feats in enumerate(rows_features):
        merged: dict[int, float] = defaultdict(float)
        for name, value in feats.items():
            merged[bucket(name, bits)] += value
        for c, v in merged.items():
            rows.append(r)
            cols.append(c)
            vals.append(v)
    return sp.csr_matrix((np.array(vals, dtype=float), (np.array(rows, dtype=int), np.array(cols, dtype=int))),
                         shape=(len(rows_features), 1 << bits))


def fit_linear(name: str, features: list[dict], labels: list[int], strength: float, bits: int = BITS,
               meta: dict | None = None) -> LinearModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    y = np.array(labels, dtype=int)
    info = {"features_version": FEATURES_VERSION, "strength": strength, "examples": len(labels),
            "positives": int(y.sum()), **(meta or {})}
    if len(set(y.tolist())) < 2:
        # one class only (a tiny fold): a constant model that says what that class says
        return LinearModel(name, bits, {}, 4.0 if y.size and y[0] == 1 else -4.0, 0.5, info)
    lr = LogisticRegression(C=strength, max_iter=5000, solver="lbfgs")
    lr.fit(_matrix(features, bits), y)
    coef = lr.coef_[0].astype(np.float32)
    nz = np.flatnonzero(coef)
    weights = dict(zip(nz.tolist(), coef[nz].astype(float).tolist()))
    return LinearModel(name, bits, weights, float(lr.intercept_[0]), 0.5, info)


def _fit_events(examples: list[Example], meta: dict | None = None) -> LinearModel:
    return fit_linear("event", [e.candidate.features for e in examples], [e.label for e in examples], STRENGTH,
                      meta=meta)


RANKER_STRENGTH = 0.3


def fit_ranker(name: str, groups) -> LinearModel:
    """A ranker (place, actor), from the option groups where some options are right and some
    wrong (a frame with no right option, or no wrong one, says nothing about which to pick)."""
    _require_sklearn()
    feats, labels = [], []
    for group in groups:
        ys = {y for _, y in group}
        if ys == {0, 1}:
            for option, y in group:
                feats.append(option.features)
                labels.append(y)
    informative = sum(1 for g in groups if {y for _, y in g} == {0, 1})
    return fit_linear(name, feats, labels, RANKER_STRENGTH, meta={"groups": informative})


def keep(e: Example, p: float, thresholds: tuple[float, float]) -> bool:
    """The decision rule of `learn.decide`: statuses never counted pass, the rest by the threshold
    of their kind of document (a page, a one-sentence document)."""
    return e.candidate.event.status in UNJUDGED_STATUSES or p >= thresholds[e.candidate.short]


# ---------------------------------------------------------------- scoring decisions

@dataclass
class SetScore:
    f1: float
    precision: float
    recall: float
    detail: dict


def decided_events(examples: list[Example], kept: list[bool], docs: set[tuple[str, str]]
                   ) -> dict[str, tuple[set[str], list[Prediction]]]:
    """Set by set: its documents among `docs`, and the events the kept candidates give once fused
    in their documents (in document order, each document's events in text order)."""
    by_doc: dict[tuple[str, str], list[tuple[int, object]]] = defaultdict(list)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for name, doc in docs:
        docs_of[name].add(doc)
    for e, k in zip(examples, kept):
        if k and (e.corpus, e.doc) in docs:
            by_doc[e.corpus, e.doc].append((e.order, e.candidate.event))
    out = {}
    for name, names_docs in docs_of.items():
        preds = []
        for doc in sorted(names_docs):
            events = [ev for _, ev in sorted(by_doc.get((name, doc), []), key=lambda x: x[0])]
            preds += [Prediction(ev, (doc,), ()) for ev in fuse_document(events)]
        out[name] = (names_docs, preds)
    return out


def score_decisions(examples: list[Example], kept: list[bool], corpora: dict[str, Corpus],
                    docs: set[tuple[str, str]]) -> dict[str, SetScore]:
    """Score, set by set, the events that the kept candidates give once fused in their documents.
    `docs` ((set, document id) pairs) are the documents that count, candidates or none: a fold, or
    the training part of one."""
    out = {}
    for name, (docs, preds) in decided_events(examples, kept, docs).items():
        c = corpora[name]
        if c.scoring == "events":
            s = score_events([g for g in c.gold_events if g.doc in docs], preds)
            detail = {"tp": s.tp, "fp": s.fp, "fn": s.fn,
                      "field_accuracy": {k: round(v, 3) for k, v in s.field_accuracy.items()}}
        else:
            s = score_sentences([g for g in c.gold_sentences if g.id in docs], preds, c.kind)
            detail = {"tp": s.tp, "fp_easy": s.fp, "fn": s.total.get("yes", 0) - s.tp,
                      "hard_negative_flag_rate": round(s.hard_negative_flag_rate or 0.0, 3)}
        out[name] = SetScore(s.f1, s.precision, s.recall, detail)
    return out


def objective(scores: dict[str, SetScore], chooses: set[str] | None = None) -> float:
    """What the choice of thresholds maximises: the mean of the F1 of the pages (every
    set of gold events pooled: the five seed pages weigh as five pages, not as a set of their own)
    and the F1 of each set of labelled sentences; of the sets named in `chooses` alone when given
    (the reports the project wrote train the models but choose no threshold)."""
    chosen = [s for name, s in scores.items() if chooses is None or name in chooses]
    pages = [s.detail for s in chosen if "fp" in s.detail]
    values = [s.f1 for s in chosen if "fp" not in s.detail]
    if pages:
        tp, fp, fn = (sum(d[k] for d in pages) for k in ("tp", "fp", "fn"))
        values.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(values) / max(1, len(values))


# ---------------------------------------------------------------- fit with choices

def fit_event_model(examples: list[Example], corpora: dict[str, Corpus], docs: set[tuple[str, str]],
                    seed: int = 0, log=lambda s: None) -> LinearModel:
    """Fit on the labelled examples; the thresholds by inner cross-validation over `docs` (the
    documents the examples come from, including those where the rules proposed nothing)."""
    _require_sklearn()
    trainable = [e for e in examples if e.label is not None]
    probs = [0.0] * len(examples)
    for k in range(INNER_FOLDS):
        fit_on = [e for e in trainable if fold_of(e.doc, INNER_FOLDS, seed + 1) != k]
        model = _fit_events(fit_on)
        for i, e in enumerate(examples):
            if fold_of(e.doc, INNER_FOLDS, seed + 1) == k:
                probs[i] = model.prob(e.candidate.features)
    cache: dict = {}
    chooses = {name for name, c in corpora.items() if c.chooses}

    def value_of(pair):
        if pair not in cache:
            kept = [keep(e, p, pair) for e, p in zip(examples, probs)]
            cache[pair] = objective(score_decisions(examples, kept, corpora, docs), chooses)
        return cache[pair]

    def smoothed(pair, which):
        # the mean over the threshold and its neighbours on the grid: the objective is flat and
        # ragged (a few events either way), and a lone peak does not carry to other documents
        i = THRESHOLDS.index(pair[which])
        near = THRESHOLDS[max(0, i - 1):i + 2]
        return sum(value_of((t, pair[1]) if which == 0 else (pair[0], t)) for t in near) / len(near)

    # one threshold for both kinds of document, then each kind's own with the other held
    pair = max(((t, t) for t in THRESHOLDS), key=lambda p: smoothed(p, 0))
    pair = max(((pair[0], t) for t in THRESHOLDS), key=lambda p: smoothed(p, 1))
    pair = max(((t, pair[1]) for t in THRESHOLDS), key=lambda p: smoothed(p, 0))
    value = smoothed(pair, 0)
    page, short = pair
    log(f"chosen: thresholds {page} (pages), {short} (one sentence) (inner mean F1 {value:.3f})")
    model = _fit_events(trainable, meta={"inner_objective": round(value, 4), "threshold_short": short})
    return LinearModel(model.name, model.bits, model.weights, model.bias, page, model.meta)
