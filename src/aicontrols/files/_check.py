"""Checking a regime file's data: the schema, then what a schema cannot say.

Every problem is collected, none stops the others: a file with ten mistakes
reports ten located problems at once.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pendulum

from .._countries import UNIONS, country, jurisdiction
from .._time import check_when, resolve
from .._validators import check_classification
from ._convert import LEAVES, parse_when
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

    def add(self, path: Path, message: str, *, key: bool = False) -> None:
        line, column = self.marks.of(path, key=key)
        self.problems.append(Problem(self.file, line, column, render(path), message))

    # ------------------------------------------------------------ the schema

    def schema(self, data: Any) -> None:
        for error in sorted(
            _VALIDATOR.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
        ):
            self._schema_error(error)

    def _schema_error(self, error: jsonschema.ValidationError) -> None:
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
                    self._schema_error(sub)
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
            self.add(path, f"expected one of {options}, got {shown(value)}")
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

    # ------------------------------------------------------------ beyond the schema

    def semantics(self, data: Any) -> None:
        if not isinstance(data, dict):
            return
        self._timezone(data)
        union = data.get("jurisdiction")
        if (
            isinstance(union, str)
            and union.upper() in UNIONS
            and "territory" not in data
        ):
            self.add(
                ("jurisdiction",),
                f"the jurisdiction `{union}` is a union ({UNIONS[union.upper()]}): "
                "give its member countries as `territory`",
            )
        catalog = _dict(data.get("catalog"))
        known: dict[str, set[str]] = {
            "entity": self._ids(catalog.get("entities"), ("catalog", "entities"), "entity"),
            "item": self._ids(catalog.get("items"), ("catalog", "items"), "item"),
            "country group": self._ids(data.get("country_groups"), ("country_groups",), "country group"),
            "entity list": self._ids(data.get("entity_lists"), ("entity_lists",), "entity list"),
            "notice": self._ids(data.get("notices"), ("notices",), "notice"),
            "mode": {"weights-transfer", "on-premises", "hosted-api", "web-app",
                     "cloud-marketplace", "fine-tuning", "open-publication"}
            | {str(m.get("name")) for m in _list(data.get("modes")) if isinstance(m, dict)},
        }  # fmt: skip
        for path, value in _whens(data, ()):
            self._when(path, value)
        self._catalog(data, known)
        self._classified(data.get("notices"), ("notices",))
        tz = data.get("timezone")
        zone = tz if isinstance(tz, str) and _known_zone(tz) else None
        for path, start, end in _spans(data, ()):
            self._span(path, start, end, zone)
        self._notices(data, known)

    def _catalog(self, data: dict[str, Any], known: dict[str, set[str]]) -> None:
        catalog = _dict(data.get("catalog"))
        for e, raw in enumerate(_list(catalog.get("entities"))):
            entity = _dict(raw)
            base: Path = ("catalog", "entities", e)
            if entity.get("kind", "company") != "individual":
                for field in ("citizenships", "residencies"):
                    if entity.get(field):
                        self.add(
                            (*base, field),
                            f"only an individual has {field}; add `kind: individual` "
                            "(an organisation has a `country`)",
                        )
            for field, key in (("employments", "employer"), ("owners", "owner")):
                for k, fact in enumerate(_list(entity.get(field))):
                    ref = _dict(fact).get(key)
                    if isinstance(ref, str) and ref not in known["entity"]:
                        self.add((*base, field, k, key), f"unknown entity id `{ref}`")
            for k, ref in enumerate(_list(entity.get("same_as"))):
                if isinstance(ref, str) and ref not in known["entity"]:
                    self.add((*base, "same_as", k), f"unknown entity id `{ref}`")
        for i, raw in enumerate(_list(catalog.get("items"))):
            developer = _dict(raw).get("developer")
            if isinstance(developer, str) and developer not in known["entity"]:
                self.add(
                    ("catalog", "items", i, "developer"),
                    f"unknown entity id `{developer}`",
                )
            for scheme, code in _dict(_dict(raw).get("classifications")).items():
                self._code(
                    ("catalog", "items", i, "classifications", scheme), scheme, code
                )
        for x, raw in enumerate(_list(data.get("entity_lists"))):
            for m, member in enumerate(_list(_dict(raw).get("members"))):
                ref = member if isinstance(member, str) else _dict(member).get("entity")
                where: Path = ("entity_lists", x, "members", m)
                if not isinstance(member, str):
                    where = (*where, "entity")
                if isinstance(ref, str) and ref not in known["entity"]:
                    self.add(where, f"unknown entity id `{ref}`")

    def _code(self, path: Path, scheme: Any, code: Any) -> None:
        """A classification code, checked as `ControlledItem` checks it."""
        if not isinstance(code, str):
            return  # the schema reports it
        try:
            check_classification(scheme, code)
        except ValueError as error:
            self.add(path, str(error))

    def _classified(self, data: Any, path: Path) -> None:
        """Every `classified` scope's codes, wherever a rule has one."""
        if isinstance(data, dict):
            for key, value in data.items():
                if key == "classified" and isinstance(value, dict):
                    for scheme, codes in value.items():
                        many = codes if isinstance(codes, list) else [codes]
                        for k, code in enumerate(many):
                            where = (*path, key, scheme)
                            self._code(
                                (*where, k) if isinstance(codes, list) else where,
                                scheme,
                                code,
                            )
                else:
                    self._classified(value, (*path, key))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                self._classified(value, (*path, i))

    def _timezone(self, data: dict[str, Any]) -> None:
        tz = data.get("timezone")
        if isinstance(tz, str):
            try:
                if not _known_zone(tz):
                    raise ValueError(tz)
            except Exception:  # pendulum raises several unrelated types
                self.add(
                    ("timezone",), f"expected an IANA timezone name, got {shown(tz)}"
                )

    def _ids(self, entries: Any, path: Path, what: str) -> set[str]:
        seen: set[str] = set()
        for i, entry in enumerate(_list(entries)):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.add((*path, i, "id"), f"duplicate {what} id `{ident}`")
            seen.add(ident)
        return seen

    def _when(self, path: Path, value: Any) -> None:
        if not isinstance(value, str) or not _WHEN.is_valid(value):
            return  # the schema reports it
        try:
            parsed = parse_when(value)
        except ValueError:
            self.add(
                path, f"expected a real calendar date or instant, got {shown(value)}"
            )
            return
        try:
            check_when(parsed, str(path[-1]) if path else "value")
        except ValueError as error:  # out of the range every zone can read
            self.add(path, str(error))

    def _span(self, path: Path, start: Any, end: Any, zone: str | None) -> None:
        begin, finish = _parsed(start), _parsed(end)
        if begin is None or finish is None:
            return
        # a membership may be empty (a listing withdrawn before it started)
        empty_allowed = len(path) >= 2 and path[-2] == "members"
        if isinstance(begin, dt.datetime) is not isinstance(finish, dt.datetime):
            # a date against an instant: the date is local midnight in the zone
            if zone is None:
                return
            bad = (
                _before(finish, begin, zone)
                if empty_allowed
                else not _before(begin, finish, zone)
            )
            if bad:
                self.add(
                    (*path, "end"),
                    f"`end` ({end}) must be after `start` ({start}) "
                    f"in the regime's zone `{zone}`",
                )
            return
        if finish < begin or (finish == begin and not empty_allowed):
            self.add((*path, "end"), f"`end` ({end}) must be after `start` ({start})")

    def _notices(self, data: dict[str, Any], known: dict[str, set[str]]) -> None:
        notices = _list(data.get("notices"))
        kinds: dict[str, str] = {}
        added: set[str] = set()
        for n, notice in enumerate(notices):
            seen_here: set[str] = set()
            for kind in ("restrictions", "exemptions"):
                for r, rule in enumerate(
                    _list(_dict(_dict(notice).get("adds")).get(kind))
                ):
                    ident = _dict(rule).get("id")
                    if isinstance(ident, str):
                        if ident in seen_here:
                            self.add(
                                ("notices", n, "adds", kind, r, "id"),
                                f"rule `{ident}` is added twice by this notice",
                            )
                        seen_here.add(ident)
                        added.add(ident)
        for n, notice in enumerate(notices):
            for kind in ("restrictions", "exemptions"):
                for r, rule in enumerate(
                    _list(_dict(_dict(notice).get("amends")).get(kind))
                ):
                    ident = _dict(rule).get("id")
                    if isinstance(ident, str) and ident not in added:
                        self.add(
                            ("notices", n, "amends", kind, r, "id"),
                            f"amends `{ident}`, which no notice adds",
                        )
        for n, notice in enumerate(notices):
            for act in ("adds", "amends"):
                for kind in ("restrictions", "exemptions"):
                    for r, rule in enumerate(
                        _list(_dict(_dict(notice).get(act)).get(kind))
                    ):
                        ident = _dict(rule).get("id")
                        if isinstance(ident, str):
                            first = kinds.setdefault(ident, kind)
                            if first != kind:
                                self.add(
                                    ("notices", n, act, kind, r, "id"),
                                    f"rule `{ident}` is one of the {first} elsewhere, not one of the {kind}",
                                )
        tz = data.get("timezone")
        zone = tz if isinstance(tz, str) and _known_zone(tz) else None
        for n, raw in enumerate(notices):
            notice = _dict(raw)
            base: Path = ("notices", n)
            published, effective = (
                _parsed(notice.get("published")),
                _parsed(notice.get("effective")),
            )
            compliance = _parsed(notice.get("compliance"))
            if (
                published
                and effective
                and _before(effective, published, zone)
                and not notice.get("retroactive")
            ):
                self.add(
                    (*base, "effective"),
                    f"effective ({notice['effective']}) is before published "
                    f"({notice['published']}); add `retroactive: true` if that is intended",
                )
            if effective and compliance and _before(compliance, effective, zone):
                self.add(
                    (*base, "compliance"),
                    f"compliance ({notice['compliance']}) is before effective ({notice['effective']})",
                )
            for act in ("adds", "amends"):
                for kind in ("restrictions", "exemptions"):
                    for r, rule in enumerate(_list(_dict(notice.get(act)).get(kind))):
                        self._rule(_dict(rule), (*base, act, kind, r), known, kinds)
            for k, rule_id in enumerate(_list(notice.get("revokes"))):
                self._known_rule(rule_id, (*base, "revokes", k), kinds)
            for field in ("suspends", "not_enforced"):
                for k, act_raw in enumerate(_list(notice.get(field))):
                    rule_id = _dict(act_raw).get("rule")
                    self._known_rule(rule_id, (*base, field, k, "rule"), kinds)
                    if (
                        field == "not_enforced"
                        and kinds.get(str(rule_id)) == "exemptions"
                    ):
                        self.add(
                            (*base, field, k, "rule"),
                            f"`{rule_id}` is an exemption; only a restriction can be not enforced",
                        )
            for k, target in enumerate(_list(notice.get("corrects"))):
                if target == notice.get("id"):
                    self.add((*base, "corrects", k), "a notice cannot correct itself")
                elif isinstance(target, str) and target not in known["notice"]:
                    self.add((*base, "corrects", k), f"unknown notice id `{target}`")

    def _known_rule(self, rule_id: Any, path: Path, kinds: dict[str, str]) -> None:
        if isinstance(rule_id, str) and rule_id not in kinds:
            self.add(path, f"unknown rule id `{rule_id}`")

    def _rule(
        self,
        rule: dict[str, Any],
        path: Path,
        known: dict[str, set[str]],
        kinds: dict[str, str],
    ) -> None:
        for k, lifted in enumerate(_list(rule.get("lifts"))):
            if isinstance(lifted, str) and kinds.get(lifted) == "exemptions":
                self.add(
                    (*path, "lifts", k),
                    f"`{lifted}` is an exemption, not a restriction",
                )
            elif isinstance(lifted, str) and kinds.get(lifted) != "restrictions":
                self.add((*path, "lifts", k), f"unknown restriction id `{lifted}`")
        for scope in ("items", "modes", "recipients"):
            if scope in rule:
                for ref_path, kind, ref in _references(rule[scope], (*path, scope)):
                    if ref not in known[kind]:
                        self.add(ref_path, f"unknown {kind} id `{ref}`")


# ---------------------------------------------------------------- helpers

_REFERENCE_KINDS = {
    "ids": "item",
    "developer": "entity",
    "names": "mode",
    "destination_group": "country group",
    "entity": "entity",
    "employed_by": "entity",
    "owned_by": "entity",
    "on_list": "entity list",
    "owned_by_listed": "entity list",
}

# the keys whose mapping form names its references under another key
_MAPPING_REFERENCES = {"owned_by": "ids", "owned_by_listed": "lists"}


def _references(scope: Any, path: Path) -> Iterator[tuple[Path, str, str]]:
    if not isinstance(scope, dict) or len(scope) != 1:
        return
    ((key, value),) = scope.items()
    if key in ("all", "any"):
        for i, sub in enumerate(_list(value)):
            yield from _references(sub, (*path, key, i))
        return
    if key == "not":
        yield from _references(value, (*path, key))
        return
    kind = _REFERENCE_KINDS.get(key)
    if kind is None:
        return
    if key in _MAPPING_REFERENCES and isinstance(value, dict):
        inner = _MAPPING_REFERENCES[key]
        value, path = value.get(inner), (*path, key, inner)
    else:
        path = (*path, key)
    if isinstance(value, str):
        yield path, kind, value
    else:
        for i, ref in enumerate(_list(value)):
            if isinstance(ref, str):
                yield (*path, i), kind, ref


_WHEN_KEYS = {"published", "effective", "compliance", "start", "end", "end_published"}


def _whens(data: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _WHEN_KEYS and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _whens(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _whens(value, (*path, i))


def _spans(data: Any, path: Path) -> Iterator[tuple[Path, Any, Any]]:
    if isinstance(data, dict):
        if "start" in data and "end" in data:
            yield path, data["start"], data["end"]
        for key, value in data.items():
            yield from _spans(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _spans(value, (*path, i))


def _parsed(value: Any) -> dt.date | dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_when(value)
    except ValueError:
        return None


def _before(
    a: dt.date | dt.datetime, b: dt.date | dt.datetime, zone: str | None
) -> bool:
    """Whether `a` comes before `b`: as instants in the regime's zone when it is
    known, else by the calendar days as written."""
    if zone is not None:
        return resolve(a, zone) < resolve(b, zone)
    day_a = a.date() if isinstance(a, dt.datetime) else a
    day_b = b.date() if isinstance(b, dt.datetime) else b
    return day_a < day_b


def _known_zone(name: str) -> bool:
    if name.lower() in ("localtime", "local"):  # this machine's zone, not a name
        return False
    try:
        pendulum.timezone(name)
    except Exception:  # pendulum raises several unrelated types
        return False
    return True


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


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_ = LEAVES
