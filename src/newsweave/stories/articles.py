"""One stored article with what the store knows around it: its story, its near-duplicates and its versions.

The article page and its JSON twin show this; it reads the store only, so it lives here with the
story comparisons rather than in :mod:`newsweave.web`, where a command or a batch job could not
use it without importing the web framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.annotate import canonicalise_entities
from newsweave.model import Article
from newsweave.store import SqliteStore
from newsweave.versions.history import ArticleHistory, article_history

__all__ = ["ArticleDetails", "load_article_details"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleDetails:
    """An article (entities canonicalised, its newest version), its story (``""`` when it has
    none), its near-duplicates and its versions."""

    article: Article
    story_id: str
    near_duplicates: tuple[Article, ...]
    history: ArticleHistory


def load_article_details(store: SqliteStore, article_id: str) -> ArticleDetails:
    """One stored article with its story, the other members of its near-duplicate group and its versions.

    Raises:
        NewsweaveError: ``store.not_found`` for an unknown article.
    """
    resolved, _ = canonicalise_entities([store.get_article(article_id)])
    copies = [other for other in store.near_duplicates_of(article_id) if other != article_id]
    return ArticleDetails(
        article=resolved[0],
        story_id=store.story_of(article_id) or "",
        near_duplicates=tuple(store.get_articles(copies)),
        history=article_history(store, article_id),
    )
