"""Reading one entity or item described outside a regime, in the catalog format.

A recipient file for the command line (`read_recipient`), or the facts that an
HTTP request gives for a recipient, a party or an item (`entity_from_data`,
`item_from_data`): each is checked as a catalog entry of a regime file is, by
the schema and then built piece by piece by its classes, every problem
located by its path within the description.
"""

from __future__ import annotations

import os
from typing import Any

import jsonschema

from .._entities import Entity
from .._items import ControlledItem
from ..exceptions import RegimeFileError
from ._build import Builder
from ._check import CHECKED_SCHEMA, FORMATS, Checker
from ._yaml import Marks, Path, read_text, read_yaml

__all__ = ["entity_from_data", "item_from_data", "read_recipient"]

_VALIDATORS = {
    kind: jsonschema.Draft202012Validator(
        {"$ref": f"#/$defs/{kind}", "$defs": CHECKED_SCHEMA["$defs"]},
        format_checker=FORMATS,
    )
    for kind in ("entity", "item")
}

Located = list[tuple[Path, str]]
"""Problems as (path within the description, message) pairs."""


def _read(data: Any, kind: str, checker: Checker) -> Any:
    """The entity or item `data` describes, or `None`, its problems in `checker`."""
    for invalid in _VALIDATORS[kind].iter_errors(data):
        checker.schema_error(invalid)
    checker.dates(data)
    if checker.problems:
        return None
    builder = Builder(data, ())
    if kind == "entity":
        built: Any = builder.entity((), ("recipient",), data)
    else:
        built = builder.item((), ("item",), data)
    for where, message in builder.found:
        checker.add(where, message)
    return None if checker.problems else built


def _from_data(data: Any, kind: str) -> tuple[Any, Located]:
    checker = Checker("<data>", Marks())
    built = _read(data, kind, checker)
    problems = [
        (path, problem.message)
        for path, problem in zip(checker.paths, checker.problems, strict=True)
    ]
    return (None if problems else built), problems


def entity_from_data(data: Any) -> tuple[Entity | None, Located]:
    """The entity that plain data describes with a catalog entity's keys (`id`,
    `kind`, `country`, `citizenships`, ...), or `None` and every problem found.

    Examples:
        >>> entity_from_data({"id": "wei", "kind": "individual",
        ...                   "citizenships": [{"country": "CN"}]})[0].id
        'wei'
        >>> entity_from_data({"id": "wei", "citizenship": []})[1]
        [(('citizenship',), 'unknown key `citizenship` (did you mean `citizenships`?)')]
    """
    built, problems = _from_data(data, "entity")
    return built, problems


def item_from_data(data: Any) -> tuple[ControlledItem | None, Located]:
    """The item that plain data describes with a catalog item's keys (`id`,
    `developer`, `classifications`, ...), or `None` and every problem found.

    Examples:
        >>> item_from_data({"id": "m", "classifications": {"ECCN": "4E091"}})[0].id
        'm'
        >>> item_from_data({"id": "m", "weights_published": "yes"})[1]
        [(('weights_published',), 'expected `true` or `false`, got "yes"')]
    """
    built, problems = _from_data(data, "item")
    return built, problems


def read_recipient(path: str | os.PathLike[str]) -> Entity:
    """The entity described in a YAML file (`id`, `kind`, `citizenships`, ...).

    Checked as a catalog entity of a regime file is: by the schema, then
    built piece by piece by its classes, each problem located.

    Raises:
        RegimeFileError: the file cannot be read or describes no valid entity.
    """
    name = os.fspath(path)
    text = read_text(name)
    data, marks, problems = read_yaml(text, name)
    if problems:
        raise RegimeFileError(problems)
    checker = Checker(name, marks)
    entity: Entity | None = _read(data, "entity", checker)
    if checker.problems or entity is None:
        raise RegimeFileError(
            sorted(checker.problems, key=lambda p: (p.line, p.column))
        )
    return entity
