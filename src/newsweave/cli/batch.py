"""``batch``: the pipeline over large archives, on this machine or a Ray cluster, into Parquet."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from newsweave.cli.common import (
    EXIT_NOTHING_USABLE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    configure_logging,
    exit_with,
    fail,
    limits_for,
    max_page_mb_option,
    page_timeout_option,
    stderr,
    verbose_option,
    workers_option,
)

if TYPE_CHECKING:
    from newsweave.errors import NewsweaveError

__all__ = ["batch"]

# A line of Ray's C++ log: "[2026-01-02 10:00:00,123 E 4242 4242] core_worker.cc:2465: ...".
_RAY_CORE_LINE = re.compile(rb"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [DIWEF] \d+ \d+\] \S+:\d+: ")
# A line the Ray driver prints for another process, its name in parentheses and perhaps in colour:
# "(raylet) WARNING: ...", "(MapWorker(MapBatches(PageStage)) pid=4242) ...", "(autoscaler +1s) ...".
_RAY_DRIVER_LINE = re.compile(r"^(\x1b\[[\d;]*m)*\((raylet|autoscaler|.*pid=\d+)")


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    metavar="FOLDER",
    help="Output folder; a rerun skips the inputs done.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this machine; ray: a Ray cluster.",
)
@click.option(
    "--address",
    metavar="ADDRESS",
    envvar="RAY_ADDRESS",
    show_envvar=True,
    help="Ray cluster to join: host:port, ray://host:port, or 'auto' (the one `ray start` began on this machine). "
    "Unset or 'local': start one on this machine for this run.",
)
@workers_option("Page workers (0: one per CPU of the machine or cluster).")
@max_page_mb_option
@page_timeout_option
@click.option(
    "--window-days",
    type=click.FloatRange(min=1),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="Days per story-clustering window (1 day overlap).",
)
@verbose_option
@click.pass_context
def batch(
    ctx: click.Context,
    inputs: tuple[str, ...],
    out: Path,
    engine: str,
    address: str | None,
    workers: int,
    max_page_mb: float,
    page_timeout: float,
    window_days: float,
    verbose: bool,
) -> None:
    """Run the pipeline over large archives into Parquet.

    Output partitioned by date, with a manifest.

    INPUTS are files, folders or quoted globs of .warc .warc.gz .jsonl .html .htm .txt .parquet.
    The same extract, annotate and grouping code as `ingest`, locally or on Ray; near-duplicates
    and stories are computed over the whole output. Load the result with `newsweave ingest OUT`.
    Ray's own log lines reach stderr only with --verbose.

    \b
    Example:
        newsweave batch 'archives/*.warc.gz' --out out/ --engine ray --address auto
        newsweave ingest out/ --db news.db
    """
    from newsweave.batch import BatchOptions, LocalEngine, RayEngine, WindowOptions
    from newsweave.batch.run import run_batch
    from newsweave.errors import NewsweaveError
    from newsweave.extract import ExtractOptions

    configure_logging(verbose)
    options = BatchOptions(windows=WindowOptions(window_days=window_days))
    extract_options = ExtractOptions(limits=limits_for(max_page_mb, page_timeout))
    with contextlib.nullcontext() if engine == "local" or verbose else _without_ray_lines():
        if engine == "local":
            runner: LocalEngine | RayEngine = LocalEngine(workers or None, extract_options)
        else:
            try:
                runner = RayEngine(address, workers or None, extract_options, verbose=verbose)
            except ImportError:
                fail("--engine ray needs Ray: pip install 'newsweave[batch]'", EXIT_USAGE)
            except NewsweaveError as error:
                fail(_address_error(ctx, address, error), EXIT_USAGE, verbose=verbose)
        try:
            summary = run_batch(inputs, out, runner, options, progress=lambda line: stderr.print(line, markup=False))
        except NewsweaveError as error:
            fail(error.message, EXIT_USAGE, verbose=verbose)
        finally:
            runner.close()
    stderr.print(
        f"{summary.inputs} inputs ({summary.inputs_skipped} already done), {summary.documents} documents: "
        f"{summary.articles} articles, {summary.duplicate_groups} near-duplicate groups, {summary.stories} stories "
        f"in {summary.windows} windows; output {out}",
        markup=False,
    )
    for code, count in summary.failures.most_common():
        stderr.print(f"  [yellow]{count} failed[/] {code} (each named in {out / 'failures.parquet'})")
    if not summary.articles:
        exit_with(EXIT_NOTHING_USABLE)
    exit_with(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


def _address_error(ctx: click.Context, address: str | None, error: NewsweaveError) -> str:
    """The engine's error, naming where the address came from and how to run without a cluster."""
    if ctx.get_parameter_source("address") is click.core.ParameterSource.ENVIRONMENT:
        given = f"RAY_ADDRESS={address} (the default of --address)"
        remedy = "unset RAY_ADDRESS or pass --address local"
    else:
        given = f"--address {address}"
        remedy = "leave --address out"
    return f"{given}: {error.message}; {remedy} to start a Ray cluster on this machine"


@contextlib.contextmanager
def _without_ray_lines() -> Iterator[None]:
    """Keep Ray's own lines off stdout and stderr; everything else written to them passes.

    Two kinds escape ``ray.init``'s logging settings. The driver's C++ core writes its warnings
    and errors to file descriptor 2 as well as to the session's log file (for instance one
    "constructor arguments in the object store" error per page actor, which every Ray Data actor
    pool starts with); Ray's only switch for them, ``RAY_BACKEND_LOG_LEVEL``, would also silence
    the log files of every process the cluster starts. And the driver prints the messages the
    raylet publishes ("(raylet) WARNING: 4 PYTHON worker processes have been started ...") to
    ``sys.stdout``, whatever ``log_to_driver`` says. The raylet keeps those in its log file too.
    """
    sys.stderr.flush()
    try:
        original = os.dup(2)
    except OSError:  # no stderr to keep clean
        yield
        return
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    def forward() -> None:
        with os.fdopen(read_end, "rb") as pipe:
            for line in pipe:
                if not _RAY_CORE_LINE.match(line):
                    os.write(original, line)

    thread = threading.Thread(target=forward, name="ray-stderr-filter", daemon=True)
    thread.start()
    stdout = _LineFilter(sys.stdout, _RAY_DRIVER_LINE)
    try:
        with contextlib.redirect_stdout(stdout):
            yield
    finally:
        stdout.close()
        sys.stderr.flush()
        os.dup2(original, 2)  # the pipe ends here, unless a process Ray started still holds it
        thread.join(timeout=2)
        if not thread.is_alive():
            os.close(original)


class _LineFilter(io.TextIOBase):
    """Passes on to ``target`` each whole line written that ``pattern`` does not match."""

    def __init__(self, target: TextIO, pattern: re.Pattern[str]) -> None:
        self._target = target
        self._pattern = pattern
        self._pending = ""
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            *lines, self._pending = (self._pending + text).split("\n")
            kept = "".join(f"{line}\n" for line in lines if not self._pattern.match(line))
            if kept:
                self._target.write(kept)
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def close(self) -> None:
        with self._lock:
            if self._pending and not self._pattern.match(self._pending):
                self._target.write(self._pending)
            self._pending = ""
        self._target.flush()
        super().close()
