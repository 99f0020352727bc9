"""The ``newsweave`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 everything read; 1 some inputs failed (each reported on stderr); 2 bad usage;
3 nothing usable (no input could be read, or too few articles to compare).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

# typer vendors click and does not re-export its exceptions, which main() maps to exit codes.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from newsweave.annotate import Annotator, canonicalise_entities
from newsweave.batch import BatchOptions, LocalEngine, RayEngine, WindowOptions, is_batch_output, read_batch_output
from newsweave.batch.output import read_manifest
from newsweave.batch.run import run_batch
from newsweave.compare import compare_articles
from newsweave.errors import Failure, NewsweaveError
from newsweave.extract import ExtractOptions
from newsweave.ingest import Ingestor, IngestSummary
from newsweave.limits import DEFAULT_LIMITS
from newsweave.model import Article, Comparison, Document
from newsweave.pipeline import extract_in_workers, split_results
from newsweave.report import render, render_article_json, render_stories, render_terminal
from newsweave.serde import to_dict
from newsweave.sources import expand_paths, read_documents
from newsweave.store import SqliteStore, StoryMemberRow
from newsweave.web import DEFAULT_MAX_SOURCES, StoryPlan, compare_story, embed_story_sentences

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
    _show_comparison(articles, fmt, output)
    raise typer.Exit(EXIT_SOME_FAILED if failures else EXIT_OK)


def _show_comparison(articles: list[Article], fmt: ReportFormat, output: Path | None) -> None:
    with stderr.status(f"Comparing {len(articles)} articles…"):
        comparison = compare_articles(articles)
    _render_comparison(comparison, fmt, output)


def _render_comparison(comparison: Comparison, fmt: ReportFormat, output: Path | None) -> None:
    if fmt is ReportFormat.TERMINAL and output is None:
        render_terminal(comparison, Console())
    else:
        _emit(render(comparison, fmt.value), output)


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


DbOpt = Annotated[Path, typer.Option("--db", help="The newsweave store (an SQLite file).")]


class StoriesFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOpt = Path("news.db"),
    workers: Annotated[int, typer.Option(help="Extraction processes (0: one per CPU).", min=0)] = 0,
    max_page_mb: Annotated[
        float, typer.Option(min=0.001, help="Largest page read, in MiB; larger ones fail as sources.too_large.")
    ] = DEFAULT_LIMITS.max_page_bytes / 2**20,
    page_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to extract and annotate one page before it fails.")
    ] = DEFAULT_LIMITS.max_seconds_per_page,
    embed_sentences: Annotated[
        bool,
        typer.Option(
            "--embed-sentences",
            help="Then embed the sentences the story pages compare (default --max-sources), for the stories "
            "this run changed, so their first view skips the embedder.",
        ),
    ] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Read pages, archives and feeds into the store and group them into stories.

    Resumable and idempotent: inputs already done are skipped, the same page twice is one.
    Accepts .html .htm .txt .jsonl .warc .warc.gz .rss .atom .xml .opml files and folders, and
    the output folder of `newsweave batch` (its pages are stored without being extracted again).

    Example:

        newsweave ingest ./pages feeds.opml crawl.warc.gz --db news.db
        newsweave ingest out/ --db news.db
        newsweave ingest ./pages --db news.db --embed-sentences   # stories open faster on the web page
    """
    _configure_logging(verbose)
    try:  # before the store is opened, so that a mistyped path leaves no new store behind
        batch_outputs = [path for path in paths if is_batch_output(path)]
        inputs = list(expand_paths(path for path in paths if path not in batch_outputs))
    except NewsweaveError as error:
        _fail(error.message, EXIT_USAGE, verbose=verbose)
    with _open_store(db, verbose=verbose) as store:
        with stderr.status("Loading models and the store's stories…"):
            limits = dataclasses.replace(
                DEFAULT_LIMITS, max_page_bytes=int(max_page_mb * 2**20), max_seconds_per_page=page_timeout
            )
            ingestor = Ingestor(store, workers=workers or None, extract_options=ExtractOptions(limits=limits))
        n_batch_inputs = sum(len(read_manifest(output)["inputs"]) for output in batch_outputs)
        with _progress() as progress:
            task = progress.add_task("ingesting", total=len(inputs) + n_batch_inputs, rate="")
            started = time.perf_counter()

            def advance(name: str, _: int) -> None:
                progress.advance(task)
                rate = progress.tasks[task].completed / max(time.perf_counter() - started, 1e-9)
                progress.update(task, description=name, rate=f"{rate:.1f} inputs/s")

            summaries = [ingestor.ingest_extracted(read_batch_output(out), progress=advance) for out in batch_outputs]
            if inputs or not batch_outputs:
                summaries.append(ingestor.ingest(inputs, progress=advance))
        if embed_sentences:
            changed = sorted(set().union(*(summary.stories for summary in summaries)))
            _embed_story_sentences(store, changed, len(changed), verbose)
    for summary in summaries:
        _print_ingest_summary(summary, db)
    raise typer.Exit(EXIT_SOME_FAILED if any(summary.failures for summary in summaries) else EXIT_OK)


@app.command()
def embed(
    story_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Stories to embed (default: every story, newest first).", show_default=False),
    ] = None,
    db: DbOpt = Path("news.db"),
    newest: Annotated[int | None, typer.Option(min=1, help="Only the newest N stories.")] = None,
    verbose: VerboseOpt = False,
) -> None:
    """Embed the sentences the story pages compare, so a story's first view skips the embedder.

    Interrupt it at any time: what was embedded is kept, and a rerun embeds only what is missing.

    Example:

        newsweave embed --db news.db --newest 1000
    """
    _configure_logging(verbose)
    if not db.exists():  # opening a store for writing would create an empty one
        _fail(f"{db}: no such store", EXIT_NOTHING_USABLE, verbose=verbose)
    with _open_store(db, verbose=verbose) as store:
        if story_ids:
            total = len(story_ids)
        else:
            n_stories = store.stats()["stories"]
            total = n_stories if newest is None else min(newest, n_stories)
        _embed_story_sentences(store, story_ids or None, total, verbose, newest=newest)
    raise typer.Exit(EXIT_OK)


def _embed_story_sentences(
    store: SqliteStore, story_ids: list[str] | None, total: int, verbose: bool, *, newest: int | None = None
) -> None:
    started = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task("embedding sentences", total=total, rate="")

        def advance(_: str) -> None:
            progress.advance(task)
            rate = progress.tasks[task].completed / max(time.perf_counter() - started, 1e-9)
            progress.update(task, rate=f"{rate:.1f} stories/s")

        try:
            done = embed_story_sentences(store, story_ids, newest=newest, progress=advance)
        except NewsweaveError as error:
            _fail(error.message, EXIT_NOTHING_USABLE, verbose=verbose)
    stderr.print(
        f"{done.n_embedded} sentences embedded for {done.n_stories} stories "
        f"({done.n_stored_before} were stored already)",
        highlight=False,
    )


class BatchEngine(StrEnum):
    LOCAL = "local"
    RAY = "ray"


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders, quoted globs (.warc.gz .jsonl .html .txt .parquet).", show_default=False),
    ],
    out: Annotated[Path, typer.Option("--out", help="Output folder; a rerun skips inputs done.")] = Path("out"),
    engine: Annotated[BatchEngine, typer.Option(help="local: this machine; ray: a Ray cluster.")] = BatchEngine.LOCAL,
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address ('auto': the one this machine is in; unset: start one).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Page workers (0: one per CPU of the machine or cluster).", min=0)] = 0,
    window_days: Annotated[float, typer.Option(help="Days per story-clustering window (1 day overlap).", min=1)] = 7,
    verbose: VerboseOpt = False,
) -> None:
    """Run the pipeline over large archives into Parquet partitioned by date, with a manifest.

    The same extract, annotate and grouping code as `ingest`, locally or on Ray; near-duplicates
    and stories are computed over the whole output. Load the result with `newsweave ingest OUT`.

    Example:

        newsweave batch 'archives/*.warc.gz' --out out/ --engine ray --address auto
        newsweave ingest out/ --db news.db
    """
    _configure_logging(verbose)
    options = BatchOptions(windows=WindowOptions(window_days=window_days))
    if engine is BatchEngine.LOCAL:
        runner: LocalEngine | RayEngine = LocalEngine(workers or None)
    else:
        try:
            runner = RayEngine(address, workers or None)
        except ImportError:
            _fail("--engine ray needs Ray: pip install 'newsweave[batch]'", EXIT_USAGE)
        except ConnectionError as error:
            _fail(f"cannot reach the Ray cluster at {address}: {error}", EXIT_USAGE, verbose=verbose)
    try:
        summary = run_batch(inputs, out, runner, options, progress=lambda line: stderr.print(line, highlight=False))
    except NewsweaveError as error:
        _fail(error.message, EXIT_USAGE, verbose=verbose)
    finally:
        runner.close()
    stderr.print(
        f"{summary.inputs} inputs ({summary.inputs_skipped} already done), {summary.documents} documents: "
        f"{summary.articles} articles, {summary.duplicate_groups} near-duplicate groups, {summary.stories} stories "
        f"in {summary.windows} windows; output {out}",
        highlight=False,
    )
    _print_failures(summary.failures)
    if not summary.articles:
        raise typer.Exit(EXIT_NOTHING_USABLE)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


@app.command()
def add(
    page: Annotated[Path, typer.Argument(help="One page to add.", show_default=False)],
    db: DbOpt = Path("news.db"),
    verbose: VerboseOpt = False,
) -> None:
    """Add one page to the store and print the story it joined.

    Example:

        newsweave add page.html --db news.db
    """
    _configure_logging(verbose)
    if not page.exists():
        _fail(f"{page}: no such file", EXIT_USAGE, verbose=verbose)
    with _open_store(db, verbose=verbose) as store:
        try:
            summary = Ingestor(store, workers=1).ingest([page])
        except NewsweaveError as error:
            _fail(
                error.message, EXIT_USAGE if error.code == "sources.missing" else EXIT_NOTHING_USABLE, verbose=verbose
            )
        for code, count in summary.failures.items():
            stderr.print(f"[yellow]failed[/] {page}: {code} ({count})", highlight=False)
        if not summary.assignments and not summary.articles_known:
            raise typer.Exit(EXIT_NOTHING_USABLE)
        stored_ids = [document.id for document in read_documents([page]) if isinstance(document, Document)]
        story_ids = set(summary.assignments.values()) or {store.story_of(doc_id) or "" for doc_id in stored_ids}
        for story_id in sorted(story_id for story_id in story_ids if story_id):
            row = store.get_story(story_id)
            sys.stdout.write(f"{row.id}\t{row.n_articles} articles\t{row.n_outlets} outlets\t{row.title}\n")
    raise typer.Exit(EXIT_OK)


@app.command()
def stories(
    db: DbOpt = Path("news.db"),
    since: Annotated[
        datetime | None, typer.Option(help="Only stories with an article published on or after.", formats=["%Y-%m-%d"])
    ] = None,
    query: Annotated[str | None, typer.Option(help="Full-text search over the stories' articles.")] = None,
    fmt: Annotated[StoriesFormat, typer.Option("--format", "-f", help="Output format.")] = StoriesFormat.TABLE,
    limit: Annotated[int, typer.Option(min=1, help="Most stories to list.")] = 50,
    verbose: VerboseOpt = False,
) -> None:
    """List the stories in the store, newest and biggest first.

    Example:

        newsweave stories --db news.db --since 2018-03-01 --query assange
    """
    _configure_logging(verbose)
    with _open_store(db, read_only=True, verbose=verbose) as store:
        try:
            rows = store.stories(since=since.replace(tzinfo=UTC) if since else None, query=query, limit=limit)
        except NewsweaveError as error:
            _fail(error.message, EXIT_USAGE, verbose=verbose)
    sys.stdout.write(render_stories([to_dict(row) for row in rows], fmt.value))


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsweave stories`.", show_default=False)],
    db: DbOpt = Path("news.db"),
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.TERMINAL,
    output: OutputOpt = None,
    max_sources: Annotated[
        int, typer.Option(min=1, help="Most articles compared (one per near-duplicate group).")
    ] = DEFAULT_MAX_SOURCES,
    verbose: VerboseOpt = False,
) -> None:
    """Compare the articles of one story, claim by claim (wire copies once, at most --max-sources).

    Example:

        newsweave story s000001 --db news.db --format html -o story.html
    """
    _configure_logging(verbose)
    with _open_store(db, read_only=True, verbose=verbose) as store, stderr.status(f"Comparing story {story_id}…"):
        try:
            result = compare_story(store, story_id, max_sources=max_sources)
        except NewsweaveError as error:
            _fail(error.message, EXIT_USAGE, verbose=verbose)
    _render_comparison(result.comparison, fmt, output)
    _print_copies(result.plan)


def _print_copies(plan: StoryPlan) -> None:
    """Say on stderr which articles each compared one stands for (its wire copies) and what was left out."""
    for article_id, copies in plan.copies:
        if copies:
            leader = next(member for member in plan.compared if member.id == article_id)
            names = ", ".join(_source_name(copy) for copy in copies)
            stderr.print(f"{_source_name(leader)} stands for {len(copies)} near-duplicate(s): {names}", markup=False)
    if plan.left_out:
        stderr.print(f"{len(plan.left_out)} more article(s) in the story not compared (--max-sources)", markup=False)


def _source_name(member: StoryMemberRow) -> str:
    return member.outlet or member.url or Path(member.uri).name


@app.command()
def serve(
    db: DbOpt = Path("news.db"),
    host: Annotated[
        str, typer.Option(help="Address to listen on; any but 127.0.0.1 lets the network read the store.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    max_sources: Annotated[
        int, typer.Option(min=1, help="Most articles a story page compares (one per near-duplicate group).")
    ] = DEFAULT_MAX_SOURCES,
    verbose: VerboseOpt = False,
) -> None:
    """Serve the web page over a store, read-only: stories, each story side by side, a JSON API.

    Example:

        newsweave serve --db news.db                  # http://127.0.0.1:8000
    """
    _configure_logging(verbose)
    # Imported here, not at the top: FastAPI and uvicorn add half a second to every other command.
    import uvicorn

    from newsweave.web.app import create_app

    try:
        web_app = create_app(db, max_sources=max_sources)
    except NewsweaveError as error:
        _fail(error.message, EXIT_NOTHING_USABLE, verbose=verbose)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        stderr.print(f"[yellow]warning:[/] listening on {host}: whoever reaches it can read the store", highlight=False)
    stderr.print(f"serving {db} read-only at http://{host}:{port}/ (Ctrl+C stops)", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="info" if verbose else "warning")


def _open_store(db: Path, *, read_only: bool = False, verbose: bool = False) -> SqliteStore:
    try:
        return SqliteStore(db, read_only=read_only)
    except NewsweaveError as error:
        _fail(error.message, EXIT_NOTHING_USABLE, verbose=verbose)


def _progress() -> Progress:
    """A bar with count, rate and ETA on stderr."""
    return Progress(
        TextColumn("{task.description:<30.30}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=stderr,
    )


def _print_ingest_summary(summary: IngestSummary, db: Path) -> None:
    stderr.print(
        f"{summary.inputs} inputs ({summary.inputs_skipped} already done), {summary.documents} documents: "
        f"{summary.articles_new} new articles, {summary.articles_known} already stored, "
        f"{len(summary.stories)} stories touched; store {db}",
        highlight=False,
    )
    _print_failures(summary.failures)


def _print_failures(failures: Counter[str]) -> None:
    for code, count in failures.most_common():
        stderr.print(f"  [yellow]{count} failed[/] {code}", highlight=False)


def _render_article(article: Article, fmt: ArticleFormat) -> str:
    if fmt is ArticleFormat.JSON:
        return render_article_json(article)
    return "\n\n".join(part for part in (article.title, article.dek, article.text) if part)


def _read_and_annotate(paths: list[Path], *, verbose: bool) -> tuple[list[Article], list[Failure]]:
    try:
        items = list(read_documents(paths))
    except NewsweaveError as error:
        _fail(error.message, EXIT_USAGE if error.code == "sources.missing" else EXIT_NOTHING_USABLE, verbose=verbose)
    documents = [item for item in items if isinstance(item, Document)]
    with stderr.status(f"Reading, cleaning and annotating {len(documents)} documents…"):
        workers = min(len(documents), os.cpu_count() or 1) or 1
        extracted, failures = split_results(extract_in_workers(documents, workers=workers))
        articles = Annotator().process_batch(extracted)
    failures = [item for item in items if isinstance(item, Failure)] + failures
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
    raise typer.Exit(_report_error(message, code, verbose=verbose))


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: every error ends as one line on stderr and an exit code.

    A bad argument or option exits 2 with click's message (the usage box left out, the command's
    ``--help`` named); an error no command caught exits 3: newsweave's own with its code (a full
    disk, a read-only store), any other as an internal error. ``--verbose`` adds the traceback.
    """
    args = sys.argv[1:] if argv is None else argv
    verbose = "--verbose" in args or "-v" in args
    try:
        code = app(args=args, prog_name="newsweave", standalone_mode=False)
    except NoArgsIsHelpError as error:
        error.show()
        code = EXIT_USAGE
    except UsageError as error:
        help_hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
        code = _report_error(f"{error.format_message()}{help_hint}", EXIT_USAGE, verbose=verbose)
    except ClickException as error:
        code = _report_error(error.format_message(), error.exit_code, verbose=verbose)
    except typer.Abort:
        code = _report_error("interrupted", 130, verbose=verbose)
    except NewsweaveError as error:
        code = _report_error(f"{error.message} ({error.code})", EXIT_NOTHING_USABLE, verbose=verbose)
    except OSError as error:
        code = _report_error(f"{error.filename or ''}: {error.strerror or error}", EXIT_NOTHING_USABLE, verbose=verbose)
    except Exception as error:
        hint = "" if verbose else "; rerun with --verbose for the traceback"
        message = f"internal error: {type(error).__name__}: {error}{hint}"
        code = _report_error(message, EXIT_NOTHING_USABLE, verbose=verbose)
    sys.exit(code or EXIT_OK)


def _report_error(message: str, code: int, *, verbose: bool) -> int:
    """Print ``message`` as one line on stderr (the traceback too when ``verbose``); return ``code``."""
    stderr.print(f"[red]error:[/] {' '.join(message.split())}", highlight=False, soft_wrap=True)
    if verbose:
        stderr.print_exception()
    return code


if __name__ == "__main__":
    main()
