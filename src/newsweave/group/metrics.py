"""Clustering scores for story grouping: B-cubed precision, recall and F1, ARI and V-measure.

B-cubed (Bagga & Baldwin 1998, "Algorithms for scoring coreference chains"; Amigó et al. 2009
show it is the one common clustering metric that satisfies all four of their formal
constraints) scores each item: precision is the share of its predicted cluster that shares its
gold cluster, recall the share of its gold cluster that shares its predicted cluster; both are
averaged over items and F1 is their harmonic mean. It is what the ECB+ document-clustering
literature reports, so it is written here (a dozen lines) where it can be tested by hand; the
adjusted Rand index and V-measure come from scikit-learn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

__all__ = ["BCubed", "ClusterScores", "bcubed", "score_clustering"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BCubed:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterScores:
    bcubed: BCubed
    ari: float
    v_measure: float
    n_items: int
    n_gold: int
    n_predicted: int


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> BCubed:
    """B-cubed precision, recall and F1 of ``predicted`` cluster labels against ``gold`` ones.

    Args:
        gold: the true cluster of each item.
        predicted: the predicted cluster of each item, in the same order.

    Returns:
        The item-averaged scores; all 1.0 for no items.

    Raises:
        ValueError: the two sequences differ in length.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold and predicted must have one label per item, got {len(gold)} and {len(predicted)}")
    if not gold:
        return BCubed(precision=1.0, recall=1.0, f1=1.0)
    pair_sizes = Counter(zip(gold, predicted, strict=True))
    gold_sizes = Counter(gold)
    predicted_sizes = Counter(predicted)
    # Every item of a (gold, predicted) cell has the same precision and recall: cell / cluster size.
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in pair_sizes.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in pair_sizes.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    return BCubed(precision=precision, recall=recall, f1=f1)


def score_clustering(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClusterScores:
    """B-cubed, adjusted Rand index and V-measure of ``predicted`` against ``gold``."""
    # Imported here, as in story_model.fit_pair_model: evaluation needs scikit-learn, grouping does not.
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    gold_labels = [str(label) for label in gold]
    predicted_labels = [str(label) for label in predicted]
    return ClusterScores(
        bcubed=bcubed(gold, predicted),
        ari=float(adjusted_rand_score(gold_labels, predicted_labels)),
        v_measure=float(v_measure_score(gold_labels, predicted_labels)),
        n_items=len(gold),
        n_gold=len(set(gold)),
        n_predicted=len(set(predicted)),
    )
