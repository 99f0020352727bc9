"""Score newsweave's article extraction against trafilatura on two sets of pages, each with its own metric.

- ``aeb``: the article-extraction-benchmark (ScrapingHub, 181 news and blog pages, human-marked
  bodies), the benchmark the open extractors publish figures on. Its metric: each text is the
  multiset of its word 4-grams (``\\w+`` tokens), per page TP/FP/FN are normalised by their sum,
  P and R are means over pages, F1 is taken of those means (``shared/data/README.md``).
- ``trafilatura-dev``: half of trafilatura's own evaluation set (491 pages, mostly German, mixed
  sites), pages newsweave was not built on; the other half is kept apart. Its metric: each
  ``with`` string found in the extracted text is a TP (else FN), each ``without`` string found a
  FP (else TN); P, R and F1 over all strings of all pages.

Rows, on the same pages in one process, the HTML systems taking turns page by page so that a busy
machine slows them alike (pages/s counts extraction time only): ``newsweave`` (``extract_article``
as the pipeline runs it); ``newsweave plain-text`` (the page rendered by ``visible_text`` as a
browser copy or a text scraper gives it, then ``clean_plain_text``; pages/s counts the cleaner
only); ``trafilatura`` and ``trafilatura fast`` (``trafilatura.extract`` with its default
settings, as the sets' published figures are measured); ``trafilatura, no comments`` (without
reader comments, as newsweave extracts: the stronger baseline on both sets).

The lede figure (AEB): the share of pages whose first ground-truth paragraph (its first LEDE_WORDS
tokens) is in the body, also for each page in the shape of a scraped ``.txt`` (title, then the
articleBody's paragraphs), the shape that tests the plain-text dek rule. Metadata: sources and
coverage of titles, dates and authors; on AEB published days checked against the URL's day, on
trafilatura-dev titles, days and authors against those its evaldata.json gives.

``--rules`` weighs each rule of newsweave's pass over trafilatura's text (``newsweave.extract.html.
RULES``) by switching it off alone. ``extract_floors.json`` pins floors for each set with the
sha256 of its data; ``tests/bench/test_extract_gate.py`` fails below one; ``--update-floors``
raises floors and refuses to lower any. ``--memory N`` prints memory growth over N passes.

    python bench/extract_eval.py [--data DIR ...] [--worst N] [--rules] [--update-floors] [--memory N]
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import trafilatura

from newsweave.errors import ExtractionError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.extract.html import RULES, extract_html, parse_html, visible_text
from newsweave.extract.metadata import date_in_url, read_metadata
from newsweave.extract.plaintext import clean_plain_text
from newsweave.model import Article, Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the metrics beside this script, also when a test loads it
from extract_metrics import (
    LEDE_WORDS,
    Scores,
    f1_score,
    lede_share,
    page_counts,
    page_precision_recall,
    score_pages,
    score_strings,
    string_counts,
)

DATA = Path(__file__).resolve().parents[2] / "shared/data"
DEFAULT_DATA = (DATA / "aeb", DATA / "trafilatura-dev")
FLOORS = Path(__file__).resolve().parent / "extract_floors.json"
DESCRIPTIONS = {
    "aeb": "ScrapingHub article-extraction-benchmark (shared/data/aeb)",
    "trafilatura-dev": "trafilatura evaluation set, dev half (shared/data/trafilatura-dev)",
}
_TINY_PAGE = "<html><body><p>Short text.</p></body></html>"
T = TypeVar("T")


# --- the data --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page; ``truth`` is the AEB body, ``expected``/``unwanted`` the strings of a string set,
    ``gold`` the metadata a string set gives (title, date, author)."""

    id: str
    url: str
    truth: str
    html: str
    document: Document
    expected: tuple[str, ...] = ()
    unwanted: tuple[str, ...] = ()
    gold: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DataSet:
    name: str
    folder: Path
    strings: bool  # scored by with/without strings (trafilatura's metric), else by the AEB metric
    pages: list[Page]

    def score(self, predictions: Sequence[str]) -> Scores:
        if self.strings:
            return score_strings(
                string_counts(page.expected, page.unwanted, prediction)
                for page, prediction in zip(self.pages, predictions, strict=True)
            )
        return score_pages(zip((page.truth for page in self.pages), predictions, strict=True))


def layout(folder: Path) -> str:
    """``aeb`` (ground-truth.json + html/), ``strings`` (evaldata.json + pages/) or ``""``."""
    if (folder / "ground-truth.json").is_file() and (folder / "html").is_dir():
        return "aeb"
    if (folder / "evaldata.json").is_file() and (folder / "pages").is_dir():
        return "strings"
    return ""


def load_set(folder: Path) -> DataSet:
    strings = layout(folder) == "strings"
    pages = load_string_pages(folder) if strings else load_pages(folder)
    return DataSet(name=folder.name, folder=folder, strings=strings, pages=pages)


def _read(path: Path, url: str) -> tuple[str, Document]:
    html, encoding = decode_bytes(gzip.decompress(path.read_bytes()), uri=str(path))
    document = Document(
        id=content_id(html), uri=str(path), media_type=MediaType.HTML, content=html, encoding=encoding, url=url
    )
    return html, document


def load_pages(folder: Path) -> list[Page]:
    """The pages of an AEB-layout folder (``html/<id>.html.gz`` + ``ground-truth.json``), by id."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        url, body = truth[page_id].get("url") or "", truth[page_id].get("articleBody") or ""
        html, document = _read(folder / "html" / f"{page_id}.html.gz", url)
        pages.append(Page(id=page_id, url=url, truth=body, html=html, document=document))
    return pages


def load_string_pages(folder: Path) -> list[Page]:
    """The pages of a trafilatura-layout folder (``pages/<file>.gz`` + ``evaldata.json``), by key.
    Keys that are no web address ("hard::name.html") give the page no URL."""
    items = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(items):
        item = items[key]
        url = key if key.startswith(("http://", "https://")) else ""
        html, document = _read(folder / "pages" / f"{item['file']}.gz", url)
        gold = {name: _gold_text(item.get(name)) for name in ("title", "date", "author")}
        strings = {"expected": tuple(item.get("with") or ()), "unwanted": tuple(item.get("without") or ())}
        pages.append(Page(id=item["file"], url=url, truth="", html=html, document=document, gold=gold, **strings))
    return pages


def _gold_text(value: object) -> str:
    """A metadata value of evaldata.json as text: authors may be a list."""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value or "")


# --- the systems -----------------------------------------------------------------------------------


def _newsweave(page: Page) -> str:
    article = newsweave_article(page)
    return article.text if article else ""


def newsweave_article(page: Page) -> Article | None:
    try:
        return extract_article(page.document)
    except ExtractionError:  # no body found: scored as an empty prediction
        return None


def newsweave_without(page: Page, rules: frozenset[str]) -> str:
    """newsweave's HTML body with ``rules`` switched off; a body under min_chars is none, as in
    ``extract_article``."""
    try:
        text = extract_html(page.document, skip_rules=rules).text
    except ExtractionError:
        return ""
    return text if len(text) >= ExtractOptions().min_chars else ""


def render_plain_text(page: Page) -> str:
    """The page as a text scraper or a browser copy gives it: all visible text, a block a line,
    a table row a line with its cells apart by tabs."""
    return visible_text(parse_html(page.html))


def scraped_text(page: Page) -> str:
    """The page as a scraped ``.txt`` holds it: the title on line 1, then the article's paragraphs."""
    title = read_metadata(parse_html(page.html), url=page.url).title
    return "\n\n".join([title, *(line.strip() for line in page.truth.splitlines() if line.strip())])


def _newsweave_plain_text(rendered: str) -> str:
    return clean_plain_text(rendered).text


def _trafilatura(page: Page, *, fast: bool, comments: bool = True) -> str:
    return trafilatura.extract(page.html, url=page.url or None, fast=fast, include_comments=comments) or ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    system: str
    predictions: tuple[str, ...]
    seconds: float

    @property
    def n_empty(self) -> int:
        return sum(not prediction.strip() for prediction in self.predictions)


def run_in_turns(systems: dict[str, Callable[[T], str]], inputs: Sequence[T]) -> list[Run]:
    """Each system on each input, the systems taking turns input by input: a machine that is busy
    for a while slows them alike, where one system after the other would charge it to one."""
    predictions: dict[str, list[str]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for item in inputs:
        for name, extract in systems.items():
            start = time.perf_counter()
            predictions[name].append(extract(item))
            seconds[name] += time.perf_counter() - start
    return [Run(system=name, predictions=tuple(predictions[name]), seconds=seconds[name]) for name in systems]


# --- metadata --------------------------------------------------------------------------------------


def print_metadata(data: DataSet, articles: list[Article | None]) -> None:
    """Where titles, dates and authors came from, how many pages have each, and the checks the set allows."""
    found = [article for article in articles if article is not None]
    total = len(data.pages)
    print("\nmetadata (sources counted over pages with a body):")
    print(f"  published from: {_counts(Counter(article.published_from or 'none' for article in found))}")
    print(f"  updated from:   {_counts(Counter(article.updated_from or 'none' for article in found))}")
    print(f"  authors from:   {_counts(Counter(article.authors_from or 'none' for article in found))}")
    coverage = {
        "title": sum(bool(article.title) for article in found),
        "published date": sum(article.published is not None for article in found),
        "authors": sum(bool(article.authors) for article in found),
    }
    print("  pages with " + ", ".join(f"{name} {n}/{total} = {n / total:.3f}" for name, n in coverage.items()))
    if data.strings:
        _print_gold_agreement(data.pages, articles)
    else:
        _print_url_day_agreement(data.pages, articles)


def _print_url_day_agreement(pages: list[Page], articles: list[Article | None]) -> None:
    checked = agreeing = 0
    for page, article in zip(pages, articles, strict=True):
        url_day = date_in_url(page.url)
        if url_day is None or article is None or article.published is None or article.published_from == "url":
            continue
        checked += 1
        agreeing += abs((article.published.date() - url_day.date()).days) <= 1
    with_url_day = sum(date_in_url(page.url) is not None for page in pages)
    print(
        f"  published day = URL day (+-1): {_share(agreeing, checked)} (of {with_url_day} pages whose URL "
        "has a day; dates read from the URL itself are left out)"
    )


def _print_gold_agreement(pages: list[Page], articles: list[Article | None]) -> None:
    """newsweave's title, published day and authors against the set's own, on the pages that give one."""
    checks: dict[str, list[bool]] = {"title": [], "date": [], "author": []}
    for page, article in zip(pages, articles, strict=True):
        if page.gold.get("title"):
            checks["title"].append(article is not None and _squash(article.title) == _squash(page.gold["title"]))
        if page.gold.get("date"):
            day = article.published.date().isoformat() if article and article.published else ""
            checks["date"].append(day == page.gold["date"][:10])
        if page.gold.get("author"):
            names = {_squash(name) for name in re.split(r"[;,]|\band\b", page.gold["author"]) if name.strip()}
            checks["author"].append(article is not None and bool(names & {_squash(a) for a in article.authors}))
    print(
        "  against the set's own (pages that give one): "
        + ", ".join(f"{name} {_share(sum(found), len(found))}" for name, found in checks.items())
    )


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _share(n: int, total: int) -> str:
    return f"{n}/{total} = {n / total:.3f}" if total else f"{n}/0"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{source} {n}" for source, n in counter.most_common())


# --- rules -----------------------------------------------------------------------------------------


def print_rules(sets: list[DataSet]) -> None:
    """What each rule of newsweave's pass over trafilatura's text gains (+) or costs (-) on each set:
    the scores with every rule less those with that rule alone off. On a string set also the
    change the rule makes in expected strings found (TP) and unwanted ones found (FP)."""
    print("\nrules, each switched off alone: all rules less that rule off (+ the rule gains, - it costs)")
    print(f"  {'rule':<16}" + "".join(f"  {data.name:<30}" + ("  strings" if data.strings else "") for data in sets))
    base = {data.name: _rule_run(data, frozenset()) for data in sets}
    for rule in RULES:
        cells = []
        for data in sets:
            (f1, p, r, tp, fp), (all_f1, all_p, all_r, all_tp, all_fp) = (
                _rule_run(data, frozenset({rule})),
                base[data.name],
            )
            cells.append(f"  F1 {all_f1 - f1:+.4f} P {all_p - p:+.4f} R {all_r - r:+.4f}")
            cells.append(f"  TP {all_tp - tp:+d} FP {all_fp - fp:+d}" if data.strings else "")
        print(f"  {rule:<16}" + "".join(cells), flush=True)


def _rule_run(data: DataSet, rules: frozenset[str]) -> tuple[float, float, float, int, int]:
    """F1, P, R, and on a string set the expected and unwanted strings found, with ``rules`` off."""
    predictions = [newsweave_without(page, rules) for page in data.pages]
    scores = data.score(predictions)
    pairs = zip(data.pages, predictions, strict=True)
    counts = [string_counts(page.expected, page.unwanted, text) for page, text in pairs]
    return scores.f1, scores.precision, scores.recall, sum(c[0] for c in counts), sum(c[2] for c in counts)


# --- eval gate -------------------------------------------------------------------------------------


def data_sha256(folder: Path) -> str:
    """sha256 over the set's index file and every page file, in name order (names included)."""
    index, pages = (
        ("ground-truth.json", "html/*.html.gz") if layout(folder) == "aeb" else ("evaldata.json", "pages/*.gz")
    )
    digest = hashlib.sha256()
    for path in [folder / index, *sorted(folder.glob(pages))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def gate_scores(data: DataSet) -> dict[str, float]:
    """The figures the gate pins: F1 of newsweave's HTML and plain-text paths; on a string set also
    the HTML path's recall (what newsweave's own rules can lose)."""
    html = data.score([_newsweave(page) for page in data.pages])
    plain = data.score([_newsweave_plain_text(render_plain_text(page)) for page in data.pages])
    scores = {"html_f1": html.f1, "plain_text_f1": plain.f1}
    return {**scores, "html_recall": html.recall} if data.strings else scores


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


def read_floors(path: Path = FLOORS) -> dict[str, tuple[str, dict[str, float]]]:
    """The pinned data sha256 and floors of each set, by set name."""
    pinned = json.loads(path.read_text(encoding="utf-8"))["sets"]
    return {
        name: (str(record["data_sha256"]), {key: float(value) for key, value in record["floors"].items()})
        for name, record in pinned.items()
    }


def update_floors(sets: list[DataSet], path: Path = FLOORS) -> int:
    """Raise the floors of ``sets`` in ``path``; 1 (nothing written) when a set's data changed or a
    figure fell below its floor. Sets not measured keep their floors."""
    record = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"sets": {}}
    pinned = read_floors(path) if path.is_file() else {}
    for data in sets:
        sha = data_sha256(data.folder)
        pinned_sha, floors = pinned.get(data.name, (sha, {}))
        if pinned_sha != sha:
            print(
                f"data changed: {data.name} floors were pinned on sha256 {pinned_sha}, {data.folder} has {sha}",
                file=sys.stderr,
            )
            return 1
        try:
            raised = raise_floors(floors, gate_scores(data))
        except ValueError as error:
            print(f"{data.name}: {error}", file=sys.stderr)
            return 1
        description = DESCRIPTIONS.get(data.name, str(data.folder))
        record["sets"][data.name] = {"data": description, "data_sha256": sha, "floors": raised}
        print(f"{data.name} floors: {json.dumps(raised, sort_keys=True)}")
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"-> {path}")
    return 0


# --- memory ----------------------------------------------------------------------------------------


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


# --- report ----------------------------------------------------------------------------------------


def report(data: DataSet, worst: int) -> None:
    metric = (
        "trafilatura's: with/without strings, P R F1 over all strings"
        if data.strings
        else ("the benchmark's: word 4-grams, P and R means over pages, F1 of the means")
    )
    print(f"\n=== {data.name}: {data.folder} ({len(data.pages)} pages); metric: {metric}")
    print("pages/s is extraction time only; empty = pages with no body predicted\n")
    articles: list[Article | None] = []

    def newsweave(page: Page) -> str:
        articles.append(newsweave_article(page))
        return articles[-1].text if articles[-1] else ""

    runs = run_all_with(data.pages, newsweave)
    print_table(data, runs)
    if not data.strings:
        print_ledes(data.pages, runs)
    print_worst(data, runs[0], worst)
    print_metadata(data, articles)


def run_all_with(pages: list[Page], newsweave: Callable[[Page], str]) -> list[Run]:
    """The rows on ``pages``, after a warm-up outside the timing: newsweave's language model loads,
    and a page too short for trafilatura's main extractor makes its fallbacks load their word
    lists (jusText: 0.5 s), which the first system to need them would pay for all."""
    newsweave_article(pages[0])
    _trafilatura(pages[0], fast=False)
    trafilatura.extract(_TINY_PAGE)
    rendered = [render_plain_text(page) for page in pages]
    systems: dict[str, Callable[[Page], str]] = {
        "newsweave": newsweave,
        "trafilatura": lambda page: _trafilatura(page, fast=False),
        "trafilatura fast": lambda page: _trafilatura(page, fast=True),
        "trafilatura, no comments": lambda page: _trafilatura(page, fast=False, comments=False),
    }
    html_runs = run_in_turns(systems, pages)
    plain = run_in_turns({"newsweave plain-text": _newsweave_plain_text}, rendered)
    return [html_runs[0], *plain, *html_runs[1:]]


def print_table(data: DataSet, runs: list[Run]) -> None:
    print(f"  {'system':<26}{'F1':>7}{'P':>7}{'R':>7}{'pages/s':>10}{'empty':>7}")
    for run in runs:
        scores = data.score(run.predictions)
        rate = len(data.pages) / run.seconds if run.seconds else float("inf")
        print(
            f"  {run.system:<26}{scores.f1:>7.3f}{scores.precision:>7.3f}{scores.recall:>7.3f}"
            f"{rate:>10.1f}{run.n_empty:>7}"
        )


def print_ledes(pages: list[Page], runs: list[Run]) -> None:
    truths = [page.truth for page in pages]
    print(f"\nlede kept (first truth paragraph's first {LEDE_WORDS} words found in the body):")
    for run in runs:
        _print_lede_row(run.system, *lede_share(zip(truths, run.predictions, strict=True)))
    scraped = (_newsweave_plain_text(scraped_text(page)) for page in pages)
    note = "  on title + articleBody, the shape of a scraped .txt page"
    _print_lede_row("newsweave plain-text", *lede_share(zip(truths, scraped, strict=True)), note=note)


def _print_lede_row(system: str, kept: int, total: int, note: str = "") -> None:
    print(f"  {system:<26}{kept:>4}/{total} = {kept / total if total else 0.0:.3f}{note}")


def print_worst(data: DataSet, run: Run, n: int) -> None:
    """The pages newsweave does worst on: lowest page F1 (AEB), most strings wrong (string sets)."""
    rows = []
    for page, prediction in zip(data.pages, run.predictions, strict=True):
        if data.strings:
            _, fn, fp, _ = string_counts(page.expected, page.unwanted, prediction)
            rows.append((-float(fn + fp), f"{fn:>7}{fp:>7}", page))
        else:
            precision, recall = page_precision_recall(*page_counts(page.truth, prediction))
            rows.append(
                (
                    f1_score(precision, recall),
                    f"{f1_score(precision, recall):>7.3f}{precision:>7.3f}{recall:>7.3f}",
                    page,
                )
            )
    rows.sort(key=lambda row: (row[0], row[2].id))
    columns = f"{'missed':>7}{'leaked':>7}" if data.strings else f"{'F1':>7}{'P':>7}{'R':>7}"
    print(f"\n{min(n, len(rows))} worst pages for {run.system}:")
    print(f"  {'id':<32}{columns}  url")
    for _, figures, page in rows[:n]:
        print(f"  {page.id[:32]:<32}{figures}  {page.url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, action="append", help="a set's folder (AEB or trafilatura layout); repeat for more"
    )
    parser.add_argument("--worst", type=int, default=10, help="how many worst newsweave pages to list")
    parser.add_argument("--rules", action="store_true", help="weigh each rule by switching it off (minutes)")
    parser.add_argument("--update-floors", action="store_true", help="raise the gate's floors (never lowers one)")
    parser.add_argument(
        "--memory", type=int, default=0, metavar="N", help="extract the pages N times, print RSS growth"
    )
    args = parser.parse_args()
    folders: list[Path] = args.data or list(DEFAULT_DATA)
    for folder in folders:
        if not layout(folder):
            print(
                f"data absent: {folder} needs ground-truth.json and html/<id>.html.gz (the AEB layout) or "
                "evaldata.json and pages/<file>.gz (trafilatura's), see shared/data/README.md; pass --data DIR",
                file=sys.stderr,
            )
            sys.exit(2)
    sets = [load_set(folder) for folder in folders]
    if not all(data.pages for data in sets):
        print(f"no pages in {', '.join(str(data.folder) for data in sets if not data.pages)}", file=sys.stderr)
        sys.exit(2)
    if args.update_floors:
        sys.exit(update_floors(sets))
    if args.memory:
        total, after_warm_up = memory_growth(sets[0].pages, args.memory)
        print(
            f"RSS growth over {args.memory} x {len(sets[0].pages)} pages: {after_warm_up / 2**20:.1f} MB after a "
            f"warm-up pass, {total / 2**20:.1f} MB counting the warm-up (language model load)"
        )
        return
    print(f"python {platform.python_version()}, trafilatura {trafilatura.__version__}, single process")
    for data in sets:
        report(data, args.worst)
    if args.rules:
        print_rules(sets)
    options = "".join(f" --data {folder}" for folder in args.data or ())
    options += ("" if args.worst == 10 else f" --worst {args.worst}") + (" --rules" if args.rules else "")
    print(f"\nrerun: python bench/extract_eval.py{options}")


if __name__ == "__main__":
    main()
