"""The batch path on the local engine: same stories and near-duplicates as ingest, resumable, loadable."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as pads
import pytest
from typer.testing import CliRunner

from newsweave.batch import BatchSummary, LocalEngine, read_batch_output, run_batch
from newsweave.batch.output import read_manifest
from newsweave.cli import EXIT_SOME_FAILED, app
from newsweave.ingest import Ingestor
from newsweave.store import SqliteStore

runner = CliRunner()


def partition(label_of: dict[str, str]) -> set[frozenset[str]]:
    """Groups of ids sharing a label (what is compared: the names of groups may differ)."""
    groups: dict[str, set[str]] = {}
    for item, label in label_of.items():
        groups.setdefault(label, set()).add(item)
    return {frozenset(members) for members in groups.values()}


def batch_labels(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(story of each article, near-duplicate group of each grouped article) of a batch output."""
    rows = pads.dataset(out / "articles", partitioning="hive").to_table().to_pylist()
    stories = {row["id"]: row["story"] for row in rows}
    return stories, {row["id"]: row["duplicate_group"] for row in rows if row["duplicate_group"]}


@pytest.fixture(scope="module")
def online(warc_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """Stories and near-duplicate groups of ``newsweave ingest`` on the same WARC set."""
    with SqliteStore(tmp_path_factory.mktemp("online") / "news.db") as store:
        summary = Ingestor(store, workers=2).ingest([warc_set])
        groups = {member: group[0] for group in store.near_duplicate_groups() for member in group}
    return summary.assignments, groups


@pytest.fixture(scope="module")
def local_run(warc_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("batch") / "out"
    engine = LocalEngine(workers=2)
    try:
        summary = run_batch([str(warc_set / "*.warc*")], out, engine)
    finally:
        engine.close()
    return out, summary


def test_batch_local_equals_online_ingest(
    local_run: tuple[Path, BatchSummary], online: tuple[dict[str, str], dict[str, str]]
) -> None:
    out, summary = local_run
    stories, duplicates = batch_labels(out)
    online_stories, online_duplicates = online
    assert summary.articles == 6
    assert summary.failures == {"sources.empty": 1}
    assert stories == online_stories  # one window: the same clusterer in the same order, the same ids
    assert partition(stories) == partition(online_stories)
    assert len(partition(stories)) == 2  # the bridge strike, and the library
    assert partition(duplicates) == partition(online_duplicates)
    assert [len(group) for group in partition(duplicates)] == [2]  # the reprint with its original


def test_batch_output_is_partitioned_with_manifest(local_run: tuple[Path, BatchSummary]) -> None:
    out, _ = local_run
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["date=2025-10-14", "date=undated"]
    manifest = read_manifest(out)
    statuses = {Path(entry["path"]).name: (entry["status"], entry["articles"]) for entry in manifest["inputs"].values()}
    assert statuses == {"a.warc.gz": ("done", 2), "b.warc": ("done", 4)}
    assert manifest["grouping"]["stories"] == 2
    failures = pads.dataset(out / "failures.parquet").to_table().to_pylist()
    assert [row["input"].endswith("b.warc") for row in failures] == [True]


def test_batch_rerun_skips_inputs_done(local_run: tuple[Path, BatchSummary], warc_set: Path) -> None:
    out, first = local_run
    chunks = read_manifest(out)["chunks"]
    engine = LocalEngine(workers=1)
    try:
        again = run_batch([str(warc_set)], out, engine)
    finally:
        engine.close()
    assert again.inputs_skipped == 2
    assert read_manifest(out)["chunks"] == chunks
    assert (again.articles, again.stories, again.duplicate_groups) == (first.articles, first.stories, 1)


def test_ingest_loads_batch_output(local_run: tuple[Path, BatchSummary], tmp_path: Path) -> None:
    out, _ = local_run
    assert [len(given.articles) for given in read_batch_output(out)] == [2, 4]
    db = tmp_path / "news.db"
    loaded = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert loaded.exit_code == EXIT_SOME_FAILED, loaded.output  # the empty page is a recorded failure
    with SqliteStore(db, read_only=True) as store:
        assert len(store.stories()) == 2
        assert len(store.near_duplicate_groups()) == 1
    again = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert "2 already done" in again.stderr
