"""Browsing stories: newest day then biggest first, keyset pages, filters; a story's members."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsweave.errors import NewsweaveError
from newsweave.model import Article, Document, EntityMention, MediaType, Span
from newsweave.store import SqliteStore, StoryFilter, browse
from newsweave.store.rows import StoryRow
from newsweave.store.sentences import sentence_key

DAY = datetime(2025, 3, 1, 8, tzinfo=UTC)


def _put(store: SqliteStore, story: str, article_id: str, outlet: str, published: datetime | None, lang: str) -> None:
    text = f"{story} report {article_id} from {outlet}"
    store.upsert_documents([Document(id=article_id, uri=f"file:{article_id}", media_type=MediaType.TEXT, content=text)])
    store.upsert_articles(
        [Article(id=article_id, uri=f"file:{article_id}", text=text, outlet=outlet, published=published, language=lang)]
    )
    store.assign_story(article_id, story)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "browse.db") as opened:
        # s-small: newest article of all, one source; s-big: same day, three sources; s-old: a day
        # earlier; s-undated: no date at all.
        _put(opened, "s-small", "a1", "Gazette", DAY + timedelta(hours=9), "en")
        for n, outlet in enumerate(("Gazette", "Herald", "Diario")):
            _put(opened, "s-big", f"b{n}", outlet, DAY + timedelta(hours=n), "es" if outlet == "Diario" else "en")
        _put(opened, "s-old", "c1", "Herald", DAY - timedelta(days=1), "en")
        _put(opened, "s-undated", "d1", "Courier", None, "fr")
        yield opened


def _ids(store: SqliteStore, **filters: Any) -> list[str]:
    return [story.id for story in store.browse_stories(StoryFilter(**filters), limit=50).stories]


def test_browse_orders_newest_day_then_biggest(store: SqliteStore) -> None:
    assert _ids(store) == ["s-big", "s-small", "s-old", "s-undated"]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_browse_pages_cover_every_story_once(store: SqliteStore, limit: int) -> None:
    seen, cursor = [], ""
    while True:
        page = store.browse_stories(limit=limit, cursor=cursor)
        seen += [story.id for story in page.stories]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == ["s-big", "s-small", "s-old", "s-undated"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"language": "es"}, ["s-big"]),
        ({"outlet": "Herald"}, ["s-big", "s-old"]),
        ({"query": "s-old report"}, ["s-old"]),
        ({"since": DAY}, ["s-big", "s-small"]),
        ({"until": DAY}, ["s-old"]),
        ({"since": DAY + timedelta(hours=2), "until": DAY + timedelta(hours=3)}, ["s-big"]),
    ],
)
def test_browse_filters(store: SqliteStore, filters: dict[str, object], expected: list[str]) -> None:
    assert _ids(store, **filters) == expected


@pytest.mark.parametrize("cursor", ["nonsense", "WzEsMiwzXQ", "!!!"])
def test_browse_bad_cursor(store: SqliteStore, cursor: str) -> None:
    with pytest.raises(NewsweaveError) as raised:
        store.browse_stories(cursor=cursor)
    assert raised.value.code == "store.bad_cursor"


def test_browse_limit_out_of_range(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="limit"):
        store.browse_stories(limit=0)


def test_story_members_in_time_order_with_near_duplicate_groups(store: SqliteStore) -> None:
    store.set_near_duplicates([("b2", "b0")])
    members = store.story_members("s-big")
    assert [member.id for member in members] == ["b0", "b1", "b2"]
    assert [(member.group_id, member.is_representative) for member in members] == [
        ("b2", False),
        ("", False),
        ("b2", True),
    ]
    with pytest.raises(NewsweaveError, match="no story"):
        store.story_members("s-none")


def _mention(store: SqliteStore, article_id: str, story: str, name: str, entity_id: str) -> None:
    """An article of ``story`` that names ``name`` once, as an entity mention."""
    text = f"Officials said {name} spoke on Monday."
    mention = EntityMention(span=Span(start=15, end=15 + len(name)), label="PERSON", entity_id=entity_id)
    store.upsert_documents([Document(id=article_id, uri=f"file:{article_id}", media_type=MediaType.TEXT, content=text)])
    store.upsert_articles([Article(id=article_id, uri=f"file:{article_id}", text=text, entities=(mention,))])
    store.assign_story(article_id, story)


@pytest.fixture
def mentions(store: SqliteStore) -> SqliteStore:
    _mention(store, "m1", "s-big", "Maren Oakes", "maren-oakes")
    _mention(store, "m2", "s-old", "Oakes", "")
    return store


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        ("maren-oakes", ["s-big"]),  # the id, though no top entity of a story was asked for
        ("MAREN OAKES", ["s-big"]),  # a name, in any case
        ("oakes", ["s-old"]),
        ("PERSON:oakes", ["s-old"]),  # the id the stories page gives a mention without one
        ("nobody", []),
    ],
)
def test_browse_entity_filter_matches_any_mention(mentions: SqliteStore, entity: str, expected: list[str]) -> None:
    assert _ids(mentions, entity=entity) == expected


def test_browse_entity_filter_follows_a_changed_article(mentions: SqliteStore) -> None:
    _mention(mentions, "m1", "s-big", "Ines Varga", "ines-varga")
    assert _ids(mentions, entity="maren-oakes") == []
    assert _ids(mentions, entity="ines varga") == ["s-big"]


@pytest.mark.parametrize("walk_cost", [0, 10**6])  # 0: every filter on articles walks; 10**6: none does
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"query": "report"}, ["s-big", "s-small", "s-old", "s-undated"]),
        ({"query": "Herald"}, ["s-big", "s-old"]),
        ({"query": "Diario report"}, ["s-big"]),
        ({"query": "zebra"}, []),
        ({"outlet": "Herald"}, ["s-big", "s-old"]),
        ({"entity": "Oakes"}, ["s-old"]),
        ({"query": "report", "outlet": "Gazette", "entity": "maren-oakes"}, ["s-big"]),
    ],
)
def test_browse_article_filters_walked_or_collected_give_the_same_pages(
    mentions: SqliteStore,
    monkeypatch: pytest.MonkeyPatch,
    walk_cost: int,
    filters: dict[str, Any],
    expected: list[str],
) -> None:
    monkeypatch.setattr(browse, "_WALK_COST", walk_cost)
    seen, cursor = [], ""
    while True:
        page = mentions.browse_stories(StoryFilter(**filters), limit=1, cursor=cursor)
        seen += [story.id for story in page.stories]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == expected


def test_browse_collected_search_reads_the_covering_indexes_not_the_rows(
    mentions: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search collects its matches' stories through migration 7's indexes (an article row is a
    page of its own; reading one per match made a cold search on 1M articles 2.3 times slower)."""
    plans: list[str] = []
    original = mentions._stories

    def explained(tail: str, params: Sequence[object], query: str | None = None) -> list[StoryRow]:
        plan = mentions._conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM stories {tail}", params).fetchall()
        plans.extend(str(row[3]) for row in plan)
        return original(tail, params, query=query)

    monkeypatch.setattr(browse, "_WALK_COST", 10**6)  # always collect
    monkeypatch.setattr(mentions, "_stories", explained)
    assert [story.id for story in mentions.browse_stories(StoryFilter(query="Herald")).stories] == ["s-big", "s-old"]
    assert any("COVERING INDEX articles_seq_id" in line for line in plans)
    assert any("COVERING INDEX story_members_article_story" in line for line in plans)


def test_sentence_vectors_round_trip_and_keep_the_first(store: SqliteStore) -> None:
    keys = [sentence_key("m", "one"), sentence_key("m", "two")]
    assert store.save_sentence_vectors(keys, np.eye(2, 3)) == 2
    assert store.save_sentence_vectors(keys[:1], np.ones((1, 3))) == 0
    found = store.load_sentence_vectors([*keys, sentence_key("other", "one")])
    assert set(found) == set(keys)
    np.testing.assert_array_equal(found[keys[0]], [1, 0, 0])
    assert sentence_key("m", "one") != sentence_key("n", "one")


def test_sentence_vectors_need_one_row_per_key(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="shape"):
        store.save_sentence_vectors([sentence_key("m", "one")], np.ones((2, 3)))
