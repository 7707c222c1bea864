"""Half-open validity intervals, date and instant coercion, zones.

Inside aicontrols an instant is a plain `int`: microseconds since the Unix epoch,
UTC. Pendulum serves only the boundary (zones, parsing of local midnights,
display), because creating a pendulum object costs microseconds that a gateway's
per-request budget cannot afford.

A *when* in a regime's data is either a calendar date (local midnight of that
date in the regime's zone) or an aware instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import TypeAlias
from zoneinfo import ZoneInfo

import pendulum

from .exceptions import NaiveDateTimeError, QueryError

When: TypeAlias = dt.date | dt.datetime
"""A calendar date (the whole local day starts at its midnight) or an aware instant."""

# INVARIANT: every real instant lies strictly between the two sentinels, so
# half-open comparisons never need a None check in the hot path.
NEG_INF = -(1 << 62)
POS_INF = 1 << 62

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_DAY = dt.timedelta(days=1)


def is_aware(value: dt.datetime) -> bool:
    """Whether a datetime carries a usable UTC offset."""
    return value.tzinfo is not None and value.utcoffset() is not None


def check_when(value: object, what: str) -> None:
    """Reject anything but a date or an aware datetime for a field named `what`."""
    if isinstance(value, dt.datetime):
        if not is_aware(value):
            raise NaiveDateTimeError(
                f"`{what}` is a naive datetime `{value.isoformat()}`: give it a "
                "timezone or use a date",
                argument=what,
                value=value,
            )
        if value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset():
            # Python compares and hashes such a datetime as if `fold` did not
            # matter, so two facts an hour apart would be equal: refused
            raise ValueError(
                f"`{what}`: `{value.replace(tzinfo=None).isoformat()}` is not one "
                f"instant in `{value.tzinfo}` (a clock change repeats or skips it): "
                "give the datetime a fixed UTC offset, e.g. "
                "`datetime(..., tzinfo=timezone(timedelta(hours=-4)))`"
            )
    elif not isinstance(value, dt.date):
        raise TypeError(
            f"`{what}`: expected a date or an aware datetime, got `{value!r}`"
        )
    day = value.date() if isinstance(value, dt.datetime) else value
    if not _FIRST_DAY <= day <= _LAST_DAY:  # read in any zone, it must stay in range
        raise ValueError(
            f"`{what}`: `{value.isoformat()}` is out of range: dates from "
            "0001-01-02 to 9999-12-30 can be read in every zone"
        )


_FIRST_DAY = dt.date(1, 1, 2)
_LAST_DAY = dt.date(9999, 12, 30)
_MICROSECOND = dt.timedelta(microseconds=1)
FIRST_INSTANT = (dt.datetime(1, 1, 2, tzinfo=dt.UTC) - _EPOCH) // _MICROSECOND
"""The first instant a query may name: a day inside `datetime`'s range in any zone."""
LAST_INSTANT = (dt.datetime(9999, 12, 30, tzinfo=dt.UTC) - _EPOCH) // _MICROSECOND
"""The last instant a query may name."""


def micros(value: dt.datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    # datetime.__sub__ directly: pendulum's own subtraction returns an Interval
    delta = dt.datetime.__sub__(value, _EPOCH)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@lru_cache(maxsize=64)
def zone(tz: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    """The pendulum zone called `tz`, loaded once (loading parses the zone file)."""
    return pendulum.timezone(tz)


@lru_cache(maxsize=8192)
def local_midnight(day: dt.date, tz: str) -> int:
    """The instant at which `day` starts in zone `tz`.

    Pendulum moves a midnight that a daylight-saving gap skips to the first
    instant that exists.
    """
    start = pendulum.datetime(day.year, day.month, day.day, tz=zone(tz))
    return micros(start)


def resolve(when: When, tz: str) -> int:
    """The instant of a when: a date is its local midnight in `tz`."""
    if isinstance(when, dt.datetime):
        return micros(when)
    return local_midnight(when, tz)


def inverted(start: When | None, end: When | None, tz: str) -> bool:
    """Whether `[start, end)` is empty or inverted once read in zone `tz`.

    A date against an instant can only be compared in a zone: a date is its
    local midnight there.
    """
    if start is None or end is None:
        return False
    return resolve(end, tz) <= resolve(start, tz)


def resolve_end(when: When | None, tz: str) -> int:
    """Like `resolve`, with `None` (an open end) as the positive sentinel."""
    return POS_INF if when is None else resolve(when, tz)


def resolve_start(when: When | None, tz: str) -> int:
    """Like `resolve`, with `None` (since ever) as the negative sentinel."""
    return NEG_INF if when is None else resolve(when, tz)


def day_span(day: dt.date, tz: str) -> tuple[int, int]:
    """The half-open span `[start, end)` of a local calendar day."""
    if day == dt.date.max:
        raise QueryError(
            f"`on`: {day.isoformat()} is the last representable day; ask with `at=`",
            argument="on",
            value=day,
        )
    return local_midnight(day, tz), local_midnight(day + _DAY, tz)


@lru_cache(maxsize=4096)
def to_datetime(instant: int, tz: str) -> pendulum.DateTime | None:
    """A pendulum datetime in zone `tz`, or `None` for an open bound.

    Cached (a datetime is immutable): the bounds of decisions are a regime's
    few change points, converted again and again.
    """
    if instant <= NEG_INF or instant >= POS_INF:
        return None
    utc = _EPOCH + dt.timedelta(microseconds=instant)
    return pendulum.instance(utc).in_timezone(zone(tz))


def local_date(instant: int, tz: str) -> dt.date:
    """The calendar date of an instant in zone `tz`."""
    moment = to_datetime(instant, tz)
    assert moment is not None, "a sentinel has no date"
    return moment.date()


def is_midnight(instant: int, tz: str) -> bool:
    """Whether an instant is the start of a local day in zone `tz`."""
    return local_midnight(local_date(instant, tz), tz) == instant


def day_or_instant(moment: dt.datetime) -> str:
    """A local moment for people: `2026-06-26` at midnight, else ISO with offset.

    The one rule for showing an instant, wherever one is shown.
    """
    if moment.time() == dt.time():
        return moment.date().isoformat()
    return moment.isoformat()


def show(instant: int, tz: str) -> str:
    """An instant for people: `2026-06-26` at a local midnight, else ISO with offset."""
    moment = to_datetime(instant, tz)
    if moment is None:
        return "the beginning" if instant <= NEG_INF else "further notice"
    return day_or_instant(moment)


def iso(instant: int, tz: str) -> str | None:
    """An instant as ISO 8601 with its offset in zone `tz`, `None` if open."""
    moment = to_datetime(instant, tz)
    return None if moment is None else moment.isoformat()


def query_instant(value: object, name: str) -> int:
    """Coerce an `at=`-style argument: an aware datetime or an ISO string with offset."""
    if type(value) is dt.datetime:
        zone = value.tzinfo
        epoch = _ZONE_EPOCHS.get(zone)
        if epoch is None and type(zone) in _PLAIN_ZONES:
            epoch = _learn(zone)
        if epoch is not None:
            # The hot path. Two datetimes that share a tzinfo subtract as wall
            # clocks, in C and without asking for offsets; the instant is that
            # difference from the epoch's wall clock in the zone, corrected by
            # the two offsets. Cheaper than `value - _EPOCH`, which asks each
            # operand's tzinfo through a method lookup; the same for every
            # datetime, `fold` included (a test compares them across zones).
            wall, epoch_offset = epoch
            d = _SUBTRACT(value, wall) - zone.utcoffset(value)  # type: ignore[union-attr, operator]
            t = (
                (d.days * 86_400 + d.seconds) * 1_000_000
                + d.microseconds
                + epoch_offset
            )
            if FIRST_INSTANT <= t <= LAST_INSTANT:
                return t
            return _slow_instant(value, name)
    try:  # one subtraction, which refuses all but an aware datetime
        delta = _SUBTRACT(value, _EPOCH)
    except TypeError:
        return _slow_instant(value, name)
    # cheaper than `delta // _MICROSECOND`, and the same
    t = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    if FIRST_INSTANT <= t <= LAST_INSTANT:
        return t
    return _slow_instant(value, name)


_SUBTRACT: Callable[[object, dt.datetime], dt.timedelta] = dt.datetime.__sub__  # type: ignore[assignment]
"""`datetime - datetime` that raises `TypeError` for any other first operand."""

_PLAIN_ZONES = (ZoneInfo, dt.timezone)
"""The tzinfo types whose `utcoffset` is the library's own C code: a query in one
of them takes `query_instant`'s hot path (a subclass may override anything)."""

_ZONE_EPOCHS: dict[object, tuple[dt.datetime, int]] = {}
"""For each zone seen in a query: the epoch as a wall clock in it, and its
offset there in microseconds. A fact about the zone, never about a query."""

_ZONES_KEPT = 256
"""At most this many zones are kept (`ZoneInfo.no_cache` makes new ones)."""


def _learn(zone: dt.tzinfo | None) -> tuple[dt.datetime, int] | None:
    """The epoch's wall clock in `zone` and its offset, kept while there is room."""
    if zone is None:
        return None
    wall = _EPOCH.astimezone(zone)
    offset = wall.utcoffset()
    assert offset is not None, "a plain zone has an offset everywhere"
    epoch = (wall, offset // _MICROSECOND)
    if len(_ZONE_EPOCHS) < _ZONES_KEPT:
        _ZONE_EPOCHS[zone] = epoch
    return epoch


def _slow_instant(value: object, name: str) -> int:
    """`query_instant` for what its hot path does not take: a string, a naive
    datetime, another type, or an instant out of range (errors named)."""
    written = isinstance(value, str)  # text: the advice is about its offset
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise QueryError(
                f"`{name}`: expected an ISO 8601 instant with an offset, got `{value}`",
                argument=name,
                value=value,
            ) from None
    if isinstance(value, dt.datetime):
        try:
            t: int = _SUBTRACT(value, _EPOCH) // _MICROSECOND
        except TypeError:
            shown = value.isoformat()
            advice = (
                f"write its offset, e.g. `{shown}+00:00` for UTC"
                if written
                else 'give it a timezone, e.g. `datetime(..., tzinfo=ZoneInfo("America/New_York"))`'
            )
            raise NaiveDateTimeError(
                f"`{name}` is a naive datetime `{shown}`: {advice}",
                argument=name,
                value=value,
            ) from None
        if not FIRST_INSTANT <= t <= LAST_INSTANT:  # explanations show it in a zone
            raise QueryError(
                f"`{name}`: `{value.isoformat()}` is out of range: instants from "
                "0001-01-02 to 9999-12-30 (UTC) can be decided",
                argument=name,
                value=value,
            )
        return t
    raise QueryError(
        f"`{name}`: expected an aware datetime, got `{value!r}`",
        argument=name,
        value=value,
    )


def query_date(value: object, name: str) -> dt.date:
    """Coerce an `on=`-style argument: a date or an ISO `YYYY-MM-DD` string."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(
                f"`{name}`: expected a date as YYYY-MM-DD, got `{value}`",
                argument=name,
                value=value,
            ) from None
    if isinstance(value, dt.datetime):
        raise QueryError(
            f"`{name}`: expected a date, got the datetime `{value.isoformat()}` "
            "(use `at=` for an instant)",
            argument=name,
            value=value,
        )
    if isinstance(value, dt.date):
        return value
    raise QueryError(
        f"`{name}`: expected a date, got `{value!r}`", argument=name, value=value
    )


def query_when(value: object, name: str) -> int | dt.date:
    """Coerce a `start=`, `end=` or `as_known_on=` argument: an instant or a date.

    One reading for all of them: an aware datetime, or a string with a time
    (`2026-06-15T12:00-04:00`, or a space for the `T`), is an instant; a date
    or a `YYYY-MM-DD` string is a date.
    """
    if isinstance(value, dt.datetime) or (
        isinstance(value, str) and ("T" in value or " " in value.strip())
    ):
        return query_instant(value, name)
    return query_date(value, name)


def knowledge_cutoff(value: object, tz: str) -> int:
    """The last instant whose acts count for `as_known_on=`.

    A date means "everything published on or before that local day"; an aware
    datetime means "published at or before that instant".
    """
    day = query_when(value, "as_known_on")
    if isinstance(day, int):
        return day
    if day == dt.date.max:
        return POS_INF  # knowledge up to the end of time: everything
    return local_midnight(day + _DAY, tz) - 1
