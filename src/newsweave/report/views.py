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
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    Comparison,
    Quote,
    Sentence,
    SocialPost,
    TimelineEntry,
)

__all__ = [
    "UNATTRIBUTED",
    "Disagreement",
    "brief_items",
    "citation_numbers",
    "claim_counts",
    "claim_sentences",
    "claims_with_status",
    "disagreements",
    "member_text",
    "post_details",
    "quotes_across_sources",
    "quotes_by_speaker",
    "report_title",
    "sentence_claims",
    "sentence_notices",
    "sentence_text",
    "sorted_timeline",
    "speaker_key",
    "speaker_label",
    "unique_claims_by_source",
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
