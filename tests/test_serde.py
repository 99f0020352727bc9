"""Serialisation round trips for every kind of field a record holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.model import (
    Article,
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    Comparison,
    Entity,
    Evidence,
    SocialPost,
    Span,
    TimeKind,
    TimeRef,
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
