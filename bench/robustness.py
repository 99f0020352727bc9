"""Run newsweave over the bad-input corpus and the fuzz properties; print what was handled.

The corpus is the one the tests use (``tests/robustness/corpus.py``: broken, hostile and huge
files, the large ones generated into a temporary folder). Every input goes through the readers
and the extraction workers (extract and annotate) with the default resource limits, as
``newsweave ingest`` takes it. Then the hypothesis properties of ``tests/robustness/test_fuzz.py``
run with ``--examples`` examples each, and their executions are counted from hypothesis's
statistics. Exits 1 when an input crashed, a page was lost or an outcome was not the expected one.

    python bench/robustness.py [--examples N] [--workers N] [--seconds-per-page S]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from newsweave.limits import DEFAULT_LIMITS, Limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus generator lives with the tests: reuse it, do not copy it
from tests.robustness.corpus import CORPUS, Outcome, build_corpus, run_corpus  # noqa: E402

_EXAMPLES = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")


def _print_corpus(outcomes: list[Outcome]) -> int:
    """Print the per-input table and the totals; return how many outcomes were wrong."""
    print(f"{'input':<28} {'articles':>8}  failures")
    codes: Counter[str] = Counter()
    n_wrong = 0
    for bad, outcome in zip(CORPUS, outcomes, strict=True):
        problems = bad.problems(outcome)
        n_wrong += bool(problems)
        found = Counter(failure.code for failure in outcome.failures)
        codes.update(found)
        listed = ", ".join(f"{code} x{count}" if count > 1 else code for code, count in sorted(found.items()))
        print(f"{bad.name:<28} {len(outcome.articles):>8}  {listed or '-'}{'  PROBLEM: ' if problems else ''}"
              f"{'; '.join(problems)}")  # fmt: skip
    handled = sum(bool(outcome.articles) for outcome in outcomes)
    rejected = sum(not outcome.articles and bool(outcome.failures) for outcome in outcomes)
    print()
    print(f"inputs tried          {len(outcomes)}")
    print(f"handled               {handled}  (gave their articles; bad parts of them rejected with a reason)")
    print(f"rejected with reason  {rejected}  ({sum(codes.values())} failures, each with a code and a message)")
    for code, count in sorted(codes.items()):
        print(f"    {code:<26} {count}")
    print(f"crashed               {sum(bool(outcome.crash) for outcome in outcomes)}")
    print(f"pages lost            {sum(outcome.n_lost for outcome in outcomes)}")
    print(f"unexpected outcomes   {n_wrong}")
    return n_wrong


def _run_fuzz(examples: int) -> tuple[int, int, bool]:
    """Run the fuzz properties with ``examples`` each; return (properties, executions, passed)."""
    environment = {**os.environ, "NEWSWEAVE_FUZZ_EXAMPLES": str(examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
               "tests/robustness/test_fuzz.py", "-k", "fuzz"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
    counts = [sum(int(n) for n in match) for match in _EXAMPLES.findall(result.stdout)]
    n_properties = result.stdout.count("tests/robustness/test_fuzz.py::")
    return n_properties, sum(counts), result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=500, help="hypothesis examples per fuzz property")
    parser.add_argument("--workers", type=int, default=2, help="extraction worker processes")
    parser.add_argument("--seconds-per-page", type=float, default=DEFAULT_LIMITS.max_seconds_per_page)
    args = parser.parse_args()
    limits = Limits(max_seconds_per_page=args.seconds_per_page)
    machine = f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    print(f"python bench/robustness.py --examples {args.examples} --workers {args.workers} "
          f"--seconds-per-page {args.seconds_per_page}  ({machine})")  # fmt: skip
    print(f"limits: {limits}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsweave-bad-") as folder:
        outcomes = run_corpus(build_corpus(Path(folder)), limits=limits, workers=args.workers)
    print(f"corpus: {len(CORPUS)} inputs in {time.perf_counter() - started:.0f} s\n")
    n_wrong = _print_corpus(outcomes)
    started = time.perf_counter()
    n_properties, executions, fuzz_passed = _run_fuzz(args.examples)
    print(f"fuzz executions       {executions}  ({n_properties} properties, {args.examples} examples each, "
          f"{'all passed' if fuzz_passed else 'FAILED'}, {time.perf_counter() - started:.0f} s)")  # fmt: skip
    is_clean = not n_wrong and fuzz_passed and not any(o.crash or o.n_lost for o in outcomes)
    return 0 if is_clean else 1


if __name__ == "__main__":
    sys.exit(main())
