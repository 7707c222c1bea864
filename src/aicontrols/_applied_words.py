"""An applied restriction in words: the lines `Decision.explain()` gives it.

What it does and how a license is reviewed, since when and by which notice,
why it applies, the conditional review and the parties it applies through, the
owners' entries it took (treated as listed), the exemptions and granted
licenses that lifted it, and its citation.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from ._reasons import AppliedRestriction
from ._reviews import review_lines
from ._rules import Exemption, License, Restriction, expiry
from ._scopes import Everything
from ._time import day_or_instant, show
from ._transaction_words import applied_parties

__all__ = ["applied_lines"]


def applied_lines(applied: AppliedRestriction, tz: str) -> list[str]:
    """The explanation's lines for one applied restriction, in zone `tz`."""
    rule = applied.restriction
    effect = applied.effect.value.replace("_", " ")
    policy = (
        f"review: {applied.review_policy.value.replace('_', ' ')}"
        if applied.review_policy
        else "review policy not stated"
    )
    title = f" ({applied.notice.title})" if applied.notice.title else ""
    status = applied.status.value.replace("_", " ")
    lines = [
        f"  - `{rule.id}`: {effect}, {policy} [{status}]",
        f"      in force since {_since(applied.since)} by notice "
        f"`{applied.notice.id}`{title}",
        f"      applies because: {_why(rule)}",
        *review_lines(rule, applied.review, applied.review_near_misses),
        *applied_parties(applied),
    ]
    if applied.treated_as_listed is not None:
        lines += applied.treated_as_listed.lines()
    for lift in applied.lifted_by:
        granted = lift.exemption
        if isinstance(granted, License):
            lines.append(
                f"      authorized by license `{granted.id}` (notice "
                f"`{lift.notice.id}`), {_validity(granted, tz)}: {_why(granted)}"
            )
            cite = granted.citation or lift.notice.citation
            if cite is not None:
                lines.append(f"      license cites: {cite.text()}")
            continue
        lines.append(
            f"      lifted by `{granted.id}` (notice `{lift.notice.id}`): "
            f"{_why(granted)}"
        )
    if applied.citation is not None:
        lines.append(f"      cites: {applied.citation.text()}")
    return lines


def _why(rule: Restriction | Exemption | License) -> str:
    """What a rule's scopes select, in words (those that select everything left out)."""
    scopes = (rule.items, rule.modes, rule.recipients)
    kept = [s.describe() for s in scopes if not isinstance(s, Everything)]
    return "; ".join(kept) if kept else "it covers every access"


def _validity(granted: License, tz: str) -> str:
    """A license's validity in words: "valid until 2027-06-30" or "no expiry"."""
    end = expiry(granted, tz)
    if end is None:
        return "no expiry"
    if isinstance(granted.expires, dt.date) and not isinstance(
        granted.expires, dt.datetime
    ):
        return f"valid until {granted.expires.isoformat()} (through that day)"
    return f"valid until {show(end, tz)} (exclusive)"


def _since(moment: pendulum.DateTime | None) -> str:
    """Since when a restriction is in force, for people."""
    return "the beginning" if moment is None else day_or_instant(moment)
