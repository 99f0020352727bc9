"""Per-article features for story grouping: a hashed TF-IDF vector, entity keys, an optional
multilingual embedding of the lead, and the publication time.

Why these. On ECB+ (Cybulska & Vossen 2015), whose topics each hold two different events of one
type, the words and names an article uses tell its event apart far better than a sentence
embedding does: single-pass clustering on a plain cosine threshold reached event-level B-cubed F1
0.86-0.87 on the dev split with hashed TF-IDF, 0.80-0.81 with the USE embedding of the lead (both
with the threshold picked on dev itself, so upper bounds; the learned clusterer's figures are in
`bench/cluster_eval.py`). The
embedding is kept as an optional second block because it is what joins reports in different
languages (an English sentence and its Spanish translation score about 0.8 cosine under USE, and
share almost no words), which TF-IDF cannot do.

The lexical block is the signed hashing trick (Weinberger et al. 2009, "Feature hashing for large
scale multitask learning") over lower-cased letter tokens minus English stop words, plus one
``ent:<key>`` token per entity mention so that the names an article repeats weigh more; term
frequency is sublinear (1 + log tf) and each bucket is weighted by an IDF learned once on a
background corpus (``fit``), so features of a new article never depend on what came before it.
Measured with the learned clusterer (ECB+ dev event-level B-cubed F1, lexical only): 8,192 buckets
0.920, 4,096 0.915, 32,768 0.916 (and half as fast to assign); plain tf instead of sublinear 0.918
(held-out-topic F1 on train 0.888 against 0.890): neither setting matters much here. Beside the
vector, an article keeps its entity keys, the years and the other figures it writes (two digits or
more), so the clusterer can tell two events of one type apart by their names and numbers.

Entities are read the same way whether the article's entities were tagged in its whole text or
only in its lead (its first ``ENTITY_LEAD_SENTENCES`` sentences; NER is most of a page's
annotation time, so a pipeline may one day tag the rest only when an article is compared): the
tagged mentions that end in the lead,
then the capitalised names :mod:`newsweave.group.names` reads in the sentences after it; mentions
past the lead are never read. All keys take ``entity_key``'s form, an ``entity_id``
("julian-assange") included, so a name read past the lead matches the same name tagged in another
article's lead. On ECB+ (lexical+USE, fitted on train) this gave dev B-cubed F1 0.924 and
held-out-topic F1 on train 0.959, against 0.924 and 0.944 with tagged mentions over the whole
text and 0.899 and 0.937 with the lead's alone; figures in ``docs/grouping.md``.

Cost, measured on this 2-core machine (`bench/cluster_eval.py` prints the figures, ECB+ articles
of ~375 words): the lexical block, entity keys, years and figures take about 0.8 ms an article
(1,200-1,330 articles/s, one core; 1,900-2,150 the same day before names were read past the lead,
which costs about 0.2 ms of it); the USE block 3-5 ms an article (200-330 articles/s embedding the
lead of three sentences on two threads). Both fit the pipeline's 25 pages/s on 2 cores; the
embedding is optional because it is most of that cost and only needed across languages.

The lexical vector is sparse: an article uses a few hundred of the 8,192 buckets, so it is kept as
sorted bucket numbers and their weights (about 1.6 KB an article instead of 32 KB dense), and the
story clusterer keeps its sums the same way. Vectors are stored in the record as raw bytes (int32
buckets, float32 weights), so the record stays frozen, hashable, comparable and picklable;
``lexical`` and ``semantic`` give read-only numpy views.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from newsweave.annotate.canonical import entity_key
from newsweave.errors import NotFittedError
from newsweave.group.names import NOUNS_CAPITALISED, find_names
from newsweave.model import Article
from newsweave.models.embedder import Embedder

__all__ = [
    "ENTITY_LEAD_SENTENCES",
    "ArticleFeatures",
    "FeatureExtractor",
    "FeatureOptions",
    "NotFittedError",
    "SparseVector",
    "Vector",
    "entity_keys",
    "entity_lead_end",
    "mentioned_numbers",
    "mentioned_years",
    "salient_entities",
]

Vector = npt.NDArray[np.float32]
Buckets = npt.NDArray[np.int32]

_TOKEN = re.compile(r"[^\W\d_]{2,}")
_ENTITY_PREFIX = "ent:"
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])")
# Sentences of the lead whose tagged entities grouping reads (past it: capitalised names).
ENTITY_LEAD_SENTENCES = 5
# Characters of an article without sentences whose tagged mentions are read (as ``_lead`` embeds).
_LEAD_CHARS = 600
_SPACE = re.compile(r"\s")


class SparseVector(NamedTuple):
    """A sparse vector: sorted, distinct bucket numbers and the weight of each."""

    indices: Buckets
    values: Vector

    @classmethod
    def from_dense(cls, dense: npt.ArrayLike) -> SparseVector:
        array = np.asarray(dense, dtype=np.float32)
        indices = np.flatnonzero(array).astype(np.int32)
        return cls(indices, array[indices])

    def to_dense(self, n_dims: int) -> Vector:
        dense = np.zeros(n_dims, dtype=np.float32)
        dense[self.indices] = self.values
        return dense

    def norm(self) -> float:
        return float(np.linalg.norm(self.values))


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFeatures:
    """What the story clusterer knows of one article.

    ``lexical_indices``/``lexical_values`` hold an L2-normalised sparse float32 vector (int32
    buckets, sorted) and ``semantic_bytes`` a dense one (empty when no embedder ran); read them
    through ``lexical`` and ``semantic``. ``entities`` are canonical entity keys,
    ``salient_entities`` the most mentioned of them (most first), ``years`` the calendar years the
    text names: when the publication date is missing they are the only clue to when the event
    happened. ``numbers`` are the other specific figures written as digits (magnitudes, ages,
    death tolls: ``"6.1"``, ``"33"``, ``"1,200"``; one-digit figures and years left out): two
    events of one type rarely share them.
    """

    article_id: str
    lexical_indices: bytes
    lexical_values: bytes
    semantic_bytes: bytes = b""
    entities: frozenset[str] = frozenset()
    salient_entities: tuple[str, ...] = ()
    years: frozenset[int] = frozenset()
    numbers: frozenset[str] = frozenset()
    published: datetime | None = None

    @property
    def lexical(self) -> SparseVector:
        return SparseVector(
            np.frombuffer(self.lexical_indices, dtype=np.int32), np.frombuffer(self.lexical_values, dtype=np.float32)
        )

    @property
    def semantic(self) -> Vector:
        return np.frombuffer(self.semantic_bytes, dtype=np.float32)

    @property
    def has_semantic(self) -> bool:
        return bool(self.semantic_bytes)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeatureOptions:
    """Options of :class:`FeatureExtractor`.

    Args:
        n_lexical_dims: buckets of the hashed TF-IDF vector (a power of two).
        entity_weight: term count each entity mention adds to its ``ent:<key>`` token.
        lead_sentences: sentences of the body embedded after the title and dek.
        max_lead_chars: characters of the body embedded when the article has no sentences (the
            lead whose tagged entities are read stays 600 characters: see ``entity_lead_end``).
        n_salient_entities: most mentioned entities kept as ``salient_entities``.
    """

    n_lexical_dims: int = 8192
    entity_weight: float = 1.0
    lead_sentences: int = 3
    max_lead_chars: int = _LEAD_CHARS
    n_salient_entities: int = 3

    def __post_init__(self) -> None:
        if self.n_lexical_dims < 2 or self.n_lexical_dims & (self.n_lexical_dims - 1):
            raise ValueError(f"n_lexical_dims must be a power of two >= 2, got {self.n_lexical_dims}")
        if not self.entity_weight >= 0:
            raise ValueError(f"entity_weight must be >= 0, got {self.entity_weight}")
        if self.n_salient_entities < 0:
            raise ValueError(f"n_salient_entities must be >= 0, got {self.n_salient_entities}")
        if self.lead_sentences < 1 or self.max_lead_chars < 1:
            raise ValueError(
                f"lead_sentences and max_lead_chars must be >= 1, got {self.lead_sentences}, {self.max_lead_chars}"
            )


def entity_keys(article: Article) -> frozenset[str]:
    """Keys of the entities the article names: those tagged in its lead (by ``entity_id`` when
    set, else by the mention's words) and the capitalised names after it, all as ``entity_key``
    folds them (``"julian-assange"`` and ``"Julian Assange"`` both give ``"julian assange"``)."""
    return frozenset(key for key in _entity_mention_keys(article) if key)


def salient_entities(article: Article, n: int) -> tuple[str, ...]:
    """The ``n`` entity keys mentioned most often, most first (ties by key)."""
    return _most_mentioned(_entity_mention_keys(article), n)


def _most_mentioned(keys: Iterable[str], n: int) -> tuple[str, ...]:
    counts = Counter(key for key in keys if key)
    return tuple(key for key, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n])


def mentioned_years(article: Article) -> frozenset[int]:
    """Calendar years (1800-2099) written in the title or text."""
    return frozenset(int(match) for match in _YEAR.findall(f"{article.title}\n{article.text}"))


def mentioned_numbers(article: Article) -> frozenset[str]:
    """Figures of two or more digits written in the title or text, other than years ("6.1", "33", "1,200")."""
    text = f"{article.title}\n{article.text}"
    return frozenset(match for match in _NUMBER.findall(text) if len(match) > 1 and not _YEAR.fullmatch(match))


def _entity_mention_keys(article: Article) -> list[str]:
    """The key of each entity mention, in order: the tagged mentions that end in the lead, then
    the names :func:`~newsweave.group.names.find_names` reads in the text after it.

    The same whether the article's entities were tagged in its whole text or only in its lead:
    mentions past the lead are never read. No names are read in German or Luxembourgish text,
    which capitalises every noun. A tagged mention's key is its ``entity_id`` folded by
    ``entity_key`` (ids are keys with ``-`` between words), so that a name past the lead and the
    same name tagged in another article's lead match."""
    end = entity_lead_end(article)
    tagged = [
        entity_key(mention.entity_id or article.text_at(mention.span))
        for mention in article.entities
        if mention.span.end <= end
    ]
    if article.language in NOUNS_CAPITALISED:  # capitals mark nouns, not names
        return tagged
    sentences = [sentence.span for sentence in article.sentences] or None
    return [*tagged, *(entity_key(name) for name in find_names(article.text, sentences, start=end, known=tagged))]


def entity_lead_end(article: Article) -> int:
    """Where the lead whose tagged entities grouping reads ends: after the first
    ``ENTITY_LEAD_SENTENCES`` sentences (the whole text when it
    has no more sentences than that); for an article without sentences, at the first space from
    the 600th character on."""
    if len(article.sentences) > ENTITY_LEAD_SENTENCES:
        return article.sentences[ENTITY_LEAD_SENTENCES - 1].span.end
    if article.sentences or len(article.text) <= _LEAD_CHARS:
        return len(article.text)
    space = _SPACE.search(article.text, _LEAD_CHARS)
    return space.start() if space else len(article.text)


class FeatureExtractor:
    """Turns articles into :class:`ArticleFeatures`; ``fit`` learns the bucket IDF on a background corpus.

    ``embedder`` (any :class:`~newsweave.models.embedder.Embedder`) adds the semantic block; leave
    it ``None`` for the lexical features alone.
    """

    def __init__(self, options: FeatureOptions | None = None, embedder: Embedder | None = None) -> None:
        self.options = options
        self.embedder = embedder

    @property
    def _options(self) -> FeatureOptions:
        return self.options or FeatureOptions()

    def fit(self, articles: Iterable[Article]) -> FeatureExtractor:
        """Learn the inverse document frequency of each bucket from ``articles``."""
        n_dims = self._options.n_lexical_dims
        document_frequency = np.zeros(n_dims, dtype=np.float64)
        n_documents = 0
        for article in articles:
            buckets, _ = self._hashed_terms(article, _entity_mention_keys(article))
            document_frequency[np.unique(buckets)] += 1
            n_documents += 1
        self.idf_ = np.log((n_documents + 1) / (document_frequency + 1)).astype(np.float32) + np.float32(1)
        self.n_documents_ = n_documents
        return self

    def check_fitted(self) -> None:
        if not hasattr(self, "idf_"):
            raise NotFittedError("group.features_not_fitted", "call FeatureExtractor.fit(articles) first")

    def __call__(self, article: Article) -> ArticleFeatures:
        return self.process_batch([article])[0]

    def process_batch(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        """Features of each article; equal to ``[self(a) for a in articles]``."""
        self.check_fitted()
        semantic = self._embed(articles)
        return [
            self._features(article, semantic[row] if semantic is not None else None)
            for row, article in enumerate(articles)
        ]

    def _features(self, article: Article, semantic: Vector | None) -> ArticleFeatures:
        keys = _entity_mention_keys(article)
        lexical = self._lexical_vector(article, keys)
        return ArticleFeatures(
            article_id=article.id,
            lexical_indices=lexical.indices.tobytes(),
            lexical_values=lexical.values.tobytes(),
            semantic_bytes=semantic.tobytes() if semantic is not None else b"",
            entities=frozenset(key for key in keys if key),
            salient_entities=_most_mentioned(keys, self._options.n_salient_entities),
            years=mentioned_years(article),
            numbers=mentioned_numbers(article),
            published=article.published,
        )

    def lexical_vector(self, article: Article) -> SparseVector:
        """The L2-normalised hashed TF-IDF vector of ``article``, sparse."""
        self.check_fitted()
        return self._lexical_vector(article, _entity_mention_keys(article))

    def _lexical_vector(self, article: Article, entity_mention_keys: Sequence[str]) -> SparseVector:
        buckets, weights = self._hashed_terms(article, entity_mention_keys)
        indices, slots = np.unique(buckets, return_inverse=True)
        values = np.bincount(slots, weights=weights, minlength=len(indices)).astype(np.float32)
        values *= self.idf_[indices]
        kept = values != 0  # two terms in one bucket may cancel out
        vector = SparseVector(indices[kept].astype(np.int32), values[kept])
        norm = vector.norm()
        return SparseVector(vector.indices, vector.values / norm) if norm > 0 else vector

    def _hashed_terms(
        self, article: Article, entity_mention_keys: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], Vector]:
        """Bucket and signed sublinear weight, log(1 + count), of each distinct term.

        Each entity mention adds ``entity_weight`` to the count of its ``ent:<key>`` token.
        """
        counts: Counter[str] = Counter(token.casefold() for token in _TOKEN.findall(f"{article.title}\n{article.text}"))
        stop_words = _stop_words()
        weighted: dict[str, float] = {term: float(n) for term, n in counts.items() if term not in stop_words}
        for key in entity_mention_keys:
            if key:
                term = _ENTITY_PREFIX + key
                weighted[term] = weighted.get(term, 0.0) + self._options.entity_weight
        n_dims = self._options.n_lexical_dims
        hashed = [(*_hash(term, n_dims), math.log1p(count)) for term, count in weighted.items()]
        buckets = np.array([bucket for bucket, _, _ in hashed], dtype=np.int64)
        weights = np.array([sign * weight for _, sign, weight in hashed], dtype=np.float32)
        return buckets, weights

    def _embed(self, articles: Sequence[Article]) -> Vector | None:
        if self.embedder is None:
            return None
        return self.embedder.embed([_lead(article, self._options) for article in articles])


@cache
def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, imported on first use: importing scikit-learn costs
    0.8 s and pulls in SciPy's statistics and pandas, which a process that only extracts pages,
    or a Ray task that only reads inputs, never needs."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _hash(term: str, n_dims: int) -> tuple[int, float]:
    """Bucket and sign of ``term`` (crc32 is stable across processes, unlike ``hash``)."""
    digest = zlib.crc32(term.encode("utf-8"))
    return digest & (n_dims - 1), 1.0 if digest >> 31 else -1.0


def _lead(article: Article, options: FeatureOptions) -> str:
    """Title, dek and the first sentences: what a reader sees first and what names the event."""
    if article.sentences:
        body = " ".join(article.text_at(s.span) for s in article.sentences[: options.lead_sentences])
    else:
        body = article.text[: options.max_lead_chars]
    return " ".join(part for part in (article.title, article.dek, body) if part).strip() or article.text[:1]
