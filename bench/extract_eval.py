"""Score newsweave's article extraction on the article-extraction-benchmark (AEB) against trafilatura.

The AEB (ScrapingHub, 181 news and blog pages, human-marked article bodies) is the benchmark the
open extractors publish figures on, so newsweave is scored with that benchmark's own metric rather
than a metric of ours: tokens are ``\\w+`` matches, each text is the multiset of its word 4-grams,
per page TP/FP/FN are normalised by their sum, precision and recall are means over pages and F1 is
taken of those means (see ``shared/data/README.md``). trafilatura (standard and ``fast=True``) runs
on the same pages in the same process, so the rows are comparable on this machine.

Rows:
- ``newsweave``: ``extract_article`` on the HTML ``Document``, as the pipeline runs it.
- ``newsweave plain-text``: the page rendered to what a browser copy or a text scraper gives
  (``visible_text``: all visible text, one block a line, a table row a line with tab-separated
  cells, boilerplate included), then cleaned by
  ``clean_plain_text``; its pages/s counts the cleaner only, not the rendering.
- ``trafilatura``, ``trafilatura fast``: ``trafilatura.extract`` on the decoded HTML.

pages/s counts extraction time only (no decompression or decoding). The worst pages for newsweave
are listed so regressions show.

The ground truth has no titles, authors or dates, so none is scored against it. Dates are checked
against the one independent day a page often carries, its URL (``/2019/11/19/``): the share of
those pages whose published date, read from JSON-LD, markup or text (never from the URL), falls on
the URL's day (one day either side for time zones). Authors are counted by source; nothing checks
them against a truth.

The eval gate: ``extract_floors.json`` beside this file pins F1 floors and the sha256 of the data
they were measured on; ``tests/bench/test_extract_gate.py`` fails when F1 drops below a floor.
``--update-floors`` raises floors to the current figures and refuses to lower any.
``--memory N`` extracts the pages N times in one process and prints resident-memory growth.

    python bench/extract_eval.py [--data DIR] [--worst N] [--update-floors] [--memory N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import trafilatura
from lxml import html as lxml_html

from newsweave.errors import ExtractionError
from newsweave.extract import extract_article
from newsweave.extract.html import visible_text
from newsweave.extract.metadata import date_in_url
from newsweave.extract.plaintext import clean_plain_text
from newsweave.model import Article, Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/aeb"
FLOORS = Path(__file__).resolve().parent / "extract_floors.json"
NGRAM = 4
_TOKEN = re.compile(r"\w+")
_PARSER = lxml_html.HTMLParser(huge_tree=True)
T = TypeVar("T")


# --- the benchmark's metric ---------------------------------------------------------------------


def shingles(text: str, n: int = NGRAM) -> Counter[str]:
    """The multiset of word ``n``-grams of ``text`` (tokens are ``\\w+`` matches, Unicode, case kept).

    A text with at least one but fewer than ``n`` tokens gives one shingle of all its tokens, as the
    benchmark's evaluator does; a text with no token gives none.
    """
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """TP, FP, FN of one page's shared 4-grams, divided by their sum (all 0 when both are empty)."""
    expected, predicted = shingles(truth), shingles(prediction)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision_recall(tp: float, fp: float, fn: float) -> tuple[float, float]:
    """Precision and recall of one page; a page with nothing predicted and nothing expected is 1, 1."""
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores:
    precision: float
    recall: float
    f1: float


def score_pages(pairs: Iterable[tuple[str, str]]) -> Scores:
    """The benchmark's scores over ``(truth, prediction)`` pairs: P and R are means over pages,
    F1 is the harmonic mean of those two means (not a mean of per-page F1)."""
    per_page = [page_precision_recall(*page_counts(truth, prediction)) for truth, prediction in pairs]
    if not per_page:
        raise ValueError("score_pages needs at least one page, got none")
    precision = sum(p for p, _ in per_page) / len(per_page)
    recall = sum(r for _, r in per_page) / len(per_page)
    return Scores(precision=precision, recall=recall, f1=f1_score(precision, recall))


# --- the systems ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    id: str
    url: str
    truth: str
    html: str
    document: Document


def load_pages(folder: Path) -> list[Page]:
    """The pages of an AEB-layout folder (``html/<id>.html.gz`` + ``ground-truth.json``), by id."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = folder / "html" / f"{page_id}.html.gz"
        url = truth[page_id].get("url") or ""
        html, encoding = decode_bytes(gzip.decompress(path.read_bytes()), uri=str(path))
        document = Document(
            id=content_id(html), uri=str(path), media_type=MediaType.HTML, content=html, encoding=encoding, url=url
        )
        body = truth[page_id].get("articleBody") or ""
        pages.append(Page(id=page_id, url=url, truth=body, html=html, document=document))
    return pages


def _newsweave(page: Page) -> str:
    article = newsweave_article(page)
    return article.text if article else ""


def newsweave_article(page: Page) -> Article | None:
    try:
        return extract_article(page.document)
    except ExtractionError:  # no body found: scored as an empty prediction
        return None


def render_plain_text(page: Page) -> str:
    """The page as a text scraper or a browser copy gives it: all visible text, a block a line,
    a table row a line with its cells apart by tabs."""
    return visible_text(lxml_html.document_fromstring(page.html, parser=_PARSER))


def _newsweave_plain_text(rendered: str) -> str:
    return clean_plain_text(rendered).text


def _trafilatura(page: Page, *, fast: bool) -> str:
    return trafilatura.extract(page.html, url=page.url or None, include_comments=False, fast=fast) or ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    system: str
    predictions: tuple[str, ...]
    seconds: float

    @property
    def n_empty(self) -> int:
        return sum(not prediction.strip() for prediction in self.predictions)


def run_system(system: str, extract: Callable[[T], str], inputs: Sequence[T]) -> Run:
    predictions = []
    seconds = 0.0
    for item in inputs:
        start = time.perf_counter()
        predictions.append(extract(item))
        seconds += time.perf_counter() - start
    return Run(system=system, predictions=tuple(predictions), seconds=seconds)


def run_all(pages: list[Page]) -> list[Run]:
    # Warm-up outside the timing: the language model loads on the first extract_article call.
    _newsweave(pages[0])
    _trafilatura(pages[0], fast=False)
    rendered = [render_plain_text(page) for page in pages]
    return [
        run_system("newsweave", _newsweave, pages),
        run_system("newsweave plain-text", _newsweave_plain_text, rendered),
        run_system("trafilatura", lambda page: _trafilatura(page, fast=False), pages),
        run_system("trafilatura fast", lambda page: _trafilatura(page, fast=True), pages),
    ]


# --- dates and authors ---------------------------------------------------------------------------


def print_provenance(pages: list[Page]) -> None:
    """Where published/updated dates and authors came from, and dates checked against URL days."""
    articles = [newsweave_article(page) for page in pages]
    found = [article for article in articles if article is not None]
    published = Counter(article.published_from or "none" for article in found)
    updated = Counter(article.updated_from or "none" for article in found)
    authors = Counter(article.authors_from or "none" for article in found)
    print("\ndates and authors (ground truth has none; sources counted over pages):")
    print(f"  published from: {_counts(published)}")
    print(f"  updated from:   {_counts(updated)}")
    print(f"  authors from:   {_counts(authors)}")
    checked = agreeing = 0
    for page, article in zip(pages, articles, strict=True):
        url_day = date_in_url(page.url)
        if url_day is None or article is None or article.published is None or article.published_from == "url":
            continue
        checked += 1
        agreeing += abs((article.published.date() - url_day.date()).days) <= 1
    with_url_day = sum(date_in_url(page.url) is not None for page in pages)
    share = f"{agreeing / checked:.3f}" if checked else "n/a"
    print(
        f"  published day = URL day (+-1): {agreeing}/{checked} = {share} "
        f"(of {with_url_day} pages whose URL has a day; dates read from the URL itself are left out)"
    )


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{source} {n}" for source, n in counter.most_common())


# --- eval gate -----------------------------------------------------------------------------------


def data_sha256(folder: Path) -> str:
    """sha256 over the ground truth and every page file, in name order (names included)."""
    digest = hashlib.sha256()
    for path in [folder / "ground-truth.json", *sorted((folder / "html").glob("*.html.gz"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def gate_scores(pages: list[Page]) -> dict[str, float]:
    """The F1 figures the gate pins: newsweave's HTML and plain-text paths."""
    truths = [page.truth for page in pages]
    html = score_pages(zip(truths, (_newsweave(page) for page in pages), strict=True))
    plain = score_pages(zip(truths, (_newsweave_plain_text(render_plain_text(page)) for page in pages), strict=True))
    return {"html_f1": html.f1, "plain_text_f1": plain.f1}


def raise_floors(floors: dict[str, float], measured: dict[str, float]) -> dict[str, float]:
    """Floors raised to ``measured`` (rounded down to 0.001); never lowered.

    Raises:
        ValueError: a measured figure is below its floor (lowering a floor is not allowed).
    """
    below = {
        name: (measured.get(name, 0.0), floor) for name, floor in floors.items() if measured.get(name, 0.0) < floor
    }
    if below:
        detail = ", ".join(f"{name} {value:.4f} < floor {floor:.3f}" for name, (value, floor) in below.items())
        raise ValueError(f"refusing to lower floors: {detail}")
    return {name: max(floors.get(name, 0.0), math.floor(value * 1000) / 1000) for name, value in measured.items()}


def read_floors(path: Path = FLOORS) -> tuple[str, dict[str, float]]:
    """The pinned data sha256 and floors."""
    pinned = json.loads(path.read_text(encoding="utf-8"))
    return str(pinned["data_sha256"]), {name: float(value) for name, value in pinned["floors"].items()}


def update_floors(folder: Path, pages: list[Page], path: Path = FLOORS) -> int:
    sha = data_sha256(folder)
    pinned_sha, floors = read_floors(path) if path.is_file() else (sha, {})
    if pinned_sha != sha:
        print(f"data changed: floors were pinned on sha256 {pinned_sha}, {folder} has {sha}", file=sys.stderr)
        return 1
    try:
        raised = raise_floors(floors, gate_scores(pages))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    record = {"data": "ScrapingHub article-extraction-benchmark (shared/data/aeb)", "data_sha256": sha}
    record["floors"] = raised
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"floors: {json.dumps(raised, sort_keys=True)} -> {path}")
    return 0


# --- memory --------------------------------------------------------------------------------------


def rss_bytes() -> int:
    """This process's resident memory now (Linux ``/proc``; the peak where that is missing)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    import resource  # only off Linux

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_growth(pages: list[Page], passes: int) -> tuple[int, int]:
    """Resident-memory growth in bytes over ``passes`` extractions of ``pages``: from the start,
    and from after a warm-up pass (which loads the language model and fills lxml's caches)."""
    start = rss_bytes()
    for page in pages:
        _newsweave(page)
    warm = rss_bytes()
    for _ in range(passes):
        for page in pages:
            _newsweave(page)
    end = rss_bytes()
    return end - start, end - warm


# --- report --------------------------------------------------------------------------------------


def print_table(pages: list[Page], runs: list[Run]) -> None:
    print(f"  {'system':<22}{'F1':>7}{'P':>7}{'R':>7}{'pages/s':>10}{'empty':>7}")
    for run in runs:
        scores = score_pages(zip((page.truth for page in pages), run.predictions, strict=True))
        rate = len(pages) / run.seconds if run.seconds else float("inf")
        print(
            f"  {run.system:<22}{scores.f1:>7.3f}{scores.precision:>7.3f}{scores.recall:>7.3f}"
            f"{rate:>10.1f}{run.n_empty:>7}"
        )


def print_worst(pages: list[Page], run: Run, n: int) -> None:
    rows = []
    for page, prediction in zip(pages, run.predictions, strict=True):
        precision, recall = page_precision_recall(*page_counts(page.truth, prediction))
        rows.append((f1_score(precision, recall), precision, recall, page))
    rows.sort(key=lambda row: (row[0], row[3].id))
    print(f"\n{min(n, len(rows))} worst pages for {run.system} (page F1 = 2PR/(P+R) of that page):")
    print(f"  {'id':<16}{'F1':>7}{'P':>7}{'R':>7}  url")
    for f1, precision, recall, page in rows[:n]:
        print(f"  {page.id[:16]:<16}{f1:>7.3f}{precision:>7.3f}{recall:>7.3f}  {page.url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with html/ and ground-truth.json")
    parser.add_argument("--worst", type=int, default=10, help="how many worst newsweave pages to list")
    parser.add_argument("--update-floors", action="store_true", help="raise the gate's floors (never lowers one)")
    parser.add_argument(
        "--memory", type=int, default=0, metavar="N", help="extract the pages N times, print RSS growth"
    )
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file() or not (args.data / "html").is_dir():
        print(
            f"data absent: {args.data} needs ground-truth.json and html/<id>.html.gz "
            "(the AEB layout, see shared/data/README.md); pass --data DIR",
            file=sys.stderr,
        )
        sys.exit(2)
    pages = load_pages(args.data)
    if not pages:
        print(f"no pages in {args.data}/ground-truth.json", file=sys.stderr)
        sys.exit(2)
    if args.update_floors:
        sys.exit(update_floors(args.data, pages))
    if args.memory:
        total, after_warm_up = memory_growth(pages, args.memory)
        print(
            f"RSS growth over {args.memory} x {len(pages)} pages: {after_warm_up / 2**20:.1f} MB after a warm-up pass, "
            f"{total / 2**20:.1f} MB counting the warm-up (language model load)"
        )
        return
    print(f"article body extraction on {args.data} ({len(pages)} pages)")
    print(f"python {platform.python_version()}, trafilatura {trafilatura.__version__}, single process")
    runs = run_all(pages)
    print("\nscores (the benchmark's metric: word 4-grams, P and R means over pages, F1 of the means);")
    print("pages/s is extraction time only; empty = pages with no body predicted; ground truth has no titles\n")
    print_table(pages, runs)
    print_worst(pages, runs[0], args.worst)
    print_provenance(pages)
    rerun = "python bench/extract_eval.py" + ("" if args.data == DEFAULT_DATA else f" --data {args.data}")
    print(f"\nrerun: {rerun}" + ("" if args.worst == 10 else f" --worst {args.worst}"))


if __name__ == "__main__":
    main()
