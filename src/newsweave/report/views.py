"""What every report shows, derived once from a :class:`Comparison`.

The renderers (JSON, Markdown, HTML, terminal) differ only in presentation. Keeping the selection,
grouping and ordering here means the four formats cannot drift apart on *what* they report, and
each renderer stays a thin layer of escaping and layout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsweave.model import (
    Article,
    CentralClaim,
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    ClaimWording,
    Comparison,
    Quote,
    Sentence,
    SocialPost,
    SourceFraming,
    Span,
    TimelineEntry,
    Voice,
    VoiceKind,
    WordMark,
)

__all__ = [
    "NOTHING_LEFT_OUT",
    "UNATTRIBUTED",
    "WORDING_NOTE",
    "Disagreement",
    "EmphasisView",
    "LeadView",
    "MemberWording",
    "WordingView",
    "brief_items",
    "citation_numbers",
    "claim_counts",
    "claim_sentences",
    "claim_text",
    "claims_with_status",
    "disagreements",
    "framing_emphasis",
    "framing_leads",
    "framing_voices",
    "framing_wordings",
    "has_framing",
    "lead_claims",
    "marked_pieces",
    "member_text",
    "post_details",
    "quotes_across_sources",
    "quotes_by_speaker",
    "rank_label",
    "report_title",
    "sentence_claims",
    "sentence_notices",
    "sentence_text",
    "sorted_timeline",
    "speaker_key",
    "speaker_label",
    "unique_claims_by_source",
    "voice_line",
    "wording_differs",
]

UNATTRIBUTED = "unattributed"
_FALLBACK_TITLE = "newsweave report"


def report_title(comparison: Comparison) -> str:
    """The most common article title (the earliest one on a tie), else a generic title."""
    titles = Counter(article.title for article in comparison.articles if article.title)
    if not titles:
        return _FALLBACK_TITLE
    return titles.most_common(1)[0][0]


def citation_numbers(comparison: Comparison) -> dict[str, int]:
    """1-based citation number of each article, in the comparison's article order."""
    return {article.id: number for number, article in enumerate(comparison.articles, start=1)}


def claims_with_status(comparison: Comparison, status: ClaimStatus) -> list[ClaimGroup]:
    return [claim for claim in comparison.claims if claim.status is status]


def brief_items(comparison: Comparison) -> list[tuple[ClaimGroup, ClaimMember]]:
    """The brief: each shared claim that has a member to word it, with that member. Its sources
    are exactly the claim's, so every citation is a source that carries the claim."""
    return [
        (claim, claim.members[claim.brief_member])
        for claim in claims_with_status(comparison, ClaimStatus.SHARED)
        if claim.brief_member is not None
    ]


def unique_claims_by_source(comparison: Comparison) -> dict[str, list[ClaimGroup]]:
    """Unique claims keyed by article id; every article has a key, possibly with no claims."""
    by_source: dict[str, list[ClaimGroup]] = {article.id: [] for article in comparison.articles}
    for claim in claims_with_status(comparison, ClaimStatus.UNIQUE):
        for source in claim.sources:
            by_source.setdefault(source, []).append(claim)
    return by_source


def claim_counts(comparison: Comparison) -> dict[ClaimStatus, int]:
    """Number of claim groups per status; every status has a key."""
    counts = dict.fromkeys(ClaimStatus, 0)
    for claim in comparison.claims:
        counts[claim.status] += 1
    return counts


def member_text(comparison: Comparison, member: ClaimMember) -> str:
    return comparison.article(member.article_id).text_at(member.span)


def claim_sentences(comparison: Comparison, claim: ClaimGroup) -> list[tuple[Article, str]]:
    """Each member of ``claim`` as (its article, its sentence text), in member order."""
    return [(comparison.article(member.article_id), member_text(comparison, member)) for member in claim.members]


def sentence_text(article: Article, index: int) -> str:
    return article.text_at(article.sentences[index].span)


def speaker_key(article: Article, quote: Quote) -> str:
    """Groups quotes: the canonical entity id, else the speaker's words, else unattributed."""
    if quote.speaker_entity:
        return quote.speaker_entity
    if quote.speaker is not None:
        return article.text_at(quote.speaker)
    return UNATTRIBUTED


def quotes_by_speaker(article: Article) -> list[tuple[str, list[Quote]]]:
    """The article's quotes grouped by :func:`speaker_key`, speakers in order of first quote."""
    groups: dict[str, list[Quote]] = {}
    for quote in article.quotes:
        groups.setdefault(speaker_key(article, quote), []).append(quote)
    return list(groups.items())


def speaker_label(comparison: Comparison, article: Article, quote: Quote) -> str:
    """How reports name a quote's speaker: the canonical entity's name when known."""
    names = {entity.id: entity.name for entity in comparison.entities}
    if quote.speaker_entity in names:
        return names[quote.speaker_entity]
    if quote.speaker is not None:
        return article.text_at(quote.speaker)
    return quote.speaker_entity or UNATTRIBUTED


def quotes_across_sources(
    comparison: Comparison,
) -> list[tuple[str, list[tuple[Article, Quote]]]]:
    """Quotes of all articles grouped by speaker label, so one speaker's words line up."""
    groups: dict[str, list[tuple[Article, Quote]]] = {}
    for article in comparison.articles:
        for _, quotes in quotes_by_speaker(article):
            for quote in quotes:
                label = speaker_label(comparison, article, quote)
                groups.setdefault(label, []).append((article, quote))
    return list(groups.items())


def sentence_claims(comparison: Comparison, article: Article) -> dict[int, ClaimGroup]:
    """Sentence index -> the claim group it belongs to, for one article."""
    found: dict[int, ClaimGroup] = {}
    for claim in comparison.claims:
        for member in claim.members:
            if member.article_id == article.id:
                found.setdefault(member.sentence, claim)
    return found


def sentence_notices(article: Article, sentence: Sentence) -> list[str]:
    """Which notices a body sentence carries: ``"post"`` and/or ``"correction"``."""
    notices: list[str] = []
    if any(post.span is not None and post.span.overlaps(sentence.span) for post in article.posts):
        notices.append("post")
    if any(correction.span.overlaps(sentence.span) for correction in article.corrections):
        notices.append("correction")
    return notices


def post_details(post: SocialPost) -> list[str]:
    """Short notes on a post: its language, and that it was only an embed when not in the body."""
    details = [post.language] if post.language else []
    if post.span is None:
        details.append("embed, not in body")
    return details


def sorted_timeline(comparison: Comparison) -> list[TimelineEntry]:
    """Resolved entries by value, then unresolved (relative-only) ones in their given order."""
    resolved = sorted((e for e in comparison.timeline if e.value), key=lambda e: e.value)
    return resolved + [entry for entry in comparison.timeline if not entry.value]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """What a conflict's sources disagree on, and which sources give each value: the reason a
    reader checks against the sentences ("how many people: 3 [1] [2] against 5 [3]")."""

    subject: str
    values: tuple[tuple[str, tuple[str, ...]], ...]  # value, ids of the articles that give it

    def describe(
        self,
        cite: Callable[[Sequence[str]], str],
        *,
        escape: Callable[[str], str] = str,
        value: Callable[[str], str] | None = None,
    ) -> str:
        """One line: ``cite`` renders article ids as the report's citations, ``escape`` the words,
        ``value`` (``escape`` unless given) each value, as a renderer highlights it."""
        show = value or escape
        sides = " against ".join(f"{show(text)} {cite(ids)}" for text, ids in self.values)
        return f"{escape(self.subject)}: {sides}"


def disagreements(claim: ClaimGroup) -> list[Disagreement]:
    """A conflict's evidence read as disagreements, one per kind and slot, values in the order
    the evidence gives them, each with its sources in citation order."""
    found: dict[tuple[str, str], dict[str, list[str]]] = {}
    for item in claim.evidence:
        sources = found.setdefault((item.kind, item.slot), {}).setdefault(item.value, [])
        if item.article_id not in sources:
            sources.append(item.article_id)
    order = {source: index for index, source in enumerate(claim.sources)}
    return [
        Disagreement(
            _subject(kind, slot),
            tuple((value, tuple(sorted(ids, key=lambda i: order.get(i, len(order))))) for value, ids in values.items()),
        )
        for (kind, slot), values in found.items()
    ]


def _subject(kind: str, slot: str) -> str:
    if kind == "number":
        quoted = slot.startswith("quoted ")
        counted = slot.removeprefix("quoted ")
        subject = f"how many {counted}" if counted else "the figure"
        return f"{subject} (in a quotation)" if quoted else subject
    if kind == "date":
        return f"the date ({slot})" if slot else "the date"
    return _SUBJECTS.get(kind, kind)


_SUBJECTS = {"attribution": "who said it", "name": "who it was", "negation": "whether it happened"}


# -- framing ---------------------------------------------------------------------------------------

WORDING_NOTE = "sources differ in wording"
NOTHING_LEFT_OUT = "nothing most others carry"
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def has_framing(comparison: Comparison) -> bool:
    """Whether the comparison carries a framing reading (one made before framing existed does not)."""
    return bool(comparison.framing.sources)


def _claims_by_id(comparison: Comparison) -> dict[str, ClaimGroup]:
    return {claim.id: claim for claim in comparison.claims}


def _source_framing(comparison: Comparison) -> list[tuple[Article, SourceFraming]]:
    return [(comparison.article(source.article_id), source) for source in comparison.framing.sources]


def wording_differs(comparison: Comparison, claim: ClaimGroup) -> bool:
    """Whether the members of ``claim`` differ in loaded words: the brief then says so."""
    return any(wording.differs for wording in comparison.framing.wordings if wording.claim_id == claim.id)


def claim_text(comparison: Comparison, claim: ClaimGroup) -> str:
    """The words that stand for a claim in a list of claims: its brief member, else its most
    neutrally worded member, else its first."""
    if claim.brief_member is not None:
        return member_text(comparison, claim.members[claim.brief_member])
    for wording in comparison.framing.wordings:
        if wording.claim_id == claim.id:
            return member_text(comparison, claim.members[wording.neutral_member])
    return member_text(comparison, claim.members[0]) if claim.members else ""


def rank_label(rank: int | None) -> str:
    """ "1st", "2nd", ... or "—" for a claim the source leaves out."""
    if rank is None:
        return "—"
    suffix = "th" if rank % 100 in (11, 12, 13) else _ORDINALS.get(rank % 10, "th")
    return f"{rank}{suffix}"


@dataclass(frozen=True, slots=True)
class LeadView:
    """One source's headline and lead, and where it places each claim some source leads with."""

    article: Article
    headline: str
    lead: str
    lead_claim: ClaimGroup | None
    ranks: tuple[tuple[str, int | None], ...]  # (claim id, rank) for each of lead_claims()


def lead_claims(comparison: Comparison) -> list[ClaimGroup]:
    """The claims the sources lead with, each once, in the order of the first source leading with it."""
    claims = _claims_by_id(comparison)
    ids = dict.fromkeys(source.lead_claim for source in comparison.framing.sources if source.lead_claim)
    return [claims[claim_id] for claim_id in ids if claim_id in claims]


def framing_leads(comparison: Comparison) -> list[LeadView]:
    claims = _claims_by_id(comparison)
    return [
        LeadView(
            article=article,
            headline=article.title,
            lead=sentence_text(article, source.lead_sentence) if source.lead_sentence is not None else "",
            lead_claim=claims.get(source.lead_claim),
            ranks=tuple((item.claim_id, item.rank) for item in source.lead_ranks),
        )
        for article, source in _source_framing(comparison)
    ]


@dataclass(frozen=True, slots=True)
class EmphasisView:
    """What one source leaves out of what most others carry, and what only it carries, most
    central first and cut to ``limit`` (``n_more_*`` count the rest)."""

    article: Article
    omitted: tuple[tuple[ClaimGroup, CentralClaim], ...]
    exclusive: tuple[tuple[ClaimGroup, CentralClaim], ...]
    n_more_omitted: int
    n_more_exclusive: int


def framing_emphasis(comparison: Comparison, *, limit: int = 3) -> list[EmphasisView]:
    claims = _claims_by_id(comparison)
    views = []
    for article, source in _source_framing(comparison):
        omitted = [(claims[c.claim_id], c) for c in source.omitted if c.claim_id in claims]
        exclusive = [(claims[c.claim_id], c) for c in source.exclusive if c.claim_id in claims]
        views.append(
            EmphasisView(
                article=article,
                omitted=tuple(omitted[:limit]),
                exclusive=tuple(exclusive[:limit]),
                n_more_omitted=max(0, len(omitted) - limit),
                n_more_exclusive=max(0, len(exclusive) - limit),
            )
        )
    return views


def framing_voices(comparison: Comparison) -> list[tuple[Article, list[tuple[VoiceKind, list[Voice]]]]]:
    """Each source's quoted speakers grouped by kind (kinds in :class:`VoiceKind` order, most
    words first within a kind); sources that quote nobody are left out."""
    found = []
    for article, source in _source_framing(comparison):
        kinds = [
            (kind, sorted((v for v in source.voices if v.kind is kind), key=lambda v: (-v.n_words, v.speaker)))
            for kind in VoiceKind
        ]
        kinds = [(kind, voices) for kind, voices in kinds if voices]
        if kinds:
            found.append((article, kinds))
    return found


def voice_line(voice: Voice) -> str:
    """ "Elena Varga (mayor; 1 quote, 20 words; only here)": a speaker and the room they get."""
    quotes = f"{voice.n_quotes} quote{'' if voice.n_quotes == 1 else 's'}, {voice.n_words} words"
    details = "; ".join(part for part in (voice.cue, quotes, "only here" if voice.only_here else "") if part)
    return f"{voice.speaker} ({details})"


@dataclass(frozen=True, slots=True)
class MemberWording:
    """One member of a claim with its marked words; ``is_neutral`` for the most neutral member."""

    article: Article
    member: ClaimMember
    text: str
    marks: tuple[WordMark, ...]  # the member's marked words, spans into the article text
    loadedness: float
    is_neutral: bool


@dataclass(frozen=True, slots=True)
class WordingView:
    claim: ClaimGroup
    members: tuple[MemberWording, ...]


def framing_wordings(comparison: Comparison) -> list[WordingView]:
    """The claims whose members differ in loaded words, with every member and its marks."""
    claims = _claims_by_id(comparison)
    marks: dict[str, list[WordMark]] = {}
    for source in comparison.framing.sources:
        for mark in source.words:
            marks.setdefault(mark.claim_id, []).append(mark)
    views = []
    for wording in comparison.framing.wordings:
        claim = claims.get(wording.claim_id)
        if claim is None or not wording.differs:
            continue
        views.append(WordingView(claim=claim, members=tuple(_member_wordings(comparison, claim, wording, marks))))
    return views


def _member_wordings(
    comparison: Comparison, claim: ClaimGroup, wording: ClaimWording, marks: dict[str, list[WordMark]]
) -> list[MemberWording]:
    members = []
    for position, member in enumerate(claim.members):
        own = tuple(
            mark
            for mark in marks.get(claim.id, [])
            if mark.article_id == member.article_id and member.span.contains(mark.span)
        )
        loadedness = wording.loadedness[position] if position < len(wording.loadedness) else 0.0
        members.append(
            MemberWording(
                article=comparison.article(member.article_id),
                member=member,
                text=member_text(comparison, member),
                marks=own,
                loadedness=loadedness,
                is_neutral=position == wording.neutral_member,
            )
        )
    return members


def marked_pieces(text: str, base: int, marks: Sequence[WordMark]) -> list[tuple[str, WordMark | None]]:
    """``text`` (which starts at offset ``base`` of its article) cut into plain runs and marked
    words, in order, for a renderer to highlight the marked ones."""
    pieces: list[tuple[str, WordMark | None]] = []
    position = 0
    for mark in sorted(marks, key=lambda m: m.span.start):
        span = Span(start=mark.span.start - base, end=mark.span.end - base)
        if span.start < position or span.end > len(text):
            continue
        if span.start > position:
            pieces.append((text[position : span.start], None))
        pieces.append((text[span.start : span.end], mark))
        position = span.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
