"""The batch path on the local engine: same stories and near-duplicates as ingest, resumable, loadable."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as pads
from click.testing import CliRunner
from tests.batch.conftest import batch_labels, partition
from tests.conftest import EXAMPLES

from newsweave.batch import BatchSummary, LocalEngine, read_batch_output, run_batch
from newsweave.batch.output import read_manifest
from newsweave.cli import EXIT_SOME_FAILED, app
from newsweave.store import SqliteStore

runner = CliRunner()


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
    assert [len(given.records) for given in read_batch_output(out)] == [2, 4]
    db = tmp_path / "news.db"
    loaded = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert loaded.exit_code == EXIT_SOME_FAILED, loaded.output  # the empty page is a recorded failure
    with SqliteStore(db, read_only=True) as store:
        assert len(store.stories()) == 2
        assert len(store.near_duplicate_groups()) == 1
    again = runner.invoke(app, ["ingest", str(out), "--db", str(db)])
    assert "2 already done" in again.stderr


def test_batch_holds_pages_to_the_page_size_limit(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    example = (EXAMPLES / "coastline-daily.txt").read_text(encoding="utf-8")
    (pages / "small.txt").write_text(example, encoding="utf-8")
    (pages / "large.txt").write_text(example + "\n\nThe pier was inspected again today." * 400, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(pages), "--out", str(out), "--workers", "1", "--max-page-mb", "0.01"])
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    assert "1 failed sources.too_large" in result.stderr
    failures = pads.dataset(out / "failures.parquet", format="parquet").to_table().to_pylist()
    assert [row["input"] for row in failures] == [str(pages / "large.txt")]
