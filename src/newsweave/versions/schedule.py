"""When a followed page is visited again: a schedule of delays after it was first seen.

Articles change most in their first hours (figures updated, a correction appended) and rarely
after a week, so the visits thin with age: by default 1 hour, 6 hours, 1 day, 3 days and 1 week
after the page was first seen, then never again. A watch that was stopped for a while does not
make up the visits it missed: the next visit is the first scheduled one still ahead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise

__all__ = ["DEFAULT_REVISITS", "next_visit", "parse_duration", "parse_schedule"]

DEFAULT_REVISITS: tuple[timedelta, ...] = (
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(weeks=1),
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def parse_duration(text: str) -> timedelta:
    """A duration written ``30s``, ``15m``, ``6h``, ``3d`` or ``1w`` (a bare number is seconds).

    Raises:
        ValueError: anything else, or a duration of zero.
    """
    match = _DURATION.match(text)
    if match is None or float(match[1]) <= 0:
        raise ValueError(f"expected a duration such as 30s, 15m, 6h, 3d or 1w, got {text!r}")
    return timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2].lower()])


def parse_schedule(text: str) -> tuple[timedelta, ...]:
    """Delays after first sight, comma-separated and rising (``1h,6h,1d,3d,1w``); ``none`` for no visits.

    Raises:
        ValueError: a bad duration, or delays that do not rise.
    """
    if text.strip().casefold() == "none":
        return ()
    delays = tuple(parse_duration(part) for part in text.split(","))
    if any(later <= earlier for earlier, later in pairwise(delays)):
        raise ValueError(f"the delays must rise, got {text!r}")
    return delays


def next_visit(first_seen: datetime, now: datetime, schedule: Sequence[timedelta]) -> datetime | None:
    """The first scheduled visit after ``now`` of a page first seen at ``first_seen``, or None when none is left."""
    return next((first_seen + delay for delay in schedule if first_seen + delay > now), None)
