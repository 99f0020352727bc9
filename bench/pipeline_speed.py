"""Time newsweave's extract, annotate and compare stages on the seed pages and the examples.

Prints articles per second for each stage and the peak resident memory of the process, and the
command to rerun it. Models are loaded before timing starts (a warm-up pass), so the figures
are steady-state throughput; the load time is printed apart.

    python bench/pipeline_speed.py [--repeat N] [--data DIR ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import newsweave
from newsweave.annotate import Annotator
from newsweave.compare import compare_articles
from newsweave.extract import extract_article
from newsweave.model import Article, Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = [ROOT.parent / "shared" / "seeds", ROOT / "examples"]
T = TypeVar("T")


def _timed(work: Callable[[], T], repeat: int) -> tuple[T, float]:
    start = time.perf_counter()
    for _ in range(repeat):
        result = work()
    return result, (time.perf_counter() - start) / repeat


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(folder: Path, repeat: int) -> None:
    documents: list[Document] = newsweave.read([folder])
    annotator = Annotator()
    articles, extract_s = _timed(lambda: [extract_article(d) for d in documents], repeat)
    annotated, annotate_s = _timed(lambda: annotator.process_batch(articles), repeat)
    _, compare_s = _timed(lambda: compare_articles(annotated), repeat)
    n = len(documents)
    words = sum(len(article.text.split()) for article in articles)
    print(f"\n{folder}  ({n} articles, {words} words, mean of {repeat} runs)")
    print(f"  {'stage':<10}{'seconds':>10}{'articles/s':>12}")
    for stage, seconds in (("extract", extract_s), ("annotate", annotate_s), ("compare", compare_s)):
        print(f"  {stage:<10}{seconds:>10.3f}{n / seconds:>12.1f}")
    total = extract_s + annotate_s + compare_s
    print(f"  {'total':<10}{total:>10.3f}{n / total:>12.1f}")


def _warm_up(articles: list[Article]) -> float:
    start = time.perf_counter()
    compare_articles(Annotator().process_batch(articles))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per stage (mean is printed)")
    parser.add_argument("--data", type=Path, nargs="*", default=DEFAULT_DATA, help="folders of pages")
    args = parser.parse_args()
    folders = [folder for folder in args.data if folder.is_dir()]
    for missing in set(args.data) - set(folders):
        print(f"data absent: {missing} (skipped)", file=sys.stderr)
    if not folders:
        sys.exit("no data folder found")
    print(f"newsweave pipeline benchmark on {platform.machine()} {platform.processor() or ''}".rstrip())
    print(f"python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores available")
    load_s = _warm_up([extract_article(d) for d in newsweave.read([folders[0]])])
    print(f"model load + first pass: {load_s:.2f} s")
    for folder in folders:
        bench(folder, args.repeat)
    print(f"\npeak resident memory: {_peak_rss_mb():.0f} MB")
    print(f"rerun: python bench/pipeline_speed.py --repeat {args.repeat}")


if __name__ == "__main__":
    main()
