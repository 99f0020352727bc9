"""Quotes with their speaker and speech verb, read from the attribution around the quote marks.

Rules over the words next to the quote (``"…," the statement said``; ``"…," said Tomas Reyk``;
``Varga said: "…"``; ``"…", dijo la alcaldesa Elena Varga``) rather than a parser: they cover the
attribution shapes news prose uses, need no model, and work the same in English and Spanish.
Short quoted fragments with no speech verb in their sentence are scare quotes and are skipped.
"""

from __future__ import annotations

import re

from newsweave.annotate.speech_verbs import SPEECH_VERBS
from newsweave.model import EntityMention, Quote, Sentence, Span

__all__ = ["find_quotes"]

_QUOTE = re.compile(r"[\"“«]([^\"“”«»\n]{3,}?)[\"”»]")
_WORD = re.compile(r"[\w’'-]+")
_NAME = re.compile(r"(?:[A-ZÁÉÍÓÚÑ][\w’'.-]+\s+)*[A-ZÁÉÍÓÚÑ][\w’'.-]+")
DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "its", "his", "her", "their", "el", "la", "los", "las", "un", "una", "su", "sus"]
)
NOT_NAMES = DETERMINERS | frozenset(
    ["on", "in", "at", "by", "for", "from", "after", "before", "when", "while", "en", "por", "tras"]
)
CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ]
)
MIN_BARE_QUOTE_WORDS = 4
MAX_SPEAKER_WORDS = 6


def find_quotes(
    text: str, sentences: tuple[Sentence, ...], entities: tuple[EntityMention, ...], *, skip: tuple[Span, ...] = ()
) -> tuple[Quote, ...]:
    """Quotes in ``text`` outside the ``skip`` spans (posts quote their own words)."""
    quotes = []
    for match in _QUOTE.finditer(text):
        inner = Span(start=match.start(1), end=match.end(1), label="quote")
        if any(inner.overlaps(span) for span in skip):
            continue
        sentence = _sentence_of(sentences, match.start()) or Span(start=match.start(), end=match.end())
        verb, speaker = _attribution(text, match, sentence, entities)
        if verb is None and len(_WORD.findall(match.group(1))) < MIN_BARE_QUOTE_WORDS:
            continue
        if verb is None and not _is_whole_sentence(text, match, sentence):
            continue
        quotes.append(Quote(span=inner, speaker=speaker, verb=verb))
    return tuple(quotes)


def _sentence_of(sentences: tuple[Sentence, ...], position: int) -> Span | None:
    for sentence in sentences:
        if sentence.span.start <= position < sentence.span.end:
            return sentence.span
    return None


def _is_whole_sentence(text: str, match: re.Match[str], sentence: Span) -> bool:
    outside = text[sentence.start : match.start()] + text[match.end() : sentence.end]
    return not _WORD.search(outside)


def _attribution(
    text: str, match: re.Match[str], sentence: Span, entities: tuple[EntityMention, ...]
) -> tuple[Span | None, Span | None]:
    after = _attribution_after(text, match.end(), sentence.end)
    if after[0] is not None:
        return after
    before = _attribution_before(text, sentence.start, match.start())
    if before[0] is not None and before[1] is not None:
        return before
    return _attribution_in_sentence(text, sentence, match, entities)


def _attribution_after(text: str, start: int, end: int) -> tuple[Span | None, Span | None]:
    """``"…," the statement said`` or ``"…," said Tomas Reyk, a spokesman``."""
    clause_end = _clause_end(text, start, end)
    words = list(_WORD.finditer(text, start, clause_end))[: MAX_SPEAKER_WORDS + 1]
    for index, word in enumerate(words):
        if word.group().lower() in SPEECH_VERBS:
            verb = Span(start=word.start(), end=word.end(), label="verb")
            if index == 0:
                speaker = _speaker_span(text, word.end(), clause_end, leading=True)
            else:
                speaker = _speaker_span(text, words[0].start(), word.start(), leading=False)
            return verb, speaker
    return None, None


def _attribution_before(text: str, start: int, quote_start: int) -> tuple[Span | None, Span | None]:
    """``Varga said: "…"`` or ``the mayor told reporters that "…"``."""
    head = text[start:quote_start]
    words = list(_WORD.finditer(text, start, quote_start))
    for word in reversed(words[-4:]):
        if word.group().lower() in SPEECH_VERBS:
            verb = Span(start=word.start(), end=word.end(), label="verb")
            clause_start = (
                start + max(head.rfind(",", 0, word.start() - start), head.rfind(";", 0, word.start() - start)) + 1
            )
            return verb, _speaker_span(text, clause_start, word.start(), leading=False)
    return None, None


def _attribution_in_sentence(
    text: str, sentence: Span, match: re.Match[str], entities: tuple[EntityMention, ...]
) -> tuple[Span | None, Span | None]:
    """A quoted fragment inside reported speech: ``X urged people to demand "Reconnect Julian."``."""
    for word in _WORD.finditer(text, sentence.start, match.start()):
        if word.group().lower() in SPEECH_VERBS:
            actors = [
                e.span
                for e in entities
                if sentence.start <= e.span.start and e.span.end <= word.start() and e.label in {"PERSON", "ORG"}
            ]
            return Span(start=word.start(), end=word.end(), label="verb"), (
                Span(start=actors[0].start, end=actors[0].end, label="speaker") if actors else None
            )
    return None, None


def _clause_end(text: str, start: int, end: int) -> int:
    for position in range(start, end):
        if text[position] in ".;:!?\n" or (text[position] == "," and position > start + 1):
            return position
    return end


def _speaker_span(text: str, start: int, end: int, *, leading: bool) -> Span | None:
    """The speaker phrase between ``start`` and ``end``: a proper name in it if there is one."""
    chunk = text[start:end]
    if any(word.lower() in SPEECH_VERBS for word in _WORD.findall(chunk)):
        return None  # a second speech verb: the phrase is reported speech, not a speaker
    names = [name for name in (_proper_name(match) for match in _NAME.finditer(chunk)) if name]
    if names:
        name_start, name_end = names[0] if leading else names[-1]
        return Span(start=start + name_start, end=start + name_end, label="speaker")
    phrase = _last_noun_phrase(chunk)
    if phrase is None:
        return None
    return Span(start=start + phrase[0], end=start + phrase[1], label="speaker")


def _proper_name(match: re.Match[str]) -> tuple[int, int] | None:
    """The match less leading function words ("The", "On"); None if nothing is left or it is a
    day or month ("On Tuesday" is when, not who)."""
    words = list(re.finditer(r"\S+", match.group()))
    while words and words[0].group().casefold() in NOT_NAMES:
        words.pop(0)
    if not words or all(word.group().casefold() in CALENDAR_WORDS for word in words):
        return None
    return match.start() + words[0].start(), match.start() + words[-1].end()


def _last_noun_phrase(chunk: str) -> tuple[int, int] | None:
    """``the council`` in ``On Tuesday the council``: from the last determiner to the end."""
    stripped = chunk.rstrip(" ,\"”“'")
    determiners = [m for m in re.finditer(r"\S+", stripped) if m.group().casefold() in DETERMINERS]
    start = determiners[-1].start() if determiners else len(stripped) - len(stripped.lstrip(" ,\"”“'"))
    if start >= len(stripped) or len(stripped[start:].split()) > MAX_SPEAKER_WORDS:
        return None
    return start, len(stripped)
