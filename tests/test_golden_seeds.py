"""Golden tests on the two seed pages: every point of extract, annotate and compare they exercise."""

from __future__ import annotations

import pytest

from newsweave.model import Article, ClaimStatus, Comparison
from tests.conftest import article_named
from tests.golden_summary import golden_pair

SEED_A, SEED_B = "000_", "002_"


def _claims_with(comparison: Comparison, fragment: str) -> list[tuple[ClaimStatus, tuple[str, ...]]]:
    found = []
    for claim in comparison.claims:
        texts = [comparison.article(m.article_id).text_at(m.span) for m in claim.members]
        if any(fragment in text for text in texts):
            found.append((claim.status, claim.sources))
    assert found, f"no claim contains {fragment!r}"
    return found


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Laura Hautala",
        "Former Senior Writer",
        "was into sourdough",
        "Expertise E-commerce",
        "Eddie Award",
        "stands on the balcony",
        "speaks to the media from the balcony",
        "Jack Taylor / Getty Images",
        "Skip to footer",
    ],
)
def test_seeds_boilerplate_removed_and_kept_as_spans(seed_comparison: Comparison, boilerplate: str) -> None:
    for article in seed_comparison.articles:
        assert boilerplate not in article.text
    removed = [a.removed_text(span) for a in seed_comparison.articles for span in a.removed]
    assert any(boilerplate in text for text in removed)


def test_seeds_removed_labels(seed_comparison: Comparison) -> None:
    labels = [span.label for span in article_named(seed_comparison, SEED_A).removed]
    assert labels == ["title", "dek", "byline", "bio", "bio", "bio", "byline", "alt_text", "caption", "credit"]
    assert [span.label for span in article_named(seed_comparison, SEED_B).removed] == ["title", "dek", "navigation"]


def test_seeds_every_story_sentence_kept(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    import newsweave

    for path in sorted(seeds_dir.glob("*.txt")):
        article = newsweave.extract(newsweave.read([path]))[0]
        raw = path.read_text(encoding="utf-8")
        removed = {article.removed_text(span) for span in article.removed}
        for line in (line.strip() for line in raw.splitlines()):
            if line and line not in removed:
                assert line in article.text, f"{path.name}: story line lost: {line[:60]}"


def test_seeds_title_dek_authors(seed_comparison: Comparison) -> None:
    a = article_named(seed_comparison, SEED_A)
    assert a.title == "Julian Assange cut off from internet at Ecuadorian embassy in UK"
    assert a.dek.startswith("The WikiLeaks founder can't tweet anymore")
    assert a.authors == ("Laura Hautala",)
    assert article_named(seed_comparison, SEED_B).title == "Julian Assange Just Got His Internet Privileges Revoked"


def test_seeds_five_posts_with_spanish_one(seed_comparison: Comparison) -> None:
    posts = article_named(seed_comparison, SEED_B).posts
    assert len(posts) == 5
    spanish = [post for post in posts if post.language == "es"]
    assert len(spanish) == 1
    assert spanish[0].text.startswith("COMUNICADO OFICIAL")
    assert {post.language for post in posts} == {"en", "es"}
    assert any("https://t.co/n1gQcz8PVx" in post.links for post in posts)
    assert article_named(seed_comparison, SEED_A).posts == ()


def test_seeds_correction_found(seed_comparison: Comparison) -> None:
    article = article_named(seed_comparison, SEED_B)
    assert [c.kind for c in article.corrections] == ["correction"]
    assert article.text_at(article.corrections[0].span).startswith("A previous version of this article attributed")


def test_seeds_entities_canonical(seed_comparison: Comparison) -> None:
    by_id = {entity.id: entity for entity in seed_comparison.entities}
    assert {"Assange", "Julian Assange", "@JulianAssange"} <= set(by_id["julian-assange"].aliases)
    assert by_id["julian-assange"].label == "PERSON"
    assert {"WikiLeaks", "Wikileaks"} <= set(by_id["wikileaks"].aliases)


def test_seeds_time_expressions(seed_comparison: Comparison) -> None:
    def refs(article: Article) -> dict[str, tuple[str, str]]:
        return {article.text_at(ref.span): (ref.value, ref.relative) for ref in article.times}

    a, b = refs(article_named(seed_comparison, SEED_A)), refs(article_named(seed_comparison, SEED_B))
    assert a["six years"] == ("P6Y", "")
    assert a["2012"] == ("2012", "")
    assert a["last year"] == ("", "year:-1")
    assert b["Wednesday"] == ("", "weekday:WE")
    assert b["October 2016"] == ("2016-10", "")


def test_seeds_quote_with_speaker(seed_comparison: Comparison) -> None:
    article = article_named(seed_comparison, SEED_A)
    quote = article.quotes[0]
    assert article.text_at(quote.span).startswith("The government of Ecuador warns")
    assert quote.speaker is not None
    assert article.text_at(quote.speaker) == "the statement"
    assert quote.verb is not None
    assert article.text_at(quote.verb) == "said"


@pytest.mark.parametrize("fragment", ["can't go online"])
def test_seeds_cutoff_shared(seed_comparison: Comparison, fragment: str) -> None:
    assert [status for status, _ in _claims_with(seed_comparison, fragment)] == [ClaimStatus.SHARED]


@pytest.mark.parametrize(
    ("fragment", "seed"),
    [
        ("extradition to Sweden", SEED_A),
        ("breaching bail", SEED_A),
        ("espionage charges", SEED_A),
        ("situation in Catalonia", SEED_B),
        ("Kim Dotcom", SEED_B),
        ("in October 2016", SEED_B),
    ],
)
def test_seeds_background_unique(seed_comparison: Comparison, fragment: str, seed: str) -> None:
    claims = _claims_with(seed_comparison, fragment)
    assert [status for status, _ in claims] == [ClaimStatus.UNIQUE]
    assert claims[0][1] == (article_named(seed_comparison, seed).id,)


def test_seeds_no_false_conflict(seed_comparison: Comparison) -> None:
    assert [claim for claim in seed_comparison.claims if claim.status is ClaimStatus.CONFLICT] == []


def test_seeds_post_and_correction_not_claims(seed_comparison: Comparison) -> None:
    article = article_named(seed_comparison, SEED_B)
    excluded = [post.span for post in article.posts if post.span] + [c.span for c in article.corrections]
    for claim in seed_comparison.claims:
        for member in claim.members:
            if member.article_id == article.id:
                assert not any(member.span.overlaps(span) for span in excluded)


def test_seeds_golden(seed_comparison: Comparison, update_golden: bool) -> None:
    summary, golden = golden_pair(seed_comparison, "seeds", update=update_golden)
    assert summary == golden
