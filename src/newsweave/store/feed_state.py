"""What ``newsweave watch`` remembers of each feed it polls: validators and the last poll.

Part of :class:`newsweave.store.SqliteStore`. A feed's row holds the ``ETag`` and
``Last-Modified`` its server last gave, sent back as a conditional request on the next poll so an
unchanged feed costs one 304 answer. The row is written only after the feed's new items are
committed, so a poll stopped midway polls that feed in full again next time; and an item page
already stored (:meth:`FeedStateStore.stored_uris`) is not fetched again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsweave.store.base import MAX_PARAMS, StoreBase, chunks, iso, marks, now_iso, parse_time

__all__ = ["FeedState", "FeedStateStore"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedState:
    """One watched feed: its validators, when it was last polled and what the server answered
    (200, 304, or 0 when it could not be read), and how many items it listed when it last changed."""

    url: str
    etag: str = ""
    last_modified: str = ""
    last_polled_at: datetime | None = None
    last_status: int = 0
    n_items_seen: int = 0


class FeedStateStore(StoreBase):
    """The ``feed_state`` table."""

    def feed_state(self, url: str) -> FeedState | None:
        """The state of the feed at ``url``, or None when it was never polled to the end."""
        row = self._conn.execute(
            "SELECT url, etag, last_modified, last_polled_at, last_status, n_items_seen FROM feed_state WHERE url = ?",
            (url,),
        ).fetchone()
        return None if row is None else _state(row)

    def feed_states(self) -> list[FeedState]:
        """Every feed's state, by URL."""
        rows = self._conn.execute(
            "SELECT url, etag, last_modified, last_polled_at, last_status, n_items_seen FROM feed_state ORDER BY url"
        )
        return [_state(row) for row in rows]

    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of ``state.url`` (``last_polled_at`` now when not given)."""
        polled = iso(state.last_polled_at) if state.last_polled_at is not None else now_iso()
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO feed_state "
                "(url, etag, last_modified, last_polled_at, last_status, n_items_seen) VALUES (?, ?, ?, ?, ?, ?)",
                (state.url, state.etag, state.last_modified, polled, state.last_status, state.n_items_seen),
            )

    def stored_uris(self, uris: Sequence[str]) -> set[str]:
        """Those of ``uris`` that a stored document was read from (as asked for, before redirects)."""
        found: set[str] = set()
        for chunk in chunks(list(uris), MAX_PARAMS):
            rows = self._conn.execute(f"SELECT DISTINCT uri FROM documents WHERE uri IN ({marks(len(chunk))})", chunk)
            found.update(row[0] for row in rows)
        return found


def _state(row: Sequence[object]) -> FeedState:
    url, etag, last_modified, polled, status, n_items = row
    return FeedState(
        url=str(url),
        etag=str(etag),
        last_modified=str(last_modified),
        last_polled_at=parse_time(str(polled)),
        last_status=int(str(status)),
        n_items_seen=int(str(n_items)),
    )
