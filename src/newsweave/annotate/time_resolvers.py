"""Resolve one match of a time rule into a :class:`~newsweave.model.TimeRef`.

Each rule of :mod:`newsweave.annotate.time_patterns` names a resolver here (``RESOLVERS``); the
resolvers share the reading of a clause's tense and the arithmetic on the publication day. Apart
from :mod:`newsweave.annotate.times`, which finds the matches and reads them together, so that
what one expression means is decided in one place. Against the publication day:

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
  (``quarter:-1``). Seasons are TimeML's ``2018-SU`` (``season:SU``).
* Absolute dates (``2018-03-28``, ``October 2016``, ``since 2012``, ``fiscal 1989``) and durations
  (``P6Y``, "a two-year term", "the past two months", ``PXY`` for "several years") need no anchor.
  A bare year counts only after a preposition, inside a date or dating a noun ("the 1987 crash").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from newsweave.annotate.time_patterns import (
    AGO_UNITS,
    DURATION_DESIGNATORS,
    MONTH_CODES,
    SEASON_CODES,
    WEEKDAY_CODES,
)
from newsweave.annotate.time_rules import LanguageRules, Names
from newsweave.model import Span, TimeKind, TimeRef

__all__ = ["NEXT_WORD", "RESOLVERS", "Context", "Resolver", "Tables", "fold"]

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
# The word after an expression, past a closing quote (also read by times.py for names).
NEXT_WORD = re.compile(r"[”’\"']?\s+([\w-]+)")


def fold(word: str) -> str:
    return " ".join(word.split()).casefold()


def _folded(table: Mapping[str, _T]) -> dict[str, _T]:
    return {fold(word): meaning for word, meaning in table.items()}


@dataclass(frozen=True, slots=True)
class Tables:
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
    def of(cls, rules: LanguageRules) -> Tables:
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
            lower_case=frozenset(word for phrase in lower_case for word in fold(phrase).split()),
        )


@dataclass(frozen=True, slots=True)
class Context:
    tables: Tables
    cues: re.Pattern[str] | None
    deadline: re.Pattern[str] | None
    names: Names
    day: date | None


Resolver = Callable[[re.Match[str], Context], TimeRef | None]


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


def _month(match: re.Match[str], tables: Tables) -> int:
    text = _group(match, "month")
    return int(text) if text.isdigit() else tables.months[fold(text)]


def _count(match: re.Match[str], tables: Tables) -> int:
    text = _group(match, "number")
    if not text:  # "the past year": one unit
        return 1
    return int(text.replace(",", "")) if text[0].isdigit() else tables.counts[fold(text)]


def _modifier(match: re.Match[str], tables: Tables) -> int:
    return tables.modifiers.get(fold(_group(match, "mod")), 0)


def _iso_day(year: int, month: int, day: int) -> str:
    """``YYYY-MM-DD``, or "" when there is no such day."""
    return _attempt(lambda: date(year, month, day).isoformat())


# --- tense -----------------------------------------------------------------------------------------


def _tense(match: re.Match[str], ctx: Context) -> int:
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


def _calendar_day(match: re.Match[str], ctx: Context) -> TimeRef | None:
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
    following = NEXT_WORD.match(text, match.end("t"))
    if following and following[1].casefold() in names.event_nouns:
        return True
    return text[max(0, start - 4) : start].casefold().endswith(("the ", "-"))


def _month_year(match: re.Match[str], ctx: Context) -> TimeRef:
    value = f"{match['year']}-{_month(match, ctx.tables):02d}"
    return _ref(match, TimeKind.DATE, "month", value)


def _month_alone(match: re.Match[str], ctx: Context) -> TimeRef:
    month, known = _month(match, ctx.tables), ctx.day
    value = ""
    if known is not None:
        months = [(known.year + shift) * 12 + month - 1 for shift in (-1, 0, 1)]
        chosen = _on_side(months, int, known.year * 12 + known.month - 1, _tense(match, ctx), slack=1)
        value = f"{chosen // 12:04d}-{chosen % 12 + 1:02d}" if 0 < chosen // 12 < 10000 else ""
    return _ref(match, TimeKind.DATE, "month", value, f"month:{MONTH_CODES[month - 1]}")


def _year(match: re.Match[str], ctx: Context) -> TimeRef:
    return _ref(match, TimeKind.DATE, "year", match["year"])


def _weekday(match: re.Match[str], ctx: Context) -> TimeRef:
    target = ctx.tables.weekdays[fold(match["weekday"])]
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


def _relative_day(match: re.Match[str], ctx: Context) -> TimeRef:
    offset = ctx.tables.relative_days[fold(match["relday"])]
    value = _shifted(ctx.day, "day", offset)
    return _ref(match, TimeKind.DATE, "day", value, _offset_label("day", offset))


def _relative_period(match: re.Match[str], ctx: Context) -> TimeRef:
    granularity = ctx.tables.periods[fold(match["period"])]
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


def _relative_month(match: re.Match[str], ctx: Context) -> TimeRef:
    month, offset = _month(match, ctx.tables), _modifier(match, ctx.tables)
    known = ctx.day
    value = "" if known is None else _attempt(lambda: _named_month_year(known, month, offset))
    relative = f"month:{MONTH_CODES[month - 1]}:{_MODIFIER_NAMES[offset]}"
    return _ref(match, TimeKind.DATE, "month", value, relative)


def _quarter(match: re.Match[str], ctx: Context) -> TimeRef | None:
    """ "the third quarter" (``quarter:Q3``), "the 1988 second quarter", "the latest quarter"."""
    year, ordinal, known = _group(match, "year"), _group(match, "ordinal"), ctx.day
    if ordinal:
        number = ctx.tables.ordinals[fold(ordinal)]
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
    offset = ctx.tables.quarter_modifiers.get(fold(_group(match, "qmod")), -1)
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


def _season(match: re.Match[str], ctx: Context) -> TimeRef:
    """ "this summer" (``season:SU``), "the summer of 2016" (``2016-SU``); a season is counted
    as ``year * 4 + index``, winter being the one that begins in December."""
    season, year, known = ctx.tables.seasons[fold(match["season"])], _group(match, "year"), ctx.day
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


def _spelled_year(match: re.Match[str], ctx: Context) -> TimeRef:
    """ "nineteen ninety-six", as broadcast transcripts write years."""
    year = 1900 + ctx.tables.counts[fold(match["tens"])] + ctx.tables.counts.get(fold(_group(match, "ones")), 0)
    return _ref(match, TimeKind.DATE, "year", str(year))


def _clock(match: re.Match[str], ctx: Context) -> TimeRef:
    named = fold(_group(match, "named"))
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


def _ago(match: re.Match[str], ctx: Context) -> TimeRef | None:
    unit = AGO_UNITS.get(ctx.tables.units[fold(match["unit"])])
    if unit is None:
        return None
    granularity, multiplier = unit
    offset = -_count(match, ctx.tables) * multiplier
    value = _shifted(ctx.day, granularity, offset)
    return _ref(match, TimeKind.DATE, granularity, value, _offset_label(granularity, offset))


def _duration(match: re.Match[str], ctx: Context) -> TimeRef:
    unit = ctx.tables.units[fold(match["unit"])]
    prefix, designator, multiplier = DURATION_DESIGNATORS[unit]
    amount = _count(match, ctx.tables) * multiplier
    return _ref(match, TimeKind.DURATION, unit, f"{prefix}{amount}{designator}")


def _vague_duration(match: re.Match[str], ctx: Context) -> TimeRef:
    """ "several years", "the past few weeks": TimeML's ``PXY``, ``PXW`` (X for a count not given)."""
    unit = ctx.tables.units[fold(match["unit"])]
    prefix, designator, _ = DURATION_DESIGNATORS[unit]
    return _ref(match, TimeKind.DURATION, unit, f"{prefix}X{'DE' if unit == 'decade' else designator}")


RESOLVERS: Mapping[str, Resolver] = {
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
