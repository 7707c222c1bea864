"""The dates and instants of the generated regimes and queries.

Bare dates and exact instants (UTC or New York) drawn from a regime's small
pool of days, half-open validity spans, the public `dates()`, `instants()` and
`knowledge()`, and `days_of()`, every day a regime's dates fall on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

import aicontrols as ac
from aicontrols._time import When, resolve

from ._strategies_draw import (
    _ANY_TIME,
    _DAYS,
    _POOL,
    TIMES,
    ZONES,
    _below,
    _chance,
    _count,
    _pick,
)


def _moment(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        time.hour,
        time.minute,
        time.second,
        time.microsecond,
        tzinfo=zone,
    )


def _when(draw: st.DrawFn, pool: Sequence[dt.date]) -> When:
    """A bare date from the pool, or an exact instant on one of its days."""
    day = _pick(draw, pool)
    if not _chance(draw, 3):
        return day
    return _moment(day, _pick(draw, TIMES[1:]), _pick(draw, ZONES))


def _maybe_when(draw: st.DrawFn, pool: Sequence[dt.date]) -> When | None:
    return _when(draw, pool) if _chance(draw) else None


def _span(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str
) -> tuple[When | None, When | None]:
    """A half-open validity `[start, end)` with either bound possibly open."""
    start, end = _maybe_when(draw, pool), _maybe_when(draw, pool)
    if start is not None and end is not None:
        first, last = sorted((start, end), key=lambda w: resolve(w, tz))
        if resolve(first, tz) == resolve(last, tz):
            return first, None
        return first, last
    return start, end


@st.composite
def instants(draw: st.DrawFn, days: Sequence[dt.date] | None = None) -> dt.datetime:
    """Aware instants (UTC or New York), often at or just after a midnight.

    With `days`, mostly on those days or the day before or after them.
    """
    if days and not _chance(draw, 4):
        day = _pick(draw, days) + dt.timedelta(days=_count(draw, -1, 1))
    else:
        day = draw(_DAYS)
    time = draw(_ANY_TIME) if _chance(draw, 4) else _pick(draw, TIMES)
    return _moment(day, time, _pick(draw, ZONES))


@st.composite
def knowledge(
    draw: st.DrawFn, days: Sequence[dt.date] | None = None
) -> dt.date | dt.datetime | None:
    """An `as_known_on`: `None` (everything), a date, or now and then an instant."""
    choice = draw(_below(4))
    if choice == 0:
        return None
    if choice == 3:
        return draw(instants(days))
    day = _pick(draw, days) if days else draw(_DAYS)
    return day + dt.timedelta(days=_count(draw, -1, 1))


def days_of(regime: ac.Regime) -> list[dt.date]:
    """Every day that a date or instant of the regime falls on."""
    found: set[dt.date] = set()

    def add(*whens: When | None) -> None:
        for when in whens:
            if isinstance(when, dt.datetime):
                found.add(when.date())
            elif when is not None:
                found.add(when)

    for notice in regime.notices:
        add(notice.published, notice.effective, notice.compliance)
        windows: list[ac.Suspension | ac.NonEnforcement] = [
            *notice.suspends,
            *notice.not_enforced,
        ]
        for act in windows:
            add(act.start, act.end)
    for entity in regime.entities:
        facts: list[ac.Citizenship | ac.Residency | ac.Employment | ac.Ownership] = [
            *entity.citizenships,
            *entity.residencies,
            *entity.employments,
            *entity.owners,
        ]
        for fact in facts:
            add(fact.start, fact.end)
    members: list[ac.Membership] = []
    for group in regime.country_groups:
        members += group.members
    for listing in regime.entity_lists:
        members += listing.members
    for member in members:
        add(member.start, member.end, member.published, member.end_published)
    return sorted(found)


def dates() -> st.SearchStrategy[dt.date]:
    """Calendar dates from `FIRST_DAY` to `LAST_DAY` (2025 to 2027)."""
    return _DAYS


def _days(draw: st.DrawFn, days: Sequence[dt.date] | None) -> Sequence[dt.date]:
    return days if days else draw(_POOL)
