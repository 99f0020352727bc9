"""Reader for web archives: ``.warc`` and ``.warc.gz`` files of crawled pages.

FastWARC parses the records; this module adds what a batch of news needs on top of it. FastWARC
stops for good at the first damaged record (``OSError``) and stops silently when the last gzip
member was cut short, so here a damaged region becomes a :class:`~newsweave.errors.Failure` and
reading resumes at the next record that can be found, and a cut-short end is reported after the
good records rather than lost. HTTP transfer and content encodings are undone here too (with a
size cap, so a small compressed body cannot expand without bound) because a bad encoding in
FastWARC's own decoder ends the whole iteration.
"""

from __future__ import annotations

import codecs
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from fastwarc import ArchiveIterator, WarcRecord, WarcRecordType
from fastwarc.stream_io import BrotliReader, ChunkedReader, ZstdReader

from newsweave.errors import Failure, InputError
from newsweave.limits import DEFAULT_LIMITS, Limits, page_limit_text
from newsweave.model import Document, MediaType
from newsweave.sources.decode import content_id, decode_bytes

__all__ = ["read_warc"]

logger = logging.getLogger(__name__)

_MEDIA_TYPES = {
    "text/html": MediaType.HTML,
    "application/xhtml+xml": MediaType.HTML,
    "text/plain": MediaType.TEXT,
}
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SEARCH_CHUNK = 1 << 20
_STAGE = "sources"


class _RecordError(Exception):
    """A record that cannot be turned into a document; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class _Pass:
    """What one run of FastWARC over the archive, from ``start``, saw."""

    start: int
    n_records: int = 0
    last_record_at: int = -1
    error: str = ""


def read_warc(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | Failure]:
    """One document per HTTP 200 HTML or plain-text response in a WARC file, in file order.

    Requests, metadata, warcinfo and other non-response records are skipped, as are responses with
    another status or media type. Each document's ``uri`` is ``<path>#<WARC-Record-ID>`` (or
    ``#offset=<n>`` when the record has no id) and its ``url`` the ``WARC-Target-URI``. The page
    is decoded with the charset of the HTTP ``Content-Type`` when it names one Python knows.

    Failures (the reader goes on after each): ``sources.bad_warc_record`` for a record or region
    that cannot be read (reading resumes at the next record found), ``sources.truncated_warc``
    when the archive ends inside a record or gzip member, ``sources.too_large`` for a body over
    ``limits.max_page_bytes`` (before or after its content encoding is undone), and the codes of
    :func:`~newsweave.sources.decode_bytes` for an empty or undecodable page.

    Raises:
        OSError: the file cannot be opened or read.
    """
    with path.open("rb") as stream:
        is_gzip = stream.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
        start: int | None = 0
        reported_damage = False
        is_truncated = False
        last_record_at = -1
        while start is not None:
            scan = _Pass(start=start)
            for item in _scan(stream, path, scan, max_bytes=limits.max_page_bytes):
                if isinstance(item, Failure) and item.code == "sources.truncated_warc":
                    is_truncated = True
                yield item
            last_record_at = max(last_record_at, scan.last_record_at)
            if not scan.error:
                break
            # One failure per damaged region: a resync attempt that finds no record before the
            # next error is still inside the region already reported.
            if scan.n_records or not reported_damage:
                where = f"after the record at offset {scan.last_record_at}" if scan.n_records else f"at offset {start}"
                yield _failure(
                    f"{path}#offset={max(scan.last_record_at, start)}",
                    "sources.bad_warc_record",
                    f"{path}: unreadable data {where} ({scan.error}); skipped to the next record",
                )
                reported_damage = True
            resume_after = max(scan.last_record_at, start) + 1
            start = _find(stream, _GZIP_MAGIC if is_gzip else _WARC_MAGIC, resume_after)
        if is_gzip and not is_truncated:
            tail = _check_gzip_tail(stream, max(last_record_at, 0))
            if tail is not None:
                code, reason = tail
                yield _failure(f"{path}#offset={max(last_record_at, 0)}", code, f"{path}: {reason}")


def _scan(stream: BinaryIO, path: Path, scan: _Pass, *, max_bytes: int) -> Iterator[Document | Failure]:
    """Run FastWARC from ``scan.start``, yielding documents and per-record failures.

    A damaged stream ends the run with ``scan.error`` set; the caller resynchronises.
    """
    stream.seek(scan.start)
    records = iter(ArchiveIterator(stream, parse_http=True, auto_decode="none"))
    pending: Failure | None = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            if pending is not None:
                # A record without headers at the very end: the archive was cut inside it.
                yield _failure(pending.input_id, "sources.truncated_warc", f"{path}: the archive ends inside a record")
            return
        except (OSError, ValueError) as error:
            if pending is not None:
                yield pending
            scan.error = str(error) or type(error).__name__
            return
        if pending is not None:
            yield pending
            pending = None
        scan.n_records += 1
        scan.last_record_at = record.stream_pos
        uri = _record_uri(path, record)
        if not record.headers.get("WARC-Type"):
            # Malformed, or cut short when nothing follows: decided at the next record.
            pending = _failure(uri, "sources.bad_warc_record", f"{uri}: the record has no WARC-Type header")
            continue
        try:
            document = _read_record(record, uri=uri, max_bytes=max_bytes)
        except _RecordError as error:
            yield _failure(uri, error.code, f"{uri}: {error.message}")
            continue
        except InputError as error:
            yield _failure(uri, error.code, error.message)
            continue
        except (OSError, ValueError) as error:
            yield _failure(uri, "sources.bad_warc_record", f"{uri}: {error}")
            continue
        if document is not None:
            yield document


def _read_record(record: WarcRecord, *, uri: str, max_bytes: int) -> Document | None:
    """The document a record holds, or None when it is not an HTML or text page fetched with 200.

    Raises:
        _RecordError: the record is malformed or cut short.
        InputError: the page is empty or undecodable.
    """
    if record.record_type != WarcRecordType.response or not record.is_http:
        _skip_body(record)
        return None
    status = record.http_headers.status_code
    if status is None:
        _skip_body(record)
        raise _RecordError("sources.bad_warc_record", "the HTTP status line cannot be read")
    mime, charset = _parse_content_type(record.http_headers.get("Content-Type") or "")
    media_type = _MEDIA_TYPES.get(mime)
    if status != 200 or media_type is None:
        _skip_body(record)
        return None
    expected = record.content_length
    if expected > max_bytes:
        _skip_body(record)
        raise _RecordError("sources.too_large", f"the body is {expected} bytes, over {page_limit_text(max_bytes)}")
    raw = _read_body(record, expected)
    if len(raw) < expected:
        raise _RecordError(
            "sources.truncated_warc", f"the archive ends inside the record ({len(raw)} of {expected} bytes)"
        )
    body = _decode_content(_decode_transfer(raw, record), record, max_bytes=max_bytes)
    content, encoding = _decode_text(body, charset, uri=uri)
    return Document(
        id=content_id(content),
        uri=uri,
        media_type=media_type,
        content=content,
        encoding=encoding,
        url=(record.headers.get("WARC-Target-URI") or "").strip(),
    )


def _read_body(record: WarcRecord, size: int) -> bytes:
    """Up to ``size`` bytes of the record's body; fewer only when the archive ends first."""
    pieces: list[bytes] = []
    remaining = size
    while remaining > 0 and (piece := record.reader.read(remaining)):
        pieces.append(piece)
        remaining -= len(piece)
    return b"".join(pieces)


def _skip_body(record: WarcRecord) -> None:
    """Consume a record's body, raising when the archive ends before it does."""
    expected = record.content_length
    consumed = record.reader.consume()
    if consumed < expected:
        raise _RecordError(
            "sources.truncated_warc", f"the archive ends inside the record ({consumed} of {expected} bytes)"
        )


def _parse_content_type(value: str) -> tuple[str, str]:
    """``(media type, charset)`` from an HTTP Content-Type value, both lower case."""
    mime, *params = value.split(";")
    charset = ""
    for param in params:
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").strip().lower()
    return mime.strip().lower(), charset


def _decode_transfer(raw: bytes, record: WarcRecord) -> bytes:
    """Undo ``Transfer-Encoding: chunked``.

    Some crawlers keep the header but store the body already de-chunked; a body that does not
    parse as chunks is taken as it is.
    """
    if "chunked" not in (record.http_headers.get("Transfer-Encoding") or "").lower():
        return raw
    try:
        return ChunkedReader(BytesIO(raw)).read()
    except OSError:
        return raw


def _decode_content(body: bytes, record: WarcRecord, *, max_bytes: int) -> bytes:
    """Undo the HTTP ``Content-Encoding``, decoding at most ``max_bytes + 1`` bytes.

    Raises:
        _RecordError: the encoding is unknown, the body does not decode or it is too large.
    """
    coding = (record.http_headers.get("Content-Encoding") or "").strip().lower()
    if coding in ("", "identity", "none"):
        return body
    if coding in ("gzip", "x-gzip") and not body.startswith(b"\x1f\x8b"):
        return body  # the header kept but the body stored decoded: a common crawler habit
    try:
        if coding in ("gzip", "x-gzip", "deflate"):
            decoded = _inflate(body, is_raw_allowed=coding == "deflate", max_bytes=max_bytes)
        elif coding == "br":
            decoded = BrotliReader(BytesIO(body)).read(max_bytes + 1)
        elif coding == "zstd":
            decoded = ZstdReader(BytesIO(body)).read(max_bytes + 1)
        else:
            raise _RecordError("sources.bad_warc_record", f"unsupported Content-Encoding {coding!r}")
    except (OSError, zlib.error) as error:
        message = f"the body does not decode as Content-Encoding {coding} ({error})"
        raise _RecordError("sources.bad_warc_record", message) from None
    if len(decoded) > max_bytes:
        raise _RecordError("sources.too_large", f"the decoded body is over {page_limit_text(max_bytes)}")
    return decoded


def _inflate(body: bytes, *, is_raw_allowed: bool, max_bytes: int) -> bytes:
    """Gzip or zlib data (detected from the header); raw deflate too where HTTP servers send it."""
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 32).decompress(body, max_bytes + 1)
    except zlib.error:
        if not is_raw_allowed:
            raise
    return zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, max_bytes + 1)


def _decode_text(body: bytes, charset: str, *, uri: str) -> tuple[str, str]:
    """Decode with the HTTP charset when Python knows it, else detect."""
    if charset and body.strip():
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:
            logger.debug("%s: unknown charset %r, detecting instead", uri, charset)
        else:
            return body.decode(encoding, errors="replace"), encoding
    return decode_bytes(body, uri=uri)


def _record_uri(path: Path, record: WarcRecord) -> str:
    record_id = (record.record_id or "").strip().strip("<>").strip()
    return f"{path}#{record_id}" if record_id else f"{path}#offset={record.stream_pos}"


def _find(stream: BinaryIO, needle: bytes, start: int) -> int | None:
    """Offset of the first ``needle`` at or after ``start``, or None."""
    stream.seek(start)
    offset = start
    carry = b""
    while chunk := stream.read(_SEARCH_CHUNK):
        window = carry + chunk
        found = window.find(needle)
        if found >= 0:
            return offset - len(carry) + found
        carry = window[-(len(needle) - 1) :]
        offset += len(chunk)
    return None


def _check_gzip_tail(stream: BinaryIO, start: int) -> tuple[str, str] | None:
    """``(code, reason)`` when the gzip members from ``start`` to the end are incomplete or bad.

    FastWARC ends quietly on a member cut short, which would lose the last records unseen. Only
    the members from the last record read on are decompressed again (all of them for an archive
    compressed as one member, where record offsets are not member offsets). Output is discarded
    in bounded pieces.
    """
    stream.seek(start)
    if stream.read(len(_GZIP_MAGIC)) != _GZIP_MAGIC:
        start = 0
    stream.seek(start)
    decoder: Any = None
    while chunk := stream.read(_SEARCH_CHUNK):
        data = chunk
        while data:
            if decoder is None:
                decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                decoder.decompress(data, _SEARCH_CHUNK)
                while decoder.unconsumed_tail and not decoder.eof:
                    decoder.decompress(decoder.unconsumed_tail, _SEARCH_CHUNK)
            except zlib.error as error:
                return "sources.bad_warc_record", f"unreadable gzip data after the last record ({error})"
            if decoder.eof:
                data = decoder.unused_data
                decoder = None
            else:
                data = b""
    if decoder is not None:
        while not decoder.eof and decoder.decompress(b"", _SEARCH_CHUNK):
            pass
        if not decoder.eof:
            return "sources.truncated_warc", "the archive ends inside a gzip member (the file was cut short)"
    return None


def _failure(input_id: str, code: str, message: str) -> Failure:
    return Failure(input_id=input_id, stage=_STAGE, code=code, message=message)
