"""Tests for the report stage, on the hand-built comparison of ``conftest.py``."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from rich.console import Console

from newsweave.model import ClaimStatus, Comparison
from newsweave.report import (
    FORMATS,
    SCHEMA_VERSION,
    article_to_json,
    claim_counts,
    comparison_to_json,
    quotes_by_speaker,
    render,
    render_article_json,
    render_html,
    render_json,
    render_markdown,
    render_terminal,
    unique_claims_by_source,
)
from newsweave.report.markdown import escape_md
from newsweave.report.views import sorted_timeline


def claim_json(data: dict[str, Any], claim_id: str) -> dict[str, Any]:
    claims = data["claims"]
    assert isinstance(claims, list)
    return next(claim for claim in claims if claim["id"] == claim_id)


# --- views -----------------------------------------------------------------------------------


def test_unique_claims_by_source_keys_every_article(comparison: Comparison) -> None:
    unique = unique_claims_by_source(comparison)
    assert {k: [c.id for c in v] for k, v in unique.items()} == {
        "a1": ["c3"],
        "a2": [],
        "a3": ["c4"],
    }


def test_claim_counts_counts_every_status(comparison: Comparison) -> None:
    assert claim_counts(comparison) == {
        ClaimStatus.SHARED: 1,
        ClaimStatus.UNIQUE: 2,
        ClaimStatus.CONFLICT: 1,
    }


@pytest.mark.parametrize(
    ("index", "keys"),
    [(0, ["e1"]), (1, ["e1"]), (2, ["unattributed"])],
)
def test_quotes_by_speaker_keys_by_entity_else_unattributed(
    comparison: Comparison, index: int, keys: list[str]
) -> None:
    groups = quotes_by_speaker(comparison.articles[index])
    assert [key for key, _ in groups] == keys


def test_sorted_timeline_puts_unresolved_last(comparison: Comparison) -> None:
    assert [(e.value, e.relative) for e in sorted_timeline(comparison)] == [
        ("2024-04-28", ""),
        ("2024-04-30", ""),
        ("", "weekday:WE"),
    ]


# --- JSON ------------------------------------------------------------------------------------

ARTICLE_KEYS = {
    "id", "uri", "url", "title", "dek", "authors", "outlet", "published", "published_from",
    "updated", "language", "text", "removed", "sentences", "entities", "quotes", "posts",
    "hashtags", "mentions", "links", "corrections", "times",
}  # fmt: skip


def test_comparison_to_json_has_contract_top_level(comparison: Comparison) -> None:
    data = comparison_to_json(comparison)
    assert set(data) == {
        "schema_version",
        "articles",
        "entities",
        "claims",
        "timeline",
        "sources",
        "framing",
    }
    assert data["schema_version"] == SCHEMA_VERSION == "1.0"


def test_article_to_json_has_contract_keys(comparison: Comparison) -> None:
    data = article_to_json(comparison.articles[0])
    assert set(data) == ARTICLE_KEYS
    assert data["published"] == "2024-05-01T10:00:00+00:00"
    assert data["updated"] is None
    assert data["authors"] == ["Lois Lane"]


@pytest.mark.parametrize(
    ("field", "keys"),
    [
        ("removed", {"label", "text", "start", "end"}),
        ("sentences", {"start", "end"}),
        ("entities", {"text", "label", "entity", "start", "end"}),
        ("quotes", {"text", "speaker", "verb", "speaker_entity", "start", "end"}),
        (
            "posts",
            {
                "platform",
                "handle",
                "author",
                "text",
                "language",
                "url",
                "links",
                "start",
                "end",
            },
        ),
        ("hashtags", {"text", "start", "end"}),
        ("mentions", {"text", "start", "end"}),
        ("corrections", {"kind", "text", "start", "end"}),
        (
            "times",
            {
                "text",
                "kind",
                "granularity",
                "value",
                "relative",
                "anchor",
                "start",
                "end",
            },
        ),
    ],
)
def test_article_to_json_nested_keys(comparison: Comparison, field: str, keys: set[str]) -> None:
    items = article_to_json(comparison.articles[0])[field]
    assert items
    assert all(set(item) == keys for item in items)


def test_article_to_json_offsets_slice_their_text(comparison: Comparison) -> None:
    article = comparison.articles[0]
    data = article_to_json(article)
    for field in ("entities", "quotes", "hashtags", "mentions", "corrections", "times"):
        for item in data[field]:
            assert article.text[item["start"] : item["end"]] == item["text"]
    assert [r["text"] for r in data["removed"]] == ["By Lois Lane", "Photo: AP"]
    assert data["quotes"][0]["speaker"] == "Mayor Jane Doe"


def test_article_to_json_post_without_span_has_null_offsets(
    comparison: Comparison,
) -> None:
    posts = article_to_json(comparison.articles[0])["posts"]
    assert (posts[0]["start"], posts[0]["end"]) != (None, None)
    assert (posts[1]["start"], posts[1]["end"]) == (None, None)
    assert posts[1]["links"] == ["https://pier.example"]


def test_comparison_to_json_claims_follow_contract(comparison: Comparison) -> None:
    data = comparison_to_json(comparison)
    texts = {article.id: article.text for article in comparison.articles}
    for claim in data["claims"]:
        assert set(claim) == {
            "id",
            "status",
            "sources",
            "similarity",
            "brief_member",
            "members",
            "evidence",
            "differs_on",
            "wording_differs",
        }
        assert claim["status"] in {"shared", "unique", "conflict"}
        for m in claim["members"]:
            assert set(m) == {"article", "sentence", "text", "start", "end"}
            assert m["text"] == texts[m["article"]][m["start"] : m["end"]]
        for e in claim["evidence"]:
            assert set(e) == {"kind", "article", "text", "value", "slot", "start", "end"}
            assert e["text"] == texts[e["article"]][e["start"] : e["end"]]
    conflict = claim_json(data, "c2")
    assert [(e["text"], e["value"]) for e in conflict["evidence"]] == [
        ("Twelve", "12"),
        ("Fifteen", "15"),
    ]
    assert conflict["differs_on"] == [
        {
            "subject": "how many people",
            "values": [{"value": "12", "articles": ["a1"]}, {"value": "15", "articles": ["a2"]}],
            "text": "how many people: 12 (a1) against 15 (a2)",
        }
    ]


def test_comparison_to_json_entities_and_timeline(comparison: Comparison) -> None:
    data = comparison_to_json(comparison)
    assert data["entities"] == [
        {
            "id": "e1",
            "name": "Jane Doe",
            "label": "PERSON",
            "aliases": ["Mayor Jane Doe"],
            "mentions": 2,
        }
    ]
    assert data["timeline"][1] == {
        "value": "",
        "relative": "weekday:WE",
        "granularity": "day",
        "article": "a2",
        "sentence": 3,
        "text": "Officials met last Wednesday.",
        "time": "last Wednesday",
    }


def test_comparison_to_json_sources_summarise_each_article(
    comparison: Comparison,
) -> None:
    sources = comparison_to_json(comparison)["sources"]
    assert [s["article"] for s in sources] == ["a1", "a2", "a3"]
    assert sources[0] == {
        "article": "a1",
        "name": "Daily Planet",
        "unique_claims": ["c3"],
        "quotes_by_speaker": [{"speaker": "Jane Doe", "quotes": ["We will rebuild."]}],
        "posts": 2,
        "corrections": 1,
    }
    assert sources[2]["quotes_by_speaker"] == [{"speaker": "unattributed", "quotes": ["It was a long night,"]}]


def test_render_json_round_trips(comparison: Comparison) -> None:
    rendered = render_json(comparison)
    assert json.loads(rendered) == comparison_to_json(comparison)
    assert "café" in rendered
    assert rendered.startswith('{\n  "schema_version"')


def test_render_article_json_round_trips(comparison: Comparison) -> None:
    article = comparison.articles[0]
    assert json.loads(render_article_json(article)) == article_to_json(article)


# --- Markdown --------------------------------------------------------------------------------


def test_render_markdown_brief_cites_sources(comparison: Comparison) -> None:
    md = render_markdown(comparison)
    assert md.startswith("# Storm hits coast\n")
    assert "## Brief\n\n- A storm hit the coast on Tuesday. [1][2][3]\n" in md
    assert "| 2 | The Gazette | The Gazette | en | — | — |" in md


def test_render_markdown_conflict_shows_both_sides_and_evidence(
    comparison: Comparison,
) -> None:
    md = render_markdown(comparison)
    assert "- **Daily Planet** [1]: Twelve people were injured." in md
    assert "- **The Gazette** [2]: Fifteen people were injured." in md
    assert "Differs on how many people: **12** [1] against **15** [2]" in md


@pytest.mark.parametrize(
    "expected",
    [
        "## Only in Daily Planet\n\n- The pier was closed. [1]",
        "## Only in Wire Service\n\n- Crews cleared roads. [3]",
        "### Jane Doe\n\n- “We will rebuild.” [1]\n- “We will rebuild.” [2]",
        "### unattributed",
        "**instagram** @pier Pier Cam (embed, not in body): Pier photo [1]",
        "**x** @weather (en): Winds at 90 mph #storm. [1]",
        "**correction**: Correction: An earlier version misstated the café's name.",
    ],
)
def test_render_markdown_has_section(comparison: Comparison, expected: str) -> None:
    assert expected in render_markdown(comparison)


def test_render_markdown_timeline_sorted_relative_last(comparison: Comparison) -> None:
    md = render_markdown(comparison)
    order = [
        md.index(key) for key in ("**Sun 28 Apr 2024**", "**Tue 30 Apr 2024**", "**a Wednesday (date not given)**")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("fmt", ["md", "html", "terminal"])
def test_render_timeline_says_dates_in_words_not_codes(comparison: Comparison, fmt: str) -> None:
    out = terminal_text(comparison) if fmt == "terminal" else render(comparison, fmt)
    for label in ("Sun 28 Apr 2024", "Tue 30 Apr 2024", "a Wednesday (date not given)"):
        assert label in out
    assert "weekday:WE" not in out
    assert "relative:" not in out


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", r"a \| b"),
        ("# not a heading", r"\# not a heading"),
        ("two\nlines", "two lines"),
        ("[x](javascript:y)", r"\[x\](javascript:y)"),
        ("<b>", r"\<b\>"),
        ("1. first", r"1\. first"),
        ("- item", r"\- item"),
    ],
)
def test_escape_md_neutralises_markup(raw: str, escaped: str) -> None:
    assert escape_md(raw) == escaped


def test_render_markdown_hostile_text_keeps_table_shape(hostile: Comparison) -> None:
    rows = [line for line in render_markdown(hostile).splitlines() if line.startswith("| ")]
    assert len({len(re.findall(r"(?<!\\)\|", row)) for row in rows}) == 1
    assert re.search(r"(?<!\\)<", render_markdown(hostile)) is None


# --- HTML ------------------------------------------------------------------------------------


def test_render_html_escapes_hostile_text(hostile: Comparison) -> None:
    page = render_html(hostile)
    assert "<script" not in page.lower()
    assert 'href="javascript:' not in page.lower()
    assert 'onmouseover="x' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_render_html_loads_no_external_resources(hostile: Comparison) -> None:
    page = render_html(hostile)
    assert " src=" not in page
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page


def test_render_html_links_are_http_with_noopener(comparison: Comparison) -> None:
    page = render_html(comparison)
    external = re.findall(r'<a href="(?!#)[^"]*"[^>]*>', page)
    assert external
    assert all('rel="noopener noreferrer"' in link for link in external)
    assert 'href="https://planet.example/storm"' in page


def test_render_html_has_one_column_per_article(hostile: Comparison) -> None:
    page = render_html(hostile)
    columns = re.findall(r'<div class="column" data-article="([^"]+)">', page)
    assert columns == [article.id for article in hostile.articles]


@pytest.mark.parametrize(
    "expected",
    [
        '<p class="sentence shared" data-claim="c1">A storm hit the coast on Tuesday.</p>',
        '<p class="sentence conflict" data-claim="c2">Fifteen people were injured.</p>',
        '<p class="sentence unique" data-claim="c4">Crews cleared roads.</p>',
        '<p class="sentence none has-post"><span class="notice">post</span>@weather',
        '<p class="sentence none has-correction"><span class="notice">correction</span>',
        "<mark>12</mark>",
        "<h2>Only in Daily Planet</h2>",
        "<h2>Quotes by speaker</h2>",
        "<h2>Embedded posts</h2>",
        "<h2>Timeline</h2>",
        "@media (max-width:",
    ],
)
def test_render_html_has_markup(comparison: Comparison, expected: str) -> None:
    assert expected in render_html(comparison)


def test_render_html_is_one_document(comparison: Comparison) -> None:
    page = render_html(comparison)
    assert page.startswith("<!DOCTYPE html>\n")
    assert page.count("<html") == 1
    assert page.rstrip().endswith("</html>")


# --- terminal and render ---------------------------------------------------------------------


def terminal_text(comparison: Comparison) -> str:
    console = Console(record=True, width=120)
    render_terminal(comparison, console)
    return console.export_text()


def test_render_terminal_shows_sources_and_evidence(comparison: Comparison) -> None:
    out = terminal_text(comparison)
    for name in ("Daily Planet", "The Gazette", "Wire Service"):
        assert name in out
    assert "how many people:" in out
    assert "12 [1] against 15" in out
    assert "Jane Doe" in out


def test_render_terminal_prints_markup_literally(hostile: Comparison) -> None:
    out = terminal_text(hostile)
    assert "[/oops]" in out
    assert "<script>alert(1)</script>" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_gives_text_for_every_format(comparison: Comparison, fmt: str) -> None:
    assert "Storm hits coast" in render(comparison, fmt)


@pytest.mark.parametrize("fmt", ["pdf", "", "MD"])
def test_render_rejects_unknown_format(comparison: Comparison, fmt: str) -> None:
    with pytest.raises(ValueError, match="accepted formats: 'terminal', 'md', 'json', 'html'"):
        render(comparison, fmt)
