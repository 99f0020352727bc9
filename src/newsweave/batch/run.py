"""The batch driver: inputs in chunks through an engine, then corpus-level grouping, then the output.

1. Inputs not yet done (by the store's input key: path, size and modification time) are cut into
   chunks; each chunk runs the page stage on the engine and is recorded in the manifest when its
   Parquet is complete, so a rerun skips what is done and an interrupted run loses one chunk at
   most. An input that failed as a whole (no page read) is tried again, as ``ingest`` does.
2. Near-duplicates and stories are computed over every article of the output
   (:mod:`newsweave.batch.grouping`), in three shuffles on the engine.
3. The articles are written partitioned by date with their story and duplicate group; failures
   go to one Parquet file; the manifest gets the totals.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from newsweave.batch.engines import Engine, Input
from newsweave.batch.grouping import (
    WindowOptions,
    band_rows,
    cluster_window,
    component_rows,
    connected_components,
    merge_windows,
    replay_duplicates,
    star_links,
    window_of,
    window_rows,
)
from newsweave.batch.output import (
    ARTICLES_DIR,
    FAILURES_FILE,
    INPUTS_DIR,
    Manifest,
    new_manifest,
    read_manifest,
    write_manifest,
)
from newsweave.batch.rows import list_inputs
from newsweave.store import file_input_key

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]

_LINK_SCHEMA = pa.schema([("a", pa.string()), ("b", pa.string())])
_DUPLICATE_SCHEMA = pa.schema([("id", pa.string()), ("group", pa.string())])
_WINDOW_SCHEMA = pa.schema(
    [
        ("window", pa.string()),
        ("id", pa.string()),
        ("story", pa.string()),
        ("order", pa.string()),
        ("is_home", pa.bool_()),
    ]
)
_FAILURE_COLUMNS = ["input", "input_key", "failure"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchOptions:
    """Options of a batch run.

    Args:
        inputs_per_chunk: inputs processed (and recorded as done) together; the most work a
            crash can lose. Give a cluster several inputs per worker.
        windows: time windows of story clustering.
    """

    inputs_per_chunk: int = 64
    windows: WindowOptions = field(default_factory=WindowOptions)

    def __post_init__(self) -> None:
        if self.inputs_per_chunk < 1:
            raise ValueError(f"inputs_per_chunk must be >= 1, got {self.inputs_per_chunk}")


@dataclass(slots=True)
class BatchSummary:
    """What a run did (``inputs*`` for the inputs named) and what the whole output holds."""

    inputs: int = 0
    inputs_skipped: int = 0
    documents: int = 0
    articles: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    stories: int = 0
    duplicate_groups: int = 0
    windows: int = 0


def run_batch(
    patterns: Iterable[str],
    out: Path,
    engine: Engine,
    options: BatchOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Run the batch pipeline over the inputs ``patterns`` name, into ``out``.

    Raises:
        InputError: a pattern names nothing, or ``out`` holds a manifest that is not a batch one.
    """
    options = options or BatchOptions()
    inputs = list_inputs(patterns)
    out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out) or new_manifest()
    keyed = [(path, file_input_key(path)) for path in inputs]
    todo = [(path, key) for path, key in keyed if manifest["inputs"].get(key, {}).get("status") != "done"]
    for start in range(0, len(todo), options.inputs_per_chunk):
        chunk = todo[start : start + options.inputs_per_chunk]
        _run_chunk(chunk, out, manifest, engine)
        if progress:
            progress(f"{min(start + len(chunk), len(todo))} of {len(todo)} inputs processed")
    summary = _summary([key for _, key in keyed], manifest, n_skipped=len(keyed) - len(todo))
    if progress:
        progress("grouping near-duplicates and stories")
    _group_and_write(out, manifest, engine, options.windows, summary)
    return summary


def _run_chunk(chunk: Sequence[Input], out: Path, manifest: Manifest, engine: Engine) -> None:
    name = f"chunk-{len(manifest['chunks']):05d}"
    done = out / INPUTS_DIR / name
    partial = done.with_name(f"{name}.partial")
    shutil.rmtree(partial, ignore_errors=True)  # what an interrupted run left of this chunk
    engine.process_inputs(chunk, partial)
    partial.rename(done)
    manifest["chunks"].append(name)
    manifest["inputs"].update(_input_entries(chunk, done))
    write_manifest(out, manifest)


def _input_entries(chunk: Sequence[Input], source: Path) -> dict[str, dict[str, object]]:
    """Per input: path, chunk, status, pages read, articles and failure codes (as ``ingest`` counts them)."""
    table = pads.dataset(source, format="parquet").to_table(columns=["input_key", "kind", "failure"])
    articles: Counter[str] = Counter()
    failures: dict[str, Counter[str]] = {key: Counter() for _, key in chunk}
    n_extract_failures: Counter[str] = Counter()
    for row in table.to_pylist():
        if row["kind"] == "article":
            articles[row["input_key"]] += 1
        elif row["kind"] == "failure":
            failure = json.loads(row["failure"])
            failures[row["input_key"]][failure["code"]] += 1
            n_extract_failures[row["input_key"]] += failure["stage"] != "sources"
    entries: dict[str, dict[str, object]] = {}
    for path, key in chunk:
        n_documents = articles[key] + n_extract_failures[key]
        entries[key] = {
            "path": str(path),
            "chunk": source.name,
            "status": "failed" if failures[key] and not n_documents else "done",
            "documents": n_documents,
            "articles": articles[key],
            "failures": dict(failures[key]),
        }
    return entries


def _summary(keys: Sequence[str], manifest: Manifest, *, n_skipped: int) -> BatchSummary:
    summary = BatchSummary(inputs=len(keys), inputs_skipped=n_skipped)
    for key in keys:
        entry = manifest["inputs"][key]
        summary.documents += entry["documents"]
        summary.articles += entry["articles"]
        summary.failures.update(entry["failures"])
    return summary


def _group_and_write(
    out: Path, manifest: Manifest, engine: Engine, windows: WindowOptions, summary: BatchSummary
) -> None:
    sources = [out / INPUTS_DIR / name for name in manifest["chunks"]]
    has_articles = any(entry["articles"] for entry in manifest["inputs"].values())
    # A shuffle that emits nothing has no columns to group by on Ray: those are skipped.
    links = engine.shuffle(sources, band_rows, star_links, _LINK_SCHEMA) if has_articles else []
    component_of = connected_components((row["a"], row["b"]) for row in links)
    emit_components = functools.partial(component_rows, component_of=component_of)
    duplicates = engine.shuffle(sources, emit_components, replay_duplicates, _DUPLICATE_SCHEMA) if links else []
    emit_windows = functools.partial(window_rows, options=windows, last_window=_last_window(sources, windows))
    assigned = engine.shuffle(sources, emit_windows, cluster_window, _WINDOW_SCHEMA) if has_articles else []
    story_of = merge_windows(assigned)
    group_of = {row["id"]: row["group"] for row in duplicates}
    shutil.rmtree(out / ARTICLES_DIR, ignore_errors=True)
    engine.write_articles(sources, {"story": story_of, "duplicate_group": group_of}, out / ARTICLES_DIR)
    _write_failures(sources, manifest, out / FAILURES_FILE)
    summary.stories = len(set(story_of.values()))
    summary.duplicate_groups = len(set(group_of.values()))
    summary.windows = len({row["window"] for row in assigned})
    manifest["grouping"] = {
        "window_days": windows.window_days,
        "overlap_days": windows.overlap_days,
        "articles": len(story_of),
        "stories": summary.stories,
        "duplicate_groups": summary.duplicate_groups,
        "windows": summary.windows,
    }
    write_manifest(out, manifest)


def _last_window(sources: Sequence[Path], windows: WindowOptions) -> int:
    """The latest window of any dated article (0 when none is dated)."""
    published = (pads.dataset(source, format="parquet").to_table(columns=["published"]) for source in sources)
    return max(
        (window_of(value, windows) for table in published for value in table["published"].to_pylist() if value),
        default=0,
    )


def _write_failures(sources: Sequence[Path], manifest: Manifest, path: Path) -> None:
    """Failures of each input from the chunk that processed it last (an earlier try's are dropped)."""
    tables = []
    for source in sources:
        table = pads.dataset(source, format="parquet").to_table(columns=[*_FAILURE_COLUMNS, "kind"])
        keep = [
            row["kind"] == "failure" and manifest["inputs"].get(row["input_key"], {}).get("chunk") == source.name
            for row in table.select(["kind", "input_key"]).to_pylist()
        ]
        tables.append(table.filter(pa.array(keep, pa.bool_())).select(_FAILURE_COLUMNS))
    schema = pa.schema([(name, pa.string()) for name in _FAILURE_COLUMNS])
    pq.write_table(pa.concat_tables(tables) if tables else schema.empty_table(), path)
