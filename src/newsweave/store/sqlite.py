"""The SQLite store: documents, articles, failures, runs, embeddings and stories in one file.

``newsweave.store`` is the only package that writes SQL. :class:`SqliteStore` is assembled from
short modules: this one (documents, articles, search, failures, runs, inputs),
:mod:`~newsweave.store.grouping` (embeddings, near-duplicates, stories),
:mod:`~newsweave.store.outlet_framing` (each story's framing per outlet) and
:mod:`~newsweave.store.base` (opening, transactions, errors); the schema is the numbered
migrations of :mod:`~newsweave.store.migrations`. Choices, and why:

- **serde JSON plus indexed columns.** Each document and article row holds the whole record as
  ``serde.to_dict`` JSON, which is the single source of truth and reads back into an equal record;
  beside it sit the few columns that queries filter or sort on (``published``, ``outlet``,
  ``language``, ``uri``, ...). A new model field needs no migration, and the same dict is the
  Parquet row and the API body. ``published`` is stored as UTC ISO text with microseconds, so
  string order is time order whatever offset the page gave.
- **Identity is the content id.** Writes are upserts keyed on it, and an upsert whose JSON is
  unchanged writes nothing (``ON CONFLICT ... DO UPDATE ... WHERE json IS NOT excluded.json``), so
  ingesting twice changes nothing: not the row, not its timestamps, not the FTS index.
- **Batched transactions.** Bulk writes take an iterable and commit every ``batch_size`` records
  in one ``BEGIN IMMEDIATE`` transaction; :meth:`SqliteStore.transaction` groups several calls
  (an article and the mark that its input is done) so an interrupted ingest resumes cleanly.
- **WAL journal.** Readers (the web server, opened ``read_only=True``) never block the writer and
  the writer never blocks them; ``synchronous=NORMAL`` is durable across application crashes in
  WAL mode and much faster per commit. A busy timeout makes a second writer wait, not fail.
- **FTS5, external content.** ``articles_fts`` indexes title and body but stores no copy of them:
  its content is the view ``article_fts_content``, which reads the body out of the JSON. Triggers
  on ``articles`` keep the index in step with every insert, change and delete, and since unchanged
  upserts do not touch the row, the index is never doubled. ``articles`` has an explicit
  ``seq INTEGER PRIMARY KEY`` as the FTS rowid, because ``VACUUM`` may renumber an implicit rowid.
- **Errors.** sqlite errors that are about the environment, not the code (a missing folder, a file
  that is not a database, a full disk, a read-only file system, a lock held too long), become a
  :class:`NewsweaveError` with a ``store.*`` code and a message that names the file.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from newsweave import serde
from newsweave.errors import Failure, NewsweaveError
from newsweave.model import Article, Document
from newsweave.outlets import source_name
from newsweave.store.base import (
    MAX_PARAMS,
    article_from_json,
    batched,
    chunks,
    equality_filters,
    fts_query,
    iso,
    iso_or_none,
    marks,
    now_iso,
    parse_time,
    record_json,
)
from newsweave.store.feed_state import FeedStateStore
from newsweave.store.outlet_framing import OutletFramingStore
from newsweave.store.rows import FailureRow, RunRow, SearchHit
from newsweave.store.versions import VersionStore

__all__ = ["ArticleOrder", "SqliteStore", "file_input_key"]

logger = logging.getLogger(__name__)

ArticleOrder = Literal["published", "id", "stored"]
_ORDER_SQL: dict[str, str] = {
    "published": "published IS NULL, published, id",
    "id": "id",
    "stored": "seq",
}


def file_input_key(path: str | os.PathLike[str]) -> str:
    """The ``ingested_inputs`` key of a file: its absolute path, size and modification time.

    A file edited since it was ingested gets a new key and is ingested again.
    """
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return f"file:{resolved}|{stat.st_size}|{stat.st_mtime_ns}"


class SqliteStore(OutletFramingStore, FeedStateStore, VersionStore):
    """newsweave's store in one SQLite file (or ``":memory:"``); a context manager.

    Args:
        path: the database file, created with its schema if missing, or ``":memory:"``.
        read_only: open with ``mode=ro`` (the web server does); every write raises
            ``store.read_only``. The database must exist and be at the current schema version.
        busy_timeout_s: how long a write waits for another process's write lock.
        batch_size: records per transaction in bulk writes.

    Raises:
        NewsweaveError: ``store.unreadable`` (missing folder or file, not a database),
            ``store.too_new`` (written by a newer newsweave), ``store.too_old`` (read-only and not
            yet upgraded), ``store.write_failed`` (the schema could not be written).
    """

    # -- documents and articles ----------------------------------------------------------------

    def upsert_documents(self, documents: Iterable[Document]) -> int:
        """Store documents by content id; return how many rows were added or changed.

        A document stored again unchanged writes nothing. A ``sources`` failure recorded for the
        document's URI or id is cleared: the input has now been read.
        """
        changed = 0
        for batch in batched(documents, self.batch_size):
            now = now_iso()
            rows = [
                (
                    doc.id,
                    doc.uri,
                    doc.url,
                    str(doc.media_type),
                    doc.outlet,
                    doc.encoding,
                    len(doc.content),
                    len(doc.content.encode("utf-8", errors="surrogatepass")),
                    now,
                    serde.SCHEMA_VERSION,
                    record_json(doc),
                )
                for doc in batch
            ]
            with self._transaction() as conn:
                changed += conn.executemany(_UPSERT_DOCUMENT, rows).rowcount
                self._clear_failures(conn, [key for doc in batch for key in (doc.uri, doc.id)], stage="sources")
        return changed

    def upsert_articles(self, articles: Iterable[Article]) -> int:
        """Store articles by id; return how many rows were added or changed.

        Each article's document must be stored first (``articles.id`` references ``documents``).
        The same article stored twice changes nothing. Failures recorded for the article's URI or
        id, at any stage, are cleared: the input has now been ingested.

        Raises:
            NewsweaveError: ``store.missing_document`` when an article's document is not stored.
        """
        changed = 0
        for batch in batched(articles, self.batch_size):
            now = now_iso()
            rows = [
                (
                    article.id,
                    article.uri,
                    article.url,
                    article.title,
                    source_name(article),  # the name filters and story counts use; the record keeps the page's
                    article.language,
                    iso_or_none(article.published),
                    len(article.text),
                    now,
                    now,
                    serde.SCHEMA_VERSION,
                    record_json(article),
                )
                for article in batch
            ]
            with self._transaction() as conn:
                missing = self._missing_ids(conn, "documents", [article.id for article in batch])
                if missing:
                    raise NewsweaveError(
                        "store.missing_document",
                        f"{len(missing)} article(s) have no stored document (first: {missing[0]}); "
                        "upsert_documents before upsert_articles",
                    )
                changed += conn.executemany(_UPSERT_ARTICLE, rows).rowcount
                self._clear_failures(conn, [key for article in batch for key in (article.uri, article.id)])
        return changed

    def get_document(self, document_id: str) -> Document:
        """The stored document with this id. Raises ``store.not_found``."""
        row = self._conn.execute("SELECT json FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise NewsweaveError("store.not_found", f"no document with id {document_id!r} in {self.path}")
        return serde.from_dict(Document, json.loads(row[0]))

    def get_article(self, article_id: str) -> Article:
        """The stored article with this id, equal to the one stored. Raises ``store.not_found``."""
        return self.get_articles([article_id])[0]

    def stored_article_ids(self, article_ids: Sequence[str]) -> set[str]:
        """Which of ``article_ids`` are stored (an ingest skips them)."""
        found: set[str] = set()
        for chunk in chunks(article_ids, MAX_PARAMS):
            rows = self._conn.execute(f"SELECT id FROM articles WHERE id IN ({marks(len(chunk))})", chunk)
            found.update(row[0] for row in rows)
        return found

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles with these ids, in the order given. Raises ``store.not_found``."""
        found: dict[str, str] = {}
        for chunk in chunks(article_ids, MAX_PARAMS):
            sql = f"SELECT id, json FROM articles WHERE id IN ({marks(len(chunk))})"
            found.update(self._conn.execute(sql, chunk).fetchall())
        missing = [article_id for article_id in article_ids if article_id not in found]
        if missing:
            raise NewsweaveError("store.not_found", f"no article with id {missing[0]!r} in {self.path}")
        return [article_from_json(found[article_id]) for article_id in article_ids]

    def iter_articles(
        self, since: datetime | None = None, order: ArticleOrder = "published", *, after_seq: int = 0
    ) -> Iterator[Article]:
        """Stored articles, streamed.

        Args:
            since: only articles published at or after this aware time (undated ones are left out).
            order: ``"published"`` (then id; undated last), ``"id"``, or ``"stored"`` (first
                stored first).
            after_seq: only articles stored after the one with this sequence number
                (:meth:`last_article_seq`).
        """
        if order not in _ORDER_SQL:
            raise ValueError(f"order must be one of {sorted(_ORDER_SQL)}, got {order!r}")
        clauses: list[str] = ["seq > ?"]
        params: list[str | int] = [after_seq]
        if since is not None:
            clauses.append("published >= ?")
            params.append(iso(since))
        where = "WHERE " + " AND ".join(clauses)
        cursor = self._conn.execute(f"SELECT json FROM articles {where} ORDER BY {_ORDER_SQL[order]}", params)
        while rows := cursor.fetchmany(256):
            for row in rows:
                yield article_from_json(row[0])

    def search(
        self, query: str, limit: int = 20, *, plain: bool = False, markers: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over article titles and bodies, best first.

        Args:
            query: an FTS5 query (``assange AND ecuador``, ``"embassy in london"``, ``wiki*``), or
                with ``plain=True`` any text, whose words must all appear.
            limit: the most hits returned.
            markers: what the snippet puts around matched words (the caller escapes the snippet
                where it renders it).

        Raises:
            NewsweaveError: ``store.bad_query`` for a query FTS5 cannot parse.
        """
        match = fts_query(query, plain=plain)
        sql = (
            "SELECT a.id, snippet(articles_fts, -1, ?, ?, '…', 16), -bm25(articles_fts, 5.0, 1.0) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0), a.id LIMIT ?"
        )
        rows = self._query_fts(sql, (markers[0], markers[1], match, limit), query)
        return [SearchHit(article_id=row[0], snippet=row[1], score=float(row[2])) for row in rows]

    # -- failures, runs and inputs -------------------------------------------------------------

    def record_failure(self, failure: Failure, run_id: str | None = None) -> None:
        """Record why an input failed at a stage (replacing an earlier failure there)."""
        self.record_failures([failure], run_id)

    def record_failures(self, failures: Iterable[Failure], run_id: str | None = None) -> None:
        """Record several failures, in batched transactions."""
        for batch in batched(failures, self.batch_size):
            now = now_iso()
            rows = [(f.input_id, f.stage, f.code, f.message, f.traceback, run_id, now) for f in batch]
            with self._transaction() as conn:
                conn.executemany(_UPSERT_FAILURE, rows)

    def failures(self, *, run_id: str | None = None, code: str | None = None) -> list[FailureRow]:
        """The recorded failures (oldest first), optionally of one run or with one code."""
        clauses, params = equality_filters(run_id=run_id, code=code)
        rows = self._conn.execute(
            f"SELECT input_id, stage, code, message, traceback, run_id, at FROM failures {clauses} ORDER BY id", params
        ).fetchall()
        return [
            FailureRow(
                failure=Failure(input_id=row[0], stage=row[1], code=row[2], message=row[3], traceback=row[4]),
                run_id=row[5],
                at=datetime.fromisoformat(row[6]),
            )
            for row in rows
        ]

    def clear_failures(self, input_id: str) -> int:
        """Forget the failures of an input; return how many there were."""
        with self._transaction() as conn:
            return self._clear_failures(conn, [input_id])

    def _clear_failures(self, conn: sqlite3.Connection, input_ids: Sequence[str], stage: str | None = None) -> int:
        cleared = 0
        for chunk in chunks(list(dict.fromkeys(input_ids)), MAX_PARAMS):
            sql = f"DELETE FROM failures WHERE input_id IN ({marks(len(chunk))})"
            params: list[str] = list(chunk)
            if stage is not None:
                sql += " AND stage = ?"
                params.append(stage)
            cleared += conn.execute(sql, params).rowcount
        return cleared

    def begin_run(self, inputs: Sequence[str] = ()) -> str:
        """Record the start of an ingest run over ``inputs``; return its id (time-sortable)."""
        started = datetime.now(UTC)
        run_id = f"{started:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO ingest_runs (id, started_at, status, inputs) VALUES (?, ?, 'running', ?)",
                (run_id, iso(started), json.dumps(list(inputs), ensure_ascii=False)),
            )
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int] | None = None, *, status: str = "finished") -> None:
        """Record the end of a run with its counts (``{"articles": 12, "failed": 1}``).

        Raises:
            NewsweaveError: ``store.not_found`` for an unknown run id.
        """
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE ingest_runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
                (now_iso(), status, json.dumps(dict(counts or {}), sort_keys=True), run_id),
            )
            if cursor.rowcount == 0:
                raise NewsweaveError("store.not_found", f"no ingest run with id {run_id!r} in {self.path}")

    def get_run(self, run_id: str) -> RunRow:
        """One ingest run. Raises ``store.not_found``."""
        runs = self._runs("WHERE id = ?", [run_id])
        if not runs:
            raise NewsweaveError("store.not_found", f"no ingest run with id {run_id!r} in {self.path}")
        return runs[0]

    def runs(self, limit: int = 20) -> list[RunRow]:
        """The latest ingest runs, newest first."""
        return self._runs("ORDER BY started_at DESC, id DESC LIMIT ?", [limit])

    def _runs(self, tail: str, params: Sequence[Any]) -> list[RunRow]:
        sql = f"SELECT id, started_at, finished_at, status, inputs, counts FROM ingest_runs {tail}"
        return [
            RunRow(
                id=row[0],
                started_at=datetime.fromisoformat(row[1]),
                finished_at=parse_time(row[2]),
                status=row[3],
                inputs=tuple(json.loads(row[4])),
                counts=tuple(sorted(json.loads(row[5]).items())),
            )
            for row in self._conn.execute(sql, params).fetchall()
        ]

    def is_input_done(self, key: str) -> bool:
        """Whether the input with this key (see :func:`file_input_key`) was ingested successfully."""
        return self.input_status(key) == "done"

    def input_status(self, key: str) -> str | None:
        """The status last marked for an input (``"done"``, ``"failed"``, ...), or ``None``."""
        row = self._conn.execute("SELECT status FROM ingested_inputs WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def mark_input_done(self, key: str, status: str = "done", run_id: str | None = None) -> None:
        """Mark an input as handled; a ``"done"`` input's recorded failures are cleared."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO ingested_inputs (key, status, run_id, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET status = excluded.status, run_id = excluded.run_id, at = excluded.at",
                (key, status, run_id, now_iso()),
            )
            if status == "done":
                self._clear_failures(conn, [key])

    # -- housekeeping --------------------------------------------------------------------------

    def integrity_check(self) -> bool:
        """Whether the file, its foreign keys and (when writable) the FTS index are sound.

        Problems found are logged as warnings.
        """
        problems = [row[0] for row in self._conn.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]
        problems += [f"foreign key: {tuple(row)}" for row in self._conn.execute("PRAGMA foreign_key_check")]
        if not self.read_only:
            try:
                with self._transaction() as conn:
                    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as error:
                problems.append(f"full-text index: {error}")
        for problem in problems:
            logger.warning("integrity problem in %s: %s", self.path, problem)
        return not problems

    def stats(self) -> dict[str, int]:
        """Row counts of the store's tables (for status output and tests)."""
        return {table: int(self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in _TABLES}


_TABLES = (
    "documents",
    "articles",
    "failures",
    "ingest_runs",
    "ingested_inputs",
    "embeddings",
    "near_duplicate_groups",
    "near_duplicate_members",
    "stories",
    "story_members",
    "story_history",
)

_UPSERT_DOCUMENT = """
INSERT INTO documents (id, uri, url, media_type, outlet, encoding, n_chars, n_bytes, ingested_at, schema_version, json)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    uri = excluded.uri, url = excluded.url, media_type = excluded.media_type, outlet = excluded.outlet,
    encoding = excluded.encoding, n_chars = excluded.n_chars, n_bytes = excluded.n_bytes,
    schema_version = excluded.schema_version, json = excluded.json
WHERE documents.json IS NOT excluded.json
"""

_UPSERT_ARTICLE = """
INSERT INTO articles (id, uri, url, title, outlet, language, published, n_chars, stored_at, changed_at,
                      schema_version, json)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    uri = excluded.uri, url = excluded.url, title = excluded.title, outlet = excluded.outlet,
    language = excluded.language, published = excluded.published, n_chars = excluded.n_chars,
    changed_at = excluded.changed_at, schema_version = excluded.schema_version, json = excluded.json
WHERE articles.json IS NOT excluded.json
"""

_UPSERT_FAILURE = """
INSERT INTO failures (input_id, stage, code, message, traceback, run_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (input_id, stage) DO UPDATE SET
    code = excluded.code, message = excluded.message, traceback = excluded.traceback,
    run_id = excluded.run_id, at = excluded.at
"""
