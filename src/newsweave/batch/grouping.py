"""Corpus-level grouping for the batch path, as map -> group by key -> reduce steps any engine runs.

Near-duplicates. Each article emits one row per LSH band of its MinHash signature, with the band
layout :class:`~newsweave.group.NearDuplicateIndex` itself uses
(:func:`~newsweave.group.dedup.band_ranges`), so two articles are candidates here exactly when they are
candidates online. A band's articles are linked as a star (connectivity is all that is needed, and
a star is linear in the band's size), the links are joined into connected components, and each
component with two or more articles is replayed through a fresh ``NearDuplicateIndex`` in arrival
order. An article can only ever match articles of its own component, so the groups equal those of
one online index fed the whole corpus in the same order, and components run in parallel.

Stories. Articles are cut into time windows of ``window_days`` by publication time; a window also
takes the articles of the first ``overlap_days`` of the next one. Each window is clustered by the
online :class:`~newsweave.group.StoryClusterer` (the shipped model) in (published, id) order, in
parallel. An article in an overlap was assigned in two windows: the two stories it joined are
merged, so a story that crosses a window edge stays one. Undated articles join the latest window,
after its dated ones (ingest's arrival order puts them last too), so they can only join recent
stories. When the corpus fits one window the stories are exactly those of the online clusterer
fed the corpus in (published, id) order, undated last; otherwise they differ where a story crosses
an edge with no article in the overlap, or where two stories join through one article.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsweave.batch.rows import Row, article_of, signature_of
from newsweave.group import DedupOptions, NearDuplicateIndex
from newsweave.group.dedup import band_ranges
from newsweave.group.options import SECONDS_A_DAY as _SECONDS_A_DAY
from newsweave.pipeline import load_story_models, story_features

__all__ = [
    "WindowOptions",
    "arrival_key",
    "band_rows",
    "cluster_window",
    "component_rows",
    "connected_components",
    "merge_windows",
    "replay_duplicates",
    "star_links",
    "window_of",
    "window_rows",
]

_UNDATED_KEY = "9999-12-31T23:59:59.999999"


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowOptions:
    """Time windows of the batch story clustering.

    Args:
        window_days: length of a window; longer windows match the online clusterer on more of the
            corpus, shorter ones spread the work over more tasks.
        overlap_days: days of the next window a window also clusters; a story reported across an
            edge is merged through the articles of this overlap.
    """

    window_days: float = 7.0
    overlap_days: float = 1.0

    def __post_init__(self) -> None:
        if self.window_days <= 0 or not 0 <= self.overlap_days <= self.window_days:
            raise ValueError(f"WindowOptions needs window_days > 0 and 0 <= overlap_days <= window_days, got {self}")


def arrival_key(published: str | None, article_id: str) -> str:
    """A string that sorts like ingest's arrival order (published in UTC, then id; undated last)."""
    if not published:
        return f"{_UNDATED_KEY}|{article_id}"
    moment = datetime.fromisoformat(published).astimezone(UTC)
    return f"{moment.strftime('%Y-%m-%dT%H:%M:%S.%f')}|{article_id}"


# Near-duplicates ---------------------------------------------------------------------------------


def band_rows(row: Row, options: DedupOptions | None = None) -> list[Row]:
    """One ``{"key": band, "id": article id}`` row per LSH band of an article row's signature."""
    if row["kind"] != "article":
        return []
    options = options or DedupOptions()
    signature = signature_of(row)
    return [
        {"key": f"{band}:{signature[start:end].tobytes().hex()}", "id": row["id"]}
        for band, (start, end) in enumerate(band_ranges(options))
    ]


def star_links(key: str, rows: Sequence[Row]) -> list[Row]:
    """Links from a band's first article to each other one (``{"a": id, "b": id}``)."""
    ids = sorted({row["id"] for row in rows})
    return [{"a": ids[0], "b": other} for other in ids[1:]]


def connected_components(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The component (its smallest id) of every article that has a link."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in links:
        low, high = sorted((root(a), root(b)))
        parent[high] = low
    return {node: root(node) for node in parent}


def component_rows(row: Row, component_of: Mapping[str, str]) -> list[Row]:
    """The row an article in a component sends to its component's replay (none for the others)."""
    component = component_of.get(row["id"]) if row["kind"] == "article" else None
    if component is None:
        return []
    return [
        {
            "key": component,
            "id": row["id"],
            "order": arrival_key(row["published"], row["id"]),
            "signature": row["signature"],
        }
    ]


def replay_duplicates(key: str, rows: Sequence[Row], options: DedupOptions | None = None) -> list[Row]:
    """``{"id", "group"}`` of each article of a component that has a near-duplicate, by online replay."""
    index = NearDuplicateIndex(options)
    for row in sorted(rows, key=lambda row: row["order"]):
        index.add(row["id"], signature_of(row))
    return [{"id": member, "group": group} for group, members in index.groups().items() for member in members]


# Stories -----------------------------------------------------------------------------------------


def window_of(published: str, options: WindowOptions) -> int:
    """The number of the window an article published at ``published`` (ISO 8601) is at home in."""
    return math.floor(datetime.fromisoformat(published).timestamp() / _SECONDS_A_DAY / options.window_days)


def window_rows(row: Row, options: WindowOptions, last_window: int) -> list[Row]:
    """The rows an article sends to the windows that cluster it: its own, and the previous one in an overlap.

    Undated articles go to ``last_window`` (the latest one), where they come after the dated
    articles, as they do in ingest's arrival order.
    """
    if row["kind"] != "article":
        return []
    base = {
        "id": row["id"],
        "order": arrival_key(row["published"], row["id"]),
        "article": row["article"],
        "embedding": row["embedding"],
        "is_home": True,
    }
    if not row["published"]:
        return [{**base, "key": str(last_window)}]
    home = window_of(row["published"], options)
    rows = [{**base, "key": str(home)}]
    days = datetime.fromisoformat(row["published"]).timestamp() / _SECONDS_A_DAY
    if days - home * options.window_days < options.overlap_days:
        rows.append({**base, "key": str(home - 1), "is_home": False})
    return rows


def cluster_window(key: str, rows: Sequence[Row]) -> list[Row]:
    """``{"window", "id", "story", "order", "is_home"}`` of each article, clustered online in arrival order.

    The lexical features are computed here as ingest computes them; the embedding is the one the
    page stage stored, so the embedder is never run (nor loaded) in a window.
    """
    extractor, clusterer = load_story_models()
    ordered = sorted(rows, key=lambda row: row["order"])
    features = story_features(extractor, [article_of(row) for row in ordered], [row["embedding"] for row in ordered])
    stories = clusterer.assign_many(features)
    return [
        {"window": key, "id": row["id"], "story": story, "order": row["order"], "is_home": row["is_home"]}
        for row, story in zip(ordered, stories, strict=True)
    ]


def merge_windows(assigned: Iterable[Row], *, id_prefix: str = "s") -> dict[str, str]:
    """The story of every article: window stories sharing an article merged, named in arrival order.

    Stories are named as the online clusterer names them (``id_prefix`` + a six-digit counter),
    in the order of their first article.
    """
    nodes_of: dict[str, list[str]] = defaultdict(list)
    home: dict[str, str] = {}
    order: dict[str, str] = {}
    for row in assigned:
        node = f"{row['window']}/{row['story']}"
        nodes_of[row["id"]].append(node)
        order[row["id"]] = row["order"]
        if row["is_home"]:
            home[row["id"]] = node
    # An article is in at most two windows: linking its first and last window story merges them.
    component = connected_components((nodes[0], nodes[-1]) for nodes in nodes_of.values())
    root_of = {article: component.get(node, node) for article, node in home.items()}
    names: dict[str, str] = {}
    for article in sorted(root_of, key=order.__getitem__):
        names.setdefault(root_of[article], f"{id_prefix}{len(names):06d}")
    return {article: names[root] for article, root in root_of.items()}
