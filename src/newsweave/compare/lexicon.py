"""The valence lexicon behind the framing words: VADER's word ratings, read from its package.

``vader_lexicon.txt`` ships inside the ``vaderSentiment`` package (3.3.2, MIT licence, C.J. Hutto
and E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media
Text", ICWSM 2014). Each line holds a token, its mean valence from -4 (most negative) to +4 (most
positive) as rated by ten people, the standard deviation of their ratings and the ratings. About
7,500 entries, many of them emoticons and slang; newsweave reads only the word and its mean.

Only the data file is used, not VADER's sentence scorer (a social-media sentiment model), so the
package is read as data with :mod:`importlib.resources` and never imported. The file never
changes within a process, so it is read once and kept.
"""

from __future__ import annotations

import functools
from importlib import metadata, resources
from types import MappingProxyType
from typing import Final

from newsweave.errors import ModelUnavailableError

__all__ = ["LEXICON_FILE", "LEXICON_PACKAGE", "lexicon_name", "load_valence", "parse_lexicon"]

LEXICON_PACKAGE: Final = "vaderSentiment"
LEXICON_FILE: Final = "vader_lexicon.txt"


def parse_lexicon(text: str) -> dict[str, float]:
    """The ``word -> mean valence`` table of a VADER-format lexicon (tab-separated: token, mean,
    standard deviation, ratings). Tokens are lower-cased; lines that do not parse are skipped."""
    valence: dict[str, float] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip():
            continue
        try:
            valence[fields[0].strip().casefold()] = float(fields[1])
        except ValueError:
            continue
    return valence


@functools.cache
def load_valence() -> MappingProxyType[str, float]:
    """VADER's valence table, read from the installed package (once per process).

    Raises:
        ModelUnavailableError: when ``vaderSentiment`` is not installed or lacks its lexicon.
    """
    try:
        text = resources.files(LEXICON_PACKAGE).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise ModelUnavailableError(
            "compare.lexicon_missing",
            f"the framing words need {LEXICON_FILE} from the {LEXICON_PACKAGE} package "
            f"(pip install vaderSentiment==3.3.2); got {type(error).__name__}: {error}",
        ) from error
    return MappingProxyType(parse_lexicon(text))


def lexicon_name() -> str:
    """How reports name the lexicon: package, version and file."""
    try:
        version = metadata.version(LEXICON_PACKAGE)
    except metadata.PackageNotFoundError:
        version = "not installed"
    return f"{LEXICON_PACKAGE} {version} {LEXICON_FILE} (MIT)"
