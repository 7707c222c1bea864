"""Golden cases: accesses with expected verdicts, written in YAML, one test each."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, overload

import attrs

from .. import examples
from .._access import Access, Party
from .._decision import Decision
from .._entities import Citizenship, Employment, Entity, Residency
from .._reasons import Verdict
from .._regime import Regime
from ..exceptions import AIControlsError
from ..files import load_regime
from ..files._yaml import Marks, Problem, read_yaml, render
from ._answers import DecideFunction, ask, judge
from ._assertions import assert_verdict

__all__ = [
    "Case",
    "CaseFile",
    "CaseFileError",
    "load_cases",
    "loads_cases",
    "make_access",
    "resolve_regime",
]

_ACCESS_KEYS = (
    "recipient",
    "item",
    "mode",
    "location",
    "citizenships",
    "residencies",
    "employers",
    "attestations",
    "origin",
    "parties",
)
_LIST_KEYS = ("citizenships", "residencies", "employers", "attestations")
_CASE_KEYS = ("description", "access", "on", "at", "as_known_on", "expect", "citing")


class CaseFileError(AIControlsError, ValueError):
    """Every problem in a golden case file, each located as `file:line:column: path: message`.

    Attributes:
        problems: the problems, each with `file`, `line`, `column`, `path`, `message`.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def make_access(
    recipient: Entity | str,
    *,
    item: str,
    mode: str,
    location: str | None = None,
    citizenships: Iterable[str] = (),
    residencies: Iterable[str] = (),
    employers: Iterable[str] = (),
    attestations: Iterable[str] = (),
    origin: str | None = None,
    parties: Iterable[Party] = (),
) -> Access:
    """An `Access`, concisely: an ad hoc individual if facts are given, else an id.

    Args:
        recipient: an entity, or an id; with any of `citizenships`,
            `residencies` or `employers`, an individual with that id and those
            facts (undated: they hold throughout), otherwise the id of an
            entity the regime's catalog defines.
        item: the item's id.
        mode: the deployment mode's name, e.g. `"hosted-api"`.
        location: where the recipient is (ISO 3166-1 alpha-2).
        citizenships: country codes.
        residencies: country codes.
        employers: employer ids.
        attestations: attested condition names.
        origin: the country the item leaves (default: the regime's jurisdiction).
        parties: the other parties to the transaction.

    Examples:
        >>> from aicontrols.testing import make_access
        >>> access = make_access("priya", item="mythos-5", mode="hosted-api",
        ...                      location="US", citizenships=["IN"])
        >>> access.recipient.kind.value, access.recipient.citizenships[0].country
        ('individual', 'IN')
        >>> make_access("acme-cloud", item="mythos-5", mode="hosted-api").recipient
        'acme-cloud'
    """
    citizenships, residencies, employers = (
        tuple(citizenships),
        tuple(residencies),
        tuple(employers),
    )
    who: Entity | str = recipient
    if isinstance(recipient, str) and (citizenships or residencies or employers):
        who = Entity(
            recipient,
            kind="individual",
            citizenships=[Citizenship(c) for c in citizenships],
            residencies=[Residency(c) for c in residencies],
            employments=[Employment(e) for e in employers],
        )
    return Access(
        who,
        item,
        mode,
        location=location,
        attestations=attestations,
        origin=origin,
        parties=parties,
    )


def resolve_regime(name_or_path: str | os.PathLike[str], base: Path) -> Regime:
    """A bundled example by name (see `aicontrols.examples.names()`), else a file.

    A relative path is read relative to `base`.
    """
    text = os.fspath(name_or_path)
    if text in examples.names():
        return examples.load(text)
    return load_regime(base / text)


@attrs.frozen
class Case:
    """One golden case: an access, a date, the verdict expected.

    Attributes:
        description: what the case checks; its test id.
        access: the access.
        on: the day, or `None` with `at`.
        at: the instant, or `None` with `on`.
        as_known_on: decide with only the notices published by then.
        expect: the verdict expected.
        citing: notice ids the decision must cite.
        line: the case's line in its file.
    """

    description: str
    access: Access
    on: str | None
    at: str | None
    as_known_on: str | None
    expect: Verdict
    citing: tuple[str, ...] = ()
    line: int = 0

    @overload
    def check(self, regimes: Regime | Iterable[Regime]) -> Decision: ...
    @overload
    def check(self, *, decide: DecideFunction) -> Any: ...

    def check(
        self,
        regimes: Regime | Iterable[Regime] | None = None,
        *,
        decide: DecideFunction | None = None,
    ) -> Any:
        """Decide the case under `regimes`, or ask the product's `decide`.

        `decide` is called as `decide(access, on=..., at=..., as_known_on=...)`
        (see `run_cases`); the case fails unless its answer agrees.

        Returns:
            The decision, or what `decide` answered.

        Raises:
            AssertionError: the verdict (or a citation) is not the expected
                one; the message says which, then explains.
        """
        __tracebackhide__ = True
        if decide is not None:
            if regimes is not None:
                raise TypeError("give `regimes` or `decide=`, not both")
            answer = ask(decide, self.access, self.on, self.at, self.as_known_on)
            judge(
                answer,
                self.expect,
                decide=decide,
                access=self.access,
                on=self.on,
                at=self.at,
                citing=self.citing,
            )
            return answer
        if regimes is None:
            raise TypeError("give the regimes to decide under, or `decide=`")
        return assert_verdict(
            regimes,
            self.access,
            self.expect,
            on=self.on,
            at=self.at,
            as_known_on=self.as_known_on,
            citing=self.citing,
        )


@attrs.frozen
class CaseFile:
    """A file of golden cases and the regime(s) they run under.

    Attributes:
        regimes: bundled example names or paths relative to the file's folder.
        cases: the cases, in file order.
        name: the name the file was read under (its path), for messages.
    """

    regimes: tuple[str, ...]
    cases: tuple[Case, ...]
    name: str = "<cases>"


class _Reader:
    def __init__(self, file: str, marks: Marks) -> None:
        self.file = file
        self.marks = marks
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        line, column = self.marks.of(path)
        self.problems.append(Problem(self.file, line, column, render(path), message))

    def text(
        self, data: dict[str, Any], key: str, path: tuple[str | int, ...]
    ) -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem((*path, key), f"expected a string, got `{value!r}`")
        return None

    def texts(
        self, data: dict[str, Any], key: str, path: tuple[str | int, ...]
    ) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.problem((*path, key), f"expected a list of strings, got `{value!r}`")
        return ()

    def unknown(
        self, data: dict[str, Any], known: tuple[str, ...], path: tuple[str | int, ...]
    ) -> None:
        for key in data:
            if key not in known:
                line, column = self.marks.of((*path, key), key=True)
                allowed = ", ".join(f"`{k}`" for k in known)
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        column,
                        render(path),
                        f"unknown key `{key}`; expected one of {allowed}",
                    )
                )

    def access(self, data: Any, path: tuple[str | int, ...]) -> Access | None:
        if not isinstance(data, dict):
            self.problem(path, f"expected a mapping, got `{data!r}`")
            return None
        self.unknown(data, _ACCESS_KEYS, path)
        fields = {
            k: self.text(data, k, path)
            for k in ("recipient", "item", "mode", "location", "origin")
        }
        lists = {k: self.texts(data, k, path) for k in _LIST_KEYS}
        parties = self.parties(data.get("parties", []), (*path, "parties"))
        for key in ("recipient", "item", "mode"):
            if fields[key] is None and key not in data:
                self.problem(path, f"missing required key `{key}`")
        recipient, item, mode = fields["recipient"], fields["item"], fields["mode"]
        if recipient is None or item is None or mode is None:
            return None
        try:
            return make_access(
                recipient,
                item=item,
                mode=mode,
                location=fields["location"],
                origin=fields["origin"],
                parties=parties,
                **lists,
            )
        except (TypeError, ValueError) as error:
            self.problem(path, str(error))
            return None

    def parties(self, data: Any, path: tuple[str | int, ...]) -> list[Party]:
        """`parties`: a list of `{role, entity}` mappings (an entity id each)."""
        if not isinstance(data, list):
            self.problem(path, f"expected a list of `{{role, entity}}`, got `{data!r}`")
            return []
        found: list[Party] = []
        for i, one in enumerate(data):
            where = (*path, i)
            if not isinstance(one, dict):
                self.problem(
                    where, f"expected a mapping `{{role, entity}}`, got `{one!r}`"
                )
                continue
            self.unknown(one, ("role", "entity"), where)
            role, entity = (
                self.text(one, "role", where),
                self.text(one, "entity", where),
            )
            if role is None or entity is None:
                missing = "role" if role is None else "entity"
                if missing not in one:
                    self.problem(where, f"missing required key `{missing}`")
                continue
            try:
                found.append(Party(role, entity))
            except (TypeError, ValueError) as error:
                self.problem((*where, "role"), str(error))
        return found

    def case(self, data: Any, path: tuple[str | int, ...]) -> Case | None:
        if not isinstance(data, dict):
            self.problem(path, f"expected a mapping, got `{data!r}`")
            return None
        self.unknown(data, _CASE_KEYS, path)
        before = len(self.problems)
        description = self.text(data, "description", path)
        if not description:
            self.problem(path, "missing required key `description`")
        access = self.access(data.get("access"), (*path, "access"))
        on, at = self.text(data, "on", path), self.text(data, "at", path)
        if (on is None) == (at is None):
            self.problem(path, "give exactly one of `on` (a day) and `at` (an instant)")
        as_known_on = self.text(data, "as_known_on", path)
        expect = self.text(data, "expect", path)
        verdict = None
        try:
            verdict = Verdict(expect)
        except ValueError:
            names = ", ".join(f"`{v.value}`" for v in Verdict)
            self.problem((*path, "expect"), f"expected one of {names}, got `{expect}`")
        citing = self.texts(data, "citing", path)
        if (
            len(self.problems) > before
            or access is None
            or verdict is None
            or not description
        ):
            return None
        return Case(
            description,
            access,
            on,
            at,
            as_known_on,
            verdict,
            citing,
            self.marks.of(path)[0],
        )


def loads_cases(text: str, name: str = "<cases>") -> CaseFile:
    """Read golden cases from YAML text; see `load_cases`.

    Raises:
        CaseFileError: every problem in the text, each located.

    Examples:
        >>> from aicontrols.testing import loads_cases
        >>> cases = loads_cases('''
        ... regime: mythos5
        ... cases:
        ...   - description: partner staff may use Mythos 5
        ...     access: {recipient: sam, item: mythos-5, mode: hosted-api,
        ...              location: US, citizenships: [IN], employers: [anthropic]}
        ...     on: 2026-06-27
        ...     expect: permitted
        ... ''')
        >>> cases.regimes, cases.cases[0].description, cases.cases[0].line
        (('mythos5',), 'partner staff may use Mythos 5', 4)
    """
    data, marks, problems = read_yaml(text, name)
    if problems:
        raise CaseFileError(problems)
    reader = _Reader(name, marks)
    if not isinstance(data, dict):
        reader.problem((), "expected a mapping with `regime` and `cases`")
        raise CaseFileError(reader.problems)
    reader.unknown(data, ("regime", "cases"), ())
    regime = data.get("regime")
    regimes: tuple[str, ...] = ()
    if isinstance(regime, str):
        regimes = (regime,)
    elif (
        isinstance(regime, list) and regime and all(isinstance(r, str) for r in regime)
    ):
        regimes = tuple(regime)
    else:
        reader.problem(("regime",), "expected a regime name or path, or a list of them")
    raw = data.get("cases")
    cases: list[Case] = []
    if not isinstance(raw, list) or not raw:
        reader.problem(("cases",), "expected a non-empty list of cases")
        raw = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        case = reader.case(item, ("cases", i))
        if case is None:
            continue
        if case.description in seen:
            reader.problem(
                ("cases", i, "description"),
                f"duplicate description `{case.description}`",
            )
        seen.add(case.description)
        cases.append(case)
    if reader.problems:
        raise CaseFileError(reader.problems)
    return CaseFile(regimes, tuple(cases), name)


def load_cases(path: str | os.PathLike[str]) -> CaseFile:
    """Read a golden case file.

    The format: a mapping with `regime` (a bundled example name or a path
    relative to the file, or a list of them: decided together) and `cases`, a
    list of mappings with `description`, `access` (`recipient`, `item`, `mode`,
    `location`, `citizenships`, `residencies`, `employers`, `attestations`,
    `origin`, and `parties`: a list of `{role: purchaser, entity: <id>}`),
    exactly one of `on` or `at`, optionally `as_known_on`, `expect` (a
    verdict's value) and optionally `citing` (notice ids).

    Raises:
        CaseFileError: every problem in the file, each located.
    """
    file = Path(path)
    return loads_cases(file.read_text(encoding="utf-8"), os.fspath(path))
