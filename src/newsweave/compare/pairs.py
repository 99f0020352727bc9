"""Are two news sentences the same claim? Pair features and a fitted logistic model over them.

The hand-set alignment score (embedding cosine + half the IDF-weighted word cosine) ranks pairs
well but says nothing of how sure it is, and it cannot see that "$5.7 billion" and "$5.6 billion"
make two claims. Here a pair gets a few features that are all available at compare time (the
sentences' texts and their unit embedding vectors) and a logistic model, fitted by
``bench/fit_pair_model.py`` on MSRP paraphrases and ECB+ same-event sentence pairs, turns them
into a probability. The weights and the chosen threshold ship in ``pair_model.json``; how they
were chosen and what they score is in docs/benchmarks.md ("Same-claim pairs"). The training pairs
are English: across languages the word features are zero, so a translation scores lower than
the same words in one language would (p 0.33-0.6 on the examples' English / Spanish pairs).

Word weights (IDF) are counted over the sentences being compared, as in the alignment: in one
story the words of the event itself are everywhere and weigh little, the rare ones decide.

Every feature is symmetric in the two sentences, so the scores of all pairs of a story make a
symmetric matrix. Texts are turned into sparse rows once; a pair's dot products then come from
a dense Gram matrix when the sentences are few (a story) or from matching the two rows' terms
when they are many (a benchmark's thousands of sentences), with the same values.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.blas import one_blas_thread
from newsweave.compare.slots import is_negation

__all__ = [
    "FEATURES",
    "Logistic",
    "PairModel",
    "load_pair_model",
    "pair_features",
    "word_cosine_matrix",
    "word_stems",
]

Floats = npt.NDArray[np.float64]
Indexes = npt.NDArray[np.int64]

FEATURES: tuple[str, ...] = (
    "embedding_cosine",  # cosine of the unit sentence vectors
    "word_cosine",  # cosine of IDF-weighted word-stem counts (the alignment's lexical score)
    "number_conflict",  # 1 when each sentence has a number the other lacks ("$5.7 bn" / "$5.6 bn")
    "name_overlap",  # shared proper names over the names of either (0 where neither names one)
    "negation_mismatch",  # 1 when one sentence is negated and the other is not
    "length_ratio",  # shorter sentence's word count over the longer's
    "unshared_weight",  # the larger share of a sentence's IDF weight the other sentence lacks
)

STEM_CHARS = 6
_STEM_TOKEN = re.compile(r"[^\W\d_]{3,}")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
_NAME = re.compile(r"[^\W\d_][\w'’-]*")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,:]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
# Sentences times their distinct terms up to which a pair's dot product is read from a dense Gram
# matrix (float64, 40 MB at most); a story's few hundred sentences stay well under it.
_DENSE_LIMIT = 5_000_000
# Pairs matched at once on the sparse path: bounds the memory of the term lists.
_PAIR_CHUNK = 20_000
_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "its",
        "his",
        "her",
        "their",
        "they",
        "them",
        "she",
        "from",
        "was",
        "were",
        "been",
        "has",
        "had",
        "have",
        "not",
        "are",
        "but",
        "who",
        "which",
        "what",
        "when",
        "where",
        "will",
        "would",
        "could",
        "should",
        "can",
        "also",
        "than",
        "then",
        "there",
        "into",
        "over",
        "about",
        "after",
        "before",
        "said",
        "says",
        "say",
        "told",
        "according",
        "just",
        "more",
        "most",
        "some",
        "such",
        "only",
        "other",
        "los",
        "las",
        "del",
        "con",
        "por",
        "para",
        "que",
        "una",
        "uno",
        "unos",
        "unas",
        "sus",
        "fue",
        "han",
        "hay",
        "este",
        "esta",
        "estos",
        "estas",
        "como",
        "más",
        "pero",
    ]
)


def word_stems(text: str) -> list[str]:
    """The content words of ``text``, case-folded and cut to their first six letters (a cheap stem
    that joins "protest", "protests" and "protesters" and works the same in any language)."""
    words = (word.casefold() for word in _STEM_TOKEN.findall(text))
    return [word[:STEM_CHARS] for word in words if word not in _STOPWORDS]


def word_cosine_matrix(texts: Sequence[str]) -> Floats:
    """Cosine of the texts' IDF-weighted stem counts, all pairs (IDF over ``texts``)."""
    bags = _Bags.of([Counter(word_stems(text)) for text in texts])
    dense = bags.dense(bags.normalised(bags.counts * bags.idf()[bags.terms]))
    with one_blas_thread():
        similarity: Floats = dense @ dense.T
    return similarity


def pair_features(
    texts: Sequence[str], vectors: npt.NDArray[np.floating], left: npt.ArrayLike, right: npt.ArrayLike
) -> Floats:
    """One row of :data:`FEATURES` for each pair ``(texts[left[k]], texts[right[k]])``.

    ``vectors`` are the texts' unit sentence embeddings, one row each; word weights are counted
    over ``texts``, so pass all the sentences being compared, not only the paired ones.
    """
    left_index = np.asarray(left, dtype=np.int64)
    right_index = np.asarray(right, dtype=np.int64)
    if len(left_index) != len(right_index):
        raise ValueError(f"left and right differ in length: {len(left_index)} and {len(right_index)}")
    if len(vectors) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
    traits = _Traits.of(texts)
    with one_blas_thread():  # small products: a second BLAS thread only waits (see newsweave.blas)
        columns = {
            "embedding_cosine": _cosines(np.asarray(vectors, dtype=np.float64), left_index, right_index),
            **traits.pair_columns(left_index, right_index),
        }
    return np.column_stack([columns[name] for name in FEATURES]) if len(left_index) else np.zeros((0, len(FEATURES)))


def _cosines(unit: Floats, left: Indexes, right: Indexes) -> Floats:
    """Dot products of the pairs' unit vectors: from the Gram matrix when the pairs are most of
    all pairs (a story: one matrix product is ten times faster), else row by row."""
    if len(unit) ** 2 <= 4 * len(left):
        gram: Floats = unit @ unit.T
        return gram[left, right]
    rows: Floats = np.einsum("ij,ij->i", unit[left], unit[right])
    return rows


@dataclass(frozen=True, slots=True)
class _Bags:
    """Sparse rows over one vocabulary, one per text: each row's term ids and counts."""

    starts: Indexes  # row r holds entries starts[r]:starts[r + 1]
    terms: Indexes
    counts: Floats
    width: int

    @classmethod
    def of(cls, bags: Sequence[Counter[str]]) -> _Bags:
        vocabulary: dict[str, int] = {}
        terms: list[int] = []
        counts: list[int] = []
        for bag in bags:
            terms.extend(vocabulary.setdefault(term, len(vocabulary)) for term in bag)
            counts.extend(bag.values())
        return cls(
            np.cumsum([0, *(len(bag) for bag in bags)], dtype=np.int64),
            np.array(terms, dtype=np.int64),
            np.array(counts, dtype=np.float64),
            max(len(vocabulary), 1),
        )

    @property
    def rows(self) -> int:
        return len(self.starts) - 1

    def row_of_entries(self) -> Indexes:
        return np.repeat(np.arange(self.rows, dtype=np.int64), np.diff(self.starts))

    def idf(self) -> Floats:
        """``log(1 + n / df)`` per term, the alignment's weighting."""
        frequency = np.bincount(self.terms, minlength=self.width).astype(np.float64)
        return np.log1p(self.rows / np.maximum(frequency, 1.0))

    def normalised(self, weights: Floats) -> Floats:
        """``weights`` (one per entry) scaled so that each row has unit length."""
        norms = np.sqrt(np.bincount(self.row_of_entries(), weights=weights**2, minlength=self.rows))
        scaled: Floats = weights / np.maximum(norms, 1e-12)[self.row_of_entries()]
        return scaled

    def row_sums(self, weights: Floats) -> Floats:
        return np.bincount(self.row_of_entries(), weights=weights, minlength=self.rows).astype(np.float64)

    def dense(self, weights: Floats) -> Floats:
        matrix = np.zeros((self.rows, self.width))
        matrix[self.row_of_entries(), self.terms] = weights
        return matrix

    def pair_dots(self, a: Floats, b: Floats, left: Indexes, right: Indexes) -> Floats:
        """``row(a)[left[k]] . row(b)[right[k]]`` for each pair k, where ``a`` and ``b`` are
        weights of this matrix's entries."""
        if self.rows * self.width <= _DENSE_LIMIT:
            gram = self.dense(a) @ self.dense(b).T
            dots: Floats = gram[left, right]
            return dots
        parts = [
            self._sparse_dots(a, b, left[lo : lo + _PAIR_CHUNK], right[lo : lo + _PAIR_CHUNK])
            for lo in range(0, len(left), _PAIR_CHUNK)
        ]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _sparse_dots(self, a: Floats, b: Floats, left: Indexes, right: Indexes) -> Floats:
        left_pair, left_entry = self._entries(left)
        right_pair, right_entry = self._entries(right)
        # a (pair, term) key is unique on each side, so shared keys are the shared terms of a pair
        _, li, ri = np.intersect1d(
            left_pair * self.width + self.terms[left_entry],
            right_pair * self.width + self.terms[right_entry],
            assume_unique=True,
            return_indices=True,
        )
        products = a[left_entry[li]] * b[right_entry[ri]]
        return np.bincount(left_pair[li], weights=products, minlength=len(left)).astype(np.float64)

    def _entries(self, rows: Indexes) -> tuple[Indexes, Indexes]:
        """For the rows picked (with repeats), the pick each entry belongs to and its position."""
        first = self.starts[rows]
        lengths = self.starts[rows + 1] - first
        pick = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return pick, first[pick] + offsets


@dataclass(frozen=True, slots=True)
class _Traits:
    """What the features read of each text, found once for all its pairs."""

    stems: _Bags
    numbers: _Bags
    names: _Bags
    negated: npt.NDArray[np.bool_]
    words: Floats

    @classmethod
    def of(cls, texts: Sequence[str]) -> _Traits:
        lower_words = {word for text in texts for word in _NAME.findall(text) if word[0].islower()}
        return cls(
            stems=_Bags.of([Counter(word_stems(text)) for text in texts]),
            numbers=_Bags.of([Counter(set(_numbers(text))) for text in texts]),
            names=_Bags.of([Counter(set(_names(text, lower_words))) for text in texts]),
            negated=np.array([_is_negated(text) for text in texts], dtype=bool),
            words=np.array([len(_WORD.findall(text)) for text in texts], dtype=np.float64),
        )

    def pair_columns(self, left: Indexes, right: Indexes) -> dict[str, Floats]:
        stem_idf = self.stems.idf()[self.stems.terms]
        stem_weights = self.stems.normalised(self.stems.counts * stem_idf)
        shared_idf = self.stems.pair_dots(np.ones_like(stem_idf), stem_idf, left, right)
        idf_mass = self.stems.row_sums(stem_idf)
        shorter = np.minimum(self.words[left], self.words[right])
        longer = np.maximum(self.words[left], self.words[right])
        return {
            "word_cosine": self.stems.pair_dots(stem_weights, stem_weights, left, right),
            "number_conflict": self._number_conflict(left, right),
            "name_overlap": _overlap(self.names, left, right),
            "negation_mismatch": (self.negated[left] != self.negated[right]).astype(np.float64),
            "length_ratio": shorter / np.maximum(longer, 1.0),
            "unshared_weight": np.maximum(
                _unshared(idf_mass[left], shared_idf), _unshared(idf_mass[right], shared_idf)
            ),
        }

    def _number_conflict(self, left: Indexes, right: Indexes) -> Floats:
        """1 where each sentence has a figure the other lacks: one figure more on one side is
        detail, a figure each that differ is another claim (or a conflicting one)."""
        ones = np.ones_like(self.numbers.counts)
        shared = self.numbers.pair_dots(ones, ones, left, right)
        count = self.numbers.row_sums(ones)
        conflict: Floats = ((count[left] > shared) & (count[right] > shared)).astype(np.float64)
        return conflict


def _overlap(bags: _Bags, left: Indexes, right: Indexes) -> Floats:
    """Jaccard overlap of the two rows' term sets; 0 where both are empty."""
    ones = np.ones_like(bags.counts)
    shared = bags.pair_dots(ones, ones, left, right)
    count = bags.row_sums(ones)
    union = count[left] + count[right] - shared
    overlap: Floats = shared / np.maximum(union, 1.0)
    return overlap


def _unshared(mass: Floats, shared: Floats) -> Floats:
    unshared: Floats = np.clip(1.0 - shared / np.maximum(mass, 1e-12), 0.0, 1.0) * (mass > 0)
    return unshared


def _numbers(text: str) -> list[str]:
    """The figures of ``text``, written one way: "2,400" and "2400" are one figure, "5,7" (a
    decimal comma) is "5.7", "4.50" is "4.5"."""
    return [_number_key(token) for token in _NUMBER.findall(text)]


def _number_key(token: str) -> str:
    if _THOUSANDS.fullmatch(token):
        return str(int(re.sub(r"[.,]", "", token)))
    if ":" in token:  # a time of day or a score: kept as written
        return token
    try:
        return format(float(token.replace(",", ".")), ".12g")
    except ValueError:  # "1.2.3": a version or a date, kept as written
        return token


def _names(text: str, lower_words: set[str]) -> list[str]:
    """Capitalised words never written in lower case among the sentences compared: proper names,
    but not a headline's or a sentence's first capitalised common words."""
    return [word.casefold() for word in _NAME.findall(text) if word[0].isupper() and word.casefold() not in lower_words]


def _is_negated(text: str) -> bool:
    return any(is_negation(word) for word in _WORD.findall(text))


# The multilingual embedder puts an English sentence and its Spanish translation at cosine 0.83,
# where a sentence and itself score 1: a pair in two languages has its cosine divided by this
# before the cosine-only model reads it, so a translation counts as a restatement. The model was
# fitted on pairs in one language, which carry no such gap.
TRANSLATION_COSINE = 0.83


@dataclass(frozen=True, slots=True)
class Logistic:
    """``P = sigmoid(features . weights + bias)`` over the named features."""

    features: tuple[str, ...]
    weights: Floats
    bias: float

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Logistic:
        features = tuple(str(name) for name in data["features"])  # type: ignore[attr-defined]
        unknown = set(features) - set(FEATURES)
        if unknown:
            raise ValueError(f"pair model needs features this code does not compute: {sorted(unknown)}")
        weights = np.array([float(data["weights"][name]) for name in features], dtype=np.float64)  # type: ignore[index]
        return cls(features, weights, float(data["bias"]))  # type: ignore[arg-type]

    def logits(self, features: Floats) -> Floats:
        """Log-odds of each row of :func:`pair_features` output (columns in :data:`FEATURES` order)."""
        columns = [FEATURES.index(name) for name in self.features]
        logits: Floats = features[:, columns] @ self.weights + self.bias
        return logits

    def probabilities(self, features: Floats) -> Floats:
        # the logistic function written with tanh, which cannot overflow for a large negative logit
        probabilities: Floats = 0.5 * (1.0 + np.tanh(0.5 * self.logits(features)))
        return probabilities


@dataclass(frozen=True, slots=True)
class PairModel:
    """P(same claim) of sentence pairs: a logistic model over :data:`FEATURES`, and for a pair in
    two languages, whose word features cannot be observed (they read as no overlap at all), a
    second one fitted on the embedding cosine alone.

    ``threshold`` is the probability that maximised held-out F1 when the model was fitted (see
    ``pair_model.json``'s ``threshold_rule``); the comparison picks its own operating point.
    """

    same_language: Logistic
    cross_language: Logistic
    threshold: float

    @classmethod
    def from_json(cls, text: str) -> PairModel:
        data = json.loads(text)
        return cls(Logistic.from_dict(data), Logistic.from_dict(data["cross_language"]), float(data["threshold"]))

    @classmethod
    def load(cls, path: Path | None = None) -> PairModel:
        """The model in ``path``, or the one shipped with newsweave."""
        if path is not None:
            return cls.from_json(path.read_text(encoding="utf-8"))
        return cls.from_json(resources.files("newsweave.compare").joinpath("pair_model.json").read_text("utf-8"))

    @property
    def features(self) -> tuple[str, ...]:
        return self.same_language.features

    def logits(self, features: Floats) -> Floats:
        return self.same_language.logits(features)

    def probabilities(self, features: Floats) -> Floats:
        return self.same_language.probabilities(features)

    def score_pairs(
        self, texts: Sequence[str], vectors: npt.NDArray[np.floating], left: npt.ArrayLike, right: npt.ArrayLike
    ) -> Floats:
        """P(same claim) of each pair ``(texts[left[k]], texts[right[k]])``, all in one language."""
        return self.probabilities(pair_features(texts, vectors, left, right))

    def score_matrix(
        self,
        texts: Sequence[str],
        vectors: npt.NDArray[np.floating],
        *,
        languages: Sequence[str] | None = None,
        ignore: Iterable[str] = (),
        sources: Sequence[int] | None = None,
    ) -> Floats:
        """P(same claim) of every pair of ``texts``, as a symmetric matrix with 1 on the diagonal.

        ``languages`` (one per text) sends pairs in two languages to the cross-language model;
        features named in ``ignore`` are read as absent: the comparison groups sentences by the
        claim they make whatever figure or negation they carry, and judges those slots apart.
        With ``sources`` (one per text), only pairs from two sources are scored, the others left
        at 0: a comparison never reads a pair of one article's sentences.
        """
        left, right = np.triu_indices(len(texts), k=1)
        if sources is not None:
            labels = np.asarray(sources)
            across = labels[left] != labels[right]
            left, right = left[across], right[across]
        features = pair_features(texts, vectors, left, right)
        for name in ignore:
            features[:, FEATURES.index(name)] = 0.0
        scores = self.same_language.probabilities(features)
        if languages is not None and len(left):
            codes = np.array([language or "" for language in languages])
            crossed = (codes[left] != codes[right]) & (codes[left] != "") & (codes[right] != "")
            crossed_features = features[crossed]
            column = FEATURES.index("embedding_cosine")
            crossed_features[:, column] = np.minimum(crossed_features[:, column] / TRANSLATION_COSINE, 1.0)
            scores[crossed] = self.cross_language.probabilities(crossed_features)
        matrix = np.eye(len(texts))
        matrix[left, right] = scores
        matrix[right, left] = scores
        return matrix


@cache
def load_pair_model() -> PairModel:
    """The shipped model, read once per process."""
    return PairModel.load()
