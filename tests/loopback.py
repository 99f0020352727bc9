"""A throwaway HTTP server on 127.0.0.1 for the fetch, feed and watch tests: nothing they request
ever leaves this machine."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsweave.limits import Limits
from newsweave.sources import Fetcher, FetchOptions
from newsweave.sources.politeness import HostPacer


@contextmanager
def serve_on_loopback(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port in a daemon thread; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def send_body(
    request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str, headers: Mapping[str, str] = {}
) -> None:
    """Answer ``request`` with ``body``, its type and length, and any other ``headers``."""
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(body)


def rss(links: list[str]) -> bytes:
    """An RSS feed titled "Feed" with an item per link (titled "Item <link>")."""
    items = "".join(f"<item><title>Item {link}</title><link>{link}</link></item>" for link in links)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title>'
        f"<link>https://example.com/</link>{items}</channel></rss>"
    ).encode()


def answer_feed_conditionally(request: BaseHTTPRequestHandler, links: list[str]) -> tuple[bytes, dict[str, str]] | None:
    """Answer 304 when the request's ``If-None-Match`` is the feed's ETag (one per number of
    links) and return None; else the feed's body and its ETag header, for the caller to send."""
    etag = f'"v{len(links)}"'
    if request.headers.get("If-None-Match") == etag:
        request.send_response(304)
        request.send_header("ETag", etag)
        request.end_headers()
        return None
    return rss(links), {"ETag": etag}


def loopback_fetcher(*, max_page_bytes: int = 64 << 10, **options: object) -> Fetcher:
    """A fetcher for a loopback server: no delay, loopback allowed, short timeouts and backoff,
    a pacer of its own (no other test's requests pace it); ``options`` override ``FetchOptions``."""
    settings: dict[str, object] = {
        "delay": 0.0,
        "connect_timeout": 0.5,
        "read_timeout": 0.5,
        "deadline": 3.0,
        "backoff": 0.05,
        "max_retry_wait": 2.0,
        "allow_private": True,
        **options,
    }
    return Fetcher(FetchOptions(**settings), limits=Limits(max_page_bytes=max_page_bytes), pacer=HostPacer())  # type: ignore[arg-type]
