"""A broken consistency rule of a regime, and what the rules read of one.

`aicontrols._validate` yields these; Python construction raises the first
(`Problem.error()`), and `aicontrols.files` locates each in its file.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from ._entities import Entity
from ._groups import CountryGroup, EntityList
from ._items import ControlledItem, DeploymentMode
from ._notices import Notice
from .exceptions import InvalidRegimeError, UnknownReferenceError

__all__ = ["Path", "Problem", "RegimeData"]

Path = tuple[str | int, ...]
"""Where a value sits in a regime: `("notices", 1, "adds", 0, "id")`."""


class RegimeData(Protocol):
    """What the rules read of a regime: its data, never its engine.

    `Regime` has these fields; naming them here, rather than importing
    `Regime`, keeps the rules below the regime in the import graph, and lets
    the file loader check what it built before it builds a `Regime`.
    """

    @property
    def timezone(self) -> str: ...
    @property
    def entities(self) -> tuple[Entity, ...]: ...
    @property
    def items(self) -> tuple[ControlledItem, ...]: ...
    @property
    def modes(self) -> tuple[DeploymentMode, ...]: ...
    @property
    def country_groups(self) -> tuple[CountryGroup, ...]: ...
    @property
    def country_groups_from(self) -> str | None: ...
    @property
    def entity_lists(self) -> tuple[EntityList, ...]: ...
    @property
    def notices(self) -> tuple[Notice, ...]: ...


@attrs.frozen
class Problem:
    """One broken rule of a regime.

    Attributes:
        path: where the offending value sits, as keys and indexes; a notice's
            rules are `adds` and `amends` in the notice's order (restrictions
            first), as `Notice` keeps them.
        message: what is wrong, without the path.
        value: the offending value; for an unknown reference, the id.
        kind: for an unknown reference, what the id should name (`rule`,
            `entity`, ...), raised as `UnknownReferenceError`; `None` for every
            other problem, raised as `InvalidRegimeError`.
        within: in a scope, the way from `path` to the leaf that names the id,
            as a regime file writes it (`("all", 1, "not")`).
        reads: the other values the rule compared (a defaulted `start` reads
            the notice's `effective`; a date against an instant reads the
            zone). A file's loader skips a rule that read a value it could not
            build, rather than report it twice.

    Examples:
        >>> import aicontrols as ac
        >>> from aicontrols._validate import problems
        >>> regime = ac.examples.load("mythos5")
        >>> list(problems(regime))
        []
    """

    path: Path
    message: str
    value: object = None
    kind: str | None = None
    within: Path = ()
    reads: tuple[Path, ...] = ()
    hint: str | None = None
    """For an unknown reference: what was probably meant, in words."""

    @property
    def where(self) -> str:
        """The path as Python users write it: `notices[1].adds[0].lifts[0]`."""
        return "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" if i else p
            for i, p in enumerate(self.path)
        )

    def error(self) -> InvalidRegimeError | UnknownReferenceError:
        """The exception that building the regime in Python raises for it."""
        if self.kind is not None:
            return UnknownReferenceError(
                self.kind, str(self.value), path=self.where, hint=self.hint
            )
        return InvalidRegimeError(self.message, path=self.where, value=self.value)
