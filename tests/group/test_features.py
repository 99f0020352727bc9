"""Per-article grouping features on hand-made articles: vectors, entity keys (tagged in the lead, read
after it), years and figures."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest

from newsweave.annotate import canonicalise_entities
from newsweave.group import FeatureExtractor, FeatureOptions, NotFittedError
from newsweave.group.features import (
    ENTITY_LEAD_SENTENCES,
    entity_keys,
    entity_lead_end,
    mentioned_numbers,
    salient_entities,
)
from newsweave.model import Article, EntityMention, Sentence, Span


def _article(article_id: str, text: str, names: list[str]) -> Article:
    mentions = tuple(
        EntityMention(span=Span(start=text.index(name), end=text.index(name) + len(name)), label="PERSON")
        for name in names
    )
    return Article(
        id=article_id,
        uri=article_id,
        text=text,
        entities=mentions,
        published=datetime(2018, 3, 28, tzinfo=UTC),
    )


def test_features_options_validate() -> None:
    with pytest.raises(ValueError, match="power of two"):
        FeatureOptions(n_lexical_dims=1000)


def test_features_extractor_vectors_entities_and_years() -> None:
    articles = [
        _article("a", "Julian Assange lost internet access at the embassy in 2018.", ["Julian Assange"]),
        _article("b", "Ecuador cut Julian Assange off the internet in March 2018.", ["Julian Assange"]),
        _article("c", "The earthquake struck the coast near Lima on Tuesday.", ["Lima"]),
    ]
    extractor = FeatureExtractor(FeatureOptions(n_lexical_dims=1024))
    with pytest.raises(NotFittedError):
        extractor(articles[0])
    features = extractor.fit(articles).process_batch(articles)
    assert features == [extractor(article) for article in articles]
    dense = [item.lexical.to_dense(1024) for item in features]
    assert np.linalg.norm(dense[0]) == pytest.approx(1.0, abs=1e-5)
    assert dense[0] @ dense[1] > dense[0] @ dense[2]
    assert features[0].entities == frozenset({"julian assange"})
    assert features[1].years == frozenset({2018})
    assert features[1].numbers == frozenset()
    assert not features[0].has_semantic
    assert pickle.loads(pickle.dumps(features[0])) == features[0]


def test_features_numbers_leave_out_years_and_single_digits() -> None:
    article = _article("n", "A 6.1 quake killed 33 people and 1,200 homes fell in 2009 at 3 am.", [])
    assert mentioned_numbers(article) == frozenset({"6.1", "33", "1,200"})


_LEAD = (
    "Ecuador cut Julian Assange's internet access at its London embassy.",
    "The WikiLeaks founder had posted about Catalonia, officials said.",
    "Assange has lived in the embassy since 2012.",
    "President Lenín Moreno called him a problem.",
    "WikiLeaks said the move was meant to silence him.",
)
_BODY = (
    "Officials in Quito said the measure was temporary.",
    "Assange's lawyer Baltasar Garzón met Foreign Minister María Fernanda Espinosa on Tuesday.",
    'Garzón said: "Julian Assange will fight this in the Inter-American Commission on Human Rights."',
)


def _sentence_article(article_id: str, sentences: tuple[str, ...], names: list[str]) -> Article:
    text = "\n".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append(Sentence(span=Span(start=start, end=start + len(sentence))))
        start += len(sentence) + 1
    mentions, taken = [], 0
    for name in names:  # in order of place, as a tagger gives them
        at = text.index(name, taken)
        mentions.append(EntityMention(span=Span(start=at, end=at + len(name)), label="PERSON"))
        taken = at + len(name)
    return Article(id=article_id, uri=article_id, text=text, sentences=tuple(spans), entities=tuple(mentions))


def _tagged_in_lead(article: Article, lead_end: int) -> Article:
    """``article`` as a lead-only tagger leaves it: no mention past the lead."""
    return replace(article, entities=tuple(mention for mention in article.entities if mention.span.end <= lead_end))


def test_features_same_whether_entities_tagged_whole_or_in_lead() -> None:
    lead_names = [
        "Ecuador",
        "Julian Assange",
        "London",
        "WikiLeaks",
        "Catalonia",
        "Assange",
        "Lenín Moreno",
        "WikiLeaks",
    ]
    body_names = ["Quito", "Assange", "Baltasar Garzón", "María Fernanda Espinosa", "Garzón", "Julian Assange"]
    tagged = _sentence_article("a", (*_LEAD, *_BODY), lead_names + body_names)
    (whole,), _ = canonicalise_entities([tagged])
    lead_end = whole.sentences[ENTITY_LEAD_SENTENCES - 1].span.end
    in_lead = _tagged_in_lead(whole, lead_end)
    assert len(in_lead.entities) == len(lead_names) < len(whole.entities)
    other = _sentence_article("b", ("Ecuador restored Julian Assange's internet.",), ["Ecuador", "Julian Assange"])
    extractor = FeatureExtractor(FeatureOptions(n_lexical_dims=1024)).fit([whole, other])
    assert extractor(whole) == extractor(in_lead)
    assert extractor.process_batch([whole, other]) == extractor.process_batch([in_lead, other])
    features = extractor(whole)
    # entity ids ("julian-assange") and names read past the lead share one key form
    assert {"julian assange", "wikileaks", "quito", "baltasar garzón", "maría fernanda espinosa"} <= features.entities
    assert {"inter american commission", "human rights"} <= features.entities
    # "Julian Assange" and "Assange" tagged in the lead (one entity), "Julian Assange" read past it
    assert features.salient_entities == ("julian assange", "wikileaks", "assange")
    assert not {"officials", "tuesday", "foreign minister", "president"} & features.entities


def test_features_no_names_read_where_every_noun_is_capitalised() -> None:
    sentences = (*_LEAD, "Die Regierung in Quito sprach am Dienstag mit dem Anwalt.")
    english = _sentence_article("en", sentences, ["Julian Assange"])
    german = replace(english, language="de")
    assert {"anwalt", "dienstag"} <= entity_keys(english)  # capitals mark nouns in German
    assert entity_keys(german) == frozenset({"julian assange"})


def test_features_entities_of_a_short_article_are_all_tagged() -> None:
    """Up to ``ENTITY_LEAD_SENTENCES`` sentences the whole text is the lead: names are not read."""
    article = _sentence_article("s", _LEAD, ["Julian Assange", "Lenín Moreno"])
    assert entity_keys(article) == frozenset({"julian assange", "lenín moreno"})


def test_features_entities_without_sentences_lead_is_600_characters() -> None:
    filler = " ".join(["The embassy stayed quiet as the day went on."] * 6)
    text = " ".join((*_LEAD, filler, *_BODY, "Later, Baltasar Garzón spoke again."))
    assert len(" ".join(_LEAD)) < 600 < text.index("Baltasar Garzón")
    names = ["Julian Assange", "Lenín Moreno", "Baltasar Garzón"]
    mentions = tuple(
        EntityMention(span=Span(start=text.index(name), end=text.index(name) + len(name)), label="PERSON")
        for name in names
    )
    whole = Article(id="n", uri="n", text=text, entities=mentions)
    end = entity_lead_end(whole)
    assert 600 <= end < text.index("Baltasar Garzón")
    assert text[end].isspace()
    in_lead = _tagged_in_lead(whole, end)
    assert len(in_lead.entities) == 2
    extractor = FeatureExtractor(FeatureOptions(n_lexical_dims=1024)).fit([whole])
    assert extractor(whole) == extractor(in_lead)
    # "Baltasar Garzón" is tagged past the lead only: it is read there as a name
    assert "baltasar garzón" in entity_keys(in_lead)
    assert salient_entities(whole, 3) == salient_entities(in_lead, 3)
