"""A small comparison built by hand, so every offset the reports print is known.

Three articles cover one storm: one shared claim (all three), one conflict with number
evidence, two unique claims, quotes with and without a speaker, a post in the body and one
only embedded, a correction, a removed byline and credit, and a timeline with a relative date.
``hostile`` adds a fourth article whose every field tries to break out of its output format.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsweave.model import (
    Article,
    CentralClaim,
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    ClaimWording,
    Comparison,
    Correction,
    Entity,
    EntityMention,
    Evidence,
    Framing,
    LeadRank,
    Quote,
    Sentence,
    SocialPost,
    SourceFraming,
    Span,
    TimeKind,
    TimelineEntry,
    TimeRef,
    Voice,
    VoiceKind,
    WordKind,
    WordMark,
)

PLANET = [
    "A storm hit the coast on Tuesday.",
    "Twelve people were injured.",
    'Mayor Jane Doe said "We will rebuild."',
    "The pier was closed.",
    "@weather: Winds at 90 mph #storm.",
    "Correction: An earlier version misstated the café's name.",
]
GAZETTE = [
    "A storm struck the coast on Tuesday.",
    "Fifteen people were injured.",
    'Jane Doe said "We will rebuild."',
    "Officials met last Wednesday.",
]
WIRE = [
    "Storms battered the coast on Tuesday after forming on Sunday.",
    "Crews cleared roads.",
    '"It was a long night," a worker said.',
]
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTR = '" onmouseover="x'
HOSTILE_URL = "javascript:alert(1)"
HOSTILE = [
    f"Rumours {HOSTILE_SCRIPT} spread.",
    f"He wrote {HOSTILE_ATTR} | # [/oops] here.",
]


def find(text: str, sub: str, label: str = "") -> Span:
    start = text.index(sub)
    return Span(start=start, end=start + len(sub), label=label)


def sentences(parts: list[str]) -> tuple[str, tuple[Sentence, ...]]:
    text = " ".join(parts)
    return text, tuple(Sentence(span=find(text, part)) for part in parts)


def member(article: Article, index: int) -> ClaimMember:
    return ClaimMember(article_id=article.id, sentence=index, span=article.sentences[index].span)


def planet() -> Article:
    text, sents = sentences(PLANET)
    source = f"By Lois Lane\n{text}\nPhoto: AP"
    return Article(
        id="a1",
        uri="file:///in/planet.html",
        url="https://planet.example/storm",
        text=text,
        title="Storm hits coast",
        dek="Damage along the shore",
        outlet="Daily Planet",
        authors=("Lois Lane",),
        published=datetime(2024, 5, 1, 10, 0, tzinfo=UTC),
        published_from="meta",
        language="en",
        source_text=source,
        removed=(
            find(source, "By Lois Lane", "byline"),
            find(source, "Photo: AP", "credit"),
        ),
        sentences=sents,
        entities=(EntityMention(span=find(text, "Jane Doe"), label="PERSON", entity_id="e1"),),
        quotes=(
            Quote(
                span=find(text, "We will rebuild."),
                speaker=find(text, "Mayor Jane Doe"),
                verb=find(text, "said"),
                speaker_entity="e1",
            ),
        ),
        posts=(
            SocialPost(
                span=find(text, PLANET[4]),
                platform="x",
                text="Winds at 90 mph #storm.",
                handle="@weather",
                language="en",
            ),
            SocialPost(
                span=None,
                platform="instagram",
                text="Pier photo",
                handle="@pier",
                author="Pier Cam",
                url="https://instagram.example/p/1",
                links=("https://pier.example",),
            ),
        ),
        hashtags=(find(text, "#storm"),),
        mentions=(find(text, "@weather"),),
        corrections=(Correction(span=find(text, PLANET[5]), kind="correction"),),
        times=(
            TimeRef(
                span=find(text, "Tuesday"),
                kind=TimeKind.DATE,
                granularity="day",
                value="2024-04-30",
            ),
        ),
    )


def gazette() -> Article:
    text, sents = sentences(GAZETTE)
    return Article(
        id="a2",
        uri="https://gazette.example/news/storm-report",
        text=text,
        title="Storm hits coast",
        outlet="The Gazette",
        language="en",
        sentences=sents,
        quotes=(
            Quote(
                span=find(text, "We will rebuild."),
                speaker=find(text, "Jane Doe"),
                speaker_entity="e1",
            ),
        ),
        times=(
            TimeRef(
                span=find(text, "last Wednesday"),
                kind=TimeKind.DATE,
                granularity="day",
                relative="weekday:WE",
                anchor="publication",
            ),
        ),
    )


def wire() -> Article:
    text, sents = sentences(WIRE)
    return Article(
        id="a3",
        uri="file:///in/wire.txt",
        text=text,
        title="Coastal storm",
        outlet="Wire Service",
        language="en",
        sentences=sents,
        quotes=(Quote(span=find(text, "It was a long night,")),),
    )


@pytest.fixture
def comparison() -> Comparison:
    a1, a2, a3 = planet(), gazette(), wire()
    claims = (
        ClaimGroup(
            id="c1",
            status=ClaimStatus.SHARED,
            sources=("a1", "a2", "a3"),
            members=(member(a1, 0), member(a2, 0), member(a3, 0)),
            similarity=0.91,
            brief_member=0,
        ),
        ClaimGroup(
            id="c2",
            status=ClaimStatus.CONFLICT,
            sources=("a1", "a2"),
            members=(member(a1, 1), member(a2, 1)),
            evidence=(
                Evidence(
                    kind="number",
                    article_id="a1",
                    span=find(a1.text, "Twelve"),
                    value="12",
                    slot="people",
                ),
                Evidence(
                    kind="number",
                    article_id="a2",
                    span=find(a2.text, "Fifteen"),
                    value="15",
                    slot="people",
                ),
            ),
            similarity=0.8,
        ),
        ClaimGroup(
            id="c3",
            status=ClaimStatus.UNIQUE,
            sources=("a1",),
            members=(member(a1, 3),),
        ),
        ClaimGroup(
            id="c4",
            status=ClaimStatus.UNIQUE,
            sources=("a3",),
            members=(member(a3, 1),),
        ),
    )
    timeline = (
        TimelineEntry(
            value="2024-04-30",
            relative="",
            granularity="day",
            article_id="a1",
            sentence=0,
            time=find(a1.text, "Tuesday"),
        ),
        TimelineEntry(
            value="",
            relative="weekday:WE",
            granularity="day",
            article_id="a2",
            sentence=3,
            time=find(a2.text, "last Wednesday"),
        ),
        TimelineEntry(
            value="2024-04-28",
            relative="",
            granularity="day",
            article_id="a3",
            sentence=0,
            time=find(a3.text, "Sunday"),
        ),
    )
    jane = Entity(
        id="e1",
        name="Jane Doe",
        label="PERSON",
        aliases=("Mayor Jane Doe",),
        n_mentions=2,
    )
    return Comparison(articles=(a1, a2, a3), entities=(jane,), claims=claims, timeline=timeline)


@pytest.fixture
def hostile(comparison: Comparison) -> Comparison:
    text, sents = sentences(HOSTILE)
    article = Article(
        id="a4",
        uri="file:///in/evil.html",
        url=HOSTILE_URL,
        text=text,
        title=HOSTILE_SCRIPT,
        outlet=f"Evil {HOSTILE_SCRIPT} | News",
        authors=(HOSTILE_ATTR,),
        sentences=sents,
        posts=(
            SocialPost(
                span=None,
                platform="x",
                text=HOSTILE_SCRIPT,
                handle=HOSTILE_URL,
                url=HOSTILE_URL,
            ),
        ),
        corrections=(Correction(span=find(text, HOSTILE[1]), kind=HOSTILE_SCRIPT),),
    )
    claim = ClaimGroup(
        id="c5",
        status=ClaimStatus.UNIQUE,
        sources=("a4",),
        members=(member(article, 1),),
    )
    return Comparison(
        articles=(*comparison.articles, article),
        entities=comparison.entities,
        claims=(*comparison.claims, claim),
        timeline=comparison.timeline,
    )


@pytest.fixture
def framed(comparison: Comparison) -> Comparison:
    """``comparison`` with a framing written by hand: every source leads with the storm; the wire
    leaves out the injury count, quotes an unnamed worker only it quotes, and words the storm
    "battered", where the others say "hit" and "struck"."""
    a3 = comparison.articles[2]
    mayor = Voice(speaker="Jane Doe", entity_id="e1", kind=VoiceKind.OFFICIAL, cue="mayor", n_quotes=1, n_words=3)
    battered = WordMark(
        article_id="a3",
        span=find(a3.text, "battered"),
        kind=WordKind.EVALUATIVE,
        score=2.0,
        claim_id="c1",
        differs=True,
    )
    lead = (LeadRank(claim_id="c1", rank=1),)
    framing = Framing(
        sources=(
            SourceFraming(
                article_id="a1",
                lead_sentence=0,
                lead_claim="c1",
                lead_ranks=lead,
                exclusive=(CentralClaim(claim_id="c3", n_sources=1, centrality=1.5),),
                voices=(mayor,),
            ),
            SourceFraming(article_id="a2", lead_sentence=0, lead_claim="c1", lead_ranks=lead, voices=(mayor,)),
            SourceFraming(
                article_id="a3",
                lead_sentence=0,
                lead_claim="c1",
                lead_ranks=lead,
                omitted=(CentralClaim(claim_id="c2", n_sources=2, centrality=2.75),),
                exclusive=(CentralClaim(claim_id="c4", n_sources=1, centrality=1.3333),),
                voices=(
                    Voice(
                        speaker="unattributed",
                        entity_id="",
                        kind=VoiceKind.OTHER,
                        cue="",
                        n_quotes=1,
                        n_words=4,
                        only_here=True,
                    ),
                ),
                words=(battered,),
            ),
        ),
        wordings=(ClaimWording(claim_id="c1", loadedness=(0.0, 0.0, 2.0), neutral_member=0, differs=True),),
        lexicon="vaderSentiment 3.3.2 vader_lexicon.txt (MIT)",
    )
    return replace(comparison, framing=framing)


@pytest.fixture
def framed_hostile(hostile: Comparison) -> Comparison:
    """The hostile comparison with a framing that shows its article's headline, lead and a marked word."""
    evil = hostile.articles[-1]
    word = WordMark(article_id=evil.id, span=find(evil.text, "Rumours"), kind=WordKind.HEDGE, score=1.0, claim_id="c5")
    sources = tuple(
        SourceFraming(
            article_id=a.id, lead_sentence=0, lead_claim="c5" if a is evil else "", words=(word,) if a is evil else ()
        )
        for a in hostile.articles
    )
    return replace(hostile, framing=Framing(sources=sources))
