"""The record check of bench/pipeline_pages.py: saved records read back, differences named."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import load_bench

pages = load_bench("pipeline_pages")


def _record(article_id: str, title: str) -> str:
    return json.dumps({"article": {"id": article_id, "title": title}, "story": [article_id]}, sort_keys=True)


def test_saved_records_match_themselves_and_name_each_difference(tmp_path: Path) -> None:
    records = {"b": _record("b", "Ferry"), "a": _record("a", "Quake")}
    saved = tmp_path / "records.jsonl"
    pages.save_records(records, saved)
    assert pages.differing_records(records, saved) == []
    changed = {"a": _record("a", "Quake"), "b": _record("b", "Ferry aground"), "c": _record("c", "New")}
    assert pages.differing_records(changed, saved) == ["b", "c"]
    assert pages.records_digest(records) != pages.records_digest(changed)
