"""Sentence vectors in the SQLite store, so a story's first view needs no sentence embedder.

Part of :class:`newsweave.store.SqliteStore`. Comparing a story embeds every compared sentence,
and on two cores that is most of a first view's time (seconds for a big story):
:func:`newsweave.stories.embed_story_sentences` embeds them ahead and keeps them here, and the web
server (which opens the store read-only) reads them back. A vector is keyed by a hash of the
embedder's name and the sentence text, not by article and position: the same sentence in two
articles is embedded once, and a re-annotated article finds the vectors of the sentences it kept.
Vectors are float32, as the embedder returns them, so a comparison from stored vectors equals one
computed afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.store.base import MAX_PARAMS, batched, chunks, marks
from newsweave.store.grouping import GroupingStore

__all__ = ["SentenceVectorStore", "sentence_key"]

_KEY_BYTES = 16


def sentence_key(model: str, text: str) -> bytes:
    """The key of ``text``'s vector by embedder ``model``: 16 bytes of sha256 (no collision in 2**64 sentences)."""
    return hashlib.sha256(f"{model}\n{text}".encode()).digest()[:_KEY_BYTES]


class SentenceVectorStore(GroupingStore):
    """The ``sentence_vectors`` table: one float32 vector per (embedder, sentence text)."""

    def save_sentence_vectors(self, keys: Sequence[bytes], matrix: npt.ArrayLike) -> int:
        """Store row ``i`` of ``matrix`` under ``keys[i]``; a key already stored is left as it is.

        Returns how many vectors were added.

        Raises:
            ValueError: when ``matrix`` is not 2-D with one row per key.
            NewsweaveError: ``store.read_only``; ``store.write_failed``.
        """
        array = np.ascontiguousarray(np.asarray(matrix, dtype="<f4"))
        if array.ndim != 2 or array.shape[0] != len(keys):
            raise ValueError(f"matrix must have shape ({len(keys)}, dim), got {array.shape}")
        added = 0
        for batch in batched(zip(keys, array, strict=True), self.batch_size):
            with self._transaction() as conn:
                rows = [(key, row.tobytes()) for key, row in batch]
                added += conn.executemany(
                    "INSERT INTO sentence_vectors (key, vector) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", rows
                ).rowcount
        return added

    def load_sentence_vectors(self, keys: Sequence[bytes]) -> dict[bytes, npt.NDArray[np.float32]]:
        """The stored vectors among ``keys``, by key (keys not stored are absent)."""
        found: dict[bytes, npt.NDArray[np.float32]] = {}
        for chunk in chunks(list(dict.fromkeys(keys)), MAX_PARAMS):
            sql = f"SELECT key, vector FROM sentence_vectors WHERE key IN ({marks(len(chunk))})"
            for key, vector in self._conn.execute(sql, chunk):
                found[key] = np.frombuffer(vector, dtype="<f4")
        return found
