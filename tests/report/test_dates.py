"""Time references as a person reads them, for every form the time annotator writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from newsweave.annotate import time_patterns
from newsweave.annotate.times import find_time_refs
from newsweave.report import dates
from newsweave.report.dates import time_label

_CODE = re.compile(r"[a-z]+:[\w+-]")


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2018-03-28", "Wed 28 Mar 2018"),
        ("2018-03-05", "Mon 5 Mar 2018"),
        ("2016-10", "Oct 2016"),
        ("2012", "2012"),
        ("2018-W13", "week of 26 Mar 2018"),
        ("2018-03-28T14:30:00", "Wed 28 Mar 2018 14:30"),
        ("2018-03-28T14:30:00+00:00", "Wed 28 Mar 2018 14:30 UTC"),
        ("2018-03-28T14:30:00+01:00", "Wed 28 Mar 2018 14:30 +0100"),
        ("P6Y", "6 years"),
        ("P1D", "1 day"),
        ("PT2H", "2 hours"),
        ("PT30M", "30 minutes"),
        ("P3M", "3 months"),
    ],
)
def test_time_label_writes_resolved_values_in_one_style(value: str, label: str) -> None:
    assert time_label(value, "") == label


def test_time_label_prefers_the_resolved_value_over_the_relative_code() -> None:
    assert time_label("2018-03-28", "weekday:WE") == "Wed 28 Mar 2018"


@pytest.mark.parametrize(
    ("relative", "label"),
    [
        ("weekday:WE", "a Wednesday (date not given)"),
        ("weekday:MO:last", "the Monday before publication"),
        ("weekday:SU:next", "the Sunday after publication"),
        ("monthday:10-14", "14 Oct (year not given)"),
        ("monthday:02-29", "29 Feb (year not given)"),
        ("month:OCT:last", "the October before publication"),
        ("month:MAY:this", "May of the year of publication"),
        ("month:JAN:next", "the January after publication"),
        ("day:-1", "the day before publication"),
        ("day:0", "the day of publication"),
        ("day:+1", "the day after publication"),
        ("day:-2", "2 days before publication"),
        ("week:-1", "the week before publication"),
        ("week:-3", "3 weeks before publication"),
        ("month:0", "the month of publication"),
        ("month:+1", "the month after publication"),
        ("year:-1", "the year before publication"),
        ("year:-6", "6 years before publication"),
        ("year:-20", "20 years before publication"),
    ],
)
def test_time_label_says_unresolved_relative_codes_in_words(relative: str, label: str) -> None:
    assert time_label("", relative) == label


@pytest.mark.parametrize("odd", ["2018-13", "2018-02-30", "2018-00", "P6X", "sometime"])
def test_time_label_shows_a_value_it_cannot_read_as_it_is(odd: str) -> None:
    assert time_label(odd, "") == odd


@pytest.mark.parametrize("odd", ["weekday:XX", "monthday:13-01", "month:XYZ", "year:many", "era:-1", ""])
def test_time_label_shows_a_code_it_cannot_read_as_it_is(odd: str) -> None:
    assert time_label("", odd) == odd


def test_dates_reads_the_codes_the_annotator_writes() -> None:
    assert dates.WEEKDAY_CODES == time_patterns.WEEKDAY_CODES
    assert dates.MONTH_CODES == time_patterns.MONTH_CODES
    assert dates.SEASON_CODES == time_patterns.SEASON_CODES


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "On Wednesday, last Friday and next Monday; yesterday, today, tonight and tomorrow; "
            "last week, this month, next year; last October, next March; October 14; "
            "three days ago, two weeks ago, six months ago, a year ago, two decades ago.",
        ),
        (
            "es",
            "El miércoles, el viernes pasado y el lunes que viene; anteayer, ayer, hoy, mañana y "
            "pasado mañana; el año pasado, la semana que viene, este mes; octubre pasado; "
            "el 14 de octubre; hace tres días, hace dos semanas.",
        ),
    ],
)
@pytest.mark.parametrize("published", [None, datetime(2018, 3, 28, 9, 0, tzinfo=UTC)])
def test_every_reference_the_annotator_writes_reads_as_words(
    language: str, text: str, published: datetime | None
) -> None:
    refs = find_time_refs(text, language=language, published=published)
    assert len(refs) >= 15
    for ref in refs:
        label = time_label(ref.value, ref.relative)
        assert label
        assert not _CODE.search(label), (text[ref.span.start : ref.span.end], ref.relative, label)
        assert not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", label)


@pytest.mark.parametrize(
    ("value", "relative", "label"),
    [
        ("2018-Q3", "", "Q3 2018"),
        ("2018-SU", "", "summer 2018"),
        ("PXY", "", "some years"),
        ("2018-03-22T24:00", "", "Thu 22 Mar 2018 24:00"),
        ("", "month:OCT", "October (year not given)"),
        ("", "quarter:Q3", "Q3 (year not given)"),
        ("", "quarter:-1", "the quarter before publication"),
        ("", "season:SU:last", "the summer before publication"),
        ("", "weekday:TH@22:30", "a Thursday (date not given) at 22:30"),
    ],
)
def test_time_label_reads_quarters_seasons_vague_spans_and_clock_times(value: str, relative: str, label: str) -> None:
    assert time_label(value, relative) == label
