"""`aicontrols audit`: decide every row of an access log."""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import aicontrols

from .._audit import entity_kind, location_cell, log_recipient
from .._columns import FACT_COLUMNS, LOG_COLUMNS, column_problems, extra_names
from .._csv import CsvProblem, records
from ._common import (
    CliError,
    add_command,
    add_regime_argument,
    load,
    print_json,
    stdout,
)

HELP = "decide every row of an access log (CSV or JSON Lines)"
DESCRIPTION = """\
Decide every row of an access log under a regime and write one decision per
row. A log is CSV with a header, or JSON Lines (one object per line), with:

  recipient      a catalog entity id, or the id of an entity  (required)
                 described by the next four columns:
  kind           individual (the default), company, government_agency,
                 university, nonprofit or international_organization
  citizenships   country codes, `;`-separated in CSV, a list in JSON Lines
  residencies    permanent residencies, likewise
  employers      employer entity ids, likewise
  item           the item's id                          (required)
  mode           the deployment mode, e.g. hosted-api    (required)
  location       where the recipient was (a country code)
  origin         the country the item left (empty: the regime's jurisdiction)
  at             the instant, ISO 8601 with its offset   (required)
  attestations   attested conditions, likewise

In a log with a `kind` column or a fact column, a recipient the catalog lacks
is an entity with the facts of its row, none recorded if its cells are empty
(its verdict is then undetermined where a fact matters). Every column is read:
a log with an unknown or repeated column is refused, unless the column is
named with --extra-column; so is a log that ends inside a row (truncated).
A row is one recipient: other parties to a transaction have no column (use
`check --party`).

Rows that cannot be read (a cell short, an unknown or repeated JSON key) are
reported on standard error with their line number and written to the output
with the verdict `unreadable`: none is dropped. A summary of verdict counts
ends the run.

exit status: 0 every row decided, 1 some rows unreadable, 2 bad usage or an
unreadable log or regime
"""
EXAMPLES = """\
examples:
  aicontrols audit mythos5 --log access.csv --out decisions.csv
  aicontrols audit regimes/us.yaml --log access.jsonl --out decisions.jsonl --json
"""
COLUMNS = ("line", "recipient", "item", "mode", "location", "at", "verdict",
           "restrictions", "caveats", "problem")  # fmt: skip


def register(commands: Any) -> None:
    parser = add_command(
        commands, "audit", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser)
    parser.add_argument("--log", metavar="FILE", required=True,
                        help="the access log: .csv or .jsonl")  # fmt: skip
    parser.add_argument(
        "--out",
        metavar="FILE",
        default="-",
        help="where to write the decisions: .csv or .jsonl (default: CSV on standard output)",
    )
    parser.add_argument("--as-known-on", metavar="DATE",
                        help="use only the notices published on or before this date")  # fmt: skip
    parser.add_argument(
        "--extra-column",
        metavar="NAME",
        action="append",
        default=[],
        help="a column (or JSON key) of the log that the audit does not read, "
        "e.g. a request id; may be repeated",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=run)


class _Unreadable(Exception):
    pass


_REQUIRED = ("recipient", "item", "mode", "at")
_BREAKS = ("\n", "\r")
_Row = tuple[int, "dict[str, Any] | None", str]
"""A row of the log: its line, its cells (`None` if unreadable), and why not."""


class _Log:
    """How the log is laid out: its columns, and whether it ends with a line break."""

    def __init__(self, path: str, extra: frozenset[str]) -> None:
        if not path.endswith((".csv", ".jsonl")):
            raise CliError(f"the log `{path}` must end in .csv or .jsonl")
        self.path = path
        self.jsonl = path.endswith(".jsonl")
        self.extra = extra
        self.keys = frozenset(LOG_COLUMNS) | extra
        self.describes = False  # CSV: a fact or kind column; JSON Lines: per row
        self.whole = True  # ends with a line break, as far as can be seen first
        try:
            info = os.stat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size:  # not a pipe: read once
                with open(path, "rb") as raw:
                    raw.seek(-1, os.SEEK_END)
                    self.whole = raw.read(1) in (b"\n", b"\r")
        except (OSError, ValueError) as error:  # ValueError: a NUL in the path
            raise self._unreadable(error) from None

    def _unreadable(self, error: OSError | ValueError) -> CliError:
        reason = getattr(error, "strerror", None) or str(error)
        return CliError(f"cannot read the log `{self.path}`: {reason}")

    def rows(self) -> Iterator[_Row]:
        """`(line, cells, problem)` for every row, in order.

        A log that does not end with a line break is read through once first,
        so that a log cut inside its last row fails before anything is written
        (a pipe, read once, fails at its end).
        """
        if not self.whole:
            for _ in self._read():
                pass
        yield from self._read()

    def _read(self) -> Iterator[_Row]:
        try:
            # utf-8-sig: spreadsheet exports start with a byte order mark
            handle = open(self.path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except (OSError, ValueError) as error:
            raise self._unreadable(error) from None
        with handle:
            try:
                if self.jsonl:
                    yield from self._jsonl(handle)
                else:
                    yield from self._csv(handle)
            except UnicodeDecodeError:
                raise CliError(f"the log `{self.path}` is not UTF-8 text") from None

    def _truncated(self, line: int, why: str) -> CliError:
        return CliError(
            f"{self.path}:{line}: the log ends inside this row: truncated? ({why})"
        )

    def _jsonl(self, handle: TextIO) -> Iterator[_Row]:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line, object_pairs_hook=_object)
            except json.JSONDecodeError as error:
                if not line.endswith(_BREAKS):  # only the last line can
                    raise self._truncated(
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
                    [k for k in row if k not in self.extra], LOG_COLUMNS, word="key"
                )
                yield number, None, "; ".join(message for _, message in unknown)
                continue
            yield number, row, ""

    def _csv(self, handle: TextIO) -> Iterator[_Row]:
        rows = records(handle)
        try:
            _, header = next(rows)
        except StopIteration:
            raise CliError(f"the log `{self.path}` is empty") from None
        except CsvProblem as problem:
            raise CliError(f"{self.path}:1: {problem.message}") from None
        self._header(header)
        self.describes = any(n in header for n in (*FACT_COLUMNS, "kind"))
        width = len(header)
        try:
            for line, values in rows:
                if len(values) == width:
                    yield line, dict(zip(header, values, strict=True)), ""
                else:
                    more = "more" if len(values) > width else "fewer"
                    counts = f"{len(values)} cells, {width} columns"
                    yield line, None, f"{more} cells than columns ({counts})"
        except CsvProblem as problem:
            if problem.truncated:
                raise self._truncated(problem.line, problem.message) from None
            raise CliError(
                f"the log `{self.path}` cannot be read past line "
                f"{problem.line}: {problem.message.removeprefix('not CSV: ')}"
            ) from None

    def _header(self, header: list[str]) -> None:
        """Refuse a header with an unknown, repeated or missing column."""
        problems = [
            message
            for _, message in column_problems(
                [n for n in header if n not in self.extra or header.count(n) > 1],
                LOG_COLUMNS,
            )
        ]
        missing = [n for n in _REQUIRED if n not in header]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            problems.append(f"the header has no column {names}")
        if problems:
            raise CliError(f"{self.path}:1: " + "; ".join(problems))


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


def _list(value: Any, name: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _Unreadable(f"`{name}`: expected a list of strings, got `{value!r}`")


class _Recipients:
    """Recipients built once per distinct description (see `log_recipient`)."""

    def __init__(self, catalog: Mapping[str, aicontrols.Entity]) -> None:
        self.catalog = catalog
        self.cache: dict[tuple[Any, ...], aicontrols.Entity | str] = {}

    def get(self, row: dict[str, Any], describes: bool) -> aicontrols.Entity | str:
        rid = row.get("recipient")
        if rid is None or rid == "":
            raise _Unreadable("`recipient`: missing")
        if not isinstance(rid, str):
            raise _Unreadable(f"`recipient`: expected a string, got `{rid!r}`")
        facts = tuple(_list(row.get(name), name) for name in FACT_COLUMNS)
        kind = entity_kind(row.get("kind"))
        key = (rid, kind, describes, *facts)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = log_recipient(
                rid, *facts, kind=kind, catalog=self.catalog if describes else None
            )
        return found


def _field(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    if value is None or value == "":
        raise _Unreadable(f"`{name}`: missing")
    if not isinstance(value, str):
        raise _Unreadable(f"`{name}`: expected a string, got `{value!r}`")
    return value


def run(args: argparse.Namespace) -> int:
    regime = load(args.regime)
    if args.as_known_on is not None:  # a bad date is a usage error, not bad rows
        regime.changes(as_known_on=args.as_known_on)
    log = _Log(args.log, extra_names(args.extra_column, "--extra-column"))
    err = sys.stderr
    recipients = _Recipients({e.id: e for e in regime.entities})
    counts: Counter[str] = Counter()
    # a progress bar only on a terminal; it has no colour, so NO_COLOR keeps it
    total = (
        _count_rows(args.log)
        if err.isatty() and os.environ.get("TERM") != "dumb"
        else 0
    )
    rows = log.rows()
    first = list(itertools.islice(rows, 1))  # a bad log fails before --out is opened
    with _Writer(args.out) as writer:
        for done, (number, row, problem) in enumerate(
            itertools.chain(first, rows), start=1
        ):
            record: dict[str, Any] = dict.fromkeys(COLUMNS, "")
            record["line"] = number
            try:
                if row is None:
                    raise _Unreadable(problem)
                for name in ("recipient", "item", "mode", "location", "at"):
                    record[name] = row.get(name) or ""
                describes = log.describes or (
                    log.jsonl and any(n in row for n in (*FACT_COLUMNS, "kind"))
                )
                access = aicontrols.Access(
                    recipients.get(row, describes),
                    _field(row, "item"),
                    _field(row, "mode"),
                    location_cell(row.get("location")),
                    frozenset(_list(row.get("attestations"), "attestations")),
                    origin=location_cell(row.get("origin"), "origin"),
                )
                record["recipient"] = access.recipient_id
                decision = regime.decide(
                    access, at=_field(row, "at"), as_known_on=args.as_known_on
                )
            except (_Unreadable, aicontrols.QueryError, ValueError, TypeError) as error:
                message = str(error)
                clear = "\r\033[K" if total else ""  # off the progress line
                err.write(f"{clear}{args.log}:{number}: {message}\n")
                record["verdict"] = "unreadable"
                record["problem"] = message
                counts["unreadable"] += 1
            else:
                record["verdict"] = decision.verdict.value
                record["restrictions"] = ";".join(
                    a.id
                    for a in decision.applied
                    if a.status is aicontrols.Status.BINDING
                )
                record["caveats"] = ";".join(
                    dict.fromkeys(c.kind.value for c in decision.caveats)
                )
                counts[decision.verdict.value] += 1
            writer.write(record)
            if total and done % 2000 == 0:
                err.write(f"\raudit: {done:,}/{total:,} rows ({done / total:.0%})")
                err.flush()
    if total:
        err.write(f"\raudit: {total:,}/{total:,} rows (100%)\n")
    _summary(args, counts)
    return 1 if counts["unreadable"] else 0


def _summary(args: argparse.Namespace, counts: Counter[str]) -> None:
    out = stdout() if args.out != "-" else sys.stderr
    order = [
        "permitted",
        "license_required",
        "undetermined",
        "prohibited",
        "unreadable",
    ]
    if args.json:
        print_json(
            {
                "schema": "aicontrols.audit/1",
                "log": args.log,
                "rows": sum(counts.values()),
                "counts": {k: counts.get(k, 0) for k in order},
            },
            out,
        )
        return
    rows = sum(counts.values())
    out.write(f"{rows:,} {'row' if rows == 1 else 'rows'}: ")
    out.write(
        ", ".join(f"{counts.get(k, 0):,} {k.replace('_', ' ')}" for k in order) + "\n"
    )


def _count_rows(path: str) -> int:
    try:
        with open(path, "rb") as handle:
            lines = sum(1 for _ in handle)
    except OSError:
        return 0
    return max(lines - (1 if path.endswith(".csv") else 0), 0)


class _Writer:
    """Decisions as CSV or JSON Lines, to a file or standard output."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.jsonl = target.endswith(".jsonl")
        if target != "-" and not target.endswith((".csv", ".jsonl")):
            raise CliError(f"`--out` must end in .csv or .jsonl, got `{target}`")
        self.stream: TextIO = io.StringIO()
        self.csv: Any = None

    def __enter__(self) -> _Writer:
        if self.target == "-":
            self.stream = stdout()
        else:
            try:
                self.stream = Path(self.target).open("w", encoding="utf-8", newline="")
            except OSError as error:
                raise CliError(
                    f"cannot write `{self.target}`: {error.strerror}"
                ) from None
        if not self.jsonl:
            self.csv = csv.DictWriter(
                self.stream, fieldnames=COLUMNS, lineterminator="\n"
            )
            self.csv.writeheader()
        return self

    def write(self, record: dict[str, Any]) -> None:
        if self.jsonl:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            self.csv.writerow(record)

    def __exit__(self, *exc: object) -> None:
        if self.target != "-":
            self.stream.close()
