"""The web app through its HTTP interface: pages, their JSON twins, errors and escaping."""

from __future__ import annotations

import gc
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.web.conftest import HOSTILE_URL, WIRE_OUTLET, WebStore

from newsweave.cli import app as cli_app
from newsweave.compare import CompareOptions
from newsweave.errors import ModelUnavailableError, NewsweaveError
from newsweave.models.embedder import EMBEDDERS
from newsweave.report import render
from newsweave.store import SqliteStore
from newsweave.stories import compare_story
from newsweave.web.app import CONTENT_SECURITY_POLICY, create_app


class _Tags(HTMLParser):
    """Every start tag with its attributes, as the browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_stories_api_counts_a_wire_copy_once(client: TestClient, web_store: WebStore) -> None:
    stories = {story["id"]: story for story in client.get("/api/stories").json()["stories"]}
    story = stories[web_store.story_id]
    assert (story["n_articles"], story["n_outlets"]) == (7, 6)
    assert story["languages"] == ["en", "es"]


def test_stories_page_shows_counts_languages_span_and_entities(client: TestClient, web_store: WebStore) -> None:
    page = client.get("/").text
    assert f'href="/stories/{web_store.story_id}"' in page
    assert "<strong>6</strong> sources" in page
    assert "en, es" in page
    assert re.search(r'href="/\?entity=[^"]+"', page)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Halvard"}, "story"),
        ({"q": "Saltmere"}, "hostile"),
        ({"language": "es"}, "story"),
        ({"outlet": WIRE_OUTLET}, "story"),
        ({"entity": "corran-star"}, "story"),
        ({"entity": "Corran Star"}, "story"),
        ({"since": "2025-11-01"}, "hostile"),
        ({"since": "2025-10-01", "until": "2025-10-31"}, "story"),
        ({"q": "zeppelin"}, None),
        ({"until": "2020-01-01"}, None),
    ],
)
def test_stories_filters(client: TestClient, web_store: WebStore, params: dict[str, str], expected: str | None) -> None:
    ids = [story["id"] for story in client.get("/api/stories", params=params).json()["stories"]]
    wanted = {"story": [web_store.story_id], "hostile": [web_store.hostile_story_id], None: []}[expected]
    assert ids == wanted
    page = client.get("/", params=params).text
    assert ("No stories" in page) is (expected is None)


def test_stories_blank_form_fields_are_no_filter(client: TestClient) -> None:
    blank = dict.fromkeys(("q", "since", "until", "outlet", "entity", "language"), "")
    assert len(client.get("/api/stories", params=blank).json()["stories"]) == 2


def test_stories_pages_follow_the_cursor(client: TestClient, web_store: WebStore) -> None:
    first = client.get("/api/stories", params={"limit": 1}).json()
    second = client.get("/api/stories", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    ids = [first["stories"][0]["id"], second["stories"][0]["id"]]
    assert ids == [web_store.hostile_story_id, web_store.story_id]  # the newer day first
    assert second["next_cursor"] == ""
    assert 'rel="next"' in client.get("/", params={"limit": 1}).text


def test_story_compares_one_article_per_near_duplicate_group(client: TestClient, web_store: WebStore) -> None:
    body = client.get(f"/api/stories/{web_store.story_id}").json()
    assert len(body["compared"]) == 6
    assert web_store.copy_article_id not in body["compared"]
    copies = [copy["id"] for group in body["copies"].values() for copy in group]
    assert copies == [web_store.copy_article_id]
    assert {claim["status"] for claim in body["comparison"]["claims"]} >= {"shared", "unique"}
    assert len(body["comparison"]["articles"]) == 6


def test_story_page_has_every_section(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/stories/{web_store.story_id}").text
    for section in ("brief", "side-by-side", "matrix", "quotes", "framing", "posts", "timeline"):
        assert f'<section id="{section}">' in page
    assert page.count('class="column"') == 6
    assert "<svg" in page
    assert re.search(r'class="sentence shared[^"]*" data-claim="c\d+"', page)
    assert "1 near-duplicate (counted once)" in page


def _section(page: str, section: str) -> str:
    return page.split(f'<section id="{section}">')[1].split("</section>")[0]


def test_story_page_shows_how_each_source_framed_the_story(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/stories/{web_store.story_id}").text
    framing = _section(page, "framing")
    assert framing.count('class="lead-row"') == 6
    assert "Rogue freighter smashes into Halvard Bridge" in framing  # the Herald's headline beside the others
    assert '<mark class="word word-evaluative" title="evaluative, 2">smashed</mark>' in framing
    assert '<mark class="word word-attribution" title="attribution, 2">claimed</mark>' in framing
    assert "(most neutral)" in framing
    assert re.search(r'<span class="voice-kind">official</span> <span class="voice">Elena Varga \(mayor', framing)
    brief = _section(page, "brief")
    assert "(sources differ in wording)" in brief
    assert "smashed" not in brief
    assert "claimed" not in brief


def test_story_api_carries_the_framing(client: TestClient, web_store: WebStore) -> None:
    framing = client.get(f"/api/stories/{web_store.story_id}").json()["comparison"]["framing"]
    assert framing["lexicon"].startswith("vaderSentiment 3.3.2")
    assert len(framing["sources"]) == 6
    herald = next(source for source in framing["sources"] if source["headline"].startswith("Rogue freighter"))
    assert {word["text"] for word in herald["words"]} >= {"smashed", "shocking", "claimed", "admitted", "insisted"}
    assert all(word["differs"] for word in herald["words"] if word["text"] in {"smashed", "claimed"})


def test_story_page_names_sources_and_says_dates_as_people_read_them(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/stories/{web_store.story_id}").text
    names = [name for _, name in re.findall(r'<h3>\[(\d+)\] <a href="/articles/\w+">([^<]*)</a></h3>', page)]
    # the .txt examples name no outlet: the stems of their files stand in
    assert names == [
        "The Alder Courier",
        "Diario del Puerto",
        "northgate-wire",
        "coastline-daily",
        "harbour-herald",
        "eastbank-observer",
    ]
    timeline = page.split('<section id="timeline">')[1]
    assert ">Tue 14 Oct 2025</text>" in timeline
    assert "<strong>a Tuesday (date not given)</strong>" in timeline
    assert not re.search(r"\b(weekday|monthday|day|week|month|year):", timeline)
    assert not re.search(r"\.(txt|html)\b", timeline)


def test_story_page_citations_jump_to_sentences_on_the_page(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/stories/{web_store.story_id}").text
    tags = _tags(page)
    ids = {value for _, attrs in tags if (value := attrs.get("id"))}
    hrefs = [attrs.get("href") or "" for tag, attrs in tags if tag == "a"]
    targets = {href[1:] for href in hrefs if href.startswith("#s")}
    assert targets
    assert targets <= ids


def test_story_page_claims_share_ids_across_columns_and_matrix(client: TestClient, web_store: WebStore) -> None:
    body = client.get(f"/api/stories/{web_store.story_id}").json()
    shared = next(claim for claim in body["comparison"]["claims"] if claim["status"] == "shared")
    page = client.get(f"/stories/{web_store.story_id}").text
    marked = [attrs for _, attrs in _tags(page) if attrs.get("data-claim") == shared["id"]]
    sentences = [attrs for attrs in marked if "sentence" in (attrs.get("class") or "")]
    assert len(sentences) == len(shared["members"])
    assert any("matrix-row" in (attrs.get("class") or "") for attrs in marked)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_story_export_is_the_report_the_library_renders(client: TestClient, web_store: WebStore, fmt: str) -> None:
    response = client.get(f"/stories/{web_store.story_id}/export/{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    with SqliteStore(web_store.path, read_only=True) as store:
        expected = render(compare_story(store, web_store.story_id).comparison, fmt)
    assert response.text == expected


def test_cli_story_prints_the_comparison_the_page_exports(client: TestClient, web_store: WebStore) -> None:
    result = CliRunner().invoke(cli_app, ["story", web_store.story_id, "--db", str(web_store.path), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == client.get(f"/stories/{web_store.story_id}/export/md").text.strip()


def test_article_page_marks_annotations_and_shows_removed_boilerplate(client: TestClient) -> None:
    body = client.get("/api/stories", params={"outlet": "The Alder Courier"}).json()
    story = client.get(f"/api/stories/{body['stories'][0]['id']}").json()
    courier = next(a for a in story["comparison"]["articles"] if a["outlet"] == "The Alder Courier")
    api = client.get(f"/api/articles/{courier['id']}").json()
    assert api["article"]["removed"]
    assert api["article"]["entities"]
    page = client.get(f"/articles/{courier['id']}").text
    assert 'class="mark-entity"' in page
    assert 'class="mark-time"' in page
    assert '<details class="removed-view" id="removed">' in page
    assert "Skip to content" in page.split('id="removed"')[1]
    assert "Skip to content" not in page.split('id="article-body"')[1].split('id="removed"')[0]


def test_article_api_names_story_and_near_duplicates(client: TestClient, web_store: WebStore) -> None:
    body = client.get(f"/api/articles/{web_store.copy_article_id}").json()
    assert body["story"] == web_store.story_id
    assert len(body["near_duplicates"]) == 1


def test_story_history_and_search_api(client: TestClient, web_store: WebStore) -> None:
    history = client.get(f"/api/stories/{web_store.story_id}/history").json()
    assert len(history) == 7
    hits = client.get("/api/search", params={"q": "Saltmere"}).json()
    assert [hit["article"] for hit in hits] == [web_store.hostile_article_id]


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/stories/s999999", 404, "no story with id 's999999'"),
        ("/api/stories/s999999", 404, "no story with id 's999999'"),
        ("/articles/0000", 404, "no article with id '0000'"),
        ("/api/articles/0000", 404, "no article with id '0000'"),
        ("/api/stories/s999999/history", 404, "no story"),
        ("/stories/bad%20id", 422, "story_id"),
        ("/stories/s000000/export/pdf", 422, "fmt"),
        ("/?since=yesterday", 422, "'yesterday' is not a day"),
        ("/api/stories?since=2025-02-30", 422, "is not a day"),
        ("/?cursor=not-a-cursor", 422, "page cursor"),
        ("/api/stories?limit=0", 422, "greater than or equal to 1"),
        ("/?limit=100000", 422, "limit"),
        ("/nowhere", 404, "Not Found"),
    ],
)
def test_bad_ids_and_parameters_answer_with_status_and_message(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.text.replace("&#39;", "'")
    is_api = url.startswith("/api/")
    assert response.headers["content-type"].startswith("application/json" if is_api else "text/html")


def test_hostile_article_is_escaped_everywhere(client: TestClient, web_store: WebStore) -> None:
    pages = [
        client.get("/").text,
        client.get("/", params={"q": "Saltmere"}).text,
        client.get(f"/stories/{web_store.hostile_story_id}").text,
        client.get(f"/articles/{web_store.hostile_article_id}").text,
    ]
    for page in pages:
        tags = _tags(page)
        assert [attrs.get("src") for tag, attrs in tags if tag == "script"] == ["/static/app.js"]
        assert not [tag for tag, _ in tags if tag in {"img", "b", "iframe", "object"}]
        assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
        assert not any((attrs.get("href") or "").startswith("javascript:") for _, attrs in tags)
    assert "&lt;script&gt;window.__pwned = &#34;title&#34;&lt;/script&gt;" in pages[0]
    assert HOSTILE_URL in pages[3]  # shown as text, not as a link


def test_links_from_articles_open_without_opener_or_referrer(client: TestClient, web_store: WebStore) -> None:
    story = client.get(f"/api/stories/{web_store.story_id}").json()
    pages = [client.get(f"/stories/{web_store.story_id}").text]
    pages += [client.get(f"/articles/{article_id}").text for article_id in story["compared"]]
    links = [attrs for page in pages for tag, attrs in _tags(page) if tag == "a"]
    external = [attrs for attrs in links if (attrs.get("href") or "").startswith("http")]
    assert external
    assert all(attrs.get("rel") == "noopener noreferrer" for attrs in external)


def test_every_response_carries_the_security_headers(client: TestClient, web_store: WebStore) -> None:
    for url in ("/", f"/stories/{web_store.story_id}", "/api/stories", "/nowhere", "/static/app.js"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY.split("style-src")[0]


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/history",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/outlets",
        "/api/outlets/{name}",
    }


def test_app_opens_the_store_read_only(web_store: WebStore, tmp_path: Path) -> None:
    app = create_app(web_store.path)
    assert app.state.context.store.read_only
    with pytest.raises(NewsweaveError, match="no such file"):
        create_app(tmp_path / "missing.db")


def test_app_start_freezes_what_it_loaded(web_store: WebStore) -> None:
    gc.unfreeze()
    try:
        with TestClient(create_app(web_store.path)) as started:
            assert started.get("/").status_code == 200
            assert gc.get_freeze_count() > 0  # the collector no longer rescans the startup objects
    finally:
        gc.unfreeze()


class _CountingEmbedder:
    calls: ClassVar[list[list[str]]] = []
    dimensions = 3

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.ones((len(texts), 3), dtype=np.float32)


class _MissingEmbedder(_CountingEmbedder):
    def __init__(self) -> None:
        raise ModelUnavailableError("models.embedder_missing", "install it")


def test_app_start_loads_the_sentence_embedder(web_store: WebStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EMBEDDERS, CompareOptions().embedder, _CountingEmbedder)
    monkeypatch.setattr(_CountingEmbedder, "calls", [])
    app = create_app(web_store.path)
    assert _CountingEmbedder.calls == []  # not at import or construction: at server start
    with TestClient(app) as started:
        assert len(_CountingEmbedder.calls) == 1
        assert started.get("/").status_code == 200


def test_app_starts_without_the_embedder_and_serves_the_stories(
    web_store: WebStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(EMBEDDERS, CompareOptions().embedder, _MissingEmbedder)
    with TestClient(create_app(web_store.path)) as started:
        assert started.get("/").status_code == 200
    assert "story pages will fail: install it" in caplog.text


def test_story_page_says_what_a_conflict_differs_on(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/stories/{web_store.story_id}").text
    assert '<section id="conflicts">' in page
    found = re.search(
        r'<p class="evidence">Differs on how many people: (\d) (\[\d\])+ against (\d) (\[\d\])+</p>', page
    )
    assert found
    assert {found.group(1), found.group(3)} == {"3", "5"}
