"""Golden tests on the shipped examples: four outlets, HTML and text, one in Spanish."""

from __future__ import annotations

import pytest

from newsweave.model import ClaimStatus, Comparison
from newsweave.outlets import source_name
from tests.conftest import article_named
from tests.golden_summary import golden_pair


@pytest.mark.parametrize(
    ("fragment", "boilerplate"),
    [
        ("alder-courier", "Skip to content"),
        ("alder-courier", "Share on Facebook"),
        ("alder-courier", "— Port Alder Harbour (@PortAlderHarbour)"),
        ("alder-courier", "© 2025 The Alder Courier"),
        ("coastline-daily", "Ines Marlow"),
        ("coastline-daily", "Harbor Press Award"),
        ("coastline-daily", "Piet Olsen / Harbor Press Images"),
        ("coastline-daily", "Skip to footer"),
        ("northgate-wire", "Advertisement"),
        ("northgate-wire", "Share this article"),
        ("diario-del-puerto", "Accidente en el puerto"),
        ("diario-del-puerto", "Compartir en WhatsApp"),
    ],
)
def test_examples_boilerplate_removed(example_comparison: Comparison, fragment: str, boilerplate: str) -> None:
    article = article_named(example_comparison, fragment)
    assert boilerplate not in article.text
    assert any(boilerplate in article.removed_text(span) for span in article.removed)


def test_examples_metadata(example_comparison: Comparison) -> None:
    courier = article_named(example_comparison, "alder-courier")
    assert (courier.outlet, courier.authors, courier.language) == ("The Alder Courier", ("Callum Brecken",), "en")
    assert courier.published is not None
    assert courier.published.date().isoformat() == "2025-10-14"
    diario = article_named(example_comparison, "diario-del-puerto")
    assert (diario.outlet, diario.language) == ("Diario del Puerto", "es")
    assert article_named(example_comparison, "coastline-daily").authors == ("Ines Marlow",)


def test_examples_injury_conflict_with_evidence(example_comparison: Comparison) -> None:
    conflicts = [claim for claim in example_comparison.claims if claim.status is ClaimStatus.CONFLICT]
    assert len(conflicts) == 1
    evidence = {(source_name(example_comparison.article(e.article_id)), e.value) for e in conflicts[0].evidence}
    assert ("northgate-wire", "5") in evidence
    assert ("The Alder Courier", "3") in evidence
    assert len(conflicts[0].sources) == 4  # the Spanish report joins through its translation


def test_examples_posts(example_comparison: Comparison) -> None:
    courier = article_named(example_comparison, "alder-courier").posts
    assert [(p.platform, p.handle, p.author, p.language) for p in courier] == [
        ("twitter", "@PortAlderHarbour", "Port Alder Harbour", "en")
    ]
    assert courier[0].url == "https://twitter.com/PortAlderHarbour/status/1234567890"
    coastline = article_named(example_comparison, "coastline-daily").posts
    assert [(p.platform, p.handle) for p in coastline] == [("twitter", "@PortAlderHarbour"), ("facebook", "")]
    assert coastline[1].author == "Marit Solberg"
    assert article_named(example_comparison, "northgate-wire").posts == ()


def test_examples_correction_and_quotes(example_comparison: Comparison) -> None:
    northgate = article_named(example_comparison, "northgate-wire")
    assert [c.kind for c in northgate.corrections] == ["correction"]
    speakers = {q.speaker_entity for a in example_comparison.articles for q in a.quotes}
    assert speakers == {"elena-varga", "tomas-reyk"}


def test_examples_entities_cross_language(example_comparison: Comparison) -> None:
    varga = next(entity for entity in example_comparison.entities if entity.id == "elena-varga")
    assert varga.label == "PERSON"
    diario = article_named(example_comparison, "diario-del-puerto")
    assert "elena-varga" in {mention.entity_id for mention in diario.entities}


def test_examples_times_resolved_against_publication(example_comparison: Comparison) -> None:
    diario = article_named(example_comparison, "diario-del-puerto")
    values = {diario.text_at(ref.span): ref.value for ref in diario.times}
    assert values["martes"] == "2025-10-14"
    assert values["para el miércoles"] == "2025-10-15"
    coastline = article_named(example_comparison, "coastline-daily")
    assert [(ref.value, ref.relative, ref.anchor) for ref in coastline.times] == [("", "weekday:TU", "publication")]


def test_examples_golden(example_comparison: Comparison, update_golden: bool) -> None:
    summary, golden = golden_pair(example_comparison, "examples", update=update_golden)
    assert summary == golden
