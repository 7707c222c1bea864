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
    ANY_TIME,
    DAYS,
    POOL,
    TIMES,
    ZONES,
    draw_below,
    draw_chance,
    draw_count,
    draw_pick,
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


def draw_when(draw: st.DrawFn, pool: Sequence[dt.date]) -> When:
    """A bare date from the pool, or an exact instant on one of its days."""
    day = draw_pick(draw, pool)
    if not draw_chance(draw, 3):
        return day
    return _moment(day, draw_pick(draw, TIMES[1:]), draw_pick(draw, ZONES))


def draw_maybe_when(draw: st.DrawFn, pool: Sequence[dt.date]) -> When | None:
    return draw_when(draw, pool) if draw_chance(draw) else None


def draw_span(
    draw: st.DrawFn, pool: Sequence[dt.date], tz: str
) -> tuple[When | None, When | None]:
    """A half-open validity `[start, end)` with either bound possibly open."""
    start, end = draw_maybe_when(draw, pool), draw_maybe_when(draw, pool)
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
    if days and not draw_chance(draw, 4):
        day = draw_pick(draw, days) + dt.timedelta(days=draw_count(draw, -1, 1))
    else:
        day = draw(DAYS)
    time = draw(ANY_TIME) if draw_chance(draw, 4) else draw_pick(draw, TIMES)
    return _moment(day, time, draw_pick(draw, ZONES))


@st.composite
def knowledge(
    draw: st.DrawFn, days: Sequence[dt.date] | None = None
) -> dt.date | dt.datetime | None:
    """An `as_known_on`: `None` (everything), a date, or now and then an instant."""
    choice = draw(draw_below(4))
    if choice == 0:
        return None
    if choice == 3:
        return draw(instants(days))
    day = draw_pick(draw, days) if days else draw(DAYS)
    return day + dt.timedelta(days=draw_count(draw, -1, 1))


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
    return DAYS


def draw_days(draw: st.DrawFn, days: Sequence[dt.date] | None) -> Sequence[dt.date]:
    return days if days else draw(POOL)
