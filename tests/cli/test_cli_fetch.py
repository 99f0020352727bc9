"""URLs as inputs on the command line, against a local server on 127.0.0.1 serving the examples."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.loopback import send_body, serve_on_loopback

from newsweave.cli import EXIT_SOME_FAILED, EXIT_USAGE, app
from newsweave.store import SqliteStore

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAGES = {
    "/courier": ("alder-courier.html", "text/html; charset=utf-8"),
    "/coastline": ("coastline-daily.txt", "text/plain; charset=utf-8"),
    "/herald": ("harbour-herald.txt", "text/plain; charset=utf-8"),
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path in PAGES:
            name, ctype = PAGES[self.path]
            status, body = 200, (EXAMPLES / name).read_bytes()
        elif self.path == "/robots.txt":
            status, body, ctype = 200, b"User-agent: *\nDisallow: /private\n", "text/plain"
        else:
            status, body, ctype = 404, b"no such page", "text/html"
        send_body(self, status, body, ctype)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_on_loopback(_Handler) as url:
        yield url


def test_cli_compare_urls(base: str) -> None:
    result = runner.invoke(
        app, ["compare", f"{base}/courier", f"{base}/coastline", f"{base}/gone", "--allow-private", "--delay", "0"]
    )
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    assert "Halvard" in result.stdout
    assert f"{base}/gone" in result.stderr
    assert "fetch.http_404" in result.stderr


def test_cli_extract_url_refuses_loopback_by_default(base: str) -> None:
    result = runner.invoke(app, ["extract", f"{base}/coastline", "--format", "text", "--delay", "0"])
    assert result.exit_code != 0
    assert "fetch.private_address" in result.stderr
    assert "--allow-private" in result.stderr


def test_cli_extract_rejects_other_schemes() -> None:
    result = runner.invoke(app, ["extract", "ftp://example.com/page.html"])
    assert result.exit_code == EXIT_USAGE
    assert "only http and https" in result.output


def test_cli_ingest_url_list_records_fetch_failures(base: str, tmp_path: Path) -> None:
    listed = tmp_path / "pages.urls"
    lines = ["# one page and two that fail", f"{base}/courier", f"{base}/gone", f"{base}/private/x"]
    listed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    args = ["ingest", str(listed), f"{base}/herald", "--db", str(db), "--workers", "1"]
    args += ["--allow-private", "--delay", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    assert "fetch.robots" in result.stderr
    listed_failures = runner.invoke(app, ["failures", "--db", str(db), "--format", "csv"])
    assert listed_failures.exit_code == 0, listed_failures.output
    assert f"{base}/gone" in listed_failures.stdout
    assert "fetch.http_404" in listed_failures.stdout
    assert "fetch.robots" in listed_failures.stdout
    stories = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert stories.exit_code == 0, stories.output


def test_cli_ingest_fetches_a_url_again_on_the_next_run_and_stores_its_article_once(base: str, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    args = ["ingest", f"{base}/courier", "--db", str(db), "--workers", "1", "--allow-private", "--delay", "0"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    with SqliteStore(db, read_only=True) as store:
        assert len(list(store.iter_articles())) == 1
        assert store.is_input_done(f"url:{base}/courier")
    assert "1 documents: 1 new articles, 0 already stored" in first.stderr
    assert "1 documents: 0 new articles, 1 already stored" in second.stderr  # fetched again, stored once
