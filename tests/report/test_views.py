"""What every report shows of a conflict: its evidence read as disagreements."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.model import ClaimGroup, ClaimMember, ClaimStatus, Evidence, Span
from newsweave.report.views import disagreements


def _evidence(kind: str, article_id: str, value: str, slot: str = "") -> Evidence:
    return Evidence(kind=kind, article_id=article_id, span=Span(start=0, end=1), value=value, slot=slot)


def _conflict(*evidence: Evidence, sources: tuple[str, ...] = ("a", "b", "c")) -> ClaimGroup:
    members = tuple(ClaimMember(article_id=source, sentence=0, span=Span(start=0, end=1)) for source in sources)
    return ClaimGroup(id="c1", status=ClaimStatus.CONFLICT, sources=sources, members=members, evidence=evidence)


def _cite(article_ids: Sequence[str]) -> str:
    return "".join(f"[{article_id}]" for article_id in article_ids)


def test_a_figure_names_what_it_counts_and_who_gives_each_value() -> None:
    claim = _conflict(
        _evidence("number", "c", "5", "people"),
        _evidence("number", "a", "3", "people"),
        _evidence("number", "b", "3", "people"),
    )
    (found,) = disagreements(claim)
    assert found.subject == "how many people"
    assert found.values == (("5", ("c",)), ("3", ("a", "b")))
    assert found.describe(_cite) == "how many people: 5 [c] against 3 [a][b]"


def test_a_source_is_cited_once_per_value() -> None:
    claim = _conflict(_evidence("date", "a", "2024-04-30", "day"), _evidence("date", "a", "2024-04-30", "day"))
    (found,) = disagreements(claim)
    assert found.values == (("2024-04-30", ("a",)),)
    assert found.subject == "the date (day)"


def test_each_kind_is_its_own_disagreement() -> None:
    claim = _conflict(
        _evidence("negation", "a", "denies it"),
        _evidence("negation", "b", "states it"),
        _evidence("number", "a", "12", "quoted people"),
        _evidence("number", "b", "15", "quoted people"),
        _evidence("attribution", "a", "ana-ruiz"),
        _evidence("attribution", "b", "olaf-berg"),
    )
    subjects = [item.subject for item in disagreements(claim)]
    assert subjects == ["whether it happened", "how many people (in a quotation)", "who said it"]


def test_describe_escapes_words_and_highlights_values() -> None:
    claim = _conflict(_evidence("number", "a", "<1>", "people"), _evidence("number", "b", "2", "people"))
    (found,) = disagreements(claim)
    text = found.describe(_cite, escape=lambda words: words.replace("<", "&lt;"), value=lambda v: f"*{v}*")
    assert text == "how many people: *<1>* [a] against *2* [b]"


def test_a_claim_without_evidence_has_no_disagreement() -> None:
    assert disagreements(_conflict()) == []
