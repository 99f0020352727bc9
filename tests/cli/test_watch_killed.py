"""``newsweave watch`` killed with SIGKILL mid-poll, then run again: nothing lost or doubled.

The watch is a real process (``python -m newsweave watch ... --once``) polling a local server on
127.0.0.1 that serves RSS feeds of the example pages. The server holds back the third page
request it sees (it waits on an event), so the watch is stopped part-way through fetching a
feed's items; the test then kills the process (SIGKILL: no handler runs, no transaction is
finished), lets the held request go, and runs the watch again to the end. The store must hold
each item's article once, the same articles (ids, uris, stories) as one uninterrupted watch
into a fresh store, and pass its integrity check. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.loopback import answer_feed_conditionally, send_body, serve_on_loopback

from newsweave.cli import EXIT_OK, app
from newsweave.store import SqliteStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAGES = {
    "/p/1": "alder-courier.html",
    "/p/2": "coastline-daily.txt",
    "/p/3": "harbour-herald.txt",
    "/p/4": "eastbank-observer.txt",
    "/p/5": "northgate-wire.txt",
}
STALL_AT = 3  # the page request (1-based, feeds and robots.txt not counted) held back
# Bounds, so that a hang fails the test instead of blocking the run; a run takes a few seconds.
MAX_SECONDS_TO_STALL = 90.0
MAX_SECONDS_A_RUN = 90.0
MAX_SECONDS_FOR_WORKERS = 10.0  # a worker checks for its parent every second

runner = CliRunner()


@dataclass
class Site:
    """What the server serves (feed path -> item paths) and what it saw."""

    feeds: dict[str, list[str]]
    base: str = ""
    stall_at: int = 0  # 0: hold nothing back
    page_requests: list[str] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, If-None-Match)
    stalled: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("If-None-Match", "")))
            headers: dict[str, str] = {}
            if self.path in site.feeds:
                answer = answer_feed_conditionally(self, site.feeds[self.path])
                if answer is None:
                    return
                (body, headers), status, ctype = answer, 200, "application/rss+xml"
            elif self.path in PAGES:
                with site.lock:
                    site.page_requests.append(self.path)
                    hold = len(site.page_requests) == site.stall_at
                if hold:
                    site.stalled.set()
                    site.release.wait(timeout=MAX_SECONDS_TO_STALL)
                name = PAGES[self.path]
                ctype = "text/html; charset=utf-8" if name.endswith(".html") else "text/plain; charset=utf-8"
                status, body = 200, (EXAMPLES / name).read_bytes()
            else:
                status, body, ctype = 404, b"no such page", "text/plain"
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the held request's client was killed
                send_body(self, status, body, ctype, headers)

    return Handler


def _watch_command(db: Path, feeds: list[str]) -> list[str]:
    return [
        *feeds,
        "--db",
        str(db),
        "--once",
        "--workers",
        "1",
        "--allow-private",
        "--delay",
        "0",
    ]


def _start_watch(db: Path, feeds: list[str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "newsweave", "watch", *_watch_command(db, feeds)]
    with log.open("wb") as out:  # the child holds its own copy of the descriptor
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=db.parent)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of ``process``'s session (its extraction workers), which this test started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _live_processes_of_group(group: int) -> list[int]:
    """The processes of process group ``group`` that still run (zombies left for init to reap
    do not), read from /proc."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(stat.parent.name))
    return alive


def _assert_workers_end(group: int) -> None:
    """The killed watch's page workers notice their parent is gone and exit on their own."""
    deadline = time.monotonic() + MAX_SECONDS_FOR_WORKERS
    while (left := _live_processes_of_group(group)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"page workers {left} outlived the killed watch"


def _kill_when_stalled(site: Site, db: Path, feeds: list[str], log: Path) -> None:
    """Run a watch until the server holds its request back, then SIGKILL the watch process."""
    process = _start_watch(db, feeds, log)
    try:
        deadline = time.monotonic() + MAX_SECONDS_TO_STALL
        while not site.stalled.wait(timeout=0.05):
            if process.poll() is not None:
                pytest.fail(f"the watch ended (exit {process.returncode}) before it was stalled:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the watch did not reach page request {STALL_AT} in {MAX_SECONDS_TO_STALL:.0f} s")
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=MAX_SECONDS_A_RUN) == -signal.SIGKILL
        _assert_workers_end(process.pid)
    finally:
        _kill_group(process)
        process.wait(timeout=MAX_SECONDS_A_RUN)
        site.release.set()


def _run_watch(db: Path, feeds: list[str], log: Path) -> str:
    """Run a watch to its end in a process of its own; its output."""
    process = _start_watch(db, feeds, log)
    try:
        code = process.wait(timeout=MAX_SECONDS_A_RUN)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the watch did not end in {MAX_SECONDS_A_RUN:.0f} s:\n{log.read_text()}")
    finally:
        _kill_group(process)
        process.wait(timeout=MAX_SECONDS_A_RUN)
    output = log.read_text()
    assert code == EXIT_OK, output
    return output


@dataclass(frozen=True)
class Stored:
    """What a store holds, by value: its articles (id, uri), each story as its articles, counts."""

    articles: frozenset[tuple[str, str]]
    stories: frozenset[frozenset[str]]
    uri_counts: dict[str, int]
    n_documents: int
    n_articles: int


def _stored(db: Path) -> Stored:
    with SqliteStore(db, read_only=True) as store:
        articles = list(store.iter_articles(order="id"))
        stories: dict[str, set[str]] = defaultdict(set)
        for article in articles:
            stories[store.story_of(article.id) or f"none:{article.id}"].add(article.id)
        uris = Counter(store.get_document(article.id).uri for article in articles)
        counts = store.stats()
    return Stored(
        articles=frozenset((article.id, article.uri) for article in articles),
        stories=frozenset(frozenset(members) for members in stories.values()),
        uri_counts=dict(uris),
        n_documents=counts["documents"],
        n_articles=counts["articles"],
    )


@pytest.mark.model
@pytest.mark.parametrize(
    ("layout", "n_stored_at_kill"),
    [
        # all five items in one feed: the watch reads every item before it commits any, so the
        # kill lands with nothing of the feed stored and its state not saved
        ({"/all.rss": ["/p/1", "/p/2", "/p/3", "/p/4", "/p/5"]}, 0),
        # two feeds: the first one's items are stored and its state saved, the second is mid-poll
        ({"/a.rss": ["/p/1", "/p/2"], "/b.rss": ["/p/3", "/p/4", "/p/5"]}, 2),
    ],
    ids=["one-feed", "two-feeds"],
)
def test_watch_killed_mid_poll_resumes_with_nothing_lost_or_doubled(
    layout: dict[str, list[str]], n_stored_at_kill: int, tmp_path: Path
) -> None:
    site = Site(feeds=layout, stall_at=STALL_AT)
    with serve_on_loopback(_handler(site)) as base:
        site.base = base
        feeds = [site.url(path) for path in layout]
        killed = tmp_path / "killed.db"

        _kill_when_stalled(site, killed, feeds, tmp_path / "killed.log")
        assert site.page_requests == ["/p/1", "/p/2", "/p/3"]
        at_kill = _stored(killed)
        assert at_kill.n_articles == n_stored_at_kill, "the kill must land part-way through the poll"
        with SqliteStore(killed, read_only=True) as store:
            saved = [state.url for state in store.feed_states()]
        assert saved == (feeds[:1] if n_stored_at_kill else [])

        site.requests.clear()
        _run_watch(killed, feeds, tmp_path / "resumed.log")
        if n_stored_at_kill:  # the first feed is asked for conditionally, and its pages not again
            first = next(iter(layout))
            assert (first, f'"v{len(layout[first])}"') in site.requests
            assert not set(layout[first]) & {path for path, _ in site.requests}

        whole = tmp_path / "whole.db"
        result = runner.invoke(app, ["watch", *_watch_command(whole, feeds)])
        assert result.exit_code == EXIT_OK, result.output

    resumed, reference = _stored(killed), _stored(whole)
    every_item = {site.url(path) for links in layout.values() for path in links}
    assert set(resumed.uri_counts) == every_item
    assert all(count == 1 for count in resumed.uri_counts.values()), resumed.uri_counts
    assert resumed.n_documents == resumed.n_articles == len(every_item)
    assert resumed.articles == reference.articles
    assert resumed.stories == reference.stories
    assert (resumed.n_documents, resumed.n_articles) == (reference.n_documents, reference.n_articles)
    with SqliteStore(killed) as store:
        assert store.integrity_check()
