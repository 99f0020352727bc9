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
    return tuple(found[start] for start in sorted(found))


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts: notices open a sentence."""
    head = text[:position].rstrip(" \t")
    if not head or head.endswith(("\n", ".", "!", "?", ":", "—", "–", "-", "*", "(", "[")):
        return position
    return -1
