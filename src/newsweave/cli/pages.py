"""``compare`` and ``extract``: pages on disk in, a comparison or a cleaned article out, no store."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from newsweave.cli.common import (
    EXIT_NOTHING_USABLE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    InputPath,
    configure_logging,
    emit,
    exit_with,
    fail,
    fetch_options,
    fetcher_for,
    format_option,
    limits_for,
    max_page_mb_option,
    output_option,
    print_failures,
    stderr,
    supplied_metadata_options,
    verbose_option,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from newsweave.errors import Failure
    from newsweave.limits import Limits
    from newsweave.model import Article, Comparison
    from newsweave.sources.supplied import Sidecar, Supplied

__all__ = ["REPORT_FORMATS", "compare", "extract", "render_comparison"]

REPORT_FORMATS = ("terminal", "md", "json", "html")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=InputPath(), metavar="PATHS...")
@format_option(REPORT_FORMATS, "terminal: the view for a person; md, json (schema-versioned), html (one file).")
@output_option
@supplied_metadata_options
@max_page_mb_option
@fetch_options
@verbose_option
def compare(
    paths: tuple[Path | str, ...],
    fmt: str,
    output: Path | None,
    outlet: str,
    published: datetime | None,
    sidecar: Sidecar | None,
    max_page_mb: float,
    delay: float,
    allow_private: bool,
    verbose: bool,
) -> None:
    """Compare two or more reports of one event, claim by claim.

    PATHS are files or folders of them, or http(s) URLs. Reads {inputs}. Pages that do not say their outlet or
    date (scraped text often does not) take them from --outlet, --published or a --meta file.

    \b
    Example:
        newsweave compare examples/
        newsweave compare a.html b.txt c.txt --format html -o report.html
        newsweave compare scraped/ --meta scraped/meta.csv
        newsweave compare https://example.com/a https://example.org/b
    """
    from newsweave.compare import compare_articles

    configure_logging(verbose)
    articles, failures = read_and_annotate(
        list(paths),
        limits=limits_for(max_page_mb),
        fetch=(delay, allow_private),
        verbose=verbose,
        outlet=outlet.strip(),
        published=published,
        sidecar=sidecar,
    )
    if len(articles) < 2:
        fail(f"compare needs at least two articles, got {len(articles)}", EXIT_NOTHING_USABLE)
    with stderr.status(f"Comparing {len(articles)} articles…"):
        comparison = compare_articles(articles)
    render_comparison(comparison, fmt, output)
    exit_with(EXIT_SOME_FAILED if failures else EXIT_OK)


@click.command()
@click.argument("path", type=InputPath(), metavar="PATH")
@format_option(("json", "text"), "json: every field and annotation; text: the cleaned title, dek and body.")
@output_option
@supplied_metadata_options
@max_page_mb_option
@fetch_options
@verbose_option
def extract(
    path: Path | str,
    fmt: str,
    output: Path | None,
    outlet: str,
    published: datetime | None,
    sidecar: Sidecar | None,
    max_page_mb: float,
    delay: float,
    allow_private: bool,
    verbose: bool,
) -> None:
    """Clean and annotate one page and print the article.

    PATH is one file or URL: {inputs} (every article of an archive, feed or JSON Lines file).

    \b
    Example:
        newsweave extract page.html --format json
        newsweave extract page.txt --format text
        newsweave extract page.txt --outlet "Fjord Post" --published 2019-03-03 --format json
        newsweave extract https://example.com/news/story.html --format text
    """
    from newsweave.report import render_article_json

    configure_logging(verbose)
    articles, failures = read_and_annotate(
        [path],
        limits=limits_for(max_page_mb),
        fetch=(delay, allow_private),
        verbose=verbose,
        outlet=outlet.strip(),
        published=published,
        sidecar=sidecar,
    )
    if fmt == "json":
        rendered = "\n".join(render_article_json(article) for article in articles)
    else:
        rendered = "\n\n".join(
            "\n\n".join(part for part in (article.title, article.dek, article.text) if part) for article in articles
        )
    emit(rendered, output)
    exit_with(EXIT_SOME_FAILED if failures else EXIT_OK)


def render_comparison(comparison: Comparison, fmt: str, output: Path | None) -> None:
    from newsweave.report import render, render_terminal

    if fmt == "terminal" and output is None:
        from rich.console import Console

        render_terminal(comparison, Console())
    else:
        emit(render(comparison, fmt), output)


def read_and_annotate(
    paths: list[Path | str],
    *,
    limits: Limits,
    verbose: bool,
    fetch: tuple[float, bool] = (1.0, False),
    outlet: str = "",
    published: datetime | None = None,
    sidecar: Sidecar | None = None,
) -> tuple[list[Article], list[Failure]]:
    """The articles under ``paths``, annotated by the pipeline's page workers; each failed input
    named on stderr.

    What an article does not say of itself (outlet, published time, URL, title) is taken from its
    file's ``sidecar`` row, else from ``outlet`` and ``published``, before annotation (time expressions are resolved
    against the published time). A sidecar row about no input is a warning on stderr. URLs are
    fetched by one fetcher, ``fetch`` giving its delay per host and whether private addresses are allowed.
    """
    from newsweave.errors import NewsweaveError
    from newsweave.extract import ExtractOptions
    from newsweave.model import Document
    from newsweave.pipeline import PagePipeline, split_results
    from newsweave.sources import expand_inputs, fetching, read_documents
    from newsweave.sources.supplied import Supplied, unused_rows

    try:
        files = [path for path in expand_inputs(paths) if isinstance(path, Path)]
        with fetcher_for(*fetch, limits) as fetcher, fetching(fetcher):
            items = list(read_documents(paths, limits=limits))
    except NewsweaveError as error:
        fail(error.message, EXIT_USAGE if error.code == "sources.missing" else EXIT_NOTHING_USABLE, verbose=verbose)
    if sidecar is not None:
        for row in unused_rows(sidecar, files):
            where = f"{sidecar.file}: row {row.number}: {row.path}"
            stderr.print(f"[yellow]warning:[/] {escape(where)} is not among the inputs; its row is not used")
    documents = [item for item in items if isinstance(item, Document)]
    with stderr.status(f"Reading, cleaning and annotating {len(documents)} documents…"):
        workers = min(len(documents), os.cpu_count() or 1) or 1
        supplied = Supplied(outlet=outlet, published=published)
        supply = functools.partial(_supply_one, supplied=supplied, sidecar=sidecar, files=tuple(files))
        with PagePipeline(workers, ExtractOptions(limits=limits), supply=supply) as pipeline:
            articles, failures = split_results(pipeline.articles(documents))
    failures = [item for item in items if not isinstance(item, Document)] + failures
    print_failures(failures, verbose=verbose)
    if not articles:
        fail("no article could be read from the inputs", EXIT_NOTHING_USABLE)
    return articles, failures


def _supply_one(article: Article, *, supplied: Supplied, sidecar: Sidecar | None, files: Sequence[Path]) -> Article:
    """``article`` with what it lacks supplied (:func:`~newsweave.sources.supplied.supply_metadata`);
    at module level, so that it pickles to the page workers that annotate it."""
    from newsweave.sources.supplied import supply_metadata

    return supply_metadata([article], supplied=supplied, sidecar=sidecar, files=files)[0]
