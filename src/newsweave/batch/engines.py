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
import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from newsweave.batch.rows import ROW_SCHEMA, PageStage, Row, read_input_rows, to_table
from newsweave.extract import ExtractOptions

__all__ = ["Emit", "Engine", "LocalEngine", "RayEngine", "Reduce", "label_articles"]

Emit = Callable[[Row], list[Row]]
Reduce = Callable[[str, Sequence[Row]], list[Row]]
Input = tuple[Path, str]

ROWS_PER_SLICE = 64
"""Document rows the local engine processes and writes at a time (bounds its memory)."""
TASK_RETRIES = 3
"""Times Ray restarts a page actor whose process died, retrying its batch, before the job fails."""
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
        self.stage = PageStage(self.workers, extract_options)

    def process_inputs(self, inputs: Sequence[Input], dest: Path) -> None:
        dest.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(dest / "part-0.parquet", ROW_SCHEMA) as writer:
            for path, key in inputs:
                pending: list[Row] = []
                for row in read_input_rows(path, key):
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
    """Runs the steps as Ray Data datasets on the cluster at ``address`` (None: Ray's default).

    The page stage runs in ``workers`` actors (default: one per CPU of the cluster), each with its
    own extraction process and embedder loaded once; reading, grouping and writing run as Ray
    tasks. Tasks whose process dies are retried (Ray's default, 3 times), page actors are restarted
    and their batch retried :data:`TASK_RETRIES` times; a page that fails is a failure row, not a
    retry.
    """

    def __init__(
        self, address: str | None = None, workers: int | None = None, extract_options: ExtractOptions | None = None
    ) -> None:
        import ray
        import ray.data

        if not ray.is_initialized():
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        # The sort-based shuffle: Ray's default hash shuffle starts aggregator actors per groupby,
        # measured at 21 s against 2-6 s a grouping step on a 2-core machine.
        context.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
        resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
        self.workers = workers or max(1, int(resources.get("CPU", 1)))
        self.extract_options = extract_options

    def process_inputs(self, inputs: Sequence[Input], dest: Path) -> None:
        import ray.data

        items = [{"path": str(path), "key": key} for path, key in inputs]
        listed = ray.data.from_items(items, override_num_blocks=len(items))
        # Reading asks for no CPU: the page actors hold one each, and reading must never wait on them.
        documents = listed.map_batches(_read_batch, batch_size=1, batch_format="pyarrow", num_cpus=0)
        pages = documents.map_batches(
            PageStage,
            fn_constructor_kwargs={"workers": 1, "extract_options": self.extract_options},
            batch_size=16,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            num_cpus=1,
            max_restarts=TASK_RETRIES,
            max_task_retries=TASK_RETRIES,
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
        """Leave the cluster running: it may be shared; ``ray.shutdown`` happens at interpreter exit."""


def _read_batch(batch: pa.Table) -> pa.Table:
    rows = [row for item in batch.to_pylist() for row in read_input_rows(Path(item["path"]), item["key"])]
    return to_table(rows)


def _reduce_group(group: pa.Table, reduce: Reduce, schema: pa.Schema) -> pa.Table:
    rows = group.to_pylist()
    return pa.Table.from_pylist(reduce(rows[0]["key"], rows), schema) if rows else schema.empty_table()
