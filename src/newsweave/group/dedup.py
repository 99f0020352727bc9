"""Near-duplicates: wire copies, syndications and re-posts, found with MinHash LSH (datasketch).

Two articles are near-duplicates when the Jaccard similarity of their sets of word 5-grams
reaches ``DedupOptions.threshold``. MinHash (Broder 1997) estimates that similarity from a
fixed-size signature, and LSH banding finds the candidates without comparing every pair, so
adding an article costs the same whatever the corpus size. A candidate joins the group of its
most similar earlier article, so one AP story printed by ten outlets is one group: one voice
with ten outlets, not ten independent confirmations.

Signatures are plain ``uint32`` arrays (datasketch's ``affine32`` scheme) so they serialise to the
store and to Parquet rows and the same grouping can be run by any driver.

The index keeps its own LSH tables instead of datasketch's ``MinHashLSH``: that one holds every
band of every article as Python bytes in Python dicts and sets, about 4 KB of memory an article,
which a stream of millions of articles cannot afford. Here the bands (the same layout
datasketch picks for the threshold, :func:`band_ranges`) become 32-bit keys in one open-addressing
table of numpy arrays, each slot naming the newest article with that key, and a per-article array
chains it to the previous article with the same key in that band: about 0.4 KB an article, besides
the 512-byte signature. A band's chain is walked for its ``MAX_CHAIN`` newest articles only, so a
copy printed a thousand times still costs a bounded time to match (it matches its newest copies,
and they are all in one group).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash
from datasketch.lsh import _optimal_param

__all__ = ["DedupOptions", "NearDuplicateIndex", "band_keys", "band_ranges", "minhash_signature", "shingles"]

Signature = npt.NDArray[np.uint32]
BandKeys = npt.NDArray[np.uint32]
_WORD = re.compile(r"\w+")
MAX_CHAIN = 128
_SHINGLE_MULTIPLIERS = np.array(
    [1, 0x01000193, 0x2C1B3C6D, 0x297A2D39, 0x9E3779B1, 0x85EBCA6B, 0xC2B2AE35, 0x27D4EB2F], dtype=np.uint32
)
_EMPTY = np.uint32(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupOptions:
    """Options of near-duplicate detection.

    Args:
        threshold: Jaccard similarity of word shingles at which two articles are copies; 0.5
            keeps a wire story with a new headline, a changed first paragraph and a different
            sign-off together, while two outlets' own reports of one event share far less.
        shingle_words: words per shingle.
        num_perm: MinHash permutations (signature length); more is more precise and slower.
        seed: MinHash seed; signatures compare only under the same seed, ``num_perm`` and scheme.
        scheme: datasketch's hashing scheme, pinned so stored signatures stay comparable across
            library upgrades.
    """

    threshold: float = 0.5
    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1
    scheme: str = "affine32"

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"DedupOptions.threshold must be in (0, 1], got {self.threshold}")
        if self.shingle_words < 1 or self.num_perm < 16:
            raise ValueError(f"DedupOptions needs shingle_words >= 1 and num_perm >= 16, got {self}")


def shingles(text: str, *, size: int = 5) -> set[bytes]:
    """The word ``size``-grams of ``text``, case-folded (a short text gives one shingle)."""
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def shingle_hashes(text: str, *, size: int = 5) -> npt.NDArray[np.uint32]:
    """32-bit hashes of the distinct word ``size``-grams of ``text`` (see :func:`shingles`).

    Each distinct word is hashed once (crc32) and a shingle's hash is a polynomial of its words'
    hashes modulo 2**32, computed for all shingles at once: hashing every shingle's text instead
    (datasketch's default, SHA-1 per shingle) was most of the cost of a signature.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint32)
    vocabulary: dict[str, int] = {}
    positions = [vocabulary.setdefault(word, len(vocabulary)) for word in words]
    word_hashes = np.array([zlib.crc32(word.encode()) for word in vocabulary], dtype=np.uint32)[positions]
    if len(words) <= size:
        windows = word_hashes.reshape(1, -1)
    else:
        windows = np.lib.stride_tricks.sliding_window_view(word_hashes, size)
    # uint32 arrays wrap around silently: the arithmetic is modulo 2**32 on purpose
    hashed = (windows * _SHINGLE_MULTIPLIERS[: windows.shape[1]]).sum(axis=1, dtype=np.uint32)
    return np.unique(hashed)


def minhash_signature(text: str, *, options: DedupOptions | None = None) -> Signature:
    """The MinHash signature of ``text``'s shingles (datasketch's permutations over :func:`shingle_hashes`)."""
    options = options or DedupOptions()
    minhash = MinHash(
        num_perm=options.num_perm,
        seed=options.seed,
        scheme=options.scheme,
        hashfunc=int,
        permutations=_permutations(options),
    )
    minhash.update_batch(shingle_hashes(text, size=options.shingle_words).tolist())
    values: Signature = np.asarray(minhash.hashvalues, dtype=np.uint32)
    return values


@cache
def _permutations(options: DedupOptions) -> npt.NDArray[np.uint32]:
    """datasketch's permutation parameters for ``options`` (made once: drawing them is slow)."""
    permutations: npt.NDArray[np.uint32] = MinHash(
        num_perm=options.num_perm, seed=options.seed, scheme=options.scheme
    ).permutations
    permutations.flags.writeable = False
    return permutations


@cache
def band_ranges(options: DedupOptions) -> tuple[tuple[int, int], ...]:
    """(start, end) of each LSH band: datasketch's choice for the threshold and ``num_perm``."""
    n_bands, rows = _optimal_param(options.threshold, options.num_perm, 0.5, 0.5)
    return tuple((band * rows, (band + 1) * rows) for band in range(n_bands))


@cache
def _band_multipliers(options: DedupOptions) -> npt.NDArray[np.uint64]:
    n_bands = len(band_ranges(options))
    rows = band_ranges(options)[0][1]
    return np.random.default_rng(0x5EED).integers(1, 2**63, size=(n_bands, rows), dtype=np.uint64) | np.uint64(1)


def band_keys(signature: Signature, options: DedupOptions | None = None) -> BandKeys:
    """One non-zero 32-bit key per band: equal bands give equal keys; two different bands give the
    same key about once in 2**31 (the index checks every candidate's similarity, so a chance
    match costs one comparison and changes no group)."""
    options = options or DedupOptions()
    ranges = band_ranges(options)
    bands = np.asarray(signature[: ranges[-1][1]], dtype=np.uint64).reshape(len(ranges), -1)
    # uint64 arrays wrap around silently: the hash is arithmetic modulo 2**64 on purpose
    mixed = (bands * _band_multipliers(options)).sum(axis=1, dtype=np.uint64)
    mixed += np.arange(len(ranges), dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    keys: BandKeys = (mixed >> np.uint64(32)).astype(np.uint32) | np.uint32(1)
    return keys


class _BandTable:
    """Open-addressing hash table from band key to the newest row holding it.

    Linear probing without wrap-around: a key's home slot is in ``[0, capacity)`` and probing
    may run on into a tail of ``_TAIL`` slots, which lets ``_grow`` place all keys at once with
    numpy (sorted by home slot, each key goes to the first free slot at or after its home).
    """

    _TAIL = 4096
    _WINDOW = 16

    def __init__(self, capacity: int = 1 << 12) -> None:
        self._allocate(capacity)
        self.size = 0

    def _allocate(self, capacity: int) -> None:
        self.capacity = capacity
        self.keys = np.zeros(capacity + self._TAIL, dtype=np.uint32)
        self.rows = np.full(capacity + self._TAIL, -1, dtype=np.int32)

    def _homes(self, keys: BandKeys, capacity: int) -> npt.NDArray[np.int64]:
        return (keys & np.uint32(capacity - 1)).astype(np.int64)

    def _slot(self, key: np.uint32) -> int:
        """The slot holding ``key`` or the free slot where it would go; -1 past the tail."""
        slot = int(key) & (self.capacity - 1)  # its home, as _homes computes it for many keys
        keys = self.keys
        while slot < len(keys) and keys[slot] != _EMPTY and keys[slot] != key:
            slot += 1
        return slot if slot < len(keys) else -1

    def put(self, key: np.uint32, row: int) -> int:
        """Point ``key`` at ``row``; return the row it pointed at before (-1 if none)."""
        if 4 * (self.size + 1) > 3 * self.capacity:  # at most three quarters full
            self._grow()
        slot = self._slot(key)
        while slot < 0:
            self._grow()
            slot = self._slot(key)
        previous = int(self.rows[slot])
        if self.keys[slot] == _EMPTY:
            self.keys[slot] = key
            self.size += 1
        self.rows[slot] = row
        return previous

    def put_all(self, keys: BandKeys, row: int) -> npt.NDArray[np.int32]:
        """Point each of ``keys`` (distinct) at ``row``; return the rows they pointed at before (-1 if none).

        The slots of all keys are probed at once; when two new keys would take one free slot, or a
        probe runs past the tail, they go one at a time instead.
        """
        if 4 * (self.size + len(keys)) > 3 * self.capacity:  # at most three quarters full
            self._grow()
        slots = self._slots(keys)
        if (slots < 0).any() or len(np.unique(slots)) < len(slots):
            return np.array([self.put(key, row) for key in keys], dtype=np.int32)
        previous = self.rows[slots]  # -1 in a free slot
        self.size += int(np.count_nonzero(self.keys[slots] == _EMPTY))
        self.keys[slots] = keys
        self.rows[slots] = row
        return previous

    def _slots(self, keys: BandKeys) -> npt.NDArray[np.int64]:
        """:meth:`_slot` of each key, probing all keys in step, ``_WINDOW`` slots at a time (linear
        probing at three quarters full runs about 8 slots for a new key, and far more for a few)."""
        slots = self._homes(keys, self.capacity)
        pending = np.arange(len(keys))
        end = len(self.keys)
        while len(pending):
            window = slots[pending, None] + np.arange(self._WINDOW)
            held = self.keys[np.minimum(window, end - 1)]
            stops = ((held == _EMPTY) | (held == keys[pending, None])) & (window < end)
            found = stops.any(axis=1)
            slots[pending[found]] += stops[found].argmax(axis=1)
            past = ~found & (window[:, -1] >= end)
            slots[pending[past]] = -1
            pending = pending[~found & ~past]
            slots[pending] += self._WINDOW
        return slots

    def _grow(self) -> None:
        used = self.keys != _EMPTY
        keys, rows = self.keys[used], self.rows[used]
        capacity = 2 * self.capacity
        while True:
            homes = self._homes(keys, capacity)
            order = np.argsort(homes, kind="stable")
            ranks = np.arange(len(keys))
            slots = np.maximum.accumulate(homes[order] - ranks) + ranks if len(keys) else ranks
            if not len(slots) or slots[-1] < capacity + self._TAIL:
                break
            capacity *= 2
        self._allocate(capacity)
        self.keys[slots] = keys[order]
        self.rows[slots] = rows[order]


class NearDuplicateIndex:
    """Online near-duplicate grouping: ``add`` returns the group an article joins.

    A group is named after its first article. State lives in the instance (no module caches),
    so the result depends only on the articles added and their order.
    """

    def __init__(self, options: DedupOptions | None = None) -> None:
        self.options = options or DedupOptions()
        n_bands = len(band_ranges(self.options))
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._signatures = np.zeros((1024, self.options.num_perm), dtype=np.uint32)
        self._previous = np.full((1024, n_bands), -1, dtype=np.int32)  # older row with the same band key
        self._group_row = np.zeros(1024, dtype=np.int32)
        self._members: dict[int, list[int]] = {}  # groups of two or more, by first row
        self._table = _BandTable()

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, article_id: str, signature: Signature) -> str:
        """Add an article by its signature; return the id of the group it belongs to."""
        known = self._row_of.get(article_id)
        if known is not None:
            return self._ids[int(self._group_row[known])]
        row = len(self._ids)
        self._reserve(row + 1)
        heads = self._table.put_all(band_keys(signature, self.options), row)
        best = self._best_match(heads, signature)
        group = row if best < 0 else int(self._group_row[best])
        self._ids.append(article_id)
        self._row_of[article_id] = row
        self._signatures[row] = signature
        self._group_row[row] = group
        self._previous[row] = heads
        if group != row:
            self._members.setdefault(group, [group]).append(row)
        return self._ids[group]

    def group_of(self, article_id: str) -> str:
        """The group ``article_id`` belongs to (KeyError if it was never added)."""
        return self._ids[int(self._group_row[self._row_of[article_id]])]

    def members(self, group: str) -> tuple[str, ...]:
        """The articles of ``group``, in the order they came (empty for an unknown group)."""
        row = self._row_of.get(group)
        if row is None or int(self._group_row[row]) != row:
            return ()
        return tuple(self._ids[member] for member in self._members.get(row, [row]))

    def add_all(self, items: Iterable[tuple[str, Signature]]) -> dict[str, str]:
        return {article_id: self.add(article_id, signature) for article_id, signature in items}

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Groups of two or more articles, by group id, members in the order they came."""
        return {self._ids[group]: tuple(self._ids[row] for row in rows) for group, rows in self._members.items()}

    def _candidates(self, heads: npt.NDArray[np.int32]) -> list[int]:
        """Rows sharing a band with the new article, from ``heads`` (the newest such row of each band)."""
        found: set[int] = set()
        for band, head in enumerate(heads.tolist()):
            row = head
            for _ in range(MAX_CHAIN):
                if row < 0:
                    break
                found.add(row)
                row = int(self._previous[row, band])
        return sorted(found)

    def _best_match(self, heads: npt.NDArray[np.int32], signature: Signature) -> int:
        """The row most similar to ``signature`` at or above the threshold; the earliest on a tie; -1 if none."""
        candidates = self._candidates(heads)
        if not candidates:
            return -1
        similarity = np.count_nonzero(self._signatures[candidates] == signature, axis=1) / self.options.num_perm
        best = int(np.argmax(similarity))  # candidates are sorted by row, so a tie goes to the earlier article
        return candidates[best] if similarity[best] >= self.options.threshold else -1

    def _reserve(self, n_rows: int) -> None:
        """Room for ``n_rows`` rows: the arrays double when full (new rows are written before use)."""
        if n_rows > len(self._signatures):
            self._signatures, self._previous, self._group_row = (
                np.concatenate([array, np.empty_like(array)])
                for array in (self._signatures, self._previous, self._group_row)
            )
