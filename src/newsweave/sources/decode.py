"""Turning bytes into text: encoding detection and content identity."""

from __future__ import annotations

import hashlib
import unicodedata

from charset_normalizer import from_bytes

from newsweave.errors import InputError

__all__ = ["content_id", "decode_bytes"]


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
    best = from_bytes(data).best()
    if best is None:
        raise InputError("sources.undecodable", f"{uri}: bytes are not text in any known encoding")
    return str(best), best.encoding


def content_id(text: str) -> str:
    """A stable id for ``text``: sha256 of its NFC form with normalised line ends and spacing."""
    normalised = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    normalised = "\n".join(line.strip() for line in normalised.strip().split("\n"))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
