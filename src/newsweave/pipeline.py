"""The pipeline: what happens to a page, in which order, and where each step may run.

::

    read -> extract -> annotate -> canonicalise -> embed -> signature
    (sources)  \\____ one page, in a worker process ____/   \\__ the driver's process __/

Every driver calls this module and decides only where it runs and where the records go:
``newsweave ingest`` (:mod:`newsweave.ingest`: a worker pool, then the store), ``newsweave
batch`` (:class:`newsweave.batch.rows.PageStage`: the same pool in each Ray actor or local engine,
then Parquet rows), ``compare`` and ``extract`` (a pool sized to the inputs, then a report), and
the Python API (:func:`run` and :func:`annotate_articles`, in process).

- **Reading** is :func:`newsweave.sources.read_input` (one input; an unreadable one becomes a
  ``Failure``) and :func:`newsweave.sources.read_documents` (paths and folders, each page once).
- **A page** (:class:`ExtractionPool`) is extracted, given the metadata the caller supplies,
  annotated and made canonical in one worker process, so annotation, the costliest step, runs
  on every core and a page that kills its process fails alone. Failures become ``Failure``
  records there.
- **A record** (:class:`PageRecord`, what the store and a batch output keep) adds the story
  model's embedding of the article's lead and its MinHash signature, computed in the driver's
  process where the embedder is loaded once. Each article is embedded alone: a batch of leads
  gives vectors that differ in the last float32 bits with the batch's make-up, and a record must
  not depend on which pages came with it.
- **Canonicalisation, one rule.** A record's entities are made canonical within its own
  article only, wherever it is made (ingest, batch, the API's :func:`annotate_articles`,
  ``extract``), so a record never depends on the run, input or batch chunk it came in. Entities
  are linked *across* articles only when they are compared, across exactly the articles compared
  (:func:`newsweave.compare.compare_articles`).
- **Grouping** reads records: :func:`story_features` gives the clusterer each record's lexical
  features and the embedding the record holds, so a batch output loaded into a store, or a
  store replayed, never runs the embedder again.

:data:`PAGE_STAGES` declares what each step needs and gives; the order is checked when the
module is loaded.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from types import FrameType
from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt

from newsweave.annotate import Annotator, canonicalise_entities
from newsweave.errors import Failure, NewsweaveError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.group import ArticleFeatures, FeatureExtractor, StoryClusterer, load_story_model, minhash_signature
from newsweave.group.dedup import Signature
from newsweave.model import Article, Document
from newsweave.models.embedder import UseEmbedder

__all__ = [
    "PAGE_STAGES",
    "ExtractionPool",
    "OnError",
    "PagePipeline",
    "PageRecord",
    "StageSpec",
    "Supply",
    "annotate_articles",
    "canonicalise_article",
    "check_stage_order",
    "extract_in_workers",
    "load_story_models",
    "page_record",
    "run",
    "split_results",
    "story_features",
]

OnError = Literal["raise", "record"]
_Kept = TypeVar("_Kept")
# How often a page worker checks that the process that started it still lives.
_PARENT_CHECK_SECONDS = 1.0
Supply = Callable[[Article], Article]
"""Fills in what an extracted article lacks (``compare --outlet``, a ``--meta`` row) before it is
annotated; it runs in the worker processes, so it must pickle (a module-level function or a
``functools.partial`` of one)."""


# Stages -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A step of the pipeline, with the fields it needs and the fields it fills."""

    name: str
    requires: frozenset[str]
    produces: frozenset[str]


def check_stage_order(stages: Sequence[StageSpec]) -> tuple[StageSpec, ...]:
    """``stages`` when each needs only what the ones before it fill.

    Raises:
        ValueError: a stage needs a field no earlier stage fills.
    """
    available: set[str] = set()
    for stage in stages:
        missing = stage.requires - available
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage produces")
        available |= stage.produces
    return tuple(stages)


# extraction makes the Article: every field of it but the annotations
_EXTRACTED = frozenset(field.name for field in fields(Article)) - Annotator.produces

PAGE_STAGES = check_stage_order(
    (
        StageSpec("read", frozenset(), frozenset({"document"})),
        StageSpec("extract", frozenset({"document"}), _EXTRACTED),
        StageSpec(Annotator.name, Annotator.requires, Annotator.produces),
        # gives each entity mention its ``entity_id`` (and mentions for handles and repeated names)
        StageSpec("canonicalise", frozenset({"entities", "mentions"}), frozenset({"entity_ids"})),
        # the story model embeds the lead: title, dek and first sentences
        StageSpec("embed", frozenset({"title", "dek", "sentences"}), frozenset({"embedding"})),
        StageSpec("signature", frozenset({"text"}), frozenset({"signature"})),
    )
)
"""The steps from input to record, in order (see the module doc for where each runs)."""


def canonicalise_article(article: Article) -> Article:
    """``article`` with its entities canonical within itself (the rule for records)."""
    return canonicalise_entities([article])[0][0]


def annotate_articles(articles: Sequence[Article], annotator: Annotator | None = None) -> list[Article]:
    """Annotate ``articles`` and make each one's entities canonical within itself."""
    return [canonicalise_article(article) for article in (annotator or Annotator()).process_batch(articles)]


def run(
    documents: Iterable[Document | Failure],
    *,
    extract_options: ExtractOptions | None = None,
    annotator: Annotator | None = None,
    on_error: OnError = "raise",
    batch_size: int = 32,
) -> Iterator[Article | Failure]:
    """The page steps in this process: extract, annotate and canonicalise ``documents``, batch by batch.

    Gives the articles :class:`ExtractionPool` workers give. With ``on_error="record"`` an input
    that fails becomes a :class:`Failure` carrying the error code and message and the run goes on;
    with ``"raise"`` the error propagates. Failures that come in (from a reader) pass through, or
    raise under ``"raise"``.
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
            yield from annotate_articles(batch, annotator)
            batch = []
    if batch:
        yield from annotate_articles(batch, annotator)


# Records ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRecord:
    """What the store and a batch output keep of one page: its document, its annotated article,
    the story model's embedding of its lead (float32) and its MinHash signature (uint32), the
    vectors as raw bytes so that records compare, pickle and cross processes as plain values."""

    document: Document
    article: Article
    embedding_bytes: bytes
    signature_bytes: bytes

    @property
    def embedding(self) -> npt.NDArray[np.float32]:
        return np.frombuffer(self.embedding_bytes, dtype=np.float32)

    @property
    def signature(self) -> Signature:
        return np.frombuffer(self.signature_bytes, dtype=np.uint32)


def load_story_models() -> tuple[FeatureExtractor, StoryClusterer]:
    """The shipped story model: its feature extractor (USE embedder) and an empty clusterer.

    One BLAS thread: the page workers keep the other cores busy, and a second thread here only
    spins waiting for one (6x the CPU per lead on the AEB pages, the same vectors).
    """
    return load_story_model(embedder=UseEmbedder(threads=1))


def page_record(document: Document, article: Article, extractor: FeatureExtractor) -> PageRecord:
    """The record of ``article`` (annotated and canonical) read from ``document``."""
    return PageRecord(
        document=document,
        article=article,
        embedding_bytes=extractor(article).semantic_bytes,
        signature_bytes=minhash_signature(article.text).tobytes(),
    )


def story_features(
    extractor: FeatureExtractor, articles: Sequence[Article], embeddings: Sequence[bytes]
) -> list[ArticleFeatures]:
    """The clusterer's features of ``articles``: lexical ones computed here (under a millisecond
    an article), each article's embedding as given, so the embedder does not run."""
    lexical = FeatureExtractor(extractor.options)
    lexical.idf_, lexical.n_documents_ = extractor.idf_, extractor.n_documents_
    return [
        replace(features, semantic_bytes=embedding)
        for features, embedding in zip(lexical.process_batch(articles), embeddings, strict=True)
    ]


# Where pages run --------------------------------------------------------------------------------


class PagePipeline:
    """Documents in, articles or records out, in input order.

    The page steps (extract, the caller's ``supply``, annotate, canonicalise) run in ``workers``
    processes (:class:`ExtractionPool`), the record's embedding and signature in this one.
    ``__init__`` only stores its arguments, so the pipeline pickles and ships to a Ray actor; the
    pool starts on first use and the story model loads on the first record. Close it (or use it
    as a context manager) to stop the workers.
    """

    def __init__(
        self, workers: int = 1, extract_options: ExtractOptions | None = None, *, supply: Supply | None = None
    ) -> None:
        self.workers = workers
        self.extract_options = extract_options
        self.supply = supply
        self._pool: ExtractionPool | None = None
        self._extractor: FeatureExtractor | None = None

    def __enter__(self) -> PagePipeline:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def articles(self, documents: Iterable[Document], *, window: int = 64) -> Iterator[Article | Failure]:
        """The annotated article (or the failure) of each document, at most ``window`` pages in flight."""
        if self._pool is None:
            self._pool = ExtractionPool(self.workers, self.extract_options, annotate=True, supply=self.supply)
        yield from self._pool.extract(documents, window=window)

    def records(self, documents: Iterable[Document], *, window: int = 64) -> Iterator[PageRecord | Failure]:
        """The record (or the failure) of each document, at most ``window`` pages in flight."""
        if self._extractor is None:
            self._extractor, _ = load_story_models()
        extractor = self._extractor
        in_flight: deque[Document] = deque()

        def sent(items: Iterable[Document]) -> Iterator[Document]:
            for document in items:
                in_flight.append(document)
                yield document

        for result in self.articles(sent(documents), window=window):
            document = in_flight.popleft()
            yield result if isinstance(result, Failure) else page_record(document, result, extractor)


class ExtractionPool:
    """Page worker processes kept for a whole run (starting a pool costs ~60 ms).

    HTML parsers are run in processes, never threads (lxml under trafilatura has crashed the
    interpreter when two threads extracted at once). A page that kills its worker fails alone:
    the pool is rebuilt, the pages that were in flight are retried one at a time, and the one
    that crashes again is recorded as ``extract.worker_crashed``.

    Each worker extracts a page and applies ``supply``; with ``annotate=True`` it also annotates
    the article and makes it canonical (:func:`annotate_articles`), so the costliest step runs on
    every core. The models are loaded here, before any worker starts: forked workers share them
    instead of each importing spaCy and loading its model again (about 0.9 s of CPU a worker,
    5-10 ms a page on a run of a few hundred pages).
    """

    def __init__(
        self,
        workers: int,
        options: ExtractOptions | None = None,
        *,
        annotate: bool = False,
        supply: Supply | None = None,
    ) -> None:
        self.workers = workers
        self._step = _PageStep(options=options, annotate=annotate, supply=supply)
        if annotate:
            Annotator().load()
        self._pool = _page_processes(workers)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)

    def extract(self, documents: Iterable[Document], *, window: int = 64) -> Iterator[Article | Failure]:
        """Process ``documents``, results in input order, at most ``window`` pages in flight."""
        pending: deque[tuple[Document, Future[Article | Failure]]] = deque()
        for document in documents:
            pending.append((document, self._pool.submit(_work, document, self._step)))
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
            retried = [(doc, _work_alone(doc, self._step)) for doc in in_flight]
            pending.clear()
            self._pool = _page_processes(self.workers)
            for doc, result in retried[1:]:
                done: Future[Article | Failure] = Future()
                done.set_result(result)
                pending.append((doc, done))
            return retried[0][1]


def extract_in_workers(
    documents: Iterable[Document], *, workers: int, options: ExtractOptions | None = None, window: int = 64
) -> Iterator[Article | Failure]:
    """Extract ``documents`` (no annotation) in a pool of ``workers`` processes made for this call."""
    with ExtractionPool(workers, options) as pool:
        yield from pool.extract(documents, window=window)


def split_results(results: Iterable[_Kept | Failure]) -> tuple[list[_Kept], list[Failure]]:
    """Articles (or records) and failures of a run, each in order."""
    kept: list[_Kept] = []
    failures: list[Failure] = []
    for result in results:
        if isinstance(result, Failure):
            failures.append(result)
        else:
            kept.append(result)
    return kept, failures


@dataclass(frozen=True, slots=True, kw_only=True)
class _PageStep:
    """What a worker does with a page (picklable: it travels with each page)."""

    options: ExtractOptions | None
    annotate: bool
    supply: Supply | None


def _page_processes(workers: int) -> ProcessPoolExecutor:
    """A pool of page workers that end when this process does, however it ends."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    """In a worker: exit as soon as ``parent`` is gone. A parent killed outright (SIGKILL, the
    kernel's out-of-memory killer) runs no clean-up, and its workers, each holding the models
    (over 200 MB), would otherwise live on, waiting for pages that never come."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="newsweave-parent-watch", daemon=True).start()


def _work_alone(document: Document, step: _PageStep) -> Article | Failure:
    with _page_processes(1) as solo:
        try:
            return solo.submit(_work, document, step).result()
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


def _work(document: Document, step: _PageStep) -> Article | Failure:
    """What a worker does with one page: extract it, supply what it lacks, annotate it when asked.

    The worker is the boundary where one page's trouble is recorded, so that it cannot end the
    run: past ``max_seconds_per_page`` the page fails as ``extract.timeout``, and an exception
    that escapes a parser or model (a bug it has on some page) as ``extract.unexpected`` with its
    traceback.
    """
    seconds = (step.options or ExtractOptions()).limits.max_seconds_per_page
    try:
        with _time_limit(seconds):
            extracted = _extract(document, step.options, "record")
            if isinstance(extracted, Failure):
                return extracted
            if step.supply is not None:
                extracted = step.supply(extracted)
            return annotate_articles([extracted])[0] if step.annotate else extracted
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
