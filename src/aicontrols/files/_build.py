"""Building a regime file's regime piece by piece, so that every problem shows.

Each piece (a dated fact, an entity, a member, a rule, a notice, the header)
is built by its own class from the file's values, the pieces inside it first.
A value the schema or the class refuses is reported once and left out (or
stood in for, where the class needs a value) and the piece is built again, so
that one mistake hides nothing else. The regime's consistency rules
(`aicontrols._validate`) then run over what was built, and each problem they
find is located in the file; a rule that reads a value left out is skipped,
since that value is reported already.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from .._entities import Citizenship, Employment, Entity, Ownership, Residency
from .._groups import CountryGroup, EntityList, Membership
from .._items import ControlledItem, DeploymentMode
from .._notices import NonEnforcement, Notice, Suspension
from .._regime import Regime
from .._rules import ConditionalReview, Exemption, License, Restriction, Rule
from .._scopes import EVERYTHING, AllOf, AnyOf, AnyParty, Not, Scope
from .._validate import Problem as RuleProblem
from ..exceptions import AIControlsError, InvalidRegimeError
from ._convert import (
    CONVERTER,
    LEAVES,
    RECIPIENT_LEAVES,
    structure_entity,
    structure_group,
    structure_header,
    structure_member,
    structure_non_enforcement,
    structure_notice,
    structure_review,
    structure_rule,
)
from ._locate import at, find, named
from ._yaml import Path

T = TypeVar("T")
Raw = dict[str, Any]
_One = Callable[[Path, Path, Any], T | None]

_REFUSED = (AIControlsError, ValueError, TypeError, KeyError)
_HEADER = ("id", "name", "description", "jurisdiction", "territory", "timezone")
_HEADER_MORE = ("deemed_export_rule", "citation", "country_groups_from")
_FACTS: dict[str, type] = {
    "citizenships": Citizenship,
    "residencies": Residency,
    "employments": Employment,
    "owners": Ownership,
}
_DAY = "2000-01-01"  # stands in for a notice's date that could not be read


@attrs.frozen
class Draft:
    """What was built of a file: the data the consistency rules read."""

    timezone: str
    entities: tuple[Entity, ...]
    items: tuple[ControlledItem, ...]
    modes: tuple[DeploymentMode, ...]
    country_groups: tuple[CountryGroup, ...]
    entity_lists: tuple[EntityList, ...]
    notices: tuple[Notice, ...]
    country_groups_from: str | None = None


class Builder:
    """Builds one file's pieces, collecting what each class refuses, located.

    Args:
        data: the file's data.
        reported: the paths of the values already reported (by the YAML
            reader and the schema): they are left out, not reported again.
    """

    def __init__(self, data: Any, reported: Iterable[Path]) -> None:
        self.data = data
        self.reported = set(reported)
        # a path at or above a reported one: a piece or field holding a problem
        self.touched = {p[:i] for p in self.reported for i in range(len(p) + 1)}
        self.found: list[tuple[Path, str]] = []
        # regime paths of values left out or stood in for: the rules that read
        # them are not checked
        self.unknown: set[Path] = set()
        # a regime path's prefix -> where it is in the file
        self.paths: dict[Path, Path] = {}

    # ------------------------------------------------------------ the whole

    def build(self) -> tuple[Regime | None, Draft]:
        """The header as a regime of its own (if it could be built), and the draft."""
        data = self.data if isinstance(self.data, dict) else {}
        header = self._piece(
            (),
            (),
            {k: data[k] for k in (*_HEADER, *_HEADER_MORE) if k in data},
            structure_header,
            required={"id": "regime", "jurisdiction": "US", "timezone": "UTC"},
            keep=("id", "timezone"),
        )
        if header is None:
            self.unknown.add(("timezone",))
        catalog = data.get("catalog")
        catalog = catalog if isinstance(catalog, dict) else {}
        sources: dict[str, tuple[Path, Any, _One[Any]]] = {
            "entities": (("catalog", "entities"), catalog.get("entities"), self.entity),
            "items": (("catalog", "items"), catalog.get("items"), self.item),
            "modes": (("modes",), data.get("modes"), self._mode),
            "country_groups": (
                ("country_groups",),
                data.get("country_groups"),
                self._country_group,
            ),
            "entity_lists": (
                ("entity_lists",),
                data.get("entity_lists"),
                self._entity_list,
            ),
            "notices": (("notices",), data.get("notices"), self._notice),
        }
        built = {
            name: tuple(self._each(where, (name,), raw, one))
            for name, (where, raw, one) in sources.items()
        }
        zone = "UTC" if header is None else header.timezone
        groups_from = None if header is None else header.country_groups_from
        return header, Draft(timezone=zone, country_groups_from=groups_from, **built)

    def locate(self, problem: RuleProblem) -> Path | None:
        """Where a rule's problem is in the file; `None` for a rule that read a
        value left out (reported already)."""
        for read in (problem.path, *problem.reads):
            if any(read[:i] in self.unknown for i in range(len(read) + 1)):
                return None
        path = (*self._file(problem.path), *problem.within)
        if problem.kind is not None:  # the id, in the list or scope that holds it
            path = (*path, *(find(at(self.data, path), str(problem.value)) or ()))
        return path

    def _file(self, path: Path) -> Path:
        for size in range(len(path), 0, -1):
            found = self.paths.get(path[:size])
            if found is not None:
                return (*found, *path[size:])
        return path

    # ------------------------------------------------------------ one piece

    def _each(
        self,
        where: Path,
        python: Path,
        raw: Any,
        one: _One[T],
        into: list[T] | None = None,
    ) -> list[T]:
        """The pieces of a list that could be built, appended to `into`."""
        out: list[T] = [] if into is None else into
        for i, value in enumerate(raw if isinstance(raw, list) else ()):
            at, to = (*where, i), (*python, len(out))
            built = one(at, to, value)
            if built is None:  # forget what was noted under a regime path reused
                self.unknown = {u for u in self.unknown if u[: len(to)] != to}
                continue
            self.paths[to] = at
            out.append(built)
        return out

    def _piece(
        self,
        where: Path,
        python: Path,
        raw: Any,
        make: Callable[[Raw], T],
        *,
        built: Mapping[str, Any] | None = None,
        required: Mapping[str, Any] | None = None,
        keep: tuple[str, ...] = ("id",),
    ) -> T | None:
        """One piece, built by `make` from its fields and its `built` parts.

        A field the class refuses is reported and left out, and the piece built
        again; a `required` field left out is stood in for. A refusal that
        names no field is reported at the piece, which then stands in with its
        `keep` fields alone (its id, so that what names it is not unknown).
        """
        if not isinstance(raw, dict):
            return None
        fields: Raw = {k: v for k, v in raw.items() if (*where, k) not in self.touched}
        fields.update(built or {})
        self.unknown.update((*python, k) for k in raw if k not in fields)
        refusal: Exception | None = None
        for _ in range(len(raw) + len(required or {}) + len(built or {}) + 1):
            for name, value in (required or {}).items():
                if name not in fields:
                    fields[name] = value
                    self.unknown.add((*python, name))
            try:
                return make(fields)
            except _REFUSED as error:
                refusal = error
                inner = named(error, raw)
                if not inner or inner[0] not in fields:
                    break
                message = (
                    error.message
                    if isinstance(error, InvalidRegimeError)
                    else str(error)
                )
                self.found.append(((*where, *inner), message))
                del fields[inner[0]]
                self.unknown.add((*python, inner[0]))
        if where not in self.touched:  # else the schema's problem explains it
            self.found.append((where, str(refusal)))
        minimal = {k: fields[k] for k in (*keep, *(built or {})) if k in fields}
        self.unknown.update((*python, k) for k in fields if k not in minimal)
        try:
            return make({**(required or {}), **minimal})
        except _REFUSED:
            return None

    # ------------------------------------------------------------ the pieces

    def entity(self, where: Path, python: Path, raw: Any) -> Entity | None:
        """A catalog entity (or a recipient file's), its dated facts first."""
        built: Raw = {}
        for name, cls in _FACTS.items():
            if (
                isinstance(raw, dict)
                and name in raw
                and (*where, name) not in self.reported
            ):
                built[name] = self._each(
                    (*where, name),
                    (*python, name),
                    raw[name],
                    _structure(self, cls, ()),
                )
        return self._piece(where, python, raw, structure_entity, built=built)

    def item(self, where: Path, python: Path, raw: Any) -> ControlledItem | None:
        """A catalog item (or an ad-hoc one a request describes)."""
        return self._piece(
            where, python, raw, lambda f: CONVERTER.structure(f, ControlledItem)
        )

    def _mode(self, where: Path, python: Path, raw: Any) -> DeploymentMode | None:
        return self._piece(
            where,
            python,
            raw,
            lambda f: CONVERTER.structure(f, DeploymentMode),
            required={"transfers_weights": False, "compute": "provider"},
            keep=("name",),
        )

    def _country_group(
        self, where: Path, python: Path, raw: Any
    ) -> CountryGroup | None:
        group: CountryGroup | None = self._group(where, python, raw, CountryGroup)
        return group

    def _entity_list(self, where: Path, python: Path, raw: Any) -> EntityList | None:
        listed: EntityList | None = self._group(where, python, raw, EntityList)
        return listed

    def _group(
        self,
        where: Path,
        python: Path,
        raw: Any,
        cls: type[CountryGroup] | type[EntityList],
    ) -> Any:
        built: Raw = {}
        for key in ("members", "unknown"):
            if (
                isinstance(raw, dict)
                and key in raw
                and (*where, key) not in self.reported
            ):
                built[key] = self._each(
                    (*where, key), (*python, key), raw[key], self._member
                )
        return self._piece(
            where, python, raw, lambda f: structure_group(f, cls), built=built
        )

    def _member(self, where: Path, python: Path, raw: Any) -> Membership | None:
        if isinstance(raw, str):
            return None if where in self.touched else Membership(raw)
        return self._piece(
            where, python, raw, structure_member, keep=("country", "entity")
        )

    def _notice(self, where: Path, python: Path, raw: Any) -> Notice | None:
        if not isinstance(raw, dict):
            return None
        built: Raw = {}
        for act in ("adds", "amends"):
            group = raw.get(act)
            if isinstance(group, dict) and (*where, act) not in self.reported:
                rules: list[Rule] = []
                for kind, cls in (
                    ("restrictions", Restriction),
                    ("exemptions", Exemption),
                    ("licenses", License),
                ):
                    one = functools.partial(self._rule, cls=cls)
                    where_kind, raw_kind = (*where, act, kind), group.get(kind)
                    self._each(where_kind, (*python, act), raw_kind, one, rules)
                built[act] = rules
        windows: dict[str, _One[Suspension | NonEnforcement]] = {
            "suspends": _structure(self, Suspension, ("rule",)),
            "not_enforced": self._non_enforcement,
        }
        for name, window in windows.items():
            if name in raw and (*where, name) not in self.reported:
                at = (*where, name)
                built[name] = self._each(at, (*python, name), raw[name], window)
        return self._piece(
            where,
            python,
            raw,
            structure_notice,
            built=built,
            required={"published": _DAY, "effective": _DAY},
            keep=("id", "revokes", "corrects"),
        )

    def _scopes(self, where: Path, raw: Raw) -> Raw:
        """The `items`, `modes` and `recipients` scopes a piece holds, built."""
        return {
            name: self._scope(raw[name], (*where, name), LEAVES[name])
            for name in ("items", "modes", "recipients")
            if name in raw
        }

    def _non_enforcement(
        self, where: Path, python: Path, raw: Any
    ) -> NonEnforcement | None:
        if not isinstance(raw, dict):
            return None
        return self._piece(
            where,
            python,
            raw,
            structure_non_enforcement,
            built=self._scopes(where, raw),
            required={"statement": "-"},
            keep=("rule",),
        )

    def _review(self, where: Path, python: Path, raw: Any) -> ConditionalReview | None:
        if not isinstance(raw, dict):
            return None
        return self._piece(
            where,
            python,
            raw,
            structure_review,
            built=self._scopes(where, raw),
            required={"policy": "case_by_case"},
            keep=("policy",),
        )

    def _rule(
        self, where: Path, python: Path, raw: Any, cls: type[Rule]
    ) -> Rule | None:
        if not isinstance(raw, dict):
            return None
        built = self._scopes(where, raw)
        reviews = raw.get("conditional_reviews")
        if cls is Restriction and reviews is not None:
            at = (*where, "conditional_reviews")
            if at not in self.reported:
                python_at = (*python, "conditional_reviews")
                built["conditional_reviews"] = self._each(
                    at, python_at, reviews, self._review
                )
        required: dict[str, Any] = {}
        if cls is Exemption:
            required = {"lifts": ("-",)}
        elif cls is License:
            required = {"authorizes": ("-",)}
        make = functools.partial(structure_rule, cls=cls)
        keep = ("id", "lifts", "authorizes")
        return self._piece(
            where, python, raw, make, built=built, required=required, keep=keep
        )

    def _scope(
        self, raw: Any, where: Path, leaves: Mapping[str, Callable[[Any], Scope]]
    ) -> Scope:
        """A scope, each leaf built on its own: a leaf refused stands as `any`."""
        if where in self.reported or not isinstance(raw, dict) or len(raw) != 1:
            return EVERYTHING  # `any`, or a shape the schema reports
        ((key, value),) = raw.items()
        if key in ("all", "any"):
            if (
                not isinstance(value, list)
                or not value
                or (*where, key) in self.reported
            ):
                return EVERYTHING
            scopes = [
                self._scope(v, (*where, key, i), leaves) for i, v in enumerate(value)
            ]
            return AllOf(scopes) if key == "all" else AnyOf(scopes)
        if key == "not":
            return Not(self._scope(value, (*where, key), leaves))
        if key == "any_party" and leaves is RECIPIENT_LEAVES:
            return AnyParty(self._scope(value, (*where, key), leaves))
        if (*where, key) in self.touched or key not in leaves:
            return EVERYTHING
        try:
            return leaves[key](value)
        except _REFUSED as error:
            self.found.append(((*where, *(named(error, raw) or (key,))), str(error)))
            return EVERYTHING


def _structure(
    builder: Builder,
    cls: type[T],
    keep: tuple[str, ...],
    required: Mapping[str, Any] | None = None,
) -> _One[T]:
    """Builds one piece of class `cls` with the converter."""

    def one(where: Path, python: Path, raw: Any) -> T | None:
        make = functools.partial(CONVERTER.structure, cl=cls)
        return builder._piece(where, python, raw, make, keep=keep, required=required)

    return one
