"""Ingest: pages into the store, grouped into near-duplicates and stories, resumably.

The driver the ``ingest`` and ``add`` commands call. Each input (a file, or every record of an
archive or feed) is read, extracted in worker processes, annotated, given features, grouped, and
written with the mark that the input is done in one transaction. An interrupted run resumes:
finished inputs are skipped (an input that failed is tried again), articles already stored are
not processed again, and grouping state is rebuilt by replaying the stored articles in the order
they were first grouped, so a resumed run groups exactly as an uninterrupted one would.

Replaying a large store costs minutes, so the grouping state (near-duplicate index and story
clusterer) is also saved in the store as a snapshot: at the end of every run and, inside an
input's transaction, every ``SNAPSHOT_EVERY`` new articles. A new run loads the snapshot and
replays only the articles stored after it. The snapshot is a pickle, so a store file is trusted
input like a Python file: open only stores you or newsweave made. A snapshot written by other
models or options (its fingerprint differs) is ignored and the whole store replayed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import logging
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from newsweave.annotate import canonicalise_entities
from newsweave.errors import Failure, NewsweaveError
from newsweave.extract import ExtractOptions
from newsweave.group import (
    PRETRAINED_MODEL,
    DedupOptions,
    EventOptions,
    FeatureExtractor,
    NearDuplicateIndex,
    load_story_model,
    minhash_signature,
)
from newsweave.limits import Limits
from newsweave.model import Article, Document
from newsweave.models.embedder import UseEmbedder
from newsweave.pipeline import ExtractionPool
from newsweave.sources import expand_paths, read_file
from newsweave.store import GroupingSnapshot, SqliteStore, file_input_key

__all__ = ["ExtractedInput", "IngestSummary", "Ingestor"]

# Pages handed to the worker pool ahead of the one being committed: one input is often one page,
# and the workers need several pages in flight to be busy while this process groups and stores.
PAGES_IN_FLIGHT = 64
# New articles between two grouping snapshots: bounds the replay after a crash (~a minute).
SNAPSHOT_EVERY = 20_000
# Version of the pickled grouping state: bump it when the classes in newsweave.group change shape.
SNAPSHOT_FORMAT = 5
REPLAY_BATCH = 512
_log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]


@dataclass(slots=True)
class IngestSummary:
    """What a run did; ``failures`` holds each failed input or page, with its code and reason."""

    inputs: int = 0
    inputs_skipped: int = 0
    documents: int = 0
    articles_new: int = 0
    articles_known: int = 0
    failures: list[Failure] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)
    assignments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractedInput:
    """One input's pages extracted and annotated elsewhere (a ``newsweave batch`` run), to commit."""

    key: str
    name: str
    documents: Sequence[Document]
    articles: Sequence[Article]
    failures: Sequence[Failure] = ()


@dataclass(slots=True, kw_only=True)
class _PendingInput:
    """An input read and checked against the store, waiting for its pages to be processed."""

    path: Path
    key: str
    done: bool = False
    n_documents: int = 0
    fresh: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    results: list[Article | Failure] = field(default_factory=list)


class Ingestor:
    """Ingests pages into ``store``; ``workers`` extraction processes (default: the CPU count)."""

    def __init__(
        self, store: SqliteStore, *, workers: int | None = None, extract_options: ExtractOptions | None = None
    ) -> None:
        self.store = store
        self.workers = workers or os.cpu_count() or 1
        self.extract_options = extract_options
        # One BLAS thread: the workers keep the other cores busy, and a second thread here only
        # spins waiting for one (6x the CPU per lead on the AEB pages, the same vectors).
        self.extractor, self.clusterer = load_story_model(embedder=UseEmbedder(threads=1))
        self.lexical = FeatureExtractor(self.extractor.options)
        self.lexical.idf_, self.lexical.n_documents_ = self.extractor.idf_, self.extractor.n_documents_
        self.duplicates = NearDuplicateIndex()
        self._fingerprint = _grouping_fingerprint()
        self._since_snapshot = 0
        self._restore_grouping()

    def ingest(self, paths: Iterable[str | Path], *, progress: Progress | None = None) -> IngestSummary:
        """Ingest every readable input under ``paths``; ``progress(name, n_done)`` after each input."""
        summary = IngestSummary()
        inputs = list(expand_paths(paths))
        with (
            self._run([str(path) for path in inputs], summary) as run_id,
            ExtractionPool(self.workers, self.extract_options, annotate=True) as pool,
        ):
            for done, path in enumerate(self._ingest_inputs(inputs, run_id, summary, pool), start=1):
                if progress:
                    progress(path.name, done)
        return summary

    def ingest_extracted(self, inputs: Iterable[ExtractedInput], *, progress: Progress | None = None) -> IngestSummary:
        """Commit already extracted inputs through the same path as :meth:`ingest` (and as resumable).

        An input whose ``key`` is done is skipped; articles already stored are not stored again.
        """
        summary = IngestSummary()
        with self._run([], summary) as run_id:
            for done, given in enumerate(inputs, start=1):
                summary.inputs += 1
                if self.store.is_input_done(given.key):
                    summary.inputs_skipped += 1
                else:
                    known = self.store.stored_article_ids([article.id for article in given.articles])
                    summary.documents += len(given.documents)
                    summary.articles_known += len(known)
                    item = _PendingInput(
                        path=Path(given.name),
                        key=given.key,
                        n_documents=len(given.documents),
                        fresh=[document for document in given.documents if document.id not in known],
                        failures=list(given.failures),
                    )
                    self._commit_input(item, [a for a in given.articles if a.id not in known], run_id, summary)
                if progress:
                    progress(given.name, done)
        return summary

    @contextmanager
    def _run(self, inputs: Sequence[str], summary: IngestSummary) -> Iterator[str]:
        """A recorded run: its id; on success the grouping snapshot is saved; the run is finished
        with ``summary``'s counts either way."""
        run_id = self.store.begin_run(inputs)
        try:
            yield run_id
            self.save_grouping()
        finally:
            self.store.finish_run(run_id, _counts(summary))

    def _ingest_inputs(
        self, paths: Sequence[Path], run_id: str, summary: IngestSummary, pool: ExtractionPool
    ) -> Iterator[Path]:
        """Ingest ``paths`` in order, committing input by input.

        Inputs are read as the pool asks for pages, so the workers never wait for a batch of
        inputs to be committed before they get new pages; a page that an input read earlier in
        this run still has in the pool is not processed again.
        """
        read: deque[_PendingInput] = deque()
        in_flight: set[str] = set()
        results = pool.extract(self._fresh_pages(paths, summary, read, in_flight), window=PAGES_IN_FLIGHT)
        for result in itertools.chain(results, [None]):
            while read and (result is None or len(read[0].results) == len(read[0].fresh)):
                yield self._finish_input(read.popleft(), run_id, summary, in_flight)
            if result is not None:
                read[0].results.append(result)

    def _fresh_pages(
        self, paths: Iterable[Path], summary: IngestSummary, read: deque[_PendingInput], in_flight: set[str]
    ) -> Iterator[Document]:
        """The pages to process of each input in ``paths``, queueing each input on ``read`` as it is read."""
        for path in paths:
            item = self._pending_input(path, summary)
            item.fresh = [document for document in item.fresh if _is_new(document.id, in_flight)]
            read.append(item)
            yield from item.fresh

    def _finish_input(self, item: _PendingInput, run_id: str, summary: IngestSummary, in_flight: set[str]) -> Path:
        if not item.done:
            self._commit_input(item, item.results, run_id, summary)
        in_flight.difference_update(document.id for document in item.fresh)
        return item.path

    def _pending_input(self, path: Path, summary: IngestSummary) -> _PendingInput:
        summary.inputs += 1
        key = file_input_key(path)
        if self.store.is_input_done(key):
            summary.inputs_skipped += 1
            return _PendingInput(path=path, key=key, done=True)
        items = _read(path, (self.extract_options or ExtractOptions()).limits)
        documents = [item for item in items if isinstance(item, Document)]
        summary.documents += len(documents)
        known = self.store.stored_article_ids([document.id for document in documents])
        summary.articles_known += len(known)
        return _PendingInput(
            path=path,
            key=key,
            n_documents=len(documents),
            fresh=[document for document in documents if document.id not in known],
            failures=[item for item in items if isinstance(item, Failure)],
        )

    def _commit_input(
        self, item: _PendingInput, results: Sequence[Article | Failure], run_id: str, summary: IngestSummary
    ) -> None:
        articles = sorted(
            (canonicalise_entities([result])[0][0] for result in results if isinstance(result, Article)),
            key=_arrival_order,
        )
        failures = item.failures + [result for result in results if isinstance(result, Failure)]
        with self.store.transaction():
            self._store_articles(item.fresh, articles, run_id, summary)
            self.store.record_failures(failures, run_id)
            self.store.mark_input_done(item.key, "failed" if failures and not item.n_documents else "done", run_id)
            if self._since_snapshot >= SNAPSHOT_EVERY:
                self.save_grouping()
        summary.failures.extend(failures)

    def _store_articles(
        self, documents: Sequence[Document], articles: Sequence[Article], run_id: str, summary: IngestSummary
    ) -> None:
        if not articles:
            return
        by_id = {document.id: document for document in documents}
        self.store.upsert_documents(by_id[article.id] for article in articles)
        self.store.upsert_articles(articles)
        features = self.extractor.process_batch(articles)
        self.store.save_embeddings([a.id for a in articles], np.stack([f.semantic for f in features]))
        groups = self._group(articles)
        self.store.set_near_duplicates(groups)
        assignments = list(
            zip([item.article_id for item in features], self.clusterer.assign_many(features), strict=True)
        )
        self.store.assign_stories(assignments, run_id=run_id, reason="ingest")
        summary.articles_new += len(articles)
        self._since_snapshot += len(articles)
        summary.assignments.update(assignments)
        summary.stories.update(story for _, story in assignments)

    def _group(self, articles: Sequence[Article]) -> list[tuple[str, ...]]:
        touched = {self.duplicates.add(article.id, minhash_signature(article.text)) for article in articles}
        return [members for group in sorted(touched) if len(members := self.duplicates.members(group)) > 1]

    def save_grouping(self) -> None:
        """Save the grouping state as the store's snapshot (done at the end of every run)."""
        state = pickle.dumps((self.duplicates, self.clusterer), protocol=pickle.HIGHEST_PROTOCOL)
        snapshot = GroupingSnapshot(
            through_seq=self.store.last_article_seq(), fingerprint=self._fingerprint, state=state
        )
        self.store.save_grouping_snapshot(snapshot)
        self._since_snapshot = 0

    def _restore_grouping(self) -> None:
        """Load the store's grouping snapshot when it fits these models, then replay what came after."""
        snapshot = self.store.grouping_snapshot()
        through_seq = 0
        if snapshot is not None and snapshot.fingerprint == self._fingerprint:
            try:
                self.duplicates, self.clusterer = pickle.loads(snapshot.state)
                through_seq = snapshot.through_seq
            except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError) as error:
                _log.warning("grouping snapshot unreadable (%s); grouping the stored articles again", error)
        self._replay_stored(through_seq)

    def _replay_stored(self, after_seq: int) -> None:
        """Group the articles stored after ``after_seq`` again, in the order they were first grouped."""
        articles = self.store.iter_articles(order="stored", after_seq=after_seq)
        while batch := list(itertools.islice(articles, REPLAY_BATCH)):
            ids, vectors = self.store.load_embeddings([article.id for article in batch])
            semantic = dict(zip(ids, vectors, strict=True))
            for article in batch:
                self.duplicates.add(article.id, minhash_signature(article.text))
            self.clusterer.assign_many(
                [
                    dataclasses.replace(
                        features, semantic_bytes=semantic[features.article_id].astype(np.float32).tobytes()
                    )
                    for features in self.lexical.process_batch(batch)
                ]
            )


def _grouping_fingerprint() -> str:
    """Names the models and options grouping state depends on (see ``SNAPSHOT_FORMAT``)."""
    digest = hashlib.sha256(f"{SNAPSHOT_FORMAT}|{DedupOptions()!r}|{EventOptions()!r}".encode())
    digest.update(PRETRAINED_MODEL.read_bytes())
    return digest.hexdigest()


def _is_new(page_id: str, in_flight: set[str]) -> bool:
    """Whether ``page_id`` is not in ``in_flight`` yet; it is from now on."""
    if page_id in in_flight:
        return False
    in_flight.add(page_id)
    return True


def _read(path: Path, limits: Limits) -> list[Document | Failure]:
    """Everything ``path`` holds within ``limits``; a file that cannot be read at all is one failure."""
    items: list[Document | Failure] = []
    try:
        items.extend(read_file(path, limits=limits))
    except NewsweaveError as error:
        items.append(Failure(input_id=str(path), stage="sources", code=error.code, message=error.message))
    return items


def _arrival_order(article: Article) -> tuple[datetime, str]:
    return (article.published or datetime.max.replace(tzinfo=UTC), article.id)


def _counts(summary: IngestSummary) -> dict[str, int]:
    return {
        "inputs": summary.inputs,
        "inputs_skipped": summary.inputs_skipped,
        "documents": summary.documents,
        "articles_new": summary.articles_new,
        "articles_known": summary.articles_known,
        "failures": len(summary.failures),
        "stories": len(summary.stories),
    }
