"""Fixtures shared across the suite: the seed pages, the shipped examples, and their comparisons.

The seed pages live in ``../shared/seeds`` beside the checkout (CI has them there). Where that
folder is absent, tests that need it are skipped with a message naming the missing path.
Comparisons load real models, so they are built once per session.
"""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared data absent: {SEEDS} not found (CI has ../shared beside the checkout)")
    return SEEDS


@pytest.fixture(scope="session")
def aeb_dir() -> Path:
    folder = SHARED / "data" / "aeb"
    if not folder.is_dir():
        pytest.skip(f"shared data absent: {folder} not found (CI has ../shared beside the checkout)")
    return folder


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
