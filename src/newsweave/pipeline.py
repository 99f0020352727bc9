"""The in-process driver: documents through extract and annotate, failures recorded or raised.

The CLI, the tests and later the store and web call this; the stages it runs are the same
functions a batch engine maps over its rows.
"""

from __future__ import annotations

import signal
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from types import FrameType
from typing import Literal

from newsweave.annotate import Annotator
from newsweave.errors import Failure, NewsweaveError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.model import Article, Document

__all__ = ["ExtractionPool", "OnError", "extract_in_workers", "run", "split_results"]

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


class ExtractionPool:
    """Extraction worker processes kept for a whole run (starting a pool costs ~60 ms).

    HTML parsers are run in processes, never threads (lxml under trafilatura has crashed the
    interpreter when two threads extracted at once). A page that kills its worker fails alone:
    the pool is rebuilt, the pages that were in flight are retried one at a time, and the one
    that crashes again is recorded as ``extract.worker_crashed``.

    With ``annotate=True`` the workers also annotate each article, so the costliest stage runs on
    every core instead of in the parent alone. The models are loaded here, before any worker
    starts: forked workers share them instead of each importing spaCy and loading its model again
    (about 0.9 s of CPU a worker, 5-10 ms a page on a run of a few hundred pages).
    """

    def __init__(self, workers: int, options: ExtractOptions | None = None, *, annotate: bool = False) -> None:
        self.workers = workers
        self.options = options
        self.annotate = annotate
        if annotate:
            Annotator().load()
        self._pool = ProcessPoolExecutor(max_workers=workers)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown(cancel_futures=True)

    def extract(self, documents: Iterable[Document], *, window: int = 64) -> Iterator[Article | Failure]:
        """Extract ``documents``, results in input order, at most ``window`` pages in flight."""
        pending: deque[tuple[Document, Future[Article | Failure]]] = deque()
        for document in documents:
            pending.append((document, self._pool.submit(_work, document, self.options, self.annotate)))
            if len(pending) >= window:
                yield self._next_result(pending)
        while pending:
            yield self._next_result(pending)

    def _next_result(self, pending: deque[tuple[Document, Future[Article | Failure]]]) -> Article | Failure:
        document, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            self._pool.shutdown(cancel_futures=True)
            in_flight = [document, *(doc for doc, _ in pending)]
            retried = [(doc, _work_alone(doc, self.options, self.annotate)) for doc in in_flight]
            pending.clear()
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
            for doc, result in retried[1:]:
                done: Future[Article | Failure] = Future()
                done.set_result(result)
                pending.append((doc, done))
            return retried[0][1]


def extract_in_workers(
    documents: Iterable[Document], *, workers: int, options: ExtractOptions | None = None, window: int = 64
) -> Iterator[Article | Failure]:
    """Extract ``documents`` in a pool of ``workers`` processes made for this call (see :class:`ExtractionPool`)."""
    with ExtractionPool(workers, options) as pool:
        yield from pool.extract(documents, window=window)


def _work_alone(document: Document, options: ExtractOptions | None, annotate: bool) -> Article | Failure:
    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            return solo.submit(_work, document, options, annotate).result()
        except BrokenProcessPool:
            return Failure(
                input_id=document.uri,
                stage="extract",
                code="extract.worker_crashed",
                message="the extractor's process died on this page",
            )


class _PageTimeout(BaseException):
    """Raised in a worker when a page runs out of time; not an ``Exception``, so that no
    ``except Exception`` inside a parser can swallow it."""


def _work(document: Document, options: ExtractOptions | None, annotate: bool) -> Article | Failure:
    """What a worker does with one page: extract it, and annotate it when asked.

    The worker is the boundary where one page's trouble is recorded, so that it cannot end the
    run: past ``max_seconds_per_page`` the page fails as ``extract.timeout``, and an exception
    that escapes a parser or model (a bug it has on some page) as ``extract.unexpected`` with its
    traceback.
    """
    seconds = (options or ExtractOptions()).limits.max_seconds_per_page
    try:
        with _time_limit(seconds):
            extracted = _extract(document, options, "record")
            if not annotate or isinstance(extracted, Failure):
                return extracted
            return Annotator()(extracted)
    except _PageTimeout:
        message = f"{document.uri}: extraction took over max_seconds_per_page={seconds}"
        return Failure(input_id=document.uri, stage="extract", code="extract.timeout", message=message)
    except Exception as error:
        return Failure(
            input_id=document.uri,
            stage="extract",
            code="extract.unexpected",
            message=f"{document.uri}: {type(error).__name__}: {error}",
            traceback=traceback.format_exc(),
        )


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_PageTimeout` in this (worker's main) thread after ``seconds``.

    The alarm interrupts Python code only: a parser stuck inside one C call is stopped when the
    call returns.
    """

    def expire(_signal: int, _frame: FrameType | None) -> None:
        raise _PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
