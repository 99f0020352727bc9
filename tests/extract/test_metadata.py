"""Page metadata with provenance: dates kept apart with their source, authors that are people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html
from tests.fakes import FakeLanguageId

from newsweave.extract import extract_article
from newsweave.extract.metadata import clean_authors, date_in_text, date_in_url, parse_date, read_metadata
from newsweave.model import Document, MediaType
from newsweave.sources.decode import content_id

BODY = "".join(
    f"<p>Paragraph {n} of the story about the Oskel ferry, long enough to count as the article body.</p>"
    for n in range(4)
)
JSON_LD = """<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Fjord Post"},
  {"@type": "NewsArticle", "headline": "Storm closes Oskel ferry route",
   "datePublished": "2024-03-12T08:15:00+01:00", "dateModified": "2024-03-13T10:00:00Z",
   "author": [{"@type": "Person", "name": "Mara Lind"}, {"@type": "Organization", "name": "Fjord Post"}],
   "publisher": {"@type": "Organization", "name": "Fjord Post"}}]}
</script>"""


def _tree(head: str, body: str = BODY) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_read_metadata_json_ld_dates_kept_apart_with_source() -> None:
    meta = read_metadata(_tree(JSON_LD + '<meta property="article:published_time" content="2020-01-01">'))

    assert meta.published is not None
    assert meta.updated is not None
    assert meta.published.value == datetime.fromisoformat("2024-03-12T08:15:00+01:00")
    assert meta.published.source == "json-ld"
    assert (meta.updated.value, meta.updated.source) == (datetime(2024, 3, 13, 10, tzinfo=UTC), "json-ld")
    assert 0 < meta.published.confidence <= 1
    assert meta.authors == ("Mara Lind",)
    assert meta.authors_from == "json-ld"
    assert meta.site_name == "Fjord Post"


def test_read_metadata_site_name_prefers_og_site_name_to_the_json_ld_publisher() -> None:
    head = '<meta property="og:site_name" content="Fjord Post Online">' + JSON_LD

    assert read_metadata(_tree(head)).site_name == "Fjord Post Online"


def test_read_metadata_site_name_follows_a_json_ld_publisher_given_by_id() -> None:
    graph = (
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "NewsArticle", "headline": "Ferry halted", "publisher": {"@id": "https://fp.example/#org"}},'
        '{"@type": "Organization", "@id": "https://fp.example/#org", "name": "Fjord Post"}]}</script>'
    )

    assert read_metadata(_tree(graph)).site_name == "Fjord Post"


def test_read_metadata_publisher_id_that_names_nothing_gives_no_site_name() -> None:
    graph = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry halted", '
        '"publisher": {"@id": "#missing"}}</script>'
    )

    assert read_metadata(_tree(graph)).site_name == ""


def test_read_metadata_markup_when_no_json_ld() -> None:
    head = (
        '<meta property="article:published_time" content="2024-03-12T08:15:00Z">'
        '<meta property="og:site_name" content="Fjord Post"><meta name="author" content="By Mara Lind">'
        "<title>Storm closes Oskel ferry route | Fjord Post</title>"
    )
    meta = read_metadata(_tree(head))

    assert meta.published is not None
    assert meta.published.source == "markup"
    assert meta.updated is None
    assert meta.authors == ("Mara Lind",)
    assert meta.authors_from == "markup"
    assert meta.title == "Storm closes Oskel ferry route"


def test_read_metadata_broken_json_ld_falls_back_to_url_date() -> None:
    meta = read_metadata(
        _tree('<script type="application/ld+json">{"@type": "NewsArticle",</script>'),
        url="https://fjordpost.example/2024/03/12/oskel-ferry/",
    )

    assert meta.published is not None
    assert (meta.published.value, meta.published.source) == (datetime(2024, 3, 12, tzinfo=UTC), "url")
    assert meta.published.confidence < 0.9


def test_read_metadata_updated_never_stands_in_for_published() -> None:
    meta = read_metadata(_tree('<meta property="article:modified_time" content="2024-03-13T10:00:00Z">'))

    assert meta.published is None
    assert meta.updated is not None
    assert meta.updated.source == "markup"


@pytest.mark.parametrize(
    ("text", "updated", "expected"),
    [
        ("Fjord Post\nBy Mara Lind\nMarch 12, 2024\nStory text.", False, datetime(2024, 3, 12, tzinfo=UTC)),
        ("Published 12 March 2024\nUpdated: Nov. 19, 2024 6:34 am", True, datetime(2024, 11, 19, tzinfo=UTC)),
        ("Fjord Post\nUpdated: Nov. 19, 2024 6:34 am", False, None),
        ("Publicado el 5 de agosto de 2019", False, datetime(2019, 8, 5, tzinfo=UTC)),
    ],
)
def test_date_in_text_reads_dateline(text: str, updated: bool, expected: datetime | None) -> None:
    assert date_in_text(text, updated=updated) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2019/11/19/story-name", datetime(2019, 11, 19, tzinfo=UTC)),
        ("https://a.example/news/2019-11-19-story", datetime(2019, 11, 19, tzinfo=UTC)),
        ("https://a.example/story/1234567/", None),
        ("https://a.example/2019/13/45/nonsense", None),
    ],
)
def test_date_in_url(url: str, expected: datetime | None) -> None:
    assert date_in_url(url) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "1850-01-01", "Tue, 19 Nov 2019 10:00:00 +0000"])
def test_parse_date_is_aware_or_none(value: str) -> None:
    parsed = parse_date(value)
    assert parsed is None or parsed.tzinfo is not None
    assert (parsed is None) == (value != "Tue, 19 Nov 2019 10:00:00 +0000")


@pytest.mark.parametrize(
    "not_a_person",
    ["Email the author", "Fjord Post", "10:45 AM EST", "2019-11-19", "https://facebook.com/mara", "@maralind", "Staff"],
)
def test_clean_authors_drops_what_is_not_a_person(not_a_person: str) -> None:
    assert clean_authors(["Mara Lind", not_a_person], outlet="Fjord Post") == ("Mara Lind",)


@pytest.mark.parametrize("outlet_name", ["Fjordpost", "FJORD POST", "jdadmin", "Editorial"])
def test_clean_authors_drops_outlet_named_by_its_web_address(outlet_name: str) -> None:
    assert clean_authors([outlet_name, "Al Berg"], outlet="", host="www.fjordpost.example") == ("Al Berg",)


def test_extract_article_carries_date_and_author_provenance() -> None:
    body = f"<article><h1>Storm closes Oskel ferry route</h1>{BODY}</article>"
    page = f"<html><head>{JSON_LD}</head><body>{body}</body></html>"
    document = Document(id=content_id(page), uri="page", media_type=MediaType.HTML, content=page)

    article = extract_article(document, language_id=FakeLanguageId(lambda text: "en"))

    assert (article.published_from, article.updated_from, article.authors_from) == ("json-ld", "json-ld", "json-ld")
    assert article.published_confidence > 0.5
    assert article.updated_confidence > 0.5
    assert article.authors_confidence > 0.5
    assert article.updated != article.published


def test_extract_article_feed_date_wins_and_says_so() -> None:
    page = f"<html><head>{JSON_LD}</head><body>{BODY}</body></html>"
    when = datetime(2024, 3, 12, 9, tzinfo=UTC)
    document = Document(id=content_id(page), uri="page", media_type=MediaType.HTML, content=page, published=when)

    article = extract_article(document, language_id=FakeLanguageId(lambda text: "en"))

    assert (article.published, article.published_from) == (when, "feed")


# --- issue 19: pages of other languages and sites ------------------------------------------------


@pytest.mark.issue(19)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Veröffentlicht am 14.01.2020", datetime(2020, 1, 14, tzinfo=UTC)),
        ("19. März 2019 | Pressemitteilungen", datetime(2019, 3, 19, tzinfo=UTC)),
        ("3. Mai 2021, 12:00 Uhr", datetime(2021, 5, 3, tzinfo=UTC)),
        ("1. Okt. 2020", datetime(2020, 10, 1, tzinfo=UTC)),
        ("Stand: 24.12.2021", datetime(2021, 12, 24, tzinfo=UTC)),
        ("31.02.2021", None),  # no such day
    ],
)
def test_date_in_text_reads_german_datelines(text: str, expected: datetime | None) -> None:
    assert date_in_text(text, updated=False) == expected


def test_date_in_text_looks_around_the_headline_past_the_menus() -> None:
    menus = [f"Menu item {n}" for n in range(60)]
    text = "\n".join([*menus, "Ferry halted", "By Mara Lind", "12.03.2024", "The ferry company halted all sailings."])

    assert date_in_text(text, updated=False) is None
    assert date_in_text(text, updated=False, headline="Ferry halted") == datetime(2024, 3, 12, tzinfo=UTC)


@pytest.mark.issue(19)
@pytest.mark.parametrize(
    ("title", "h1", "expected"),
    [
        ("Alles Neue macht der Mai | Bibliothek 2.0 und mehr", "Alles Neue macht der Mai", "Alles Neue macht der Mai"),
        ("Regional - Ferry halted on Tuesday", "Ferry halted on Tuesday", "Ferry halted on Tuesday"),
        ("Ferry halted: what we know", "Ferry halted: what we know", "Ferry halted: what we know"),
        # no headline says a part: the title stays whole
        ("Ferry halted | Fjord Post", "Fjord Post weather", "Ferry halted | Fjord Post"),
        # a title escaped twice by its CMS
        ("Investigador dice: &amp;quot;El 90%&amp;quot;", "", 'Investigador dice: "El 90%"'),
    ],
)
def test_read_metadata_title_is_the_headline_part(title: str, h1: str, expected: str) -> None:
    meta = read_metadata(_tree(f"<title>{title}</title>", f"<h1>{h1}</h1>{BODY}"))

    assert meta.title == expected
