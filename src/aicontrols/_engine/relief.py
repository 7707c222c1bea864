"""Non-enforcement statements, whole or limited to some accesses: their caveats.

A `NonEnforcement` never changes a verdict: a restriction it concerns still
binds, and the decision carries a caveat quoting the statement. A statement
limited by scopes or conditions concerns only the accesses its scopes select
with every condition attested; for any other access it is as if it did not
exist. When a fact its scopes read is unknown, no relief is assumed: the
decision carries a `NOT_ENFORCED_UNKNOWN` caveat naming the fact instead.
An access that goes to several destinations is covered only if the statement
covers each (as an exemption must).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .._notices import NonEnforcement
from .._reasons import Caveat, CaveatKind
from .._scopes import Everything, Scope
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .context import Context
from .ruleset import Window

__all__ = ["covers", "not_enforced_caveats"]


def covers(
    act: NonEnforcement,
    ctx: Context,
    attestations: frozenset[str],
    every: Callable[[Scope, Context], Tri],
) -> Tri:
    """Whether a non-enforcement statement covers the access: its conditions
    attested and its scopes selecting it for every destination."""
    if any(c not in attestations for c in act.conditions):
        return FALSE
    found = act.items.match(ctx)
    if found is FALSE:
        return FALSE
    found = Tri(min(found, act.modes.match(ctx)))
    if found is FALSE:
        return FALSE
    return Tri(min(found, every(act.recipients, ctx)))


def _why(act: NonEnforcement) -> str:
    scopes = (act.items, act.modes, act.recipients)
    kept = [s.describe() for s in scopes if not isinstance(s, Everything)]
    if act.conditions:
        kept.append("attested " + ", ".join(f"`{c}`" for c in act.conditions))
    return "; ".join(kept)


def _missing(act: NonEnforcement, ctx: Context) -> str:
    found: dict[str, None] = {}
    for scope in (act.items, act.modes, act.recipients):
        if scope.match(ctx) is UNKNOWN:
            found.update(dict.fromkeys(scope.missing(ctx)))
    return "; ".join(found) or "whether it covers each of the access's destinations"


def not_enforced_caveats(
    rule_id: str,
    windows: Sequence[Window],
    certain: bool,
    ctx: Context,
    attestations: frozenset[str],
    every: Callable[[Scope, Context], Tri],
) -> list[Caveat]:
    """The caveats of the non-enforcement windows in effect for a restriction
    that binds (`certain`) or may bind."""
    found: list[Caveat] = []
    for window in windows:
        act = window.act
        assert isinstance(act, NonEnforcement)
        scoped = act.is_scoped
        covered = covers(act, ctx, attestations, every) if scoped else TRUE
        if covered is FALSE:
            continue
        notice = window.notice
        if covered is UNKNOWN:
            found.append(
                Caveat(
                    kind=CaveatKind.NOT_ENFORCED_UNKNOWN,
                    text=f"`{rule_id}` {'binds' if certain else 'may bind'}; notice "
                    f"`{notice.id}` does not enforce it for some accesses "
                    f"(it covers: {_why(act)}), but whether this is one is unknown "
                    f"({_missing(act, ctx)}): no relief is assumed",
                    rule_id=rule_id,
                    notice=notice,
                    act=act,
                )
            )
            continue
        limited = f" (it covers: {_why(act)})" if scoped else ""
        found.append(
            Caveat(
                kind=CaveatKind.NOT_ENFORCED,
                text=f"`{rule_id}` {'binds' if certain else 'may bind'} "
                f"but is not enforced (notice `{notice.id}`): "
                f"{act.statement}{limited}",
                rule_id=rule_id,
                notice=notice,
                act=act,
            )
        )
    return found
