"""Judging whether two aligned sentences conflict, with the words that show it.

A conflict must be right more than it must be found: every rule needs the two sentences to carry
the same slot (the same counted unit, a date of the same granularity, a quoted speaker) and to
differ in it. Figures about different things ("six years in the embassy", "8 years detained")
share no unit and never conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.compare import slots
from newsweave.compare.names import same_person
from newsweave.model import Article, Evidence, Span, TimeRef

__all__ = [
    "ConflictOptions",
    "SentenceSlots",
    "conflicts_between",
    "find_conflicts",
    "sentence_slots",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictOptions:
    """Thresholds of the rules that need near-identical sentences.

    Args:
        min_negation_overlap: share of content words two sentences need before a negation
            present in one only counts as a conflict.
        min_strong_score: same-claim probability above which two sentences are taken to state the same
            fact closely enough that one named person each, or (across languages, where unit
            words differ) one figure each, must agree.
    """

    min_negation_overlap: float = 0.6
    min_strong_score: float = 0.75


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceSlots:
    """What the rules read of one sentence, found once: a sentence of a claim group is checked
    against every other member, so finding them per pair repeated the regex scans seven-fold."""

    article: Article
    span: Span
    quantities: tuple[slots.Quantity, ...]
    speakers: dict[str, Span]
    dates: tuple[TimeRef, ...]
    people: dict[str, Span]
    negated: bool
    content_words: frozenset[str]

    @property
    def by_unit(self) -> dict[str, dict[str, Span]]:
        """Firm figures by what they count, a quoted one apart from one in the reporter's words:
        a bound or an estimate ("more than $5 billion") agrees with any figure it admits, and a
        speaker's figure is not the outlet's claim."""
        found: dict[str, dict[str, Span]] = {}
        for quantity in self.quantities:
            if not quantity.hedged:
                unit = f"quoted {quantity.unit}" if slots.in_quotation(self.article, quantity.span) else quantity.unit
                found.setdefault(unit, {})[f"{quantity.value:.15g}"] = quantity.span
        return found


def sentence_slots(article: Article, sentence: Span) -> SentenceSlots:
    """The slots of ``sentence`` in ``article`` that the conflict rules compare."""
    return SentenceSlots(
        article=article,
        span=sentence,
        quantities=tuple(slots.quantities(article, sentence)),
        speakers=slots.speakers(article, sentence),
        dates=tuple(slots.dated_values(article, sentence)),
        people=slots.people(article, sentence),
        negated=slots.has_negation(article, sentence),
        content_words=frozenset(slots.content_words(article.text_at(sentence))),
    )


def find_conflicts(
    left: Article, left_span: Span, right: Article, right_span: Span, *, score: float, options: ConflictOptions
) -> tuple[Evidence, ...]:
    """Evidence of every way the two sentences disagree; empty when they agree."""
    return conflicts_between(sentence_slots(left, left_span), sentence_slots(right, right_span), score, options)


def conflicts_between(
    left: SentenceSlots, right: SentenceSlots, score: float, options: ConflictOptions
) -> tuple[Evidence, ...]:
    """:func:`find_conflicts` of two sentences whose slots were found already."""
    evidence: list[Evidence] = []
    evidence.extend(_differing("number", left.article, left.by_unit, right.article, right.by_unit))
    if _named_speakers_differ(left, right):
        evidence.extend(_differing("attribution", left.article, left.speakers, right.article, right.speakers))
    evidence.extend(_date_conflict(left, right))
    if score >= options.min_strong_score:
        if left.article.language != right.article.language and not any(e.kind == "number" for e in evidence):
            evidence.extend(_single_quantity_conflict(left, right))
        evidence.extend(_person_conflict(left, right))
    if _negation_conflict(left, right, options):
        evidence.extend(_negation_sides(left, right))
    return tuple(evidence)


def _negation_sides(left: SentenceSlots, right: SentenceSlots) -> list[Evidence]:
    return [
        Evidence(kind="negation", article_id=side.article.id, span=side.span, value=_NEGATED[side.negated])
        for side in (left, right)
    ]


_NEGATED = {True: "denies it", False: "states it"}


def _date_conflict(left: SentenceSlots, right: SentenceSlots) -> list[Evidence]:
    """One date each, of one granularity, that differ when read the same way: two resolved values,
    or two relative forms ("weekday:TU") when either is unresolved.

    A relative date ("yesterday", "on Tuesday") is read against its article's publication day, or
    inside a quotation against the day it was said: two of them are compared only when both
    articles came out the same day and neither is quoted.
    """
    left_dates, right_dates = left.dates, right.dates
    if len(left_dates) != 1 or len(right_dates) != 1 or left_dates[0].granularity != right_dates[0].granularity:
        return []
    a, b = left_dates[0], right_dates[0]
    if (_is_relative(left.article, a) or _is_relative(right.article, b)) and not _same_anchor(left, a, right, b):
        return []
    if a.value and b.value:
        left_value, right_value = a.value, b.value
    elif a.relative and b.relative:
        left_value, right_value = a.relative, b.relative
    else:
        return []
    if left_value == right_value:
        return []
    return _pair("date", left.article, {left_value: a.span}, right.article, {right_value: b.span}, slot=a.granularity)


def _is_relative(article: Article, ref: TimeRef) -> bool:
    """A date read from the publication day: no figure in its words ("yesterday", "last Tuesday")."""
    return bool(ref.relative) or not any(char.isdigit() for char in article.text_at(ref.span))


def _same_anchor(left: SentenceSlots, a: TimeRef, right: SentenceSlots, b: TimeRef) -> bool:
    published = (left.article.published, right.article.published)
    if None in published or slots.in_quotation(left.article, a.span) or slots.in_quotation(right.article, b.span):
        return False
    return bool(published[0] and published[1] and published[0].date() == published[1].date())


def _differing(
    kind: str,
    left: Article,
    left_slots: dict[str, dict[str, Span]] | dict[str, Span],
    right: Article,
    right_slots: dict[str, dict[str, Span]] | dict[str, Span],
) -> list[Evidence]:
    if kind == "attribution":
        if left_slots and right_slots and not set(left_slots) & set(right_slots):
            return _pair(kind, left, _as_values(left_slots), right, _as_values(right_slots))
        return []
    evidence = []
    for slot in set(left_slots) & set(right_slots):
        left_values, right_values = left_slots[slot], right_slots[slot]
        if (
            isinstance(left_values, dict)
            and isinstance(right_values, dict)
            and not set(left_values) & set(right_values)
        ):
            evidence.extend(_pair(kind, left, left_values, right, right_values, slot=slot))
    return evidence


def _as_values(found: dict[str, dict[str, Span]] | dict[str, Span]) -> dict[str, Span]:
    return {key: value for key, value in found.items() if isinstance(value, Span)}


def _pair(
    kind: str,
    left: Article,
    left_values: dict[str, Span],
    right: Article,
    right_values: dict[str, Span],
    *,
    slot: str = "",
) -> list[Evidence]:
    return [
        Evidence(kind=kind, article_id=article.id, span=span, value=value, slot=slot)
        for article, values in ((left, left_values), (right, right_values))
        for value, span in values.items()
    ]


def _single_quantity_conflict(left: SentenceSlots, right: SentenceSlots) -> list[Evidence]:
    if len(left.quantities) != 1 or len(right.quantities) != 1:
        return []
    a, b = left.quantities[0], right.quantities[0]
    if a.value == b.value:
        return []
    # Across languages the counted words differ ("people" / "personas"): no one slot names both.
    return _pair("number", left.article, {f"{a.value:.15g}": a.span}, right.article, {f"{b.value:.15g}": b.span})


def _person_conflict(left: SentenceSlots, right: SentenceSlots) -> list[Evidence]:
    """One named person swapped for another in the same sentence ("X was arrested" / "Y was"),
    unless the two names can be one person ("Liz Cheney" / "Elizabeth", "Mike" / "Michael")."""
    left_people, right_people = left.people, right.people
    only_left = set(left_people) - set(right_people)
    only_right = set(right_people) - set(left_people)
    if len(only_left) == 1 and len(only_right) == 1 and len(left_people) == len(right_people):
        (a,), (b,) = only_left, only_right
        left_name, right_name = left.article.text_at(left_people[a]), right.article.text_at(right_people[b])
        if same_person(left_name, right_name) or _overlap(left, right, without=(left_name, right_name)) < SAME_ROLE:
            return []
        return _pair("name", left.article, {a: left_people[a]}, right.article, {b: right_people[b]})
    return []


# Share of content words (the larger sentence's) two sentences must have in common, names left
# out, before a different name in each reads as one role filled by two people: "Ana Ruiz was
# arrested" / "Olaf Berg was arrested", not "X was named coach" / "Y said X will coach".
SAME_ROLE = 0.75


def _overlap(left: SentenceSlots, right: SentenceSlots, *, without: tuple[str, ...] = ()) -> float:
    """Content words the two sentences share, over the larger sentence's count."""
    dropped = {word for name in without for word in slots.content_words(name)}
    left_words, right_words = left.content_words - dropped, right.content_words - dropped
    return len(left_words & right_words) / max(1, len(left_words), len(right_words))


def _names(found: SentenceSlots, spans: dict[str, Span]) -> list[str]:
    return [found.article.text_at(span) for span in spans.values()]


def _named_speakers_differ(left: SentenceSlots, right: SentenceSlots) -> bool:
    """One speaker each, named in the sentence itself (a pronoun or a speaker borrowed from a
    neighbouring quote is the annotator's reading, too weak to accuse an outlet of misquoting),
    and the two names cannot be one person."""
    if len(left.speakers) != 1 or len(right.speakers) != 1:
        return False
    (a,), (b,) = _names(left, left.speakers), _names(right, right.speakers)
    named = all(left.span.contains(span) for span in left.speakers.values()) and all(
        right.span.contains(span) for span in right.speakers.values()
    )
    return named and _is_name(a) and _is_name(b) and not same_person(a, b)


def _is_name(words: str) -> bool:
    """A speaker given by name ("Inspector Gaskin"), not as "he" or "the statement"."""
    return any(word[:1].isupper() for word in words.split()) and words.split()[0].casefold() not in _NOT_NAMES


_NOT_NAMES = frozenset({"he", "she", "they", "it", "we", "i", "you", "the", "a", "an", "this", "that"})


def _negation_conflict(left: SentenceSlots, right: SentenceSlots, options: ConflictOptions) -> bool:
    """One sentence negates what the other states in nearly the same words: the overlap is
    counted over the longer sentence, so a short one ("escaped unharmed") that a long one
    contains does not make the long one's "no one else was hurt" a denial of it."""
    return left.negated != right.negated and _overlap(left, right) >= options.min_negation_overlap
