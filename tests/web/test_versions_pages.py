"""An article with two versions on the web page: the story compares the newest and says so, the
article page lists the versions with what changed, and the API gives the same history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from tests.conftest import EXAMPLES, write_file

import newsweave
from newsweave.ingest import Ingestor
from newsweave.model import Document
from newsweave.store import SqliteStore
from newsweave.web.app import create_app

EDIT = ("Three people were injured in the collision", "Five people were injured in the collision")
HOSTILE_LINE = '<p>Update: <script>window.__pwned = "version"</script> crews reopened one lane.</p>\n  </div>'


@pytest.fixture(scope="module")
def versioned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str]]:
    folder = tmp_path_factory.mktemp("versions")
    db = folder / "news.db"
    courier = write_file(folder / "alder-courier.html", (EXAMPLES / "alder-courier.html").read_text(encoding="utf-8"))
    with SqliteStore(db) as store:
        Ingestor(store, workers=1).ingest([courier, EXAMPLES / "coastline-daily.txt"])
        article_id = next(a.id for a in store.iter_articles() if a.uri.endswith("alder-courier.html"))
        edited = courier.read_text(encoding="utf-8").replace(*EDIT).replace("</p>\n  </div>", HOSTILE_LINE, 1)
        (document,) = [
            d for d in newsweave.read([write_file(folder / "edited.html", edited)]) if isinstance(d, Document)
        ]
        (article,) = newsweave.annotate(newsweave.extract([document]))
        with store.transaction():
            store.upsert_documents([document])
            store.add_version(article_id, article, document_id=document.id, fetched_at=datetime.now(UTC))
        story_id = store.story_of(article_id) or ""
    with TestClient(create_app(db)) as client:
        yield client, story_id, article_id


@pytest.mark.model
def test_story_page_compares_the_newest_version_and_says_so(versioned: tuple[TestClient, str, str]) -> None:
    client, story_id, article_id = versioned
    page = client.get(f"/stories/{story_id}").text
    assert f'<a href="/articles/{article_id}#versions">version 2</a> is compared' in page
    assert "Five people were injured" in page
    assert "Three people were injured in the collision, officials said." not in page
    assert client.get(f"/api/stories/{story_id}").json()["versions"] == {article_id: 2}


@pytest.mark.model
def test_article_page_lists_versions_with_their_changes(versioned: tuple[TestClient, str, str]) -> None:
    client, _, article_id = versioned
    page = client.get(f"/articles/{article_id}").text
    assert 'id="versions"' in page
    assert "2 versions; this page shows the newest." in page
    assert "<del>Three people were injured in the collision, officials said.</del>" in page
    assert "<mark>Three → Five</mark>" in page
    assert "<script>window.__pwned" not in page  # a version's text is escaped like the article's
    history = client.get(f"/api/articles/{article_id}").json()["history"]
    assert [v["version"] for v in history["versions"]] == [1, 2]
    assert history["followed"] is None


@pytest.mark.model
def test_an_article_with_one_version_has_no_versions_section(versioned: tuple[TestClient, str, str]) -> None:
    client, story_id, _ = versioned
    other = next(a for a in client.get(f"/api/stories/{story_id}").json()["compared"] if a != versioned[2])
    assert 'id="versions"' not in client.get(f"/articles/{other}").text
