"""Plain records the store returns for what has no type in :mod:`newsweave.model`.

Stories as the store lists them (with denormalised counts), search hits, recorded failures, ingest
runs and story-membership history. They are frozen, slotted and plain, like the model records, so
:func:`newsweave.serde.to_dict` turns them into API bodies unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from newsweave.errors import Failure

__all__ = ["FailureRow", "GroupingSnapshot", "HistoryRow", "RunRow", "SearchHit", "StoryEntity", "StoryRow"]


class SearchHit(NamedTuple):
    """One full-text match: the article, a snippet with the matched words marked, and a score.

    ``score`` is the negated BM25 rank (title weighted 5x the body): higher is better.
    """

    article_id: str
    snippet: str
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryEntity:
    """An entity prominent in a story: how many of its articles mention it, and how often."""

    id: str
    name: str
    label: str
    n_articles: int
    n_mentions: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRow:
    """A story with the denormalised columns :meth:`SqliteStore.refresh_story` keeps.

    ``n_outlets`` counts sources, with near-duplicates counted once: each article stands for its
    near-duplicate group when it has one, else for its source as reports name it
    (:func:`newsweave.outlets.source_name`), and ``n_outlets`` is the number of distinct such
    keys. Two outlets running the same wire copy are one source; one outlet's two different
    articles are one source.
    """

    id: str
    title: str
    n_articles: int
    n_outlets: int
    languages: tuple[str, ...]
    first_published: datetime | None
    last_published: datetime | None
    top_entities: tuple[StoryEntity, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureRow:
    """A recorded failure, with the run that recorded it and when."""

    failure: Failure
    run_id: str | None
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRow:
    """One ingest run: what it was given and what it counted."""

    id: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    inputs: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryRow:
    """One change of an article's story (``from_story`` is ``None`` for its first assignment)."""

    article_id: str
    from_story: str | None
    to_story: str | None
    at: datetime
    reason: str
    run_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupingSnapshot:
    """Saved grouping state: it covers the stored articles up to ``through_seq``.

    ``fingerprint`` names the models and options that made ``state``; a snapshot whose fingerprint
    differs from the running code's is ignored and the articles are grouped again.
    """

    through_seq: int
    fingerprint: str
    state: bytes
