"""The brief is true by construction: each sentence is one claim's member, cites exactly the
sources of that claim, and reads the same whatever order the articles came in."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

import newsweave
from newsweave.compare import CompareOptions, compare_articles, is_fragment
from newsweave.model import Article, ClaimGroup, ClaimStatus, Comparison, Quote, Sentence, Span
from newsweave.report.views import brief_items, member_text


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return newsweave.annotate(newsweave.extract(newsweave.read([EXAMPLES])))


def _brief(comparison: Comparison) -> set[tuple[str, frozenset[str]]]:
    """Each brief sentence with the outlets it cites: article ids change with nothing, names do."""
    names = {article.id: article.uri for article in comparison.articles}
    return {
        (member_text(comparison, member), frozenset(names[source] for source in claim.sources))
        for claim, member in brief_items(comparison)
    }


@pytest.mark.model
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(6)))
def test_brief_cites_exactly_its_claims_sources_in_any_order(articles: list[Article], order: Sequence[int]) -> None:
    comparison = compare_articles([articles[i] for i in order])
    for claim, member in brief_items(comparison):
        assert claim.status is ClaimStatus.SHARED
        assert member in claim.members
        assert set(claim.sources) == {m.article_id for m in claim.members}
        assert len(claim.sources) >= 2
        assert not is_fragment(member_text(comparison, member))
        assert claim.similarity >= CompareOptions().brief_min_similarity
    assert _brief(comparison) == _brief(compare_articles(articles))


def test_brief_leaves_out_a_claim_whose_quotes_name_no_speaker() -> None:
    text = '"We will rebuild the bridge within a year," he said on Tuesday.'
    quote = Quote(span=Span(start=1, end=42), speaker=Span(start=44, end=46))
    sentences = (Sentence(span=Span(start=0, end=len(text))),)
    left = Article(id="a", uri="a", text=text, sentences=sentences, quotes=(quote,))
    right = Article(id="b", uri="b", text=text, sentences=sentences, quotes=(quote,))
    comparison = compare_articles([left, right])
    (claim,) = comparison.claims
    assert claim.status is ClaimStatus.SHARED
    assert claim.brief_member is None
    assert brief_items(comparison) == []


@pytest.mark.model
def test_the_brief_states_only_claims_whose_sources_agree_firmly(articles: list[Article]) -> None:
    loose = compare_articles(articles, options=CompareOptions(brief_min_similarity=0.0))
    shared = [claim for claim in loose.claims if claim.status is ClaimStatus.SHARED]
    cut = sorted(claim.similarity for claim in shared)[len(shared) // 2]
    firm = compare_articles(articles, options=CompareOptions(brief_min_similarity=cut))
    assert [claim.id for claim, _ in brief_items(firm)] == [
        claim.id for claim, _ in brief_items(loose) if claim.similarity >= cut
    ]
    assert 0 < len(brief_items(firm)) < len(brief_items(loose))
    assert [claim.status for claim in firm.claims] == [claim.status for claim in loose.claims]


def test_brief_min_similarity_must_be_a_probability() -> None:
    with pytest.raises(ValueError, match="brief_min_similarity"):
        CompareOptions(brief_min_similarity=1.5)


def test_a_brief_member_must_be_one_of_the_members() -> None:
    with pytest.raises(ValueError, match="brief_member"):
        ClaimGroup(id="c1", status=ClaimStatus.SHARED, sources=("a",), members=(), brief_member=0)


@pytest.mark.parametrize("text", ["”", "...", "McConnell, R-Ky.", "— Reuters", "Updated 5 p.m."])
def test_fragments_are_no_claims(text: str) -> None:
    assert is_fragment(text)


@pytest.mark.parametrize(
    "text",
    [
        "Saturday, Sep 14, 2013",
        "16 September 2013 Last updated at 12:42 GMT",
        "Published on Tuesday, March 3, 2020 11:41am | Updated 5:02 PM ET",
        "lunes, 14 de septiembre de 2013",
    ],
)
def test_date_lines_are_no_claims(text: str) -> None:
    assert is_fragment(text)


@pytest.mark.parametrize(
    "text",
    [
        "No one was killed.",
        "Fire kills 3 on Monday",
        "The ship sank on 14 September 2013.",
        "Tres personas resultaron heridas.",
    ],
)
def test_a_short_sentence_is_a_claim(text: str) -> None:
    assert not is_fragment(text)
