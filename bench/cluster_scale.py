"""Time newsweave's grouping (near-duplicates and story assignment) at 10k to 1M articles.

Real annotated corpora at hand (ECB+, the examples) hold a few hundred articles, far too few to
see how grouping scales, so the articles here are GENERATED: a synthetic vocabulary of
pseudo-words with Zipf frequencies, synthetic events of heavy-tailed size spread over days, and
for each article a synthetic text in which articles of one event share many terms and entity
names, some articles being wire copies (edited re-posts) of their event's first report. From that
text the shipped code computes what ingest computes: ``minhash_signature`` (near-duplicates) and
the lexical features of ``FeatureExtractor`` fitted with the shipped story model's IDF. Only the
512-d semantic block is generated directly (the event's random centroid plus noise, about 0.8
cosine to it) instead of running the USE embedder. Articles go to ``NearDuplicateIndex`` and to
the shipped ``StoryClusterer`` (``load_story_model``) in (published, id) order, as ingest does.

Per size it prints articles per second of dedup (signature, index) and of assignment (wall
time of the calls, and the grouping process's CPU time in them: on a loaded machine the CPU
figure is the one to compare), the latency of each ``assign`` call (p50, p99 over all calls and
over the last tenth, i.e. at size), the B-cubed precision, recall and F1 of the stories against
the generated events, peak resident memory, RSS growth per article and the part of it that is
the clusterer's own vectors, and the number of stories; for sizes up to ``--store-up-to`` it also writes the articles
(documents, articles, story assignments) to a fresh ``SqliteStore`` and prints its size on disk
and the write rate. A size stops early, and says so, past ``--max-seconds`` or ``--max-rss-gb``.

    python bench/cluster_scale.py [--sizes 10000,100000[,1000000]] [--max-seconds 7200]

One worker prepares (generates, signs, featurises) about 600 articles a second on this 2-core
machine, and the grouping process keeps pace, so ``--max 1000000`` runs for half an hour or more.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import multiprocessing
import os
import platform
import resource
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.pool import AsyncResult
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.group import (
    AdaptiveStoryIndex,
    ArticleFeatures,
    BCubed,
    FeatureExtractor,
    InMemoryStoryIndex,
    NearDuplicateIndex,
    StoryClusterer,
    bcubed,
    load_story_model,
    minhash_signature,
)
from newsweave.model import Article, Document, EntityMention, MediaType, Span
from newsweave.store import SqliteStore

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
N_VOCABULARY = 50_000
N_ENTITY_NAMES = 200_000
TERMS_PER_EVENT = 40
ENTITIES_PER_EVENT = 5
SEMANTIC_DIMS = 512
COPY_SHARE = 0.05
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]


class FakeEmbedder:
    """Satisfies ``load_story_model``; never called (the semantic block is generated)."""

    dimensions = SEMANTIC_DIMS

    def embed(self, texts: object) -> npt.NDArray[np.float32]:
        raise AssertionError("the benchmark generates embeddings; the embedder must not run")


def _pseudo_word(index: int) -> str:
    """A pronounceable letters-only word for ``index`` (at least two syllables, never a stop word)."""
    syllables = []
    value = index + len(_SYLLABLES)
    while value:
        value, rest = divmod(value, len(_SYLLABLES))
        syllables.append(_SYLLABLES[rest])
    return "".join(syllables) + "x"


@dataclass(slots=True)
class Corpus:
    """Metadata of every article; texts and vectors are regenerated from seeds when needed."""

    seed: int
    event_of: npt.NDArray[np.int64]
    seconds: npt.NDArray[np.float64]
    ids: list[str]
    order: npt.NDArray[np.int64]
    n_events: int
    vocabulary: list[str] = field(default_factory=list)
    entity_names: list[str] = field(default_factory=list)
    background_cdf: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def make_corpus(n: int, seed: int) -> Corpus:
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(min(1000, max(1, rng.lognormal(mean=1.2, sigma=1.2)))))
    sizes[-1] -= sum(sizes) - n
    event_of = np.repeat(np.arange(len(sizes)), sizes)
    days = max(7.0, n / 2000)
    starts = rng.uniform(0, days * 86400, len(sizes))
    spread = 43200 * rng.lognormal(0, 1, len(sizes))
    seconds = starts[event_of] + rng.exponential(1.0, n) * spread[event_of]
    ids = [f"{seed:04x}{i:012x}" for i in range(n)]
    order = np.lexsort((np.asarray(ids), seconds))
    ranks = np.arange(1, N_VOCABULARY + 1, dtype=np.float64)
    cdf = np.cumsum(1.0 / ranks**1.05)
    return Corpus(
        seed=seed,
        event_of=event_of,
        seconds=seconds,
        ids=ids,
        order=order,
        n_events=len(sizes),
        vocabulary=[_pseudo_word(i) for i in range(N_VOCABULARY)],
        entity_names=[f"{_pseudo_word(i).title()} {_pseudo_word(i * 7 + 3).title()}" for i in range(N_ENTITY_NAMES)],
        background_cdf=cdf / cdf[-1],
    )


def _event_rng(corpus: Corpus, event: int) -> np.random.Generator:
    return np.random.default_rng([corpus.seed, 1, event])


def _event_profile(corpus: Corpus, event: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    rng = _event_rng(corpus, event)
    terms = rng.integers(1000, N_VOCABULARY, TERMS_PER_EVENT)
    entities = rng.integers(0, N_ENTITY_NAMES, ENTITIES_PER_EVENT)
    return terms, entities, 2000 + int(rng.integers(0, 25))


def make_article(corpus: Corpus, index: int) -> Article:
    """The synthetic annotated article ``index`` (deterministic): text, entity mentions, time."""
    event = int(corpus.event_of[index])
    terms, entities, year = _event_profile(corpus, event)
    rng = np.random.default_rng([corpus.seed, 2, index])
    n_words = int(np.clip(rng.lognormal(5.8, 0.35), 120, 900))
    n_event = int(n_words * 0.3)
    words = [corpus.vocabulary[i] for i in np.searchsorted(corpus.background_cdf, rng.random(n_words - n_event))]
    words += [corpus.vocabulary[i] for i in terms[rng.integers(0, TERMS_PER_EVENT, n_event)]]
    order = rng.permutation(len(words))
    words = [words[i] for i in order]
    weights = np.array([0.4, 0.25, 0.15, 0.1, 0.1])
    chosen = [int(entities[i]) for i in rng.choice(ENTITIES_PER_EVENT, int(rng.integers(2, 6)), p=weights)]
    chosen += [int(e) for e in rng.integers(0, N_ENTITY_NAMES, int(rng.integers(0, 3)))]
    if rng.random() < 0.5:
        words.insert(int(rng.integers(0, len(words))), str(year))
    return _with_mentions(corpus, index, words, chosen, rng)


def _with_mentions(
    corpus: Corpus, index: int, words: list[str], entities: list[int], rng: np.random.Generator
) -> Article:
    pieces: list[str] = []
    mentions: list[EntityMention] = []
    cursor = 0
    slots = set(rng.integers(0, len(words), len(entities)).tolist())
    queue = list(entities)
    for position, word in enumerate(words):
        if position in slots and queue:
            name = corpus.entity_names[queue.pop()]
            mentions.append(EntityMention(span=Span(start=cursor, end=cursor + len(name)), label="PERSON"))
            pieces.append(name)
            cursor += len(name) + 1
        pieces.append(word)
        cursor += len(word) + 1
        if position % 20 == 19:
            pieces[-1] += "."
            cursor += 1
    text = " ".join(pieces)
    mentions = [
        dataclasses.replace(m, entity_id=text[m.span.start : m.span.end].casefold().replace(" ", "_")) for m in mentions
    ]
    return Article(
        id=corpus.ids[index],
        uri=f"synthetic://{corpus.ids[index]}",
        title=" ".join(words[:8]).capitalize(),
        text=text,
        outlet=f"outlet{index % 97}.example",
        published=EPOCH + timedelta(seconds=float(corpus.seconds[index])),
        language="en",
        entities=tuple(mentions),
    )


def make_copy(corpus: Corpus, index: int, source: int) -> Article:
    """A wire copy of article ``source``: same words with ~8% replaced, a new id and time."""
    original = make_article(corpus, source)
    rng = np.random.default_rng([corpus.seed, 3, index])
    words = original.text.split(" ")
    for position in rng.integers(0, len(words), len(words) // 12):
        words[position] = corpus.vocabulary[int(rng.integers(0, N_VOCABULARY))]
    text = " ".join(words)
    return dataclasses.replace(
        original,
        id=corpus.ids[index],
        uri=f"synthetic://{corpus.ids[index]}",
        text=text,
        outlet=f"outlet{index % 97}.example",
        published=EPOCH + timedelta(seconds=float(corpus.seconds[index])),
        entities=tuple(m for m in original.entities if m.span.end <= len(text)),
    )


def make_semantic(corpus: Corpus, index: int, centroids: dict[int, npt.NDArray[np.float32]]) -> bytes:
    event = int(corpus.event_of[index])
    centroid = centroids.get(event)
    if centroid is None:
        raw = _event_rng(corpus, event).standard_normal(SEMANTIC_DIMS + TERMS_PER_EVENT)[TERMS_PER_EVENT:]
        centroid = centroids[event] = (raw / np.linalg.norm(raw)).astype(np.float32)
    noise = np.random.default_rng([corpus.seed, 4, index]).standard_normal(SEMANTIC_DIMS) / np.sqrt(SEMANTIC_DIMS)
    vector = centroid + 0.75 * noise
    return bytes((vector / np.linalg.norm(vector)).astype(np.float32).tobytes())


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vector_mb(clusterer: StoryClusterer, duplicates: NearDuplicateIndex) -> float:
    """Memory that is vectors: the stories' lexical and semantic sums and recent member vectors, the
    story index (usearch's own count), and the MinHash signatures (as allocated); everything else,
    the LSH tables among it (:func:`_lsh_mb`), counts as the rest."""
    state = clusterer._state
    total = sum(story.memory_bytes() for story in state.stories)
    for index in (state.index, state.archive):
        if isinstance(index, AdaptiveStoryIndex | InMemoryStoryIndex):
            total += index.memory_bytes()
    total += duplicates._signatures.nbytes
    return total / 2**20


def _lsh_mb(duplicates: NearDuplicateIndex) -> float:
    """The near-duplicate index's LSH table and per-article band chains, as allocated."""
    table = duplicates._table
    return (table.keys.nbytes + table.rows.nbytes + duplicates._previous.nbytes + duplicates._group_row.nbytes) / 2**20


@dataclass(slots=True)
class Result:
    n_target: int
    n_done: int = 0
    stopped: str = ""
    generate_s: float = 0.0
    signature_s: float = 0.0
    dedup_s: float = 0.0
    dedup_cpu_s: float = 0.0
    assign_cpu_s: float = 0.0
    features_s: float = 0.0
    assign_ns: list[int] = field(default_factory=list)  # of each assign_many call
    batch: int = 1
    live_index: str = ""
    n_stories: int = 0
    n_dup_groups: int = 0
    rss_start_mb: float = 0.0
    rss_end_mb: float = 0.0
    vectors_mb: float = 0.0
    lsh_mb: float = 0.0
    wall_s: float = 0.0
    quality: BCubed | None = None


@dataclass(slots=True)
class Prepared:
    """What a worker hands the grouping loop for one article, with its own timings."""

    index: int
    source: int
    article_id: str
    signature: npt.NDArray[np.uint32]
    features: ArticleFeatures
    generate_s: float
    signature_s: float
    features_s: float


_CORPUS: dict[str, object] = {}


def _prepare_chunk(chunk: list[tuple[int, int]]) -> list[Prepared]:
    """Generate articles and compute what ingest computes before grouping (runs in a worker)."""
    corpus = _CORPUS["corpus"]
    lexical = _CORPUS["lexical"]
    assert isinstance(corpus, Corpus)
    assert isinstance(lexical, FeatureExtractor)
    centroids: dict[int, npt.NDArray[np.float32]] = {}
    prepared = []
    perf = time.perf_counter
    for index, source in chunk:
        t0 = perf()
        article = make_copy(corpus, index, source) if source != index else make_article(corpus, index)
        semantic = make_semantic(corpus, index, centroids)
        t1 = perf()
        signature = minhash_signature(article.text)
        t2 = perf()
        features = dataclasses.replace(lexical.process_batch([article])[0], semantic_bytes=semantic)
        t3 = perf()
        prepared.append(Prepared(index, source, article.id, signature, features, t1 - t0, t2 - t1, t3 - t2))
    return prepared


def _sources(corpus: Corpus, seed: int) -> list[tuple[int, int]]:
    """(index, copied-from index or itself) of each article in arrival order; 5% of an event's later
    articles are wire copies of its first."""
    copy_draw = np.random.default_rng([seed, 5]).random(len(corpus.ids))
    first_of_event: dict[int, int] = {}
    pairs = []
    for index in corpus.order.tolist():
        source = first_of_event.setdefault(int(corpus.event_of[index]), index)
        pairs.append((index, source if source != index and copy_draw[index] < COPY_SHARE else index))
    return pairs


def _prepared_stream(pairs: list[tuple[int, int]], workers: int, chunk: int = 500) -> Iterator[Prepared]:
    """Prepared articles in arrival order from ``workers`` processes, at most a few chunks ahead
    (so that waiting results do not inflate the grouping process's memory)."""
    chunks = [pairs[lo : lo + chunk] for lo in range(0, len(pairs), chunk)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque[AsyncResult[list[Prepared]]] = deque()
        for item in chunks:
            pending.append(pool.apply_async(_prepare_chunk, (item,)))
            if len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def run_size(n: int, args: argparse.Namespace, made: list[tuple[int, int]] | None) -> tuple[Result, list[str], Corpus]:
    """Group ``n`` synthetic articles; return the figures, the story of each article done, the corpus.

    Articles are generated, signed and given features in ``args.workers`` worker processes (as
    ingest's workers extract and annotate); this process only groups them, so its memory and time
    are the grouping's. ``made`` (when given) receives (index, copied-from index) of each article,
    in arrival order, so the store step can regenerate the same articles.
    """
    result = Result(n_target=n, batch=args.batch)
    start = time.perf_counter()
    corpus = make_corpus(n, args.seed)
    pairs = _sources(corpus, args.seed)
    gen_corpus_s = time.perf_counter() - start
    extractor, clusterer = load_story_model(embedder=FakeEmbedder())
    lexical = FeatureExtractor(extractor.options)
    lexical.idf_, lexical.n_documents_ = extractor.idf_, extractor.n_documents_
    _CORPUS.update(corpus=corpus, lexical=lexical)
    duplicates = NearDuplicateIndex()
    latencies: list[int] = []  # of each assign_many call
    stories: list[str] = []
    events: list[int] = []
    batch: list[Prepared] = []
    gc.collect()
    result.rss_start_mb = _rss_mb()
    begin = time.perf_counter()
    perf, cpu = time.perf_counter, time.process_time
    for done, item in enumerate(_prepared_stream(pairs, args.workers)):
        if done % 1000 == 0 and done:
            elapsed = perf() - begin
            if elapsed > args.max_seconds:
                result.stopped = f"time budget {args.max_seconds:.0f} s reached"
                break
            if _rss_mb() > args.max_rss_gb * 1024:
                result.stopped = f"RSS budget {args.max_rss_gb:.0f} GiB reached"
                break
        t2, c2 = perf(), cpu()
        duplicates.add(item.article_id, item.signature)
        result.dedup_cpu_s += cpu() - c2
        result.dedup_s += perf() - t2
        batch.append(item)
        if len(batch) == args.batch:
            _assign(clusterer, batch, result, latencies, stories, events, made, corpus)
        result.generate_s += item.generate_s
        result.signature_s += item.signature_s
        result.features_s += item.features_s
        if args.progress and (done + 1) % args.progress == 0:
            print(f"    ... {done + 1} articles, {perf() - begin:.0f} s, RSS {_rss_mb():.0f} MB", flush=True)
    _assign(clusterer, batch, result, latencies, stories, events, made, corpus)
    result.wall_s = time.perf_counter() - begin
    result.assign_ns = latencies
    result.n_stories = clusterer.n_stories_
    live = clusterer._state.index
    result.live_index = (
        f"{len(live)} stories, " + ("exact" if isinstance(live, AdaptiveStoryIndex) and live.is_exact else "HNSW")
        if live is not None
        else "empty"
    )
    result.n_dup_groups = len(duplicates.groups())
    result.rss_end_mb = _rss_mb()
    result.vectors_mb = _vector_mb(clusterer, duplicates)
    result.lsh_mb = _lsh_mb(duplicates)
    result.quality = bcubed(events, stories)
    print(f"  corpus metadata: {corpus.n_events} synthetic events, generated in {gen_corpus_s:.1f} s")
    return result, stories, corpus


def _assign(
    clusterer: StoryClusterer,
    batch: list[Prepared],
    result: Result,
    latencies: list[int],
    stories: list[str],
    events: list[int],
    made: list[tuple[int, int]] | None,
    corpus: Corpus,
) -> None:
    """Assign the batch with one ``assign_many`` call, timed, and empty it."""
    if not batch:
        return
    c0, a0 = time.process_time(), time.perf_counter_ns()
    stories.extend(clusterer.assign_many([prepared.features for prepared in batch]))
    latencies.append(time.perf_counter_ns() - a0)
    result.assign_cpu_s += time.process_time() - c0
    result.n_done += len(batch)
    events.extend(int(corpus.event_of[prepared.index]) for prepared in batch)
    if made is not None:
        made.extend((prepared.index, prepared.source) for prepared in batch)
    batch.clear()


def regenerate(corpus: Corpus, made: list[tuple[int, int]]) -> list[Article]:
    return [make_article(corpus, i) if i == source else make_copy(corpus, i, source) for i, source in made]


def write_store(articles: list[Article], stories: list[str], batch: int) -> tuple[float, float]:
    """Write documents, articles and story assignments in ``batch``-sized transactions, in arrival order."""
    with tempfile.TemporaryDirectory(prefix="newsweave-scale-") as folder:
        path = Path(folder) / "scale.db"
        store = SqliteStore(path)
        start = time.perf_counter()
        for lo in range(0, len(articles), batch):
            chunk = articles[lo : lo + batch]
            store.upsert_documents(
                Document(id=a.id, uri=a.uri, media_type=MediaType.TEXT, content=a.text, published=a.published)
                for a in chunk
            )
            store.upsert_articles(chunk)
            store.assign_stories(zip([a.id for a in chunk], stories[lo : lo + batch], strict=True), reason="bench")
        seconds = time.perf_counter() - start
        store.close()
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
    return seconds, size


def report(result: Result) -> None:
    n = result.n_done
    ms = np.asarray(result.assign_ns, dtype=np.float64) / 1e6
    tail = ms[int(len(ms) * 0.9) :]
    assign_s = float(ms.sum()) / 1000
    growth = (result.rss_end_mb - result.rss_start_mb) * 2**20 / max(n, 1)
    beyond = (result.rss_end_mb - result.rss_start_mb - result.vectors_mb) * 2**20 / max(n, 1)
    print(
        f"  articles grouped: {n} of {result.n_target}"
        + (f"  STOPPED EARLY: {result.stopped}" if result.stopped else "")
    )
    print(f"  {'step (where it runs)':<50}{'seconds':>10}{'articles/s':>12}")
    for step, seconds in (
        ("generate text+entities, synthetic (workers)", result.generate_s),
        ("dedup: minhash_signature (workers)", result.signature_s),
        ("features: lexical, shipped IDF (workers)", result.features_s),
        ("dedup: NearDuplicateIndex.add (grouping process)", result.dedup_s),
        ("events: StoryClusterer.assign (grouping process)", assign_s),
        ("grouping process total (dedup add + assign)", result.dedup_s + assign_s),
        ("grouping incl. signatures (one core)", result.signature_s + result.dedup_s + assign_s),
        ("CPU time: dedup add + assign (grouping process)", result.dedup_cpu_s + result.assign_cpu_s),
    ):
        print(f"  {step:<50}{seconds:>10.2f}{n / seconds if seconds else float('inf'):>12.0f}")
    calls = f"assign_many calls of {result.batch} articles" if result.batch > 1 else "assign calls"
    print(
        f"  {calls}, latency ms: p50 {np.percentile(ms, 50):.2f}  p99 {np.percentile(ms, 99):.2f}  "
        f"max {ms.max():.1f};  last 10% (at size): p50 {np.percentile(tail, 50):.2f}  p99 {np.percentile(tail, 99):.2f}"
    )
    if result.batch > 1:
        print(
            f"  per article (call / {result.batch}): p50 {np.percentile(ms, 50) / result.batch:.3f}  "
            f"p99 {np.percentile(ms, 99) / result.batch:.3f} ms"
        )
    print(
        f"  stories: {result.n_stories}   near-duplicate groups: {result.n_dup_groups}   "
        f"live story index at the end: {result.live_index}"
    )
    if result.quality is not None:
        quality = result.quality
        print(
            f"  stories against the generated events: B-cubed precision {quality.precision:.3f}  "
            f"recall {quality.recall:.3f}  F1 {quality.f1:.3f}"
        )
    print(
        f"  RSS {result.rss_start_mb:.0f} -> {result.rss_end_mb:.0f} MB (peak {_peak_rss_mb():.0f} MB); "
        f"growth {growth / 1024:.1f} KB/article, of which clusterer vectors + signatures "
        f"{result.vectors_mb:.0f} MB; beyond vectors {beyond / 1024:.2f} KB/article "
        f"(LSH tables and chains {result.lsh_mb * 2**20 / max(n, 1) / 1024:.2f} KB/article of it)"
    )
    print(f"  wall time of the size: {result.wall_s:.0f} s")
    if result.rss_start_mb > 300:
        print("  note: RSS at start holds memory freed by the previous size; growth is exact for a size run alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated article counts")
    parser.add_argument("--max", type=int, default=0, help="sizes 10k, 100k, 1M, ... up to this (overrides --sizes)")
    parser.add_argument("--max-seconds", type=float, default=7200.0, help="time budget per size (grouping loop)")
    parser.add_argument("--max-rss-gb", type=float, default=16.0, help="stop a size when RSS passes this")
    parser.add_argument("--store-up-to", type=int, default=10000, help="write the store for sizes up to this")
    parser.add_argument(
        "--batch", type=int, default=64, help="articles per assign_many call (1: one assign call each, as `add` does)"
    )
    parser.add_argument("--store-batch", type=int, default=100, help="articles per store write (ingest: one page)")
    parser.add_argument("--progress", type=int, default=0, help="print progress every N articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="processes generating, signing and featurising")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.max:
        sizes = [10**power for power in range(4, 10) if 10**power <= args.max]
        args.sizes = ",".join(map(str, sizes))
    print(f"newsweave grouping scale benchmark on {platform.machine()}, python {platform.python_version()}")
    print(f"{len(os.sched_getaffinity(0))} cores available")
    print(
        "data: GENERATED articles (synthetic vocabulary, events, texts, entity mentions, times; "
        f"{COPY_SHARE:.0%} wire copies); semantic 512-d vectors GENERATED (event centroid + noise); "
        "signatures and lexical features computed by newsweave; shipped story model"
    )
    for n in sizes:
        print(f"\n== {n} articles ==")
        made: list[tuple[int, int]] | None = [] if n <= args.store_up_to else None
        result, stories, corpus = run_size(n, args, made)
        report(result)
        if made:
            keep = regenerate(corpus, made)
            seconds, size = write_store(keep, stories, args.store_batch)
            print(
                f"  store: {len(keep)} articles written (documents, articles, stories; {args.store_batch} per "
                f"batch) in {seconds:.1f} s = {len(keep) / seconds:.0f} articles/s; size on disk {size:.1f} MB "
                f"({size * 2**20 / len(keep) / 1024:.1f} KB/article)"
            )
        del made, stories, result, corpus
        gc.collect()
    extra = f" --max-seconds {args.max_seconds:g} --max-rss-gb {args.max_rss_gb:g}"
    print(f"\nrerun: python bench/cluster_scale.py --sizes {args.sizes}{extra}")


if __name__ == "__main__":
    main()
