"""Near-duplicates: wire copies, syndications and re-posts, found with MinHash LSH (datasketch).

Two articles are near-duplicates when the Jaccard similarity of their sets of word 5-grams
reaches ``DedupOptions.threshold``. MinHash (Broder 1997) estimates that similarity from a
fixed-size signature, and LSH banding finds the candidates without comparing every pair, so
adding an article costs the same whatever the corpus size. A candidate joins the group of its
most similar earlier article, so one AP story printed by ten outlets is one group: one voice
with ten outlets, not ten independent confirmations.

Signatures are plain ``uint64`` arrays so they serialise to the store and to Parquet rows and
the same grouping can be run by any driver.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash, MinHashLSH

__all__ = ["DedupOptions", "NearDuplicateIndex", "minhash_signature", "shingles"]

Signature = npt.NDArray[np.uint64]
_WORD = re.compile(r"\w+")


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


def minhash_signature(text: str, *, options: DedupOptions | None = None) -> Signature:
    """The MinHash signature of ``text``'s shingles."""
    options = options or DedupOptions()
    minhash = MinHash(num_perm=options.num_perm, seed=options.seed, scheme=options.scheme)
    minhash.update_batch(shingles(text, size=options.shingle_words))
    values: Signature = np.asarray(minhash.hashvalues, dtype=np.uint64)
    return values


class NearDuplicateIndex:
    """Online near-duplicate grouping: ``add`` returns the group an article joins.

    A group is named after its first article. State lives in the instance (no module caches),
    so the result depends only on the articles added and their order.
    """

    def __init__(self, options: DedupOptions | None = None) -> None:
        self.options = options or DedupOptions()
        self._lsh = MinHashLSH(threshold=self.options.threshold, num_perm=self.options.num_perm)
        self._signatures: dict[str, LeanMinHash] = {}
        self._arrival: dict[str, int] = {}
        self._members: dict[str, list[str]] = {}
        self.group_of: dict[str, str] = {}

    def add(self, article_id: str, signature: Signature) -> str:
        """Add an article by its signature; return the id of the group it belongs to."""
        if article_id in self.group_of:
            return self.group_of[article_id]
        minhash = LeanMinHash(seed=self.options.seed, hashvalues=signature, scheme=self.options.scheme)
        best = self._best_match(minhash)
        group = self.group_of[best] if best else article_id
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = minhash
        self._arrival[article_id] = len(self._arrival)
        self._members.setdefault(group, []).append(article_id)
        self.group_of[article_id] = group
        return group

    def members(self, group: str) -> tuple[str, ...]:
        """The articles of ``group``, in the order they came (empty for an unknown group)."""
        return tuple(self._members.get(group, ()))

    def add_all(self, items: Iterable[tuple[str, Signature]]) -> dict[str, str]:
        return {article_id: self.add(article_id, signature) for article_id, signature in items}

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Groups of two or more articles, by group id, members in the order they came."""
        return {group: tuple(ids) for group, ids in self._members.items() if len(ids) > 1}

    def _best_match(self, minhash: LeanMinHash) -> str:
        scored = [(self._signatures[candidate].jaccard(minhash), candidate) for candidate in self._lsh.query(minhash)]
        verified = [(score, candidate) for score, candidate in scored if score >= self.options.threshold]
        if not verified:
            return ""
        # Highest similarity; a tie goes to the earlier article, so set order never decides.
        _, best = max(verified, key=lambda pair: (pair[0], -self._arrival[pair[1]]))
        return str(best)
