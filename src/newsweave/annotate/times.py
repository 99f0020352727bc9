"""Find and resolve time expressions (dates, clock times, durations) in English and Spanish news.

Why not dateparser: it reads ordinary words as dates ("We" as Wednesday) and misses the forms news
writes most ("early Monday", "el lunes"). Candidates are found with explicit patterns
(:mod:`newsweave.annotate.time_patterns`, rules as data) and resolved against the publication day:

* Tense. A bare weekday, a month and day without a year and a month alone take the tense of their
  clause: the nearest cue before them, else the first after (future: ``will``, ``would``, ``is
  scheduled for``, or a deadline word right before, "payable Dec. 7"; past: ``was``, ``said``, a
  past verb not after ``be``/``to``/``the``, or "since" right before; present: ``is``, ``says``).
  Future is the next such day on or after publication, past the latest on or before it, present or
  no cue the nearest (a weekday within three days: the same week when publication is midweek). So
  "will be divulged on Friday" is the coming Friday, "was divulged on Friday" the last one and "the
  vote is Friday" the nearest. A month and day keeps the publication year unless it lies more than
  a month on the wrong side (news omits the current year). ``last``/``next`` put a weekday strictly
  before/after publication; ``this`` takes the tense's side, the coming one if none. ``relative``
  keeps the words, not the tense: ``weekday:WE`` (``:last``), ``monthday:10-14``, ``month:JAN``.
* ``yesterday``, ``last year``, ``six years ago`` shift the publication date (``day:-1``,
  ``year:-1``, ``year:-6``); ``last October`` is ``month:OCT:last``. "the third quarter" is the
  latest begun (``quarter:Q3``: results follow a quarter), "the latest quarter" the last ended
  (``quarter:-1``); "a year ago" soon after a quarter is that quarter a year before. Seasons are
  TimeML's ``2018-SU`` (``season:SU``).
* A clock time ("9:25 a.m.", "10 p.m. Thursday", "noon Friday", "at 14:30") has granularity
  ``time`` and value ``YYYY-MM-DDTHH:MM`` on the day written next to it, else publication's;
  ``relative`` is the day's code and ``@HH:MM`` ("weekday:TH@22:00"); midnight is ``T24:00``.
* Absolute dates (``2018-03-28``, ``October 2016``, ``since 2012``, ``fiscal 1989``) and durations
  (``P6Y``, "a two-year term", "the past two months", ``PXY`` for "several years") need no anchor.
  A bare year counts only after a preposition, inside a date or dating a noun ("the 1987 crash").

Names are not dates (:func:`_in_name`): a word prose writes in lower case capitalised away from a
sentence start ("the Today show", "Tucker Carlson Tonight", "ABC's This Week"); a date word before
a capitalised name head ("September 11th Advocates") or after a day's name ("Black Friday"); a day
naming an event when no year is given ("the Sept. 11 attacks"); "the 19 Sept. 11 hijackers" is no
19 September. "now" (TimeML's PRESENT_REF) and "every week" (SET) are not produced: ``TimeKind``
has no kind for them.

References that depend on publication have ``anchor="publication"`` and ``relative`` set;
``value`` is empty only when unresolvable. Spans leave out words that only introduce the
expression ("in October 2016" gives "October 2016"); "last year" and "hace seis años" are whole.
Ages ("six-year-old") are not durations. Overlaps go to the longest candidate. Other languages than
``time_patterns.LANGUAGES`` give nothing. Rules run only near key words (:func:`_windows`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from newsweave.annotate.time_patterns import (
    AGO_UNITS,
    DURATION_DESIGNATORS,
    LANGUAGES,
    MONTH_CODES,
    SEASON_CODES,
    WEEKDAY_CODES,
    CompiledRules,
    LanguageRules,
    Names,
    compile_rules,
)
from newsweave.model import Span, TimeKind, TimeRef

__all__ = ["find_time_refs"]

_T = TypeVar("_T")

_PUBLICATION = "publication"
_MODIFIER_NAMES = {-1: "last", 0: "this", 1: "next"}
_STEPS = {"day": relativedelta(days=1), "week": relativedelta(weeks=1), "month": relativedelta(months=1)}
_STEPS["year"] = relativedelta(years=1)
_PAST, _PRESENT, _FUTURE = -1, 0, 1
_TENSE_OF = {"future": _FUTURE, "future_clitic": _FUTURE, "present": _PRESENT, "past": _PAST, "past_ed": _PAST}
# A clause ends at a stop, a colon or semicolon, or a line break, but not at the stop of a short
# form ("p.m.", "U.S.", "Sen.", "Sept."); a tense cue is looked for this far on either side.
_CLAUSE_END = re.compile(
    r"(?:[!?;:]|(?<![.\s][a-zA-Z])(?<![.\s][A-Z][a-z])(?<![.\s][A-Z][a-z]{2})(?<!\s[A-Z][a-z]{3})\.)[\"'”’)]*\s|\n"
)
_LOOK_BEFORE, _LOOK_AFTER = 160, 120
# How far a month and day may sit on the other side of publication from its tense and still be
# the publication year's (see _on_side).
_DAYS_SLACK = 31
# Rules run within this many characters of a key word: more than any expression reaches from its
# key word, with its look-around ("the past twenty four hours", "5 p.m. EST, Nov. 6").
_REACH = 32
# What may stand between a sentence start and its first word.
_OPENING = frozenset(" \t\"'“‘([«¿¡—–-*")
_SENTENCE_END = frozenset(".!?:;…\n|")
_NEXT_WORD = re.compile(r"[”’\"']?\s+([\w-]+)")
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
# Between a clock time and the day next to it: "10 p.m. Thursday", "Thursday at 10 p.m.".
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+|of\s+)?")
# The year-back phrases a quarter named this many characters before reads as that quarter.
_YEAR_BACK = re.compile(r"(?i:a\s+year\s+(?:ago|earlier|before)|year-(?:ago|earlier))")
_QUARTER_REACH = 1500
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:at\s+|around\s+|about\s+|by\s+|from\s+|until\s+|before\s+|after\s+)?")


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
    ordinals: Mapping[str, int]
    seasons: Mapping[str, int]
    quarter_modifiers: Mapping[str, int]
    # Words prose writes in lower case ("today", "week"): capitalised mid-sentence, a name.
    lower_case: frozenset[str]

    @classmethod
    def of(cls, rules: LanguageRules) -> _Tables:
        lower_case = {*rules.relative_days, *rules.modifiers, *rules.periods, *rules.units, *rules.seasons}
        return cls(
            months=_folded(rules.months),
            weekdays=_folded(rules.weekdays),
            counts=_folded({**rules.numbers, **rules.articles}),
            units=_folded(rules.units),
            periods=_folded(rules.periods),
            modifiers=_folded(rules.modifiers),
            relative_days=_folded(rules.relative_days),
            ordinals=_folded(rules.ordinals),
            seasons=_folded(rules.seasons),
            quarter_modifiers=_folded(rules.quarter_modifiers),
            lower_case=frozenset(word for phrase in lower_case for word in _fold(phrase).split()),
        )


@dataclass(frozen=True, slots=True)
class _Context:
    tables: _Tables
    cues: re.Pattern[str] | None
    deadline: re.Pattern[str] | None
    names: Names
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
    if not text:  # "the past year": one unit
        return 1
    return int(text.replace(",", "")) if text[0].isdigit() else tables.counts[_fold(text)]


def _modifier(match: re.Match[str], tables: _Tables) -> int:
    return tables.modifiers.get(_fold(_group(match, "mod")), 0)


def _iso_day(year: int, month: int, day: int) -> str:
    """``YYYY-MM-DD``, or "" when there is no such day."""
    return _attempt(lambda: date(year, month, day).isoformat())


# --- tense -----------------------------------------------------------------------------------------


def _tense(match: re.Match[str], ctx: _Context) -> int:
    """The tense of the clause around ``match``: the nearest cue before it, else the first after;
    a deadline word right before it ("payable Dec. 7") makes it future, "since" past."""
    if ctx.cues is None:
        return _PRESENT
    text, start, end = match.string, match.start("t"), match.end("t")
    before = text[max(0, start - _LOOK_BEFORE) : start]
    side = ctx.deadline.search(before, max(0, len(before) - 48)) if ctx.deadline is not None else None
    if side is not None:
        return _FUTURE if side.lastgroup == "future" else _PAST
    clause = 0
    for stop in _CLAUSE_END.finditer(before):
        clause = stop.end()
    cues = list(ctx.cues.finditer(before, clause))
    nearest = cues[-1] if cues else None
    if nearest is None:
        after = text[end : end + _LOOK_AFTER]
        clause_end = _CLAUSE_END.search(after)
        nearest = ctx.cues.search(after, 0, clause_end.start() if clause_end else len(after))
    return _TENSE_OF[nearest.lastgroup or "present"] if nearest else _PRESENT


def _on_side(candidates: Iterable[_T], key: Callable[[_T], int], anchor: int, tense: int, slack: int = 0) -> _T:
    """Of ``candidates`` (each on ``key``'s scale, where ``anchor`` is publication), the latest
    on or before the anchor for the past, the earliest on or after for the future, else the
    nearest (the earlier on a tie). ``slack`` lets the past reach that far past the anchor and
    the future that far before it: "directors authorized a dividend payable Nov. 22", said on
    27 October, is this year's 22 November (a date without its year is the current year's)."""
    ordered = sorted(candidates, key=key)
    if tense == _PAST:
        return max((c for c in ordered if key(c) <= anchor + slack), key=key, default=ordered[0])
    if tense == _FUTURE:
        return min((c for c in ordered if key(c) >= anchor - slack), key=key, default=ordered[-1])
    return min(ordered, key=lambda c: abs(key(c) - anchor))


def _weekday_date(day: date, target: int, tense: int, strict: bool) -> date:
    back = (day.weekday() - target) % 7 or (7 if strict else 0)
    ahead = (target - day.weekday()) % 7 or (7 if strict else 0)
    if tense == _PAST or (tense == _PRESENT and back <= ahead):
        return day - timedelta(days=back)
    return day + timedelta(days=ahead)


# --- resolvers ---------------------------------------------------------------------------------------


def _calendar_day(match: re.Match[str], ctx: _Context) -> TimeRef | None:
    month, day = _month(match, ctx.tables), int(match["day"])
    year = _group(match, "year")
    if year:
        value = _iso_day(int(year), month, day)
        return _ref(match, TimeKind.DATE, "day", value) if value else None
    if not _iso_day(2000, month, day):  # a leap year, so "February 29" passes
        return None
    if (month, day) in ctx.names.event_days and _names_event(match, ctx.names):
        return None
    known = ctx.day
    value = "" if known is None else _attempt(lambda: _year_round(known, month, day, _tense(match, ctx)))
    return _ref(match, TimeKind.DATE, "day", value, f"monthday:{month:02d}-{day:02d}")


def _year_round(known: date, month: int, day: int, tense: int) -> str:
    """The day ``month``-``day`` of the year before, of or after ``known``, on ``tense``'s side."""
    days = [date(known.year + shift, month, day) for shift in (-1, 0, 1) if _iso_day(known.year + shift, month, day)]
    if not days:  # 29 February, with no leap year around
        return ""
    return _on_side(days, date.toordinal, known.toordinal(), tense, _DAYS_SLACK).isoformat()


def _names_event(match: re.Match[str], names: Names) -> bool:
    """ "the Sept. 11 attacks", "post-Sept. 11": the day names an event, not a date of the article."""
    text, start = match.string, match.start("t")
    following = _NEXT_WORD.match(text, match.end("t"))
    if following and following[1].casefold() in names.event_nouns:
        return True
    return text[max(0, start - 4) : start].casefold().endswith(("the ", "-"))


def _month_year(match: re.Match[str], ctx: _Context) -> TimeRef:
    value = f"{match['year']}-{_month(match, ctx.tables):02d}"
    return _ref(match, TimeKind.DATE, "month", value)


def _month_alone(match: re.Match[str], ctx: _Context) -> TimeRef:
    month, known = _month(match, ctx.tables), ctx.day
    value = ""
    if known is not None:
        months = [(known.year + shift) * 12 + month - 1 for shift in (-1, 0, 1)]
        chosen = _on_side(months, int, known.year * 12 + known.month - 1, _tense(match, ctx), slack=1)
        value = f"{chosen // 12:04d}-{chosen % 12 + 1:02d}" if 0 < chosen // 12 < 10000 else ""
    return _ref(match, TimeKind.DATE, "month", value, f"month:{MONTH_CODES[month - 1]}")


def _year(match: re.Match[str], ctx: _Context) -> TimeRef:
    return _ref(match, TimeKind.DATE, "year", match["year"])


def _weekday(match: re.Match[str], ctx: _Context) -> TimeRef:
    target = ctx.tables.weekdays[_fold(match["weekday"])]
    said = _group(match, "mod")
    offset = _modifier(match, ctx.tables)
    relative = f"weekday:{WEEKDAY_CODES[target]}"
    if offset:
        relative += f":{_MODIFIER_NAMES[offset]}"
    # "last"/"next" say the side; "this" and a bare weekday take the clause's tense.
    tense = offset or _tense(match, ctx)
    if said and not offset and tense == _PRESENT:
        tense = _FUTURE  # "this Friday", said in the present, is the coming one
    known = ctx.day
    value = "" if known is None else _attempt(lambda: _weekday_date(known, target, tense, bool(offset)).isoformat())
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


def _quarter(match: re.Match[str], ctx: _Context) -> TimeRef | None:
    """ "the third quarter" (``quarter:Q3``), "the 1988 second quarter", "the latest quarter"."""
    year, ordinal, known = _group(match, "year"), _group(match, "ordinal"), ctx.day
    if ordinal:
        number = ctx.tables.ordinals[_fold(ordinal)]
        if year:
            return _ref(match, TimeKind.DATE, "quarter", f"{year}-Q{number}")
        value = "" if known is None else _ordinal_quarter(known, number)
        return _ref(match, TimeKind.DATE, "quarter", value, f"quarter:Q{number}")
    if year:  # "the 1988 quarter": that year's quarter of the number that last ended
        return (
            _ref(match, TimeKind.DATE, "quarter", f"{year}-Q{((known.month - 1) // 3 - 1) % 4 + 1}") if known else None
        )
    if not (_group(match, "det") or _group(match, "qmod")):
        return None  # "quarter" alone is a share or a district
    offset = ctx.tables.quarter_modifiers.get(_fold(_group(match, "qmod")), -1)
    value = ""
    if known is not None:
        index = known.year * 4 + (known.month - 1) // 3 + offset
        value = f"{index // 4:04d}-Q{index % 4 + 1}" if 0 < index // 4 < 10000 else ""
    return _ref(match, TimeKind.DATE, "quarter", value, f"quarter:{offset:+d}")


def _ordinal_quarter(known: date, number: int) -> str:
    """The latest ``number``th quarter begun by ``known``: quarters are reported once over, so
    "will report third-quarter results" is about the last third quarter too."""
    year = known.year if number <= (known.month - 1) // 3 + 1 else known.year - 1
    return f"{year:04d}-Q{number}" if 0 < year < 10000 else ""


def _season(match: re.Match[str], ctx: _Context) -> TimeRef:
    """ "this summer" (``season:SU``), "the summer of 2016" (``2016-SU``); a season is counted
    as ``year * 4 + index``, winter being the one that begins in December."""
    season, year, known = ctx.tables.seasons[_fold(match["season"])], _group(match, "year"), ctx.day
    code = SEASON_CODES[season]
    if year:
        return _ref(match, TimeKind.DATE, "season", f"{year}-{code}")
    said = _group(match, "mod")
    offset = _modifier(match, ctx.tables) if said else None
    relative = f"season:{code}" + (f":{_MODIFIER_NAMES[offset]}" if offset is not None else "")
    value = ""
    if known is not None:
        now = known.year * 4 + ((known.month - 3) % 12) // 3 - (known.month < 3) * 4
        choices = [(known.year + shift) * 4 + season for shift in (-1, 0, 1)]
        tense = _tense(match, ctx) if offset is None else offset
        chosen = _on_side([c for c in choices if c != now] if offset else choices, int, now, tense)
        value = f"{chosen // 4:04d}-{code}" if 0 < chosen // 4 < 10000 else ""
    return _ref(match, TimeKind.DATE, "season", value, relative)


def _spelled_year(match: re.Match[str], ctx: _Context) -> TimeRef:
    """ "nineteen ninety-six", as broadcast transcripts write years."""
    year = 1900 + ctx.tables.counts[_fold(match["tens"])] + ctx.tables.counts.get(_fold(_group(match, "ones")), 0)
    return _ref(match, TimeKind.DATE, "year", str(year))


def _clock(match: re.Match[str], ctx: _Context) -> TimeRef:
    named = _fold(_group(match, "named"))
    if named:
        hour, minute = (12, 0) if named == "noon" else (24, 0)
    else:
        hour, minute = int(match["hour"]), int(_group(match, "minute") or 0)
        half = _group(match, "half").casefold()
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
    clock = f"{hour:02d}:{minute:02d}"
    value = "" if ctx.day is None else f"{ctx.day.isoformat()}T{clock}"
    return _ref(match, TimeKind.DATE, "time", value, f"day:0@{clock}")


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


def _vague_duration(match: re.Match[str], ctx: _Context) -> TimeRef:
    """ "several years", "the past few weeks": TimeML's ``PXY``, ``PXW`` (X for a count not given)."""
    unit = ctx.tables.units[_fold(match["unit"])]
    prefix, designator, _ = DURATION_DESIGNATORS[unit]
    return _ref(match, TimeKind.DURATION, unit, f"{prefix}X{'DE' if unit == 'decade' else designator}")


_RESOLVERS: Mapping[str, _Resolver] = {
    "calendar_day": _calendar_day,
    "month_year": _month_year,
    "month": _month_alone,
    "year": _year,
    "fiscal_year": _year,
    "second_year": _year,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "relative_period": _relative_period,
    "relative_month": _relative_month,
    "quarter": _quarter,
    "season": _season,
    "spelled_year": _spelled_year,
    "clock": _clock,
    "ago": _ago,
    "year_back": _ago,
    "duration": _duration,
    "compound_duration": _duration,
    "vague_duration": _vague_duration,
}


# --- names ---------------------------------------------------------------------------------------


def _at_sentence_start(text: str, start: int) -> bool:
    position = start - 1
    while position >= 0 and text[position] in _OPENING:
        position -= 1
    return position < 0 or text[position] in _SENTENCE_END


def _in_name(text: str, span: Span, ctx: _Context) -> bool:
    """Whether the date words at ``span`` are part of a name ("the Today show", "This Week",
    "Tucker Carlson Tonight", "September 11th Advocates", "Black Friday")."""
    words = text[span.start : span.end].split()
    capitalised = [i for i, word in enumerate(words) if word[:1].isupper() and _fold(word) in ctx.tables.lower_case]
    if capitalised and (capitalised[-1] or not _at_sentence_start(text, span.start)):
        return True
    following = _NEXT_WORD.match(text, span.end)
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
    tables: _Tables
    rules: tuple[tuple[_Resolver, re.Pattern[str], tuple[str, ...]], ...]
    compiled: CompiledRules
    names: Names

    @classmethod
    def of(cls, rules: LanguageRules) -> _Grammar:
        compiled = compile_rules(rules)
        resolved = tuple((_RESOLVERS[rule.resolver], rule.pattern, rule.gate) for rule in compiled.rules)
        return cls(tables=_Tables.of(rules), rules=resolved, compiled=compiled, names=rules.names)


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
    ctx = _Context(tables=grammar.tables, cues=compiled.cues, deadline=compiled.deadline, names=grammar.names, day=day)
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
