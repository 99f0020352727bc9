"""The report stage: one comparison, four presentations (terminal, Markdown, JSON, HTML).

:func:`render` gives a single entry point for callers that pick the format at run time (the CLI's
``--format``); the per-format functions stay public for callers that know what they want.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console

from newsweave.model import Comparison
from newsweave.report.html import render_html
from newsweave.report.json_report import (
    SCHEMA_VERSION,
    article_to_json,
    comparison_to_json,
    render_article_json,
    render_json,
)
from newsweave.report.listings import LISTING_FORMATS, render_failures, render_stories
from newsweave.report.markdown import render_markdown
from newsweave.report.terminal import render_terminal
from newsweave.report.views import (
    claim_counts,
    quotes_by_speaker,
    unique_claims_by_source,
)

__all__ = [
    "FORMATS",
    "LISTING_FORMATS",
    "SCHEMA_VERSION",
    "article_to_json",
    "claim_counts",
    "comparison_to_json",
    "quotes_by_speaker",
    "render",
    "render_article_json",
    "render_failures",
    "render_html",
    "render_json",
    "render_markdown",
    "render_stories",
    "render_terminal",
    "unique_claims_by_source",
]

FORMATS = ("terminal", "md", "json", "html")

_TERMINAL_WIDTH = 120


def _render_terminal_text(comparison: Comparison) -> str:
    """The terminal view as plain text, for writing to a file or a pipe."""
    console = Console(file=io.StringIO(), record=True, width=_TERMINAL_WIDTH, color_system=None)
    render_terminal(comparison, console)
    return console.export_text()


_RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "terminal": _render_terminal_text,
    "md": render_markdown,
    "json": render_json,
    "html": render_html,
}


def render(comparison: Comparison, fmt: str) -> str:
    """The comparison in format ``fmt`` (one of :data:`FORMATS`) as a string.

    ``"terminal"`` gives the terminal view as plain text; to print it with colour, call
    :func:`render_terminal` with a console.
    """
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        accepted = ", ".join(repr(name) for name in FORMATS)
        raise ValueError(f"unknown report format {fmt!r}; accepted formats: {accepted}")
    return renderer(comparison)
