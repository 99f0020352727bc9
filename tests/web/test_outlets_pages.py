"""The outlets pages and their JSON twins: each outlet's framing over its multi-source stories,
read from the rows ``newsweave outlets`` stored (the web store fixture refreshes them)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
from tests.web.conftest import WebStore

from newsweave.store import SqliteStore
from newsweave.stories import outlet_profile
from newsweave.web.app import create_app


def test_outlets_api_lists_each_compared_outlet(client: TestClient) -> None:
    outlets = client.get("/api/outlets").json()["outlets"]
    names = [row["outlet"] for row in outlets]
    assert len(names) == 6
    assert "harbour-herald" in names
    assert "Harbour Relay" not in names  # a wire copy is compared once, as the original
    herald = next(row for row in outlets if row["outlet"] == "harbour-herald")
    assert herald["n_stories"] == 1
    assert herald["lead_share"] == herald["n_leads_shared"]


def test_outlet_api_is_the_profile(client: TestClient, web_store: WebStore) -> None:
    body = client.get("/api/outlets/harbour-herald").json()
    assert {w["word"] for w in body["attribution_verbs"]} == {"admitted", "claimed", "insisted"}
    assert "Tomas Reyk" in [s["name"] for s in body["speakers"]]
    assert body["omissions"][0]["story"] == web_store.story_id
    with SqliteStore(web_store.path, read_only=True) as store:
        assert body["n_omitted"] == outlet_profile(store, "harbour-herald").totals.n_omitted


def test_outlets_page_links_each_outlet(client: TestClient) -> None:
    page = client.get("/outlets").text
    assert 'href="/outlets/The%20Alder%20Courier"' in page
    assert 'id="nav-outlets"' in page


def test_outlet_page_shows_speakers_words_and_omissions(client: TestClient, web_store: WebStore) -> None:
    response = client.get("/outlets/" + quote("The Alder Courier", safe=""))
    assert response.status_code == 200
    page = response.text
    assert '<h1 id="outlet-name">The Alder Courier</h1>' in page
    assert "Elena Varga" in page
    assert 'id="omissions"' in page
    assert f'href="/stories/{web_store.story_id}"' in page
    herald = client.get("/outlets/harbour-herald").text
    assert "claimed" in herald
    assert "smashed" in herald


def test_story_page_links_each_source_to_its_outlet_page(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/stories/{web_store.story_id}").text
    assert 'class="outlet-link" href="/outlets/harbour-herald"' in page


def test_unknown_outlet_answers_404(client: TestClient) -> None:
    assert client.get("/outlets/Nobody").status_code == 404
    response = client.get("/api/outlets/a%2Fb")
    assert response.status_code == 404
    assert "no outlet 'a/b'" in response.json()["detail"]


def test_outlets_page_of_a_store_never_refreshed_says_how(web_store: WebStore, tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    shutil.copy(web_store.path, path)
    with SqliteStore(path) as store:
        store.drop_outlet_framing(store.outlet_framing_fingerprints())
    with TestClient(create_app(path)) as client:
        page = client.get("/outlets").text
        assert 'id="no-outlets"' in page
        assert "newsweave outlets --db" in page
        assert client.get("/api/outlets").json() == {"outlets": []}
