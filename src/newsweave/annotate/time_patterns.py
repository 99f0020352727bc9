"""Word tables and regular-expression templates for :mod:`newsweave.annotate.times`.

Rules are data so that a language is added, or a false positive fixed, by editing this file only.
Each language gives a set of word tables and a list of ``(resolver, template)`` rules. A template
is a regular expression in which ``{name}`` placeholders stand for a table turned into a named
group (``{month}`` becomes ``(?P<month>October|...)``); ``{year}`` and ``{day}`` are the fixed
fragments below. Every template has a group ``t``: the characters the time reference covers.

Span convention: ``t`` is the time expression proper. Words that only introduce it (``in``,
``on``, ``since``, ``for``, ``early``, ``el``, ``en``, ``desde``) stay outside; words that change
its meaning (``last``, ``next``, ``ago``, ``pasado``, ``hace``) are inside.

Templates are compiled with ``re.IGNORECASE``; the tables named in ``case_sensitive`` match only as
written, which is what keeps "May" (the month) apart from "may" and "Domingo" (a name) apart from
"domingo".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "AGO_UNITS",
    "DAY",
    "DIGITS",
    "DURATION_DESIGNATORS",
    "EN",
    "ES",
    "LANGUAGES",
    "MONTH_CODES",
    "WEEKDAY_CODES",
    "YEAR",
    "LanguageRules",
]

MONTH_CODES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# A year token only: "2,019", "2019.5" and "20191" are numbers, not years.
YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d|[.,]\d)"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
# Capped so that a long digit run is never read as a count (nor overflows int()).
DIGITS = r"\d{1,3}(?:,\d{3}){1,2}|\d{1,6}"

# Canonical unit -> (ISO 8601 duration prefix, designator, multiplier): "P6Y", "PT2H".
DURATION_DESIGNATORS: Mapping[str, tuple[str, str, int]] = {
    "minute": ("PT", "M", 1),
    "hour": ("PT", "H", 1),
    "day": ("P", "D", 1),
    "week": ("P", "W", 1),
    "month": ("P", "M", 1),
    "year": ("P", "Y", 1),
    "decade": ("P", "Y", 10),
}

# Canonical unit -> (granularity, multiplier) for "<n> <unit> ago"; "two hours ago" has no
# granularity finer than a day here, so it is read as the duration "two hours" instead.
AGO_UNITS: Mapping[str, tuple[str, int]] = {
    "day": ("day", 1),
    "week": ("week", 1),
    "month": ("month", 1),
    "year": ("year", 1),
    "decade": ("year", 10),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageRules:
    """One language's tables (word as written -> meaning) and rules.

    ``modifiers`` map to an offset (-1 last, 0 this, +1 next); ``relative_days`` to a day
    offset; ``units`` and ``periods`` to a canonical unit name; ``months`` to 1-12; ``weekdays``
    to 0-6 (Monday 0).
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


EN = LanguageRules(
    months={
        "January": 1,
        "February": 2,
        "March": 3,
        "April": 4,
        "May": 5,
        "June": 6,
        "July": 7,
        "August": 8,
        "September": 9,
        "October": 10,
        "November": 11,
        "December": 12,
        "Jan": 1,
        "Feb": 2,
        "Mar": 3,
        "Apr": 4,
        "Jun": 6,
        "Jul": 7,
        "Aug": 8,
        "Sep": 9,
        "Sept": 9,
        "Oct": 10,
        "Nov": 11,
        "Dec": 12,
        "Jan.": 1,
        "Feb.": 2,
        "Mar.": 3,
        "Apr.": 4,
        "Jun.": 6,
        "Jul.": 7,
        "Aug.": 8,
        "Sep.": 9,
        "Sept.": 9,
        "Oct.": 10,
        "Nov.": 11,
        "Dec.": 12,
    },
    weekdays={
        "Monday": 0,
        "Tuesday": 1,
        "Wednesday": 2,
        "Thursday": 3,
        "Friday": 4,
        "Saturday": 5,
        "Sunday": 6,
    },
    numbers={
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
    },
    articles={"a": 1, "an": 1},
    units={
        "minute": "minute",
        "minutes": "minute",
        "hour": "hour",
        "hours": "hour",
        "day": "day",
        "days": "day",
        "week": "week",
        "weeks": "week",
        "month": "month",
        "months": "month",
        "year": "year",
        "years": "year",
        "decade": "decade",
        "decades": "decade",
    },
    periods={"week": "week", "month": "month", "year": "year"},
    modifiers={"last": -1, "this": 0, "next": 1},
    relative_days={
        "yesterday": -1,
        "last night": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
    },
    case_sensitive=frozenset({"month", "weekday"}),
    rules=(
        ("calendar_day", r"(?<![\w-])(?P<t>{year}-(?P<month>0[1-9]|1[0-2])-{day})"),
        ("calendar_day", r"(?P<t>{month}\s+{day}(?:st|nd|rd|th)?(?!\w)(?:,?\s+{year})?)"),
        (
            "calendar_day",
            r"(?<![\w.,])(?P<t>{day}(?:st|nd|rd|th)?(?:\s+of)?\s+{month}(?:,?\s+{year})?)",
        ),
        ("month_year", r"(?P<t>{month},?\s+(?:of\s+)?{year})"),
        (
            "year",
            r"(?<!\w)(?:in|since|until|till|by|from|before|after|during|through)\s+(?P<t>{year})",
        ),
        ("weekday", r"(?P<t>(?:{mod}\s+)?{weekday})"),
        ("relative_day", r"(?P<t>{relday})"),
        ("relative_period", r"(?P<t>{mod}\s+{period})"),
        ("relative_month", r"(?P<t>{mod}\s+{month})"),
        ("ago", r"(?<![.,$-])(?P<t>{count}\s+{unit}\s+ago)(?!\w)"),
        # "six-year-old" is an adjective, "six years old" an age: neither is marked.
        ("duration", r"(?<![.,$-])(?P<t>{number}\s+{unit})(?!-)(?!\s+old(?!\w))"),
        (
            "duration",
            (
                r"(?<!\w)(?:for|over|within|in|after|nearly|almost|about|around|than)\s+"
                r"(?P<t>{article}\s+{unit})(?!-)(?!\s+old(?!\w))"
            ),
        ),
        ("duration", r"(?P<t>{article}\s+(?P<unit>decades?))(?!\w)(?!-)"),
    ),
)

ES = LanguageRules(
    months={
        "enero": 1,
        "febrero": 2,
        "marzo": 3,
        "abril": 4,
        "mayo": 5,
        "junio": 6,
        "julio": 7,
        "agosto": 8,
        "septiembre": 9,
        "setiembre": 9,
        "octubre": 10,
        "noviembre": 11,
        "diciembre": 12,
    },
    # Lower case only: Spanish writes weekdays in lower case, and "Santo Domingo" is a place.
    weekdays={
        "lunes": 0,
        "martes": 1,
        "miércoles": 2,
        "miercoles": 2,
        "jueves": 3,
        "viernes": 4,
        "sábado": 5,
        "sabado": 5,
        "domingo": 6,
    },
    numbers={
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciséis": 16,
        "dieciseis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
        "treinta": 30,
        "cuarenta": 40,
        "cincuenta": 50,
        "sesenta": 60,
        "setenta": 70,
        "ochenta": 80,
        "noventa": 90,
    },
    articles={"un": 1, "una": 1},
    units={
        "minuto": "minute",
        "minutos": "minute",
        "hora": "hour",
        "horas": "hour",
        "día": "day",
        "días": "day",
        "dia": "day",
        "dias": "day",
        "semana": "week",
        "semanas": "week",
        "mes": "month",
        "meses": "month",
        "año": "year",
        "años": "year",
        "década": "decade",
        "décadas": "decade",
        "decada": "decade",
        "decadas": "decade",
    },
    periods={"semana": "week", "mes": "month", "año": "year"},
    modifiers={
        "pasado": -1,
        "pasada": -1,
        "este": 0,
        "esta": 0,
        "próximo": 1,
        "próxima": 1,
        "proximo": 1,
        "proxima": 1,
        "que viene": 1,
        "entrante": 1,
        "para el": 1,  # "una reunión para el miércoles": a day to come
    },
    relative_days={
        "anteayer": -2,
        "ayer": -1,
        "anoche": -1,
        "hoy": 0,
        "esta mañana": 0,
        "esta tarde": 0,
        "esta noche": 0,
        "mañana": 1,
        "pasado mañana": 2,
    },
    case_sensitive=frozenset({"weekday"}),
    rules=(
        ("calendar_day", r"(?<![\w-])(?P<t>{year}-(?P<month>0[1-9]|1[0-2])-{day})"),
        ("calendar_day", r"(?<![\w.,])(?P<t>{day}[º°]?\s+de\s+{month}(?:\s+del?\s+{year})?)"),
        ("month_year", r"(?P<t>{month}(?:\s+del?)?\s+{year})"),
        (
            "year",
            (
                r"(?<!\w)(?:en|desde|hasta|durante|para|antes\s+de|después\s+de|a\s+partir\s+de)"
                r"\s+(?:el\s+)?(?:año\s+)?(?P<t>{year})"
            ),
        ),
        ("weekday", r"(?P<t>(?:{mod}\s+)?{weekday})"),
        ("weekday", r"(?P<t>{weekday}\s+(?P<mod>pasado|próximo|proximo|que\s+viene))(?!\w)"),
        # "la mañana" is the morning, not tomorrow.
        (
            "relative_day",
            (
                r"(?P<t>{relday})(?<!la\smañana)(?<!una\smañana)(?<!esa\smañana)"
                r"(?<!de\smañana)(?<!cada\smañana)"
            ),
        ),
        ("relative_period", r"(?P<t>{mod}\s+{period})"),
        (
            "relative_period",
            (
                r"(?P<t>(?P<period>año|mes|semana)\s+(?P<mod>pasad[oa]|próxim[oa]|proxim[oa]"
                r"|que\s+viene|entrante))(?!\w)"
            ),
        ),
        ("relative_month", r"(?P<t>{mod}\s+{month})"),
        ("relative_month", r"(?P<t>{month}\s+(?P<mod>pasado|próximo|proximo|que\s+viene))(?!\w)"),
        # "desde hace seis años" is a duration ("for six years"), not a date.
        ("ago", r"(?<!desde\s)(?<!\w)(?P<t>hace\s+{count}\s+{unit})"),
        ("duration", r"(?<![.,$-])(?P<t>{number}\s+{unit})(?!-)"),
        (
            "duration",
            (
                r"(?<!\w)(?:durante|por|casi|más\s+de|mas\s+de|menos\s+de|en|hace|lleva|llevaba"
                r"|llevan)\s+(?P<t>{article}\s+{unit})(?!-)"
            ),
        ),
        ("duration", r"(?P<t>{article}\s+(?P<unit>d[ée]cadas?))(?!\w)(?!-)"),
    ),
)

LANGUAGES: Mapping[str, LanguageRules] = {"en": EN, "es": ES}
