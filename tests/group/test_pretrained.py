"""The shipped story model loads fitted, and saved parameters load back unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsweave.errors import ModelUnavailableError
from newsweave.group import PRETRAINED_MODEL, load_story_model, save_story_model
from newsweave.models.embedder import UseEmbedder, Vectors


class _FixedEmbedder:
    dimensions = 4

    def embed(self, texts: Sequence[str]) -> Vectors:
        return np.tile(np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32), (len(texts), 1))


def test_pretrained_model_is_fitted() -> None:
    extractor, clusterer = load_story_model(embedder=UseEmbedder())
    extractor.check_fitted()
    clusterer.check_fitted()
    assert 0.0 < clusterer.threshold_ < 1.0
    assert clusterer.semantic_dims_ == UseEmbedder.dimensions


def test_pretrained_model_round_trip(tmp_path: Path) -> None:
    extractor, clusterer = load_story_model(embedder=UseEmbedder())
    path = tmp_path / "model.npz"
    save_story_model(path, extractor, clusterer)
    again_extractor, again_clusterer = load_story_model(path, embedder=UseEmbedder())
    assert np.array_equal(again_extractor.idf_, extractor.idf_)
    assert np.array_equal(again_clusterer.coef_, clusterer.coef_)
    assert again_clusterer.threshold_ == clusterer.threshold_


def test_pretrained_model_needs_its_embedder() -> None:
    with pytest.raises(ModelUnavailableError, match="embeddings"):
        load_story_model(PRETRAINED_MODEL)


def test_pretrained_model_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="cannot load"):
        load_story_model(tmp_path / "absent.npz", embedder=_FixedEmbedder())
