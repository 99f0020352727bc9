"""Online story clustering: each new article joins its best-matching story or opens a new one.

Method: single-pass clustering against story centroids, as in the TDT on-line detection and
tracking systems (Allan, Papka & Lavrenko 1998, "On-line new event detection and tracking"), with
the decision made the way Miranda et al. 2018 ("Multilingual clustering of streaming news",
EMNLP) make it: the article is compared with its nearest stories only, each (article, story) pair
is described by a few similarities, a model learned on labelled streams scores each pair, and
the article joins the best-scoring story when that score reaches a learned threshold, else it
starts a story. Here the pair model is a logistic regression (Miranda et al. use a rank-SVM
then a separate threshold model) over:

- cosine of the article's hashed TF-IDF vector to the story centroid, and the highest cosine to
  the story's most recent members (a story that drifts still matches its newest reports);
- cosine of the multilingual USE embedding of the lead to the story's (0 with a missing flag when
  no embedder ran);
- entity Jaccard with the story's entities, and the share of the article's entities (and of its
  most mentioned ones) the story already names, weighted by how many of its members name them;
- the share of the years, and of the other specific figures (magnitudes, ages, tolls), that the
  article writes and the story's members already wrote, each with a missing flag;
- the gap in days between the article and the story's time span, log-scaled (0 with a missing
  flag when either date is unknown, so the model works undated, as on ECB+);
- the story's size (log).

``fit`` learns the pair weights (``coef_``, ``intercept_``; fitted on standardised features and
folded back to the raw scale) from a labelled stream replayed with the gold stories (each article
against its nearest gold-so-far stories, label: is this its story). ``C`` and ``threshold_`` are
chosen by cross-validation over ``groups`` (the ECB+ topics, so both events of a type are held
out together): pair models are fitted on the other folds, ``C`` is the one with the lowest
held-out log-loss, and the threshold the one with the best B-cubed F1 when each held-out fold is
replayed as a stream. Nothing is set by hand.

Time. ECB+ has no dates, so the gap feature gets no weight from it and time cannot be learned
here; but two events of one type often differ in little else (Ecuador cut Julian Assange's
internet in October 2016 and again in March 2018, and reports of the two share names, words and
embedding). So time enters as a prior, the time window of the TDT trackers (Yang, Pierce &
Carbonell 1998, "A study of retrospective and on-line event detection"): a dated article is only
compared with stories that have a dated member within ``max_gap_days`` (30) of it. Undated
articles are compared by content alone, and two undated reports of two such events are merged.
Stories whose newest member is two windows behind the newest article leave the index for an
archive that only late and undated articles search, so that the index, and the cost and the
misses of its approximate search, stay those of two windows of stories however long the stream.

Measured on ECB+ (Cybulska & Vossen 2015; ``bench/cluster_eval.py``: fitted on train, event-level
B-cubed F1 on dev): 0.924 lexical+USE (the shipped model), 0.920 lexical only, against 0.807 for
TF-IDF + average-linkage agglomerative clustering and 0.822 for this clusterer without the
figure features and topic cross-validation. Experiments (dev F1, lexical / lexical+USE unless
said; USE vectors cached, hence 0.924 rather than the bench's 0.909, whose threshold came out
0.40 instead of 0.45): the old features with the threshold from topic cross-validation 0.812
(lexical): the low threshold was a symptom, the old features could not tell two events of one
type apart and the figures can (without them 0.812, with them 0.920); the figures with the
threshold from in-sample replay 0.920 / 0.911; class-balanced pairs 0.838 (lexical). Tried and
left out because they did not help on held-out train topics or on dev: the margin to the best
other candidate (with it 0.900 / 0.894, held-out-topic F1 on train 0.891 / 0.923, against
0.890 / 0.948 without), an IDF-weighted entity coverage, an entity-vector cosine and a cosine
after removing the candidates' mean centroid (the words of the event type; each moved dev F1 by
0.001 at most). 5 candidates and 16 member vectors scored as 10 and 32, at twice the speed. Two
events of one type are still merged when the second one's first report shares names, words and
figures with the first: on dev, the two Chargers players' DUI arrests, and a few reports of
Maurice Cheeks's return to the 76ers joined the story of his firing.

Across languages: TF-IDF vectors of an English and a Spanish report barely overlap; only the USE
block links them (same-event paragraphs ~0.78 cosine vs ~0.27 for other events). ECB+ is English
only, so the weight of that block is learned from English pairs, and whether a translated report
clears the threshold on the embedding alone has not been measured here.

Cost: one assignment is one nearest-neighbour search over story vectors (``StoryIndex``: exact
over the live stories while they are few, usearch HNSW past that), one matrix of
``n_candidates`` pair scores computed from the stories' sparse sums, and, when the story's size
reaches a power of two, one update of its vector in the index; the live stories are about two
windows' worth however long the stream, so none of it grows with the store
(``bench/cluster_scale.py`` measures it up to a million articles, ``bench/cluster_eval.py`` on
ECB+). :meth:`StoryClusterer.assign_many` announces a batch's searches to the index ahead, which
the exact index answers with one matrix product (the stories are those of ``assign`` one at a
time). On 100,000 generated articles, exact search in batches of 64 took the grouping process
from 844 articles a second (HNSW, one at a time) to 1,679, and B-cubed recall against the
generated events from 0.996 to 1.000. The index searches 256 dimensions
kept as 8-bit integers: with embeddings, a 128-d count sketch of the lexical centroid and one of
the 512-d embedding (it was 256 + 512 as float16). On the first 30,000 articles of ``bench/cluster_scale.py`` that
made assignment cost 0.90 ms of CPU an article instead of 1.34 (p50 0.83 ms, p99 1.8) and joined
more articles of their event (B-cubed F1 0.996 against 0.976); ECB+ dev F1 stayed 0.924, and
0.920 lexical only (where the sketch keeps all 256 dimensions: 128 gave 0.904).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from newsweave.errors import NotFittedError
from newsweave.group.features import ArticleFeatures, SparseVector, Vector
from newsweave.group.index import AdaptiveStoryIndex, InMemoryStoryIndex, StoryIndex
from newsweave.group.metrics import bcubed

__all__ = ["PAIR_FEATURES", "EventOptions", "StoryClusterer"]

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
_SECONDS_A_DAY = 86400.0
_SECONDS_AN_HOUR = 3600.0
# Stale stories moved to the archive at each join: more than the stories that go stale per article.
_MOVES_PER_ADD = 2
# The index is asked for this many times n_candidates, so that candidates left out for their time
# can be made up from the next nearest.
_WINDOW_OVERSAMPLE = 4
# Articles whose index searches are announced together: the exact index's cost per search stops
# falling at about 64 (0.078, 0.065, 0.065 ms at 32, 64, 128 over 15,000 stories, one core).
_PREFETCH_BATCH = 64
Matrix = npt.NDArray[np.float64]
Keys = npt.NDArray[np.uint64]
Counts = npt.NDArray[np.uint32]
_ENTITY, _YEAR, _NUMBER = 0, 1, 2
_KIND_SHIFT = 62
_HASH_MASK = (1 << _KIND_SHIFT) - 1
_KIND_BOUNDS = np.array([(kind + 1) << _KIND_SHIFT for kind in (_ENTITY, _YEAR, _NUMBER)], dtype=np.uint64)
_NO_KEYS: Keys = np.zeros(0, dtype=np.uint64)
_NO_COUNTS: Counts = np.zeros(0, dtype=np.uint32)
_EMPTY_SPARSE = SparseVector(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))


@dataclass(frozen=True, slots=True, kw_only=True)
class EventOptions:
    """Options of :class:`StoryClusterer`.

    Args:
        n_candidates: nearest stories scored for each article (top-k of the index).
        max_gap_days: a dated article is never compared with a story whose dated members are all
            more than this many days before or after it (see the module docstring).
        max_member_vectors: most recent member vectors a story keeps for the max-member cosine.
        index_dims: dimensions of the vectors the index searches (a power of two): a count
            sketch of the lexical centroid, or, when the features carry embeddings, half of them
            that and half a count sketch of the embedding.
        semantic_weight: share of the embedding block in the vector the index searches by
            (the lexical block has the rest); used only when the features carry embeddings.
        regularisation: the inverse L2 strengths ``C`` of the pair model's logistic regression
            that ``fit`` chooses among (by held-out log-loss when ``cv_folds`` >= 2).
        balanced: weigh same-story and different-story training pairs equally.
        cv_folds: ``fit`` picks ``C`` and the threshold on held-out groups (folds of the groups
            given to ``fit``: pair model fitted on the other folds, the held-out stream replayed);
            below 2 it replays the training stream itself (optimistic: thresholds come out low).
        threshold_grid: the link thresholds ``fit`` tries.
        id_prefix: story ids are ``id_prefix`` + a zero-padded counter, in order of creation.
    """

    n_candidates: int = 5
    max_gap_days: float = 30.0
    max_member_vectors: int = 16
    index_dims: int = 256
    semantic_weight: float = 0.5
    regularisation: tuple[float, ...] = (0.1, 1.0, 10.0)
    balanced: bool = False
    cv_folds: int = 5
    threshold_grid: tuple[float, ...] = tuple(round(0.05 * step, 2) for step in range(1, 20))
    id_prefix: str = "s"

    def __post_init__(self) -> None:
        if not self.max_gap_days > 0:
            raise ValueError(f"max_gap_days must be > 0, got {self.max_gap_days}")
        if self.n_candidates < 1 or self.max_member_vectors < 1:
            raise ValueError(
                f"n_candidates and max_member_vectors must be >= 1, got {self.n_candidates}, {self.max_member_vectors}"
            )
        if self.index_dims < 4 or self.index_dims & (self.index_dims - 1):
            raise ValueError(f"index_dims must be a power of two >= 4, got {self.index_dims}")
        if not 0.0 <= self.semantic_weight < 1.0:
            raise ValueError(f"semantic_weight must be in [0, 1), got {self.semantic_weight}")
        if not self.regularisation or not all(c > 0 for c in self.regularisation):
            raise ValueError(f"regularisation must hold values > 0, got {self.regularisation}")
        if self.cv_folds < 0:
            raise ValueError(f"cv_folds must be >= 0, got {self.cv_folds}")
        if not self.threshold_grid or not all(0.0 < t < 1.0 for t in self.threshold_grid):
            raise ValueError(f"threshold_grid must hold probabilities in (0, 1), got {self.threshold_grid}")
        if not self.id_prefix:
            raise ValueError("id_prefix must not be empty")


@dataclass(frozen=True, slots=True)
class _Probe:
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
class _Story:
    """Running sums of one story (mutable learned state, private to the clusterer).

    Everything is kept compact because a stream of a million articles opens hundreds of
    thousands of stories: the lexical sum is sparse (``lexical``) until a dense array would be
    smaller (``dense``, for the big stories: it also spares them a reallocation at every join),
    the entity keys, years and figures the members named are one sorted array of tagged 64-bit
    hashes (:func:`_tag`) with a count each, and times are POSIX seconds. The arrays that change
    length as members join are leading views of power-of-two buffers (:func:`_kept`).
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

    def add(self, probe: _Probe) -> None:
        if self.dense is not None:
            self.dense = _add_dense(self.dense, probe.lexical)
        else:
            indices, values = _add_sparse(self.lexical, probe.lexical)
            self.lexical = SparseVector(_kept(self.lexical.indices, indices), _kept(self.lexical.values, values))
            size = _dense_size(self.lexical)
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
        keys, counts = _add_keys(self.keys, self.counts, np.concatenate([probe.entities, probe.years, probe.numbers]))
        self.keys, self.counts = _kept(self.keys, keys), _kept(self.counts, counts)
        self.n_members += 1
        if probe.published is not None:
            self.first_published = min(probe.published, self.first_published or probe.published)
            self.last_published = max(probe.published, self.last_published or probe.published)

    def _remember(self, member: SparseVector) -> None:
        """Keep ``member`` among the ``max_recent`` newest member vectors."""
        drop = self.recent_sizes.pop(0) if len(self.recent_sizes) == self.max_recent else 0
        self.recent = SparseVector(
            _kept(self.recent.indices, np.concatenate([self.recent.indices[drop:], member.indices])),
            _kept(self.recent.values, np.concatenate([self.recent.values[drop:], member.values])),
        )
        self.recent_sizes.append(len(member.indices))

    def memory_bytes(self) -> int:
        """Bytes of the story's arrays, as allocated (spare capacity included)."""
        arrays = (*self.lexical, *self.recent, self.keys, self.counts, self.dense, self.semantic_sum)
        return sum(_buffer(array).nbytes for array in arrays if array is not None)

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


class _Stories:
    """Stories, their index and the pair features: shared by live assignment and ``fit``'s replays.

    The index searches a short proxy of each story: count sketches (Charikar, Chen & Farach-Colton
    2002) of its lexical centroid and of its embedding, ``index_dims`` in all, and it is
    refreshed when the story's size reaches a power of two, not at every join: candidates only
    need to be found, the pair features are computed on the exact sums.
    """

    def __init__(self, options: EventOptions, semantic_dims: int, index: StoryIndex | None = None) -> None:
        self.options = options
        self.semantic_dims = semantic_dims
        self.index = index
        self.archive: InMemoryStoryIndex | None = None  # stories no longer in the window (see _find_stale)
        self.stories: list[_Story] = []
        self._lexical_dims = 1  # above every bucket seen, so a probe's dense vector covers the stories' buckets
        self._last_published = np.zeros(0)  # of each story (NaN: undated), for finding the stale ones at once
        self._archived = np.zeros(0, dtype=bool)
        self._newest = -math.inf  # the newest publication time added
        self._horizon = -math.inf  # stories whose newest member is older are in the archive
        self._to_archive: deque[int] = deque()  # stale stories still in the index

    def probe(self, features: ArticleFeatures) -> _Probe:
        lexical = features.lexical
        if len(lexical.indices):
            self._lexical_dims = max(self._lexical_dims, int(lexical.indices[-1]) + 1)
        dense = lexical.to_dense(self._lexical_dims)
        return _Probe(
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
            return _unit(_sketch(lexical, self.options.index_dims))
        n_dims = self.options.index_dims // 2
        sketch = _unit(_sketch(lexical, n_dims))
        weight = self.options.semantic_weight
        semantic_block = np.zeros(min(n_dims, self.semantic_dims), np.float32)
        if semantic is not None and len(semantic) > n_dims:
            semantic_block = _unit(_sketch(SparseVector(np.arange(len(semantic), dtype=np.int32), semantic), n_dims))
        elif semantic is not None:
            semantic_block = _unit(semantic)
        return np.concatenate([sketch * math.sqrt(1 - weight), semantic_block * math.sqrt(weight)])

    def candidates(self, probe: _Probe) -> list[int]:
        if not self.stories:
            return []
        vector = probe.vector
        options = self.options
        if probe.published is None:
            return [key for key, _ in self._search(vector, options.n_candidates, with_archive=True)]
        window = options.max_gap_days * _SECONDS_A_DAY
        late = probe.published - window < self._horizon  # its window reaches back into the archive
        nearest = self._search(vector, options.n_candidates * _WINDOW_OVERSAMPLE, with_archive=late)
        stories = self.stories
        in_window = [key for key, _ in nearest if not _too_far(probe.published, stories[key], options.max_gap_days)]
        return in_window[: options.n_candidates]

    def prefetch(self, probes: Sequence[_Probe]) -> None:
        """Tell the index which searches come next (see ``ExactStoryIndex``)."""
        if self.index is not None and probes:
            self.index.prefetch(np.stack([probe.vector for probe in probes]))

    def open(self) -> int:
        key = len(self.stories)
        self.stories.append(_Story(id=f"{self.options.id_prefix}{key:06d}", max_recent=self.options.max_member_vectors))
        if key == len(self._archived):
            size = max(16, 2 * key)
            self._last_published = np.concatenate([self._last_published, np.full(size - key, np.nan)])
            self._archived = np.concatenate([self._archived, np.zeros(size - key, dtype=bool)])
        return key

    def add(self, key: int, probe: _Probe) -> None:
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
        ``_MOVES_PER_ADD`` of them (moving an hour's stories at once made one call in a hundred slow).

        With the stream months long and every story in one index, the approximate search missed an
        article's own story more often the more stories the index held: on 300,000 generated
        articles over 150 days (``bench/cluster_scale.py``), the share of articles that missed their
        event's earlier story grew with the stream, to 9.5% of the last 25,000 (B-cubed recall
        0.806, against 0.996 on the first 30,000). With stories archived it stayed at 3.5% from the
        150,000th article on (recall 0.873 at 300,000), and ``InMemoryStoryIndex``'s deeper search
        (``expansion_search`` 256) kept it at 0.1-0.3% (recall 0.995 at 300,000, precision 0.9998,
        at about a quarter more CPU an assignment). The index holds about two windows of stories
        however long the stream is; an article more than a window older than the newest (a late one)
        searches the archive too, and an undated one both.
        """
        horizon = self._newest - 2 * self.options.max_gap_days * _SECONDS_A_DAY
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

    def pair_features(self, probe: _Probe, keys: Sequence[int]) -> Matrix:
        """One row of :data:`PAIR_FEATURES` for each candidate story in ``keys``."""
        stories = [self.stories[key] for key in keys]
        centroid_dots, member_dots = _lexical_dots(probe, stories)
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
        # a graph from the start: the archive only grows, and building a graph of 40,000 stories
        # at once (AdaptiveStoryIndex's move) stalled one batch for 6.6 s at 1M articles
        if self.archive is None:
            self.archive = InMemoryStoryIndex(n_dims)
        return self.archive


@dataclass(frozen=True, slots=True)
class _PairModel:
    coef: npt.NDArray[np.float64]
    intercept: float


class StoryClusterer:
    """Assigns articles, in (published, id) order, to stories; learns its link decision with ``fit``.

    Learned state: ``coef_``/``intercept_`` (pair model over :data:`PAIR_FEATURES`, on the raw
    feature scale), ``threshold_`` (the join probability), ``regularisation_`` (the chosen ``C``),
    ``semantic_dims_`` (0 when trained without embeddings), ``cv_scores_`` ((C, threshold) ->
    held-out B-cubed F1); and, as articles arrive, ``labels_`` (article id -> story id) and the
    stories behind them. ``index`` (a :class:`StoryIndex`) holds story vectors; an
    :class:`AdaptiveStoryIndex` is made when none is given.
    """

    def __init__(self, options: EventOptions | None = None, index: StoryIndex | None = None) -> None:
        self.options = options
        self.index = index

    @property
    def _options(self) -> EventOptions:
        return self.options or EventOptions()

    def fit(
        self, features: Sequence[ArticleFeatures], stories: Sequence[str], groups: Sequence[str] | None = None
    ) -> StoryClusterer:
        """Learn the pair model and the threshold from a labelled stream; clears assigned stories.

        Args:
            features: training articles in the order they arrive (sorted by (published, id)).
            stories: the gold story of each article.
            groups: the group of each article for cross-validation (e.g., the ECB+ topic, so that
                the two events of one topic are held out together); None: no cross-validation,
                the first ``regularisation`` and the threshold from replaying ``features`` itself.

        Raises:
            ValueError: lengths differ, or the stream has no story with two articles.
        """
        if len(features) != len(stories) or (groups is not None and len(groups) != len(stories)):
            raise ValueError(f"fit needs one story per article, got {len(features)} and {len(stories)}")
        options = self._options
        self.semantic_dims_ = max((len(item.semantic) for item in features), default=0)
        pairs, labels = self._gold_pairs(features, stories)
        if len(set(labels.tolist())) < 2:
            raise ValueError("fit needs a stream with both same-story and different-story candidates")
        chosen = self._cross_validate(features, stories, _folds(groups, options.cv_folds)) if groups else None
        if chosen is None:  # no groups, or a fold without both kinds of pair: replay the stream itself
            c = options.regularisation[0]
            model = self._pair_model(pairs, labels, c)
            chosen = c, {(c, t): bcubed(stories, self._replay(features, model, t)).f1 for t in options.threshold_grid}
        self.regularisation_, self.cv_scores_ = chosen
        self.threshold_ = max(
            (t for c, t in self.cv_scores_ if c == self.regularisation_),
            key=lambda t: (self.cv_scores_[self.regularisation_, t], -t),
        )
        model = self._pair_model(pairs, labels, self.regularisation_)
        self.coef_, self.intercept_ = model.coef, model.intercept
        self.reset()
        return self

    def check_fitted(self) -> None:
        if not hasattr(self, "threshold_"):
            raise NotFittedError("group.clusterer_not_fitted", "call StoryClusterer.fit(features, stories) first")

    def partial_fit(self, features: Sequence[ArticleFeatures]) -> StoryClusterer:
        """Assign each article of the batch in the order given (the caller sorts by (published, id))."""
        self.assign_many(features)
        return self

    def assign(self, features: ArticleFeatures) -> str:
        """The story ``features`` joins (opened if none matches); an article seen before keeps its story."""
        return self.assign_many([features])[0]

    def assign_many(self, features: Sequence[ArticleFeatures]) -> list[str]:
        """:meth:`assign` each article in the order given; the same stories as one at a time.

        The index is told each batch's searches ahead (``_PREFETCH_BATCH`` articles), which an
        exact index answers with one matrix product.
        """
        self.check_fitted()
        state, model = self._state, _PairModel(self.coef_, self.intercept_)
        stories: list[str] = []
        for start in range(0, len(features), _PREFETCH_BATCH):
            batch = features[start : start + _PREFETCH_BATCH]
            fresh = {item.article_id: item for item in batch if item.article_id not in self.labels_}
            probes = {article_id: state.probe(item) for article_id, item in fresh.items()}
            state.prefetch(list(probes.values()))
            for item in batch:
                known = self.labels_.get(item.article_id)
                if known is None:
                    known = self.labels_[item.article_id] = state.stories[
                        _join(state, probes[item.article_id], model, self.threshold_)
                    ].id
                stories.append(known)
        return stories

    def link_probability(self, pair_features: Sequence[float]) -> float:
        """The pair model's probability that an article belongs to a story, from its pair features."""
        self.check_fitted()
        return _sigmoid(float(np.asarray(pair_features) @ self.coef_) + self.intercept_)

    @property
    def n_stories_(self) -> int:
        self.check_fitted()
        return len(self._state.stories)

    def reset(self) -> None:
        """Forget assigned stories, keeping the learned model."""
        self._state = _Stories(self._options, self.semantic_dims_, self.index)
        self.labels_: dict[str, str] = {}

    def _cross_validate(
        self, features: Sequence[ArticleFeatures], stories: Sequence[str], folds: list[list[int]]
    ) -> tuple[float, dict[tuple[float, float], float]] | None:
        """``C`` by held-out log-loss of the pair model, then the threshold by held-out B-cubed F1.

        Each fold's stream is replayed alone, in arrival order, with the pair model fitted on
        the other folds; the F1 of a threshold pools the held-out articles of all folds. None
        when there are fewer than two folds or some fold's training pairs are all of one kind.
        """
        options = self._options
        if len(folds) < 2:
            return None
        held_out: list[tuple[list[ArticleFeatures], list[str], Matrix, npt.NDArray[np.int64]]] = []
        for fold in folds:
            fold_features = [features[i] for i in fold]
            fold_stories = [stories[i] for i in fold]
            held_out.append((fold_features, fold_stories, *self._gold_pairs(fold_features, fold_stories)))
        losses: dict[float, float] = {}
        models: dict[float, list[_PairModel]] = {}
        for c in options.regularisation:
            models[c], loss = [], 0.0
            for k in range(len(folds)):
                pairs = np.concatenate([held_out[j][2] for j in range(len(folds)) if j != k])
                labels = np.concatenate([held_out[j][3] for j in range(len(folds)) if j != k])
                if len(set(labels.tolist())) < 2:
                    return None
                model = self._pair_model(pairs, labels, c)
                models[c].append(model)
                probability = np.clip(_sigmoids(held_out[k][2] @ model.coef + model.intercept), 1e-9, 1 - 1e-9)
                truth = held_out[k][3]
                loss -= float(np.sum(truth * np.log(probability) + (1 - truth) * np.log(1 - probability)))
            losses[c] = loss
        best_c = min(options.regularisation, key=lambda c: (losses[c], c))
        gold = [f"{k}/{story}" for k, (_, fold_stories, _, _) in enumerate(held_out) for story in fold_stories]
        scores: dict[tuple[float, float], float] = {}
        for threshold in options.threshold_grid:
            predicted = [
                f"{k}/{key}"
                for k, (fold_features, _, _, _) in enumerate(held_out)
                for key in self._replay(fold_features, models[best_c][k], threshold)
            ]
            scores[best_c, threshold] = bcubed(gold, predicted).f1
        return best_c, scores

    def _pair_model(self, pairs: Matrix, labels: npt.NDArray[np.int64], c: float) -> _PairModel:
        """Logistic regression on standardised pair features, folded back to the raw scale."""
        mean = pairs.mean(axis=0)
        scale = pairs.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if self._options.balanced else None)
        model.fit((pairs - mean) / scale, labels)
        coef = np.asarray(model.coef_[0], dtype=np.float64) / scale
        return _PairModel(coef, float(model.intercept_[0]) - float(coef @ mean))

    def _gold_pairs(
        self, features: Sequence[ArticleFeatures], stories: Sequence[str]
    ) -> tuple[Matrix, npt.NDArray[np.int64]]:
        state = _Stories(self._options, self.semantic_dims_)
        key_of: dict[str, int] = {}
        pairs: list[Matrix] = []
        labels: list[int] = []
        for item, story in zip(features, stories, strict=True):
            probe = state.probe(item)
            candidates = state.candidates(probe)
            if candidates:
                pairs.append(state.pair_features(probe, candidates))
                labels.extend(int(key == key_of.get(story)) for key in candidates)
            if story not in key_of:
                key_of[story] = state.open()
            state.add(key_of[story], probe)
        matrix = np.concatenate(pairs) if pairs else np.zeros((0, len(PAIR_FEATURES)))
        return matrix, np.asarray(labels, dtype=np.int64)

    def _replay(self, features: Sequence[ArticleFeatures], model: _PairModel, threshold: float) -> list[int]:
        state = _Stories(self._options, self.semantic_dims_)
        return [_join(state, state.probe(item), model, threshold) for item in features]


def _join(state: _Stories, probe: _Probe, model: _PairModel, threshold: float) -> int:
    """Add the article to the story it belongs to, opened if none; returns the story's key."""
    key = _decide(state, probe, model, threshold)
    if key is None:
        key = state.open()
    state.add(key, probe)
    return key


def _decide(state: _Stories, probe: _Probe, model: _PairModel, threshold: float) -> int | None:
    """The candidate story with the highest link probability, if it reaches ``threshold``."""
    candidates = state.candidates(probe)
    if not candidates:
        return None
    scores = state.pair_features(probe, candidates) @ model.coef + model.intercept
    best = int(np.argmax(scores))
    return candidates[best] if _sigmoid(float(scores[best])) >= threshold else None


def _folds(groups: Sequence[str], n_folds: int) -> list[list[int]]:
    """Article positions of each fold: sorted groups dealt round-robin, arrival order kept."""
    names = sorted(set(groups))
    if n_folds < 2 or len(names) < 2:
        return []
    fold_of = {name: rank % min(n_folds, len(names)) for rank, name in enumerate(names)}
    folds: list[list[int]] = [[] for _ in range(min(n_folds, len(names)))]
    for position, group in enumerate(groups):
        folds[fold_of[group]].append(position)
    return folds


def _entity_overlap(counts: Counts, n_story_entities: int, n_members: int) -> tuple[float, float]:
    """Jaccard of the article's entities with the story's, and the share of members naming them.

    ``counts`` holds how many members named each of the article's entities.
    """
    if not len(counts):
        return 0.0, 0.0
    n_shared = int(np.count_nonzero(counts))
    union = len(counts) + n_story_entities - n_shared
    return n_shared / union, float(counts.sum()) / (n_members * len(counts))


def _lexical_dots(probe: _Probe, stories: Sequence[_Story]) -> tuple[list[float], list[float]]:
    """Dot products of the probe's lexical vector with each story's lexical sum, and the highest
    with its recent members: the sparse vectors end to end, gathered from the probe's dense vector
    at once and summed by segment (``reduceat``: a third of the time of ``bincount`` over segment
    numbers); a dense sum gathers at the probe's buckets instead."""
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
        centroid_dots.append(dots[start] if story.dense is None else _dense_dot(story.dense, probe.lexical))
        members = dots[start + 1 : start + 1 + len(story.recent_sizes)]
        member_dots.append(max(members, default=0.0))
        start += 1 + len(story.recent_sizes)
    return centroid_dots, member_dots


def _coverage(counts: Counts, n_members: int) -> float:
    """Mean share of the story's members that name each key (0 for no keys)."""
    return float(counts.sum()) / (len(counts) * n_members) if len(counts) else 0.0


def _too_far(published: float | None, story: _Story, max_gap_days: float) -> bool:
    gap = _gap_days(published, story)
    return gap is not None and gap > max_gap_days


def _gap_days(published: float | None, story: _Story) -> float | None:
    if published is None or story.first_published is None or story.last_published is None:
        return None
    if story.first_published <= published <= story.last_published:
        return 0.0
    nearest = story.first_published if published < story.first_published else story.last_published
    return abs(published - nearest) / _SECONDS_A_DAY


def _tag(kind: int, values: Iterable[str]) -> Keys:
    """Sorted distinct 64-bit keys of ``values``: a stable hash (not ``hash``, which each process
    salts) with the kind in the top bits, so the keys of one kind are one run of the sorted array."""
    hashed = {
        (kind << _KIND_SHIFT) | (int.from_bytes(blake2b(value.encode(), digest_size=8).digest(), "little") & _HASH_MASK)
        for value in values
    }
    return np.array(sorted(hashed), dtype=np.uint64)


_K = TypeVar("_K", np.uint64, np.int32)
_V = TypeVar("_V", np.uint32, np.float32)


def _sorted_add(
    keys: npt.NDArray[_K], values: npt.NDArray[_V], new_keys: npt.NDArray[_K], new_values: npt.NDArray[_V]
) -> tuple[npt.NDArray[_K], npt.NDArray[_V]]:
    """Add ``new_values`` at ``new_keys`` (sorted, distinct) into sorted ``keys``/``values``, as new arrays."""
    positions = np.searchsorted(keys, new_keys)
    found = np.zeros(len(new_keys), dtype=bool)
    inside = positions < len(keys)
    found[inside] = keys[positions[inside]] == new_keys[inside]
    values = values.copy()
    values[positions[found]] += new_values[found]
    fresh = ~found
    # each new key lands before the old key at its position, after the new keys before it (np.insert,
    # without its overhead: this runs twice at every join)
    landing = positions[fresh] + np.arange(np.count_nonzero(fresh))
    is_new = np.zeros(len(keys) + len(landing), dtype=bool)
    is_new[landing] = True
    merged_keys, merged_values = np.empty(len(is_new), dtype=keys.dtype), np.empty(len(is_new), dtype=values.dtype)
    merged_keys[landing], merged_values[landing] = new_keys[fresh], new_values[fresh]
    merged_keys[~is_new], merged_values[~is_new] = keys, values
    return merged_keys, merged_values


_A = TypeVar("_A", bound=np.generic)


def _buffer(array: npt.NDArray[_A]) -> npt.NDArray[_A]:
    """The array ``array`` is a leading view of, or ``array`` itself."""
    base = array.base
    return base if isinstance(base, np.ndarray) and base.ndim == 1 and base.dtype == array.dtype else array


def _kept(old: npt.NDArray[_A], new: npt.NDArray[_A]) -> npt.NDArray[_A]:
    """``new``, copied into the buffer behind ``old`` if it fits, else into a new one of the next
    power-of-two length; returned as a view of its first ``len(new)`` items.

    A story's arrays change length at every join. Reallocating each at its new length left the
    heap full of freed blocks of odd sizes that later ones did not fit: memory grew faster than
    the stream (6.4 GB at 300k articles). With capacities in powers of two an array moves a few
    times in its life, and a freed block fits the next array of that class.
    """
    buffer = _buffer(old)
    if len(buffer) < len(new) or not buffer.flags.writeable or not len(new):
        if not len(new):
            return new
        buffer = np.empty(1 << (len(new) - 1).bit_length(), dtype=new.dtype)
    buffer[: len(new)] = new
    return buffer[: len(new)]


def _add_keys(keys: Keys, counts: Counts, new: Keys) -> tuple[Keys, Counts]:
    """``keys``/``counts`` with one more count for each of ``new`` (distinct keys), kept sorted."""
    return _sorted_add(keys, counts, np.sort(new), np.ones(len(new), dtype=np.uint32))


def _add_sparse(total: SparseVector, vector: SparseVector) -> SparseVector:
    """The sum of two sparse vectors, as a new one."""
    return SparseVector(*_sorted_add(total.indices, total.values, vector.indices, vector.values))


def _dense_size(vector: SparseVector) -> int:
    """A power of two above every bucket of ``vector``: the dense length of its sum."""
    return 1 << int(vector.indices[-1]).bit_length() if len(vector.indices) else 1


def _add_dense(total: Vector, vector: SparseVector) -> Vector:
    """``total`` plus ``vector``, in place (a new, longer array if ``vector`` reaches past it)."""
    if len(vector.indices) and int(vector.indices[-1]) >= len(total):
        total = np.concatenate([total, np.zeros(_dense_size(vector) - len(total), dtype=np.float32)])
    total[vector.indices] += vector.values  # buckets are distinct, so fancy-index += adds each once
    return total


def _dense_dot(total: Vector, vector: SparseVector) -> float:
    inside = vector.indices < len(total)
    return float(total[vector.indices[inside]] @ vector.values[inside])


def _sketch(vector: SparseVector, n_dims: int) -> Vector:
    """Count sketch of ``vector``: bucket ``index mod n_dims``, sign from a hash of the index."""
    indices = vector.indices.astype(np.uint32)
    signs = 1.0 - 2.0 * ((indices * np.uint32(0x9E3779B1)) >> np.uint32(31)).astype(np.float32)
    return np.bincount(indices & (n_dims - 1), weights=vector.values * signs, minlength=n_dims).astype(np.float32)


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value)) if value >= 0 else math.exp(value) / (1.0 + math.exp(value))


def _sigmoids(values: Matrix) -> Matrix:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(values, -500, 500))), dtype=np.float64)


def _unit(vector: Vector | None) -> Vector:
    if vector is None:
        raise ValueError("expected a vector, got None")
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
