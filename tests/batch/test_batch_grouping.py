"""Batch grouping steps, without models: band candidates, component replay, windows and their merge."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from newsweave.batch.engines import Emit, Reduce
from newsweave.batch.grouping import (
    WindowOptions,
    arrival_key,
    band_rows,
    component_rows,
    connected_components,
    merge_windows,
    replay_duplicates,
    star_links,
    window_rows,
)
from newsweave.batch.rows import Row
from newsweave.group import NearDuplicateIndex, minhash_signature

BASE = " ".join(f"word{i}" for i in range(60))
TEXTS = {
    "a": BASE,
    "b": BASE.replace("word30", "changed"),  # a copy of a
    "c": " ".join(f"other{i}" for i in range(60)),
    "d": BASE.replace("word5 ", "x ").replace("word50", "y"),  # another copy of a
}


def _row(article_id: str, published: str | None) -> Row:
    signature = np.asarray(minhash_signature(TEXTS[article_id]), dtype=np.uint64)
    return {"kind": "article", "id": article_id, "published": published, "signature": signature.tobytes()}


def _shuffle(rows: list[Row], emit: Emit, reduce: Reduce) -> list[Row]:
    """The local engine's shuffle, on rows in memory."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for emitted in emit(row):
            groups[emitted["key"]].append(emitted)
    return [result for key in sorted(groups) for result in reduce(key, groups[key])]


def test_batch_duplicates_equal_one_online_index() -> None:
    published = {"a": "2025-10-14T09:00:00+00:00", "b": "2025-10-14T12:00:00+02:00", "c": None, "d": None}
    rows = [_row(article_id, published[article_id]) for article_id in "dcba"]
    links = _shuffle(rows, band_rows, star_links)
    component_of = connected_components((link["a"], link["b"]) for link in links)
    found = _shuffle(rows, lambda row: component_rows(row, component_of), replay_duplicates)
    online = NearDuplicateIndex()
    for row in sorted(rows, key=lambda row: arrival_key(row["published"], row["id"])):
        online.add(row["id"], minhash_signature(TEXTS[row["id"]]))
    assert {item["id"]: item["group"] for item in found} == {m: g for g, ms in online.groups().items() for m in ms}
    assert "c" not in component_of


def test_arrival_key_orders_by_utc_then_id_undated_last() -> None:
    keys = [
        arrival_key("2025-10-14T12:00:00+02:00", "z"),  # 10:00 UTC
        arrival_key("2025-10-14T09:30:00+00:00", "y"),
        arrival_key(None, "a"),
    ]
    assert sorted(keys) == [keys[1], keys[0], keys[2]]


@pytest.mark.parametrize(
    ("published", "windows"),
    [("2025-10-09T12:00:00+00:00", 2), ("2025-10-11T12:00:00+00:00", 1), (None, 1)],  # a window starts 10-09,
)
def test_window_rows_overlap_goes_to_previous_window(published: str | None, windows: int) -> None:
    row = {"kind": "article", "id": "a", "published": published, "article": "{}", "embedding": b""}
    emitted = window_rows(row, WindowOptions(window_days=7, overlap_days=1), last_window=9)
    assert len(emitted) == windows
    assert [item["is_home"] for item in emitted] == [True] + [False] * (windows - 1)
    if published is None:
        assert emitted[0]["key"] == "9"


def test_merge_windows_joins_stories_through_overlap_articles() -> None:
    assigned = [
        {"window": "0", "id": "a", "story": "s000000", "order": "1", "is_home": True},
        {"window": "0", "id": "b", "story": "s000000", "order": "2", "is_home": False},
        {"window": "1", "id": "b", "story": "s000001", "order": "2", "is_home": True},
        {"window": "1", "id": "c", "story": "s000001", "order": "3", "is_home": True},
        {"window": "1", "id": "d", "story": "s000000", "order": "4", "is_home": True},
    ]
    assert merge_windows(assigned) == {"a": "s000000", "b": "s000000", "c": "s000000", "d": "s000001"}
