"""The list of stories in a store as a text table, JSON or CSV.

Takes each story as the plain dict ``serde.to_dict`` makes of a store's ``StoryRow``, so the
report stage does not depend on the store.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["STORY_FORMATS", "render_stories"]

STORY_FORMATS = ("table", "json", "csv")
_COLUMNS = ("id", "n_articles", "n_outlets", "languages", "first_published", "last_published", "title")


def render_stories(stories: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """``stories`` (``serde.to_dict`` of story rows) in ``fmt`` (one of :data:`STORY_FORMATS`)."""
    records = [_record(story) for story in stories]
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[*_COLUMNS, "top_entities"], lineterminator="\n")
        writer.writeheader()
        for record in records:
            flat = {
                **record,
                "languages": " ".join(record["languages"]),
                "top_entities": "; ".join(record["top_entities"]),
            }
            writer.writerow(flat)
        return buffer.getvalue()
    if fmt == "table":
        return _table(records)
    raise ValueError(f"unknown stories format {fmt!r}; accepted formats: {', '.join(STORY_FORMATS)}")


def _record(story: Mapping[str, Any]) -> dict[str, Any]:
    record = {column: story[column] for column in _COLUMNS}
    record["top_entities"] = [entity["name"] for entity in story.get("top_entities", ())]
    return record


def _table(records: list[dict[str, Any]]) -> str:
    lines = [f"{'story':<10}{'articles':>9}{'outlets':>8}  {'languages':<10}{'first published':<17}title"]
    for record in records:
        first = (record["first_published"] or "—")[:16]
        languages = ",".join(record["languages"]) or "—"
        counts = f"{record['n_articles']:>9}{record['n_outlets']:>8}"
        lines.append(f"{record['id']:<10}{counts}  {languages:<10}{first:<17}{record['title']}")
    return "\n".join(lines) + "\n"
