"""Engines: where the batch steps run. ``local`` in this process and its workers, ``ray`` on Ray Data.

Both run the same three things on the same rows: the page stage over a chunk of inputs (read ->
extract -> annotate -> features, written as Parquet), a map -> group by key -> reduce step
(``shuffle``) for the corpus-level grouping, and the final write of the article rows partitioned
by date. The functions they run live in :mod:`newsweave.batch.rows` and
:mod:`newsweave.batch.grouping`; an engine only decides where they run, so the two cannot disagree.

Ray is imported only by :class:`RayEngine`, so the local engine needs nothing beyond the package.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import socket
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from newsweave.batch.rows import ROW_SCHEMA, PageStage, Row, read_input_rows, to_table
from newsweave.errors import NewsweaveError
from newsweave.extract import ExtractOptions
from newsweave.limits import Limits

__all__ = ["Emit", "Engine", "LocalEngine", "RayEngine", "Reduce", "label_articles"]

Emit = Callable[[Row], list[Row]]
Reduce = Callable[[str, Sequence[Row]], list[Row]]
Input = tuple[Path, str]

ROWS_PER_SLICE = 64
"""Document rows the local engine processes and writes at a time (bounds its memory)."""
CONNECT_TIMEOUT_S = 5.0
"""Seconds a Ray cluster address has to accept a connection before joining it is given up."""
WORKERS_A_READER = 32
"""Page workers one Ray read task feeds: reading a page costs about 1/100 of its page stage (1.4
against 158 ms of CPU on the AEB pages, ``bench/pipeline_pages.py``)."""
_GROUPING_COLUMNS = ["kind", "id", "published", "article", "embedding", "signature"]


class Engine(Protocol):
    def process_inputs(self, inputs: Sequence[Input], dest: Path) -> None:
        """Read, extract, annotate and featurise ``inputs`` into Parquet files under ``dest``."""
        ...

    def shuffle(self, sources: Sequence[Path], emit: Emit, reduce: Reduce, schema: pa.Schema) -> list[Row]:
        """``reduce(key, rows)`` over the rows ``emit`` made from every row of ``sources``, grouped by ``"key"``."""
        ...

    def write_articles(self, sources: Sequence[Path], labels: Mapping[str, Mapping[str, str]], out: Path) -> None:
        """The article rows of ``sources`` with a column per ``labels`` entry, under ``out/date=.../``."""
        ...

    def close(self) -> None: ...


def label_articles(table: pa.Table, labels: Mapping[str, Mapping[str, str]]) -> pa.Table:
    """The article rows of ``table`` without the work columns, plus one column per label mapping."""
    articles = table.filter(pc.equal(table["kind"], "article")).drop_columns(["kind", "failure"])
    ids = articles["id"].to_pylist()
    for name, label_of in labels.items():
        articles = articles.append_column(name, pa.array([label_of.get(i) for i in ids], pa.string()))
    return articles


class LocalEngine:
    """Runs everything in this process, with ``workers`` extraction processes."""

    def __init__(self, workers: int | None = None, extract_options: ExtractOptions | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.limits = (extract_options or ExtractOptions()).limits
        self.stage = PageStage(self.workers, extract_options)

    def process_inputs(self, inputs: Sequence[Input], dest: Path) -> None:
        dest.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(dest / "part-0.parquet", ROW_SCHEMA) as writer:
            for path, key in inputs:
                pending: list[Row] = []
                for row in read_input_rows(path, key, self.limits):
                    pending.append(row)
                    if len(pending) >= ROWS_PER_SLICE:
                        writer.write_table(to_table(self.stage.process_rows(pending)))
                        pending = []
                writer.write_table(to_table(self.stage.process_rows(pending)))

    def shuffle(self, sources: Sequence[Path], emit: Emit, reduce: Reduce, schema: pa.Schema) -> list[Row]:
        groups: dict[str, list[Row]] = defaultdict(list)
        for source in sources:
            for row in pads.dataset(source, format="parquet").to_table(columns=_GROUPING_COLUMNS).to_pylist():
                for emitted in emit(row):
                    groups[emitted["key"]].append(emitted)
        return [result for key in sorted(groups) for result in reduce(key, groups[key])]

    def write_articles(self, sources: Sequence[Path], labels: Mapping[str, Mapping[str, str]], out: Path) -> None:
        for source in sources:
            table = label_articles(pads.dataset(source, format="parquet").to_table(), labels)
            pads.write_dataset(
                table,
                out,
                format="parquet",
                partitioning=pads.partitioning(pa.schema([("date", pa.string())]), flavor="hive"),
                basename_template=f"{source.name}-{{i}}.parquet",
                existing_data_behavior="overwrite_or_ignore",
            )

    def close(self) -> None:
        self.stage.close()


class RayEngine:
    """Runs the steps as Ray Data datasets on a Ray cluster.

    ``address`` None (or ``"local"``) starts a cluster on this machine for this engine, with
    ``workers`` CPUs (default: those Ray finds), and :meth:`close` stops it; neither
    ``RAY_ADDRESS`` nor Ray's ``ray_current_cluster`` file is read (the CLI passes
    ``RAY_ADDRESS`` as ``address``). Any other address joins that cluster: ``"auto"`` the one
    ``ray start`` began on this machine, ``host:port`` or ``ray://host:port`` one elsewhere;
    :meth:`close` leaves it running. A cluster that does not answer within
    :data:`CONNECT_TIMEOUT_S` seconds is an error, not a wait. Ray's own log lines (its INFO and
    warnings, and the workers' output) reach stderr only when ``verbose``. A Ray session already
    open in this process is used as it is, whatever ``address``, and left open.

    The page stage runs in ``workers`` actors (default: one per CPU of the cluster), each with its
    own extraction process and embedder loaded once; reading, grouping and writing run as Ray
    tasks. Tasks whose process dies are retried (Ray's default, 3 times), page actors are
    restarted and their batch retried (Ray Data's default, without limit: a page that fails is a
    failure row, not a retry, so only a lost process or node restarts one).

    Raises:
        NewsweaveError: ``batch.ray_unreachable``: nothing answers at ``address``;
            ``batch.ray_address``: ``address`` is not an address.
    """

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        extract_options: ExtractOptions | None = None,
        *,
        verbose: bool = False,
    ) -> None:
        import ray

        self.extract_options = extract_options
        self._owns_ray = False
        if not ray.is_initialized():
            _init_ray(address, workers, verbose=verbose)
            self._owns_ray = True
        try:
            import ray.data

            _quiet_ray_data(verbose=verbose)
            context = ray.data.DataContext.get_current()
            context.enable_progress_bars = False
            # The sort-based shuffle: Ray's default hash shuffle starts aggregator actors per
            # groupby, measured at 21 s against 2-6 s a grouping step on a 2-core machine.
            context.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
            resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
        except BaseException:
            self.close()
            raise
        self.workers = workers or max(1, int(resources.get("CPU", 1)))

    def process_inputs(self, inputs: Sequence[Input], dest: Path) -> None:
        import ray.data

        items = [{"path": str(path), "key": key} for path, key in inputs]
        listed = ray.data.from_items(items, override_num_blocks=len(items))
        # Reading asks for no CPU: the page actors hold one each, and reading must never wait on them.
        # It runs a few tasks at a time: unbounded, Ray started a process per read task, each
        # importing newsweave, and on two cores they held up the page actors' start.
        limits = (self.extract_options or ExtractOptions()).limits
        read = functools.partial(_read_batch, limits=limits)
        readers = math.ceil(self.workers / WORKERS_A_READER)
        documents = listed.map_batches(read, batch_size=1, batch_format="pyarrow", num_cpus=0, concurrency=readers)
        pages = documents.map_batches(
            PageStage,
            fn_constructor_kwargs={"workers": 1, "extract_options": self.extract_options},
            batch_size=16,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            num_cpus=1,
        )
        pages.write_parquet(str(dest))

    def shuffle(self, sources: Sequence[Path], emit: Emit, reduce: Reduce, schema: pa.Schema) -> list[Row]:
        import ray.data

        dataset = ray.data.read_parquet([str(source) for source in sources]).select_columns(_GROUPING_COLUMNS)
        # A few partitions per worker: Ray's default (hundreds) costs far more in task overhead
        # than it gains until the corpus is large.
        grouped = dataset.flat_map(emit).groupby("key", num_partitions=2 * self.workers)
        results = grouped.map_groups(
            functools.partial(_reduce_group, reduce=reduce, schema=schema), batch_format="pyarrow"
        )
        rows: list[Row] = results.take_all()
        return rows

    def write_articles(self, sources: Sequence[Path], labels: Mapping[str, Mapping[str, str]], out: Path) -> None:
        import ray.data

        dataset = ray.data.read_parquet([str(source) for source in sources])
        labelled = dataset.map_batches(functools.partial(label_articles, labels=labels), batch_format="pyarrow")
        labelled.write_parquet(str(out), partition_cols=["date"])

    def close(self) -> None:
        """Disconnect from Ray if this engine connected: a cluster it started stops, one it joined runs on.

        A Ray session the caller began before making the engine is the caller's to end.
        """
        if self._owns_ray:
            import ray

            ray.shutdown()
            self._owns_ray = False


def _init_ray(address: str | None, workers: int | None, *, verbose: bool) -> None:
    """Start a Ray cluster here (``address`` None or ``"local"``) or join the one at ``address``.

    ``ray.init(address=None)`` does neither reliably: it joins the cluster named in Ray's
    ``ray_current_cluster`` file when there is one, and that file outlives a cluster that ended
    uncleanly, so a stale one made ``batch`` wait for minutes on a dead address (issue 20).
    ``"local"`` always starts one. A join is preceded by a TCP connection to the address, because
    Ray retries an address that refuses for minutes before it gives up.
    """
    import ray

    level = logging.INFO if verbose else logging.ERROR
    if address is None or address == "local":
        ray.init(address="local", num_cpus=workers, include_dashboard=False, logging_level=level, log_to_driver=verbose)
        return
    _check_reachable(address)
    try:
        ray.init(address=address, include_dashboard=False, logging_level=level, log_to_driver=verbose)
    except ConnectionError as error:
        raise NewsweaveError("batch.ray_unreachable", f"cannot join the Ray cluster at {address}: {error}") from error


def _check_reachable(address: str) -> None:
    """Raise unless something accepts a TCP connection at ``address`` within :data:`CONNECT_TIMEOUT_S`."""
    target = _resolve_auto() if address == "auto" else address.partition("://")[2] or address
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise NewsweaveError(
            "batch.ray_address", f"a Ray address is host:port, ray://host:port, 'auto' or 'local'; got {address!r}"
        )
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as error:
        named = f"auto ({target})" if address == "auto" else address
        reason = f"no answer within {CONNECT_TIMEOUT_S:g} s" if isinstance(error, TimeoutError) else error.strerror
        raise NewsweaveError(
            "batch.ray_unreachable", f"no Ray cluster answers at {named}: {reason or error}"
        ) from error


def _resolve_auto() -> str:
    """The address ``ray.init(address="auto")`` would join: ``RAY_ADDRESS``, else Ray's
    ``ray_current_cluster`` file, else a running cluster's; through Ray's own lookup, which is private."""
    from ray._private import services

    try:
        address: str = services.canonicalize_bootstrap_address_or_die("auto")
    except ConnectionError as error:
        raise NewsweaveError(
            "batch.ray_unreachable", f"'auto' finds no Ray cluster on this machine: {error}"
        ) from error
    return address


def _quiet_ray_data(*, verbose: bool) -> None:
    """Ray Data logs each dataset's plan and timing to stderr through its own handler at INFO;
    raise that handler (not its log file's) to ERROR unless ``verbose``."""
    for handler in logging.getLogger("ray.data").handlers:
        if type(handler) is not logging.FileHandler and isinstance(handler, logging.StreamHandler):
            handler.setLevel(logging.INFO if verbose else logging.ERROR)


def _read_batch(batch: pa.Table, limits: Limits) -> pa.Table:
    rows = [row for item in batch.to_pylist() for row in read_input_rows(Path(item["path"]), item["key"], limits)]
    return to_table(rows)


def _reduce_group(group: pa.Table, reduce: Reduce, schema: pa.Schema) -> pa.Table:
    rows = group.to_pylist()
    return pa.Table.from_pylist(reduce(rows[0]["key"], rows), schema) if rows else schema.empty_table()
