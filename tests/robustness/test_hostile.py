"""Hostile article text (markup, scripts, event handlers) never takes over a report."""

from __future__ import annotations

import re

import pytest

import newsweave
from newsweave.model import Comparison
from tests.robustness.corpus import BAD_DATA

# An element a browser would run or load, or one that would end the report's own markup early.
_ACTIVE_MARKUP = re.compile(r"<\s*/?\s*(?:script|img|iframe|svg|textarea)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_comparison() -> Comparison:
    pages = [BAD_DATA / "hostile-a.html", BAD_DATA / "hostile-b.html"]
    return newsweave.compare(newsweave.annotate(newsweave.extract(newsweave.read(pages))))


def test_hostile_text_is_kept_as_text(hostile_comparison: Comparison) -> None:
    texts = " ".join(article.title + article.text for article in hostile_comparison.articles)
    assert "<script>alert(1)</script>" in texts or "<script>alert(3)</script>" in texts


def test_hostile_text_is_escaped_in_the_html_report(hostile_comparison: Comparison) -> None:
    report = newsweave.report(hostile_comparison, "html")
    assert "alert(4)" in report  # the words are there...
    body = report.split("<body", 1)[1]
    assert not _ACTIVE_MARKUP.search(body), "markup from an article came through"
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in report  # ...as escaped text


def test_hostile_text_is_escaped_in_the_markdown_report(hostile_comparison: Comparison) -> None:
    report = newsweave.report(hostile_comparison, "md")
    assert "alert(4)" in report
    assert not re.search(r"(?<!\\)<\s*(?:script|img)", report)
