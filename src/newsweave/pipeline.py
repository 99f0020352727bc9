"""The in-process driver: documents through extract and annotate, failures recorded or raised.

The CLI, the tests and later the store and web call this; the stages it runs are the same
functions a batch engine maps over its rows.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from typing import Literal

from newsweave.annotate import Annotator
from newsweave.errors import Failure, NewsweaveError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.model import Article, Document

__all__ = ["OnError", "run", "split_results"]

OnError = Literal["raise", "record"]


def run(
    documents: Iterable[Document | Failure],
    *,
    extract_options: ExtractOptions | None = None,
    annotator: Annotator | None = None,
    on_error: OnError = "raise",
    batch_size: int = 32,
) -> Iterator[Article | Failure]:
    """Extract and annotate ``documents``, in input order, batch by batch.

    With ``on_error="record"`` an input that fails becomes a :class:`Failure` carrying the error
    code and message and the run goes on; with ``"raise"`` the error propagates. Failures that
    come in (from a reader) pass through, or raise under ``"raise"``.
    """
    annotator = annotator or Annotator()
    batch: list[Article] = []
    for item in documents:
        if isinstance(item, Failure):
            if on_error == "raise":
                raise NewsweaveError(item.code, item.message)
            yield item
            continue
        extracted = _extract(item, extract_options, on_error)
        if isinstance(extracted, Failure):
            yield extracted
            continue
        batch.append(extracted)
        if len(batch) >= batch_size:
            yield from annotator.process_batch(batch)
            batch = []
    if batch:
        yield from annotator.process_batch(batch)


def _extract(document: Document, options: ExtractOptions | None, on_error: OnError) -> Article | Failure:
    try:
        return extract_article(document, options=options)
    except NewsweaveError as error:
        if on_error == "raise":
            raise
        return Failure(
            input_id=document.uri,
            stage="extract",
            code=error.code,
            message=error.message,
            traceback=traceback.format_exc(),
        )


def split_results(results: Iterable[Article | Failure]) -> tuple[list[Article], list[Failure]]:
    """Articles and failures of a run, each in order."""
    articles: list[Article] = []
    failures: list[Failure] = []
    for result in results:
        if isinstance(result, Failure):
            failures.append(result)
        else:
            articles.append(result)
    return articles, failures
