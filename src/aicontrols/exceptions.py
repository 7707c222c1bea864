"""Every exception aicontrols raises, in one tree.

A forbidden access is never an exception: it is a [`Verdict`][aicontrols.Verdict].
Exceptions mean that aicontrols cannot answer, because the rules are unusable
or the question is malformed::

    AIControlsError(Exception)
    ├── RegimeError                              the rules themselves are unusable
    │   ├── InvalidRegimeError(ValueError)       a value in the regime is wrong
    │   ├── RegimeFileError(ValueError)          every problem in a file, each located
    │   └── UnknownReferenceError(LookupError)   an act names an id nobody defined
    └── QueryError(ValueError)                   the question is malformed
        ├── NaiveDateTimeError                   a datetime without a timezone
        ├── AuditRowError                        a row of an access log, located
        ├── UnknownIdError(LookupError)          an id the regime's catalog lacks
        └── CatalogConflictError                 an object contradicts the catalog

Every exception carries its details as attributes (`.path`, `.value`,
`.reference`) so callers never parse messages. Messages start in lower case,
end without a period and quote user input in backticks.

Examples:
    >>> import aicontrols
    >>> try:
    ...     aicontrols.examples.load("mythos5").item("gpt-9")
    ... except aicontrols.exceptions.AIControlsError as error:
    ...     print(type(error).__name__, "|", error)
    UnknownIdError | unknown item id `gpt-9` (known: `mythos-5`, `fable-5`)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AIControlsError",
    "InvalidRegimeError",
    "RegimeFileError",
    "ScreeningFileError",
    "NaiveDateTimeError",
    "QueryError",
    "AuditRowError",
    "RegimeError",
    "UnknownIdError",
    "CatalogConflictError",
    "UnknownReferenceError",
]


class AIControlsError(Exception):
    """The root of every exception aicontrols raises.

    Examples:
        >>> import aicontrols
        >>> issubclass(aicontrols.RegimeFileError, aicontrols.AIControlsError)
        True
    """


class RegimeError(AIControlsError):
    """The rules themselves are unusable: nothing can be decided under them.

    Examples:
        >>> import aicontrols
        >>> try:
        ...     aicontrols.Regime("r", jurisdiction="US", timezone="Mars/Olympus")
        ... except aicontrols.RegimeError as error:
        ...     print(error)
        timezone: unknown IANA timezone `Mars/Olympus`
    """


class InvalidRegimeError(RegimeError, ValueError):
    """A value in a regime is wrong (a duplicate id, an end before its start).

    Attributes:
        path: where the value sits in the regime, e.g. `notices[1].effective`.
        value: the offending value.

    Examples:
        >>> from aicontrols.exceptions import InvalidRegimeError
        >>> str(InvalidRegimeError("duplicate notice id `n1`", path="notices[1].id"))
        'notices[1].id: duplicate notice id `n1`'
    """

    def __init__(
        self, message: str, *, path: str | None = None, value: object = None
    ) -> None:
        self.message = message
        self.path = path
        self.value = value
        super().__init__(f"{path}: {message}" if path else message)


class RegimeFileError(RegimeError, ValueError):
    """Every problem found in a regime file, each with file, line, column and path.

    Attributes:
        problems: the located problems, in file order; each has `file`, `line`,
            `column`, `path` (e.g. `notices[3].effective`) and `message`.

    Examples:
        >>> import aicontrols
        >>> try:
        ...     aicontrols.loads_regime("id: x\\njurisdiction: US\\n", name="x.yaml")
        ... except aicontrols.RegimeFileError as error:
        ...     print(error)
        x.yaml:1:1: missing required key `timezone`
    """

    def __init__(self, problems: Sequence[Any]) -> None:
        self.problems = tuple(dict.fromkeys(problems))  # each problem once
        super().__init__("\n".join(str(p) for p in self.problems))


class ScreeningFileError(AIControlsError, ValueError):
    """Every malformed row of a screening-list file, each with file, line, column, value.

    A snapshot with a malformed row (a bad date, an unknown source, a missing
    name) is not imported unless the caller asks to keep the good rows
    (`read_csl(..., skip_bad_rows=True)`); nothing is dropped silently.

    Attributes:
        problems: the problems in file order; each has `file`, `line`,
            `column`, `value` and `message`.

    Examples:
        >>> from aicontrols import screening
        >>> text = "source,name,start_date\\nEL,Example Co.,2024-13-01\\n"
        >>> try:
        ...     screening.read_csl("csl.csv", text=text, taken="2026-01-05")
        ... except ScreeningFileError as error:
        ...     print(error)
        csl.csv:2: `start_date` = '2024-13-01': not a date like 2024-05-01
    """

    def __init__(self, problems: Sequence[Any]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownReferenceError(RegimeError, LookupError):
    """An act or scope names a rule, notice, entity, item or group nobody defined.

    Attributes:
        path: where the reference sits, e.g. `notices[2].revokes[0]`.
        reference: the unknown id.
        kind: what was expected (`restriction`, `notice`, `country group`, ...).

    Examples:
        >>> from aicontrols.exceptions import UnknownReferenceError
        >>> err = UnknownReferenceError("rule", "ear-744-23", path="notices[2].revokes[0]")
        >>> str(err)
        'notices[2].revokes[0]: unknown rule id `ear-744-23`'
    """

    def __init__(
        self,
        kind: str,
        reference: str,
        *,
        path: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.kind = kind
        self.reference = reference
        self.path = path
        self.hint = hint
        message = f"unknown {kind} id `{reference}`"
        if hint:
            message += f" ({hint})"
        super().__init__(f"{path}: {message}" if path else message)

    def __str__(self) -> str:
        return str(self.args[0])


class QueryError(AIControlsError, ValueError):
    """The question is malformed: a bad date, a missing argument, a wrong type.

    Attributes:
        argument: the name of the offending argument, when there is one.
        value: the offending value.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> access = aicontrols.Access("acme-cloud", "mythos-5", "hosted-api")
        >>> try:
        ...     regime.decide(access, on="2026-13-01")
        ... except aicontrols.QueryError as error:
        ...     print(error.argument, "|", error)
        on | `on`: expected a date as YYYY-MM-DD, got `2026-13-01`
    """

    def __init__(
        self, message: str, *, argument: str | None = None, value: object = None
    ) -> None:
        self.argument = argument
        self.value = value
        super().__init__(message)


class NaiveDateTimeError(QueryError):
    """A datetime without a timezone: aicontrols never guesses a zone.

    Examples:
        >>> import datetime, aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> access = aicontrols.Access("acme-cloud", "mythos-5", "hosted-api")
        >>> regime.decide(access, at=datetime.datetime(2026, 6, 15, 12))
        Traceback (most recent call last):
        ...
        aicontrols.exceptions.NaiveDateTimeError: `at` is a naive datetime `2026-06-15T12:00:00`: give it a timezone, e.g. `datetime(..., tzinfo=ZoneInfo("America/New_York"))`
    """


class AuditRowError(QueryError):
    """A row of an access log that cannot be decided: its number, column and value.

    Attributes:
        row: the row's position in the log, counting from 0.
        regime: in an audit under several regimes, the id of the regime that
            cannot read the row; `None` when none can, or with one regime.

    Examples:
        >>> import datetime as dt, pyarrow as pa, aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> log = pa.table({"recipient": ["acme-cloud"], "item": ["mythos-6"],
        ...                 "mode": ["hosted-api"],
        ...                 "at": pa.array([dt.datetime(2026, 7, 1, tzinfo=dt.UTC)])})
        >>> try:
        ...     aicontrols.audit(regime, log)
        ... except aicontrols.AuditRowError as error:
        ...     print(error.row, error.argument, error.value)
        0 item mythos-6
    """

    def __init__(
        self,
        message: str,
        *,
        row: int,
        argument: str | None = None,
        value: object = None,
        regime: str | None = None,
    ) -> None:
        self.row = row
        self.regime = regime
        super().__init__(message, argument=argument, value=value)


class UnknownIdError(QueryError, LookupError):
    """A query names an entity, item or mode that the regime does not define.

    An object (an `Entity`, a `ControlledItem`) whose id only *looks like* a
    known id, the same but for case, punctuation or separators, is refused the
    same way: ids are compared exactly, and a lookalike would match nothing.

    Attributes:
        kind: `entity`, `item` or `mode`.
        value: the unknown id.
        hint: the known id it probably means, or `None`.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> try:
        ...     regime.entity("ghost")
        ... except aicontrols.UnknownIdError as error:
        ...     print(error)
        unknown entity id `ghost` (known: `anthropic`, `acme-cloud`, `us-agency`, `other-corp`)
        >>> try:
        ...     regime.item("mythos5")
        ... except aicontrols.UnknownIdError as error:
        ...     print(error.hint, "|", error)
        mythos-5 | unknown item id `mythos5` (did you mean `mythos-5`? known: `mythos-5`, `fable-5`)
    """

    def __init__(
        self,
        kind: str,
        value: str,
        *,
        known: tuple[str, ...] = (),
        hint: str | None = None,
        context: str | None = None,
        note: str | None = None,
    ) -> None:
        self.kind = kind
        self.hint = hint
        parts = []
        if hint is not None:
            parts.append(f"did you mean `{hint}`?")
        if known:
            shown = ", ".join(f"`{k}`" for k in known[:8])
            parts.append(f"known: {shown}{', ...' if len(known) > 8 else ''}")
        more = f" ({' '.join(parts)})" if parts else ""
        where = f"{context}: " if context else ""
        after = f": {note}" if note else ""
        super().__init__(
            f"{where}unknown {kind} id `{value}`{more}{after}",
            argument=kind,
            value=value,
        )

    def __str__(self) -> str:
        return str(self.args[0])


class CatalogConflictError(QueryError):
    """An object carries a catalog id but other facts than the catalog records.

    The catalog's facts are never silently replaced, and never silently used in
    place of the object's: give the id alone (as a string), or the same facts.
    An entity linked by `same_as` to a catalog entity is refused the same way
    when it contradicts the facts the catalog records for it.

    Attributes:
        kind: `entity`, `item` or `mode`.
        value: the catalog id.
        fields: the names of the facts that differ.
        linked_from: for a `same_as` link, the id of the entity that links.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> who = aicontrols.Entity("acme-cloud", country="CN")
        >>> try:
        ...     regime.decide(aicontrols.Access(who, "mythos-5", "hosted-api"),
        ...                   on="2026-06-30")
        ... except aicontrols.CatalogConflictError as error:
        ...     print(error.fields, "|", error)
        ('country',) | entity `acme-cloud` is in the regime's catalog with other facts (`country` differs): give its id alone, or the catalog's facts
    """

    def __init__(
        self,
        kind: str,
        value: str,
        fields: list[str] | tuple[str, ...],
        *,
        linked_from: str | None = None,
    ) -> None:
        self.kind = kind
        self.fields = tuple(fields)
        self.linked_from = linked_from
        differ = ", ".join(f"`{f}`" for f in self.fields)
        verb = "differs" if len(self.fields) == 1 else "differ"
        if kind == "mode":
            message = (
                f"mode `{value}` is a known mode with other properties "
                f"({differ} {verb}): give its name alone, or another name"
            )
        elif linked_from is None:
            message = (
                f"{kind} `{value}` is in the regime's catalog with other facts "
                f"({differ} {verb}): give its id alone, or the catalog's facts"
            )
        else:
            message = (
                f"entity `{linked_from}` is linked by `same_as` to `{value}`, "
                f"whose facts in the regime's catalog contradict its own "
                f"({differ} {verb})"
            )
        super().__init__(message, argument=kind, value=value)
