"""Reading the cells of an access log's rows: who, where, and the problems of a cell.

The columnar audit reads each distinct row once, and the command line's audit
reads rows one by one; both read a cell the same way, here. A cell that cannot
be read is a `CellProblem` naming its column, so that the row is reported as
unreadable with the column at fault, never decided on a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._columns import suggestion
from ._entities import Citizenship, Employment, Entity, EntityKind, Residency
from ._validators import optional_country

__all__ = [
    "CellProblem",
    "article",
    "checked",
    "entity_kind",
    "location_cell",
    "log_recipient",
    "split_list",
]


def split_list(value: str | None) -> tuple[str, ...]:
    """A `;`-separated cell as a tuple of its non-empty, stripped parts."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(";") if part.strip())


class CellProblem(ValueError):
    """Why a row cannot be decided, and the column at fault.

    Attributes:
        column: the column at fault.
        message: why, without the column.
    """

    def __init__(self, column: str, message: str) -> None:
        self.column = column
        self.message = message
        super().__init__(f"`{column}`: {message}")


def checked(column: str, make: Callable[[], Any]) -> Any:
    """`make()`, its `ValueError` or `TypeError` as the problem of `column`
    (named once: a message may name it already)."""
    try:
        return make()
    except CellProblem:
        raise
    except (ValueError, TypeError) as error:
        raise CellProblem(column, str(error).removeprefix(f"`{column}`: ")) from None


def location_cell(value: object, column: str = "location") -> str | None:
    """The `location` (or `origin`) cell of a row as a country code; `None`
    when it is empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise CellProblem(column, f"expected a string, got `{value!r}`")
    return checked(column, lambda: optional_country(value))  # type: ignore[no-any-return]


_KINDS = tuple(k.value for k in EntityKind)


def entity_kind(value: object) -> EntityKind | None:
    """The `kind` cell of a row as an `EntityKind`; `None` when it is empty.

    Examples:
        >>> entity_kind("individual")
        <EntityKind.INDIVIDUAL: 'individual'>
        >>> entity_kind("Company")
        Traceback (most recent call last):
        ...
        aicontrols._audit_rows.CellProblem: `kind`: unknown entity kind `Company` (did you mean `company`?)
    """
    if value is None or value == "":
        return None
    if isinstance(value, EntityKind):
        return value
    if not isinstance(value, str):
        raise CellProblem("kind", f"expected a string, got `{value!r}`")
    try:
        return EntityKind(value)
    except ValueError:
        hint = suggestion(value, _KINDS) or " (known: {})".format(
            ", ".join(f"`{k}`" for k in _KINDS)
        )
        raise CellProblem("kind", f"unknown entity kind `{value}`{hint}") from None


def log_recipient(
    recipient: str,
    citizenships: Sequence[str] = (),
    residencies: Sequence[str] = (),
    employers: Sequence[str] = (),
    *,
    kind: EntityKind | str | None = None,
    catalog: Mapping[str, Entity] | None = None,
) -> Entity | str:
    """The recipient of a log row: a catalog id, or an entity the row describes.

    A row with facts describes an entity of its `kind` (by default an
    individual; undated facts: they hold throughout). A row without facts
    names a catalog entity by its id, unless `catalog` is given (the log has
    fact or `kind` columns) and lacks the id: then the row describes an
    entity with no recorded facts, so the verdict is undetermined wherever a
    missing fact matters, as for `Entity(id, kind="individual")`.

    Raises:
        CellProblem: a cell is malformed, or `kind` contradicts the catalog.

    Examples:
        >>> from aicontrols._audit_rows import log_recipient
        >>> log_recipient("acme-cloud")
        'acme-cloud'
        >>> log_recipient("priya", citizenships=["IN"]).citizenships[0].country
        'IN'
        >>> log_recipient("new-hire", catalog={}).kind
        <EntityKind.INDIVIDUAL: 'individual'>
    """
    given = entity_kind(kind)
    known = catalog.get(recipient) if catalog is not None else None
    if known is not None and given is not None and given is not known.kind:
        raise CellProblem(
            "kind",
            f"`{recipient}` is {article(known.kind)} in the catalog, not {article(given)}",
        )
    if not (citizenships or residencies or employers) and (
        catalog is None or known is not None
    ):
        return recipient
    facts = {
        "citizenships": checked(
            "citizenships", lambda: [Citizenship(c) for c in citizenships]
        ),
        "residencies": checked(
            "residencies", lambda: [Residency(c) for c in residencies]
        ),
        "employments": checked("employers", lambda: [Employment(e) for e in employers]),
    }
    return checked(  # type: ignore[no-any-return]
        "recipient",
        lambda: Entity(recipient, kind=given or EntityKind.INDIVIDUAL, **facts),
    )


def article(kind: EntityKind) -> str:
    """`a company`, `an individual`: the kind with its article, for messages."""
    words = kind.value.replace("_", " ")
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"
