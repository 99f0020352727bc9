"""Ingest: pages into the store, grouped into near-duplicates and stories, resumably.

The driver the ``ingest`` and ``add`` commands call. Each input (a file, or every record of an
archive or feed) is read, turned into records by the pipeline (:class:`~newsweave.pipeline.
PagePipeline`: extraction, annotation and canonicalisation in worker processes, the embedding and
MinHash signature here), grouped, and written with the mark that the input is done in one
transaction. The output of a ``newsweave batch`` run is committed the same way from the records
the batch wrote (:meth:`Ingestor.ingest_extracted`), without running the pipeline again.

An interrupted run resumes: finished inputs are skipped (an input that failed is tried again),
articles already stored are not processed again, and grouping state is rebuilt by replaying the
stored articles in the order they were first grouped, so a resumed run groups exactly as an
uninterrupted one would.

Replaying a large store costs minutes, so the grouping state (near-duplicate index and story
clusterer) is also saved in the store as a snapshot: at the end of every run and, inside an
input's transaction, every ``SNAPSHOT_EVERY`` new articles. A new run loads the snapshot and
replays only the articles stored after it. The snapshot is a pickle, so a store file is trusted
input like a Python file: open only stores you or newsweave made. A snapshot written by other
models or options (its fingerprint differs) is ignored and the whole store replayed.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from newsweave.errors import Failure
from newsweave.extract import ExtractOptions
from newsweave.group import PRETRAINED_MODEL, DedupOptions, EventOptions, NearDuplicateIndex, minhash_signature
from newsweave.model import Article, Document
from newsweave.pipeline import PagePipeline, PageRecord, load_story_models, story_features
from newsweave.sources import expand_inputs, is_url, read_input
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
# Records of a batch output stored in one transaction.
COMMIT_BATCH = 512
_log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]


@dataclass(slots=True)
class IngestSummary:
    """What a run did; ``failures`` holds each failed input or page, with its code and reason.

    ``regrouped`` counts the articles of a batch output that the store grouped otherwise than
    the batch did (see :meth:`Ingestor.ingest_extracted`).
    """

    inputs: int = 0
    inputs_skipped: int = 0
    documents: int = 0
    articles_new: int = 0
    articles_known: int = 0
    failures: list[Failure] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)
    assignments: dict[str, str] = field(default_factory=dict)
    regrouped: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractedInput:
    """One input's pages made into records elsewhere (a ``newsweave batch`` run), to commit.

    ``stories`` and ``duplicate_groups`` are the story and near-duplicate group the batch gave
    each article (an article in no group is absent from ``duplicate_groups``); ``n_documents``
    counts the pages read, those that failed extraction included.
    """

    key: str
    name: str
    records: Sequence[PageRecord]
    n_documents: int
    failures: Sequence[Failure]
    stories: Mapping[str, str]
    duplicate_groups: Mapping[str, str]


@dataclass(slots=True, kw_only=True)
class _PendingInput:
    """An input read and checked against the store, waiting for its pages to become records."""

    path: Path | str  # a file, or a URL as given
    key: str
    done: bool = False
    n_documents: int = 0
    fresh: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    results: list[PageRecord | Failure] = field(default_factory=list)


class Ingestor:
    """Ingests pages into ``store``; ``workers`` page processes (default: the CPU count)."""

    def __init__(
        self, store: SqliteStore, *, workers: int | None = None, extract_options: ExtractOptions | None = None
    ) -> None:
        self.store = store
        self.workers = workers or os.cpu_count() or 1
        self.extract_options = extract_options
        self.extractor, self.clusterer = load_story_models()
        self.duplicates = NearDuplicateIndex()
        self._fingerprint = _grouping_fingerprint()
        self._since_snapshot = 0
        self._restore_grouping()

    def ingest(self, paths: Iterable[str | Path], *, progress: Progress | None = None) -> IngestSummary:
        """Ingest every readable input under ``paths`` (files, folders, http(s) URLs);
        ``progress(name, n_done)`` after each input."""
        summary = IngestSummary()
        inputs = list(expand_inputs(paths))
        with (
            self._run([str(path) for path in inputs], summary) as run_id,
            PagePipeline(self.workers, self.extract_options) as pipeline,
        ):
            for done, path in enumerate(self._ingest_inputs(inputs, run_id, summary, pipeline), start=1):
                if progress:
                    progress(_input_name(path), done)
        return summary

    def ingest_extracted(self, inputs: Iterable[ExtractedInput], *, progress: Progress | None = None) -> IngestSummary:
        """Commit the records of a ``newsweave batch`` output as they are, with what the batch computed.

        The records keep their embeddings and are grouped with their own signatures and
        embeddings (neither the embedder nor MinHash runs), in the order the batch grouped them:
        (published, id), undated last, across all inputs. A store that held no articles thus
        gets the batch's stories and near-duplicate groups when the batch's corpus fit one time
        window. Otherwise the store's own clusterer decides, since it must go on grouping later
        pages (the batch did not see the articles the store held, and it clusters each window
        apart): the articles it groups otherwise are counted in ``regrouped``, and a warning
        says so.

        Resumable like :meth:`ingest`: an input whose ``key`` is done is skipped, and articles
        already stored are not stored again. Records are committed in that one order,
        ``COMMIT_BATCH`` to a transaction, and an input is marked done with its last record, so
        a resumed load groups as an uninterrupted one.
        """
        summary = IngestSummary()
        load = _BatchLoad()
        n_held = len(self.clusterer.labels_)
        with self._run([], summary) as run_id:
            for given in inputs:
                summary.inputs += 1
                if self.store.is_input_done(given.key):
                    summary.inputs_skipped += 1
                    if progress:
                        progress(given.name, summary.inputs_skipped)
                    continue
                known = self.store.stored_article_ids([record.article.id for record in given.records])
                summary.documents += given.n_documents
                summary.articles_known += len(known)
                load.add(given, known)
            n_done = summary.inputs_skipped
            for records, finished in load.commits(COMMIT_BATCH):
                self._commit(records, finished, run_id, summary)
                for item in finished:
                    n_done += 1
                    if progress:
                        progress(_input_name(item.path), n_done)
        self._compare_with_batch(load, summary, n_held)
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
        self, paths: Sequence[Path | str], run_id: str, summary: IngestSummary, pipeline: PagePipeline
    ) -> Iterator[Path | str]:
        """Ingest ``paths`` in order, committing input by input.

        Inputs are read as the pipeline asks for pages, so the workers never wait for a batch of
        inputs to be committed before they get new pages; a page that an input read earlier in
        this run still has in the pipeline is not processed again.
        """
        read: deque[_PendingInput] = deque()
        in_flight: set[str] = set()
        results = pipeline.records(self._fresh_pages(paths, summary, read, in_flight), window=PAGES_IN_FLIGHT)
        for result in itertools.chain(results, [None]):
            while read and (result is None or len(read[0].results) == len(read[0].fresh)):
                yield self._finish_input(read.popleft(), run_id, summary, in_flight)
            if result is not None:
                read[0].results.append(result)

    def _fresh_pages(
        self, paths: Iterable[Path | str], summary: IngestSummary, read: deque[_PendingInput], in_flight: set[str]
    ) -> Iterator[Document]:
        """The pages to process of each input in ``paths``, queueing each input on ``read`` as it is read."""
        for path in paths:
            item = self._pending_input(path, summary)
            item.fresh = [document for document in item.fresh if _is_new(document.id, in_flight)]
            read.append(item)
            yield from item.fresh

    def _finish_input(
        self, item: _PendingInput, run_id: str, summary: IngestSummary, in_flight: set[str]
    ) -> Path | str:
        if not item.done:
            records = sorted((r for r in item.results if isinstance(r, PageRecord)), key=_arrival_order)
            item.failures.extend(result for result in item.results if isinstance(result, Failure))
            self._commit(records, [item], run_id, summary)
        in_flight.difference_update(document.id for document in item.fresh)
        return item.path

    def _pending_input(self, path: Path | str, summary: IngestSummary) -> _PendingInput:
        summary.inputs += 1
        key = _input_key(path)
        # A URL is fetched on every run, since the page behind it may change; its articles already
        # stored are known by their content and not processed again.
        if not is_url(path) and self.store.is_input_done(key):
            summary.inputs_skipped += 1
            return _PendingInput(path=path, key=key, done=True)
        items = list(read_input(path, limits=(self.extract_options or ExtractOptions()).limits))
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

    def _commit(
        self, records: Sequence[PageRecord], finished: Sequence[_PendingInput], run_id: str, summary: IngestSummary
    ) -> None:
        """Store ``records`` and mark the ``finished`` inputs done, with their failures, in one transaction."""
        failures = [failure for item in finished for failure in item.failures]
        with self.store.transaction():
            self._store_records(records, run_id, summary)
            self.store.record_failures(failures, run_id)
            for item in finished:
                status = "failed" if item.failures and not item.n_documents else "done"
                self.store.mark_input_done(item.key, status, run_id)
            if self._since_snapshot >= SNAPSHOT_EVERY:
                self.save_grouping()
        summary.failures.extend(failures)

    def _store_records(self, records: Sequence[PageRecord], run_id: str, summary: IngestSummary) -> None:
        """Store ``records`` (in arrival order) with their embeddings, near-duplicates and stories."""
        if not records:
            return
        ids = [record.article.id for record in records]
        self.store.upsert_documents(record.document for record in records)
        self.store.upsert_articles(record.article for record in records)
        self.store.save_embeddings(ids, np.stack([record.embedding for record in records]))
        self.store.set_near_duplicates(self._group(records))
        features = story_features(
            self.extractor, [record.article for record in records], [record.embedding_bytes for record in records]
        )
        assignments = list(zip(ids, self.clusterer.assign_many(features), strict=True))
        self.store.assign_stories(assignments, run_id=run_id, reason="ingest")
        summary.articles_new += len(records)
        self._since_snapshot += len(records)
        summary.assignments.update(assignments)
        summary.stories.update(story for _, story in assignments)

    def _group(self, records: Sequence[PageRecord]) -> list[tuple[str, ...]]:
        """The near-duplicate groups of two or more that ``records`` joined or made."""
        touched = {self.duplicates.add(record.article.id, record.signature) for record in records}
        return [members for group in sorted(touched) if len(members := self.duplicates.members(group)) > 1]

    def _compare_with_batch(self, load: _BatchLoad, summary: IngestSummary, n_held: int) -> None:
        """Count, and warn about, the loaded articles stored in another story or group than the batch's."""
        differing = [
            article_id
            for article_id, story in load.stories.items()
            if summary.assignments[article_id] != story
            or self.duplicates.group_of(article_id) != load.groups[article_id]
        ]
        summary.regrouped = len(differing)
        if differing:
            reason = (
                f"the store already held {n_held} articles, which the batch did not see"
                if n_held
                else "the batch clustered its corpus in separate time windows"
            )
            _log.warning(
                "%d of the %d articles loaded from the batch output are grouped otherwise than the batch grouped "
                "them, because %s: the store keeps its own grouping, which later pages join (with the batch's "
                "vectors and signatures)",
                len(differing),
                len(load.stories),
                reason,
            )

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
            embedding_of = dict(zip(ids, vectors, strict=True))
            for article in batch:
                self.duplicates.add(article.id, minhash_signature(article.text))
            embeddings = [embedding_of[article.id].astype(np.float32).tobytes() for article in batch]
            self.clusterer.assign_many(story_features(self.extractor, batch, embeddings))


@dataclass(slots=True)
class _BatchLoad:
    """The records of a batch output's inputs not stored yet, to commit in the batch's arrival
    order, with the story and near-duplicate group (the article itself when none) the batch gave each."""

    records: list[PageRecord] = field(default_factory=list)
    stories: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    _inputs: list[_PendingInput] = field(default_factory=list)
    _owner: dict[str, _PendingInput] = field(default_factory=dict)
    _left: dict[str, int] = field(default_factory=dict)

    def add(self, given: ExtractedInput, known: set[str]) -> None:
        """Take ``given``'s records, less those stored (``known``) or taken from an earlier input."""
        item = _PendingInput(
            path=Path(given.name), key=given.key, n_documents=given.n_documents, failures=list(given.failures)
        )
        self._inputs.append(item)
        self._left[item.key] = 0
        for record in given.records:
            article_id = record.article.id
            if article_id in known or article_id in self._owner:
                continue
            self._owner[article_id] = item
            self._left[item.key] += 1
            self.records.append(record)
            self.stories[article_id] = given.stories[article_id]
            self.groups[article_id] = given.duplicate_groups.get(article_id, article_id)

    def commits(self, size: int) -> Iterator[tuple[list[PageRecord], list[_PendingInput]]]:
        """The records in arrival order, ``size`` at a time, each slice with the inputs it finishes."""
        if not self._inputs:
            return
        ordered = sorted(self.records, key=_arrival_order)
        finished = [item for item in self._inputs if not self._left[item.key]]
        for start in range(0, max(len(ordered), 1), size):
            chunk = ordered[start : start + size]
            for record in chunk:
                item = self._owner[record.article.id]
                self._left[item.key] -= 1
                if not self._left[item.key]:
                    finished.append(item)
            yield chunk, finished
            finished = []


def _input_key(path: Path | str) -> str:
    """The ``ingested_inputs`` key of an input: a file's path, size and time, or ``url:`` and the URL."""
    return f"url:{path}" if is_url(path) else file_input_key(path)


def _input_name(path: Path | str) -> str:
    """How progress names an input: a file's name, a URL as it is."""
    return str(path) if is_url(path) else Path(path).name


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


def _arrival_order(record: PageRecord) -> tuple[datetime, str]:
    """The order articles are grouped in, by every driver: published, then id; undated last."""
    article: Article = record.article
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
