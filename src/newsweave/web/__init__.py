"""The web page over a store: stories, a story's coverage side by side, articles, and a JSON API.

``newsweave serve`` runs :func:`newsweave.web.app.create_app` under uvicorn. The app module is
not imported here: FastAPI takes over half a second to import, and every other command imports
this package for :func:`compare_story`, the one function that turns a stored story into the
comparison the ``story`` command and the page both show.
"""

from newsweave.web.comparisons import (
    DEFAULT_MAX_SOURCES,
    ComparisonCache,
    SentenceEmbedding,
    StoryComparison,
    StoryPlan,
    compare_story,
    embed_story_sentences,
    load_sentence_embedder,
    plan_story,
)

__all__ = [
    "DEFAULT_MAX_SOURCES",
    "ComparisonCache",
    "SentenceEmbedding",
    "StoryComparison",
    "StoryPlan",
    "compare_story",
    "embed_story_sentences",
    "load_sentence_embedder",
    "plan_story",
]
