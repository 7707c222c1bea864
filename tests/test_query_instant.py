"""An `at=` datetime becomes the same instant on the fast path as by subtraction.

`_time.query_instant` turns a datetime in a kept zone into microseconds by
subtracting wall clocks; `_time.micros` subtracts the UTC epoch. A gateway
relies on them agreeing for every zone, every clock change and both folds.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import hypothesis.strategies as st
import pendulum
from hypothesis import given

from aicontrols import _time

ZONES = [
    ZoneInfo(name)
    for name in (
        "America/New_York",
        "Europe/London",
        "Asia/Kolkata",
        "Australia/Lord_Howe",  # a 30-minute clock change
        "Pacific/Apia",  # skipped a whole day in 2011
        "Africa/Casablanca",  # clock changes back and forth within a year
        "UTC",
    )
]
FIXED = [
    dt.UTC,
    dt.timezone(dt.timedelta(hours=-4)),
    dt.timezone(dt.timedelta(hours=-4), "EDT"),  # equal to the one before
    dt.timezone(dt.timedelta(hours=5, minutes=45)),
    dt.timezone(dt.timedelta(hours=23, minutes=59)),
]
MOMENTS = st.datetimes(  # wall clocks: the test gives each its zone
    min_value=dt.datetime(1, 1, 3),  # noqa: DTZ001
    max_value=dt.datetime(9999, 12, 29),  # noqa: DTZ001
)


@given(
    MOMENTS,
    st.sampled_from([*ZONES, *FIXED, ZoneInfo.no_cache("Europe/Paris")]),
    st.integers(0, 1),
)
def test_the_fast_path_is_the_subtraction(
    moment: dt.datetime, zone: dt.tzinfo, fold: int
) -> None:
    """In any zone and either fold, `at=` names the instant `datetime` subtraction gives."""
    value = moment.replace(tzinfo=zone, fold=fold)
    assert _time.micros(value) == _time.query_instant(value, "at")


def test_a_pendulum_datetime_is_the_same_instant() -> None:
    """A pendulum `DateTime` (a subclass, with its own zone type) names the same instant."""
    for hour in range(24):
        value = pendulum.datetime(2026, 3, 8, hour, 30, tz="America/New_York")
        plain = dt.datetime(2026, 3, 8, hour, 30, tzinfo=ZoneInfo("America/New_York"))
        assert _time.micros(plain) == _time.query_instant(value, "at")


def test_zones_beyond_the_kept_ones_still_answer() -> None:
    """Past the zones kept, a new zone's instants are still exact: nothing is dropped."""
    moment = dt.datetime(2026, 11, 1, 1, 30, fold=1)  # noqa: DTZ001 (a wall clock)
    for _ in range(300):  # no_cache: a new zone object each time; 256 are kept
        zone = ZoneInfo.no_cache("America/Chicago")
        value = moment.replace(tzinfo=zone)
        assert _time.micros(value) == _time.query_instant(value, "at")
