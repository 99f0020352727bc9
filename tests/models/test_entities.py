"""The spaCy entity tagger: NER loaded alone gives the entities of the whole pipeline."""

from __future__ import annotations

import pytest

from newsweave.models.entities import ENTITY_LABELS, SpacyEntityTagger, _load_spacy

_TEXTS = [
    "Ecuador cut off Julian Assange's internet access at its London embassy, WikiLeaks said on Wednesday.",
    "Mayor Elena Varga told the Port Veldt council that the Halvard Bridge would reopen in March.",
    "Microsoft and the European Union met in Brussels; Angela Merkel spoke for Germany.",
]


@pytest.mark.model
def test_spacy_tagger_loads_ner_only() -> None:
    assert _load_spacy(SpacyEntityTagger().model).pipe_names == ["ner"]


@pytest.mark.model
def test_spacy_tagger_equals_full_pipeline() -> None:
    import spacy

    full = spacy.load(SpacyEntityTagger().model)
    expected = [
        [(ent.start_char, ent.end_char, ent.label_) for ent in full(text).ents if ent.label_ in ENTITY_LABELS]
        for text in _TEXTS
    ]

    tagged = SpacyEntityTagger().tag(_TEXTS)

    assert [[(m.span.start, m.span.end, m.label) for m in mentions] for mentions in tagged] == expected
    assert all(expected)
