"""Grouping: which articles report the same real-world event (online story clustering)."""

from newsweave.errors import NotFittedError
from newsweave.group.dedup import DedupOptions, NearDuplicateIndex, minhash_signature
from newsweave.group.events import StoryClusterer
from newsweave.group.features import ArticleFeatures, FeatureExtractor, FeatureOptions, entity_keys
from newsweave.group.index import AdaptiveStoryIndex, ExactStoryIndex, InMemoryStoryIndex, StoryIndex
from newsweave.group.metrics import BCubed, ClusterScores, bcubed, score_clustering
from newsweave.group.options import EventOptions
from newsweave.group.pretrained import PRETRAINED_MODEL, load_story_model, save_story_model
from newsweave.group.story_state import PAIR_FEATURES

__all__ = [
    "PAIR_FEATURES",
    "PRETRAINED_MODEL",
    "AdaptiveStoryIndex",
    "ArticleFeatures",
    "BCubed",
    "ClusterScores",
    "DedupOptions",
    "EventOptions",
    "ExactStoryIndex",
    "FeatureExtractor",
    "FeatureOptions",
    "InMemoryStoryIndex",
    "NearDuplicateIndex",
    "NotFittedError",
    "StoryClusterer",
    "StoryIndex",
    "bcubed",
    "entity_keys",
    "load_story_model",
    "minhash_signature",
    "save_story_model",
    "score_clustering",
]
