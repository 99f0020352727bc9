"""What every command shares: exit codes, stderr, errors as one line, options, progress, output.

This module and the command modules import only click, rich and light parts of newsweave at the
top; each command imports the stages it runs inside its body, so ``--help`` and ``--version``
start in a fraction of a second instead of loading spaCy, scikit-learn and Ray.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from newsweave.limits import DEFAULT_LIMITS, MAX_SOURCES_COMPARED, Limits

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from newsweave.errors import Failure, NewsweaveError
    from newsweave.sources.fetch import Fetcher
    from newsweave.sources.supplied import Sidecar
    from newsweave.store import SqliteStore

__all__ = [
    "EXIT_NOTHING_USABLE",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "INPUT_KINDS",
    "InputPath",
    "db_option",
    "emit",
    "exit_code_for",
    "exit_with",
    "fail",
    "fetch_options",
    "fetcher_for",
    "format_option",
    "limits_for",
    "max_page_mb_option",
    "max_sources_option",
    "open_store",
    "output_option",
    "page_timeout_option",
    "print_failures",
    "progress_bar",
    "report_error",
    "stderr",
    "supplied_metadata_options",
    "verbose_option",
    "workers_option",
]

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_NOTHING_USABLE = 0, 1, 2, 3

# soft_wrap: a message is one line however narrow the terminal or pipe; highlight off so that
# paths and numbers in messages are not recoloured.
stderr = Console(stderr=True, soft_wrap=True, highlight=False)

INPUT_KINDS = (
    "saved pages (.html .htm), pages scraped as plain text (.txt), JSON Lines (.jsonl, one article a line), "
    "Parquet tables with the same columns (.parquet), web archives (.warc .warc.gz), RSS/Atom feeds "
    "(.rss .atom .xml), OPML lists of feeds (.opml), and folders of them; http(s) URLs and lists of them "
    "(.urls, one a line) are fetched politely"
)

F = TypeVar("F", bound=Callable[..., object])


class InputPath(click.ParamType[Path | str, Any]):
    """A file or folder (a ``Path``), or an http(s) URL kept as a ``str`` (a ``Path`` folds its ``//``)."""

    name = "path_or_url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        from newsweave.sources.fetch import is_url

        if isinstance(value, Path):
            return value
        text = str(value)
        if is_url(text):
            return text.strip()
        if "://" in text:
            self.fail(f"{text}: only http and https URLs are fetched", param, ctx)
        return Path(text)


def fetch_options(command: F) -> F:
    """``--delay`` and ``--allow-private``: how URL inputs are fetched."""
    command = click.option(
        "--allow-private",
        is_flag=True,
        help="Fetch from loopback and private-network addresses too (a local test server); refused by default.",
    )(command)
    return click.option(
        "--delay",
        type=click.FloatRange(min=0),
        default=1.0,
        show_default=True,
        metavar="SECONDS",
        help="Wait between two requests to one host when fetching URLs (robots.txt is obeyed, its Crawl-delay too).",
    )(command)


def fetcher_for(delay: float, allow_private: bool, limits: Limits) -> Fetcher:
    """The one fetcher of a run, for its URL inputs (it connects only when asked for a page)."""
    from newsweave.sources.fetch import Fetcher, FetchOptions

    return Fetcher(FetchOptions(delay=delay, allow_private=allow_private), limits=limits)


def db_option(command: F) -> F:
    return click.option(
        "--db",
        type=click.Path(path_type=Path, dir_okay=False),
        default=Path("news.db"),
        show_default=True,
        metavar="FILE",
        help="The newsweave store (an SQLite file).",
    )(command)


def verbose_option(command: F) -> F:
    return click.option("--verbose", "-v", is_flag=True, help="Log progress and show tracebacks on errors.")(command)


def output_option(command: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help="Write to this file instead of standard output.",
    )(command)


def format_option(choices: Iterable[str], help_text: str) -> Callable[[F], F]:
    """``--format/-f``, the first choice the default: ``terminal``, the view for a person, wherever it exists."""
    names = list(choices)
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(names),
        default=names[0],
        show_default=True,
        help=help_text,
    )


def max_page_mb_option(command: F) -> F:
    return click.option(
        "--max-page-mb",
        type=click.FloatRange(min=0.001),
        default=DEFAULT_LIMITS.max_page_bytes / 2**20,
        show_default=True,
        metavar="MIB",
        help="Largest page read, in MiB; a larger one fails as sources.too_large.",
    )(command)


def page_timeout_option(command: F) -> F:
    return click.option(
        "--page-timeout",
        type=click.FloatRange(min=0.1),
        default=DEFAULT_LIMITS.max_seconds_per_page,
        show_default=True,
        metavar="SECONDS",
        help="Time to extract and annotate one page; a slower one fails as extract.timeout.",
    )(command)


def limits_for(max_page_mb: float, page_timeout: float = DEFAULT_LIMITS.max_seconds_per_page) -> Limits:
    return dataclasses.replace(
        DEFAULT_LIMITS, max_page_bytes=int(max_page_mb * 2**20), max_seconds_per_page=page_timeout
    )


def workers_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--workers", type=click.IntRange(min=0), default=0, show_default=True, metavar="N", help=help_text
    )


def max_sources_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--max-sources",
        type=click.IntRange(min=1),
        default=MAX_SOURCES_COMPARED,
        show_default=True,
        metavar="N",
        help=help_text,
    )


# --- metadata the user supplies for inputs that do not give it -----------------------------------


class _PublishedType(click.ParamType[datetime, Any]):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        from newsweave.sources.supplied import PUBLISHED_FORMS, parse_published

        parsed = parse_published(str(value))
        if parsed is None:
            self.fail(f"expected {PUBLISHED_FORMS}, got {value!r}", param, ctx)
        return parsed


def _sidecar_option(ctx: click.Context, param: click.Parameter, value: Path | None) -> Sidecar | None:
    from newsweave.errors import InputError
    from newsweave.sources.supplied import read_sidecar

    if value is None:
        return None
    try:
        return read_sidecar(value)
    except InputError as error:
        raise click.BadParameter(f"{error.message} ({error.code})", ctx=ctx, param=param) from None


def supplied_metadata_options(command: F) -> F:
    """``--outlet``, ``--published`` and ``--meta``: metadata for the inputs that do not give it."""
    command = click.option(
        "--meta",
        "sidecar",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        callback=_sidecar_option,
        metavar="FILE",
        help="A .json or .csv file with a row per input file: path (relative to FILE or absolute), outlet, "
        "published, url, title. A row's values win over --outlet and --published, a page's own over both.",
    )(command)
    command = click.option(
        "--published",
        type=_PublishedType(),
        metavar="DATE",
        help="Publication date (2019-03-03, or a time such as 2019-03-03T17:02:00-05:00) of inputs that "
        "give none; a page's or record's own date wins.",
    )(command)
    return click.option(
        "--outlet",
        default="",
        metavar="NAME",
        help="Outlet of inputs that name none; a page's or record's own outlet wins.",
    )(command)


def exit_code_for(error: NewsweaveError) -> int:
    """A path or id that is not there is bad usage (2); any other error leaves nothing usable (3)."""
    return EXIT_USAGE if error.code in {"sources.missing", "store.not_found"} else EXIT_NOTHING_USABLE


def exit_with(code: int) -> NoReturn:
    raise click.exceptions.Exit(code)


def fail(message: str, code: int, *, verbose: bool = False) -> NoReturn:
    exit_with(report_error(message, code, verbose=verbose))


def report_error(message: str, code: int, *, verbose: bool) -> int:
    """Print ``message`` as one line on stderr (the traceback too when ``verbose``); return ``code``."""
    stderr.print(f"[red]error:[/] {escape(' '.join(message.split()))}")
    if verbose and sys.exc_info()[0] is not None:
        stderr.print_exception()
    return code


def print_failures(failures: Iterable[Failure], *, verbose: bool) -> None:
    """Each failed input on one line of stderr: where, why, and the code to look it up by."""
    for failure in failures:
        reason = " ".join(failure.message.removeprefix(f"{failure.input_id}: ").split())
        stderr.print(f"[yellow]failed[/] {escape(f'{failure.input_id}: {reason} ({failure.code})')}")
        if verbose and failure.traceback:
            stderr.print(failure.traceback, markup=False)


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )


def open_store(db: Path, *, read_only: bool = False, must_exist: bool = False, verbose: bool = False) -> SqliteStore:
    """The store at ``db``; one that must exist and does not is an error before anything is created."""
    from newsweave.errors import NewsweaveError
    from newsweave.store import SqliteStore

    if must_exist and not db.exists():
        fail(f"{db}: no such store (missing; make one with `newsweave ingest PATHS --db {db}`)", EXIT_NOTHING_USABLE)
    try:
        return SqliteStore(db, read_only=read_only)
    except NewsweaveError as error:
        fail(error.message, EXIT_NOTHING_USABLE, verbose=verbose)


def progress_bar() -> Progress:
    """A bar with the current item, count, rate and time left, on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description:<30.30}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=stderr,
    )


def advance_with_rate(progress: Progress, task: TaskID, label: str, unit: str) -> Callable[[str], None]:
    """A callback that moves ``task`` one step, shows the item's name and the rate so far."""
    started = time.perf_counter()

    def advance(name: str) -> None:
        progress.advance(task)
        rate = progress.tasks[task].completed / max(time.perf_counter() - started, 1e-9)
        progress.update(task, description=name or label, rate=f"{rate:.1f} {unit}/s")

    return advance


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}", EXIT_NOTHING_USABLE)
    stderr.print(f"wrote {output}", markup=False)
