"""The leaf scopes that read the recipient.

Who the recipient is (`ForeignPerson`, `KindIs`, `EntityIs`), where the access
goes (`DestinationIn`, `DestinationInGroup`), and whom the recipient works for,
is owned by or is listed with (`EmployedBy`, `OwnedBy`, `OnList`,
`OwnedByListed`), all read at the query instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._entities import EntityKind
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import check_bool, country, strings
from .base import Scope, Target, check_each_id, check_nonempty, listed

if TYPE_CHECKING:
    from .._engine.context import Context


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
        members: frozenset[str] = frozenset()
        for group in self.groups:
            members |= ctx.group(group)
        return in_destinations(ctx, members)

    def describe(self) -> str:
        return f"the destination is in country group {listed(self.groups)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ctx.missing_for_destination()

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


def owned(
    ctx: Context, selects: Callable[[frozenset[str]], bool], min_share: float | None
) -> Tri:
    """Whether an owner at `t` that `selects` (by its identities) holds enough.

    An owner selected with an unknown share makes it `UNKNOWN` when a minimum
    share is asked for.
    """
    result = FALSE
    for owner, share in ctx.owners():
        if not selects(ctx.world.identities(owner)):
            continue
        if min_share is None:
            return TRUE
        if share is None:
            result = UNKNOWN
        elif share >= min_share:
            return TRUE
    return result


@attrs.frozen
class OwnedBy(Scope):
    """Selects recipients directly owned, at the query instant, by one of these entities.

    With `min_share`, only an ownership of at least that fraction counts, and an
    ownership link whose share is unknown makes the scope `UNKNOWN`.

    Examples:
        >>> OwnedBy("parent-co", min_share=0.5).describe()
        'the recipient is at least 50% owned by `parent-co`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[check_nonempty, check_each_id]
    )
    min_share: float | None = attrs.field(default=None, kw_only=True)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        ids = self.ids
        return owned(ctx, lambda who: not ids.isdisjoint(who), self.min_share)

    def describe(self) -> str:
        if self.min_share is None:
            return f"the recipient is owned by {listed(self.ids)}"
        return f"the recipient is at least {self.min_share:.0%} owned by {listed(self.ids)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"ownership shares in `{ctx.recipient.id}`",)

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
    """Selects recipients directly owned, at the query instant, by a listed party.

    The owner must be on one of the regime's entity `lists` at the query
    instant, holding at least `min_share` (an ownership link whose share is
    unknown makes the scope `UNKNOWN`). This is the Entity List's affiliates
    rule (90 FR 47201): an unlisted entity owned 50 percent or more by a listed
    party is treated as listed.

    Examples:
        >>> OwnedByListed("entity-list", min_share=0.5).describe()
        'the recipient is at least 50% owned by a party on list `entity-list`'
    """

    lists: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    min_share: float | None = attrs.field(default=None, kw_only=True)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        def listed(who: frozenset[str]) -> bool:
            return any(ctx.on_list(name, who) for name in self.lists)

        return owned(ctx, listed, self.min_share)

    def describe(self) -> str:
        owned = (
            "owned"
            if self.min_share is None
            else f"at least {self.min_share:.0%} owned"
        )
        return f"the recipient is {owned} by a party on list {listed(self.lists)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"ownership shares in `{ctx.recipient.id}`",)

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity list", n) for n in sorted(self.lists))
