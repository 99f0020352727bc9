"""``batch``: the pipeline over large archives, on this machine or a Ray cluster, into Parquet."""

from __future__ import annotations

from pathlib import Path

import click

from newsweave.cli.common import (
    EXIT_NOTHING_USABLE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    configure_logging,
    exit_with,
    fail,
    stderr,
    verbose_option,
    workers_option,
)

__all__ = ["batch"]


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
    help="Ray cluster address ('auto': the one this machine is in; unset: start one).",
)
@workers_option("Page workers (0: one per CPU of the machine or cluster).")
@click.option(
    "--window-days",
    type=click.FloatRange(min=1),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="Days per story-clustering window (1 day overlap).",
)
@verbose_option
def batch(
    inputs: tuple[str, ...],
    out: Path,
    engine: str,
    address: str | None,
    workers: int,
    window_days: float,
    verbose: bool,
) -> None:
    """Run the pipeline over large archives into Parquet.

    Output partitioned by date, with a manifest.

    INPUTS are files, folders or quoted globs of .warc .warc.gz .jsonl .html .htm .txt .parquet.
    The same extract, annotate and grouping code as `ingest`, locally or on Ray; near-duplicates
    and stories are computed over the whole output. Load the result with `newsweave ingest OUT`.

    \b
    Example:
        newsweave batch 'archives/*.warc.gz' --out out/ --engine ray --address auto
        newsweave ingest out/ --db news.db
    """
    from newsweave.batch import BatchOptions, LocalEngine, RayEngine, WindowOptions
    from newsweave.batch.run import run_batch
    from newsweave.errors import NewsweaveError

    configure_logging(verbose)
    options = BatchOptions(windows=WindowOptions(window_days=window_days))
    if engine == "local":
        runner: LocalEngine | RayEngine = LocalEngine(workers or None)
    else:
        try:
            runner = RayEngine(address, workers or None)
        except ImportError:
            fail("--engine ray needs Ray: pip install 'newsweave[batch]'", EXIT_USAGE)
        except ConnectionError as error:
            fail(f"cannot reach the Ray cluster at {address}: {error}", EXIT_USAGE, verbose=verbose)
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
