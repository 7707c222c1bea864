"""Reading an access log row by row, and deciding one row: `aicontrols audit`'s reference.

`Log` reads every row of a CSV or JSON Lines log with its line number, strictly
(see the command's description); `Rows` decides one row under one regime or
several, as `Regime.decide` and `aicontrols.decide` do. The columnar path
(`_audit_columns`) reads and decides in batches, and gives each row it cannot
decide to `Rows`, so that every located error is worded the same either way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

import aicontrols

from .._audit import entity_kind, location_cell, log_recipient
from .._audit_items import item_cell, log_item
from .._columns import AUDIT_COLUMNS, FACT_COLUMNS, ITEM_COLUMNS, column_problems
from .._csv import CsvProblem, records
from .._decision import Decision, combined
from ._common import CliError

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "Log",
    "Row",
    "Rows",
    "cell_list",
    "columns_for",
    "describes",
    "formatted",
    "width_problem",
]

COLUMNS = ("line", "recipient", "item", "mode", "location", "at", "verdict",
           "restrictions", "caveats", "problem")  # fmt: skip
"""The columns of the decisions under one regime."""
CELLS = ("recipient", "item", "mode", "location", "at")
"""The log's cells that each decision repeats."""
REQUIRED = ("recipient", "item", "mode", "at")
_BREAKS = ("\n", "\r")
Row = tuple[int, "dict[str, Any] | None", str]
"""A row of the log: its line, its cells (`None` if unreadable), and why not."""


def columns_for(ids: Sequence[str]) -> tuple[str, ...]:
    """The columns of the decisions under the regimes `ids`.

    One regime: `COLUMNS`. Several: each regime's verdict and reason code
    (`verdict_<id>`, `reason_<id>`), then the combined verdict and reason.
    """
    if len(ids) == 1:
        return COLUMNS
    each = [f"{name}_{i}" for i in ids for name in ("verdict", "reason")]
    return ("line", *CELLS, *each, "verdict", "reason", "problem")


def formatted(record: dict[str, Any], columns: Sequence[str], jsonl: bool) -> str:
    """One decision as a line of the output: JSON Lines, or CSV under `columns`."""
    if jsonl:
        return json.dumps(record, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n").writerow(record)
    return buffer.getvalue()


def describes(log: Log, row: dict[str, Any] | None) -> bool:
    """Whether a row describes a recipient the catalog lacks: a CSV log with a
    fact or `kind` column, or a JSON Lines row with such a key."""
    return log.describes or (
        log.jsonl and row is not None and any(n in row for n in (*FACT_COLUMNS, "kind"))
    )


def width_problem(cells: int, width: int) -> str:
    """Why a CSV row with `cells` cells under a header of `width` is unreadable."""
    more = "more" if cells > width else "fewer"
    return f"{more} cells than columns ({cells} cells, {width} columns)"


class Unreadable(Exception):
    pass


class Log:
    """How the log is laid out: its columns, and whether it ends with a line break."""

    def __init__(self, path: str, extra: frozenset[str]) -> None:
        if not path.endswith((".csv", ".jsonl", ".parquet")):
            raise CliError(f"the log `{path}` must end in .csv, .jsonl or .parquet")
        self.path = path
        self.jsonl = path.endswith(".jsonl")
        self.extra = extra
        self.keys = frozenset(AUDIT_COLUMNS) | extra
        self.describes = False  # CSV: a fact or kind column; JSON Lines: per row
        self.whole = True  # ends with a line break, as far as can be seen first
        self.regular = False  # a file, not a pipe: it can be read twice
        try:
            info = os.stat(path)
            self.regular = stat.S_ISREG(info.st_mode)
            if self.regular and info.st_size:  # not a pipe: read once
                with open(path, "rb") as raw:
                    raw.seek(-1, os.SEEK_END)
                    self.whole = raw.read(1) in (b"\n", b"\r")
        except (OSError, ValueError) as error:  # ValueError: a NUL in the path
            raise self.unreadable(error) from None

    def unreadable(self, error: OSError | ValueError) -> CliError:
        reason = getattr(error, "strerror", None) or str(error)
        return CliError(f"cannot read the log `{self.path}`: {reason}")

    def rows(self) -> Iterator[Row]:
        """`(line, cells, problem)` for every row, in order.

        A log that does not end with a line break is read through once first,
        so that a log cut inside its last row fails before anything is written
        (a pipe, read once, fails at its end).
        """
        if not self.whole:
            for _ in self._read():
                pass
        yield from self._read()

    def _read(self) -> Iterator[Row]:
        try:
            # utf-8-sig: spreadsheet exports start with a byte order mark
            handle = open(self.path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except (OSError, ValueError) as error:
            raise self.unreadable(error) from None
        with handle:
            try:
                if self.jsonl:
                    yield from self._jsonl(handle)
                else:
                    yield from self.csv(handle)
            except UnicodeDecodeError:
                raise self.not_utf8() from None

    def not_utf8(self) -> CliError:
        return CliError(f"the log `{self.path}` is not UTF-8 text")

    def truncated(self, line: int, why: str) -> CliError:
        return CliError(
            f"{self.path}:{line}: the log ends inside this row: truncated? ({why})"
        )

    def _jsonl(self, handle: TextIO) -> Iterator[Row]:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line, object_pairs_hook=_object)
            except json.JSONDecodeError as error:
                if not line.endswith(_BREAKS):  # only the last line can
                    raise self.truncated(
                        number, "its last line is not JSON, and no line break ends it"
                    ) from None
                yield number, None, f"not JSON: {error.msg}"
                continue
            except _DuplicateKey as error:
                yield number, None, f"duplicate key `{error.args[0]}`"
                continue
            except RecursionError:
                yield number, None, "nested too deeply: a row is one flat JSON object"
                continue
            except ValueError:  # Python reads no integer over 4,300 digits
                yield number, None, "not JSON: a number over 4,300 digits long"
                continue
            if not isinstance(row, dict):
                yield number, None, "expected a JSON object"
                continue
            if _SURROGATE.search(line) and _has_surrogate(row):
                yield (
                    number,
                    None,
                    "a value holds a lone surrogate (`\\ud800`...), which is not a character",
                )
                continue
            if not row.keys() <= self.keys:  # no key twice: `_object` saw to that
                unknown = column_problems(
                    [k for k in row if k not in self.extra], AUDIT_COLUMNS, word="key"
                )
                yield number, None, "; ".join(message for _, message in unknown)
                continue
            yield number, row, ""

    def csv(self, handle: Iterator[str], first: int = 1) -> Iterator[Row]:
        """The rows of a CSV log from its header on; `first` is the header's line."""
        rows = records(handle)
        shift = first - 1
        try:
            _, header = next(rows)
        except StopIteration:
            raise CliError(f"the log `{self.path}` is empty") from None
        except CsvProblem as problem:
            raise CliError(f"{self.path}:{first}: {problem.message}") from None
        self.header(header)
        width = len(header)
        try:
            for line, values in rows:
                if len(values) == width:
                    yield line + shift, dict(zip(header, values, strict=True)), ""
                else:
                    yield line + shift, None, width_problem(len(values), width)
        except CsvProblem as problem:
            if problem.truncated:
                raise self.truncated(problem.line + shift, problem.message) from None
            raise CliError(
                f"the log `{self.path}` cannot be read past line "
                f"{problem.line + shift}: {problem.message.removeprefix('not CSV: ')}"
            ) from None

    def header(self, header: Sequence[str], where: str = "") -> None:
        """Refuse a header with an unknown, repeated or missing column."""
        where = where or f"{self.path}:1: "
        self.describes = any(n in header for n in (*FACT_COLUMNS, "kind"))
        problems = [
            message
            for _, message in column_problems(
                [n for n in header if n not in self.extra or header.count(n) > 1],
                AUDIT_COLUMNS,
            )
        ]
        missing = [n for n in REQUIRED if n not in header]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            word = "header" if where.endswith(":1: ") else "log"
            problems.append(f"the {word} has no column {names}")
        if problems:
            raise CliError(where + "; ".join(problems))


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds a lone surrogate (JSON escapes allow one)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


class _DuplicateKey(Exception):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (`json` keeps the last)."""
    row: dict[str, Any] = {}
    for key, value in pairs:
        if key in row:
            raise _DuplicateKey(key)
        row[key] = value
    return row


def cell_list(value: Any, name: str) -> tuple[str, ...]:
    """A list cell: `;`-separated in CSV, a list of strings in JSON Lines."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise Unreadable(f"`{name}`: expected a list of strings, got `{value!r}`")


class _Recipients:
    """Recipients built once per distinct description (see `log_recipient`)."""

    def __init__(self, catalog: Mapping[str, aicontrols.Entity]) -> None:
        self.catalog = catalog
        self.cache: dict[tuple[Any, ...], aicontrols.Entity | str] = {}

    def get(self, row: dict[str, Any], describes: bool) -> aicontrols.Entity | str:
        rid = row.get("recipient")
        if rid is None or rid == "":
            raise Unreadable("`recipient`: missing")
        if not isinstance(rid, str):
            raise Unreadable(f"`recipient`: expected a string, got `{rid!r}`")
        facts = tuple(cell_list(row.get(name), name) for name in FACT_COLUMNS)
        kind = entity_kind(row.get("kind"))
        key = (rid, kind, describes, *facts)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = log_recipient(
                rid, *facts, kind=kind, catalog=self.catalog if describes else None
            )
        return found


class _Items:
    """Items read once per distinct description: a catalog id, or the item the
    row's fact cells describe, as `aicontrols.audit` reads it (`log_item`)."""

    def __init__(self, catalog: Mapping[str, aicontrols.ControlledItem]) -> None:
        self.catalog = catalog
        self.cache: dict[tuple[Any, ...], aicontrols.ControlledItem | str] = {}

    def get(self, item: str, facts: tuple[str | None, ...]) -> aicontrols.ControlledItem | str:  # fmt: skip
        key = (item, *facts)
        found = self.cache.get(key)
        if found is None:
            cells = dict(zip(ITEM_COLUMNS, facts, strict=True))
            found = self.cache[key] = log_item(item, cells, self.catalog)
        return found


def _facts(row: dict[str, Any]) -> tuple[str | None, ...]:
    """A row's item-fact cells, in `ITEM_COLUMNS` order, as columns give them."""
    return tuple(item_cell(n, row[n]) if n in row else None for n in ITEM_COLUMNS)


def _field(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    if value is None or value == "":
        raise Unreadable(f"`{name}`: missing")
    if not isinstance(value, str):
        raise Unreadable(f"`{name}`: expected a string, got `{value!r}`")
    return value


def _instant(row: dict[str, Any]) -> str | dt.datetime:
    """The `at` cell: a string, or a timestamp read from a Parquet log."""
    value = row.get("at")
    return value if isinstance(value, dt.datetime) else _field(row, "at")


class Rows:
    """Decides one row at a time, under one regime or several: the reference.

    Under several regimes each reads the row's recipient against its own
    catalog and decides on its own, in order (the first that cannot read the
    row says why); the combined decision is `aicontrols.decide`'s.
    """

    def __init__(
        self, regimes: Sequence[aicontrols.Regime], as_known_on: str | None
    ) -> None:
        self.regimes = tuple(regimes)
        self.as_known_on = as_known_on
        self.columns = columns_for([r.id for r in regimes])
        self.recipients = [
            _Recipients({e.id: e for e in regime.entities}) for regime in regimes
        ]
        self.items = [_Items({i.id: i for i in regime.items}) for regime in regimes]

    def record(self, number: int, row: dict[str, Any] | None, problem: str,
               describes: bool) -> tuple[dict[str, Any], str]:  # fmt: skip
        """The row's decision as a record, and why it is unreadable (or "")."""
        record: dict[str, Any] = dict.fromkeys(self.columns, "")
        record["line"] = number
        try:
            if row is None:
                raise Unreadable(problem)
            for name in CELLS:
                record[name] = row.get(name) or ""
            parts = self._decide(row, describes)
        except (Unreadable, aicontrols.QueryError, ValueError, TypeError) as error:
            record["verdict"] = "unreadable"
            record["problem"] = str(error)
            return record, str(error)
        record["recipient"] = parts[0].access.recipient_id
        if len(parts) == 1:
            decision = parts[0]
            record["verdict"] = decision.verdict.value
            record["restrictions"] = ";".join(
                a.id for a in decision.applied if a.status is aicontrols.Status.BINDING
            )
            record["caveats"] = ";".join(
                dict.fromkeys(c.kind.value for c in decision.caveats)
            )
            return record, ""
        for regime, part in zip(self.regimes, parts, strict=True):
            record[f"verdict_{regime.id}"] = part.verdict.value
            record[f"reason_{regime.id}"] = part.reason_code
        decision = combined(parts)
        record["verdict"] = decision.verdict.value
        record["reason"] = decision.reason_code
        return record, ""

    def _decide(self, row: dict[str, Any], describes: bool) -> tuple[Decision, ...]:
        """Each regime's decision of the row, in order: cells are read in the
        order they always were (recipient, item and its facts, mode, location,
        attestations, origin, instant). Each regime reads the item against its
        own catalog, as it reads the recipient."""
        parts: list[Decision] = []
        rest: tuple[Any, ...] | None = None
        for regime, recipients, items in zip(
            self.regimes, self.recipients, self.items, strict=True
        ):
            recipient = recipients.get(row, describes)
            if rest is None:
                rest = (
                    _field(row, "item"),
                    _facts(row),
                    _field(row, "mode"),
                    location_cell(row.get("location")),
                    frozenset(cell_list(row.get("attestations"), "attestations")),
                    location_cell(row.get("origin"), "origin"),
                )
            name, facts, *what, origin = rest
            item = items.get(name, facts)
            access = aicontrols.Access(recipient, item, *what, origin=origin)
            parts.append(
                regime.decide(access, at=_instant(row), as_known_on=self.as_known_on)
            )
        return tuple(parts)
