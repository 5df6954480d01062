"""Optimal one-to-one pairing of gold and predicted events (maximum-weight bipartite matching).

Greedy pairing is not enough: a prediction that fits two gold events, taken by the first,
can leave the second unmatched when another prediction could have taken the first. The
method here is successive shortest augmenting paths (the idea behind the Hungarian method):
starting from no pairs, each step adds one pair by re-routing existing pairs along the
path that gains the most weight; after k steps the pairs are the heaviest set of k pairs,
and we stop when no path gains anything. A document holds tens of events, so the
Bellman-Ford search each step uses is fast enough, and it needs no library (scipy is not a
dependency).

Integer weights are compared exactly (the scorer encodes its several goals in one integer,
which Python's unbounded ints allow); float weights with a tolerance for rounding.
"""
from __future__ import annotations

from numbers import Real
from typing import Mapping

_FLOAT_EPS = 1e-9


def max_weight_matching(weights: Mapping[tuple[int, int], Real]) -> list[tuple[int, int]]:
    """Pairs (i, j) of greatest total weight, each i and each j used at most once.

    `weights[i, j]` is the weight of pairing left item i with right item j; pairs absent from
    the mapping may not be made, and pairs of weight <= 0 are never worth making. Returns the
    pairs sorted by i. Deterministic for equal totals: lower indices are tried first.
    """
    eps = 0 if all(isinstance(w, int) for w in weights.values()) else _FLOAT_EPS
    edges: dict[int, list[tuple[int, Real]]] = {}
    for (i, j), w in sorted(weights.items()):
        if w > eps:
            edges.setdefault(i, []).append((j, w))
    right_of: dict[int, int] = {}   # left -> right it is paired with
    left_of: dict[int, int] = {}    # right -> left
    while True:
        path = _best_augmenting_path(edges, right_of, left_of, eps)
        if path is None:
            break
        # path alternates left, right, left, right ...: pair each left with the right after it
        for k in range(0, len(path), 2):
            i, j = path[k], path[k + 1]
            right_of[i], left_of[j] = j, i
    return sorted(right_of.items())


def _best_augmenting_path(edges, right_of, left_of, eps) -> list[int] | None:
    """The augmenting path of greatest gain, as [left, right, left, right, ...], or None.

    Gain = weights of the pairs it makes minus weights of the pairs it undoes. Longest paths
    by Bellman-Ford from every unpaired left item at once; the residual graph has no cycle of
    positive gain while the current pairs are the heaviest of their size, which is what each
    step keeps true.
    """
    weight = {(i, j): w for i, adj in edges.items() for j, w in adj}
    gain_left = {i: 0 for i in edges if i not in right_of}
    came_left: dict[int, int | None] = {i: None for i in gain_left}   # left <- right it was reached from
    gain_right: dict = {}
    came_right: dict[int, int] = {}                                   # right <- left it was reached from
    if not gain_left:
        return None
    for _ in range(len(edges) + len(left_of) + 2):
        changed = False
        for i in sorted(gain_left):
            g = gain_left[i]
            for j, w in edges[i]:
                if right_of.get(i) == j:
                    continue        # its own pair is travelled the other way only
                if j not in gain_right or g + w > gain_right[j] + eps:
                    gain_right[j], came_right[j] = g + w, i
                    changed = True
        for j in sorted(gain_right):
            i = left_of.get(j)
            if i is None:
                continue
            g = gain_right[j] - weight[i, j]    # undo pair (i, j), go on from i
            if i not in gain_left or g > gain_left[i] + eps:
                gain_left[i], came_left[i] = g, j
                changed = True
        if not changed:
            break
    ends = [(g, j) for j, g in gain_right.items() if j not in left_of and g > eps]
    if not ends:
        return None
    best = max(g for g, _ in ends)
    end = min(j for g, j in ends if g >= best - eps)
    path: list[int] = []
    seen: set[int] = set()
    j: int | None = end
    while j is not None:
        i = came_right[j]
        if i in seen:   # cannot happen without a positive cycle; never loop forever on a bug
            raise RuntimeError("matching: the augmenting path runs in a circle")
        seen.add(i)
        path[:0] = [i, j]
        j = came_left[i]
    return path
