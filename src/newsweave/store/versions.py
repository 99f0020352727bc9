"""Pages ``newsweave watch`` follows and the versions of their articles.

Part of :class:`newsweave.store.SqliteStore`. An article fetched from a feed is *followed*: its
page is visited again on a schedule (:mod:`newsweave.versions.schedule`) and, when its text
changed, the new text becomes a new version. The ``articles`` row then holds the newest version
under the article's first id, so its story, the search index (the table's triggers) and every
comparison read the newest text with no change of their own, and the story keeps the article.
Each version's record is kept as it was in ``article_versions``, never overwritten; version 1 is
written there when the first change arrives, so an article that never changes costs no copy.

The story's stored framing rows (:mod:`newsweave.store.outlet_framing`) were computed from the
old text: they are dropped with the change, and the next ``newsweave outlets --refresh``
recomputes them. The article's story embedding and near-duplicate signature stay those of the
text it was grouped by.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from newsweave.errors import NewsweaveError
from newsweave.model import Article
from newsweave.store.base import (
    MAX_PARAMS,
    StoreBase,
    article_from_json,
    chunks,
    iso,
    iso_or_none,
    marks,
    parse_time,
    record_json,
)

__all__ = ["ArticleVersion", "FollowedPage", "VersionStore"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowedPage:
    """A page visited again on a schedule: the address it was first fetched from, its article,
    when it was first seen, when it is due next (``None``: no visit left) and how many visits
    were made; ``last_outcome`` is what the last visit found ("unchanged", "changed", a failure code)."""

    uri: str
    article_id: str
    first_seen_at: datetime
    next_visit_at: datetime | None
    n_visits: int = 0
    last_outcome: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleVersion:
    """One version of an article: its number (1 first), when it was fetched, the document it
    was read from and the article as it read then (under the article's first id)."""

    version: int
    fetched_at: datetime
    document_id: str
    article: Article


class VersionStore(StoreBase):
    """The ``followed_pages`` and ``article_versions`` tables."""

    def follow(self, uris: Sequence[str], *, first_seen_at: datetime, next_visit_at: datetime | None) -> int:
        """Follow the stored articles read from ``uris`` (as asked, before redirects); a page
        already followed keeps its schedule. Returns how many pages are newly followed."""
        added = 0
        with self._transaction() as conn:
            for chunk in chunks(list(uris), MAX_PARAMS):
                added += conn.execute(
                    "INSERT OR IGNORE INTO followed_pages (uri, article_id, first_seen_at, next_visit_at) "
                    f"SELECT uri, id, ?, ? FROM articles WHERE uri IN ({marks(len(chunk))}) "
                    "AND seq IN (SELECT min(seq) FROM articles GROUP BY uri)",
                    (iso(first_seen_at), iso_or_none(next_visit_at), *chunk),
                ).rowcount
        return added

    def due_pages(self, now: datetime | None = None, *, limit: int = 1000) -> list[FollowedPage]:
        """Followed pages whose next visit is at or before ``now`` (all scheduled ones when
        ``None``), soonest first."""
        sql = (
            "SELECT uri, article_id, first_seen_at, next_visit_at, n_visits, last_outcome FROM followed_pages "
            "WHERE next_visit_at IS NOT NULL AND next_visit_at <= ? ORDER BY next_visit_at, uri LIMIT ?"
        )
        bound = iso(now) if now is not None else "9999"
        return [_followed(row) for row in self._conn.execute(sql, (bound, limit))]

    def followed_page(self, article_id: str) -> FollowedPage | None:
        """The followed page of ``article_id``, or None when it is not followed."""
        row = self._conn.execute(
            "SELECT uri, article_id, first_seen_at, next_visit_at, n_visits, last_outcome FROM followed_pages "
            "WHERE article_id = ? ORDER BY uri LIMIT 1",
            (article_id,),
        ).fetchone()
        return None if row is None else _followed(row)

    def record_visit(self, uri: str, *, outcome: str, next_visit_at: datetime | None) -> None:
        """Count a visit of ``uri`` with what it found, and set the next one (None: no more)."""
        with self._transaction() as conn:
            conn.execute(
                "UPDATE followed_pages SET n_visits = n_visits + 1, last_outcome = ?, next_visit_at = ? WHERE uri = ?",
                (outcome, iso_or_none(next_visit_at), uri),
            )

    def add_version(self, article_id: str, article: Article, *, document_id: str, fetched_at: datetime) -> int:
        """Store ``article`` as the newest version of ``article_id``; returns its version number.
        The current version is kept first if it is not yet. ``document_id`` names the stored
        document the version was read from (store it first, in the same transaction).

        Raises:
            NewsweaveError: ``store.not_found`` when ``article_id`` is not stored.
        """
        newest = replace(article, id=article_id)
        with self._transaction() as conn:
            row = conn.execute("SELECT json, stored_at FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise NewsweaveError("store.not_found", f"no article with id {article_id!r} in {self.path}")
            conn.execute(
                "INSERT OR IGNORE INTO article_versions (article_id, version, document_id, fetched_at, json) "
                "VALUES (?, 1, ?, ?, ?)",
                (article_id, article_id, row[1], row[0]),
            )
            (version,) = conn.execute(
                "SELECT max(version) + 1 FROM article_versions WHERE article_id = ?", (article_id,)
            ).fetchone()
            conn.execute(
                "INSERT INTO article_versions (article_id, version, document_id, fetched_at, json) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, version, document_id, iso(fetched_at), record_json(newest)),
            )
            conn.execute(
                "UPDATE articles SET title = ?, url = ?, published = ?, n_chars = ?, changed_at = ?, json = ? "
                "WHERE id = ?",
                (
                    newest.title,
                    newest.url,
                    iso_or_none(newest.published),
                    len(newest.text),
                    iso(fetched_at),
                    record_json(newest),
                    article_id,
                ),
            )
            conn.execute(
                "DELETE FROM outlet_framing_stories WHERE story_id IN "
                "(SELECT story_id FROM story_members WHERE article_id = ?)",
                (article_id,),
            )
        return int(version)

    def version_document_ids(self, article_id: str) -> set[str]:
        """The documents the versions of ``article_id`` were read from (its own id before a change),
        without reading the records: a visit asks this of every page it reads again."""
        rows = self._conn.execute(
            "SELECT document_id FROM article_versions WHERE article_id = ?", (article_id,)
        ).fetchall()
        return {str(row[0]) for row in rows} or {article_id}

    def article_versions(self, article_id: str) -> list[ArticleVersion]:
        """Every version of ``article_id``, oldest first; one (the stored article) when it never changed.

        Raises:
            NewsweaveError: ``store.not_found`` when ``article_id`` is not stored.
        """
        rows = self._conn.execute(
            "SELECT version, fetched_at, document_id, json FROM article_versions WHERE article_id = ? ORDER BY version",
            (article_id,),
        ).fetchall()
        if rows:
            return [_version(row) for row in rows]
        row = self._conn.execute("SELECT 1, stored_at, id, json FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NewsweaveError("store.not_found", f"no article with id {article_id!r} in {self.path}")
        return [_version(row)]

    def version_counts(self, article_ids: Sequence[str]) -> dict[str, int]:
        """How many versions each of ``article_ids`` has, for those with more than one."""
        counts: dict[str, int] = {}
        for chunk in chunks(list(article_ids), MAX_PARAMS):
            rows = self._conn.execute(
                "SELECT article_id, max(version) FROM article_versions "
                f"WHERE article_id IN ({marks(len(chunk))}) GROUP BY article_id",
                chunk,
            )
            counts.update((str(article_id), int(n)) for article_id, n in rows)
        return counts


def _followed(row: Sequence[object]) -> FollowedPage:
    uri, article_id, first_seen, next_visit, n_visits, outcome = row
    first = parse_time(str(first_seen))
    assert first is not None  # a NOT NULL column
    return FollowedPage(
        uri=str(uri),
        article_id=str(article_id),
        first_seen_at=first,
        next_visit_at=parse_time(next_visit) if isinstance(next_visit, str) else None,
        n_visits=int(str(n_visits)),
        last_outcome=str(outcome),
    )


def _version(row: Sequence[object]) -> ArticleVersion:
    version, fetched_at, document_id, json_text = row
    fetched = parse_time(str(fetched_at))
    assert fetched is not None  # a NOT NULL column
    return ArticleVersion(
        version=int(str(version)),
        fetched_at=fetched,
        document_id=str(document_id),
        article=article_from_json(str(json_text)),
    )
