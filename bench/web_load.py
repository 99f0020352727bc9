"""Load the web page: requests/s and p50/p99 latency per page type on a store of 100k articles.

The store holds GENERATED articles (``bench/cluster_scale.py``'s generator, imported: synthetic
vocabulary, events, texts, entity mentions, wire copies), split into sentences at their full
stops, one story per synthetic event and each wire copy in a near-duplicate group with its
original. Building it takes minutes, so it is built once into a cache folder outside the
repository and reused (its name holds the size and seed).

The server is the real command, ``newsweave serve`` (uvicorn, one process), on 127.0.0.1 at a
free port; the load is a fixed number of requests per page type from a few client threads, cut
short at a time limit, on loopback only. Story pages are measured three ways: COLD is the first
view of a story whose sentence vectors the store holds (``embed_story_sentences`` run on the
sampled stories before the server starts: embedding every story of the store takes most of an
hour on two cores, and a story's first view costs the same whatever else was embedded); COLD,
EMBEDDED AT VIEW is the first view of other stories, whose sentences the server embeds; WARM a
later view (the
comparison from the server's in-process cache; the page still rendered).

The outlets pages read the per-(story, outlet) framing rows ``newsweave outlets`` keeps; comparing
every story of the store for them would take hours on two cores, so the store gets GENERATED rows
instead (:func:`add_outlet_rows`: one per outlet of each multi-source story, with drawn leads,
omissions, speakers and words), which is what the pages read whatever computed them.

    python bench/web_load.py [--articles 100000] [--requests 200] [--seconds 60] [--clients 4] [--outlets-only]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np

# bench/ is on sys.path when this file runs as a script: reuse the generator, do not copy it.
from cluster_scale import COPY_SHARE, make_article, make_copy, make_corpus
from newsweave.model import Article, Document, MediaType, Sentence, Span
from newsweave.store import OutletFramingRow, SpeakerCount, SqliteStore, WordCount
from newsweave.stories import embed_story_sentences, plan_outlet_refresh

BATCH = 1000


def _with_sentences(article: Article) -> Article:
    """The generated text ends a sentence every 20 words with a full stop: cut it there."""
    spans, start = [], 0
    for position, char in enumerate(article.text):
        if char == "." and (position + 1 == len(article.text) or article.text[position + 1] == " "):
            spans.append(Sentence(span=Span(start=start, end=position + 1)))
            start = position + 2
    if start < len(article.text):
        spans.append(Sentence(span=Span(start=start, end=len(article.text))))
    return replace(article, sentences=tuple(spans))


def build_store(path: Path, n: int, seed: int) -> None:
    """Generate ``n`` articles into a fresh store at ``path`` (written to a temporary name first)."""
    corpus = make_corpus(n, seed)
    copy_draw = np.random.default_rng([seed, 5]).random(n)
    first_of_event: dict[int, int] = {}
    pending = path.with_suffix(".partial")
    pending.unlink(missing_ok=True)
    started = time.perf_counter()
    with SqliteStore(pending) as store:
        order = corpus.order.tolist()
        for lo in range(0, n, BATCH):
            articles, stories, groups = [], [], []
            for index in order[lo : lo + BATCH]:
                event = int(corpus.event_of[index])
                source = first_of_event.setdefault(event, index)
                is_copy = source != index and copy_draw[index] < COPY_SHARE
                article = make_copy(corpus, index, source) if is_copy else make_article(corpus, index)
                articles.append(_with_sentences(article))
                stories.append((article.id, f"e{event:07d}"))
                if is_copy:
                    groups.append((corpus.ids[source], article.id))
            store.upsert_documents(
                Document(id=a.id, uri=a.uri, media_type=MediaType.TEXT, content=a.text, published=a.published)
                for a in articles
            )
            store.upsert_articles(articles)
            store.assign_stories(stories, reason="bench")
            if groups:
                store.set_near_duplicates(_merge(store, groups))
            print(f"  built {lo + len(articles)} of {n} articles, {time.perf_counter() - started:.0f} s", flush=True)
    pending.rename(path)


def _merge(store: SqliteStore, pairs: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    """Each copy joins its original's near-duplicate group (original first)."""
    groups: dict[str, list[str]] = {}
    for original, copy in pairs:
        group = groups.setdefault(original, list(store.near_duplicates_of(original)) or [original])
        group.append(copy)
    return [tuple(members) for members in groups.values()]


_SPEAKERS = [f"Speaker {n}" for n in range(400)]
_WORDS = [(f"loaded{n}", kind) for n, kind in enumerate(["evaluative", "intensifier", "hedge"] * 40)]
_VERBS = ["claimed", "admitted", "insisted", "conceded", "alleged", "warned", "boasted", "denied"]


def add_outlet_rows(store: SqliteStore, seed: int) -> int:
    """GENERATED framing rows for every multi-source story, one per outlet of its articles, stored
    at the fingerprints a refresh would compute (so ``newsweave outlets`` takes them as current)."""
    rng = random.Random(seed)
    plan = plan_outlet_refresh(store)
    members: dict[str, dict[str, str]] = {}
    rows = store._conn.execute(
        "SELECT sm.story_id, a.outlet, min(a.id) FROM story_members sm JOIN articles a ON a.id = sm.article_id "
        "GROUP BY sm.story_id, a.outlet"
    )
    for story_id, outlet, article_id in rows:
        members.setdefault(story_id, {})[outlet] = article_id
    n_rows = 0
    for lo in range(0, len(plan.stale), BATCH):
        with store.transaction():
            for story_id, fingerprint in plan.stale[lo : lo + BATCH]:
                outlets = members.get(story_id, {})
                framing = [
                    _drawn_row(rng, story_id, outlet, article_id, len(outlets))
                    for outlet, article_id in outlets.items()
                ]
                store.save_outlet_framing(story_id, fingerprint, framing)
                n_rows += len(framing)
    return n_rows


def _drawn_row(rng: random.Random, story_id: str, outlet: str, article_id: str, n_sources: int) -> OutletFramingRow:
    n_omitted = rng.choice([0, 0, 0, 1, 1, 2, 3])
    words = {rng.choice(_WORDS) for _ in range(rng.randint(0, 4))} | {
        (rng.choice(_VERBS), "attribution") for _ in range(rng.randint(0, 2))
    }
    return OutletFramingRow(
        story_id=story_id,
        outlet=outlet,
        article_id=article_id,
        n_sources=n_sources,
        has_lead=True,
        leads_with_shared=rng.random() < 0.6,
        n_omitted=n_omitted,
        omitted=tuple(
            f"generated shared claim {rng.randint(0, 10**6)} left out by this outlet." for _ in range(min(n_omitted, 3))
        ),
        voices=tuple(
            SpeakerCount(name=name, n_quotes=rng.randint(1, 3), n_words=rng.randint(8, 80))
            for name in {rng.choice(_SPEAKERS) for _ in range(rng.randint(0, 3))}
        ),
        words=tuple(WordCount(word=word, kind=kind, count=rng.randint(1, 3)) for word, kind in sorted(words)),
    )


@dataclass(slots=True)
class Timing:
    name: str
    latencies_ms: list[float]
    errors: int
    wall_s: float
    done: list[str]

    def line(self) -> str:
        ms = np.asarray(self.latencies_ms or [float("nan")])
        rate = len(self.latencies_ms) / self.wall_s if self.wall_s else 0.0
        return (
            f"  {self.name:<44}{len(self.latencies_ms):>6}{self.errors:>5}{rate:>9.1f}"
            f"{np.percentile(ms, 50):>9.1f}{np.percentile(ms, 99):>9.1f}{ms.max():>9.1f}"
        )


def measure(name: str, urls: list[str], base: str, clients: int, seconds: float) -> Timing:
    """GET each url once (in order, ``clients`` at a time), stopping at ``seconds``."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    done: list[str] = []
    errors = 0

    def fetch(client: httpx.Client, url: str) -> float | None:
        if time.perf_counter() > deadline:
            return None
        start = time.perf_counter()
        response = client.get(base + url)
        elapsed = (time.perf_counter() - start) * 1000
        return elapsed if response.status_code == 200 else -1.0

    started = time.perf_counter()
    with httpx.Client(timeout=120) as client, ThreadPoolExecutor(clients) as pool:
        for url, result in zip(urls, pool.map(lambda url: fetch(client, url), urls), strict=True):
            if result is None:
                continue
            if result < 0:
                errors += 1
            else:
                latencies.append(result)
                done.append(url)
    return Timing(name=name, latencies_ms=latencies, errors=errors, wall_s=time.perf_counter() - started, done=done)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "newsweave", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command)
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=5).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the server did not answer within 60 s")


def plan_urls(db: Path, rng: random.Random) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """The URLs of the stories pages (first, deep, filtered) and articles, the story ids to view
    with their sentence vectors stored, and other story ids to view without."""
    with SqliteStore(db, read_only=True) as store:
        cursors = [""]
        for _ in range(50):
            cursors.append(store.browse_stories(limit=25, cursor=cursors[-1]).next_cursor)
        stories = store.stories(limit=100_000)
        big = sorted(stories, key=lambda story: -story.n_articles)[:10]
        sample = big + rng.sample(stories, 30)
        articles = [store.story_members(story.id)[0].id for story in rng.sample(stories, 50)]
        words = [story.title.split()[0] for story in rng.sample(stories, 20) if story.title]
        totals = store.outlet_totals()
        chosen = {story.id for story in sample}
        unembedded = [story.id for story in rng.sample(stories, 40) if story.id not in chosen][:20]
    print(f"  story sizes in the sample: biggest {big[0].n_articles} articles, sampled {len(sample)} stories")

    urls = {
        "stories page, first": ["/"],
        "stories page, pages 2-51 (cursor)": [f"/?cursor={c}" for c in cursors[1:] if c],
        "stories page, search + language": [f"/?q={w}&language=en" for w in words],
        "article page": [f"/articles/{a}" for a in articles],
        "api: /api/stories": ["/api/stories"],
        "api: /api/articles/{id}": [f"/api/articles/{a}" for a in articles],
        "outlets page": ["/outlets"],
        "outlet page": [f"/outlets/{quote(t.outlet, safe='')}" for t in totals],
        "api: /api/outlets": ["/api/outlets"],
        "api: /api/outlets/{name}": [f"/api/outlets/{quote(t.outlet, safe='')}" for t in totals],
    }
    biggest = max((t.n_stories for t in totals), default=0)
    print(f"  outlets with framing rows: {len(totals)}, the biggest over {biggest} stories")
    return urls, [story.id for story in sample], unembedded


def cycle(items: list[str], n: int) -> list[str]:
    return [items[i % len(items)] for i in range(n)] if items else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the generated store")
    parser.add_argument("--requests", type=int, default=200, help="requests per page type")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per page type")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--outlets-only", action="store_true", help="measure the outlets pages only")
    default_cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsweave-bench"
    parser.add_argument("--cache-dir", type=Path, default=default_cache, help="where the store is built once")
    args = parser.parse_args()
    print(f"newsweave web load benchmark on {platform.machine()}, python {platform.python_version()}")
    print(f"{len(os.sched_getaffinity(0))} cores available; server and client share them; loopback only")
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    db = args.cache_dir / f"web-{args.articles}-seed{args.seed}.db"
    if not db.is_file():
        print(f"building the store {db} (GENERATED articles, once) ...")
        build_store(db, args.articles, args.seed)
    with SqliteStore(db) as store:  # brings a store cached by an older newsweave up to this schema
        if not store.outlet_totals():
            started = time.perf_counter()
            n_rows = add_outlet_rows(store, args.seed)
            print(f"  {n_rows} GENERATED outlet framing rows added, {time.perf_counter() - started:.0f} s")
    with SqliteStore(db, read_only=True) as store:
        counts = store.stats()
    print(
        f"store {db}: {counts['articles']} articles, {counts['stories']} stories, "
        f"{counts['near_duplicate_groups']} near-duplicate groups, {db.stat().st_size / 2**20:.0f} MB"
    )
    urls, story_ids, unembedded = plan_urls(db, random.Random(args.seed))
    if args.outlets_only:
        urls = {name: page_urls for name, page_urls in urls.items() if "outlet" in name}
        story_ids, unembedded = [], []
    with SqliteStore(db) as store:
        started = time.perf_counter()
        done = embed_story_sentences(store, story_ids)
    print(
        f"  sentence vectors of the {done.n_stories} sampled stories: {done.n_embedded} embedded, "
        f"{done.n_stored_before} stored before, {time.perf_counter() - started:.1f} s"
    )
    # This process keeps the plans (tens of thousands of rows) to the end: frozen, its own cyclic
    # collector stops rescanning them (full collections of 50-88 ms in this process, measured),
    # which would count in whichever timed request they fell in.
    gc.collect()
    gc.freeze()
    port = _free_port()
    server = serve(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        measure("warm-up", ["/", "/api/stories"], base, 1, args.seconds)
        print(f"\n  {'page type':<44}{'n':>6}{'err':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for name, page_urls in urls.items():
            print(measure(name, cycle(page_urls, args.requests), base, args.clients, args.seconds).line(), flush=True)
        if args.outlets_only:
            return
        cold = measure("story page, COLD (vectors stored)", [f"/stories/{i}" for i in story_ids], base, 1, 600)
        print(cold.line(), flush=True)
        at_view = [f"/stories/{i}" for i in unembedded]
        print(measure("story page, COLD, EMBEDDED AT VIEW", at_view, base, 1, 600).line(), flush=True)
        viewed = [url.rsplit("/", 1)[1] for url in cold.done]
        for name, template in (
            ("story page, WARM (comparison cached)", "/stories/{}"),
            ("api: /api/stories/{id} (comparison cached)", "/api/stories/{}"),
        ):
            warm = cycle([template.format(i) for i in viewed], args.requests)
            print(measure(name, warm, base, args.clients, args.seconds).line(), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        "\nCOLD: one client, each story's first view; WARM and the rest: "
        f"{args.clients} clients, each request timed from send to full body"
    )
    print(
        f"rerun: python bench/web_load.py --articles {args.articles} --requests {args.requests} "
        f"--seconds {args.seconds:g} --clients {args.clients} --seed {args.seed}"
    )


if __name__ == "__main__":
    main()
