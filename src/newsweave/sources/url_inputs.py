"""The fetcher of a run, and files of URLs.

One :class:`~newsweave.sources.fetch.Fetcher` serves a run: :func:`fetching` makes it the one
that URL inputs read through (:func:`current_fetcher`), so every driver reading through
:func:`newsweave.sources.read_input` shares its pacing per host, the robots.txt rules it read and
the URLs it fetched. Readers are registered by file type with one signature (a path and limits),
which is why the fetcher is the run's context rather than a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from newsweave.errors import Failure
from newsweave.limits import DEFAULT_LIMITS, Limits
from newsweave.model import Document
from newsweave.sources.decode import decode_bytes, read_bounded
from newsweave.sources.feeds import read_opml
from newsweave.sources.fetch import Fetcher, is_url

__all__ = ["current_fetcher", "fetching", "read_opml_feeds", "read_url_list", "run_fetcher"]

_STAGE = "sources"
_CURRENT: ContextVar[Fetcher | None] = ContextVar("newsweave_fetcher", default=None)
_DEFAULT: list[Fetcher] = []


@contextmanager
def fetching(fetcher: Fetcher) -> Iterator[Fetcher]:
    """Make ``fetcher`` the one URL inputs read through inside the block (one per run: it keeps
    the robots.txt rules it read and its connections)."""
    token = _CURRENT.set(fetcher)
    try:
        yield fetcher
    finally:
        _CURRENT.reset(token)


def run_fetcher() -> Fetcher | None:
    """The fetcher set by :func:`fetching`, or None outside such a block."""
    return _CURRENT.get()


def current_fetcher() -> Fetcher:
    """The fetcher set by :func:`fetching`, else one with the polite defaults, made once."""
    fetcher = _CURRENT.get()
    if fetcher is not None:
        return fetcher
    if not _DEFAULT:
        _DEFAULT.append(Fetcher())
    return _DEFAULT[0]


def read_url_list(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """The pages a ``.urls`` file lists: one http(s) URL a line; blank lines and ``#`` comments skipped.

    Each URL is fetched by :func:`current_fetcher` and fails alone; a line that is not an http(s)
    URL is a ``fetch.bad_url`` failure naming its line.

    Raises:
        InputError: the file is over ``limits.max_page_bytes`` or not text.
    """
    text, _ = decode_bytes(read_bounded(path, max_bytes=limits.max_page_bytes), uri=str(path))
    fetcher = current_fetcher()
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.split(" #", 1)[0].strip()
        if not url or url.startswith("#"):
            continue
        if not is_url(url):
            message = f"{path}#L{number}: expected an http(s) URL, got {url!r}"
            yield Failure(input_id=f"{path}#L{number}", stage=_STAGE, code="fetch.bad_url", message=message)
            continue
        yield from fetcher.read_url(url, limits=limits)


def read_opml_feeds(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """:func:`~newsweave.sources.feeds.read_opml`, its http(s) feeds fetched by the run's fetcher
    when one is set (:func:`fetching`); outside a run they stay ``sources.fetch_disabled``."""
    fetcher = run_fetcher()
    if fetcher is None:
        yield from read_opml(path, limits=limits)
        return
    yield from read_opml(path, limits=limits, fetch_feed=lambda url: fetcher.read_feed_url(url, limits=limits))
