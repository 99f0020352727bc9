"""The story indexes: nearest story first, replaced and removed vectors, pickling, and the
adaptive index's move from exact search to the HNSW graph."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.group.index import AdaptiveStoryIndex, ExactStoryIndex, InMemoryStoryIndex, StoryIndex

INDEXES: dict[str, Callable[[int], StoryIndex]] = {
    "exact": ExactStoryIndex,
    "hnsw": InMemoryStoryIndex,
    "adaptive": AdaptiveStoryIndex,
}


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _filled(make: Callable[[int], StoryIndex]) -> StoryIndex:
    index = make(3)
    index.upsert(0, _unit(1, 0, 0))
    index.upsert(1, _unit(0, 1, 0))
    index.upsert(2, _unit(0, 0, 1))
    return index


@pytest.fixture(params=sorted(INDEXES))
def make(request: pytest.FixtureRequest) -> Callable[[int], StoryIndex]:
    return INDEXES[request.param]


def test_index_returns_nearest_story_first(make: Callable[[int], StoryIndex]) -> None:
    hits = _filled(make).search(_unit(0.1, 1, 0.2), 2)
    assert [key for key, _ in hits] == [1, 2]
    # the graph keeps 8-bit integers, so its cosine is exact to about 1/127
    assert hits[0][1] == pytest.approx(float(_unit(0.1, 1, 0.2) @ _unit(0, 1, 0)), abs=0.01)


def test_index_upsert_replaces_vector(make: Callable[[int], StoryIndex]) -> None:
    index = _filled(make)
    index.upsert(0, _unit(0, 1, 0.01))
    assert len(index) == 3
    assert index.search(_unit(1, 0, 0), 1)[0][0] != 0


def test_index_remove_forgets_only_that_key(make: Callable[[int], StoryIndex]) -> None:
    index = _filled(make)
    index.remove(0)
    index.remove(7)  # never there: nothing happens
    assert len(index) == 2
    assert sorted(key for key, _ in index.search(_unit(1, 0, 0), 5)) == [1, 2]
    assert index.search(_unit(0, 0, 1), 1)[0][0] == 2


def test_index_empty_and_wrong_dimensions(make: Callable[[int], StoryIndex]) -> None:
    index = make(3)
    assert index.search(_unit(1, 0, 0), 5) == []
    with pytest.raises(ValueError, match="3-d"):
        index.upsert(0, _unit(1, 0))


def test_index_pickles_with_its_vectors(make: Callable[[int], StoryIndex]) -> None:
    copy = pickle.loads(pickle.dumps(_filled(make)))
    assert len(copy) == 3
    assert copy.search(_unit(0, 0, 1), 1)[0][0] == 2


def test_index_empty_pickles_and_grows(make: Callable[[int], StoryIndex]) -> None:
    copy = pickle.loads(pickle.dumps(make(3)))
    assert len(copy) == 0
    copy.upsert(4, _unit(0, 1, 0))
    assert copy.search(_unit(0, 1, 0), 1)[0][0] == 4


def test_hnsw_pickle_keeps_its_settings() -> None:
    index = InMemoryStoryIndex(3, connectivity=8, expansion_search=32, expansion_add=16)
    index.upsert(0, _unit(1, 0, 0))
    copy = pickle.loads(pickle.dumps(index))
    assert (copy.connectivity, copy.expansion_search, copy.expansion_add) == (8, 32, 16)
    assert [key for key, _ in copy.search(_unit(1, 0.1, 0), 1)] == [0]


def test_exact_index_grows_past_its_first_buffer_and_stays_packed() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((100, 8)).astype(np.float32)
    index = ExactStoryIndex(8)
    for key, vector in enumerate(vectors):
        index.upsert(key, vector)
    for key in range(0, 100, 2):
        index.remove(key)
    keys, rows = index.items()
    assert sorted(keys.tolist()) == list(range(1, 100, 2))
    assert np.allclose(rows, vectors[keys] / np.linalg.norm(vectors[keys], axis=1, keepdims=True), atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.floats(-1, 1, width=32), min_size=4, max_size=4), min_size=1, max_size=40),
    st.lists(st.floats(-1, 1, width=32), min_size=4, max_size=4),
    st.integers(1, 10),
)
def test_exact_search_is_the_brute_force_ranking(rows: list[list[float]], query: list[float], k: int) -> None:
    vectors = np.array(rows, dtype=np.float32)
    index = ExactStoryIndex(4)
    for key, vector in enumerate(vectors):
        index.upsert(key, vector)
    norms = np.linalg.norm(vectors, axis=1)
    query_vector = np.array(query, dtype=np.float32)
    query_norm = float(np.linalg.norm(query_vector)) or 1.0  # a zero query scores 0 everywhere
    expected = [
        float(vector @ query_vector) / (norm * query_norm) if norm > 0 else 0.0
        for vector, norm in zip(vectors, norms, strict=True)
    ]
    hits = index.search(query_vector, k)
    assert len(hits) == min(k, len(rows))
    assert [similarity for _, similarity in hits] == pytest.approx(sorted(expected, reverse=True)[:k], abs=1e-5)


def test_adaptive_index_moves_to_the_graph_past_its_limit_and_finds_the_same_stories() -> None:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((60, 16)).astype(np.float32)
    index = AdaptiveStoryIndex(16, exact_limit=50)
    for key, vector in enumerate(vectors[:50]):
        index.upsert(key, vector)
    assert index.is_exact
    exact_answers = [index.search(vector, 1)[0][0] for vector in vectors[:50]]
    for key, vector in enumerate(vectors[50:], start=50):
        index.upsert(key, vector)
    assert not index.is_exact
    assert len(index) == 60
    assert [index.search(vector, 1)[0][0] for vector in vectors[:50]] == exact_answers == list(range(50))
    index.remove(3)
    assert index.search(vectors[3], 1)[0][0] != 3


def test_prefetched_searches_answer_as_plain_ones_while_rows_change() -> None:
    rng = np.random.default_rng(11)
    ahead, plain = ExactStoryIndex(8), ExactStoryIndex(8)
    for key, vector in enumerate(rng.standard_normal((30, 8)).astype(np.float32)):
        ahead.upsert(key, vector)
        plain.upsert(key, vector)
    queries = rng.standard_normal((12, 8)).astype(np.float32)
    ahead.prefetch(queries)
    next_key = 30
    for step, query in enumerate(queries):
        if step == 4:
            continue  # an announced search the caller skips
        _assert_same_hits(ahead.search(query, 5), plain.search(query, 5))
        for index in (ahead, plain):  # between searches: a replaced row, a new one, a removed one
            index.upsert(step, -query)
            index.upsert(next_key, query * 2)
            index.remove(step + 10)
        next_key += 1
    _assert_same_hits(ahead.search(queries[0], 3), plain.search(queries[0], 3))  # past the announced ones


def _assert_same_hits(found: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    """Same keys in the same order; similarities equal up to float32 rounding (a matrix product
    and a matrix-vector product add in different orders)."""
    assert [key for key, _ in found] == [key for key, _ in expected]
    assert [similarity for _, similarity in found] == pytest.approx([s for _, s in expected], abs=1e-6)


def test_prefetch_scores_only_the_rows_written_since() -> None:
    rng = np.random.default_rng(2)
    index = ExactStoryIndex(4)
    for key, vector in enumerate(rng.standard_normal((20, 4)).astype(np.float32)):
        index.upsert(key, vector)
    query = rng.standard_normal(4).astype(np.float32)
    index.prefetch(query[None, :])
    index._vectors[:20] = 0.0  # rows not written through the index keep their prefetched scores
    assert index.search(query, 1)[0][1] != 0.0


def test_every_index_answers_the_same_after_a_prefetch(make: Callable[[int], StoryIndex]) -> None:
    index, queries = _filled(make), np.stack([_unit(0.1, 1, 0.2), _unit(1, 0, 0.3)])
    expected = [index.search(query, 2) for query in queries]
    index.prefetch(queries)
    for query, hits in zip(queries, expected, strict=True):
        _assert_same_hits(index.search(query, 2), hits)
