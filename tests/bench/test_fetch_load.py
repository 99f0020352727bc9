"""bench/fetch_load.py on a few pages: every page fetched from its loopback server and read from
its file, the same documents both ways, at positive rates. Nothing here reaches beyond 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load_bench

fetch_load = load_bench("fetch_load")
N_PAGES = 10


def test_fetch_load_fetches_and_reads_every_page() -> None:
    results = fetch_load.measure(N_PAGES, rounds=1)
    fetched, read = results.reading
    assert (fetched.n_pages, fetched.n_failed) == (N_PAGES, 0)
    assert (read.n_pages, read.n_failed) == (N_PAGES, 0)
    assert results.same_documents
    for row in results.reading:
        assert row.seconds > 0
        assert row.pages_per_second > 0
        assert row.cpu_ms_per_page > 0


def test_fetch_load_pages_are_distinct(tmp_path: Path) -> None:
    names = fetch_load.make_pages(tmp_path, N_PAGES)
    assert len(names) == len(set(names)) == N_PAGES
    assert len({(tmp_path / name).read_bytes() for name in names}) == N_PAGES
