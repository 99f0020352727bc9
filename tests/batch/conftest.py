"""A small WARC set built from the examples: two archives, a near-duplicate copy, a broken record."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

# A made-up report of an unrelated event, so the corpus holds more than one story.
LIBRARY_REPORT = """Harbour library reopens after two-year restoration

The reading room has new shelves, a repaired roof and a children's corner.

The Port Alder public library reopened on Saturday after a restoration that took two years and
cost 3.4 million crowns, the town council said. Volunteers carried 18,000 books back to the
restored reading room over three weekends, and the roof that leaked for a decade was rebuilt.

"We wanted the building to feel like a living room for the whole town," head librarian Maren Ostby
said at the opening. The library will stay open until nine in the evening on weekdays, and the new
children's corner will host story readings every Wednesday morning.

The council plans to digitise the library's archive of local newspapers next year, starting with
the editions printed before 1950."""


def warc_record(number: int, url: str, body: str, content_type: str = "text/html; charset=utf-8") -> bytes:
    """One WARC response record (status 200) holding ``body``."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n{body}".encode()
    headers = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-10-14T10:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return headers + http + b"\r\n\r\n"


@pytest.fixture(scope="session")
def warc_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``a.warc.gz``: the two dated HTML reports; ``b.warc``: the undated scraped-text reports, a
    reprint of one of them (a near-duplicate), an unrelated report and an empty page (a failure)."""
    folder = tmp_path_factory.mktemp("warcs")
    html = [(EXAMPLES / name).read_text(encoding="utf-8") for name in ("alder-courier.html", "diario-del-puerto.html")]
    (folder / "a.warc.gz").write_bytes(
        b"".join(gzip.compress(warc_record(n, f"https://a.example/{n}", page)) for n, page in enumerate(html, 1))
    )
    coastline = (EXAMPLES / "coastline-daily.txt").read_text(encoding="utf-8")
    texts = [
        coastline,
        (EXAMPLES / "northgate-wire.txt").read_text(encoding="utf-8"),
        coastline.replace("Skip to footer", "Reprinted with permission."),
        LIBRARY_REPORT,
        "",
    ]
    plain = "text/plain; charset=utf-8"
    (folder / "b.warc").write_bytes(
        b"".join(warc_record(n, f"https://b.example/{n}", text, plain) for n, text in enumerate(texts, 10))
    )
    return folder
