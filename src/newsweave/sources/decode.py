"""Turning bytes into text: encoding detection and content identity."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from charset_normalizer import from_bytes

from newsweave.errors import InputError

__all__ = ["content_id", "decode_bytes"]

_DECLARED = re.compile(rb"""(?i)(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([\w.:-]{2,40})""")


def decode_bytes(data: bytes, *, uri: str) -> tuple[str, str]:
    """Decode ``data``, returning ``(text, encoding)``.

    UTF-8 (with or without BOM) is tried first because almost every page is UTF-8 and the check
    is cheap; anything else goes through charset-normalizer's detection.

    Raises:
        InputError: the bytes are empty or look binary rather than text.
    """
    if not data.strip():
        raise InputError("sources.empty", f"{uri}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared:
        return data.decode(declared, errors="replace"), declared
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
