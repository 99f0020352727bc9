"""The contract every stage keeps: input unchanged, deterministic, batch equals one by one,
picklable, declared outputs filled, serialisable, spans in bounds."""

from __future__ import annotations

import copy
import pickle

import pytest

import newsweave
from newsweave.annotate import Annotator
from newsweave.extract import extract_article
from newsweave.model import Article, Document, Span
from newsweave.serde import from_dict, to_dict
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return newsweave.read([EXAMPLES])


@pytest.fixture(scope="module")
def extracted(documents: list[Document]) -> list[Article]:
    return [extract_article(document) for document in documents]


def _spans(article: Article) -> list[Span]:
    spans = [s.span for s in article.sentences] + [e.span for e in article.entities]
    spans += [q.span for q in article.quotes] + [q.speaker for q in article.quotes if q.speaker]
    spans += [p.span for p in article.posts if p.span] + [c.span for c in article.corrections]
    spans += [t.span for t in article.times] + list(article.hashtags + article.mentions + article.links)
    return spans


def test_extract_contract_deterministic_and_input_unchanged(documents: list[Document]) -> None:
    before = copy.deepcopy(documents)
    first = [extract_article(document) for document in documents]
    second = [extract_article(document) for document in documents]
    assert first == second
    assert documents == before
    for article in first:
        assert all(0 <= span.end <= len(article.source_text) for span in article.removed)


def test_annotator_batch_equals_one_by_one(extracted: list[Article]) -> None:
    annotator = Annotator()
    assert annotator.process_batch(extracted) == [annotator(article) for article in extracted]


def test_annotator_pickles_and_keeps_input(extracted: list[Article]) -> None:
    annotator = pickle.loads(pickle.dumps(Annotator()))
    before = copy.deepcopy(extracted)
    annotated = annotator.process_batch(extracted)
    assert extracted == before
    optional = {"quotes", "corrections", "posts", "mentions", "links", "hashtags"}
    for article in annotated:
        # Without an NER model for its language, an article gets mentions only when canonicalised.
        untagged = set() if article.language == "en" else {"entities"}
        for name in Annotator.produces - optional - untagged:
            assert getattr(article, name), f"{article.uri}: annotate left {name} empty"
        assert all(0 <= span.start <= span.end <= len(article.text) for span in _spans(article))


def test_annotated_article_serde_round_trip(extracted: list[Article]) -> None:
    for article in Annotator().process_batch(extracted):
        assert from_dict(Article, to_dict(article)) == article
        assert pickle.loads(pickle.dumps(article)) == article
