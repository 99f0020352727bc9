"""Which words of a sentence frame what it reports: loaded speech verbs, hedges, intensifiers, and
words that judge or dramatise, each with a score of how loaded it is.

Only the outlet's own voice counts: words inside a quotation are the speaker's, and words of a
name ("Hope", "Sunny Isles") are no choice of the writer. A sentiment lexicon alone marks every
"killed" and "injured", which a report of a killing cannot avoid; so words that name what
happened (:data:`~newsweave.compare.framing_words.FACT_STEMS`) and everyday words the lexicon
happens to rate are left out, and what is left must reach ``MIN_VALENCE``. Words are scored in
English only: the lexicon and the lists are English, and a Spanish sentence scored with them would
look neutral for the wrong reason, so other languages get no marks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsweave.compare.framing_words import (
    BE_VERBS,
    CLAIM_NOUN_MARKERS,
    CLAIM_OBJECTS,
    CLAIM_VERBS,
    FACT_STEMS,
    FACT_SUFFIXES,
    HEDGE_PASSIVES,
    HEDGES,
    INTENSIFIERS,
    LOADED_SPEECH_VERBS,
    LOADED_WORDS,
    MODAL_NEGATIONS,
    MODALS,
    PLAIN_WORDS,
)
from newsweave.compare.lexicon import load_valence
from newsweave.model import Article, Span, WordKind

__all__ = [
    "LIST_WEIGHT",
    "MIN_VALENCE",
    "ScoredWord",
    "is_fact_word",
    "is_plain_word",
    "is_scored_language",
    "loadedness",
    "sentence_loadedness",
    "sentence_words",
    "word_tokens",
]

# The lexicon's ratings run from -4 to +4; 1.5 is past "slightly" on VADER's rating scale, where
# plain news words ("said" 0, "plan" 0) sit at zero and colourful ones ("shocking" -1.7) begin.
MIN_VALENCE = 1.5
# Score of a word one of the hand lists holds: evaluative words and strong speech verbs weigh 2,
# hedges and intensifiers 1 (they shade a claim rather than judge it).
LIST_WEIGHT = 2.0
_SHADE_WEIGHT = 1.0
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SCORED_LANGUAGES = frozenset({"", "en"})
_VERB_SUFFIXES = frozenset({"ing", "ed", "er", "ers"})


@dataclass(frozen=True, slots=True)
class ScoredWord:
    """One marked word: where it is in the article text, why, and how loaded."""

    span: Span
    kind: WordKind
    score: float
    word: str  # lower-cased, for comparing sentences


def word_tokens(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """The words of ``text`` with their spans (shifted by ``offset``), hyphenated words whole."""
    return [(m.group(), Span(start=offset + m.start(), end=offset + m.end())) for m in _TOKEN.finditer(text)]


def is_scored_language(language: str) -> bool:
    return language.split("-")[0].casefold() in _SCORED_LANGUAGES


def is_fact_word(word: str) -> bool:
    """Whether ``word`` (lower-cased) only names what happened: a fact stem or one of its regular
    forms, spelling rules included ("losing" of "lose", "winning" of "win")."""
    return _has_stem(word, FACT_STEMS)


def is_plain_word(word: str) -> bool:
    """Whether ``word`` (lower-cased) is an everyday word the lexicon rates ("help", "secured")."""
    return _has_stem(word, PLAIN_WORDS)


def _has_stem(word: str, stems: frozenset[str]) -> bool:
    for cut in range(len(word), 0, -1):
        stem, suffix = word[:cut], word[cut:]
        if suffix not in FACT_SUFFIXES:
            continue
        if stem in stems or (suffix in _VERB_SUFFIXES and stem + "e" in stems):
            return True
        if suffix in _VERB_SUFFIXES and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in stems:
            return True
    return False


def sentence_words(article: Article, sentence: Span, *, valence: Mapping[str, float] | None = None) -> list[ScoredWord]:
    """The framing words of one sentence of ``article``, in text order (none outside English)."""
    if not is_scored_language(article.language):
        return []
    valence = load_valence() if valence is None else valence
    voiceless = [quote.span for quote in article.quotes] + [mention.span for mention in article.entities]
    tokens = word_tokens(article.text_at(sentence), sentence.start)
    words = [word.casefold() for word, _ in tokens]
    found = []
    for index, (word, span) in enumerate(tokens):
        if any(other.contains(span) for other in voiceless):
            continue
        before = words[index - 1] if index else ""
        after = words[index + 1 : index + 3]
        mark = _classify(word, words[index], before, after, index, valence)
        if mark is not None:
            found.append(ScoredWord(span=span, kind=mark[0], score=mark[1], word=words[index]))
    return found


def sentence_loadedness(article: Article, sentence: Span, *, valence: Mapping[str, float] | None = None) -> float:
    """The summed scores of a sentence's framing words: 0 for a plainly worded one."""
    return loadedness(sentence_words(article, sentence, valence=valence))


def loadedness(words: Sequence[ScoredWord]) -> float:
    """The summed scores of framing words found already (:func:`sentence_words`)."""
    return round(sum(word.score for word in words), 4)


def _classify(
    original: str, word: str, before: str, after: list[str], index: int, valence: Mapping[str, float]
) -> tuple[WordKind, float] | None:
    if word in LOADED_SPEECH_VERBS and _reports_speech(word, before, after):
        return WordKind.ATTRIBUTION, LOADED_SPEECH_VERBS[word]
    if _is_hedge(original, word, before, after, index):
        return WordKind.HEDGE, _SHADE_WEIGHT
    if word in INTENSIFIERS:
        return WordKind.INTENSIFIER, _SHADE_WEIGHT
    rating = abs(valence.get(word, 0.0))
    if word in LOADED_WORDS:
        return WordKind.EVALUATIVE, max(LIST_WEIGHT, rating)
    if rating >= MIN_VALENCE and not is_plain_word(word) and not is_fact_word(word):
        return WordKind.EVALUATIVE, rating
    return None


def _reports_speech(word: str, before: str, after: list[str]) -> bool:
    """A loaded verb that reports words: not "was admitted" (to hospital), not "claimed the title",
    not the noun in "false claims"."""
    if word.startswith("admit") and before in BE_VERBS:
        return False
    if word in CLAIM_VERBS and before in CLAIM_NOUN_MARKERS:
        return False
    return not (word in CLAIM_VERBS and after and after[0] in CLAIM_OBJECTS)


def _is_hedge(original: str, word: str, before: str, after: list[str], index: int) -> bool:
    if word in HEDGE_PASSIVES and after[:1] == ["to"]:
        return before in BE_VERBS or after[1:2] in (["be"], ["have"])
    if word in MODALS:
        if original == "May" and index > 0:  # the month
            return False
        return not (after and after[0] in MODAL_NEGATIONS)
    return word in HEDGES
