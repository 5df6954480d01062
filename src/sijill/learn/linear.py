"""A linear model over hashed features: the form every learned decision of sijill takes.

A feature is a string ("trigger=غارة", "before1=قوات"); its weight sits in one of 2**bits
buckets chosen by CRC-32 of its UTF-8 bytes (`bucket`), the same function at training and at
inference, so a model is only its non-zero weights, a bias and a threshold. The file is a
NumPy `.npz` (never pickle): `index` (int32) and `weight` (float32) arrays, `bias`, and `meta`
(a JSON string: name, bits, threshold, feature set version, training sources and figures).
Scoring is plain Python over a dict of the non-zero weights: a few microseconds a candidate.
"""
from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass, field
from typing import Mapping

_MEMO_LIMIT = 200_000     # strings remembered before the memo starts afresh (a few tens of MB at most)
FEATURES_VERSION = 2    # bump when features.py changes what a feature string means


def bucket(feature: str, bits: int) -> int:
    """The bucket of a feature string: CRC-32 of its UTF-8 bytes, low `bits` bits."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression on hashed features: P(yes) = sigmoid(bias + sum of weight * value)."""
    name: str
    bits: int
    weights: Mapping[int, float]
    bias: float
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)
    # feature string -> its weight: most strings ("gap=same", "type=Battles") recur on every page
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def logit(self, features: Mapping[str, float]) -> float:
        return self.bias + self.partial(features)

    def partial(self, features: Mapping[str, float]) -> float:
        """The weighted sum of some features, without the bias: a linear score adds up by parts."""
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        total = 0.0
        known = memo.get        # (bound once: a candidate has tens of features, a page hundreds of candidates)
        for name, value in features.items():
            w = known(name)
            if w is None:
                w = memo[name] = self.weights.get(bucket(name, self.bits), 0.0)
            total += w * value
        return total

    def prob(self, features: Mapping[str, float]) -> float:
        z = self.logit(features)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    # ------------------------------------------------------------ files

    @classmethod
    def load(cls, source) -> "LinearModel":
        """Read a model from a path or a binary file object (`importlib.resources` gives one)."""
        import numpy as np
        with np.load(source, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            index, weight = z["index"].tolist(), z["weight"].tolist()
            bias = float(z["bias"])
        return cls(name=meta["name"], bits=int(meta["bits"]), weights=dict(zip(index, weight)), bias=bias,
                   threshold=float(meta.get("threshold", 0.5)), meta=meta)

    def save(self, path) -> None:
        import numpy as np
        items = sorted((i, w) for i, w in self.weights.items() if w != 0.0)
        meta = {**self.meta, "name": self.name, "bits": self.bits, "threshold": self.threshold}
        np.savez_compressed(path, index=np.array([i for i, _ in items], dtype=np.int32),
                            weight=np.array([w for _, w in items], dtype=np.float32),
                            bias=np.array(self.bias, dtype=np.float64),
                            meta=np.array(json.dumps(meta, ensure_ascii=False, sort_keys=True)))
