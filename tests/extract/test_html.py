"""HTML extraction: body, metadata, embedded posts, removed boilerplate, and the plain-text path."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from lxml import html as lxml_html
from tests.fakes import FakeLanguageId

from newsweave.errors import ExtractionError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.extract.embeds import find_embedded_posts
from newsweave.extract.html import extract_html, visible_text
from newsweave.model import Article, Document, MediaType
from newsweave.outlets import source_name
from newsweave.sources.decode import content_id

PARAGRAPHS = [
    "The ferry company halted all sailings to Oskel Island on Tuesday morning, "
    "citing waves of up to six metres at the harbour mouth.",
    "About four hundred islanders were left without a link to the mainland, "
    "according to the harbour office in Port Veldt.",
    "Engineers will inspect the damaged ramp at Oskel before the first crossing, "
    "and the company hopes to add an extra sailing on Friday.",
    "Shop owner Petra Holm said bread deliveries to the island had already been cut "
    "to a single van each day this week.",
]
POST_TEXT = "El puerto de Oskel sigue cerrado por el temporal #TemporalOskel https://t.co/AbCdEf123"
TRAILER = "— Puerto de Oskel (@PuertoOskel) March 12, 2024"
CAPTION = "Waves broke over the harbour wall in Port Veldt on Monday evening."
NAV = ["Home", "Regional News", "Weather Desk"]
FOOTER = "© 2024 Fjord Post Media. All rights reserved."

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<title>Storm closes Oskel ferry route | Fjord Post</title>
<meta name="description" content="Crews in Port Veldt expect the crossing to reopen by Thursday.">
<meta property="og:site_name" content="Fjord Post">
<meta property="og:title" content="Storm closes Oskel ferry route">
<meta property="article:published_time" content="2024-03-12T08:15:00+01:00">
<meta name="author" content="Mara Lind">
</head>
<body>
<nav><ul>{"".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAV))}</ul></nav>
<article>
<h1>Storm closes Oskel ferry route</h1>
<figure><img src="quay.jpg" alt="Flooded quay"><figcaption>{CAPTION}</figcaption></figure>
{"".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)}
<blockquote class="twitter-tweet"><p lang="es" dir="ltr">El puerto de Oskel sigue cerrado por el temporal \
<a href="https://twitter.com/hashtag/TemporalOskel">#TemporalOskel</a> \
<a href="https://t.co/AbCdEf123">https://t.co/AbCdEf123</a></p>&mdash; Puerto de Oskel (@PuertoOskel) \
<a href="https://twitter.com/PuertoOskel/status/123">March 12, 2024</a></blockquote>
</article>
<footer><p>{FOOTER}</p></footer>
</body>
</html>
"""


_english = FakeLanguageId(lambda text: "en")


def _document(content: str, media_type: MediaType = MediaType.HTML, **fields: object) -> Document:
    return Document(id=content_id(content), uri="page", media_type=media_type, content=content, **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def article() -> Article:
    return extract_article(_document(PAGE), language_id=_english)


def _removed(article: Article) -> list[str]:
    return [article.removed_text(span) for span in article.removed]


# --- metadata ------------------------------------------------------------------------------------


def test_extract_article_reads_metadata_from_markup(article: Article) -> None:
    assert article.title == "Storm closes Oskel ferry route"
    assert article.dek == "Crews in Port Veldt expect the crossing to reopen by Thursday."
    assert article.outlet == "Fjord Post"
    assert article.authors == ("Mara Lind",)
    assert article.language == "en"
    assert article.published is not None
    assert article.published.tzinfo is not None
    assert article.published.date() == date(2024, 3, 12)
    assert article.published_from == "markup"


def test_extract_article_document_metadata_wins(article: Article) -> None:
    document = _document(PAGE, title="Ferry halted", outlet="Oskel Gazette", authors=("Ola Berg",), language="nb")

    result = extract_article(document, language_id=_english)

    assert result.title == "Ferry halted"
    assert result.outlet == "Oskel Gazette"
    assert result.authors == ("Ola Berg",)
    assert result.language == "nb"


def _page(head: str) -> str:
    """A bare article page with ``head`` in its head: no title line, byline or site name but what ``head`` says."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body><article>{body}</article></body></html>"


_PUBLISHER = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "NewsArticle", "headline": "Ferry halted", "publisher": {"@id": "#org"}},'
    '{"@type": "NewsMediaOrganization", "@id": "#org", "name": "Oskel Gazette"}]}</script>'
)


@pytest.mark.parametrize(
    ("head", "url", "uri", "outlet", "name"),
    [
        ('<meta property="og:site_name" content="Fjord Post">', "https://www.fjordpost.co.uk/a", "p", "Fjord Post", ""),
        (_PUBLISHER, "https://www.oskel.example/a", "page", "Oskel Gazette", ""),
        ('<meta property="og:site_name" content="Fjord Post">' + _PUBLISHER, "", "page", "Fjord Post", ""),
        ("", "https://www.fjordpost.co.uk/news/ferry", "page", "", "fjordpost.co.uk"),
        ('<link rel="canonical" href="https://www.fjordpost.co.uk/news/ferry">', "", "page", "", "fjordpost.co.uk"),
        ("", "", "in/fjord-post.html", "", "fjord-post"),
    ],
)
def test_extract_article_outlet_is_what_the_page_says_and_the_source_name_falls_back(
    head: str, url: str, uri: str, outlet: str, name: str
) -> None:
    """og:site_name, then the JSON-LD publisher; a page that names itself nowhere has no outlet,
    and reports name it by its registered domain, else by its file."""
    content = _page(head)
    document = Document(id=content_id(content), uri=uri, media_type=MediaType.HTML, content=content, url=url)

    article = extract_article(document, language_id=_english)

    assert article.outlet == outlet
    assert source_name(article) == (name or outlet)


def test_extract_article_plain_text_without_outlet_is_named_by_its_file_stem() -> None:
    content = "\n\n".join(PARAGRAPHS)
    document = Document(
        id=content_id(content), uri="in/coastline-daily.txt", media_type=MediaType.TEXT, content=content
    )

    article = extract_article(document, language_id=_english)

    assert article.outlet == ""
    assert source_name(article) == "coastline-daily"


# --- body and removed spans ----------------------------------------------------------------------


def test_extract_article_body_keeps_story_paragraphs(article: Article) -> None:
    paragraphs = article.text.split("\n\n")

    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs
    assert article.title not in paragraphs


@pytest.mark.parametrize("line", [*NAV, FOOTER, TRAILER])
def test_extract_article_boilerplate_is_removed_not_in_body(article: Article, line: str) -> None:
    assert line not in article.text
    assert line in _removed(article)


def test_extract_article_removed_spans_index_source_text(article: Article) -> None:
    source_lines = article.source_text.split("\n")

    for span in article.removed:
        assert span.label
        assert 0 <= span.start < span.end <= len(article.source_text)
        assert article.removed_text(span) in source_lines
    assert [span.start for span in article.removed] == sorted(span.start for span in article.removed)


def test_extract_article_footer_is_labelled_legal(article: Article) -> None:
    labels = {article.removed_text(span): span.label for span in article.removed}

    assert labels[FOOTER] == "legal"


# --- embedded posts ------------------------------------------------------------------------------


def test_extract_article_reads_embedded_tweet(article: Article) -> None:
    (post,) = article.posts

    assert post.platform == "twitter"
    assert post.text == POST_TEXT
    assert post.handle == "@PuertoOskel"
    assert post.author == "Puerto de Oskel"
    assert post.language == "es"
    assert post.url == "https://twitter.com/PuertoOskel/status/123"
    assert post.links == ("https://twitter.com/hashtag/TemporalOskel", "https://t.co/AbCdEf123")


def test_extract_article_post_span_indexes_post_text(article: Article) -> None:
    (post,) = article.posts

    if post.span is not None:
        assert article.text_at(post.span) == post.text
        assert post.span.label == "post"


def test_find_embedded_posts_returns_trailer_separately() -> None:
    tree = lxml_html.document_fromstring(PAGE)

    ((post, trailer),) = find_embedded_posts(tree)

    assert trailer == TRAILER
    assert trailer not in post.text


@pytest.mark.parametrize(
    ("css_class", "platform"),
    [("instagram-media", "instagram"), ("tiktok-embed", "tiktok"), ("bluesky-embed", "bluesky"), ("quote", "")],
)
def test_find_embedded_posts_platform_from_class(css_class: str, platform: str) -> None:
    tree = lxml_html.document_fromstring(
        f'<html><body><blockquote class="{css_class}" cite="https://example.test/p/9">'
        "<p>Sunrise over Oskel harbour today</p></blockquote></body></html>"
    )

    posts = find_embedded_posts(tree)

    assert [post.platform for post, _ in posts] == ([platform] if platform else [])
    if platform:
        assert posts[0][0].url == "https://example.test/p/9"
        assert posts[0][0].text == "Sunrise over Oskel harbour today"


# --- visible text and errors ---------------------------------------------------------------------


def test_visible_text_puts_blocks_on_lines_and_skips_scripts() -> None:
    tree = lxml_html.document_fromstring(
        "<html><head><title>T</title></head><body><div>First  block<span> inline</span></div>"
        "<script>var hidden = 1;</script><p>Second\nblock</p><style>p {}</style></body></html>"
    )

    assert visible_text(tree) == "First block inline\nSecond block"


def test_extract_html_wrapped_paragraph_is_not_removed() -> None:
    page = (
        "<html><body><h1>Ferry halted</h1>\n"
        "<p>The ferry company halted all sailings to Oskel Island on Tuesday\n"
        "morning, citing waves of up to six metres at the harbour mouth, the\n"
        "harbour office said.</p>\n"
        f"<p>{PARAGRAPHS[1]}</p>\n</body></html>"
    )

    extraction = extract_html(_document(page))
    removed = [extraction.source_text[span.start : span.end] for span in extraction.removed]

    assert "harbour office said." in extraction.text
    assert removed == ["Ferry halted"]


def test_visible_text_deep_tree_has_no_recursion_error() -> None:
    root = lxml_html.Element("html")
    node = etree.SubElement(root, "body")
    for _ in range(5000):
        node = etree.SubElement(node, "div")
    node.text = "Deep text from Port Veldt"
    node.tail = "tail words"

    assert visible_text(root) == "Deep text from Port Veldt\ntail words"


@pytest.mark.parametrize("depth", [300, 1000])
def test_extract_html_deeply_nested_page_keeps_its_text(depth: int) -> None:
    page = "<html><body>" + "<div>" * depth + "Deep text from Port Veldt" + "</div>" * depth
    page += "<p>Closing line from Oskel.</p></body></html>"

    extraction = extract_html(_document(page))

    assert "Deep text from Port Veldt" in extraction.source_text.split("\n")
    assert "Closing line from Oskel." in extraction.source_text.split("\n")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><style>p {color: red}</style>   </body></html>",
        "<html><body><div>   </div><p>\n</p></body></html>",
    ],
)
def test_extract_article_page_without_visible_text_raises_no_text(page: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(_document(page), language_id=_english)

    assert caught.value.code == "extract.no_text"


def test_extract_article_short_body_raises_too_short(article: Article) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(_document(PAGE), options=ExtractOptions(min_chars=len(article.text) + 1), language_id=_english)

    assert caught.value.code == "extract.too_short"


def test_extract_article_tiny_page_raises_too_short() -> None:
    page = "<html><body><p>Ferry halted.</p></body></html>"

    with pytest.raises(ExtractionError) as caught:
        extract_article(_document(page), language_id=_english)

    assert caught.value.code == "extract.too_short"


def test_extract_options_rejects_negative_min_chars() -> None:
    with pytest.raises(ValueError, match="min_chars"):
        ExtractOptions(min_chars=-1)


# --- plain text documents ------------------------------------------------------------------------

TEXT_PAGE = "\n".join(
    [
        "Storm closes the ferry route to Oskel Island",
        "",
        "Crews in Port Veldt expect the crossing to reopen by Thursday.",
        "By Mara Lind",
        *PARAGRAPHS,
        "Advertisement",
    ]
)


def test_extract_article_plain_text_document() -> None:
    document = _document(TEXT_PAGE, MediaType.TEXT, url="https://fjordpost.test/ferry", outlet="Fjord Post")

    article = extract_article(document, language_id=_english)

    assert article.title == "Storm closes the ferry route to Oskel Island"
    assert article.dek == "Crews in Port Veldt expect the crossing to reopen by Thursday."
    assert article.authors == ("Mara Lind",)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.source_text == TEXT_PAGE
    assert article.url == "https://fjordpost.test/ferry"
    assert article.outlet == "Fjord Post"
    assert article.language == "en"
    assert article.id == document.id
    assert {article.removed_text(span): span.label for span in article.removed}["Advertisement"] == "advertisement"


def test_extract_article_plain_text_keeps_document_language_without_detecting() -> None:
    def never_called(text: str) -> str:
        raise AssertionError("language id should not run when the document names its language")

    article = extract_article(
        _document(TEXT_PAGE, MediaType.TEXT, language="es"), language_id=FakeLanguageId(never_called)
    )

    assert article.language == "es"


def test_extract_article_plain_text_document_authors_win() -> None:
    article = extract_article(_document(TEXT_PAGE, MediaType.TEXT, authors=("Ola Berg",)), language_id=_english)

    assert article.authors == ("Ola Berg",)


def test_extract_article_plain_text_too_short() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(_document("Ferry halted.\nMore soon.", MediaType.TEXT), language_id=_english)

    assert caught.value.code == "extract.too_short"


@pytest.mark.issue(4)
def test_extract_html_comment_inside_sentence_keeps_the_sentence() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: When <!-- -->the harbour council met on Monday, members voted to repair the pier "
        "before the winter storms arrive in the bay.</p>"
        for n in range(6)
    )
    html = (
        "<html><head><title>Pier vote</title></head><body><article><h1>Pier vote</h1>"
        f"{paragraphs}</article></body></html>"
    )
    article = extract_article(Document(id=content_id(html), uri="pier.html", media_type=MediaType.HTML, content=html))
    assert "When the harbour council met on Monday" in article.text


@pytest.mark.issue(4)
def test_extract_html_table_rows_are_body() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>Driver {n}</td><td>{5000 - n * 10}</td></tr>" for n in range(1, 8))
    story = "".join(
        f"<p>The standings after round {n} of the regional championship were posted on Sunday.</p>" for n in range(4)
    )
    html = (
        "<html><head><title>Standings</title></head><body><article><h1>Standings</h1>"
        f"{story}<table>{rows}</table></article></body></html>"
    )
    article = extract_article(Document(id=content_id(html), uri="t.html", media_type=MediaType.HTML, content=html))
    assert "Driver 3" in article.text


@pytest.mark.parametrize(("max_depth", "is_refused"), [(1002, True), (1003, False), (5000, False), (900, True)])
def test_extract_html_depth_limit_counts_from_the_root_element(max_depth: int, is_refused: bool) -> None:
    page = "<html><body>" + "<div>" * 1000 + "<p>Deep text from Port Veldt, where the ferry runs again.</p>"
    page += "</div>" * 1000 + "</body></html>"  # html, body, 1,000 divs and p: 1,003 levels

    if is_refused:
        with pytest.raises(ExtractionError) as caught:
            extract_html(_document(page), max_depth=max_depth)
        assert caught.value.code == "extract.too_deep"
    else:
        assert "Deep text from Port Veldt" in extract_html(_document(page), max_depth=max_depth).source_text


def test_visible_text_puts_a_table_row_on_a_line_with_tabs_between_cells() -> None:
    tree = lxml_html.document_fromstring(
        "<html><body><p>Standings</p><table><tr><th>Pos.</th><th> Driver </th></tr>"
        "<tr><td>1</td><td>Ida <b>Strand</b></td></tr><tr><td></td><td>Ola Berg</td></tr></table></body></html>"
    )

    assert visible_text(tree) == "Standings\nPos.\tDriver\n1\tIda Strand\nOla Berg"
