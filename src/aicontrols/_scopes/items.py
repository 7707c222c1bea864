"""The leaf scopes that read the item and the deployment mode.

Item scopes (`ItemIs`, `DevelopedBy`, `ClassifiedAs`, `ClassificationRecorded`,
`TrainedWithAtLeast`,
`ParameterAtLeast`, `ParameterBelow`, `WeightsPublished`, `WithinRequirement`)
read the controlled item; mode scopes
(`ModeIs`, `TransfersWeights`, `ComputeRunsAt`) read how it is deployed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._items import ComputeLocation, check_parameter_name
from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import (
    at_least,
    check_bool,
    check_classification,
    check_scheme,
    finite_number,
    strings,
)
from .base import Scope, Target, check_each_id, check_nonempty, listed

if TYPE_CHECKING:
    from .._engine.context import Context


# ---------------------------------------------------------------- items


@attrs.frozen
class ItemIs(Scope):
    """Selects the items with these ids.

    Examples:
        >>> ItemIs(["mythos-5", "fable-5"]).describe()
        'the item is one of `fable-5`, `mythos-5`'
    """

    ids: frozenset[str] = attrs.field(
        converter=strings, validator=[check_nonempty, check_each_id]
    )
    target: ClassVar[Target | None] = Target.ITEM

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.item.id in self.ids else FALSE

    def describe(self) -> str:
        return f"the item is {listed(self.ids)}"

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
        converter=strings, validator=[check_nonempty, check_each_id]
    )
    target: ClassVar[Target | None] = Target.ITEM

    def match(self, ctx: Context) -> Tri:
        developer = ctx.item.developer
        if developer is None:
            return UNKNOWN
        return TRUE if developer in self.ids else FALSE

    def describe(self) -> str:
        return f"the item is developed by {listed(self.ids)}"

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
    codes: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
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
        return f"the item is classified {self.scheme} {listed(self.codes)}"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"{self.scheme} classification of item `{ctx.item.id}`",)


@attrs.frozen
class ClassificationRecorded(Scope):
    """Selects items that record a code under `scheme`; never `UNKNOWN`.

    With `Not`, it selects the items whose code is not recorded, so a rule can
    read the recorded code where there is one and the technical facts where
    there is none: `ClassifiedAs` alone is `UNKNOWN` for an item without a
    code, and so is anything it is combined with in `AnyOf` that is not true.

    Examples:
        >>> ClassificationRecorded("ECCN").describe()
        'the item records an ECCN classification'
        >>> from aicontrols import Not
        >>> Not(ClassificationRecorded("ECCN")).describe()
        'not (the item records an ECCN classification)'
    """

    scheme: str = attrs.field()
    target: ClassVar[Target | None] = Target.ITEM

    @scheme.validator
    def _check_scheme(self, _: object, value: str) -> None:
        check_scheme(value)

    def match(self, ctx: Context) -> Tri:
        return TRUE if self.scheme in ctx.item.classifications else FALSE

    def describe(self) -> str:
        return f"the item records an {self.scheme} classification"


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
        return TRUE if at_least(ops, self.operations) else FALSE

    def describe(self) -> str:
        return f"the item was trained with at least {float(self.operations):.0e} operations"

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"training compute of item `{ctx.item.id}`",)


def _parameter_name(_: object, __: object, value: str) -> None:
    check_parameter_name(value)


def _threshold(value: float) -> float:
    """A finite, non-negative number, as a `float` (so `4800` equals `4800.0`)."""
    finite_number(value, "value")
    return float(value)


class _ParameterScope(Scope):
    """A comparison of one of the item's technical parameters with a number."""

    __slots__ = ()
    name: str
    value: float
    target: ClassVar[Target | None] = Target.ITEM

    def _missing(self, ctx: Context) -> tuple[str, ...]:
        return (f"`{self.name}` of item `{ctx.item.id}`",)


@attrs.frozen
class ParameterAtLeast(_ParameterScope):
    """Selects items whose parameter `name` is at least `value`.

    `name` is one of `PARAMETERS` (`tpp`, `performance_density`,
    `dram_bandwidth_gbps`, `memory_bandwidth_density`, `training_operations`),
    in its units. An item that does not record the parameter is `UNKNOWN`, and
    the parameter is named as the missing fact.

    Examples:
        >>> ParameterAtLeast("tpp", 4800).describe()
        'the item has `tpp` at least 4800'
    """

    name: str = attrs.field(validator=_parameter_name)
    value: float = attrs.field(converter=_threshold)

    def match(self, ctx: Context) -> Tri:
        known = ctx.item.parameter(self.name)
        if known is None:
            return UNKNOWN
        return TRUE if at_least(known, self.value) else FALSE

    def describe(self) -> str:
        return f"the item has `{self.name}` at least {self.value:g}"


@attrs.frozen
class ParameterBelow(_ParameterScope):
    """Selects items whose parameter `name` is below `value` (strictly).

    The complement of `ParameterAtLeast` for an item that records the
    parameter; an item that does not is `UNKNOWN` for both.

    Examples:
        >>> ParameterBelow("dram_bandwidth_gbps", 6500).describe()
        'the item has `dram_bandwidth_gbps` below 6500'
    """

    name: str = attrs.field(validator=_parameter_name)
    value: float = attrs.field(converter=_threshold)

    def match(self, ctx: Context) -> Tri:
        known = ctx.item.parameter(self.name)
        if known is None:
            return UNKNOWN
        return FALSE if at_least(known, self.value) else TRUE

    def describe(self) -> str:
        return f"the item has `{self.name}` below {self.value:g}"


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


# ---------------------------------------------------------------- modes


@attrs.frozen
class ModeIs(Scope):
    """Selects the deployment modes with these names.

    Examples:
        >>> ModeIs(["hosted-api", "web-app"]).describe()
        'the mode is one of `hosted-api`, `web-app`'
    """

    names: frozenset[str] = attrs.field(converter=strings, validator=check_nonempty)
    target: ClassVar[Target | None] = Target.MODE

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.mode.name in self.names else FALSE

    def describe(self) -> str:
        return f"the mode is {listed(self.names)}"

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


def location_set(value: object) -> frozenset[ComputeLocation]:
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
        converter=location_set, validator=check_nonempty
    )
    target: ClassVar[Target | None] = Target.MODE

    def match(self, ctx: Context) -> Tri:
        return TRUE if ctx.mode.compute in self.locations else FALSE

    def describe(self) -> str:
        return f"the model runs at {listed(loc.value for loc in self.locations)}"
