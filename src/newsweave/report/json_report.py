"""The machine-readable report: a versioned, plain-JSON view of a comparison.

Other tools consume this output, so its shape is a contract (documented in
``docs/report-schema.md``) and is versioned by :data:`SCHEMA_VERSION`. Every derived fact keeps
its ``start``/``end`` offsets next to the words they cover, so consumers can trace any statement
back to the article text without re-running the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from newsweave.model import (
    Article,
    CentralClaim,
    ClaimGroup,
    ClaimWording,
    Comparison,
    Correction,
    Entity,
    EntityMention,
    Evidence,
    Quote,
    SocialPost,
    SourceFraming,
    Span,
    TimelineEntry,
    TimeRef,
    Voice,
    WordMark,
)
from newsweave.outlets import source_name
from newsweave.report.views import (
    Disagreement,
    claim_text,
    disagreements,
    member_text,
    quotes_by_speaker,
    sentence_text,
    speaker_label,
    unique_claims_by_source,
    wording_differs,
)

__all__ = [
    "SCHEMA_VERSION",
    "article_to_json",
    "comparison_to_json",
    "framing_to_json",
    "render_article_json",
    "render_json",
]

SCHEMA_VERSION = "1.0"

JSONDict = dict[str, Any]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _offsets(span: Span | None) -> JSONDict:
    if span is None:
        return {"start": None, "end": None}
    return {"start": span.start, "end": span.end}


def _optional_text(article: Article, span: Span | None) -> str | None:
    return article.text_at(span) if span is not None else None


def _span_json(article: Article, span: Span) -> JSONDict:
    return {"text": article.text_at(span), **_offsets(span)}


def _removed_json(article: Article, span: Span) -> JSONDict:
    return {"label": span.label, "text": article.removed_text(span), **_offsets(span)}


def _entity_mention_json(article: Article, mention: EntityMention) -> JSONDict:
    return {
        "text": article.text_at(mention.span),
        "label": mention.label,
        "entity": mention.entity_id,
        **_offsets(mention.span),
    }


def _quote_json(article: Article, quote: Quote) -> JSONDict:
    return {
        "text": article.text_at(quote.span),
        "speaker": _optional_text(article, quote.speaker),
        "verb": _optional_text(article, quote.verb),
        "speaker_entity": quote.speaker_entity,
        **_offsets(quote.span),
    }


def _post_json(post: SocialPost) -> JSONDict:
    return {
        "platform": post.platform,
        "handle": post.handle,
        "author": post.author,
        "text": post.text,
        "language": post.language,
        "url": post.url,
        "links": list(post.links),
        **_offsets(post.span),
    }


def _correction_json(article: Article, correction: Correction) -> JSONDict:
    return {"kind": correction.kind, **_span_json(article, correction.span)}


def _time_json(article: Article, time: TimeRef) -> JSONDict:
    return {
        "text": article.text_at(time.span),
        "kind": str(time.kind),
        "granularity": time.granularity,
        "value": time.value,
        "relative": time.relative,
        "anchor": time.anchor,
        **_offsets(time.span),
    }


def article_to_json(article: Article) -> JSONDict:
    """One article with its text and every annotation, offsets into ``text``."""
    return {
        "id": article.id,
        "uri": article.uri,
        "url": article.url,
        "title": article.title,
        "dek": article.dek,
        "authors": list(article.authors),
        "outlet": article.outlet,
        "published": _iso(article.published),
        "published_from": article.published_from,
        "updated": _iso(article.updated),
        "language": article.language,
        "text": article.text,
        "removed": [_removed_json(article, span) for span in article.removed],
        "sentences": [_offsets(sentence.span) for sentence in article.sentences],
        "entities": [_entity_mention_json(article, mention) for mention in article.entities],
        "quotes": [_quote_json(article, quote) for quote in article.quotes],
        "posts": [_post_json(post) for post in article.posts],
        "hashtags": [_span_json(article, span) for span in article.hashtags],
        "mentions": [_span_json(article, span) for span in article.mentions],
        "links": [_span_json(article, span) for span in article.links],
        "corrections": [_correction_json(article, c) for c in article.corrections],
        "times": [_time_json(article, time) for time in article.times],
    }


def _evidence_json(comparison: Comparison, evidence: Evidence) -> JSONDict:
    article = comparison.article(evidence.article_id)
    return {
        "kind": evidence.kind,
        "article": evidence.article_id,
        "text": article.text_at(evidence.span),
        "value": evidence.value,
        "slot": evidence.slot,
        **_offsets(evidence.span),
    }


def _claim_json(comparison: Comparison, claim: ClaimGroup) -> JSONDict:
    members = [
        {
            "article": member.article_id,
            "sentence": member.sentence,
            "text": member_text(comparison, member),
            **_offsets(member.span),
        }
        for member in claim.members
    ]
    return {
        "id": claim.id,
        "status": str(claim.status),
        "sources": list(claim.sources),
        "similarity": claim.similarity,
        "brief_member": claim.brief_member,
        "members": members,
        "evidence": [_evidence_json(comparison, evidence) for evidence in claim.evidence],
        "differs_on": [_disagreement_json(item) for item in disagreements(claim)],
        "wording_differs": wording_differs(comparison, claim),
    }


def _disagreement_json(disagreement: Disagreement) -> JSONDict:
    return {
        "subject": disagreement.subject,
        "values": [{"value": value, "articles": list(ids)} for value, ids in disagreement.values],
        "text": disagreement.describe(_cite_ids),
    }


def _cite_ids(article_ids: Sequence[str]) -> str:
    return "(" + ", ".join(article_ids) + ")"


def _entity_json(entity: Entity) -> JSONDict:
    return {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "mentions": entity.n_mentions,
    }


def _timeline_json(comparison: Comparison, entry: TimelineEntry) -> JSONDict:
    article = comparison.article(entry.article_id)
    return {
        "value": entry.value,
        "relative": entry.relative,
        "granularity": entry.granularity,
        "article": entry.article_id,
        "sentence": entry.sentence,
        "text": sentence_text(article, entry.sentence),
        "time": article.text_at(entry.time),
    }


def _source_json(comparison: Comparison, article: Article, unique: list[ClaimGroup]) -> JSONDict:
    speakers = [
        {
            "speaker": speaker_label(comparison, article, quotes[0]),
            "quotes": [article.text_at(quote.span) for quote in quotes],
        }
        for _, quotes in quotes_by_speaker(article)
    ]
    return {
        "article": article.id,
        "name": source_name(article),
        "unique_claims": [claim.id for claim in unique],
        "quotes_by_speaker": speakers,
        "posts": len(article.posts),
        "corrections": len(article.corrections),
    }


def _central_json(comparison: Comparison, item: CentralClaim) -> JSONDict:
    claims = {claim.id: claim for claim in comparison.claims}
    text = claim_text(comparison, claims[item.claim_id]) if item.claim_id in claims else ""
    return {"claim": item.claim_id, "sources": item.n_sources, "centrality": item.centrality, "text": text}


def _voice_json(voice: Voice) -> JSONDict:
    return {
        "speaker": voice.speaker,
        "entity": voice.entity_id,
        "kind": str(voice.kind),
        "cue": voice.cue,
        "quotes": voice.n_quotes,
        "words": voice.n_words,
        "only_here": voice.only_here,
    }


def _word_json(article: Article, mark: WordMark) -> JSONDict:
    return {
        "text": article.text_at(mark.span),
        "kind": str(mark.kind),
        "score": mark.score,
        "claim": mark.claim_id,
        "differs": mark.differs,
        **_offsets(mark.span),
    }


def _source_framing_json(comparison: Comparison, source: SourceFraming) -> JSONDict:
    article = comparison.article(source.article_id)
    lead = sentence_text(article, source.lead_sentence) if source.lead_sentence is not None else None
    return {
        "article": article.id,
        "headline": article.title,
        "lead": {"sentence": source.lead_sentence, "text": lead, "claim": source.lead_claim or None},
        "lead_ranks": [{"claim": item.claim_id, "rank": item.rank} for item in source.lead_ranks],
        "omitted": [_central_json(comparison, item) for item in source.omitted],
        "exclusive": [_central_json(comparison, item) for item in source.exclusive],
        "voices": [_voice_json(voice) for voice in source.voices],
        "words": [_word_json(article, mark) for mark in source.words],
    }


def _wording_json(wording: ClaimWording) -> JSONDict:
    return {
        "claim": wording.claim_id,
        "differs": wording.differs,
        "neutral_member": wording.neutral_member,
        "loadedness": list(wording.loadedness),
    }


def framing_to_json(comparison: Comparison) -> JSONDict:
    """How each source framed the story (empty lists for a comparison made without framing)."""
    framing = comparison.framing
    return {
        "lexicon": framing.lexicon,
        "sources": [_source_framing_json(comparison, source) for source in framing.sources],
        "wordings": [_wording_json(wording) for wording in framing.wordings],
    }


def comparison_to_json(comparison: Comparison) -> JSONDict:
    """The whole comparison as plain JSON values (schema :data:`SCHEMA_VERSION`)."""
    unique = unique_claims_by_source(comparison)
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_to_json(article) for article in comparison.articles],
        "entities": [_entity_json(entity) for entity in comparison.entities],
        "claims": [_claim_json(comparison, claim) for claim in comparison.claims],
        "timeline": [_timeline_json(comparison, entry) for entry in comparison.timeline],
        "sources": [_source_json(comparison, a, unique[a.id]) for a in comparison.articles],
        "framing": framing_to_json(comparison),
    }


def render_json(comparison: Comparison) -> str:
    return json.dumps(comparison_to_json(comparison), indent=2, ensure_ascii=False)


def render_article_json(article: Article) -> str:
    return json.dumps(article_to_json(article), indent=2, ensure_ascii=False)
