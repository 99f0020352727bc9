"""Model-backed capabilities behind small Protocols, each loaded lazily once per process.

A better model is a one-line change in the registry of its capability; tests and callers depend
on the Protocol only.
"""

from newsweave.models.embedder import EMBEDDERS, Embedder, UseEmbedder
from newsweave.models.entities import ENTITY_TAGGERS, EntityTagger, SpacyEntityTagger
from newsweave.models.language import LANGUAGE_IDS, FastTextLanguageId, LanguageId

__all__ = [
    "EMBEDDERS",
    "ENTITY_TAGGERS",
    "LANGUAGE_IDS",
    "Embedder",
    "EntityTagger",
    "FastTextLanguageId",
    "LanguageId",
    "SpacyEntityTagger",
    "UseEmbedder",
]
