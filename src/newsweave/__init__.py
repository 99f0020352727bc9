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
import sys
import types
from collections.abc import Iterable, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.errors import ExtractionError, Failure, InputError, ModelUnavailableError, NewsweaveError
from newsweave.model import Article, Comparison, Document
from newsweave.version import __version__ as __version__

if TYPE_CHECKING:
    from newsweave.annotate import AnnotateOptions
    from newsweave.compare import CompareOptions
    from newsweave.extract import ExtractOptions

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


logging.getLogger(__name__).addHandler(logging.NullHandler())

# The stages load spaCy, scikit-learn and numpy; importing them only when first used keeps
# `import newsweave` (and so the CLI's --help) fast.
_LAZY = {
    "AnnotateOptions": "newsweave.annotate",
    "CompareOptions": "newsweave.compare",
    "ExtractOptions": "newsweave.extract",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsweave' has no attribute {name!r}")


def read(paths: Iterable[str | Path]) -> list[Document]:
    """The documents in ``paths`` (files or folders), each content once.

    Raises:
        InputError: a path is missing or a file cannot be read.
    """
    from newsweave.sources import read_documents

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
    from newsweave.extract import extract_article

    items = [documents] if isinstance(documents, Document) else list(documents)
    return [extract_article(document, options=options) for document in items]


def annotate(articles: Article | Sequence[Article], *, options: AnnotateOptions | None = None) -> list[Article]:
    """Annotate articles, each one's entities made canonical within it, as ``ingest`` stores them.

    :func:`compare` links entities across the articles it compares.
    """
    from newsweave.annotate import Annotator
    from newsweave.pipeline import annotate_articles

    items = [articles] if isinstance(articles, Article) else list(articles)
    return annotate_articles(items, Annotator(options))


def compare(articles: Sequence[Article], *, options: CompareOptions | None = None) -> Comparison:
    """Line up annotated articles about one event claim by claim."""
    from newsweave.compare import compare_articles

    return compare_articles(articles, options=options)


def report(comparison: Comparison, fmt: str = "md") -> str:
    """Render a comparison as ``md``, ``json``, ``html`` or ``terminal`` text."""
    from newsweave.report import render

    return render(comparison, fmt)


class _Package(types.ModuleType):
    """This package, keeping its API functions under their names.

    ``annotate``, ``compare``, ``extract`` and ``report`` are also subpackages, imported lazily
    by those functions; the import system binds a subpackage to its name in this package when it
    is first imported, which would replace the function.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _API_FUNCTIONS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


_API_FUNCTIONS = frozenset({"annotate", "compare", "extract", "report"})
sys.modules[__name__].__class__ = _Package
