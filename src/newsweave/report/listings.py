"""Lists out of a store (its stories, its failed inputs) as a terminal table, JSON or CSV.

Each row comes as the plain dict ``serde.to_dict`` makes of a store row, so the report stage does
not depend on the store. The three formats share one column list per listing: a terminal table
shows the same fields a CSV file or a JSON list holds.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["LISTING_FORMATS", "render_failures", "render_stories"]

LISTING_FORMATS = ("terminal", "json", "csv")
_STORY_COLUMNS = ("id", "n_articles", "n_outlets", "languages", "first_published", "last_published", "title")
_FAILURE_COLUMNS = ("input", "stage", "code", "message", "at")


def render_stories(stories: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """``stories`` (``serde.to_dict`` of story rows) in ``fmt`` (one of :data:`LISTING_FORMATS`)."""
    records = [
        {
            **{column: story[column] for column in _STORY_COLUMNS},
            "top_entities": [entity["name"] for entity in story.get("top_entities", ())],
        }
        for story in stories
    ]
    if fmt == "terminal":
        return _stories_table(records)
    return _render_data(records, [*_STORY_COLUMNS, "top_entities"], fmt)


def render_failures(failures: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Recorded failures (``serde.to_dict`` of failure rows) in ``fmt``, one input and reason a row."""
    records = [
        {
            "input": row["failure"]["input_id"],
            "stage": row["failure"]["stage"],
            "code": row["failure"]["code"],
            # A message often starts with the input it is about, which the row shows beside it.
            "message": row["failure"]["message"].removeprefix(f"{row['failure']['input_id']}: "),
            "at": row["at"],
        }
        for row in failures
    ]
    if fmt == "terminal":
        return "".join(f"{r['input']}\t{r['code']}\t{' '.join(r['message'].split())}\n" for r in records)
    return _render_data(records, _FAILURE_COLUMNS, fmt)


def _render_data(records: list[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: _flat(value) for key, value in record.items()} for record in records)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; accepted formats: {', '.join(LISTING_FORMATS)}")


def _flat(value: Any) -> Any:
    """A list as one CSV cell, its items separated by semicolons (names hold spaces)."""
    return "; ".join(map(str, value)) if isinstance(value, list) else value


def _stories_table(records: list[dict[str, Any]]) -> str:
    lines = [f"{'story':<10}{'articles':>9}{'outlets':>8}  {'languages':<10}{'first published':<17}title"]
    for record in records:
        first = (record["first_published"] or "—")[:16]
        languages = ",".join(record["languages"]) or "—"
        counts = f"{record['n_articles']:>9}{record['n_outlets']:>8}"
        lines.append(f"{record['id']:<10}{counts}  {languages:<10}{first:<17}{record['title']}")
    return "\n".join(lines) + "\n"
