"""Word tables and regular-expression templates for :mod:`newsweave.annotate.times`, by language
(``EN``, ``ES``), with the TimeML codes and ISO 8601 units that the tables' meanings stand for.

Rules are data so that a language is added, or a false positive fixed, by editing this file only.
Each language gives a set of word tables and a list of ``(resolver, template)`` rules, in the form
that :mod:`newsweave.annotate.time_rules` defines and compiles (placeholders such as ``{month}``,
the group ``t``, case sensitivity).

Span convention: ``t`` is the time expression proper. Words that only introduce it (``in``,
``on``, ``since``, ``for``, ``early``, ``el``, ``en``, ``desde``) stay outside; words that change
its meaning (``last``, ``next``, ``ago``, ``pasado``, ``hace``) are inside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from newsweave.annotate.time_rules import LanguageRules, Names, Tense

__all__ = [
    "AGO_UNITS",
    "DURATION_DESIGNATORS",
    "EN",
    "ES",
    "LANGUAGES",
    "MONTH_CODES",
    "SEASON_CODES",
    "WEEKDAY_CODES",
]

_V = TypeVar("_V")

MONTH_CODES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# TimeML's season codes: spring, summer, fall, winter.
SEASON_CODES = ("SP", "SU", "FA", "WI")

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


def _numbered(words: str, start: int = 0) -> dict[str, int]:
    """Words in order, numbered from ``start``: months from 1, weekdays from 0 (Monday)."""
    return {word: number for number, word in enumerate(words.split(), start)}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _table(pairs: str, meaning: Callable[[str], _V]) -> dict[str, _V]:
    """``"word:meaning word:meaning"`` as a table."""
    return {word: meaning(value) for word, _, value in (pair.partition(":") for pair in pairs.split())}


_EN_MONTHS = "January February March April May June July August September October November December"
_EN_SHORT_MONTHS = _table("Jan:1 Feb:2 Mar:3 Apr:4 Jun:6 Jul:7 Aug:8 Sep:9 Sept:9 Oct:10 Nov:11 Dec:12", int)
_EN_UNITS = ("minute", "hour", "day", "week", "month", "year", "decade")
_ES_MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"


EN = LanguageRules(
    months={
        **_numbered(_EN_MONTHS, start=1),
        **_EN_SHORT_MONTHS,
        **{f"{word}.": n for word, n in _EN_SHORT_MONTHS.items()},
    },
    weekdays=_numbered("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
    numbers={
        **_numbered(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
            "seventeen eighteen nineteen",
            start=1,
        ),
        **_table("twenty:20 thirty:30 forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90", int),
    },
    articles={"a": 1, "an": 1},
    units={**{unit: unit for unit in _EN_UNITS}, **{f"{unit}s": unit for unit in _EN_UNITS}},
    periods={"week": "week", "month": "month", "year": "year"},
    modifiers={"last": -1, "this": 0, "next": 1},
    relative_days={
        "yesterday": -1,
        "last night": -1,
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "tomorrow": 1,
    },
    case_sensitive=frozenset({"month", "weekday"}),
    ordinals={"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4},
    seasons={"spring": 0, "summer": 1, "fall": 2, "autumn": 2, "winter": 3},
    # Offsets from the quarter publication falls in: "the quarter" alone, "the latest quarter",
    # "last quarter" are the last one that ended; "the year-ago quarter" is that one a year before.
    quarter_modifiers={
        **dict.fromkeys(("latest", "most recent", "recent", "past", "last", "previous", "prior"), -1),
        **dict.fromkeys(("just-ended", "just ended"), -1),
        **dict.fromkeys(("current", "this"), 0),
        **dict.fromkeys(("next", "coming"), 1),
        **dict.fromkeys(("year-ago", "year-earlier", "year-before"), -5),
    },
    zones=(
        "Eastern time|Central time|Mountain time|Pacific time|local time|Eastern|Central|Mountain|Pacific|"
        "EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CEST|CET|ET|CT|MT|PT"
    ),
    keys=("quarter", "period", "noon", "midnight", "a.m", "p.m", "nineteen", ":"),
    gates={
        "ago": ("ago",),
        "year_back": ("earlier", "before", "-ago"),
        "quarter": ("quarter",),
        "spelled_year": ("nineteen",),
        "clock": ("a.m", "p.m", " am", " pm", "noon", "midnight", ":"),
        "compound_duration": ("-minute", "-hour", "-day", "-week", "-month", "-year", "-decade"),
        "fiscal_year": ("fiscal",),
    },
    tense=Tense(
        future=(
            r"will|won't|wo\s+n't|shall|would|going\s+to|gonna|upcoming|to\s+be\s+\w+|to\s+take\s+place"
            r"|(?:due|set|scheduled|slated|expected|poised|planned|supposed|likely|about)\s+to"
            r"|(?:scheduled|slated|set|due|planned|expected)\s+(?:for|on)|(?:plans?|planning|intends?|aims?|agreed|decided|voted|promised|pledged|vowed|hopes?|wants?|seeks?)\s+to"
        ),
        past=(
            r"was|were|had|did|didn't|wasn't|weren't|hadn't|ago|earlier|previously|said|told|spoke|met|went|came"
            r"|left|took|gave|made|saw|found|held|began|won|lost|fell|rose|sent|ran|got|brought|bought|thought"
            r"|felt|kept|led|paid|sold|stood|struck|wrote|broke|chose|drove|flew|fought|grew|knew|sank|shot|threw"
            r"|wore|became|heard|meant|sought|taught|caught|built|spent|fled|swore|stole|withdrew|upheld|arose"
            r"|blew|dealt|drew|ate|forgave|froze|hid|hung|laid|lit|rode|rang|sang|sat|slept|slid|spun|stuck|swam"
            r"|swung|tore|woke|sped"
        ),
        # A past participle after "be", "is", "to", "will" is passive or infinitive: the verb
        # before it says the tense ("will be sentenced Friday", "was arrested Friday"); after
        # "a", "the", "its" it is an adjective ("a still unspecified date in January").
        not_after=(
            r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )(?<!\bam )(?<!\bto )(?<!\bwill )"
            r"(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\bstill )"
        ),
        past_case_sensitive=(
            r"(?!(?:need|indeed|speed|proceed|exceed|succeed|feed|seed|breed|bleed|greed|weed|deed|red|bed|shed"
            r"|wed|hundred|sacred|naked|wicked|kindred|hatred|united|aged|alleged|based|related|limited|preferred"
            r"|proposed|expected|planned|scheduled|required|continued|increased|reduced|combined|added)\b)[a-z]+ed"
        ),
        # Right before a date, these make it a date to come ("payable Dec. 7", "by Oct. 31").
        deadline=(
            r"(?:payable|effective|until|till|through|by|due|expires?|expiring|deadline\s+(?:of|is)|of\s+record)"
            r"\s+(?:on\s+)?(?:(?:\d{1,2}(?::\d\d)?\s?[ap]\.?m\.?|noon|midnight)(?:\s+[A-Z]{2,4})?,?\s+(?:on\s+)?)?"
        ),
        since=r"since\s+",
        present=r"is|are|am|isn't|aren't|says|say|remains|remain|continues|continue",
    ),
    names=Names(
        heads=_words(
            "Advocates Families Fund Commission Memorial Museum Act Law Agreement Accord Accords Movement "
            "Committee Coalition Foundation Group Project Club Show Massacre Revolution Uprising Offensive "
            "Declaration Manifesto Party Alliance Campaign Network Society Association Institute Council "
            "Trust Parade Night Football Live Times Post Herald Telegraph Express Mirror Observer Journal "
            "Tribune Magazine School Service Special Morning Briefing"
        ),
        prefixes=_words(
            "Black Good Super Cyber Ash Bloody Holy Giving Palm Easter Fat Shrove Maundy Blue Mad Manic "
            "Freaky Throwback Casual News"
        ),
        broadcast=frozenset({"show", "program", "programme", "host", "anchor", "co-host", "newscast"}),
        event_days=frozenset({(9, 11)}),
        event_nouns=_words(
            "attack attacks hijacker hijackers hijacking hijackings terrorist terrorists terror commission "
            "memorial museum victims families anniversary era generation responders fund report plot plotters "
            "trial trials survivors tragedy aftermath advocates"
        ),
    ),
    rules=(
        ("calendar_day", r"(?<![\w-])(?P<t>{year}-(?P<month>0[1-9]|1[0-2])-{day})"),
        ("calendar_day", r"(?P<t>{month}\s+{day}(?:st|nd|rd|th)?(?!\w)(?:,?\s+{year})?)"),
        # "the 19 Sept. 11 hijackers": a figure before a month that has its own day is a count.
        (
            "calendar_day",
            r"(?<![\w.,])(?P<t>{day}(?:st|nd|rd|th)?(?:\s+of)?\s+{month}(?:,?\s+{year})?)(?!\.?\s*\d)",
        ),
        ("month_year", r"(?P<t>{month},?\s+(?:of\s+)?{year})"),
        (
            "year",
            (
                r"(?<!\w)(?:(?:in|since|until|till|by|from|before|after|during|through|for|between|due|early|late"
                r"|end\s+of|beginning\s+of|start\s+of|middle\s+of)\s+|mid-)(?P<t>{year})"
            ),
        ),
        # A year before a noun it dates: "the 1987 crash", "his unsuccessful 1996 campaign" (not "the
        # 2000 Olympics", a name, nor "the Act of 1989", a law's).
        (
            "year",
            r"(?<!\w)(?:the|its|his|her|their|our|this|that|a|an)\s+(?:[a-z]+\s+)?(?P<t>{year})(?=\s+(?-i:[a-z]))(?!\s+{counted}\b)",
        ),
        # "fiscal 1989" is not the calendar year, so "fiscal" is inside.
        ("fiscal_year", r"(?<!\w)(?P<t>fiscal(?:\s+year)?\s+{year})"),
        ("second_year", r"(?<![\w.,$])(?:19|20)\d\d\s*(?:and|or|through|-|–)\s*(?P<t>{year})"),
        # A month alone only after a word that makes it a time ("in May", not "Theresa May"),
        # and "May" only where a stop or a date word follows ("in May, ...", not "trust in May").
        (
            "month",
            (
                r"(?<!\w)(?:(?:in|since|until|till|by|from|before|after|during|through|early|late)\s+|mid-)"
                r"(?P<t>{month})(?!\s*\d)(?![\w-])(?!['’]s)"
                r"(?:(?<!May)|(?=\s*[,.;:!?)]|\s+(?:and|or|to|through|until|when|as|of|this|last|next)\b|\s*$))"
            ),
        ),
        ("weekday", r"(?P<t>(?:{mod}\s+)?{weekday})"),
        ("relative_day", r"(?P<t>{relday})"),
        ("relative_period", r"(?P<t>{mod}\s+{period})"),
        ("relative_month", r"(?P<t>{mod}\s+{month})"),
        (
            "quarter",
            (
                r"(?<![\w-])(?P<t>(?:the\s+)?(?:fiscal[\s-]+(?:year[\s-]+)?)?{ordinal}[\s-]+(?:fiscal[\s-]+)?"
                r"quarter(?:\s+of\s+(?:fiscal\s+)?{year})?)(?![\w-])"
            ),
        ),
        ("quarter", r"(?<![\w-])(?P<t>(?:the\s+)?{year}[\s-]+(?:fiscal[\s-]+)?{ordinal}[\s-]+quarter)(?![\w-])"),
        # "the quarter", "the latest quarter", but not "a quarter of" (a share).
        (
            "quarter",
            r"(?<![\w-])(?P<t>(?:(?P<det>the|its|their)\s+)?(?:{qmod}\s+)?quarter)(?![\w-])(?!\s+of\b)",
        ),
        # In a text about quarters, "the latest period" is one; "the 1988 quarter" is 1988's.
        ("quarter", r"(?<![\w-])(?P<t>(?:the\s+)?{qmod}\s+period)(?![\w-])"),
        ("quarter", r"(?<![\w-])(?P<t>the\s+{year}\s+(?:period|quarter))(?![\w-])"),
        ("season", r"(?P<t>{mod}\s+{season})"),
        ("season", r"(?<!\w)(?P<t>the\s+(?:early\s+|late\s+)?{season})"),
        ("season", r"(?P<t>{season}\s+(?:of\s+)?{year})"),
        ("ago", r"(?<![.,$-])(?P<t>{count}\s+{unit}\s+ago)(?!\w)"),
        # "a year earlier" and "year-ago" figures: the year before (or, beside a quarter, that
        # quarter a year before); "two years earlier" in a story is too often not counted
        # from publication to read so.
        ("year_back", r"(?<!\w)(?P<t>(?P<number>a)\s+(?P<unit>year)\s+(?:earlier|before))(?!\w)"),
        ("year_back", r"(?<![\w-])(?P<t>(?P<unit>year)-(?:ago|earlier))(?![\w-])(?!\s+(?:quarter|period))"),
        (
            "spelled_year",
            (
                r"(?<!\w)(?P<t>nineteen\s+(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                r"(?:[\s-](?P<ones>one|two|three|four|five|six|seven|eight|nine))?)(?!\w)"
            ),
        ),
        (
            "clock",
            r"(?<![\w.:,])(?P<t>(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s?(?P<half>[ap])\.?\s?m\b\.?{zone})",
        ),
        (
            "clock",
            (
                r"(?<!\w)(?:at|by|until|till|before|after|from|around|about|since|to)\s+"
                r"(?P<t>(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d){zone})(?![\d:])"
            ),
        ),
        (
            "clock",
            (
                r"(?<!\w)(?:at|by|until|till|before|after|around|about|from|since|past|near)\s+"
                r"(?P<t>(?P<named>noon|midnight){zone})(?!\w)"
            ),
        ),
        ("clock", r"(?<!\w)(?P<t>(?P<named>noon|midnight))(?=,?\s+(?:on\s+)?{day_word})"),
        # "six-year-old" is an adjective, "six years old" an age: neither is marked.
        ("duration", r"(?<![.,$-])(?P<t>{number}\s+{unit})(?!-)(?!\s+old(?!\w))"),
        # "a two-year sentence" lasts two years.
        (
            "compound_duration",
            r"(?<![\w.,$-])(?P<t>{number}-(?P<unit>minute|hour|day|week|month|year|decade))(?![\w-])",
        ),
        # "the past two months", "the last year": a stretch up to publication, not a date.
        (
            "duration",
            (
                r"(?<!\w)(?P<t>(?:the\s+)?(?:past|last|previous|next|coming|following|first|final)\s+{number}\s+"
                r"{unit})(?![\w-])(?!\s+old(?!\w))"
            ),
        ),
        (
            "duration",
            r"(?<!\w)(?P<t>the\s+(?:past|last|previous)\s+(?P<unit>year|month|week|decade))(?![\w-])(?!\s+of\b)",
        ),
        # Stretches of no stated length: "several years", "the past few weeks", "for months".
        (
            "vague_duration",
            (
                r"(?<!\w)(?P<t>(?:(?:the\s+)?(?:past|last|next|coming|previous|following)\s+)?(?:a\s+few|few|several"
                r"|many|a\s+couple\s+of|recent|coming)\s+(?P<unit>minutes|hours|days|weeks|months|years|decades))"
                r"(?![\w-])"
            ),
        ),
        (
            "vague_duration",
            (
                r"(?<!\w)(?:for|within|in|over|after)\s+(?P<t>(?P<unit>minutes|hours|days|weeks|months|years|decades))"
                r"(?![\w-])"
            ),
        ),
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
    months={**_numbered(_ES_MONTHS, start=1), "setiembre": 9},
    # Lower case only: Spanish writes weekdays in lower case, and "Santo Domingo" is a place.
    weekdays=_table("lunes:0 martes:1 miércoles:2 miercoles:2 jueves:3 viernes:4 sábado:5 sabado:5 domingo:6", int),
    numbers=_table(
        "dos:2 tres:3 cuatro:4 cinco:5 seis:6 siete:7 ocho:8 nueve:9 diez:10 once:11 doce:12 trece:13 catorce:14 "
        "quince:15 dieciséis:16 dieciseis:16 diecisiete:17 dieciocho:18 diecinueve:19 veinte:20 treinta:30 "
        "cuarenta:40 cincuenta:50 sesenta:60 setenta:70 ochenta:80 noventa:90",
        int,
    ),
    articles={"un": 1, "una": 1},
    units=_table(
        "minuto:minute minutos:minute hora:hour horas:hour día:day días:day dia:day dias:day semana:week "
        "semanas:week mes:month meses:month año:year años:year década:decade décadas:decade decada:decade "
        "decadas:decade",
        str,
    ),
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
    gates={"ago": ("hace",)},
    tense=Tense(
        future=(
            r"\w+(?:rá|rán|ré|remos|rás)|va\s+a|van\s+a|vamos\s+a|prevé|prevén|previst[oa]s?|programad[oa]s?"
            r"|próxim[oa]"
        ),
        past=(
            r"\w+(?:ó|aron|ieron|ió)|dijo|dijeron|fue|fueron|hizo|hicieron|tuvo|tuvieron|estuvo|estuvieron|dio"
            r"|dieron|vino|vinieron|había|habían|hubo|era|eran|estaba|estaban|ha|han|pasad[oa]|ayer|anoche"
        ),
        present=r"es|son|está|están|dice|dicen",
        deadline=r"hasta(?:\s+el)?\s+",
        since=r"desde(?:\s+el)?\s+",
    ),
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
