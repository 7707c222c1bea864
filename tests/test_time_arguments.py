"""One reading of a time argument: `start=`, `end=` and `as_known_on=` agree."""

from __future__ import annotations

import datetime as dt

import pytest

import aicontrols as ac

MYTHOS = ac.examples.load("mythos5")
ACCESS = ac.Access("other-corp", "mythos-5", "hosted-api")
NOON = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "text",
    ["2026-06-15T12:00:00+00:00", "2026-06-15 12:00:00+00:00", "2026-06-15T12:00Z"],
)
def test_an_instant_string_is_an_instant_everywhere(text: str) -> None:
    """A string with a time (a `T` or a space) is the instant it writes, for every argument."""
    history = MYTHOS.history(ACCESS, start=text, end="2026-07-01")
    assert NOON == history[0].start
    by_text = MYTHOS.decide(ACCESS, on="2026-06-20", as_known_on=text)
    by_instant = MYTHOS.decide(ACCESS, on="2026-06-20", as_known_on=NOON)
    assert by_instant.to_dict() == by_text.to_dict()


def test_a_date_string_is_a_day_everywhere() -> None:
    """A `YYYY-MM-DD` string is a date for `start=` and for `as_known_on=` alike."""
    history = MYTHOS.history(ACCESS, start="2026-06-15", end="2026-07-01")
    start = history[0].start
    assert (dt.date(2026, 6, 15), 0) == (start.date(), start.hour)
    by_text = MYTHOS.decide(ACCESS, on="2026-06-20", as_known_on="2026-06-12")
    by_date = MYTHOS.decide(ACCESS, on="2026-06-20", as_known_on=dt.date(2026, 6, 12))
    assert by_date.to_dict() == by_text.to_dict()


def test_a_malformed_time_is_refused_alike() -> None:
    """A time without an offset is refused by every argument, never guessed."""
    for call in (
        lambda: MYTHOS.history(ACCESS, start="2026-06-15 12:00"),
        lambda: MYTHOS.decide(ACCESS, on="2026-06-20", as_known_on="2026-06-15 12:00"),
    ):
        with pytest.raises(ac.NaiveDateTimeError):
            call()
