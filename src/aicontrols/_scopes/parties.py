"""The leaf scopes that read the recipient.

Who the recipient is (`ForeignPerson`, `KindIs`, `EntityIs`), where the access
goes (`DestinationIn`, `DestinationInGroup`), and whom the recipient works for,
is owned by or is listed with (`EmployedBy`, `OwnedBy`, `OnList`,
`OwnedByListed`), all read at the query instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._entities import EntityKind
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import check_bool, country, strings
from .base import Scope, Target, check_each_id, check_nonempty, listed

if TYPE_CHECKING:
    from .._engine.context import Context
    from .._engine.ownership import Holding


@attrs.frozen
class ForeignPerson(Scope):
    """Selects foreign persons of the regime's jurisdiction (or, with `False`, others).

    An individual is a foreign person unless a citizen or lawful permanent
    resident of the jurisdiction at the query instant; an organisation unless
    incorporated there. Deemed exports are included: location does not matter.

    Examples:
        >>> ForeignPerson().describe()
        'the recipient is a foreign person'
    """

    foreign: bool = attrs.field(default=True, validator=check_bool)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        value = ctx.foreign()
        return value if self.foreign else Tri(2 - value)

    def describe(self) -> str:
        return (
            "the recipient is a foreign person"
            if self.foreign
            else ("the recipient is not a foreign person")
        )

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ctx.missing_for_foreign()


def in_destinations(ctx: Context, countries: frozenset[str]) -> Tri:
    options = ctx.destinations()
    if options is None:
        return UNKNOWN
    seen = {not countries.isdisjoint(option) for option in options}
    if seen == {True}:
        return TRUE
    if seen == {False}:
        return FALSE
    return UNKNOWN


def country_set(value: str | Iterable[str]) -> frozenset[str]:
    return frozenset(country(code) for code in strings(value))


@attrs.frozen
class DestinationIn(Scope):
    """Selects accesses whose destination is one of `countries`.

    The destination is the recipient's location; for a foreign person inside the
    jurisdiction (a deemed export) the regime's deemed-export rule decides.

    Examples:
        >>> DestinationIn(["cn", "mo"]).describe()
        'the destination is one of `CN`, `MO`'
    """

    countries: frozenset[str] = attrs.field(
        converter=country_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return in_destinations(ctx, self.countries)

    def describe(self) -> str:
        return f"the destination is {listed(self.countries)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ctx.missing_for_destination()


@attrs.frozen
class DestinationInGroup(Scope):
    """Selects accesses whose destination is in one of the regime's country groups.

    Groups are read at the query instant, so a country that leaves a group stops
    matching from that day.

    Examples:
        >>> DestinationInGroup("D:5").describe()
        'the destination is in country group `D:5`'
    """

    groups: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        options = ctx.destinations()
        if options is None:
            return UNKNOWN
        seen = {self._reads(ctx, option) for option in options}
        return seen.pop() if len(seen) == 1 else UNKNOWN

    def _reads(self, ctx: Context, destination: frozenset[str]) -> Tri:
        """Whether one of the countries of one possible destination is in a group."""
        found = FALSE
        for code in destination:
            one = ctx.in_groups(self.groups, code)
            if one is TRUE:
                return TRUE
            if one is UNKNOWN:
                found = UNKNOWN
        return found

    def describe(self) -> str:
        return f"the destination is in country group {listed(self.groups)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        options = ctx.destinations()
        if options is None:
            return ctx.missing_for_destination()
        seen = {self._reads(ctx, option) for option in options}
        countries = {code for option in options for code in option}
        gaps = ctx.group_gaps(self.groups, countries)
        if (TRUE in seen and FALSE in seen) or not gaps:  # which destination decides
            return (*ctx.missing_for_destination(), *gaps)
        return gaps

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("country group", g) for g in sorted(self.groups))


def kind_set(value: object) -> frozenset[EntityKind]:
    if isinstance(value, str | EntityKind):
        value = (value,)
    assert isinstance(value, Iterable)
    return frozenset(EntityKind(v) for v in value)


@attrs.frozen
class KindIs(Scope):
    """Selects recipients of these kinds.

    Examples:
        >>> KindIs("government_agency").describe()
        'the recipient is a `government_agency`'
    """

    kinds: frozenset[EntityKind] = attrs.field(
        converter=kind_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.recipient.kind in self.kinds else FALSE

    def describe(self) -> str:
        names = sorted(kind.value for kind in self.kinds)
        if len(names) == 1:
            return f"the recipient is a `{names[0]}`"
        return "the recipient is one of the kinds " + ", ".join(f"`{n}`" for n in names)


@attrs.frozen
class EntityIs(Scope):
    """Selects the recipients with these entity ids.

    Examples:
        >>> EntityIs(["acme-cloud", "us-agency"]).describe()
        'the recipient is one of `acme-cloud`, `us-agency`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[check_nonempty, check_each_id]
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        recipient = ctx.recipient
        if recipient.id in self.ids:
            return TRUE
        return FALSE if self.ids.isdisjoint(recipient.same_as) else TRUE

    def describe(self) -> str:
        return f"the recipient is {listed(self.ids)}"

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity", i) for i in sorted(self.ids))


@attrs.frozen
class EmployedBy(Scope):
    """Selects recipients employed, at the query instant, by one of these entities.

    Examples:
        >>> EmployedBy("anthropic").describe()
        'the recipient is employed by `anthropic`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[check_nonempty, check_each_id]
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return FALSE if self.ids.isdisjoint(ctx.employers()) else TRUE

    def describe(self) -> str:
        return f"the recipient is employed by {listed(self.ids)}"

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity", i) for i in sorted(self.ids))


def _owned_words(min_share: float | None, several: bool) -> str:
    if min_share is None:
        return "owned, directly or indirectly, "
    how = "individually or in aggregate, " if several else ""
    return f"at least {min_share:.0%} owned, directly or indirectly, {how}"


@attrs.frozen
class OwnedBy(Scope):
    """Selects recipients owned, at the query instant, by these entities, directly
    or indirectly.

    Ownership counts along chains (the product of the shares: a holding
    company wholly owned by `parent-co` that holds 60% of the recipient makes
    `parent-co` hold 60%) and adds up over several owners and paths; a chain
    stops at a named owner. Owners are followed through the regime's catalog
    (an owner it does not describe has no known owners) by the dated `owners`
    links valid at the query instant; a chain that loops back is cut.

    Without `min_share`, any chain to a named owner selects the recipient.
    With it, the named owners together must hold at least that fraction; an
    unknown share on a chain that could reach one makes the scope `UNKNOWN`
    unless the known shares settle it (the unknown share may be anything the
    entity's known shares leave), and the missing fact names that share.

    Examples:
        >>> OwnedBy("parent-co", min_share=0.5).describe()
        'the recipient is at least 50% owned, directly or indirectly, by `parent-co`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[check_nonempty, check_each_id]
    )
    min_share: float | None = attrs.field(default=None, kw_only=True)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def holding(self, ctx: Context) -> Holding:
        """How much of the recipient these entities hold at the query instant."""
        ids, identities = self.ids, ctx.world.identities
        return ctx.holding(self, lambda o: not ids.isdisjoint(identities(o)))

    def match(self, ctx: Context) -> Tri:
        return self.holding(ctx).at_least(self.min_share)

    def describe(self) -> str:
        several = len(self.ids) > 1 and self.min_share is not None
        words = _owned_words(self.min_share, several)
        owners = ", ".join(f"`{i}`" for i in sorted(self.ids)) if several else None
        return f"the recipient is {words}by {owners or listed(self.ids)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return self.holding(ctx).missing

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity", i) for i in sorted(self.ids))


@attrs.frozen
class OnList(Scope):
    """Selects recipients on one of the regime's named entity lists at the query instant.

    Examples:
        >>> OnList("entity-list").describe()
        'the recipient is on list `entity-list`'
    """

    lists: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return TRUE if any(ctx.on_list(name) for name in self.lists) else FALSE

    def describe(self) -> str:
        return f"the recipient is on list {listed(self.lists)}"

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity list", n) for n in sorted(self.lists))


@attrs.frozen
class OwnedByListed(Scope):
    """Selects recipients owned, at the query instant, by parties on the regime's
    entity `lists`, directly or indirectly, individually or in the aggregate.

    This is the Entity List's affiliates rule (90 FR 47201): an unlisted
    entity owned 50 percent or more, "directly or indirectly, individually or
    in the aggregate", by listed parties is treated as listed. Ownership is
    measured as for `OwnedBy`, the selected owners being those on one of
    `lists` at the query instant: shares multiply along chains through the
    regime's catalog and add up over listed owners and paths (a chain stops at
    a listed owner); an unknown share on a chain that could reach a listed
    owner makes the scope `UNKNOWN` unless the known shares settle it.

    Examples:
        >>> OwnedByListed("entity-list", min_share=0.5).describe()
        'the recipient is at least 50% owned, directly or indirectly, individually or in aggregate, by parties on list `entity-list`'
    """

    lists: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    min_share: float | None = attrs.field(default=None, kw_only=True)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def holding(self, ctx: Context) -> Holding:
        """How much of the recipient listed parties hold at the query instant."""
        lists, identities = self.lists, ctx.world.identities
        return ctx.holding(
            self, lambda o: any(ctx.on_list(x, identities(o)) for x in lists)
        )

    def match(self, ctx: Context) -> Tri:
        return self.holding(ctx).at_least(self.min_share)

    def describe(self) -> str:
        words = _owned_words(self.min_share, True)
        who = "a party" if self.min_share is None else "parties"
        return f"the recipient is {words}by {who} on list {listed(self.lists)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return self.holding(ctx).missing

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity list", n) for n in sorted(self.lists))
