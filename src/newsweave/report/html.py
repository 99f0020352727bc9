"""The HTML report: one self-contained page to open offline, mail or archive.

The page embeds its stylesheet and loads nothing, so it renders the same anywhere and leaks no
reader's visit. Everything taken from an article (text, titles, handles, outlet names, URLs) is
untrusted: it is built into markup only through :func:`html.escape`, and only ``http(s)`` URLs
become links, with ``rel="noopener noreferrer"``. Besides the sections of the Markdown report it
shows the articles side by side, each sentence coloured by the status of its claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

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
    sentence_claims,
    sentence_notices,
    sentence_text,
    sorted_timeline,
    unique_claims_by_source,
    voice_line,
    wording_differs,
)

__all__ = ["render_html"]

_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`]+", re.IGNORECASE)
_MISSING = "—"

_STYLE = """
:root { --shared: #d8f0dc; --unique: #dbe7fb; --conflict: #fbdcdc; --none: #ececec;
  --ink: #1d1d1f; --muted: #5f6368; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.cite { text-decoration: none; font-size: .85em; }
.muted { color: var(--muted); }
.evidence mark { background: var(--conflict); padding: 0 .2em; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .4em; border-radius: 3px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
  gap: 1rem; }
.column { min-width: 0; }
.column h3 { margin-top: 0; }
.sentence { margin: 0 0 .4rem; padding: .25rem .5rem; border-radius: 4px;
  overflow-wrap: anywhere; }
.shared { background: var(--shared); }
.unique { background: var(--unique); }
.conflict { background: var(--conflict); }
.none { background: var(--none); color: var(--muted); }
.word { padding: 0 .15em; border-radius: 3px; }
.word-evaluative { background: #fde2b8; }
.word-attribution { background: #f3d1f4; }
.word-intensifier { background: #fff3a8; }
.word-hedge { background: #d9ecf7; }
.word-kind { font-size: .75em; color: var(--muted); }
.note { font-style: italic; color: var(--muted); }
.notice { font-size: .75em; font-weight: 600; text-transform: uppercase; margin-right: .4em;
  padding: 0 .3em; border: 1px solid currentColor; border-radius: 3px; }
@media (max-width: 40rem) {
  main { padding: .5rem; }
  .columns { grid-template-columns: 1fr; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _link(url: str, label: str) -> str:
    """A link for ``http(s)`` URLs; anything else (``javascript:``, ``data:``) stays text."""
    if not _SAFE_URL.fullmatch(url):
        return _e(label)
    return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(label)}</a>'


class _Cite:
    """Formats ``[n]`` citations as in-page links to the sources table."""

    def __init__(self, comparison: Comparison) -> None:
        self._numbers = citation_numbers(comparison)

    def __call__(self, article_ids: Iterable[str]) -> str:
        return "".join(
            f'<a class="cite" href="#source-{n}">[{n}]</a>'
            for n in (self._numbers[article_id] for article_id in article_ids)
        )


def _section(section_id: str, heading: str, body: list[str]) -> str:
    if not body:
        return ""
    return "\n".join([f'<section id="{section_id}">', f"<h2>{heading}</h2>", *body, "</section>"])


def _list(items: list[str]) -> list[str]:
    return ["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"] if items else []


def _or_missing(text: str) -> str:
    return _e(text) if text else _MISSING


def _source_row(number: int, article: Article) -> str:
    published = article.published.isoformat() if article.published else ""
    cells = [
        _link(article.url, source_name(article)),
        _or_missing(article.title),
        _or_missing(article.outlet),
        _or_missing(article.language),
        _or_missing(published),
        _or_missing(", ".join(article.authors)),
    ]
    tds = "".join(f"<td>{cell}</td>" for cell in cells)
    return f'<tr id="source-{number}"><td>{number}</td>{tds}</tr>'


def _sources(comparison: Comparison) -> str:
    head = "".join(
        f"<th>{name}</th>"
        for name in (
            "#",
            "Source",
            "Title",
            "Outlet",
            "Language",
            "Published",
            "Authors",
        )
    )
    rows = [_source_row(n, article) for n, article in enumerate(comparison.articles, start=1)]
    return _section("sources", "Sources", ["<table>", f"<tr>{head}</tr>", *rows, "</table>"])


def _brief(comparison: Comparison, cite: _Cite) -> str:
    items = [
        f"{_e(member_text(comparison, member))} {cite(claim.sources)}{_wording_note(comparison, claim)}"
        for claim, member in brief_items(comparison)
    ]
    return _section("brief", "Brief", _list(items))


def _wording_note(comparison: Comparison, claim: ClaimGroup) -> str:
    return f' <span class="note">({WORDING_NOTE})</span>' if wording_differs(comparison, claim) else ""


def _conflict(comparison: Comparison, claim: ClaimGroup, cite: _Cite) -> list[str]:
    sides = [
        f"<strong>{_e(source_name(article))}</strong> {cite([article.id])}: {_e(text)}"
        for article, text in claim_sentences(comparison, claim)
    ]
    reasons = "; ".join(disagreement.describe(cite, escape=_e, value=_marked) for disagreement in disagreements(claim))
    lines = [
        f'<div class="claim" data-claim="{_e(claim.id)}">',
        f"<h3>Conflict {_e(claim.id)}</h3>",
    ]
    lines += _list(sides)
    if reasons:
        lines.append(f'<p class="evidence">Differs on {reasons}</p>')
    return [*lines, "</div>"]


def _marked(words: str) -> str:
    return f"<mark>{_e(words)}</mark>"


def _conflicts(comparison: Comparison, cite: _Cite) -> str:
    body = [
        line
        for claim in claims_with_status(comparison, ClaimStatus.CONFLICT)
        for line in _conflict(comparison, claim, cite)
    ]
    return _section("conflicts", "Conflicts", body)


def _unique(comparison: Comparison, cite: _Cite) -> list[str]:
    sections = []
    numbers = citation_numbers(comparison)
    for article_id, claims in unique_claims_by_source(comparison).items():
        article = comparison.article(article_id)
        items = [
            f"{_e(text)} {cite([article_id])}"
            for claim in claims
            for source, text in claim_sentences(comparison, claim)
            if source.id == article_id
        ]
        heading = f"Only in {_e(source_name(article))}"
        sections.append(_section(f"only-in-{numbers[article_id]}", heading, _list(items)))
    return sections


def _quotes(comparison: Comparison, cite: _Cite) -> str:
    body = []
    for speaker, quotes in quotes_across_sources(comparison):
        body.append(f"<h3>{_e(speaker)}</h3>")
        body += _list([f"<q>{_e(article.text_at(quote.span))}</q> {cite([article.id])}" for article, quote in quotes])
    return _section("quotes", "Quotes by speaker", body)


def _claim_ref(comparison: Comparison, claim: ClaimGroup, cite: _Cite) -> str:
    return f"<q>{_e(claim_text(comparison, claim))}</q> {cite(claim.sources)}"


def _leads(comparison: Comparison, cite: _Cite) -> list[str]:
    items = []
    for view in framing_leads(comparison):
        claim = f" ({_e(view.lead_claim.id)}, {len(view.lead_claim.sources)} sources)" if view.lead_claim else ""
        items.append(
            f"<strong>{_e(source_name(view.article))}</strong> {cite([view.article.id])}: headline "
            f"<q>{_or_missing(view.headline)}</q>; leads with <q>{_or_missing(view.lead)}</q>{claim}"
        )
    lines = ["<h3>Headlines and leads</h3>", *_list(items)]
    leads = lead_claims(comparison)
    if leads:
        head = "".join(f'<th title="{_e(claim_text(comparison, claim))}">{_e(claim.id)}</th>' for claim in leads)
        rows = [
            f"<tr><td>{_e(source_name(view.article))} {cite([view.article.id])}</td>"
            + "".join(f"<td>{rank_label(rank)}</td>" for _, rank in view.ranks)
            + "</tr>"
            for view in framing_leads(comparison)
        ]
        caption = "<caption>Where each source places the claims the sources lead with</caption>"
        lines += ['<table class="leads">', caption, f"<tr><th>Source</th>{head}</tr>", *rows, "</table>"]
    return lines


def _emphasis(comparison: Comparison, cite: _Cite) -> list[str]:
    items = []
    for view in framing_emphasis(comparison):
        left = "; ".join(_claim_ref(comparison, claim, cite) for claim, _ in view.omitted) or NOTHING_LEFT_OUT
        left += f" and {view.n_more_omitted} more" if view.n_more_omitted else ""
        only = "; ".join(_claim_ref(comparison, claim, cite) for claim, _ in view.exclusive) or _MISSING
        only += f" and {view.n_more_exclusive} more" if view.n_more_exclusive else ""
        items.append(
            f"<strong>{_e(source_name(view.article))}</strong> {cite([view.article.id])} leaves out {left}. "
            f"Only here: {only}"
        )
    return ["<h3>Emphasis and omission</h3>", *_list(items)]


def _voices(comparison: Comparison, cite: _Cite) -> list[str]:
    items = [
        f"<strong>{_e(source_name(article))}</strong> {cite([article.id])}: "
        + "; ".join(f"{_e(kind)}: " + ", ".join(_e(voice_line(v)) for v in voices) for kind, voices in kinds)
        for article, kinds in framing_voices(comparison)
    ]
    return ["<h3>Voices</h3>", *_list(items)] if items else []


def _marked_word(text: str, kind: str, score: float) -> str:
    title = f"{kind}, {score:g}"
    return f'<mark class="word word-{_e(kind)}" title="{_e(title)}">{_e(text)}</mark>'


def _words(comparison: Comparison, cite: _Cite) -> list[str]:
    lines = []
    for view in framing_wordings(comparison):
        items = []
        for member in view.members:
            pieces = marked_pieces(member.text, member.member.span.start, member.marks)
            text = "".join(_marked_word(t, m.kind, m.score) if m else _e(t) for t, m in pieces)
            neutral = ' <span class="note">(most neutral)</span>' if member.is_neutral else ""
            items.append(f"{cite([member.article.id])}{neutral}: {text}")
        lines += [f'<div class="claim" data-claim="{_e(view.claim.id)}">']
        lines += [f"<h4>{_e(view.claim.id)} ({WORDING_NOTE})</h4>", *_list(items), "</div>"]
    if not lines:
        return []
    legend = (
        '<p class="legend"><span class="word word-evaluative">evaluative</span>'
        '<span class="word word-attribution">attribution</span><span class="word word-intensifier">intensifier</span>'
        '<span class="word word-hedge">hedge</span></p>'
    )
    return ["<h3>Words</h3>", legend, *lines]


def _framing(comparison: Comparison, cite: _Cite) -> str:
    if not has_framing(comparison):
        return ""
    body = [
        *_leads(comparison, cite),
        *_emphasis(comparison, cite),
        *_voices(comparison, cite),
        *_words(comparison, cite),
    ]
    return _section("framing", "Framing", body)


def _post_item(article: Article, post: SocialPost, cite: _Cite) -> str:
    who = " ".join(_e(part) for part in (post.handle, post.author) if part) or _MISSING
    details = "; ".join(_e(detail) for detail in post_details(post))
    notes = f' <span class="muted">({details})</span>' if details else ""
    link = f" ({_link(post.url, post.url)})" if post.url else ""
    head = f"<strong>{_or_missing(post.platform)}</strong> {who}{notes}"
    return f"{head}: {_e(post.text)}{link} {cite([article.id])}"


def _posts(comparison: Comparison, cite: _Cite) -> str:
    items = [_post_item(a, post, cite) for a in comparison.articles for post in a.posts]
    return _section("posts", "Embedded posts", _list(items))


def _corrections(comparison: Comparison, cite: _Cite) -> str:
    items = [
        f"{cite([article.id])} <strong>{_e(item.kind)}</strong>: {_e(article.text_at(item.span))}"
        for article in comparison.articles
        for item in article.corrections
    ]
    return _section("corrections", "Corrections", _list(items))


def _timeline(comparison: Comparison, cite: _Cite) -> str:
    items = []
    for entry in sorted_timeline(comparison):
        article = comparison.article(entry.article_id)
        when = _e(time_label(entry.value, entry.relative))
        time = _e(article.text_at(entry.time))
        said = _e(sentence_text(article, entry.sentence))
        items.append(f"<strong>{when}</strong> (“{time}”): {said} {cite([article.id])}")
    return _section("timeline", "Timeline", _list(items))


def _sentence(article: Article, index: int, claim: ClaimGroup | None) -> str:
    notices = sentence_notices(article, article.sentences[index])
    status = str(claim.status) if claim is not None else "none"
    classes = " ".join(["sentence", status, *(f"has-{notice}" for notice in notices)])
    data = f' data-claim="{_e(claim.id)}"' if claim is not None else ""
    badges = "".join(f'<span class="notice">{notice}</span>' for notice in notices)
    return f'<p class="{classes}"{data}>{badges}{_e(sentence_text(article, index))}</p>'


def _column(comparison: Comparison, number: int, article: Article) -> list[str]:
    claims = sentence_claims(comparison, article)
    sentences = [_sentence(article, i, claims.get(i)) for i in range(len(article.sentences))]
    return [
        f'<div class="column" data-article="{_e(article.id)}">',
        f"<h3>[{number}] {_e(source_name(article))}</h3>",
        *sentences,
        "</div>",
    ]


def _side_by_side(comparison: Comparison) -> str:
    legend = (
        '<p class="legend"><span class="shared">shared</span><span class="unique">unique</span>'
        '<span class="conflict">conflict</span><span class="none">in no claim</span></p>'
    )
    columns = [
        line
        for number, article in enumerate(comparison.articles, start=1)
        for line in _column(comparison, number, article)
    ]
    return _section(
        "side-by-side",
        "Side by side",
        [legend, '<div class="columns">', *columns, "</div>"],
    )


def render_html(comparison: Comparison) -> str:
    """The comparison as one self-contained HTML5 document."""
    cite = _Cite(comparison)
    title = _e(report_title(comparison))
    sections = [
        _sources(comparison),
        _brief(comparison, cite),
        _conflicts(comparison, cite),
        *_unique(comparison, cite),
        _quotes(comparison, cite),
        _framing(comparison, cite),
        _posts(comparison, cite),
        _corrections(comparison, cite),
        _timeline(comparison, cite),
        _side_by_side(comparison),
    ]
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
    ]
    body = [section for section in sections if section]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"
