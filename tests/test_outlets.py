"""The one rule that names a source: the outlet's own name, else its domain, else its file's stem."""

from __future__ import annotations

import pytest

from newsweave.model import Article, Document, MediaType
from newsweave.outlets import source_name
from newsweave.store import StoryMemberRow


def _article(*, outlet: str = "", url: str = "", uri: str = "in/page.html") -> Article:
    return Article(id="a1", uri=uri, text="", outlet=outlet, url=url)


@pytest.mark.parametrize(
    ("outlet", "url", "name"),
    [
        ("The Alder Courier", "https://www.aldercourier.example/news/x", "The Alder Courier"),
        ("  Fjord \n Post ", "", "Fjord Post"),
        ("", "https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("", "https://news.bbc.co.uk/x", "bbc.co.uk"),
        ("", "HTTPS://WWW.Example.COM/Story", "example.com"),
        ("", "https://harbour.github.io/post", "harbour.github.io"),
        # a host the public suffix list cannot place is shown whole, less www.
        ("", "https://www.fjordpost.test/ferry", "fjordpost.test"),
        ("", "http://localhost:8000/a", "localhost"),
        ("", "http://127.0.0.1/a", "127.0.0.1"),
        # what extraction stored as the outlet before this rule: a host name, no name
        ("www.bbc.co.uk", "https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        # a site that gives its address as its name
        ("https://www.fjordpost.co.uk/", "", "fjordpost.co.uk"),
    ],
)
def test_source_name_is_the_outlet_else_the_registered_domain(outlet: str, url: str, name: str) -> None:
    assert source_name(_article(outlet=outlet, url=url)) == name


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("examples/coastline-daily.txt", "coastline-daily"),
        ("/data/in/coastline-daily.TXT", "coastline-daily"),
        (r"C:\news\in\northgate-wire.txt", "northgate-wire"),
        ("file:///in/planet.html", "planet"),
        ("in/records.jsonl#L3", "records#L3"),
        ("in/feed.xml#entry=2", "feed#entry=2"),
        ("in/crawl.warc.gz#offset=120", "crawl#offset=120"),
        ("in/notes#1/story.txt", "story"),
        ("in/README", "README"),
        ("in/.hidden", ".hidden"),
        ("", "a1"),
    ],
)
def test_source_name_without_outlet_or_url_is_the_input_file_stem(uri: str, name: str) -> None:
    assert source_name(_article(uri=uri)) == name


def test_source_name_never_shows_a_url_or_a_file_path() -> None:
    for uri in ("in/bbc.co.uk.html", "https://www.bbc.co.uk/news/2018/story.html"):
        name = source_name(_article(uri=uri))
        assert "/" not in name
        assert not name.endswith(".html")


def test_source_name_names_documents_and_store_rows_alike() -> None:
    document = Document(
        id="d1", uri="in/a.html", media_type=MediaType.HTML, content="<p>x</p>", url="https://www.bbc.co.uk/a"
    )
    row = StoryMemberRow(
        id="a1",
        title="",
        outlet="",
        uri="in/a.html",
        url="https://www.bbc.co.uk/a",
        language="en",
        published=None,
        group_id="",
        is_representative=False,
    )
    assert source_name(document) == source_name(row) == source_name(_article(url="https://www.bbc.co.uk/a"))
