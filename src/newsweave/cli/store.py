"""Commands that write a store: ``ingest``, ``add``, ``embed``; and ``failures``, what they could not read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsweave.cli.common import (
    EXIT_NOTHING_USABLE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    INPUT_KINDS,
    InputPath,
    advance_with_rate,
    configure_logging,
    db_option,
    exit_code_for,
    exit_with,
    fail,
    fetch_options,
    fetcher_for,
    format_option,
    limits_for,
    max_page_mb_option,
    open_store,
    page_timeout_option,
    print_failures,
    progress_bar,
    stderr,
    verbose_option,
    workers_option,
)
from newsweave.limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    from newsweave.ingest import IngestSummary
    from newsweave.store import SqliteStore

__all__ = ["add", "embed", "failures", "ingest"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=InputPath(), metavar="PATHS...")
@db_option
@workers_option("Extraction processes (0: one per CPU).")
@max_page_mb_option
@page_timeout_option
@click.option(
    "--embed-sentences",
    is_flag=True,
    help="Then embed the sentences the story pages compare, for the stories this run changed, so their first "
    "view on the web page skips the embedder.",
)
@fetch_options
@verbose_option
def ingest(
    paths: tuple[Path | str, ...],
    db: Path,
    workers: int,
    max_page_mb: float,
    page_timeout: float,
    embed_sentences: bool,
    delay: float,
    allow_private: bool,
    verbose: bool,
) -> None:
    """Read pages, archives and feeds into a store, grouped into stories.

    PATHS are {inputs}; or the output folder of `newsweave batch`, whose pages are stored without
    being extracted again. Resumable and idempotent: inputs already done are skipped, the same
    page twice is one. Each failed input is named on stderr; `newsweave failures` lists them later.

    \b
    Example:
        newsweave ingest examples/ --db news.db
        newsweave ingest ./pages feeds.opml crawl.warc.gz --db news.db
        newsweave ingest out/ --db news.db
        newsweave ingest pages.urls https://example.com/news/story.html --db news.db
    """
    from newsweave.batch.output import is_batch_output, read_batch_output, read_manifest
    from newsweave.errors import NewsweaveError
    from newsweave.extract import ExtractOptions
    from newsweave.ingest import Ingestor
    from newsweave.sources import expand_inputs, fetching

    configure_logging(verbose)
    try:  # before the store is opened, so that a mistyped path leaves no new store behind
        batch_outputs = [path for path in paths if isinstance(path, Path) and is_batch_output(path)]
        inputs = list(expand_inputs(path for path in paths if path not in batch_outputs))
    except NewsweaveError as error:
        fail(error.message, exit_code_for(error), verbose=verbose)
    if not inputs and not batch_outputs:
        fail(f"nothing newsweave reads in {' '.join(map(str, paths))}: it reads {INPUT_KINDS}", EXIT_NOTHING_USABLE)
    limits = limits_for(max_page_mb, page_timeout)
    with (
        fetcher_for(delay, allow_private, limits) as fetcher,
        fetching(fetcher),
        open_store(db, verbose=verbose) as store,
    ):
        with stderr.status("Loading models and the store's stories…"):
            options = ExtractOptions(limits=limits)
            ingestor = Ingestor(store, workers=workers or None, extract_options=options)
        n_batch_inputs = sum(len(read_manifest(output)["inputs"]) for output in batch_outputs)
        with progress_bar() as progress:
            task = progress.add_task("ingesting", total=len(inputs) + n_batch_inputs, rate="")
            advance = advance_with_rate(progress, task, "ingesting", "inputs")
            summaries = [
                ingestor.ingest_extracted(read_batch_output(output), progress=lambda name, _: advance(name))
                for output in batch_outputs
            ]
            if inputs:
                summaries.append(ingestor.ingest(inputs, progress=lambda name, _: advance(name)))
        if embed_sentences:
            changed = sorted(set().union(*(summary.stories for summary in summaries)))
            embed_stories(store, changed, len(changed), verbose)
    for summary in summaries:
        print_ingest_summary(summary, db, verbose=verbose)
    failed = any(summary.failures for summary in summaries)
    if not any(summary.articles_new or summary.articles_known or summary.inputs_skipped for summary in summaries):
        fail("no article could be read from the inputs", EXIT_NOTHING_USABLE)
    exit_with(EXIT_SOME_FAILED if failed else EXIT_OK)


def print_ingest_summary(summary: IngestSummary, db: Path, *, verbose: bool) -> None:
    print_failures(summary.failures, verbose=verbose)
    stderr.print(
        f"{summary.inputs} inputs ({summary.inputs_skipped} already done), {summary.documents} documents: "
        f"{summary.articles_new} new articles, {summary.articles_known} already stored, "
        f"{len(summary.stories)} stories touched, {len(summary.failures)} failed; store {db}",
        markup=False,
    )


@click.command()
@click.argument("page", type=InputPath(), metavar="PAGE")
@db_option
@fetch_options
@verbose_option
def add(page: Path | str, db: Path, delay: float, allow_private: bool, verbose: bool) -> None:
    """Add one page to a store and print its story.

    The story is printed as its id, articles, outlets and title.

    PAGE is one file or URL newsweave reads ({inputs}). A page already in the store is not added
    again; its story is printed all the same.

    \b
    Example:
        newsweave add examples/alder-courier.html --db news.db
        newsweave add https://example.com/news/story.html --db news.db
    """
    from newsweave.errors import NewsweaveError
    from newsweave.ingest import Ingestor
    from newsweave.model import Document
    from newsweave.sources import fetching, read_documents

    configure_logging(verbose)
    if isinstance(page, Path) and not page.exists():
        fail(f"{page}: no such file (missing)", EXIT_USAGE, verbose=verbose)
    with (
        fetcher_for(delay, allow_private, DEFAULT_LIMITS) as fetcher,
        fetching(fetcher),
        open_store(db, verbose=verbose) as store,
    ):
        try:
            summary = Ingestor(store, workers=1).ingest([page])
        except NewsweaveError as error:
            fail(error.message, exit_code_for(error), verbose=verbose)
        print_failures(summary.failures, verbose=verbose)
        story_ids = set(summary.assignments.values())
        if isinstance(page, Path) or not (story_ids or summary.failures):  # a URL is fetched again only if needed
            page_ids = [item.id for item in read_documents([page]) if isinstance(item, Document)]
            story_ids |= {store.story_of(page_id) or "" for page_id in page_ids}
        story_ids.discard("")
        if not story_ids:
            fail(f"{page}: no article could be read from the page", EXIT_NOTHING_USABLE)
        for story_id in sorted(story_ids):
            row = store.get_story(story_id)
            counts = f"{_count(row.n_articles, 'article')}\t{_count(row.n_outlets, 'outlet')}"
            sys.stdout.write(f"{row.id}\t{counts}\t{row.title}\n")
    exit_with(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@click.command()
@click.argument("story_ids", nargs=-1, metavar="[STORY_ID]...")
@db_option
@click.option("--newest", type=click.IntRange(min=1), metavar="N", help="Only the newest N stories.")
@verbose_option
def embed(story_ids: tuple[str, ...], db: Path, newest: int | None, verbose: bool) -> None:
    """Embed stories' sentences ahead, so story pages open faster.

    The sentences a story page compares are embedded and stored, so its first view skips the embedder.

    STORY_IDs are stories from `newsweave stories` (default: every story, newest first).
    Interrupt it at any time: what was embedded is kept, and a rerun embeds only what is missing.

    \b
    Example:
        newsweave embed --db news.db --newest 1000
    """
    configure_logging(verbose)
    with open_store(db, must_exist=True, verbose=verbose) as store:
        n_stories = store.stats()["stories"]
        total = len(story_ids) if story_ids else min(newest or n_stories, n_stories)
        embed_stories(store, list(story_ids) or None, total, verbose, newest=newest)
    exit_with(EXIT_OK)


def embed_stories(
    store: SqliteStore, story_ids: list[str] | None, total: int, verbose: bool, *, newest: int | None = None
) -> None:
    from newsweave.errors import NewsweaveError
    from newsweave.stories import embed_story_sentences

    with progress_bar() as progress:
        task = progress.add_task("embedding sentences", total=total, rate="")
        try:
            done = embed_story_sentences(
                store, story_ids, newest=newest, progress=advance_with_rate(progress, task, "", "stories")
            )
        except NewsweaveError as error:
            fail(error.message, exit_code_for(error), verbose=verbose)
    stderr.print(
        f"{done.n_embedded} sentences embedded for {done.n_stories} stories "
        f"({done.n_stored_before} were stored already)",
        markup=False,
    )


@click.command()
@db_option
@click.option("--code", metavar="CODE", help="Only failures with this code (e.g. sources.too_large).")
@format_option(("terminal", "json", "csv"), "terminal: input, code and reason a line; json; csv.")
@verbose_option
def failures(db: Path, code: str | None, fmt: str, verbose: bool) -> None:
    """List the inputs a store could not read, and why.

    Each failure with its input, stage, code and reason.

    An input read again successfully by a later run leaves this list.

    \b
    Example:
        newsweave failures --db news.db
        newsweave failures --db news.db --code extract.timeout --format csv
    """
    from newsweave.report import render_failures
    from newsweave.serde import to_dict

    configure_logging(verbose)
    with open_store(db, read_only=True, must_exist=True, verbose=verbose) as store:
        rows = store.failures(code=code)
    sys.stdout.write(render_failures([to_dict(row) for row in rows], fmt))
