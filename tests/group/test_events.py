"""The online story clusterer on hand-made feature records: learned link model, joins and splits."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from tests.group.conftest import synthetic_features, synthetic_stream

from newsweave.group import PAIR_FEATURES, EventOptions, NotFittedError, StoryClusterer


@pytest.fixture(scope="module")
def fitted() -> StoryClusterer:
    features, stories = synthetic_stream(n_stories=6, per_story=4, seed=1)
    return StoryClusterer(EventOptions(n_candidates=3)).fit(features, stories)


def test_events_fit_learns_coefficients_and_threshold(fitted: StoryClusterer) -> None:
    assert fitted.coef_.shape == (len(PAIR_FEATURES),)
    assert 0.0 < fitted.threshold_ < 1.0
    assert fitted.n_stories_ == 0


def test_events_keep_different_events_apart_and_join_near_identical(fitted: StoryClusterer) -> None:
    features, _ = synthetic_stream(n_stories=2, per_story=3, seed=2)
    labels = [fitted.assign(item) for item in features]
    first, second = labels[0::2], labels[1::2]
    assert len(set(first)) == 1
    assert len(set(second)) == 1
    assert first[0] != second[0]
    assert labels[:2] == ["s000000", "s000001"]


def test_events_two_batches_equal_one_batch(fitted: StoryClusterer) -> None:
    features, _ = synthetic_stream(n_stories=4, per_story=3, seed=3)
    one = pickle.loads(pickle.dumps(fitted)).partial_fit(features)
    two = pickle.loads(pickle.dumps(fitted)).partial_fit(features[:5]).partial_fit(features[5:])
    assert one.labels_ == two.labels_


def test_events_assign_many_equals_one_at_a_time(fitted: StoryClusterer) -> None:
    features, _ = synthetic_stream(n_stories=6, per_story=25, seed=8)  # 150 articles: three prefetched batches
    features.insert(70, features[3])  # an article seen before, inside a later batch
    one_by_one = pickle.loads(pickle.dumps(fitted))
    expected = [one_by_one.assign(item) for item in features]
    batched = pickle.loads(pickle.dumps(fitted))
    assert batched.assign_many(features) == expected
    assert batched.labels_ == one_by_one.labels_
    assert len(set(expected)) > 1


def test_events_assign_again_keeps_story(fitted: StoryClusterer) -> None:
    clusterer = pickle.loads(pickle.dumps(fitted))
    features, _ = synthetic_stream(n_stories=2, per_story=2, seed=4)
    clusterer.partial_fit(features)
    assert clusterer.assign(features[1]) == clusterer.labels_[features[1].article_id]
    assert clusterer.n_stories_ == 2


def test_events_clusterer_pickles_mid_stream(fitted: StoryClusterer) -> None:
    features, _ = synthetic_stream(n_stories=3, per_story=3, seed=5)
    clusterer = pickle.loads(pickle.dumps(fitted)).partial_fit(features[:4])
    copy = pickle.loads(pickle.dumps(clusterer))
    assert [clusterer.assign(f) for f in features[4:]] == [copy.assign(f) for f in features[4:]]


def test_events_not_fitted_raises() -> None:
    features, _ = synthetic_stream(n_stories=1, per_story=1, seed=6)
    with pytest.raises(NotFittedError):
        StoryClusterer().assign(features[0])
    with pytest.raises(NotFittedError):
        StoryClusterer().partial_fit(features)


def test_events_fit_needs_both_labels_and_matching_lengths() -> None:
    features, stories = synthetic_stream(n_stories=3, per_story=1, seed=7)
    with pytest.raises(ValueError, match="one story per article"):
        StoryClusterer().fit(features, stories[:-1])
    with pytest.raises(ValueError, match="both"):
        StoryClusterer().fit(features, stories)


def test_events_fit_cross_validates_over_groups() -> None:
    features, stories = synthetic_stream(n_stories=8, per_story=4, seed=8)
    groups = [f"type-{int(story.split('-')[1]) // 2}" for story in stories]
    options = EventOptions(n_candidates=3, cv_folds=2, regularisation=(0.1, 1.0))
    clusterer = StoryClusterer(options).fit(features, stories, groups=groups)
    assert clusterer.regularisation_ in options.regularisation
    assert {c for c, _ in clusterer.cv_scores_} == {clusterer.regularisation_}
    assert clusterer.cv_scores_[clusterer.regularisation_, clusterer.threshold_] == max(clusterer.cv_scores_.values())
    again = StoryClusterer(options).fit(features, stories, groups=groups)
    assert np.array_equal(again.coef_, clusterer.coef_)
    assert again.threshold_ == clusterer.threshold_
    held_out, _ = synthetic_stream(n_stories=3, per_story=2, seed=9)
    assert len(set(clusterer.partial_fit(held_out).labels_.values())) == 3


def test_events_time_window_parts_a_repeat_of_an_old_event(fitted: StoryClusterer) -> None:
    """A report like an earlier story's joins it within ``max_gap_days`` and opens a story beyond."""
    clusterer = pickle.loads(pickle.dumps(fitted))
    rng = np.random.default_rng(9)
    start = datetime(2016, 10, 18, tzinfo=UTC)
    dated = [
        dataclasses.replace(synthetic_features(f"a{n}", 0, rng), published=start + timedelta(days=d))
        for n, d in enumerate([0, 1, 10, 520])
    ]
    labels = [clusterer.assign(item) for item in dated]
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[0]
    undated = synthetic_features("undated", 0, rng)
    assert clusterer.assign(undated) in set(labels)  # no date: content alone decides
