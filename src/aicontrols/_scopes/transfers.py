"""The leaf scopes that read where the item leaves from, and the kind of transfer.

`OriginIn` reads `Access.origin`, the country the item leaves (`None`: the
regime's own territory). `TransferIs` and `IsReexport` read the kind of
transfer the regime derives from the origin, the location and whether the
recipient is a foreign person (`Transfer`: export, reexport, in-country
transfer, deemed export or reexport, 15 CFR 734.13 and 734.14). A fact that
could change the kind (the location, a citizenship) makes them `UNKNOWN`
only when it could change the answer: an access from the jurisdiction is
never a reexport, wherever it goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._access import Transfer
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import check_bool, strings
from .base import Scope, Target, check_nonempty, listed
from .parties import country_set

if TYPE_CHECKING:
    from .._engine.context import Context

__all__ = ["IsReexport", "OriginIn", "TransferIs"]

_REEXPORTS = frozenset((Transfer.REEXPORT, Transfer.DEEMED_REEXPORT))


def _kinds_in(ctx: Context, kinds: frozenset[Transfer]) -> Tri:
    """Whether the access's kind of transfer is one of `kinds`."""
    possible = ctx.transfers()
    if possible <= kinds:
        return TRUE
    return FALSE if possible.isdisjoint(kinds) else UNKNOWN


def transfer_set(
    value: Transfer | str | Iterable[Transfer | str],
) -> frozenset[Transfer]:
    if isinstance(value, str | Transfer):
        value = (value,)
    return frozenset(Transfer(v) for v in value)


@attrs.frozen
class TransferIs(Scope):
    """Selects accesses whose kind of transfer is one of `kinds`.

    `kinds` are `Transfer` values or their names (`"export"`, `"reexport"`,
    `"in_country_transfer"`, `"deemed_export"`, `"deemed_reexport"`,
    `"domestic"`), read under the regime that decides.

    Examples:
        >>> TransferIs(["export", "deemed_export"]).describe()
        'the access is a deemed export or an export'
    """

    kinds: frozenset[Transfer] = attrs.field(
        converter=transfer_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return _kinds_in(ctx, self.kinds)

    def describe(self) -> str:
        words = sorted(kind.words for kind in self.kinds)
        if len(words) == 1:
            return f"the access is {words[0]}"
        return f"the access is {', '.join(words[:-1])} or {words[-1]}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ctx.missing_for_transfer()


@attrs.frozen
class IsReexport(Scope):
    """Selects reexports and deemed reexports (or, with `False`, the others).

    15 CFR 734.14(a): a shipment or transmission from one foreign country to
    another, or a release in a foreign country to a foreign person of a third
    country. An access whose origin is the regime's territory (the default) is
    never one.

    Examples:
        >>> IsReexport().describe()
        'the access is a reexport or a deemed reexport'
    """

    reexport: bool = attrs.field(default=True, validator=check_bool)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        value = _kinds_in(ctx, _REEXPORTS)
        return value if self.reexport else Tri(2 - value)

    def describe(self) -> str:
        if self.reexport:
            return "the access is a reexport or a deemed reexport"
        return "the access is not a reexport or a deemed reexport"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ctx.missing_for_transfer()


@attrs.frozen
class OriginIn(Scope):
    """Selects accesses whose item leaves one of `countries`.

    Reads `Access.origin`. An access without one leaves the regime's
    territory: for a one-country jurisdiction, that country; for a union (the
    EU), a member state the access does not name, which is `UNKNOWN` unless
    all or none of the members are among `countries`.

    Examples:
        >>> OriginIn(["sg", "my"]).describe()
        'the item leaves one of `MY`, `SG`'
    """

    countries: frozenset[str] = attrs.field(
        converter=country_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        origin = ctx.origin
        if origin is not None:
            return TRUE if origin in self.countries else FALSE
        territory = ctx.world.territory
        if territory <= self.countries:
            return TRUE
        return FALSE if territory.isdisjoint(self.countries) else UNKNOWN

    def describe(self) -> str:
        return f"the item leaves {listed(self.countries)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ("origin of the access (the member country the item leaves)",)


@attrs.frozen
class OriginInGroup(Scope):
    """Selects accesses whose item leaves a country of one of the country groups.

    Reads `Access.origin` (none: the regime's territory) against the groups'
    members at the query instant, with their gaps: a membership the data does
    not give is `UNKNOWN` (15 CFR 742.6(a)(6)(ii): items "exported from Macau
    or a destination in Country Group D:5").

    Examples:
        >>> OriginInGroup("D:5").describe()
        'the item leaves a country of group `D:5`'
    """

    groups: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def _origins(self, ctx: Context) -> frozenset[str]:
        origin = ctx.origin
        return ctx.world.territory if origin is None else frozenset((origin,))

    def match(self, ctx: Context) -> Tri:
        seen = {ctx.in_groups(self.groups, c) for c in self._origins(ctx)}
        return seen.pop() if len(seen) == 1 else UNKNOWN

    def describe(self) -> str:
        words = "group " if len(self.groups) == 1 else ""
        return f"the item leaves a country of {words}{listed(self.groups)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        origins = self._origins(ctx)
        gaps = ctx.group_gaps(self.groups, origins)
        if gaps or len(origins) == 1:
            return gaps
        return ("origin of the access (the member country the item leaves)",)

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("country group", g) for g in sorted(self.groups))
