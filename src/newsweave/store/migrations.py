"""Numbered schema migrations for the SQLite store.

Each :class:`Migration` has a version (1, 2, 3, ... with no gaps), a name and an ``apply``
function that changes the schema of a connection. :func:`migrate` applies the ones a database has
not seen, each in its own ``BEGIN IMMEDIATE`` transaction together with its row in the
``migrations`` table, so a crash mid-upgrade leaves the database at the previous version, and two
processes opening the same old file at once upgrade it once. A database whose ``migrations`` table
names a version this code does not know was written by a newer newsweave: it is refused
(``store.too_new``) rather than read with the wrong idea of its schema.

To change the schema, append a migration; never edit one that has shipped. Migrations are SQL
scripts here (:func:`sql_migration`), and a data migration can be a plain function of the
connection.

Schema history:

1. ingest: ``documents``, ``articles`` (+ FTS5 index and its sync triggers), ``failures``,
   ``ingest_runs``, ``ingested_inputs``.
2. grouping: ``embeddings``, ``near_duplicate_groups`` / ``near_duplicate_members``, ``stories``,
   ``story_members``, ``story_history``.
3. browse: ``stories_browse``, the index the stories page pages through (newest day, then
   biggest; see :mod:`newsweave.store.browse`).
4. grouping_snapshot: the saved state of the online grouping, so an ingest replays only what
   was stored after it (see :mod:`newsweave.ingest`).
5. sentence_vectors: sentence embeddings kept for story comparisons (see
   :mod:`newsweave.store.sentences`).
6. article_entities: each article's entities (``id:<entity_id>`` and ``name:<lowercased
   mention>``), kept by triggers, for the stories page's entity filter.
7. search_paths: covering indexes from an article's seq to its id and from an article to its
   story, the path a search takes from its matches to their stories.
8. outlet_framing: each multi-source story's framing per outlet (lead, omissions, voices, loaded
   words), kept by ``newsweave outlets`` for the outlets pages (see
   :mod:`newsweave.store.outlet_framing`), and the membership fingerprint each story's rows were
   computed at.
9. feed_state: each watched feed's conditional-request validators (``ETag``,
   ``Last-Modified``) and last poll, kept by ``newsweave watch`` (see
   :mod:`newsweave.store.feed_state`).
10. versions: the pages ``newsweave watch`` follows (``followed_pages``) and every version of
    an article whose text changed (``article_versions``; see :mod:`newsweave.store.versions`).
11. distinct_entity_keys: the ``article_entities`` triggers again, each key once, so that an
    article stored again with a changed record never aborts on an entity it names twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsweave.errors import NewsweaveError

__all__ = ["LATEST_VERSION", "MIGRATIONS", "Migration", "check_known", "database_version", "migrate", "sql_migration"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema step: ``apply`` runs inside the transaction :func:`migrate` opens."""

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def sql_migration(script: str) -> Callable[[sqlite3.Connection], None]:
    """A migration function that runs ``script`` statement by statement.

    ``Connection.executescript`` would commit the open transaction first, losing the all-or-nothing
    upgrade, so the script is split on complete statements (trigger bodies included) instead.
    """
    statements = _split_statements(script)

    def apply(connection: sqlite3.Connection) -> None:
        for statement in statements:
            connection.execute(statement)

    return apply


def _split_statements(script: str) -> tuple[str, ...]:
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"migration script ends in an incomplete statement: {pending.strip()[:80]!r}")
    return tuple(statements)


_INGEST = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    uri TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    media_type TEXT NOT NULL,
    outlet TEXT NOT NULL DEFAULT '',
    encoding TEXT NOT NULL DEFAULT '',
    n_chars INTEGER NOT NULL,
    n_bytes INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX documents_uri ON documents (uri);

CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    published TEXT,
    n_chars INTEGER NOT NULL,
    stored_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published, id);
CREATE INDEX articles_uri ON articles (uri);
CREATE INDEX articles_outlet ON articles (outlet);

CREATE VIEW article_fts_content AS
    SELECT seq, title, json_extract(json, '$.text') AS text FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'article_fts_content', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text)
    VALUES (new.seq, new.title, json_extract(new.json, '$.text'));
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, json_extract(old.json, '$.text'));
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, json ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, json_extract(old.json, '$.text'));
    INSERT INTO articles_fts (rowid, title, text)
    VALUES (new.seq, new.title, json_extract(new.json, '$.text'));
END;

CREATE TABLE ingest_runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    inputs TEXT NOT NULL DEFAULT '[]',
    counts TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    input_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    traceback TEXT NOT NULL DEFAULT '',
    run_id TEXT,
    at TEXT NOT NULL,
    UNIQUE (input_id, stage)
);
CREATE INDEX failures_code ON failures (code);

CREATE TABLE ingested_inputs (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    run_id TEXT,
    at TEXT NOT NULL
);
"""

_GROUPING = """
CREATE TABLE embeddings (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    dim INTEGER NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    vector BLOB NOT NULL
);

CREATE TABLE near_duplicate_groups (
    id TEXT PRIMARY KEY,
    n_members INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE near_duplicate_members (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES near_duplicate_groups (id) ON DELETE CASCADE,
    is_representative INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX near_duplicate_members_group ON near_duplicate_members (group_id);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    n_articles INTEGER NOT NULL DEFAULT 0,
    n_outlets INTEGER NOT NULL DEFAULT 0,
    languages TEXT NOT NULL DEFAULT '[]',
    first_published TEXT,
    last_published TEXT,
    top_entities TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX stories_last_published ON stories (last_published, id);

CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,
    run_id TEXT
);
CREATE INDEX story_members_story ON story_members (story_id);

CREATE TABLE story_history (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    from_story TEXT,
    to_story TEXT,
    at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    run_id TEXT
);
CREATE INDEX story_history_article ON story_history (article_id, id);
"""

_BROWSE = """
CREATE INDEX stories_browse ON stories (
    coalesce(substr(last_published, 1, 10), '') DESC, n_outlets DESC, coalesce(last_published, '') DESC, id
);
"""

_GROUPING_SNAPSHOT = """
CREATE TABLE grouping_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    through_seq INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    state BLOB NOT NULL,
    saved_at TEXT NOT NULL
);
"""

_SENTENCE_VECTORS = """
CREATE TABLE sentence_vectors (
    key BLOB PRIMARY KEY,
    vector BLOB NOT NULL
);
"""

# The keys come from the article JSON (serde's "entities": span, label, entity_id) through a view,
# so the backfill and the triggers share one definition. ``id:`` keys are the ids the stories page
# links top entities by (:mod:`newsweave.store.summary`: the entity_id, else label:name); SQL
# lower() folds ASCII only, as the filter's lower(?) does on the other side.
_ARTICLE_ENTITIES = """
CREATE TABLE article_entities (
    entity TEXT NOT NULL,
    article_seq INTEGER NOT NULL,
    PRIMARY KEY (entity, article_seq)
) WITHOUT ROWID;
CREATE INDEX article_entities_article ON article_entities (article_seq);

CREATE VIEW article_entity_keys (article_seq, entity) AS
    SELECT
        m.seq,
        iif(k.kind = 'name', 'name:' || m.name, 'id:' || iif(m.entity_id != '', m.entity_id, m.label || ':' || m.name))
    FROM (
        SELECT
            a.seq,
            coalesce(json_extract(e.value, '$.entity_id'), '') AS entity_id,
            json_extract(e.value, '$.label') AS label,
            lower(trim(substr(
                json_extract(a.json, '$.text'),
                json_extract(e.value, '$.span.start') + 1,
                json_extract(e.value, '$.span.end') - json_extract(e.value, '$.span.start')
            ))) AS name
        FROM articles a, json_each(a.json, '$.entities') e
    ) m, (SELECT 'id' AS kind UNION ALL SELECT 'name') k
    WHERE m.name != '';

INSERT OR IGNORE INTO article_entities (entity, article_seq) SELECT entity, article_seq FROM article_entity_keys;

CREATE TRIGGER article_entities_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO article_entities (entity, article_seq)
    SELECT entity, article_seq FROM article_entity_keys WHERE article_seq = new.seq;
END;

CREATE TRIGGER article_entities_update AFTER UPDATE OF json ON articles BEGIN
    DELETE FROM article_entities WHERE article_seq = old.seq;
    INSERT OR IGNORE INTO article_entities (entity, article_seq)
    SELECT entity, article_seq FROM article_entity_keys WHERE article_seq = new.seq;
END;

CREATE TRIGGER article_entities_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_entities WHERE article_seq = old.seq;
END;
"""

# A search reads, for each article matching its words or entity, the article's id by its seq and
# then the article's story. Through the tables each is a random page (an article row fills a
# page of its own); these covering indexes hold only the pairs. On 1M generated articles with the
# page cache dropped, a search for a word in 8,000 articles took 0.9 s instead of 2.1.
_SEARCH_PATHS = """
CREATE INDEX articles_seq_id ON articles (seq, id);
CREATE INDEX story_members_article_story ON story_members (article_id, story_id);
"""

# One row per story whose framing was computed (with the fingerprint of the membership it was
# computed at, so a refresh recomputes only the stories that changed) and one row per (story,
# outlet) of it, clustered by outlet: an outlet's page reads its rows as one range of pages (on
# the 100k benchmark store, 980 rows keyed by story first took 13 ms to read, scattered). Triggers
# keep each outlet's counts in ``outlet_framing_totals``, so the list of outlets reads one row per
# outlet (summing 92k rows' counts from a covering index took 17 ms a view).
_OUTLET_FRAMING = """
CREATE TABLE outlet_framing_stories (
    story_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    computed_at TEXT NOT NULL
);

CREATE TABLE outlet_framing (
    story_id TEXT NOT NULL REFERENCES outlet_framing_stories (story_id) ON DELETE CASCADE,
    outlet TEXT NOT NULL,
    article_id TEXT NOT NULL,
    n_sources INTEGER NOT NULL,
    has_lead INTEGER NOT NULL,
    leads_with_shared INTEGER NOT NULL,
    n_omitted INTEGER NOT NULL,
    omitted TEXT NOT NULL DEFAULT '[]',
    voices TEXT NOT NULL DEFAULT '[]',
    words TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (outlet, story_id)
) WITHOUT ROWID;
CREATE INDEX outlet_framing_story ON outlet_framing (story_id);

CREATE TABLE outlet_framing_totals (
    outlet TEXT PRIMARY KEY,
    n_stories INTEGER NOT NULL,
    n_leads_shared INTEGER NOT NULL,
    n_omitted INTEGER NOT NULL,
    n_stories_omitting INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER outlet_framing_totals_insert AFTER INSERT ON outlet_framing BEGIN
    INSERT INTO outlet_framing_totals (outlet, n_stories, n_leads_shared, n_omitted, n_stories_omitting)
    VALUES (new.outlet, 1, new.leads_with_shared, new.n_omitted, new.n_omitted > 0)
    ON CONFLICT (outlet) DO UPDATE SET
        n_stories = n_stories + 1,
        n_leads_shared = n_leads_shared + excluded.n_leads_shared,
        n_omitted = n_omitted + excluded.n_omitted,
        n_stories_omitting = n_stories_omitting + excluded.n_stories_omitting;
END;

CREATE TRIGGER outlet_framing_totals_delete AFTER DELETE ON outlet_framing BEGIN
    UPDATE outlet_framing_totals SET
        n_stories = n_stories - 1,
        n_leads_shared = n_leads_shared - old.leads_with_shared,
        n_omitted = n_omitted - old.n_omitted,
        n_stories_omitting = n_stories_omitting - (old.n_omitted > 0)
    WHERE outlet = old.outlet;
    DELETE FROM outlet_framing_totals WHERE outlet = old.outlet AND n_stories <= 0;
END;

CREATE TRIGGER outlet_framing_no_update BEFORE UPDATE ON outlet_framing BEGIN
    SELECT raise(ABORT, 'outlet_framing rows are replaced (deleted and inserted), never updated');
END;
"""

_FEED_STATE = """
CREATE TABLE feed_state (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_polled_at TEXT NOT NULL,
    last_status INTEGER NOT NULL DEFAULT 0,
    n_items_seen INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""

# Pages that ``newsweave watch`` follows, each visited again on a schedule that thins with age, and
# the versions of an article whose text changed. ``articles`` keeps the newest version under the
# article's first id, so stories, search and comparisons read it without a join; a version row
# keeps each version's record as it was, version 1 written when the first change arrives.
_VERSIONS = """
CREATE TABLE followed_pages (
    uri TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    first_seen_at TEXT NOT NULL,
    next_visit_at TEXT,
    n_visits INTEGER NOT NULL DEFAULT 0,
    last_outcome TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX followed_pages_due ON followed_pages (next_visit_at) WHERE next_visit_at IS NOT NULL;
CREATE INDEX followed_pages_article ON followed_pages (article_id);

CREATE TABLE article_versions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id),
    fetched_at TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
) WITHOUT ROWID;
"""

# The article_entities triggers again, each key once (DISTINCT): a trigger's INSERT OR IGNORE
# takes the conflict policy of the statement that fired it, and an upsert of an article whose
# record changed (an article annotated again, say) aborted on an entity the article names twice.
_DISTINCT_ENTITY_KEYS = """
DROP TRIGGER article_entities_insert;
DROP TRIGGER article_entities_update;

CREATE TRIGGER article_entities_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO article_entities (entity, article_seq)
    SELECT DISTINCT entity, article_seq FROM article_entity_keys WHERE article_seq = new.seq;
END;

CREATE TRIGGER article_entities_update AFTER UPDATE OF json ON articles BEGIN
    DELETE FROM article_entities WHERE article_seq = old.seq;
    INSERT OR IGNORE INTO article_entities (entity, article_seq)
    SELECT DISTINCT entity, article_seq FROM article_entity_keys WHERE article_seq = new.seq;
END;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, name="ingest", apply=sql_migration(_INGEST)),
    Migration(version=2, name="grouping", apply=sql_migration(_GROUPING)),
    Migration(version=3, name="browse", apply=sql_migration(_BROWSE)),
    Migration(version=4, name="grouping_snapshot", apply=sql_migration(_GROUPING_SNAPSHOT)),
    Migration(version=5, name="sentence_vectors", apply=sql_migration(_SENTENCE_VECTORS)),
    Migration(version=6, name="article_entities", apply=sql_migration(_ARTICLE_ENTITIES)),
    Migration(version=7, name="search_paths", apply=sql_migration(_SEARCH_PATHS)),
    Migration(version=8, name="outlet_framing", apply=sql_migration(_OUTLET_FRAMING)),
    Migration(version=9, name="feed_state", apply=sql_migration(_FEED_STATE)),
    Migration(version=10, name="versions", apply=sql_migration(_VERSIONS)),
    Migration(version=11, name="distinct_entity_keys", apply=sql_migration(_DISTINCT_ENTITY_KEYS)),
)
LATEST_VERSION = MIGRATIONS[-1].version

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


def database_version(connection: sqlite3.Connection) -> int:
    """The highest migration applied to the database (0 for a new or foreign database)."""
    exists = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    if exists is None:
        return 0
    row = connection.execute("SELECT max(version) FROM migrations").fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Bring the database up to the last of ``migrations``; return the versions applied.

    ``connection`` must be in autocommit mode (``isolation_level=None``): each migration runs in
    its own ``BEGIN IMMEDIATE`` transaction, and the version is re-read inside it, so a database
    another process upgraded meanwhile is not upgraded twice.

    Raises:
        NewsweaveError: ``store.too_new`` when the database has a version ``migrations`` lacks.
    """
    _check_sequence(migrations)
    known = migrations[-1].version if migrations else 0
    applied: list[int] = []
    check_known(database_version(connection), known)
    for migration in migrations:
        if migration.version <= database_version(connection):
            continue
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = database_version(connection)
            check_known(current, known)
            if migration.version > current:
                connection.execute(_MIGRATIONS_TABLE)
                migration.apply(connection)
                connection.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat()),
                )
                connection.execute(f"PRAGMA user_version = {int(migration.version)}")
                applied.append(migration.version)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return applied


def check_known(version: int, known: int = LATEST_VERSION) -> None:
    """Refuse (``store.too_new``) a database version above the last one this code knows."""
    if version > known:
        raise NewsweaveError(
            "store.too_new",
            f"the database is at schema version {version} but this newsweave knows versions up to {known}; "
            "upgrade newsweave to open it",
        )


def _check_sequence(migrations: Sequence[Migration]) -> None:
    versions = [migration.version for migration in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must run 1, 2, 3, ... without gaps, got {versions}")
