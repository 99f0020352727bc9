"""What the story and article pages show, derived from a comparison, ready for the templates.

Selection and grouping come from :mod:`newsweave.report.views`, as in every report format; this
module adds what only the web page has: anchors for each sentence (citations jump to them),
the claims matrix, article text cut into marked segments, and the timeline laid out as a
picture. Templates receive plain strings and numbers and escape every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

from newsweave.model import Article, ClaimGroup, ClaimStatus, Comparison, Span
from newsweave.outlets import source_name
from newsweave.report.dates import time_label
from newsweave.report.views import (
    NOTHING_LEFT_OUT,
    WORDING_NOTE,
    WordingView,
    brief_items,
    claim_text,
    claims_with_status,
    disagreements,
    framing_emphasis,
    framing_leads,
    framing_voices,
    framing_wordings,
    has_framing,
    lead_claims,
    member_text,
    post_details,
    quotes_across_sources,
    rank_label,
    sentence_claims,
    sentence_notices,
    sentence_text,
    sorted_timeline,
    voice_line,
    wording_differs,
)
from newsweave.store import StoryMemberRow
from newsweave.stories import StoryComparison

__all__ = [
    "ArticleView",
    "FramingView",
    "Segment",
    "StoryView",
    "TimelinePicture",
    "article_view",
    "is_safe_url",
    "segments",
    "story_view",
]

_RESOLVED = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_LANE_HEIGHT = 30
# Room for one tick label at 12px: "Wed 28 Mar 2018" is about 95px, "week of 26 Mar 2018" 115px.
_STEP = 120
_MARGIN = 40


def is_safe_url(url: str) -> bool:
    """Only absolute ``http(s)`` URLs become links; ``javascript:``, ``data:`` and the rest stay text."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not any(c.isspace() for c in url)


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A run of text under the same marks (``classes``), with a note on what they are."""

    text: str
    classes: str = ""
    note: str = ""


def segments(text: str, marks: Sequence[tuple[Span, str, str]]) -> list[Segment]:
    """Cut ``text`` where marks (span, CSS class, note) begin or end; overlapping marks combine."""
    bounds = sorted({0, len(text), *(min(max(p, 0), len(text)) for s, _, _ in marks for p in (s.start, s.end))})
    cut: list[Segment] = []
    for start, end in pairwise(bounds):
        covering = [(cls, note) for span, cls, note in marks if span.start <= start and end <= span.end]
        classes = " ".join(dict.fromkeys(cls for cls, _ in covering))
        notes = "; ".join(dict.fromkeys(note for _, note in covering if note))
        cut.append(Segment(text=text[start:end], classes=classes, note=notes))
    return cut


# -- story page ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceView:
    anchor: str
    text: str
    status: str
    claim_id: str
    notices: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    number: int
    article: Article
    sentences: tuple[SentenceView, ...]
    copies: tuple[StoryMemberRow, ...]
    version: int  # the version compared, above 1 when the article changed since first stored


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    number: int
    anchor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BriefItem:
    text: str
    claim_id: str
    citations: tuple[Citation, ...]
    note: str = ""  # "sources differ in wording" when members differ in loaded words


@dataclass(frozen=True, slots=True, kw_only=True)
class MatrixRow:
    claim_id: str
    status: str
    text: str
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictSide:
    number: int
    source: str
    anchor: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictView:
    claim_id: str
    sides: tuple[ConflictSide, ...]
    differs_on: tuple[str, ...]  # one line per disagreement, sources as [n]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteView:
    text: str
    citation: Citation


@dataclass(frozen=True, slots=True, kw_only=True)
class PostView:
    platform: str
    handle: str
    author: str
    text: str
    url: str
    details: str
    citation: Citation


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectionView:
    kind: str
    text: str
    citation: Citation


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelinePoint:
    """A dated statement: ``value`` is the ISO date it sorts by, ``label`` how the page says it."""

    x: int
    y: int
    lane: int
    value: str
    label: str
    text: str
    anchor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelinePicture:
    """Dated statements on a time axis (distinct dates evenly spaced, in order), one lane per source."""

    width: int
    height: int
    axis_y: int
    ticks: tuple[tuple[int, str], ...]
    lanes: tuple[tuple[int, str], ...]
    points: tuple[TimelinePoint, ...]
    undated: tuple[tuple[str, str, Citation], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRef:
    """A claim named in a framing list: its words and where each source that carries it says it."""

    claim_id: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadRow:
    number: int
    source: str
    headline: str
    lead: str
    lead_anchor: str
    lead_claim: str
    ranks: tuple[str, ...]  # "1st", "3rd", "—" for each of FramingView.lead_claims


@dataclass(frozen=True, slots=True, kw_only=True)
class EmphasisRow:
    number: int
    source: str
    omitted: tuple[ClaimRef, ...]
    exclusive: tuple[ClaimRef, ...]
    n_more_omitted: int
    n_more_exclusive: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceRow:
    number: int
    source: str
    kinds: tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]  # kind, (speaker line, only here)


@dataclass(frozen=True, slots=True, kw_only=True)
class WordingSide:
    number: int
    source: str
    anchor: str
    segments: tuple[Segment, ...]
    is_neutral: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class WordingCard:
    claim_id: str
    sides: tuple[WordingSide, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FramingView:
    """The framing section: leads, emphasis, voices and the claims worded differently."""

    lead_claims: tuple[ClaimRef, ...]
    leads: tuple[LeadRow, ...]
    emphasis: tuple[EmphasisRow, ...]
    voices: tuple[VoiceRow, ...]
    wordings: tuple[WordingCard, ...]
    wording_note: str = WORDING_NOTE
    nothing_left_out: str = NOTHING_LEFT_OUT


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryView:
    columns: tuple[Column, ...]
    brief: tuple[BriefItem, ...]
    matrix: tuple[MatrixRow, ...]
    conflicts: tuple[ConflictView, ...]
    quotes: tuple[tuple[str, tuple[QuoteView, ...]], ...]
    posts: tuple[PostView, ...]
    corrections: tuple[CorrectionView, ...]
    timeline: TimelinePicture
    counts: tuple[tuple[str, int], ...]
    framing: FramingView | None = None


def story_view(result: StoryComparison) -> StoryView:
    """Everything the story page shows, for one comparison."""
    comparison = result.comparison
    numbers = {article.id: n for n, article in enumerate(comparison.articles, start=1)}
    copies = dict(result.plan.copies)
    versions = dict(result.plan.versions)
    columns = tuple(
        _column(
            comparison, numbers[article.id], article, tuple(copies.get(article.id, ())), versions.get(article.id, 1)
        )
        for article in comparison.articles
    )
    return StoryView(
        columns=columns,
        brief=tuple(_brief(comparison, numbers)),
        matrix=tuple(
            MatrixRow(
                claim_id=claim.id,
                status=str(claim.status),
                text=member_text(comparison, claim.members[0]) if claim.members else "",
                cells=tuple(str(claim.status) if a.id in claim.sources else "" for a in comparison.articles),
            )
            for claim in comparison.claims
        ),
        conflicts=tuple(
            _conflict(comparison, numbers, claim) for claim in claims_with_status(comparison, ClaimStatus.CONFLICT)
        ),
        quotes=tuple(_quotes(comparison, numbers)),
        posts=tuple(
            PostView(
                platform=post.platform,
                handle=post.handle,
                author=post.author,
                text=post.text,
                url=post.url if is_safe_url(post.url) else "",
                details="; ".join(post_details(post)),
                citation=_cite(numbers, article, post.span),
            )
            for article in comparison.articles
            for post in article.posts
        ),
        corrections=tuple(
            CorrectionView(kind=item.kind, text=article.text_at(item.span), citation=_cite(numbers, article, item.span))
            for article in comparison.articles
            for item in article.corrections
        ),
        timeline=_timeline(comparison, numbers),
        counts=tuple(
            (str(status), sum(1 for claim in comparison.claims if claim.status is status)) for status in ClaimStatus
        ),
        framing=_framing(comparison, numbers) if has_framing(comparison) else None,
    )


def _anchor(number: int, sentence: int) -> str:
    return f"s{number}-{sentence}"


def _sentence_of(article: Article, span: Span | None) -> int:
    """Index of the sentence holding the start of ``span`` (0 when there is none)."""
    if span is None:
        return 0
    return next((i for i, s in enumerate(article.sentences) if s.span.start <= span.start < s.span.end), 0)


def _cite(numbers: dict[str, int], article: Article, span: Span | None) -> Citation:
    number = numbers[article.id]
    return Citation(number=number, anchor=_anchor(number, _sentence_of(article, span)))


def _column(
    comparison: Comparison, number: int, article: Article, copies: tuple[StoryMemberRow, ...], version: int
) -> Column:
    claims = sentence_claims(comparison, article)
    sentences = []
    for index, sentence in enumerate(article.sentences):
        claim = claims.get(index)
        sentences.append(
            SentenceView(
                anchor=_anchor(number, index),
                text=sentence_text(article, index),
                status=str(claim.status) if claim is not None else "none",
                claim_id=claim.id if claim is not None else "",
                notices=tuple(sentence_notices(article, sentence)),
            )
        )
    return Column(number=number, article=article, sentences=tuple(sentences), copies=copies, version=version)


def _brief(comparison: Comparison, numbers: dict[str, int]) -> list[BriefItem]:
    return [
        BriefItem(
            text=member_text(comparison, member),
            claim_id=claim.id,
            citations=_claim_citations(numbers, claim),
            note=WORDING_NOTE if wording_differs(comparison, claim) else "",
        )
        for claim, member in brief_items(comparison)
    ]


def _claim_citations(numbers: dict[str, int], claim: ClaimGroup) -> tuple[Citation, ...]:
    return tuple(
        Citation(number=numbers[m.article_id], anchor=_anchor(numbers[m.article_id], m.sentence)) for m in claim.members
    )


def _claim_ref(comparison: Comparison, numbers: dict[str, int], claim: ClaimGroup) -> ClaimRef:
    return ClaimRef(claim_id=claim.id, text=claim_text(comparison, claim), citations=_claim_citations(numbers, claim))


def _framing(comparison: Comparison, numbers: dict[str, int]) -> FramingView:
    leads = tuple(
        LeadRow(
            number=numbers[view.article.id],
            source=source_name(view.article),
            headline=view.headline,
            lead=view.lead,
            lead_anchor=_anchor(numbers[view.article.id], source.lead_sentence or 0),
            lead_claim=view.lead_claim.id if view.lead_claim else "",
            ranks=tuple(rank_label(rank) for _, rank in view.ranks),
        )
        for view, source in zip(framing_leads(comparison), comparison.framing.sources, strict=True)
    )
    emphasis = tuple(
        EmphasisRow(
            number=numbers[view.article.id],
            source=source_name(view.article),
            omitted=tuple(_claim_ref(comparison, numbers, claim) for claim, _ in view.omitted),
            exclusive=tuple(_claim_ref(comparison, numbers, claim) for claim, _ in view.exclusive),
            n_more_omitted=view.n_more_omitted,
            n_more_exclusive=view.n_more_exclusive,
        )
        for view in framing_emphasis(comparison)
    )
    voices = tuple(
        VoiceRow(
            number=numbers[article.id],
            source=source_name(article),
            kinds=tuple(
                (str(kind), tuple((voice_line(voice), voice.only_here) for voice in found)) for kind, found in kinds
            ),
        )
        for article, kinds in framing_voices(comparison)
    )
    return FramingView(
        lead_claims=tuple(_claim_ref(comparison, numbers, claim) for claim in lead_claims(comparison)),
        leads=leads,
        emphasis=emphasis,
        voices=voices,
        wordings=tuple(_wording_card(numbers, view) for view in framing_wordings(comparison)),
    )


def _wording_card(numbers: dict[str, int], view: WordingView) -> WordingCard:
    sides = []
    for member in view.members:
        base = member.member.span.start
        marks = [
            (
                Span(start=m.span.start - base, end=m.span.end - base),
                f"word word-{m.kind}",
                f"{m.kind}, {m.score:g}",
            )
            for m in member.marks
        ]
        number = numbers[member.article.id]
        sides.append(
            WordingSide(
                number=number,
                source=source_name(member.article),
                anchor=_anchor(number, member.member.sentence),
                segments=tuple(segments(member.text, marks)),
                is_neutral=member.is_neutral,
            )
        )
    return WordingCard(claim_id=view.claim.id, sides=tuple(sides))


def _conflict(comparison: Comparison, numbers: dict[str, int], claim: ClaimGroup) -> ConflictView:
    sides = []
    for member in claim.members:
        article = comparison.article(member.article_id)
        base = member.span.start
        marks = [
            (Span(start=e.span.start - base, end=e.span.end - base), "evidence", f"{e.kind}: {e.value}")
            for e in claim.evidence
            if e.article_id == member.article_id and member.span.contains(e.span)
        ]
        number = numbers[member.article_id]
        sides.append(
            ConflictSide(
                number=number,
                source=source_name(article),
                anchor=_anchor(number, member.sentence),
                segments=tuple(segments(article.text_at(member.span), marks)),
            )
        )

    def cite(article_ids: Sequence[str]) -> str:
        return "".join(f"[{numbers[article_id]}]" for article_id in article_ids)

    differs_on = tuple(item.describe(cite) for item in disagreements(claim))
    return ConflictView(claim_id=claim.id, sides=tuple(sides), differs_on=differs_on)


def _quotes(comparison: Comparison, numbers: dict[str, int]) -> list[tuple[str, tuple[QuoteView, ...]]]:
    return [
        (
            speaker,
            tuple(
                QuoteView(text=article.text_at(quote.span), citation=_cite(numbers, article, quote.span))
                for article, quote in quotes
            ),
        )
        for speaker, quotes in quotes_across_sources(comparison)
    ]


def _timeline(comparison: Comparison, numbers: dict[str, int]) -> TimelinePicture:
    entries = sorted_timeline(comparison)
    dated = [entry for entry in entries if _RESOLVED.match(entry.value)]
    values = sorted({entry.value for entry in dated})
    x_of = {value: _MARGIN + 60 + i * _STEP for i, value in enumerate(values)}
    lanes = tuple((_MARGIN + i * _LANE_HEIGHT, source_name(article)) for i, article in enumerate(comparison.articles))
    axis_y = _MARGIN + len(comparison.articles) * _LANE_HEIGHT
    stacked: dict[tuple[str, int], int] = {}
    points = []
    for entry in dated:
        article = comparison.article(entry.article_id)
        lane = numbers[article.id] - 1
        repeat = stacked[(entry.value, lane)] = stacked.get((entry.value, lane), -1) + 1
        points.append(
            TimelinePoint(
                x=x_of[entry.value] + 7 * repeat,
                y=lanes[lane][0],
                lane=lane,
                value=entry.value,
                label=time_label(entry.value, entry.relative),
                text=sentence_text(article, entry.sentence),
                anchor=_anchor(numbers[article.id], entry.sentence),
            )
        )
    undated = tuple(
        (
            time_label(entry.value, entry.relative),
            sentence_text(comparison.article(entry.article_id), entry.sentence),
            Citation(number=numbers[entry.article_id], anchor=_anchor(numbers[entry.article_id], entry.sentence)),
        )
        for entry in entries
        if not _RESOLVED.match(entry.value)
    )
    width = max(480, _MARGIN * 2 + 60 + len(values) * _STEP)
    return TimelinePicture(
        width=width,
        height=axis_y + 50,
        axis_y=axis_y,
        ticks=tuple((x_of[value], time_label(value, "")) for value in values),
        lanes=lanes,
        points=tuple(points),
        undated=undated,
    )


# -- article page -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleView:
    body: tuple[Segment, ...]
    page: tuple[Segment, ...]
    removed: tuple[tuple[str, str], ...]
    counts: tuple[tuple[str, int], ...]


def article_view(article: Article) -> ArticleView:
    """The body with entities, times, quotes, posts, links and corrections marked; the page with removals marked."""
    marks: list[tuple[Span, str, str]] = []
    marks += [(m.span, "mark-entity", f"{m.label} {m.entity_id}".strip()) for m in article.entities]
    marks += [(t.span, "mark-time", f"time {time_label(t.value, t.relative)}".strip()) for t in article.times]
    marks += [(q.span, "mark-quote", "quote") for q in article.quotes]
    marks += [(p.span, "mark-post", f"{p.platform} post {p.handle}".strip()) for p in article.posts if p.span]
    marks += [(c.span, "mark-correction", c.kind) for c in article.corrections]
    marks += [(s, "mark-link", "link") for s in (*article.links, *article.hashtags, *article.mentions)]
    removed_marks = [(span, f"removed removed-{_css_word(span.label)}", span.label) for span in article.removed]
    return ArticleView(
        body=tuple(segments(article.text, marks)),
        page=tuple(segments(article.source_text, removed_marks)),
        removed=tuple((span.label, article.removed_text(span)) for span in article.removed),
        counts=(
            ("entities", len(article.entities)),
            ("times", len(article.times)),
            ("quotes", len(article.quotes)),
            ("posts", len(article.posts)),
            ("corrections", len(article.corrections)),
            ("removed", len(article.removed)),
        ),
    )


def _css_word(label: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", label.lower()) or "other"
