"""`AnyParty`: a recipient scope read for every party to the transaction.

An access has one recipient, its end user, and may name other parties
(`Access.parties`: a purchaser, intermediate and ultimate consignees). The
Entity List binds "whenever a listed party is a party to the transaction"
(15 CFR 744.11, 748.5): `AnyParty(EntityIs("x"))` says so. Each party is read
as if it were the recipient, with the access's item, mode, location, origin
and instant; the answer is Kleene's OR over the recipient and the parties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._access import Party, PartyRole
from .._tri import TRUE, UNKNOWN, Tri
from .base import Scope, Target

if TYPE_CHECKING:
    from .._engine.context import Context

__all__ = ["AnyParty"]


def _recipient_scope(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, Scope):
        raise TypeError(f"`scope`: expected a Scope, got `{value!r}`")
    other = value.targets() - {Target.RECIPIENT}
    if other:
        names = ", ".join(sorted(t.value for t in other))
        raise ValueError(
            f"`scope`: `AnyParty` reads a recipient scope, and this one reads the {names}"
        )


@attrs.frozen
class AnyParty(Scope):
    """Selects an access where the recipient or another party matches `scope`.

    `scope` is a recipient scope. It is read once for the recipient (the end
    user) and once for each of `Access.parties`, each party standing in for
    the recipient (same item, mode, location, origin and instant): true if
    one reading is true; unknown if none is true and one is unknown; false
    otherwise. Without other parties it answers as `scope` does. A rule that
    binds through it names the parties that made it bind
    (`AppliedRestriction.parties`).

    Examples:
        >>> from aicontrols import EntityIs, ForeignPerson
        >>> AnyParty(EntityIs("acme")).describe()
        'a party to the transaction is `acme`'
        >>> AnyParty(ForeignPerson()).describe()
        'a party to the transaction is a foreign person'
    """

    scope: Scope = attrs.field(validator=_recipient_scope)

    def match(self, ctx: Context) -> Tri:
        result = self.scope.match(ctx)
        if result is TRUE or not ctx.parties:
            return result
        for _, entity in ctx.parties:
            value = self.scope.match(ctx.for_party(entity))
            if value is TRUE:
                return TRUE
            if value is UNKNOWN:
                result = UNKNOWN
        return result

    def describe(self) -> str:
        inner = self.scope.describe()
        if not self.scope.children() and inner.startswith("the recipient "):
            return "a party to the transaction " + inner.removeprefix("the recipient ")
        return f"for a party to the transaction (each read as the recipient): {inner}"

    def children(self) -> tuple[Scope, ...]:
        return (self.scope,)

    def missing(self, ctx: Context) -> tuple[str, ...]:
        found: list[str] = []
        for one in (ctx, *(ctx.for_party(e) for _, e in ctx.parties)):
            if self.scope.match(one) is UNKNOWN:
                found.extend(f for f in self.scope.missing(one) if f not in found)
        return tuple(found)

    def parties(self, ctx: Context) -> tuple[Party, ...]:
        """The parties, the recipient first (as the end user), that `scope`
        selects for certain."""
        found: list[Party] = []
        if self.scope.match(ctx) is TRUE:
            found.append(Party(PartyRole.END_USER, ctx.recipient.id))
        for role, entity in ctx.parties:
            if self.scope.match(ctx.for_party(entity)) is TRUE:
                found.append(Party(role, entity.id))
        return tuple(found)
