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

pysbd's pieces are then repaired where news writing trips it (:func:`_repaired`): a piece that
cannot open a sentence ("R-Ky. | , said Monday", "(D-Calif. | ) and"), that holds no word or only
a tag ("U.S.", "Va."), or that follows a title, a month's short form before a figure ("Sept. |
11"), a lone initial ("D-W. | Va.") or a clock time going on with its day ("9 a.m. | Friday")
joins the piece before; closing quotation marks that open a piece move back to the sentence they
close; and two cuts pysbd misses are made (after "U.S." before a word that opens a sentence, and
after a stray closing mark). The patterns are the data block below the imports.
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

# --- where pysbd's pieces are repaired (data; the logic is in _repaired) ----------------------
# Titles and short forms that never end a sentence ("Sen.", "Asst. Atty. Gen.", "Ft. Worth");
# pysbd splits after some in English and after "Sr." in Spanish. "St." is kept ("St. Louis" is
# commoner than a sentence ending in a street); "Jr." and states are not (they end sentences).
_TITLES = (
    "Sr|Sra|Srta|Dr|Dra|Mr|Mrs|Ms|Mme|St|Ste|Ft|Mt|Prof|Gen|Gens|Gov|Govs|Sen|Sens|Rep|Reps|Lt|Col|Maj|Sgt"
    "|Capt|Cmdr|Adm|Cpl|Pvt|Rev|Hon|Pres|Sec|Supt|Det|Insp|Atty|Asst|Amb|Messrs|approx|vs"
)
_TITLE_END = re.compile(rf"(?:^|[\s(\[\"“‘-])(?:{_TITLES})\.$")
# A month's short form before a figure: "Sept. | 11" is one date.
_MONTH_END = re.compile(r"(?:^|\s)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
# A lone capital initial ("George H. W.", "D-W. | Va.") belongs to a name.
_INITIAL_END = re.compile(r"(?:^|[\s(-])[A-Z]\.$")
# A clock time goes on with its day, date or zone: "9 a.m. | Friday", "8 p.m. | Eastern".
_CLOCK_END = re.compile(r"(?:^|\s)[ap]\.m\.$")
_AFTER_CLOCK = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Eastern"
    r"|Central|Mountain|Pacific|Atlantic|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST"
    r"|Today|Tonight|Tomorrow|Yesterday|Local)(?![\w-])"
)
# Punctuation that cannot open a sentence ("R-Ky. | , said Monday", "(D-Calif. | ) and").
_CONTINUING_MARKS = frozenset(",;:)]}%")
# A piece that is only a party-state tag ("R-Ky.", "(D-Calif.)", "D-W. Va."), a state's short
# form or an initialism ("U.S."): a fragment, never a sentence of its own.
_STATES = (
    r"Ala|Ariz|Ark|Calif|Cal|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Me|Mich|Minn|Miss|Mo|Mont|Neb"
    r"|Nev|Okla|Ore|Pa|Penn|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|W\.\s?Va|N\.[HJMYCD]|S\.[CD]|R\.I|D\.C"
)
_TAG = re.compile(
    rf"[(\[]?(?:[RDI]-(?:{_STATES}|[A-Z][a-z]+)\.?|(?:{_STATES})\.|(?:[A-Z]\.){{2,}})[)\]]?[.,;:]?",
)
_NO_WORD = re.compile(r"[\W_]*")
# Closing marks that open a piece: a closing double quote always, a single or straight one when
# white space follows (else it is an apostrophe: "’90s"). They close the sentence before ("...
# he said. ” He left.").
_LEADING_CLOSERS = re.compile(r"[”»][”’»]*|[’\"']+(?=\s|$)")
# Where pysbd runs two sentences together: after a country's initialism before a word that
# opens a sentence ("based in the U.S. | Its largest market"), and after a stray closing mark
# that follows a closed sentence ('said "no." ” | And left'). Each starts with a literal so that
# ``re`` skips to it; what must come before is checked in _cut_positions.
_CUTS = re.compile(
    r"U\.[SKN]\.(?=\s+(?:It|Its|The|He|She|They|We|I|This|That|These|Those|There|But)\s)"
    r"|E\.U\.(?=\s+(?:It|Its|The|He|She|They|We|I|This|That|These|Those|There|But)\s)"
)
_STRAY_CLOSERS = re.compile(r"[”’\"»]\s+[”’»]+(?=\s+[A-Z])")
# End-anchored patterns look only at a sentence's last characters.
_TAIL = 16


def segment_sentences(text: str, *, language: str = "en") -> tuple[Sentence, ...]:
    """Sentences of ``text``; spans exclude surrounding white space and never cross paragraphs."""
    segmenter = _segmenter(language if language in pysbd.languages.LANGUAGE_CODES else "en")
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(text):
        for start, end in _repaired(_pieces(segmenter, paragraph.group(), paragraph.start()), text):
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


def _repaired(pieces: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """pysbd's pieces of one paragraph, cut where it ran sentences together, closing marks moved
    back to the sentence they close, and fragments joined to their neighbour."""
    return _joined(_closers_moved(_cut(pieces, text), text), text)


def _cut(pieces: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    cut: list[tuple[int, int]] = []
    for start, end in pieces:
        for position in _cut_positions(text, start, end):
            cut.append(_stripped(text, start, position))
            start = position
        cut.append(_stripped(text, start, end))
    return [(start, end) for start, end in cut if start < end]


def _cut_positions(text: str, start: int, end: int) -> list[int]:
    positions = [
        match.end()
        for match in _CUTS.finditer(text, start, end)
        if match.start() == start or not (text[match.start() - 1].isalnum() or text[match.start() - 1] == ".")
    ]
    positions += [
        match.end()
        for match in _STRAY_CLOSERS.finditer(text, start, end)
        if match.start() > start and text[match.start() - 1] in ".!?"
    ]
    return sorted(positions)


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _closers_moved(pieces: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    moved: list[tuple[int, int]] = []
    for start, end in pieces:
        closers = _LEADING_CLOSERS.match(text, start, end)
        if moved and closers:
            moved[-1] = (moved[-1][0], closers.end())
            start = _stripped(text, closers.end(), end)[0]
        if start < end:
            moved.append((start, end))
    return moved


def _joined(pieces: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    for start, end in pieces:
        if joined and _joins(text[joined[-1][0] : joined[-1][1]], text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _joins(before: str, piece: str) -> bool:
    """Whether ``piece`` goes on the sentence ``before`` (both stripped, not empty)."""
    if _is_fragment(piece) or _is_fragment(before):
        return True
    before = before[-_TAIL:]
    first = piece[0]
    # A lower-case word goes on a sentence; "iPad" may open one.
    if first in _CONTINUING_MARKS or piece.split(maxsplit=1)[0].islower():
        return True
    if _TITLE_END.search(before) or _INITIAL_END.search(before):
        return True
    if _MONTH_END.search(before):
        return first.isdigit()
    return bool(_CLOCK_END.search(before) and _AFTER_CLOCK.match(piece))


def _is_fragment(piece: str) -> bool:
    return bool(_NO_WORD.fullmatch(piece) or _TAG.fullmatch(piece))


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
