"""Embeddings, near-duplicate groups and stories in the SQLite store.

Part of :class:`newsweave.store.SqliteStore`, in its own module to keep modules short. Story rows
carry denormalised columns (counts, languages, time span, top entities) so listing stories is one
indexed read; they are recomputed (:mod:`newsweave.store.summary`) whenever membership or
near-duplicate grouping changes, and every membership change is kept in ``story_history``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from newsweave.errors import NewsweaveError
from newsweave.model import Article
from newsweave.store.base import (
    MAX_PARAMS,
    StoreBase,
    article_from_json,
    batched,
    chunks,
    equality_filters,
    fts_query,
    iso,
    marks,
    now_iso,
    parse_time,
)
from newsweave.store.rows import GroupingSnapshot, HistoryRow, StoryEntity, StoryRow
from newsweave.store.summary import StoryMember, summarise_story

__all__ = ["GroupingStore"]


class GroupingStore(StoreBase):
    """The store's grouping tables: embeddings, near-duplicate groups, stories and their history."""

    def save_embeddings(self, article_ids: Sequence[str], matrix: npt.ArrayLike, *, model: str = "") -> int:
        """Store one float32 vector per article (row ``i`` of ``matrix`` for ``article_ids[i]``).

        Returns how many rows were added or changed.

        Raises:
            ValueError: when ``matrix`` is not 2-D with one row per id.
            NewsweaveError: ``store.missing_article`` when an id is not a stored article.
        """
        array = np.ascontiguousarray(np.asarray(matrix, dtype="<f4"))
        if array.ndim != 2 or array.shape[0] != len(article_ids):
            raise ValueError(f"matrix must have shape ({len(article_ids)}, dim), got {array.shape}")
        dim = int(array.shape[1])
        rows = [(article_id, dim, model, array[i].tobytes()) for i, article_id in enumerate(article_ids)]
        changed = 0
        for batch in batched(rows, self.batch_size):
            with self._transaction() as conn:
                self._require_articles(conn, [row[0] for row in batch])
                changed += conn.executemany(_UPSERT_EMBEDDING, batch).rowcount
        return changed

    def load_embeddings(self, article_ids: Sequence[str] | None = None) -> tuple[list[str], npt.NDArray[np.float32]]:
        """Stored vectors as ``(ids, matrix)``: all of them in id order, or those asked for in order.

        Raises:
            NewsweaveError: ``store.not_found`` for an id without an embedding; ``store.dim_mismatch``
                when the vectors asked for differ in dimension.
        """
        if article_ids is None:
            rows = self._conn.execute("SELECT article_id, dim, vector FROM embeddings ORDER BY article_id").fetchall()
        else:
            found: dict[str, tuple[str, int, bytes]] = {}
            for chunk in chunks(article_ids, MAX_PARAMS):
                sql = f"SELECT article_id, dim, vector FROM embeddings WHERE article_id IN ({marks(len(chunk))})"
                found.update((row[0], row) for row in self._conn.execute(sql, chunk))
            missing = [article_id for article_id in article_ids if article_id not in found]
            if missing:
                raise NewsweaveError("store.not_found", f"no embedding for article {missing[0]!r} in {self.path}")
            rows = [found[article_id] for article_id in article_ids]
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        dims = {row[1] for row in rows}
        if len(dims) > 1:
            raise NewsweaveError("store.dim_mismatch", f"stored embeddings differ in dimension: {sorted(dims)}")
        buffer = b"".join(row[2] for row in rows)
        matrix = np.frombuffer(buffer, dtype="<f4").reshape(len(rows), dims.pop()).astype(np.float32)
        return [row[0] for row in rows], matrix

    def set_near_duplicates(self, groups: Iterable[Sequence[str]], *, replace_all: bool = False) -> int:
        """Record near-duplicate groups; return how many groups were stored.

        Each group lists article ids, its representative first; the group's id is the
        representative's id. A group replaces the earlier grouping of its id and of its members
        (an earlier member left out becomes ungrouped); a group of one ungroups that article.
        With ``replace_all`` every earlier group is dropped first. Stories holding an affected
        article are refreshed, since ``n_outlets`` counts each group once.

        Raises:
            NewsweaveError: ``store.missing_article`` when an id is not a stored article.
        """
        stored = 0
        with self._transaction() as conn:
            touched: set[str] = set()
            if replace_all:
                touched.update(row[0] for row in conn.execute("SELECT article_id FROM near_duplicate_members"))
                conn.execute("DELETE FROM near_duplicate_groups")
            for group in groups:
                members = list(dict.fromkeys(group))
                if not members:
                    continue
                self._require_articles(conn, members)
                group_id = members[0]
                old = conn.execute("SELECT article_id FROM near_duplicate_members WHERE group_id = ?", (group_id,))
                touched.update(row[0] for row in old)
                touched.update(members)
                conn.execute("DELETE FROM near_duplicate_members WHERE group_id = ?", (group_id,))
                for chunk in chunks(members, MAX_PARAMS):
                    conn.execute(f"DELETE FROM near_duplicate_members WHERE article_id IN ({marks(len(chunk))})", chunk)
                if len(members) < 2:
                    conn.execute("DELETE FROM near_duplicate_groups WHERE id = ?", (group_id,))
                    continue
                conn.execute(
                    "INSERT INTO near_duplicate_groups (id, n_members, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET n_members = excluded.n_members, updated_at = excluded.updated_at",
                    (group_id, len(members), now_iso()),
                )
                conn.executemany(
                    "INSERT INTO near_duplicate_members (article_id, group_id, is_representative) VALUES (?, ?, ?)",
                    [(member, group_id, int(i == 0)) for i, member in enumerate(members)],
                )
                stored += 1
            conn.execute(
                "UPDATE near_duplicate_groups SET n_members = "
                "(SELECT count(*) FROM near_duplicate_members m WHERE m.group_id = near_duplicate_groups.id)"
            )
            conn.execute("DELETE FROM near_duplicate_groups WHERE n_members < 2")
            conn.execute(
                "DELETE FROM near_duplicate_members WHERE group_id NOT IN (SELECT id FROM near_duplicate_groups)"
            )
            for story_id in self._stories_of(conn, sorted(touched)):
                self._refresh(conn, story_id)
        return stored

    def near_duplicate_groups(self) -> list[tuple[str, ...]]:
        """Every near-duplicate group, representative first, then members by id."""
        rows = self._conn.execute(
            "SELECT group_id, article_id FROM near_duplicate_members "
            "ORDER BY group_id, is_representative DESC, article_id"
        ).fetchall()
        groups: dict[str, list[str]] = {}
        for group_id, article_id in rows:
            groups.setdefault(group_id, []).append(article_id)
        return [tuple(members) for members in groups.values()]

    def near_duplicates_of(self, article_id: str) -> tuple[str, ...]:
        """The near-duplicate group holding an article (representative first), or ``()``."""
        rows = self._conn.execute(
            "SELECT m.article_id FROM near_duplicate_members m JOIN near_duplicate_members me "
            "ON me.group_id = m.group_id WHERE me.article_id = ? ORDER BY m.is_representative DESC, m.article_id",
            (article_id,),
        ).fetchall()
        return tuple(row[0] for row in rows)

    # -- stories -------------------------------------------------------------------------------

    def assign_story(self, article_id: str, story_id: str | None, run_id: str | None = None, reason: str = "") -> bool:
        """Put an article in a story (``None`` takes it out of its story); return whether it moved.

        A story that does not exist yet is created. A change is recorded in ``story_history`` with
        ``reason``, and the stories it left and joined are refreshed; assigning an article to the
        story it is already in changes nothing.

        Raises:
            NewsweaveError: ``store.missing_article`` when the article is not stored.
        """
        return self.assign_stories([(article_id, story_id)], run_id=run_id, reason=reason) == 1

    def assign_stories(
        self, assignments: Iterable[tuple[str, str | None]], *, run_id: str | None = None, reason: str = ""
    ) -> int:
        """:meth:`assign_story` for many articles in one transaction; return how many moved.

        Each touched story is refreshed once, at the end.
        """
        moved = 0
        with self._transaction() as conn:
            touched: set[str] = set()
            for article_id, story_id in assignments:
                self._require_articles(conn, [article_id])
                row = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
                current = None if row is None else str(row[0])
                if current == story_id:
                    continue
                now = now_iso()
                if story_id is None:
                    conn.execute("DELETE FROM story_members WHERE article_id = ?", (article_id,))
                else:
                    conn.execute(
                        "INSERT INTO stories (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        (story_id, now, now),
                    )
                    conn.execute(
                        "INSERT INTO story_members (article_id, story_id, assigned_at, run_id) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
                        "assigned_at = excluded.assigned_at, run_id = excluded.run_id",
                        (article_id, story_id, now, run_id),
                    )
                conn.execute(
                    "INSERT INTO story_history (article_id, from_story, to_story, at, reason, run_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (article_id, current, story_id, now, reason, run_id),
                )
                touched.update(story for story in (current, story_id) if story is not None)
                moved += 1
            for story_id in sorted(touched):
                self._refresh(conn, story_id)
        return moved

    def refresh_story(self, story_id: str) -> StoryRow | None:
        """Recompute a story's denormalised columns from its members; return it.

        A story left without members is deleted and ``None`` returned.

        Raises:
            NewsweaveError: ``store.not_found`` for an unknown story.
        """
        self.get_story(story_id)
        with self._transaction() as conn:
            self._refresh(conn, story_id)
        stories = self._stories("WHERE id = ?", [story_id])
        return stories[0] if stories else None

    def _refresh(self, conn: sqlite3.Connection, story_id: str) -> None:
        rows = conn.execute(
            "SELECT a.id, a.title, a.outlet, a.uri, a.url, a.language, a.published, nd.group_id, a.json "
            "FROM story_members sm JOIN articles a ON a.id = sm.article_id "
            "LEFT JOIN near_duplicate_members nd ON nd.article_id = a.id "
            "WHERE sm.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        ).fetchall()
        if not rows:
            conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            return
        summary = summarise_story([StoryMember._make(row) for row in rows])
        entities = [
            {"id": e.id, "name": e.name, "label": e.label, "n_articles": e.n_articles, "n_mentions": e.n_mentions}
            for e in summary.top_entities
        ]
        conn.execute(
            "UPDATE stories SET title = ?, updated_at = ?, n_articles = ?, n_outlets = ?, languages = ?, "
            "first_published = ?, last_published = ?, top_entities = ? WHERE id = ?",
            (
                summary.title,
                now_iso(),
                summary.n_articles,
                summary.n_outlets,
                json.dumps(list(summary.languages)),
                summary.first_published,
                summary.last_published,
                json.dumps(entities, ensure_ascii=False),
                story_id,
            ),
        )

    def _stories_of(self, conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[str]:
        stories: set[str] = set()
        for chunk in chunks(article_ids, MAX_PARAMS):
            sql = f"SELECT DISTINCT story_id FROM story_members WHERE article_id IN ({marks(len(chunk))})"
            stories.update(row[0] for row in conn.execute(sql, chunk))
        return sorted(stories)

    def get_story(self, story_id: str) -> StoryRow:
        """One story. Raises ``store.not_found``."""
        stories = self._stories("WHERE id = ?", [story_id])
        if not stories:
            raise NewsweaveError("store.not_found", f"no story with id {story_id!r} in {self.path}")
        return stories[0]

    def stories(
        self,
        since: datetime | None = None,
        query: str | None = None,
        limit: int = 50,
        offset: int = 0,
        *,
        plain: bool = False,
    ) -> list[StoryRow]:
        """Stories, latest activity first (then by id), a page at a time.

        Args:
            since: only stories with an article published at or after this aware time.
            query: only stories with an article matching this full-text query (see :meth:`search`).
            limit, offset: the page.

        Raises:
            NewsweaveError: ``store.bad_query`` for a query FTS5 cannot parse.
        """
        clauses: list[str] = ["n_articles > 0"]
        params: list[Any] = []
        if since is not None:
            clauses.append("last_published >= ?")
            params.append(iso(since))
        if query is not None:
            clauses.append(
                "id IN (SELECT sm.story_id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
                "JOIN story_members sm ON sm.article_id = a.id WHERE articles_fts MATCH ?)"
            )
            params.append(fts_query(query, plain=plain))
        tail = (
            f"WHERE {' AND '.join(clauses)} ORDER BY last_published IS NULL, last_published DESC, id LIMIT ? OFFSET ?"
        )
        return self._stories(tail, [*params, limit, offset], query=query)

    def _stories(self, tail: str, params: Sequence[Any], query: str | None = None) -> list[StoryRow]:
        sql = (
            "SELECT id, title, n_articles, n_outlets, languages, first_published, last_published, top_entities, "
            f"created_at, updated_at FROM stories {tail}"
        )
        return [
            StoryRow(
                id=row[0],
                title=row[1],
                n_articles=row[2],
                n_outlets=row[3],
                languages=tuple(json.loads(row[4])),
                first_published=parse_time(row[5]),
                last_published=parse_time(row[6]),
                top_entities=tuple(StoryEntity(**entity) for entity in json.loads(row[7])),
                created_at=datetime.fromisoformat(row[8]),
                updated_at=datetime.fromisoformat(row[9]),
            )
            for row in self._query_fts(sql, params, query)
        ]

    def story_articles(self, story_id: str) -> list[Article]:
        """A story's articles in (published, id) order. Raises ``store.not_found``."""
        self.get_story(story_id)
        rows = self._conn.execute(
            "SELECT a.json FROM story_members sm JOIN articles a ON a.id = sm.article_id "
            "WHERE sm.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        ).fetchall()
        return [article_from_json(row[0]) for row in rows]

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article is in, or ``None``."""
        row = self._conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def story_history(self, article_id: str | None = None, *, story_id: str | None = None) -> list[HistoryRow]:
        """Membership changes, oldest first: of one article, or into or out of one story."""
        clauses, params = equality_filters(article_id=article_id)
        if story_id is not None:
            clauses += (" AND" if clauses else "WHERE") + " (from_story = ? OR to_story = ?)"
            params += [story_id, story_id]
        rows = self._conn.execute(
            f"SELECT article_id, from_story, to_story, at, reason, run_id FROM story_history {clauses} ORDER BY id",
            params,
        ).fetchall()
        return [
            HistoryRow(
                article_id=row[0],
                from_story=row[1],
                to_story=row[2],
                at=datetime.fromisoformat(row[3]),
                reason=row[4],
                run_id=row[5],
            )
            for row in rows
        ]

    def save_grouping_snapshot(self, snapshot: GroupingSnapshot) -> None:
        """Keep ``snapshot`` as the one grouping snapshot, replacing the one before."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO grouping_snapshot (id, through_seq, fingerprint, state, saved_at) "
                "VALUES (1, ?, ?, ?, ?)",
                (snapshot.through_seq, snapshot.fingerprint, snapshot.state, now_iso()),
            )

    def grouping_snapshot(self) -> GroupingSnapshot | None:
        """The saved grouping snapshot, if any."""
        row = self._conn.execute("SELECT through_seq, fingerprint, state FROM grouping_snapshot").fetchone()
        return None if row is None else GroupingSnapshot(through_seq=row[0], fingerprint=row[1], state=bytes(row[2]))

    def last_article_seq(self) -> int:
        """The storage sequence number of the newest stored article (0 for none)."""
        return int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])


_UPSERT_EMBEDDING = """
INSERT INTO embeddings (article_id, dim, model, vector) VALUES (?, ?, ?, ?)
ON CONFLICT (article_id) DO UPDATE SET dim = excluded.dim, model = excluded.model, vector = excluded.vector
WHERE embeddings.vector IS NOT excluded.vector OR embeddings.model IS NOT excluded.model
"""
