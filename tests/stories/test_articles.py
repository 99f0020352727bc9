"""An article's details from the store: the article, its story and its near-duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Document, MediaType
from newsweave.store import SqliteStore
from newsweave.stories import load_article_details


def _store(path: Path, ids: list[str]) -> SqliteStore:
    store = SqliteStore(path)
    for article_id in ids:
        text = f"report {article_id}"
        store.upsert_documents([Document(id=article_id, uri=article_id, media_type=MediaType.TEXT, content=text)])
        store.upsert_articles([Article(id=article_id, uri=article_id, text=text, outlet=f"outlet {article_id}")])
    return store


def test_article_details_story_and_other_near_duplicates(tmp_path: Path) -> None:
    with _store(tmp_path / "a.db", ["a0", "a1", "a2"]) as store:
        store.set_near_duplicates([("a1", "a0", "a2")])
        store.assign_story("a0", "s1")
        details = load_article_details(store, "a0")
    assert details.article.id == "a0"
    assert details.story_id == "s1"
    assert [copy.id for copy in details.near_duplicates] == ["a1", "a2"]


def test_article_details_without_story_or_copies(tmp_path: Path) -> None:
    with _store(tmp_path / "a.db", ["a0"]) as store:
        details = load_article_details(store, "a0")
    assert (details.story_id, details.near_duplicates) == ("", ())


def test_article_details_unknown_article(tmp_path: Path) -> None:
    with _store(tmp_path / "a.db", []) as store, pytest.raises(NewsweaveError) as raised:
        load_article_details(store, "missing")
    assert raised.value.code == "store.not_found"
