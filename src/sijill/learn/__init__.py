"""Stage 5b: the learned decisions. Rules propose candidate events; small trained models decide.

The rules (extract/, resolve/) find candidates and read their roles; `features.py` describes each
candidate as hashed features; a linear model (`linear.py`) trained on annotated data decides which
candidates are reports of an act that happened with the right particulars, and gives each kept
event its `confidence`. The models ship as data (`learn/data/*.npz`, never pickle) with a model
card (docs/model.md); `sijill train` (learn/train/, the `train` extra) fits them again from the
annotated data, cross-validated by document.

Public entry points:
  `load_models(options)` -> `Models` (the shipped ones, a directory of one's own, or none)
  `decide(candidates, models)` -> the events kept, in the order of the candidates
"""
from .decide import Candidate, Models, decide, load_models

__all__ = ["Candidate", "Models", "decide", "load_models"]
