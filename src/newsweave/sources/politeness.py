"""Fetching politely and safely: one request at a time per host with a delay, robots.txt, and
no requests to the machine's own networks.

A :class:`HostPacer` is shared by the fetchers of a process (pacing is about the server, not the
fetcher), so two readers of one run never reach one host faster than the delay between them.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from protego import Protego

from newsweave.errors import InputError

__all__ = ["HostPacer", "RobotsRules", "check_public_address", "parse_robots"]

# robots.txt may ask for a crawl delay; one past this is taken as this (a typo of 3600 must not
# stall a run for an hour per page).
MAX_CRAWL_DELAY_S = 30.0


class HostPacer:
    """One request at a time per host (``host:port``), each starting at least ``delay`` seconds
    after the previous one to that host ended."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str, delay: float) -> Iterator[None]:
        """Wait for ``host``'s turn, hold it while the body runs, then note when it ended."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last_end.get(host)
            if last is not None:
                wait = last + delay - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                self._last_end[host] = time.monotonic()


class RobotsRules:
    """What one host's robots.txt allows ``user_agent``; ``None`` rules allow everything."""

    def __init__(self, rules: Protego | None, *, disallow_all: bool = False) -> None:
        self._rules = rules
        self._disallow_all = disallow_all

    def allows(self, url: str, user_agent: str) -> bool:
        if self._disallow_all:
            return False
        return self._rules is None or bool(self._rules.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float:
        if self._rules is None:
            return 0.0
        delay = self._rules.crawl_delay(user_agent)
        return min(float(delay), MAX_CRAWL_DELAY_S) if delay else 0.0


def parse_robots(text: str) -> RobotsRules:
    return RobotsRules(Protego.parse(text))


def check_public_address(host: str, port: int, *, url: str) -> None:
    """Refuse ``host`` when any address it resolves to is loopback, private, link-local or otherwise
    not a public internet address.

    Raises:
        InputError: ``fetch.private_address`` for such a host, ``fetch.unreachable`` for a name
            that does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise InputError("fetch.unreachable", f"{url}: the host {host!r} does not resolve ({error})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            message = (
                f"{url}: {host} is at {address}, an address of this machine or its private network; "
                "fetching it needs --allow-private"
            )
            raise InputError("fetch.private_address", message)
