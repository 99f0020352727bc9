"""The pair model of the online story clusterer, and how it is fitted.

An (article, story) pair is described by :data:`~newsweave.group.story_state.PAIR_FEATURES`; a
logistic regression scores it, and the article joins its best-scoring candidate story when the
score reaches a threshold, else it opens a story. Fitting replays a labelled stream with its gold
stories to collect pairs, picks ``C`` by held-out log-loss and the threshold by held-out B-cubed
F1 over folds of groups (so that nothing is set by hand). Written apart from
:class:`~newsweave.group.StoryClusterer`, which only holds the fitted result and assigns; the
method and its measurements are in docs/grouping.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.group.arrays import Matrix
from newsweave.group.features import ArticleFeatures
from newsweave.group.metrics import bcubed
from newsweave.group.options import EventOptions
from newsweave.group.story_state import PAIR_FEATURES, Probe, Stories

__all__ = [
    "FittedLink",
    "PairModel",
    "cross_validate",
    "fit_link",
    "fit_pair_model",
    "gold_pairs",
    "join_story",
    "replay_stream",
    "sigmoid",
    "split_folds",
]

Labels = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class PairModel:
    """Weights of the pair features and the intercept, on the raw feature scale."""

    coef: npt.NDArray[np.float64]
    intercept: float


@dataclass(frozen=True, slots=True)
class FittedLink:
    """What :func:`fit_link` learned: the pair model, the chosen ``C`` and threshold, and the
    held-out B-cubed F1 of each (C, threshold) tried."""

    model: PairModel
    regularisation: float
    threshold: float
    cv_scores: dict[tuple[float, float], float]


def fit_link(
    features: Sequence[ArticleFeatures],
    stories: Sequence[str],
    groups: Sequence[str] | None,
    options: EventOptions,
    semantic_dims: int,
) -> FittedLink:
    """Learn the pair model and the threshold from a labelled stream.

    Args:
        features: training articles in the order they arrive (sorted by (published, id)).
        stories: the gold story of each article.
        groups: the group of each article for cross-validation; None (or a fold without both
            kinds of pair): the first ``options.regularisation`` and the threshold from replaying
            ``features`` itself.
        options: the clusterer's options.
        semantic_dims: length of the articles' embeddings (0: none).

    Raises:
        ValueError: the stream has no story with two articles.
    """
    pairs, labels = gold_pairs(features, stories, options, semantic_dims)
    if len(set(labels.tolist())) < 2:
        raise ValueError("fit needs a stream with both same-story and different-story candidates")
    chosen = (
        cross_validate(features, stories, split_folds(groups, options.cv_folds), options, semantic_dims)
        if groups
        else None
    )
    if chosen is None:  # no groups, or a fold without both kinds of pair: replay the stream itself
        c = options.regularisation[0]
        model = fit_pair_model(pairs, labels, c, balanced=options.balanced)
        replayed = {t: replay_stream(features, model, t, options, semantic_dims) for t in options.threshold_grid}
        chosen = c, {(c, t): bcubed(stories, keys).f1 for t, keys in replayed.items()}
    regularisation, cv_scores = chosen
    threshold = max(
        (t for c, t in cv_scores if c == regularisation),
        key=lambda t: (cv_scores[regularisation, t], -t),
    )
    model = fit_pair_model(pairs, labels, regularisation, balanced=options.balanced)
    return FittedLink(model=model, regularisation=regularisation, threshold=threshold, cv_scores=cv_scores)


def cross_validate(
    features: Sequence[ArticleFeatures],
    stories: Sequence[str],
    folds: list[list[int]],
    options: EventOptions,
    semantic_dims: int,
) -> tuple[float, dict[tuple[float, float], float]] | None:
    """``C`` by held-out log-loss of the pair model, then the threshold by held-out B-cubed F1.

    Each fold's stream is replayed alone, in arrival order, with the pair model fitted on
    the other folds; the F1 of a threshold pools the held-out articles of all folds. None
    when there are fewer than two folds or some fold's training pairs are all of one kind.
    """
    if len(folds) < 2:
        return None
    held_out: list[tuple[list[ArticleFeatures], list[str], Matrix, Labels]] = []
    for fold in folds:
        fold_features = [features[i] for i in fold]
        fold_stories = [stories[i] for i in fold]
        held_out.append((fold_features, fold_stories, *gold_pairs(fold_features, fold_stories, options, semantic_dims)))
    losses: dict[float, float] = {}
    models: dict[float, list[PairModel]] = {}
    for c in options.regularisation:
        models[c], loss = [], 0.0
        for k in range(len(folds)):
            pairs = np.concatenate([held_out[j][2] for j in range(len(folds)) if j != k])
            labels = np.concatenate([held_out[j][3] for j in range(len(folds)) if j != k])
            if len(set(labels.tolist())) < 2:
                return None
            model = fit_pair_model(pairs, labels, c, balanced=options.balanced)
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
            for key in replay_stream(fold_features, models[best_c][k], threshold, options, semantic_dims)
        ]
        scores[best_c, threshold] = bcubed(gold, predicted).f1
    return best_c, scores


def fit_pair_model(pairs: Matrix, labels: Labels, c: float, *, balanced: bool) -> PairModel:
    """Logistic regression on standardised pair features, folded back to the raw scale."""
    # Imported here: only fitting needs scikit-learn, and importing it costs every process that
    # imports the pipeline (page workers, Ray tasks) 0.8 s and SciPy's statistics and pandas.
    from sklearn.linear_model import LogisticRegression

    mean = pairs.mean(axis=0)
    scale = pairs.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
    model.fit((pairs - mean) / scale, labels)
    coef = np.asarray(model.coef_[0], dtype=np.float64) / scale
    return PairModel(coef, float(model.intercept_[0]) - float(coef @ mean))


def gold_pairs(
    features: Sequence[ArticleFeatures], stories: Sequence[str], options: EventOptions, semantic_dims: int
) -> tuple[Matrix, Labels]:
    """The pair features of each article against its candidate stories, with the gold stories
    assigned so far, and whether each candidate is the article's own story (1) or not (0)."""
    state = Stories(options, semantic_dims)
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


def replay_stream(
    features: Sequence[ArticleFeatures], model: PairModel, threshold: float, options: EventOptions, semantic_dims: int
) -> list[int]:
    """The story key each article joins when ``features`` is assigned from no stories."""
    state = Stories(options, semantic_dims)
    return [join_story(state, state.probe(item), model, threshold) for item in features]


def join_story(state: Stories, probe: Probe, model: PairModel, threshold: float) -> int:
    """Add the article to the story it belongs to, opened if none; returns the story's key."""
    key = _decide(state, probe, model, threshold)
    if key is None:
        key = state.open()
    state.add(key, probe)
    return key


def split_folds(groups: Sequence[str], n_folds: int) -> list[list[int]]:
    """Article positions of each fold: sorted groups dealt round-robin, arrival order kept."""
    names = sorted(set(groups))
    if n_folds < 2 or len(names) < 2:
        return []
    fold_of = {name: rank % min(n_folds, len(names)) for rank, name in enumerate(names)}
    folds: list[list[int]] = [[] for _ in range(min(n_folds, len(names)))]
    for position, group in enumerate(groups):
        folds[fold_of[group]].append(position)
    return folds


def sigmoid(value: float) -> float:
    """The logistic function, without overflow for large negative values."""
    return 1.0 / (1.0 + math.exp(-value)) if value >= 0 else math.exp(value) / (1.0 + math.exp(value))


def _decide(state: Stories, probe: Probe, model: PairModel, threshold: float) -> int | None:
    """The candidate story with the highest link probability, if it reaches ``threshold``."""
    candidates = state.candidates(probe)
    if not candidates:
        return None
    scores = state.pair_features(probe, candidates) @ model.coef + model.intercept
    best = int(np.argmax(scores))
    return candidates[best] if sigmoid(float(scores[best])) >= threshold else None


def _sigmoids(values: Matrix) -> Matrix:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(values, -500, 500))), dtype=np.float64)
