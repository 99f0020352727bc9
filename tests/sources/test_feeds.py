"""Sources: reading RSS 2.0, Atom and OPML files, written here for fictional outlets."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import write_file

from newsweave.errors import Failure, InputError
from newsweave.model import Document, MediaType
from newsweave.sources import expand_paths, read_documents, read_feed, read_file, read_opml

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>The Port Veldt Courier</title>
    <link>https://courier.example/</link>
    <description>News from the harbour</description>
    <language>en-gb</language>
    <item>
      <title>Quay reopens after storm</title>
      <link>https://courier.example/2024/quay-reopens</link>
      <description>Short summary of the quay story.</description>
      <content:encoded><![CDATA[<p>Harbour crews in Port Veldt cleared the quay on Tuesday.</p>]]></content:encoded>
      <dc:creator>Mara Quell</dc:creator>
      <pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate>
      <guid>https://courier.example/2024/quay-reopens</guid>
    </item>
    <item>
      <title>Ferry to Oskel resumes</title>
      <link>https://courier.example/2024/ferry</link>
      <description>&lt;p&gt;The ferry to Oskel Island &lt;b&gt;resumed&lt;/b&gt; on Friday.&lt;/p&gt;</description>
      <author>desk@courier.example (Tobin Ash)</author>
      <pubDate>Fri, 08 Mar 2024 17:00:00 GMT</pubDate>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-AT">
  <title>Oskel Inselbote</title>
  <id>urn:uuid:inselbote</id>
  <updated>2024-03-06T08:00:00Z</updated>
  <entry>
    <title>Fähre fährt wieder</title>
    <link rel="alternate" href="https://inselbote.example/faehre"/>
    <id>urn:uuid:faehre</id>
    <published>2024-03-06T07:15:00+01:00</published>
    <updated>2024-03-06T08:00:00Z</updated>
    <author><name>Lise Brandt</name></author>
    <author><name>Jon Okka</name></author>
    <summary type="text">Kurz: die Fähre fährt.</summary>
    <content type="html">&lt;p&gt;Die Fähre nach Oskel fährt seit Freitag wieder.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Hafenfest verschoben</title>
    <link href="https://inselbote.example/hafenfest"/>
    <id>urn:uuid:hafenfest</id>
    <updated>2024-03-07T12:00:00Z</updated>
    <summary type="text">Das Hafenfest wird auf Mai verschoben.</summary>
  </entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
  <item><title>&lol9;</title><link>https://laughs.example/1</link><description>&lol9;</description></item>
</channel></rss>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Leak</title>
  <item><title>x</title><link>https://leak.example/1</link><description>&secret;</description></item>
</channel></rss>
"""


def _split(items: list[Document | Failure]) -> tuple[list[Document], list[Failure]]:
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Failure)]


# --- RSS and Atom ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["courier.rss", "courier.xml", "COURIER.RSS"])
def test_read_feed_rss_entries_become_documents(tmp_path: Path, name: str) -> None:
    path = write_file(tmp_path / name, RSS)

    first, second = read_file(path)

    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert first.content == "<p>Harbour crews in Port Veldt cleared the quay on Tuesday.</p>"
    assert second.content == "<p>The ferry to Oskel Island <b>resumed</b> on Friday.</p>"
    assert [d.media_type for d in (first, second)] == [MediaType.HTML, MediaType.HTML]
    assert [d.url for d in (first, second)] == [
        "https://courier.example/2024/quay-reopens",
        "https://courier.example/2024/ferry",
    ]
    assert [d.uri for d in (first, second)] == [f"{path}#entry=1", f"{path}#entry=2"]
    assert [d.title for d in (first, second)] == ["Quay reopens after storm", "Ferry to Oskel resumes"]
    assert [d.authors for d in (first, second)] == [("Mara Quell",), ("Tobin Ash",)]
    assert [d.published for d in (first, second)] == [
        datetime(2024, 3, 5, 8, 30, tzinfo=UTC),
        datetime(2024, 3, 8, 17, 0, tzinfo=UTC),
    ]
    assert {(d.outlet, d.language) for d in (first, second)} == {("The Port Veldt Courier", "en")}


@pytest.mark.parametrize("name", ["inselbote.atom", "inselbote.xml"])
def test_read_feed_atom_entries_become_documents(tmp_path: Path, name: str) -> None:
    path = write_file(tmp_path / name, ATOM)

    first, second = read_file(path)

    assert isinstance(first, Document)
    assert isinstance(second, Document)
    assert first.content == "<p>Die Fähre nach Oskel fährt seit Freitag wieder.</p>"
    assert first.media_type is MediaType.HTML
    assert first.url == "https://inselbote.example/faehre"
    assert first.authors == ("Lise Brandt", "Jon Okka")
    assert first.published == datetime(2024, 3, 6, 6, 15, tzinfo=UTC)
    assert first.outlet == "Oskel Inselbote"
    assert first.language == "de"
    # No content and a plain-text summary: the summary, as text; no published date, so updated.
    assert second.content == "Das Hafenfest wird auf Mai verschoben."
    assert second.media_type is MediaType.TEXT
    assert second.published == datetime(2024, 3, 7, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "windows-1252"])
def test_read_feed_decodes_declared_and_utf16_feeds(tmp_path: Path, encoding: str) -> None:
    text = RSS.replace('encoding="utf-8"', f'encoding="{encoding}"').replace("Tuesday", "Tuesday — café")
    path = write_file(tmp_path / "courier.rss", text.encode(encoding))

    documents, failures = _split(list(read_feed(path)))

    assert failures == []
    assert "Tuesday — café" in documents[0].content
    assert documents[0].outlet == "The Port Veldt Courier"


def test_read_feed_entry_without_content_is_failure(tmp_path: Path) -> None:
    start, end = RSS.index("<description>Short"), RSS.index("<dc:creator>")
    feed = RSS[:start] + RSS[end:]
    path = write_file(tmp_path / "courier.rss", feed)

    documents, failures = _split(list(read_feed(path)))

    assert [d.uri for d in documents] == [f"{path}#entry=2"]
    assert [(f.code, f.input_id) for f in failures] == [("sources.no_content", f"{path}#entry=1")]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("<rss version='2.0'><channel><title>Broken</ti", "sources.bad_feed"),
        ("<rss><channel><<<>>>&&&", "sources.bad_feed"),
        ("<?xml version='1.0'?><urlset><url><loc>https://courier.example/</loc></url></urlset>", "sources.not_a_feed"),
    ],
)
def test_read_feed_malformed_or_other_xml_is_failure(tmp_path: Path, content: str, code: str) -> None:
    path = write_file(tmp_path / "broken.xml", content)

    (failure,) = read_feed(path)

    assert isinstance(failure, Failure)
    assert failure.code == code
    assert failure.input_id == str(path)


def test_read_feed_malformed_with_entries_keeps_entries(tmp_path: Path) -> None:
    path = write_file(tmp_path / "sloppy.rss", RSS.replace("</channel>", "<unclosed></channel>"))

    documents, _ = _split(list(read_feed(path)))

    assert [d.title for d in documents] == ["Quay reopens after storm", "Ferry to Oskel resumes"]


def test_read_feed_empty_channel_yields_nothing(tmp_path: Path) -> None:
    path = write_file(tmp_path / "quiet.rss", "<rss version='2.0'><channel><title>Quiet</title></channel></rss>")

    assert list(read_feed(path)) == []


def test_read_feed_empty_file_raises_input_error(tmp_path: Path) -> None:
    path = write_file(tmp_path / "empty.rss", "")

    with pytest.raises(InputError) as caught:
        list(read_feed(path))

    assert caught.value.code == "sources.empty"


@pytest.mark.parametrize(
    "content",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, BILLION_LAUGHS.encode("utf-16"), EXTERNAL_ENTITY.replace("ENTITY", "entity")],
)
def test_read_feed_entity_declarations_are_refused(tmp_path: Path, content: str | bytes) -> None:
    path = write_file(tmp_path / "attack.rss", content)

    tracemalloc.start()
    started = time.monotonic()
    try:
        items = list(read_feed(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert time.monotonic() - started < 2
    assert peak < 5_000_000
    (failure,) = items
    assert isinstance(failure, Failure)
    assert failure.code == "sources.unsafe_xml"
    assert failure.input_id == str(path)


def test_read_feed_entity_text_inside_cdata_is_allowed(tmp_path: Path) -> None:
    feed = RSS.replace("cleared the quay on Tuesday.", "wrote &lt;!ENTITY&gt; and <!ENTITY x> in a CDATA note.")

    documents, failures = _split(list(read_feed(write_file(tmp_path / "courier.rss", feed))))

    assert failures == []
    assert "ENTITY x" in documents[0].content


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("desk@courier.example (Tobin Ash)", ("Tobin Ash",)),
        ("desk@courier.news (Tobin Ash)", ("Tobin Ash",)),
        ("Tobin Ash <desk@courier.example>", ("Tobin Ash",)),
        ("Tobin Ash", ("Tobin Ash",)),
        ("desk@courier.example", ()),
    ],
)
def test_read_feed_rss_author_forms(tmp_path: Path, raw: str, expected: tuple[str, ...]) -> None:
    feed = RSS.replace("<author>desk@courier.example (Tobin Ash)</author>", f"<author>{escape(raw)}</author>")

    documents, _ = _split(list(read_feed(write_file(tmp_path / "courier.rss", feed))))

    assert documents[1].authors == expected


# --- OPML -----------------------------------------------------------------------------------------


def _opml(*outlines: str) -> str:
    body = "\n".join(f'      <outline text="feed" type="rss" xmlUrl="{url}"/>' for url in outlines)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>Harbour desk feeds</title></head>
  <body>
    <outline text="Harbour">
{body}
    </outline>
  </body>
</opml>
"""


def test_read_opml_reads_local_feeds_and_refuses_network(tmp_path: Path) -> None:
    rss = write_file(tmp_path / "feeds" / "courier.rss", RSS)
    atom = write_file(tmp_path / "elsewhere" / "inselbote.atom", ATOM)
    opml = write_file(
        tmp_path / "lists" / "desk.opml",
        _opml("../feeds/courier.rss", atom.as_uri(), "https://wire.example/feed.xml", "feed://wire.example/rss"),
    )

    documents, failures = _split(list(read_file(opml)))

    assert [d.uri for d in documents] == [
        f"{opml.parent / '../feeds/courier.rss'}#entry=1",
        f"{opml.parent / '../feeds/courier.rss'}#entry=2",
        f"{atom}#entry=1",
        f"{atom}#entry=2",
    ]
    assert Path(documents[0].uri.split("#")[0]).resolve() == rss.resolve()
    assert [(f.code, f.input_id) for f in failures] == [
        ("sources.fetch_disabled", "https://wire.example/feed.xml"),
        ("sources.fetch_disabled", "feed://wire.example/rss"),
    ]
    assert "fetching feeds over the network is not enabled" in failures[0].message
    assert "https://wire.example/feed.xml" in failures[0].message


@pytest.mark.parametrize(
    ("outline", "feed", "code"),
    [
        ("missing.rss", None, "sources.missing"),
        ("empty.rss", "", "sources.empty"),
        ("attack.rss", BILLION_LAUGHS, "sources.unsafe_xml"),
        ("file://fileserver/share/feed.rss", None, "sources.fetch_disabled"),
    ],
)
def test_read_opml_bad_feed_is_failure_and_others_are_read(
    tmp_path: Path, outline: str, feed: str | None, code: str
) -> None:
    if feed is not None:
        write_file(tmp_path / outline, feed)
    write_file(tmp_path / "courier.rss", RSS)
    opml = write_file(tmp_path / "desk.opml", _opml(outline, "courier.rss"))

    documents, failures = _split(list(read_opml(opml)))

    assert len(documents) == 2
    assert [f.code for f in failures] == [code]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("<opml><body><outline xmlUrl='a.rss'></body>", "sources.bad_opml"),
        ('<!DOCTYPE opml [<!ENTITY a "b">]><opml><body/></opml>', "sources.unsafe_xml"),
    ],
)
def test_read_opml_malformed_is_failure(tmp_path: Path, content: str, code: str) -> None:
    path = write_file(tmp_path / "desk.opml", content)

    (failure,) = read_opml(path)

    assert isinstance(failure, Failure)
    assert failure.code == code


def test_read_documents_folder_reads_feeds_once(tmp_path: Path) -> None:
    write_file(tmp_path / "courier.rss", RSS)
    write_file(tmp_path / "desk.opml", _opml("courier.rss"))

    documents, failures = _split(list(read_documents([tmp_path])))

    assert [p.name for p in expand_paths([tmp_path])] == ["courier.rss", "desk.opml"]
    assert failures == []
    assert len(documents) == 2  # the OPML lists the same feed: same content, same ids


# --- properties ----------------------------------------------------------------------------------


def _read_feed_or_error(path: Path) -> list[Document | Failure]:
    """What the reader yields; an empty or binary-looking file raises, as for every reader."""
    try:
        return list(read_feed(path))
    except InputError as error:
        if error.code not in {"sources.empty", "sources.binary", "sources.undecodable"}:
            raise
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=2000))
def test_read_feed_never_raises_on_arbitrary_text(tmp_path: Path, text: str) -> None:
    path = write_file(tmp_path / "fuzz.xml", text)

    items = _read_feed_or_error(path)

    assert all(isinstance(item, Document | Failure) for item in items)


FEED_PIECES = st.sampled_from(
    ["<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<description>", "</description>",
     "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "<content type='html'>", "</content>", "</entry>",
     "<![CDATA[", "]]>", "&amp;", "&lt;p&gt;", "&nbsp;", "<pubDate>", "Tue, 05 Mar 2024", "</pubDate>", "<link>",
     "https://courier.example/", "</link>", "<!DOCTYPE rss>", "<?xml version='1.0'?>", "x", " "]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(FEED_PIECES | st.text(max_size=5), max_size=60))
def test_read_feed_never_raises_on_feed_like_text(tmp_path: Path, pieces: list[str]) -> None:
    path = write_file(tmp_path / "fuzz.rss", "".join(pieces))

    items = _read_feed_or_error(path)

    assert all(isinstance(item, Document | Failure) for item in items)
