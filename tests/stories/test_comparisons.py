"""Which articles of a story are compared, and the in-process cache of comparisons."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from click.testing import CliRunner
from tests.conftest import EXAMPLES

from newsweave.cli import EXIT_OK, app
from newsweave.compare import CompareOptions
from newsweave.ingest import Ingestor
from newsweave.model import Article, Comparison, Document, MediaType, Sentence, Span
from newsweave.models.embedder import EMBEDDERS, UseEmbedder
from newsweave.serde import to_dict
from newsweave.store import SqliteStore, StoryFilter
from newsweave.store.sentences import sentence_key
from newsweave.stories import ComparisonCache, StoredEmbedder, compare_story, embed_story_sentences, plan_story

START = datetime(2025, 5, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store of the examples ingested (real models) and its story of most articles."""
    path = tmp_path_factory.mktemp("examples") / "news.db"
    with SqliteStore(path) as store:
        Ingestor(store, workers=1).ingest([EXAMPLES])
        biggest = max(store.stories(), key=lambda story: story.n_articles)
    assert biggest.n_articles > 1, "the examples make no story of two articles to compare"
    return path, biggest.id


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


class CountingEmbedder:
    """A 3-d embedder that records what it was asked to embed."""

    dimensions = 3

    def __init__(self) -> None:
        self.asked: list[str] = []

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.asked += texts
        return np.full((len(texts), 3), 0.5, dtype=np.float32)


def _add_story(store: SqliteStore, story: str, outlets: list[str]) -> None:
    """One article per outlet, two sentences each; the first sentence is the same in all."""
    for n, outlet in enumerate(outlets):
        article_id = f"{story}-{n}"
        text = f"The pier closed on Sunday. {outlet} counted {n} boats."
        store.upsert_documents([Document(id=article_id, uri=article_id, media_type=MediaType.TEXT, content=text)])
        sentences = (Sentence(span=Span(start=0, end=26)), Sentence(span=Span(start=27, end=len(text))))
        store.upsert_articles([Article(id=article_id, uri=article_id, text=text, outlet=outlet, sentences=sentences)])
        store.assign_story(article_id, story)


def test_stored_embedder_embeds_only_what_is_not_stored(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "v.db") as store:
        store.save_sentence_vectors([sentence_key("fake", "one")], [[1.0, 0.0, 0.0]])
        counting = CountingEmbedder()
        vectors = StoredEmbedder(store, "fake", counting).embed(["one", "two"])
    assert counting.asked == ["two"]
    np.testing.assert_array_equal(vectors, [[1.0, 0.0, 0.0], [0.5, 0.5, 0.5]])


def test_embed_story_sentences_once_and_skips_lone_articles(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "v.db") as store:
        _add_story(store, "s1", ["Gazette", "Herald"])
        _add_story(store, "s2", ["Post"])
        counting = CountingEmbedder()
        first = embed_story_sentences(store, embedder=counting)
        again = embed_story_sentences(store, ["s1"], embedder=counting)
    # "The pier closed on Sunday." is in both articles of s1: embedded once; s2 has one article.
    assert sorted(counting.asked) == [
        "Gazette counted 0 boats.",
        "Herald counted 1 boats.",
        "The pier closed on Sunday.",
    ]
    assert (first.n_stories, first.n_embedded, first.n_stored_before) == (2, 3, 0)
    assert (again.n_stories, again.n_embedded, again.n_stored_before) == (1, 0, 3)


def test_embed_story_sentences_newest_only_with_progress(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "v.db") as store:
        _add_story(store, "s1", ["Gazette", "Herald"])
        _add_story(store, "s2", ["Post", "Courier"])
        newest = store.browse_stories(StoryFilter(), limit=1).stories[0].id
        seen: list[str] = []
        done = embed_story_sentences(store, embedder=CountingEmbedder(), newest=1, progress=seen.append)
    assert seen == [newest]
    assert (done.n_stories, done.n_embedded) == (1, 3)


def test_cli_embed_stores_the_vectors_and_a_rerun_embeds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.db"
    with SqliteStore(db) as store:
        _add_story(store, "s1", ["Gazette", "Herald"])
    monkeypatch.setitem(EMBEDDERS, CompareOptions().embedder, CountingEmbedder)
    first = CliRunner().invoke(app, ["embed", "--db", str(db)])
    again = CliRunner().invoke(app, ["embed", "s1", "--db", str(db)])
    assert first.exit_code == again.exit_code == EXIT_OK, first.output + again.output
    assert "3 sentences embedded for 1 stories" in first.output
    assert "0 sentences embedded for 1 stories (3 were stored already)" in again.output
    with SqliteStore(db, read_only=True) as store:
        assert (
            len(store.load_sentence_vectors([sentence_key(CompareOptions().embedder, "The pier closed on Sunday.")]))
            == 1
        )


@pytest.mark.model
def test_story_comparison_from_stored_vectors_equals_a_fresh_one(
    examples_store: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, story_id = examples_store
    path = shutil.copy(source, tmp_path / "copy.db")
    with SqliteStore(path) as store:
        fresh = compare_story(store, story_id).comparison
        embedded = embed_story_sentences(store, [story_id])

        def refuse(self: object, texts: Sequence[str]) -> None:
            raise AssertionError(f"embedded {len(texts)} sentences again")

        monkeypatch.setattr(UseEmbedder, "embed", refuse)
        stored = compare_story(store, story_id).comparison
    assert embedded.n_embedded > 0
    assert to_dict(stored) == to_dict(fresh)


@pytest.mark.model
def test_cli_ingest_embeds_the_sentences_of_changed_stories(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--workers", "1", "--embed-sentences"])
    assert result.exit_code == EXIT_OK, result.output
    with SqliteStore(db, read_only=True) as store:
        story_ids = [story.id for story in store.stories()]
        again = embed_story_sentences(store, story_ids, embedder=CountingEmbedder())
    assert again.n_embedded == 0
    assert again.n_stored_before > 0
