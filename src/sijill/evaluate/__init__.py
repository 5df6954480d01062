"""Evaluation: score extracted events against gold annotations of one's own.

Two modes, as plain functions (the `sijill evaluate` command is a thin layer over them):
  `evaluate_events(gold_path, pred_path)`       gold events (JSON lines) -> `EventScore`
  `evaluate_sentences(gold_path, pred_path, kind)` labelled sentences (CSV) -> `SentenceScore`
Both raise `EvaluationInputError` (file, line, problem) on a malformed line. The pieces:
`records` reads and checks the files, `keys` says when places and actors are the same,
`matching` pairs gold and predicted events optimally, `events` and `sentences` score,
`report` writes the readable report.
"""
from .events import EventScore, evaluate_events, score_events
from .records import (EvaluationInputError, GoldEvent, GoldSentence, Prediction, read_gold_events,
                      read_gold_sentences, read_predictions)
from .sentences import SentenceScore, evaluate_sentences, score_sentences

__all__ = ["EvaluationInputError", "EventScore", "GoldEvent", "GoldSentence", "Prediction", "SentenceScore",
           "evaluate_events", "evaluate_sentences", "read_gold_events", "read_gold_sentences",
           "read_predictions", "score_events", "score_sentences"]
