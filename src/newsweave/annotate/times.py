"""Find and resolve time expressions (dates, clock times, durations) in English and Spanish news.

Why not dateparser: it reads ordinary words as dates ("We" as Wednesday) and misses the forms news
writes most ("early Monday", "el lunes"). Candidates are found with explicit patterns
(:mod:`newsweave.annotate.time_patterns`, rules as data) and resolved against the publication day
(:mod:`newsweave.annotate.time_resolvers`: the tense of the clause, ``yesterday``, ``last October``,
quarters, seasons, absolute dates and durations). This module runs the rules and reads what they
found together:

* A clock time ("9:25 a.m.", "10 p.m. Thursday", "noon Friday", "at 14:30") has granularity
  ``time`` and value ``YYYY-MM-DDTHH:MM`` on the day written next to it, else publication's;
  ``relative`` is the day's code and ``@HH:MM`` ("weekday:TH@22:00"); midnight is ``T24:00``.
* "a year ago" soon after a quarter (a results story) is that quarter a year before.

Names are not dates (:func:`_in_name`): a word prose writes in lower case capitalised away from a
sentence start ("the Today show", "Tucker Carlson Tonight", "ABC's This Week"); a date word before
a capitalised name head ("September 11th Advocates") or after a day's name ("Black Friday"); a day
naming an event when no year is given ("the Sept. 11 attacks", left out by its resolver); "the 19
Sept. 11 hijackers" is no 19 September. "now" (TimeML's PRESENT_REF) and "every week" (SET) are not
produced: ``TimeKind`` has no kind for them.

References that depend on publication have ``anchor="publication"`` and ``relative`` set;
``value`` is empty only when unresolvable. Spans leave out words that only introduce the
expression ("in October 2016" gives "October 2016"); "last year" and "hace seis años" are whole.
Ages ("six-year-old") are not durations. Overlaps go to the longest candidate. Other languages than
``time_patterns.LANGUAGES`` give nothing. Rules run only near key words (:func:`_windows`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from newsweave.annotate.time_patterns import LANGUAGES
from newsweave.annotate.time_resolvers import NEXT_WORD, RESOLVERS, Context, Resolver, Tables, fold
from newsweave.annotate.time_rules import CompiledRules, LanguageRules, Names, compile_rules
from newsweave.model import Span, TimeRef

__all__ = ["find_time_refs"]

# Rules run within this many characters of a key word: more than any expression reaches from its
# key word, with its look-around ("the past twenty four hours", "5 p.m. EST, Nov. 6").
_REACH = 32
# What may stand between a sentence start and its first word.
_OPENING = frozenset(" \t\"'“‘([«¿¡—–-*")
_SENTENCE_END = frozenset(".!?:;…\n|")
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
# Between a clock time and the day next to it: "10 p.m. Thursday", "Thursday at 10 p.m.".
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+|of\s+)?")
# The year-back phrases a quarter named this many characters before reads as that quarter.
_YEAR_BACK = re.compile(r"(?i:a\s+year\s+(?:ago|earlier|before)|year-(?:ago|earlier))")
_QUARTER_REACH = 1500
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:at\s+|around\s+|about\s+|by\s+|from\s+|until\s+|before\s+|after\s+)?")


# --- names ---------------------------------------------------------------------------------------


def _at_sentence_start(text: str, start: int) -> bool:
    position = start - 1
    while position >= 0 and text[position] in _OPENING:
        position -= 1
    return position < 0 or text[position] in _SENTENCE_END


def _in_name(text: str, span: Span, ctx: Context) -> bool:
    """Whether the date words at ``span`` are part of a name ("the Today show", "This Week",
    "Tucker Carlson Tonight", "September 11th Advocates", "Black Friday")."""
    words = text[span.start : span.end].split()
    capitalised = [i for i, word in enumerate(words) if word[:1].isupper() and fold(word) in ctx.tables.lower_case]
    if capitalised and (capitalised[-1] or not _at_sentence_start(text, span.start)):
        return True
    following = NEXT_WORD.match(text, span.end)
    if following and (following[1] in ctx.names.heads or following[1].casefold() in ctx.names.broadcast):
        return True
    previous = _PREVIOUS_WORD.search(text, max(0, span.start - 20), span.start)
    return bool(previous and previous[1] in ctx.names.prefixes)


# --- clock times join their day ------------------------------------------------------------------


def _with_days(refs: tuple[TimeRef, ...], text: str) -> tuple[TimeRef, ...]:
    """Each clock time joined to the day written next to it ("10 p.m. Thursday")."""
    joined: list[TimeRef] = []
    for ref in refs:
        previous = joined[-1] if joined else None
        if previous is not None and _next_to(previous, ref, text):
            joined[-1] = _clock_on_day(previous, ref)
        else:
            joined.append(ref)
    return tuple(joined)


def _next_to(first: TimeRef, second: TimeRef, text: str) -> bool:
    clocks = (first.granularity == "time", second.granularity == "time")
    if clocks == (True, False) and second.granularity == "day":
        gap = _CLOCK_THEN_DAY
    elif clocks == (False, True) and first.granularity == "day":
        gap = _DAY_THEN_CLOCK
    else:
        return False
    return gap.fullmatch(text, first.span.end, second.span.start) is not None


def _clock_on_day(first: TimeRef, second: TimeRef) -> TimeRef:
    clock, day = (first, second) if first.granularity == "time" else (second, first)
    hours = clock.relative.rpartition("@")[2]
    value, relative = f"{day.value}T{hours}" if day.value else "", f"{day.relative}@{hours}" if day.relative else ""
    span = Span(start=first.span.start, end=second.span.end)
    return replace(day, span=span, granularity="time", value=value, relative=relative)


# --- "a year ago" beside a quarter ---------------------------------------------------------------


def _year_back_in_quarters(refs: tuple[TimeRef, ...], text: str) -> tuple[TimeRef, ...]:
    """ "a year ago", "a year earlier", "year-ago" soon after a quarter was named (a results
    story): that quarter a year before, "1988-Q3" rather than "1988"."""
    quarter: TimeRef | None = None
    read: list[TimeRef] = []
    for ref in refs:
        if ref.granularity == "quarter" and ref.value:
            quarter = ref
        elif (
            quarter
            and ref.relative == "year:-1"
            and ref.span.start - quarter.span.end < _QUARTER_REACH
            and _YEAR_BACK.fullmatch(text, ref.span.start, ref.span.end)
        ):
            year, _, number = quarter.value.partition("-")
            ref = replace(ref, granularity="quarter", value=f"{int(year) - 1:04d}-{number}")
        read.append(ref)
    return tuple(read)


# --- grammar -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Grammar:
    tables: Tables
    rules: tuple[tuple[Resolver, re.Pattern[str], tuple[str, ...]], ...]
    compiled: CompiledRules
    names: Names

    @classmethod
    def of(cls, rules: LanguageRules) -> _Grammar:
        compiled = compile_rules(rules)
        resolved = tuple((RESOLVERS[rule.resolver], rule.pattern, rule.gate) for rule in compiled.rules)
        return cls(tables=Tables.of(rules), rules=resolved, compiled=compiled, names=rules.names)


_GRAMMARS = {code: _Grammar.of(rules) for code, rules in LANGUAGES.items()}


def _windows(text: str, lowered: str, keys: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of ``text`` within ``_REACH`` of a key word, merged: the only places rules run."""
    if len(lowered) != len(text):  # lower-casing moved the offsets: search everywhere
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    for hit in keys.finditer(lowered):
        start, end = max(0, hit.start() - _REACH), hit.end() + _REACH
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _candidates(text: str, grammar: _Grammar, day: date | None) -> list[TimeRef]:
    compiled = grammar.compiled
    ctx = Context(tables=grammar.tables, cues=compiled.cues, deadline=compiled.deadline, names=grammar.names, day=day)
    lowered = text.lower()
    windows = _windows(text, lowered, compiled.keys)
    found = []
    for resolve, pattern, gate in grammar.rules:
        if gate and not any(word in lowered for word in gate):
            continue  # the rule's word is nowhere in the text
        for start, end in windows:
            for match in pattern.finditer(text, start, end):
                ref = resolve(match, ctx)
                if ref is not None and not _in_name(text, ref.span, ctx):
                    found.append(ref)
    return found


def _longest_first(candidates: list[TimeRef]) -> tuple[TimeRef, ...]:
    """Keep the longest candidates that overlap no longer one, in text order."""
    kept: list[TimeRef] = []  # non-overlapping, by start: only the neighbours can overlap
    starts: list[int] = []
    for ref in sorted(candidates, key=lambda r: (r.span.start - r.span.end, r.span.start)):
        at = bisect.bisect_left(starts, ref.span.start)
        if at > 0 and kept[at - 1].span.end > ref.span.start:
            continue
        if at < len(kept) and kept[at].span.start < ref.span.end:
            continue
        kept.insert(at, ref)
        starts.insert(at, ref.span.start)
    return tuple(kept)


def find_time_refs(text: str, *, language: str = "en", published: datetime | None = None) -> tuple[TimeRef, ...]:
    """The time references in ``text``, sorted by start and non-overlapping.

    ``published`` anchors relative expressions (its own calendar date, in its own time zone).
    """
    grammar = _GRAMMARS.get(re.split(r"[-_]", language, maxsplit=1)[0].casefold())
    if grammar is None:
        return ()
    day = None if published is None else published.date()
    return _year_back_in_quarters(_with_days(_longest_first(_candidates(text, grammar, day)), text), text)
