"""Fixtures shared across the suite: the seed pages, the shipped examples, and their comparisons.

The seed pages live in ``../shared/seeds`` beside the checkout (CI has them there). Where that
folder is absent, tests that need it fail in CI and are skipped elsewhere, with a message naming
the missing path.
Comparisons load real models, so they are built once per session.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest

import newsweave
from newsweave.model import Article, Comparison

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def _shared_folder(folder: Path) -> Path:
    """``folder`` under ../shared. Where the data is absent the test fails, naming the folder: a
    skip would prove nothing, and CI always has ../shared beside the checkout."""
    if not folder.is_dir():
        pytest.fail(f"shared data absent: {folder} not found (put ../shared beside the checkout)")
    return folder


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _shared_folder(SEEDS)


@pytest.fixture(scope="session")
def aeb_dir() -> Path:
    return _shared_folder(SHARED / "data" / "aeb")


@pytest.fixture(scope="session")
def ecbplus_dir() -> Path:
    return _shared_folder(SHARED / "data" / "ecbplus")


def load_bench(name: str) -> ModuleType:
    """The benchmark script ``bench/<name>.py`` as a module (loaded once), for testing its parts."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def inputs_recorded(db: Path, status: str | None = None) -> int:
    """Inputs an ingest has recorded in ``db`` (with ``status`` when given); 0 while it cannot be read."""
    where, params = ("WHERE status = ?", (status,)) if status else ("", ())
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM ingested_inputs {where}", params).fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="session")
def seed_comparison(seeds_dir: Path) -> Comparison:
    return newsweave.compare(newsweave.annotate(newsweave.extract(newsweave.read([seeds_dir]))))


@pytest.fixture(scope="session")
def example_comparison() -> Comparison:
    return newsweave.compare(newsweave.annotate(newsweave.extract(newsweave.read([EXAMPLES]))))


def write_file(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` exactly (bytes as given, text as UTF-8 with its own line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def article_named(comparison: Comparison, fragment: str) -> Article:
    """The article whose uri contains ``fragment``."""
    matches = [article for article in comparison.articles if fragment in article.uri]
    assert len(matches) == 1, f"expected one article matching {fragment!r}, got {[a.uri for a in matches]}"
    return matches[0]
