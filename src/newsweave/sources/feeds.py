"""Readers for news feeds: RSS 2.0 and Atom files, and OPML lists of feeds.

feedparser does the parsing, but it is handed bytes only, never a name or URL: given a string it
may open a file or fetch over the network, which only the run's fetcher does, with its own rules.
:func:`parse_feed` is the one parser: :func:`read_feed` reads a feed file through it, and the
fetcher (:mod:`newsweave.sources.fetch`) a feed served at a URL.
Entity declarations are refused before parsing (``sources.unsafe_xml``): feedparser drops most of
them itself, but entity expansion ("billion laughs") and external entities have no place in a
news feed, and refusing them up front is simpler to trust than each parser's defences. The check
runs on decoded text so that a UTF-16 feed cannot slip past it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree

import feedparser

from newsweave.errors import Failure, InputError
from newsweave.limits import DEFAULT_LIMITS, Limits
from newsweave.model import Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes, read_bounded

# Reads one feed URL into its items' pages (a run's fetcher); this module does no networking itself.
FetchFeed = Callable[[str], Iterator[Document | Failure]]

__all__ = [
    "FeedItem",
    "FetchFeed",
    "looks_like_feed",
    "opml_feed_urls",
    "parse_feed",
    "read_feed",
    "read_opml",
]

_STAGE = "sources"
_MEDIA_TYPES = {
    "text/html": MediaType.HTML,
    "application/xhtml+xml": MediaType.HTML,
    "text/plain": MediaType.TEXT,
}
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.DOTALL)
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_ADDRESS = re.compile(r"<?[^\s@<>()]+@[^\s@<>()]+>?")
_AUTHOR_WITH_ADDRESS = re.compile(
    r"\s*(?:[^\s@<>()]+@[^\s@<>()]+\s*\((?P<paren>[^()]*)\)|(?P<before>[^<>@]*?)\s*<[^\s@<>()]+@[^\s@<>()]+>)\s*"
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_FEED_ROOT = re.compile(
    r"^(?:\ufeff)?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_NETWORK_MESSAGE = (
    "fetching feeds over the network is not enabled (only http(s) feeds are fetched, by a run's fetcher);"
    " save the feed and list the local file"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One entry of a feed: where it links, what the feed says of it, and its own content.

    ``uri`` is ``<feed>#entry=<n>`` (from 1); ``content`` the entry's fullest HTML (empty when it
    has neither content nor summary); ``published`` its published, else updated, time in UTC;
    ``language`` the two-letter code of the entry's or feed's language.
    """

    uri: str
    link: str
    outlet: str
    title: str
    authors: tuple[str, ...]
    published: datetime | None
    language: str
    media_type: MediaType
    content: str


def looks_like_feed(text: str) -> bool:
    """Whether ``text`` starts as an RSS, RDF or Atom document (after any XML declaration,
    comments and doctype)."""
    return _FEED_ROOT.match(text[:4096]) is not None


def parse_feed(text: str, *, uri: str) -> Iterator[FeedItem | Failure]:
    """The entries of an RSS or Atom feed given as text, in feed order, named after ``uri``.

    Failures (naming ``uri``): ``sources.unsafe_xml`` (entity declarations), ``sources.bad_feed``
    (malformed XML with no entries recovered), ``sources.not_a_feed`` (well-formed XML that is not
    RSS or Atom). A feed without entries gives nothing.
    """
    if unsafe := _unsafe_xml(text, uri=uri):
        yield unsafe
        return
    parsed = feedparser.parse(
        BytesIO(text.encode("utf-8")),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,
    )
    entries = parsed.get("entries") or []
    if not entries:
        failure = _empty_feed_failure(parsed, uri=uri)
        if failure is not None:
            yield failure
        return
    feed = parsed.get("feed") or {}
    for number, entry in enumerate(entries, start=1):
        media_type, content, language = _entry_content(entry)
        yield FeedItem(
            uri=f"{uri}#entry={number}",
            link=_text(entry.get("link")),
            outlet=_text(feed.get("title")),
            title=_text(entry.get("title")),
            authors=_entry_authors(entry),
            published=_entry_published(entry),
            language=_language_code(language or _text(feed.get("language"))),
            media_type=media_type,
            content=content,
        )


def read_feed(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """One document per entry of an RSS or Atom feed, in feed order.

    Each document holds the entry's fullest HTML (``content:encoded`` or Atom ``content``, else
    the summary); ``uri`` is ``<path>#entry=<n>`` (from 1), ``url`` the entry link, ``outlet``
    the feed title, ``published`` the entry's published (else updated) time in UTC and
    ``language`` the two-letter code of the entry's or feed's language.

    Failures: ``sources.unsafe_xml`` (entity declarations), ``sources.bad_feed`` (malformed XML
    with no entries recovered), ``sources.not_a_feed`` (well-formed XML that is not RSS or Atom)
    and ``sources.no_content`` for an entry with neither content nor summary.

    Raises:
        InputError: the file is empty, not text, or over ``limits.max_page_bytes``.
        OSError: the file cannot be read.
    """
    uri = str(path)
    text, encoding = decode_bytes(read_bounded(path, max_bytes=limits.max_page_bytes), uri=uri)
    for item in parse_feed(text, uri=uri):
        if isinstance(item, Failure):
            yield item
        elif not item.content.strip():
            yield _failure(item.uri, "sources.no_content", f"{item.uri}: the entry has neither content nor a summary")
        else:
            yield _item_document(item, encoding=encoding)


def read_opml(
    path: Path, *, limits: Limits = DEFAULT_LIMITS, fetch_feed: FetchFeed | None = None
) -> Iterator[Document | Failure]:
    """The entries of every feed an OPML file lists (each ``outline`` with an ``xmlUrl``).

    A local path (absolute, or relative to the OPML file) or a ``file://`` URL is read with
    :func:`read_feed`. An http(s) URL is handed to ``fetch_feed`` when one is given (the run's
    fetcher: :func:`~newsweave.sources.url_inputs.read_opml_feeds`), its items' pages becoming the
    documents; without one, and for any other network URL, it is a ``sources.fetch_disabled``
    failure naming it. A missing or unreadable feed is a failure of its
    own; the other feeds are still read. An OPML file is never read as a feed, so one that lists
    itself (on disk or at a URL) gives ``sources.not_a_feed`` there, not a loop.

    Failures: ``sources.unsafe_xml``, ``sources.bad_opml`` (not well-formed XML),
    ``sources.fetch_disabled``, ``sources.missing``, ``sources.unreadable``, those of
    :func:`read_feed`, and the ``fetch.*`` ones of a fetched feed.

    Raises:
        InputError: the file is empty, not text, or over ``limits.max_page_bytes``.
        OSError: the file cannot be read.
    """
    uri = str(path)
    text, _ = decode_bytes(read_bounded(path, max_bytes=limits.max_page_bytes), uri=uri)
    if unsafe := _unsafe_xml(text, uri=uri):
        yield unsafe
        return
    try:
        root = ElementTree.fromstring(_XML_DECLARATION.sub("", text, count=1))
    except ElementTree.ParseError as error:
        yield _failure(uri, "sources.bad_opml", f"{uri}: not well-formed XML ({error})")
        return
    for outline in root.iter("outline"):
        url = _attribute(outline.attrib, "xmlUrl")
        if url:
            yield from _read_outline(url, base=path.parent, limits=limits, fetch_feed=fetch_feed)


def opml_feed_urls(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The ``xmlUrl`` of each ``outline`` an OPML file lists, in file order, as written.

    Raises:
        InputError: ``sources.unsafe_xml`` or ``sources.bad_opml``; or the file is empty, not
            text, or over ``limits.max_page_bytes``.
        OSError: the file cannot be read.
    """
    uri = str(path)
    text, _ = decode_bytes(read_bounded(path, max_bytes=limits.max_page_bytes), uri=uri)
    if unsafe := _unsafe_xml(text, uri=uri):
        raise InputError(unsafe.code, unsafe.message)
    try:
        root = ElementTree.fromstring(_XML_DECLARATION.sub("", text, count=1))
    except ElementTree.ParseError as error:
        raise InputError("sources.bad_opml", f"{uri}: not well-formed XML ({error})") from None
    return [url for outline in root.iter("outline") if (url := _attribute(outline.attrib, "xmlUrl"))]


def _read_outline(
    url: str, *, base: Path, limits: Limits, fetch_feed: FetchFeed | None
) -> Iterator[Document | Failure]:
    feed_path = _local_path(url, base=base)
    if feed_path is None:
        if fetch_feed is not None and urlsplit(url).scheme.lower() in {"http", "https"}:
            yield from fetch_feed(url)
        else:
            yield _failure(url, "sources.fetch_disabled", f"{url}: {_NETWORK_MESSAGE}")
        return
    if not feed_path.is_file():
        yield _failure(str(feed_path), "sources.missing", f"{feed_path}: no such feed file (listed as {url!r})")
        return
    try:
        yield from read_feed(feed_path, limits=limits)
    except InputError as error:
        yield _failure(str(feed_path), error.code, error.message)
    except OSError as error:
        yield _failure(str(feed_path), "sources.unreadable", f"{feed_path}: {error.strerror or error}")


def _local_path(url: str, *, base: Path) -> Path | None:
    """The file an outline's ``xmlUrl`` names, or None when it names something on the network."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
        return Path(url2pathname(parts.path))
    if len(scheme) > 1:  # one letter is a Windows drive, not a scheme
        return None
    path = Path(url)
    return path if path.is_absolute() else base / path


def _attribute(attributes: Mapping[str, str], name: str) -> str:
    """An attribute by name, ignoring case (OPML files in the wild spell ``xmlUrl`` freely)."""
    wanted = name.lower()
    for key, value in attributes.items():
        if key.lower() == wanted:
            return value.strip()
    return ""


def _unsafe_xml(text: str, *, uri: str) -> Failure | None:
    """The failure of a document that declares entities (billion laughs, external entities)."""
    if _ENTITY_DECLARATION.search(_CDATA.sub("", text)) is None:
        return None
    return _failure(
        uri, "sources.unsafe_xml", f"{uri}: the document declares XML entities (<!ENTITY>), which are not read"
    )


def _empty_feed_failure(parsed: Mapping[str, Any], *, uri: str) -> Failure | None:
    """Why a feed gave no entries, or None when it is simply a feed without entries."""
    if parsed.get("bozo"):
        reason = parsed.get("bozo_exception") or "malformed XML"
        return _failure(uri, "sources.bad_feed", f"{uri}: not a readable feed ({reason})")
    if not parsed.get("version"):
        return _failure(uri, "sources.not_a_feed", f"{uri}: expected an RSS or Atom feed, got other XML")
    return None


def _item_document(item: FeedItem, *, encoding: str) -> Document:
    """The document of an entry read from a feed file: its own content and the feed's metadata."""
    return Document(
        id=content_id(item.content),
        uri=item.uri,
        media_type=item.media_type,
        content=item.content,
        encoding=encoding,
        url=item.link,
        outlet=item.outlet,
        title=item.title,
        authors=item.authors,
        published=item.published,
        language=item.language,
    )


def _entry_content(entry: Mapping[str, Any]) -> tuple[MediaType, str, str]:
    """``(media type, content, language)`` of the fullest body: HTML content, any content, summary."""
    details = [item for item in entry.get("content") or [] if isinstance(item, Mapping)]
    details.sort(key=lambda item: _MEDIA_TYPES.get(_text(item.get("type"))) is not MediaType.HTML)
    summary = entry.get("summary_detail")
    if isinstance(summary, Mapping):
        details.append(summary)
    for detail in details:
        value = _text(detail.get("value"))
        if value:
            media_type = _MEDIA_TYPES.get(_text(detail.get("type")), MediaType.HTML)
            return media_type, value, _text(detail.get("language"))
    return MediaType.HTML, "", ""


def _entry_authors(entry: Mapping[str, Any]) -> tuple[str, ...]:
    """Author names, without e-mail addresses.

    feedparser splits RSS's ``email (Name)`` with an address pattern that stops at four-letter
    top-level domains (``desk@courier.news (Ann)`` gives the name ``ws (Ann``) and drops
    ``Name <email>``; so a lone author is parsed here from the raw string, and a name that came
    from an address keeps only its parenthesised part.
    """
    details = [author for author in entry.get("authors") or [] if isinstance(author, Mapping)]
    raw = _text(entry.get("author"))
    is_lone = len(details) <= 1 and bool(raw)
    names = [_author_name(raw)] if is_lone else [_detail_name(detail) for detail in details]
    return tuple(dict.fromkeys(name for name in names if name))


def _author_name(raw: str) -> str:
    """``Name`` from ``email (Name)``, ``Name <email>`` or ``Name``; empty for a bare address."""
    match = _AUTHOR_WITH_ADDRESS.fullmatch(raw)
    if match is not None:
        return (match.group("paren") or match.group("before") or "").strip()
    return "" if _ADDRESS.fullmatch(raw) else raw


def _detail_name(detail: Mapping[str, Any]) -> str:
    name = _text(detail.get("name"))
    if detail.get("email") and "(" in name:
        name = name.partition("(")[2].rstrip(")").strip()
    return name


def _entry_published(entry: Mapping[str, Any]) -> datetime | None:
    """The entry's published, else updated, time; feedparser gives it as a UTC ``struct_time``."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except ValueError:
                continue
    return None


def _language_code(tag: str) -> str:
    """``en`` from ``en-us``, ``EN_GB`` or ``en``; empty when the primary subtag is not two letters."""
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _failure(input_id: str, code: str, message: str) -> Failure:
    return Failure(input_id=input_id, stage=_STAGE, code=code, message=message)
