"""Checking a regime file's shape: the JSON Schema, and dates that exist.

This is about the file, not the regime: types, keys, formats (country codes,
with a did-you-mean), dates and instants that are real. What the regime's
values must be, alone and together, its classes and its consistency rules
check, once, for Python and files alike (`_build`, `aicontrols._validate`).

Every problem is collected, none stops the others: a file with ten mistakes
reports ten located problems at once.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterator
from typing import Any

import jsonschema

from .._countries import country, jurisdiction
from ._convert import parse_when
from ._schema import COUNTRY_FORMAT, JURISDICTION_FORMAT, SCHEMA
from ._yaml import Marks, Path, Problem, render

FORMATS = jsonschema.FormatChecker(formats=())
"""The schema's formats: country codes and jurisdictions, checked by aicontrols."""


@FORMATS.checks(COUNTRY_FORMAT, raises=(TypeError, ValueError))
def _is_country(value: object) -> bool:
    """Raises, with a did-you-mean, for a string that is not a country code."""
    if isinstance(value, str):
        country(value)
    return True  # a value of another type: the schema's `type` reports it


@FORMATS.checks(JURISDICTION_FORMAT, raises=(TypeError, ValueError))
def _is_jurisdiction(value: object) -> bool:
    """Raises, with a did-you-mean, for a string that is not a jurisdiction."""
    if isinstance(value, str):
        jurisdiction(value)
    return True


def _checked_schema() -> dict[str, Any]:
    """The schema as checked here: a country code's shape is left to its format,
    whose message says which code was meant (`USA`: did you mean `US`?)."""
    schema = copy.deepcopy(SCHEMA)
    for name in ("country", "jurisdiction"):
        del schema["$defs"][name]["pattern"]
    return schema


CHECKED_SCHEMA = _checked_schema()
_VALIDATOR = jsonschema.Draft202012Validator(CHECKED_SCHEMA, format_checker=FORMATS)
_WHEN = jsonschema.Draft202012Validator(SCHEMA["$defs"]["when"])
_TYPES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "`true` or `false`",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}
_JSON_TYPE = {str: "string", bool: "boolean", int: "number", float: "number",
              list: "array", dict: "object", type(None): "null"}  # fmt: skip


def shown(value: Any) -> str:
    """A value as a message quotes it, cut to a readable length."""
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class Checker:
    """Collects located problems for one file."""

    def __init__(self, file: str, marks: Marks) -> None:
        self.file = file
        self.marks = marks
        self.problems: list[Problem] = []
        self.paths: list[Path] = []  # each problem's path, as keys and indexes

    def add(self, path: Path, message: str, *, key: bool = False) -> None:
        line, column = self.marks.of(path, key=key)
        self.problems.append(Problem(self.file, line, column, render(path), message))
        self.paths.append(path)

    # ------------------------------------------------------------ the schema

    def schema(self, data: Any) -> None:
        for error in sorted(
            _VALIDATOR.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
        ):
            self.schema_error(error)

    def schema_error(self, error: jsonschema.ValidationError) -> None:
        path: Path = tuple(error.absolute_path)
        kind = error.validator
        value: Any = error.instance
        schema: Any = error.schema
        if kind == "additionalProperties":
            known = sorted(schema.get("properties", {}))
            for extra in sorted(set(value) - set(known)):
                hint = difflib.get_close_matches(extra, known, n=1)
                more = (
                    f" (did you mean `{hint[0]}`?)"
                    if hint
                    else f" (expected one of {_names(known)})"
                )
                self.add((*path, extra), f"unknown key `{extra}`{more}", key=True)
        elif kind == "required":
            for missing in schema["required"]:
                if missing not in value:
                    self.add(path, f"missing required key `{missing}`")
        elif kind == "anyOf":
            branch = self._branch(error)
            if branch is not None:
                for sub in branch:
                    self.schema_error(sub)
            else:
                self.add(
                    path,
                    f"expected {schema.get('description', 'another value')}, got {shown(value)}",
                )
        elif kind == "type":
            expected = schema["type"]
            names = [
                _TYPES[t]
                for t in ([expected] if isinstance(expected, str) else expected)
            ]
            self.add(path, f"expected {' or '.join(names)}, got {shown(value)}")
        elif kind == "format":  # a country code: the check's own words
            self.add(path, str(error.cause))
        elif kind in ("pattern", "const", "minLength"):
            self.add(
                path,
                f"expected {schema.get('description', 'a non-empty string')}, got {shown(value)}",
            )
        elif kind == "enum":
            options = ", ".join(
                f"`{o}`" if o is not None else "null" for o in schema["enum"]
            )
            self.add(
                path,
                f"expected one of {options}, got {shown(value)}{_enum_hint(value, schema['enum'])}",
            )
        elif kind == "minItems":
            self.add(
                path, f"expected at least {schema['minItems']} entry, got an empty list"
            )
        elif kind in ("minProperties", "maxProperties"):
            keys = ", ".join(f"`{k}`" for k in value) or "none"
            self.add(path, f"expected exactly one key, got {len(value)}: {keys}")
        elif kind in ("minimum", "exclusiveMinimum", "maximum"):
            bound = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<="}[kind]
            self.add(
                path, f"expected a number {bound} {schema[kind]}, got {shown(value)}"
            )
        else:  # pragma: no cover - every keyword the schema uses is handled above
            self.add(path, error.message)

    def _branch(
        self, error: jsonschema.ValidationError
    ) -> list[jsonschema.ValidationError] | None:
        """The errors of the one `anyOf` branch whose type fits the value, if one fits."""
        kind = _JSON_TYPE.get(type(error.instance))
        fits: dict[int, list[jsonschema.ValidationError]] = {}
        for sub in error.context or ():
            index = sub.relative_schema_path[0]
            assert isinstance(index, int)
            fits.setdefault(index, []).append(sub)
        branches: Any = error.schema
        candidates = [
            errors
            for index, errors in fits.items()
            if "const" not in branches["anyOf"][index]
            and _branch_type(branches["anyOf"][index]) == kind
            and not any(e.validator == "type" and not e.relative_path for e in errors)
        ]
        return candidates[0] if len(candidates) == 1 else None

    # ------------------------------------------------------------ dates

    def dates(self, data: Any) -> None:
        """Every date and instant the schema lets through, read as a real one."""
        for path, value in whens(data, ()):
            self.when(path, value)

    def when(self, path: Path, value: Any) -> None:
        if not isinstance(value, str) or not _WHEN.is_valid(value):
            return  # the schema reports it
        try:
            parse_when(value)
        except ValueError:
            self.add(
                path, f"expected a real calendar date or instant, got {shown(value)}"
            )


# ---------------------------------------------------------------- helpers

_WHEN_KEYS = {"published", "effective", "compliance", "start", "end", "end_published"}


def whens(data: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _WHEN_KEYS and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from whens(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from whens(value, (*path, i))


def _branch_type(schema: dict[str, Any]) -> str | None:
    if "const" in schema:
        return _JSON_TYPE[type(schema["const"])]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _branch_type(SCHEMA["$defs"][name])
    if "enum" in schema:
        return "string"
    kind = schema.get("type")
    return kind if isinstance(kind, str) else None


def _names(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _enum_hint(value: Any, options: list[Any]) -> str:
    """` (did you mean `x`?)` for a string close to one of an enum's strings."""
    if not isinstance(value, str):
        return ""
    names = [o for o in options if isinstance(o, str)]
    folded = {o.lower(): o for o in names}
    close = difflib.get_close_matches(value.strip().lower(), list(folded), n=1)
    return f" (did you mean `{folded[close[0]]}`?)" if close else ""
