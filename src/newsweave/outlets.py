"""How newsweave names a source wherever it shows one: the outlet's own name, else its web domain.

Reports, the web pages, the store's story counts and the CLI all name a source with
:func:`source_name`, so one outlet is never ``www.bbc.co.uk`` in one place, ``bbc.co.uk`` in
another and a file name in a third. ``outlet`` on an article keeps only what the input or the page
says (a JSON Lines record's or a feed's ``outlet``, ``og:site_name``, the JSON-LD publisher); the
fallbacks for a source that names itself nowhere live here and nowhere else.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Protocol
from urllib.parse import urlsplit

from tld import get_fld

__all__ = ["Sourced", "source_name"]

_WEB_SCHEMES = frozenset({"http", "https"})
# A compressed file keeps the format it holds as a second suffix: "crawl.warc.gz".
_COMPRESSED = frozenset({".gz", ".bz2", ".xz", ".zst"})
_PATH_SEPARATOR = re.compile(r"[\\/]")


class Sourced(Protocol):
    """What a source is named from: an Article, a Document and the store's member rows have it."""

    @property
    def id(self) -> str: ...

    @property
    def outlet(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def uri(self) -> str: ...


def source_name(item: Sourced) -> str:
    """The name to show for ``item``'s source, the first of:

    - the outlet the input or page names (``The Alder Courier``);
    - the registered domain of the article's URL, or of ``uri`` when that is a web address
      (``https://www.bbc.co.uk/news/x`` -> ``bbc.co.uk``);
    - the input file's name without folder or extension, with the record it points at
      (``in/coastline-daily.txt`` -> ``coastline-daily``, ``in/a.jsonl#L3`` -> ``a#L3``);
    - the article id.
    """
    return (
        _own_name(item.outlet, item.url) or _domain(item.url) or _domain(item.uri) or _file_label(item.uri) or item.id
    )


def _own_name(outlet: str, url: str) -> str:
    name = " ".join(outlet.split())
    if "://" in name:  # a site that gives its address as its name
        return _domain(name)
    # Extraction used to store the page's host name as its outlet; stores written then still
    # hold it, and it is no name: the domain rule below names such a page.
    return "" if name.casefold() == _host(url) else name


def _host(address: str) -> str:
    try:
        parts = urlsplit(address.strip())
        host = parts.hostname or ""  # hostname is lower case; a bad port or bracket raises
    except ValueError:
        return ""
    return host if parts.scheme.casefold() in _WEB_SCHEMES else ""


def _domain(address: str) -> str:
    """The registered domain of a web address (``news.bbc.co.uk`` -> ``bbc.co.uk``), or ""."""
    host = _host(address)
    if not host:
        return ""
    # tld places the host with the public suffix list (bbc.co.uk, user.github.io); a host it
    # cannot place (localhost, an IP address, a .test or .example name) is shown whole.
    return get_fld(address.strip(), fail_silently=True) or host.removeprefix("www.")


def _file_label(uri: str) -> str:
    """A file's name without its folder and extension, with the record it points at, if any.

    This names a page with no outlet and no web address: in practice a scraped .txt page.
    Plain-text extraction finds a title, dek and byline but nothing that names the site (no
    markup; "covers ports for Coastline Daily" in a bio is too loose a cue to trust), so the
    file's stem is the least bad name: people save pages under their outlet's name, and the stem
    as written (``coastline-daily``, not a guessed "Coastline Daily") does not pass for the
    outlet's own spelling. The folder says where the file lies, not who wrote it, and the
    record (``#L3`` of a JSON Lines file, ``#entry=2`` of a feed) keeps the articles of one
    file apart, as the file name did before.
    """
    path, hash_mark, record = uri.rpartition("#")
    if not hash_mark or _PATH_SEPARATOR.search(record):
        path, record = uri, ""
    name = PurePosixPath(_PATH_SEPARATOR.split(path.rstrip("/\\"))[-1])
    stem = name.stem if name.suffix.casefold() not in _COMPRESSED else PurePosixPath(name.stem).stem
    stem = stem or name.name
    return f"{stem}#{record}" if stem and record else stem
