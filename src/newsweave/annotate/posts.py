"""Social posts pasted into the text of a page, found by what they look like and what precedes them.

A scraped page keeps an embedded post only as a paragraph of text. No library recognises that,
so newsweave scores each paragraph on cues of its own (a t.co link, @handles, hashtags, emoji,
first person outside quotes, a language other than the article's, shouting capitals) and on its
context (the paragraph before says someone tweeted or posted). HTML embeds are read from their
markup at extraction; this stage adds the posts markup could not show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsweave.annotate.speech_verbs import POST_CONTEXT, POST_VERBS
from newsweave.model import EntityMention, SocialPost, Span
from newsweave.models.language import LanguageId

__all__ = ["PostOptions", "find_pasted_posts"]

_PARAGRAPH = re.compile(r"[^\n]+")
_SHORT_LINK = re.compile(r"https?://(?:t\.co|bit\.ly|pic\.twitter\.com|instagr\.am|fb\.me)/\S+|pic\.twitter\.com/\S+")
_LINK = re.compile(r"https?://\S+")
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_HASHTAG = re.compile(r"(?<![\w&#])#\w*[^\W\d_]\w*")
_PROSE_HASHTAG = re.compile(r"\b(?:the )?hashtags?\s+#", re.IGNORECASE)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
_QUOTED = re.compile(r"[\"“«][^\"”»]*[\"”»]")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|my|me|we're|our)\b")
_SHOUTING = re.compile(r"\b[A-Z]{3,}(?:\s+[A-Z]{3,}){1,}\b")
_WORD = re.compile(r"[\w’']+")
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'.-]+\s+){0,2}[A-Z][\w’'.-]+\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class PostOptions:
    """Weights of the cues and the score a paragraph needs to be a post.

    Tuned on the seed pages and newsweave's examples: every pasted post there scores 3 or more,
    every story paragraph 1.5 or less.
    """

    min_score: float = 2.5
    max_chars: int = 600

    def __post_init__(self) -> None:
        if self.min_score <= 0 or self.max_chars <= 0:
            raise ValueError(f"PostOptions needs positive values, got {self.min_score=} {self.max_chars=}")


def find_pasted_posts(
    text: str,
    *,
    language: str,
    entities: tuple[EntityMention, ...],
    taken: tuple[Span, ...],
    language_id: LanguageId,
    options: PostOptions | None = None,
) -> tuple[SocialPost, ...]:
    """Paragraphs of ``text`` that are pasted posts, skipping those ``taken`` by embeds."""
    options = options or PostOptions()
    posts = []
    previous = ""
    previous_start = 0
    for paragraph in _PARAGRAPH.finditer(text):
        span = Span(start=paragraph.start(), end=paragraph.end(), label="post")
        body = paragraph.group()
        free = not any(span.overlaps(other) for other in taken)
        if free and len(body) <= options.max_chars:
            post_language = language_id(body)
            platform = _context_platform(previous)
            score = _own_score(body, post_language, language) + (1.5 if platform else 0.0)
            if score >= options.min_score:
                author, handle = _context_author(previous, previous_start, entities)
                posts.append(
                    SocialPost(
                        span=span,
                        platform=platform or ("twitter" if _SHORT_LINK.search(body) else "unknown"),
                        text=body,
                        handle=handle,
                        author=author,
                        links=tuple(_LINK.findall(body)),
                        language=post_language,
                    )
                )
        previous, previous_start = body, paragraph.start()
    return tuple(posts)


def _own_score(body: str, post_language: str, article_language: str) -> float:
    unquoted = _QUOTED.sub(" ", body)
    hashtags = [m for m in _HASHTAG.finditer(body) if not _PROSE_HASHTAG.search(body[: m.start() + 1])]
    cues = (
        (2.0, bool(_SHORT_LINK.search(body))),
        (2.0, bool(_EMOJI.search(body))),
        (2.0, bool(post_language and article_language and post_language != article_language)),
        (1.5, bool(_FIRST_PERSON.search(unquoted))),
        (1.0, bool(_HANDLE.search(body))),
        (1.0, bool(hashtags)),
        (1.0, bool(_SHOUTING.search(body))),
    )
    return sum(weight for weight, present in cues if present)


def _context_platform(previous: str) -> str:
    words = [_POSSESSIVE.sub("", word.lower()) for word in _WORD.findall(previous)]
    has_post_verb = any(word in POST_VERBS for word in words)
    for word in words:
        platform = POST_CONTEXT.get(word)
        if platform and (word != "x" or has_post_verb):
            return platform
    return "social" if has_post_verb else ""


def _context_author(previous: str, offset: int, entities: tuple[EntityMention, ...]) -> tuple[str, str]:
    """Who posted, from the paragraph before: its @handle, and the name before the posting verb."""
    handles = _HANDLE.findall(previous)
    handle = handles[-1] if handles else ""
    # The last posting verb: "Residents shared photos. One of them, Ana, wrote on Facebook:"
    verb = max((m.start() for m in _WORD.finditer(previous) if m.group().lower() in POST_VERBS), default=-1)
    if verb < 0:
        return "", handle
    actors = [e for e in _entities_within(entities, offset, offset + verb) if e.label in {"PERSON", "ORG"}]
    if actors:
        return previous[actors[-1].span.start - offset : actors[-1].span.end - offset], handle
    named = _NAME_BEFORE.search(previous[:verb])
    return (named.group().strip() if named else ""), handle


def _entities_within(entities: tuple[EntityMention, ...], start: int, end: int) -> Iterator[EntityMention]:
    return (e for e in entities if start <= e.span.start and e.span.end <= end)
