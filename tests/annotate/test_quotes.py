"""Quotes with speaker and speech verb, from the attribution around the quote marks."""

from __future__ import annotations

import pytest

from newsweave.annotate.quotes import find_quotes
from newsweave.annotate.sentences import segment_sentences
from newsweave.model import EntityMention, Quote, Span


def _mention(text: str, surface: str, label: str = "PERSON", *, nth: int = 0) -> EntityMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
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
        'The storm left a "freak wave" of debris on the quay.',
        'The "new normal" for the island ferry began in March.',
    ],
)
def test_find_quotes_skips_scare_quotes(text: str) -> None:
    assert _quotes(text) == ()


def test_find_quotes_keeps_whole_sentence_quote_without_verb() -> None:
    text = 'The ferry stayed in port. "We will not sail today, and maybe not tomorrow."'

    (quote,) = _quotes(text)

    assert _read(text, quote) == ("We will not sail today, and maybe not tomorrow.", None, None)


def test_find_quotes_quoted_sentence_takes_speaker_of_sentence_before() -> None:
    text = 'The captain spoke at dawn. "We will not sail today, and maybe not tomorrow."'

    (quote,) = _quotes(text)

    assert _read(text, quote) == ("We will not sail today, and maybe not tomorrow.", "The captain", "spoke")


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
    assert _at(text, quote.speaker) == "the council"


def test_find_quotes_spans_index_text_without_quote_marks() -> None:
    text = 'First line here.\n\n"The ferry is late again today," said Ola Berg.\n\n"Quiet," she said.'

    quotes = _quotes(text)

    assert [_at(text, q.span) for q in quotes] == ["The ferry is late again today,", "Quiet,"]
    for quote in quotes:
        assert text[quote.span.start - 1] in '"“«'
        assert text[quote.span.end] in '"”»'


# --- quote marks, paragraphs and what is not a quote -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Ana Ruiz appeared on "Meet the Press" on Sunday.',
        "Ruiz told “Meet the Press” that the pier would reopen.",
        'Fans of "The Harbour Watch" tuned in after the storm.',
    ],
)
def test_find_quotes_skips_titles_in_quotes(text: str) -> None:
    assert _quotes(text, entities=(_mention(text, "Ruiz"),) if "Ruiz" in text else ()) == ()


def test_find_quotes_keeps_short_fragment_with_speech_verb() -> None:
    # "called it a …" quotes the officials' words: a partial quote, not a scare quote.
    text = 'Officials called it a "freak wave" after the storm.'

    (quote,) = _quotes(text)

    assert _read(text, quote) == ("freak wave", "Officials", "called")


def test_find_quotes_reads_colon_before_quoted_paragraph() -> None:
    text = "The mayor spoke at noon.\n\nAna Ruiz said:\n\n“The quay stays closed until the wall is fixed.”"

    (quote,) = _quotes(text, entities=(_mention(text, "Ana Ruiz"),))

    assert _read(text, quote) == ("The quay stays closed until the wall is fixed.", "Ana Ruiz", "said")


def test_find_quotes_quote_running_over_paragraphs_shares_its_speaker() -> None:
    text = (
        "The ship hit the pier at dawn.\n\n"
        "“The first pier took the full weight of the ship and cracked near the base.\n\n"
        "“The second pier held, and that is why the bridge is still standing,” Reyk said."
    )

    quotes = _quotes(text, entities=(_mention(text, "Reyk"),))

    assert [_read(text, q) for q in quotes] == [
        ("The first pier took the full weight of the ship and cracked near the base.", "Reyk", None),
        ("The second pier held, and that is why the bridge is still standing,", "Reyk", "said"),
    ]


def test_find_quotes_keeps_nested_quote_inside_its_quote() -> None:
    text = '"He said “stay away from the pier” and left," Reyk said.'

    (quote,) = _quotes(text, entities=(_mention(text, "Reyk"),))

    assert _read(text, quote) == ("He said “stay away from the pier” and left,", "Reyk", "said")


# --- attributions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "speaker", "verb"),
    [
        ('"Nobody should walk on it," according to Ana Ruiz.', "Ana Ruiz", "Ana Ruiz", "according"),
        ('"The ship was going too fast," Ruiz told reporters.', "Ruiz", "Ruiz", "told"),
        ('"The vote is final," Ms. Pelosi said on Tuesday.', "Pelosi", "Pelosi", "said"),
        ('"The vote is final," Mr. Issa said.', "Issa", "Issa", "said"),
        ('"We need a deal by Friday," Nancy Pelosi, the House speaker, said.', "Nancy Pelosi", "Nancy Pelosi", "said"),
        ('"The pier held," said Sen. Maria Lund (D-Ore.), who chairs the panel.', "Maria Lund", "Maria Lund", "said"),
        ('"It seems safe," Sen. Maria Lund (D-Ore.) said Saturday.', "Maria Lund", "Maria Lund", "said"),
    ],
)
def test_find_quotes_reads_attribution_forms(text: str, surface: str, speaker: str, verb: str) -> None:
    (quote,) = _quotes(text, entities=(_mention(text, surface),))

    assert (_at(text, quote.speaker), _at(text, quote.verb)) == (speaker, verb)


def test_find_quotes_said_in_a_statement() -> None:
    text = '"The investigation has begun," the agency said in a statement.'

    (quote,) = _quotes(text)

    assert _read(text, quote) == ("The investigation has begun,", "the agency", "said")


def test_find_quotes_next_sentence_of_quote_takes_the_attributed_speaker() -> None:
    text = 'Darrell Issa chairs the panel.\n\n"We will subpoena the records," Mr. Issa said. "Nobody is above the law."'
    entities = (_mention(text, "Darrell Issa"), _mention(text, "Issa", nth=1))

    quotes = _quotes(text, entities=entities)

    assert [(_at(text, q.span), _at(text, q.speaker)) for q in quotes] == [
        ("We will subpoena the records,", "Issa"),
        ("Nobody is above the law.", "Issa"),
    ]
    assert {q.speaker_entity for q in quotes} == {"darrell issa"}


def test_find_quotes_appositive_then_next_sentence() -> None:
    text = '"We need a deal by Friday," Nancy Pelosi, the House speaker, said. "Then we can go home."'

    quotes = _quotes(text, entities=(_mention(text, "Nancy Pelosi"),))

    assert [_at(text, q.speaker) for q in quotes] == ["Nancy Pelosi", "Nancy Pelosi"]


# --- speakers: never a function word or a place; pronouns and roles resolved ---------------------


@pytest.mark.parametrize(
    "text",
    [
        '"The pier held," and said nothing more.',
        'They "have said the pier held," and have gone home.',
    ],
)
def test_find_quotes_speaker_is_never_a_function_word(text: str) -> None:
    for quote in _quotes(text):
        assert quote.speaker is None or _at(text, quote.speaker) not in {"and", "have", "as he", "in which he"}


def test_find_quotes_speaker_is_never_a_place() -> None:
    text = '"The state will pay for the repairs," Wyoming said.'

    (quote,) = _quotes(text, entities=(_mention(text, "Wyoming", "GPE"),))

    assert quote.speaker is None


def test_find_quotes_place_named_in_speaker_phrase_is_not_the_speaker() -> None:
    text = '"The pier must be rebuilt," said Wyoming Sen. John Barrasso.'
    entities = (_mention(text, "Wyoming", "GPE"), _mention(text, "John Barrasso"))

    (quote,) = _quotes(text, entities=entities)

    assert _at(text, quote.speaker) == "John Barrasso"


@pytest.mark.parametrize(("pronoun", "entity"), [("she", "ana ruiz"), ("he", "tomas reyk")])
def test_find_quotes_pronoun_resolves_to_compatible_person(pronoun: str, entity: str) -> None:
    text = f'Ana Ruiz met Tomas Reyk at the quay. "We will rebuild the pier," {pronoun} said.'
    entities = (_mention(text, "Ana Ruiz"), _mention(text, "Tomas Reyk"))

    (quote,) = _quotes(text, entities=entities)

    assert (_at(text, quote.speaker), quote.speaker_entity) == (pronoun, entity)


def test_find_quotes_pronoun_skips_names_inside_quotes() -> None:
    text = 'Tomas Reyk spoke first. "I never met Ana Ruiz or Piet Olsen," he said.'
    entities = (_mention(text, "Tomas Reyk"), _mention(text, "Ana Ruiz"), _mention(text, "Piet Olsen"))

    (quote,) = _quotes(text, entities=entities)

    assert quote.speaker_entity == "tomas reyk"


def test_find_quotes_he_and_in_which_he_are_one_speaker() -> None:
    text = (
        'Tomas Reyk spoke first. "The pier held," he said. "It was close," He said. '
        'It was a night in which he said "nothing else mattered."'
    )

    quotes = _quotes(text, entities=(_mention(text, "Tomas Reyk"),))

    assert [_at(text, q.speaker) for q in quotes] == ["he", "He", "he"]
    assert {q.speaker_entity for q in quotes} == {"tomas reyk"}


@pytest.mark.parametrize(
    ("text", "surface", "speaker", "entity"),
    [
        (
            'Sen. Maria Lund visited the port. "The bridge must be rebuilt," the senator said.',
            "Maria Lund",
            "the senator",
            "maria lund",
        ),
        (
            "White House spokeswoman Karen Holt spoke on Monday. "
            '"The president is following the rescue," the White House spokeswoman said.',
            "Karen Holt",
            "the White House spokeswoman",
            "karen holt",
        ),
    ],
)
def test_find_quotes_role_resolves_to_the_person_given_that_role(
    text: str, surface: str, speaker: str, entity: str
) -> None:
    (quote,) = _quotes(text, entities=(_mention(text, surface),))

    assert (_at(text, quote.speaker), quote.speaker_entity) == (speaker, entity)


def test_find_quotes_role_without_a_named_holder_stays_unresolved() -> None:
    text = 'Ana Ruiz visited the port. "The bridge must be rebuilt," the senator said.'

    (quote,) = _quotes(text, entities=(_mention(text, "Ana Ruiz"),))

    assert (_at(text, quote.speaker), quote.speaker_entity) == ("the senator", "")
