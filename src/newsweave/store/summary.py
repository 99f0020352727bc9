"""The denormalised columns of a story, computed from its members' rows.

Kept apart from :mod:`newsweave.store.sqlite` because it is pure Python (no SQL, no I/O): the
store selects each member's indexed columns and JSON, and this module decides the story's title,
how many distinct sources it has (near-duplicates counted once), its languages, its time span and
its most prominent entities.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from newsweave.outlets import source_name
from newsweave.store.rows import StoryEntity

__all__ = ["MAX_STORY_ENTITIES", "StoryMember", "StorySummary", "summarise_story"]

MAX_STORY_ENTITIES = 10


class StoryMember(NamedTuple):
    """One member article as the store selects it (column order matters: rows map onto it)."""

    id: str
    title: str
    outlet: str
    uri: str
    url: str
    language: str
    published: str | None
    group_id: str | None
    json: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    title: str
    n_articles: int
    n_outlets: int
    languages: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    top_entities: tuple[StoryEntity, ...]


def summarise_story(members: Sequence[StoryMember], *, max_entities: int = MAX_STORY_ENTITIES) -> StorySummary:
    """Summarise a story from its members, given in (published, id) order.

    The title is the first titled article's (the earliest report). ``n_outlets`` counts each
    near-duplicate group once, and otherwise each outlet once (see :class:`StoryRow`).
    """
    published = [member.published for member in members if member.published]
    return StorySummary(
        title=next((member.title for member in members if member.title), ""),
        n_articles=len(members),
        n_outlets=len({_source_key(member) for member in members}),
        languages=tuple(sorted({member.language for member in members if member.language})),
        first_published=min(published) if published else None,
        last_published=max(published) if published else None,
        top_entities=_top_entities(members, max_entities),
    )


def _source_key(member: StoryMember) -> str:
    if member.group_id:
        return f"group:{member.group_id}"
    return f"outlet:{source_name(member).casefold()}"


def _top_entities(members: Sequence[StoryMember], max_entities: int) -> tuple[StoryEntity, ...]:
    n_articles: Counter[str] = Counter()
    n_mentions: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    labels: dict[str, str] = {}
    for member in members:
        data: dict[str, Any] = json.loads(member.json)
        text: str = data.get("text", "")
        seen: set[str] = set()
        for mention in data.get("entities", ()):
            span = mention["span"]
            name = text[span["start"] : span["end"]].strip()
            if not name:
                continue
            key = mention.get("entity_id") or f"{mention['label']}:{name.casefold()}"
            n_mentions[key] += 1
            names.setdefault(key, Counter())[name] += 1
            labels.setdefault(key, mention["label"])
            if key not in seen:
                seen.add(key)
                n_articles[key] += 1
    ranked = sorted(n_articles, key=lambda key: (-n_articles[key], -n_mentions[key], key))
    return tuple(
        StoryEntity(
            id=key,
            name=_most_common(names[key]),
            label=labels[key],
            n_articles=n_articles[key],
            n_mentions=n_mentions[key],
        )
        for key in ranked[:max_entities]
    )


def _most_common(counts: Counter[str]) -> str:
    """The most frequent surface form; ties go to the longer, then alphabetically first, name."""
    return min(counts, key=lambda name: (-counts[name], -len(name), name))
