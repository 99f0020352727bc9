"""Sentence segmentation with pysbd, inside paragraphs, with offsets into the article text.

pysbd is rule-based and multilingual; running it per paragraph keeps headings and one-line posts,
which have no final stop, from merging into the next sentence. Its ``Segmenter.segment`` finds
each sentence back in the text with a regular expression made from that sentence: a new pattern
for every sentence, which costs more than the segmentation and flushes the ``re`` cache that
pysbd's own rules rely on. :func:`_segment` does the same search with ``str.find`` (same pieces,
tested against pysbd), which made sentence splitting about twice as fast on the AEB pages.

pysbd's abbreviation replacer also formats a new pattern for each abbreviation it meets and hands
it to ``re.sub``/``re.findall``: hundreds of patterns, more than ``re``'s cache holds (512), so
every page compiled them again. :class:`_CachedPatterns` gives that module a cache of its own,
large enough for all of them (the same patterns, compiled once; 14 -> 11 ms a page on the AEB
pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

import pysbd
import pysbd.abbreviation_replacer

from newsweave.model import Sentence, Span

__all__ = ["segment_sentences"]

# A run of lines that each hold a non-space character: blank or white-space lines end it.
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
# pysbd splits after abbreviations it does not know in some languages ("Sr." in Spanish);
# a fragment this short that ends in one is joined to the next.
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:Sr|Sra|Dr|Dra|Mr|Mrs|Ms|St|Prof|Gen|Gov|Sen|Rep)\.\s*$")


def segment_sentences(text: str, *, language: str = "en") -> tuple[Sentence, ...]:
    """Sentences of ``text``; spans exclude surrounding white space and never cross paragraphs."""
    segmenter = _segmenter(language if language in pysbd.languages.LANGUAGE_CODES else "en")
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(text):
        for start, end in _merge_abbreviations(_pieces(segmenter, paragraph.group(), paragraph.start()), text):
            sentences.append(Sentence(span=Span(start=start, end=end)))
    return tuple(sentences)


def _pieces(segmenter: pysbd.Segmenter, paragraph: str, offset: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = 0
    for piece in _segment(segmenter, paragraph):
        stripped = piece.strip()
        if not stripped:
            continue
        found = paragraph.find(stripped, cursor)
        if found < 0:  # pysbd altered the text; fall back to the rest of the paragraph
            found = cursor + len(paragraph[cursor:]) - len(paragraph[cursor:].lstrip())
            stripped = paragraph[found:].rstrip()
        pieces.append((offset + found, offset + found + len(stripped)))
        cursor = found + len(stripped)
        if cursor >= len(paragraph):
            break
    return pieces


def _segment(segmenter: pysbd.Segmenter, text: str) -> list[str]:
    """``segmenter.segment(text)`` for a segmenter made with ``clean=False``: each sentence pysbd
    found, with the white space after it, where it occurs in ``text`` after the previous one."""
    located = []
    end_of_previous = 0
    for sentence in segmenter.processor(text).process() if text else ():
        found = _occurrence_ending_after(text, sentence, end_of_previous)
        if found is not None:
            located.append(text[found[0] : found[1]])
            end_of_previous = found[1]
    return located


def _occurrence_ending_after(text: str, sentence: str, limit: int) -> tuple[int, int] | None:
    """Where pysbd finds ``sentence``: of the non-overlapping matches of the sentence and the
    white space after it (``re.escape(sentence)`` then ``\\s*``; ``\\s`` is ``str.isspace``), the
    first that ends after ``limit``; ``None`` when there is none."""
    position = 0
    while (start := text.find(sentence, position)) >= 0:
        end = start + len(sentence)
        while end < len(text) and text[end].isspace():
            end += 1
        if end > limit:
            return start, end
        position = end if end > start else start + 1
    return None


def _merge_abbreviations(pieces: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and _ABBREVIATION_END.search(text[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


class _CachedPatterns:
    """The part of ``re`` that pysbd's abbreviation replacer calls, with its patterns compiled once."""

    IGNORECASE = re.IGNORECASE
    escape = staticmethod(re.escape)

    @staticmethod
    def sub(
        pattern: str, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0, flags: int = 0
    ) -> str:
        return _compiled(pattern, flags).sub(repl, string, count)

    @staticmethod
    def findall(pattern: str, string: str, flags: int = 0) -> list[Any]:
        return _compiled(pattern, flags).findall(string)


@lru_cache(maxsize=8192)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


pysbd.abbreviation_replacer.re = _CachedPatterns
