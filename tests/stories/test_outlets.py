"""Framing across a store: the per-(story, outlet) rows, their incremental refresh, and an outlet's sums."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from newsweave.errors import NewsweaveError
from newsweave.ingest import Ingestor
from newsweave.model import Article, Document, MediaType
from newsweave.store import OutletFramingRow, SpeakerCount, SqliteStore, WordCount
from newsweave.stories import (
    outlet_profile,
    outlet_profiles,
    plan_outlet_refresh,
    refresh_outlet_framing,
)

START = datetime(2025, 5, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples ingested (real models): one story of six outlets."""
    path = tmp_path_factory.mktemp("outlets") / "news.db"
    with SqliteStore(path) as store:
        Ingestor(store, workers=1).ingest([EXAMPLES])
    return path


@pytest.fixture
def store(examples_db: Path, tmp_path: Path) -> SqliteStore:
    path = tmp_path / "news.db"
    shutil.copy(examples_db, path)
    return SqliteStore(path)


def _add_copy(store: SqliteStore, source: Article, n: int, outlet: str, story_id: str) -> str:
    """A new article (own id) with ``source``'s annotated text, from ``outlet``, in ``story_id``."""
    article_id = f"copy{n}"
    article = dataclasses.replace(
        source, id=article_id, uri=f"https://{outlet}/{n}", url="", outlet=outlet, published=START + timedelta(hours=n)
    )
    document = Document(id=article_id, uri=article.uri, media_type=MediaType.TEXT, content=article.text)
    store.upsert_documents([document])
    store.upsert_articles([article])
    store.assign_story(article_id, story_id)
    return article_id


def test_refresh_rows_one_per_outlet_of_the_story(store: SqliteStore) -> None:
    with store:
        done = refresh_outlet_framing(store)
        (story,) = store.stories()
        totals = store.outlet_totals()
        rows = store.outlet_framing_rows("harbour-herald")
    assert (done.n_stories, done.n_compared, done.n_unchanged) == (1, 1, 0)
    assert len(totals) == story.n_outlets == 6
    assert all(t.n_stories == 1 for t in totals)
    (row,) = rows
    assert row.story_id == story.id
    assert row.story_title == story.title
    assert row.n_sources == 6
    assert row.has_lead
    assert {"claimed", "admitted", "insisted"} <= {w.word for w in row.words if w.kind == "attribution"}
    assert "Tomas Reyk" in {voice.name for voice in row.voices}
    assert row.n_omitted >= len(row.omitted) >= 1


def test_refresh_is_incremental(store: SqliteStore) -> None:
    with store:
        (story,) = store.stories()
        members = store.get_articles([m.id for m in store.story_members(story.id)])
        _add_copy(store, members[0], 1, "gazette.example", "s2")
        _add_copy(store, members[1], 2, "tribune.example", "s2")
        first: list[str] = []
        assert refresh_outlet_framing(store, progress=first.append).n_compared == 2
        assert sorted(first) == sorted([story.id, "s2"])

        again: list[str] = []
        done = refresh_outlet_framing(store, progress=again.append)
        assert (done.n_compared, done.n_unchanged, again) == (0, 2, [])

        _add_copy(store, members[2], 3, "courier.example", "s2")
        plan = plan_outlet_refresh(store)
        assert [story_id for story_id, _ in plan.stale] == ["s2"]
        after: list[str] = []
        refresh_outlet_framing(store, plan, progress=after.append)
        assert after == ["s2"]
        assert {row.outlet for row in store.outlet_framing_rows("courier.example")} == {"courier.example"}
        assert store.outlet_framing_rows("gazette.example")[0].n_sources == 3

        assert len(plan_outlet_refresh(store, rebuild=True).stale) == 2
        assert plan_outlet_refresh(store, max_sources=2).stale  # other comparisons: other rows


def test_refresh_drops_stories_no_longer_shared(store: SqliteStore) -> None:
    with store:
        (story,) = store.stories()
        members = store.get_articles([m.id for m in store.story_members(story.id)])
        _add_copy(store, members[0], 1, "gazette.example", "s2")
        _add_copy(store, members[1], 2, "tribune.example", "s2")
        refresh_outlet_framing(store)
        store.assign_story("copy2", None)
        plan = plan_outlet_refresh(store)
        assert plan.gone == ("s2",)
        assert refresh_outlet_framing(store, plan).n_dropped == 1
        with pytest.raises(NewsweaveError) as caught:
            store.outlet_framing_rows("gazette.example")
    assert caught.value.code == "store.not_found"


def _hand_store(path: Path) -> SqliteStore:
    """Two stories of outlets A and B, with framing rows written by hand."""
    store = SqliteStore(path)
    for n, (story_id, outlet) in enumerate([("s1", "A"), ("s1", "B"), ("s2", "A"), ("s2", "B")]):
        article = Article(id=f"a{n}", uri=f"a{n}", text=f"text {n}", outlet=outlet, published=START + timedelta(days=n))
        store.upsert_documents([Document(id=article.id, uri=article.uri, media_type=MediaType.TEXT, content="x")])
        store.upsert_articles([article])
        store.assign_story(article.id, story_id)
    voices_1 = (SpeakerCount(name="Mayor", n_quotes=2, n_words=30), SpeakerCount(name="Chief", n_quotes=1, n_words=50))
    words_1 = (
        WordCount(word="claimed", kind="attribution", count=2),
        WordCount(word="chaos", kind="evaluative", count=1),
    )
    rows = {
        "s1": [
            OutletFramingRow(
                story_id="s1",
                outlet="A",
                article_id="a0",
                n_sources=2,
                has_lead=True,
                leads_with_shared=True,
                n_omitted=2,
                omitted=("old claim", "other"),
                voices=voices_1,
                words=words_1,
            ),
            OutletFramingRow(
                story_id="s1",
                outlet="B",
                article_id="a1",
                n_sources=2,
                has_lead=True,
                leads_with_shared=True,
                n_omitted=0,
            ),
        ],
        "s2": [
            OutletFramingRow(
                story_id="s2",
                outlet="A",
                article_id="a2",
                n_sources=2,
                has_lead=True,
                leads_with_shared=False,
                n_omitted=1,
                omitted=("new claim",),
                voices=(SpeakerCount(name="Mayor", n_quotes=1, n_words=10),),
                words=(
                    WordCount(word="chaos", kind="evaluative", count=2),
                    WordCount(word="may", kind="hedge", count=1),
                ),
            ),
        ],
    }
    for story_id, story_rows in rows.items():
        store.save_outlet_framing(story_id, "fp", story_rows)
    return store


def test_outlet_profile_sums_rows(tmp_path: Path) -> None:
    with _hand_store(tmp_path / "hand.db") as store:
        profile = outlet_profile(store, "A")
        listed = [p.outlet for p in outlet_profiles(store)]
    assert listed == ["A", "B"]
    assert (profile.totals.n_stories, profile.totals.n_leads_shared, profile.lead_share) == (2, 1, 0.5)
    assert (profile.totals.n_omitted, profile.totals.n_stories_omitting) == (3, 2)
    assert [(s.name, s.n_stories, s.n_quotes, s.n_words) for s in profile.speakers] == [
        ("Mayor", 2, 3, 40),
        ("Chief", 1, 1, 50),
    ]
    assert [(w.word, w.kind, w.count) for w in profile.loaded_words] == [
        ("chaos", "evaluative", 3),
        ("may", "hedge", 1),
    ]
    assert [(w.word, w.count) for w in profile.attribution_verbs] == [("claimed", 2)]
    assert [(o.story_id, o.claim) for o in profile.omissions] == [("s2", "new claim"), ("s1", "old claim")]


def test_outlet_profile_top_and_unknown(tmp_path: Path) -> None:
    with _hand_store(tmp_path / "hand.db") as store:
        assert [s.name for s in outlet_profile(store, "A", top=1).speakers] == ["Mayor"]
        assert outlet_profile(store, "B").speakers == ()
        with pytest.raises(NewsweaveError) as caught:
            outlet_profile(store, "a")
    assert caught.value.code == "store.not_found"


def test_save_rejects_rows_of_another_story(tmp_path: Path) -> None:
    with _hand_store(tmp_path / "hand.db") as store, pytest.raises(ValueError, match="saved as story"):
        store.save_outlet_framing(
            "s2",
            "fp",
            [
                OutletFramingRow(
                    story_id="s1",
                    outlet="A",
                    article_id="a0",
                    n_sources=2,
                    has_lead=True,
                    leads_with_shared=False,
                    n_omitted=0,
                )
            ],
        )
