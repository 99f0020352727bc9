"""The pair model and its fitting: folds of groups, the scale the weights are on, the training
pairs replayed from gold stories, and the join decision."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from tests.group.conftest import synthetic_stream

from newsweave.group import PAIR_FEATURES, EventOptions
from newsweave.group.story_model import PairModel, fit_pair_model, gold_pairs, replay_stream, sigmoid, split_folds


def test_story_model_folds_deal_sorted_groups_round_robin_in_arrival_order() -> None:
    groups = ["b", "a", "c", "b", "a"]
    assert split_folds(groups, 2) == [[1, 2, 4], [0, 3]]  # a and c in fold 0, b in fold 1
    assert split_folds(groups, 5) == [[1, 4], [0, 3], [2]]  # no more folds than groups
    assert split_folds(groups, 1) == []
    assert split_folds(["a", "a"], 2) == []


def test_story_model_pair_model_weights_are_on_the_raw_scale() -> None:
    rng = np.random.default_rng(0)
    pairs = rng.normal(loc=[5.0, -2.0, 0.0], scale=[3.0, 0.1, 1.0], size=(200, 3))
    pairs[:, 2] = 1.0  # a constant feature is left unscaled
    labels = (pairs[:, 0] + 20 * pairs[:, 1] + rng.normal(size=200) > -35).astype(np.int64)
    model = fit_pair_model(pairs, labels, 1.0, balanced=False)
    mean, scale = pairs.mean(axis=0), pairs.std(axis=0)
    scale[scale == 0] = 1.0
    standardised = LogisticRegression(C=1.0, max_iter=2000).fit((pairs - mean) / scale, labels)
    expected = standardised.predict_proba((pairs - mean) / scale)[:, 1]
    got = [sigmoid(float(row @ model.coef) + model.intercept) for row in pairs]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_story_model_gold_pairs_label_the_own_story_among_the_candidates() -> None:
    features, stories = synthetic_stream(n_stories=2, per_story=3, seed=2)  # event 0, 1, 0, 1, 0, 1
    pairs, labels = gold_pairs(features, stories, EventOptions(), semantic_dims=0)
    # the first article has no story to compare with, the second only the other event's
    assert pairs.shape == (1 + 4 * 2, len(PAIR_FEATURES))
    assert labels.tolist().count(1) == 4
    assert labels[0] == 0


@pytest.mark.parametrize(("intercept", "n_stories"), [(-50.0, 6), (50.0, 1)])
def test_story_model_replay_joins_or_opens_by_the_threshold(intercept: float, n_stories: int) -> None:
    features, _ = synthetic_stream(n_stories=2, per_story=3, seed=2)
    model = PairModel(np.zeros(len(PAIR_FEATURES)), intercept)
    keys = replay_stream(features, model, 0.5, EventOptions(), semantic_dims=0)
    assert len(set(keys)) == n_stories
    assert keys[0] == 0


def test_story_model_sigmoid_is_symmetric_and_does_not_overflow() -> None:
    assert sigmoid(0.0) == 0.5
    assert sigmoid(3.0) + sigmoid(-3.0) == pytest.approx(1.0)
    assert sigmoid(-1000.0) == 0.0
    assert sigmoid(1000.0) == 1.0
