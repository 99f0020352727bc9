"""Sources: readers that turn files and URLs into :class:`~newsweave.model.Document` records.

Content hash is identity: the same page read twice (under any name) is one document.
:func:`read_input` is the one place where an input that cannot be read becomes a ``Failure``;
every driver (``compare``, ``ingest``, ``batch``, the Python API) reads through it. An input may
be an http(s) URL (a ``str``: a ``Path`` folds its ``//``), fetched by the run's
:class:`~newsweave.sources.fetch.Fetcher` (:func:`~newsweave.sources.url_inputs.fetching`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.errors import Failure, InputError, NewsweaveError
from newsweave.limits import DEFAULT_LIMITS, Limits
from newsweave.model import Document
from newsweave.sources.decode import content_id, decode_bytes
from newsweave.sources.feeds import read_feed, read_opml
from newsweave.sources.fetch import Fetcher, FetchOptions, is_url
from newsweave.sources.files import READERS, find_reader, read_file, read_parquet
from newsweave.sources.url_inputs import current_fetcher, fetching, read_opml_feeds
from newsweave.sources.warc import read_warc

__all__ = [
    "READERS",
    "FetchOptions",
    "Fetcher",
    "content_id",
    "decode_bytes",
    "expand_inputs",
    "expand_paths",
    "fetching",
    "find_reader",
    "is_url",
    "read_documents",
    "read_feed",
    "read_file",
    "read_input",
    "read_opml",
    "read_opml_feeds",
    "read_parquet",
    "read_warc",
]


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the readable files inside named folders (sorted, recursive).

    Raises:
        InputError: a named path does not exist.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and find_reader(p) is not None)
        elif path.exists():
            yield path
        else:
            raise InputError("sources.missing", f"{path}: no such file or folder (nor an http(s) URL)")


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[Path | str]:
    """:func:`expand_paths`, with each http(s) URL passed through as it is (a ``str``).

    Raises:
        InputError: a named path does not exist.
    """
    for raw in inputs:
        if is_url(raw):
            yield str(raw).strip()
        else:
            yield from expand_paths([raw])


def read_documents(paths: Iterable[str | Path], *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """Every document under ``paths`` (files, folders, URLs), once each, within ``limits``; an
    unreadable input becomes a ``Failure``.

    Documents stream out as they are read (an archive need not fit in memory).

    Raises:
        InputError: a named path does not exist.
    """
    seen: set[str] = set()
    for path in expand_inputs(paths):
        for item in read_input(path, limits=limits):
            if isinstance(item, Failure):
                yield item
            elif item.id not in seen:
                seen.add(item.id)
                yield item


def read_input(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """The documents and failures of one input file or URL, streamed, within ``limits``.

    A URL is fetched by :func:`~newsweave.sources.url_inputs.current_fetcher`; a page it cannot fetch
    is one ``Failure`` with a ``fetch.*`` code.

    A file that cannot be read (missing, of no supported type, unreadable, or broken part-way)
    ends with one ``Failure`` naming it, at stage ``sources``; the documents read from it before
    are kept. Records of an archive or feed that fail alone are failures of their own.
    """
    if is_url(path):
        yield from current_fetcher().read_url(str(path).strip(), limits=limits)
        return
    try:
        yield from read_file(Path(path), limits=limits)
    except NewsweaveError as error:
        yield Failure(input_id=str(path), stage="sources", code=error.code, message=error.message)
