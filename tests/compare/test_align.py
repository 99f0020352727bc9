"""Alignment with hand-set scores: one-to-one matching, thresholds, one sentence per article a group."""

from __future__ import annotations

import numpy as np

from newsweave.compare.align import ClaimUnit, align_units, alignment_scores
from newsweave.model import Span


def _units(*articles: int) -> list[ClaimUnit]:
    return [
        ClaimUnit(article, index, Span(start=0, end=1), f"sentence {index}", frozenset())
        for index, article in enumerate(articles)
    ]


def _scores(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    scores = np.zeros((n, n))
    for (i, j), value in pairs.items():
        scores[i, j] = scores[j, i] = value
    return scores


def _groups(units: list[ClaimUnit], scores: np.ndarray, min_link: float = 0.5) -> list[list[int]]:
    return sorted(sorted(group) for group in align_units(units, scores, min_probability=0.5, min_link=min_link))


def test_align_best_pair_wins_one_to_one() -> None:
    units = _units(0, 0, 1)
    scores = _scores(3, {(0, 2): 0.9, (1, 2): 0.8})
    assert _groups(units, scores) == [[0, 2], [1]]


def test_align_below_threshold_stays_apart() -> None:
    units = _units(0, 1)
    assert _groups(units, _scores(2, {(0, 1): 0.49})) == [[0], [1]]


def test_align_group_never_holds_two_sentences_of_one_article() -> None:
    # 0 (article 0) ~ 2 (article 1) ~ 3 (article 2) ~ 1 (article 0): the chain would put 0 and 1 together.
    units = _units(0, 0, 1, 2)
    scores = _scores(4, {(0, 2): 0.9, (2, 3): 0.8, (1, 3): 0.7, (0, 3): 0.6})
    groups = _groups(units, scores)
    assert [0, 2, 3] in groups
    assert [1] in groups


def test_align_group_members_each_pair_with_every_other() -> None:
    # 0 ~ 1 and 1 ~ 2, but 0 and 2 say different things: no chain through 1.
    units = _units(0, 1, 2)
    scores = _scores(3, {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.2})
    assert _groups(units, scores) == [[0, 1], [2]]


def test_align_groups_join_when_every_cross_pair_holds() -> None:
    units = _units(0, 1, 2, 3)
    scores = _scores(4, {(0, 1): 0.9, (2, 3): 0.9, (0, 2): 0.7, (0, 3): 0.7, (1, 2): 0.6, (1, 3): 0.6})
    assert _groups(units, scores) == [[0, 1, 2, 3]]


def test_alignment_scores_penalise_a_person_the_other_article_lacks() -> None:
    units = [
        ClaimUnit(0, 0, Span(start=0, end=1), "Ana Ruiz said the bridge was closed", frozenset({"ana-ruiz"})),
        ClaimUnit(1, 0, Span(start=0, end=1), "Ana Ruiz said the bridge was closed", frozenset({"ana-ruiz"})),
    ]
    vectors = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    shared = alignment_scores(units, vectors, [frozenset({"ana-ruiz"}), frozenset({"ana-ruiz"})])
    foreign = alignment_scores(units, vectors, [frozenset({"ana-ruiz"}), frozenset()])
    assert shared[0, 1] > foreign[0, 1]
    assert np.isclose(shared[0, 1] - foreign[0, 1], 0.25)


def test_align_lets_in_a_member_a_little_further_from_one_other() -> None:
    # 2 (another language, say) pairs well with 0 and less well with 1: in at a floor of 0.3, out at 0.5.
    units = _units(0, 1, 2)
    scores = _scores(3, {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.4})
    assert _groups(units, scores, min_link=0.3) == [[0, 1, 2]]
    assert _groups(units, scores, min_link=0.5) == [[0, 1], [2]]
