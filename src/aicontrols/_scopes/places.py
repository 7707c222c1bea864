"""The leaf scopes that read where the recipient is, apart from who they are.

`LocatedIn` and `LocatedInGroup` read `Access.location`, the country where the
recipient receives the access, and nothing else: not citizenship, residency or
incorporation, and no deemed-export rule. EU Regulation 2021/821, Art. 2(2)(d),
counts as an export "making available in an electronic form" to "persons
outside the Union": a test of place, which `ForeignPerson` (a test of
nationality) cannot express. An access whose location is unknown is `UNKNOWN`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import strings
from .base import Scope, Target, check_nonempty, listed
from .parties import country_set

if TYPE_CHECKING:
    from .._engine.context import Context

_MISSING = ("location of the access",)


@attrs.frozen
class LocatedIn(Scope):
    """Selects accesses received in one of `countries`, whoever the recipient is.

    Reads `Access.location` only: a US citizen in Paris is located in `FR`; a
    German citizen in New York is not located in `DE`. An unknown location is
    `UNKNOWN`.

    Examples:
        >>> LocatedIn(["fr", "de"]).describe()
        'the recipient is located in one of `DE`, `FR`'
    """

    countries: frozenset[str] = attrs.field(
        converter=country_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        location = ctx.location
        if location is None:
            return UNKNOWN
        return TRUE if location in self.countries else FALSE

    def describe(self) -> str:
        return f"the recipient is located in {listed(self.countries)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return _MISSING


@attrs.frozen
class LocatedInGroup(Scope):
    """Selects accesses received in a country of one of the regime's country groups.

    Reads `Access.location` only, against the groups' members at the query
    instant, so a country that joins a group matches from that day. An unknown
    location is `UNKNOWN`.

    Examples:
        >>> LocatedInGroup("eu").describe()
        'the recipient is located in a country of group `eu`'
    """

    groups: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        location = ctx.location
        if location is None:
            return UNKNOWN
        return ctx.in_groups(self.groups, location)

    def describe(self) -> str:
        if len(self.groups) == 1:
            return (
                f"the recipient is located in a country of group {listed(self.groups)}"
            )
        return f"the recipient is located in a country of {listed(self.groups)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        location = ctx.location
        return _MISSING if location is None else ctx.group_gaps(self.groups, [location])

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("country group", g) for g in sorted(self.groups))
