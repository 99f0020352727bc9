"""Conflict rules on hand-built sentence pairs: what differs is flagged, what is merely different is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsweave.annotate import find_time_refs
from newsweave.compare.conflicts import ConflictOptions, find_conflicts
from newsweave.model import Article, EntityMention, Quote, Span

OPTIONS = ConflictOptions()


def _article(article_id: str, text: str, **fields: object) -> Article:
    published = fields.get("published")
    times = find_time_refs(text, published=published) if isinstance(published, datetime) else find_time_refs(text)
    return Article(id=article_id, uri=f"{article_id}.txt", text=text, times=times, **fields)  # type: ignore[arg-type]


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
            "The ship carried 2,400 containers.",
            "The ship carried 2,600 containers.",
            [("number", "2400"), ("number", "2600")],
        ),
        (
            "The demand is $5.7 billion.",
            "The demand is $5.6 billion.",
            [("number", "5600000000"), ("number", "5700000000")],
        ),
        ("The demand is more than $5 billion.", "The demand is $5.7 billion.", []),
        ("About 2,400 containers were aboard.", "About 2,600 containers were aboard.", []),
        ("Fifteen of the 19 Sept. 11 hijackers were Saudi.", "Fifteen of the 19 hijackers on 9/11 were Saudi.", []),
        ("The G-20 summit drew 20 leaders.", "The G-20 summit drew 20 leaders.", []),
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
    evidence = find_conflicts(left, _whole(left), right, _whole(right), score=0.9, options=OPTIONS)
    assert [(item.kind, item.article_id, item.value) for item in evidence] == [
        ("negation", "a", "states it"),
        ("negation", "b", "denies it"),
    ]


def test_conflicts_name_what_a_figure_counts() -> None:
    left = _article("a", "Three people were injured in the collision.")
    right = _article("b", "Five people were injured in the collision.")
    evidence = find_conflicts(left, _whole(left), right, _whole(right), score=0.9, options=OPTIONS)
    assert {(item.value, item.slot) for item in evidence} == {("3", "people"), ("5", "people")}


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


def _person(article_id: str, text: str, name: str, entity_id: str, **fields: object) -> Article:
    start = text.index(name)
    mention = EntityMention(span=Span(start=start, end=start + len(name)), label="PERSON", entity_id=entity_id)
    return _article(article_id, text, entities=(mention,), **fields)


@pytest.mark.parametrize(
    ("left", "right"),
    [("Liz Cheney", "Elizabeth"), ("Mike Thibodeau", "Michael"), ("Sen. Mitch McConnell", "McConnell")],
)
def test_conflicts_two_names_of_one_person_are_no_conflict(left: str, right: str) -> None:
    a = _person("a", f"{left} voted against the bill.", left, "one")
    b = _person("b", f"{right} voted against the bill.", right, "two")
    assert _kinds(a, b) == []


def test_conflicts_father_and_son_are_two_people() -> None:
    a = _person("a", "Donald Trump spoke first.", "Donald Trump", "one")
    b = _person("b", "Donald Trump Jr. spoke first.", "Donald Trump Jr.", "two")
    assert [kind for kind, _ in _kinds(a, b)] == ["name", "name"]


def test_conflicts_a_quoted_no_is_no_negation() -> None:
    left = _article("a", "Cheney cast the lone 'no' vote on the measure in the House.")
    right = _article("b", "Cheney cast the lone opposing vote on the measure in the House.")
    assert _kinds(left, right) == []


def test_conflicts_a_negation_inside_a_quotation_is_the_speakers() -> None:
    text = '"We will not close the port," the mayor said of the port plan.'
    left = _article("a", text, quotes=(Quote(span=Span(start=1, end=28)),))
    right = _article("b", "The mayor said of the port plan that the port would close.")
    assert _kinds(left, right) == []


def test_conflicts_a_quoted_figure_is_not_the_outlets_claim() -> None:
    left = _article("a", '"Three people died," the chief said.', quotes=(Quote(span=Span(start=1, end=18)),))
    right = _article("b", "Five people died, the chief said.")
    assert _kinds(left, right) == []


def test_conflicts_relative_days_compare_only_from_one_publication_day() -> None:
    day = datetime(2025, 10, 14, 9, tzinfo=UTC)
    monday = _article("a", "The House votes on Thursday.", published=day)
    later = Article(
        id="b",
        uri="b",
        text="The House votes on Wednesday.",
        published=day + timedelta(days=1),
        times=find_time_refs("The House votes on Wednesday.", published=day + timedelta(days=1)),
    )
    same_day = Article(
        id="c",
        uri="c",
        text="The House votes on Wednesday.",
        published=day,
        times=find_time_refs("The House votes on Wednesday.", published=day),
    )
    assert _kinds(monday, later) == []
    assert [kind for kind, _ in _kinds(monday, same_day)] == ["date", "date"]


def test_conflicts_a_pronoun_speaker_is_no_attribution_conflict() -> None:
    named = '"We will rebuild," said Ana Ruiz.'
    pronoun = '"We will rebuild," he said.'
    left = _article(
        "a", named, quotes=(Quote(span=Span(start=1, end=16), speaker=Span(start=24, end=32), speaker_entity="ana"),)
    )
    right = _article(
        "b", pronoun, quotes=(Quote(span=Span(start=1, end=16), speaker=Span(start=19, end=21), speaker_entity="olaf"),)
    )
    assert _kinds(left, right) == []
