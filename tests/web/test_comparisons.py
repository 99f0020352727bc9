"""Which articles of a story are compared, and the in-process cache of comparisons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsweave.model import Article, Comparison, Document, MediaType
from newsweave.store import SqliteStore
from newsweave.web import ComparisonCache, plan_story

START = datetime(2025, 5, 1, tzinfo=UTC)


def _story(path: Path, outlets: list[str], groups: list[tuple[str, ...]]) -> SqliteStore:
    store = SqliteStore(path)
    for n, outlet in enumerate(outlets):
        article_id = f"a{n}"
        text = f"report {n} by {outlet}"
        store.upsert_documents([Document(id=article_id, uri=article_id, media_type=MediaType.TEXT, content=text)])
        store.upsert_articles(
            [Article(id=article_id, uri=article_id, text=text, outlet=outlet, published=START + timedelta(hours=n))]
        )
        store.assign_story(article_id, "s1")
    store.set_near_duplicates(groups)
    return store


def test_plan_compares_one_article_per_near_duplicate_group(tmp_path: Path) -> None:
    with _story(tmp_path / "s.db", ["Wire", "Gazette", "Herald", "Post"], [("a0", "a2", "a3")]) as store:
        plan = plan_story(store, "s1")
    assert [member.id for member in plan.compared] == ["a0", "a1"]
    assert [(leader, [copy.id for copy in copies]) for leader, copies in plan.copies] == [
        ("a0", ["a2", "a3"]),
        ("a1", []),
    ]
    assert plan.left_out == ()


def test_plan_caps_sources_distinct_outlets_first(tmp_path: Path) -> None:
    outlets = ["Gazette", "Gazette", "Herald", "Post", "Gazette"]
    with _story(tmp_path / "s.db", outlets, []) as store:
        plan = plan_story(store, "s1", max_sources=3)
    assert [member.id for member in plan.compared] == ["a0", "a2", "a3"]
    assert [member.id for member in plan.left_out] == ["a1", "a4"]
    assert plan.key == ("a0", "a2", "a3")


def test_plan_needs_one_source_at_least(tmp_path: Path) -> None:
    with _story(tmp_path / "s.db", ["Gazette"], []) as store, pytest.raises(ValueError, match="max_sources"):
        plan_story(store, "s1", max_sources=0)


def _comparison(name: str) -> Comparison:
    return Comparison(articles=(Article(id=name, uri=name, text=name),), entities=(), claims=())


def test_cache_computes_once_and_drops_least_recently_used() -> None:
    cache = ComparisonCache(max_entries=2)
    calls: list[str] = []

    def compute(name: str) -> Comparison:
        calls.append(name)
        return _comparison(name)

    first = cache.get_or_compute(("a",), lambda: compute("a"))
    assert cache.get_or_compute(("a",), lambda: compute("a")) is first
    cache.get_or_compute(("b",), lambda: compute("b"))
    cache.get_or_compute(("a",), lambda: compute("a"))  # "a" is now the most recent
    cache.get_or_compute(("c",), lambda: compute("c"))  # drops "b"
    cache.get_or_compute(("a",), lambda: compute("a"))
    cache.get_or_compute(("b",), lambda: compute("b"))
    assert calls == ["a", "b", "c", "b"]
    assert len(cache) == 2
