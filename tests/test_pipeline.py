"""The pipeline: its stages in order, the in-process driver, the worker processes and the records."""

from __future__ import annotations

import dataclasses
import os
import pickle
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest

import newsweave
from newsweave.errors import ExtractionError, Failure
from newsweave.extract import ExtractOptions, extract_article
from newsweave.model import Article, Document, MediaType
from newsweave.models.entities import _load_spacy
from newsweave.pipeline import (
    PAGE_STAGES,
    ExtractionPool,
    PagePipeline,
    PageRecord,
    StageSpec,
    annotate_articles,
    check_stage_order,
    extract_in_workers,
    load_story_models,
    page_record,
    run,
    split_results,
    story_features,
)
from newsweave.sources.decode import content_id
from tests.conftest import EXAMPLES


def _document(text: str, uri: str, media_type: MediaType = MediaType.TEXT) -> Document:
    return Document(id=content_id(text), uri=uri, media_type=media_type, content=text)


STORY = "Ferry runs aground\n\n" + " ".join(["The ferry ran aground off Port Veldt on Monday."] * 8)


def test_pipeline_records_failures_and_goes_on() -> None:
    documents = [_document("Too short.", "short.txt"), _document(STORY, "story.txt")]
    articles, failures = split_results(run(documents, on_error="record"))
    assert [article.uri for article in articles] == ["story.txt"]
    assert [(failure.input_id, failure.code) for failure in failures] == [("short.txt", "extract.too_short")]


def test_pipeline_raises_by_default() -> None:
    with pytest.raises(ExtractionError, match=r"extract\.too_short"):
        list(run([_document("Too short.", "short.txt")]))


def test_extract_in_workers_equals_in_process() -> None:
    documents = newsweave.read([EXAMPLES])
    in_workers = list(extract_in_workers(documents, workers=2, window=2))
    assert in_workers == newsweave.extract(documents)


def _crash_on_marked(document: Document) -> None:
    if "KILL-WORKER" in document.content:
        os.kill(os.getpid(), signal.SIGKILL)


def test_extract_in_workers_survives_a_worker_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsweave.pipeline as pipeline

    original = extract_article  # what the pipeline module calls, patched below

    def crashing(document: Document, *, options: ExtractOptions | None = None) -> Article:
        _crash_on_marked(document)
        return original(document, options=options)

    monkeypatch.setattr(pipeline, "extract_article", crashing)
    documents = [
        _document(STORY, "a.txt"),
        _document(STORY + " KILL-WORKER", "bad.txt"),
        _document(STORY + " x", "c.txt"),
    ]
    results = list(extract_in_workers(documents, workers=2))
    assert [r.uri if isinstance(r, Article) else r.input_id for r in results] == ["a.txt", "bad.txt", "c.txt"]
    assert isinstance(results[1], Failure)
    assert results[1].code == "extract.worker_crashed"


def _spacy_models_loaded() -> int:
    return _load_spacy.cache_info().currsize


def test_annotating_pool_workers_start_with_the_models_loaded() -> None:
    _load_spacy.cache_clear()
    with ExtractionPool(1, annotate=True) as pool:
        # The worker is forked from this process after the pool loaded the models.
        loaded_in_worker = pool._pool.submit(_spacy_models_loaded).result()
        results = list(pool.extract([_document(STORY, "story.txt")]))
    assert loaded_in_worker == 1
    assert results == annotate_articles(newsweave.extract([_document(STORY, "story.txt")]))


def test_page_stages_each_need_only_what_earlier_ones_produce() -> None:
    assert [stage.name for stage in PAGE_STAGES] == [
        "read",
        "extract",
        "annotate",
        "canonicalise",
        "embed",
        "signature",
    ]
    assert check_stage_order(PAGE_STAGES) == PAGE_STAGES


def test_check_stage_order_refuses_a_stage_before_what_it_needs() -> None:
    embed, annotate = PAGE_STAGES[4], PAGE_STAGES[2]
    with pytest.raises(ValueError, match=r"'embed' requires \['sentences'\]"):
        check_stage_order([*PAGE_STAGES[:2], embed, annotate])
    with pytest.raises(ValueError, match="'x' requires"):
        check_stage_order([StageSpec("x", frozenset({"text"}), frozenset())])


@pytest.fixture(scope="module")
def example_documents() -> list[Document]:
    return newsweave.read([EXAMPLES])


def test_pool_in_process_and_api_give_the_same_articles(example_documents: list[Document]) -> None:
    with PagePipeline(2) as pipeline:
        in_workers = list(pipeline.articles(example_documents, window=2))
    assert in_workers == list(run(example_documents))
    assert in_workers == newsweave.annotate(newsweave.extract(example_documents))


def test_an_articles_entities_are_canonical_within_it_alone(example_documents: list[Document]) -> None:
    articles = newsweave.annotate(newsweave.extract(example_documents))
    alone = [newsweave.annotate(article)[0] for article in newsweave.extract(example_documents)]
    assert articles == alone
    assert all(mention.entity_id for article in articles for mention in article.entities)


def test_records_do_not_depend_on_the_pages_they_came_with(example_documents: list[Document]) -> None:
    with PagePipeline(1) as pipeline:
        together = list(pipeline.records(example_documents))
        alone = [next(pipeline.records([document])) for document in reversed(example_documents)][::-1]
    assert together == alone
    extractor, _ = load_story_models()
    articles = newsweave.annotate(newsweave.extract(example_documents))
    expected = [page_record(d, a, extractor) for d, a in zip(example_documents, articles, strict=True)]
    assert together == expected
    assert pickle.loads(pickle.dumps(together)) == together
    record = together[0]
    assert isinstance(record, PageRecord)
    assert record.embedding.shape == (512,)
    assert record.signature.dtype.name == "uint32"


def test_story_features_from_a_records_embedding_equal_the_extractors(example_documents: list[Document]) -> None:
    extractor, _ = load_story_models()
    articles = newsweave.annotate(newsweave.extract(example_documents))
    direct = [extractor(article) for article in articles]
    given = story_features(extractor, articles, [features.semantic_bytes for features in direct])
    assert given == direct


def supply_outlet_and_date(article: Article) -> Article:
    """A supplier as the CLI passes one: module level, so that it pickles to the workers."""
    published = datetime(2025, 10, 14, 9, 0, tzinfo=UTC)
    return dataclasses.replace(article, outlet="Fjord Post", published=published, published_from="supplied")


def test_supplied_metadata_is_there_before_annotation() -> None:
    text = "Bridge reopens\n\n" + " ".join(["The bridge reopened on Wednesday after repairs."] * 8)
    with PagePipeline(1, supply=supply_outlet_and_date) as pipeline:
        (article,) = pipeline.articles([_document(text, "bridge.txt")])
    assert isinstance(article, Article)
    assert article.outlet == "Fjord Post"
    # "Wednesday" is resolved against the supplied date: annotation ran after the supplier
    assert any(ref.value.startswith("2025-10") for ref in article.times), article.times


def test_split_results_keeps_records_and_failures_apart() -> None:
    failure = Failure(input_id="x", stage="extract", code="extract.too_short", message="short")
    kept, failures = split_results(["a", failure, "b"])
    assert (kept, failures) == (["a", "b"], [failure])


def test_importing_the_pipeline_leaves_scikit_learn_unloaded() -> None:
    # Page workers and Ray tasks import the pipeline; scikit-learn (with SciPy's statistics and
    # pandas) doubled that import's time and memory for a stop-word list.
    code = (
        "import sys, newsweave.pipeline; print(sorted(m for m in sys.modules if m.startswith(('sklearn', 'pandas'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
