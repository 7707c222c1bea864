"""Static checks of the parts of rules: scopes that never match (among them
parameter ranges no item has), and conditional reviews that never apply.

`lint` (in `_lint`) runs them beside its time checks. A scope that no access
can match is reported wherever a scope is written: in a rule, in a
restriction's conditional review, and in a non-enforcement statement limited
to some accesses. Every notice is read, corrected ones too: a corrected notice
still answers queries made with the knowledge from before its correction.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._groups import Membership
from ._notices import NonEnforcement
from ._regime import Regime
from ._rules import ConditionalReview, Effect, Restriction, Rule
from ._scopes import (
    AllOf,
    AnyOf,
    DestinationInGroup,
    Everything,
    HeadquarteredInGroup,
    LocatedInGroup,
    Not,
    OnList,
    OriginInGroup,
    OwnedByListed,
    ParameterAtLeast,
    ParameterBelow,
    Scope,
    UltimateParentHeadquarteredInGroup,
)
from ._time import resolve_end, resolve_start

__all__ = ["Found", "Scopes", "part_findings"]

Found = tuple[str, str, str, str, str]
"""A finding's code, message, path, notice id and rule id."""


def _emptiness(members: tuple[Membership, ...], tz: str) -> str | None:
    """Why a group or list never has a member, or `None` if it may have one."""
    if not members:
        return "has no members"
    if all(resolve_start(m.start, tz) >= resolve_end(m.end, tz) for m in members):
        return "has no members at any time (every membership ends when it starts or before)"
    return None


def _named_sets(scope: Scope) -> tuple[str, frozenset[str]] | None:
    """The kind and ids of the country groups or entity lists a leaf reads."""
    if isinstance(
        scope,
        DestinationInGroup
        | LocatedInGroup
        | HeadquarteredInGroup
        | UltimateParentHeadquarteredInGroup
        | OriginInGroup,
    ):
        return "country group", scope.groups
    if isinstance(scope, OnList | OwnedByListed):
        return "entity list", scope.lists
    return None


def _bound(scope: Scope) -> tuple[str, str, float] | None:
    """A leaf's bound on an item parameter: `(name, "low" or "high", value)`,
    the negation of a bound read as the opposite bound (true only where the
    parameter is known, as the bound itself)."""
    if isinstance(scope, Not):
        inner = _bound(scope.scope)
        if inner is None:
            return None
        name, side, value = inner
        return name, "high" if side == "low" else "low", value
    if isinstance(scope, ParameterAtLeast):
        return scope.name, "low", scope.value
    if isinstance(scope, ParameterBelow):
        return scope.name, "high", scope.value
    return None


def _conjuncts(scope: AllOf) -> Iterator[Scope]:
    """The parts an `AllOf` requires, nested `AllOf`s flattened."""
    for kid in scope.scopes:
        if isinstance(kid, AllOf):
            yield from _conjuncts(kid)
        else:
            yield kid


def empty_ranges(scope: AllOf) -> list[str]:
    """Why the parameter bounds an `AllOf` requires leave no value: a lower
    bound at or above an upper one, for one parameter."""
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for kid in _conjuncts(scope):
        bound = _bound(kid)
        if bound is None:
            continue
        name, side, value = bound
        if side == "low":
            low[name] = max(value, low.get(name, value))
        else:
            high[name] = min(value, high.get(name, value))
    return [
        f"it requires `{name}` at least {low[name]:g} and below {high[name]:g}, "
        "which no item has"
        for name in sorted(low.keys() & high.keys())
        if low[name] >= high[name]
    ]


class Scopes:
    """Which scopes can never match, or always match, in one regime."""

    def __init__(self, regime: Regime) -> None:
        tz = regime.timezone
        self.empty: dict[tuple[str, str], str] = {}
        for kind, named in (
            ("country group", regime.all_country_groups),
            ("entity list", regime.entity_lists),
        ):
            for group in named:
                why = _emptiness(group.members, tz)
                if why is not None:
                    self.empty[kind, group.id] = f"{kind} `{group.id}` {why}"

    def never(self, scope: Scope) -> list[str] | None:
        """The reasons `scope` can never match, or `None` if it may."""
        named = _named_sets(scope)
        if named is not None:
            kind, ids = named
            reasons = [self.empty.get((kind, i)) for i in sorted(ids)]
            return None if None in reasons else [r for r in reasons if r]
        if isinstance(scope, ParameterBelow) and scope.value <= 0:
            return [
                f"it requires `{scope.name}` below {scope.value:g}, but item "
                "parameters are never negative"
            ]
        if isinstance(scope, Not):
            if self.always(scope.scope):
                return [
                    f"it negates a scope that always matches ({scope.scope.describe()})"
                ]
            return None
        if isinstance(scope, AllOf):
            found = [
                f"it requires both ({kid.describe()}) and its negation"
                for kid in scope.scopes
                if Not(kid) in scope.scopes
            ]
            found += empty_ranges(scope)
            for kid in scope.scopes:
                found += self.never(kid) or []
            return found or None
        if isinstance(scope, AnyOf):
            kids = [self.never(kid) for kid in scope.scopes]
            if any(k is None for k in kids):
                return None
            return [r for k in kids for r in k or []]
        inner = scope.children()  # `AnyParty(x)`: never if `x` never, for anyone
        return self.never(inner[0]) if len(inner) == 1 else None

    def always(self, scope: Scope) -> bool:
        """Whether `scope` matches every access."""
        if isinstance(scope, Everything):
            return True
        if isinstance(scope, Not):
            return self.never(scope.scope) is not None
        if isinstance(scope, AllOf):
            return all(self.always(kid) for kid in scope.scopes)
        if isinstance(scope, AnyOf):
            return any(
                self.always(kid) or Not(kid) in scope.scopes for kid in scope.scopes
            )
        inner = scope.children()  # `AnyParty(x)`: always if `x` always
        return len(inner) == 1 and self.always(inner[0])

    def dead(self, scope: Scope, path: str) -> Iterator[tuple[str, list[str]]]:
        """The largest parts of `scope` that never match, with their paths."""
        reasons = self.never(scope)
        if reasons is not None:
            yield path, reasons
        elif isinstance(scope, AllOf | AnyOf):
            for k, kid in enumerate(scope.scopes):
                yield from self.dead(kid, f"{path}.scopes[{k}]")
        elif len(scope.children()) == 1:  # `Not` and `AnyParty`
            yield from self.dead(scope.children()[0], f"{path}.scope")


def _dead(
    scopes: Scopes,
    scoped: Rule | ConditionalReview | NonEnforcement,
    top: str,
    what: str,
    does: str,
) -> Iterator[tuple[str, str]]:
    """Each dead part of a rule's, review's or statement's scopes: its path and
    message."""
    for name in ("items", "modes", "recipients"):
        at = f"{top}.{name}"
        for path, reasons in scopes.dead(getattr(scoped, name), at):
            message = (
                f"the {name} scope of {what} never matches, so {does}"
                if path == at
                else f"part of the {name} scope of {what} never matches"
            )
            yield path, f"{message}: {'; '.join(reasons)}"


def part_findings(regime: Regime) -> Iterator[Found]:
    """The findings of the parts of every rule and non-enforcement statement."""
    scopes = Scopes(regime)
    never = "scope-never-matches"
    for n, notice in enumerate(regime.notices):
        for field, rules in (("adds", notice.adds), ("amends", notice.amends)):
            for r, rule in enumerate(rules):
                kind = type(rule).__name__.lower()
                top = f"notices[{n}].{field}[{r}]"
                what, does = f"`{rule.id}`", f"the {kind} never applies"
                for path, message in _dead(scopes, rule, top, what, does):
                    yield never, message, path, notice.id, rule.id
                if not isinstance(rule, Restriction):
                    continue
                if rule.conditional_reviews and rule.effect is Effect.PROHIBITED:
                    yield (
                        "review-of-prohibited",
                        f"`{rule.id}` is prohibited, so no license is reviewed: "
                        "its conditional reviews never apply",
                        f"{top}.conditional_reviews",
                        notice.id,
                        rule.id,
                    )
                for k, review in enumerate(rule.conditional_reviews):
                    at = f"{top}.conditional_reviews[{k}]"
                    what = f"conditional review {k} of `{rule.id}`"
                    does = "it never sets the review policy"
                    for path, message in _dead(scopes, review, at, what, does):
                        yield never, message, path, notice.id, rule.id
        for k, act in enumerate(notice.not_enforced):
            at = f"notices[{n}].not_enforced[{k}]"
            what = f"the non-enforcement of `{act.rule}`"
            does = "it covers no access"
            for path, message in _dead(scopes, act, at, what, does):
                yield never, message, path, notice.id, act.rule
