"""The in-process driver and the worker-process extraction driver."""

from __future__ import annotations

import os
import signal

import pytest

import newsweave
from newsweave.annotate import Annotator
from newsweave.errors import ExtractionError, Failure
from newsweave.extract import ExtractOptions, extract_article
from newsweave.model import Article, Document, MediaType
from newsweave.models.entities import _load_spacy
from newsweave.pipeline import ExtractionPool, extract_in_workers, run, split_results
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
    assert results == Annotator().process_batch(newsweave.extract([_document(STORY, "story.txt")]))
