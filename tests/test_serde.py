"""Serialisation round trips for every kind of field a record holds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.model import (
    Article,
    CentralClaim,
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    ClaimWording,
    Comparison,
    Entity,
    Evidence,
    Framing,
    LeadRank,
    SocialPost,
    SourceFraming,
    Span,
    TimeKind,
    TimeRef,
    Voice,
    VoiceKind,
    WordKind,
    WordMark,
)
from newsweave.serde import from_dict, to_dict


def _comparison() -> Comparison:
    article = Article(
        id="a1",
        uri="a.txt",
        text="Five people were hurt.",
        published=datetime(2025, 10, 14, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        posts=(SocialPost(span=None, platform="twitter", text="hello", links=("https://t.co/x",)),),
        times=(TimeRef(span=Span(start=0, end=4), kind=TimeKind.DURATION, granularity="day", value="P5D"),),
    )
    claim = ClaimGroup(
        id="c001",
        status=ClaimStatus.CONFLICT,
        sources=("a1",),
        members=(ClaimMember(article_id="a1", sentence=0, span=Span(start=0, end=22)),),
        evidence=(Evidence(kind="number", article_id="a1", span=Span(start=0, end=11), value="5"),),
    )
    return Comparison(articles=(article,), entities=(Entity(id="e", name="E", label="ORG"),), claims=(claim,))


def test_serde_comparison_round_trip_through_json() -> None:
    comparison = _comparison()
    data = json.loads(json.dumps(to_dict(comparison)))
    assert from_dict(Comparison, data) == comparison


def test_serde_framing_round_trip_through_json() -> None:
    framing = Framing(
        sources=(
            SourceFraming(
                article_id="a1",
                lead_sentence=0,
                lead_claim="c001",
                lead_ranks=(LeadRank(claim_id="c001", rank=1), LeadRank(claim_id="c002", rank=None)),
                omitted=(CentralClaim(claim_id="c002", n_sources=3, centrality=3.75),),
                voices=(
                    Voice(
                        speaker="Ana Ruiz",
                        entity_id="ana-ruiz",
                        kind=VoiceKind.EXPERT,
                        cue="expert",
                        n_quotes=2,
                        n_words=31,
                        only_here=True,
                    ),
                ),
                words=(
                    WordMark(
                        article_id="a1",
                        span=Span(start=0, end=4),
                        kind=WordKind.EVALUATIVE,
                        score=2.7,
                        claim_id="c001",
                        differs=True,
                    ),
                ),
            ),
            SourceFraming(article_id="a2"),
        ),
        wordings=(ClaimWording(claim_id="c001", loadedness=(2.7, 0.0), neutral_member=1, differs=True),),
        lexicon="vaderSentiment 3.3.2 vader_lexicon.txt (MIT)",
    )
    comparison = replace(_comparison(), framing=framing)
    data = json.loads(json.dumps(to_dict(comparison)))
    assert data["framing"]["sources"][0]["voices"][0]["kind"] == "expert"
    assert from_dict(Comparison, data) == comparison


def test_serde_comparison_without_framing_reads_with_an_empty_one() -> None:
    data = to_dict(_comparison())
    del data["framing"]  # as a comparison stored before framing existed
    assert from_dict(Comparison, data).framing == Framing()


def test_serde_rejects_non_records() -> None:
    with pytest.raises(TypeError, match="record instance"):
        to_dict({"not": "a record"})


@given(
    start=st.integers(min_value=0, max_value=10_000),
    length=st.integers(min_value=0, max_value=10_000),
    label=st.text(max_size=20),
    moment=st.datetimes(timezones=st.just(UTC)),
)
def test_serde_span_and_datetime_round_trip(start: int, length: int, label: str, moment: datetime) -> None:
    span = Span(start=start, end=start + length, label=label)
    assert from_dict(Span, json.loads(json.dumps(to_dict(span)))) == span
    article = Article(id="x", uri="x", text="t", published=moment)
    assert from_dict(Article, to_dict(article)) == article


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (5, 4)])
def test_span_rejects_bad_bounds(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="start <= end"):
        Span(start=start, end=end)


def test_article_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Article(id="x", uri="x", text="t", published=datetime(2025, 1, 1))
