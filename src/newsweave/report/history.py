"""An article's history as text for a terminal and as JSON: versions, and what each changed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from newsweave.versions.diff import ChangeKind, SentenceChange, VersionDiff
from newsweave.versions.history import ArticleHistory

__all__ = ["format_date", "history_data", "history_json", "history_text"]

_MARKS = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.CHANGED: "~"}


def history_text(history: ArticleHistory) -> str:
    """The versions, oldest first, each followed by its changes: ``+`` added, ``-`` removed,
    ``~`` rewritten (old, then new, then the figures and names that differ)."""
    newest = history.newest.article
    lines = [f"{history.article_id}  {newest.title or '(no title)'}", f"  {newest.url or newest.uri}"]
    lines.append(f"  {len(history.entries)} version(s); {_schedule(history)}")
    for entry in history.entries:
        version = entry.version
        lines.append("")
        lines.append(f"version {version.version}  fetched {format_date(version.fetched_at)}  ({version.document_id})")
        if entry.changes is not None:
            lines.extend(_diff_lines(entry.changes))
    return "\n".join(lines) + "\n"


def format_date(moment: datetime) -> str:
    """A stored moment (UTC) as a reader wants it, to the minute: the history and the article page."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _schedule(history: ArticleHistory) -> str:
    page = history.page
    if page is None:
        return "not followed (only `newsweave watch` reads pages again)"
    if page.next_visit_at is None:
        return f"read {page.n_visits} time(s) again; no visit left"
    return f"read {page.n_visits} time(s) again; next visit {format_date(page.next_visit_at)}"


def _diff_lines(diff: VersionDiff) -> list[str]:
    if diff.unchanged:
        return ["  (no change in the text)"]
    lines = []
    if diff.title_changed:
        old, new = diff.title_changed
        lines.append(f"  title: {old!r} -> {new!r}")
    for change in diff.changes:
        lines.extend(_change_lines(change))
    lines.extend(f"  correction or update notice new in this version: {text}" for text in diff.corrections_added)
    return lines


def _change_lines(change: SentenceChange) -> list[str]:
    mark = _MARKS[change.kind]
    if change.kind is ChangeKind.ADDED:
        return [f"  {mark} {change.new_text}"]
    if change.kind is ChangeKind.REMOVED:
        return [f"  {mark} {change.old_text}"]
    lines = [f"  {mark} {change.old_text}", f"    -> {change.new_text}"]
    if change.figures:
        lines.append("    figures: " + ", ".join(f"{old or '—'} -> {new or '—'}" for old, new in change.figures))
    if change.names:
        lines.append("    names: " + ", ".join(f"{old or '—'} -> {new or '—'}" for old, new in change.names))
    return lines


def history_json(history: ArticleHistory) -> str:
    """The history as one JSON object (:func:`history_data`)."""
    return json.dumps(history_data(history), indent=2, ensure_ascii=False) + "\n"


def history_data(history: ArticleHistory) -> dict[str, Any]:
    """The history as data: ``article_id``, ``followed`` (the schedule, or null) and ``versions``
    (number, fetched_at, document_id, title, and ``changes`` from the version before)."""
    page = history.page
    data: dict[str, Any] = {
        "article_id": history.article_id,
        "followed": None
        if page is None
        else {
            "uri": page.uri,
            "first_seen_at": page.first_seen_at.isoformat(),
            "next_visit_at": page.next_visit_at.isoformat() if page.next_visit_at else None,
            "n_visits": page.n_visits,
            "last_outcome": page.last_outcome,
        },
        "versions": [
            {
                "version": entry.version.version,
                "fetched_at": entry.version.fetched_at.isoformat(),
                "document_id": entry.version.document_id,
                "title": entry.version.article.title,
                "changes": None if entry.changes is None else _diff_data(entry.changes),
            }
            for entry in history.entries
        ],
    }
    return data


def _diff_data(diff: VersionDiff) -> dict[str, Any]:
    return {
        "title": list(diff.title_changed) if diff.title_changed else None,
        "sentences": [
            {
                "kind": str(change.kind),
                "old_sentence": change.old_sentence,
                "new_sentence": change.new_sentence,
                "old_text": change.old_text,
                "new_text": change.new_text,
                "figures": [list(pair) for pair in change.figures],
                "names": [list(pair) for pair in change.names],
            }
            for change in diff.changes
        ],
        "corrections_added": list(diff.corrections_added),
    }
