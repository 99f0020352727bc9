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
  (``visible_text``: all visible text, one block a line, boilerplate included), then cleaned by
  ``clean_plain_text``; its pages/s counts the cleaner only, not the rendering.
- ``trafilatura``, ``trafilatura fast``: ``trafilatura.extract`` on the decoded HTML.

pages/s counts extraction time only (no decompression or decoding). The ground truth has no titles,
so no title accuracy is printed. The worst pages for newsweave are listed so regressions show.

    python bench/extract_eval.py [--data DIR] [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
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
from newsweave.extract.plaintext import clean_plain_text
from newsweave.model import Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/aeb"
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
    try:
        return extract_article(page.document).text
    except ExtractionError:  # no body found: scored as an empty prediction
        return ""


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
    rendered = [visible_text(lxml_html.document_fromstring(page.html, parser=_PARSER)) for page in pages]
    return [
        run_system("newsweave", _newsweave, pages),
        run_system("newsweave plain-text", _newsweave_plain_text, rendered),
        run_system("trafilatura", lambda page: _trafilatura(page, fast=False), pages),
        run_system("trafilatura fast", lambda page: _trafilatura(page, fast=True), pages),
    ]


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
    print(f"article body extraction on {args.data} ({len(pages)} pages)")
    print(f"python {platform.python_version()}, trafilatura {trafilatura.__version__}, single process")
    runs = run_all(pages)
    print("\nscores (the benchmark's metric: word 4-grams, P and R means over pages, F1 of the means);")
    print("pages/s is extraction time only; empty = pages with no body predicted; ground truth has no titles\n")
    print_table(pages, runs)
    print_worst(pages, runs[0], args.worst)
    rerun = "python bench/extract_eval.py" + ("" if args.data == DEFAULT_DATA else f" --data {args.data}")
    print(f"\nrerun: {rerun}" + ("" if args.worst == 10 else f" --worst {args.worst}"))


if __name__ == "__main__":
    main()
