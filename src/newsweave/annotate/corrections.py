"""Correction, clarification and update notices: cue phrases from
:mod:`newsweave.annotate.speech_verbs`; the notice runs from the cue to the end of its paragraph."""

from __future__ import annotations

import re

from newsweave.annotate.speech_verbs import CORRECTION_PATTERNS
from newsweave.model import Correction, Span

__all__ = ["find_corrections"]

_CUES = tuple((kind, re.compile(rf"(?<!\w){pattern}", re.IGNORECASE)) for kind, pattern in CORRECTION_PATTERNS)


def find_corrections(text: str) -> tuple[Correction, ...]:
    found: dict[int, Correction] = {}
    for kind, cue in _CUES:
        for match in cue.finditer(text):
            if _sentence_start(text, match.start()) != match.start():
                continue
            end = text.find("\n", match.start())
            end = len(text) if end < 0 else end
            found.setdefault(match.start(), Correction(span=Span(start=match.start(), end=end, label=kind), kind=kind))
    notices: list[Correction] = []
    for start in sorted(found):
        # A cue inside a notice already found ("Editor's note: This article was updated") is part of it.
        if not notices or not notices[-1].span.overlaps(found[start].span):
            notices.append(found[start])
    return tuple(notices)


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts: notices open a sentence."""
    head = text[:position].rstrip(" \t")
    if not head or head.endswith(("\n", ".", "!", "?", ":", "—", "–", "-", "*", "(", "[")):
        return position
    return -1
