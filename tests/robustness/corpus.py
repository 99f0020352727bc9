"""The bad-input corpus: every kind of broken or hostile file, with what newsweave must do with it.

Small files are committed in ``tests/data/bad/``; the large ones (a 50 MB page, a gzip bomb,
HTML nested 100k levels deep, a page of 20k embedded tweets) and the damaged archives are written
by :func:`build_corpus` into a folder the caller gives, so the repository stays small.

Each :class:`BadInput` names the outcome that counts as handled: ``articles`` (at least that many
articles come out) or ``codes`` (every failure has one of those codes and no article comes out).
The tests and ``bench/robustness.py`` read the same table.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.errors import Failure
from newsweave.extract import ExtractOptions
from newsweave.limits import Limits
from newsweave.model import Article, Document
from newsweave.pipeline import ExtractionPool
from newsweave.sources import read_documents

__all__ = [
    "BAD_DATA",
    "CORPUS",
    "STORY",
    "BadInput",
    "Outcome",
    "build_corpus",
    "run_corpus",
    "run_input",
    "warc_record",
]

BAD_DATA = Path(__file__).resolve().parents[1] / "data" / "bad"
STORY = (
    "Harbour crews in Port Veldt cleared the quay on Tuesday after a storm pushed two barges onto the "
    "breakwater. The port authority said the ferry service to Oskel Island would resume on Friday, and that "
    "no one was hurt."
)
_PAGE = f"<html><head><title>Quay reopens</title></head><body><h1>Quay reopens</h1><p>{STORY}</p></body></html>"


@dataclass(frozen=True, slots=True, kw_only=True)
class BadInput:
    """One file of the corpus and the outcome that counts as handled.

    ``articles``: how many articles it must give. ``codes``: the failure codes allowed for it;
    any other code, a crash or a page lost is a bug. Where ``extract.timeout`` is allowed, a page
    that runs out of time may stand in for one of the articles.
    """

    name: str
    articles: int = 0
    codes: frozenset[str] = frozenset()

    def problems(self, outcome: Outcome) -> list[str]:
        """What is wrong with ``outcome``; empty when the input was handled as it must be."""
        problems = [f"crashed: {outcome.crash}"] if outcome.crash else []
        if outcome.n_lost:
            problems.append(f"{outcome.n_lost} page(s) lost: read but neither an article nor a failure")
        problems += [f"unexpected failure {f.code}: {f.message}" for f in outcome.failures if f.code not in self.codes]
        problems += [f"failure {f.code} without a reason" for f in outcome.failures if not f.message.strip()]
        n_timeouts = sum(f.code == "extract.timeout" for f in outcome.failures)
        if self.articles not in range(len(outcome.articles), len(outcome.articles) + n_timeouts + 1):
            problems.append(f"expected {self.articles} article(s), got {len(outcome.articles)}")
        if not outcome.articles and not outcome.failures and not outcome.crash:
            problems.append("neither read nor rejected with a reason")
        return problems


@dataclass(slots=True, kw_only=True)
class Outcome:
    """What one input gave: its articles and failures, pages read but unaccounted for, a crash."""

    name: str
    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    n_lost: int = 0
    crash: str = ""


def _bad(name: str, *codes: str, articles: int = 0) -> BadInput:
    return BadInput(name=name, articles=articles, codes=frozenset(codes))


CORPUS: tuple[BadInput, ...] = (
    # committed, small
    _bad("empty.html", "sources.empty"),
    _bad("whitespace.txt", "sources.empty"),
    _bad("binary-named.html", "sources.binary"),
    _bad("zeros.txt", "sources.binary"),
    _bad("unsupported.pdf", "sources.unsupported"),
    _bad("invalid-utf8.html", articles=1),
    _bad("cp1252-labelled-utf8.html", articles=1),
    _bad("shift-jis.txt", articles=1),
    _bad("utf16-no-bom.txt", articles=1),
    _bad("utf16be-no-bom.html", articles=1),
    _bad("all-navigation.html", "extract.no_article"),
    _bad("no-punctuation.txt", articles=1),
    _bad("hostile-a.html", articles=1),  # markup and script in the title and text
    _bad("hostile-b.html", articles=1),
    _bad("malformed.rss", "sources.bad_feed"),
    _bad("billion-laughs.rss", "sources.unsafe_xml"),
    _bad("external-entity.rss", "sources.unsafe_xml"),
    _bad("external-dtd.atom", articles=1),  # the DTD is not fetched; the entry is read
    _bad("billion-laughs.opml", "sources.unsafe_xml"),
    _bad("network-only.opml", "sources.fetch_disabled", "sources.missing"),
    _bad("bad-lines.jsonl", "sources.bad_json", "sources.no_content", "sources.bad_date", articles=3),
    # generated, see build_corpus
    _bad("page-50mb.html", "sources.too_large"),
    _bad("deep-100k.html", "extract.too_deep"),
    _bad("tweets-20k.html", "extract.timeout", articles=1),
    _bad("gzip-bomb.warc.gz", "sources.too_large", "sources.bad_warc_record"),
    _bad("body-bomb.warc.gz", "sources.too_large", articles=1),
    _bad("truncated.warc.gz", "sources.truncated_warc", articles=2),
    _bad("truncated.warc", "sources.truncated_warc", articles=2),
    _bad("garbage-between.warc", "sources.bad_warc_record", articles=2),
)


def run_corpus(folder: Path, *, limits: Limits, workers: int) -> list[Outcome]:
    """Read, extract and annotate every corpus input in ``folder`` (from :func:`build_corpus`)."""
    with ExtractionPool(workers, ExtractOptions(limits=limits), annotate=True) as pool:
        return [run_input(folder / bad.name, pool=pool, limits=limits) for bad in CORPUS]


def run_input(path: Path, *, pool: ExtractionPool, limits: Limits) -> Outcome:
    """One input through the readers and the worker pool, as ``ingest`` takes it."""
    outcome = Outcome(name=path.name)
    try:
        items = list(read_documents([path], limits=limits))
        documents = [item for item in items if isinstance(item, Document)]
        outcome.failures = [item for item in items if isinstance(item, Failure)]
        results = list(pool.extract(documents))
    except Exception:  # the crash is what is being counted
        outcome.crash = traceback.format_exc(limit=-3)
        return outcome
    outcome.articles = [result for result in results if isinstance(result, Article)]
    outcome.failures += [result for result in results if isinstance(result, Failure)]
    accounted = {article.id for article in outcome.articles} | {f.input_id for f in outcome.failures}
    outcome.n_lost = sum(doc.id not in accounted and doc.uri not in accounted for doc in documents)
    return outcome


def build_corpus(folder: Path) -> Path:
    """Copy the committed files into ``folder`` and write the generated ones beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in BAD_DATA.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    _write_big_page(folder / "page-50mb.html", size=50 << 20)
    (folder / "deep-100k.html").write_text(_deep_html(100_000), encoding="utf-8")
    (folder / "tweets-20k.html").write_text(_tweets_html(20_000), encoding="utf-8")
    _write_gzip_bomb(folder / "gzip-bomb.warc.gz", expanded=1 << 30)
    (folder / "body-bomb.warc.gz").write_bytes(_body_bomb_warc())
    archive = b"".join(
        warc_record(f"https://harbour.example/{n}", _PAGE.replace("Quay", f"Quay {n}")) for n in range(3)
    )
    (folder / "truncated.warc").write_bytes(archive[: len(archive) - 200])
    members = b"".join(
        gzip.compress(warc_record(f"https://harbour.example/{n}", _PAGE.replace("Quay", f"Pier {n}"))) for n in range(3)
    )
    (folder / "truncated.warc.gz").write_bytes(members[: len(members) - 40])
    first, second = (warc_record(f"https://harbour.example/g{n}", _PAGE.replace("Quay", f"Dock {n}")) for n in range(2))
    (folder / "garbage-between.warc").write_bytes(first + b"\x00\xffnot a record\r\n" * 50 + second)
    return folder


def warc_record(url: str, html: str, *, extra_headers: str = "", body: bytes | None = None) -> bytes:
    """One WARC response record holding an HTTP 200 HTML page (``body`` replaces the encoded ``html``)."""
    payload = html.encode("utf-8") if body is None else body
    block = (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra_headers}"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:sha1:{hashlib.sha1(url.encode()).hexdigest()}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return headers + block + b"\r\n\r\n"


def _write_big_page(path: Path, *, size: int) -> None:
    paragraph = f"<p>{STORY}</p>\n".encode()
    with path.open("wb") as stream:
        stream.write(b"<html><body><h1>A very long page</h1>\n")
        for _ in range(size // len(paragraph) + 1):
            stream.write(paragraph)
        stream.write(b"</body></html>")


def _deep_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + f"<p>{STORY}</p>" + "</div>" * depth + "</body></html>"


def _tweets_html(n_tweets: int) -> str:
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en">Quay {n} is open again #PortVeldt</p>'
        "&mdash; Port Veldt Harbour (@PortVeldtHarbour) "
        '<a href="https://twitter.com/PortVeldtHarbour/status/{n}">March 5, 2024</a></blockquote>'
    )
    tweets = "".join(tweet.format(n=n) for n in range(n_tweets))
    head = "<html><head><title>Live: quay reopens</title></head>"
    return f"{head}<body><h1>Live: quay reopens</h1><p>{STORY}</p>{tweets}</body></html>"


def _write_gzip_bomb(path: Path, *, expanded: int) -> None:
    """A ``.warc.gz`` whose one gzip member expands to ``expanded`` bytes of zeros (about 1000:1)."""
    chunk = bytes(1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as stream:
        for _ in range(expanded // len(chunk)):
            stream.write(chunk)


def _body_bomb_warc() -> bytes:
    """A good page, then a record whose gzip ``Content-Encoding`` body expands to 256 MiB."""
    bomb = gzip.compress(bytes(256 << 20), compresslevel=9)
    return gzip.compress(warc_record("https://harbour.example/ok", _PAGE)) + gzip.compress(
        warc_record("https://harbour.example/bomb", "", extra_headers="Content-Encoding: gzip\r\n", body=bomb)
    )
