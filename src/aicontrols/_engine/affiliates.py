"""Restrictions treated as listed: the listed owners' own entries decide.

The affiliates rule (90 FR 47201) treats an entity owned 50 percent or more,
directly or indirectly, individually or in the aggregate, by listed parties as
listed: the license requirement and review policy are those of the owners'
entries, not one fixed policy (DOMAIN.md case 10: a subsidiary of a party
listed for "all items subject to the EAR other than EAR99, policy of denial"
gets a policy of denial, and needs no license for an EAR99 item).

For a restriction with `treated_as_listed` whose scopes select the access,
`treat` finds the listed owners its `OwnedByListed` reaches and, among the
restrictions in force at that instant (not suspended, compliance required,
not themselves treated as listed), each owner's *entries*: those whose
recipients scope names the owner (an `EntityIs` leaf, `same_as` included) or
one of the `OwnedByListed`'s lists (an `OnList` leaf), and that apply to the
same access read with the owner as the recipient. No entry: the restriction
does not apply. Several: the strictest effect and review policy. An entry
that may apply (a fact is unknown) and is stricter than every sure one makes
the restriction's application unknown (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from .._affiliates import OwnerEntry, TreatedAsListed
from .._entities import Entity
from .._notices import Notice
from .._rules import Effect, Restriction, ReviewPolicy, Rule
from .._scopes import AnyParty, EntityIs, Not, OnList, OwnedByListed, Scope
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .context import Context

__all__ = ["Treatment", "listed_leaves", "treat"]

_SEVERITY = {Effect.LICENSE_REQUIRED: 0, Effect.PROHIBITED: 1}


class _InForce(Protocol):
    """A rule version in force as `assess` reads it (`decide.Entry`)."""

    @property
    def rule(self) -> Rule: ...
    @property
    def notice(self) -> Notice: ...
    @property
    def static(self) -> Tri: ...
    @property
    def compliance(self) -> int | None: ...
    @property
    def suspension(self) -> object | None: ...


class Treatment(NamedTuple):
    """What the owners' entries make of a restriction treated as listed."""

    applies: Tri
    effect: Effect
    policy: ReviewPolicy | None
    value: TreatedAsListed | None
    missing: tuple[str, ...]


_NOT_APPLIED = Treatment(FALSE, Effect.LICENSE_REQUIRED, None, None, ())


def listed_leaves(scope: Scope, negated: bool = False) -> list[OwnedByListed]:
    """The `OwnedByListed` leaves of `scope` outside any `Not`."""
    if isinstance(scope, OwnedByListed):
        return [] if negated else [scope]
    found: list[OwnedByListed] = []
    for kid in scope.children():
        found += listed_leaves(kid, negated or isinstance(scope, Not))
    return found


def _names(scope: Scope, who: frozenset[str], lists: frozenset[str]) -> bool:
    """Whether `scope` names one of `who` or reads one of `lists`."""
    for leaf in scope.leaves():
        if isinstance(leaf, EntityIs) and not leaf.ids.isdisjoint(who):
            return True
        if isinstance(leaf, OnList) and not leaf.lists.isdisjoint(lists):
            return True
    return False


def treat(
    rule: Restriction,
    in_force: Sequence[_InForce],
    ctx: Context,
    reads: Callable[[Scope, Context], Tri],
) -> Treatment:
    """The owners' entries for `rule` (treated as listed) and the access in `ctx`.

    Args:
        rule: the restriction treated as listed; its scopes select the access.
        in_force: the restriction versions in force at `ctx.t`, rule-id order.
        ctx: the access at the instant.
        reads: how a restriction's recipients scope reads an access
            (`decide.for_some_destination`).
    """
    # INVARIANT: the consistency rules give it exactly one (`_validate`)
    leaf = listed_leaves(rule.recipients)[0]
    if not _for_every_party(rule.recipients):
        return _treat_one(leaf, in_force, ctx, reads)
    # `AnyParty(... OwnedByListed ...)`: each party read as the recipient, as
    # `AnyParty` reads it; a sure application beats an unsure one, and among
    # them the strictest effect, then review policy, wins
    found = [
        _treat_one(leaf, in_force, reader, reads)
        for reader in (ctx, *(ctx.for_party(entity) for _, entity in ctx.parties))
    ]
    return max(found, key=_rank)


def _rank(treatment: Treatment) -> tuple[int, int, int]:
    """How strongly a treatment binds: applied surely, then maybe; by effect
    and review policy."""
    policy = treatment.policy
    return (
        {TRUE: 2, UNKNOWN: 1, FALSE: 0}[treatment.applies],
        _SEVERITY[treatment.effect],
        -1 if policy is None else policy.strictness,
    )


def _for_every_party(scope: Scope) -> bool:
    """Whether the `OwnedByListed` of `scope` is read under an `AnyParty`."""
    if isinstance(scope, AnyParty):
        return any(isinstance(leaf, OwnedByListed) for leaf in scope.leaves())
    return any(_for_every_party(kid) for kid in scope.children())


def _treat_one(
    leaf: OwnedByListed,
    in_force: Sequence[_InForce],
    ctx: Context,
    reads: Callable[[Scope, Context], Tri],
) -> Treatment:
    """`treat` for the recipient of `ctx` alone."""
    if leaf.match(ctx) is FALSE:
        return _NOT_APPLIED
    held = leaf.holding(ctx)
    world = ctx.world
    entries: list[OwnerEntry] = []
    missing: list[str] = []
    for owner in held.owners:
        who = world.identities(owner)
        as_owner: Context | None = None
        for entry in in_force:
            other = entry.rule
            if (
                not isinstance(other, Restriction)
                or other.treated_as_listed
                or entry.static is FALSE
                or entry.suspension is not None
                or entry.compliance is not None
                or not _names(other.recipients, who, leaf.lists)
            ):
                continue
            if as_owner is None:
                found = world.entities.get(owner) or Entity(owner)
                as_owner = ctx.for_party(found)
            applies = Tri(min(entry.static, reads(other.recipients, as_owner)))
            if applies is FALSE:
                continue
            if applies is UNKNOWN:
                for scope in (other.items, other.modes, other.recipients):
                    missing += scope.missing(as_owner)
            entries.append(
                OwnerEntry(
                    owner=owner,
                    restriction=other,
                    notice=entry.notice,
                    certain=applies is TRUE,
                )
            )
    if not entries:
        return _NOT_APPLIED
    effect = max((e.restriction.effect for e in entries), key=_SEVERITY.__getitem__)
    sure = [e.restriction.effect for e in entries if e.certain]
    # a stricter entry that may apply leaves the effect unknown (fail closed)
    certain = bool(sure) and max(sure, key=_SEVERITY.__getitem__) is effect
    policies = [
        e.restriction.review_policy
        for e in entries
        if e.restriction.review_policy is not None
    ]
    policy = max(policies, key=lambda p: p.strictness) if policies else None
    value = TreatedAsListed(
        owners=held.owners,
        lists=tuple(sorted(leaf.lists)),
        share_at_least=held.low,
        share_at_most=held.high,
        entries=tuple(entries),
        effect=effect,
        review_policy=policy,
    )
    return Treatment(
        TRUE if certain else UNKNOWN,
        effect,
        policy,
        value,
        tuple(dict.fromkeys(missing)) if not certain else (),
    )
