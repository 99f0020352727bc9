"""Stories read from a store: a story's comparison, the cache of comparisons, and an article's details.

What the ``story`` and ``embed`` commands, the web page and its API share. It sits between the
store and its readers (:mod:`newsweave.cli`, :mod:`newsweave.web`, a batch job) and imports no
web framework: a command that compares a story does not pay for importing FastAPI, and the web
package keeps only what HTTP needs (routes, parameters, templates, view models).
"""

from newsweave.stories.articles import ArticleDetails, load_article_details
from newsweave.stories.comparisons import (
    DEFAULT_MAX_SOURCES,
    ComparisonCache,
    SentenceEmbedding,
    StoredEmbedder,
    StoryComparison,
    StoryPlan,
    compare_story,
    embed_story_sentences,
    load_sentence_embedder,
    plan_story,
)

__all__ = [
    "DEFAULT_MAX_SOURCES",
    "ArticleDetails",
    "ComparisonCache",
    "SentenceEmbedding",
    "StoredEmbedder",
    "StoryComparison",
    "StoryPlan",
    "compare_story",
    "embed_story_sentences",
    "load_article_details",
    "load_sentence_embedder",
    "plan_story",
]
