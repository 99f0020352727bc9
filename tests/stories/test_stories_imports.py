"""``newsweave.stories`` serves the commands, the web page and batch: it loads no web framework."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

WEB = ("fastapi", "starlette", "jinja2", "uvicorn", "newsweave.web", "newsweave.cli")


def _loaded_after(module: str) -> list[str]:
    """Which of :data:`WEB` (or their submodules) a fresh interpreter holds after importing ``module``."""
    code = (
        f"import json, sys, {module}; "
        f"print(json.dumps(sorted({{m for m in sys.modules for w in {WEB!r} if m == w or m.startswith(w + '.')}})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(result.stdout)
    return loaded


@pytest.mark.parametrize(
    "module",
    ["newsweave.stories", "newsweave.stories.comparisons", "newsweave.stories.articles", "newsweave.stories.outlets"],
)
def test_stories_import_no_web_framework(module: str) -> None:
    assert _loaded_after(module) == []


def test_web_imports_its_framework() -> None:
    """The check above sees a web framework when one is imported."""
    loaded = _loaded_after("newsweave.web")
    assert {"fastapi", "starlette", "jinja2", "newsweave.web"} <= set(loaded)
