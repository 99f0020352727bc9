"""Time the whole path from HTML page to story: ``Ingestor.ingest`` on the 181 real AEB pages.

The pages (``shared/data/aeb/html/*.html.gz``, beside the repository) are decompressed into a
temporary folder, then ``Ingestor(SqliteStore(tmp db), workers=2).ingest([folder])`` is timed end
to end, first cold (a fresh process: model loading included) and then warm (models loaded, a
fresh store); each run's CPU is split between the ingesting process and its page workers. A
per-stage breakdown follows, calling the stage functions one input at a time the way
``newsweave.ingest`` does (read, extract in one pool of worker processes, annotate and
canonicalise, the record's USE embedding and MinHash signature, near-duplicates, story
assignment, store writes), and the annotation split by component. Ingest annotates in its page
workers; the breakdown annotates in this process so that annotation has its own figure.

Besides wall time, every figure has its CPU time (this process plus its worker processes once
they have ended), which stays comparable when other work shares the machine: the CPU-bound rate,
cores / CPU seconds per page, is what the pipeline would reach on an idle machine with perfect
overlap.

The stored records are checked too: the warm run's articles (their serde JSON) and story
partition get a sha256 digest; ``--save-records FILE`` writes them as JSON Lines and
``--check-records FILE`` names every article that differs from such a file, so a speed change
can show that it leaves the output byte-identical (exit status 1 when it does not).

    python bench/pipeline_pages.py [--data DIR] [--workers 2] [--save-records F | --check-records F]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsweave.annotate import (
    find_corrections,
    find_pasted_posts,
    find_quotes,
    find_time_refs,
    segment_sentences,
)
from newsweave.annotate.social import find_hashtags, find_links, find_mentions
from newsweave.ingest import Ingestor
from newsweave.model import Article, Document
from newsweave.models.entities import SpacyEntityTagger
from newsweave.models.language import FastTextLanguageId
from newsweave.pipeline import ExtractionPool, annotate_articles, page_record, story_features
from newsweave.serde import to_dict
from newsweave.sources import expand_paths, read_file
from newsweave.store import SqliteStore

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/aeb/html"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _own_cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _children_cpu_seconds() -> float:
    """CPU seconds of this process's ended children (a worker pool's, once shut down)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def decompress(source: Path, target: Path) -> int:
    pages = sorted(source.glob("*.html.gz"))
    for page in pages:
        (target / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    return len(pages)


@dataclass(frozen=True, slots=True)
class IngestRun:
    built: float  # seconds to construct the Ingestor
    seconds: float  # wall seconds to ingest
    own_cpu: float  # CPU seconds of the ingesting process
    workers_cpu: float  # CPU seconds of its page workers (ended with the run)
    records: dict[str, str]
    n_stories: int

    @property
    def cpu(self) -> float:
        return self.own_cpu + self.workers_cpu


def time_ingest(folder: Path, db: Path, workers: int) -> IngestRun:
    """Build an Ingestor over a fresh store at ``db`` and time its ingest of ``folder``."""
    start = time.perf_counter()
    store = SqliteStore(db)
    ingestor = Ingestor(store, workers=workers)
    built = time.perf_counter() - start
    start, own, children = time.perf_counter(), _own_cpu_seconds(), _children_cpu_seconds()
    summary = ingestor.ingest([folder])
    seconds = time.perf_counter() - start
    own, children = _own_cpu_seconds() - own, _children_cpu_seconds() - children
    records = stored_records(store, summary.assignments, folder)
    store.close()
    return IngestRun(built, seconds, own, children, records, len(summary.stories))


def stored_records(store: SqliteStore, assignments: dict[str, str], folder: Path) -> dict[str, str]:
    """Each stored article's serde JSON and the articles it shares a story with, by article id.

    Story ids are random, so the story is written as its sorted member ids; the page's path is
    written relative to the temporary ``folder``.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story in sorted(assignments.items()):
        members[story].append(article_id)
    return {
        article.id: json.dumps(
            {
                "article": to_dict(article) | {"uri": Path(article.uri).relative_to(folder).as_posix()},
                "story": members[assignments.get(article.id, "")],
            },
            sort_keys=True,
        )
        for article in store.iter_articles(order="stored")
    }


def records_digest(records: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(records[key] for key in sorted(records)).encode()).hexdigest()


def save_records(records: dict[str, str], path: Path) -> None:
    path.write_text("".join(f"{records[key]}\n" for key in sorted(records)), encoding="utf-8")


def differing_records(records: dict[str, str], path: Path) -> list[str]:
    """Ids of the articles whose record differs from (or is missing in) the saved ``path``."""
    saved = {json.loads(line)["article"]["id"]: line for line in path.read_text(encoding="utf-8").splitlines()}
    return sorted(key for key in records.keys() | saved.keys() if records.get(key) != saved.get(key))


def breakdown(folder: Path, db: Path, workers: int) -> tuple[dict[str, float], list[Article]]:
    """CPU seconds per stage over all pages, one input at a time as ``Ingestor`` runs them, and
    the extracted articles.

    Extraction runs in one pool of ``workers`` processes for the whole run, as ingest's does: a
    pool per input would fork this process (models loaded) once a page, and the copy-on-write
    faults that follow would be charged to the stages after it. A worker's CPU is counted when it
    ends, so extraction is the pool's total; the other stages are this process's CPU.
    """
    store = SqliteStore(db)
    ingestor = Ingestor(store, workers=workers)
    seconds: dict[str, float] = defaultdict(float)
    perf = _own_cpu_seconds
    extracted_articles: list[Article] = []
    run_id = store.begin_run([])
    broken: set[str] = set()
    workers_before = _children_cpu_seconds()
    with ExtractionPool(workers) as pool:
        for path in expand_paths([folder]):
            t0 = perf()
            documents = [item for item in read_file(path) if isinstance(item, Document)]
            t1 = perf()
            articles = [item for item in pool.extract(documents) if isinstance(item, Article)]
            extracted_articles.extend(articles)
            t2 = perf()
            annotated = annotate_articles(articles)
            t3 = perf()
            lexical = story_features(ingestor.extractor, annotated, [b""] * len(annotated))
            t4 = perf()
            by_id = {document.id: document for document in documents}
            records = [page_record(by_id[article.id], article, ingestor.extractor) for article in annotated]
            t5 = perf()
            groups = ingestor._group(records)
            t6 = perf()
            try:
                features = story_features(ingestor.extractor, annotated, [record.embedding_bytes for record in records])
                assignments = [(item.article_id, ingestor.clusterer.assign(item)) for item in features]
            except ValueError as error:  # the tree may be mid-change; time the other stages anyway
                broken.add(f"story assignment failed, skipped: {error}")
                assignments = []
            t7 = perf()
            if annotated:
                with store.transaction():
                    store.upsert_documents(documents)
                    store.upsert_articles(annotated)
                    store.save_embeddings([a.id for a in annotated], np.stack([r.embedding for r in records]))
                    store.set_near_duplicates(groups)
                    store.assign_stories(assignments, run_id=run_id, reason="bench")
            t8 = perf()
            for stage, (a, b) in {
                "read": (t0, t1),
                "extract: waiting on the workers": (t1, t2),
                "annotate + canonicalise": (t2, t3),
                "features: lexical only": (t3, t4),
                "record: USE embed + signature": (t4, t5),
                "near-duplicates (add)": (t5, t6),
                "story assignment (+ lexical)": (t6, t7),
                "store writes": (t7, t8),
            }.items():
                seconds[stage] += b - a
            del lexical
    seconds["extract (page workers)"] = _children_cpu_seconds() - workers_before
    store.close()
    for message in sorted(broken):
        print(f"WARNING: {message}")
    return seconds, extracted_articles


def annotation_components(articles: list[Article]) -> dict[str, float]:
    """CPU seconds of each part of annotation over ``articles`` (models warm), as ``Annotator`` runs them."""
    tagger, language_id = SpacyEntityTagger(), FastTextLanguageId()
    tagger.tag(["Warm up in Paris."])
    language_id("warm up")
    seconds: dict[str, float] = defaultdict(float)
    perf = time.process_time
    for article in articles:
        language = article.language or "en"
        t0 = perf()
        entities = tagger.tag([article.text])[0] if article.language in tagger.languages else ()
        t1 = perf()
        sentences = segment_sentences(article.text, language=language)
        t2 = perf()
        find_pasted_posts(article.text, language=article.language, entities=entities, taken=(), language_id=language_id)
        t3 = perf()
        find_quotes(article.text, sentences, entities)
        t4 = perf()
        find_time_refs(article.text, language=language, published=article.published)
        t5 = perf()
        find_hashtags(article.text)
        find_links(article.text)
        find_mentions(article.text)
        find_corrections(article.text)
        t6 = perf()
        for part, (a, b) in {
            "entities (spaCy NER)": (t0, t1),
            "sentences (pysbd)": (t1, t2),
            "pasted posts (+ language id)": (t2, t3),
            "quotes": (t3, t4),
            "time expressions": (t4, t5),
            "hashtags, links, corrections": (t5, t6),
        }.items():
            seconds[part] += b - a
    return seconds


def _print_table(title: str, seconds: dict[str, float], n: int) -> None:
    print(f"\n{title}")
    print(f"{'':<38}{'CPU s':>9}{'pages/s':>10}{'ms/page':>10}")
    for stage, value in seconds.items():
        print(f"{stage:<38}{value:>9.2f}{n / value if value else float('inf'):>10.1f}{value / n * 1000:>10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of *.html.gz pages")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    checks = parser.add_mutually_exclusive_group()
    checks.add_argument("--save-records", type=Path, help="write the warm run's records (JSON Lines) here")
    checks.add_argument("--check-records", type=Path, help="compare the warm run's records with this file")
    args = parser.parse_args()
    if not args.data.is_dir() or not any(args.data.glob("*.html.gz")):
        print(f"data absent: {args.data} holds no *.html.gz pages", file=sys.stderr)
        sys.exit(2)
    print(f"newsweave page-to-story benchmark on {platform.machine()}, python {platform.python_version()}")
    print(f"{len(os.sched_getaffinity(0))} cores available, {args.workers} extraction workers")
    with tempfile.TemporaryDirectory(prefix="newsweave-pages-") as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        n = decompress(args.data, folder)
        print(f"data: {n} real pages from {args.data} (decompressed to a temporary folder)")
        cores = len(os.sched_getaffinity(0))
        print(f"\n{'run':<38}{'seconds':>9}{'pages/s':>10}{'CPU s':>9}{'CPU ms/page':>13}{'CPU-bound pages/s':>19}")
        records: dict[str, str] = {}
        for label, db in (("ingest, cold (models load)", "cold.db"), ("ingest, warm (fresh store)", "warm.db")):
            try:
                run = time_ingest(folder, Path(tmp) / db, args.workers)
            except ValueError as error:
                print(f"{label:<38}FAILED in the shipped code: {error}")
                continue
            records = run.records
            print(
                f"{label:<38}{run.seconds:>9.2f}{n / run.seconds:>10.1f}{run.cpu:>9.1f}{run.cpu / n * 1000:>13.1f}"
                f"{cores * n / run.cpu:>19.1f}   ({len(records)} articles, {run.n_stories} stories)"
            )
            print(f"{'  Ingestor() construction':<38}{run.built:>9.2f}")
            print(
                f"{'  CPU ms/page: ingesting process':<38}{run.own_cpu / n * 1000:>9.1f}"
                f"   page workers {run.workers_cpu / n * 1000:.1f}"
            )
            # A worker's resident memory counts the pages it shares with the process it was forked
            # from, so the figure that speaks for a fresh `newsweave ingest` is the first run's.
            print(f"{'  largest page worker so far (MB)':<38}{_children_peak_rss_mb():>9.0f}")
        differing = report_records(records, args.save_records, args.check_records)
        stages, articles = breakdown(folder, Path(tmp) / "stages.db", args.workers)
        shown = {k: v for k, v in stages.items() if k != "features: lexical only"}
        stages["sum (as ingest runs them)"] = sum(shown.values())
        _print_table(f"per stage, one input at a time as ingest does ({n} pages, warm)", stages, n)
        _print_table(
            f"annotation by component ({len(articles)} articles, {n} pages, warm)", annotation_components(articles), n
        )
    print(
        f"\npeak resident memory: {_peak_rss_mb():.0f} MB (this process), "
        f"{_children_peak_rss_mb():.0f} MB (largest worker)"
    )
    print(f"rerun: python bench/pipeline_pages.py --workers {args.workers}")
    if differing:
        sys.exit(1)


def report_records(records: dict[str, str], save: Path | None, check: Path | None) -> list[str]:
    """Print the records' digest, save or check them as asked; the ids that differ from ``check``."""
    print(f"records of the warm run: {len(records)} articles, sha256 {records_digest(records)}")
    if save:
        save_records(records, save)
        print(f"records written to {save}")
    differing = differing_records(records, check) if check else []
    if check:
        print(f"records against {check}: {len(differing)} articles differ {' '.join(differing[:10])}".rstrip())
    return differing


if __name__ == "__main__":
    main()
