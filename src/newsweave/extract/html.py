"""HTML pages to articles: trafilatura for the body, :mod:`newsweave.extract.metadata` for the rest.

trafilatura leads the open extractors on published benchmarks; newsweave adds what a comparison
needs around it: metadata with provenance, embedded posts read from their markup, the page's
visible text so removed boilerplate is kept as labelled spans, a second pass of the plain-text
model over trafilatura's text, and a fallback to that model when trafilatura finds no body.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, replace

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsweave.errors import ExtractionError
from newsweave.extract import patterns
from newsweave.extract.embeds import find_embedded_posts
from newsweave.extract.metadata import Dated, dateline, read_metadata
from newsweave.extract.plaintext import (
    BODY,
    LINE_LABELS,
    Block,
    clean_plain_text,
    is_byline,
    is_prose,
    label_blocks,
    split_blocks,
)
from newsweave.limits import DEFAULT_LIMITS
from newsweave.model import Document, SocialPost, Span

__all__ = ["RULES", "HtmlExtraction", "extract_html", "parse_html", "visible_text"]

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
# stop, a text without punctuation); a body with no prose at all is a page of menus and links
# when at least this share of its lines are the page's link texts.
MIN_PARAGRAPH_CHARS = 80
MIN_LINK_LINE_SHARE = 0.5
# trafilatura's fast pass keeping less than this (after the second pass) missed the article. Of
# 250, 500 and 1,000 tried on trafilatura's dev pages, 1,000 also took a worse body on one AEB page.
MIN_FAST_BODY_CHARS = 500
# Prose above the headline that is the article's opening, not a stray teaser (the plain-text
# model's MIN_BESIDE_PROSE_CHARS: a run of prose that joins the article).
MIN_PROSE_ABOVE_TITLE = 300
# A noscript with more text than this is no "enable JavaScript" notice: its tag was left open and
# libxml2 put the rest of the page inside it; it is unwrapped, not removed.
MAX_NOSCRIPT_CHARS = 1000
# A box of other stories: this many story cards in a row, a card's headline and its summary each
# this many words or more.
MIN_TEASER_ITEMS = 3
MIN_TEASER_WORDS = 4
_WEB_ADDRESS = re.compile(r"https?://|www\.")
# What newsweave does to trafilatura's text, by name: the lines its second pass removes (above
# the headline, the headline, the description where a byline follows it, an author's name, an
# embed's trailer, story cards, and the plain-text model's labels), and the rerun with
# trafilatura's fallbacks, which adds text. bench/extract_eval.py
# switches each off in turn (extract_html's skip_rules) to weigh it: docs/benchmarks.md.
RULES = ("above_title", "title", "dek", "author_name", "embed_trailer", "teaser", *LINE_LABELS, "full_rerun")
_SPACES = re.compile(r"[^\S\n]+")
# Private-use characters mark block and table-cell edges while visible_text flattens the tree.
_BLOCK_EDGE = "\ue000"
_CELL_EDGE = "\ue001"
_CELL_TAGS = ("td", "th")
# visible_text's flattening: hidden elements give nothing, block elements their text between
# _BLOCK_EDGE marks, table cells theirs before a _CELL_EDGE mark, the rest their text.
_VISIBLE_TEXT_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="{"|".join(sorted(_SKIPPED_TAGS - {"noscript"}))}"/>
<xsl:template match="noscript[string-length(.) &lt;= {MAX_NOSCRIPT_CHARS}]"/>
<xsl:template match="{"|".join(sorted(_BLOCK_TAGS))}">{_BLOCK_EDGE}<xsl:apply-templates/>{_BLOCK_EDGE}</xsl:template>
<xsl:template match="{"|".join(_CELL_TAGS)}"><xsl:apply-templates/>{_CELL_EDGE}</xsl:template>
</xsl:stylesheet>"""
_THREAD_LOCAL = threading.local()
# huge_tree lifts libxml2's default depth limit of 256, past which it drops content silently.
# Comments go at parse time: React pages put "<!-- -->" inside sentences, and trafilatura, given a
# tree that keeps them, drops the text after them (on the AEB benchmark, 8 of 181 pages).
_PARSER = lxml_html.HTMLParser(huge_tree=True, remove_comments=True)
# Limits below this are checked by one XPath in C (libxml2 refuses XPaths nested past 5,000 steps).
MAX_XPATH_DEPTH = 4096
# Characters XML forbids (controls but tab and line ends, two non-characters): lxml keeps them
# in text nodes but refuses them when a node's text is written back, as trafilatura and
# visible_text's in-place walk do (a stray \x1f from a CMS failed the whole page).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Each looked for alone first: 33 substring searches take a third of the time of one pass of the class.
_CONTROL_CHAR_LIST = tuple(chr(code) for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF])
# An XHTML page's XML declaration: lxml refuses a decoded page that keeps one ("Unicode strings
# with encoding declaration are not supported"), and the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


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


def extract_html(
    document: Document, *, max_depth: int = DEFAULT_LIMITS.max_html_depth, skip_rules: frozenset[str] = frozenset()
) -> HtmlExtraction:
    """Extract body, metadata, posts and removed spans from an HTML document.

    ``skip_rules`` names rules of :data:`RULES` to leave out: the benchmark weighs each rule so
    (docs/benchmarks.md); the pipeline runs them all.

    Raises:
        ExtractionError: the page cannot be parsed as HTML, nests elements deeper than
            ``max_depth``, has no visible text or no article body.
    """
    tree = _parse(document, max_depth=max_depth)
    embeds = find_embedded_posts(tree)
    meta = read_metadata(tree, url=document.url)
    url = document.url or meta.url
    title = document.title or meta.title
    authors = document.authors or meta.authors
    skip = _lines_to_skip(title=title, trailers=[trailer for _, trailer in embeds if trailer], authors=authors)
    body = _trafilatura_body(tree, url=url, title=title, skip=skip, skip_rules=skip_rules)
    # the page's link texts are read only where the body may be a menu, before visible_text consumes the tree
    links = frozenset() if _has_paragraph(body) else _link_texts(tree)
    source_text = visible_text(tree)
    if not source_text.strip():
        raise ExtractionError("extract.no_text", f"{document.uri}: the page has no visible text")
    body, title, dek = _settle_header(
        body, source_text, title=title, dek=meta.description, authors=authors, skip_rules=skip_rules
    )
    _require_an_article(body, links, uri=document.uri)
    # in NFC, as trafilatura writes its own output (see _nfc); the page is left as it is: checking
    # the whole page took a fiftieth of the extraction time, its text a tenth of that
    body, title, dek, source_text = (_nfc(text) for text in (body, title, dek, source_text))
    authors = tuple(_nfc(author) for author in authors)
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
        published=meta.published or dateline(source_text, updated=False, headline=title),
        updated=meta.updated or dateline(source_text, updated=True, headline=title),
        source_text=source_text,
        removed=_removed_spans(source_text, body, title=title, dek=dek),
        posts=tuple(_locate_post(post, body) for post, _ in embeds),
    )


def _settle_header(
    body: str, source_text: str, *, title: str, dek: str, authors: tuple[str, ...], skip_rules: frozenset[str]
) -> tuple[str, str, str]:
    """Body, title and dek: the plain-text model's where trafilatura found no body; else the
    description taken out of the body where the page shows it as its dek (_stands_as_dek).

    A description that is still a paragraph of the body is no dek: sites copy the lede into
    og:description, and as a dek it would print, and weigh, the lede twice.
    """
    if not body:
        fallback = clean_plain_text(source_text, known_title=title)
        body, title, dek = fallback.text, title or fallback.title, dek or fallback.dek
    elif dek and "dek" not in skip_rules and _stands_as_dek(dek, source_text, authors):
        paragraphs = body.split("\n\n")
        squashed = [" ".join(paragraph.split()) for paragraph in paragraphs]
        if " ".join(dek.split()) in squashed:
            del paragraphs[squashed.index(" ".join(dek.split()))]
            body = "\n\n".join(paragraphs)
    return body, title, "" if dek in body.split("\n\n") else dek


def _stands_as_dek(dek: str, source_text: str, authors: tuple[str, ...]) -> bool:
    """Whether the page shows its description as a dek: a byline or an author's name follows it in
    the visible text (a header's order: title, dek, byline; trafilatura often drops the byline).
    Elsewhere the description is the story's first paragraph, which sites copy into
    og:description: on the AEB pages, removing every such copy lost the lede of 16 pages, on the
    trafilatura evaluation pages 31 expected strings. A date line after it marks no dek: on the
    trafilatura pages those were summaries the page counts as its text."""
    lines = source_text.split("\n")
    dek = " ".join(dek.split())
    if dek not in lines or lines.index(dek) + 1 == len(lines):
        return False
    following = lines[lines.index(dek) + 1]
    credited = patterns.BY_PREFIX.sub("", following)  # "By Mara Lind · Oct. 14, 2025"
    return is_byline(following) or any(credited.startswith(author) for author in authors)


def _trafilatura_body(
    tree: lxml_html.HtmlElement, *, url: str, title: str, skip: dict[str, str], skip_rules: frozenset[str]
) -> str:
    """trafilatura's body after newsweave's second pass; trafilatura runs again with its fallbacks
    where its fast pass found no body worth the name.

    fast=True skips trafilatura's readability and jusText fallbacks: on the AEB pages they cost
    40% of its time and lowered F1 (0.962 -> 0.960). Where the fast pass keeps under
    MIN_FAST_BODY_CHARS or no paragraph, its main extractor missed the article (a page of teasers
    and promotions, a body in a layout it does not know) and the fallbacks find it: on the
    trafilatura evaluation pages this gave back most of the recall that fast=True loses, at the
    cost of a second run on one page in twenty.
    """
    fast = _second_pass(
        _trafilatura_text(tree, url=url, fast=True), tree, title=title, skip=skip, skip_rules=skip_rules
    )
    if "full_rerun" in skip_rules or (len(fast) >= MIN_FAST_BODY_CHARS and _has_paragraph(fast)):
        return fast
    full = _second_pass(
        _trafilatura_text(tree, url=url, fast=False), tree, title=title, skip=skip, skip_rules=skip_rules
    )
    # a body with a paragraph beats one without (a menu), then the longer one wins
    return max(fast, full, key=lambda body: (_has_paragraph(body), len(body)))


def _trafilatura_text(tree: lxml_html.HtmlElement, *, url: str, fast: bool) -> str:
    # trafilatura works on a copy, so the tree is still whole for visible_text, which consumes it.
    result = trafilatura.bare_extraction(tree, url=url or None, fast=fast, include_comments=False, deduplicate=False)
    return str(getattr(result, "text", "") or "")


def _second_pass(
    text: str, tree: lxml_html.HtmlElement, *, title: str, skip: dict[str, str], skip_rules: frozenset[str]
) -> str:
    after_title = text if "above_title" in skip_rules else _after_title(text, title)
    return _body_text(after_title, tree, skip=skip, skip_rules=skip_rules)


def _parse(document: Document, *, max_depth: int) -> lxml_html.HtmlElement:
    try:
        tree = parse_html(document.content)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("extract.bad_html", f"{document.uri}: cannot parse HTML ({error})") from None
    _check_depth(tree, max_depth=max_depth, uri=document.uri)
    return tree


def parse_html(content: str) -> lxml_html.HtmlElement:
    """``content`` parsed as newsweave parses a page: less the characters XML forbids and an XML
    declaration.

    Raises:
        etree.ParserError, ValueError: lxml cannot parse it.
    """
    if any(char in content for char in _CONTROL_CHAR_LIST):
        content = _CONTROL_CHARS.sub("", content)
    content = _XML_DECLARATION.sub("", content, count=1)
    return lxml_html.document_fromstring(content, parser=_PARSER)


def _nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as trafilatura writes its own output: a page that
    spells a letter decomposed (a Bengali letter in two code points) never matches a copy of its
    text otherwise."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


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


def _has_paragraph(text: str) -> bool:
    """Whether a paragraph of ``text`` is long or ends a sentence."""
    blocks = text.split("\n\n")
    return any(len(block) >= MIN_PARAGRAPH_CHARS or patterns.SENTENCE_END.search(block) for block in blocks)


def _require_an_article(text: str, links: frozenset[str], *, uri: str) -> None:
    """Refuse a body with no paragraph that is long or ends a sentence where most of its lines are
    the page's links: on a page of menus, trafilatura keeps the links, and the plain-text model,
    which keeps every block when it finds no prose, keeps them too. Short lines that link nowhere
    (a poem, song lyrics, a dialogue) are the page's text: on the trafilatura evaluation pages
    the rule without that check lost two such pages and no menu."""
    if _has_paragraph(text):
        return
    lines = text.split("\n\n")
    if sum(line in links for line in lines) >= MIN_LINK_LINE_SHARE * len(lines):
        message = f"{uri}: no article body: the page's main text is a list of its links"
        raise ExtractionError("extract.no_article", message)


def _link_texts(tree: lxml_html.HtmlElement) -> frozenset[str]:
    """The text of every link of the page, white space squashed."""
    return frozenset(" ".join(link.text_content().split()) for link in tree.iter("a"))


def visible_text(tree: lxml_html.HtmlElement) -> str:
    """The text a reader sees, one block element a line, a table row a line with its cells
    apart by tabs (as a browser copies a table). May consume ``tree``.

    An XSLT transform flattens the tree in C, block edges marked (walking the tree in Python took
    a fifth of newsweave's extraction time, marking the edges in place a twentieth); a tree too
    deep for libxslt's template recursion is marked in place instead, with the same result.
    """
    try:
        flat = str(_visible_text_transform()(tree))
    except etree.XSLTApplyError:
        flat = _flatten_in_place(tree)
    # Line breaks in the source are spaces to a browser; only block edges break lines.
    lines = (_squash_line(part) for part in flat.split(_BLOCK_EDGE))
    return "\n".join(line for line in lines if line)


def _visible_text_transform() -> etree.XSLT:
    """The XSLT of visible_text, one per thread (an XSLT object runs in one thread at a time)."""
    transform: etree.XSLT | None = getattr(_THREAD_LOCAL, "transform", None)
    if transform is None:
        transform = _THREAD_LOCAL.transform = etree.XSLT(etree.XML(_VISIBLE_TEXT_XSLT))
    return transform


def _flatten_in_place(tree: lxml_html.HtmlElement) -> str:
    """visible_text's flat text with its edge marks, made by editing ``tree`` (no depth limit)."""
    noscripts = [element for element in tree.iter("noscript") if len(element.text_content()) > MAX_NOSCRIPT_CHARS]
    for element in noscripts:
        element.drop_tag()
    etree.strip_elements(tree, *_SKIPPED_TAGS, with_tail=False)
    for element in tree.iter(*_BLOCK_TAGS):
        element.text = _BLOCK_EDGE + (element.text or "")
        element.tail = _BLOCK_EDGE + (element.tail or "")
    for element in tree.iter(*_CELL_TAGS):
        element.tail = _CELL_EDGE + (element.tail or "")
    return etree.tostring(tree, method="text", encoding=str)


def _squash_line(line: str) -> str:
    """One flattened line, white space squashed, its non-empty table cells apart by tabs."""
    if _CELL_EDGE not in line:
        return " ".join(line.split())
    return "\t".join(cell for cell in (" ".join(part.split()) for part in line.split(_CELL_EDGE)) if cell)


def _lines_to_skip(*, title: str, trailers: list[str], authors: tuple[str, ...]) -> dict[str, str]:
    """The lines the second pass removes by equality, each with its rule's name: the headline (the
    title field holds it), an author's name alone (the byline), an embed's trailer ("— Name
    (@handle) date", chrome of a post kept apart)."""
    named = [("author_name", author) for author in authors] + [("embed_trailer", trailer) for trailer in trailers]
    return {line: rule for rule, line in [*named, ("title", title)] if line}


def _body_text(text: str, tree: lxml_html.HtmlElement, *, skip: dict[str, str], skip_rules: frozenset[str]) -> str:
    """trafilatura's text, less the title, bylines, embed chrome and teasers of other stories it
    kept, and less the lines newsweave's plain-text model calls furniture (a second pass over what
    trafilatura kept)."""
    blocks = split_blocks(text)
    labels, _ = label_blocks(blocks)
    teasers = set() if "teaser" in skip_rules else _teaser_items(blocks, tree)
    kept = (
        block.text
        for index, (block, label) in enumerate(zip(blocks, labels, strict=True))
        if (label == BODY or label in skip_rules or _is_table_row(block.text))
        and skip.get(block.text.rstrip(" ·|-–,"), "") in {"", *skip_rules}
        and index not in teasers
    )
    return "\n\n".join(kept)


def _teaser_items(blocks: list[Block], tree: lxml_html.HtmlElement) -> set[int]:
    """The list items of a box of other stories: MIN_TEASER_ITEMS or more story cards in a row.

    trafilatura writes a list item as "- text"; a story card is a link's headline and then a
    summary that is no link ("- Gronk, Serena perform with Laker Girls Gronk may have found his
    true calling"). An item of the article's own list seldom opens with a headline link; a list
    the article is made of (a roundup of links with their sources, products, titles) has items
    that are links whole or end in a web address, and stays.
    """
    items = [index for index, block in enumerate(blocks) if block.text.startswith("- ")]
    if len(items) < MIN_TEASER_ITEMS:
        return set()
    links = _link_texts(tree)
    cards = [index for index in items if _is_story_card(blocks[index].text[2:], links)]
    runs: list[list[int]] = []
    for index in cards:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return {index for run in runs if len(run) >= MIN_TEASER_ITEMS for index in run}


def _is_story_card(item: str, links: frozenset[str]) -> bool:
    """A link's headline of MIN_TEASER_WORDS words or more, then a summary of as many that holds
    no web address."""
    words = item.split()
    return any(
        " ".join(words[:n]) in links and not _WEB_ADDRESS.search(" ".join(words[n:]))
        for n in range(MIN_TEASER_WORDS, len(words) - MIN_TEASER_WORDS + 1)
    )


def _is_table_row(line: str) -> bool:
    """trafilatura writes the rows of a table it kept as ``| a | b |``: body, not a menu."""
    return len(line) > 2 and line.startswith("|") and line.endswith("|")


def _after_title(text: str, title: str) -> str:
    """trafilatura's text from the headline on: lines above it are a kicker, a section label, a
    date line, a breadcrumb or a stray teaser. Where they hold MIN_PROSE_ABOVE_TITLE characters of
    prose they are the article's opening (a recipe's or a press release's summary above a box
    that repeats the headline) and are kept: on the trafilatura evaluation pages the rule cut
    such openings from 4 pages, on the AEB pages it never met one."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    if not title or title not in stripped:
        return text
    above = stripped[: stripped.index(title)]
    if sum(len(line) for line in above if is_prose(line)) >= MIN_PROSE_ABOVE_TITLE:
        return text
    return "\n".join(lines[stripped.index(title) :])


def _removed_spans(source_text: str, body: str, *, title: str, dek: str) -> tuple[Span, ...]:
    """The visible blocks the body does not hold, each labelled by the plain-text model (title, dek,
    else boilerplate where it names nothing). Only these blocks are labelled: labelling every
    line of the page took a tenth of newsweave's extraction time."""
    body_lines = set(body.split("\n\n"))
    squashed_body = _SPACES.sub(" ", body.replace("\n", " "))
    removed = [
        block
        for block in split_blocks(source_text)
        if block.text not in body_lines and (len(block.text) < MIN_MATCH_CHARS or block.text not in squashed_body)
    ]
    labels, _ = label_blocks(removed)
    special = {dek: "dek", title: "title"} if dek else {title: "title"}
    return tuple(
        Span(start=block.start, end=block.end, label=special.get(block.text) or label or "boilerplate")
        for block, label in zip(removed, labels, strict=True)
    )


def _locate_post(post: SocialPost, body: str) -> SocialPost:
    post = replace(post, text=_nfc(post.text))  # the body is in NFC
    start = body.find(post.text) if post.text else -1
    if start < 0:
        return post
    return replace(post, span=Span(start=start, end=start + len(post.text), label="post"))
