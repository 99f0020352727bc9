"""Fetching pages by URL from a local server on 127.0.0.1 that serves good pages and every bad case.

The server logs each request with its time, so politeness (the delay per host, robots.txt) is
measured from what the server saw. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import gzip
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from tests.loopback import loopback_fetcher, send_body, serve_on_loopback

from newsweave.errors import Failure
from newsweave.model import Document, MediaType
from newsweave.sources import Fetcher, fetching, read_documents, read_input

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>Bridge closed</title></head><body><article>"
    "<h1>Bridge closed after crash</h1>"
    + "<p>The Halvard Bridge was closed on Tuesday after a cargo ship hit it.</p>"
    * 8
).encode()
CAP = 64 << 10


@dataclass
class ServerLog:
    requests: list[tuple[float, str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]


def _handler(log: ServerLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str) -> None:
            send_body(self, status, body, ctype, {name.replace("_", "-"): value for name, value in headers.items()})

        def do_GET(self) -> None:
            path = self.path
            log.requests.append((time.monotonic(), path, self.headers.get("User-Agent", "")))
            n = log.counts[path] = log.counts.get(path, 0) + 1
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
            elif path.startswith(("/article", "/private")):
                self._send(200, ARTICLE)
            elif path == "/text":
                self._send(200, b"Bridge closed after crash\n\nThe bridge was closed on Tuesday.\n", "text/plain")
            elif path in {"/404", "/410"}:
                self._send(int(path[1:]), b"gone")
            elif path == "/500-then-200":
                self._send(500, b"oops") if n == 1 else self._send(200, ARTICLE)
            elif path == "/always-500":
                self._send(500, b"oops")
            elif path == "/429":
                self._send(429, b"slow down", Retry_After="1") if n == 1 else self._send(200, ARTICLE)
            elif path.startswith("/loop"):
                self._send(302, b"", Location="/loop-b" if path == "/loop-a" else "/loop-a")
            elif path.startswith("/chain/"):
                step = int(path.rsplit("/", 1)[1])
                self._send(301, b"", Location=f"/chain/{step + 1}") if step < 3 else self._send(200, ARTICLE)
            elif path == "/slow":
                time.sleep(1.5)
                self._send(200, ARTICLE)
            elif path == "/image":
                self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
            elif path == "/huge":
                self._send(200, b"<p>" + b"x" * (CAP * 2))
            elif path == "/bomb":
                self._send(200, gzip.compress(b"<p>" + b"0" * (CAP * 50)), Content_Encoding="gzip")
            elif path == "/gzipped":
                self._send(200, gzip.compress(ARTICLE), Content_Encoding="gzip")
            elif path == "/binary":
                self._send(200, bytes(range(32)) * 40)
            else:
                self._send(404, b"no such page")

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, ServerLog]]:
    log = ServerLog()
    with serve_on_loopback(_handler(log)) as base:
        yield base, log


def _one(fetcher: Fetcher, url: str) -> Document | Failure:
    items = list(fetcher.read_url(url))
    assert len(items) == 1
    return items[0]


def test_fetch_article_keeps_final_url(server: tuple[str, ServerLog]) -> None:
    base, log = server
    with loopback_fetcher() as fetcher:
        document = _one(fetcher, f"{base}/chain/0")
    assert isinstance(document, Document), document
    assert document.uri == f"{base}/chain/0"
    assert document.url == f"{base}/chain/3"
    assert document.media_type is MediaType.HTML
    assert "Halvard Bridge" in document.content
    assert all(agent.startswith("newsweave/") for _, _, agent in log.requests)


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("/text", MediaType.TEXT), ("/gzipped", MediaType.HTML), ("/500-then-200", MediaType.HTML)],
)
def test_fetch_page_kinds(server: tuple[str, ServerLog], path: str, media_type: MediaType) -> None:
    base, _ = server
    with loopback_fetcher() as fetcher:
        document = _one(fetcher, base + path)
    assert isinstance(document, Document), document
    assert document.media_type is media_type


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/404", "fetch.http_404"),
        ("/410", "fetch.http_410"),
        ("/always-500", "fetch.http_500"),
        ("/loop-a", "fetch.redirect_loop"),
        ("/slow", "fetch.timeout"),
        ("/image", "fetch.not_html"),
        ("/huge", "fetch.too_large"),
        ("/bomb", "fetch.too_large"),
        ("/binary", "sources.binary"),
        ("/private/page", "fetch.robots"),
    ],
)
def test_fetch_bad_server_is_a_failure(server: tuple[str, ServerLog], path: str, code: str) -> None:
    base, _ = server
    started = time.monotonic()
    with loopback_fetcher() as fetcher:
        failure = _one(fetcher, base + path)
    assert isinstance(failure, Failure), failure
    assert failure.code == code, failure
    assert failure.input_id == base + path
    assert base + path in failure.message
    assert time.monotonic() - started < 5


def test_fetch_too_many_redirects(server: tuple[str, ServerLog]) -> None:
    base, _ = server
    with loopback_fetcher(max_redirects=2) as fetcher:
        failure = _one(fetcher, f"{base}/chain/0")
    assert isinstance(failure, Failure)
    assert failure.code == "fetch.too_many_redirects"


def test_fetch_429_waits_for_retry_after(server: tuple[str, ServerLog]) -> None:
    base, log = server
    with loopback_fetcher() as fetcher:
        document = _one(fetcher, f"{base}/429")
    assert isinstance(document, Document), document
    times = [at for at, path, _ in log.requests if path == "/429"]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95


def test_fetch_robots_disallowed_page_never_requested(server: tuple[str, ServerLog]) -> None:
    base, log = server
    with loopback_fetcher() as fetcher:
        items = list(fetcher.read_url(f"{base}/private/secret"))
    assert [item.code for item in items if isinstance(item, Failure)] == ["fetch.robots"]
    assert "/private/secret" not in log.paths()
    with loopback_fetcher(obey_robots=False) as fetcher:
        assert isinstance(_one(fetcher, f"{base}/private/open"), Document)


def test_fetch_delay_per_host_from_server_log(server: tuple[str, ServerLog]) -> None:
    base, log = server
    with loopback_fetcher(delay=0.2) as fetcher:
        urls = [f"{base}/article/{n}" for n in range(3)]
        items = [item for url in urls for item in fetcher.read_url(url)]
    assert all(isinstance(item, Document) for item in items)
    times = [at for at, path, _ in log.requests if path.startswith("/article/")]
    assert len(times) == 3
    assert all(later - earlier >= 0.19 for earlier, later in itertools.pairwise(times))


def test_fetch_loopback_refused_without_allow_private(server: tuple[str, ServerLog]) -> None:
    base, log = server
    before = len(log.requests)
    with loopback_fetcher(allow_private=False) as fetcher:
        failure = _one(fetcher, f"{base}/article/refused")
    assert isinstance(failure, Failure)
    assert failure.code == "fetch.private_address"
    assert len(log.requests) == before


def test_fetch_bad_url_and_unreachable() -> None:
    with loopback_fetcher() as fetcher:
        assert _one(fetcher, "http://[::1/x").code == "fetch.bad_url"  # type: ignore[union-attr]
        # a port nobody listens on (the first of the dynamic range is bound and closed here)
        unreachable = _one(fetcher, "http://127.0.0.1:9/x")
    assert isinstance(unreachable, Failure)
    assert unreachable.code in {"fetch.unreachable", "fetch.timeout"}


def test_read_documents_mixes_urls_files_and_url_lists(server: tuple[str, ServerLog], tmp_path: Path) -> None:
    base, _ = server
    (tmp_path / "page.txt").write_text("A page read from disk about the bridge.\n", encoding="utf-8")
    listed = tmp_path / "pages.urls"
    listed.write_text(f"# pages to fetch\n{base}/text\n\n{base}/404  # gone\nnot-a-url\n", encoding="utf-8")
    with loopback_fetcher() as fetcher, fetching(fetcher):
        items = list(read_documents([f"{base}/article/mixed", str(tmp_path / "page.txt"), listed]))
        again = list(read_input(f"{base}/410"))
    documents = [item for item in items if isinstance(item, Document)]
    failures = [item for item in items if isinstance(item, Failure)]
    expected = [f"{base}/article/mixed", str(tmp_path / "page.txt"), f"{base}/text"]
    assert [document.uri for document in documents] == expected
    assert [(failure.code, failure.input_id) for failure in failures] == [
        ("fetch.http_404", f"{base}/404"),
        ("fetch.bad_url", f"{listed}#L5"),
    ]
    assert [item.code for item in again if isinstance(item, Failure)] == ["fetch.http_410"]
