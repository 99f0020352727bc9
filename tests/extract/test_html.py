"""HTML extraction: body, metadata, embedded posts, removed boilerplate, and the plain-text path."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from lxml import html as lxml_html
from tests.fakes import FakeLanguageId

from newsweave.errors import ExtractionError
from newsweave.extract import ExtractOptions, extract_article
from newsweave.extract import html as html_module
from newsweave.extract.embeds import find_embedded_posts
from newsweave.extract.html import extract_html, visible_text
from newsweave.extract.plaintext import split_blocks
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


# --- second pass over trafilatura's text (issue 19) ------------------------------------------------


def _article_page(body: str, head: str = "<title>Storm closes Oskel ferry route</title>") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body><article>{body}</article></body></html>"


STORY = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)


@pytest.mark.issue(19)
def test_extract_html_keeps_the_lede_that_the_page_copies_into_its_description() -> None:
    head = f'<title>Ferry halted</title><meta property="og:description" content="{PARAGRAPHS[0]}">'

    extraction = extract_html(_document(_article_page(f"<h1>Ferry halted</h1>{STORY}", head)))

    assert extraction.text.split("\n\n") == PARAGRAPHS
    assert extraction.dek == ""  # a copy of the lede is no subtitle


@pytest.mark.issue(19)
@pytest.mark.parametrize("byline", ["By Mara Lind · March 12, 2024", "Mara Lind, Port Veldt"])
def test_extract_html_takes_out_a_description_that_a_byline_follows_as_the_dek(byline: str) -> None:
    dek = "Crews in Port Veldt expect the crossing to reopen by Thursday, when the ramp is fixed."
    head = (
        f'<title>Ferry halted</title><meta name="description" content="{dek}"><meta name="author" content="Mara Lind">'
    )
    page = _article_page(f"<h1>Ferry halted</h1><p>{dek}</p><p class='byline'>{byline}</p>{STORY}", head)

    extraction = extract_html(_document(page))

    assert (extraction.dek, extraction.text.split("\n\n")) == (dek, PARAGRAPHS)
    assert extract_html(_document(page), skip_rules=frozenset({"dek"})).text.startswith(dek)


@pytest.mark.issue(19)
def test_extract_html_keeps_a_description_that_is_not_in_the_body_as_the_dek() -> None:
    head = '<title>Ferry halted</title><meta name="description" content="Crews expect the crossing to reopen.">'

    extraction = extract_html(_document(_article_page(f"<h1>Ferry halted</h1>{STORY}", head)))

    assert extraction.dek == "Crews expect the crossing to reopen."
    assert extraction.text.split("\n\n") == PARAGRAPHS


@pytest.mark.issue(19)
def test_extract_html_reads_a_page_with_an_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + _article_page(STORY)

    assert extract_html(_document(page)).text.split("\n\n") == PARAGRAPHS


@pytest.mark.issue(19)
def test_extract_html_writes_text_in_nfc() -> None:
    decomposed = PARAGRAPHS[0].replace("Oskel", "O\u0308skel")  # O + combining diaeresis

    extraction = extract_html(_document(_article_page(f"<p>{decomposed}</p>{STORY}")))

    assert "\u00d6skel Island" in extraction.text
    assert "\u0308" not in extraction.text + extraction.source_text


@pytest.mark.issue(19)
def test_visible_text_unwraps_a_noscript_left_open_around_the_page() -> None:
    story = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS * 3)
    page = (
        f"<html><body><noscript><div id='nojs'></noscript><div>{story}</div><noscript></div></noscript></body></html>"
    )

    text = visible_text(lxml_html.document_fromstring(page))

    assert text.split("\n")[:4] == PARAGRAPHS


def test_visible_text_drops_a_short_noscript_notice() -> None:
    page = "<html><body><noscript>Please enable JavaScript.</noscript><p>Ferry halted.</p></body></html>"

    assert visible_text(lxml_html.document_fromstring(page)) == "Ferry halted."


def test_visible_text_transform_and_in_place_walk_agree() -> None:
    def flat(text: str) -> str:
        return text.replace(html_module._BLOCK_EDGE, "|").replace(html_module._CELL_EDGE, "^")

    tree = lxml_html.document_fromstring(PAGE)
    transformed = str(html_module._visible_text_transform()(tree))

    assert flat(transformed) == flat(html_module._flatten_in_place(lxml_html.document_fromstring(PAGE)))


@pytest.mark.issue(19)
def test_extract_html_keeps_prose_above_the_headline() -> None:
    summary = " ".join(PARAGRAPHS[1:4])  # a summary box above a card that repeats the headline
    page = _article_page(f"<p>{summary}</p><h1>Storm closes Oskel ferry route</h1>{STORY}")

    extraction = extract_html(_document(page))

    assert extraction.text.split("\n\n")[0] == summary


def test_extract_html_drops_a_section_label_above_the_headline() -> None:
    page = _article_page(f"<p>Regional News</p><h1>Storm closes Oskel ferry route</h1>{STORY}")

    assert extract_html(_document(page)).text.split("\n\n") == PARAGRAPHS


@pytest.mark.issue(19)
def test_extract_html_keeps_a_page_of_short_lines_that_are_no_links() -> None:
    verses = "".join(f"<p>{line}</p>" for line in ["Wind on the quay", "salt on the rope", "the ferry waits"] * 4)
    page = _article_page(f"<h1>Harbour song</h1>{verses}", head="<title>Harbour song</title>")

    assert "salt on the rope" in extract_html(_document(page)).text


def test_extract_html_refuses_a_page_of_links() -> None:
    links = "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(40))
    page = f"<html><body><ul>{links}</ul></body></html>"

    with pytest.raises(ExtractionError) as caught:
        extract_html(_document(page))

    assert caught.value.code == "extract.no_article"


TEASERS = [
    ("Gronk and Serena perform with the Laker Girls", "Gronk may have found his true calling"),
    ("Jones tells a Belichick story from the nineties", "The owner might have hired him first"),
    ("Patriots place Olszewski on injured reserve", "New England's roster is reshuffling again"),
]


@pytest.mark.issue(19)
def test_extract_html_removes_a_box_of_story_cards() -> None:
    cards = "".join(
        f"<li><h3><a href='/{n}'>{title}</a></h3><h4>{summary}</h4></li>" for n, (title, summary) in enumerate(TEASERS)
    )
    page = _article_page(f"{STORY}<ul>{cards}</ul>")

    extraction = extract_html(_document(page))

    assert extraction.text.split("\n\n") == PARAGRAPHS
    assert "Jones tells a Belichick story" in extract_html(_document(page), skip_rules=frozenset({"teaser"})).text


@pytest.mark.parametrize(
    ("items", "teasers"),
    [
        ([f"- {title} {summary}" for title, summary in TEASERS], {0, 1, 2}),
        # links whole (a reading list), links with their source's address (a link roundup): the article's
        ([f"- {title}" for title, _ in TEASERS], set()),
        ([f"- {title} via https://example.org/{n}" for n, (title, _) in enumerate(TEASERS)], set()),
        # two cards are no box
        ([f"- {title} {summary}" for title, summary in TEASERS[:2]] + ["- Another point of the article"], set()),
    ],
)
def test_teaser_items_are_three_story_cards_in_a_row(items: list[str], teasers: set[int]) -> None:
    links = "".join(f"<a href='/{n}'>{title}</a>" for n, (title, _) in enumerate(TEASERS))
    tree = lxml_html.document_fromstring(f"<html><body>{links}</body></html>")

    assert html_module._teaser_items(split_blocks("\n".join(items)), tree) == teasers


@pytest.mark.issue(19)
@pytest.mark.parametrize("line", ["Thanks for signing up!", "There was an error processing your subscription."])
def test_extract_html_removes_the_newsletter_box_replies(line: str) -> None:
    page = _article_page(f"{STORY}<div class='newsletter'><p>{line}</p></div>")

    assert line not in extract_html(_document(page)).text


@pytest.mark.issue(19)
def test_extract_html_reruns_trafilatura_with_its_fallbacks_on_a_thin_body(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {True: "Home\nSection", False: "\n".join(PARAGRAPHS)}
    calls: list[bool] = []

    def fake_trafilatura(tree: object, *, url: str, fast: bool) -> str:
        calls.append(fast)
        return texts[fast]

    monkeypatch.setattr(html_module, "_trafilatura_text", fake_trafilatura)

    assert extract_html(_document(_article_page(STORY))).text.split("\n\n") == PARAGRAPHS
    assert calls == [True, False]
    calls.clear()
    assert extract_html(_document(_article_page(STORY)), skip_rules=frozenset({"full_rerun"})).text == "Section"
    assert calls == [True]


def test_extract_html_does_not_rerun_trafilatura_on_a_full_body(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def fake_trafilatura(tree: object, *, url: str, fast: bool) -> str:
        calls.append(fast)
        return "\n".join(PARAGRAPHS * 2)

    monkeypatch.setattr(html_module, "_trafilatura_text", fake_trafilatura)

    extract_html(_document(_article_page(STORY)))

    assert calls == [True]


@pytest.mark.parametrize("rule", ["title", "above_title"])
def test_extract_html_skip_rules_switch_a_rule_off(rule: str) -> None:
    page = _article_page(f"<p>Regional News</p><h1>Storm closes Oskel ferry route</h1>{STORY}")
    kept = {"title": "Storm closes Oskel ferry route", "above_title": "Regional News"}[rule]

    assert kept not in extract_html(_document(page)).text
    assert kept in extract_html(_document(page), skip_rules=frozenset({rule})).text.split("\n\n")


def test_rules_name_every_label_the_second_pass_removes() -> None:
    assert set(html_module.RULES) >= {"above_title", "title", "author_name", "embed_trailer", "teaser", "full_rerun"}
    assert set(html_module.RULES) >= {"navigation", "share", "newsletter", "related", "legal", "byline", "caption"}
