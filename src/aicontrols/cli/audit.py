"""`aicontrols audit`: decide every row of an access log."""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import aicontrols

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

  recipient      a catalog entity id, or the id of an individual described by:
  citizenships   country codes, `;`-separated in CSV, a list in JSON Lines
  residencies    permanent residencies, likewise
  employers      employer entity ids, likewise
  item           the item's id                          (required)
  mode           the deployment mode, e.g. hosted-api    (required)
  location       where the recipient was (a country code)
  at             the instant, ISO 8601 with its offset   (required)
  attestations   attested conditions, likewise

Rows that cannot be read are reported on standard error with their line number
and written to the output with the verdict `unreadable`: none is dropped.
A summary of verdict counts ends the run.

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
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=run)


class _Unreadable(Exception):
    pass


def _rows(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """`(line, row)` pairs; a row that is not an object becomes `_Unreadable` data."""
    if not path.endswith((".csv", ".jsonl")):
        raise CliError(f"the log `{path}` must end in .csv or .jsonl")
    try:
        # utf-8-sig: spreadsheet exports start with a byte order mark
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as error:
        raise CliError(f"cannot read the log `{path}`: {error.strerror}") from None
    with handle:
        try:
            yield from _parse(path, handle)
        except UnicodeDecodeError:
            raise CliError(f"the log `{path}` is not UTF-8 text") from None


def _parse(path: str, handle: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    if path.endswith(".jsonl"):
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, {"__problem__": f"not JSON: {error.msg}"}
                continue
            if not isinstance(row, dict):
                yield number, {"__problem__": "expected a JSON object"}
                continue
            yield number, row
        return
    reader = csv.DictReader(handle)
    if reader.fieldnames is None:
        raise CliError(f"the log `{path}` is empty")
    missing = {"recipient", "item", "mode", "at"} - set(reader.fieldnames)
    if missing:
        names = ", ".join(f"`{m}`" for m in sorted(missing))
        raise CliError(f"the log `{path}` has no column {names}")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a cell over the csv module's limit
            raise CliError(
                f"the log `{path}` cannot be read past line {reader.line_num}: {error}"
            ) from None
        if None in row:
            yield reader.line_num, {"__problem__": "more cells than columns"}
            continue
        yield reader.line_num, row


def _list(value: Any, name: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _Unreadable(f"`{name}`: expected a list of strings, got `{value!r}`")


class _Recipients:
    """Ad hoc individuals built once per distinct description."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], aicontrols.Entity] = {}

    def get(self, row: dict[str, Any]) -> aicontrols.Entity | str:
        rid = row.get("recipient")
        if not isinstance(rid, str) or not rid:
            raise _Unreadable("`recipient`: missing")
        facts = (
            _list(row.get("citizenships"), "citizenships"),
            _list(row.get("residencies"), "residencies"),
            _list(row.get("employers"), "employers"),
        )
        if not any(facts):
            return rid
        key = (rid, *facts)
        if key not in self.cache:
            try:
                self.cache[key] = aicontrols.Entity(
                    rid,
                    kind="individual",
                    citizenships=[aicontrols.Citizenship(c) for c in facts[0]],
                    residencies=[aicontrols.Residency(c) for c in facts[1]],
                    employments=[aicontrols.Employment(e) for e in facts[2]],
                )
            except (ValueError, TypeError) as error:
                raise _Unreadable(f"`recipient`: {error}") from None
        return self.cache[key]


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
    err = sys.stderr
    recipients = _Recipients()
    counts: Counter[str] = Counter()
    # a progress bar only on a terminal; it has no colour, so NO_COLOR keeps it
    total = (
        _count_rows(args.log)
        if err.isatty() and os.environ.get("TERM") != "dumb"
        else 0
    )
    rows = _rows(args.log)
    first = list(itertools.islice(rows, 1))  # a bad log fails before --out is opened
    with _Writer(args.out) as writer:
        for done, (number, row) in enumerate(itertools.chain(first, rows), start=1):
            record: dict[str, Any] = dict.fromkeys(COLUMNS, "")
            record["line"] = number
            try:
                if "__problem__" in row:
                    raise _Unreadable(row["__problem__"])
                for name in ("item", "mode", "location", "at"):
                    record[name] = row.get(name) or ""
                access = aicontrols.Access(
                    recipients.get(row),
                    _field(row, "item"),
                    _field(row, "mode"),
                    row.get("location") or None,
                    frozenset(_list(row.get("attestations"), "attestations")),
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
