"""Page metadata with provenance: title, description, outlet, authors, published and updated times.

trafilatura's metadata pass (``with_metadata=True``) gives one date and one author string, not
where they came from, and searches dates with htmldate a second time (it took three quarters of
newsweave's extraction time on the AEB pages). A comparison needs to know whether a time is the
publisher's own ``datePublished`` or a guess from the URL, so newsweave reads the page's metadata
itself, in one pass over the tree, and keeps each value's source and a confidence:

- ``json-ld``: schema.org ``NewsArticle``-like objects in ``<script type="application/ld+json">``;
- ``markup``: ``<meta>`` tags (Open Graph, Dublin Core, Parse.ly, ...), ``itemprop`` and ``<time>``;
- ``url``: a ``/2019/11/19/`` style date in the page address (day precision, no time);
- ``text``: a dated line near the top of the visible text ("Updated Nov. 19, 2019").

Published and updated times are kept apart: an updated time never stands in for a published one.
The cue names and confidences are data in :mod:`newsweave.extract.patterns`.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlparse

from lxml import html as lxml_html

from newsweave.extract import patterns

__all__ = [
    "Dated",
    "PageMetadata",
    "clean_authors",
    "date_in_text",
    "date_in_url",
    "dated",
    "dateline",
    "read_metadata",
]

MIN_YEAR = 1990
# Only the page's top lines carry its dateline; a date further down is a date the story mentions.
DATELINE_REACH = 40
MAX_DATELINE_CHARS = 120
# A dateline stands at most this many lines above the headline (a kicker, a byline and a date).
HEADLINE_REACH = 5
# A page's headline is among its first <h1> elements (others head sidebars, footers).
MAX_HEADLINES = 3
_ISO_DAY = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})")


@dataclass(frozen=True, slots=True, kw_only=True)
class Dated:
    """A time and where it was read: ``json-ld``, ``markup``, ``url``, ``text`` or ``feed``."""

    value: datetime
    source: str
    confidence: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMetadata:
    title: str = ""
    description: str = ""
    site_name: str = ""
    url: str = ""
    language: str = ""
    authors: tuple[str, ...] = ()
    authors_from: str = ""
    published: Dated | None = None
    updated: Dated | None = None


def read_metadata(tree: lxml_html.HtmlElement, *, url: str = "") -> PageMetadata:
    """The metadata in a page's markup, each date with its source and confidence.

    Dates come from JSON-LD, then markup, then ``url`` (published only); a page with none of
    those may still have a dateline in its text (:func:`dateline`).
    """
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    url = url or str(tree.xpath("string(//link[@rel='canonical']/@href)")) or _first(meta, ("og:url",))
    site_name = _first(meta, patterns.SITE_NAME_KEYS) or _name_of(ld.get("publisher"))
    host = urlparse(url).hostname or ""
    ld_authors = clean_authors(_names(ld.get("author")), outlet=site_name, host=host)
    meta_authors = clean_authors(_split_names(_first(meta, patterns.AUTHOR_KEYS)), outlet=site_name, host=host)
    authors, authors_from = (ld_authors, "json-ld") if ld_authors else (meta_authors, "markup" if meta_authors else "")
    title = _str(ld.get("headline")) or _first(meta, patterns.TITLE_KEYS) or _text_of(tree.find(".//title"))
    return PageMetadata(
        title=_headline_part(_strip_site_name(html.unescape(title), site_name), tree),
        description=_first(meta, patterns.DESCRIPTION_KEYS) or _str(ld.get("description")),
        site_name=site_name,
        language=((tree.get("lang") or _first(meta, patterns.LANGUAGE_KEYS)).split("-")[0].split("_")[0].lower()),
        authors=authors,
        authors_from=authors_from,
        url=url,
        published=_pick_date(ld, meta, "published", url=url),
        updated=_pick_date(ld, meta, "updated", url=""),
    )


def _pick_date(ld: dict[str, Any], meta: dict[str, str], kind: str, *, url: str) -> Dated | None:
    """The first date found, trying sources from the most to the least trustworthy."""
    published = kind == "published"
    ld_key = "datePublished" if published else "dateModified"
    meta_keys = patterns.PUBLISHED_KEYS if published else patterns.UPDATED_KEYS
    candidates = (
        ("json-ld", parse_date(_str(ld.get(ld_key)))),
        ("markup", next(filter(None, (parse_date(meta.get(key, "")) for key in meta_keys)), None)),
        ("url", date_in_url(url)),
    )
    return next((dated(value, source) for source, value in candidates if value is not None), None)


def dated(value: datetime | None, source: str) -> Dated | None:
    """``value`` with its source and that source's confidence (None stays None)."""
    return Dated(value=value, source=source, confidence=patterns.DATE_CONFIDENCE[source]) if value else None


def dateline(text: str, *, updated: bool, headline: str = "") -> Dated | None:
    """The date of a dateline among the top lines of a page's visible text (source ``text``), or
    among the lines around its ``headline`` (a page's menus can fill the top lines)."""
    return dated(date_in_text(text, updated=updated, headline=headline), "text")


def parse_date(value: str) -> datetime | None:
    """An aware datetime from ISO 8601 or RFC 2822 text (naive times are taken as UTC), or None."""
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value[:11] else value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            match = _ISO_DAY.match(value)
            parsed = _day(match.group("year"), match.group("month"), match.group("day")) if match else None
    if parsed is None or not MIN_YEAR <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def date_in_url(url: str) -> datetime | None:
    """The publication day a URL path spells (``/2019/11/19/``, ``/2019-11-19-``), or None."""
    match = patterns.URL_DATE.search(url)
    return _day(match.group("year"), match.group("month"), match.group("day")) if match else None


def date_in_text(text: str, *, updated: bool, headline: str = "") -> datetime | None:
    """The date of the first dateline among the top lines of ``text``, else among the lines from
    HEADLINE_REACH above the line that is ``headline`` to DATELINE_REACH below it.

    A line with an update cue ("Updated", "Modified") gives the updated date; any other short
    dated line the published one.
    """
    lines = text.split("\n")
    found = _first_dateline(lines[:DATELINE_REACH], updated=updated)
    if found is None and headline and headline in lines:
        at = lines.index(headline)
        found = _first_dateline(lines[max(DATELINE_REACH, at - HEADLINE_REACH) : at + DATELINE_REACH], updated=updated)
    return found


def _first_dateline(lines: list[str], *, updated: bool) -> datetime | None:
    for line in lines:
        if len(line) > MAX_DATELINE_CHARS or bool(patterns.UPDATE_CUE.search(line)) is not updated:
            continue
        match = patterns.DATELINE.search(line)
        if match:
            month = match.group("month_name") or match.group("month_name2")
            day = match.group("day") or match.group("day2")
            if month:
                return _day(match.group("year") or match.group("year2"), patterns.month_number(month), day)
            if match.group("dot_year"):
                return _day(match.group("dot_year"), match.group("dot_month"), match.group("dot_day"))
            return _day(match.group("iso_year"), match.group("iso_month"), match.group("iso_day"))
    return None


def clean_authors(names: list[str], *, outlet: str, host: str = "") -> tuple[str, ...]:
    """Author names less what is not a person: the outlet (by name or web address), "Email the
    author", a time, a URL."""
    outlets = {_squash(outlet), _squash(host.removeprefix("www.").rsplit(".", 1)[0])} - {""}
    kept: list[str] = []
    for raw in names:
        name = patterns.BY_PREFIX.sub("", raw).strip(" ,;|")
        if (
            name
            and not _names_an_outlet(_squash(name), outlets)
            and not patterns.NOT_AN_AUTHOR.search(name)
            and any(char.isalpha() for char in name)
            and len(name) <= patterns.MAX_AUTHOR_CHARS
            and name not in kept
        ):
            kept.append(name)
    return tuple(kept)


def _squash(name: str) -> str:
    return re.sub(r"\W|_", "", name.casefold())


def _names_an_outlet(name: str, outlets: set[str]) -> bool:
    """An outlet by name: "Futurism" for futurism.com; a name under 4 letters must equal it."""
    return any(name == outlet or (len(name) >= 4 and name in outlet) for outlet in outlets)


def _day(year: str, month: str | int, day: str) -> datetime | None:
    try:
        value = datetime(int(year), int(month), int(day), tzinfo=UTC)
    except ValueError:
        return None
    return value if MIN_YEAR <= value.year <= datetime.now(UTC).year + 1 else None


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """``<meta>``, ``itemprop`` and ``<time>`` values by lowercased name, first occurrence wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta | //*[@itemprop] | //time[@datetime]"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or element.get("http-equiv")
        value = element.get("content") or element.get("datetime")
        if value is None and element.get("itemprop"):
            value = element.text_content()
        if value and (key or element.tag == "time"):
            found.setdefault((key or "time").strip().lower(), value.strip())
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key)), "")


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first schema.org article object in the page's JSON-LD, ``{}`` if none."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # publishers ship broken JSON-LD often; the other sources still count
        objects = list(_ld_objects(data))
        for item in objects:
            types = item.get("@type")
            names = set(types) if isinstance(types, list) else {types}
            if names & patterns.ARTICLE_TYPES:
                return _with_publisher(item, objects)
    return {}


def _with_publisher(article: dict[str, Any], objects: list[dict[str, Any]]) -> dict[str, Any]:
    """``article`` with its publisher in full where it only points at one by ``@id``: Yoast and
    other generators put the Organization, with its name, beside the article in an ``@graph``."""
    publisher = article.get("publisher")
    if not isinstance(publisher, dict) or publisher.get("name") or not publisher.get("@id"):
        return article
    named = (item for item in objects if item.get("@id") == publisher["@id"] and item.get("name"))
    return {**article, "publisher": next(named, publisher)}


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD ``author``: a string, a Person, or a list of them."""
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    if isinstance(value, dict):
        return [] if value.get("@type") == "Organization" else _split_names(_str(value.get("name")))
    return _split_names(_str(value))


def _name_of(value: Any) -> str:
    if isinstance(value, list):
        return _name_of(value[0]) if value else ""
    return _str(value.get("name")) if isinstance(value, dict) else _str(value)


def _split_names(raw: str) -> list[str]:
    return [name for name in patterns.AUTHOR_SEPARATOR.split(raw) if name.strip()]


def _str(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _text_of(element: lxml_html.HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _strip_site_name(title: str, site_name: str) -> str:
    """``"Headline | Outlet"`` -> ``"Headline"`` when the part cut off names the outlet."""
    separators = list(patterns.TITLE_SEPARATOR.finditer(title))
    if not separators or not site_name:
        return title
    outlet = site_name.casefold()
    head, tail = title[: separators[-1].start()], title[separators[-1].end() :]
    if _names_outlet(tail, outlet):
        return head.strip()
    head, tail = title[: separators[0].start()], title[separators[0].end() :]
    return tail.strip() if _names_outlet(head, outlet) else title


def _headline_part(title: str, tree: lxml_html.HtmlElement) -> str:
    """``title`` cut to the page's headline where it holds the headline and more ("Headline | Blog",
    "Section - Headline", a site that names itself nowhere else): the part between separators that
    one of the page's first MAX_HEADLINES ``<h1>`` says, else ``title`` whole."""
    separators = list(patterns.TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    headlines = {_squash_text(_text_of(h1)) for h1 in itertools.islice(tree.iter("h1"), MAX_HEADLINES)}
    parts = [title[: separator.start()] for separator in separators] + [
        title[separator.end() :] for separator in separators
    ]
    return next((part.strip() for part in parts if _squash_text(part) in headlines), title)


def _squash_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def _names_outlet(part: str, outlet: str) -> bool:
    part = part.strip().casefold()
    return bool(part) and (part in outlet or outlet in part)
