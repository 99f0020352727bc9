"""Entity canonicalisation across articles: names, surnames, handles and gazetteer matches."""

from __future__ import annotations

import pytest

import newsweave
from newsweave.annotate.canonical import canonicalise_entities, entity_key
from newsweave.model import Article, Entity, EntityMention, Quote, Span


def _mention(text: str, surface: str, label: str, nth: int = 0) -> EntityMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return EntityMention(span=Span(start=start, end=start + len(surface)), label=label)


def _handle(text: str, handle: str) -> Span:
    start = text.index(handle)
    return Span(start=start, end=start + len(handle), label="mention")


def _by_surface(article: Article) -> dict[str, str]:
    return {article.text_at(m.span): m.entity_id for m in article.entities}


def _entity(entities: tuple[Entity, ...], entity_id: str) -> Entity:
    (entity,) = (e for e in entities if e.id == entity_id)
    return entity


EN_TEXT = "Mayor Ana Ruiz closed the quay. Ruiz said NovaCorp would pay. Novacorp denied it. Follow @AnaRuiz for news."
ES_TEXT = "La alcaldesa Ana Ruiz cerró el muelle y NovaCorp pagará, según Ruiz."


@pytest.fixture
def english() -> Article:
    return Article(
        id="en1",
        uri="en1.html",
        text=EN_TEXT,
        language="en",
        entities=(
            _mention(EN_TEXT, "Ana Ruiz", "PERSON"),
            _mention(EN_TEXT, "Ruiz", "PERSON", nth=1),
            _mention(EN_TEXT, "NovaCorp", "ORG"),
            _mention(EN_TEXT, "Novacorp", "ORG"),
        ),
        mentions=(_handle(EN_TEXT, "@AnaRuiz"),),
    )


@pytest.fixture
def spanish() -> Article:
    return Article(id="es1", uri="es1.html", text=ES_TEXT, language="es")


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("Ana Ruiz", "ana ruiz"),
        ("ANA  RUIZ", "ana ruiz"),
        ("@AnaRuiz", "anaruiz"),
        ("Ruiz's", "ruiz"),
        ("Ruiz’s", "ruiz"),
        ("the Harbour Authority", "harbour authority"),
        ("la Autoridad Portuaria", "autoridad portuaria"),
        ("Nova-Corp", "nova corp"),
        ("#Ostby", "ostby"),
        ("", ""),
    ],
)
def test_entity_key_normal_form(surface: str, key: str) -> None:
    assert entity_key(surface) == key


def test_canonicalise_entities_merges_name_surname_and_handle(english: Article) -> None:
    (article,), entities = canonicalise_entities([english])

    ids = _by_surface(article)
    assert ids["Ana Ruiz"] == ids["Ruiz"] == ids["@AnaRuiz"] != ""
    person = _entity(entities, ids["Ana Ruiz"])
    assert person.name == "Ana Ruiz"
    assert person.label == "PERSON"
    assert set(person.aliases) == {"Ana Ruiz", "Ruiz", "@AnaRuiz"}
    assert person.n_mentions == 3


def test_canonicalise_entities_merges_case_variants_of_org(english: Article) -> None:
    (article,), entities = canonicalise_entities([english])

    ids = _by_surface(article)
    assert ids["NovaCorp"] == ids["Novacorp"] != ids["Ana Ruiz"]
    org = _entity(entities, ids["NovaCorp"])
    assert org.label == "ORG"
    assert set(org.aliases) == {"NovaCorp", "Novacorp"}


def test_canonicalise_entities_handle_mention_added_as_entity(english: Article) -> None:
    (article,), _ = canonicalise_entities([english])

    (handle,) = (m for m in article.entities if article.text_at(m.span) == "@AnaRuiz")
    assert handle.label == "HANDLE"
    assert [m.span.start for m in article.entities] == sorted(m.span.start for m in article.entities)


def test_canonicalise_entities_ambiguous_surname_not_merged() -> None:
    text = "Ana Ruiz and Luis Ruiz run the quay. Ruiz said it was safe."
    article = Article(
        id="a",
        uri="a",
        text=text,
        entities=(
            _mention(text, "Ana Ruiz", "PERSON"),
            _mention(text, "Luis Ruiz", "PERSON"),
            _mention(text, "Ruiz", "PERSON", nth=2),
        ),
    )

    (result,), entities = canonicalise_entities([article])

    ids = _by_surface(result)
    assert len({ids["Ana Ruiz"], ids["Luis Ruiz"], ids["Ruiz"]}) == 3
    assert len(entities) == 3


def test_canonicalise_entities_gazetteer_for_untagged_spanish_article(english: Article, spanish: Article) -> None:
    (en, es), entities = canonicalise_entities([english, spanish])

    en_ids = _by_surface(en)
    es_ids = _by_surface(es)
    assert set(es_ids) == {"Ana Ruiz", "NovaCorp", "Ruiz"}
    assert es_ids["Ana Ruiz"] == es_ids["Ruiz"] == en_ids["Ana Ruiz"]
    assert es_ids["NovaCorp"] == en_ids["NovaCorp"]
    labels = {es.text_at(m.span): m.label for m in es.entities}
    assert labels == {"Ana Ruiz": "PERSON", "NovaCorp": "ORG", "Ruiz": "PERSON"}
    assert _entity(entities, en_ids["Ana Ruiz"]).n_mentions == 5


def test_canonicalise_entities_fills_quote_speaker_entity() -> None:
    text = '"The quay is safe," said Ana Ruiz, the mayor.'
    speaker = _mention(text, "Ana Ruiz", "PERSON").span
    quote = Quote(span=Span(start=1, end=18), speaker=speaker, verb=_mention(text, "said", "").span)
    no_speaker = Quote(span=Span(start=1, end=18))
    article = Article(
        id="q", uri="q", text=text, entities=(_mention(text, "Ana Ruiz", "PERSON"),), quotes=(quote, no_speaker)
    )

    (result,), entities = canonicalise_entities([article])

    (entity,) = entities
    assert result.quotes[0].speaker_entity == entity.id
    assert result.quotes[1].speaker_entity == ""


def test_canonicalise_entities_quote_speaker_partly_overlapping_mention() -> None:
    text = '"The quay is safe," said Mayor Ana Ruiz.'
    speaker = _mention(text, "Mayor Ana Ruiz", "").span
    quote = Quote(span=Span(start=1, end=18), speaker=speaker)
    article = Article(id="q", uri="q", text=text, entities=(_mention(text, "Ana Ruiz", "PERSON"),), quotes=(quote,))

    (result,), (entity,) = canonicalise_entities([article])

    assert result.quotes[0].speaker_entity == entity.id == "ana-ruiz"


def test_canonicalise_entities_is_idempotent(english: Article, spanish: Article) -> None:
    once, entities_once = canonicalise_entities([english, spanish])
    twice, entities_twice = canonicalise_entities(once)

    assert twice == once
    assert entities_twice == entities_once


def test_canonicalise_entities_empty_input() -> None:
    assert canonicalise_entities([]) == ((), ())


@pytest.mark.model
def test_a_pronoun_speaker_keeps_the_person_it_stands_for() -> None:
    text = (
        "Darrell Issa, a Republican from California, spoke to reporters on Tuesday.\n\n"
        '"We will win this fight," he said.'
    )
    (article,) = newsweave.annotate(Article(id="a", uri="a", text=text, language="en"))
    (quote,) = article.quotes
    issa = next(m for m in article.entities if article.text_at(m.span) == "Darrell Issa")
    assert quote.speaker is not None
    assert article.text_at(quote.speaker) == "he"
    assert quote.speaker_entity == issa.entity_id != ""
