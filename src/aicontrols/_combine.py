"""Deciding under several regimes at once (US and EU, say)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ._access import Access
from ._decision import Decision, combined
from ._regime import Regime
from .exceptions import QueryError

__all__ = ["decide"]


def decide(
    regimes: Iterable[Regime],
    access: Access,
    *,
    on: dt.date | str | None = None,
    at: dt.datetime | str | None = None,
    as_known_on: dt.date | dt.datetime | str | None = None,
) -> Decision:
    """Decide one access under several regimes at once (US and EU, say).

    Each regime decides on its own (a date is read in each regime's zone); the
    combined verdict is the most severe (see `Verdict.combine`), and the
    decision keeps each regime's in `parts`. Its validity interval is the
    intersection of the parts' intervals.

    Raises:
        QueryError: no regime given, or a malformed query.

    Examples:
        >>> import aicontrols
        >>> us = aicontrols.examples.load("mythos5")
        >>> access = aicontrols.Access("other-corp", "mythos-5", "hosted-api")
        >>> aicontrols.decide([us], access, on="2026-06-27").verdict
        <Verdict.PERMITTED: 'permitted'>
    """
    if isinstance(regimes, Regime) or not isinstance(regimes, Iterable):
        raise QueryError(
            f"`regimes`: expected a list of regimes, got a `{type(regimes).__name__}` "
            "(for one regime, give `[regime]` or call `regime.decide`)",
            argument="regimes",
            value=regimes,
        )
    regimes = tuple(regimes)
    if not regimes:
        raise QueryError("`regimes`: give at least one regime", argument="regimes")
    for regime in regimes:
        if not isinstance(regime, Regime):
            raise QueryError(
                f"`regimes`: expected Regime objects, got `{regime!r}` (load a "
                "bundled one with `aicontrols.examples.load(name)`)",
                argument="regimes",
                value=regime,
            )
    parts = tuple(
        r.decide(access, on=on, at=at, as_known_on=as_known_on) for r in regimes
    )
    if len(parts) == 1:
        return parts[0]
    return combined(parts)
