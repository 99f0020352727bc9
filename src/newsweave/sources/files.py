"""Readers for files on disk: HTML pages, scraped plain text, JSON Lines and Parquet, and the registry.

``READERS`` maps a file suffix to its reader, for every format; the archive and feed readers live
in their own modules, and a ``.urls`` file lists pages to fetch (:mod:`newsweave.sources.fetch`).
Suffixes may have several parts (``.warc.gz``): :func:`find_reader` takes the longest one
registered, so ``crawl.warc.gz`` is a WARC file while a bare ``.gz`` stays unsupported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from newsweave.errors import Failure, InputError
from newsweave.limits import DEFAULT_LIMITS, Limits, page_limit_text
from newsweave.model import Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes, read_bounded
from newsweave.sources.feeds import read_feed
from newsweave.sources.url_inputs import read_opml_feeds, read_url_list
from newsweave.sources.warc import read_warc

__all__ = ["READERS", "find_reader", "read_file", "read_html", "read_jsonl", "read_parquet", "read_text"]


class Reader(Protocol):
    """A reader: the documents (and failures) one file holds, within ``limits``."""

    def __call__(self, path: Path, *, limits: Limits = ...) -> Iterator[Document | Failure]: ...


def read_html(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    data = read_bounded(path, max_bytes=limits.max_page_bytes)
    yield _document_from_bytes(data, uri=str(path), media_type=MediaType.HTML)


def read_text(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    data = read_bounded(path, max_bytes=limits.max_page_bytes)
    yield _document_from_bytes(data, uri=str(path), media_type=MediaType.TEXT)


def read_jsonl(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """One article per line: ``url``, ``html`` or ``text``, and optional metadata.

    Optional keys: ``outlet``, ``title``, ``authors`` (list or string), ``published`` (ISO 8601),
    ``language``. A bad line, or one over ``limits.max_page_bytes``, becomes a ``Failure`` naming
    the line; the others are read.
    """
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            uri = f"{path}#L{number}"
            try:
                yield _document_from_json(_json_line(raw, uri=uri, max_bytes=limits.max_page_bytes), uri=uri)
            except InputError as error:
                yield Failure(input_id=uri, stage="sources", code=error.code, message=error.message)


def read_parquet(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """One document per row, with the fields of a JSON Lines record (``url``, ``html`` or ``text``, ...).

    A row goes through the JSON Lines reader's checks unchanged (its size against
    ``limits.max_page_bytes`` included), so a bad row is a ``Failure`` naming it and the others
    are read.

    Raises:
        InputError: the file is not a readable Parquet file.
    """
    import pyarrow as pa  # only a Parquet input needs it
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as error:
        raise InputError("sources.unreadable", f"{path}: not a readable Parquet file ({error})") from None
    number = 0
    for batch in parquet.iter_batches(batch_size=256):
        for record in batch.to_pylist():
            uri = f"{path}#row={number}"
            number += 1
            raw = json.dumps(record, default=_json_value).encode()
            try:
                yield _document_from_json(_json_line(raw, uri=uri, max_bytes=limits.max_page_bytes), uri=uri)
            except InputError as error:
                yield Failure(input_id=uri, stage="sources", code=error.code, message=error.message)


def _json_value(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _json_line(raw: bytes, *, uri: str, max_bytes: int) -> str:
    """One line of a JSON Lines file as text.

    JSON Lines is UTF-8 (a byte-order mark is dropped), so lines are decoded one at a time as read,
    without detection: a file of any size streams, and one line in another encoding fails alone.
    """
    if len(raw) > max_bytes:
        raise InputError("sources.too_large", f"{uri}: the line is {len(raw)} bytes, over {page_limit_text(max_bytes)}")
    try:
        return raw.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as error:
        message = f"{uri}: the line is not UTF-8 ({error.reason} at byte {error.start})"
        raise InputError("sources.bad_json", message) from None


def _document_from_bytes(data: bytes, *, uri: str, media_type: MediaType) -> Document:
    content, encoding = decode_bytes(data, uri=uri)
    return Document(id=content_id(content), uri=uri, media_type=media_type, content=content, encoding=encoding)


def _document_from_json(line: str, *, uri: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError("sources.bad_json", f"{uri}: not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise InputError("sources.bad_json", f"{uri}: expected a JSON object, got {type(record).__name__}")
    media_type, content = _json_content(record, uri=uri)
    return Document(
        id=content_id(content),
        uri=uri,
        media_type=media_type,
        content=content,
        url=_json_str(record, "url"),
        outlet=_json_str(record, "outlet"),
        title=_json_str(record, "title"),
        authors=_json_authors(record.get("authors")),
        published=_json_datetime(record.get("published"), uri=uri),
        language=_json_str(record, "language"),
    )


def _json_content(record: dict[str, Any], *, uri: str) -> tuple[MediaType, str]:
    for key, media_type in (("html", MediaType.HTML), ("text", MediaType.TEXT)):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return media_type, value
    raise InputError("sources.no_content", f"{uri}: a line needs a non-empty 'html' or 'text' field")


def _json_str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def _json_authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list):
        return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())
    return ()


def _json_datetime(value: Any, *, uri: str) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError("sources.bad_date", f"{uri}: 'published' must be ISO 8601, got {value!r}") from None
    if parsed.tzinfo is None:
        raise InputError("sources.bad_date", f"{uri}: 'published' needs a time zone, got {value!r}")
    return parsed


READERS: dict[str, Reader] = {
    ".html": read_html,
    ".htm": read_html,
    ".txt": read_text,
    ".jsonl": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".opml": read_opml_feeds,
    ".parquet": read_parquet,
    ".urls": read_url_list,
}


def find_reader(path: Path) -> Reader | None:
    """The reader for ``path``: the one of its longest registered suffix (case-insensitive)."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    for start in range(len(suffixes)):
        reader = READERS.get("".join(suffixes[start:]))
        if reader is not None:
            return reader
    return None


def read_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """Read one file with the reader its suffix names, within ``limits``.

    Raises:
        InputError: the file is missing, unreadable or of an unsupported type.
    """
    reader = find_reader(path)
    if reader is None:
        accepted = ", ".join(sorted(READERS))
        raise InputError("sources.unsupported", f"{path}: unsupported file type; expected one of {accepted}")
    try:
        yield from reader(path, limits=limits)
    except OSError as error:
        raise InputError("sources.unreadable", f"{path}: {error.strerror or error}") from None
