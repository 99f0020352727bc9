"""Per-article grouping features on hand-made articles: vectors, entity keys, years and figures."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import numpy as np
import pytest

from newsweave.group import FeatureExtractor, FeatureOptions, NotFittedError
from newsweave.group.features import mentioned_numbers
from newsweave.model import Article, EntityMention, Span


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
