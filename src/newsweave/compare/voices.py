"""Whom a source quotes, what kind of voice the article makes each speaker, and how much room they get.

Speakers are grouped as the reports group them: by canonical entity, else by the words naming
them. A speaker's kind comes from how the article introduces them: the speaker phrase itself
("a spokeswoman for the city fire service"), the few words before it ("Troy police Lt."), the
appositive after it (", a spokesman for the harbour pilots' union,") and the same around every
other mention of that person in the article. The cue lists
(:mod:`newsweave.compare.framing_words`) are tried in order, anonymity first: "a senior official
who was not authorized to speak" is an anonymous source before it is an official. A speaker the
article describes with none of them is ``other``; a quote with no speaker found is ``other`` too,
since a missed attribution is not an anonymous source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from newsweave.compare.framing_words import (
    ANONYMOUS_CUES,
    CAMPAIGN_CUES,
    EXPERT_CUES,
    OFFICIAL_CUES,
    WITNESS_CUES,
)
from newsweave.model import Article, Quote, Span, Voice, VoiceKind

__all__ = ["UNATTRIBUTED", "VOICE_CUES", "article_voices", "speaker_name", "voice_kind"]

UNATTRIBUTED = "unattributed"
VOICE_CUES: tuple[tuple[VoiceKind, tuple[str, ...]], ...] = (
    (VoiceKind.ANONYMOUS, ANONYMOUS_CUES),
    (VoiceKind.WITNESS, WITNESS_CUES),
    (VoiceKind.EXPERT, EXPERT_CUES),
    (VoiceKind.CAMPAIGN, CAMPAIGN_CUES),
    (VoiceKind.OFFICIAL, OFFICIAL_CUES),
)
_CUE_PATTERNS = tuple(
    (kind, tuple((cue, re.compile(rf"(?<![\w]){re.escape(cue)}s?(?![\w])")) for cue in cues))
    for kind, cues in VOICE_CUES
)
_WORDS_BEFORE = 4
_WORD = re.compile(r"\S+")
_APPOSITIVE_END = re.compile(r"[,;.!?\n]")


def speaker_name(article: Article, quote: Quote, names: Mapping[str, str]) -> str:
    """How reports name a quote's speaker: the canonical entity's name, else the speaker's words."""
    if quote.speaker_entity in names:
        return names[quote.speaker_entity]
    if quote.speaker is not None:
        return article.text_at(quote.speaker)
    return quote.speaker_entity or UNATTRIBUTED


def voice_kind(description: str) -> tuple[VoiceKind, str]:
    """The kind of voice ``description`` (the words that introduce a speaker) makes them, with the
    cue that decided it; ``(OTHER, "")`` when no cue is there."""
    text = " ".join(description.casefold().split())
    for kind, patterns in _CUE_PATTERNS:
        for cue, pattern in patterns:
            if pattern.search(text):
                return kind, cue
    return VoiceKind.OTHER, ""


def article_voices(
    article: Article, names: Mapping[str, str], quoted_elsewhere: Mapping[str, int]
) -> tuple[Voice, ...]:
    """The speakers ``article`` quotes, in order of first quote; ``quoted_elsewhere`` counts, by
    speaker name, the other articles that quote them."""
    groups: dict[str, list[Quote]] = {}
    for quote in article.quotes:
        groups.setdefault(speaker_name(article, quote, names), []).append(quote)
    voices = []
    for name, quotes in groups.items():
        first = quotes[0]
        kind, cue = (
            (VoiceKind.OTHER, "") if first.speaker is None else voice_kind(" ; ".join(_descriptions(article, quotes)))
        )
        voices.append(
            Voice(
                speaker=name,
                entity_id=first.speaker_entity,
                kind=kind,
                cue=cue,
                n_quotes=len(quotes),
                n_words=sum(len(_WORD.findall(article.text_at(quote.span))) for quote in quotes),
                only_here=quoted_elsewhere.get(name, 0) == 0,
            )
        )
    return tuple(voices)


def _descriptions(article: Article, quotes: Sequence[Quote]) -> list[str]:
    """The words around each place the article names the speaker of ``quotes``."""
    spans = [quote.speaker for quote in quotes if quote.speaker is not None]
    entity = quotes[0].speaker_entity
    if entity:
        spans += [mention.span for mention in article.entities if mention.entity_id == entity]
    return [_around(article, span) for span in dict.fromkeys(spans)]


def _around(article: Article, span: Span) -> str:
    """``span``'s words with the few before it and its appositive, inside its sentence and outside
    any quotation (a quote's "police" says nothing of who speaks it)."""
    sentence = next((s.span for s in article.sentences if s.span.contains(span)), Span(start=0, end=len(article.text)))
    floor = max([q.span.end for q in article.quotes if sentence.start <= q.span.end <= span.start], default=0)
    before = _WORD.findall(article.text[max(sentence.start, floor) : span.start])[-_WORDS_BEFORE:]
    after = article.text[span.end : sentence.end]
    appositive = ""
    if after.lstrip().startswith(","):
        rest = after.lstrip()[1:]
        end = _APPOSITIVE_END.search(rest)
        appositive = rest[: end.start() if end else len(rest)]
    return " ".join([*before, article.text_at(span), appositive])
