"""Embedded social posts in HTML: the platforms' standard embed markup, read into records.

Publishers paste each platform's embed snippet (a ``blockquote`` with a known class), whose
markup gives the post's text, language, author, handle and address. The selectors are data in
:data:`EMBED_CLASSES`; adding a platform is one line.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newsweave.model import SocialPost

__all__ = ["EMBED_CLASSES", "find_embedded_posts"]

# blockquote class -> platform
EMBED_CLASSES: dict[str, str] = {
    "twitter-tweet": "twitter",
    "twitter-video": "twitter",
    "instagram-media": "instagram",
    "tiktok-embed": "tiktok",
    "bluesky-embed": "bluesky",
    "mastodon-embed": "mastodon",
    "text-post-media": "threads",
    "fb-xfbml-parse-ignore": "facebook",
}

# "— Port Alder Harbour (@PortAlderHarbour) October 14, 2025"
_TWEET_TRAILER = re.compile(r"^[—–-]\s*(?P<author>.*?)\s*\(@(?P<handle>\w{1,30})\)")
_WHITESPACE = re.compile(r"\s+")


def find_embedded_posts(tree: lxml_html.HtmlElement) -> tuple[tuple[SocialPost, str], ...]:
    """Posts embedded in ``tree``, each with the embed's attribution line (``""`` if none).

    The attribution line ("— Name (@handle) date") is embed chrome, not post text; the caller
    removes it from the article body and keeps it as a labelled removed span.
    """
    found = []
    for blockquote in tree.iter("blockquote"):
        classes = set((blockquote.get("class") or "").split())
        platform = next((EMBED_CLASSES[name] for name in classes if name in EMBED_CLASSES), "")
        if platform:
            found.append(_read_embed(blockquote, platform))
    return tuple(found)


def _read_embed(blockquote: lxml_html.HtmlElement, platform: str) -> tuple[SocialPost, str]:
    paragraphs = blockquote.findall(".//p")
    body = paragraphs[0] if paragraphs else blockquote
    text = _squash(body.text_content())
    trailer = _squash(blockquote.text_content())[len(text) :].strip() if paragraphs else ""
    match = _TWEET_TRAILER.match(trailer)
    links = tuple(href for href in body.xpath(".//a/@href") if isinstance(href, str))
    post = SocialPost(
        span=None,
        platform=platform,
        text=text,
        handle=f"@{match.group('handle')}" if match else "",
        author=match.group("author") if match else "",
        url=_post_url(blockquote),
        links=links,
        language=(body.get("lang") or "").lower(),
    )
    return post, trailer


def _post_url(blockquote: lxml_html.HtmlElement) -> str:
    for attribute in ("data-instgrm-permalink", "cite"):
        value = blockquote.get(attribute)
        if value:
            return str(value)
    hrefs = [str(href) for href in blockquote.xpath(".//a/@href")]
    status = [href for href in hrefs if "/status/" in href or "/post/" in href or "/p/" in href]
    return status[-1] if status else ""


def _squash(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
