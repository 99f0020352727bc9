"""Every driver makes the same records of the same pages (issue 20): ``ingest``, a batch run on the
local engine, that batch's output loaded into a store, and the Python API."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from tests.batch.conftest import batch_labels

import newsweave
from newsweave.batch import BatchSummary, read_batch_output
from newsweave.ingest import Ingestor
from newsweave.model import Document
from newsweave.models.embedder import UseEmbedder
from newsweave.pipeline import load_story_models, page_record
from newsweave.serde import to_dict
from newsweave.sources import read_documents
from newsweave.store import SqliteStore

Stored = dict[str, Any]
UNRELATED = Path(__file__).parents[1] / "data" / "stories" / "marathon.txt"


def _stored(db: Path) -> Stored:
    """Everything a store keeps of its articles: records, vectors, stories, near-duplicates, failures."""
    with SqliteStore(db, read_only=True) as store:
        articles = {article.id: to_dict(article) for article in store.iter_articles(order="id")}
        ids, vectors = store.load_embeddings(sorted(articles))
        return {
            "documents": {article_id: to_dict(store.get_document(article_id)) for article_id in articles},
            "articles": articles,
            "vectors": {article_id: vector.tobytes() for article_id, vector in zip(ids, vectors, strict=True)},
            "stories": {article_id: store.story_of(article_id) for article_id in articles},
            "duplicates": sorted(store.near_duplicate_groups()),
            "failures": sorted((row.failure.input_id, row.failure.code) for row in store.failures()),
        }


@pytest.fixture(scope="module")
def direct(warc_set: Path, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """The store ``newsweave ingest`` makes of the WARC set."""
    db = tmp_path_factory.mktemp("direct") / "news.db"
    with SqliteStore(db) as store:
        Ingestor(store, workers=2).ingest([warc_set])
    return _stored(db)


def _refuse(*_: object) -> None:
    raise AssertionError("loading a batch output must not embed or sign again")


@pytest.fixture(scope="module")
def loaded(local_run: tuple[Path, BatchSummary], tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """The store a batch output loads into, with the embedder refusing to run."""
    out, _ = local_run
    db = tmp_path_factory.mktemp("loaded") / "news.db"
    with pytest.MonkeyPatch.context() as patch, SqliteStore(db) as store:
        patch.setattr(UseEmbedder, "embed", _refuse)
        patch.setattr("newsweave.pipeline.minhash_signature", _refuse)
        patch.setattr("newsweave.ingest.minhash_signature", _refuse)
        summary = Ingestor(store, workers=1).ingest_extracted(read_batch_output(out))
    assert (summary.articles_new, summary.regrouped) == (6, 0)
    return _stored(db)


def test_batch_output_loads_into_the_store_a_direct_ingest_makes(direct: Stored, loaded: Stored) -> None:
    assert loaded["articles"] == direct["articles"]
    assert loaded["documents"] == direct["documents"]
    assert loaded["vectors"] == direct["vectors"]  # the batch's vectors, byte for byte
    assert loaded["stories"] == direct["stories"]
    assert loaded["duplicates"] == direct["duplicates"]
    assert loaded["failures"] == direct["failures"]
    assert len(set(loaded["stories"].values())) == 2
    assert len(loaded["duplicates"]) == 1


def test_batch_output_keeps_the_batchs_stories_and_groups(local_run: tuple[Path, BatchSummary], loaded: Stored) -> None:
    stories, duplicates = batch_labels(local_run[0])
    assert loaded["stories"] == stories
    assert loaded["duplicates"] == sorted(
        tuple(sorted(member for member, group in duplicates.items() if group == name))
        for name in set(duplicates.values())
    )


def test_every_driver_makes_the_same_records(
    warc_set: Path, local_run: tuple[Path, BatchSummary], direct: Stored
) -> None:
    documents = [item for item in read_documents([warc_set]) if isinstance(item, Document)]
    articles = newsweave.annotate(newsweave.extract(documents))
    extractor, _ = load_story_models()
    api = {
        article.id: page_record(document, article, extractor)
        for document, article in zip(documents, articles, strict=True)
    }
    batch = {record.article.id: record for given in read_batch_output(local_run[0]) for record in given.records}
    assert batch == api
    assert {article_id: to_dict(record.article) for article_id, record in api.items()} == direct["articles"]
    assert {article_id: record.embedding_bytes for article_id, record in api.items()} == direct["vectors"]


def test_loading_into_a_store_with_articles_regroups_and_says_so(
    local_run: tuple[Path, BatchSummary], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SqliteStore(tmp_path / "news.db") as store:
        Ingestor(store, workers=1).ingest([UNRELATED])  # its story takes the batch's first story id
        with caplog.at_level(logging.WARNING, logger="newsweave.ingest"):
            summary = Ingestor(store, workers=1).ingest_extracted(read_batch_output(local_run[0]))
        assert summary.articles_new == 6
        assert summary.regrouped == 6
        assert "6 of the 6 articles" in caplog.text
        assert "the store already held 1 articles" in caplog.text
        assert len(store.stories()) == 3  # the marathon, the bridge strike and the library
