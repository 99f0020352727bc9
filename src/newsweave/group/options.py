"""Options of the online story clusterer, apart from the clusterer so that its state and its pair
model (``story_state``, ``story_model``) read them without importing the clusterer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SECONDS_A_DAY", "EventOptions"]

SECONDS_A_DAY = 86400.0


@dataclass(frozen=True, slots=True, kw_only=True)
class EventOptions:
    """Options of :class:`~newsweave.group.StoryClusterer`.

    Args:
        n_candidates: nearest stories scored for each article (top-k of the index).
        max_gap_days: a dated article is never compared with a story whose dated members are all
            more than this many days before or after it (the time window, see docs/grouping.md).
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
