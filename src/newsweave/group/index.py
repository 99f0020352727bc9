"""Nearest-story search: the candidate stories a new article is compared with.

The online clusterer compares an article with its top-k nearest stories only, so the cost of one
assignment stays about constant however many stories the store holds. ``StoryIndex`` is the
capability; :class:`AdaptiveStoryIndex`, the default, searches exactly while it is small and
switches to usearch's HNSW graph (Malkov & Yashunin 2018, "Efficient and robust approximate
nearest neighbor search using Hierarchical Navigable Small World graphs") once it holds
``exact_limit`` stories; a SQLite-backed index lives in ``newsweave.store`` so that this stage
never imports the store.

Why exact first: the clusterer's live index holds about two windows of stories (older ones move
to an archive), some 15,000-20,000 at 2,000 articles a day. Over that many 256-d vectors one
float32 matrix-vector product (:class:`ExactStoryIndex`, numpy's BLAS) takes about as long as an
HNSW search at ``expansion_search`` 256, and a story's vector is replaced by writing one row,
where HNSW pays a graph insertion (a seventh of the clusterer's time on 100,000 generated
articles); and it never misses. Past ``exact_limit`` the product grows with the stories while
the graph search grows with their logarithm, so the index moves to HNSW, once. usearch's own
exact search was slower than numpy's product here (1.4 ms against 0.37 ms over 15,000 int8
vectors on one core), hence the few lines of our own.

A story's vector is its centroid, which moves as members join, so ``upsert`` replaces the vector
kept under a key (usearch: remove, then add; the slot is reused, memory does not grow). The
clusterer calls it only when a story's size reaches a power of two. ``expansion_add=32`` made the
clusterer ~25% faster with the same ECB+ results, but dropped recall@5 from 0.82 to 0.76 on 4,000
clustered synthetic vectors, so the default stays usearch's 128. ``expansion_search`` is 256, not
64: on the first 60,000 of 300,000 generated articles (``bench/cluster_scale.py``), the search
for the 20 nearest stories missed the story of the article's event, though it was the nearest
by far (cosine ~0.55 against ~0.25 for the 20th found), for 493 of 50,391 articles with 64, 128
with 128 and 23 with 256, and the misses grew with the index. Graph vectors are kept as 8-bit
integers (usearch quantises the unit vectors): they only pick candidates; on 20,000 clustered
unit vectors of 256 dimensions the top 5 were all among the 20 found, as with float32, and adding
and searching took a third of the time they took as float16, with half the memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from usearch.index import Index

from newsweave.blas import one_blas_thread
from newsweave.group.arrays import to_unit
from newsweave.group.features import Vector

__all__ = ["AdaptiveStoryIndex", "ExactStoryIndex", "InMemoryStoryIndex", "StoryIndex"]


# Vectors a new graph takes on one thread before the others go in on all cores (see add_many).
_SEED_ONE_THREAD = 1024


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

    def prefetch(self, queries: npt.NDArray[np.float32]) -> None:
        """The vectors of the next searches, one a row, in order; an index may ignore it."""
        ...

    def __len__(self) -> int: ...


def _ranked(keys: Iterable[int], similarities: Iterable[float]) -> list[tuple[int, float]]:
    """(key, similarity) pairs, most similar first, ties by key (so both indexes order alike)."""
    pairs = ((int(key), float(similarity)) for key, similarity in zip(keys, similarities, strict=True))
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def _check_dims(index_dims: int, vector: Vector) -> None:
    if len(vector) != index_dims:
        raise ValueError(f"the story index holds {index_dims}-d vectors, got {len(vector)}")


@dataclass(slots=True, eq=False)
class _Prefetched:
    """Similarities of queries announced ahead to the rows as they were then, and the rows written
    since (their similarities are stale; rows appended since have none)."""

    queries: npt.NDArray[np.float32]
    similarities: npt.NDArray[np.float32]
    n_rows: int
    written: set[int] = field(default_factory=set)
    next: int = 0


class ExactStoryIndex:
    """Unit vectors in the rows of one float32 matrix, searched exactly by matrix products.

    Rows stay packed: removing a key moves the last row into its place, so a search reads only
    live rows. The matrix doubles when full, as a list does.

    One search is one matrix-vector product, which reads every row from memory. A caller that
    knows its next queries announces them with :meth:`prefetch`: one matrix product scores them
    all while the rows are read once (on 15,000 rows, 0.07 ms a query in batches of 64 against
    0.55 ms for a search alone, one core), and each ``search`` for the next of them rescores only
    the rows written since. Results are the same as without it, up to float32 rounding (the two
    products add in different orders).
    """

    def __init__(self, n_dims: int) -> None:
        self.n_dims = n_dims
        self._vectors = np.zeros((16, n_dims), dtype=np.float32)
        self._keys = np.zeros(16, dtype=np.int64)
        self._row_of: dict[int, int] = {}
        self._prefetched: _Prefetched | None = None

    def upsert(self, key: int, vector: Vector) -> None:
        _check_dims(self.n_dims, vector)
        row = self._row_of.get(key)
        if row is None:
            row = len(self._row_of)
            if row == len(self._keys):
                self._vectors = np.concatenate([self._vectors, np.zeros_like(self._vectors)])
                self._keys = np.concatenate([self._keys, np.zeros_like(self._keys)])
            self._row_of[key] = row
            self._keys[row] = key
        self._vectors[row] = to_unit(vector)
        self._written(row)

    def prefetch(self, queries: npt.NDArray[np.float32]) -> None:
        """Score the next searches' vectors (one per row of ``queries``, in order) ahead."""
        n = len(self._row_of)
        with one_blas_thread():
            similarities = to_unit(queries) @ self._vectors[:n].T
        self._prefetched = _Prefetched(queries=np.array(queries, dtype=np.float32), similarities=similarities, n_rows=n)

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        n = len(self._row_of)
        query = to_unit(vector)
        similarities = self._prefetched_similarities(vector, query, n)
        if not n or k < 1:
            return []
        if similarities is None:
            with one_blas_thread():
                similarities = self._vectors[:n] @ query
        top = np.argpartition(similarities, n - k)[n - k :] if n > k else np.arange(n)
        return _ranked(self._keys[top].tolist(), similarities[top].tolist())

    def remove(self, key: int) -> None:
        row = self._row_of.pop(key, None)
        if row is None:
            return
        last = len(self._row_of)
        if row != last:
            self._vectors[row] = self._vectors[last]
            moved = int(self._keys[last])
            self._keys[row] = moved
            self._row_of[moved] = row
            self._written(row)

    def __len__(self) -> int:
        return len(self._row_of)

    def memory_bytes(self) -> int:
        """The matrix and the keys as allocated (the key-to-row dict not counted)."""
        return self._vectors.nbytes + self._keys.nbytes

    def items(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The keys and their unit vectors, row for row."""
        n = len(self._row_of)
        return self._keys[:n], self._vectors[:n]

    def __getstate__(self) -> dict[str, Any]:
        n = len(self._row_of)  # the spare rows and any prefetched scores are not worth keeping
        return {"n_dims": self.n_dims, "keys": self._keys[:n].copy(), "vectors": self._vectors[:n].copy()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        keys, vectors = state["keys"], state["vectors"]
        capacity = max(16, 2 * len(keys))
        self.n_dims = state["n_dims"]
        self._vectors = np.zeros((capacity, self.n_dims), dtype=np.float32)
        self._vectors[: len(keys)] = vectors
        self._keys = np.zeros(capacity, dtype=np.int64)
        self._keys[: len(keys)] = keys
        self._row_of = {key: row for row, key in enumerate(keys.tolist())}
        self._prefetched = None

    def _written(self, row: int) -> None:
        if self._prefetched is not None and row < self._prefetched.n_rows:
            self._prefetched.written.add(row)

    def _prefetched_similarities(
        self, vector: Vector, query: npt.NDArray[np.float32], n: int
    ) -> npt.NDArray[np.float32] | None:
        """This query's row of the prefetched scores, brought up to date; None when the query is
        not among those announced and not yet searched (the announcement is then dropped)."""
        ahead = self._prefetched
        if ahead is None:
            return None
        # the caller may skip an announced search (an article already assigned): look ahead for it
        position = next(
            (i for i in range(ahead.next, len(ahead.queries)) if np.array_equal(ahead.queries[i], vector)), None
        )
        if position is None:
            self._prefetched = None
            return None
        ahead.next = position
        similarities = np.empty(n, dtype=np.float32)
        kept = min(n, ahead.n_rows)
        similarities[:kept] = ahead.similarities[ahead.next, :kept]
        stale = np.fromiter((row for row in ahead.written if row < n), dtype=np.int64)
        fresh = np.concatenate([stale, np.arange(kept, n, dtype=np.int64)])
        if len(fresh):
            similarities[fresh] = self._vectors[fresh] @ query
        ahead.next += 1
        return similarities


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
        _check_dims(self.n_dims, vector)
        self.remove(key)
        self._index.add(key, np.ascontiguousarray(vector, dtype=np.float32))

    def add_many(self, keys: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None:
        """Add new keys in one call: the first ``_SEED_ONE_THREAD`` on one thread, the rest on
        all cores. Inserted on several threads from an empty graph, a few dozen vectors left
        nodes the search could not reach (the exact match of 50 random vectors missed in 50 of
        300 builds); on one thread, none in 300, and a seeded graph takes the rest in parallel."""
        seeded = min(len(keys), _SEED_ONE_THREAD)
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        if seeded:
            self._index.add(keys[:seeded], rows[:seeded], threads=1)
        if len(keys) > seeded:
            self._index.add(keys[seeded:], rows[seeded:])

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        index = self._index
        if not len(index) or k < 1:
            return []
        matches = index.search(np.ascontiguousarray(vector, dtype=np.float32), k)
        return _ranked(matches.keys.tolist(), (1.0 - distance for distance in matches.distances.tolist()))

    def remove(self, key: int) -> None:
        index = self._index
        if index.contains(key):
            index.remove(key)

    def prefetch(self, queries: npt.NDArray[np.float32]) -> None:
        """Nothing: a graph search reads only a few hundred vectors, so it gains nothing from it."""

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


class AdaptiveStoryIndex:
    """Exact search up to ``exact_limit`` stories, then HNSW (see the module doc).

    The move happens once, when an upsert takes the index past the limit, and that upsert builds
    the whole graph (6.6 s for 40,000 stories on two cores here, once); an index that shrinks
    again (stories moving to the archive) stays a graph, which answers as well, only slower
    per search than the matrix would.
    """

    def __init__(self, n_dims: int, exact_limit: int = 40_000) -> None:
        self.n_dims = n_dims
        self.exact_limit = exact_limit
        self._active: ExactStoryIndex | InMemoryStoryIndex = ExactStoryIndex(n_dims)

    @property
    def is_exact(self) -> bool:
        return isinstance(self._active, ExactStoryIndex)

    def upsert(self, key: int, vector: Vector) -> None:
        self._active.upsert(key, vector)
        if isinstance(self._active, ExactStoryIndex) and len(self._active) > self.exact_limit:
            graph = InMemoryStoryIndex(self.n_dims)
            graph.add_many(*self._active.items())
            self._active = graph

    def prefetch(self, queries: npt.NDArray[np.float32]) -> None:
        """Announce the next searches (see :meth:`ExactStoryIndex.prefetch`); a graph ignores it."""
        self._active.prefetch(queries)

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        return self._active.search(vector, k)

    def remove(self, key: int) -> None:
        self._active.remove(key)

    def __len__(self) -> int:
        return len(self._active)

    def memory_bytes(self) -> int:
        return self._active.memory_bytes()
