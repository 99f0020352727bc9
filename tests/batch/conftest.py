"""A small WARC set built from the examples (two archives, a near-duplicate copy, a broken record),
and what the online ingest and the local batch engine make of it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from tests.conftest import EXAMPLES

from newsweave.batch import BatchSummary, LocalEngine, run_batch
from newsweave.ingest import Ingestor
from newsweave.store import SqliteStore

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


@pytest.fixture(scope="session")
def online(warc_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """Stories and near-duplicate groups of ``newsweave ingest`` on the same WARC set."""
    with SqliteStore(tmp_path_factory.mktemp("online") / "news.db") as store:
        summary = Ingestor(store, workers=2).ingest([warc_set])
        groups = {member: group[0] for group in store.near_duplicate_groups() for member in group}
    return summary.assignments, groups


@pytest.fixture(scope="session")
def local_run(warc_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("batch") / "out"
    engine = LocalEngine(workers=2)
    try:
        summary = run_batch([str(warc_set / "*.warc*")], out, engine)
    finally:
        engine.close()
    return out, summary
