"""Crash safety: ``newsweave ingest`` killed with SIGKILL at random points, over and over, then resumed.

Each attempt is the CLI's entry point (:func:`newsweave.cli.main` with ``ingest ... --db``) in a
process of its own, forked from this one after the models are loaded: starting the interpreter
and loading the models takes longer than ingesting the small input set, and twenty kills of
``python -m newsweave.cli`` would take minutes. The kill goes to the attempt's whole process group,
extraction workers included, at a time drawn from a seeded RNG over the length of a whole run.

After every round of kills and the resume that finishes it, the store must pass
``PRAGMA integrity_check``, hold every page once, and equal the store of an uninterrupted run:
the same documents, articles, stories, near-duplicate groups, failures and inputs done.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

import newsweave
from newsweave.cli import main
from newsweave.models.embedder import UseEmbedder
from newsweave.store import SqliteStore
from tests.conftest import EXAMPLES, inputs_recorded
from tests.robustness.corpus import warc_record

N_KILLS = 20
SEED = 20_251_123
MAX_ATTEMPTS_PER_ROUND = 8


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nine inputs: pages, a reprint, a WARC, JSON Lines with a bad line, an empty and a binary file."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("alder-courier.html", "diario-del-puerto.html", "coastline-daily.txt", "northgate-wire.txt"):
        shutil.copy(EXAMPLES / name, folder)
    coastline = (EXAMPLES / "coastline-daily.txt").read_text(encoding="utf-8")
    (folder / "reprint.txt").write_text(coastline.replace("Skip to footer", "Reprinted with permission."))
    courier = (EXAMPLES / "alder-courier.html").read_text(encoding="utf-8")
    records = [warc_record("https://aldercourier.example/a", courier.replace("Alder", "Aldern"))]
    (folder / "crawl.warc.gz").write_bytes(gzip.compress(b"".join(records)))
    wire = (EXAMPLES / "northgate-wire.txt").read_text(encoding="utf-8")
    lines = [
        {"text": wire.replace("Northgate", "Southgate"), "published": "2025-10-14T12:00:00Z"},
        {"text": coastline.replace("Coastline", "Seaboard"), "outlet": "Seaboard"},
        "not json",
    ]
    (folder / "batch.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    (folder / "broken.html").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def warm() -> None:
    """Load every model once here, so that forked attempts (and their workers) start warm."""
    newsweave.annotate(newsweave.extract(newsweave.read([EXAMPLES / "alder-courier.html"])))
    UseEmbedder().embed(["warm"])


def _start_ingest(inputs: Path, db: Path) -> int:
    """Fork a process that runs ``newsweave ingest INPUTS --db DB`` in a process group of its own."""
    pid = os.fork()
    if pid:
        os.setpgid(pid, pid)  # here too, so that a kill at once finds the group: no race with the child
        return pid
    code = 70
    try:
        os.setpgid(0, 0)
        quiet = open(os.devnull, "w")  # noqa: SIM115 -- the process ends with os._exit
        os.dup2(quiet.fileno(), 1)
        os.dup2(quiet.fileno(), 2)
        sys.stdout = sys.stderr = quiet
        main(["ingest", str(inputs), "--db", str(db), "--workers", "1"])
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else 70
    finally:
        os._exit(code)


def _finish(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _kill_at(pid: int, delay: float) -> bool:
    """SIGKILL the attempt's process group after ``delay`` seconds; False if it finished first."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished:
            return False
        time.sleep(0.01)
    os.killpg(pid, signal.SIGKILL)
    _finish(pid)
    return True


def _state(db: Path) -> dict[str, object]:
    """The store's content, free of run ids and timestamps."""
    with SqliteStore(db, read_only=True) as store:
        assert store.integrity_check()
        articles = sorted(article.id for article in store.iter_articles(order="id"))
        return {
            "articles": articles,
            "stories": sorted((article_id, store.story_of(article_id)) for article_id in articles),
            "duplicates": sorted(store.near_duplicate_groups()),
            "failures": sorted({(row.failure.input_id, row.failure.code) for row in store.failures()}),
        }


def _table_state(db: Path) -> dict[str, object]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {
            "documents": sorted(row[0] for row in conn.execute("SELECT id FROM documents")),
            "inputs": sorted(conn.execute("SELECT key, status FROM ingested_inputs").fetchall()),
        }


def test_ingest_killed_twenty_times_then_resumed_equals_uninterrupted(inputs: Path, warm: None, tmp_path: Path) -> None:
    assert _finish(_start_ingest(inputs, tmp_path / "whole.db")) == 1  # the broken inputs fail, the rest are read
    expected = (_state(tmp_path / "whole.db"), _table_state(tmp_path / "whole.db"))
    n_inputs = len(list(inputs.iterdir()))
    assert len(expected[1]["inputs"]) == n_inputs  # type: ignore[arg-type]
    # A second uninterrupted run, now that every cache is warm, times the kills (and must agree).
    started = time.monotonic()
    assert _finish(_start_ingest(inputs, tmp_path / "again.db")) == 1
    run_seconds = time.monotonic() - started
    assert (_state(tmp_path / "again.db"), _table_state(tmp_path / "again.db")) == expected

    rng = random.Random(SEED)
    kills = part_way = rounds = 0
    while kills < N_KILLS:
        rounds += 1
        db = tmp_path / f"killed-{rounds}.db"
        for _ in range(MAX_ATTEMPTS_PER_ROUND):
            pid = _start_ingest(inputs, db)
            if not _kill_at(pid, rng.uniform(0, run_seconds)):
                break
            kills += 1
            part_way += 0 < inputs_recorded(db) < n_inputs
        else:
            assert _finish(_start_ingest(inputs, db)) == 1
        assert (_state(db), _table_state(db)) == expected, f"round {rounds} after {kills} kills"
    assert part_way >= N_KILLS // 4, f"{part_way} of {kills} kills in {rounds} rounds landed part-way through a run"
