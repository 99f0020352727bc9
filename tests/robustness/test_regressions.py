"""Regressions: each crash or wrong result the fuzz tests, the bad-input corpus or the kill test found."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsweave.errors import NewsweaveError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.limits import Limits
from newsweave.model import Document, MediaType
from newsweave.pipeline import ExtractionPool
from newsweave.sources import decode_bytes
from newsweave.store import SqliteStore
from tests.robustness.corpus import STORY


def _html(content: str) -> Document:
    return Document(id="page", uri="page.html", media_type=MediaType.HTML, content=content)


@pytest.mark.issue(6)
@pytest.mark.parametrize("char", ["\x1f", "\x0c", "\x00", "\x7f", "\ufffe"])
def test_html_with_control_characters_is_extracted(char: str) -> None:
    """lxml refused to write back a text node holding a control character: ValueError, no article."""
    article = extract_article(_html(f"<html><body><div><p>{STORY}{char} More text.</p></div></body></html>"))
    assert STORY in article.text
    assert char not in article.text


@pytest.mark.issue(6)
@pytest.mark.parametrize(("text", "encoding"), [("0000000Ā", "utf-16-le"), ("Zürich–Łódź line", "utf-16-be")])
def test_utf16_without_bom_beyond_ascii_is_detected(text: str, encoding: str) -> None:
    """Latin letters past U+00FF have a non-NUL high byte; such text was called binary."""
    assert decode_bytes(text.encode(encoding), uri="page.txt") == (text, encoding)


@pytest.mark.issue(6)
def test_utf8_declared_over_cp1252_bytes_is_read_as_cp1252() -> None:
    """A page declaring UTF-8 over cp1252 bytes was decoded with U+FFFD for every accent."""
    data = '<meta charset="utf-8"><p>The café’s owner – “we are back”.</p>'.encode("cp1252")
    text, encoding = decode_bytes(data, uri="page.html")
    assert encoding == "cp1252"
    assert "café’s owner – “we are back”" in text


@pytest.mark.issue(6)
def test_full_disk_inside_a_nested_write_raises_the_disk_error(tmp_path: Path) -> None:
    """SQLite rolls the whole transaction back on a full disk; undoing the savepoint then failed
    with "no such savepoint", which hid the disk error behind an internal one."""
    with SqliteStore(tmp_path / "news.db") as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = Document(id="big", uri="big.html", media_type=MediaType.HTML, content=STORY * 2000)
        with pytest.raises(NewsweaveError) as raised, store.transaction():
            store.upsert_documents([big])
        assert raised.value.code == "store.write_failed"
        assert "disk is full" in raised.value.message


@pytest.mark.issue(6)
def test_worker_records_an_error_escaping_a_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception that is not newsweave's (a parser's bug on some page) ended the whole run."""

    def broken(*_: object, **__: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("newsweave.pipeline.extract_article", broken)
    with ExtractionPool(1) as pool:  # workers are forked after the patch
        (failure,) = pool.extract([_html(STORY)])
    assert failure.code == "extract.unexpected"  # type: ignore[union-attr]
    assert "RecursionError" in failure.message  # type: ignore[union-attr]
    assert "Traceback" in failure.traceback  # type: ignore[union-attr]


@pytest.mark.issue(6)
def test_worker_stops_a_page_past_its_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(*_: object, **__: object) -> None:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr("newsweave.pipeline.extract_article", endless)
    started = time.monotonic()
    with ExtractionPool(1, ExtractOptions(limits=Limits(max_seconds_per_page=0.5))) as pool:
        (failure,) = pool.extract([_html(STORY)])
    assert failure.code == "extract.timeout"  # type: ignore[union-attr]
    assert time.monotonic() - started < 10
