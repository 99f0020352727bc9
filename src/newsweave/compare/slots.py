"""What a sentence asserts, as slots a conflict can be judged on: quantities, dates, negation, people.

No properly licensed contradiction model ships as a package, and embeddings cannot tell a changed
figure from agreement, so aligned sentences are compared slot by slot. Number words are a small
table here for English and Spanish; a unit is the word after the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.model import Article, Span, TimeKind, TimeRef

__all__ = ["Quantity", "content_words", "dated_values", "has_negation", "people", "quantities", "speakers"]

NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, words in enumerate(
        [
            "zero cero",
            "one uno",
            "two dos",
            "three tres",
            "four cuatro",
            "five cinco",
            "six seis",
            "seven siete",
            "eight ocho",
            "nine nueve",
            "ten diez",
            "eleven once",
            "twelve doce",
        ]
    )
    for word in words.split()
}
NUMBER_WORDS.update({"twenty": 20, "veinte": 20, "thirty": 30, "treinta": 30, "fifty": 50, "hundred": 100, "cien": 100})
# Units that name the same thing across the languages newsweave reads.
UNIT_SYNONYMS: dict[str, str] = {"personas": "people", "persons": "people", "person": "people", "persona": "people"}
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nobody",
        "none",
        "neither",
        "nor",
        "cannot",
        "nunca",
        "nadie",
        "ninguno",
        "ninguna",
        "ni",
        "jamás",
    ]
)

_NUMBER_WORD = "|".join(sorted((word for word in NUMBER_WORDS if len(word) > 1), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w$€£.,])(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?i:{_NUMBER_WORD}))(?!\w)\s+(?P<unit>[^\W\d_]{{3,}})"
)
_NEGATION = re.compile(r"\b\w+\b|n['’]t\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str
    span: Span


def quantities(article: Article, sentence: Span) -> list[Quantity]:
    """Counted things in the sentence: "three people", "2,400 containers", "8 years"."""
    text = article.text
    found = []
    for match in _NUMBER.finditer(text, sentence.start, sentence.end):
        value = _number_value(match.group("number"))
        if value is None:
            continue
        unit = match.group("unit").casefold()
        unit = UNIT_SYNONYMS.get(unit, unit.removesuffix("s"))
        found.append(Quantity(value, unit, Span(start=match.start(), end=match.end(), label="quantity")))
    return found


def _number_value(token: str) -> float | None:
    if token[0].isdigit():
        if _YEAR.match(token):
            return None
        return float(token.replace(",", ""))
    return float(NUMBER_WORDS[token.casefold()])


def has_negation(article: Article, sentence: Span) -> bool:
    words = _NEGATION.findall(article.text[sentence.start : sentence.end])
    return any(word.casefold() in NEGATIONS or word.casefold().endswith(("n't", "n’t")) for word in words)


def dated_values(article: Article, sentence: Span) -> list[TimeRef]:
    """The dates named in the sentence."""
    return [ref for ref in article.times if ref.kind is TimeKind.DATE and sentence.contains(ref.span)]


def people(article: Article, sentence: Span) -> dict[str, Span]:
    """Canonical ids of the people named in the sentence, with one mention each."""
    return {
        mention.entity_id: mention.span
        for mention in article.entities
        if mention.label == "PERSON" and mention.entity_id and sentence.contains(mention.span)
    }


def speakers(article: Article, sentence: Span) -> dict[str, Span]:
    """Canonical ids of the speakers quoted in the sentence."""
    return {
        quote.speaker_entity: quote.speaker
        for quote in article.quotes
        if quote.speaker is not None and quote.speaker_entity and sentence.contains(quote.span)
    }


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def content_words(text: str) -> list[str]:
    """Lower-cased words of four letters or more, the vocabulary two wordings share."""
    return [word.casefold() for word in _CONTENT_WORD.findall(text)]
