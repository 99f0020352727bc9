"""``newsweave watch``: poll feeds with conditional requests and ingest their new items, until stopped."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsweave.cli.common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    InputPath,
    configure_logging,
    db_option,
    exit_code_for,
    exit_with,
    fail,
    fetch_options,
    fetcher_for,
    limits_for,
    open_store,
    print_failures,
    stderr,
    verbose_option,
    workers_option,
)
from newsweave.limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    from newsweave.errors import Failure
    from newsweave.ingest import Ingestor
    from newsweave.limits import Limits
    from newsweave.store import SqliteStore

__all__ = ["parse_interval", "watch"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_interval(text: str) -> float:
    """Seconds in an interval written ``30s``, ``15m``, ``1h`` (a bare number is seconds).

    Raises:
        ValueError: anything else, or an interval of zero.
    """
    match = _INTERVAL.match(text)
    if match is None or float(match[1]) <= 0:
        raise ValueError(f"expected an interval such as 30s, 15m or 1h, got {text!r}")
    return float(match[1]) * _UNIT_SECONDS[match[2].lower()]


def _interval(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_interval(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


@dataclass(slots=True)
class _PollSummary:
    feeds: int = 0
    not_modified: int = 0
    items_new: int = 0
    articles_new: int = 0
    failures: list[Failure] = field(default_factory=list)


@click.command()
@click.argument("sources", nargs=-1, required=True, type=InputPath(), metavar="SOURCES...")
@db_option
@click.option(
    "--every",
    default="15m",
    show_default=True,
    callback=_interval,
    metavar="INTERVAL",
    help="Time between the starts of two polls: 30s, 15m, 1h.",
)
@click.option("--once", is_flag=True, help="Poll every feed once and exit (exit 1 if anything failed).")
@workers_option("Extraction processes (0: one per CPU).")
@fetch_options
@verbose_option
def watch(
    sources: tuple[Path | str, ...],
    db: Path,
    every: float,
    once: bool,
    workers: int,
    delay: float,
    allow_private: bool,
    verbose: bool,
) -> None:
    """Poll feeds and ingest their new items into a store, grouped into stories, until stopped.

    SOURCES are RSS or Atom feed URLs, `.urls` files listing feed URLs (one a line, `#` comments)
    and OPML lists of feeds. Each poll asks every feed for what changed since the last poll
    (ETag, Last-Modified: an unchanged feed answers 304 and costs nothing), fetches the pages of
    items not stored yet and ingests them as `newsweave ingest` does, printing a line per feed.
    What each feed last answered is kept in the store, saved once its items are stored: stopped
    with Ctrl-C, a later watch resumes there, and no article is stored twice.

    \b
    Example:
        newsweave watch https://example.com/news/feed.rss feeds.opml --db news.db --every 15m
        newsweave watch feeds.urls --db news.db --once
    """
    from newsweave.errors import NewsweaveError
    from newsweave.extract import ExtractOptions
    from newsweave.ingest import Ingestor

    configure_logging(verbose)
    limits = limits_for(DEFAULT_LIMITS.max_page_bytes / 2**20)
    try:  # before the store is opened, so that a mistyped path leaves no new store behind
        urls = _feed_urls(sources, limits)
    except NewsweaveError as error:
        fail(error.message, exit_code_for(error), verbose=verbose)
    if not urls:
        fail(f"no feed URL in {' '.join(map(str, sources))}", EXIT_USAGE)
    failed = False
    try:
        with open_store(db, verbose=verbose) as store:
            with stderr.status("Loading models and the store's stories…"):
                ingestor = Ingestor(store, workers=workers or None, extract_options=ExtractOptions(limits=limits))
            while True:
                started = time.monotonic()
                summary = _poll(store, ingestor, urls, delay=delay, allow_private=allow_private, limits=limits)
                failed = failed or bool(summary.failures)
                print_failures(summary.failures, verbose=verbose)
                stderr.print(
                    f"poll done: {summary.feeds} feeds ({summary.not_modified} not modified), "
                    f"{summary.items_new} new items, {summary.articles_new} new articles, "
                    f"{len(summary.failures)} failed; store {db}",
                    markup=False,
                )
                if once:
                    break
                wait = max(0.0, every - (time.monotonic() - started))
                stderr.print(f"next poll in {wait:.0f}s (Ctrl-C to stop)", markup=False)
                time.sleep(wait)
    except KeyboardInterrupt:
        stderr.print("stopped: feeds polled to the end are saved; the next watch resumes from there", markup=False)
        exit_with(EXIT_OK)
    exit_with(EXIT_SOME_FAILED if failed else EXIT_OK)


def _poll(
    store: SqliteStore, ingestor: Ingestor, urls: list[str], *, delay: float, allow_private: bool, limits: Limits
) -> _PollSummary:
    """Poll each feed once, with a fetcher of its own for the poll; each feed's state is saved
    after its new items are committed."""
    from newsweave.sources.fetch import FeedValidators
    from newsweave.sources.url_inputs import fetching
    from newsweave.store import FeedState

    summary = _PollSummary()
    with fetcher_for(delay, allow_private, limits) as fetcher, fetching(fetcher):
        for url in urls:
            summary.feeds += 1
            state = store.feed_state(url)
            given = FeedValidators(etag=state.etag, last_modified=state.last_modified) if state else None
            poll = fetcher.poll_feed(url, given, limits=limits)
            failures = list(poll.failures)
            n_items, n_articles = (state.n_items_seen if state else 0), 0
            if poll.not_modified:
                summary.not_modified += 1
                stderr.print(f"{url}: 304 not modified", markup=False)
            elif poll.status == 0:
                stderr.print(f"{url}: could not be read", markup=False)
            else:
                known = store.stored_uris(poll.links)
                new = [link for link in poll.links if link not in known]
                if new:
                    ingested = ingestor.ingest(new)
                    failures.extend(ingested.failures)
                    n_articles = ingested.articles_new
                n_items = len(poll.links)
                summary.items_new += len(new)
                summary.articles_new += n_articles
                stderr.print(f"{url}: {len(new)} new items, {n_articles} articles new", markup=False)
            store.record_failures(poll.failures)
            summary.failures.extend(failures)
            store.save_feed_state(
                FeedState(
                    url=url,
                    etag=poll.validators.etag,
                    last_modified=poll.validators.last_modified,
                    last_status=poll.status,
                    n_items_seen=n_items,
                )
            )
    return summary


def _feed_urls(sources: tuple[Path | str, ...], limits: Limits) -> list[str]:
    """The feed URLs ``sources`` name, each once, in order.

    Raises:
        InputError: a missing file, one that is neither ``.urls`` nor ``.opml``, or a broken one.
    """
    from newsweave.errors import InputError
    from newsweave.sources.decode import decode_bytes, read_bounded
    from newsweave.sources.feeds import opml_feed_urls
    from newsweave.sources.fetch import is_url

    urls: list[str] = []
    for source in sources:
        if isinstance(source, str):
            urls.append(source)
            continue
        if not source.is_file():
            raise InputError("sources.missing", f"{source}: no such file (missing)")
        suffix = source.suffix.lower()
        if suffix == ".opml":
            listed = opml_feed_urls(source, limits=limits)
        elif suffix == ".urls":
            text, _ = decode_bytes(read_bounded(source, max_bytes=limits.max_page_bytes), uri=str(source))
            listed = [line.split(" #", 1)[0].strip() for line in text.splitlines()]
            listed = [url for url in listed if url and not url.startswith("#")]
        else:
            message = f"{source}: expected a feed URL, a .urls file or an .opml file, got a {suffix or 'plain'} file"
            raise InputError("sources.unsupported", message)
        for url in listed:
            if not is_url(url):
                raise InputError("fetch.bad_url", f"{source}: expected http(s) feed URLs, got {url!r}")
        urls.extend(listed)
    return list(dict.fromkeys(urls))
