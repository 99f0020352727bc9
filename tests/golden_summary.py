"""The part of a comparison's JSON that golden files pin: what a reviewer reads in a diff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsweave.model import Comparison
from newsweave.report import comparison_to_json

GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_pair(comparison: Comparison, name: str, *, update: bool) -> tuple[dict[str, Any], Any]:
    """The summary of ``comparison`` and the golden ``tests/golden/<name>.json`` it must equal
    (rewritten from the summary first when ``update``, i.e. ``pytest --update-golden``)."""
    summary = summarise(comparison_to_json(comparison))
    path = GOLDEN / f"{name}.json"
    if update:
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary, json.loads(path.read_text(encoding="utf-8"))


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    names = {article["id"]: article["uri"].rsplit("/", 1)[-1] for article in report["articles"]}
    return {
        "articles": [
            {
                "file": names[article["id"]],
                "title": article["title"],
                "language": article["language"],
                "removed": [[item["label"], item["text"][:60]] for item in article["removed"]],
                "posts": [
                    [post["platform"], post["handle"], post["language"], post["text"][:50]] for post in article["posts"]
                ],
                "quotes": [[quote["speaker"], quote["verb"], quote["text"][:50]] for quote in article["quotes"]],
                "corrections": [[item["kind"], item["text"][:60]] for item in article["corrections"]],
                "times": [[item["text"], item["value"], item["relative"]] for item in article["times"]],
            }
            for article in report["articles"]
        ],
        "claims": [
            [
                claim["status"],
                sorted(names[source] for source in claim["sources"]),
                [m["text"][:60] for m in claim["members"]],
            ]
            for claim in report["claims"]
        ],
    }
