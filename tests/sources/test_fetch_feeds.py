"""Feeds by URL, from a local server on 127.0.0.1: a feed's items are fetched as pages, politely.

The server logs each request with its time, so loops (each URL requested at most once) and pacing
are measured from what the server saw. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from tests.loopback import loopback_fetcher, send_body, serve_on_loopback

from newsweave.errors import Failure
from newsweave.model import Document, MediaType
from newsweave.sources import fetching, read_documents, read_opml_feeds

Log = list[tuple[float, str]]


def _page(title: str) -> bytes:
    body = f"<p>{title}: the Halvard Bridge was closed on Tuesday after a cargo ship hit it.</p>" * 6
    return f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>".encode()


def _rss(*links: str, title: str = "Harbour Courier") -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link>"
        f"<pubDate>Tue, 0{n} Mar 2024 10:00:00 GMT</pubDate><description>Short {n}</description></item>"
        for n, link in enumerate(links, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://courier.example/</link><language>en-gb</language>{items}</channel></rss>"
    ).encode()


def _atom(base: str) -> bytes:
    entries = "".join(
        f'<entry><title>Bericht {n}</title><link href="{base}/atom-story/{n}"/><id>urn:b:{n}</id>'
        f"<updated>2024-03-0{n}T08:30:00+01:00</updated><summary>Kurz</summary></entry>"
        for n in (1, 2)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">'
        f"<title>Inselbote</title><id>urn:inselbote</id><updated>2024-03-02T08:30:00Z</updated>{entries}</feed>"
    ).encode()


def _handler(log: Log) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, body: bytes, ctype: str = "text/html", status: int = 200) -> None:
            send_body(self, status, body, ctype)

        def do_GET(self) -> None:
            path = self.path
            log.append((time.monotonic(), path))
            base = f"http://{self.headers['Host']}"
            rss = "application/rss+xml; charset=utf-8"
            if path == "/robots.txt":
                self._send(b"User-agent: *\nDisallow: /private\n", "text/plain")
            elif path == "/feed.rss":
                self._send(_rss(f"{base}/story/1", "/story/2"), rss)
            elif path == "/feed.atom":
                self._send(_atom(base), "application/atom+xml")
            elif path == "/sniffed":
                self._send(_rss(f"{base}/sniffed-story/1"), "text/plain")
            elif path == "/broken.xml":
                self._send(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken<", "application/xml")
            elif path == "/self.rss":
                links = (f"{base}/self.rss", "/self-story/1", "/self-story/1", "/feed.atom", "/private/x", "/self.rss")
                self._send(_rss(*links), rss)
            elif path == "/many.rss":
                self._send(_rss(*(f"/many-story/{n}" for n in range(1, 6))), "text/xml")
            elif path == "/paced.rss":
                self._send(_rss("/paced-story/1", "/paced-story/2"), rss)
            elif path == "/opml.rss":
                self._send(_rss("/opml-story/1", "/opml-story/2"), rss)
            elif "story/" in path or path.startswith("/private"):
                self._send(_page(path))
            else:
                self._send(b"no such page", status=404)

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Log]]:
    log: Log = []
    with serve_on_loopback(_handler(log)) as base:
        yield base, log


def _split(items: list[Document | Failure]) -> tuple[list[Document], list[Failure]]:
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Failure)]


def test_fetch_rss_feed_url_fetches_each_item_with_its_metadata(server: tuple[str, Log]) -> None:
    base, _ = server
    with loopback_fetcher() as fetcher:
        documents, failures = _split(list(fetcher.read_url(f"{base}/feed.rss")))
    assert failures == []
    assert [d.uri for d in documents] == [f"{base}/story/1", f"{base}/story/2"]
    assert [d.url for d in documents] == [f"{base}/story/1", f"{base}/story/2"]
    assert [d.title for d in documents] == ["Story 1", "Story 2"]
    assert {d.outlet for d in documents} == {"Harbour Courier"}
    assert {d.language for d in documents} == {"en"}
    assert documents[0].published == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert all(d.media_type is MediaType.HTML and "Halvard Bridge" in d.content for d in documents)
    assert "/story/1" in documents[0].content  # the page fetched, not the item's summary


def test_fetch_atom_feed_url_and_feed_sniffed_from_its_body(server: tuple[str, Log]) -> None:
    base, _ = server
    with loopback_fetcher() as fetcher:
        atom, atom_failures = _split(list(fetcher.read_url(f"{base}/feed.atom")))
        sniffed, _ = _split(list(fetcher.read_url(f"{base}/sniffed")))
    assert atom_failures == []
    assert [(d.uri, d.title, d.outlet, d.language) for d in atom] == [
        (f"{base}/atom-story/1", "Bericht 1", "Inselbote", "de"),
        (f"{base}/atom-story/2", "Bericht 2", "Inselbote", "de"),
    ]
    assert atom[0].published == datetime(2024, 3, 1, 7, 30, tzinfo=UTC)
    assert [d.uri for d in sniffed] == [f"{base}/sniffed-story/1"]


def test_fetch_invalid_feed_is_one_failure_and_the_run_goes_on(server: tuple[str, Log]) -> None:
    base, _ = server
    with loopback_fetcher() as fetcher, fetching(fetcher):
        documents, failures = _split(list(read_documents([f"{base}/broken.xml", f"{base}/story/after-broken"])))
    assert [(f.code, f.input_id) for f in failures] == [("sources.bad_feed", f"{base}/broken.xml")]
    assert [d.uri for d in documents] == [f"{base}/story/after-broken"]


def test_fetch_feed_linking_to_itself_does_not_loop(server: tuple[str, Log]) -> None:
    base, log = server
    started = time.monotonic()
    with loopback_fetcher() as fetcher:
        documents, failures = _split(list(fetcher.read_url(f"{base}/self.rss")))
    assert [d.uri for d in documents] == [f"{base}/self-story/1"]
    assert [(f.code, f.input_id) for f in failures] == [
        ("fetch.already_fetched", f"{base}/self.rss"),
        ("fetch.already_fetched", f"{base}/self-story/1"),
        ("fetch.feed_in_feed", f"{base}/feed.atom"),
        ("fetch.robots", f"{base}/private/x"),
        ("fetch.already_fetched", f"{base}/self.rss"),
    ]
    seen = Counter(path for at, path in log if at >= started)
    assert seen["/self.rss"] == 1
    assert seen["/self-story/1"] == 1
    assert seen["/feed.atom"] == 1
    assert seen["/private/x"] == 0
    assert "/atom-story/1" not in seen  # the feed inside the feed is not followed
    assert max(seen.values()) == 1


def test_fetch_feed_items_are_bounded(server: tuple[str, Log]) -> None:
    base, log = server
    with loopback_fetcher(max_feed_items=2) as fetcher:
        documents, failures = _split(list(fetcher.read_url(f"{base}/many.rss")))
    assert [d.uri for d in documents] == [f"{base}/many-story/1", f"{base}/many-story/2"]
    assert failures == []
    assert sorted(path for _, path in log if path.startswith("/many-story/")) == ["/many-story/1", "/many-story/2"]


def test_fetch_feed_items_are_paced(server: tuple[str, Log]) -> None:
    base, log = server
    started = time.monotonic()
    with loopback_fetcher(delay=0.2) as fetcher:
        documents, _ = _split(list(fetcher.read_url(f"{base}/paced.rss")))
    assert len(documents) == 2
    times = [at for at, _ in log if at >= started]
    assert len(times) == 4  # robots.txt, the feed, two items
    assert all(later - earlier >= 0.19 for earlier, later in itertools.pairwise(times))


def test_read_opml_fetches_listed_feed_urls_with_a_fetcher(server: tuple[str, Log], tmp_path: Path) -> None:
    base, log = server
    opml = tmp_path / "desk.opml"
    outlines = (f"{base}/opml.rss", str(opml), f"{base}/opml.rss", f"{base}/story/not-a-feed")
    body = "".join(f'<outline text="feed" type="rss" xmlUrl="{url}"/>' for url in outlines)
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{body}</body></opml>', encoding="utf-8")
    started = time.monotonic()
    with loopback_fetcher() as fetcher, fetching(fetcher):
        documents, failures = _split(list(read_opml_feeds(opml)))
    assert [(d.uri, d.outlet) for d in documents] == [
        (f"{base}/opml-story/1", "Harbour Courier"),
        (f"{base}/opml-story/2", "Harbour Courier"),
    ]
    assert [(f.code, f.input_id) for f in failures] == [
        ("sources.not_a_feed", str(opml)),  # the OPML listing itself is not read as a feed
        ("fetch.already_fetched", f"{base}/opml.rss"),
        ("sources.not_a_feed", f"{base}/story/not-a-feed"),
    ]
    assert Counter(path for at, path in log if at >= started)["/opml.rss"] == 1


def test_read_opml_without_a_fetcher_still_refuses_network(server: tuple[str, Log], tmp_path: Path) -> None:
    base, log = server
    opml = tmp_path / "desk.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{base}/opml.rss"/></body></opml>', encoding="utf-8")
    before = len(log)
    (failure,) = read_opml_feeds(opml)
    assert isinstance(failure, Failure)
    assert failure.code == "sources.fetch_disabled"
    assert len(log) == before
