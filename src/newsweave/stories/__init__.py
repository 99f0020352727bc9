"""Stories read from a store: a story's comparison, the cache of comparisons, and an article's details.

What the ``story``, ``embed`` and ``outlets`` commands, the web pages and their API share. It sits between the
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
from newsweave.stories.outlets import (
    OmissionExample,
    OutletProfile,
    OutletRefresh,
    OutletRefreshPlan,
    framing_rows,
    outlet_profile,
    outlet_profiles,
    plan_outlet_refresh,
    profile_to_dict,
    refresh_outlet_framing,
)

__all__ = [
    "DEFAULT_MAX_SOURCES",
    "ArticleDetails",
    "ComparisonCache",
    "OmissionExample",
    "OutletProfile",
    "OutletRefresh",
    "OutletRefreshPlan",
    "SentenceEmbedding",
    "StoredEmbedder",
    "StoryComparison",
    "StoryPlan",
    "compare_story",
    "embed_story_sentences",
    "framing_rows",
    "load_article_details",
    "load_sentence_embedder",
    "outlet_profile",
    "outlet_profiles",
    "plan_outlet_refresh",
    "plan_story",
    "profile_to_dict",
    "refresh_outlet_framing",
]
