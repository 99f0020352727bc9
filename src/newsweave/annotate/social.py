"""Hashtags, @mentions and links in article text."""

from __future__ import annotations

import re

from newsweave.model import Span

__all__ = ["find_hashtags", "find_links", "find_mentions"]

_HASHTAG = re.compile(r"(?<![\w&#/])#(?=\w*[^\W\d_])\w{1,100}")
_MENTION = re.compile(r"(?<![\w@.])@\w{1,30}")
_LINK = re.compile(r"\bhttps?://[^\s<>\"'“”]+[^\s<>\"'“”.,;:!?)\]]")


def find_hashtags(text: str) -> tuple[Span, ...]:
    return _spans(_HASHTAG, text, "hashtag")


def find_mentions(text: str) -> tuple[Span, ...]:
    return _spans(_MENTION, text, "mention")


def find_links(text: str) -> tuple[Span, ...]:
    return _spans(_LINK, text, "link")


def _spans(pattern: re.Pattern[str], text: str, label: str) -> tuple[Span, ...]:
    return tuple(Span(start=match.start(), end=match.end(), label=label) for match in pattern.finditer(text))
