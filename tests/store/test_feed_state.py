"""The ``feed_state`` table: what ``newsweave watch`` remembers of each feed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsweave.errors import NewsweaveError
from newsweave.model import Document, MediaType
from newsweave.store import FeedState, SqliteStore


def test_feed_state_round_trips_and_is_replaced(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    polled = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    with SqliteStore(db) as store:
        assert store.feed_state("https://example.com/feed.rss") is None
        store.save_feed_state(
            FeedState(url="https://example.com/feed.rss", etag='"v1"', last_polled_at=polled, last_status=200)
        )
        store.save_feed_state(FeedState(url="https://example.com/a.rss", last_status=0))
    with SqliteStore(db, read_only=True) as store:
        state = store.feed_state("https://example.com/feed.rss")
        assert state == FeedState(
            url="https://example.com/feed.rss", etag='"v1"', last_polled_at=polled, last_status=200
        )
        assert [s.url for s in store.feed_states()] == ["https://example.com/a.rss", "https://example.com/feed.rss"]
        unpolled = store.feed_state("https://example.com/a.rss")
        assert unpolled is not None
        assert unpolled.last_polled_at is not None
    with SqliteStore(db) as store:
        store.save_feed_state(
            FeedState(
                url="https://example.com/feed.rss", etag='"v2"', last_modified="Tue", last_status=304, n_items_seen=3
            )
        )
        state = store.feed_state("https://example.com/feed.rss")
        assert state is not None
        assert (state.etag, state.last_modified, state.last_status, state.n_items_seen) == ('"v2"', "Tue", 304, 3)
        assert len(store.feed_states()) == 2


def test_feed_state_is_not_written_read_only(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    SqliteStore(db).close()
    with SqliteStore(db, read_only=True) as store, pytest.raises(NewsweaveError, match="read-only"):
        store.save_feed_state(FeedState(url="https://example.com/feed.rss"))


def test_stored_uris_names_the_stored_documents() -> None:
    document = Document(
        id="d1", uri="https://example.com/a", url="https://example.com/a2", media_type=MediaType.TEXT, content="x"
    )
    with SqliteStore(":memory:") as store:
        store.upsert_documents([document])
        assert store.stored_uris(["https://example.com/a", "https://example.com/b"]) == {"https://example.com/a"}
        assert store.stored_uris([]) == set()
