"""Scoring event detection on labelled sentences (the OEDA Arabic event gold standard layout).

Each sentence is one document: its `id` is the document id the extractor was given. A sentence
is flagged when any counted predicted event of that document has a type of the kind asked:
  assault: Battles, Explosions/Remote violence, Violence against civilians
  protest: Protests, Riots
Precision and recall count `yes` (all annotators accepted) against `easy no` (all rejected);
`difficult no` (most rejected) is reported apart, as the share flagged, because a detector
that flags them is wrong by the majority but not by every reader; `ambiguous` is not counted.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .records import GoldSentence, Prediction, read_gold_sentences, read_predictions

KINDS = {
    "assault": frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"}),
    "protest": frozenset({"Protests", "Riots"}),
}


@dataclass
class SentenceScore:
    kind: str
    flagged: dict[str, int] = field(default_factory=dict)    # label -> sentences flagged
    total: dict[str, int] = field(default_factory=dict)      # label -> sentences
    false_positives: list[str] = field(default_factory=list)  # ids of easy no flagged
    false_negatives: list[str] = field(default_factory=list)  # ids of yes not flagged

    @property
    def tp(self) -> int:
        return self.flagged.get("yes", 0)

    @property
    def fp(self) -> int:
        return self.flagged.get("easy no", 0)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        pos = self.total.get("yes", 0)
        return self.tp / pos if pos else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def hard_negative_flag_rate(self) -> float | None:
        n = self.total.get("difficult no", 0)
        return self.flagged.get("difficult no", 0) / n if n else None

    def to_dict(self, digits: int = 3) -> dict:
        rate = self.hard_negative_flag_rate
        return {
            "mode": "sentences", "kind": self.kind,
            "positives": self.total.get("yes", 0), "easy_negatives": self.total.get("easy no", 0),
            "hard_negatives": self.total.get("difficult no", 0), "ambiguous": self.total.get("ambiguous", 0),
            "tp": self.tp, "fp_easy": self.fp, "fp_hard": self.flagged.get("difficult no", 0),
            "fn": self.total.get("yes", 0) - self.tp,
            "precision": round(self.precision, digits), "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
            "hard_negative_flag_rate": round(rate, digits) if rate is not None else None,
            "false_positives": list(self.false_positives), "false_negatives": list(self.false_negatives),
        }


def score_sentences(gold: list[GoldSentence], predictions: list[Prediction], kind: str) -> SentenceScore:
    """Score sentence flags for `kind` (assault or protest)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    wanted = KINDS[kind]
    flagged_docs: set[str] = set()
    for p in predictions:
        if p.counted and p.event.event_type in wanted:
            flagged_docs.update(p.docs)
    score = SentenceScore(kind)
    flagged: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for s in gold:
        hit = s.id in flagged_docs
        total[s.label] += 1
        flagged[s.label] += hit
        if hit and s.label == "easy no":
            score.false_positives.append(s.id)
        elif not hit and s.label == "yes":
            score.false_negatives.append(s.id)
    score.flagged, score.total = dict(flagged), dict(total)
    return score


def infer_kind(gold: list[GoldSentence]) -> str | None:
    """The kind a gold file is about, from its own event_type column (ASSAULT, PROTEST), if one."""
    kinds = {s.kind for s in gold}
    if len(kinds) == 1:
        (only,) = kinds
        return only if only in KINDS else None
    return None


def evaluate_sentences(gold_path: str, pred_path: str, kind: str | None = None) -> SentenceScore:
    """Read a labelled sentences CSV and a predictions file and score them.

    kind: assault or protest; None takes it from the CSV's event_type column.
    """
    gold = read_gold_sentences(gold_path)
    kind = kind or infer_kind(gold)
    if kind is None:
        raise ValueError(f"{gold_path}: say which kind of event the labels are about (assault or protest); "
                         f"the file has no single event_type column value to take it from")
    return score_sentences(gold, read_predictions(pred_path), kind)
