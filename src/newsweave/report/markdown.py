"""The Markdown report: a readable brief of the coverage that pastes into notes, issues and chats.

Article text is untrusted input, so every piece of it passes through :func:`escape_md`, which
flattens it onto one line and neutralises the characters that would otherwise turn it into
tables, headings, links or raw HTML. Every statement carries ``[n]`` citations that resolve in
the sources table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsweave.model import Article, ClaimGroup, ClaimStatus, Comparison, SocialPost
from newsweave.outlets import source_name
from newsweave.report.dates import time_label
from newsweave.report.views import (
    NOTHING_LEFT_OUT,
    WORDING_NOTE,
    brief_items,
    citation_numbers,
    claim_sentences,
    claim_text,
    claims_with_status,
    disagreements,
    framing_emphasis,
    framing_leads,
    framing_voices,
    framing_wordings,
    has_framing,
    lead_claims,
    marked_pieces,
    member_text,
    post_details,
    quotes_across_sources,
    rank_label,
    report_title,
    sentence_text,
    sorted_timeline,
    unique_claims_by_source,
    voice_line,
    wording_differs,
)

__all__ = ["escape_md", "render_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")
_MISSING = "—"


def _escape_start(match: re.Match[str]) -> str:
    """``# x`` -> ``\\# x``; ``1. x`` -> ``1\\. x`` (the list marker is what must not parse)."""
    marker = match.group(1)
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"


def escape_md(text: str) -> str:
    """``text`` on one line, safe inside a paragraph, list item, heading or table cell."""
    flat = " ".join(text.split())
    return _LINE_START.sub(_escape_start, _INLINE.sub(r"\\\1", flat))


class _Cite:
    """Formats ``[n]`` citations for article ids."""

    def __init__(self, comparison: Comparison) -> None:
        self._numbers = citation_numbers(comparison)

    def __call__(self, article_ids: Iterable[str]) -> str:
        return "".join(f"[{self._numbers[article_id]}]" for article_id in article_ids)


def _section(heading: str, lines: list[str]) -> str:
    return "\n".join([heading, "", *lines]) if lines else ""


def _cell(text: str) -> str:
    return escape_md(text) if text else _MISSING


def _sources(comparison: Comparison) -> str:
    rows = [
        "| # | Source | Outlet | Language | Published | Authors |",
        "|---|---|---|---|---|---|",
    ]
    for number, article in enumerate(comparison.articles, start=1):
        published = article.published.isoformat() if article.published else ""
        cells = [
            source_name(article),
            article.outlet,
            article.language,
            published,
            ", ".join(article.authors),
        ]
        rows.append(f"| {number} | " + " | ".join(_cell(cell) for cell in cells) + " |")
    return _section("## Sources", rows)


def _brief(comparison: Comparison, cite: _Cite) -> str:
    lines = [
        f"- {escape_md(member_text(comparison, member))} {cite(claim.sources)}{_wording_note(comparison, claim)}"
        for claim, member in brief_items(comparison)
    ]
    return _section("## Brief", lines)


def _wording_note(comparison: Comparison, claim: ClaimGroup) -> str:
    return f" _({WORDING_NOTE})_" if wording_differs(comparison, claim) else ""


def _conflict(comparison: Comparison, claim: ClaimGroup, cite: _Cite) -> list[str]:
    lines = [f"### Conflict {escape_md(claim.id)}", ""]
    for article, text in claim_sentences(comparison, claim):
        lines.append(f"- **{escape_md(source_name(article))}** {cite([article.id])}: {escape_md(text)}")
    reasons = [disagreement.describe(cite, escape=escape_md, value=_bold) for disagreement in disagreements(claim)]
    if reasons:
        lines += ["", "Differs on " + "; ".join(reasons)]
    return lines


def _bold(words: str) -> str:
    return f"**{escape_md(words)}**"


def _conflicts(comparison: Comparison, cite: _Cite) -> str:
    blocks = [
        "\n".join(_conflict(comparison, claim, cite)) for claim in claims_with_status(comparison, ClaimStatus.CONFLICT)
    ]
    return _section("## Conflicts", ["\n\n".join(blocks)] if blocks else [])


def _unique(comparison: Comparison, cite: _Cite) -> list[str]:
    sections = []
    for article_id, claims in unique_claims_by_source(comparison).items():
        article = comparison.article(article_id)
        lines = [
            f"- {escape_md(text)} {cite([article_id])}"
            for claim in claims
            for source, text in claim_sentences(comparison, claim)
            if source.id == article_id
        ]
        sections.append(_section(f"## Only in {escape_md(source_name(article))}", lines))
    return sections


def _quotes(comparison: Comparison, cite: _Cite) -> str:
    blocks = []
    for speaker, quotes in quotes_across_sources(comparison):
        lines = [f"- “{escape_md(article.text_at(quote.span))}” {cite([article.id])}" for article, quote in quotes]
        blocks.append("\n".join([f"### {escape_md(speaker)}", "", *lines]))
    return _section("## Quotes by speaker", ["\n\n".join(blocks)] if blocks else [])


def _claim_ref(comparison: Comparison, claim: ClaimGroup, cite: _Cite) -> str:
    return f"“{escape_md(claim_text(comparison, claim))}” {cite(claim.sources)}"


def _leads(comparison: Comparison, cite: _Cite) -> list[str]:
    lines = ["### Headlines and leads", ""]
    for view in framing_leads(comparison):
        lead = f"“{escape_md(view.lead)}”" if view.lead else _MISSING
        claim = f" ({escape_md(view.lead_claim.id)}, {len(view.lead_claim.sources)} sources)" if view.lead_claim else ""
        lines.append(
            f"- **{escape_md(source_name(view.article))}** {cite([view.article.id])}: "
            f"headline “{escape_md(view.headline) or _MISSING}”; leads with {lead}{claim}"
        )
    leads = lead_claims(comparison)
    if leads:
        header = "| Source | " + " | ".join(escape_md(claim.id) for claim in leads) + " |"
        lines += ["", "Where each source places the claims the sources lead with:", "", header]
        lines.append("|---|" + "---|" * len(leads))
        for view in framing_leads(comparison):
            ranks = " | ".join(rank_label(rank) for _, rank in view.ranks)
            lines.append(f"| {escape_md(source_name(view.article))} {cite([view.article.id])} | {ranks} |")
    return lines


def _emphasis(comparison: Comparison, cite: _Cite) -> list[str]:
    lines = ["### Emphasis and omission", ""]
    for view in framing_emphasis(comparison):
        name = f"**{escape_md(source_name(view.article))}** {cite([view.article.id])}"
        left = "; ".join(_claim_ref(comparison, claim, cite) for claim, _ in view.omitted) or NOTHING_LEFT_OUT
        more = f" and {view.n_more_omitted} more" if view.n_more_omitted else ""
        only = "; ".join(_claim_ref(comparison, claim, cite) for claim, _ in view.exclusive) or _MISSING
        more_only = f" and {view.n_more_exclusive} more" if view.n_more_exclusive else ""
        lines.append(f"- {name} leaves out {left}{more}. Only here: {only}{more_only}")
    return lines


def _voices(comparison: Comparison, cite: _Cite) -> list[str]:
    lines = []
    for article, kinds in framing_voices(comparison):
        quoted = "; ".join(f"{kind}: " + ", ".join(escape_md(voice_line(v)) for v in voices) for kind, voices in kinds)
        lines.append(f"- **{escape_md(source_name(article))}** {cite([article.id])}: {quoted}")
    return ["### Voices", "", *lines] if lines else []


def _words(comparison: Comparison, cite: _Cite) -> list[str]:
    lines = []
    for view in framing_wordings(comparison):
        lines += ["", f"#### {escape_md(view.claim.id)} ({WORDING_NOTE})", ""]
        for member in view.members:
            pieces = marked_pieces(member.text, member.member.span.start, member.marks)
            text = "".join(f"**{escape_md(t)}** _({m.kind})_" if m else _escape_run(t) for t, m in pieces)
            neutral = " (most neutral)" if member.is_neutral else ""
            lines.append(f"- {cite([member.article.id])}{neutral}: {text}")
    return ["### Words", *lines] if lines else []


def _escape_run(text: str) -> str:
    """A run of text between marked words, escaped with the spaces at its ends kept."""
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() and text.strip() else ""
    return f"{before}{escape_md(text)}{after}"


def _framing(comparison: Comparison, cite: _Cite) -> str:
    if not has_framing(comparison):
        return ""
    blocks = [_leads(comparison, cite), _emphasis(comparison, cite), _voices(comparison, cite)]
    blocks.append(_words(comparison, cite))
    return _section("## Framing", ["\n\n".join("\n".join(block) for block in blocks if block)])


def _post_line(article: Article, post: SocialPost, cite: _Cite) -> str:
    who = " ".join(escape_md(part) for part in (post.handle, post.author) if part) or _MISSING
    details = "; ".join(escape_md(detail) for detail in post_details(post))
    notes = f" ({details})" if details else ""
    head = f"- **{escape_md(post.platform) or _MISSING}** {who}{notes}"
    return f"{head}: {escape_md(post.text)} {cite([article.id])}"


def _posts(comparison: Comparison, cite: _Cite) -> str:
    lines = [_post_line(article, post, cite) for article in comparison.articles for post in article.posts]
    return _section("## Embedded posts", lines)


def _corrections(comparison: Comparison, cite: _Cite) -> str:
    lines = [
        f"- {cite([article.id])} **{escape_md(item.kind)}**: {escape_md(article.text_at(item.span))}"
        for article in comparison.articles
        for item in article.corrections
    ]
    return _section("## Corrections", lines)


def _timeline(comparison: Comparison, cite: _Cite) -> str:
    lines = []
    for entry in sorted_timeline(comparison):
        article = comparison.article(entry.article_id)
        when = time_label(entry.value, entry.relative)
        said = escape_md(sentence_text(article, entry.sentence))
        time = escape_md(article.text_at(entry.time))
        lines.append(f"- **{escape_md(when)}** (“{time}”): {said} {cite([article.id])}")
    return _section("## Timeline", lines)


def render_markdown(comparison: Comparison) -> str:
    """The comparison as one Markdown document, empty sections left out."""
    cite = _Cite(comparison)
    blocks = [
        f"# {escape_md(report_title(comparison))}",
        _sources(comparison),
        _brief(comparison, cite),
        _conflicts(comparison, cite),
        *_unique(comparison, cite),
        _quotes(comparison, cite),
        _framing(comparison, cite),
        _posts(comparison, cite),
        _corrections(comparison, cite),
        _timeline(comparison, cite),
    ]
    return "\n\n".join(block for block in blocks if block) + "\n"
