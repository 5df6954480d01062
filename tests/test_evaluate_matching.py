"""The pairing of gold and predicted events is a true maximum-weight matching: checked against
an exhaustive search on small random graphs."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sijill.evaluate.matching import max_weight_matching


def best_total(weights: dict) -> float:
    """Heaviest matching by trying every choice (fine up to a handful of rows)."""
    rows = sorted({i for i, _ in weights})

    def search(k: int, used: frozenset) -> float:
        if k == len(rows):
            return 0.0
        best = search(k + 1, used)
        for (i, j), w in weights.items():
            if i == rows[k] and j not in used and w > 0:
                best = max(best, w + search(k + 1, used | {j}))
        return best

    return search(0, frozenset())


graphs = st.dictionaries(
    st.tuples(st.integers(0, 5), st.integers(0, 5)),
    st.one_of(st.integers(1, 4).map(float), st.floats(0.01, 20, allow_nan=False)),
    max_size=20)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_matching_is_maximum_weight(weights):
    pairs = max_weight_matching(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(p in weights for p in pairs)
    assert abs(sum(weights[p] for p in pairs) - best_total(weights)) < 1e-6


def test_empty_and_trivial():
    assert max_weight_matching({}) == []
    assert max_weight_matching({(0, 0): 1.0}) == [(0, 0)]
    assert max_weight_matching({(0, 0): 0.0}) == []       # worth nothing: not made


def test_reroutes_earlier_pairs():
    # 0 prefers column 0, but 1 can only take column 0: the best total moves 0 to column 1.
    assert max_weight_matching({(0, 0): 3.0, (0, 1): 2.0, (1, 0): 2.5}) == [(0, 1), (1, 0)]
