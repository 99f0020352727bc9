"""Time ``newsweave batch`` on Ray with 1 and 2 page workers, and estimate a 10M-page run from it.

Data: the 181 real AEB pages (``shared/data/aeb/html/*.html.gz`` beside the repository), packed at
bench time into ``--files`` WARC.gz archives (pages dealt round-robin, ``WARC-Target-URI`` from the
ground truth), so the input is what a crawl gives. For each worker count a fresh single-node Ray
runtime is started with that many CPUs and ``run_batch`` runs into a fresh output folder.

Printed per worker count: pages/s of the page stage (read, extract, annotate, embed, signature;
actor start and model loading included, as a real run pays them once per chunk), pages/s of the
whole run (with near-duplicate and story grouping and the partitioned write), and the peak memory
of one worker (the Ray actor plus its extraction process, sampled from /proc every 0.2 s). Each worker
count runs the pages twice over too: the difference of the two page stages is the rate once the
workers have started (the rate a long run sees, to compare with ``bench/pipeline_pages.py``'s per
core), the rest of the first the start (Ray's worker processes, model loading). Then the
scaling efficiency (rate with 2 workers / twice the rate with 1) and the cost of a 10M-page run
on a cluster of ``--nodes`` nodes, from these measurements and the stated assumptions.

    python bench/batch_scale.py [--data DIR] [--files 8] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import platform
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import ray

from newsweave.batch import BatchOptions, RayEngine, run_batch

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/aeb/html"
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _warc_record(number: int, url: str, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    headers = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(headers + http + b"\r\n\r\n")


def pack_warcs(data: Path, folder: Path, n_files: int, copies: int = 1) -> int:
    """Write the pages of ``data``, ``copies`` times over (each copy at URLs of its own), into
    ``n_files`` WARC.gz files; return the number of pages written."""
    truth_path = data.parent / "ground-truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.is_file() else {}
    pages = sorted(data.glob("*.html.gz"))
    parts: list[list[bytes]] = [[] for _ in range(n_files)]
    number = 0
    for copy in range(copies):
        for page in pages:
            page_id = page.name.removesuffix(".html.gz")
            url = truth.get(page_id, {}).get("url") or f"https://aeb.example/{page_id}"
            url = f"{url}#copy-{copy}" if copy else url
            parts[number % n_files].append(_warc_record(number, url, gzip.decompress(page.read_bytes())))
            number += 1
    folder.mkdir(parents=True, exist_ok=True)
    for index, records in enumerate(parts):
        (folder / f"aeb-{index:02d}.warc.gz").write_bytes(b"".join(records))
    return number


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, resident bytes, command line) of every process readable in /proc."""
    found: dict[int, tuple[int, int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found[int(entry)] = (int(fields[1]), int(fields[21]) * _PAGE, command)
    return found


class WorkerMemory:
    """Peak resident memory of each page worker: the actor running PageStage plus its children."""

    def __init__(self, interval_s: float = 0.2) -> None:
        self.interval_s = interval_s
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval_s):
            processes = _processes()
            children: dict[int, list[int]] = {}
            for pid, (parent, _, _) in processes.items():
                children.setdefault(parent, []).append(pid)
            for pid, (_, _, command) in processes.items():
                if "PageStage" in command:
                    total = sum(processes[p][1] for p in _family(pid, children))
                    self.peak[pid] = max(self.peak.get(pid, 0), total)


def _family(pid: int, children: dict[int, list[int]]) -> list[int]:
    family, pending = [], [pid]
    while pending:
        current = pending.pop()
        family.append(current)
        pending.extend(children.get(current, []))
    return family


@dataclass(slots=True)
class Run:
    workers: int
    pages: int
    articles: int
    page_stage_s: float
    total_s: float
    peak_worker_mb: float
    stories: int
    duplicate_groups: int


def run_once(inputs: Path, out: Path, workers: int, n_pages: int) -> Run:
    ray.init(
        address="local", num_cpus=workers, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False
    )
    marks: dict[str, float] = {}

    def mark(line: str) -> None:
        marks.setdefault(line.split()[0], time.perf_counter())

    try:
        with WorkerMemory() as memory:
            start = time.perf_counter()
            summary = run_batch(
                [str(inputs)],
                out,
                RayEngine(workers=workers),
                BatchOptions(inputs_per_chunk=1000),
                progress=mark,
            )
            total = time.perf_counter() - start
    finally:
        ray.shutdown()
    page_stage = marks.get("grouping", start + total) - start
    peak = max(memory.peak.values(), default=0) / 2**20
    return Run(workers, n_pages, summary.articles, page_stage, total, peak, summary.stories, summary.duplicate_groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of *.html.gz pages")
    parser.add_argument("--files", type=int, default=8, help="WARC files to pack the pages into")
    parser.add_argument("--workers", default="1,2", help="comma-separated page worker counts")
    parser.add_argument("--pages-to-estimate", type=float, default=10e6)
    parser.add_argument("--nodes", type=int, default=10, help="cluster size for the estimate")
    parser.add_argument("--cores-per-node", type=int, default=16)
    parser.add_argument("--ram-gb-per-node", type=float, default=64)
    parser.add_argument("--price-per-node-hour", type=float, default=0.68, help="USD, on demand")
    args = parser.parse_args()
    print(f"newsweave batch scale benchmark on {platform.machine()}, {os.cpu_count()} cores, ray {ray.__version__}")
    runs: list[tuple[Run, float]] = []  # each worker count's run and its rate past the start
    with tempfile.TemporaryDirectory(prefix="newsweave-batch-") as folder:
        once, twice = Path(folder) / "warcs", Path(folder) / "warcs-twice"
        n_pages = pack_warcs(args.data, once, args.files)
        pack_warcs(args.data, twice, args.files, copies=2)
        print(f"data: {n_pages} AEB pages from {args.data} packed into {args.files} WARC.gz files (and twice over)")
        for workers in (int(n) for n in args.workers.split(",")):
            run = run_once(once, Path(folder) / f"out-{workers}", workers, n_pages)
            double = run_once(twice, Path(folder) / f"out-{workers}-twice", workers, 2 * n_pages)
            steady = n_pages / (double.page_stage_s - run.page_stage_s)
            runs.append((run, steady))
            print(
                f"  {workers} worker(s): page stage {run.page_stage_s:.1f} s"
                f" = {run.pages / run.page_stage_s:.2f} pages/s;"
                f" whole run {run.total_s:.1f} s = {run.pages / run.total_s:.2f} pages/s; {run.articles} articles,"
                f" {run.duplicate_groups} near-duplicate groups, {run.stories} stories;"
                f" peak memory per worker {run.peak_worker_mb:.0f} MB\n"
                f"    twice the pages: page stage {double.page_stage_s:.1f} s; so past the start"
                f" {steady:.2f} pages/s ({steady / workers:.2f} a worker),"
                f" and a start of {run.page_stage_s - n_pages / steady:.1f} s (Ray's workers, the models)"
            )
    if len(runs) >= 2:
        (one, steady_one), (two, steady_two) = runs[0], runs[-1]
        rate_one, rate_two = one.pages / one.page_stage_s, two.pages / two.page_stage_s
        efficiency = rate_two / (rate_one * two.workers / one.workers)
        steady_efficiency = steady_two / (steady_one * two.workers / one.workers)
        print(
            f"scaling efficiency {one.workers} -> {two.workers} workers (page stage): {efficiency:.0%},"
            f" past the start {steady_efficiency:.0%}"
        )
        # A run of millions of pages pays the start once a chunk: the rate past it is the one to scale.
        estimate(args, rate_per_worker=steady_two / two.workers, peak_mb=max(run.peak_worker_mb for run, _ in runs))


def estimate(args: argparse.Namespace, *, rate_per_worker: float, peak_mb: float) -> None:
    """Hours and cost of ``--pages-to-estimate`` pages on the stated cluster, from the measured rates."""
    workers_by_cpu = args.cores_per_node
    workers_by_ram = int(args.ram_gb_per_node * 1024 * 0.8 // max(peak_mb, 1))  # 20% kept for Ray and the OS
    per_node = max(1, min(workers_by_cpu, workers_by_ram))
    workers = per_node * args.nodes
    hours = args.pages_to_estimate / (rate_per_worker * workers) / 3600
    cost = hours * args.nodes * args.price_per_node_hour
    print(
        f"estimate for {args.pages_to_estimate:,.0f} pages on {args.nodes} nodes x {args.cores_per_node} cores,"
        f" {args.ram_gb_per_node:g} GB RAM: {per_node} workers per node (CPU allows {workers_by_cpu},"
        f" RAM {workers_by_ram}), {workers} workers at the measured {rate_per_worker:.2f} pages/s each past the start"
        f" -> {hours:.1f} h of page stage, about ${cost:,.0f} at ${args.price_per_node_hour}/node-hour"
    )
    print(
        "assumptions: one worker per core at this machine's per-core rate (cores of the cluster as fast as these);"
        " linear scaling beyond 2 workers at the measured efficiency per worker; the start, paid once a chunk"
        " of inputs, not included; pages like AEB's (news articles of ~1,000 words); archives already on cluster"
        " storage; grouping, whose windows run in parallel, not included; on-demand price of a 16-vCPU, 64 GB VM"
    )


if __name__ == "__main__":
    main()
