"""``newsweave watch`` against a local server on 127.0.0.1: conditional polls, new items only, resuming.

The server serves two RSS feeds that honour ``If-None-Match`` / ``If-Modified-Since`` and the
example pages as their items, and logs each request with its ``If-None-Match`` header, so what
a poll asked for is read from what the server saw. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.loopback import answer_feed_conditionally, send_body, serve_on_loopback

from newsweave.cli import EXIT_OK, EXIT_USAGE, app
from newsweave.cli.watch import parse_interval
from newsweave.ingest import Ingestor
from newsweave.store import SqliteStore

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAGES = {
    "/a/1": "alder-courier.html",
    "/a/2": "coastline-daily.txt",
    "/a/3": "harbour-herald.txt",
    "/b/1": "eastbank-observer.txt",
    "/b/2": "northgate-wire.txt",
}
LAST_MODIFIED = "Tue, 05 Mar 2024 10:00:00 GMT"


@dataclass
class Site:
    base: str
    feeds: dict[str, list[str]]
    log: list[tuple[str, str]] = field(default_factory=list)

    def requests(self, prefix: str = "") -> list[str]:
        return [path for path, _ in self.log if path.startswith(prefix) and path != "/robots.txt"]

    def clear(self) -> None:
        self.log.clear()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.log.append((self.path, self.headers.get("If-None-Match", "")))
            headers: dict[str, str] = {}
            if self.path in site.feeds:
                answer = answer_feed_conditionally(self, site.feeds[self.path])
                if answer is None:
                    return
                body, headers = answer
                status, ctype, headers["Last-Modified"] = 200, "application/rss+xml", LAST_MODIFIED
            elif self.path in PAGES:
                name = PAGES[self.path]
                ctype = "text/html; charset=utf-8" if name.endswith(".html") else "text/plain; charset=utf-8"
                status, body = 200, (EXAMPLES / name).read_bytes()
            elif self.path == "/robots.txt":
                status, body, ctype = 200, b"User-agent: *\nDisallow: /private\n", "text/plain"
            else:
                status, body, ctype = 404, b"no such page", "text/html"
            send_body(self, status, body, ctype, headers)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site(base="", feeds={"/a.rss": ["/a/1", "/a/2"], "/b.rss": ["/b/1", "/b/2"]})
    with serve_on_loopback(_handler(state)) as url:
        state.base = url
        yield state


def _watch(db: Path, *sources: str) -> Any:
    args = ["watch", *sources, "--once", "--db", str(db), "--workers", "1", "--allow-private", "--delay", "0"]
    return runner.invoke(app, args)


def _n_articles(db: Path) -> int:
    with SqliteStore(db, read_only=True) as store:
        return len(list(store.iter_articles()))


def test_watch_polls_conditionally_and_ingests_only_new_items(site: Site, tmp_path: Path) -> None:
    db, feed = tmp_path / "news.db", f"{site.base}/a.rss"
    first = _watch(db, feed)
    assert first.exit_code == EXIT_OK, first.output
    assert f"{feed}: 2 new items, 2 articles new" in first.stderr
    assert site.requests("/a") == ["/a.rss", "/a/1", "/a/2"]
    assert _n_articles(db) == 2
    with SqliteStore(db, read_only=True) as store:
        state = store.feed_state(feed)
    assert state is not None
    assert (state.etag, state.last_modified, state.last_status, state.n_items_seen) == ('"v2"', LAST_MODIFIED, 200, 2)

    site.clear()
    second = _watch(db, feed)
    assert second.exit_code == EXIT_OK, second.output
    assert f"{feed}: 304 not modified" in second.stderr
    assert site.log[-1] == ("/a.rss", '"v2"')  # sent If-None-Match, answered 304
    assert site.requests("/a") == ["/a.rss"]
    assert _n_articles(db) == 2

    site.feeds["/a.rss"].append("/a/3")
    site.clear()
    third = _watch(db, feed)
    assert third.exit_code == EXIT_OK, third.output
    assert f"{feed}: 1 new items, 1 articles new" in third.stderr
    assert site.requests("/a") == ["/a.rss", "/a/3"]  # items already stored are not fetched again
    assert _n_articles(db) == 3
    with SqliteStore(db, read_only=True) as store:
        state = store.feed_state(feed)
    assert state is not None
    assert state.etag == '"v3"'
    assert state.n_items_seen == 3


def test_watch_reads_url_and_opml_lists(site: Site, tmp_path: Path) -> None:
    (tmp_path / "feeds.urls").write_text(f"# feeds\n{site.base}/a.rss\n\n")
    (tmp_path / "feeds.opml").write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body><outline text="B" xmlUrl="{site.base}/b.rss"/>'
        f'<outline text="A again" xmlUrl="{site.base}/a.rss"/></body></opml>'
    )
    db = tmp_path / "news.db"
    result = _watch(db, str(tmp_path / "feeds.urls"), str(tmp_path / "feeds.opml"))
    assert result.exit_code == EXIT_OK, result.output
    assert site.requests("/a.rss") == ["/a.rss"]
    assert site.requests("/b.rss") == ["/b.rss"]
    assert "poll done: 2 feeds (0 not modified), 4 new items, 4 new articles, 0 pages read again" in result.stderr
    assert _n_articles(db) == 4


def test_watch_interrupted_resumes_without_doubling(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, feed_a, feed_b = tmp_path / "news.db", f"{site.base}/a.rss", f"{site.base}/b.rss"
    ingest = Ingestor.ingest

    def interrupted(self: Ingestor, paths: list[str], **kwargs: Any) -> Any:
        if any("/b/" in path for path in paths):
            raise KeyboardInterrupt
        return ingest(self, paths, **kwargs)

    monkeypatch.setattr(Ingestor, "ingest", interrupted)
    stopped = _watch(db, feed_a, feed_b)
    assert stopped.exit_code == EXIT_OK, stopped.output
    assert "stopped" in stopped.stderr
    with SqliteStore(db, read_only=True) as store:
        assert store.feed_state(feed_a) is not None
        assert store.feed_state(feed_b) is None
    assert _n_articles(db) == 2

    monkeypatch.setattr(Ingestor, "ingest", ingest)
    site.clear()
    resumed = _watch(db, feed_a, feed_b)
    assert resumed.exit_code == EXIT_OK, resumed.output
    assert f"{feed_a}: 304 not modified" in resumed.stderr
    assert f"{feed_b}: 2 new items, 2 articles new" in resumed.stderr
    assert site.requests("/a") == ["/a.rss"]
    assert _n_articles(db) == 4
    with SqliteStore(db, read_only=True) as store:
        assert [state.url for state in store.feed_states()] == [feed_a, feed_b]


def test_watch_failed_feed_exits_1_once(site: Site, tmp_path: Path) -> None:
    result = _watch(tmp_path / "news.db", f"{site.base}/gone.rss")
    assert result.exit_code == 1, result.output
    assert "gone.rss" in result.stderr


def test_watch_rejects_a_bad_interval_and_other_files(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["watch", "https://example.com/feed.rss", "--every", "soon"])
    assert bad.exit_code == EXIT_USAGE
    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>")
    other = runner.invoke(app, ["watch", str(page), "--db", str(tmp_path / "news.db")])
    assert other.exit_code != EXIT_OK
    assert ".urls" in other.stderr
    assert not (tmp_path / "news.db").exists()


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("90", 90.0), ("2d", 172800.0)]
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_parse_interval_refuses_zero_and_words() -> None:
    for text in ("0m", "soon", "5y", ""):
        with pytest.raises(ValueError, match="duration"):
            parse_interval(text)


def test_watch_keeps_what_the_feed_says_of_each_item(site: Site, tmp_path: Path) -> None:
    db, feed = tmp_path / "news.db", f"{site.base}/a.rss"
    assert _watch(db, feed).exit_code == EXIT_OK
    with SqliteStore(db, read_only=True) as store:
        documents = {d.uri: d for d in (store.get_document(a.id) for a in store.iter_articles())}
    text_page = documents[f"{site.base}/a/2"]
    assert (text_page.outlet, text_page.title) == ("Feed", "Item /a/2")  # the feed's title names the outlet
    assert documents[f"{site.base}/a/1"].title == "Item /a/1"
