"""Turning bytes into text: bounded reads, encoding detection and content identity.

charset-normalizer detects encodings, but it is asked last: the checks before it are cheap and
settle almost every page, and they catch what a detector gets wrong on news pages: UTF-16
without a byte-order mark (valid UTF-8 byte for byte when the text is ASCII, so it would be read
as text with a NUL between letters), binary files given a page's name (a detector still names
some code page for them), and a page whose ``<meta charset>`` says UTF-8 over cp1252 bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from newsweave.errors import InputError
from newsweave.limits import page_limit_text

__all__ = ["content_id", "decode_bytes", "read_bounded"]

_DECLARED = re.compile(rb"""(?i)(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([\w.:-]{2,40})""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that no text file holds (tab, line ends and form feed are text).
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}))
_SAMPLE_BYTES = 8192
# Share of a sample's code units that must look like one layout before it is believed.
_MIN_LAYOUT_SHARE = 0.5
_MAX_CONTROL_SHARE = 0.05


def read_bounded(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, reading no more than ``max_bytes + 1`` of them.

    Raises:
        InputError: ``sources.too_large`` when the file holds more than ``max_bytes``.
        OSError: the file cannot be read.
    """
    with path.open("rb") as stream:
        status = os.fstat(stream.fileno())
        # A read buffer is allocated at the size asked for, so a small file asks for its size.
        size = min(status.st_size, max_bytes) if stat.S_ISREG(status.st_mode) else max_bytes
        data = stream.read(size + 1)
    if len(data) > max_bytes:
        raise InputError("sources.too_large", f"{path}: the file is over {page_limit_text(max_bytes)}")
    return data


def decode_bytes(data: bytes, *, uri: str) -> tuple[str, str]:
    """Decode ``data``, returning ``(text, encoding)``.

    In order: a byte-order mark; UTF-16/32 laid out without one; UTF-8 (almost every page is, and
    the check is cheap); the charset the page declares, when the bytes decode with it (or, for a
    UTF-8 declaration, when they hold real UTF-8 sequences beside the broken ones); cp1252 for
    mostly-ASCII Western text; then charset-normalizer's detection.

    Raises:
        InputError: ``sources.empty`` (nothing but white space), ``sources.binary`` (control bytes
            no text holds) or ``sources.undecodable`` (no known encoding fits).
    """
    if not data.strip():
        raise InputError("sources.empty", f"{uri}: the file is empty")
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return _nonempty(data.decode(encoding, errors="replace").lstrip("\ufeff"), uri=uri), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _nonempty(data[3:].decode("utf-8", errors="replace"), uri=uri), "utf-8-sig"
    wide = _wide_layout(data[:_SAMPLE_BYTES])
    if wide:
        return _nonempty(data.decode(wide, errors="replace"), uri=uri), wide
    _reject_binary(data[:_SAMPLE_BYTES], uri=uri)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            if declared == "utf-8" and _has_utf8_sequences(data):
                return data.decode("utf-8", errors="replace"), "utf-8"
    if _mostly_ascii(data):
        # Western text with a few accented bytes: detectors guess among many single-byte code
        # pages and pick wrongly on short text; cp1252 is what such web pages almost always are.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("sources.undecodable", f"{uri}: bytes are not text in any known encoding")
    return str(best), best.encoding


def _nonempty(text: str, *, uri: str) -> str:
    if not text.strip():
        raise InputError("sources.empty", f"{uri}: the file is empty")
    return text


def _wide_layout(sample: bytes) -> str:
    """``utf-32-le``/``-be`` or ``utf-16-le``/``-be`` when ``sample`` is laid out as that encoding
    of mostly Western text (at least half its code units with a NUL high byte) and decodes to
    text without control characters; else ``""``."""
    if b"\x00" not in sample:
        return ""  # the common case, decided at C speed
    for width, encoding, zero_positions in (
        (4, "utf-32-le", (1, 2, 3)),
        (4, "utf-32-be", (0, 1, 2)),
        (2, "utf-16-le", (1,)),
        (2, "utf-16-be", (0,)),
    ):
        units = [sample[start : start + width] for start in range(0, len(sample) - width + 1, width)]
        if len(units) < 4:
            continue
        zero_high = sum(all(unit[i] == 0 for i in zero_positions) and any(unit) for unit in units)
        if zero_high >= _MIN_LAYOUT_SHARE * len(units) and _is_text(
            sample[: len(units) * width].decode(encoding, errors="replace")
        ):
            return encoding
    return ""


def _is_text(text: str) -> bool:
    n_bad = sum(char == "\ufffd" or (char < " " and char not in "\t\n\f\r") for char in text)
    return n_bad <= _MAX_CONTROL_SHARE * len(text)


def _reject_binary(sample: bytes, *, uri: str) -> None:
    n_control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if n_control > _MAX_CONTROL_SHARE * len(sample):
        message = f"{uri}: the file holds binary data ({n_control} control bytes in its first {len(sample)})"
        raise InputError("sources.binary", message)


def _has_utf8_sequences(data: bytes) -> bool:
    """Whether ``data`` holds a valid multi-byte UTF-8 character (cp1252 text almost never does)."""
    return any(ord(char) > 0x7F and char != "\ufffd" for char in data.decode("utf-8", errors="replace"))


def _declared_encoding(data: bytes) -> str:
    """The charset a page declares in its first bytes (``<meta charset>``, XML prolog), if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return ""
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return ""


def _mostly_ascii(data: bytes, *, min_share: float = 0.7) -> bool:
    return sum(byte < 0x80 for byte in data) >= min_share * len(data)


def content_id(text: str) -> str:
    """A stable id for ``text``: sha256 of its NFC form with normalised line ends and spacing."""
    normalised = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    normalised = "\n".join(line.strip() for line in normalised.strip().split("\n"))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
