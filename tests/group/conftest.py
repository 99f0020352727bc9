"""Synthetic feature records of the story-clustering tests: events as directions of a small
lexical space, each with its own entities and year."""

from __future__ import annotations

import numpy as np

from newsweave.group import ArticleFeatures
from newsweave.group.features import SparseVector

DIMS = 16


def synthetic_features(article_id: str, story: int, rng: np.random.Generator, noise: float = 0.15) -> ArticleFeatures:
    """An article of synthetic event ``story``: its event's direction plus noise, and its entities."""
    base = np.zeros(DIMS, dtype=np.float32)
    base[story % DIMS] = 1.0
    vector = base + noise * rng.standard_normal(DIMS).astype(np.float32)
    vector /= np.linalg.norm(vector)
    lexical = SparseVector.from_dense(vector)
    return ArticleFeatures(
        article_id=article_id,
        lexical_indices=lexical.indices.tobytes(),
        lexical_values=lexical.values.tobytes(),
        entities=frozenset({f"person-{story}", f"place-{story}"}),
        salient_entities=(f"person-{story}",),
        years=frozenset({2000 + story}),
    )


def synthetic_stream(n_stories: int, per_story: int, seed: int) -> tuple[list[ArticleFeatures], list[str]]:
    """``per_story`` rounds of one article of each of ``n_stories`` events, and each one's event."""
    rng = np.random.default_rng(seed)
    pairs = [(story, member) for member in range(per_story) for story in range(n_stories)]
    features = [synthetic_features(f"{seed}-{story}-{member}", story, rng) for story, member in pairs]
    return features, [f"event-{story}" for story, _ in pairs]
