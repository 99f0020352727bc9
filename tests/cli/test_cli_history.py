"""Versions end to end: ``newsweave watch`` reads a followed page again, a changed article becomes a
new version, and ``newsweave history`` shows what changed. A server on 127.0.0.1 serves a feed and
two example pages, and edits one between polls: a figure changes and a correction is appended.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.loopback import send_body, serve_on_loopback

from newsweave.cli import EXIT_OK, app
from newsweave.store import SqliteStore

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORIGINAL = (EXAMPLES / "alder-courier.html").read_text(encoding="utf-8")
EDITED = ORIGINAL.replace(
    "Three people were injured in the collision", "Five people were injured in the collision"
).replace(
    "  </div>\n</article>",
    "    <p>Correction: An earlier version of this article misstated the number of people injured.</p>\n"
    "  </div>\n</article>",
)


@dataclass
class Site:
    base: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # by path
    log: list[str] = field(default_factory=list)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.log.append(self.path)
            if self.path == "/feed.rss":
                items = "".join(f"<item><title>{p}</title><link>{site.base}{p}</link></item>" for p in site.pages)
                body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
                status, ctype = 200, "application/rss+xml"
            elif self.path in site.pages:
                status, body, ctype = 200, site.pages[self.path], "text/html; charset=utf-8"
            else:
                status, body, ctype = 404, "", "text/plain"
            send_body(self, status, body.encode(), ctype)

    return Handler


@pytest.fixture
def site() -> Iterator[tuple[str, Site]]:
    state = Site(pages={"/news/bridge": ORIGINAL, "/news/other": (EXAMPLES / "coastline-daily.txt").read_text()})
    with serve_on_loopback(_handler(state)) as url:
        state.base = url
        yield url, state


def _watch(db: Path, feed: str, *more: str) -> Any:
    args = ["watch", feed, "--once", "--db", str(db), "--workers", "1", "--allow-private", "--delay", "0", *more]
    return runner.invoke(app, args)


@pytest.mark.model
def test_a_changed_page_becomes_a_new_version_and_history_shows_the_change(
    site: tuple[str, Site], tmp_path: Path
) -> None:
    base, state = site
    db = tmp_path / "news.db"
    bridge = base + "/news/bridge"
    first = _watch(db, base + "/feed.rss", "--revisit", "1s,1h")
    assert first.exit_code == EXIT_OK, first.output
    with SqliteStore(db, read_only=True) as store:
        (article_id,) = [a.id for a in store.iter_articles() if a.uri == bridge]
        story_before = store.story_of(article_id)

    state.pages["/news/bridge"] = EDITED
    time.sleep(1.2)
    second = _watch(db, base + "/feed.rss", "--revisit", "1s,1h")
    assert second.exit_code == EXIT_OK, second.output
    assert "2 pages read again (1 changed)" in second.stderr
    assert f"{article_id}: changed, now version 2" in second.stderr

    with SqliteStore(db, read_only=True) as store:
        newest = store.get_article(article_id)
        versions = store.article_versions(article_id)
        assert "Five people were injured" in newest.text  # the story reads the newest version
        assert store.story_of(article_id) == story_before
        assert [v.version for v in versions] == [1, 2]
        assert "Three people were injured" in versions[0].article.text  # the old one is kept
        assert newest.corrections
        assert len(list(store.iter_articles())) == 2  # a version is no new article

    shown = runner.invoke(app, ["history", article_id, "--db", str(db)])
    assert shown.exit_code == EXIT_OK, shown.output
    assert "2 version(s)" in shown.stdout
    assert "~ Three people were injured in the collision, officials said." in shown.stdout
    assert "figures: Three -> Five" in shown.stdout
    assert "correction or update notice new in this version: Correction: An earlier version" in shown.stdout

    data = json.loads(runner.invoke(app, ["history", article_id, "--db", str(db), "--format", "json"]).stdout)
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["versions"][0]["changes"] is None
    changed = [c for c in data["versions"][1]["changes"]["sentences"] if c["kind"] == "changed"]
    assert [change["figures"] for change in changed] == [[["Three", "Five"]]]
    assert data["followed"]["n_visits"] == 1
    assert data["followed"]["last_outcome"] == "changed"


@pytest.mark.model
def test_an_unchanged_page_read_again_keeps_one_version(site: tuple[str, Site], tmp_path: Path) -> None:
    base, state = site
    db = tmp_path / "news.db"
    assert _watch(db, base + "/feed.rss", "--revisit", "1s").exit_code == EXIT_OK
    time.sleep(1.2)
    state.log.clear()
    again = _watch(db, base + "/feed.rss", "--revisit", "1s")
    assert again.exit_code == EXIT_OK, again.output
    assert "2 pages read again (0 changed)" in again.stderr
    assert sorted(p for p in state.log if p.startswith("/news/")) == ["/news/bridge", "/news/other"]
    with SqliteStore(db, read_only=True) as store:
        for article in store.iter_articles():
            assert len(store.article_versions(article.id)) == 1
            page = store.followed_page(article.id)
            assert page is not None
            assert (page.next_visit_at, page.last_outcome) == (None, "unchanged")
    state.log.clear()
    assert _watch(db, base + "/feed.rss", "--revisit", "1s").exit_code == EXIT_OK
    assert not [p for p in state.log if p.startswith("/news/")]  # the schedule is spent


def test_history_of_an_unknown_article_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    SqliteStore(db).close()
    result = runner.invoke(app, ["history", "nope", "--db", str(db)])
    assert result.exit_code != EXIT_OK
    assert "no article with id 'nope'" in result.stderr


@pytest.mark.model
def test_a_page_gone_on_a_later_visit_is_a_failure_and_keeps_its_article(
    site: tuple[str, Site], tmp_path: Path
) -> None:
    base, state = site
    db = tmp_path / "news.db"
    assert _watch(db, base + "/feed.rss", "--revisit", "1s,1h").exit_code == EXIT_OK
    gone = state.pages.pop("/news/other")
    time.sleep(1.2)
    state.pages["/news/other-renamed"] = gone  # the feed changes, so it is read in full again
    later = _watch(db, base + "/feed.rss", "--revisit", "1s,1h")
    assert later.exit_code == 1
    assert "fetch.http_404" in later.stderr
    with SqliteStore(db, read_only=True) as store:
        (article,) = [a for a in store.iter_articles() if a.uri == base + "/news/other"]
        page = store.followed_page(article.id)
        assert page is not None
        assert page.last_outcome == "fetch.http_404"
        assert page.next_visit_at is not None  # tried again at the next scheduled visit
        assert len(store.article_versions(article.id)) == 1
