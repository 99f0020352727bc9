"""The SQLite store on hand-built records: round trips, idempotence, search, errors, stories."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from newsweave.errors import Failure, NewsweaveError
from newsweave.model import (
    Article,
    Correction,
    Document,
    EntityMention,
    MediaType,
    Quote,
    Sentence,
    SocialPost,
    Span,
    TimeKind,
    TimeRef,
)
from newsweave.store import SqliteStore, StoryRow, file_input_key

T0 = datetime(2018, 3, 28, 9, 0, tzinfo=UTC)
TEXT = (
    "Ecuador cut off Julian Assange's internet on Wednesday. "
    '"He broke a written commitment," said Lenín Moreno. '
    "WikiLeaks posted the news. #Assange"
)


def _span(text: str, words: str, label: str = "") -> Span:
    start = text.index(words)
    return Span(start=start, end=start + len(words), label=label)


def _document(article_id: str, *, uri: str = "", content: str = "<p>page</p>") -> Document:
    return Document(
        id=article_id,
        uri=uri or f"file:///pages/{article_id}.html",
        media_type=MediaType.HTML,
        content=content + article_id,
        outlet="Outlet",
        published=T0,
    )


def _article(
    article_id: str,
    *,
    text: str = "A plain body about nothing much.",
    title: str = "",
    outlet: str = "",
    published: datetime | None = T0,
    language: str = "en",
    entities: tuple[EntityMention, ...] = (),
) -> Article:
    return Article(
        id=article_id,
        uri=f"file:///pages/{article_id}.html",
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        language=language,
        entities=entities,
    )


def _rich_article(article_id: str = "rich") -> Article:
    source = "By A Reporter\n" + TEXT + "\nPhoto: Reuters"
    return Article(
        id=article_id,
        uri=f"file:///pages/{article_id}.html",
        url="https://example.org/assange",
        text=TEXT,
        title="Ecuador cuts off Assange",
        dek="The embassy says he broke a promise",
        outlet="The Example",
        authors=("A Reporter", "B Writer"),
        published=datetime(2018, 3, 28, 18, 30, tzinfo=timezone(timedelta(hours=-5))),
        published_from="meta",
        updated=datetime(2018, 3, 29, 8, 0, tzinfo=UTC),
        language="en",
        source_text=source,
        removed=(_span(source, "By A Reporter", "byline"), _span(source, "Photo: Reuters", "credit")),
        sentences=(Sentence(span=_span(TEXT, "Ecuador cut off Julian Assange's internet on Wednesday.")),),
        entities=(
            EntityMention(span=_span(TEXT, "Julian Assange"), label="PERSON", entity_id="person:julian-assange"),
            EntityMention(span=_span(TEXT, "WikiLeaks"), label="ORG", entity_id="org:wikileaks"),
        ),
        quotes=(
            Quote(
                span=_span(TEXT, "He broke a written commitment,"),
                speaker=_span(TEXT, "Lenín Moreno"),
                verb=_span(TEXT, "said"),
                speaker_entity="person:lenin-moreno",
            ),
        ),
        posts=(
            SocialPost(
                span=None, platform="twitter", text="Free Assange", handle="@someone", links=("https://t.co/x",)
            ),
            SocialPost(
                span=_span(TEXT, "WikiLeaks posted the news."), platform="twitter", text="posted", language="en"
            ),
        ),
        hashtags=(_span(TEXT, "#Assange"),),
        corrections=(Correction(span=_span(TEXT, "WikiLeaks posted the news."), kind="update"),),
        times=(
            TimeRef(span=_span(TEXT, "Wednesday"), kind=TimeKind.DATE, granularity="day", value="2018-03-28"),
            TimeRef(
                span=_span(TEXT, "Wednesday"),
                kind=TimeKind.DATE,
                granularity="day",
                relative="weekday:WE",
                anchor="publication",
            ),
        ),
    )


def _put(store: SqliteStore, *articles: Article) -> None:
    store.upsert_documents(_document(article.id, uri=article.uri) for article in articles)
    store.upsert_articles(articles)


def _count(store: SqliteStore, sql: str) -> int:
    return int(store._conn.execute(sql).fetchone()[0])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "news.db") as opened:
        yield opened


# -- opening ------------------------------------------------------------------------------------


def test_store_memory_works() -> None:
    with SqliteStore(":memory:") as store:
        _put(store, _rich_article())
        assert store.get_article("rich") == _rich_article()
        assert store.search("assange", 5)[0].article_id == "rich"
        assert store.integrity_check()


def test_store_file_uses_wal_foreign_keys_and_busy_timeout(store: SqliteStore) -> None:
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


@pytest.mark.parametrize(
    "case", ["missing_folder", "not_a_database", "folder", "read_only_missing", "read_only_memory"]
)
def test_store_open_unreadable(tmp_path: Path, case: str) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some bytes " * 50)
    path, read_only = {
        "missing_folder": (tmp_path / "absent" / "news.db", False),
        "not_a_database": (junk, False),
        "folder": (tmp_path, False),
        "read_only_missing": (tmp_path / "nothing.db", True),
        "read_only_memory": (Path(":memory:"), True),
    }[case]
    with pytest.raises(NewsweaveError) as caught:
        SqliteStore(":memory:" if case == "read_only_memory" else path, read_only=read_only)
    assert caught.value.code == "store.unreadable"
    assert "Traceback" not in caught.value.message


def test_store_not_a_database_read_only(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 4096)
    with pytest.raises(NewsweaveError) as caught:
        SqliteStore(junk, read_only=True)
    assert caught.value.code == "store.unreadable"


def test_store_read_only_refuses_writes_and_reads_fine(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with SqliteStore(path) as writer:
        _put(writer, _rich_article())
        writer.assign_story("rich", "s1")
    with SqliteStore(path, read_only=True) as reader:
        assert reader.get_article("rich") == _rich_article()
        assert [hit.article_id for hit in reader.search("moreno")] == ["rich"]
        assert [story.id for story in reader.stories()] == ["s1"]
        assert reader.integrity_check()
        writes: list[Callable[[], object]] = [
            lambda: reader.upsert_articles([_rich_article()]),
            lambda: reader.upsert_documents([_document("x")]),
            lambda: reader.record_failure(Failure(input_id="x", stage="extract", code="c", message="m")),
            lambda: reader.assign_story("rich", "s2"),
            lambda: reader.begin_run(),
            lambda: reader.mark_input_done("x"),
            lambda: reader.save_embeddings(["rich"], np.ones((1, 2))),
        ]
        for write in writes:
            with pytest.raises(NewsweaveError) as caught:
                write()
            assert caught.value.code == "store.read_only"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._conn.execute("DELETE FROM articles")
    with SqliteStore(path) as writer:
        assert writer.stats()["articles"] == 1


def test_store_full_disk_is_write_failed(store: SqliteStore) -> None:
    _put(store, _article("a"))
    pages = _count(store, "PRAGMA page_count")
    store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    big = [_article(f"big{i}", text="word " * 20_000) for i in range(3)]
    with pytest.raises(NewsweaveError) as caught:
        _put(store, *big)
    assert caught.value.code == "store.write_failed"
    assert "full" in caught.value.message
    assert store.stats()["articles"] == 1
    assert store.get_article("a") == _article("a")


def test_store_readonly_filesystem_is_write_failed(store: SqliteStore) -> None:
    store._conn.execute("PRAGMA query_only = ON")  # writes now fail as on a read-only file system
    with pytest.raises(NewsweaveError) as caught:
        _put(store, _article("a"))
    assert caught.value.code == "store.write_failed"
    assert "not writable" in caught.value.message


def test_store_lock_held_too_long_is_write_failed(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with SqliteStore(path) as holder, SqliteStore(path, busy_timeout_s=0.05) as waiter, holder.transaction():
        holder.begin_run()
        with pytest.raises(NewsweaveError) as caught:
            waiter.begin_run()
        assert caught.value.code == "store.write_failed"


def test_store_read_only_shared_by_threads(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with SqliteStore(path) as writer:
        _put(writer, _article("a"))
    with SqliteStore(path, read_only=True) as reader, ThreadPoolExecutor(2) as pool:
        titles = list(pool.map(lambda _: reader.get_article("a").id, range(4)))
    assert titles == ["a"] * 4


# -- documents and articles ----------------------------------------------------------------------


def test_article_round_trip_with_spans_posts_times(store: SqliteStore) -> None:
    article = _rich_article()
    document = _document(article.id, uri=article.uri)
    store.upsert_documents([document])
    store.upsert_articles([article])
    assert store.get_article(article.id) == article
    assert store.get_document(article.id) == document
    assert store.get_articles([article.id]) == [article]
    published = store._conn.execute("SELECT published FROM articles").fetchone()[0]
    assert published == "2018-03-28T23:30:00.000000+00:00"


def test_upsert_same_article_twice_changes_nothing(store: SqliteStore) -> None:
    articles = [_rich_article("a"), _article("b", text="Another body mentioning Assange once.")]
    documents = [_document(article.id, uri=article.uri) for article in articles]
    assert store.upsert_documents(documents) == 2
    assert store.upsert_articles(articles) == 2
    before = (store.stats(), store._conn.execute("SELECT id, changed_at, json FROM articles ORDER BY id").fetchall())
    assert store.upsert_documents(documents) == 0
    assert store.upsert_articles(articles) == 0
    after = (store.stats(), store._conn.execute("SELECT id, changed_at, json FROM articles ORDER BY id").fetchall())
    assert after == before
    assert _count(store, "SELECT count(*) FROM articles_fts_docsize") == 2
    assert len(store.search("assange")) == 2
    assert store.integrity_check()


def test_upsert_changed_article_reindexes(store: SqliteStore) -> None:
    _put(store, _article("a", text="The embassy cut the internet."))
    assert store.upsert_articles([_article("a", text="The minister resigned today.")]) == 1
    assert store.search("embassy") == []
    assert [hit.article_id for hit in store.search("minister")] == ["a"]
    assert _count(store, "SELECT count(*) FROM articles_fts_docsize") == 1
    assert store.integrity_check()


def test_upsert_batches_commit_in_parts(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "news.db", batch_size=2) as store:
        articles = [_article(f"a{i}") for i in range(5)]
        _put(store, *articles)
        assert store.stats()["articles"] == 5


def test_upsert_article_without_document(store: SqliteStore) -> None:
    with pytest.raises(NewsweaveError) as caught:
        store.upsert_articles([_article("orphan")])
    assert caught.value.code == "store.missing_document"
    assert store.stats()["articles"] == 0


def test_get_article_missing_is_not_found(store: SqliteStore) -> None:
    with pytest.raises(NewsweaveError) as caught:
        store.get_article("nope")
    assert caught.value.code == "store.not_found"


def test_iter_articles_since_and_order(store: SqliteStore) -> None:
    _put(
        store,
        _article("c", published=T0 + timedelta(days=2)),
        _article("a", published=T0 + timedelta(days=1)),
        _article("b", published=T0 + timedelta(days=1)),
        _article("undated", published=None),
        _article("old", published=T0 - timedelta(days=30)),
    )
    assert [a.id for a in store.iter_articles()] == ["old", "a", "b", "c", "undated"]
    assert [a.id for a in store.iter_articles(since=T0)] == ["a", "b", "c"]
    assert [a.id for a in store.iter_articles(order="id")] == ["a", "b", "c", "old", "undated"]
    assert [a.id for a in store.iter_articles(order="stored")] == ["c", "a", "b", "undated", "old"]
    with pytest.raises(ValueError, match="order"):
        list(store.iter_articles(order="random"))  # type: ignore[arg-type]


def _interrupted_ingest(store: SqliteStore) -> None:
    with store.transaction():
        _put(store, _article("a"))
        store.mark_input_done("file:a")
        raise RuntimeError("interrupted")


def test_transaction_rolls_back_all_writes(store: SqliteStore) -> None:
    with pytest.raises(RuntimeError, match="interrupted"):
        _interrupted_ingest(store)
    assert store.stats()["articles"] == 0
    assert not store.is_input_done("file:a")


def test_transaction_failed_call_undoes_only_itself(store: SqliteStore) -> None:
    with store.transaction():
        _put(store, _article("a"))
        with pytest.raises(NewsweaveError, match="missing_document"):
            store.upsert_articles([_article("b"), _article("orphan")])
        store.mark_input_done("file:a")
    assert [a.id for a in store.iter_articles()] == ["a"]
    assert store.is_input_done("file:a")


# -- search ----------------------------------------------------------------------------------------


def test_search_finds_word_and_ranks_title_first(store: SqliteStore) -> None:
    _put(
        store,
        _article("body", title="Embassy news", text="Officials said Assange lost access. Nothing more was said."),
        _article("title", title="Assange loses internet", text="Officials said Assange lost access."),
        _article("other", title="Weather", text="Rain is expected tomorrow."),
    )
    hits = store.search("assange", limit=10)
    assert [hit.article_id for hit in hits] == ["title", "body"]
    assert hits[0].score > hits[1].score
    assert "[Assange]" in hits[1].snippet
    assert len(store.search("assange", limit=1)) == 1
    assert {hit.article_id for hit in store.search("rain OR embassy")} == {"body", "other"}


def test_search_accents_and_plain_text(store: SqliteStore) -> None:
    _put(store, _rich_article())
    assert [hit.article_id for hit in store.search("lenin")] == ["rich"]
    assert [hit.article_id for hit in store.search("Assange's (internet", plain=True)] == ["rich"]


@pytest.mark.parametrize("query", ['"unbalanced', "nosuchcolumn:word", "AND", "a OR", "", "   ", "*"])
def test_search_bad_query_has_code(store: SqliteStore, query: str) -> None:
    _put(store, _article("a"))
    with pytest.raises(NewsweaveError) as caught:
        store.search(query)
    assert caught.value.code == "store.bad_query"


# -- failures, runs, inputs ----------------------------------------------------------------------


def test_failure_recorded_then_cleared_when_input_succeeds(store: SqliteStore) -> None:
    run_id = store.begin_run(["pages/"])
    article = _article("a")
    failure = Failure(input_id=article.uri, stage="extract", code="extract.too_short", message="12 chars < 250")
    store.record_failure(failure, run_id)
    store.record_failure(replace(failure, message="13 chars < 250"), run_id)
    store.record_failure(Failure(input_id="other.html", stage="sources", code="sources.unreadable", message="x"))
    rows = store.failures()
    assert [(row.failure.input_id, row.failure.message, row.run_id) for row in rows] == [
        (article.uri, "13 chars < 250", run_id),
        ("other.html", "x", None),
    ]
    assert [row.failure.input_id for row in store.failures(code="sources.unreadable")] == ["other.html"]
    _put(store, article)
    assert [row.failure.input_id for row in store.failures()] == ["other.html"]
    store.mark_input_done("other.html")
    assert store.failures() == []


def test_document_clears_only_source_failures(store: SqliteStore) -> None:
    document = _document("d", uri="file:///d.html")
    store.record_failure(Failure(input_id=document.uri, stage="sources", code="sources.unreadable", message="m"))
    store.record_failure(Failure(input_id=document.uri, stage="extract", code="extract.empty", message="m"))
    store.upsert_documents([document])
    assert [row.failure.stage for row in store.failures()] == ["extract"]


def test_runs_begin_and_finish(store: SqliteStore) -> None:
    run_id = store.begin_run(["a.html", "b.html"])
    assert store.get_run(run_id).status == "running"
    store.finish_run(run_id, {"articles": 1, "failed": 1})
    run = store.get_run(run_id)
    assert (run.status, run.inputs, run.counts) == ("finished", ("a.html", "b.html"), (("articles", 1), ("failed", 1)))
    assert run.finished_at is not None
    assert run.finished_at >= run.started_at
    assert [r.id for r in store.runs()] == [run_id]
    with pytest.raises(NewsweaveError) as caught:
        store.finish_run("nope")
    assert caught.value.code == "store.not_found"


def test_inputs_done_resume(store: SqliteStore, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>one</p>")
    key = file_input_key(page)
    assert not store.is_input_done(key)
    store.mark_input_done(key, "failed")
    assert (store.is_input_done(key), store.input_status(key)) == (False, "failed")
    store.mark_input_done(key)
    assert store.is_input_done(key)
    page.write_text("<p>one, edited</p>")
    assert not store.is_input_done(file_input_key(page))


# -- embeddings and near-duplicates -----------------------------------------------------------------


def test_embeddings_round_trip(store: SqliteStore) -> None:
    _put(store, _article("a"), _article("b"), _article("c"))
    matrix = np.arange(12, dtype=np.float64).reshape(3, 4) / 7
    assert store.save_embeddings(["b", "a", "c"], matrix, model="use") == 3
    assert store.save_embeddings(["b", "a", "c"], matrix, model="use") == 0
    ids, loaded = store.load_embeddings()
    assert ids == ["a", "b", "c"]
    assert loaded.dtype == np.float32
    np.testing.assert_array_equal(loaded, matrix[[1, 0, 2]].astype(np.float32))
    ids, loaded = store.load_embeddings(["c", "b"])
    np.testing.assert_array_equal(loaded, matrix[[2, 0]].astype(np.float32))
    loaded[0, 0] = 99.0  # the array is the caller's to change
    with pytest.raises(NewsweaveError) as caught:
        store.load_embeddings(["a", "zzz"])
    assert caught.value.code == "store.not_found"
    with pytest.raises(ValueError, match="shape"):
        store.save_embeddings(["a"], np.ones((2, 4)))
    with pytest.raises(NewsweaveError) as caught:
        store.save_embeddings(["zzz"], np.ones((1, 4)))
    assert caught.value.code == "store.missing_article"


def test_embeddings_empty_and_mixed_dims(store: SqliteStore) -> None:
    ids, matrix = store.load_embeddings()
    assert ids == []
    assert matrix.shape == (0, 0)
    _put(store, _article("a"), _article("b"))
    store.save_embeddings(["a"], np.ones((1, 3)))
    store.save_embeddings(["b"], np.ones((1, 5)))
    with pytest.raises(NewsweaveError) as caught:
        store.load_embeddings()
    assert caught.value.code == "store.dim_mismatch"


def test_near_duplicate_groups_set_and_replaced(store: SqliteStore) -> None:
    _put(store, *(_article(name) for name in "abcde"))
    assert store.set_near_duplicates([["b", "a", "c"], ["d"]]) == 1
    assert store.near_duplicate_groups() == [("b", "a", "c")]
    assert store.near_duplicates_of("c") == ("b", "a", "c")
    assert store.near_duplicates_of("e") == ()
    store.set_near_duplicates([["c", "d"]])
    assert sorted(store.near_duplicate_groups()) == [("b", "a"), ("c", "d")]
    store.set_near_duplicates([["a"]])
    assert store.near_duplicate_groups() == [("c", "d")]
    store.set_near_duplicates([["e", "a"]], replace_all=True)
    assert store.near_duplicate_groups() == [("e", "a")]
    assert store.stats()["near_duplicate_groups"] == 1


# -- stories ---------------------------------------------------------------------------------------


def test_story_assignment_records_history(store: SqliteStore) -> None:
    _put(store, _article("a", title="First"), _article("b", title="Second"))
    run_id = store.begin_run()
    assert store.assign_story("a", "s1", run_id, "new story")
    assert store.assign_story("b", "s1", run_id, "similar")
    assert not store.assign_story("a", "s1", run_id, "again")
    assert store.assign_story("a", "s2", reason="split")
    assert store.story_of("a") == "s2"
    history = store.story_history("a")
    assert [(h.from_story, h.to_story, h.reason, h.run_id) for h in history] == [
        (None, "s1", "new story", run_id),
        ("s1", "s2", "split", None),
    ]
    assert [h.article_id for h in store.story_history(story_id="s1")] == ["a", "b", "a"]
    assert store.get_story("s1").n_articles == 1
    assert store.assign_story("b", None, reason="removed")
    with pytest.raises(NewsweaveError) as caught:
        store.get_story("s1")
    assert caught.value.code == "store.not_found"
    with pytest.raises(NewsweaveError) as caught:
        store.assign_story("zzz", "s1")
    assert caught.value.code == "store.missing_article"


def test_story_refresh_columns(store: SqliteStore) -> None:
    text = "Julian Assange met WikiLeaks staff. Assange spoke."
    mentions = (
        EntityMention(span=_span(text, "Julian Assange"), label="PERSON", entity_id="p:assange"),
        EntityMention(
            span=Span(start=text.rindex("Assange"), end=text.rindex("Assange") + 7),
            label="PERSON",
            entity_id="p:assange",
        ),
        EntityMention(span=_span(text, "WikiLeaks"), label="ORG"),
    )
    _put(
        store,
        _article(
            "late",
            title="Later",
            outlet="B",
            published=T0 + timedelta(days=1),
            language="es",
            text=text,
            entities=mentions,
        ),
        _article("early", title="Earliest", outlet="A", published=T0, entities=mentions[:1], text=text),
        _article("undated", title="", outlet="A", published=None),
    )
    store.assign_stories([("late", "s"), ("early", "s"), ("undated", "s")], reason="batch")
    story = store.get_story("s")
    assert isinstance(story, StoryRow)
    assert (story.title, story.n_articles, story.n_outlets, story.languages) == ("Earliest", 3, 2, ("en", "es"))
    assert (story.first_published, story.last_published) == (T0, T0 + timedelta(days=1))
    top = story.top_entities
    assert [(e.id, e.name, e.n_articles, e.n_mentions) for e in top] == [
        ("p:assange", "Julian Assange", 2, 3),
        ("ORG:wikileaks", "WikiLeaks", 1, 1),
    ]
    assert [a.id for a in store.story_articles("s")] == ["early", "late", "undated"]
    assert store.refresh_story("s") == replace(story, updated_at=store.get_story("s").updated_at)


def test_story_near_duplicates_counted_once_in_outlets(store: SqliteStore) -> None:
    _put(
        store,
        _article("wire-a", outlet="Paper A"),
        _article("wire-b", outlet="Paper B"),
        _article("wire-c", outlet="Paper C"),
        _article("own", outlet="Paper D"),
    )
    store.assign_stories([(name, "s") for name in ("wire-a", "wire-b", "wire-c", "own")])
    assert store.get_story("s").n_outlets == 4
    store.set_near_duplicates([["wire-a", "wire-b", "wire-c"]])
    assert store.get_story("s").n_outlets == 2
    store.set_near_duplicates([], replace_all=True)
    assert store.get_story("s").n_outlets == 4


def test_stories_listing_since_query_and_pages(store: SqliteStore) -> None:
    for day in range(5):
        article = _article(
            f"a{day}",
            title=f"Story {day}",
            text=f"Report {day} on {'floods' if day % 2 else 'elections'}.",
            published=T0 + timedelta(days=day),
        )
        _put(store, article)
        store.assign_story(article.id, f"s{day}")
    assert [s.id for s in store.stories()] == ["s4", "s3", "s2", "s1", "s0"]
    assert [s.id for s in store.stories(limit=2)] == ["s4", "s3"]
    assert [s.id for s in store.stories(limit=2, offset=2)] == ["s2", "s1"]
    assert [s.id for s in store.stories(limit=2, offset=4)] == ["s0"]
    assert [s.id for s in store.stories(since=T0 + timedelta(days=3))] == ["s4", "s3"]
    assert [s.id for s in store.stories(query="floods")] == ["s3", "s1"]
    assert [s.id for s in store.stories(since=T0 + timedelta(days=2), query="elections")] == ["s4", "s2"]
    with pytest.raises(NewsweaveError) as caught:
        store.stories(query='"broken')
    assert caught.value.code == "store.bad_query"


def test_integrity_check_true(store: SqliteStore) -> None:
    _put(store, _rich_article(), _article("b"))
    store.assign_story("b", "s")
    store.save_embeddings(["b"], np.ones((1, 2)))
    assert store.integrity_check()
