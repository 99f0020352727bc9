from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.annotate import times
from newsweave.annotate.times import find_time_refs
from newsweave.model import TimeKind, TimeRef

PUBLISHED = datetime(2018, 3, 28, 12, 0, tzinfo=UTC)  # a Wednesday

ASSANGE = (
    "Ecuador's government said in a statement Wednesday that it has cut off his access. "
    "He has lived in the embassy for six years and has been there since 2012. "
    "The probe was dropped last year. In October 2016, his access was blocked."
)


def _only(text: str, language: str = "en", published: datetime | None = PUBLISHED) -> TimeRef:
    refs = find_time_refs(text, language=language, published=published)
    assert len(refs) == 1, refs
    return refs[0]


def _covered(text: str, ref: TimeRef) -> str:
    return text[ref.span.start : ref.span.end]


# (language, text, covered words, granularity, value, relative) for dates anchored on PUBLISHED.
RELATIVE_DATES = [
    ("en", "The minister spoke Wednesday.", "Wednesday", "day", "2018-03-28", "weekday:WE"),
    ("en", "They met on Monday.", "Monday", "day", "2018-03-26", "weekday:MO"),
    ("en", "Police arrived early Monday.", "Monday", "day", "2018-03-26", "weekday:MO"),
    ("en", "The vote was on Thursday.", "Thursday", "day", "2018-03-22", "weekday:TH"),
    ("en", "He left last Wednesday.", "last Wednesday", "day", "2018-03-21", "weekday:WE:last"),
    ("en", "They meet next Friday.", "next Friday", "day", "2018-03-30", "weekday:FR:next"),
    ("en", "It rained yesterday.", "yesterday", "day", "2018-03-27", "day:-1"),
    ("en", "It rains today.", "today", "day", "2018-03-28", "day:0"),
    ("en", "It will rain tomorrow.", "tomorrow", "day", "2018-03-29", "day:+1"),
    ("en", "Shots were fired last night.", "last night", "day", "2018-03-27", "day:-1"),
    ("en", "Sales fell last year.", "last year", "year", "2017", "year:-1"),
    ("en", "Sales may rise next year.", "next year", "year", "2019", "year:+1"),
    ("en", "Sales rose this year.", "this year", "year", "2018", "year:0"),
    ("en", "Prices fell last month.", "last month", "month", "2018-02", "month:-1"),
    ("en", "Prices rise next month.", "next month", "month", "2018-04", "month:+1"),
    ("en", "He resigned last week.", "last week", "week", "2018-W12", "week:-1"),
    ("en", "He resigns this week.", "this week", "week", "2018-W13", "week:0"),
    ("en", "It closed last October.", "last October", "month", "2017-10", "month:OCT:last"),
    ("en", "It closed last March.", "last March", "month", "2017-03", "month:MAR:last"),
    ("en", "It opened this March.", "this March", "month", "2018-03", "month:MAR:this"),
    ("en", "It opens next May.", "next May", "month", "2018-05", "month:MAY:next"),
    ("en", "It opened on March 5.", "March 5", "day", "2018-03-05", "monthday:03-05"),
    ("en", "It opened on 5 March.", "5 March", "day", "2018-03-05", "monthday:03-05"),
    ("en", "It began two years ago.", "two years ago", "year", "2016", "year:-2"),
    ("en", "It began three days ago.", "three days ago", "day", "2018-03-25", "day:-3"),
    ("en", "It began a decade ago.", "a decade ago", "year", "2008", "year:-10"),
    ("es", "El martes dijo que no.", "martes", "day", "2018-03-27", "weekday:TU"),
    ("es", "Lo dijo el miércoles.", "miércoles", "day", "2018-03-28", "weekday:WE"),
    ("es", "Llegó el pasado lunes.", "pasado lunes", "day", "2018-03-26", "weekday:MO:last"),
    ("es", "Vuelve el jueves próximo.", "jueves próximo", "day", "2018-03-29", "weekday:TH:next"),
    ("es", "Llovió ayer.", "ayer", "day", "2018-03-27", "day:-1"),
    ("es", "Llueve hoy.", "hoy", "day", "2018-03-28", "day:0"),
    ("es", "Lloverá mañana.", "mañana", "day", "2018-03-29", "day:+1"),
    ("es", "Hubo disparos anoche.", "anoche", "day", "2018-03-27", "day:-1"),
    ("es", "Las ventas cayeron el año pasado.", "año pasado", "year", "2017", "year:-1"),
    ("es", "Los precios subieron el mes pasado.", "mes pasado", "month", "2018-02", "month:-1"),
    ("es", "Dimitió la semana pasada.", "semana pasada", "week", "2018-W12", "week:-1"),
    ("es", "Habrá elecciones el próximo año.", "próximo año", "year", "2019", "year:+1"),
    ("es", "Crecerá este año.", "este año", "year", "2018", "year:0"),
    ("es", "Cerró en octubre pasado.", "octubre pasado", "month", "2017-10", "month:OCT:last"),
    ("es", "Abre el próximo mayo.", "próximo mayo", "month", "2018-05", "month:MAY:next"),
    ("es", "Abrió el 5 de marzo.", "5 de marzo", "day", "2018-03-05", "monthday:03-05"),
    ("es", "Empezó hace seis años.", "hace seis años", "year", "2012", "year:-6"),
]

# (language, text, covered words, granularity, value) for absolute dates.
ABSOLUTE_DATES = [
    ("en", "In October 2016, his access was blocked.", "October 2016", "month", "2016-10"),
    ("en", "It happened in May 2017.", "May 2017", "month", "2017-05"),
    ("en", "It was signed on October 14, 2025.", "October 14, 2025", "day", "2025-10-14"),
    ("en", "It was signed on Oct. 14, 2025.", "Oct. 14, 2025", "day", "2025-10-14"),
    ("en", "It was signed on 14 October 2025.", "14 October 2025", "day", "2025-10-14"),
    ("en", "The file is dated 2018-03-28.", "2018-03-28", "day", "2018-03-28"),
    ("en", "It grew in 2017.", "2017", "year", "2017"),
    ("en", "He has been there since 2012.", "2012", "year", "2012"),
    ("en", "It runs until 2019.", "2019", "year", "2019"),
    ("en", "It ends by 2020.", "2020", "year", "2020"),
    ("es", "Ocurrió en octubre de 2016.", "octubre de 2016", "month", "2016-10"),
    ("es", "Se firmó el 14 de octubre de 2025.", "14 de octubre de 2025", "day", "2025-10-14"),
    ("es", "Vive allí desde 2012.", "2012", "year", "2012"),
    ("es", "Creció en 2017.", "2017", "year", "2017"),
    ("es", "Dura hasta 2019.", "2019", "year", "2019"),
]

# (language, text, covered words, granularity, value) for durations.
DURATIONS = [
    ("en", "He has lived there for six years.", "six years", "year", "P6Y"),
    ("en", "He was held for 8 years.", "8 years", "year", "P8Y"),
    ("en", "The talks lasted two hours.", "two hours", "hour", "PT2H"),
    ("en", "It took 30 minutes.", "30 minutes", "minute", "PT30M"),
    ("en", "The strike lasted three months.", "three months", "month", "P3M"),
    ("en", "He stayed for a week.", "a week", "week", "P1W"),
    ("en", "It took a decade.", "a decade", "decade", "P10Y"),
    ("en", "It took two decades.", "two decades", "decade", "P20Y"),
    ("es", "Vivió allí seis años.", "seis años", "year", "P6Y"),
    ("es", "Vive allí desde hace seis años.", "seis años", "year", "P6Y"),
    ("es", "La reunión duró dos horas.", "dos horas", "hour", "PT2H"),
    ("es", "Tardó una década.", "una década", "decade", "P10Y"),
    ("es", "Estuvo preso durante un año.", "un año", "year", "P1Y"),
]


@pytest.mark.parametrize(("language", "text", "words", "granularity", "value", "relative"), RELATIVE_DATES)
def test_times_relative_resolved_from_publication(
    language: str, text: str, words: str, granularity: str, value: str, relative: str
) -> None:
    ref = _only(text, language)
    assert _covered(text, ref) == words
    assert (ref.kind, ref.granularity, ref.value) == (TimeKind.DATE, granularity, value)
    assert (ref.relative, ref.anchor) == (relative, "publication")


@pytest.mark.parametrize(("language", "text", "words", "granularity", "value", "relative"), RELATIVE_DATES)
def test_times_relative_kept_without_publication(
    language: str, text: str, words: str, granularity: str, value: str, relative: str
) -> None:
    ref = _only(text, language, published=None)
    assert _covered(text, ref) == words
    assert (ref.kind, ref.granularity, ref.value) == (TimeKind.DATE, granularity, "")
    assert (ref.relative, ref.anchor) == (relative, "publication")


@pytest.mark.parametrize("published", [PUBLISHED, None])
@pytest.mark.parametrize(("language", "text", "words", "granularity", "value"), ABSOLUTE_DATES)
def test_times_absolute_dates_need_no_anchor(
    language: str, text: str, words: str, granularity: str, value: str, published: datetime | None
) -> None:
    ref = _only(text, language, published)
    assert _covered(text, ref) == words
    assert (ref.kind, ref.granularity, ref.value) == (TimeKind.DATE, granularity, value)
    assert (ref.relative, ref.anchor) == ("", "")


@pytest.mark.parametrize("published", [PUBLISHED, None])
@pytest.mark.parametrize(("language", "text", "words", "granularity", "value"), DURATIONS)
def test_times_durations_as_iso_8601(
    language: str, text: str, words: str, granularity: str, value: str, published: datetime | None
) -> None:
    ref = _only(text, language, published)
    assert _covered(text, ref) == words
    assert (ref.kind, ref.granularity, ref.value) == (TimeKind.DURATION, granularity, value)
    assert (ref.relative, ref.anchor) == ("", "")


def test_times_news_paragraph() -> None:
    refs = find_time_refs(ASSANGE, published=PUBLISHED)
    found = [(_covered(ASSANGE, r), r.kind, r.value) for r in refs]
    assert found == [
        ("Wednesday", TimeKind.DATE, "2018-03-28"),
        ("six years", TimeKind.DURATION, "P6Y"),
        ("2012", TimeKind.DATE, "2012"),
        ("last year", TimeKind.DATE, "2017"),
        ("October 2016", TimeKind.DATE, "2016-10"),
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We said it would."),
        ("en", "The ship carried 2,400 containers."),
        ("en", "The bill came to $2019."),
        ("en", "Prices rose by $2019 in 2,019 shops."),
        ("en", "Call 2019 555 0134."),
        ("en", "The six-year-old boy may go."),
        ("en", "He is six years old."),
        ("en", "It costs $50 a year."),
        ("es", "Llegó por la mañana."),
        ("es", "Viajó a Santo Domingo."),
        ("es", "Tiene 2,400 contenedores."),
    ],
)
def test_times_false_positives_ignored(language: str, text: str) -> None:
    assert find_time_refs(text, language=language, published=PUBLISHED) == ()


@pytest.mark.parametrize("text", ["Sales fell on February 30, 2018.", "It opened on 31 April."])
def test_times_impossible_days_ignored(text: str) -> None:
    assert find_time_refs(text, published=PUBLISHED) == ()


def test_times_prefers_longest_match() -> None:
    text = "It was signed on October 14, 2025 in Quito."
    assert [_covered(text, r) for r in find_time_refs(text)] == ["October 14, 2025"]


def test_times_language_subtag_and_unsupported_language() -> None:
    assert _only("It rained yesterday.", "en-GB").value == "2018-03-27"
    assert find_time_refs("Il a plu hier, le 5 mars 2018.", language="fr") == ()


@pytest.mark.parametrize(("year", "value"), [(2018, ""), (2019, "2020-02-29"), (2020, "2020-02-29")])
def test_times_february_29_without_a_year(year: int, value: str) -> None:
    ref = _only("It opened on February 29.", published=datetime(year, 3, 28, tzinfo=UTC))
    assert (ref.value, ref.relative) == (value, "monthday:02-29")


def test_times_out_of_calendar_publication_leaves_value_empty() -> None:
    ref = _only("It rained yesterday.", published=datetime(1, 1, 1, tzinfo=UTC))
    assert (ref.value, ref.relative, ref.anchor) == ("", "day:-1", "publication")


_PUBLISHED_ANY = st.none() | st.datetimes(timezones=st.just(UTC))


@given(text=st.text(), language=st.sampled_from(["en", "es"]), published=_PUBLISHED_ANY)
def test_times_never_raises_and_spans_are_sound(text: str, language: str, published: datetime | None) -> None:
    refs = find_time_refs(text, language=language, published=published)
    for ref in refs:
        assert 0 <= ref.span.start < ref.span.end <= len(text)
    for before, after in itertools.pairwise(refs):
        assert before.span.end <= after.span.start


_WORDS = st.sampled_from(
    [
        "Wednesday", "el", "martes", "last", "year", "in", "October", "2016", "since", "2012",
        "six", "years", "ago", "hace", "seis", "años", "14", "de", "octubre", "mañana", "la",
        "a", "decade", "next", "May", "5", ",", "2018-03-28", "yesterday", "for", "desde",
    ]
)  # fmt: skip


@given(
    words=st.lists(_WORDS, max_size=12),
    language=st.sampled_from(["en", "es"]),
    published=_PUBLISHED_ANY,
)
def test_times_date_like_text_gives_sound_spans(words: list[str], language: str, published: datetime | None) -> None:
    text = " ".join(words)
    refs = find_time_refs(text, language=language, published=published)
    assert list(refs) == sorted(refs, key=lambda r: r.span.start)
    for before, after in itertools.pairwise(refs):
        assert not before.span.overlaps(after.span)
    assert all(0 <= r.span.start < r.span.end <= len(text) for r in refs)


# --- tense: a bare weekday, a month and day, a month, read with the tense of their clause -------

# (text, covered words, value) on PUBLISHED, a Wednesday: future is the next such day on or
# after publication, past the latest on or before it, present or no cue the nearest.
TENSED = [
    ("The report will be divulged on Friday.", "Friday", "2018-03-30"),
    ("The report was divulged on Friday.", "Friday", "2018-03-23"),
    ("The vote is scheduled for Friday.", "Friday", "2018-03-30"),
    ("He will be sentenced Friday.", "Friday", "2018-03-30"),
    ("He said he would resign Friday.", "Friday", "2018-03-30"),
    ("They'll meet Monday.", "Monday", "2018-04-02"),
    ("Police arrested him Friday.", "Friday", "2018-03-23"),
    ("The minister spoke Friday.", "Friday", "2018-03-23"),
    ("The vote is Friday.", "Friday", "2018-03-30"),
    ("The deadline is Monday.", "Monday", "2018-04-02"),  # a deadline is to come
    ("The fair is Monday.", "Monday", "2018-03-26"),
    ("Voters go to the polls Sunday.", "Sunday", "2018-03-25"),
    ("On Friday, the company will announce its results.", "Friday", "2018-03-30"),
    ("On Friday, the company announced its results.", "Friday", "2018-03-23"),
    ("They meet this Friday.", "this Friday", "2018-03-30"),
    ("They met this Monday.", "this Monday", "2018-03-26"),
    ("The deal will close Dec. 15.", "Dec. 15", "2018-12-15"),
    ("The agency said on Dec. 15 that it had acted.", "Dec. 15", "2017-12-15"),
    ("The dividend is payable Dec. 7 to holders of record.", "Dec. 7", "2018-12-07"),
    ("The plant opened on June 2.", "June 2", "2017-06-02"),
    # A date without its year is the current year's unless well on the wrong side of the tense.
    ("Directors authorized a dividend payable April 20.", "April 20", "2018-04-20"),
    ("Directors said the record date was April 4.", "April 4", "2018-04-04"),
    ("The offer runs until 5 p.m. EST, April 6.", "5 p.m. EST, April 6", "2018-04-06T17:00"),
    ("He has been in office since March.", "March", "2018-03"),
    ("He has been in office since October.", "October", "2017-10"),
    ("It opens April 2.", "April 2", "2018-04-02"),
    ("The talks will resume in January.", "January", "2019-01"),
    ("The talks broke down in January.", "January", "2018-01"),
    ("Elections are due in May.", "May", "2018-05"),
]


@pytest.mark.parametrize(("text", "words", "value"), TENSED)
def test_times_tense_picks_the_side_of_publication(text: str, words: str, value: str) -> None:
    ref = _only(text)
    assert (_covered(text, ref), ref.value, ref.anchor) == (words, value, "publication")


def test_times_tense_reads_each_clause() -> None:
    text = "He said Tuesday that he will resign on Friday."
    assert [(_covered(text, r), r.value) for r in find_time_refs(text, published=PUBLISHED)] == [
        ("Tuesday", "2018-03-27"),
        ("Friday", "2018-03-30"),
    ]


def test_times_tense_keeps_relative_as_written() -> None:
    """``relative`` says what the words say; the tense only moves the resolved value."""
    future, past = _only("The report will be divulged on Friday."), _only("The report was divulged on Friday.")
    assert future.relative == past.relative == "weekday:FR"
    assert _only("The talks will resume in January.").relative == "month:JAN"


# --- names that hold a date word are not dates ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Pompeo appeared on ABC\'s "This Week" with a warning.',
        "This Week in Review: markets rally.",
        "He told NBC's Today show that he would run.",
        "He spoke on the “Today” show.",
        "The USA Today report said so.",
        'Trump told Fox News\' "Tucker Carlson Tonight" that he would not resign.',
        "Trump told Fox News’ “Tucker Carlson Tonight.”",
        "The September 11th Advocates criticised the report.",
        "Since the Sept. 11 attacks, security has tightened.",
        "The 19 Sept. 11 hijackers were mostly Saudi.",
        "Security changed in post-Sept. 11 America.",
        "Shoppers crowded the malls on Black Friday.",
        "The Sunday Times reported it.",
        "He met Theresa May.",
        "Voters' trust in May is low.",
    ],
)
def test_times_names_with_date_words_are_not_dates(text: str) -> None:
    assert find_time_refs(text, published=PUBLISHED) == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Today, the council voted.", "Today"),
        ("“Today we vote,” she said.", "Today"),
        ("Storm warning\nToday the ferry stopped.", "Today"),
        ("Last October, the ferry stopped.", "Last October"),
        ("The vote is on Sept. 11.", "Sept. 11"),
        ("He met Theresa May in May.", "May"),
    ],
)
def test_times_date_words_at_a_sentence_start_are_dates(text: str, words: str) -> None:
    assert [_covered(text, r) for r in find_time_refs(text, published=PUBLISHED)][-1:] == [words]


# --- clock times ---------------------------------------------------------------------------------

# (text, covered words, value, relative) on PUBLISHED.
CLOCKS = [
    ("The meeting began at 9:25 a.m.", "9:25 a.m.", "2018-03-28T09:25", "day:0@09:25"),
    ("The polls close at 8 p.m. Eastern.", "8 p.m. Eastern", "2018-03-28T20:00", "day:0@20:00"),
    ("Talks resume at 14:30.", "14:30", "2018-03-28T14:30", "day:0@14:30"),
    ("The shooting happened at 10:30 p.m. Thursday.", "10:30 p.m. Thursday", "2018-03-22T22:30", "weekday:TH@22:30"),
    ("The hearing resumed Thursday at 10 a.m.", "Thursday at 10 a.m.", "2018-03-22T10:00", "weekday:TH@10:00"),
    ("The hearing will resume Thursday at 10 a.m.", "Thursday at 10 a.m.", "2018-03-29T10:00", "weekday:TH@10:00"),
    ("The offer expires at noon Friday.", "noon Friday", "2018-03-30T12:00", "weekday:FR@12:00"),
    ("The offer expired at midnight Tuesday.", "midnight Tuesday", "2018-03-27T24:00", "weekday:TU@24:00"),
    ("It aired at 9 p.m. yesterday.", "9 p.m. yesterday", "2018-03-27T21:00", "day:-1@21:00"),
    ("It opens at 7 a.m. on March 30.", "7 a.m. on March 30", "2018-03-30T07:00", "monthday:03-30@07:00"),
]


@pytest.mark.parametrize(("text", "words", "value", "relative"), CLOCKS)
def test_times_clock_times_have_time_granularity(text: str, words: str, value: str, relative: str) -> None:
    ref = _only(text)
    assert (_covered(text, ref), ref.kind, ref.granularity) == (words, TimeKind.DATE, "time")
    assert (ref.value, ref.relative, ref.anchor) == (value, relative, "publication")


def test_times_clock_on_an_absolute_day_needs_no_anchor() -> None:
    text = "It closed at 5 p.m. on Oct. 14, 2025."
    ref = _only(text, published=None)
    assert (_covered(text, ref), ref.value, ref.relative, ref.anchor) == (
        "5 p.m. on Oct. 14, 2025",
        "2025-10-14T17:00",
        "",
        "",
    )


def test_times_clock_without_publication_keeps_its_hour() -> None:
    ref = _only("The shooting happened at 10:30 p.m. Thursday.", published=None)
    assert (ref.value, ref.relative, ref.anchor) == ("", "weekday:TH@22:30", "publication")


@pytest.mark.parametrize("text", ["He won 9 amendments.", "The score was 3:2.", "I am here at noonday."])
def test_times_clock_look_alikes_ignored(text: str) -> None:
    assert find_time_refs(text, published=PUBLISHED) == ()


# --- quarters, seasons, spelled years, more durations ------------------------------------------------

# (text, covered words, granularity, value) on PUBLISHED (first quarter of 2018).
MORE_DATES = [
    ("Third-quarter profit rose.", "Third-quarter", "quarter", "2017-Q3"),
    ("Profit rose in the fourth quarter.", "the fourth quarter", "quarter", "2017-Q4"),
    ("Profit rose in the first quarter.", "the first quarter", "quarter", "2018-Q1"),
    ("Profit rose in the third quarter of 1990.", "the third quarter of 1990", "quarter", "1990-Q3"),
    ("Sales fell in the latest quarter.", "the latest quarter", "quarter", "2017-Q4"),
    ("Sales fell in the quarter.", "the quarter", "quarter", "2017-Q4"),
    ("Sales rise in the current quarter.", "the current quarter", "quarter", "2018-Q1"),
    ("Sales fell from the year-ago quarter.", "the year-ago quarter", "quarter", "2016-Q4"),
    ("It was hot this summer.", "this summer", "season", "2018-SU"),
    ("It was hot last summer.", "last summer", "season", "2017-SU"),
    ("It was hot in the summer of 2016.", "summer of 2016", "season", "2016-SU"),
    ("It happened in nineteen ninety-six.", "nineteen ninety-six", "year", "1996"),
    ("Results for fiscal 1989 were weak.", "fiscal 1989", "year", "1989"),
]


@pytest.mark.parametrize(("text", "words", "granularity", "value"), MORE_DATES)
def test_times_quarters_seasons_and_spelled_years(text: str, words: str, granularity: str, value: str) -> None:
    ref = _only(text)
    assert (_covered(text, ref), ref.kind, ref.granularity, ref.value) == (words, TimeKind.DATE, granularity, value)


def test_times_second_year_of_a_pair() -> None:
    text = "Sales fell in 1988 and 1989."
    assert [(_covered(text, r), r.value) for r in find_time_refs(text)] == [("1988", "1988"), ("1989", "1989")]


def test_times_a_year_ago_beside_a_quarter_is_that_quarter() -> None:
    text = "Third-quarter profit rose 5% from a year ago. Sales rose from a year earlier."
    assert [(r.granularity, r.value) for r in find_time_refs(text, published=PUBLISHED)] == [
        ("quarter", "2017-Q3"),
        ("quarter", "2016-Q3"),
        ("quarter", "2016-Q3"),
    ]


def test_times_a_year_ago_elsewhere_is_the_year_before() -> None:
    assert _only("He left a year ago.").value == "2017"


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("He served a two-year term.", "two-year", "P2Y"),
        ("It was a 24-hour strike.", "24-hour", "PT24H"),
        ("Prices rose over the past two months.", "the past two months", "P2M"),
        ("Prices rose over the past year.", "the past year", "P1Y"),
    ],
)
def test_times_compound_and_recent_durations(text: str, words: str, value: str) -> None:
    ref = _only(text)
    assert (_covered(text, ref), ref.kind, ref.value) == (words, TimeKind.DURATION, value)


@pytest.mark.parametrize(
    "text", ["A quarter of the votes were void.", "The French Quarter flooded.", "She is a 30-year-old nurse."]
)
def test_times_quarter_and_age_look_alikes_ignored(text: str) -> None:
    assert find_time_refs(text, published=PUBLISHED) == ()


@pytest.mark.parametrize("text", ["He is now in Quito.", "She currently works there.", "It rains every week."])
def test_times_present_and_recurring_not_produced(text: str) -> None:
    """TimeKind has no kind for PRESENT_REF or SET, so these give nothing rather than a false date."""
    assert find_time_refs(text, published=PUBLISHED) == ()


_MIXED = (
    "Third-quarter profit rose from a year ago, the company said Tuesday. It will report again on "
    "Jan. 5 at 9 a.m. Eastern, after the 19 Sept. 11 hijackers film aired on the Today show. In "
    "October 2016, six years after it opened in 2010, the plant closed for two weeks; it reopens "
    "next Friday, and this summer the past two months look calm. Hace seis años, el martes."
)


@pytest.mark.parametrize("language", ["en", "es"])
def test_times_windows_change_nothing(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules run only near key words; scanning the whole text finds the same references."""
    windowed = find_time_refs(_MIXED, language=language, published=PUBLISHED)
    monkeypatch.setattr(times, "_windows", lambda text, lowered, keys: [(0, len(text))])
    assert find_time_refs(_MIXED, language=language, published=PUBLISHED) == windowed
    assert windowed


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Stocks fell after the 1987 crash.", ["1987"]),
        ("He lost his unsuccessful 1996 campaign.", ["1996"]),
        ("Bonds due 1993 were sold between 1985 and 1987.", ["1993", "1985", "1987"]),
        ("The forecast for 1990 is weak.", ["1990"]),
        ("The 2000 Olympics opened.", []),
        ("The Civil Rights Act of 1964 passed.", []),
        ("The 2000 people left.", []),
    ],
)
def test_times_years_that_date_a_noun(text: str, years: list[str]) -> None:
    assert [r.value for r in find_time_refs(text, published=PUBLISHED)] == years


@pytest.mark.parametrize(
    ("text", "words", "granularity", "value"),
    [
        ("It took several years.", "several years", "year", "PXY"),
        ("Prices rose over the past few weeks.", "the past few weeks", "week", "PXW"),
        ("Crime rose in recent months.", "recent months", "month", "PXM"),
        ("Troops arrive within weeks.", "weeks", "week", "PXW"),
        ("It lasted a few days.", "a few days", "day", "PXD"),
        ("It took several decades.", "several decades", "decade", "PXDE"),
    ],
)
def test_times_vague_durations(text: str, words: str, granularity: str, value: str) -> None:
    ref = _only(text)
    assert (_covered(text, ref), ref.kind, ref.granularity, ref.value) == (words, TimeKind.DURATION, granularity, value)
