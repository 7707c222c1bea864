"""Assertions that fail with the decision's whole explanation, not two verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .._access import Access
from .._combine import decide
from .._decision import Decision
from .._reasons import Verdict
from .._regime import Regime

__all__ = [
    "Regimes",
    "assert_not_permitted",
    "assert_permitted",
    "assert_verdict",
    "cited_notices",
    "decide_under",
]

Regimes = Regime | Iterable[Regime]
"""A regime, or several decided together (a list, as `aicontrols.decide` takes)."""


def decide_under(
    regime: Regimes,
    access: Access,
    on: dt.date | str | None,
    at: dt.datetime | str | None,
    as_known_on: dt.date | dt.datetime | str | None,
) -> Decision:
    """`regime.decide(...)`, or `aicontrols.decide(regimes, ...)` for several."""
    if isinstance(regime, Regime):
        return regime.decide(access, on=on, at=at, as_known_on=as_known_on)
    return decide(regime, access, on=on, at=at, as_known_on=as_known_on)


def cited_notices(decision: Decision) -> tuple[str, ...]:
    """The ids of the notices behind a decision's applicable restrictions and lifts.

    For a combined decision, the notices of every part, first use first.

    Examples:
        >>> import aicontrols
        >>> from aicontrols.testing import cited_notices
        >>> regime = aicontrols.examples.load("mythos5")
        >>> access = aicontrols.Access("other-corp", "fable-5", "hosted-api")
        >>> cited_notices(regime.decide(access, on="2026-06-27"))
        ()
    """
    found: dict[str, None] = {}
    for part in (decision, *decision.parts):
        for applied in part.applied:
            found[applied.notice.id] = None
            for lift in applied.lifted_by:
                found[lift.notice.id] = None
    return tuple(found)


def _message(header: str, decision: Decision) -> str:
    return f"{header}\n\n{decision.explain()}"


def assert_verdict(
    regime: Regimes,
    access: Access,
    expected: Verdict | str,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
    citing: Iterable[str] = (),
) -> Decision:
    """Assert the verdict for `access` under `regime` (or several regimes at once).

    Args:
        regime: a regime, or several (decided together with `aicontrols.decide`).
        access: the access to decide.
        expected: the verdict expected, or its value (`"license_required"`).
        on: a calendar day in the regime's zone; give exactly one of `on`, `at`.
        at: an aware instant.
        as_known_on: decide with only the notices published by then.
        citing: notice ids that must be among `cited_notices(decision)`.

    Returns:
        The decision, for further checks.

    Raises:
        AssertionError: the verdict differs, or a notice is not cited; the
            message is a one-line header followed by `Decision.explain()`.
    """
    __tracebackhide__ = True
    want = Verdict(expected)
    decision = decide_under(regime, access, on, at, as_known_on)
    if decision.verdict is not want:
        header = f"expected {want.label}, got {decision.verdict.label}"
        raise AssertionError(_message(header, decision))
    cited = cited_notices(decision)
    missing = [n for n in citing if n not in cited]
    if missing:
        names = ", ".join(f"`{n}`" for n in missing)
        shown = ", ".join(f"`{n}`" for n in cited) or "none"
        header = f"expected citing notice {names}; the decision cites {shown}"
        raise AssertionError(_message(header, decision))
    return decision


def assert_permitted(
    regime: Regimes,
    access: Access,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> Decision:
    """Assert that `access` is `PERMITTED`; see `assert_verdict`.

    Examples:
        >>> import aicontrols
        >>> from aicontrols.testing import assert_permitted, make_access
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = make_access("priya", item="fable-5", mode="hosted-api",
        ...                     location="US", citizenships=["IN"])
        >>> assert_permitted(regime, priya, on="2026-06-11").verdict.value
        'permitted'
    """
    __tracebackhide__ = True
    return assert_verdict(
        regime, access, Verdict.PERMITTED, on=on, at=at, as_known_on=as_known_on
    )


def assert_not_permitted(
    regime: Regimes,
    access: Access,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> Decision:
    """Assert that `access` is anything but `PERMITTED` (a license, a ban, unknown).

    Examples:
        >>> import aicontrols
        >>> from aicontrols.testing import assert_not_permitted, make_access
        >>> regime = aicontrols.examples.load("mythos5")
        >>> priya = make_access("priya", item="fable-5", mode="hosted-api",
        ...                     location="US", citizenships=["IN"])
        >>> assert_not_permitted(regime, priya, on="2026-06-12").verdict.value
        'license_required'
    """
    __tracebackhide__ = True
    decision = decide_under(regime, access, on, at, as_known_on)
    if decision.permitted:
        raise AssertionError(
            _message("expected not PERMITTED, got PERMITTED", decision)
        )
    return decision
