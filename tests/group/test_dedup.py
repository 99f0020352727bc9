"""Near-duplicate grouping on hand-written wire copies and independent reports."""

from __future__ import annotations

import pickle

import pytest

from newsweave.group.dedup import DedupOptions, NearDuplicateIndex, minhash_signature, shingles

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
