"""``newsweave watch``: poll feeds with conditional requests and ingest their new items, until stopped."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

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
from newsweave.versions.schedule import next_visit, parse_duration, parse_schedule

if TYPE_CHECKING:
    from newsweave.errors import Failure
    from newsweave.ingest import Ingestor
    from newsweave.limits import Limits
    from newsweave.sources.fetch import Fetcher
    from newsweave.store import SqliteStore

__all__ = ["parse_interval", "watch"]

_Parsed = TypeVar("_Parsed")


def parse_interval(text: str) -> float:
    """Seconds in an interval written ``30s``, ``15m``, ``1h`` (a bare number is seconds).

    Raises:
        ValueError: anything else, or an interval of zero.
    """
    return parse_duration(text).total_seconds()


def _parsed_by(parse: Callable[[str], _Parsed]) -> Callable[[click.Context, click.Parameter, str], _Parsed]:
    """A click callback reading an option's value with ``parse``; its ``ValueError`` is a usage error."""

    def callback(ctx: click.Context, param: click.Parameter, value: str) -> _Parsed:
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error), ctx, param) from None

    return callback


@dataclass(slots=True)
class _PollSummary:
    feeds: int = 0
    not_modified: int = 0
    items_new: int = 0
    articles_new: int = 0
    pages_revisited: int = 0
    versions_new: int = 0
    failures: list[Failure] = field(default_factory=list)


@click.command()
@click.argument("sources", nargs=-1, required=True, type=InputPath(), metavar="SOURCES...")
@db_option
@click.option(
    "--every",
    default="15m",
    show_default=True,
    callback=_parsed_by(parse_interval),
    metavar="INTERVAL",
    help="Time between the starts of two polls: 30s, 15m, 1h.",
)
@click.option(
    "--revisit",
    default="1h,6h,1d,3d,1w",
    show_default=True,
    callback=_parsed_by(parse_schedule),
    metavar="DELAYS",
    help="When each new page is read again after it was first seen (a changed text is a new version "
    "the history shows); `none` to read pages once.",
)
@click.option("--once", is_flag=True, help="Poll every feed once and exit (exit 1 if anything failed).")
@workers_option("Extraction processes (0: one per CPU).")
@fetch_options
@verbose_option
def watch(
    sources: tuple[Path | str, ...],
    db: Path,
    every: float,
    revisit: tuple[timedelta, ...],
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

    Each new page is read again on the --revisit schedule; when its article's text changed, the
    new text is stored as a new version (the old ones are kept) and the story shows the newest:
    `newsweave history ARTICLE_ID` shows what changed.

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
                summary = _poll(
                    store, ingestor, urls, revisit=revisit, delay=delay, allow_private=allow_private, limits=limits
                )
                failed = failed or bool(summary.failures)
                print_failures(summary.failures, verbose=verbose)
                stderr.print(
                    f"poll done: {summary.feeds} feeds ({summary.not_modified} not modified), "
                    f"{summary.items_new} new items, {summary.articles_new} new articles, "
                    f"{summary.pages_revisited} pages read again ({summary.versions_new} changed), "
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
    store: SqliteStore,
    ingestor: Ingestor,
    urls: list[str],
    *,
    revisit: tuple[timedelta, ...],
    delay: float,
    allow_private: bool,
    limits: Limits,
) -> _PollSummary:
    """Poll each feed once, then read again the pages due, with a fetcher of its own for the poll."""
    from newsweave.sources.url_inputs import fetching

    summary = _PollSummary()
    with fetcher_for(delay, allow_private, limits) as fetcher, fetching(fetcher):
        for url in urls:
            _poll_feed(store, ingestor, fetcher, url, revisit=revisit, limits=limits, summary=summary)
        _revisit_due(store, ingestor, revisit=revisit, limits=limits, summary=summary)
    return summary


def _poll_feed(
    store: SqliteStore,
    ingestor: Ingestor,
    fetcher: Fetcher,
    url: str,
    *,
    revisit: tuple[timedelta, ...],
    limits: Limits,
    summary: _PollSummary,
) -> None:
    """Poll one feed and ingest its new items, which are then followed; the feed's state is saved
    after its new items are committed."""
    from newsweave.sources.fetch import FeedValidators
    from newsweave.store import FeedState

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
        # Every stored item, not only the new ones: an item stored by a watch stopped before this
        # line is followed now (a page already followed keeps its schedule).
        now = datetime.now(UTC)
        store.follow(poll.links, first_seen_at=now, next_visit_at=next_visit(now, now, revisit))
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


def _revisit_due(
    store: SqliteStore, ingestor: Ingestor, *, revisit: tuple[timedelta, ...], limits: Limits, summary: _PollSummary
) -> None:
    """Read again the followed pages that are due, keeping a new version of each changed article."""
    from newsweave.pipeline import PagePipeline
    from newsweave.versions.revisit import revisit_due

    now = datetime.now(UTC)
    if not store.due_pages(now, limit=1):
        return
    with PagePipeline(1, ingestor.extract_options) as pipeline:
        found = revisit_due(store, pipeline, now=now, schedule=revisit, limits=limits)
    summary.pages_revisited += found.visited
    summary.versions_new += len(found.versions)
    summary.failures.extend(found.failures)
    store.record_failures(found.failures)
    for article_id, version in found.versions:
        stderr.print(f"{article_id}: changed, now version {version} (newsweave history {article_id})", markup=False)


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
