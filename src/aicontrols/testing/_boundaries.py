"""Boundary cases: the day before, of and after every change of an access's verdict.

Under several regimes decided together, the changes are those of each
regime's history, each read as a day in its own zone (as `on=` is read by
each regime), and each day's verdict is the combined one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from .._access import Access
from .._reasons import Verdict
from .._regime import Regime
from ._assertions import Regimes, decide_under

__all__ = ["BoundaryCase", "boundary_cases", "boundary_params"]

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class BoundaryCase:
    """One day to test, with the verdict the library gives for it.

    Attributes:
        day: the calendar day, in the regime's zone (in each regime's own, for
            several regimes).
        verdict: `regime.decide(access, on=day).verdict`, or for several
            regimes `aicontrols.decide(regimes, access, on=day).verdict`.
        id: a test id, e.g. `2026-06-12:of`.
    """

    day: dt.date
    verdict: Verdict
    id: str


def boundary_cases(
    regime: Regimes,
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

    For a list of regimes decided together (US and EU, say), the change
    points of every regime's history count, each as a day local to its
    regime, and each verdict is `aicontrols.decide(regimes, access,
    on=day).verdict`.

    Args:
        regime: the regime, or a list of regimes decided together (as
            `aicontrols.decide` takes them).
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
    regimes = _regimes(regime)
    which: Regimes = regime if isinstance(regime, Regime) else regimes
    roles: dict[dt.date, str] = {}
    rank = {"of": 0, "before": 1, "after": 2}
    for one in regimes:
        for day in _change_days(one, access, start, end, as_known_on):
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
            verdict=decide_under(which, access, day, None, as_known_on).verdict,
            id=f"{day.isoformat()}:{roles[day]}",
        )
        for day in sorted(roles)
    ]


def _regimes(regime: object) -> tuple[Regime, ...]:
    """The regimes of a `regime` argument: one, or a non-empty list of them."""
    if isinstance(regime, Regime):
        return (regime,)
    if isinstance(regime, str) or not isinstance(regime, Iterable):
        raise TypeError(
            f"`regime`: expected a Regime or a list of regimes, got `{regime!r}`"
        )
    regimes = tuple(regime)
    wrong = [r for r in regimes if not isinstance(r, Regime)]
    if wrong or not regimes:
        raise TypeError(
            "`regime`: expected a non-empty list of Regime objects, got "
            f"`{wrong[0] if wrong else regimes!r}`"
        )
    return regimes


def _change_days(
    regime: Regime,
    access: Access,
    start: dt.date | dt.datetime | str | None,
    end: dt.date | dt.datetime | str | None,
    as_known_on: dt.date | dt.datetime | str | None,
) -> list[dt.date]:
    """The local days on which a segment of `regime.history(access)` starts."""
    return [
        segment.start.date()
        for segment in regime.history(
            access, start=start, end=end, as_known_on=as_known_on
        )
        if segment.cause.kind != "start" and segment.start is not None
    ]


def boundary_params(
    regime: Regimes,
    access: Access,
    *,
    start: dt.date | dt.datetime | str | None = None,
    end: dt.date | dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> list[Any]:
    """`boundary_cases` as `pytest.param(day, verdict, id=...)` objects.

    Use them with `@pytest.mark.parametrize(("day", "expected"), ...)`;
    `regime` may be a list of regimes decided together.
    """
    import pytest  # only here: aicontrols.testing imports without pytest

    return [
        pytest.param(case.day, case.verdict, id=case.id)
        for case in boundary_cases(
            regime, access, start=start, end=end, as_known_on=as_known_on
        )
    ]
