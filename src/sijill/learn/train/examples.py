"""Training examples: every candidate the rules propose on an annotated document, with its label.

Labels say whether keeping the candidate is right by the annotations:
  - a set of gold events (seeds, articles): 1 when the candidate could be paired with a gold event
    of its document, required or optional (same type, a place and an actor in common where the gold
    names them: `evaluate.can_pair`, the referee's own rule), else 0. A candidate with the right
    act but the wrong place or sides is 0 too: kept, it would be an extra event, not a found one;
  - labelled sentences (assault, protest): a candidate of the sentence's kind is 1 in a sentence all
    annotators accepted, 0 in one most or all rejected; other kinds and ambiguous sentences are
    left out (None), as are statuses that are never counted (denied).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from ...evaluate import Prediction
from ...evaluate.events import can_pair
from ...evaluate.records import NOT_COUNTED
from ...evaluate.sentences import KINDS
from ..decide import Candidate
from .corpora import Corpus


@dataclass(frozen=True)
class Example:
    corpus: str
    doc: str
    order: int                  # the candidate's rank in its document (fusion keeps text order)
    shippable: bool             # may train the shipped model (corpora.py)
    candidate: Candidate
    label: int | None           # None: not used for fitting


def collect(corpora: list[Corpus], pipeline, progress: Callable[[str], None] = lambda s: None) -> list[Example]:
    """Run the rules over every document of the corpora and label what they propose."""
    out: list[Example] = []
    for c in corpora:
        golds = defaultdict(list)
        for g in c.gold_events:
            golds[g.doc].append(g)
        labels = {s.id: s.label for s in c.gold_sentences}
        for i, doc in enumerate(c.documents):
            if i % 500 == 0:
                progress(f"{c.name}: {i}/{len(c.documents)} documents")
            ship = c.shippable(doc.id)
            for order, cand in enumerate(pipeline.candidates(doc)):
                out.append(Example(c.name, doc.id, order, ship, cand, _label(c, doc.id, cand, golds, labels)))
    return out


def _label(c: Corpus, doc: str, cand: Candidate, golds, labels) -> int | None:
    ev = cand.event
    if ev.status in NOT_COUNTED:
        return None
    if c.scoring == "events":
        pred = Prediction(ev, (doc,), ())
        return int(any(can_pair(g, pred) for g in golds.get(doc, ())))
    if ev.event_type not in KINDS[c.kind]:
        return None
    label = labels.get(doc)
    return 1 if label == "yes" else 0 if label in ("easy no", "difficult no") else None
