"""Boundary cases: the day before, of and after every change of an access's verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .._access import Access
from .._reasons import Verdict
from .._regime import Regime

__all__ = ["BoundaryCase", "boundary_cases", "boundary_params"]

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class BoundaryCase:
    """One day to test, with the verdict the library gives for it.

    Attributes:
        day: the calendar day, in the regime's zone.
        verdict: `regime.decide(access, on=day).verdict`.
        id: a test id, e.g. `2026-06-12:of`.
    """

    day: dt.date
    verdict: Verdict
    id: str


def boundary_cases(
    regime: Regime,
    access: Access,
    *,
    start: dt.date | dt.datetime | str | None = None,
    end: dt.date | dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> list[BoundaryCase]:
    """The day before, of and after each change point of `regime.history(access)`.

    A change point is the local day on which a segment of the history starts
    (the start of the span is not one). Days are deduplicated and sorted; a
    day that is "after" one change and "before" the next gets the first label
    in the order of, before, after. Each verdict is the whole-day verdict, so
    a day on which the verdict changes mid-day gets the most severe one.

    Args:
        regime: the regime.
        access: the access.
        start: the history's start; `None`: ever.
        end: the history's end (exclusive); `None`: until further notice.
        as_known_on: use only notices published by then, for history and days.

    Returns:
        The cases, by day.

    Examples:
        >>> import aicontrols
        >>> from aicontrols.testing import boundary_cases, make_access
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = make_access("priya", item="fable-5", mode="hosted-api",
        ...                     location="US", citizenships=["IN"])
        >>> for case in boundary_cases(regime, priya):
        ...     print(case.id, case.verdict.value)
        2026-06-11:before permitted
        2026-06-12:of license_required
        2026-06-13:after license_required
    """
    roles: dict[dt.date, str] = {}
    rank = {"of": 0, "before": 1, "after": 2}
    for segment in regime.history(
        access, start=start, end=end, as_known_on=as_known_on
    ):
        if segment.cause.kind == "start" or segment.start is None:
            continue
        day = segment.start.date()
        for when, role in (
            (day - _ONE_DAY, "before"),
            (day, "of"),
            (day + _ONE_DAY, "after"),
        ):
            if when not in roles or rank[role] < rank[roles[when]]:
                roles[when] = role
    return [
        BoundaryCase(
            day=day,
            verdict=regime.decide(access, on=day, as_known_on=as_known_on).verdict,
            id=f"{day.isoformat()}:{roles[day]}",
        )
        for day in sorted(roles)
    ]


def boundary_params(
    regime: Regime,
    access: Access,
    *,
    start: dt.date | dt.datetime | str | None = None,
    end: dt.date | dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> list[Any]:
    """`boundary_cases` as `pytest.param(day, verdict, id=...)` objects.

    Use them with `@pytest.mark.parametrize(("day", "expected"), ...)`.
    """
    import pytest  # only here: aicontrols.testing imports without pytest

    return [
        pytest.param(case.day, case.verdict, id=case.id)
        for case in boundary_cases(
            regime, access, start=start, end=end, as_known_on=as_known_on
        )
    ]
