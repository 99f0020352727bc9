"""The in-memory story index: nearest story first, replaced vectors, pickling."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from newsweave.group.index import InMemoryStoryIndex, StoryIndex


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _index() -> InMemoryStoryIndex:
    index = InMemoryStoryIndex(3)
    index.upsert(0, _unit(1, 0, 0))
    index.upsert(1, _unit(0, 1, 0))
    index.upsert(2, _unit(0, 0, 1))
    return index


def test_index_returns_nearest_story_first() -> None:
    hits = _index().search(_unit(0.1, 1, 0.2), 2)
    assert [key for key, _ in hits] == [1, 2]
    # vectors are kept as 8-bit integers, so the cosine is exact to about 1/127
    assert hits[0][1] == pytest.approx(float(_unit(0.1, 1, 0.2) @ _unit(0, 1, 0)), abs=0.01)


def test_index_upsert_replaces_vector() -> None:
    index = _index()
    index.upsert(0, _unit(0, 1, 0.01))
    assert len(index) == 3
    assert index.search(_unit(1, 0, 0), 1)[0][0] != 0


def test_index_empty_and_wrong_dimensions() -> None:
    index = InMemoryStoryIndex(3)
    assert index.search(_unit(1, 0, 0), 5) == []
    with pytest.raises(ValueError, match="3-d"):
        index.upsert(0, _unit(1, 0))


def test_index_pickles_with_its_vectors() -> None:
    copy = pickle.loads(pickle.dumps(_index()))
    assert len(copy) == 3
    assert copy.search(_unit(0, 0, 1), 1)[0][0] == 2


def test_index_satisfies_protocol() -> None:
    index: StoryIndex = InMemoryStoryIndex(3)
    assert len(index) == 0


def test_index_pickle_keeps_its_settings() -> None:
    index = InMemoryStoryIndex(3, connectivity=8, expansion_search=32, expansion_add=16)
    index.upsert(0, _unit(1, 0, 0))
    copy = pickle.loads(pickle.dumps(index))
    assert (copy.connectivity, copy.expansion_search, copy.expansion_add) == (8, 32, 16)
    assert [key for key, _ in copy.search(_unit(1, 0.1, 0), 1)] == [0]


def test_index_empty_pickles_and_grows() -> None:
    copy = pickle.loads(pickle.dumps(InMemoryStoryIndex(3)))
    assert len(copy) == 0
    copy.upsert(4, _unit(0, 1, 0))
    assert copy.search(_unit(0, 1, 0), 1)[0][0] == 4
