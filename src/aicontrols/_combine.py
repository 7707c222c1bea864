"""Deciding under several regimes at once (US and EU, say)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from ._access import Access
from ._decision import Decision, Verdict, _Lazy
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
    return _combine(parts)


def _combine(parts: tuple[Decision, ...]) -> Decision:
    first = parts[0]

    def bounds() -> tuple[int, int]:
        spans = [p._bounds() for p in parts]
        start, end = max(s for s, _ in spans), min(e for _, e in spans)
        if start >= end:
            # whole days in different zones need not overlap: the first
            # regime's span is the one the decision is shown in
            return spans[0]
        return start, end

    def token() -> str:
        joined = "|".join(p.replay_token for p in parts)
        return "v1-multi-" + hashlib.sha256(joined.encode()).hexdigest()[:40]

    policies = [p.review_policy for p in parts if p.review_policy is not None]
    verdict = Verdict.combine(p.verdict for p in parts)
    return Decision(
        verdict,
        "+".join(p.regime_id for p in parts),
        first.access,
        first.tz,
        first.at,
        first.on,
        first.as_known_on,
        tuple(a for p in parts for a in p.applied),
        tuple(m for p in parts for m in p.near_misses),
        tuple(c for p in parts for c in p.caveats),
        tuple(dict.fromkeys(f for p in parts for f in p.missing_facts)),
        max(policies, key=lambda p: p.strictness)
        if policies and verdict is Verdict.LICENSE_REQUIRED
        else None,
        (),
        parts,
        lazy=_Lazy(bounds, token),
    )
