"""Array helpers of the story clusterer and the story index: sorted sparse sums, grow-in-place
buffers, count sketches and unit scaling.

Written apart from the clusterer because they are plain numpy on plain arrays, with no notion of
stories; the clusterer's per-story state (``story_state``) and the index (``index``) share them.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newsweave.group.features import SparseVector, Vector

__all__ = [
    "Counts",
    "Keys",
    "Matrix",
    "add_dense",
    "add_key_counts",
    "add_sparse",
    "buffer_of",
    "count_sketch",
    "dense_dot",
    "dense_size",
    "reuse_buffer",
    "sorted_add",
    "to_unit",
]

Matrix = npt.NDArray[np.float64]
Keys = npt.NDArray[np.uint64]
Counts = npt.NDArray[np.uint32]

_K = TypeVar("_K", np.uint64, np.int32)
_V = TypeVar("_V", np.uint32, np.float32)
_A = TypeVar("_A", bound=np.generic)


def to_unit(vectors: Vector | npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``vectors`` (one, or one a row) as float32 scaled to length 1 (a zero vector stays zero)."""
    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=-1, keepdims=True)
    unit: npt.NDArray[np.float32] = (array / np.where(norms > 0, norms, 1)).astype(np.float32, copy=False)
    return unit


def sorted_add(
    keys: npt.NDArray[_K], values: npt.NDArray[_V], new_keys: npt.NDArray[_K], new_values: npt.NDArray[_V]
) -> tuple[npt.NDArray[_K], npt.NDArray[_V]]:
    """Add ``new_values`` at ``new_keys`` (sorted, distinct) into sorted ``keys``/``values``, as new arrays."""
    positions = np.searchsorted(keys, new_keys)
    found = np.zeros(len(new_keys), dtype=bool)
    inside = positions < len(keys)
    found[inside] = keys[positions[inside]] == new_keys[inside]
    values = values.copy()
    values[positions[found]] += new_values[found]
    fresh = ~found
    # each new key lands before the old key at its position, after the new keys before it (np.insert,
    # without its overhead: this runs twice at every join)
    landing = positions[fresh] + np.arange(np.count_nonzero(fresh))
    is_new = np.zeros(len(keys) + len(landing), dtype=bool)
    is_new[landing] = True
    merged_keys, merged_values = np.empty(len(is_new), dtype=keys.dtype), np.empty(len(is_new), dtype=values.dtype)
    merged_keys[landing], merged_values[landing] = new_keys[fresh], new_values[fresh]
    merged_keys[~is_new], merged_values[~is_new] = keys, values
    return merged_keys, merged_values


def buffer_of(array: npt.NDArray[_A]) -> npt.NDArray[_A]:
    """The array ``array`` is a leading view of, or ``array`` itself."""
    base = array.base
    return base if isinstance(base, np.ndarray) and base.ndim == 1 and base.dtype == array.dtype else array


def reuse_buffer(old: npt.NDArray[_A], new: npt.NDArray[_A]) -> npt.NDArray[_A]:
    """``new``, copied into the buffer behind ``old`` if it fits, else into a new one of the next
    power-of-two length; returned as a view of its first ``len(new)`` items.

    A story's arrays change length at every join. Reallocated each at its new length, they leave
    the heap full of freed blocks of odd sizes that later ones do not fit, and memory grows faster
    than the stream; with capacities in powers of two an array moves a few times in its life, and
    a freed block fits the next array of that class.
    """
    buffer = buffer_of(old)
    if len(buffer) < len(new) or not buffer.flags.writeable or not len(new):
        if not len(new):
            return new
        buffer = np.empty(1 << (len(new) - 1).bit_length(), dtype=new.dtype)
    buffer[: len(new)] = new
    return buffer[: len(new)]


def add_key_counts(keys: Keys, counts: Counts, new: Keys) -> tuple[Keys, Counts]:
    """``keys``/``counts`` with one more count for each of ``new`` (distinct keys), kept sorted."""
    return sorted_add(keys, counts, np.sort(new), np.ones(len(new), dtype=np.uint32))


def add_sparse(total: SparseVector, vector: SparseVector) -> SparseVector:
    """The sum of two sparse vectors, as a new one."""
    return SparseVector(*sorted_add(total.indices, total.values, vector.indices, vector.values))


def dense_size(vector: SparseVector) -> int:
    """A power of two above every bucket of ``vector``: the dense length of its sum."""
    return 1 << int(vector.indices[-1]).bit_length() if len(vector.indices) else 1


def add_dense(total: Vector, vector: SparseVector) -> Vector:
    """``total`` plus ``vector``, in place (a new, longer array if ``vector`` reaches past it)."""
    if len(vector.indices) and int(vector.indices[-1]) >= len(total):
        total = np.concatenate([total, np.zeros(dense_size(vector) - len(total), dtype=np.float32)])
    total[vector.indices] += vector.values  # buckets are distinct, so fancy-index += adds each once
    return total


def dense_dot(total: Vector, vector: SparseVector) -> float:
    """Dot product of a dense sum with a sparse vector (buckets past the sum's end count 0)."""
    inside = vector.indices < len(total)
    return float(total[vector.indices[inside]] @ vector.values[inside])


def count_sketch(vector: SparseVector, n_dims: int) -> Vector:
    """Count sketch of ``vector``: bucket ``index mod n_dims`` (a power of two), sign from a hash of the index."""
    indices = vector.indices.astype(np.uint32)
    signs = 1.0 - 2.0 * ((indices * np.uint32(0x9E3779B1)) >> np.uint32(31)).astype(np.float32)
    return np.bincount(indices & (n_dims - 1), weights=vector.values * signs, minlength=n_dims).astype(np.float32)
