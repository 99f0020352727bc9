"""Quotes with their speaker and speech verb, read from the attribution around the quote marks.

Quoted passages are found by pairing double quotation marks (straight, curly, angle) within a
paragraph, each mark read as opening or closing from the characters either side (a straight or a
mistyped curly mark included); a nested quote stays inside the passage that holds it. A paragraph
that leaves its quote open continues into the next paragraph's opening mark: each paragraph's part
is one quote, and the parts share a speaker.

The attribution is read by rules over the words next to the quote rather than a parser, nearest
first: after it (``"…," the statement said``; ``"…," said Tomas Reyk``; ``"…," Mr. Issa, who
chairs the panel, said``; ``"…," according to the agency``), before it (``Varga said: "…"``,
``the mayor told reporters that "…"``), a paragraph ending in a colon before a quoted paragraph,
then, weaker, its sentence (``X urged people to "stay home"``) or the sentence just before a
quoted sentence or paragraph (``Valastro praised Christie.``). A quote with no attribution of its
own takes the speaker of the quote before it in its paragraph or of the quote that ends the
paragraph before, or of the quote after it in its paragraph or continued paragraph (``"A." "B,"
she said.``). Speakers and what they stand for are read by :mod:`newsweave.annotate.speakers`.

A fragment of one or two words with no speech verb in its sentence is a scare quote, and a title
in quotes (``"Meet the Press"``) a name: neither is a quote. The rules and their limits were set
on PolNeAR's training articles (``bench/quote_eval.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsweave.annotate.speakers import SpeakerResolver, sentence_subject, speaker_after, speaker_before
from newsweave.annotate.speech_verbs import (
    CLAUSE_WORDS,
    LISTENER_VERBS,
    SPEAKER_AFTER_CUES,
    SPEAKER_PRONOUNS,
    SPEECH_VERBS,
)
from newsweave.model import EntityMention, Quote, Sentence, Span

__all__ = ["find_quotes"]

_MARK = re.compile(r"[\"“”«»„]")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[\w’'-]+")
_OPEN_BEFORE = "([{—–-/…"
_CLOSE_AFTER = ".,;:!?)]}—–-…'’\"”»"
# A fragment this short needs a speech verb in its sentence to be a quote, not a scare quote.
MAX_SCARE_WORDS = 2
MAX_TITLE_WORDS = 8
# How far from its quote a verb may sit: words between the quote and the verb after it
# (``"…," the Democratic nominee said``) or between the verb and the quote after it.
MAX_WORDS_TO_VERB = 8
MAX_WORDS_AFTER_VERB = 7
# Words before a verb after a quote that may be its subject, or a name and an appositive.
MAX_PHRASE_BEFORE_VERB = 8
MAX_APPOSITIVE_TO_VERB = 25
SMALL_TITLE_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "with", "in", "on", "for", "to", "at", "from", "de", "la"]
)


@dataclass(frozen=True, slots=True)
class _Passage:
    """A quoted stretch of one paragraph: ``start``/``end`` inside the marks, ``outer_end`` past
    the closing mark (the paragraph's end when the quote stays open)."""

    start: int
    end: int
    outer_end: int
    closed: bool
    line: int


@dataclass(frozen=True, slots=True)
class _Attribution:
    verb: Span | None = None
    speaker: Span | None = None
    after: bool = False  # read after the quote (``"…," X said``)
    weak: bool = False  # read from the sentence or paragraph around, not next to the quote


def find_quotes(
    text: str, sentences: tuple[Sentence, ...], entities: tuple[EntityMention, ...], *, skip: tuple[Span, ...] = ()
) -> tuple[Quote, ...]:
    """Quotes in ``text`` outside the ``skip`` spans (posts quote their own words)."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    passages = [
        p
        for p in _passages(text, lines)
        if not any(Span(start=p.start, end=p.end).overlaps(span) for span in skip) and text[p.start : p.end].strip()
    ]
    attributions = [_attribution(text, p, sentences, lines, entities) for p in passages]
    kept = [i for i, p in enumerate(passages) if _is_quote(text, p, attributions[i])]
    passages = [passages[i] for i in kept]
    attributions = _shared_speakers(text, passages, [attributions[i] for i in kept], lines)
    resolver = SpeakerResolver(text, sentences, entities, [Span(start=p.start, end=p.end) for p in passages])
    return tuple(
        Quote(
            span=Span(start=p.start, end=p.end, label="quote"),
            speaker=a.speaker,
            verb=a.verb,
            speaker_entity=resolver.key(a.speaker) if a.speaker is not None else "",
        )
        for p, a in zip(passages, attributions, strict=True)
    )


# --- quoted passages -----------------------------------------------------------------------------


def _passages(text: str, lines: list[tuple[int, int]]) -> list[_Passage]:
    passages = []
    for number, (start, end) in enumerate(lines):
        opened: list[int] = []
        for mark in _MARK.finditer(text, start, end):
            if _opens(text, mark.start(), start, end, inside=bool(opened)):
                opened.append(mark.start())
            elif opened:
                first = opened.pop()
                if not opened:
                    passages.append(_Passage(first + 1, mark.start(), mark.end(), True, number))
        if opened:
            passages.append(_Passage(opened[0] + 1, len(text[:end].rstrip()), end, False, number))
    return passages


def _opens(text: str, position: int, start: int, end: int, *, inside: bool) -> bool:
    """Whether the mark at ``position`` opens a quote: by the characters either side, and where
    they do not tell, by the mark's shape (a straight mark closes an open quote)."""
    before = text[position - 1] if position > start else " "
    after = text[position + 1] if position + 1 < end else " "
    opening = (before.isspace() or before in _OPEN_BEFORE) and not after.isspace()
    closing = not before.isspace() and (after.isspace() or after in _CLOSE_AFTER)
    if opening != closing:
        return opening
    mark = text[position]
    return mark in "“«„" or (mark == '"' and not inside)


# --- attribution ---------------------------------------------------------------------------------


def _attribution(
    text: str,
    passage: _Passage,
    sentences: tuple[Sentence, ...],
    lines: list[tuple[int, int]],
    entities: Sequence[EntityMention],
) -> _Attribution:
    line_start, line_end = lines[passage.line]
    open_mark = passage.start - 1
    sentence_start = _sentence_start(sentences, open_mark, line_start)
    start = max(sentence_start, _previous_close(text, line_start, open_mark))
    found = [_attribution_after(text, passage.outer_end, _clause_end(text, passage, sentences, line_end), entities)]
    found.append(_attribution_before(text, start, open_mark, entities))
    if open_mark == line_start and passage.line > 0:
        found.append(_colon_intro(text, sentences, lines[passage.line - 1], entities))
    around = [_attribution_in_sentence(text, sentence_start, open_mark, entities)]
    if open_mark == line_start and passage.line > 0:
        around.append(_paragraph_before(text, sentences, lines[passage.line - 1], entities))
    elif open_mark == sentence_start:
        around.append(_paragraph_before(text, sentences, (line_start, sentence_start), entities))
    found += [replace(attribution, weak=True) for attribution in around]
    # The first reading that names a speaker; else the first that found a verb.
    return next((a for a in found if a.speaker is not None), next((a for a in found if a.verb), _Attribution()))


def _sentence_start(sentences: tuple[Sentence, ...], position: int, floor: int) -> int:
    for sentence in sentences:
        if sentence.span.start <= position < sentence.span.end:
            return max(sentence.span.start, floor)
    return floor


def _previous_close(text: str, line_start: int, open_mark: int) -> int:
    """Just past the last quote mark before ``open_mark`` in its line: ``"A," X said, "B"``
    reads ``X said,`` for B."""
    marks = [m.end() for m in _MARK.finditer(text, line_start, open_mark)]
    return marks[-1] if marks else line_start


def _clause_end(text: str, passage: _Passage, sentences: tuple[Sentence, ...], line_end: int) -> int:
    """Where the attribution after a quote can end: the end of the sentence the quote closes, or
    of the next one when the quote's own stop ended the sentence (``"Why?" he asked.``,
    ``"…!" Pence said.``), the next quote mark or the paragraph's end."""
    position = passage.outer_end
    end = line_end
    for index, sentence in enumerate(sentences):
        if sentence.span.start <= position - 1 < sentence.span.end:
            end = sentence.span.end
            following = sentences[index + 1].span if index + 1 < len(sentences) else None
            if end - position < 2 and following is not None and not _MARK.search(text, following.start, following.end):
                end = following.end
            break
    next_mark = _MARK.search(text, position, line_end)
    return min(end, next_mark.start() if next_mark else line_end, line_end)


def _attribution_after(text: str, start: int, end: int, entities: Sequence[EntityMention]) -> _Attribution:
    """``"…," the statement said``, ``"…," said Tomas Reyk, a spokesman``, ``"…," Mr. Issa, who
    chairs the panel, said``, ``"…," according to the agency``."""
    words = list(_WORD.finditer(text, start, end))
    if not words or text[start:end].lstrip()[:1] in "(" or _coordinated(words[0].group()):
        return _Attribution()
    for index, word in enumerate(words[: MAX_APPOSITIVE_TO_VERB + 1]):
        lower = word.group().casefold()
        if lower not in SPEECH_VERBS or not _clause_leads_to(text, start, word.start(), index):
            continue
        verb = Span(start=word.start(), end=word.end(), label="verb")
        if _cue_after(words, index):
            return _Attribution(verb, speaker_after(text, words[index + 1].end(), end, entities), after=True)
        if _participle(lower):
            continue  # '"…," saying …': a clause about the quote, not its attribution
        if index == 0:
            return _Attribution(verb, speaker_after(text, word.end(), end, entities), after=True)
        speaker = speaker_before(text, start, word.start(), entities)
        if speaker is None and text[start : word.start()].rstrip().endswith(","):
            # '"…" for Clinton, said Kunin': nothing before the verb speaks, the name after it does.
            speaker = speaker_after(text, word.end(), end, entities)
        return _Attribution(verb, speaker, after=True)
    return _Attribution()


def _coordinated(word: str) -> bool:
    """``"…" and called on leaders``: a clause going on after the quote, not its attribution."""
    return word.casefold() in CLAUSE_WORDS


def _clause_leads_to(text: str, start: int, verb_start: int, index: int) -> bool:
    """The words before the verb are its subject: at most a short phrase, or a name and an
    appositive between commas (``Issa, who chairs the panel, said``)."""
    between = text[start:verb_start]
    if index <= MAX_PHRASE_BEFORE_VERB:
        return True
    return between.rstrip().endswith(",")


def _cue_after(words: list[re.Match[str]], index: int) -> bool:
    """``according to X``: the cue's second word starts the speaker."""
    if index + 1 >= len(words):
        return False
    return f"{words[index].group()} {words[index + 1].group()}".casefold() in SPEAKER_AFTER_CUES


def _attribution_before(text: str, start: int, open_mark: int, entities: Sequence[EntityMention]) -> _Attribution:
    """``Varga said: "…"``, ``the mayor told reporters that "…"``, ``according to X, "…"``."""
    words = list(_WORD.finditer(text, start, open_mark))
    for back, word in enumerate(reversed(words[-MAX_WORDS_AFTER_VERB - 1 :])):
        if word.group().casefold() not in SPEECH_VERBS:
            continue
        index = len(words) - 1 - back
        verb = Span(start=word.start(), end=word.end(), label="verb")
        if _cue_after(words, index):
            return _Attribution(verb, speaker_after(text, words[index + 1].end(), open_mark, entities))
        if index == 0 and word.group()[0].isupper():  # "Said Comey, "…""
            return _Attribution(verb, speaker_after(text, word.end(), open_mark, entities))
        if _participle(word.group().casefold()):
            return _Attribution(verb)  # "X did A, calling him "…"": the sentence's subject, read in it
        return _Attribution(verb, speaker_before(text, start, word.start(), entities))
    return _Attribution()


def _lower_phrase(text: str, speaker: Span) -> bool:
    """``the council``, not ``she``: a phrase the sentence's name may stand in for."""
    words = text[speaker.start : speaker.end]
    return words[:1].islower() and words.casefold() not in SPEAKER_PRONOUNS


def _participle(word: str) -> bool:
    return word.endswith("ing") and word != "according"


def _colon_intro(
    text: str, sentences: tuple[Sentence, ...], line: tuple[int, int], entities: Sequence[EntityMention]
) -> _Attribution:
    """``Caddell continued:`` closing the paragraph before a quoted paragraph."""
    start, end = line
    stripped = text[start:end].rstrip()
    if not stripped.endswith(":"):
        return _Attribution()
    colon = start + len(stripped) - 1
    return _attribution_before(text, _sentence_start(sentences, colon, start), colon, entities)


def _paragraph_before(
    text: str, sentences: tuple[Sentence, ...], line: tuple[int, int], entities: Sequence[EntityMention]
) -> _Attribution:
    """``Valastro praised Christie.`` then a quoted paragraph, or a quoted sentence after it in
    its paragraph: the words are Valastro's. Only words with no quote of their own speak for the
    quote after them."""
    start, end = line
    if _MARK.search(text, start, end):
        return _Attribution()
    last = max((s.span.start for s in sentences if start <= s.span.start < end), default=start)
    return _attribution_in_sentence(text, last, end, entities)


def _attribution_in_sentence(text: str, start: int, open_mark: int, entities: Sequence[EntityMention]) -> _Attribution:
    """A quoted fragment inside reported speech: ``X urged people to demand "Reconnect Julian."``:
    the first speech verb of the sentence, and the speaker before it; where the words before the
    verb name none (``She did A, but admitted "B"``), the sentence's subject, else its first person
    or organisation."""
    for word in _WORD.finditer(text, start, open_mark):
        if word.group().casefold() not in SPEECH_VERBS:
            continue
        verb = Span(start=word.start(), end=word.end(), label="verb")
        words = list(_WORD.finditer(text, word.start(), open_mark))
        if _cue_after(words, 0):  # "According to Trump, he is now "the worst …""
            return _Attribution(verb, speaker_after(text, words[1].end(), open_mark, entities))
        speaker = None if _participle(word.group().casefold()) else speaker_before(text, start, word.start(), entities)
        if speaker is None or not text[speaker.start : speaker.end][:1].isalpha() or _lower_phrase(text, speaker):
            speaker = sentence_subject(text, start, word.start(), entities) or speaker
        return _Attribution(verb, speaker)
    return _Attribution()


# --- which passages are quotes -------------------------------------------------------------------


def _is_quote(text: str, passage: _Passage, attribution: _Attribution) -> bool:
    """A title in quotes is a name, and a fragment of one or two words with no speech verb in
    its sentence a scare quote; anything longer is somebody's words. Capitalised words are still
    a quote when a speech verb introduces them (``urging people to demand "Reconnect Julian."``,
    not ``told "Meet the Press"``) or a one-word quote has its attribution after it
    (``"Quiet," she said``)."""
    words = _WORD.findall(text[passage.start : passage.end])
    said = _introduced(text, passage) or (attribution.after and len(words) == 1)
    if _is_title(text, passage, words) and not said:
        return False
    return len(words) > MAX_SCARE_WORDS or attribution.verb is not None


def _introduced(text: str, passage: _Passage) -> bool:
    """The word just before the quote is a speech verb that takes words, not a listener."""
    before = _WORD.findall(text[max(0, passage.start - 40) : passage.start - 1])
    return bool(before) and before[-1].casefold() in SPEECH_VERBS - LISTENER_VERBS


def _is_title(text: str, passage: _Passage, words: list[str]) -> bool:
    """``"Meet the Press"``, ``"Super Tuesday"``: every word capitalised but small ones, no
    sentence inside."""
    inner = text[passage.start : passage.end].rstrip(" ,.")
    if not words or len(words) > MAX_TITLE_WORDS or any(mark in inner for mark in ".?!;"):
        return False
    content = [w for w in words if w.casefold() not in SMALL_TITLE_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content) and not inner.isupper()


# --- speakers shared between quotes --------------------------------------------------------------


def _shared_speakers(
    text: str, passages: list[_Passage], attributions: list[_Attribution], lines: list[tuple[int, int]]
) -> list[_Attribution]:
    """Attributions completed from neighbouring quotes: a continued paragraph's speaker, the
    speaker of the quote before in the paragraph, or of the paragraph before's last quote."""
    shared = list(attributions)
    for index, passage in enumerate(passages):
        if shared[index].speaker is not None or index == 0:
            continue
        previous = passages[index - 1]
        same_line = previous.line == passage.line
        continued = not previous.closed and previous.line == passage.line - 1
        opens_line = passage.start - 1 == lines[passage.line][0] and previous.line == passage.line - 1
        if same_line or continued or (opens_line and (shared[index - 1].after or _ends_line(text, previous, lines))):
            shared[index] = replace(shared[index], speaker=shared[index - 1].speaker)
    for index in range(len(passages) - 2, -1, -1):
        # A quote running over paragraphs takes the attribution its end gives over a weak reading.
        replaceable = shared[index].speaker is None or (shared[index].weak and not passages[index].closed)
        if (
            replaceable
            and shared[index + 1].speaker is not None
            and _speaks_for_previous(passages[index], passages[index + 1], lines)
        ):
            shared[index] = replace(shared[index], speaker=shared[index + 1].speaker)
    return shared


def _speaks_for_previous(passage: _Passage, following: _Passage, lines: list[tuple[int, int]]) -> bool:
    """Whether the attribution of ``following`` also covers the unattributed ``passage`` before it:
    in one paragraph (``his endorsements will carry "weight" and "firepower," Sroka said``), a
    quote continued over paragraphs (``"A …`` then ``"… B," she said.``), or a quoted paragraph
    followed by one that names its speaker."""
    if following.line == passage.line:
        return True
    opens = passage.start - 1 == lines[passage.line][0] and following.start - 1 == lines[following.line][0]
    return following.line == passage.line + 1 and (not passage.closed or opens)


def _ends_line(text: str, passage: _Passage, lines: list[tuple[int, int]]) -> bool:
    """The quote ends its paragraph, but for its attribution (``"…," she said.``)."""
    rest = text[passage.outer_end : lines[passage.line][1]]
    return len(_WORD.findall(rest)) <= MAX_WORDS_TO_VERB + 4
