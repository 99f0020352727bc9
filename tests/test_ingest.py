"""End-to-end ingest: a mixed folder in, stories, near-duplicates and recorded failures out, twice."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import EXIT_NOTHING_USABLE, EXIT_OK, EXIT_SOME_FAILED, app
from newsweave.ingest import Ingestor
from newsweave.model import Article
from newsweave.store import SqliteStore
from tests.conftest import EXAMPLES, inputs_recorded

runner = CliRunner()


def _warc_record(url: str, html: str) -> bytes:
    body = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}".encode()
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-10-14T10:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return gzip.compress(headers + body + b"\r\n\r\n")


def _feed(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n\n")[2:])
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Northgate Wire</title>'
        "<link>https://northgate.example/</link><description>Wire</description><language>en</language>"
        "<item><title>Five hurt as container ship hits Halvard Bridge in Port Alder</title>"
        "<link>https://northgate.example/halvard</link><pubDate>Tue, 14 Oct 2025 11:00:00 GMT</pubDate>"
        f"<description><![CDATA[{paragraphs}]]></description></item></channel></rss>"
    )


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(EXAMPLES / "coastline-daily.txt", folder)
    shutil.copy(EXAMPLES / "diario-del-puerto.html", folder)
    courier = (EXAMPLES / "alder-courier.html").read_text(encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(_warc_record("https://aldercourier.example/halvard", courier))
    (folder / "wire.rss").write_text(_feed((EXAMPLES / "northgate-wire.txt").read_text(encoding="utf-8")))
    reprint = (
        (EXAMPLES / "coastline-daily.txt")
        .read_text(encoding="utf-8")
        .replace("Skip to footer", "Reprinted with permission.")
    )
    (folder / "reprint.txt").write_text(reprint, encoding="utf-8")
    (folder / "broken.html").write_bytes(b"")
    return folder


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = ("documents", "articles", "story_members", "stories", "near_duplicate_members", "failures")
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in tables}


def test_ingest_mixed_folder_twice(mixed_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    first = runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(db), "--workers", "2"])
    assert first.exit_code == EXIT_SOME_FAILED, first.output
    assert "sources.empty" in first.stderr
    counts = _counts(db)
    assert counts["articles"] == 5
    assert counts["failures"] == 1

    with SqliteStore(db, read_only=True) as store:
        assert store.integrity_check()
        stories = store.stories()
        assert len(stories) == 1, [row.title for row in stories]  # English, Spanish, WARC, feed: one event
        assert stories[0].n_articles == 5
        assert stories[0].n_outlets == 4  # the reprint counts with its original
        assert stories[0].languages == ("en", "es")
        groups = store.near_duplicate_groups()
        assert len(groups) == 1
        assert len(groups[0]) == 2
        assert store.search("Brightwater")

    # The second run skips what is done and tries the failed input again; nothing changes.
    second = runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(db)])
    assert second.exit_code == EXIT_SOME_FAILED, second.output
    assert "5 already done" in second.stderr
    assert _counts(db) == counts


def test_stories_and_story_commands(mixed_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(db)])
    listed = runner.invoke(app, ["stories", "--db", str(db), "--format", "json", "--query", "Halvard"])
    assert listed.exit_code == EXIT_OK, listed.output
    stories = json.loads(listed.stdout)
    assert [story["n_articles"] for story in stories] == [5]
    shown = runner.invoke(app, ["story", stories[0]["id"], "--db", str(db), "--format", "json"])
    assert shown.exit_code == EXIT_OK, shown.output
    assert "conflict" in {claim["status"] for claim in json.loads(shown.stdout)["claims"]}
    assert "stands for 1 near-duplicate(s)" in shown.stderr  # the reprint is shown as a copy, not compared
    csv_out = runner.invoke(app, ["stories", "--db", str(db), "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("id,n_articles,n_outlets")


def test_add_prints_the_story(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(EXAMPLES / "alder-courier.html"), "--db", str(db)])
    added = runner.invoke(app, ["add", str(EXAMPLES / "northgate-wire.txt"), "--db", str(db)])
    assert added.exit_code == EXIT_OK, added.output
    assert "2 articles" in added.stdout


def test_story_unknown_id_is_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    SqliteStore(db).close()
    result = runner.invoke(app, ["story", "s999", "--db", str(db)])
    assert result.exit_code == 2
    assert "s999" in result.stderr


def _state(db: Path) -> dict[str, object]:
    with SqliteStore(db, read_only=True) as store:
        articles = sorted(article.id for article in store.iter_articles(order="id"))
        members = sorted((article_id, store.story_of(article_id)) for article_id in articles)
        return {"articles": articles, "members": members, "duplicates": sorted(store.near_duplicate_groups())}


def test_ingest_killed_then_resumed_equals_uninterrupted(mixed_folder: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(whole), "--workers", "1"])
    command = [
        sys.executable,
        "-m",
        "newsweave",
        "ingest",
        str(mixed_folder),
        "--db",
        str(killed),
        "--workers",
        "1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        # inputs are committed one after another once their pages are back from the workers, a
        # few ms apart: kill right after the first commit so the kill lands part-way
        if killed.exists() and inputs_recorded(killed, "done") >= 1:
            break
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 1 <= inputs_recorded(killed, "done") < 5, "the kill must land part-way through the run"
    resumed = runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(killed), "--workers", "1"])
    assert resumed.exit_code == EXIT_SOME_FAILED, resumed.output
    with SqliteStore(killed, read_only=True) as store:
        assert store.integrity_check()
    assert _state(killed) == _state(whole)


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``after_seq`` of each replay a new Ingestor starts with."""
    seen: list[int] = []
    replay = Ingestor._replay_stored

    def spy(self: Ingestor, after_seq: int) -> None:
        seen.append(after_seq)
        replay(self, after_seq)

    monkeypatch.setattr(Ingestor, "_replay_stored", spy)
    return seen


def _halves(folder: Path) -> tuple[Path, Path]:
    second = folder.parent / "later"
    second.mkdir()
    for name in ("crawl.warc.gz", "wire.rss", "reprint.txt"):
        shutil.move(folder / name, second / name)
    return folder, second


def test_ingest_next_run_starts_from_the_grouping_snapshot(
    mixed_folder: Path, tmp_path: Path, replays: list[int]
) -> None:
    first, second = _halves(mixed_folder)
    one_process, two_runs = tmp_path / "one.db", tmp_path / "two.db"
    with SqliteStore(one_process) as store:
        ingestor = Ingestor(store, workers=1)
        ingestor.ingest([first])
        ingestor.ingest([second])
    with SqliteStore(two_runs) as store:
        Ingestor(store, workers=1).ingest([first])
        stored_by_first_run = store.last_article_seq()
    with SqliteStore(two_runs) as store:
        Ingestor(store, workers=1).ingest([second])
    assert replays == [0, 0, stored_by_first_run]  # the third Ingestor replayed nothing
    assert stored_by_first_run > 0
    assert _state(two_runs) == _state(one_process)


def test_ingest_regroups_when_the_snapshot_is_of_other_models(
    mixed_folder: Path, tmp_path: Path, replays: list[int]
) -> None:
    db = tmp_path / "news.db"
    with SqliteStore(db) as store:
        Ingestor(store, workers=1).ingest([mixed_folder])
    before = _state(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE grouping_snapshot SET fingerprint = 'other models'")
    with SqliteStore(db) as store:
        ingestor = Ingestor(store, workers=1)
        assert replays[-1] == 0  # everything replayed
        assert sorted(ingestor.clusterer.labels_.items()) == before["members"]
        assert ingestor.ingest([mixed_folder]).articles_new == 0
    assert _state(db) == before


STORIES_DATA = Path(__file__).parent / "data" / "stories"


def _file_name(article: Article) -> str:
    return Path(article.uri).name


def _ingest_stories(
    pages: list[Path], tmp_path: Path, key: Callable[[Article], str] = _file_name
) -> dict[str, str | None]:
    """Ingest ``pages`` (copied into one folder) into a new store; the story of each article, by ``key``."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in pages:
        shutil.copy(page, folder / page.name)
    with SqliteStore(tmp_path / "news.db") as store:
        Ingestor(store, workers=1).ingest([folder])
        return {key(article): store.story_of(article.id) for article in store.iter_articles(order="stored")}


UNRELATED = [*EXAMPLES.glob("*.txt"), *EXAMPLES.glob("*.html"), STORIES_DATA / "marathon.txt"]


def test_ingest_both_seeds_land_in_one_story_apart_from_unrelated_articles(seeds_dir: Path, tmp_path: Path) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    story_of = _ingest_stories([*seeds, *UNRELATED], tmp_path)
    assert story_of[seeds[0].name] == story_of[seeds[1].name]
    assert story_of[seeds[0].name] not in {story for name, story in story_of.items() if not name.startswith("00")}
    assert story_of["alder-courier.html"] == story_of["coastline-daily.txt"] == story_of["northgate-wire.txt"]
    assert story_of["marathon.txt"] != story_of["alder-courier.html"]


def test_ingest_keeps_the_2016_cut_off_apart_from_the_2018_one(seeds_dir: Path, tmp_path: Path) -> None:
    """Reports of Ecuador cutting Assange's internet in 2018 (the seeds, dated as a crawl records
    them) and in 2016 (written for this test) share names, words and embedding: time parts them."""
    dates = ["2018-03-28T18:00:00Z", "2018-03-29T09:30:00Z"]
    records = [
        {"url": f"https://example.org/{page.stem}", "text": page.read_text(encoding="utf-8"), "published": date}
        for page, date in zip(sorted(seeds_dir.glob("*.txt")), dates, strict=True)
    ]
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    story_of = _ingest_stories([crawl, STORIES_DATA / "assange-2016.html"], tmp_path, key=lambda article: article.url)
    seeds = [record["url"] for record in records]
    assert story_of[seeds[0]] == story_of[seeds[1]]
    (earlier,) = (story for url, story in story_of.items() if url not in seeds)
    assert earlier != story_of[seeds[0]]


def test_ingest_page_size_limit_is_a_recorded_failure(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    page = EXAMPLES / "alder-courier.html"
    result = runner.invoke(app, ["ingest", str(page), "--db", str(db), "--max-page-mb", "0.001", "--workers", "1"])
    assert result.exit_code == EXIT_NOTHING_USABLE, result.output  # the one input failed
    assert "the page limit of 1,048 bytes (--max-page-mb)" in result.stderr
    with SqliteStore(db, read_only=True) as store:
        assert [row.failure.code for row in store.failures()] == ["sources.too_large"]
        assert store.stats()["articles"] == 0


def test_ingest_processes_a_page_two_inputs_hold_once_and_marks_both_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.ingest as ingest

    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):  # the same page twice: one content id
        shutil.copy(EXAMPLES / "coastline-daily.txt", folder / name)
    shutil.copy(EXAMPLES / "northgate-wire.txt", folder / "c.txt")
    monkeypatch.setattr(ingest, "PAGES_IN_FLIGHT", 1)  # inputs read while earlier ones are still in the pool
    seen: list[str] = []
    with SqliteStore(tmp_path / "news.db") as store:
        summary = Ingestor(store, workers=1).ingest([folder], progress=lambda name, _: seen.append(name))
        assert [article.uri.rsplit("/", 1)[-1] for article in store.iter_articles(order="stored")] == ["a.txt", "c.txt"]
        assert inputs_recorded(tmp_path / "news.db", "done") == 3
    assert seen == ["a.txt", "b.txt", "c.txt"]
    assert (summary.documents, summary.articles_new) == (3, 2)
