"""Scoring predicted events against gold events, document by document.

Within each document, gold and predicted events are paired one to one (`matching.py`). A
pair is possible only when
  - the event types are equal,
  - a gold place, if the gold names one, meets one of the prediction's place names under the
    spelling-blind key (`keys.place_key`), and
  - the actors overlap, if the gold names any (any role, associated actors and parents count;
    USA_MIL and COALITION are one side).
Among the possible pairings, the one chosen has, in this order: the most pairs (fewest extra
predictions), the most required gold events paired (most found), then the best agreement
(actor overlap, sub-type, date, fatalities), and at equal agreement the better predictions
given to the required events (whose fields are reported). Both counts are maxima at once: the
gold events some pairing covers form a matroid, so a largest pairing can cover as many
required events as any pairing does.

Counted: a required gold event paired is found (tp), unpaired is missed (fn); a prediction
paired with nothing is extra (fp). An optional gold event (`required: false`) may be paired,
which saves its prediction from being extra, but is neither found nor missed. A prediction
whose status is planned, threatened, denied, hypothetical or negated is not an event and is left
out. An event with several sources is scored in each of its documents.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .keys import actor_groups, place_keys, prediction_actors, prediction_places, ref_groups
from .matching import max_weight_matching
from .records import GoldEvent, Prediction, read_gold_events, read_predictions

FIELDS = ("sub_event_type", "actor1", "actor2", "date", "fatalities")

# How far (days) a predicted date may be from the gold one, by the gold's precision. The gold
# lists every precision it accepts; the widest one sets the window. "unknown" accepts any date.
_WINDOW = {"day": 0, "week": 7, "month": 31, "year": 366}


# ---------------------------------------------------------------- field checks

def date_ok(gold: GoldEvent, pred: Prediction) -> bool:
    """Is the predicted date within the window of the gold date (or of one of its date_alt)?"""
    if "unknown" in gold.date_precisions:
        return True
    days = [d for d in (gold.date, *gold.date_alt) if d is not None]
    if not days:
        return True                    # the gold gives no date: any date is right
    got = pred.event.event_date
    if got is None:
        return False
    window = max((_WINDOW[p] for p in gold.date_precisions if p in _WINDOW), default=0)
    return min(abs((d - got).days) for d in days) <= window


def fatalities_ok(gold: GoldEvent, pred: Prediction) -> bool:
    """Equal, or within 10% (at least 1) when the report gives it as approximate or it is >= 20.

    A gold 0 accepts null: many reports of arrests or protests say nothing of deaths, and the
    extractor is right to leave the number unknown there.
    """
    want, got = gold.fatalities, pred.event.fatalities
    if want is None:
        return True
    if got is None:
        return want == 0
    if pred.event.fatalities_qualifier in ("approximate", "about") or want >= 20:
        return abs(got - want) <= max(1, round(want / 10))
    return got == want


def field_checks(gold: GoldEvent, pred: Prediction) -> dict[str, bool]:
    """Which fields of a paired prediction agree with the gold."""
    ev = pred.event

    def role_ok(gold_ids: tuple[str, ...], ref) -> bool:
        # No gold actor in the role: right when the prediction has none either.
        if not gold_ids:
            return ref is None
        return bool(ref_groups(ref) & actor_groups(gold_ids))

    return {
        "sub_event_type": ev.sub_event_type in gold.sub_event_types,
        "actor1": role_ok(gold.actor1, ev.actor1),
        "actor2": role_ok(gold.actor2, ev.actor2),
        "date": date_ok(gold, pred),
        "fatalities": fatalities_ok(gold, pred),
    }


# ---------------------------------------------------------------- pairing

@dataclass(frozen=True, slots=True)
class _Keys:
    places: frozenset[str]
    actors: frozenset[str]


def _pair_quality(gold: GoldEvent, gk: _Keys, pred: Prediction, pk: _Keys, unit: int) -> int | None:
    """None when the pair is impossible; else how well they agree, in 1/unit steps (0 to 4 units).

    Actor overlap (shared / all actors, a fraction) plus one unit for each of sub-type, date
    and fatalities right. `unit` is a common multiple of the overlaps' denominators, so the
    quality is a whole number and the pairing compares qualities exactly.
    """
    if pred.event.event_type != gold.event_type:
        return None
    if gk.places and not gk.places & pk.places:
        return None
    if gk.actors and not gk.actors & pk.actors:
        return None
    overlap = unit * len(gk.actors & pk.actors) // max(1, len(gk.actors | pk.actors))
    agree = (pred.event.sub_event_type in gold.sub_event_types) + date_ok(gold, pred) + fatalities_ok(gold, pred)
    return overlap + unit * agree


def can_pair(gold: GoldEvent, pred: Prediction) -> bool:
    """Could the prediction be paired with the gold event at all: same type, a place and an actor
    in common where the gold names them? (Training labels a candidate event by this.)"""
    gk = _Keys(place_keys(gold.places), actor_groups(gold.actor1 + gold.actor2))
    pk = _Keys(prediction_places(pred), prediction_actors(pred))
    return _pair_quality(gold, gk, pred, pk, 1) is not None


def pair_document(golds: list[GoldEvent], preds: list[Prediction]) -> list[tuple[int, int]]:
    """The pairs (gold index, prediction index) chosen within one document.

    Goals, each outranking all the ones after it: most pairs, most required gold events paired,
    best total quality, and (for equal totals) the better predictions given to the required
    events, whose fields are the ones reported. They are encoded in one whole number a pair,
    each goal's unit larger than the greatest total the goals after it can reach.
    """
    gkeys = [_Keys(place_keys(g.places), actor_groups(g.actor1 + g.actor2)) for g in golds]
    pkeys = [_Keys(prediction_places(p), prediction_actors(p)) for p in preds]
    unit = math.lcm(*range(1, max([len(k.actors) for k in gkeys + pkeys], default=0) * 2 + 2))
    qualities = {}
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            q = _pair_quality(g, gkeys[i], p, pkeys[j], unit)
            if q is not None:
                qualities[i, j] = q
    if not qualities:
        return []
    most = min(len(golds), len(preds))
    ceiling = 4 * unit * most + 1              # > any total of qualities over one pairing
    w_quality = ceiling                        # one quality step outranks all tie-breaks
    w_required = ceiling * w_quality           # one required pair outranks all qualities
    w_pair = (most + 1) * w_required           # one more pair outranks all the rest
    weights = {(i, j): w_pair + q * w_quality + (w_required + q if golds[i].required else 0)
               for (i, j), q in qualities.items()}
    return max_weight_matching(weights)


# ---------------------------------------------------------------- the score

def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


@dataclass
class EventScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    optional_matched: int = 0          # optional gold events that took a prediction
    gold_required: int = 0
    gold_optional: int = 0
    predicted: int = 0                 # counted predictions, once per document they cite
    not_counted: int = 0               # predictions left out for their status
    documents: int = 0
    field_correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    missed: list[str] = field(default_factory=list)       # ids of required gold events not found
    extra: list[dict] = field(default_factory=list)       # predictions paired with nothing
    pairs: list[dict] = field(default_factory=list)       # every pair made

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def field_accuracy(self) -> dict[str, float]:
        """Share of matched required pairs whose field agrees (empty when nothing matched)."""
        return {f: self.field_correct[f] / self.tp for f in FIELDS} if self.tp else {}

    def to_dict(self, digits: int = 3) -> dict:
        return {
            "mode": "events",
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, digits), "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
            "field_accuracy": {f: round(v, digits) for f, v in self.field_accuracy.items()},
            "field_correct": dict(self.field_correct),
            "optional_matched": self.optional_matched,
            "gold_required": self.gold_required, "gold_optional": self.gold_optional,
            "predicted": self.predicted, "not_counted": self.not_counted,
            "documents": self.documents,
            "missed": list(self.missed), "extra": list(self.extra), "pairs": list(self.pairs),
        }


def _describe(doc: str, pred: Prediction) -> dict:
    ev = pred.event
    loc = ev.location
    return {"doc": doc, "line": pred.line, "event_id": ev.event_id or None,
            "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
            "event_date": ev.event_date.isoformat() if ev.event_date else None,
            "location": (loc.name or loc.name_ar or loc.surface) if loc else None}


def score_events(gold: list[GoldEvent], predictions: list[Prediction],
                 only_gold_docs: bool = False) -> EventScore:
    """Score predictions against gold events (see the module's docstring for the rules).

    only_gold_docs: leave out predictions for documents that no gold event names (when the gold
    covers a part of what was extracted); by default they count as extra.
    """
    score = EventScore()
    golds_of: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in gold:
        golds_of[g.doc].append(g)
        if g.required:
            score.gold_required += 1
        else:
            score.gold_optional += 1
    preds_of: dict[str, list[Prediction]] = defaultdict(list)
    for p in predictions:
        if not p.counted:
            score.not_counted += 1
            continue
        for doc in p.docs:
            if only_gold_docs and doc not in golds_of:
                continue
            preds_of[doc].append(p)
            score.predicted += 1

    for doc in sorted(set(golds_of) | set(preds_of)):
        golds, preds = golds_of.get(doc, []), preds_of.get(doc, [])
        score.documents += 1
        pairs = pair_document(golds, preds)
        paired_gold = {i for i, _ in pairs}
        paired_pred = {j for _, j in pairs}
        for i, j in pairs:
            g, p = golds[i], preds[j]
            checks = field_checks(g, p)
            score.pairs.append({"gold": g.id, "required": g.required, **_describe(doc, p),
                                "wrong": [f for f, ok in checks.items() if not ok]})
            if not g.required:
                score.optional_matched += 1
                continue
            score.tp += 1
            for f, ok in checks.items():
                score.field_correct[f] += ok
        for i, g in enumerate(golds):
            if i not in paired_gold and g.required:
                score.fn += 1
                score.missed.append(g.id)
        for j, p in enumerate(preds):
            if j not in paired_pred:
                score.fp += 1
                score.extra.append(_describe(doc, p))
    return score


def evaluate_events(gold_path: str, pred_path: str, only_gold_docs: bool = False) -> EventScore:
    """Read a gold events file and a predictions file (JSON lines) and score them."""
    return score_events(read_gold_events(gold_path), read_predictions(pred_path), only_gold_docs)
