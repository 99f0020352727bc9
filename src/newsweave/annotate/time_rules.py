"""The form of a language's time rules and their compilation into regular expressions.

:class:`LanguageRules` (with :class:`Tense` and :class:`Names`) is what each language of
:mod:`newsweave.annotate.time_patterns` fills in; :func:`compile_rules` turns it into the patterns
that :mod:`newsweave.annotate.times` runs. Apart from the tables so that their file holds data only.

A template is a regular expression in which ``{name}`` placeholders stand for a table turned into a
named group (``{month}`` becomes ``(?P<month>October|...)``); ``{year}`` and ``{day}`` are the fixed
fragments below. Every template has a group ``t``: the characters the time reference covers.

Templates are compiled with ``re.IGNORECASE``; the tables named in ``case_sensitive`` match only as
written, which is what keeps "May" (the month) apart from "may" and "Domingo" (a name) apart from
"domingo".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "COUNTED",
    "DAY",
    "DIGITS",
    "YEAR",
    "CompiledRule",
    "CompiledRules",
    "LanguageRules",
    "Names",
    "Tense",
    "compile_rules",
]

# A year token only: "2,019", "2019.5" and "20191" are numbers, not years.
YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d|[.,]\d)"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
# Capped so that a long digit run is never read as a count (nor overflows int()).
DIGITS = r"\d{1,3}(?:,\d{3}){1,2}|\d{1,6}"
# Nouns a figure counts ("2000 people"): before them a number in the years' range is no year.
COUNTED = (
    "people|persons|workers|employees|jobs|students|troops|soldiers|votes|members|shares|homes|houses|units|cars"
    "|vehicles|tons|miles|acres|feet|meters|dollars|euros|pounds|residents|patients|cases|deaths|children|families"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tense:
    """Words that say a clause is about the future, the past or the present: regular-expression
    alternations, matched as whole words. ``past_case_sensitive`` is matched as written (the
    "-ed" rule, which must not read "Fed" or "Ted"); no past cue counts right after
    ``not_after`` (lookbehinds). ``deadline``: words just before the expression that make it a
    time to come, whatever the verb ("payable Dec. 7", "until 5 p.m. EST, Nov. 6"); ``since``:
    words just before it that make it a time gone ("since March")."""

    future: str = ""
    past: str = ""
    past_case_sensitive: str = ""
    present: str = ""
    not_after: str = ""
    deadline: str = ""
    since: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Names:
    """What makes a date word part of a name ("This Week", "Black Friday", "September 11th
    Advocates", "the Sept. 11 attacks") rather than a date.

    ``heads``: capitalised words that, right after a date word, make a name of it. ``prefixes``:
    capitalised words that do so right before a weekday. ``broadcast``: words after a date word
    (and a closing quote) that make it a programme's name ("Today show"). ``event_days``: month
    and day of events named by their date; without a year they are the event when ``the``, a
    hyphen or one of ``event_nouns`` is next to them.
    """

    heads: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    broadcast: frozenset[str] = frozenset()
    event_days: frozenset[tuple[int, int]] = frozenset()
    event_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageRules:
    """One language's tables (word as written -> meaning) and rules.

    ``modifiers`` map to an offset (-1 last, 0 this, +1 next); ``relative_days`` to a day
    offset; ``units`` and ``periods`` to a canonical unit name; ``months`` to 1-12; ``weekdays``
    to 0-6 (Monday 0); ``ordinals`` to a quarter (1-4); ``seasons`` to an index of
    ``time_patterns.SEASON_CODES`` (winter is the one that begins in December);
    ``quarter_modifiers`` to a quarter offset from the one publication falls in (``last`` is the
    last one that ended, -1); ``zones``: time zones after a clock time, ``|`` between them.

    Speed: rules run only near a key word (a word of the tables, a year, or one of ``keys``,
    lower case; every expression holds one), and a rule named in ``gates`` only on a text whose
    lower-case form holds one of its strings.
    """

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    articles: Mapping[str, int]
    units: Mapping[str, str]
    periods: Mapping[str, str]
    modifiers: Mapping[str, int]
    relative_days: Mapping[str, int]
    case_sensitive: frozenset[str]
    rules: tuple[tuple[str, str], ...]
    ordinals: Mapping[str, int] = field(default_factory=dict)
    seasons: Mapping[str, int] = field(default_factory=dict)
    quarter_modifiers: Mapping[str, int] = field(default_factory=dict)
    zones: str = ""
    keys: tuple[str, ...] = ()
    gates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tense: Tense = Tense()
    names: Names = Names()


# --- templates into regular expressions ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompiledRule:
    resolver: str
    pattern: re.Pattern[str]
    gate: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """A language's rules as regular expressions, with the key words (every expression holds one),
    the tense cues (groups ``future``, ``future_clitic``, ``present``, ``past``, ``past_ed``) and
    the deadline words before an expression."""

    rules: tuple[CompiledRule, ...]
    keys: re.Pattern[str]
    cues: re.Pattern[str] | None
    deadline: re.Pattern[str] | None


def compile_rules(rules: LanguageRules) -> CompiledRules:
    placeholders = _placeholders(rules)
    compiled = tuple(
        CompiledRule(resolver, _compile(template, placeholders), rules.gates.get(resolver, ()))
        for resolver, template in rules.rules
    )
    return CompiledRules(
        rules=compiled, keys=_key_pattern(rules), cues=_cue_pattern(rules), deadline=_deadline_pattern(rules)
    )


def _alternation(name: str, words: Iterable[str], rules: LanguageRules, extra: str = "") -> str:
    # Longest first, so that "September" is tried before "Sept" and "last night" before "last".
    spelled = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    choices = "|".join(([extra] if extra else []) + spelled)
    if name in rules.case_sensitive:
        choices = f"(?-i:{choices})"
    return rf"(?<!\w)(?P<{name}>{choices})(?!\w)" if name else rf"(?<!\w)(?:{choices})(?!\w)"


def _zones(rules: LanguageRules) -> str:
    """An optional time zone after a clock time ("8 p.m. Eastern"), as written."""
    zones = sorted(rules.zones.split("|") if rules.zones else [], key=len, reverse=True)
    spelled = "|".join(re.escape(zone).replace(r"\ ", r"\s+") for zone in zones)
    return rf"(?:\s+(?-i:{spelled})(?!\w))?" if spelled else ""


def _placeholders(rules: LanguageRules) -> dict[str, str]:
    counts = {**rules.numbers, **rules.articles}
    day_words = [*rules.weekdays, *rules.relative_days]
    return {
        "year": YEAR,
        "day_word": _alternation("", day_words, rules),
        "day": DAY,
        "month": _alternation("month", rules.months, rules),
        "weekday": _alternation("weekday", rules.weekdays, rules),
        "number": _alternation("number", rules.numbers, rules, DIGITS),
        "article": _alternation("number", rules.articles, rules),
        "count": _alternation("number", counts, rules, DIGITS),
        "unit": _alternation("unit", rules.units, rules),
        "period": _alternation("period", rules.periods, rules),
        "mod": _alternation("mod", rules.modifiers, rules),
        "relday": _alternation("relday", rules.relative_days, rules),
        "ordinal": _alternation("ordinal", rules.ordinals, rules),
        "qmod": _alternation("qmod", rules.quarter_modifiers, rules),
        "season": _alternation("season", rules.seasons, rules),
        "zone": _zones(rules),
        "counted": f"(?:{COUNTED})",
    }


def _compile(template: str, placeholders: Mapping[str, str]) -> re.Pattern[str]:
    for name, fragment in placeholders.items():
        template = template.replace("{" + name + "}", fragment)
    return re.compile(template, re.IGNORECASE)


def _key_pattern(rules: LanguageRules) -> re.Pattern[str]:
    """Words one of which every expression holds, lower case, each spelled from its first letter
    so that ``re`` skips ahead to the next possible first letter instead of trying every position."""
    phrases = [*rules.months, *rules.weekdays, *rules.units, *rules.periods, *rules.seasons, *rules.keys]
    words = {phrase.casefold().split()[-1] for phrase in [*phrases, *rules.relative_days]}
    words = {word for word in words if not any(other != word and other in word for other in words)}
    spelled = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"{spelled}|19\d\d|20\d\d")


def _cue_pattern(rules: LanguageRules) -> re.Pattern[str] | None:
    tense = rules.tense
    choices = [f"(?P<{name}>{cue})" for name, cue in (("future", tense.future), ("present", tense.present)) if cue]
    past = "|".join(
        f"(?P<{name}>{cue})" for name, cue in (("past", tense.past), ("past_ed", tense.past_case_sensitive)) if cue
    )
    if past:
        choices.append(f"{tense.not_after}(?:{past})")
    if not choices:
        return None
    # "he'll" has its cue after a letter, so it sits outside the word boundaries.
    return re.compile(rf"(?P<future_clitic>['’]ll)(?!\w)|(?<![\w'’])(?:{'|'.join(choices)})(?![\w'’])")


def _deadline_pattern(rules: LanguageRules) -> re.Pattern[str] | None:
    """The words right before an expression that set its side: group ``future`` or ``past``."""
    sides = [(name, cue) for name, cue in (("future", rules.tense.deadline), ("past", rules.tense.since)) if cue]
    choices = "|".join(f"(?P<{name}>{cue})" for name, cue in sides)
    return re.compile(rf"(?<!\w)(?:{choices})$", re.IGNORECASE) if choices else None
