"""Near-duplicate grouping on hand-written wire copies and independent reports."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.group.dedup import (
    DedupOptions,
    NearDuplicateIndex,
    _BandTable,
    band_keys,
    band_ranges,
    minhash_signature,
    shingle_hashes,
    shingles,
)

WIRE = (
    "PORT VELDT (Wire) - A ferry ran aground on a sandbank off Port Veldt on Monday, stranding 212 passengers "
    "for nearly six hours before tugs pulled it free on the rising tide. The coast guard said no one was hurt "
    "and the vessel had no visible damage to its hull. The operator, Fjordline Ferries, said the captain had "
    "followed the marked channel and that an inquiry would examine whether the sandbank had shifted since the "
    "last survey. Passengers were given food and water while they waited, and the ferry resumed service later."
)
REPRINT = (
    "Ferry stuck on sandbank for six hours\n\n"
    + WIRE.replace("PORT VELDT (Wire) - ", "")
    + " Copyright 2025 Wire. All rights reserved. Sign up for our newsletter."
)
OWN_REPORT = (
    "Hundreds of passengers spent a long Monday afternoon staring at the dunes of Port Veldt after their ferry "
    "came to rest on a sandbank. Several told our reporter they had felt only a gentle bump. Tugs from the "
    "harbour freed the boat in the evening, and the operator promised refunds to everyone on board."
)


def test_shingles_are_word_five_grams() -> None:
    assert shingles("One two three four five six", size=5) == {b"one two three four five", b"two three four five six"}
    assert shingles("Short text", size=5) == {b"short text"}
    assert shingles("", size=5) == set()


def test_dedup_groups_a_reprint_with_its_wire_story() -> None:
    index = NearDuplicateIndex()
    assert index.add("wire", minhash_signature(WIRE)) == "wire"
    assert index.add("reprint", minhash_signature(REPRINT)) == "wire"
    assert index.add("own", minhash_signature(OWN_REPORT)) == "own"
    assert index.groups() == {"wire": ("wire", "reprint")}


def test_dedup_adding_twice_changes_nothing() -> None:
    index = NearDuplicateIndex()
    signature = minhash_signature(WIRE)
    assert index.add("wire", signature) == index.add("wire", signature) == "wire"
    assert index.groups() == {}


def test_dedup_result_depends_only_on_input_order() -> None:
    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    items = [("a", minhash_signature(WIRE)), ("b", minhash_signature(REPRINT)), ("c", minhash_signature(OWN_REPORT))]
    assert first.add_all(items) == second.add_all(items)


def test_dedup_index_pickles() -> None:
    index = NearDuplicateIndex()
    index.add("wire", minhash_signature(WIRE))
    restored = pickle.loads(pickle.dumps(index))
    assert restored.add("reprint", minhash_signature(REPRINT)) == "wire"


@pytest.mark.parametrize("options", [{"threshold": 0.0}, {"threshold": 1.5}, {"num_perm": 8}, {"shingle_words": 0}])
def test_dedup_options_validate(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="DedupOptions"):
        DedupOptions(**options)  # type: ignore[arg-type]


def _reference_groups(items: list[tuple[str, np.ndarray]], options: DedupOptions) -> dict[str, str]:
    """Grouping by datasketch's own MinHashLSH: the best-matching LSH candidate, earliest on a tie."""
    lsh = MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)
    signatures: dict[str, np.ndarray] = {}
    group_of: dict[str, str] = {}
    for article_id, signature in items:
        minhash = LeanMinHash(seed=options.seed, hashvalues=signature, scheme=options.scheme)
        scored = [
            (float(np.mean(signatures[c] == signature)), -list(signatures).index(c), c) for c in lsh.query(minhash)
        ]
        verified = [item for item in scored if item[0] >= options.threshold]
        group_of[article_id] = group_of[max(verified)[2]] if verified else article_id
        lsh.insert(article_id, minhash)
        signatures[article_id] = signature
    return group_of


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), n_originals=st.integers(1, 12), copy_share=st.floats(0.0, 0.9))
def test_dedup_groups_like_datasketch_lsh(seed: int, n_originals: int, copy_share: float) -> None:
    """Signatures of originals and of copies with some values changed group exactly as with MinHashLSH."""
    rng = np.random.default_rng(seed)
    options = DedupOptions()
    items: list[tuple[str, np.ndarray]] = []
    for n in range(n_originals * 3):
        if items and rng.random() < copy_share:
            source = items[int(rng.integers(0, len(items)))][1].copy()
            changed = rng.random(options.num_perm) < rng.uniform(0.1, 0.7)
            source[changed] = rng.integers(0, 2**32, int(changed.sum()), dtype=np.uint64).astype(np.uint32)
            items.append((f"a{n}", source))
        else:
            items.append((f"a{n}", rng.integers(0, 2**32, options.num_perm, dtype=np.uint64).astype(np.uint32)))
    index = NearDuplicateIndex(options)
    assert index.add_all(items) == _reference_groups(items, options)


@settings(max_examples=50, deadline=None)
@given(batches=st.lists(st.sets(st.integers(1, 2**32 - 1) | st.integers(1, 64), max_size=30), max_size=300))
def test_band_table_keeps_the_newest_row_of_each_key(batches: list[set[int]]) -> None:
    table = _BandTable(capacity=16)  # small, so that it grows many times
    newest: dict[int, int] = {}
    for row, batch in enumerate(batches):
        keys = np.array(sorted(batch), dtype=np.uint32)
        previous = table.put_all(keys, row) if row % 2 else [table.put(key, row) for key in keys]
        assert list(previous) == [newest.get(int(key), -1) for key in keys]
        newest.update(dict.fromkeys(batch, row))
    absent = next(key for key in range(65, 1000) if key not in newest)
    probe = np.array([*newest, absent], dtype=np.uint32)
    assert list(table.put_all(probe, -1)) == [*newest.values(), -1]


def test_band_keys_follow_datasketch_band_layout() -> None:
    options = DedupOptions()
    assert list(band_ranges(options)) == MinHashLSH(threshold=options.threshold, num_perm=options.num_perm).hashranges
    signature = minhash_signature(WIRE)
    changed = signature.copy()
    start = band_ranges(options)[3][0]
    changed[start] ^= 1
    same = band_keys(signature) == band_keys(changed)
    assert not same[3]
    assert same.sum() == len(same) - 1


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(["port", "ferry", "tide", "tug", "sand", "Port", "TIDE"]), max_size=40))
def test_shingle_hashes_count_the_distinct_shingles(words: list[str]) -> None:
    text = " ".join(words)
    assert len(shingle_hashes(text)) == len(shingles(text))  # no 32-bit collision on so few shingles
