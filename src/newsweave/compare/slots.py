"""What a sentence asserts, as slots a conflict can be judged on: quantities, dates, negation, people.

No properly licensed contradiction model ships as a package, and embeddings cannot tell a changed
figure from agreement, so aligned sentences are compared slot by slot. Number words are a small
table here for English and Spanish; a unit is the word after the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.annotate.time_patterns import EN, ES
from newsweave.model import Article, Span, TimeKind, TimeRef

__all__ = [
    "MONTHS",
    "Quantity",
    "content_words",
    "dated_values",
    "has_negation",
    "in_quotation",
    "is_negation",
    "people",
    "quantities",
    "speakers",
]

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
# A figure is a number, not part of a name or code: "9/11", "G-20", "Sept. 11" and "COVID-19" are
# names, and their digits are no count of anything (the lookbehind and _MONTH_BEFORE keep them out).
_NUMBER = re.compile(
    rf"(?<![\w$€£.,/\-])(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?i:{_NUMBER_WORD}))(?![\w/\-])"
    rf"\s+(?P<unit>[^\W\d_]{{3,}})"
)
_MONEY = re.compile(
    r"(?<![\w.,])(?P<currency>[$€£])\s?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
)
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# The month words the time tagger reads ("Sept", "Sept.", "septiembre"), without a full stop.
_MONTH_WORDS = sorted({word.rstrip(".") for word in (*EN.months, *ES.months)}, key=len, reverse=True)
MONTHS = frozenset(word.casefold() for word in _MONTH_WORDS)
# A capitalised English month (or a Spanish one) right before a figure makes it part of a date
# ("Sept. 11"), so "may" the verb never counts; "in May 11 people ..." loses its figure, and a
# missed figure costs a reader less than a false conflict.
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(_MONTH_WORDS)})\.?\s*$")
# Words that make a figure count a part of something rather than the thing: "the first 11 (of 15)
# seasons", "another 3 people", "two more", "three other climbers".
_PART_BEFORE = re.compile(r"\b(?:first|last|next|final|another|other|additional|further|remaining)\s*$", re.I)
_PART_AFTER = frozenset({"more", "others", "other", "additional", "further", "remaining"})
# Words that make a figure a bound or an estimate: "more than $5 billion" agrees with "$5.7
# billion", and "about 300" with "310".
HEDGES = re.compile(
    r"\b(?:more|less|fewer|greater)\s+than\s*$|\b(?:at\s+least|at\s+most|about|nearly|almost|roughly|around|"
    r"approximately|up\s+to|over|under|some|as\s+many\s+as|as\s+much\s+as|estimated|más\s+de|menos\s+de|"
    r"unos|unas|casi|alrededor\s+de|cerca\s+de)\s*$",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b\w+\b|n['’]t\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with what it counts (``unit``); ``hedged`` when it is a bound or an estimate."""

    value: float
    unit: str
    span: Span
    hedged: bool = False


def quantities(article: Article, sentence: Span) -> list[Quantity]:
    """Counted things and sums in the sentence: "three people", "2,400 containers", "$5.7 billion"."""
    return _counts(article.text, sentence) + _sums(article.text, sentence)


def _counts(text: str, sentence: Span) -> list[Quantity]:
    found = []
    for match in _NUMBER.finditer(text, sentence.start, sentence.end):
        value = _number_value(match.group("number"))
        unit = match.group("unit").casefold()
        before = text[max(sentence.start, match.start() - 30) : match.start()]
        if value is None or unit.rstrip(".") in MONTHS or _MONTH_BEFORE.search(before):
            continue  # a year, a date ("19 Sept."), or a name with a date in it ("the Sept. 11 attacks")
        if _PART_BEFORE.search(before) or unit in _PART_AFTER:
            continue  # a part of a whole ("his first 11 seasons", "two others"): not the whole's count
        unit = UNIT_SYNONYMS.get(unit, unit.removesuffix("s"))
        span = Span(start=match.start(), end=match.end(), label="quantity")
        found.append(Quantity(value, unit, span, hedged=bool(HEDGES.search(before))))
    return found


def _sums(text: str, sentence: Span) -> list[Quantity]:
    found = []
    for match in _MONEY.finditer(text, sentence.start, sentence.end):
        value = float(match.group("number").replace(",", "")) * _SCALES.get(match.group("scale") or "", 1.0)
        before = text[max(sentence.start, match.start() - 30) : match.start()]
        span = Span(start=match.start(), end=match.end(), label="quantity")
        found.append(Quantity(value, _CURRENCIES[match.group("currency")], span, hedged=bool(HEDGES.search(before))))
    return found


def _number_value(token: str) -> float | None:
    if token[0].isdigit():
        if _YEAR.match(token):
            return None
        return float(token.replace(",", ""))
    return float(NUMBER_WORDS[token.casefold()])


def has_negation(article: Article, sentence: Span) -> bool:
    """A negation in the sentence's own words: one inside a quotation is the speaker's, and a
    quoted "no" names a vote or an answer ("the lone 'no' vote") rather than denying anything."""
    text = article.text
    for match in _NEGATION.finditer(text, sentence.start, sentence.end):
        if not is_negation(match.group()):
            continue
        if in_quotation(article, Span(start=match.start(), end=match.end())):
            continue
        if {text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]} & _QUOTE_MARKS:
            continue
        return True
    return False


def is_negation(word: str) -> bool:
    """A word that denies: "not", "never", "nadie", or any "-n't" contraction."""
    folded = word.casefold()
    return folded in NEGATIONS or folded.endswith(("n't", "n’t"))


_QUOTE_MARKS = frozenset("\"'“”‘’«»")


def in_quotation(article: Article, span: Span) -> bool:
    """Whether ``span`` lies inside a quotation the quote annotator found."""
    return any(quote.span.contains(span) for quote in article.quotes)


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
