"""Numbered migrations: a new database gets them all, an old one is upgraded, a newer one refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Document, MediaType
from newsweave.store import LATEST_VERSION, MIGRATIONS, Migration, SqliteStore
from newsweave.store.migrations import database_version, migrate, sql_migration


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def test_migrations_numbered_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == LATEST_VERSION


def test_migrate_empty_database_applies_all(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "news.db"):
        pass
    connection = _raw(tmp_path / "news.db")
    rows = connection.execute("SELECT version, name, applied_at FROM migrations ORDER BY version").fetchall()
    assert [row[0] for row in rows] == list(range(1, LATEST_VERSION + 1))
    assert all(row[1] and row[2] for row in rows)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert {"documents", "articles", "articles_fts", "failures", "stories", "story_history"} <= _tables(connection)
    assert {"outlet_framing", "outlet_framing_stories"} <= _tables(connection)
    assert migrate(connection) == []


def test_migrate_upgrades_older_database_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = _raw(path)
    assert migrate(connection, MIGRATIONS[:1]) == [1]
    assert "stories" not in _tables(connection)
    connection.close()
    with SqliteStore(path) as store:
        document = Document(id="d1", uri="file:///d1.html", media_type=MediaType.TEXT, content="words")
        store.upsert_documents([document])
        store.upsert_articles([Article(id="d1", uri=document.uri, text="Old words about floods.")])
    connection = _raw(path)
    connection.execute("DROP TABLE story_history")
    connection.execute("DROP TABLE story_members")
    connection.execute("DROP TABLE stories")
    connection.execute("DROP TABLE near_duplicate_members")
    connection.execute("DROP TABLE near_duplicate_groups")
    connection.execute("DROP TABLE embeddings")
    connection.execute("DROP TABLE grouping_snapshot")
    connection.execute("DROP TABLE sentence_vectors")
    for trigger in ("insert", "update", "delete"):
        connection.execute(f"DROP TRIGGER article_entities_{trigger}")
    connection.execute("DROP VIEW article_entity_keys")
    connection.execute("DROP TABLE article_entities")
    connection.execute("DROP INDEX articles_seq_id")
    connection.execute("DROP TABLE outlet_framing")
    connection.execute("DROP TABLE outlet_framing_stories")
    connection.execute("DROP TABLE outlet_framing_totals")
    connection.execute("DROP TABLE feed_state")
    connection.execute("DROP TABLE followed_pages")
    connection.execute("DROP TABLE article_versions")
    connection.execute("DELETE FROM migrations WHERE version > 1")
    assert database_version(connection) == 1
    connection.close()
    with SqliteStore(path) as store:
        assert store.get_article("d1").text == "Old words about floods."
        assert [hit.article_id for hit in store.search("floods")] == ["d1"]
        store.assign_story("d1", "s1")
        assert store.get_story("s1").n_articles == 1
    assert database_version(_raw(path)) == LATEST_VERSION


@pytest.mark.parametrize("read_only", [False, True])
def test_open_refuses_newer_database(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "new.db"
    SqliteStore(path).close()
    connection = _raw(path)
    connection.execute("INSERT INTO migrations VALUES (?, 'from the future', '2030-01-01T00:00:00+00:00')", (99,))
    connection.close()
    with pytest.raises(NewsweaveError) as caught:
        SqliteStore(path, read_only=read_only)
    assert caught.value.code == "store.too_new"
    assert "99" in caught.value.message


def test_read_only_refuses_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    migrate(_raw(path), MIGRATIONS[:1])
    with pytest.raises(NewsweaveError) as caught:
        SqliteStore(path, read_only=True)
    assert caught.value.code == "store.too_old"


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    connection = _raw(tmp_path / "news.db")
    migrate(connection, MIGRATIONS[:1])
    with pytest.raises(RuntimeError, match="migration bug"):
        migrate(connection, [*MIGRATIONS[:1], Migration(version=2, name="broken", apply=broken)])
    assert database_version(connection) == 1
    assert "half_done" not in _tables(connection)
    assert not connection.in_transaction


def test_migrate_rejects_gaps() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    with pytest.raises(ValueError, match="without gaps"):
        migrate(connection, [Migration(version=2, name="two", apply=sql_migration("CREATE TABLE t (x);"))])


def test_sql_migration_splits_trigger_bodies() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    apply = sql_migration(
        """
        CREATE TABLE t (x);
        CREATE TABLE log (x);
        CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
            INSERT INTO log VALUES (new.x);
            INSERT INTO log VALUES (new.x + 1);
        END;
        """
    )
    apply(connection)
    connection.execute("INSERT INTO t VALUES (1)")
    assert connection.execute("SELECT x FROM log ORDER BY x").fetchall() == [(1,), (2,)]
    with pytest.raises(ValueError, match="incomplete"):
        sql_migration("CREATE TABLE t (x)")


def test_migration_8_adds_outlet_framing_to_a_version_7_store(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    connection = _raw(path)
    assert migrate(connection, MIGRATIONS[:7]) == list(range(1, 8))
    assert "outlet_framing" not in _tables(connection)
    connection.close()
    with SqliteStore(path) as store:
        assert store.outlet_totals() == []
        assert store.outlet_framing_fingerprints() == {}
    connection = _raw(path)
    assert database_version(connection) == LATEST_VERSION
    assert {"outlet_framing_story"} <= {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }


def test_migration_9_adds_feed_state_to_a_version_8_store(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    connection = _raw(path)
    assert migrate(connection, MIGRATIONS[:8]) == list(range(1, 9))
    assert "feed_state" not in _tables(connection)
    connection.close()
    with SqliteStore(path) as store:
        assert store.feed_states() == []
    connection = _raw(path)
    assert database_version(connection) == LATEST_VERSION
    assert "feed_state" in _tables(connection)


def test_migration_10_adds_versions_to_a_version_9_store(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    connection = _raw(path)
    assert migrate(connection, MIGRATIONS[:9]) == list(range(1, 10))
    assert not {"followed_pages", "article_versions"} & _tables(connection)
    connection.close()
    with SqliteStore(path) as store:
        assert store.due_pages() == []
    connection = _raw(path)
    assert database_version(connection) == LATEST_VERSION
    assert {"followed_pages", "article_versions"} <= _tables(connection)


def test_outlet_framing_totals_follow_inserts_and_deletes(tmp_path: Path) -> None:
    """The triggers keep each outlet's counts equal to the sums of its rows, through a cascade too."""
    connection = _raw(tmp_path / "t.db")
    migrate(connection)
    rows = [("s1", "A", 1, 2), ("s1", "B", 0, 0), ("s2", "A", 0, 1), ("s3", "A", 1, 0)]
    for story in ("s1", "s2", "s3"):
        connection.execute("INSERT INTO outlet_framing_stories VALUES (?, 'fp', 'now')", (story,))
    connection.executemany(
        "INSERT INTO outlet_framing (story_id, outlet, article_id, n_sources, has_lead, leads_with_shared, n_omitted) "
        "VALUES (?, ?, 'a', 2, 1, ?, ?)",
        rows,
    )

    def totals() -> list[tuple[str, int, int, int, int]]:
        return connection.execute("SELECT * FROM outlet_framing_totals ORDER BY outlet").fetchall()

    summed = connection.execute(
        "SELECT outlet, count(*), sum(leads_with_shared), sum(n_omitted), sum(n_omitted > 0) "
        "FROM outlet_framing GROUP BY outlet ORDER BY outlet"
    ).fetchall()
    assert totals() == summed == [("A", 3, 2, 3, 2), ("B", 1, 0, 0, 0)]
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("DELETE FROM outlet_framing_stories WHERE story_id = 's1'")
    assert totals() == [("A", 2, 1, 1, 1)]
    with pytest.raises(sqlite3.IntegrityError, match="never updated"):
        connection.execute("UPDATE outlet_framing SET n_omitted = 5")
