"""The clusterer's stories: exact sums in compact arrays, lexical dot products, and the time
window that moves old stories from the index to the archive."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from tests.group.conftest import DIMS, synthetic_features

from newsweave.group import ArticleFeatures, EventOptions
from newsweave.group.story_state import Stories, lexical_dots


def _sparse_features(article_id: str, buckets: list[int], entities: frozenset[str] = frozenset()) -> ArticleFeatures:
    indices = np.array(buckets, dtype=np.int32)
    values = np.full(len(buckets), 1.0 / max(1, len(buckets)) ** 0.5, dtype=np.float32)
    return ArticleFeatures(
        article_id=article_id, lexical_indices=indices.tobytes(), lexical_values=values.tobytes(), entities=entities
    )


def _dated(article_id: str, buckets: list[int], day: float) -> ArticleFeatures:
    return dataclasses.replace(
        _sparse_features(article_id, buckets), published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day)
    )


def test_story_state_big_story_keeps_a_dense_sum_with_the_same_dot_products() -> None:
    """A story whose sparse sum outgrows a dense array switches to one; the sums and the dot
    products the pair features use stay those of the members' vectors."""
    rng = np.random.default_rng(3)
    stories = Stories(EventOptions(), semantic_dims=0)
    key = stories.open()
    members = [synthetic_features(f"m{n}", n, rng, noise=0.5) for n in range(12)]
    for item in members:
        stories.add(key, stories.probe(item))
    story = stories.stories[key]
    assert story.dense is not None
    expected_sum = sum(item.lexical.to_dense(DIMS).astype(np.float64) for item in members)
    np.testing.assert_allclose(story.lexical_sum().to_dense(DIMS), expected_sum, rtol=1e-5, atol=1e-6)
    probe = stories.probe(synthetic_features("new", 3, rng))
    centroid, best_member = lexical_dots(probe, [story])
    dense_probe = probe.lexical.to_dense(DIMS).astype(np.float64)
    assert centroid[0] == pytest.approx(float(expected_sum @ dense_probe), rel=1e-5)
    member_dots = [float(item.lexical.to_dense(DIMS) @ dense_probe) for item in members]
    assert best_member[0] == pytest.approx(max(member_dots), rel=1e-5)


def test_story_state_arrays_grow_in_place_with_exact_sums() -> None:
    """A story's sums live in power-of-two buffers that later joins fill in place; what they hold is
    what it would be if each join built new arrays: the sum, the newest members, the key counts."""
    stories = Stories(EventOptions(max_member_vectors=3), semantic_dims=0)
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


def test_story_state_lexical_dots_with_empty_vectors() -> None:
    """A story of one empty article, and an empty newest member, score 0 (not the next segment's items)."""
    stories = Stories(EventOptions(), semantic_dims=0)
    empty, first, second = stories.open(), stories.open(), stories.open()
    stories.add(empty, stories.probe(_sparse_features("nothing", [])))
    stories.add(first, stories.probe(_sparse_features("a", [1, 2, 3])))
    stories.add(second, stories.probe(_sparse_features("b", [2, 5])))
    stories.add(second, stories.probe(_sparse_features("empty", [])))
    probe = stories.probe(_sparse_features("p", [2, 3, 5]))
    centroid, member = lexical_dots(probe, [stories.stories[key] for key in (empty, first, second)])
    third = 1 / 3**0.5
    assert centroid == pytest.approx([0.0, 2 * third / 3**0.5, 2 * third / 2**0.5])
    assert member == pytest.approx([0.0, 2 * third / 3**0.5, 2 * third / 2**0.5])


def test_story_state_stories_out_of_the_window_move_to_the_archive() -> None:
    """Old stories more like an article than its own do not crowd its own out of the nearest: two
    windows behind the newest article they leave the index for the archive, which only articles
    late enough to reach them search; a story that gets a recent member comes back."""
    stories = Stories(EventOptions(n_candidates=1, max_gap_days=30), semantic_dims=0)
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
