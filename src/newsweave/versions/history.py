"""An article's history: its versions, oldest first, each with what changed since the one before.

The ``history`` command and the article's web page both read it from here, so they say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from newsweave.store import ArticleVersion, FollowedPage, SqliteStore
from newsweave.versions.diff import VersionDiff, diff_versions

__all__ = ["ArticleHistory", "VersionEntry", "article_history"]


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionEntry:
    """One version and its changes from the version before (``None`` for the first)."""

    version: ArticleVersion
    changes: VersionDiff | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleHistory:
    """Every version of one article; ``page`` is its followed page (None when it is not followed)."""

    article_id: str
    entries: tuple[VersionEntry, ...]
    page: FollowedPage | None

    @property
    def newest(self) -> ArticleVersion:
        return self.entries[-1].version


def article_history(store: SqliteStore, article_id: str) -> ArticleHistory:
    """The history of ``article_id``.

    Raises:
        NewsweaveError: ``store.not_found`` when no such article is stored.
    """
    versions = store.article_versions(article_id)
    changes = [diff_versions(old.article, new.article) for old, new in pairwise(versions)]
    return ArticleHistory(
        article_id=article_id,
        entries=tuple(
            VersionEntry(version=version, changes=diff)
            for version, diff in zip(versions, [None, *changes], strict=True)
        ),
        page=store.followed_page(article_id),
    )
