"""The terminal report: the comparison as rich tables, for a quick look without leaving the shell.

Article text may contain ``[...]`` sequences that rich would read as markup (or as a crash on a
malformed tag), so article-derived strings only ever reach rich as :class:`rich.text.Text`
objects, never as markup strings.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from newsweave.model import ClaimGroup, ClaimStatus, Comparison
from newsweave.outlets import source_name
from newsweave.report.dates import time_label
from newsweave.report.views import (
    NOTHING_LEFT_OUT,
    WORDING_NOTE,
    citation_numbers,
    claim_counts,
    claim_text,
    disagreements,
    framing_emphasis,
    framing_leads,
    framing_voices,
    framing_wordings,
    has_framing,
    lead_claims,
    marked_pieces,
    quotes_across_sources,
    rank_label,
    report_title,
    sentence_text,
    sorted_timeline,
)

__all__ = ["render_terminal"]

_STATUS_STYLE = {
    ClaimStatus.SHARED: "bold green",
    ClaimStatus.UNIQUE: "bold blue",
    ClaimStatus.CONFLICT: "bold red",
}
_MISSING = "—"
_WORD_STYLE = {
    "evaluative": "bold black on yellow",
    "attribution": "bold black on magenta",
    "intensifier": "bold underline",
    "hedge": "bold italic",
}


def _text(value: str) -> Text:
    return Text(value) if value else Text(_MISSING, style="dim")


def _cite(numbers: dict[str, int], article_id: str) -> Text:
    return Text(f"[{numbers[article_id]}]", style="cyan")


def _table(title: str, *columns: str | Text) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _sources(comparison: Comparison) -> Table:
    table = _table("Sources", "#", "Source", "Outlet", "Language", "Published", "Authors")
    for number, article in enumerate(comparison.articles, start=1):
        published = article.published.isoformat() if article.published else ""
        table.add_row(
            str(number),
            Text(source_name(article), style="bold"),
            _text(article.outlet),
            _text(article.language),
            _text(published),
            _text(", ".join(article.authors)),
        )
    return table


def _statements(comparison: Comparison, numbers: dict[str, int], claim: ClaimGroup) -> Text:
    """Each member sentence on its own line after its source's number: readable at any width
    and for any number of sources, where a column per source is not."""
    lines = [
        Text.assemble(_cite(numbers, m.article_id), " ", comparison.article(m.article_id).text_at(m.span))
        for m in claim.members
    ]
    return Text("\n").join(lines)


def _differences(numbers: dict[str, int], claim: ClaimGroup) -> Text:
    def cite(article_ids: Sequence[str]) -> str:
        return "".join(f"[{numbers[article_id]}]" for article_id in article_ids)

    return Text("\n").join(Text(item.describe(cite), style="red") for item in disagreements(claim))


def _claims(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    counts = claim_counts(comparison)
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    table = _table(f"Claims ({summary})", "Claim", "Status", "What each source says", "Differs on")
    table.columns[2].ratio = 4
    table.columns[3].ratio = 1
    for claim in comparison.claims:
        table.add_row(
            Text(claim.id),
            Text(str(claim.status), style=_STATUS_STYLE[claim.status]),
            _statements(comparison, numbers, claim),
            _differences(numbers, claim),
        )
    return table


def _quotes(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table("Quotes by speaker", "Speaker", "Quote", "Source")
    for speaker, quotes in quotes_across_sources(comparison):
        for article, quote in quotes:
            table.add_row(
                Text(speaker, style="bold"),
                Text(f"“{article.text_at(quote.span)}”"),
                _cite(numbers, article.id),
            )
    return table


def _posts(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table("Embedded posts", "Platform", "Handle", "Author", "Language", "Text", "Source")
    for article in comparison.articles:
        for post in article.posts:
            where = "" if post.span is not None else "\n(embed, not in body)"
            table.add_row(
                _text(post.platform),
                _text(post.handle),
                _text(post.author),
                _text(post.language),
                Text.assemble(post.text, (where, "dim")),
                _cite(numbers, article.id),
            )
    return table


def _corrections(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table("Corrections", "Kind", "Text", "Source")
    for article in comparison.articles:
        for item in article.corrections:
            table.add_row(
                Text(item.kind, style="bold yellow"),
                Text(article.text_at(item.span)),
                _cite(numbers, article.id),
            )
    return table


def _claim_refs(comparison: Comparison, numbers: dict[str, int], claims: Sequence[ClaimGroup], n_more: int) -> Text:
    if not claims:
        return Text(_MISSING, style="dim")
    lines = [
        Text.assemble(f"“{claim_text(comparison, claim)}” ", *(_cite(numbers, s) for s in claim.sources))
        for claim in claims
    ]
    if n_more:
        lines.append(Text(f"and {n_more} more", style="dim"))
    return Text("\n").join(lines)


def _leads(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    leads = lead_claims(comparison)
    table = _table("Framing: headlines and leads", "Source", "Headline", "Leads with", *(claim.id for claim in leads))
    for view in framing_leads(comparison):
        claim = f" ({view.lead_claim.id})" if view.lead_claim else ""
        table.add_row(
            Text.assemble(_cite(numbers, view.article.id), " ", Text(source_name(view.article), style="bold")),
            _text(view.headline),
            Text.assemble(view.lead or _MISSING, (claim, "dim")),
            *(Text(rank_label(rank)) for _, rank in view.ranks),
        )
    return table


def _emphasis(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table("Framing: emphasis and omission", "Source", "Leaves out (most central first)", "Only here")
    for view in framing_emphasis(comparison):
        omitted = [claim for claim, _ in view.omitted]
        left = _claim_refs(comparison, numbers, omitted, view.n_more_omitted)
        if not omitted:
            left = Text(NOTHING_LEFT_OUT, style="dim")
        table.add_row(
            Text.assemble(_cite(numbers, view.article.id), " ", Text(source_name(view.article), style="bold")),
            left,
            _claim_refs(comparison, numbers, [claim for claim, _ in view.exclusive], view.n_more_exclusive),
        )
    return table


def _voices(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table("Framing: voices", "Source", "Kind", "Speaker", "Described as", "Quotes", "Words", "Only here")
    for article, kinds in framing_voices(comparison):
        for kind, voices in kinds:
            for voice in voices:
                table.add_row(
                    Text.assemble(_cite(numbers, article.id), " ", source_name(article)),
                    Text(str(kind), style="bold"),
                    Text(voice.speaker),
                    _text(voice.cue),
                    Text(str(voice.n_quotes)),
                    Text(str(voice.n_words)),
                    Text("yes" if voice.only_here else ""),
                )
    return table


def _words(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table(f"Framing: words ({WORDING_NOTE})", "Claim", "Source", "Sentence", "Marked")
    table.columns[2].ratio = 4
    for view in framing_wordings(comparison):
        for member in view.members:
            pieces = marked_pieces(member.text, member.member.span.start, member.marks)
            sentence = Text.assemble(*((t, _WORD_STYLE[m.kind]) if m else t for t, m in pieces))
            marked = ", ".join(f"{member.article.text_at(m.span)} ({m.kind})" for m in member.marks)
            table.add_row(
                Text(view.claim.id),
                Text.assemble(_cite(numbers, member.article.id), (" most neutral" if member.is_neutral else "", "dim")),
                sentence,
                _text(marked),
            )
    return table


def _timeline_when(value: str, relative: str) -> Text:
    # italic marks a time the report could not place on the calendar
    return Text(time_label(value, relative), style="bold" if value else "italic")


def _timeline(comparison: Comparison) -> Table:
    numbers = citation_numbers(comparison)
    table = _table("Timeline", "When", "Time", "Sentence", "Source")
    for entry in sorted_timeline(comparison):
        article = comparison.article(entry.article_id)
        table.add_row(
            _timeline_when(entry.value, entry.relative),
            Text(article.text_at(entry.time)),
            Text(sentence_text(article, entry.sentence)),
            _cite(numbers, article.id),
        )
    return table


def render_terminal(comparison: Comparison, console: Console) -> None:
    """Print the comparison to ``console``; tables with no rows are left out."""
    framing = (
        [_leads(comparison), _emphasis(comparison), _voices(comparison), _words(comparison)]
        if has_framing(comparison)
        else []
    )
    tables = [
        _sources(comparison),
        _claims(comparison),
        _quotes(comparison),
        *framing,
        _posts(comparison),
        _corrections(comparison),
        _timeline(comparison),
    ]
    console.rule(Text(report_title(comparison), style="bold"))
    console.print(Group(*(table for table in tables if table.row_count)))
