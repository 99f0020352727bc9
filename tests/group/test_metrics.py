"""B-cubed on hand-computed examples; ARI and V-measure wired to scikit-learn."""

from __future__ import annotations

import pytest

from newsweave.group.metrics import bcubed, score_clustering


def test_bcubed_perfect_clustering_scores_one() -> None:
    scores = bcubed(["a", "a", "b"], [7, 7, 9])
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)


def test_bcubed_one_cluster_for_all() -> None:
    # gold {0,1} {2}; predicted {0,1,2}: precision 2/3, 2/3, 1/3; recall 1, 1, 1.
    scores = bcubed(["a", "a", "b"], ["x", "x", "x"])
    assert scores.precision == pytest.approx(5 / 9)
    assert scores.recall == 1.0
    assert scores.f1 == pytest.approx(2 * (5 / 9) / (1 + 5 / 9))


def test_bcubed_singletons() -> None:
    # gold {0,1,2} {3}; predicted all singletons: precision 1; recall 1/3 x3 and 1.
    scores = bcubed(["a", "a", "a", "b"], [0, 1, 2, 3])
    assert scores.precision == 1.0
    assert scores.recall == pytest.approx((1 / 3 * 3 + 1) / 4)


def test_bcubed_mixed_example() -> None:
    # gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
    # precision: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
    scores = bcubed(["a", "a", "a", "b", "b"], ["x", "x", "y", "y", "y"])
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)
    assert scores.f1 == pytest.approx(11 / 15)


def test_bcubed_empty_and_length_mismatch() -> None:
    assert bcubed([], []).f1 == 1.0
    with pytest.raises(ValueError, match="one label per item"):
        bcubed(["a"], [])


def test_score_clustering_reports_counts_ari_and_v_measure() -> None:
    scores = score_clustering(["a", "a", "b", "b"], [1, 1, 2, 2])
    assert scores.ari == pytest.approx(1.0)
    assert scores.v_measure == pytest.approx(1.0)
    assert (scores.n_items, scores.n_gold, scores.n_predicted) == (4, 2, 2)
