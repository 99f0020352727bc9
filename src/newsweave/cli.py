"""The ``newsweave`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 everything read; 1 some inputs failed (each reported on stderr); 2 bad usage;
3 nothing usable (no input could be read, or too few articles to compare).
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from newsweave.annotate import Annotator, canonicalise_entities
from newsweave.compare import compare_articles
from newsweave.errors import Failure, NewsweaveError
from newsweave.model import Article
from newsweave.pipeline import run, split_results
from newsweave.report import render, render_article_json, render_terminal
from newsweave.sources import read_documents

__all__ = ["app", "main"]

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_NOTHING_USABLE = 0, 1, 2, 3

app = typer.Typer(
    name="newsweave",
    help="Turn raw news coverage into one sourced account per event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)


class ReportFormat(StrEnum):
    TERMINAL = "terminal"
    MD = "md"
    JSON = "json"
    HTML = "html"


class ArticleFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


PathsArg = Annotated[
    list[Path], typer.Argument(help="Files (.html .htm .txt .jsonl) or folders of them.", show_default=False)
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and show tracebacks on errors.")]


@app.command()
def compare(
    paths: PathsArg,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.TERMINAL,
    output: OutputOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Compare two or more reports of one event, claim by claim.

    Example:

        newsweave compare examples/

        newsweave compare a.html b.txt c.txt --format html -o report.html
    """
    _configure_logging(verbose)
    articles, failures = _read_and_annotate(paths, verbose=verbose)
    if len(articles) < 2:
        _fail(f"compare needs at least two articles, got {len(articles)}", EXIT_NOTHING_USABLE)
    with stderr.status(f"Comparing {len(articles)} articles…"):
        comparison = compare_articles(articles)
    if fmt is ReportFormat.TERMINAL and output is None:
        render_terminal(comparison, Console())
    else:
        _emit(render(comparison, fmt.value), output)
    raise typer.Exit(EXIT_SOME_FAILED if failures else EXIT_OK)


@app.command()
def extract(
    path: Annotated[
        Path, typer.Argument(help="One page: .html, .htm, .txt or a .jsonl line file.", show_default=False)
    ],
    fmt: Annotated[
        ArticleFormat, typer.Option("--format", "-f", help="json: every field and annotation; text: the cleaned body.")
    ] = ArticleFormat.JSON,
    output: OutputOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Clean and annotate one page and print the article.

    Example:

        newsweave extract page.html --format json
    """
    _configure_logging(verbose)
    articles, failures = _read_and_annotate([path], verbose=verbose)
    if not articles:
        raise typer.Exit(EXIT_NOTHING_USABLE)
    resolved, _ = canonicalise_entities(articles)
    rendered = "\n".join(_render_article(article, fmt) for article in resolved)
    _emit(rendered, output)
    raise typer.Exit(EXIT_SOME_FAILED if failures else EXIT_OK)


def _render_article(article: Article, fmt: ArticleFormat) -> str:
    if fmt is ArticleFormat.JSON:
        return render_article_json(article)
    return "\n\n".join(part for part in (article.title, article.dek, article.text) if part)


def _read_and_annotate(paths: list[Path], *, verbose: bool) -> tuple[list[Article], list[Failure]]:
    try:
        documents = list(read_documents(paths))
    except NewsweaveError as error:
        _fail(error.message, EXIT_USAGE if error.code == "sources.missing" else EXIT_NOTHING_USABLE, verbose=verbose)
    n_documents = sum(1 for item in documents if not isinstance(item, Failure))
    with stderr.status(f"Reading, cleaning and annotating {n_documents} documents…"):
        articles, failures = split_results(run(documents, annotator=Annotator(), on_error="record"))
    for failure in failures:
        stderr.print(
            f"[yellow]skipped[/] {failure.input_id}: {failure.message} [dim]({failure.code})[/]", highlight=False
        )
        if verbose and failure.traceback:
            stderr.print(failure.traceback, markup=False, highlight=False)
    if not articles:
        _fail("no article could be read from the inputs", EXIT_NOTHING_USABLE)
    return articles, failures


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}", EXIT_NOTHING_USABLE)
    stderr.print(f"wrote {output}", highlight=False)


def _fail(message: str, code: int, *, verbose: bool = False) -> NoReturn:
    stderr.print(f"[red]error:[/] {message}", highlight=False)
    if verbose:
        stderr.print_exception()
    raise typer.Exit(code)


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    """Console-script entry point."""
    app()
