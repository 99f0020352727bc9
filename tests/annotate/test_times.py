from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
