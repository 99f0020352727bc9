"""Capitalised names in running text, for story grouping's entity features past an article's lead.

Why a regex and not NER. Named-entity tagging is most of a page's annotation time, so a pipeline
may tag entities only in an article's lead (``newsweave.group.features.ENTITY_LEAD_SENTENCES``)
and the rest once the article is compared.
Grouping must give an article the same features either way, so it reads tagged mentions in the
lead only and, after it, the names this finder reads off the text: that costs about 0.2 ms an
article (ECB+, ~375 words) and does not depend on how far the tagger went. What grouping needs
from names past the lead is which names an article repeats and shares with other reports of its
event, not their types or exact extent, and in English news a name is a run of capitalised words.

Measured against spaCy's mentions in the same sentences of the 772 ECB+ articles (past the lead
of five sentences; keys folded as ``entity_key`` folds them; spaCy is no gold either): 83% of the
names found here are spaCy's and 90% of spaCy's are found, against 67% and 78% for the plain
pattern (capitalised words joined by "of", "de", "la", "van", "von", a single word opening a
sentence skipped). The rules, with what each did on its own in a first version (found here and
spaCy's / spaCy's found, from 72% / 77% once names that are only a function word were dropped):

- a single capitalised word that opens a sentence or a quotation is capitalised by position. It
  is kept only when the text writes it mid-sentence as (part of) a name somewhere, or it is a
  word of a ``known`` key ("Cheeks said ..." once "Maurice Cheeks" was named): 73% / 86%;
- day and month names are left out at either end of a name, and a name that is only one (or
  "May") is dropped: 76% / 77%;
- leading function words are left out, and leading titles, so "The Pentagon", "In Paris" and
  "President Barack Obama" give "Pentagon", "Paris" and "Barack Obama": 73% / 78% and 73% / 79%;
- a name ends after a possessive ("Microsoft's Internet Explorer" is two names): 72% / 78%.

With all of these, dropping a name that is only a title ("Mr."), a single letter or an
abbreviated day or month ("Jan.") took the share found here that is spaCy's from 80% to 82%, and
leaving out the words up to a title anywhere in a name ("Foreign Minister María Espinosa" gives
"María Espinosa"), not only at its start, to 83% (and spaCy's found from 89% to 90%).

Words in capitals are kept: acronyms (FBI, NATO) are names the tagger finds too, and the
headlines and datelines written all in capitals sit in the lead, where tagged mentions are used
instead (leaving out runs of capitals changed nothing on ECB+). A capital preceded by a letter,
``.``, ``-``, ``/``, ``@`` or ``#`` starts no name (URLs, hashtags, handles, "anti-American").
The finder knows the conventions of English and of the languages that capitalise names alone; in
German and Luxembourgish (``NOUNS_CAPITALISED``) every noun is capitalised, so it would read
nouns as names: grouping does not read names in articles in those languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsweave.annotate.canonical import entity_key
from newsweave.model import Span

__all__ = ["NOUNS_CAPITALISED", "find_names"]

# Languages (ISO 639-1) that capitalise every noun: there capitals do not mark names.
NOUNS_CAPITALISED = frozenset({"de", "lb"})

_CAPITAL = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_CAPITAL}][\w'’.&-]*"
# Capitalised words, on one line, joined by the lower-case particles of names.
# (The capital comes before the look-behind: most characters fail at once.)
_NAME = re.compile(
    rf"[{_CAPITAL}](?<![\w.'’@#/-][{_CAPITAL}])[\w'’.&-]*(?:[^\S\n]+(?:(?:of|de|del|der|la|van|von|bin|al)[^\S\n]+)?{_WORD})*"
)
# Opening punctuation before the first word of a sentence or quotation.
_OPENING = re.compile(r"[\s\"“”‘’'(\[{«»—–•*-]*")
_QUOTE_OPENS = ("“", '"', "‘", "«", ":")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_HAS_APOSTROPHE = re.compile(r"['’]")
# Sentence ends, for text without sentences: after . ! ? (and closing quotes) and line breaks.
_ROUGH_SENTENCE = re.compile(r"[^\n]+?(?:[.!?]+[\"”’')\]]*(?=\s)|$)", re.MULTILINE)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS = _word_set(
    """a about above across after against all along also although among an and another any are
    around as at be because been before behind being below beneath beside besides between beyond
    both but by can could did do does during each either even every few for from had has have he
    her here hers him his how however i if in inside instead into is it its just many me might more
    most much must my neither no nor not now of off on once only onto or other our out outside over
    past several she should since so some such than that the their them then there these they this
    those though through throughout thus to today tomorrow tonight too toward towards under unless
    until up upon very via was we were what when where whereas whether which while who whom whose
    why with within without would yes yesterday yet you your"""
)
_TITLES = _word_set(
    """attorney capt captain chancellor chief coach col congressman congresswoman det detective dr
    gen gov governor insp inspector judge justice lt mayor minister miss mr mrs ms officer pope
    premier president prime prof rep representative rev secretary sen senator sgt sheriff vice"""
)
_DATE_WORDS = _word_set(
    """january february march april june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday"""
)
_LEADING_DROPPED = _FUNCTION_WORDS | _DATE_WORDS
# Only ever dropped when they are the whole name ("Theresa May" keeps its "May").
_ALONE_DROPPED = _word_set(
    "may jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"
)


def find_names(
    text: str, sentences: Sequence[Span] | None = None, *, start: int = 0, known: Iterable[str] = ()
) -> list[str]:
    """The capitalised names written in ``text`` from offset ``start`` on, in order of place.

    Args:
        text: the text.
        sentences: its sentences (``None``: split at ``.``, ``!``, ``?`` and line breaks). Text
            outside them is not read.
        start: names beginning before this offset are not returned; the words of the sentences
            before it still tell which sentence-opening words are names.
        known: entity keys (``entity_key`` form) whose words count as names when one opens a
            sentence alone.

    Returns:
        Each name as written, less the words left out: ``"The Pentagon"`` gives ``"Pentagon"``.
    """
    found: list[tuple[int, list[str], bool]] = []
    for sentence in sentences if sentences is not None else _rough_sentences(text):
        _sentence_names(text, sentence, found)
    known_words = {word for key in known for word in key.split()}
    known_words.update(_fold(word) for _, words, opening in found if not opening for word in words)
    return [
        _surface(words)
        for offset, words, opening in found
        if offset >= start and (not opening or _fold(words[0]) in known_words)
    ]


def _sentence_names(text: str, sentence: Span, found: list[tuple[int, list[str], bool]]) -> None:
    """Add (offset, words, opening) of each name in ``sentence`` to ``found``; ``opening``: a
    single word that opens the sentence or a quotation."""
    first = _OPENING.match(text, sentence.start, sentence.end)
    sentence_start = first.end() if first else sentence.start
    for match in _NAME.finditer(text, sentence_start, sentence.end):
        offset = match.start()
        opens = offset == sentence_start or text[sentence_start:offset].rstrip().endswith(_QUOTE_OPENS)
        words = match.group().split()
        for part in _split_possessives(words) if _HAS_APOSTROPHE.search(match.group()) else (words,):
            kept, stripped = _strip(part)
            if kept:
                found.append((offset, kept, opens and not stripped and len(kept) == 1))
            opens = False


def _split_possessives(words: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for word in words:
        parts[-1].append(word)
        if len(word) > 2 and _POSSESSIVE.search(word):
            parts.append([])
    return [part for part in parts if part]


def _strip(words: list[str]) -> tuple[list[str], bool]:
    """``words`` less those up to the last title ("Foreign Minister María Espinosa" gives "María
    Espinosa"), leading function words and day or month names, and trailing day or month names;
    empty when what is left is one word that names nothing. Also whether any leading word was
    left out."""
    titled = [index for index, word in enumerate(words[:-1]) if _fold(word) in _TITLES]
    stripped = bool(titled)
    if titled:
        words = words[titled[-1] + 1 :]
    while words and _fold(words[0]) in _LEADING_DROPPED:
        words, stripped = words[1:], True
    while len(words) > 1 and _fold(words[-1]) in _DATE_WORDS:
        words = words[:-1]
    if len(words) == 1:
        key = entity_key(words[0])
        if len(key) < 2 or key in _TITLES or key in _ALONE_DROPPED:
            return [], stripped
    return words, stripped


def _surface(words: list[str]) -> str:
    """The words of a name, less a full stop after the last ("Paris." but not "U.S.")."""
    last = words[-1]
    if last.endswith(".") and "." not in last[:-1]:
        words = [*words[:-1], last[:-1]]
    return " ".join(words)


def _fold(word: str) -> str:
    """The word lower-cased, less a trailing ``.`` and any contraction or possessive ("I'm" -> "i")."""
    return word.casefold().rstrip(".").replace("’", "'").partition("'")[0]


def _rough_sentences(text: str) -> list[Span]:
    return [
        Span(start=match.start(), end=match.end()) for match in _ROUGH_SENTENCE.finditer(text) if match.group().strip()
    ]
