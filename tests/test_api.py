"""The package's Python API: light to import, its functions never shadowed by its subpackages."""

from __future__ import annotations

import importlib
import subprocess
import sys

import newsweave
from tests.conftest import EXAMPLES


def test_the_api_functions_survive_importing_their_subpackages() -> None:
    for name in ("annotate", "compare", "extract", "report"):
        importlib.import_module(f"newsweave.{name}")
        assert callable(getattr(newsweave, name)), name
    articles = newsweave.annotate(newsweave.extract(newsweave.read([EXAMPLES])))
    assert "# " in newsweave.report(newsweave.compare(articles), "md")


def test_the_options_classes_load_on_first_use() -> None:
    assert (
        newsweave.ExtractOptions().min_chars == importlib.import_module("newsweave.extract").ExtractOptions().min_chars
    )


def test_importing_newsweave_loads_no_stage() -> None:
    code = "import sys, newsweave; print(sorted(m for m in sys.modules if m.startswith(('spacy', 'sklearn', 'numpy'))))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
