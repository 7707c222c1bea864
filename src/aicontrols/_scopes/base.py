"""The scope protocol and the combinators.

`Scope` is the base every scope subclasses: a frozen, comparable value that
answers in three values (`Tri`) and describes itself in words. `Target` says
what a leaf reads. `Everything` (the one `EVERYTHING`), `AllOf`, `AnyOf` and
`Not` combine scopes in Kleene's logic, so an unknown fact only matters where it
could change the answer. The validators and words the leaf scopes share live
here too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .._tri import FALSE, TRUE, UNKNOWN, Tri
from .._validators import check_id

if TYPE_CHECKING:
    from .._engine.context import Context


class Target(enum.Enum):
    """What a leaf scope reads: the item, the mode or the recipient."""

    ITEM = "item"
    MODE = "mode"
    RECIPIENT = "recipient"


def listed(values: Iterable[str]) -> str:
    quoted = [f"`{v}`" for v in sorted(values)]
    if len(quoted) == 1:
        return quoted[0]
    return "one of " + ", ".join(quoted)


def check_nonempty(_: Any, attribute: Any, value: Any) -> None:
    if not value:
        raise ValueError(f"`{attribute.name}` must name at least one value")


def check_each_id(_: Any, attribute: Any, value: frozenset[str]) -> None:
    for one in sorted(value, key=str):
        check_id(None, attribute, one)


class Scope:
    """The base of every scope. Subclasses are frozen attrs classes.

    Examples:
        >>> from aicontrols import EmployedBy, ForeignPerson
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


def scope_tuple(value: Iterable[Scope]) -> tuple[Scope, ...]:
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
        >>> from aicontrols import DestinationIn, ForeignPerson
        >>> AllOf([ForeignPerson(), DestinationIn(["CN", "MO"])]).describe()
        'all of: the recipient is a foreign person; the destination is one of `CN`, `MO`'
    """

    scopes: tuple[Scope, ...] = attrs.field(converter=scope_tuple)

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
        >>> from aicontrols import EmployedBy, EntityIs
        >>> AnyOf([EntityIs("acme-cloud"), EmployedBy("acme-cloud")]).describe()
        'any of: the recipient is `acme-cloud`; the recipient is employed by `acme-cloud`'
    """

    scopes: tuple[Scope, ...] = attrs.field(converter=scope_tuple)

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
        >>> from aicontrols import WeightsPublished
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
