"""Nearest-story search: the candidate stories a new article is compared with.

The online clusterer compares an article with its top-k nearest stories only, so the cost of one
assignment stays about constant however many stories the store holds. ``StoryIndex`` is the
capability; :class:`InMemoryStoryIndex` serves one process with usearch's HNSW graph (Malkov &
Yashunin 2018, "Efficient and robust approximate nearest neighbor search using Hierarchical
Navigable Small World graphs"); a SQLite-backed index lives in ``newsweave.store`` so that this
stage never imports the store.

A story's vector is its centroid, which moves as members join, so ``upsert`` replaces the vector
kept under a key (usearch: remove, then add; the slot is reused, memory does not grow). The
clusterer calls it only when a story's size reaches a power of two. ``expansion_add=32`` made the
clusterer ~25% faster with the same ECB+ results, but dropped recall@5 from 0.82 to 0.76 on 4,000
clustered synthetic vectors, so the default stays usearch's 128. ``expansion_search`` is 256, not
64: on the first 60,000 of 300,000 generated articles (``bench/cluster_scale.py``), the search
for the 20 nearest stories missed the story of the article's event, though it was the nearest
by far (cosine ~0.55 against ~0.25 for the 20th found), for 493 of 50,391 articles with 64, 128
with 128 and 23 with 256, and the misses grew with the index. Vectors are kept as 8-bit integers
(usearch quantises the unit vectors): they only pick candidates; on 20,000 clustered unit vectors
of 256 dimensions the top 5 were all among the 20 found, as with float32, and adding and searching
took a third of the time they took as float16, with half the memory.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from usearch.index import Index

from newsweave.group.features import Vector

__all__ = ["InMemoryStoryIndex", "StoryIndex"]


class StoryIndex(Protocol):
    """Vectors of stories under integer keys, searched by cosine similarity."""

    def upsert(self, key: int, vector: Vector) -> None:
        """Store ``vector`` under ``key``, replacing what was there."""
        ...

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (key, cosine similarity) pairs, most similar first."""
        ...

    def remove(self, key: int) -> None:
        """Forget the vector under ``key`` (nothing happens when there is none)."""
        ...

    def __len__(self) -> int: ...


class InMemoryStoryIndex:
    """usearch HNSW index over story vectors, cosine metric, int8.

    It pickles as usearch's own serialisation of the graph, so a copy answers exactly like the
    original and loading it costs no rebuild.
    """

    def __init__(
        self, n_dims: int, connectivity: int = 16, expansion_search: int = 256, expansion_add: int = 128
    ) -> None:
        self.n_dims = n_dims
        self.connectivity = connectivity
        self.expansion_search = expansion_search
        self.expansion_add = expansion_add

    @property
    def _index(self) -> Index:
        index: Index | None = getattr(self, "_usearch", None)
        if index is None:
            index = Index(
                ndim=self.n_dims,
                metric="cos",
                dtype="i8",
                connectivity=self.connectivity,
                expansion_add=self.expansion_add,
                expansion_search=self.expansion_search,
            )
            self._usearch = index
        return index

    def upsert(self, key: int, vector: Vector) -> None:
        if len(vector) != self.n_dims:
            raise ValueError(f"InMemoryStoryIndex holds {self.n_dims}-d vectors, got {len(vector)}")
        self.remove(key)
        self._index.add(key, np.ascontiguousarray(vector, dtype=np.float32))

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        index = self._index
        if not len(index) or k < 1:
            return []
        matches = index.search(np.ascontiguousarray(vector, dtype=np.float32), k)
        pairs = zip(matches.keys.tolist(), matches.distances.tolist(), strict=True)
        return sorted(((int(key), 1.0 - float(distance)) for key, distance in pairs), key=lambda p: (-p[1], p[0]))

    def remove(self, key: int) -> None:
        index = self._index
        if index.contains(key):
            index.remove(key)

    def __len__(self) -> int:
        return len(self._index)

    def memory_bytes(self) -> int:
        """Memory the index holds (vectors and graph), as usearch counts it."""
        return int(self._index.memory_usage)

    def __getstate__(self) -> dict[str, Any]:
        graph = self._index.save()  # with no path, usearch returns the serialised index
        if graph is None:
            raise RuntimeError("usearch returned no serialised index")
        return {
            "n_dims": self.n_dims,
            "connectivity": self.connectivity,
            "expansion_search": self.expansion_search,
            "expansion_add": self.expansion_add,
            "graph": bytes(graph),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.n_dims = state["n_dims"]
        self.connectivity = state["connectivity"]
        self.expansion_search = state["expansion_search"]
        self.expansion_add = state["expansion_add"]
        self._index.load(state["graph"])
