"""Annotate: sentences, entities, social marks, posts, corrections, quotes and time expressions.

:class:`Annotator` is the model-backed stage (an entity tagger and a language identifier, loaded
on first use); everything else is a pure function of the article text. Entities are made
canonical across a set of articles by :func:`canonicalise_entities`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsweave.annotate.canonical import canonicalise_entities, entity_key
from newsweave.annotate.corrections import find_corrections
from newsweave.annotate.posts import PostOptions, find_pasted_posts
from newsweave.annotate.quotes import find_quotes
from newsweave.annotate.sentences import segment_sentences
from newsweave.annotate.social import find_hashtags, find_links, find_mentions
from newsweave.annotate.times import find_time_refs
from newsweave.model import Article, EntityMention, Span
from newsweave.models.entities import ENTITY_TAGGERS, EntityTagger
from newsweave.models.language import LANGUAGE_IDS, LanguageId

__all__ = [
    "AnnotateOptions",
    "Annotator",
    "annotate_article",
    "canonicalise_entities",
    "entity_key",
    "find_corrections",
    "find_pasted_posts",
    "find_quotes",
    "find_time_refs",
    "segment_sentences",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotateOptions:
    entity_tagger: str = "spacy-en-sm"
    language_id: str = "fasttext-lite"
    posts: PostOptions = field(default_factory=PostOptions)

    def __post_init__(self) -> None:
        if self.entity_tagger not in ENTITY_TAGGERS:
            raise ValueError(f"entity_tagger must be one of {sorted(ENTITY_TAGGERS)}, got {self.entity_tagger!r}")
        if self.language_id not in LANGUAGE_IDS:
            raise ValueError(f"language_id must be one of {sorted(LANGUAGE_IDS)}, got {self.language_id!r}")


def annotate_article(
    article: Article,
    *,
    entities: tuple[EntityMention, ...],
    language_id: LanguageId,
    options: AnnotateOptions | None = None,
) -> Article:
    """Every annotation of ``article`` given its entity mentions (pure apart from ``language_id``)."""
    options = options or AnnotateOptions()
    text = article.text
    hashtags, links = find_hashtags(text), find_links(text)
    # Taggers read "#HalvardBridge" or a URL path as names; those are marks, not mentions.
    entities = tuple(e for e in entities if not any(e.span.overlaps(mark) for mark in (*hashtags, *links)))
    sentences = segment_sentences(text, language=article.language or "en")
    embedded = tuple(post.span for post in article.posts if post.span is not None)
    pasted = find_pasted_posts(
        text,
        language=article.language,
        entities=entities,
        taken=embedded,
        language_id=language_id,
        options=options.posts,
    )
    posts = tuple(sorted((*article.posts, *pasted), key=_post_order))
    post_spans = (*embedded, *(post.span for post in pasted if post.span is not None))
    return replace(
        article,
        sentences=sentences,
        entities=entities,
        posts=posts,
        hashtags=hashtags,
        mentions=find_mentions(text),
        links=links,
        corrections=find_corrections(text),
        quotes=find_quotes(text, sentences, entities, skip=post_spans),
        times=find_time_refs(text, language=article.language or "en", published=article.published),
    )


def _post_order(post: object) -> int:
    span = getattr(post, "span", None)
    return span.start if isinstance(span, Span) else -1


class Annotator:
    """The annotate stage: ``__call__`` for one article, ``process_batch`` for many (same result)."""

    name = "annotate"
    requires = frozenset({"text", "language"})
    produces = frozenset(
        {"sentences", "entities", "posts", "hashtags", "mentions", "links", "corrections", "quotes", "times"}
    )

    def __init__(self, options: AnnotateOptions | None = None) -> None:
        self.options = options

    def setup(self) -> tuple[EntityTagger, LanguageId]:
        options = self.options or AnnotateOptions()
        return ENTITY_TAGGERS[options.entity_tagger](), LANGUAGE_IDS[options.language_id]()

    def load(self) -> None:
        """Load the models now: worker processes forked after this share them instead of each
        loading its own."""
        tagger, language_id = self.setup()
        tagger.load()
        language_id.load()

    def __call__(self, article: Article) -> Article:
        return self.process_batch([article])[0]

    def process_batch(self, articles: Sequence[Article]) -> list[Article]:
        tagger, language_id = self.setup()
        tagged_indexes = [i for i, article in enumerate(articles) if article.language in tagger.languages]
        tagged = tagger.tag([articles[i].text for i in tagged_indexes])
        mentions: dict[int, tuple[EntityMention, ...]] = dict(zip(tagged_indexes, tagged, strict=True))
        return [
            annotate_article(article, entities=mentions.get(i, ()), language_id=language_id, options=self.options)
            for i, article in enumerate(articles)
        ]
