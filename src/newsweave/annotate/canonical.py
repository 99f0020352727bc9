"""Entity canonicalisation across the articles of one comparison.

"Assange", "Julian Assange" and "@JulianAssange" are one person; "WikiLeaks" and "Wikileaks" one
organisation. Mentions are keyed by a normal form (case, "the", possessives, "@" folded away);
a surname or first name alone joins the one full name it ends or starts; a handle joins the name
its letters spell. Articles in a language without an NER model get their mentions by matching
the names the other articles gave, so a Spanish report still links to the same people; the same
matching finds the spellings a tagger missed ("Wikileaks" where it only tagged "WikiLeaks").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from newsweave.model import Article, Entity, EntityMention, Quote, Span

__all__ = ["canonicalise_entities", "entity_key"]

_LEADING_ARTICLE = re.compile(r"^(?:the|el|la|los|las)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NON_WORD = re.compile(r"[^\w\s]")
MIN_GAZETTEER_CHARS = 4


def entity_key(surface: str) -> str:
    """The normal form mentions of one entity share."""
    key = _POSSESSIVE.sub("", surface.strip()).lstrip("@#")
    key = _LEADING_ARTICLE.sub("", key)
    return " ".join(_NON_WORD.sub(" ", key).casefold().split())


def canonicalise_entities(articles: Sequence[Article]) -> tuple[tuple[Article, ...], tuple[Entity, ...]]:
    """Give every mention an ``entity_id`` and return the entities found across ``articles``."""
    with_handles = [_add_handle_mentions(article) for article in articles]
    known = _surfaces(with_handles)
    enriched = [_add_gazetteer_mentions(article, known) for article in with_handles]
    key_to_id, entities = _cluster(_surfaces(enriched))
    resolved = tuple(_assign(article, key_to_id) for article in enriched)
    return resolved, entities


def _surfaces(articles: Iterable[Article]) -> list[tuple[str, str]]:
    return [(article.text_at(mention.span), mention.label) for article in articles for mention in article.entities]


def _add_handle_mentions(article: Article) -> Article:
    taken = [mention.span for mention in article.entities]
    extra = [
        EntityMention(span=span, label="HANDLE")
        for span in article.mentions
        if not any(span.overlaps(other) for other in taken)
    ]
    return replace(article, entities=_sorted(article.entities, extra)) if extra else article


def _add_gazetteer_mentions(article: Article, known: list[tuple[str, str]]) -> Article:
    labels: dict[str, str] = {}
    for surface, label in known:
        if label != "HANDLE" and len(surface) >= MIN_GAZETTEER_CHARS and surface[:1].isupper():
            labels.setdefault(_POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", surface)), label)
    taken = [mention.span for mention in article.entities]
    extra: list[EntityMention] = []
    for surface in sorted(labels, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", article.text, re.IGNORECASE):
            if not match.group()[:1].isupper():
                continue
            span = Span(start=match.start(), end=match.end(), label=labels[surface])
            if not any(span.overlaps(other) for other in taken):
                taken.append(span)
                extra.append(EntityMention(span=span, label=labels[surface]))
    return replace(article, entities=_sorted(article.entities, extra))


def _sorted(existing: Iterable[EntityMention], extra: Iterable[EntityMention]) -> tuple[EntityMention, ...]:
    return tuple(sorted([*existing, *extra], key=lambda mention: (mention.span.start, mention.span.end)))


def _cluster(surfaces: list[tuple[str, str]]) -> tuple[dict[str, str], tuple[Entity, ...]]:
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for surface, label in surfaces:
        key = entity_key(surface)
        if key:
            by_key[key][surface] += 1
            labels[key][label] += 1
    parent = {key: key for key in by_key}
    for key in by_key:
        target = _merge_target(key, by_key, labels)
        if target:
            parent[key] = target
    groups: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        groups[_root(parent, key)].append(key)
    key_to_id: dict[str, str] = {}
    entities = []
    for root, keys in sorted(groups.items()):
        entity = _entity(root, keys, by_key, labels)
        entities.append(entity)
        key_to_id.update(dict.fromkeys(keys, entity.id))
    return key_to_id, tuple(sorted(entities, key=lambda entity: (-entity.n_mentions, entity.id)))


def _merge_target(key: str, by_key: dict[str, Counter[str]], labels: dict[str, Counter[str]]) -> str:
    """The full name a short key or a handle stands for, if exactly one fits."""
    tokens = key.split()
    if len(tokens) > 1:
        return ""
    is_handle = labels[key]["HANDLE"] > 0
    squashed = key.replace("_", "")
    people = [other for other in by_key if len(other.split()) > 1 and labels[other]["PERSON"] > 0]
    if is_handle:
        matches = [other for other in by_key if other != key and other.replace(" ", "") == squashed]
    else:
        matches = [other for other in people if key in (other.split()[-1], other.split()[0])]
    return matches[0] if len(matches) == 1 else ""


def _root(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        key = parent[key]
    return key


def _entity(root: str, keys: list[str], by_key: dict[str, Counter[str]], labels: dict[str, Counter[str]]) -> Entity:
    surfaces: Counter[str] = Counter()
    label_counts: Counter[str] = Counter()
    for key in keys:
        surfaces.update(by_key[key])
        label_counts.update(labels[key])
    root_surfaces = by_key[root]
    name = max(root_surfaces, key=lambda surface: (not surface.startswith("@"), root_surfaces[surface], surface))
    name = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", name)).strip(" &,;:-–—") or name
    named_labels = Counter({label: count for label, count in labels[root].items() if label != "HANDLE"})
    label = (named_labels or label_counts).most_common(1)[0][0]
    return Entity(
        id=re.sub(r"\W+", "-", root).strip("-") or "entity",
        name=name,
        label=label,
        aliases=tuple(sorted(surfaces)),
        n_mentions=sum(surfaces.values()),
    )


def _assign(article: Article, key_to_id: dict[str, str]) -> Article:
    mentions = tuple(
        replace(mention, entity_id=key_to_id.get(entity_key(article.text_at(mention.span)), ""))
        for mention in article.entities
    )
    quotes = tuple(_quote_entity(article, quote, mentions, key_to_id) for quote in article.quotes)
    return replace(article, entities=mentions, quotes=quotes)


def _quote_entity(
    article: Article, quote: Quote, mentions: tuple[EntityMention, ...], key_to_id: dict[str, str]
) -> Quote:
    if quote.speaker is None:
        return quote
    speaker = quote.speaker
    overlapping = [m.entity_id for m in mentions if m.span.overlaps(speaker) and m.entity_id]
    # A pronoun or role speaker ("he", "the senator") was resolved at annotation to the key of the
    # person it stands for; its own words would give no entity, or a different one per wording.
    entity_id = (
        overlapping[0]
        if overlapping
        else key_to_id.get(quote.speaker_entity) or key_to_id.get(entity_key(article.text_at(speaker)), "")
    )
    return replace(quote, speaker_entity=entity_id)
