"""Reading one recipient entity from a small YAML file, in the catalog format."""

from __future__ import annotations

import os

import jsonschema

from .._entities import Entity
from ..exceptions import RegimeFileError
from ._build import Builder
from ._check import CHECKED_SCHEMA, FORMATS, Checker
from ._yaml import read_text, read_yaml

_ENTITY = {"$ref": "#/$defs/entity", "$defs": CHECKED_SCHEMA["$defs"]}


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
    validator = jsonschema.Draft202012Validator(_ENTITY, format_checker=FORMATS)
    for invalid in validator.iter_errors(data):
        checker.schema_error(invalid)
    checker.dates(data)
    if checker.problems:
        raise RegimeFileError(checker.problems)
    builder = Builder(data, ())
    entity = builder.entity((), ("recipient",), data)
    for where, message in builder.found:
        checker.add(where, message)
    if checker.problems or entity is None:
        raise RegimeFileError(
            sorted(checker.problems, key=lambda p: (p.line, p.column))
        )
    return entity
