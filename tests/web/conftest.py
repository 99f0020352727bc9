"""Fixtures of the web tests: one store built by ingest from the examples, a wire copy of one of
them and a hostile article, opened by the app; and the ids the tests look things up by.

Ingest loads real models, so the store is built once per session.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.conftest import EXAMPLES, write_file

from newsweave.ingest import Ingestor
from newsweave.store import SqliteStore
from newsweave.stories import refresh_outlet_framing
from newsweave.web.app import create_app

HOSTILE_TITLE = (
    '<script>window.__pwned = "title"</script>Harbour <b onmouseover="window.__pwned=1">fire</b> closes pier'
)
HOSTILE_OUTLET = '<img src=x onerror="window.__pwned=2">Evil Outlet'
HOSTILE_URL = "javascript:window.__pwned=3"
HOSTILE_LINES = [
    "A fire broke out on Pier 9 of the Saltmere harbour on Sunday night and burned for six hours.",
    'Fire chief Maren Oakes said <script>window.__pwned = "body"</script> crews kept the flames '
    "away from the fuel depot.",
    'Residents were told to keep windows shut <img src=x onerror="window.__pwned=4"> until the smoke cleared.',
    'The harbour office posted updates at <a href="javascript:window.__pwned=5">this link</a> through the night.',
    "Nobody was hurt, and the pier will stay closed while engineers check its timbers this week.",
]
WIRE_OUTLET = "Harbour Relay"


@dataclass(frozen=True, slots=True)
class WebStore:
    path: Path
    story_id: str
    hostile_story_id: str
    hostile_article_id: str
    copy_article_id: str


def _jsonl(path: Path) -> Path:
    wire = (EXAMPLES / "northgate-wire.txt").read_text(encoding="utf-8")
    records = [
        {
            "url": HOSTILE_URL,
            "outlet": HOSTILE_OUTLET,
            "title": HOSTILE_TITLE,
            "text": "\n\n".join(HOSTILE_LINES),
            "published": "2025-11-02T10:00:00+00:00",
            "language": "en",
        },
        {
            "url": "https://harbour-relay.example/halvard",
            "outlet": WIRE_OUTLET,
            "text": wire.replace("Tuesday", "Tuesday morning", 1),
            "published": "2025-10-14T15:00:00+00:00",
        },
    ]
    return write_file(path, "\n".join(json.dumps(record) for record in records) + "\n")


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    folder = tmp_path_factory.mktemp("web")
    path = folder / "news.db"
    extra = _jsonl(folder / "extra.jsonl")
    with SqliteStore(path) as store:
        Ingestor(store, workers=1).ingest([EXAMPLES, extra])
        refresh_outlet_framing(store)  # the rows the outlets pages read
        hostile = store.search("Saltmere", plain=True)[0].article_id
        copy = next(a.id for a in store.iter_articles() if a.outlet == WIRE_OUTLET)
        return WebStore(
            path=path,
            story_id=store.story_of(copy) or "",
            hostile_story_id=store.story_of(hostile) or "",
            hostile_article_id=hostile,
            copy_article_id=copy,
        )


@pytest.fixture(scope="session")
def web_app(web_store: WebStore) -> FastAPI:
    return create_app(web_store.path)


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as test_client:
        yield test_client
