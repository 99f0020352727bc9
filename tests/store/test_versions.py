"""Followed pages and article versions: the schedule's rows, and a new version that replaces the
article's text everywhere it is read while every version stays kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Document, EntityMention, MediaType, Span
from newsweave.store import SqliteStore

FIRST = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
OLD_TEXT = "Three people were injured when a ship hit the Halvard Bridge."
NEW_TEXT = "Five people were injured when a ship hit the Halvard Bridge, Mayor Elena Varga said."


def _page(doc_id: str, uri: str, text: str) -> tuple[Document, Article]:
    document = Document(id=doc_id, uri=uri, media_type=MediaType.HTML, content=f"<p>{text}</p>")
    start = text.find("Elena Varga")
    entities = (EntityMention(span=Span(start=start, end=start + 11), label="PERSON"),) if start >= 0 else ()
    article = Article(id=doc_id, uri=uri, title="Bridge struck", outlet="courier", text=text, entities=entities)
    return document, article


@pytest.fixture
def store() -> SqliteStore:
    store = SqliteStore(":memory:")
    document, article = _page("a1", "https://example.com/bridge", OLD_TEXT)
    store.upsert_documents([document])
    store.upsert_articles([article])
    store.assign_stories([("a1", "s1")], reason="test")
    return store


def test_follow_schedules_the_stored_pages_once(store: SqliteStore) -> None:
    uris = ["https://example.com/bridge", "https://example.com/never-stored"]
    assert store.follow(uris, first_seen_at=FIRST, next_visit_at=FIRST + timedelta(hours=1)) == 1
    assert store.follow(uris, first_seen_at=FIRST + timedelta(days=1), next_visit_at=None) == 0  # schedule kept
    assert store.due_pages(FIRST) == []
    (due,) = store.due_pages(FIRST + timedelta(hours=1))
    assert (due.uri, due.article_id, due.first_seen_at, due.n_visits) == ("https://example.com/bridge", "a1", FIRST, 0)
    store.record_visit(due.uri, outcome="unchanged", next_visit_at=None)
    assert store.due_pages() == []
    page = store.followed_page("a1")
    assert page is not None
    assert (page.n_visits, page.last_outcome, page.next_visit_at) == (1, "unchanged", None)
    assert store.followed_page("nope") is None


def test_a_new_version_replaces_the_text_everywhere_and_keeps_the_old(store: SqliteStore) -> None:
    assert [v.version for v in store.article_versions("a1")] == [1]  # never changed: the article itself
    assert store.version_counts(["a1"]) == {}
    assert store.version_document_ids("a1") == {"a1"}
    document, article = _page("a2", "https://example.com/bridge?amp", NEW_TEXT)
    with store.transaction():
        store.upsert_documents([document])
        assert store.add_version("a1", article, document_id="a2", fetched_at=FIRST + timedelta(hours=1)) == 2

    newest = store.get_article("a1")
    assert (newest.id, newest.text) == ("a1", NEW_TEXT)
    versions = store.article_versions("a1")
    assert [(v.version, v.document_id, v.article.text) for v in versions] == [(1, "a1", OLD_TEXT), (2, "a2", NEW_TEXT)]
    assert versions[1].fetched_at == FIRST + timedelta(hours=1)
    assert store.version_counts(["a1", "other"]) == {"a1": 2}
    assert store.version_document_ids("a1") == {"a1", "a2"}
    assert store.story_of("a1") == "s1"
    assert [hit.article_id for hit in store.search("Five", plain=True)] == ["a1"]  # the search index follows
    assert store.search("Three", plain=True) == []
    assert len(list(store.iter_articles())) == 1


def test_add_version_of_an_unknown_article_fails(store: SqliteStore) -> None:
    _, article = _page("a2", "https://example.com/x", NEW_TEXT)
    with pytest.raises(NewsweaveError, match="no article with id 'nope'"):
        store.add_version("nope", article, document_id="a1", fetched_at=FIRST)
    with pytest.raises(NewsweaveError, match="no article with id 'nope'"):
        store.article_versions("nope")


def test_an_article_stored_again_with_a_changed_record_keeps_its_entity_index() -> None:
    """An upsert fires the entity index's trigger under the upsert's conflict policy: an entity
    named twice in the new record must not abort it (an article annotated again, say)."""
    text = "Elena Varga spoke first. Later Elena Varga spoke again."
    twice = tuple(EntityMention(span=Span(start=s, end=s + 11), label="PERSON") for s in (0, 31))
    document, article = _page("a1", "https://example.com/bridge", text)
    with SqliteStore(":memory:") as store:
        store.upsert_documents([document])
        store.upsert_articles([article])
        assert store.upsert_articles([replace(article, entities=twice)]) == 1
        assert store.get_article("a1").entities == twice
        (row,) = store._conn.execute("SELECT count(*) FROM article_entities WHERE entity = 'name:elena varga'")
        assert row[0] == 1
