"""Capitalised names read off the text past an article's lead (``newsweave.group.names``)."""

from __future__ import annotations

import pytest

from newsweave.group.names import find_names
from newsweave.model import Span


def _sentences(text: str) -> list[Span]:
    """One sentence a line."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append(Span(start=start, end=start + len(line)))
        start += len(line) + 1
    return spans


def _names(text: str, *, start: int = 0, known: tuple[str, ...] = ()) -> list[str]:
    return find_names(text, _sentences(text), start=start, known=known)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Officials met Bank of America and Ludwig van Beethoven fans.", ["Bank of America", "Ludwig van Beethoven"]),
        ("It said The Pentagon and President Barack Obama met in Paris.", ["Pentagon", "Barack Obama", "Paris"]),
        ("The Pentagon said so.", ["Pentagon"]),
        ("In Paris, officials met on Monday with Mr. Smith.", ["Paris", "Smith"]),
        ("Sales rose on Friday and in May, said Theresa May.", ["Theresa May"]),
        ("It hurt sales of Microsoft's Internet Explorer.", ["Microsoft's", "Internet Explorer"]),
        ("Agents of the FBI and NATO met.", ["FBI", "NATO"]),
        ("See https://www.CNN.com/News and #HalvardBridge by @JulianAssange for anti-American posts.", []),
        ("He said I'm sure Mr. and Dr. Jan. met.", []),
    ],
)
def test_names_words_left_out(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_names_sentence_opening_word_kept_only_when_named_elsewhere() -> None:
    text = "Police said coach Maurice Cheeks was fired.\nCheeks said nothing.\nOfficials said nothing."
    assert _names(text) == ["Maurice Cheeks", "Cheeks"]
    # a word of a known key counts too, and a quotation opens like a sentence
    text = 'Reporters waited.\nAssange said: "Ecuador lied."'
    assert _names(text) == []
    assert _names(text, known=("julian assange", "ecuador")) == ["Assange", "Ecuador"]
    # several words opening a sentence are a name
    assert _names("Julian Assange said so.") == ["Julian Assange"]


def test_names_from_start_use_earlier_sentences() -> None:
    text = "Maurice Cheeks was fired.\nCheeks said nothing to Philadelphia."
    start = text.index("Cheeks said")
    assert _names(text, start=start) == ["Cheeks", "Philadelphia"]
    assert _names(text, start=len(text)) == []


def test_names_without_sentences_split_roughly() -> None:
    text = "Ecuador cut the internet. Officials agreed! Assange, in London, disagreed.\nCorrea spoke of Ecuador"
    # the first "Ecuador" opens a sentence and counts because the last sentence names it
    assert find_names(text) == ["Ecuador", "London", "Ecuador"]
    known = ["julian assange", "rafael correa"]
    assert find_names(text, known=known) == ["Ecuador", "Assange", "London", "Correa", "Ecuador"]
