"""The online story clusterer on hand-made feature records: learned link model, joins and splits."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.group import (
    PAIR_FEATURES,
    ArticleFeatures,
    EventOptions,
    FeatureExtractor,
    FeatureOptions,
    NotFittedError,
    StoryClusterer,
)
from newsweave.group.events import _lexical_dots, _sorted_add, _Stories
from newsweave.group.features import SparseVector, mentioned_numbers
from newsweave.model import Article, EntityMention, Span

DIMS = 16


def _features(article_id: str, story: int, rng: np.random.Generator, noise: float = 0.15) -> ArticleFeatures:
    """An article of synthetic event ``story``: its event's direction plus noise, and its entities."""
    base = np.zeros(DIMS, dtype=np.float32)
    base[story % DIMS] = 1.0
    vector = base + noise * rng.standard_normal(DIMS).astype(np.float32)
    vector /= np.linalg.norm(vector)
    lexical = SparseVector.from_dense(vector)
    return ArticleFeatures(
        article_id=article_id,
        lexical_indices=lexical.indices.tobytes(),
        lexical_values=lexical.values.tobytes(),
        entities=frozenset({f"person-{story}", f"place-{story}"}),
        salient_entities=(f"person-{story}",),
        years=frozenset({2000 + story}),
    )


def _stream(n_stories: int, per_story: int, seed: int) -> tuple[list[ArticleFeatures], list[str]]:
    rng = np.random.default_rng(seed)
    pairs = [(story, member) for member in range(per_story) for story in range(n_stories)]
    features = [_features(f"{seed}-{story}-{member}", story, rng) for story, member in pairs]
    return features, [f"event-{story}" for story, _ in pairs]


@pytest.fixture(scope="module")
def fitted() -> StoryClusterer:
    features, stories = _stream(n_stories=6, per_story=4, seed=1)
    return StoryClusterer(EventOptions(n_candidates=3)).fit(features, stories)


def test_events_fit_learns_coefficients_and_threshold(fitted: StoryClusterer) -> None:
    assert fitted.coef_.shape == (len(PAIR_FEATURES),)
    assert 0.0 < fitted.threshold_ < 1.0
    assert fitted.n_stories_ == 0


def test_events_keep_different_events_apart_and_join_near_identical(fitted: StoryClusterer) -> None:
    features, _ = _stream(n_stories=2, per_story=3, seed=2)
    labels = [fitted.assign(item) for item in features]
    first, second = labels[0::2], labels[1::2]
    assert len(set(first)) == 1
    assert len(set(second)) == 1
    assert first[0] != second[0]
    assert labels[:2] == ["s000000", "s000001"]


def test_events_two_batches_equal_one_batch(fitted: StoryClusterer) -> None:
    features, _ = _stream(n_stories=4, per_story=3, seed=3)
    one = pickle.loads(pickle.dumps(fitted)).partial_fit(features)
    two = pickle.loads(pickle.dumps(fitted)).partial_fit(features[:5]).partial_fit(features[5:])
    assert one.labels_ == two.labels_


def test_events_assign_many_equals_one_at_a_time(fitted: StoryClusterer) -> None:
    features, _ = _stream(n_stories=6, per_story=25, seed=8)  # 150 articles: three prefetched batches
    features.insert(70, features[3])  # an article seen before, inside a later batch
    one_by_one = pickle.loads(pickle.dumps(fitted))
    expected = [one_by_one.assign(item) for item in features]
    batched = pickle.loads(pickle.dumps(fitted))
    assert batched.assign_many(features) == expected
    assert batched.labels_ == one_by_one.labels_
    assert len(set(expected)) > 1


def test_events_assign_again_keeps_story(fitted: StoryClusterer) -> None:
    clusterer = pickle.loads(pickle.dumps(fitted))
    features, _ = _stream(n_stories=2, per_story=2, seed=4)
    clusterer.partial_fit(features)
    assert clusterer.assign(features[1]) == clusterer.labels_[features[1].article_id]
    assert clusterer.n_stories_ == 2


def test_events_clusterer_pickles_mid_stream(fitted: StoryClusterer) -> None:
    features, _ = _stream(n_stories=3, per_story=3, seed=5)
    clusterer = pickle.loads(pickle.dumps(fitted)).partial_fit(features[:4])
    copy = pickle.loads(pickle.dumps(clusterer))
    assert [clusterer.assign(f) for f in features[4:]] == [copy.assign(f) for f in features[4:]]


def test_events_not_fitted_raises() -> None:
    features, _ = _stream(n_stories=1, per_story=1, seed=6)
    with pytest.raises(NotFittedError):
        StoryClusterer().assign(features[0])
    with pytest.raises(NotFittedError):
        StoryClusterer().partial_fit(features)


def test_events_fit_needs_both_labels_and_matching_lengths() -> None:
    features, stories = _stream(n_stories=3, per_story=1, seed=7)
    with pytest.raises(ValueError, match="one story per article"):
        StoryClusterer().fit(features, stories[:-1])
    with pytest.raises(ValueError, match="both"):
        StoryClusterer().fit(features, stories)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_candidates": 0},
        {"semantic_weight": 1.0},
        {"regularisation": (0.0,)},
        {"regularisation": ()},
        {"cv_folds": -1},
        {"threshold_grid": (1.5,)},
        {"id_prefix": ""},
    ],
)
def test_events_options_validate(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        EventOptions(**kwargs)  # type: ignore[arg-type]


def test_features_options_validate() -> None:
    with pytest.raises(ValueError, match="power of two"):
        FeatureOptions(n_lexical_dims=1000)


def _article(article_id: str, text: str, names: list[str]) -> Article:
    mentions = tuple(
        EntityMention(span=Span(start=text.index(name), end=text.index(name) + len(name)), label="PERSON")
        for name in names
    )
    return Article(
        id=article_id,
        uri=article_id,
        text=text,
        entities=mentions,
        published=datetime(2018, 3, 28, tzinfo=UTC),
    )


def test_features_extractor_vectors_entities_and_years() -> None:
    articles = [
        _article("a", "Julian Assange lost internet access at the embassy in 2018.", ["Julian Assange"]),
        _article("b", "Ecuador cut Julian Assange off the internet in March 2018.", ["Julian Assange"]),
        _article("c", "The earthquake struck the coast near Lima on Tuesday.", ["Lima"]),
    ]
    extractor = FeatureExtractor(FeatureOptions(n_lexical_dims=1024))
    with pytest.raises(NotFittedError):
        extractor(articles[0])
    features = extractor.fit(articles).process_batch(articles)
    assert features == [extractor(article) for article in articles]
    dense = [item.lexical.to_dense(1024) for item in features]
    assert np.linalg.norm(dense[0]) == pytest.approx(1.0, abs=1e-5)
    assert dense[0] @ dense[1] > dense[0] @ dense[2]
    assert features[0].entities == frozenset({"julian assange"})
    assert features[1].years == frozenset({2018})
    assert features[1].numbers == frozenset()
    assert not features[0].has_semantic
    assert pickle.loads(pickle.dumps(features[0])) == features[0]


def test_events_fit_cross_validates_over_groups() -> None:
    features, stories = _stream(n_stories=8, per_story=4, seed=8)
    groups = [f"type-{int(story.split('-')[1]) // 2}" for story in stories]
    options = EventOptions(n_candidates=3, cv_folds=2, regularisation=(0.1, 1.0))
    clusterer = StoryClusterer(options).fit(features, stories, groups=groups)
    assert clusterer.regularisation_ in options.regularisation
    assert {c for c, _ in clusterer.cv_scores_} == {clusterer.regularisation_}
    assert clusterer.cv_scores_[clusterer.regularisation_, clusterer.threshold_] == max(clusterer.cv_scores_.values())
    again = StoryClusterer(options).fit(features, stories, groups=groups)
    assert np.array_equal(again.coef_, clusterer.coef_)
    assert again.threshold_ == clusterer.threshold_
    held_out, _ = _stream(n_stories=3, per_story=2, seed=9)
    assert len(set(clusterer.partial_fit(held_out).labels_.values())) == 3


def test_features_numbers_leave_out_years_and_single_digits() -> None:
    article = _article("n", "A 6.1 quake killed 33 people and 1,200 homes fell in 2009 at 3 am.", [])
    assert mentioned_numbers(article) == frozenset({"6.1", "33", "1,200"})


def test_events_time_window_parts_a_repeat_of_an_old_event(fitted: StoryClusterer) -> None:
    """A report like an earlier story's joins it within ``max_gap_days`` and opens a story beyond."""
    clusterer = pickle.loads(pickle.dumps(fitted))
    rng = np.random.default_rng(9)
    start = datetime(2016, 10, 18, tzinfo=UTC)
    dated = [
        dataclasses.replace(_features(f"a{n}", 0, rng), published=start + timedelta(days=d))
        for n, d in enumerate([0, 1, 10, 520])
    ]
    labels = [clusterer.assign(item) for item in dated]
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[0]
    undated = _features("undated", 0, rng)
    assert clusterer.assign(undated) in set(labels)  # no date: content alone decides


def test_events_big_story_keeps_a_dense_sum_with_the_same_dot_products() -> None:
    """A story whose sparse sum outgrows a dense array switches to one; the sums and the dot
    products the pair features use stay those of the members' vectors."""
    rng = np.random.default_rng(3)
    stories = _Stories(EventOptions(), semantic_dims=0)
    key = stories.open()
    members = [_features(f"m{n}", n, rng, noise=0.5) for n in range(12)]
    for item in members:
        stories.add(key, stories.probe(item))
    story = stories.stories[key]
    assert story.dense is not None
    expected_sum = sum(item.lexical.to_dense(DIMS).astype(np.float64) for item in members)
    np.testing.assert_allclose(story.lexical_sum().to_dense(DIMS), expected_sum, rtol=1e-5, atol=1e-6)
    probe = stories.probe(_features("new", 3, rng))
    centroid, best_member = _lexical_dots(probe, [story])
    dense_probe = probe.lexical.to_dense(DIMS).astype(np.float64)
    assert centroid[0] == pytest.approx(float(expected_sum @ dense_probe), rel=1e-5)
    member_dots = [float(item.lexical.to_dense(DIMS) @ dense_probe) for item in members]
    assert best_member[0] == pytest.approx(max(member_dots), rel=1e-5)


def _sparse_features(article_id: str, buckets: list[int], entities: frozenset[str] = frozenset()) -> ArticleFeatures:
    indices = np.array(buckets, dtype=np.int32)
    values = np.full(len(buckets), 1.0 / max(1, len(buckets)) ** 0.5, dtype=np.float32)
    return ArticleFeatures(
        article_id=article_id, lexical_indices=indices.tobytes(), lexical_values=values.tobytes(), entities=entities
    )


def test_events_story_arrays_grow_in_place_with_exact_sums() -> None:
    """A story's sums live in power-of-two buffers that later joins fill in place; what they hold is
    what it would be if each join built new arrays: the sum, the newest members, the key counts."""
    stories = _Stories(EventOptions(max_member_vectors=3), semantic_dims=0)
    key = stories.open()
    members = [_sparse_features(f"m{n}", [4000 + n, 4100 + n % 2, 4200], frozenset({f"e{n % 3}"})) for n in range(7)]
    buffers: list[np.ndarray] = []
    for item in members:
        stories.add(key, stories.probe(item))
        story = stories.stories[key]
        assert isinstance(story.lexical.indices.base, np.ndarray)
        buffers.append(story.lexical.indices.base)
    assert story.dense is None  # few buckets: the sum stays sparse
    expected = sum(item.lexical.to_dense(4300).astype(np.float64) for item in members)
    np.testing.assert_allclose(story.lexical.to_dense(4300), expected, rtol=1e-6)
    assert len(set(map(id, buffers))) < len(buffers)  # some joins reused the buffer
    assert all(len(buffer) & (len(buffer) - 1) == 0 for buffer in buffers)
    newest = [item.lexical for item in members[-3:]]
    np.testing.assert_array_equal(story.recent.indices, np.concatenate([vector.indices for vector in newest]))
    assert story.recent_sizes == [3, 3, 3]
    assert sorted(story.count_of(stories.probe(members[0]).entities).tolist()) == [3]  # e0: members 0, 3, 6
    assert story.memory_bytes() >= sum(array.nbytes for array in (*story.lexical, *story.recent))


def test_events_lexical_dots_with_empty_vectors() -> None:
    """A story of one empty article, and an empty newest member, score 0 (not the next segment's items)."""
    stories = _Stories(EventOptions(), semantic_dims=0)
    empty, first, second = stories.open(), stories.open(), stories.open()
    stories.add(empty, stories.probe(_sparse_features("nothing", [])))
    stories.add(first, stories.probe(_sparse_features("a", [1, 2, 3])))
    stories.add(second, stories.probe(_sparse_features("b", [2, 5])))
    stories.add(second, stories.probe(_sparse_features("empty", [])))
    probe = stories.probe(_sparse_features("p", [2, 3, 5]))
    centroid, member = _lexical_dots(probe, [stories.stories[key] for key in (empty, first, second)])
    third = 1 / 3**0.5
    assert centroid == pytest.approx([0.0, 2 * third / 3**0.5, 2 * third / 2**0.5])
    assert member == pytest.approx([0.0, 2 * third / 3**0.5, 2 * third / 2**0.5])


def _dated(article_id: str, buckets: list[int], day: float) -> ArticleFeatures:
    return dataclasses.replace(
        _sparse_features(article_id, buckets), published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day)
    )


def test_events_stories_out_of_the_window_move_to_the_archive() -> None:
    """Old stories more like an article than its own do not crowd its own out of the nearest: two
    windows behind the newest article they leave the index for the archive, which only articles
    late enough to reach them search; a story that gets a recent member comes back."""
    stories = _Stories(EventOptions(n_candidates=1, max_gap_days=30), semantic_dims=0)
    old = [stories.open() for _ in range(8)]
    for n, key in enumerate(old):
        stories.add(key, stories.probe(_dated(f"old{n}", [1, 2, 3], day=0)))
    recent = stories.open()
    for n in range(4):  # each join moves two stale stories
        stories.add(recent, stories.probe(_dated(f"recent{n}", [1, 2, 3, 4], day=100)))
    assert stories.index is not None
    assert stories.archive is not None
    assert (len(stories.index), len(stories.archive)) == (1, 8)
    # the 4 nearest of all nine stories are old ones, out of this article's window
    assert stories.candidates(stories.probe(_dated("now", [1, 2, 3], day=101))) == [recent]
    late = stories.candidates(stories.probe(_dated("late", [1, 2, 3], day=5)))
    assert len(late) == 1
    assert late[0] in old
    assert stories.candidates(stories.probe(_sparse_features("undated", [1, 2, 3]))) != [recent]
    stories.add(old[0], stories.probe(_dated("back", [1, 2, 3], day=90)))
    assert (len(stories.index), len(stories.archive)) == (2, 7)


@settings(max_examples=200, deadline=None)
@given(
    old=st.dictionaries(st.integers(0, 60), st.integers(1, 9)),
    new=st.dictionaries(st.integers(0, 60), st.integers(1, 9)),
)
def test_events_sorted_add_adds_by_key(old: dict[int, int], new: dict[int, int]) -> None:
    def arrays(items: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
        keys = sorted(items)
        return np.array(keys, dtype=np.int32), np.array([items[key] for key in keys], dtype=np.float32)

    keys, values = _sorted_add(*arrays(old), *arrays(new))
    expected = {key: old.get(key, 0) + new.get(key, 0) for key in old.keys() | new.keys()}
    assert keys.tolist() == sorted(expected)
    assert values.tolist() == [expected[key] for key in sorted(expected)]
