"""Reading one recipient entity from a small YAML file, in the catalog format."""

from __future__ import annotations

import os

import jsonschema

from .._entities import Entity
from ..exceptions import RegimeFileError
from ._check import CHECKED_SCHEMA, FORMATS, Checker
from ._convert import CONVERTER
from ._yaml import Problem, read_text, read_yaml

_ENTITY = {"$ref": "#/$defs/entity", "$defs": CHECKED_SCHEMA["$defs"]}


def read_recipient(path: str | os.PathLike[str]) -> Entity:
    """The entity described in a YAML file (`id`, `kind`, `citizenships`, ...).

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
        checker._schema_error(invalid)
    for path_, value in _dates(data):
        checker._when(path_, value)
    if checker.problems:
        raise RegimeFileError(checker.problems)
    try:
        return CONVERTER.structure(data, Entity)
    except Exception as error:  # a value the schema allows but a class refuses
        raise RegimeFileError([Problem(name, 1, 1, "", str(error))]) from None


def _dates(data: object) -> list[tuple[tuple[str | int, ...], str]]:
    from ._check import _whens

    return list(_whens(data, ()))
