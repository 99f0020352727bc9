"""Online story clustering: each new article joins its best-matching story or opens a new one.

Single-pass clustering against story centroids, as in the TDT on-line detection and tracking
systems (Allan, Papka & Lavrenko 1998), with the decision made the way Miranda et al. 2018
("Multilingual clustering of streaming news") make it: an article is compared with its nearest
stories only, a model learned on labelled streams scores each (article, story) pair, and the
article joins the best-scoring story when that score reaches a learned threshold, else it opens a
story. Comparing with the nearest stories only keeps the cost of one assignment about constant
however many stories the store holds.

This module holds the clusterer's public face; its parts live beside it: the options
(``options``), the stories with their index and pair features (``story_state``), the pair model
and its fitting (``story_model``). The method, the pair features and the measurements behind
them are in docs/grouping.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsweave.errors import NotFittedError
from newsweave.group.features import ArticleFeatures
from newsweave.group.index import StoryIndex
from newsweave.group.options import EventOptions
from newsweave.group.story_model import PairModel, fit_link, join_story, sigmoid
from newsweave.group.story_state import Stories

__all__ = ["StoryClusterer"]

# Articles whose index searches are announced together: past about 64 the exact index's cost per
# search stops falling.
_PREFETCH_BATCH = 64


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

        ``C`` and the threshold are chosen by cross-validation over ``groups``: pair models are
        fitted on the other folds, ``C`` is the one with the lowest held-out log-loss, and the
        threshold the one with the best B-cubed F1 when each held-out fold is replayed as a stream.

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
        self.semantic_dims_ = max((len(item.semantic) for item in features), default=0)
        fitted = fit_link(features, stories, groups, self._options, self.semantic_dims_)
        self.regularisation_, self.cv_scores_ = fitted.regularisation, fitted.cv_scores
        self.threshold_ = fitted.threshold
        self.coef_, self.intercept_ = fitted.model.coef, fitted.model.intercept
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
        state, model = self._state, PairModel(self.coef_, self.intercept_)
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
                        join_story(state, probes[item.article_id], model, self.threshold_)
                    ].id
                stories.append(known)
        return stories

    def link_probability(self, pair_features: Sequence[float]) -> float:
        """The pair model's probability that an article belongs to a story, from its pair features."""
        self.check_fitted()
        return sigmoid(float(np.asarray(pair_features) @ self.coef_) + self.intercept_)

    @property
    def n_stories_(self) -> int:
        self.check_fitted()
        return len(self._state.stories)

    def reset(self) -> None:
        """Forget assigned stories, keeping the learned model."""
        self._state = Stories(self._options, self.semantic_dims_, self.index)
        self.labels_: dict[str, str] = {}
