"""The revisit schedule: delays after first sight, thinning with age, missed visits not made up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsweave.versions.schedule import DEFAULT_REVISITS, next_visit, parse_duration, parse_schedule

FIRST = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "delta"),
    [("30s", timedelta(seconds=30)), ("6h", timedelta(hours=6)), ("3d", timedelta(days=3)), ("1w", timedelta(days=7))],
)
def test_parse_duration(text: str, delta: timedelta) -> None:
    assert parse_duration(text) == delta


def test_parse_schedule_reads_the_default_and_none() -> None:
    assert parse_schedule("1h,6h,1d,3d,1w") == DEFAULT_REVISITS
    assert parse_schedule(" none ") == ()


@pytest.mark.parametrize("text", ["6h,1h", "1h,1h", "1h,,2h", "soon", ""])
def test_parse_schedule_refuses_delays_that_do_not_rise(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|rise"):
        parse_schedule(text)


def test_next_visit_is_the_first_scheduled_one_still_ahead() -> None:
    assert next_visit(FIRST, FIRST, DEFAULT_REVISITS) == FIRST + timedelta(hours=1)
    assert next_visit(FIRST, FIRST + timedelta(hours=1), DEFAULT_REVISITS) == FIRST + timedelta(hours=6)
    # A watch stopped for two days resumes at the 3-day visit, not with the ones it missed.
    assert next_visit(FIRST, FIRST + timedelta(days=2), DEFAULT_REVISITS) == FIRST + timedelta(days=3)
    assert next_visit(FIRST, FIRST + timedelta(weeks=1), DEFAULT_REVISITS) is None
    assert next_visit(FIRST, FIRST, ()) is None
