"""Typed, composable, serialisable predicates over items, modes and recipients.

A scope is data, never a Python callable: it can be compared, hashed, written to
a regime file and described in words. Scopes answer in three values (`Tri`):
a fact the regime needs but does not have makes a leaf `UNKNOWN`, and the
combinators follow Kleene's logic, so an unknown fact only matters where it
could change the answer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ._entities import EntityKind
from ._items import ComputeLocation
from ._tri import FALSE, TRUE, UNKNOWN, Tri
from ._validators import (
    check_bool,
    check_classification,
    check_id,
    country,
    finite_number,
    strings,
)

if TYPE_CHECKING:
    from ._context import Context

__all__ = [
    "EVERYTHING",
    "AllOf",
    "AnyOf",
    "ClassifiedAs",
    "ComputeRunsAt",
    "DestinationIn",
    "DestinationInGroup",
    "DevelopedBy",
    "EmployedBy",
    "EntityIs",
    "Everything",
    "ForeignPerson",
    "ItemIs",
    "KindIs",
    "ModeIs",
    "Not",
    "OnList",
    "OwnedBy",
    "OwnedByListed",
    "Scope",
    "Target",
    "TrainedWithAtLeast",
    "TransfersWeights",
    "Tri",
    "WeightsPublished",
    "WithinRequirement",
]


class Target(enum.Enum):
    """What a leaf scope reads: the item, the mode or the recipient."""

    ITEM = "item"
    MODE = "mode"
    RECIPIENT = "recipient"


def _listed(values: Iterable[str]) -> str:
    quoted = [f"`{v}`" for v in sorted(values)]
    if len(quoted) == 1:
        return quoted[0]
    return "one of " + ", ".join(quoted)


def _nonempty(_: Any, attribute: Any, value: Any) -> None:
    if not value:
        raise ValueError(f"`{attribute.name}` must name at least one value")


def _each_id(_: Any, attribute: Any, value: frozenset[str]) -> None:
    for one in sorted(value, key=str):
        check_id(None, attribute, one)


def _countries(value: str | Iterable[str]) -> frozenset[str]:
    return frozenset(country(code) for code in strings(value))


class Scope:
    """The base of every scope. Subclasses are frozen attrs classes.

    Examples:
        >>> scope = AllOf([ForeignPerson(), Not(EmployedBy("acme-cloud"))])
        >>> isinstance(scope, Scope), sorted(t.value for t in scope.targets())
        (True, ['recipient'])
    """

    __slots__ = ()
    target: ClassVar[Target | None] = None
    """What a leaf reads; `None` for combinators."""

    def match(self, ctx: Context) -> Tri:
        """Whether the access in `ctx` is selected: `TRUE`, `FALSE` or `UNKNOWN`."""
        raise NotImplementedError

    def describe(self) -> str:
        """The condition in words, as an analyst reads it."""
        raise NotImplementedError

    def children(self) -> tuple[Scope, ...]:
        """The scopes this one combines (none for a leaf)."""
        return ()

    def leaves(self) -> Iterator[Scope]:
        """Every leaf below this scope, depth first."""
        kids = self.children()
        if not kids:
            yield self
        for kid in kids:
            yield from kid.leaves()

    def targets(self) -> frozenset[Target]:
        """What the leaves of this scope read."""
        return frozenset(leaf.target for leaf in self.leaves() if leaf.target)

    def references(self) -> Iterator[tuple[str, str]]:
        """The `(kind, id)` pairs this scope names, for the regime to check."""
        for leaf in self.leaves():
            yield from leaf._own_references()

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return iter(())

    def failure(self, ctx: Context) -> Scope:
        """The first scope, in words, that makes this one false for `ctx`."""
        return self

    def missing(self, ctx: Context) -> tuple[str, ...]:
        """The facts whose absence makes this scope `UNKNOWN` for `ctx`."""
        if self.children():
            found: list[str] = []
            for kid in self.children():
                if kid.match(ctx) is UNKNOWN:
                    found.extend(f for f in kid.missing(ctx) if f not in found)
            return tuple(found)
        return self._missing(ctx) if self.match(ctx) is UNKNOWN else ()

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ()


# ---------------------------------------------------------------- combinators


@attrs.frozen
class Everything(Scope):
    """Selects every access (the default scope of a rule).

    Examples:
        >>> EVERYTHING.describe()
        'any access'
    """

    def match(self, ctx: Context) -> Tri:
        return TRUE

    def describe(self) -> str:
        return "any access"

    def leaves(self) -> Iterator[Scope]:
        return iter(())

    def __reduce__(self) -> str:
        """Unpickle as the one `EVERYTHING`."""
        return "EVERYTHING"


EVERYTHING = Everything()


def _scope_tuple(value: Iterable[Scope]) -> tuple[Scope, ...]:
    scopes = tuple(value)
    for scope in scopes:
        if not isinstance(scope, Scope):
            raise TypeError(f"expected a Scope, got `{scope!r}`")
    if not scopes:
        raise ValueError("a combinator needs at least one scope")
    return scopes


@attrs.frozen
class AllOf(Scope):
    """Selects an access that every one of `scopes` selects.

    Examples:
        >>> AllOf([ForeignPerson(), DestinationIn(["CN", "MO"])]).describe()
        'all of: the recipient is a foreign person; the destination is one of `CN`, `MO`'
    """

    scopes: tuple[Scope, ...] = attrs.field(converter=_scope_tuple)

    def match(self, ctx: Context) -> Tri:
        result = TRUE
        for scope in self.scopes:
            value = scope.match(ctx)
            if value is FALSE:
                return FALSE
            if value is UNKNOWN:
                result = UNKNOWN
        return result

    def describe(self) -> str:
        return "all of: " + "; ".join(s.describe() for s in self.scopes)

    def children(self) -> tuple[Scope, ...]:
        return self.scopes

    def failure(self, ctx: Context) -> Scope:
        for scope in self.scopes:
            if scope.match(ctx) is FALSE:
                return scope.failure(ctx)
        return self


@attrs.frozen
class AnyOf(Scope):
    """Selects an access that at least one of `scopes` selects.

    Examples:
        >>> AnyOf([EntityIs("acme-cloud"), EmployedBy("acme-cloud")]).describe()
        'any of: the recipient is `acme-cloud`; the recipient is employed by `acme-cloud`'
    """

    scopes: tuple[Scope, ...] = attrs.field(converter=_scope_tuple)

    def match(self, ctx: Context) -> Tri:
        result = FALSE
        for scope in self.scopes:
            value = scope.match(ctx)
            if value is TRUE:
                return TRUE
            if value is UNKNOWN:
                result = UNKNOWN
        return result

    def describe(self) -> str:
        return "any of: " + "; ".join(s.describe() for s in self.scopes)

    def children(self) -> tuple[Scope, ...]:
        return self.scopes


@attrs.frozen
class Not(Scope):
    """Selects an access that `scope` does not select.

    Examples:
        >>> Not(WeightsPublished()).describe()
        'not (the weights are published)'
    """

    scope: Scope = attrs.field(validator=attrs.validators.instance_of(Scope))

    def match(self, ctx: Context) -> Tri:
        return Tri(2 - self.scope.match(ctx))

    def describe(self) -> str:
        return f"not ({self.scope.describe()})"

    def children(self) -> tuple[Scope, ...]:
        return (self.scope,)


# ---------------------------------------------------------------- items


@attrs.frozen
class ItemIs(Scope):
    """Selects the items with these ids.

    Examples:
        >>> ItemIs(["mythos-5", "fable-5"]).describe()
        'the item is one of `fable-5`, `mythos-5`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[_nonempty, _each_id]
    )
    target: ClassVar[Target | None] = Target.ITEM

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.item.id in self.ids else FALSE

    def describe(self) -> str:
        return f"the item is {_listed(self.ids)}"

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("item", i) for i in sorted(self.ids))


@attrs.frozen
class DevelopedBy(Scope):
    """Selects items developed by these entities; unknown developer is `UNKNOWN`.

    Examples:
        >>> DevelopedBy("anthropic").describe()
        'the item is developed by `anthropic`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[_nonempty, _each_id]
    )
    target: ClassVar[Target | None] = Target.ITEM

    def match(self, ctx: Context) -> Tri:
        developer = ctx.item.developer
        if developer is None:
            return UNKNOWN
        return TRUE if developer in self.ids else FALSE

    def describe(self) -> str:
        return f"the item is developed by {_listed(self.ids)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"developer of item `{ctx.item.id}`",)

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity", i) for i in sorted(self.ids))


@attrs.frozen
class ClassifiedAs(Scope):
    """Selects items whose classification under `scheme` is one of `codes`.

    An item with no code under `scheme` is `UNKNOWN`: record `EAR99` (or the
    scheme's equivalent) to say an item is not listed.

    Examples:
        >>> ClassifiedAs("ECCN", "4E091").describe()
        'the item is classified ECCN `4E091`'
    """

    scheme: str = attrs.field()
    codes: frozenset[str] = attrs.field(converter=strings, validator=_nonempty)
    target: ClassVar[Target | None] = Target.ITEM

    @codes.validator
    def _check_codes(self, _: object, value: frozenset[str]) -> None:
        for code in sorted(value, key=str):
            check_classification(self.scheme, code)

    def match(self, ctx: Context) -> Tri:
        code = ctx.item.classifications.get(self.scheme)
        if code is None:
            return UNKNOWN
        return TRUE if code in self.codes else FALSE

    def describe(self) -> str:
        return f"the item is classified {self.scheme} {_listed(self.codes)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"{self.scheme} classification of item `{ctx.item.id}`",)


@attrs.frozen
class TrainedWithAtLeast(Scope):
    """Selects items trained with at least `operations` operations.

    Examples:
        >>> TrainedWithAtLeast(1e26).describe()
        'the item was trained with at least 1e+26 operations'
    """

    operations: float = attrs.field()
    target: ClassVar[Target | None] = Target.ITEM

    @operations.validator
    def _check(self, _: object, value: float) -> None:
        finite_number(value, "operations")

    def match(self, ctx: Context) -> Tri:
        ops = ctx.item.training_operations
        if ops is None:
            return UNKNOWN
        return TRUE if ops >= self.operations else FALSE

    def describe(self) -> str:
        return f"the item was trained with at least {float(self.operations):.0e} operations"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"training compute of item `{ctx.item.id}`",)


@attrs.frozen
class WeightsPublished(Scope):
    """Selects items whose weights are published (or, with `False`, unpublished).

    Examples:
        >>> WeightsPublished(False).describe()
        'the weights are not published'
    """

    published: bool = attrs.field(default=True, validator=check_bool)
    target: ClassVar[Target | None] = Target.ITEM

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.item.weights_published is self.published else FALSE

    def describe(self) -> str:
        return (
            "the weights are published"
            if self.published
            else ("the weights are not published")
        )


# ---------------------------------------------------------------- modes


@attrs.frozen
class ModeIs(Scope):
    """Selects the deployment modes with these names.

    Examples:
        >>> ModeIs(["hosted-api", "web-app"]).describe()
        'the mode is one of `hosted-api`, `web-app`'
    """

    names: frozenset[str] = attrs.field(converter=strings, validator=_nonempty)
    target: ClassVar[Target | None] = Target.MODE

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.mode.name in self.names else FALSE

    def describe(self) -> str:
        return f"the mode is {_listed(self.names)}"

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("mode", n) for n in sorted(self.names))


@attrs.frozen
class TransfersWeights(Scope):
    """Selects modes that transfer the weights (or, with `False`, that do not).

    Examples:
        >>> TransfersWeights().describe()
        'the mode transfers the weights'
    """

    transfers: bool = attrs.field(default=True, validator=check_bool)
    target: ClassVar[Target | None] = Target.MODE

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.mode.transfers_weights is self.transfers else FALSE

    def describe(self) -> str:
        return (
            "the mode transfers the weights"
            if self.transfers
            else ("the mode does not transfer the weights")
        )


def _locations(value: object) -> frozenset[ComputeLocation]:
    if isinstance(value, str | ComputeLocation):
        value = (value,)
    assert isinstance(value, Iterable)
    return frozenset(ComputeLocation(v) for v in value)


@attrs.frozen
class ComputeRunsAt(Scope):
    """Selects modes whose compute runs at one of `locations`.

    Examples:
        >>> ComputeRunsAt("provider").describe()
        'the model runs at `provider`'
    """

    locations: frozenset[ComputeLocation] = attrs.field(
        converter=_locations, validator=_nonempty
    )
    target: ClassVar[Target | None] = Target.MODE

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.mode.compute in self.locations else FALSE

    def describe(self) -> str:
        return f"the model runs at {_listed(loc.value for loc in self.locations)}"


# ---------------------------------------------------------------- recipients


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


def _in_destinations(ctx: Context, countries: frozenset[str]) -> Tri:
    options = ctx.destinations()
    if options is None:
        return UNKNOWN
    seen = {not countries.isdisjoint(option) for option in options}
    if seen == {True}:
        return TRUE
    if seen == {False}:
        return FALSE
    return UNKNOWN


@attrs.frozen
class DestinationIn(Scope):
    """Selects accesses whose destination is one of `countries`.

    The destination is the recipient's location; for a foreign person inside the
    jurisdiction (a deemed export) the regime's deemed-export rule decides.

    Examples:
        >>> DestinationIn(["cn", "mo"]).describe()
        'the destination is one of `CN`, `MO`'
    """

    countries: frozenset[str] = attrs.field(converter=_countries, validator=_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return _in_destinations(ctx, self.countries)

    def describe(self) -> str:
        return f"the destination is {_listed(self.countries)}"

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

    groups: frozenset[str] = attrs.field(converter=strings, validator=_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        members: frozenset[str] = frozenset()
        for group in self.groups:
            members |= ctx.group(group)
        return _in_destinations(ctx, members)

    def describe(self) -> str:
        return f"the destination is in country group {_listed(self.groups)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return ctx.missing_for_destination()

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("country group", g) for g in sorted(self.groups))


def _kinds(value: object) -> frozenset[EntityKind]:
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

    kinds: frozenset[EntityKind] = attrs.field(converter=_kinds, validator=_nonempty)
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
        converter=strings, validator=[_nonempty, _each_id]
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        recipient = ctx.recipient
        if recipient.id in self.ids:
            return TRUE
        return FALSE if self.ids.isdisjoint(recipient.same_as) else TRUE

    def describe(self) -> str:
        return f"the recipient is {_listed(self.ids)}"

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
        converter=strings, validator=[_nonempty, _each_id]
    )
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return FALSE if self.ids.isdisjoint(ctx.employers()) else TRUE

    def describe(self) -> str:
        return f"the recipient is employed by {_listed(self.ids)}"

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity", i) for i in sorted(self.ids))


def _owned(
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
        converter=strings, validator=[_nonempty, _each_id]
    )
    min_share: float | None = attrs.field(default=None, kw_only=True)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        ids = self.ids
        return _owned(ctx, lambda who: not ids.isdisjoint(who), self.min_share)

    def describe(self) -> str:
        if self.min_share is None:
            return f"the recipient is owned by {_listed(self.ids)}"
        return f"the recipient is at least {self.min_share:.0%} owned by {_listed(self.ids)}"

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

    lists: frozenset[str] = attrs.field(converter=strings, validator=_nonempty)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        return TRUE if any(ctx.on_list(name) for name in self.lists) else FALSE

    def describe(self) -> str:
        return f"the recipient is on list {_listed(self.lists)}"

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

    lists: frozenset[str] = attrs.field(converter=strings, validator=_nonempty)
    min_share: float | None = attrs.field(default=None, kw_only=True)
    target: ClassVar[Target | None] = Target.RECIPIENT

    def match(self, ctx: Context) -> Tri:
        def listed(who: frozenset[str]) -> bool:
            return any(ctx.on_list(name, who) for name in self.lists)

        return _owned(ctx, listed, self.min_share)

    def describe(self) -> str:
        owned = (
            "owned"
            if self.min_share is None
            else f"at least {self.min_share:.0%} owned"
        )
        return f"the recipient is {owned} by a party on list {_listed(self.lists)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"ownership shares in `{ctx.recipient.id}`",)

    def _own_references(self) -> Iterator[tuple[str, str]]:
        return (("entity list", n) for n in sorted(self.lists))


@attrs.frozen
class WithinRequirement(Scope):
    """Selects the items within a license requirement that aicontrols cannot read.

    A screening-list entry may require a license for a described set of items
    ("any item listed in supplement no. 2 to part 744") that no item fact
    settles. Whether an item falls within it is always `UNKNOWN`, so a
    restriction that uses this scope makes its decisions `UNDETERMINED` (fail
    closed) and names the requirement as the missing fact.

    Examples:
        >>> WithinRequirement("For any item listed in supplement no. 2 to part 744.").describe()
        "the item is within 'For any item listed in supplement no. 2 to part 744.'"
    """

    text: str = attrs.field()
    target: ClassVar[Target | None] = Target.ITEM

    @text.validator
    def _check(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("`text` must be a non-empty string")

    def match(self, ctx: Context) -> Tri:
        return UNKNOWN

    def describe(self) -> str:
        return f"the item is within {self.text!r}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"whether item `{ctx.item.id}` is within {self.text!r}",)
