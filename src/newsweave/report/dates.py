"""Time references as a person reads them: ``Wed 28 Mar 2018``, ``Mar 2018``, ``the year before publication``.

A time reference keeps machine forms: ``value`` in ISO 8601 (``2018-03-28``, ``2016-10``,
``2018-W13``, ``P6Y``) and, when it depends on the publication date, ``relative`` as a code of
:mod:`newsweave.annotate.times` (``weekday:WE:last``, ``year:-1``). The JSON report keeps those;
the terminal, Markdown and HTML reports and the web page show :func:`time_label`, so that they
all say a time the same way. Day and month names are English and spelled here rather than by
``strftime``, whose ``%a`` and ``%b`` follow the process locale.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["MONTH_CODES", "SEASON_CODES", "WEEKDAY_CODES", "time_label"]

_DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The codes of newsweave.annotate.time_patterns (weekdays, months, seasons), spelled here so
# that rendering a report does not import the annotators (spaCy and friends); a test checks
# that the two agree.
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MONTH_CODES = tuple(month.upper() for month in _MONTH_ABBREVIATIONS)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_DURATION = re.compile(r"P(T?)(\d+)([YMWDH])")
_VAGUE_DURATION = re.compile(r"P(T?)X([YMWDH])")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
SEASON_CODES = ("SP", "SU", "FA", "WI")
_SEASONS = dict(zip(SEASON_CODES, ("spring", "summer", "autumn", "winter"), strict=True))
_SEASON = re.compile(rf"(\d{{4}})-({'|'.join(SEASON_CODES)})")
_CLOCK = re.compile(r"(?P<code>.*)@(?P<hour>\d{2}):(?P<minute>\d{2})")
_DURATION_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "TH": "hour", "TM": "minute"}


def time_label(value: str, relative: str) -> str:
    """What to show for a time reference: its resolved ``value`` in words and figures
    (``Wed 28 Mar 2018``, ``Wed 28 Mar 2018 14:30``, ``week of 26 Mar 2018``, ``Mar 2018``,
    ``2018``, ``6 years``), else what its ``relative`` code means (``a Wednesday (date not
    given)``, ``the year before publication``, ``14 Oct (year not given)``).

    A value or code of a form not listed here is shown as it is: odd, but not hidden.
    """
    if value:
        return _resolved(value)
    return _relative(relative)


def _day(moment: date) -> str:
    # The day of the month without a leading zero, as people write it.
    return f"{_DAY_ABBREVIATIONS[moment.weekday()]} {moment.day} {_MONTH_ABBREVIATIONS[moment.month - 1]} {moment.year}"


def _resolved(value: str) -> str:
    try:
        if _YEAR.fullmatch(value):
            return value
        if month := _MONTH.fullmatch(value):
            first = date(int(month[1]), int(month[2]), 1)  # raises on month 00 or 13
            return f"{_MONTH_ABBREVIATIONS[first.month - 1]} {first.year}"
        if week := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return f"week of {monday.day} {_MONTH_ABBREVIATIONS[monday.month - 1]} {monday.year}"
        if duration := _DURATION.fullmatch(value):
            return _amount(int(duration[2]), _DURATION_UNITS[duration[1] + duration[3]])
        if vague := _VAGUE_DURATION.fullmatch(value):
            return f"some {_DURATION_UNITS[vague[1] + vague[2]]}s"
        if quarter := _QUARTER.fullmatch(value):
            return f"Q{quarter[2]} {quarter[1]}"
        if season := _SEASON.fullmatch(value):
            return f"{_SEASONS[season[2]]} {season[1]}"
        if value.endswith("T24:00"):  # midnight at the end of a day, as TimeML writes it
            return f"{_day(date.fromisoformat(value[:10]))} 24:00"
        return _moment(value)
    except (ValueError, KeyError):
        return value


def _moment(value: str) -> str:
    """A calendar day (``2018-03-28``) or a clock time (``2018-03-28T14:30:00+00:00``)."""
    if "T" not in value:
        return _day(date.fromisoformat(value))
    moment = datetime.fromisoformat(value)
    offset = moment.utcoffset()
    zone = "" if offset is None else " UTC" if not offset else f" {moment:%z}"
    return f"{_day(moment.date())} {moment:%H:%M}{zone}"


def _amount(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _relative(code: str) -> str:
    if clock := _CLOCK.fullmatch(code):
        return f"{_relative(clock['code'])} at {clock['hour']}:{clock['minute']}"
    kind, _, rest = code.partition(":")
    try:
        if kind == "quarter":
            return _quarter(rest)
        if kind == "season":
            name, _, modifier = rest.partition(":")
            side = {"last": " before publication", "next": " after publication"}.get(modifier, " (year not given)")
            return f"the {_SEASONS[name]}{side}"
        if kind == "weekday":
            return _weekday(*rest.split(":"))
        if kind == "monthday":
            month, day = rest.split("-")
            moment = date(2000, int(month), int(day))  # a leap year, so 02-29 is a day
            return f"{moment.day} {_MONTH_ABBREVIATIONS[moment.month - 1]} (year not given)"
        if kind == "month" and rest[:1].isalpha():
            code_name, _, modifier = rest.partition(":")
            return _named_month(code_name, modifier)
        if kind in ("day", "week", "month", "year"):
            return _shifted(kind, int(rest))
    except (ValueError, IndexError, TypeError):
        pass
    return code


def _weekday(code: str, modifier: str = "") -> str:
    """``weekday:WE`` (``:last``, ``:next``): the day named, before or after publication."""
    name = _DAY_NAMES[WEEKDAY_CODES.index(code)]
    if modifier == "last":
        return f"the {name} before publication"
    if modifier == "next":
        return f"the {name} after publication"
    return f"a {name} (date not given)"


def _quarter(rest: str) -> str:
    """``quarter:Q3`` (a named quarter, year not given) or ``quarter:-1`` (counted from publication)."""
    if rest.startswith("Q"):
        return f"Q{int(rest[1:])} (year not given)"
    return _shifted("quarter", int(rest))


def _named_month(code: str, modifier: str) -> str:
    """``month:OCT:last`` (``:this``, ``:next``): the month named, in the year publication says."""
    name = _MONTH_NAMES[MONTH_CODES.index(code)]
    if modifier == "last":
        return f"the {name} before publication"
    if modifier == "next":
        return f"the {name} after publication"
    if modifier == "this":
        return f"{name} of the year of publication"
    return f"{name} (year not given)"


def _shifted(unit: str, offset: int) -> str:
    """``year:-1``, ``day:+2``, ``week:0``: a day, week, month or year counted from publication."""
    if offset == 0:
        return f"the {unit} of publication"
    side = "before" if offset < 0 else "after"
    if abs(offset) == 1:
        return f"the {unit} {side} publication"
    return f"{_amount(abs(offset), unit)} {side} publication"
