"""The connection under :class:`newsweave.store.SqliteStore`: opening, transactions, errors.

Split out of :mod:`newsweave.store.sqlite` to keep modules short; the store's methods live in
:mod:`~newsweave.store.sqlite` (documents, articles, search, failures, runs) and
:mod:`~newsweave.store.grouping` (embeddings, near-duplicates, stories), both built on
:class:`StoreBase`. The helpers here are shared by those modules only.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self, TypeVar

from newsweave import serde
from newsweave.errors import NewsweaveError
from newsweave.model import Article, Document
from newsweave.store.migrations import LATEST_VERSION, check_known, database_version, migrate

__all__ = ["MAX_PARAMS", "StoreBase"]

_ENVIRONMENT_ERRORS = frozenset(
    {"SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_PERM"}
)
MAX_PARAMS = 500
T = TypeVar("T")


class StoreBase:
    """An open store connection in autocommit mode, with explicit, nestable transactions."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        busy_timeout_s: float = 5.0,
        batch_size: int = 500,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.path = os.fspath(path)
        self.read_only = read_only
        self.batch_size = batch_size
        self._conn = connect(self.path, read_only=read_only, busy_timeout_s=busy_timeout_s)
        try:
            self._prepare(busy_timeout_s)
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -----------------------------------------------------------------------------

    def _prepare(self, busy_timeout_s: float) -> None:
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
            version = database_version(self._conn)
            if self.read_only:
                check_known(version)
                if version < LATEST_VERSION:
                    raise NewsweaveError(
                        "store.too_old",
                        f"{self.path} is at schema version {version}, this newsweave needs {LATEST_VERSION}; "
                        "open it once without read_only to upgrade it",
                    )
            else:
                migrate(self._conn)
        except sqlite3.DatabaseError as error:
            if error_name(error) in {"SQLITE_NOTADB", "SQLITE_CORRUPT"}:
                raise NewsweaveError("store.unreadable", f"{self.path} is not a newsweave database: {error}") from error
            translated = self._translate(error, "prepare the database")
            if translated is None:
                raise
            raise translated from error

    def close(self) -> None:
        """Close the connection (a WAL database is checkpointed as the last connection closes)."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", read_only=True" if self.read_only else ""
        return f"SqliteStore({self.path!r}{mode})"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes in one transaction: all of them are kept, or none.

        Writes inside it join it instead of committing on their own; each write (each batch of a
        bulk write) runs in a savepoint, so one that fails undoes only its own rows and the caller
        decides about the rest. Nesting is allowed.

        Raises:
            NewsweaveError: ``store.read_only``; ``store.write_failed`` on a full disk, a read-only
                file system or a lock held past the busy timeout.
        """
        with self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._require_writable()
        conn = self._conn
        if conn.in_transaction:
            # Nested: a savepoint, so a call that fails inside a caller's transaction undoes only
            # its own writes, and the caller decides about the rest.
            conn.execute("SAVEPOINT nested_write")
            try:
                yield conn
            except BaseException:
                # A full disk or I/O error may already have rolled the whole transaction back,
                # savepoint included; the original error is the one to raise.
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO nested_write")
                raise
            finally:
                if conn.in_transaction:
                    conn.execute("RELEASE nested_write")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self._rollback()
            translated = self._translate(error, "write")
            if translated is None:
                raise
            raise translated from error
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _require_writable(self) -> None:
        if self.read_only:
            raise NewsweaveError(
                "store.read_only", f"the store at {self.path} was opened read-only; open it without read_only to write"
            )

    def _translate(self, error: sqlite3.Error, action: str) -> NewsweaveError | None:
        name = error_name(error)
        if name not in _ENVIRONMENT_ERRORS:
            return None
        if self.read_only and name == "SQLITE_READONLY":
            return NewsweaveError("store.read_only", f"the store at {self.path} is read-only: {error}")
        hint = {
            "SQLITE_FULL": "the disk is full",
            "SQLITE_READONLY": "the file or its folder is not writable",
            "SQLITE_BUSY": "another process held the write lock past the busy timeout",
            "SQLITE_LOCKED": "another process held the write lock past the busy timeout",
        }.get(name, "the file system refused")
        return NewsweaveError("store.write_failed", f"could not {action} {self.path}: {hint} ({name}: {error})")

    def _query_fts(self, sql: str, params: Sequence[Any], query: str | None) -> list[Any]:
        """Run a read whose parameters hold the full-text query ``query`` (if not ``None``)."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if query is None or error_name(error) != "SQLITE_ERROR":
                raise
            raise NewsweaveError(
                "store.bad_query",
                f"cannot parse the full-text query {query!r} ({error}); put words with punctuation in double "
                "quotes, or search with plain=True",
            ) from error

    def _missing_ids(
        self, conn: sqlite3.Connection, table: Literal["documents", "articles"], ids: Sequence[str]
    ) -> list[str]:
        present: set[str] = set()
        for chunk in chunks(ids, MAX_PARAMS):
            sql = f"SELECT id FROM {table} WHERE id IN ({marks(len(chunk))})"
            present.update(row[0] for row in conn.execute(sql, chunk))
        return [item for item in dict.fromkeys(ids) if item not in present]

    def _require_articles(self, conn: sqlite3.Connection, article_ids: Sequence[str]) -> None:
        missing = self._missing_ids(conn, "articles", article_ids)
        if missing:
            raise NewsweaveError(
                "store.missing_article", f"{len(missing)} id(s) are not stored articles (first: {missing[0]!r})"
            )


def connect(path: str, *, read_only: bool, busy_timeout_s: float) -> sqlite3.Connection:
    """Open the connection in autocommit mode (transactions are explicit).

    A read-only connection may be shared by threads (the web server's workers) when sqlite was
    built serialized (``sqlite3.threadsafety == 3``): it never writes, so no transaction of one
    thread can interleave with another's.
    """
    if path == ":memory:":
        if read_only:
            raise NewsweaveError("store.unreadable", "a read-only store needs a database file, got ':memory:'")
        return sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None)
    file = Path(path)
    if file.is_dir():
        raise NewsweaveError("store.unreadable", f"{path} is a folder, not a database file")
    if not file.parent.is_dir():
        raise NewsweaveError("store.unreadable", f"cannot open {path}: the folder {file.parent} does not exist")
    if read_only and not file.is_file():
        raise NewsweaveError("store.unreadable", f"cannot open {path} read-only: no such file")
    target = f"{file.resolve().as_uri()}?mode=ro" if read_only else path
    try:
        return sqlite3.connect(
            target,
            uri=read_only,
            timeout=busy_timeout_s,
            isolation_level=None,
            check_same_thread=not (read_only and sqlite3.threadsafety == 3),
        )
    except sqlite3.Error as error:
        raise NewsweaveError("store.unreadable", f"cannot open {path}: {error}") from error


def error_name(error: sqlite3.Error) -> str:
    """The primary result code's name (``SQLITE_IOERR`` for ``SQLITE_IOERR_WRITE``)."""
    name = getattr(error, "sqlite_errorname", None) or ""
    return "_".join(name.split("_")[:2])


def record_json(record: Document | Article) -> str:
    data = {"schema_version": serde.SCHEMA_VERSION, **serde.to_dict(record)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def article_from_json(text: str) -> Article:
    return serde.from_dict(Article, json.loads(text))


def now_iso() -> str:
    return iso(datetime.now(UTC))


def iso_or_none(value: datetime | None) -> str | None:
    return None if value is None else iso(value)


def iso(value: datetime) -> str:
    """UTC ISO text with microseconds, so that string order is time order."""
    if value.tzinfo is None:
        raise ValueError(f"times must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def fts_query(query: str, *, plain: bool) -> str:
    if plain:
        words = re.findall(r"\w+", query)
        if not words:
            raise NewsweaveError("store.bad_query", f"the search {query!r} has no words")
        return " ".join(f'"{word}"' for word in words)
    if not query.strip():
        raise NewsweaveError("store.bad_query", "the full-text query is empty")
    return query


def equality_filters(**values: str | None) -> tuple[str, list[str]]:
    """A ``WHERE`` clause testing each given column for equality (column names are code, not input)."""
    given = {column: value for column, value in values.items() if value is not None}
    if not given:
        return "", []
    return "WHERE " + " AND ".join(f"{column} = ?" for column in given), list(given.values())


def marks(n: int) -> str:
    return ", ".join("?" * n)


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
