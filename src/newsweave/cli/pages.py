"""``compare`` and ``extract``: pages on disk in, a comparison or a cleaned article out, no store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsweave.cli.common import (
    EXIT_NOTHING_USABLE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    configure_logging,
    emit,
    exit_with,
    fail,
    format_option,
    limits_for,
    max_page_mb_option,
    output_option,
    print_failures,
    stderr,
    verbose_option,
)

if TYPE_CHECKING:
    from newsweave.errors import Failure
    from newsweave.limits import Limits
    from newsweave.model import Article, Comparison

__all__ = ["REPORT_FORMATS", "compare", "extract", "render_comparison"]

REPORT_FORMATS = ("terminal", "md", "json", "html")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATHS...")
@format_option(REPORT_FORMATS, "terminal: the view for a person; md, json (schema-versioned), html (one file).")
@output_option
@max_page_mb_option
@verbose_option
def compare(paths: tuple[Path, ...], fmt: str, output: Path | None, max_page_mb: float, verbose: bool) -> None:
    """Compare two or more reports of one event, claim by claim.

    PATHS are files or folders of them. Reads {inputs}.

    \b
    Example:
        newsweave compare examples/
        newsweave compare a.html b.txt c.txt --format html -o report.html
    """
    from newsweave.compare import compare_articles

    configure_logging(verbose)
    articles, failures = read_and_annotate(list(paths), limits=limits_for(max_page_mb), verbose=verbose)
    if len(articles) < 2:
        fail(f"compare needs at least two articles, got {len(articles)}", EXIT_NOTHING_USABLE)
    with stderr.status(f"Comparing {len(articles)} articles…"):
        comparison = compare_articles(articles)
    render_comparison(comparison, fmt, output)
    exit_with(EXIT_SOME_FAILED if failures else EXIT_OK)


@click.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="PATH")
@format_option(("json", "text"), "json: every field and annotation; text: the cleaned title, dek and body.")
@output_option
@max_page_mb_option
@verbose_option
def extract(path: Path, fmt: str, output: Path | None, max_page_mb: float, verbose: bool) -> None:
    """Clean and annotate one page and print the article.

    PATH is one file: {inputs} (every article of an archive, feed or JSON Lines file).

    \b
    Example:
        newsweave extract page.html --format json
        newsweave extract page.txt --format text
    """
    from newsweave.annotate import canonicalise_entities
    from newsweave.report import render_article_json

    configure_logging(verbose)
    articles, failures = read_and_annotate([path], limits=limits_for(max_page_mb), verbose=verbose)
    resolved, _ = canonicalise_entities(articles)
    if fmt == "json":
        rendered = "\n".join(render_article_json(article) for article in resolved)
    else:
        rendered = "\n\n".join(
            "\n\n".join(part for part in (article.title, article.dek, article.text) if part) for article in resolved
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


def read_and_annotate(paths: list[Path], *, limits: Limits, verbose: bool) -> tuple[list[Article], list[Failure]]:
    """The articles under ``paths``, annotated; each failed input named on stderr."""
    from newsweave.annotate import Annotator
    from newsweave.errors import NewsweaveError
    from newsweave.extract import ExtractOptions
    from newsweave.model import Document
    from newsweave.pipeline import extract_in_workers, split_results
    from newsweave.sources import read_documents

    try:
        items = list(read_documents(paths, limits=limits))
    except NewsweaveError as error:
        fail(error.message, EXIT_USAGE if error.code == "sources.missing" else EXIT_NOTHING_USABLE, verbose=verbose)
    documents = [item for item in items if isinstance(item, Document)]
    with stderr.status(f"Reading, cleaning and annotating {len(documents)} documents…"):
        workers = min(len(documents), os.cpu_count() or 1) or 1
        options = ExtractOptions(limits=limits)
        extracted, failures = split_results(extract_in_workers(documents, workers=workers, options=options))
        articles = Annotator().process_batch(extracted)
    failures = [item for item in items if not isinstance(item, Document)] + failures
    print_failures(failures, verbose=verbose)
    if not articles:
        fail("no article could be read from the inputs", EXIT_NOTHING_USABLE)
    return articles, failures
