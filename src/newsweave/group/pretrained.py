"""The story model newsweave ships: feature IDF and link model learned on ECB+ train.

Users have no labelled stories, so ``newsweave ingest`` starts from parameters learned by
``bench/cluster_eval.py --save-model`` on the ECB+ train split (Cybulska & Vossen 2015) and saved
as plain arrays (``.npz``, no pickle: loading runs no code).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsweave.errors import ModelUnavailableError
from newsweave.group.events import StoryClusterer
from newsweave.group.features import FeatureExtractor, FeatureOptions
from newsweave.group.options import EventOptions
from newsweave.models.embedder import Embedder

__all__ = ["PRETRAINED_MODEL", "load_story_model", "save_story_model"]

PRETRAINED_MODEL = Path(__file__).with_name("story_model.npz")


def save_story_model(path: Path, extractor: FeatureExtractor, clusterer: StoryClusterer) -> None:
    """Write the fitted parameters of ``extractor`` and ``clusterer`` to ``path``."""
    extractor.check_fitted()
    clusterer.check_fitted()
    np.savez(
        path,
        idf=extractor.idf_,
        n_documents=np.int64(extractor.n_documents_),
        n_lexical_dims=np.int64((extractor.options or FeatureOptions()).n_lexical_dims),
        coef=clusterer.coef_,
        intercept=np.float64(clusterer.intercept_),
        threshold=np.float64(clusterer.threshold_),
        semantic_dims=np.int64(clusterer.semantic_dims_),
    )


def load_story_model(
    path: Path = PRETRAINED_MODEL, *, embedder: Embedder | None = None, options: EventOptions | None = None
) -> tuple[FeatureExtractor, StoryClusterer]:
    """A fitted feature extractor and an empty, fitted clusterer from saved parameters.

    ``embedder`` must be given when the model was trained with embeddings (``semantic_dims > 0``).

    Raises:
        ModelUnavailableError: the file is missing or not a saved story model.
    """
    try:
        with np.load(path) as saved:
            params = {name: saved[name] for name in saved.files}
    except (OSError, ValueError) as error:
        raise ModelUnavailableError("group.model_missing", f"cannot load the story model {path}: {error}") from None
    extractor = FeatureExtractor(FeatureOptions(n_lexical_dims=int(params["n_lexical_dims"])), embedder=embedder)
    extractor.idf_ = params["idf"].astype(np.float32)
    extractor.n_documents_ = int(params["n_documents"])
    clusterer = StoryClusterer(options)
    clusterer.coef_ = params["coef"].astype(np.float64)
    clusterer.intercept_ = float(params["intercept"])
    clusterer.threshold_ = float(params["threshold"])
    clusterer.semantic_dims_ = int(params["semantic_dims"])
    if clusterer.semantic_dims_ and embedder is None:
        raise ModelUnavailableError("group.embedder_needed", "this story model was trained with embeddings")
    clusterer.reset()
    return extractor, clusterer
