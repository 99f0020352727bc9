"""Quotes with speaker and speech verb, from the attribution around the quote marks."""

from __future__ import annotations

import pytest

from newsweave.annotate.quotes import find_quotes
from newsweave.annotate.sentences import segment_sentences
from newsweave.model import EntityMention, Quote, Span


def _mention(text: str, surface: str, label: str = "PERSON") -> EntityMention:
    start = text.index(surface)
    return EntityMention(span=Span(start=start, end=start + len(surface)), label=label)


def _quotes(
    text: str, *, entities: tuple[EntityMention, ...] = (), skip: tuple[Span, ...] = (), language: str = "en"
) -> tuple[Quote, ...]:
    return find_quotes(text, segment_sentences(text, language=language), entities, skip=skip)


def _at(text: str, span: Span | None) -> str | None:
    return None if span is None else text[span.start : span.end]


def _read(text: str, quote: Quote) -> tuple[str | None, str | None, str | None]:
    return _at(text, quote.span), _at(text, quote.speaker), _at(text, quote.verb)


@pytest.mark.parametrize(
    ("language", "text", "words", "speaker", "verb"),
    [
        (
            "en",
            '"The ferry will not sail until the wind drops," the agency said.',
            "The ferry will not sail until the wind drops,",
            "the agency",
            "said",
        ),
        (
            "en",
            '"We have closed the quay for safety," said Ana Ruiz, a spokeswoman.',
            "We have closed the quay for safety,",
            "Ana Ruiz",
            "said",
        ),
        (
            "en",
            "“The quay will reopen on Friday,” Ruiz told reporters.",
            "The quay will reopen on Friday,",
            "Ruiz",
            "told",
        ),
        (
            "en",
            'Ruiz said: "Nobody should go near the sea wall tonight."',
            "Nobody should go near the sea wall tonight.",
            "Ruiz",
            "said",
        ),
        (
            "en",
            'The mayor told reporters that "the wall will hold for now."',
            "the wall will hold for now.",
            "The mayor",
            "told",
        ),
        (
            "en",
            'On Tuesday the council urged people to "stay home tonight."',
            "stay home tonight.",
            "the council",
            "urged",
        ),
        (
            "es",
            '"Nadie debe acercarse al muelle esta noche", dijo la alcaldesa Ana Ruiz.',
            "Nadie debe acercarse al muelle esta noche",
            "Ana Ruiz",
            "dijo",
        ),
        (
            "es",
            "«El muelle sigue cerrado», afirmó Luis Soto, portavoz del puerto.",
            "El muelle sigue cerrado",
            "Luis Soto",
            "afirmó",
        ),
    ],
)
def test_find_quotes_reads_attribution(language: str, text: str, words: str, speaker: str, verb: str) -> None:
    (quote,) = _quotes(text, language=language)

    assert _read(text, quote) == (words, speaker, verb)
    assert quote.span.label == "quote"


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "safe harbour" was flooded on Tuesday.',
        'Officials called it a "freak wave" after the storm.',
        'The "new normal" for the island ferry began in March.',
    ],
)
def test_find_quotes_skips_scare_quotes(text: str) -> None:
    assert _quotes(text) == ()


def test_find_quotes_keeps_whole_sentence_quote_without_verb() -> None:
    text = 'The captain spoke at dawn. "We will not sail today, and maybe not tomorrow."'

    (quote,) = _quotes(text)

    assert _read(text, quote) == ("We will not sail today, and maybe not tomorrow.", None, None)


def test_find_quotes_skips_quotes_inside_skip_spans() -> None:
    post = 'Harbour update: "We are all safe at the quay tonight, thank you all"'
    text = post + '\n"The wall held through the night," the agency said.'
    skip = (Span(start=0, end=len(post)),)

    quotes = _quotes(text, skip=skip)

    assert [_at(text, q.span) for q in quotes] == ["The wall held through the night,"]


@pytest.mark.parametrize(
    "text",
    [
        'Ana Ruiz urged people to "stay home tonight."',
        'Ana Ruiz on Tuesday urged residents of the whole island to "stay home tonight."',
    ],
)
def test_find_quotes_fragment_gets_speaker_from_person_entity(text: str) -> None:
    entities = (_mention(text, "Ana Ruiz", "PERSON"),)

    (quote,) = _quotes(text, entities=entities)

    assert _read(text, quote) == ("stay home tonight.", "Ana Ruiz", "urged")


def test_find_quotes_fragment_ignores_non_actor_entities() -> None:
    text = 'On Tuesday the council urged residents of the whole island to "stay home tonight."'
    entities = (_mention(text, "Tuesday", "DATE"),)

    (quote,) = _quotes(text, entities=entities)

    assert _at(text, quote.verb) == "urged"
    assert quote.speaker is None


def test_find_quotes_spans_index_text_without_quote_marks() -> None:
    text = 'First line here.\n\n"The ferry is late again today," said Ola Berg.\n\n"Quiet," she said.'

    quotes = _quotes(text)

    assert [_at(text, q.span) for q in quotes] == ["The ferry is late again today,", "Quiet,"]
    for quote in quotes:
        assert text[quote.span.start - 1] in '"“«'
        assert text[quote.span.end] in '"”»'
