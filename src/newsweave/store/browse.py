"""Browsing the store: stories filtered and paged for the web page, and a story's members.

Part of :class:`newsweave.store.SqliteStore`, kept apart from :mod:`~newsweave.store.grouping`
(which writes stories) because it only reads. Two choices, and why:

- **Keyset pagination.** A page is asked for with the cursor the previous page returned (the
  sort key of its last story), not with an offset: the query seeks in the ``stories_browse``
  index and reads one page, so page 1,000 costs what page 1 costs on a store of a million
  articles, where ``OFFSET`` would walk every earlier row.
- **Newest, then biggest.** Stories are ordered by the day (UTC) of their latest article, newest
  first; within a day by the number of sources (near-duplicates counted once), then by latest
  article, then id. A day's big story stays above its small ones however late they were updated.

Filters narrow the same ordered walk: full-text search over the stories' articles, a date range
(stories with an article in it), an outlet (exact name), a language and an entity (its id, or a
name one of the story's articles mentions it by, in any case; from ``article_entities``).

The filters on articles (search, outlet, entity) run one of two ways, chosen by how many articles
match (counted in the filter's own index, up to a bound). A rare word's matches are few: their
stories are collected first and sorted. A common word matches most stories: collecting them
would join every match to its story (seconds on a million articles) only to keep one page, so
the ordered walk instead asks, story by story, whether one of its articles matches, and stops
when the page is full. The walk visits about ``page x articles / matches`` articles and the
collection ``matches``, so the walk is taken when ``matches**2`` exceeds ``page x articles``
(times the dearer cost of a walked article).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsweave.errors import NewsweaveError
from newsweave.store.base import fts_query, iso, parse_time
from newsweave.store.rows import StoryRow
from newsweave.store.sentences import SentenceVectorStore

__all__ = ["BrowseStore", "StoryFilter", "StoryMemberRow", "StoryPage"]

MAX_PAGE = 200
# How much dearer a walked article is than a collected match (an index seek per member against a
# row read), a rough figure from the 100k-article benchmark store; it only moves the switch between
# two plans that give the same page.
_WALK_COST = 4
_DAY = "coalesce(substr(last_published, 1, 10), '')"
_LATEST = "coalesce(last_published, '')"
_ORDER = f"{_DAY} DESC, n_outlets DESC, {_LATEST} DESC, id"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFilter:
    """What the stories page narrows to; ``None`` leaves a filter out.

    ``since``/``until`` keep stories with an article published in ``[since, until)``.
    """

    query: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryPage:
    """One page of stories and the cursor of the next page (``""`` on the last page)."""

    stories: tuple[StoryRow, ...]
    next_cursor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryMemberRow:
    """An article of a story without its text: enough to choose which articles to compare.

    ``group_id`` is the article's near-duplicate group (``""`` when it has none), and
    ``is_representative`` whether it stands for that group.
    """

    id: str
    title: str
    outlet: str
    uri: str
    url: str
    language: str
    published: datetime | None
    group_id: str
    is_representative: bool


class BrowseStore(SentenceVectorStore):
    """Read-only queries behind the web page."""

    def browse_stories(self, filters: StoryFilter | None = None, *, limit: int = 25, cursor: str = "") -> StoryPage:
        """A page of stories, newest day first and biggest first within a day (see the module doc).

        Args:
            filters: what to narrow to.
            limit: stories per page, 1 to :data:`MAX_PAGE`.
            cursor: ``next_cursor`` of the previous page; ``""`` for the first page.

        Raises:
            NewsweaveError: ``store.bad_query`` for a search FTS5 cannot parse, ``store.bad_cursor``
                for a cursor this method did not make.
        """
        if not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
        filters = filters or StoryFilter()
        clauses, params = _filter_clauses(filters)
        for condition in _article_conditions(filters):
            clauses.append(self._article_clause(condition, limit, filters.query))
            params += condition.params
        if cursor:
            after = _decode_cursor(cursor)
            clauses.append(
                f"{_DAY} <= ? AND ({_DAY} < ? OR n_outlets < ? OR (n_outlets = ? AND "
                f"({_LATEST} < ? OR ({_LATEST} = ? AND id > ?))))"
            )
            day, n_outlets, latest, story_id = after
            params += [day, day, n_outlets, n_outlets, latest, latest, story_id]
        tail = f"WHERE {' AND '.join(clauses)} ORDER BY {_ORDER} LIMIT ?"
        rows = self._stories(tail, [*params, limit + 1], query=filters.query)
        page = tuple(rows[:limit])
        return StoryPage(stories=page, next_cursor=_encode_cursor(page[-1]) if len(rows) > limit else "")

    def _article_clause(self, condition: _ArticleCondition, limit: int, query: str | None) -> str:
        """The filter for stories with an article meeting ``condition``: collected or walked (see the module doc)."""
        row = self._conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()
        walk_from = math.isqrt(_WALK_COST * (limit + 1) * int(row[0])) + 1
        counted = self._query_fts(
            f"SELECT count(*) FROM (SELECT 1 FROM {condition.source} WHERE {condition.test} LIMIT ?)",
            [*condition.params, walk_from],
            query,
        )
        if int(counted[0][0]) >= walk_from:
            return (
                f"EXISTS (SELECT 1 FROM story_members sm JOIN articles a ON a.id = sm.article_id {condition.join} "
                f"WHERE sm.story_id = stories.id AND {condition.test})"
            )
        return (
            f"id IN (SELECT sm.story_id FROM {condition.articles} {condition.join} "
            f"JOIN story_members sm INDEXED BY story_members_article_story ON sm.article_id = a.id "
            f"WHERE {condition.test})"
        )

    def story_members(self, story_id: str) -> list[StoryMemberRow]:
        """A story's articles in (published, id) order, without their text. Raises ``store.not_found``."""
        self.get_story(story_id)
        rows = self._conn.execute(
            "SELECT a.id, a.title, a.outlet, a.uri, a.url, a.language, a.published, "
            "coalesce(nd.group_id, ''), coalesce(nd.is_representative, 0) "
            "FROM story_members sm JOIN articles a ON a.id = sm.article_id "
            "LEFT JOIN near_duplicate_members nd ON nd.article_id = a.id "
            "WHERE sm.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        ).fetchall()
        return [
            StoryMemberRow(
                id=row[0],
                title=row[1],
                outlet=row[2],
                uri=row[3],
                url=row[4],
                language=row[5],
                published=parse_time(row[6]),
                group_id=row[7],
                is_representative=bool(row[8]),
            )
            for row in rows
        ]


def _filter_clauses(filters: StoryFilter) -> tuple[list[str], list[Any]]:
    """The clauses of the filters on the story rows themselves."""
    clauses: list[str] = ["n_articles > 0"]
    params: list[Any] = []
    if filters.since is not None:
        clauses.append("last_published >= ?")
        params.append(iso(filters.since))
    if filters.until is not None:
        clauses.append("first_published < ?")
        params.append(iso(filters.until))
    if filters.language is not None:
        clauses.append("EXISTS (SELECT 1 FROM json_each(languages) WHERE value = ?)")
        params.append(filters.language)
    return clauses, params


@dataclass(frozen=True, slots=True, kw_only=True)
class _ArticleCondition:
    """A filter on a story's articles: ``test`` (with ``params``) on ``articles a`` joined with ``join``.

    ``source`` is the one table that counts the matching articles by ``test`` alone, and
    ``articles`` the articles table as the collecting query reads it.
    """

    source: str
    join: str
    test: str
    params: tuple[Any, ...]
    # how stories collect the matches: by seq (from the full-text or entity index) through the
    # covering index of migration 7; the planner, without statistics, would read the table rows
    articles: str = "articles a INDEXED BY articles_seq_id"


def _article_conditions(filters: StoryFilter) -> list[_ArticleCondition]:
    conditions = []
    if filters.query is not None:
        conditions.append(
            _ArticleCondition(
                source="articles_fts",
                join="JOIN articles_fts ON articles_fts.rowid = a.seq",
                test="articles_fts MATCH ?",
                params=(fts_query(filters.query, plain=True),),
            )
        )
    if filters.outlet is not None:
        conditions.append(
            _ArticleCondition(
                source="articles a", join="", test="a.outlet = ?", params=(filters.outlet,), articles="articles a"
            )
        )
    if filters.entity is not None:
        conditions.append(
            _ArticleCondition(
                source="article_entities ae",
                join="JOIN article_entities ae ON ae.article_seq = a.seq",
                test="ae.entity IN ('id:' || ?, 'name:' || lower(?))",
                params=(filters.entity, filters.entity),
            )
        )
    return conditions


def _encode_cursor(story: StoryRow) -> str:
    latest = iso(story.last_published) if story.last_published else ""
    key = [latest[:10], story.n_outlets, latest, story.id]
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, int, str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, n_outlets, latest, story_id = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise NewsweaveError("store.bad_cursor", f"the page cursor {cursor!r} is not one this store made") from error
    if not (all(isinstance(part, str) for part in (day, latest, story_id)) and isinstance(n_outlets, int)):
        raise NewsweaveError("store.bad_cursor", f"the page cursor {cursor!r} is not one this store made")
    return day, n_outlets, latest, story_id
