"""Fetching pages by URL against reading the same pages from disk: pages/s and CPU a page.

N article pages (the ``examples/*.html`` and ``examples/*.txt`` pages repeated, each copy with its
number put in its title and first line, so that every page has content of its own) are written
to a temporary folder. A ``ThreadingHTTPServer`` on 127.0.0.1 serves that folder (HTTP/1.1,
keep-alive), in a child process (this script, ``--serve``), so that this process's CPU time
(``time.process_time()``) is the reading side's alone.

Both sides read through :func:`newsweave.sources.read_documents`, the function every driver reads
through: the URLs with a :class:`~newsweave.sources.Fetcher` made the run's fetcher
(:func:`~newsweave.sources.fetching`) with politeness off (``delay=0``, loopback allowed: what
``--delay 0 --allow-private`` give; robots.txt is still asked for once, and is absent), the
files from the folder (just written, so from the page cache, not the disk). Each side reads all
pages ``--rounds`` times, the two sides taking turns; the median round is printed with the range
of the rounds' rates. The fetched documents must equal the files' (the same content ids).

``--pipeline`` adds extraction and annotation (``newsweave.extract`` then ``newsweave.annotate``,
in this process, models loaded beforehand) on the first ``--pipeline-pages`` pages, from URLs and
from files, to show what fetching adds to a whole page. Nothing here reaches beyond 127.0.0.1.

    python bench/fetch_load.py [--pages 200] [--rounds 3] [--pipeline [--pipeline-pages 20]]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import newsweave
from newsweave.errors import Failure
from newsweave.model import Document
from newsweave.sources import Fetcher, FetchOptions, fetching, read_documents

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SERVER_STOP_SECONDS = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    """One way of reading the pages: how many were read, in how long, with how much CPU."""

    label: str
    n_pages: int
    seconds: float
    cpu_seconds: float
    n_failed: int = 0
    low: float = 0.0
    high: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.n_pages / self.seconds if self.seconds > 0 else float("inf")

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_seconds / self.n_pages * 1000 if self.n_pages else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Results:
    """What :func:`measure` found: the reading rows, the pipeline rows, and whether both sides read
    the same documents."""

    n_pages: int
    n_bytes: int
    reading: tuple[Measurement, ...]
    pipeline: tuple[Measurement, ...] = ()
    same_documents: bool = True


def make_pages(folder: Path, n_pages: int, examples: Path = EXAMPLES) -> list[str]:
    """Write ``n_pages`` pages into ``folder``, the examples in turn, each with its number in its
    title (HTML) or first line (text); their names, in order.

    Raises:
        FileNotFoundError: ``examples`` holds no ``.html`` or ``.txt`` page.
    """
    sources = sorted([*examples.glob("*.html"), *examples.glob("*.txt")])
    if not sources:
        raise FileNotFoundError(f"{examples}: expected .html and .txt example pages, found none")
    texts = [(source, source.read_text(encoding="utf-8")) for source in sources]
    names: list[str] = []
    for number in range(1, n_pages + 1):
        source, text = texts[(number - 1) % len(texts)]
        if source.suffix == ".html":
            page = text.replace("<title>", f"<title>No. {number}: ", 1).replace("<h1>", f"<h1>No. {number}: ", 1)
        else:
            page = f"No. {number}: {text}"
        name = f"{number:05d}-{source.name}"
        (folder / name).write_text(page, encoding="utf-8")
        names.append(name)
    return names


class _QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a news site's server keeps the connection
    # headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK (40 ms a page on Linux), which would be timed as the fetcher's
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> None:
    """Serve ``folder`` on a free port of 127.0.0.1 until killed; print the port first."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served from a child process on 127.0.0.1; yields the base URL."""
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", str(folder)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = server.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the page server did not start (it printed {port!r})")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.kill()
        server.wait(timeout=SERVER_STOP_SECONDS)


def _timed(label: str, read: Callable[[], list[Document | Failure]]) -> tuple[Measurement, list[Document]]:
    wall, cpu = time.perf_counter(), time.process_time()
    items = read()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    documents = [item for item in items if isinstance(item, Document)]
    failed = len(items) - len(documents)
    return Measurement(label=label, n_pages=len(documents), seconds=wall, cpu_seconds=cpu, n_failed=failed), documents


def _fetcher() -> Fetcher:
    """A fetcher with politeness off, as ``--delay 0 --allow-private`` make it."""
    return Fetcher(FetchOptions(delay=0.0, allow_private=True))


def _fetch_all(urls: Sequence[str]) -> list[Document | Failure]:
    with _fetcher() as fetcher, fetching(fetcher):
        return list(read_documents(urls))


def _median(label: str, rounds: Sequence[Measurement]) -> Measurement:
    """The median round by wall time, with the range of all rounds' rates."""
    middle = sorted(rounds, key=lambda m: m.seconds)[len(rounds) // 2]
    rates = [m.pages_per_second for m in rounds]
    return Measurement(
        label=label,
        n_pages=middle.n_pages,
        seconds=middle.seconds,
        cpu_seconds=statistics.median(m.cpu_seconds for m in rounds),
        n_failed=max(m.n_failed for m in rounds),
        low=min(rates),
        high=max(rates),
    )


def _pipeline(label: str, read: Callable[[], list[Document | Failure]]) -> Measurement:
    """Read, extract and annotate the pages ``read`` gives, all in this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    documents = [item for item in read() if isinstance(item, Document)]
    articles = newsweave.annotate(newsweave.extract(documents))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Measurement(label=label, n_pages=len(articles), seconds=wall, cpu_seconds=cpu)


def measure(n_pages: int, *, rounds: int = 3, pipeline_pages: int = 0) -> Results:
    """Fetch ``n_pages`` pages from a loopback server and read them from files, ``rounds`` times each.

    With ``pipeline_pages``, also extract and annotate that many of them, from URLs and from files.
    """
    if n_pages < 1 or rounds < 1 or not 0 <= pipeline_pages <= n_pages:
        raise ValueError(
            f"expected pages >= 1, rounds >= 1, 0 <= pipeline pages <= pages, got {n_pages}, {rounds}, {pipeline_pages}"
        )
    with tempfile.TemporaryDirectory(prefix="newsweave-fetch-") as tmp:
        folder = Path(tmp)
        names = make_pages(folder, n_pages)
        n_bytes = sum((folder / name).stat().st_size for name in names)
        with served(folder) as base:
            urls = [f"{base}/{name}" for name in names]
            fetched: list[Measurement] = []
            read: list[Measurement] = []
            same = True
            for _ in range(rounds):
                fetch_round, from_urls = _timed("fetched, loopback", partial(_fetch_all, urls))
                disk_round, from_files = _timed("read from files", lambda: list(read_documents([folder])))
                fetched.append(fetch_round)
                read.append(disk_round)
                same = same and {d.id for d in from_urls} == {d.id for d in from_files}
            reading = (_median("fetched, loopback (delay 0)", fetched), _median("read from files", read))
            pipeline: tuple[Measurement, ...] = ()
            if pipeline_pages:
                newsweave.annotate(newsweave.extract(newsweave.read([folder / names[0]])))  # load the models
                some = urls[:pipeline_pages]
                files = [folder / name for name in names[:pipeline_pages]]
                pipeline = (
                    _pipeline("fetch + extract + annotate", partial(_fetch_all, some)),
                    _pipeline("files + extract + annotate", lambda: list(read_documents(files))),
                )
    return Results(n_pages=n_pages, n_bytes=n_bytes, reading=reading, pipeline=pipeline, same_documents=same)


def _print_rows(rows: Sequence[Measurement], baseline: Measurement) -> None:
    print(f"{'':<34}{'pages':>7}{'seconds':>9}{'pages/s':>10}{'(rounds)':>18}{'CPU ms/page':>13}{'CPU ratio':>11}")
    for row in rows:
        spread = f"{row.low:,.0f}-{row.high:,.0f}" if row.high else ""
        ratio = row.cpu_ms_per_page / baseline.cpu_ms_per_page if baseline.cpu_ms_per_page else float("inf")
        print(
            f"{row.label:<34}{row.n_pages:>7}{row.seconds:>9.3f}{row.pages_per_second:>10,.1f}{spread:>18}"
            f"{row.cpu_ms_per_page:>13.3f}{ratio:>10.1f}x"
        )
        if row.n_failed:
            print(f"  {row.n_failed} pages failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="article pages served and read")
    parser.add_argument("--rounds", type=int, default=3, help="times each side reads all pages (median printed)")
    parser.add_argument("--pipeline", action="store_true", help="also extract and annotate, from URLs and files")
    parser.add_argument("--pipeline-pages", type=int, default=20, help="pages extracted and annotated")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the child process: serve this folder
    args = parser.parse_args()
    if args.serve:
        serve_folder(args.serve)
        return
    pipeline_pages = min(args.pipeline_pages, args.pages) if args.pipeline else 0
    print(f"newsweave fetch benchmark, {date.today().isoformat()}")
    print(
        f"{platform.platform()}, python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores available, "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    results = measure(args.pages, rounds=args.rounds, pipeline_pages=pipeline_pages)
    print(
        f"{results.n_pages} pages ({results.n_bytes / results.n_pages / 1024:.1f} KiB each on average) from "
        f"examples/, served on 127.0.0.1 by a ThreadingHTTPServer in a child process; {args.rounds} rounds\n"
    )
    files = results.reading[1]
    _print_rows(results.reading, files)
    print(f"\nfetched documents equal the files' (same content ids): {'yes' if results.same_documents else 'NO'}")
    if results.pipeline:
        print(f"\nwhole page, one process, models loaded ({pipeline_pages} pages):")
        _print_rows(results.pipeline, results.pipeline[1])
    rerun = f"python bench/fetch_load.py --pages {args.pages} --rounds {args.rounds}"
    if args.pipeline:
        rerun += f" --pipeline --pipeline-pages {args.pipeline_pages}"
    print(f"\nrerun: {rerun}")
    if not results.same_documents or any(row.n_failed for row in results.reading):
        sys.exit(1)


if __name__ == "__main__":
    main()
