"""The stories the online clusterer has opened: their running sums, the index that finds an
article's candidate stories, the time window and archive, and the pair features of (article,
story) pairs.

Kept apart from :class:`~newsweave.group.StoryClusterer` because both live assignment and the
replays of ``fit`` (``story_model``) run on it. The method, and the measurements behind the
window, the archive and the compact sums, are in docs/grouping.md.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from hashlib import blake2b

import numpy as np

from newsweave.group.arrays import (
    Counts,
    Keys,
    Matrix,
    add_dense,
    add_key_counts,
    add_sparse,
    buffer_of,
    count_sketch,
    dense_dot,
    dense_size,
    reuse_buffer,
    to_unit,
)
from newsweave.group.features import ArticleFeatures, SparseVector, Vector
from newsweave.group.index import AdaptiveStoryIndex, InMemoryStoryIndex, StoryIndex
from newsweave.group.options import SECONDS_A_DAY, EventOptions

__all__ = ["PAIR_FEATURES", "Probe", "Stories", "StoryState", "lexical_dots"]

PAIR_FEATURES = (
    "lexical_centroid_cosine",
    "lexical_max_member_cosine",
    "semantic_centroid_cosine",
    "semantic_missing",
    "entity_jaccard",
    "entity_coverage",
    "log_gap_days",
    "time_missing",
    "log_story_size",
    "salient_entity_coverage",
    "year_coverage",
    "years_missing",
    "number_coverage",
    "numbers_missing",
)
_SECONDS_AN_HOUR = 3600.0
# Stale stories moved to the archive at each join: more than the stories that go stale per article.
_MOVES_PER_ADD = 2
# The index is asked for this many times n_candidates, so that candidates left out for their time
# can be made up from the next nearest.
_WINDOW_OVERSAMPLE = 4
_ENTITY, _YEAR, _NUMBER = 0, 1, 2
_KIND_SHIFT = 62
_HASH_MASK = (1 << _KIND_SHIFT) - 1
_KIND_BOUNDS = np.array([(kind + 1) << _KIND_SHIFT for kind in (_ENTITY, _YEAR, _NUMBER)], dtype=np.uint64)
_NO_KEYS: Keys = np.zeros(0, dtype=np.uint64)
_NO_COUNTS: Counts = np.zeros(0, dtype=np.uint32)
_EMPTY_SPARSE = SparseVector(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))


@dataclass(frozen=True, slots=True)
class Probe:
    """An article as the stories see it: its lexical vector spread out dense so a story's sparse
    vectors can gather from it, its entity keys, years and figures hashed to tagged integers."""

    lexical: SparseVector
    dense: Vector
    semantic: Vector | None
    entities: Keys
    salient: Keys
    years: Keys
    numbers: Keys
    published: float | None
    vector: Vector  # what the story index is searched with


@dataclass(slots=True, eq=False)
class StoryState:
    """Running sums of one story (mutable learned state of the clusterer).

    Everything is kept compact because a stream of a million articles opens hundreds of
    thousands of stories: the lexical sum is sparse (``lexical``) until a dense array would be
    smaller (``dense``, for the big stories: it also spares them a reallocation at every join),
    the entity keys, years and figures the members named are one sorted array of tagged 64-bit
    hashes (:func:`_tag`) with a count each, and times are POSIX seconds. The arrays that change
    length as members join are leading views of power-of-two buffers
    (:func:`~newsweave.group.arrays.reuse_buffer`).
    """

    id: str
    max_recent: int
    lexical: SparseVector = field(default_factory=lambda: _EMPTY_SPARSE)
    dense: Vector | None = None
    recent: SparseVector = field(default_factory=lambda: _EMPTY_SPARSE)  # newest members, end to end
    recent_sizes: list[int] = field(default_factory=list)
    lexical_norm: float = 0.0
    semantic_sum: Vector | None = None
    semantic_norm: float = 0.0
    keys: Keys = field(default_factory=lambda: _NO_KEYS)
    counts: Counts = field(default_factory=lambda: _NO_COUNTS)
    n_members: int = 0
    first_published: float | None = None
    last_published: float | None = None

    def add(self, probe: Probe) -> None:
        if self.dense is not None:
            self.dense = add_dense(self.dense, probe.lexical)
        else:
            indices, values = add_sparse(self.lexical, probe.lexical)
            self.lexical = SparseVector(
                reuse_buffer(self.lexical.indices, indices), reuse_buffer(self.lexical.values, values)
            )
            size = dense_size(self.lexical)
            if 2 * len(self.lexical.indices) > size:  # 8 bytes a sparse entry, 4 a dense one
                self.dense, self.lexical = self.lexical.to_dense(size), _EMPTY_SPARSE
        self.lexical_norm = float(np.linalg.norm(self.dense)) if self.dense is not None else self.lexical.norm()
        if probe.semantic is not None:
            if self.semantic_sum is None:
                self.semantic_sum = probe.semantic.copy()
            else:
                self.semantic_sum += probe.semantic
            self.semantic_norm = float(np.linalg.norm(self.semantic_sum))
        self._remember(probe.lexical)
        new_keys = np.concatenate([probe.entities, probe.years, probe.numbers])
        keys, counts = add_key_counts(self.keys, self.counts, new_keys)
        self.keys, self.counts = reuse_buffer(self.keys, keys), reuse_buffer(self.counts, counts)
        self.n_members += 1
        if probe.published is not None:
            self.first_published = min(probe.published, self.first_published or probe.published)
            self.last_published = max(probe.published, self.last_published or probe.published)

    def _remember(self, member: SparseVector) -> None:
        """Keep ``member`` among the ``max_recent`` newest member vectors."""
        drop = self.recent_sizes.pop(0) if len(self.recent_sizes) == self.max_recent else 0
        self.recent = SparseVector(
            reuse_buffer(self.recent.indices, np.concatenate([self.recent.indices[drop:], member.indices])),
            reuse_buffer(self.recent.values, np.concatenate([self.recent.values[drop:], member.values])),
        )
        self.recent_sizes.append(len(member.indices))

    def memory_bytes(self) -> int:
        """Bytes of the story's arrays, as allocated (spare capacity included)."""
        arrays = (*self.lexical, *self.recent, self.keys, self.counts, self.dense, self.semantic_sum)
        return sum(buffer_of(array).nbytes for array in arrays if array is not None)

    def lexical_sum(self) -> SparseVector:
        return SparseVector.from_dense(self.dense) if self.dense is not None else self.lexical

    def count_of(self, keys: Keys) -> Counts:
        """How many members named each of ``keys`` (0 for a key no member named)."""
        if not len(keys) or not len(self.keys):
            return np.zeros(len(keys), dtype=np.uint32)
        positions = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[positions] == keys, self.counts[positions], 0).astype(np.uint32)

    def n_keys(self) -> list[int]:
        """Distinct keys of each kind (``_ENTITY``, ``_YEAR``, ``_NUMBER``) the members named."""
        ends = np.searchsorted(self.keys, _KIND_BOUNDS).tolist()
        return [ends[0], ends[1] - ends[0], ends[2] - ends[1]]


class Stories:
    """Stories, their index and the pair features: shared by live assignment and ``fit``'s replays.

    The index searches a short proxy of each story: count sketches (Charikar, Chen & Farach-Colton
    2002) of its lexical centroid and of its embedding, ``index_dims`` in all, and it is
    refreshed when the story's size reaches a power of two, not at every join: candidates only
    need to be found, the pair features are computed on the exact sums.

    A dated article is compared only with stories that have a dated member within
    ``max_gap_days`` of it. Stories whose newest member is two windows behind the newest article
    move from the index to an archive that only late and undated articles search, so that the
    index holds about two windows of stories however long the stream.
    """

    def __init__(self, options: EventOptions, semantic_dims: int, index: StoryIndex | None = None) -> None:
        self.options = options
        self.semantic_dims = semantic_dims
        self.index = index
        self.archive: InMemoryStoryIndex | None = None  # stories no longer in the window (see _find_stale)
        self.stories: list[StoryState] = []
        self._lexical_dims = 1  # above every bucket seen, so a probe's dense vector covers the stories' buckets
        self._last_published = np.zeros(0)  # of each story (NaN: undated), for finding the stale ones at once
        self._archived = np.zeros(0, dtype=bool)
        self._newest = -math.inf  # the newest publication time added
        self._horizon = -math.inf  # stories whose newest member is older are in the archive
        self._to_archive: deque[int] = deque()  # stale stories still in the index

    def probe(self, features: ArticleFeatures) -> Probe:
        lexical = features.lexical
        if len(lexical.indices):
            self._lexical_dims = max(self._lexical_dims, int(lexical.indices[-1]) + 1)
        dense = lexical.to_dense(self._lexical_dims)
        return Probe(
            lexical=lexical,
            dense=dense,
            semantic=features.semantic if features.has_semantic else None,
            entities=_tag(_ENTITY, features.entities),
            salient=_tag(_ENTITY, features.salient_entities),
            years=_tag(_YEAR, (str(year) for year in features.years)),
            numbers=_tag(_NUMBER, features.numbers),
            published=features.published.timestamp() if features.published else None,
            vector=self.search_vector(lexical, features.semantic if features.has_semantic else None),
        )

    def search_vector(self, lexical: SparseVector, semantic: Vector | None) -> Vector:
        if not self.semantic_dims:
            return to_unit(count_sketch(lexical, self.options.index_dims))
        n_dims = self.options.index_dims // 2
        sketch = to_unit(count_sketch(lexical, n_dims))
        weight = self.options.semantic_weight
        semantic_block = np.zeros(min(n_dims, self.semantic_dims), np.float32)
        if semantic is not None and len(semantic) > n_dims:
            semantic_block = to_unit(
                count_sketch(SparseVector(np.arange(len(semantic), dtype=np.int32), semantic), n_dims)
            )
        elif semantic is not None:
            semantic_block = to_unit(semantic)
        return np.concatenate([sketch * math.sqrt(1 - weight), semantic_block * math.sqrt(weight)])

    def candidates(self, probe: Probe) -> list[int]:
        if not self.stories:
            return []
        vector = probe.vector
        options = self.options
        if probe.published is None:
            return [key for key, _ in self._search(vector, options.n_candidates, with_archive=True)]
        window = options.max_gap_days * SECONDS_A_DAY
        late = probe.published - window < self._horizon  # its window reaches back into the archive
        nearest = self._search(vector, options.n_candidates * _WINDOW_OVERSAMPLE, with_archive=late)
        stories = self.stories
        in_window = [key for key, _ in nearest if not _too_far(probe.published, stories[key], options.max_gap_days)]
        return in_window[: options.n_candidates]

    def prefetch(self, probes: Sequence[Probe]) -> None:
        """Tell the index which searches come next (see ``ExactStoryIndex``)."""
        if self.index is not None and probes:
            self.index.prefetch(np.stack([probe.vector for probe in probes]))

    def open(self) -> int:
        key = len(self.stories)
        story = StoryState(id=f"{self.options.id_prefix}{key:06d}", max_recent=self.options.max_member_vectors)
        self.stories.append(story)
        if key == len(self._archived):
            size = max(16, 2 * key)
            self._last_published = np.concatenate([self._last_published, np.full(size - key, np.nan)])
            self._archived = np.concatenate([self._archived, np.zeros(size - key, dtype=bool)])
        return key

    def add(self, key: int, probe: Probe) -> None:
        story = self.stories[key]
        story.add(probe)
        if story.last_published is not None:
            self._last_published[key] = story.last_published
        stale = self._last_published[key] < self._horizon  # False when undated (NaN)
        if story.n_members & (story.n_members - 1) == 0 or stale != self._archived[key]:  # sizes 1, 2, 4, 8, ...
            self._file(key, archived=bool(stale))
        if probe.published is not None and probe.published > self._newest:
            self._newest = probe.published
            self._find_stale()
        for _ in range(min(_MOVES_PER_ADD, len(self._to_archive))):
            stale_key = self._to_archive.popleft()
            if not self._archived[stale_key] and self._last_published[stale_key] < self._horizon:
                self._file(stale_key, archived=True)

    def _find_stale(self) -> None:
        """Queue for the archive the stories whose newest member is two windows older than the
        newest article, each time that horizon has moved an hour; each join then moves at most
        ``_MOVES_PER_ADD`` of them, so that no one join pays for an hour's stories at once.

        Why an archive: with every story of a long stream in one index, the approximate search
        misses an article's own story more often the more stories the index holds. The index
        holds about two windows of stories however long the stream is; an article more than a
        window older than the newest (a late one) searches the archive too, and an undated one
        both.
        """
        horizon = self._newest - 2 * self.options.max_gap_days * SECONDS_A_DAY
        if horizon - self._horizon < _SECONDS_AN_HOUR:
            return
        self._horizon = horizon
        n = len(self.stories)
        self._to_archive.extend(np.flatnonzero(~self._archived[:n] & (self._last_published[:n] < horizon)).tolist())

    def _file(self, key: int, *, archived: bool) -> None:
        """(Re)write the search vector of story ``key`` into the index, or into the archive."""
        story = self.stories[key]
        vector = self.search_vector(story.lexical_sum(), story.semantic_sum)
        index, archive = self._index(len(vector)), self._archive(len(vector))
        if archived != self._archived[key]:
            (index if archived else archive).remove(key)
            self._archived[key] = archived
        (archive if archived else index).upsert(key, vector)

    def pair_features(self, probe: Probe, keys: Sequence[int]) -> Matrix:
        """One row of :data:`PAIR_FEATURES` for each candidate story in ``keys``."""
        stories = [self.stories[key] for key in keys]
        centroid_dots, member_dots = lexical_dots(probe, stories)
        probe_keys = np.concatenate([probe.entities, probe.salient, probe.years, probe.numbers])
        a, b, c = np.cumsum([len(probe.entities), len(probe.salient), len(probe.years)]).tolist()
        rows = []
        for story, centroid_dot, member_dot in zip(stories, centroid_dots, member_dots, strict=True):
            n_members = story.n_members
            counts = story.count_of(probe_keys)
            entities, salient, years, numbers = counts[:a], counts[a:b], counts[b:c], counts[c:]
            n_entities, n_years, n_numbers = story.n_keys()
            gap = _gap_days(probe.published, story)
            semantic_cosine, semantic_missing = 0.0, 1.0
            if probe.semantic is not None and story.semantic_sum is not None and story.semantic_norm > 0:
                semantic_cosine = float(probe.semantic @ story.semantic_sum) / story.semantic_norm
                semantic_missing = 0.0
            rows.append(
                [
                    centroid_dot / story.lexical_norm if story.lexical_norm > 0 else 0.0,
                    member_dot,
                    semantic_cosine,
                    semantic_missing,
                    *_entity_overlap(entities, n_entities, n_members),
                    math.log1p(gap) if gap is not None else 0.0,
                    float(gap is None),
                    math.log(n_members),
                    _coverage(salient, n_members),
                    _coverage(years, n_members),
                    float(not (len(years) and n_years)),
                    _coverage(numbers, n_members),
                    float(not (len(numbers) and n_numbers)),
                ]
            )
        return np.array(rows, dtype=np.float64)

    def _search(self, vector: Vector, k: int, *, with_archive: bool) -> list[tuple[int, float]]:
        """The ``k`` stories nearest ``vector`` in the index, and in the archive if asked."""
        nearest = self._index(len(vector)).search(vector, k)
        if with_archive and self.archive is not None:
            nearest = sorted(nearest + self.archive.search(vector, k), key=lambda pair: (-pair[1], pair[0]))[:k]
        return nearest

    def _index(self, n_dims: int) -> StoryIndex:
        if self.index is None:
            self.index = AdaptiveStoryIndex(n_dims)
        return self.index

    def _archive(self, n_dims: int) -> InMemoryStoryIndex:
        # a graph from the start: the archive only grows, and building a graph of tens of thousands
        # of stories at once (AdaptiveStoryIndex's move) would stall one batch for seconds
        if self.archive is None:
            self.archive = InMemoryStoryIndex(n_dims)
        return self.archive


def lexical_dots(probe: Probe, stories: Sequence[StoryState]) -> tuple[list[float], list[float]]:
    """Dot products of the probe's lexical vector with each story's lexical sum, and the highest
    with its recent members: the sparse vectors end to end, gathered from the probe's dense vector
    at once and summed by segment (``reduceat``, faster than ``bincount`` over segment numbers); a
    dense sum gathers at the probe's buckets instead."""
    indices = np.concatenate([part.indices for story in stories for part in (story.lexical, story.recent)])
    values = np.concatenate([part.values for story in stories for part in (story.lexical, story.recent)])
    sizes = np.array([size for story in stories for size in (len(story.lexical.indices), *story.recent_sizes)])
    products = np.append(values * probe.dense[indices], np.float32(0))  # the 0 ends an empty last segment
    sums = np.add.reduceat(products, np.cumsum(sizes) - sizes, dtype=np.float64)
    sums[sizes == 0] = 0.0  # reduceat gives an empty segment the next item instead
    dots = sums.tolist()
    centroid_dots, member_dots = [], []
    start = 0
    for story in stories:
        centroid_dots.append(dots[start] if story.dense is None else dense_dot(story.dense, probe.lexical))
        members = dots[start + 1 : start + 1 + len(story.recent_sizes)]
        member_dots.append(max(members, default=0.0))
        start += 1 + len(story.recent_sizes)
    return centroid_dots, member_dots


def _entity_overlap(counts: Counts, n_story_entities: int, n_members: int) -> tuple[float, float]:
    """Jaccard of the article's entities with the story's, and the share of members naming them.

    ``counts`` holds how many members named each of the article's entities.
    """
    if not len(counts):
        return 0.0, 0.0
    n_shared = int(np.count_nonzero(counts))
    union = len(counts) + n_story_entities - n_shared
    return n_shared / union, float(counts.sum()) / (n_members * len(counts))


def _coverage(counts: Counts, n_members: int) -> float:
    """Mean share of the story's members that name each key (0 for no keys)."""
    return float(counts.sum()) / (len(counts) * n_members) if len(counts) else 0.0


def _too_far(published: float | None, story: StoryState, max_gap_days: float) -> bool:
    gap = _gap_days(published, story)
    return gap is not None and gap > max_gap_days


def _gap_days(published: float | None, story: StoryState) -> float | None:
    if published is None or story.first_published is None or story.last_published is None:
        return None
    if story.first_published <= published <= story.last_published:
        return 0.0
    nearest = story.first_published if published < story.first_published else story.last_published
    return abs(published - nearest) / SECONDS_A_DAY


def _tag(kind: int, values: Iterable[str]) -> Keys:
    """Sorted distinct 64-bit keys of ``values``: a stable hash (not ``hash``, which each process
    salts) with the kind in the top bits, so the keys of one kind are one run of the sorted array."""
    hashed = {
        (kind << _KIND_SHIFT) | (int.from_bytes(blake2b(value.encode(), digest_size=8).digest(), "little") & _HASH_MASK)
        for value in values
    }
    return np.array(sorted(hashed), dtype=np.uint64)
