"""Persistence: newsweave's records in SQLite, with full-text search and story membership.

``SqliteStore`` is the default store; the CLI writes it and the web server reads it
(``read_only=True``). See :mod:`newsweave.store.sqlite` for the schema choices.
"""

from newsweave.store.browse import StoryFilter, StoryMemberRow, StoryPage
from newsweave.store.feed_state import FeedState
from newsweave.store.migrations import LATEST_VERSION, MIGRATIONS, Migration
from newsweave.store.outlet_framing import OutletFramingRow, OutletTotals, SpeakerCount, WordCount
from newsweave.store.rows import FailureRow, GroupingSnapshot, HistoryRow, RunRow, SearchHit, StoryEntity, StoryRow
from newsweave.store.sqlite import ArticleOrder, SqliteStore, file_input_key
from newsweave.store.versions import ArticleVersion, FollowedPage

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "ArticleOrder",
    "ArticleVersion",
    "FailureRow",
    "FeedState",
    "FollowedPage",
    "GroupingSnapshot",
    "HistoryRow",
    "Migration",
    "OutletFramingRow",
    "OutletTotals",
    "RunRow",
    "SearchHit",
    "SpeakerCount",
    "SqliteStore",
    "StoryEntity",
    "StoryFilter",
    "StoryMemberRow",
    "StoryPage",
    "StoryRow",
    "WordCount",
    "file_input_key",
]
