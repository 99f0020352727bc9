"""HTML pages to articles: trafilatura for the body and metadata, htmldate for dates.

trafilatura leads the open extractors on published benchmarks; newsweave adds what a comparison
needs around it: embedded posts read from their markup, the page's visible text so removed
boilerplate is kept as labelled spans, and a fallback to the plain-text model when trafilatura
finds no body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlparse

import htmldate
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsweave.errors import ExtractionError
from newsweave.extract.embeds import find_embedded_posts
from newsweave.extract.plaintext import BODY, clean_plain_text, label_blocks, split_blocks
from newsweave.model import Document, SocialPost, Span

__all__ = ["HtmlExtraction", "extract_html", "visible_text"]

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "button", "select"})
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
# A visible block shorter than this counts as kept only when it is a whole body paragraph:
# short strings ("Home") occur inside body sentences by chance.
MIN_MATCH_CHARS = 40
_SPACES = re.compile(r"[^\S\n]+")
# huge_tree lifts libxml2's default depth limit of 256, past which it drops content silently.
# Comments go at parse time: React pages put "<!-- -->" inside sentences, and trafilatura, given a
# tree that keeps them, drops the text after them (on the AEB benchmark, 8 of 181 pages).
_PARSER = lxml_html.HTMLParser(huge_tree=True, remove_comments=True)
_ALL_SPACE = re.compile(r"\s+")
_NOT_AUTHORS = re.compile(r"(?i)^(?:email the author|staff|admin|editor|\d[\d:/.\- ]*)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlExtraction:
    text: str
    title: str
    dek: str
    authors: tuple[str, ...]
    outlet: str
    url: str
    language: str
    published: datetime | None
    updated: datetime | None
    source_text: str
    removed: tuple[Span, ...]
    posts: tuple[SocialPost, ...]


def extract_html(document: Document) -> HtmlExtraction:
    """Extract body, metadata, posts and removed spans from an HTML document.

    Raises:
        ExtractionError: the page cannot be parsed as HTML or has no visible text.
    """
    tree = _parse(document)
    embeds = find_embedded_posts(tree)
    source_text = visible_text(tree)
    if not source_text.strip():
        raise ExtractionError("extract.no_text", f"{document.uri}: the page has no visible text")
    published, updated = _find_dates(tree)
    language = (tree.get("lang") or "").split("-")[0].lower()
    result = trafilatura.bare_extraction(
        tree, url=document.url or None, with_metadata=True, include_comments=False, deduplicate=False
    )
    meta = result if isinstance(result, dict) else result.as_dict() if result is not None else {}
    title = document.title or str(meta.get("title") or "")
    dek = str(meta.get("description") or "")
    authors = document.authors or _authors(str(meta.get("author") or ""), outlet=str(meta.get("sitename") or ""))
    chrome = {trailer for _, trailer in embeds if trailer}
    body = _body_text(_after_title(str(meta.get("text") or ""), title), skip={title, dek, *chrome, *authors})
    if not body:
        fallback = clean_plain_text(source_text, known_title=title)
        body, title, dek = fallback.text, title or fallback.title, dek or fallback.dek
    url = document.url or str(meta.get("url") or "")
    return HtmlExtraction(
        text=body,
        title=title,
        dek=dek,
        authors=authors,
        outlet=document.outlet or str(meta.get("sitename") or "") or urlparse(url).hostname or "",
        url=url,
        language=document.language or language,
        published=document.published or published,
        updated=updated,
        source_text=source_text,
        removed=_removed_spans(source_text, body, title=title, dek=dek),
        posts=tuple(_locate_post(post, body) for post, _ in embeds),
    )


def _parse(document: Document) -> lxml_html.HtmlElement:
    try:
        tree = lxml_html.document_fromstring(document.content, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("extract.bad_html", f"{document.uri}: cannot parse HTML ({error})") from None
    return tree


def visible_text(tree: lxml_html.HtmlElement) -> str:
    """The text a reader sees, one block element a line (iterative: deep trees are safe)."""
    parts: list[str] = []
    skipping = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED_TAGS or not tag:
                skipping += 1
            elif not skipping:
                parts.append("\n" if tag in _BLOCK_TAGS else "")
                parts.append(_inline(element.text))
            continue
        if tag in _SKIPPED_TAGS or not tag:
            skipping -= 1
        elif not skipping and tag in _BLOCK_TAGS:
            parts.append("\n")
        if not skipping:
            parts.append(_inline(element.tail))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _inline(text: str | None) -> str:
    """A text node as a browser lays it out: line breaks in the source are spaces."""
    return _ALL_SPACE.sub(" ", text) if text else ""


def _find_dates(tree: lxml_html.HtmlElement) -> tuple[datetime | None, datetime | None]:
    published = _parse_date(
        htmldate.find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z")
    )
    updated = _parse_date(
        htmldate.find_date(tree, extensive_search=False, original_date=False, outputformat="%Y-%m-%dT%H:%M:%S%z")
    )
    return published, (updated if updated != published else None)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _body_text(text: str, *, skip: set[str]) -> str:
    """trafilatura's text, less the title, dek, bylines and embed chrome it kept, and less the
    lines newsweave's plain-text model calls furniture (a second pass over what trafilatura kept)."""
    blocks = split_blocks(text)
    labels, _ = label_blocks(blocks)
    kept = (
        block.text
        for block, label in zip(blocks, labels, strict=True)
        if (label == BODY or _is_table_row(block.text)) and block.text.rstrip(" ·|-–,") not in skip
    )
    return "\n\n".join(kept)


def _is_table_row(line: str) -> bool:
    """trafilatura writes the rows of a table it kept as ``| a | b |``: body, not a menu."""
    return len(line) > 2 and line.startswith("|") and line.endswith("|")


def _after_title(text: str, title: str) -> str:
    """trafilatura's text from the headline on: lines above it are a kicker or section label."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    return "\n".join(lines[stripped.index(title) :]) if title and title in stripped else text


def _authors(raw: str, *, outlet: str) -> tuple[str, ...]:
    names = (name.strip() for name in re.split(r";|\band\b", raw))
    return tuple(name for name in names if name and name != outlet and not _NOT_AUTHORS.match(name))


def _removed_spans(source_text: str, body: str, *, title: str, dek: str) -> tuple[Span, ...]:
    blocks = split_blocks(source_text)
    labels, _ = label_blocks(blocks)
    body_lines = set(body.split("\n\n"))
    squashed_body = _SPACES.sub(" ", body.replace("\n", " "))
    removed = []
    for block, label in zip(blocks, labels, strict=True):
        if block.text in body_lines or (len(block.text) >= MIN_MATCH_CHARS and block.text in squashed_body):
            continue
        if block.text == title:
            label = "title"
        elif block.text == dek:
            label = "dek"
        removed.append(Span(start=block.start, end=block.end, label=label or "boilerplate"))
    return tuple(removed)


def _locate_post(post: SocialPost, body: str) -> SocialPost:
    start = body.find(post.text) if post.text else -1
    if start < 0:
        return post
    return replace(post, span=Span(start=start, end=start + len(post.text), label="post"))
