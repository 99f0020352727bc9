"""Find and resolve time expressions (dates and durations) in English and Spanish news text.

Why not dateparser: its ``search_dates`` reads ordinary words as dates ("We" as Wednesday) and
misses the forms news writes most ("early Monday", "el lunes"). So candidates are found with
explicit patterns (:mod:`newsweave.annotate.time_patterns`, rules as data) and resolved against
the publication date with python-dateutil's ``relativedelta``.

Resolution, with ``published`` as the anchor:

* a weekday is the latest such day on or before publication (news is mostly past tense);
  ``last``/``next`` move it strictly before/after; ``relative`` is ``weekday:WE`` (``:last``,
  ``:next``);
* ``yesterday``, ``last year``, ``six years ago`` shift the publication date (``day:-1``,
  ``year:-1``, ``year:-6``); ``last October`` is the latest October before the publication month
  (``month:OCT:last``); a month and day without a year take the publication year
  (``monthday:10-14``);
* absolute dates (``2018-03-28``, ``October 2016``, ``since 2012``) and durations (``P6Y``) need
  no anchor. A bare year counts only after a preposition ("in", "desde", ...) or inside a date, so
  that "2,400" and "$2019" stay numbers.

Every reference whose meaning depends on the publication date has ``anchor="publication"`` and its
``relative`` set; ``value`` is empty only when it cannot be resolved (no publication date, or a
date outside the calendar). Spans cover the expression without introducing words: "in October
2016" gives "October 2016", "since 2012" gives "2012", "el martes" gives "martes", while "last
year" and "hace seis años" are whole. Hyphenated adjectives ("six-year-old") are not durations.
Overlapping candidates are settled in favour of the longest. A language other than those in
``time_patterns.LANGUAGES`` (primary subtag, so "en-GB" is English) gives no references.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as rd_weekday

from newsweave.annotate.time_patterns import (
    AGO_UNITS,
    DAY,
    DIGITS,
    DURATION_DESIGNATORS,
    LANGUAGES,
    MONTH_CODES,
    WEEKDAY_CODES,
    YEAR,
    LanguageRules,
)
from newsweave.model import Span, TimeKind, TimeRef

__all__ = ["find_time_refs"]

_T = TypeVar("_T")

_PUBLICATION = "publication"
_MODIFIER_NAMES = {-1: "last", 0: "this", 1: "next"}
_STEPS = {
    "day": relativedelta(days=1),
    "week": relativedelta(weeks=1),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
}


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold()


def _folded(table: Mapping[str, _T]) -> dict[str, _T]:
    return {_fold(word): meaning for word, meaning in table.items()}


@dataclass(frozen=True, slots=True)
class _Tables:
    """A language's tables keyed by folded word, for looking up what a match says."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    counts: Mapping[str, int]
    units: Mapping[str, str]
    periods: Mapping[str, str]
    modifiers: Mapping[str, int]
    relative_days: Mapping[str, int]

    @classmethod
    def of(cls, rules: LanguageRules) -> _Tables:
        return cls(
            months=_folded(rules.months),
            weekdays=_folded(rules.weekdays),
            counts=_folded({**rules.numbers, **rules.articles}),
            units=_folded(rules.units),
            periods=_folded(rules.periods),
            modifiers=_folded(rules.modifiers),
            relative_days=_folded(rules.relative_days),
        )


@dataclass(frozen=True, slots=True)
class _Context:
    tables: _Tables
    day: date | None


_Resolver = Callable[[re.Match[str], _Context], TimeRef | None]


def _group(match: re.Match[str], name: str) -> str:
    return match.groupdict().get(name) or ""


def _ref(match: re.Match[str], kind: TimeKind, granularity: str, value: str, relative: str = "") -> TimeRef:
    return TimeRef(
        span=Span(start=match.start("t"), end=match.end("t")),
        kind=kind,
        granularity=granularity,
        value=value,
        relative=relative,
        anchor=_PUBLICATION if relative else "",
    )


def _attempt(compute: Callable[[], str]) -> str:
    """``compute()``, or "" when the date falls outside what ``datetime.date`` can hold."""
    try:
        return compute()
    except (ValueError, OverflowError):
        return ""


def _format(moment: date, granularity: str) -> str:
    if granularity == "day":
        return moment.isoformat()
    if granularity == "week":
        iso = moment.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if granularity == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    return f"{moment.year:04d}"


def _shifted(day: date | None, granularity: str, offset: int) -> str:
    if day is None:
        return ""
    return _attempt(lambda: _format(day + _STEPS[granularity] * offset, granularity))


def _offset_label(granularity: str, offset: int) -> str:
    return f"{granularity}:{offset:+d}" if offset else f"{granularity}:0"


def _month(match: re.Match[str], tables: _Tables) -> int:
    text = _group(match, "month")
    return int(text) if text.isdigit() else tables.months[_fold(text)]


def _count(match: re.Match[str], tables: _Tables) -> int:
    text = _group(match, "number")
    return int(text.replace(",", "")) if text[0].isdigit() else tables.counts[_fold(text)]


def _modifier(match: re.Match[str], tables: _Tables) -> int:
    return tables.modifiers.get(_fold(_group(match, "mod")), 0)


def _iso_day(year: int, month: int, day: int) -> str:
    """``YYYY-MM-DD``, or "" when there is no such day."""
    return _attempt(lambda: date(year, month, day).isoformat())


def _calendar_day(match: re.Match[str], ctx: _Context) -> TimeRef | None:
    month, day = _month(match, ctx.tables), int(match["day"])
    year = _group(match, "year")
    if year:
        value = _iso_day(int(year), month, day)
        return _ref(match, TimeKind.DATE, "day", value) if value else None
    if not _iso_day(2000, month, day):  # a leap year, so "February 29" passes
        return None
    value = "" if ctx.day is None else _iso_day(ctx.day.year, month, day)
    return _ref(match, TimeKind.DATE, "day", value, f"monthday:{month:02d}-{day:02d}")


def _month_year(match: re.Match[str], ctx: _Context) -> TimeRef:
    value = f"{match['year']}-{_month(match, ctx.tables):02d}"
    return _ref(match, TimeKind.DATE, "month", value)


def _year(match: re.Match[str], ctx: _Context) -> TimeRef:
    return _ref(match, TimeKind.DATE, "year", match["year"])


def _weekday(match: re.Match[str], ctx: _Context) -> TimeRef:
    target = ctx.tables.weekdays[_fold(match["weekday"])]
    offset = _modifier(match, ctx.tables)
    relative = f"weekday:{WEEKDAY_CODES[target]}"
    if offset:
        relative += f":{_MODIFIER_NAMES[offset]}"
    # relativedelta moves by ``days`` first, then to the nearest ``weekday`` in that direction.
    step = relativedelta(days=offset, weekday=rd_weekday(target, 1 if offset > 0 else -1))
    known = ctx.day
    value = "" if known is None else _attempt(lambda: (known + step).isoformat())
    return _ref(match, TimeKind.DATE, "day", value, relative)


def _relative_day(match: re.Match[str], ctx: _Context) -> TimeRef:
    offset = ctx.tables.relative_days[_fold(match["relday"])]
    value = _shifted(ctx.day, "day", offset)
    return _ref(match, TimeKind.DATE, "day", value, _offset_label("day", offset))


def _relative_period(match: re.Match[str], ctx: _Context) -> TimeRef:
    granularity = ctx.tables.periods[_fold(match["period"])]
    offset = _modifier(match, ctx.tables)
    value = _shifted(ctx.day, granularity, offset)
    return _ref(match, TimeKind.DATE, granularity, value, _offset_label(granularity, offset))


def _named_month_year(day: date, month: int, offset: int) -> str:
    """The year of "last/this/next <month>" said on ``day``, as ``YYYY-MM``."""
    year = day.year
    if offset < 0 and month >= day.month:
        year -= 1
    elif offset > 0 and month <= day.month:
        year += 1
    return f"{date(year, month, 1):%Y-%m}"


def _relative_month(match: re.Match[str], ctx: _Context) -> TimeRef:
    month, offset = _month(match, ctx.tables), _modifier(match, ctx.tables)
    known = ctx.day
    value = "" if known is None else _attempt(lambda: _named_month_year(known, month, offset))
    relative = f"month:{MONTH_CODES[month - 1]}:{_MODIFIER_NAMES[offset]}"
    return _ref(match, TimeKind.DATE, "month", value, relative)


def _ago(match: re.Match[str], ctx: _Context) -> TimeRef | None:
    unit = AGO_UNITS.get(ctx.tables.units[_fold(match["unit"])])
    if unit is None:
        return None
    granularity, multiplier = unit
    offset = -_count(match, ctx.tables) * multiplier
    value = _shifted(ctx.day, granularity, offset)
    return _ref(match, TimeKind.DATE, granularity, value, _offset_label(granularity, offset))


def _duration(match: re.Match[str], ctx: _Context) -> TimeRef:
    unit = ctx.tables.units[_fold(match["unit"])]
    prefix, designator, multiplier = DURATION_DESIGNATORS[unit]
    amount = _count(match, ctx.tables) * multiplier
    return _ref(match, TimeKind.DURATION, unit, f"{prefix}{amount}{designator}")


_RESOLVERS: Mapping[str, _Resolver] = {
    "calendar_day": _calendar_day,
    "month_year": _month_year,
    "year": _year,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "relative_period": _relative_period,
    "relative_month": _relative_month,
    "ago": _ago,
    "duration": _duration,
}


def _alternation(name: str, words: Mapping[str, object], rules: LanguageRules, extra: str = "") -> str:
    # Longest first, so that "September" is tried before "Sept" and "last night" before "last".
    spelled = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    choices = "|".join(([extra] if extra else []) + spelled)
    if name in rules.case_sensitive:
        choices = f"(?-i:{choices})"
    return rf"(?<!\w)(?P<{name}>{choices})(?!\w)"


def _placeholders(rules: LanguageRules) -> dict[str, str]:
    counts = {**rules.numbers, **rules.articles}
    return {
        "year": YEAR,
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
    }


def _compile(template: str, placeholders: Mapping[str, str]) -> re.Pattern[str]:
    for name, fragment in placeholders.items():
        template = template.replace("{" + name + "}", fragment)
    return re.compile(template, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Grammar:
    tables: _Tables
    patterns: tuple[tuple[_Resolver, re.Pattern[str]], ...]

    @classmethod
    def of(cls, rules: LanguageRules) -> _Grammar:
        placeholders = _placeholders(rules)
        patterns = tuple((_RESOLVERS[resolver], _compile(template, placeholders)) for resolver, template in rules.rules)
        return cls(tables=_Tables.of(rules), patterns=patterns)


_GRAMMARS = {code: _Grammar.of(rules) for code, rules in LANGUAGES.items()}


def _candidates(text: str, grammar: _Grammar, day: date | None) -> list[TimeRef]:
    ctx = _Context(tables=grammar.tables, day=day)
    found = []
    for resolve, pattern in grammar.patterns:
        for match in pattern.finditer(text):
            ref = resolve(match, ctx)
            if ref is not None:
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
    return _longest_first(_candidates(text, grammar, day))
