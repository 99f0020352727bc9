"""Conflict rules on hand-built sentence pairs: what differs is flagged, what is merely different is not."""

from __future__ import annotations

import pytest

from newsweave.annotate import find_time_refs
from newsweave.compare.conflicts import ConflictOptions, find_conflicts
from newsweave.model import Article, EntityMention, Quote, Span

OPTIONS = ConflictOptions()


def _article(article_id: str, text: str, **fields: object) -> Article:
    return Article(id=article_id, uri=f"{article_id}.txt", text=text, times=find_time_refs(text), **fields)  # type: ignore[arg-type]


def _whole(article: Article) -> Span:
    return Span(start=0, end=len(article.text))


def _kinds(left: Article, right: Article, score: float = 0.9) -> list[tuple[str, str]]:
    evidence = find_conflicts(left, _whole(left), right, _whole(right), score=score, options=OPTIONS)
    return sorted((item.kind, item.value) for item in evidence)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Three people were injured.", "Five people were injured.", [("number", "3"), ("number", "5")]),
        (
            "About 2,400 containers were aboard.",
            "About 2,600 containers were aboard.",
            [("number", "2400"), ("number", "2600")],
        ),
        ("Three people were injured.", "Three people were injured.", []),
    ],
)
def test_conflicts_numbers_same_unit(left: str, right: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(_article("a", left), _article("b", right)) == expected


def test_conflicts_units_named_alike_across_languages() -> None:
    left = _article("a", "Tres personas resultaron heridas.", language="es")
    right = _article("b", "Five people were injured.", language="en")
    assert _kinds(left, right, score=0.6) == [("number", "3"), ("number", "5")]


def test_conflicts_different_units_never_conflict() -> None:
    left = _article("a", "The bridge carries 60,000 vehicles a day.")
    right = _article("b", "Ships have waited for 3 days.")
    assert _kinds(left, right) == []


def test_conflicts_single_figure_across_languages_needs_strong_alignment() -> None:
    left = _article("a", "Hubo tres heridos en el choque.", language="es")
    right = _article("b", "There were five injured in the crash.", language="en")
    assert _kinds(left, right, score=0.9) == [("number", "3"), ("number", "5")]
    assert _kinds(left, right, score=0.6) == []


def test_conflicts_dates_of_same_granularity() -> None:
    left = _article("a", "The agreement was signed in 2017.")
    right = _article("b", "The agreement was signed in 2016.")
    assert _kinds(left, right) == [("date", "2016"), ("date", "2017")]


def test_conflicts_resolved_and_relative_dates_compare_alike() -> None:
    text = "The ship struck the bridge on Tuesday."
    left = _article("a", text)
    right = Article(id="b", uri="b", text=text, times=find_time_refs(text, published=None))
    assert _kinds(left, right) == []


def test_conflicts_negation_of_same_statement() -> None:
    left = _article("a", "The authority confirmed the bridge would reopen on schedule.")
    right = _article("b", "The authority has not confirmed the bridge would reopen on schedule.")
    assert ("negation", "negated") in _kinds(left, right)


def test_conflicts_negation_in_different_wording_ignored() -> None:
    left = _article("a", "Julian Assange can't go online, the announcement says.")
    right = _article("b", "Assange has had his ability to communicate cut off, Ecuador announced.")
    assert _kinds(left, right) == []


def test_conflicts_attribution_to_different_speakers() -> None:
    text_a = '"We will rebuild," said Ana Ruiz.'
    text_b = '"We will rebuild," said Olaf Berg.'
    left = _article(
        "a",
        text_a,
        quotes=(Quote(span=Span(start=1, end=16), speaker=Span(start=24, end=32), speaker_entity="ana-ruiz"),),
    )
    right = _article(
        "b",
        text_b,
        quotes=(Quote(span=Span(start=1, end=16), speaker=Span(start=24, end=33), speaker_entity="olaf-berg"),),
    )
    kinds = {kind for kind, _ in _kinds(left, right)}
    assert "attribution" in kinds


def test_conflicts_person_swapped_in_same_role() -> None:
    left = _article(
        "a",
        "Ana Ruiz was arrested.",
        entities=(EntityMention(span=Span(start=0, end=8), label="PERSON", entity_id="ana-ruiz"),),
    )
    right = _article(
        "b",
        "Olaf Berg was arrested.",
        entities=(EntityMention(span=Span(start=0, end=9), label="PERSON", entity_id="olaf-berg"),),
    )
    assert _kinds(left, right) == [("name", "ana-ruiz"), ("name", "olaf-berg")]
    assert _kinds(left, right, score=0.6) == []
