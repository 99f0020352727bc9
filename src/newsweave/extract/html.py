"""HTML pages to articles: trafilatura for the body, :mod:`newsweave.extract.metadata` for the rest.

trafilatura leads the open extractors on published benchmarks; newsweave adds what a comparison
needs around it: metadata with provenance, embedded posts read from their markup, the page's
visible text so removed boilerplate is kept as labelled spans, a second pass of the plain-text
model over trafilatura's text, and a fallback to that model when trafilatura finds no body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsweave.errors import ExtractionError
from newsweave.extract import patterns
from newsweave.extract.embeds import find_embedded_posts
from newsweave.extract.metadata import Dated, dateline, read_metadata
from newsweave.extract.plaintext import BODY, clean_plain_text, label_blocks, split_blocks
from newsweave.limits import DEFAULT_LIMITS
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
        "tr",
        "ul",
    ]
)
# A visible block shorter than this counts as kept only when it is a whole body paragraph:
# short strings ("Home") occur inside body sentences by chance.
MIN_MATCH_CHARS = 40
# A paragraph this long counts as prose even where it ends no sentence (a table row, a CJK full
# stop, a text without punctuation); a body with no prose at all is a page of menus and links.
MIN_PARAGRAPH_CHARS = 80
_SPACES = re.compile(r"[^\S\n]+")
# Private-use characters mark block and table-cell edges while visible_text flattens the tree.
_BLOCK_EDGE = "\ue000"
_CELL_EDGE = "\ue001"
_CELL_TAGS = ("td", "th")
# huge_tree lifts libxml2's default depth limit of 256, past which it drops content silently.
# Comments go at parse time: React pages put "<!-- -->" inside sentences, and trafilatura, given a
# tree that keeps them, drops the text after them (on the AEB benchmark, 8 of 181 pages).
_PARSER = lxml_html.HTMLParser(huge_tree=True, remove_comments=True)
# Limits below this are checked by one XPath in C (libxml2 refuses XPaths nested past 5,000 steps).
MAX_XPATH_DEPTH = 4096
# Characters XML forbids (controls but tab and line ends, two non-characters): lxml keeps them
# in text nodes but refuses them when visible_text writes a node back (a stray \x1f from a CMS
# failed the whole page).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlExtraction:
    text: str
    title: str
    dek: str
    authors: tuple[str, ...]
    authors_from: str
    outlet: str
    url: str
    language: str
    published: Dated | None
    updated: Dated | None
    source_text: str
    removed: tuple[Span, ...]
    posts: tuple[SocialPost, ...]


def extract_html(document: Document, *, max_depth: int = DEFAULT_LIMITS.max_html_depth) -> HtmlExtraction:
    """Extract body, metadata, posts and removed spans from an HTML document.

    Raises:
        ExtractionError: the page cannot be parsed as HTML, nests elements deeper than
            ``max_depth``, has no visible text or no article body.
    """
    tree = _parse(document, max_depth=max_depth)
    embeds = find_embedded_posts(tree)
    meta = read_metadata(tree, url=document.url)
    url = document.url or meta.url
    # fast=True skips trafilatura's readability and jusText fallbacks: on the AEB pages they cost
    # 40% of its time and lowered F1 (0.962 -> 0.960); newsweave's own second pass follows instead.
    # trafilatura works on a copy, so the tree is still whole for visible_text, which consumes it.
    result = trafilatura.bare_extraction(tree, url=url or None, fast=True, include_comments=False, deduplicate=False)
    source_text = visible_text(tree)
    if not source_text.strip():
        raise ExtractionError("extract.no_text", f"{document.uri}: the page has no visible text")
    extracted = str(getattr(result, "text", "") or "")
    title = document.title or meta.title
    dek = meta.description
    authors = document.authors or meta.authors
    chrome = {trailer for _, trailer in embeds if trailer}
    body = _body_text(_after_title(extracted, title), skip={title, dek, *chrome, *authors})
    if not body:
        fallback = clean_plain_text(source_text, known_title=title)
        body, title, dek = fallback.text, title or fallback.title, dek or fallback.dek
    _require_a_paragraph(body, uri=document.uri)
    return HtmlExtraction(
        text=body,
        title=title,
        dek=dek,
        authors=authors,
        authors_from="feed" if document.authors else meta.authors_from,
        # only a name the input or page gives: newsweave.outlets names a page that gives none
        outlet=document.outlet or meta.site_name,
        url=url,
        language=document.language or meta.language,
        published=meta.published or dateline(source_text, updated=False),
        updated=meta.updated or dateline(source_text, updated=True),
        source_text=source_text,
        removed=_removed_spans(source_text, body, title=title, dek=dek),
        posts=tuple(_locate_post(post, body) for post, _ in embeds),
    )


def _parse(document: Document, *, max_depth: int) -> lxml_html.HtmlElement:
    try:
        tree = lxml_html.document_fromstring(_CONTROL_CHARS.sub("", document.content), parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("extract.bad_html", f"{document.uri}: cannot parse HTML ({error})") from None
    _check_depth(tree, max_depth=max_depth, uri=document.uri)
    return tree


def _check_depth(tree: lxml_html.HtmlElement, *, max_depth: int, uri: str) -> None:
    """Refuse a tree nested past ``max_depth``: libxml2 stops near 2,048 levels and drops the rest.

    An XPath of ``max_depth + 1`` child steps asks libxml2, in C, whether any element lies that
    deep; on the AEB pages this costs a third of walking the tree in Python. libxml2 refuses an
    XPath nested past 5,000 steps, so a larger limit is checked by the walk.
    """
    if max_depth < MAX_XPATH_DEPTH:
        too_deep = bool(tree.xpath("boolean(" + "/*" * (max_depth + 1) + ")"))
    else:
        too_deep = _walk_deeper_than(tree, max_depth)
    if too_deep:
        message = f"{uri}: elements are nested over max_html_depth={max_depth} levels deep"
        raise ExtractionError("extract.too_deep", message)


def _walk_deeper_than(tree: lxml_html.HtmlElement, max_depth: int) -> bool:
    depth = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > max_depth:
            return True
    return False


def _require_a_paragraph(text: str, *, uri: str) -> None:
    """Refuse a body with no paragraph that is long or ends a sentence: on a page of menus and
    links, trafilatura keeps the links, and the plain-text model, which keeps every block when it
    finds no prose, keeps them too."""
    blocks = text.split("\n\n")
    if not any(len(block) >= MIN_PARAGRAPH_CHARS or patterns.SENTENCE_END.search(block) for block in blocks):
        message = f"{uri}: no article body: every line of the page's main text is short and ends no sentence"
        raise ExtractionError("extract.no_article", message)


def visible_text(tree: lxml_html.HtmlElement) -> str:
    """The text a reader sees, one block element a line, a table row a line with its cells
    apart by tabs (as a browser copies a table). Consumes ``tree``.

    Hidden elements are removed and block edges marked in place so that lxml flattens the tree in
    C: walking it in Python took a fifth of newsweave's extraction time. Deep trees are safe.
    """
    etree.strip_elements(tree, *_SKIPPED_TAGS, with_tail=False)
    for element in tree.iter(*_BLOCK_TAGS):
        element.text = _BLOCK_EDGE + (element.text or "")
        element.tail = _BLOCK_EDGE + (element.tail or "")
    for element in tree.iter(*_CELL_TAGS):
        element.tail = _CELL_EDGE + (element.tail or "")
    # Line breaks in the source are spaces to a browser; only block edges break lines.
    flat = etree.tostring(tree, method="text", encoding=str)
    lines = (_squash_line(part) for part in flat.split(_BLOCK_EDGE))
    return "\n".join(line for line in lines if line)


def _squash_line(line: str) -> str:
    """One flattened line, white space squashed, its non-empty table cells apart by tabs."""
    if _CELL_EDGE not in line:
        return " ".join(line.split())
    return "\t".join(cell for cell in (" ".join(part.split()) for part in line.split(_CELL_EDGE)) if cell)


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
