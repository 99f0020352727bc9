"""newsweave: turn raw news coverage into one sourced account per event.

The Python API works on the same records the CLI uses::

    import newsweave
    documents = newsweave.read(["a.html", "b.txt"])
    articles = newsweave.annotate(newsweave.extract(documents))
    comparison = newsweave.compare(articles)
    print(newsweave.report(comparison, "md"))
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsweave.annotate import AnnotateOptions, Annotator, canonicalise_entities
from newsweave.compare import CompareOptions, compare_articles
from newsweave.errors import ExtractionError, Failure, InputError, ModelUnavailableError, NewsweaveError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.model import Article, Comparison, Document
from newsweave.report import render
from newsweave.sources import read_documents

__all__ = [
    "AnnotateOptions",
    "Article",
    "CompareOptions",
    "Comparison",
    "Document",
    "ExtractOptions",
    "ExtractionError",
    "Failure",
    "InputError",
    "ModelUnavailableError",
    "NewsweaveError",
    "annotate",
    "compare",
    "extract",
    "read",
    "report",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def read(paths: Iterable[str | Path]) -> list[Document]:
    """The documents in ``paths`` (files or folders), each content once.

    Raises:
        InputError: a path is missing or a file cannot be read.
    """
    documents = []
    for item in read_documents(paths):
        if isinstance(item, Failure):
            raise InputError(item.code, item.message)
        documents.append(item)
    return documents


def extract(documents: Document | Sequence[Document], *, options: ExtractOptions | None = None) -> list[Article]:
    """Clean each document down to its article.

    Raises:
        ExtractionError: a document holds no article.
    """
    items = [documents] if isinstance(documents, Document) else list(documents)
    return [extract_article(document, options=options) for document in items]


def annotate(articles: Article | Sequence[Article], *, options: AnnotateOptions | None = None) -> list[Article]:
    """Annotate articles and make their entities canonical across them."""
    items = [articles] if isinstance(articles, Article) else list(articles)
    annotated, _ = canonicalise_entities(Annotator(options).process_batch(items))
    return list(annotated)


def compare(articles: Sequence[Article], *, options: CompareOptions | None = None) -> Comparison:
    """Line up annotated articles about one event claim by claim."""
    return compare_articles(articles, options=options)


def report(comparison: Comparison, fmt: str = "md") -> str:
    """Render a comparison as ``md``, ``json``, ``html`` or ``terminal`` text."""
    return render(comparison, fmt)
