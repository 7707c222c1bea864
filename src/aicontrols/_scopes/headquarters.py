"""The leaf scopes that read where an organisation, or its ultimate parent, is headquartered.

`HeadquarteredIn` and `HeadquarteredInGroup` read the recipient's
`Entity.headquarters`, which may differ from where it is incorporated
(`country`) and from where it receives the access (`LocatedIn`).
`UltimateParentHeadquarteredInGroup` reads the headquarters of the recipient's
ultimate parent. The EAR's advanced-computing review policies speak of
entities "headquartered, or with an ultimate parent headquartered" in a
destination (15 CFR 742.6(a)(13), (b)(10)(ii) and (b)(14)).

An individual has no headquarters: these scopes never select one. An
organisation whose headquarters is unknown is `UNKNOWN`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._entities import Entity
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import strings
from .base import Scope, Target, check_nonempty, listed
from .parties import country_set

if TYPE_CHECKING:
    from .._engine.context import Context


def _headquarters(entity: Entity) -> tuple[str | None, tuple[str, ...]]:
    """The entity's headquarters, or `None` with the fact that is missing."""
    if entity.headquarters is None:
        return None, (f"headquarters of `{entity.id}`",)
    return entity.headquarters, ()


@attrs.frozen
class HeadquarteredIn(Scope):
    """Selects organisations headquartered in one of `countries`.

    Reads `Entity.headquarters` only: a subsidiary incorporated and located in
    Singapore, headquartered in China, is headquartered in `CN`. An individual
    is headquartered nowhere (`FALSE`); an organisation whose headquarters is
    unknown is `UNKNOWN`.

    Examples:
        >>> HeadquarteredIn(["cn", "mo"]).describe()
        'the recipient is headquartered in one of `CN`, `MO`'
    """

    countries: frozenset[str] = attrs.field(
        converter=country_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        if ctx.recipient.is_individual:
            return FALSE
        found, _ = _headquarters(ctx.recipient)
        if found is None:
            return UNKNOWN
        return TRUE if found in self.countries else FALSE

    def describe(self) -> str:
        return f"the recipient is headquartered in {listed(self.countries)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return _headquarters(ctx.recipient)[1]


@attrs.frozen
class HeadquarteredInGroup(Scope):
    """Selects organisations headquartered in a country of one of the regime's groups.

    Reads `Entity.headquarters` against the groups' members at the query
    instant, so a country that joins a group matches from that day. An
    individual is headquartered nowhere (`FALSE`); an organisation whose
    headquarters is unknown is `UNKNOWN`.

    Examples:
        >>> HeadquarteredInGroup("D:5").describe()
        'the recipient is headquartered in a country of group `D:5`'
    """

    groups: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        if ctx.recipient.is_individual:
            return FALSE
        found, _ = _headquarters(ctx.recipient)
        if found is None:
            return UNKNOWN
        return ctx.in_groups(self.groups, found)

    def describe(self) -> str:
        return f"the recipient is headquartered in a country of {_group_words(self.groups)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        found, missing = _headquarters(ctx.recipient)
        return missing if found is None else ctx.group_gaps(self.groups, [found])

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("country group", g) for g in sorted(self.groups))


@attrs.frozen
class UltimateParentHeadquarteredInGroup(Scope):
    """Selects organisations whose ultimate parent is headquartered in a group's country.

    The ultimate parent is found by majority ownership: from the recipient,
    follow the owner holding more than 50% (by the dated `owners` links valid
    at the query instant, through the regime's catalog) to the organisation
    with no majority owner, which may be the recipient itself. Its
    `headquarters` is read against the groups' members at the query instant.
    This definition is the library's: the rules it helps encode speak of an
    "ultimate parent" without the library deciding what the regulator means by
    it. It is `UNKNOWN` (fail closed) when a share on the path is unknown, a
    majority owner is not in the regime's catalog, majority owners form a
    cycle, or the parent's headquarters is unknown. An individual recipient is
    never selected.

    Examples:
        >>> UltimateParentHeadquarteredInGroup("D:5").describe()
        "the recipient's ultimate parent is headquartered in a country of group `D:5`"
    """

    groups: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        if ctx.recipient.is_individual:
            return FALSE
        parent, _ = ctx.ultimate_parent()
        if parent is None:
            return UNKNOWN
        found, _ = _headquarters(parent)
        if found is None:
            return UNKNOWN
        return ctx.in_groups(self.groups, found)

    def describe(self) -> str:
        return (
            "the recipient's ultimate parent is headquartered in a country of "
            f"{_group_words(self.groups)}"
        )

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        parent, missing = ctx.ultimate_parent()
        if parent is None:
            return missing
        found, missing = _headquarters(parent)
        return missing if found is None else ctx.group_gaps(self.groups, [found])

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("country group", g) for g in sorted(self.groups))


def _group_words(groups: frozenset[str]) -> str:
    return f"group {listed(groups)}" if len(groups) == 1 else listed(groups)
