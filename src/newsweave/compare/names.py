"""Whether two names can name one person: "Liz Cheney", "Elizabeth Cheney" and "Elizabeth" can;
"Mike Thibodeau" and "Michael" can; "Ana Ruiz" and "Olaf Berg" cannot.

Outlets name one person several ways (full name, surname, first name, nickname, with or without
a title), and a conflict between two of them would be a false alarm. Nicknames come from the
``nicknames`` package (a hand-curated table of English given names and their nicknames,
Apache-2.0); titles are the speaker finder's (``annotate.speech_verbs``) and a few more here.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache

from nicknames import NickNamer

from newsweave.annotate.speech_verbs import GENDERED_TITLES, TITLE_ROLES

__all__ = ["SUFFIXES", "TITLES", "same_person"]

# A generational suffix tells a father from his son: "Donald Trump" is not "Donald Trump Jr.".
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Titles beyond those the speaker finder reads (its courtesy titles and office titles).
_MORE_TITLES = (
    "dr prof sir dame lord lady representative pres vice gen general col colonel capt captain lt sgt adm admiral "
    "justice rev father minister chancellor prime king queen prince princess pope señor señora"
)
TITLES = frozenset(word.rstrip(".") for word in (*GENDERED_TITLES, *TITLE_ROLES, *_MORE_TITLES.split())) - SUFFIXES
# Similarity (difflib's ratio) of two spellings of one name: "wolfe"/"wolff" 0.8, "salahuddin"/
# "salahaddin" 0.9; "cheney"/"chaney" 0.83 would pass too, which is the price of the rule.
SPELLING_RATIO = 0.8


def same_person(left: str, right: str) -> bool:
    """Each word of the shorter name matches a word of the longer one, as itself or as a nickname
    of it (titles, initials and punctuation left out), and both carry the same generational
    suffix if any; an empty name matches nothing."""
    a, b = _words(left), _words(right)
    if not a or not b or SUFFIXES.intersection(a) != SUFFIXES.intersection(b):
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_same_given_name(word, other) for other in longer) for word in shorter)


def _words(name: str) -> list[str]:
    words = (word.strip(".,;:’'\"()").casefold().removesuffix("’s").removesuffix("'s") for word in name.split())
    return [word for word in words if len(word) > 1 and word not in TITLES]


def _same_given_name(left: str, right: str) -> bool:
    if left == right or _spelled_alike(left, right):
        return True
    namer = _nicknamer()
    return right in namer.canonicals_of(left) or left in namer.canonicals_of(right)


def _spelled_alike(left: str, right: str) -> bool:
    """One name spelled two ways ("Wolfe" / "Wolff", "Salahuddin" / "Salahaddin"): a fact-checker
    may note the spelling, but it names one person, not a conflict over who."""
    return min(len(left), len(right)) >= 4 and SequenceMatcher(None, left, right).ratio() >= SPELLING_RATIO


@cache
def _nicknamer() -> NickNamer:
    """The nickname table, read once (74 kB of CSV); it never changes, so the cache changes no result."""
    return NickNamer()
