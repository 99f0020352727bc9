"""Reading an HTTP response within bounds: the body no larger than the page limit once its content
encoding is undone (so a gzip bomb stops at the limit) and no later than a deadline; and how long
a ``Retry-After`` header asks a client to wait. Kept apart from :mod:`newsweave.sources.fetch`,
which decides what to request and when."""

from __future__ import annotations

import email.utils
import time
import zlib
from datetime import UTC, datetime

import httpx

from newsweave.errors import InputError
from newsweave.limits import page_limit_text

__all__ = ["read_body", "retry_after"]

_CHUNK = 64 << 10


def retry_after(value: str) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), if it says."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def read_body(response: httpx.Response, *, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body, its content encoding undone, reading and inflating no more than ``max_bytes + 1``.

    Raises:
        InputError: ``fetch.too_large`` past ``max_bytes`` (after decompression, so a gzip bomb
            stops there), ``fetch.timeout`` past the deadline, ``fetch.bad_encoding`` for an
            encoding not asked for or a broken compressed body.
    """
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    inflater: zlib._Decompress | None
    if encoding in {"", "identity"}:
        inflater = None
    elif encoding in {"gzip", "x-gzip"}:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    else:
        raise InputError("fetch.bad_encoding", f"{url}: the body is {encoding}-encoded, which was not asked for")
    too_large = InputError("fetch.too_large", f"{url}: the page is over {page_limit_text(max_bytes)}")
    body = bytearray()
    try:
        for chunk in response.iter_raw(_CHUNK):
            if time.monotonic() > deadline:
                raise InputError("fetch.timeout", f"{url}: the response took longer than its deadline")
            if inflater is None:
                body += chunk
            else:
                data = chunk
                while data and len(body) <= max_bytes:
                    body += inflater.decompress(data, max_bytes + 1 - len(body))
                    data = inflater.unconsumed_tail
            if len(body) > max_bytes:
                raise too_large
        if inflater is not None and len(body) <= max_bytes:
            body += inflater.flush(max_bytes + 1 - len(body))
    except zlib.error as error:
        raise InputError("fetch.bad_encoding", f"{url}: the {encoding} body is broken ({error})") from None
    if len(body) > max_bytes:
        raise too_large
    return bytes(body)
