"""Fetching pages by URL: a source like a file on disk, read politely and within limits.

A fetched page becomes a :class:`~newsweave.model.Document` decoded as a file is
(:func:`~newsweave.sources.decode.decode_bytes`), and goes through the same pipeline. Every way a
server can misbehave (an error status, a stall, a redirect loop, a body past the page limit, a
gzip bomb, content that is not a page) is a ``Failure`` with a ``fetch.*`` code naming the URL.

A URL that serves an RSS or Atom feed (by its content type, or a body that starts as one) is read
like a feed file, by the same parser (:func:`~newsweave.sources.feeds.parse_feed`), and each
item's link is fetched through the same fetcher, politely: the pages become the documents, with
the item's title, time, authors and language and the feed's title as outlet. A fetcher fetches a
feed or an item's link at most once per run, so a feed whose items link back to it, or to each
other, ends; and an item that is itself a feed is not followed (``fetch.feed_in_feed``).

Polite by default: robots.txt is obeyed, one request at a time per host with a delay between
them, a user agent that names newsweave, and a bounded number of retries with backoff on 429 and
5xx, honouring ``Retry-After``. Addresses of this machine and its private networks are refused
unless ``allow_private`` is set (for testing against a local server).

One :class:`Fetcher` serves a run (:mod:`newsweave.sources.url_inputs`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from newsweave.errors import Failure, InputError
from newsweave.limits import DEFAULT_LIMITS, Limits
from newsweave.model import Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes
from newsweave.sources.feeds import FeedItem, looks_like_feed, parse_feed
from newsweave.sources.http_body import read_body, retry_after
from newsweave.sources.politeness import HostPacer, RobotsRules, check_public_address, parse_robots
from newsweave.version import __version__

__all__ = [
    "USER_AGENT",
    "FeedPoll",
    "FeedValidators",
    "FetchOptions",
    "FetchedPage",
    "Fetcher",
    "is_url",
]

_LOG = logging.getLogger(__name__)

USER_AGENT = f"newsweave/{__version__}"
_STAGE = "sources"
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRIED = {429, 500, 502, 503, 504}
_MEDIA_TYPES = {
    "text/html": MediaType.HTML,
    "application/xhtml+xml": MediaType.HTML,
    "text/plain": MediaType.TEXT,
}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
_URL = re.compile(r"^https?://", re.IGNORECASE)
_SHARED_PACER = HostPacer()


def is_url(value: object) -> bool:
    """Whether ``value`` is a string naming an http(s) URL (a ``Path`` never is: it folds ``//``)."""
    return isinstance(value, str) and bool(_URL.match(value.strip()))


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """How pages are fetched.

    Args:
        delay: seconds between the end of one request to a host and the start of the next.
        connect_timeout, read_timeout: seconds to connect, and to wait for each piece of a body.
        deadline: seconds for one whole response (a server dripping bytes fails as ``fetch.timeout``).
        max_redirects: redirects followed; more fail as ``fetch.too_many_redirects``.
        max_retries: retries of a request answered 429 or 5xx.
        backoff: the first retry's wait when the server gives no ``Retry-After``; doubled each time.
        max_retry_wait: the longest wait before a retry, whatever ``Retry-After`` asks.
        obey_robots: fetch and obey each host's robots.txt.
        allow_private: allow loopback and private-network addresses (a local test server).
        user_agent: the ``User-Agent`` sent, and the name robots.txt rules are matched against.
        max_feed_items: items of one feed whose pages are fetched; the feed's later items are
            skipped (and logged).
    """

    delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_redirects: int = 5
    max_retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 30.0
    obey_robots: bool = True
    allow_private: bool = False
    user_agent: str = USER_AGENT
    max_feed_items: int = 100

    def __post_init__(self) -> None:
        for name in ("delay", "max_redirects", "max_retries", "backoff", "max_retry_wait", "max_feed_items"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchOptions.{name} must be >= 0, got {getattr(self, name)!r}")
        for name in ("connect_timeout", "read_timeout", "deadline"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchOptions.{name} must be > 0, got {getattr(self, name)!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """A response read whole: the URL asked for, the URL it came from after redirects, and its body."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedValidators:
    """What a server said identifies a feed's version (``ETag``, ``Last-Modified``), sent back as
    ``If-None-Match`` / ``If-Modified-Since`` so an unchanged feed is answered 304, without a body."""

    etag: str = ""
    last_modified: str = ""

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators make (none when both are empty)."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedPoll:
    """One conditional request for a feed (:meth:`Fetcher.poll_feed`).

    ``status`` is the HTTP status (200, or 304 when the feed is unchanged), 0 when the feed could
    not be read; ``validators`` are the ones to send next time; ``items`` its items with a link, in
    feed order, each link made absolute and listed once, not fetched; ``failures`` the feed's own
    failure or its broken items.
    """

    url: str
    status: int
    validators: FeedValidators
    items: tuple[FeedItem, ...] = ()
    failures: tuple[Failure, ...] = ()

    @property
    def links(self) -> tuple[str, ...]:
        """The items' absolute links, in feed order."""
        return tuple(item.link for item in self.items)

    @property
    def not_modified(self) -> bool:
        """Whether the server said the feed is unchanged since ``validators`` were given (304)."""
        return self.status == 304


class Fetcher:
    """Fetches pages within ``limits`` and ``options``; a context manager (it holds a connection pool).

    ``pacer`` spaces requests per host; by default the one all fetchers of the process share.
    A fetcher serves one run: it remembers the URLs it read (``seen``), and fetches a feed, or
    a feed item's link, at most once. It also remembers the items of the feeds it polled
    (:meth:`poll_feed`), so a page read later from an item's link carries the item's metadata,
    as one read through :meth:`read_feed_url` does.
    """

    def __init__(
        self, options: FetchOptions | None = None, *, limits: Limits = DEFAULT_LIMITS, pacer: HostPacer | None = None
    ) -> None:
        self.options = options or FetchOptions()
        self.limits = limits
        self._pacer = pacer or _SHARED_PACER
        self._robots: dict[str, RobotsRules] = {}
        self._seen: set[str] = set()
        self._polled_items: dict[str, FeedItem] = {}
        timeout = httpx.Timeout(self.options.read_timeout, connect=self.options.connect_timeout)
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def read_url(self, url: str, *, limits: Limits | None = None) -> Iterator[Document | Failure]:
        """The page at ``url`` as one document, or one ``Failure`` (stage ``sources``) naming it.

        A feed (a feed content type, or a body that starts as RSS or Atom) gives the pages its
        items link to instead, as :meth:`read_feed_url` does.
        """
        self._seen.add(url)
        try:
            page, content, encoding = self._fetch_text(url, limits=limits)
        except InputError as error:
            yield _fetch_failure(url, error)
            return
        if _is_feed(page.content_type, content):
            yield from self._read_feed_items(page, content, limits=limits)
        elif (item := self._polled_items.get(url)) is not None:
            yield _item_document(item, page, content, encoding)
        else:
            yield _page_document(page, content, encoding)

    def read_feed_url(self, url: str, *, limits: Limits | None = None) -> Iterator[Document | Failure]:
        """The pages the items of the feed at ``url`` link to, in feed order, with the item's metadata.

        Each item's link (relative to the feed) is fetched through this fetcher: paced, with
        robots.txt obeyed, and at most ``options.max_feed_items`` of them. A document's ``uri`` is
        the item's link, its ``url`` the page's after redirects; ``title``, ``published``,
        ``authors`` and ``language`` are the item's, ``outlet`` the feed's title.

        Not followed, each a ``Failure``: a feed, or an item's link, already read in this run
        (``fetch.already_fetched``: an item linking to its own feed, items linking in a loop, a
        feed listed twice); an item whose page is itself a feed (``fetch.feed_in_feed``: feeds are
        not followed recursively); an item without a link (``fetch.no_link``). A body that is not
        a feed is ``sources.not_a_feed``; a broken feed fails as a broken feed file does
        (``sources.bad_feed``, ``sources.not_a_feed``, ``sources.unsafe_xml``).
        """
        if url in self._seen:
            yield _failure(url, "fetch.already_fetched", f"{url}: the feed was already read in this run")
            return
        self._seen.add(url)
        try:
            page, content, _ = self._fetch_text(url, limits=limits)
        except InputError as error:
            yield _fetch_failure(url, error)
            return
        if not _is_feed(page.content_type, content):
            message = f"{url}: expected an RSS or Atom feed, got {page.content_type or 'a body'} that is not one"
            yield _failure(url, "sources.not_a_feed", message)
            return
        yield from self._read_feed_items(page, content, limits=limits)

    def poll_feed(
        self, url: str, validators: FeedValidators | None = None, *, limits: Limits | None = None
    ) -> FeedPoll:
        """Ask for the feed at ``url`` conditionally on ``validators``; its item links, not their pages.

        A 304 answer is a poll with ``not_modified`` and no links (nothing new, no failure). Otherwise
        the feed is parsed as :meth:`read_feed_url` parses it (the same parser), and its items'
        links (relative ones resolved against the feed, at most ``options.max_feed_items``, each
        once) are returned for the caller to fetch, with the validators the response gave.
        """
        given = validators or FeedValidators()
        self._seen.add(url)
        try:
            page = self.fetch(url, limits=limits, headers=given.headers())
            if page.status == 304:
                kept = FeedValidators(
                    etag=page.etag or given.etag, last_modified=page.last_modified or given.last_modified
                )
                return FeedPoll(url=url, status=304, validators=kept)
            content, _ = decode_bytes(page.body, uri=url)
        except InputError as error:
            return FeedPoll(url=url, status=0, validators=given, failures=(_fetch_failure(url, error),))
        if not _is_feed(page.content_type, content):
            message = f"{url}: expected an RSS or Atom feed, got {page.content_type or 'a body'} that is not one"
            failure = _failure(url, "sources.not_a_feed", message)
            return FeedPoll(url=url, status=0, validators=given, failures=(failure,))
        items: dict[str, FeedItem] = {}
        failures: list[Failure] = []
        for item in parse_feed(content, uri=url):
            if isinstance(item, Failure):
                failures.append(item)
            elif not item.link:
                failures.append(_failure(item.uri, "fetch.no_link", f"{item.uri}: the feed item has no link to fetch"))
            elif len(items) >= self.options.max_feed_items:
                _LOG.warning("%s: only the first %d items are fetched", url, self.options.max_feed_items)
                break
            elif (link := urljoin(page.final_url, item.link)) not in items:
                items[link] = dataclasses.replace(item, link=link)
        self._polled_items.update(items)
        validators = FeedValidators(etag=page.etag, last_modified=page.last_modified)
        return FeedPoll(
            url=url, status=page.status, validators=validators, items=tuple(items.values()), failures=tuple(failures)
        )

    def document(self, url: str, *, limits: Limits | None = None) -> Document:
        """The page at ``url`` (feed or not): ``uri`` the URL asked for, ``url`` the one it came from.

        Raises:
            InputError: a ``fetch.*`` code, or a ``sources.*`` one for a body that is not text.
        """
        page, content, encoding = self._fetch_text(url, limits=limits)
        return _page_document(page, content, encoding)

    def _fetch_text(self, url: str, *, limits: Limits | None) -> tuple[FetchedPage, str, str]:
        """The page at ``url``, its decoded text and that text's encoding.

        Raises:
            InputError: a ``fetch.*`` code, or a ``sources.*`` one for a body that is not text.
        """
        page = self.fetch(url, limits=limits)
        self._seen.add(page.final_url)
        content, encoding = decode_bytes(page.body, uri=url)
        return page, content, encoding

    def _read_feed_items(self, feed: FetchedPage, text: str, *, limits: Limits | None) -> Iterator[Document | Failure]:
        """The pages of a fetched feed's items (see :meth:`read_feed_url`)."""
        fetched = 0
        for item in parse_feed(text, uri=feed.url):
            if isinstance(item, Failure):
                yield item
                continue
            if fetched >= self.options.max_feed_items:
                _LOG.warning("%s: only the first %d items are fetched", feed.url, self.options.max_feed_items)
                return
            fetched += 1
            yield self._read_item(item, base=feed.final_url, limits=limits)

    def _read_item(self, item: FeedItem, *, base: str, limits: Limits | None) -> Document | Failure:
        if not item.link:
            return _failure(item.uri, "fetch.no_link", f"{item.uri}: the feed item has no link to fetch")
        link = urljoin(base, item.link)
        if link in self._seen:
            message = f"{link}: already fetched in this run (feed item {item.uri} links to its feed or another item)"
            return _failure(link, "fetch.already_fetched", message)
        self._seen.add(link)
        try:
            page, content, encoding = self._fetch_text(link, limits=limits)
        except InputError as error:
            return _fetch_failure(link, error)
        if _is_feed(page.content_type, content):
            message = f"{link}: feed item {item.uri} links to a feed, and feeds inside feeds are not followed"
            return _failure(link, "fetch.feed_in_feed", message)
        return _item_document(item, page, content, encoding)

    def fetch(
        self, url: str, *, limits: Limits | None = None, page: bool = True, headers: Mapping[str, str] | None = None
    ) -> FetchedPage:
        """Fetch ``url``, following redirects; ``page`` asks for an HTML or text body.

        ``headers`` are sent with each request (conditional ones: a 304 answer is then a page of
        status 304 with an empty body).

        Raises:
            InputError: a ``fetch.*`` code.
        """
        max_bytes = (limits or self.limits).max_page_bytes
        seen = [url]
        current = url
        while True:
            host, port = _check_url(current, original=url)
            if not self.options.allow_private:
                check_public_address(host, port, url=url)
            if page and not self._robots_allow(current):
                message = f"{url}: robots.txt of {host} disallows {current} (or the server failed to serve it)"
                raise InputError("fetch.robots", message)
            response = self._request_with_retries(
                current, original=url, max_bytes=max_bytes, page=page, headers=headers or {}
            )
            if isinstance(response, FetchedPage):
                return dataclasses.replace(response, url=url, final_url=current)
            following = urljoin(current, response)
            if following in seen:
                raise InputError("fetch.redirect_loop", f"{url}: redirects loop back to {following}")
            if len(seen) > self.options.max_redirects:
                message = f"{url}: more than {self.options.max_redirects} redirects (last to {following})"
                raise InputError("fetch.too_many_redirects", message)
            seen.append(following)
            current = following

    def _robots_allow(self, url: str) -> bool:
        return not self.options.obey_robots or self._robots_for(url).allows(url, self.options.user_agent)

    def _robots_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._read_robots(origin, url=url)
            self._robots[origin] = rules
        return rules

    def _read_robots(self, origin: str, *, url: str) -> RobotsRules:
        """A host's robots.txt rules: none (allow all) when it has none (4xx), all disallowed when
        the server fails on it (5xx, RFC 9309).

        Raises:
            InputError: the host cannot be reached (not remembered, so a later run tries again).
        """
        try:
            page = self.fetch(f"{origin}/robots.txt", limits=Limits(max_page_bytes=500 << 10), page=False)
        except InputError as error:
            if error.code.startswith("fetch.http_5"):
                return RobotsRules(None, disallow_all=True)
            if error.code.startswith("fetch.http_") or error.code in {"fetch.too_large", "fetch.not_html"}:
                return RobotsRules(None)
            raise InputError(error.code, f"{url}: {error.message.removeprefix(f'{origin}/robots.txt: ')}") from None
        return parse_robots(page.body.decode("utf-8", errors="replace"))

    def _request_with_retries(
        self, url: str, *, original: str, max_bytes: int, page: bool, headers: Mapping[str, str]
    ) -> FetchedPage | str:
        """The response to ``url`` (a redirect as its ``Location``), retried on 429 and 5xx."""
        attempt = 0
        while True:
            host = urlsplit(url).netloc.lower()
            delay = self.options.delay
            if page and self.options.obey_robots:
                delay = max(delay, self._robots_for(url).crawl_delay(self.options.user_agent))
            with self._pacer.turn(host, delay):
                result = self._request(url, original=original, max_bytes=max_bytes, page=page, headers=headers)
            if not isinstance(result, tuple):
                return result
            status, retry_after = result
            if status not in _RETRIED or attempt >= self.options.max_retries:
                raise InputError(f"fetch.http_{status}", f"{original}: the server answered HTTP {status} for {url}")
            wait = retry_after if retry_after is not None else self.options.backoff * 2**attempt
            time.sleep(min(wait, self.options.max_retry_wait))
            attempt += 1

    def _request(
        self, url: str, *, original: str, max_bytes: int, page: bool, headers: Mapping[str, str]
    ) -> FetchedPage | str | tuple[int, float | None]:
        """One request: the page, a redirect's ``Location``, or an error status with its ``Retry-After``."""
        deadline = time.monotonic() + self.options.deadline
        try:
            with self._client.stream("GET", url, headers=dict(headers)) as response:
                status = response.status_code
                if status in _REDIRECTS and response.headers.get("location"):
                    return response.headers["location"]
                etag = response.headers.get("etag", "")
                last_modified = response.headers.get("last-modified", "")
                if status == 304 and headers:
                    return FetchedPage(
                        url=url,
                        final_url=url,
                        status=status,
                        content_type="",
                        body=b"",
                        fetched_at=datetime.now(UTC),
                        etag=etag,
                        last_modified=last_modified,
                    )
                if status >= 400:
                    return status, retry_after(response.headers.get("retry-after", ""))
                if status != 200:
                    raise InputError(f"fetch.http_{status}", f"{original}: the server answered HTTP {status} for {url}")
                content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if page and content_type and content_type not in _MEDIA_TYPES and content_type not in _FEED_TYPES:
                    message = f"{original}: {url} is {content_type}, not an HTML or text page or a feed"
                    raise InputError("fetch.not_html", message)
                body = read_body(response, url=original, max_bytes=max_bytes, deadline=deadline)
                return FetchedPage(
                    url=url,
                    final_url=url,
                    status=status,
                    content_type=content_type,
                    body=body,
                    fetched_at=datetime.now(UTC),
                    etag=etag,
                    last_modified=last_modified,
                )
        except httpx.TimeoutException as error:
            raise InputError("fetch.timeout", f"{original}: {url} timed out ({type(error).__name__})") from None
        except httpx.HTTPError as error:
            raise InputError("fetch.unreachable", f"{original}: {url} could not be fetched ({error})") from None


def _is_feed(content_type: str, text: str) -> bool:
    """Whether a response is a feed: a feed content type, or a body that starts as one."""
    return content_type in _FEED_TYPES or looks_like_feed(text)


def _page_document(page: FetchedPage, content: str, encoding: str) -> Document:
    return Document(
        id=content_id(content),
        uri=page.url,
        url=page.final_url,
        media_type=_MEDIA_TYPES.get(page.content_type, MediaType.HTML),
        content=content,
        encoding=encoding,
    )


def _item_document(item: FeedItem, page: FetchedPage, content: str, encoding: str) -> Document:
    """The page a feed item links to, with what the feed says of it: title, time, authors,
    language, and the feed's title as the outlet."""
    return dataclasses.replace(
        _page_document(page, content, encoding),
        outlet=item.outlet,
        title=item.title,
        authors=item.authors,
        published=item.published,
        language=item.language,
    )


def _failure(input_id: str, code: str, message: str) -> Failure:
    return Failure(input_id=input_id, stage=_STAGE, code=code, message=message)


def _fetch_failure(url: str, error: InputError) -> Failure:
    return _failure(url, error.code, error.message)


def _check_url(url: str, *, original: str) -> tuple[str, int]:
    """The host and port of an http(s) URL.

    Raises:
        InputError: ``fetch.bad_url`` for any other URL.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InputError("fetch.bad_url", f"{original}: not a valid URL: {url} ({error})") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise InputError("fetch.bad_url", f"{original}: not an http(s) URL: {url}")
    return parts.hostname, port or (443 if parts.scheme.lower() == "https" else 80)
