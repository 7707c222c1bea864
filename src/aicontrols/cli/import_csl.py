"""`aicontrols import-csl`: dated Consolidated Screening List snapshots as a regime."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aicontrols
from aicontrols import screening

from ._common import CliError, add_command, load, stdout

HELP = "turn dated Consolidated Screening List snapshots into a regime file"
DESCRIPTION = """\
Read Consolidated Screening List (CSL) snapshots, each a CSV file (the older
or the current layout) or a JSON file as downloaded, and write the regime their
sequence describes: per listed party an entity and a membership of its list,
and per act a dated notice: a party that appears is listed, a row that changes
is amended, a party missing from a later snapshot is removed on that day.

The CSL carries no date: give each snapshot as PATH@YYYY-MM-DD, the day it was
taken. A summary goes to standard error: the rows read per list, and the
listings, amendments, removals and denial-order expiries imported.

A snapshot with a malformed row (an unknown source, a bad date, no name) is
not imported: every bad row is printed as file:line: `column` = 'value':
message and nothing is written, unless --skip-bad-rows imports the other rows
and prints the bad ones as warnings.

exit status: 0 imported, 1 bad rows (nothing written), 2 bad usage or an
unreadable snapshot or regime
"""
EXAMPLES = """\
examples:
  aicontrols import-csl csl-2026-03-02.csv@2026-03-02 csl-2026-04-06.csv@2026-04-06 -o csl.yaml
  aicontrols import-csl consolidated.json@2026-04-06 --base mythos5 --id us-mythos-csl \\
      -o us-mythos-csl.json
  aicontrols import-csl csl-2026-04-06.csv@2026-04-06 --skip-bad-rows > csl.yaml
"""
SUFFIXES = (".yaml", ".yml", ".json")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ACT = re.compile(r"/(listed|amended|removed|expires)-\d{4}-\d{2}-\d{2}(?:-\d+)?$")
_ACTS = (
    ("listed", "listing", "listings"),
    ("amended", "amendment", "amendments"),
    ("removed", "removal", "removals"),
    ("expires", "expiry", "expiries"),
)


def snapshot(value: str) -> tuple[str, dt.date]:
    """A `PATH@YYYY-MM-DD` argument as the path and the day the snapshot was taken."""
    path, at, day = value.rpartition("@")
    if not at or not path:
        raise argparse.ArgumentTypeError(
            f"expected PATH@YYYY-MM-DD (the day the snapshot was taken), got `{value}`"
        )
    try:
        if not _DAY.fullmatch(day):
            raise ValueError(day)
        return path, dt.date.fromisoformat(day)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{day}` in `{value}` is not a date as YYYY-MM-DD"
        ) from None


def located(problem: screening.RowProblem, kind: str = "") -> str:
    """A problem as `file:line: [kind: ]` then what is wrong with which value."""
    where = f"{problem.file}:{problem.line}: "
    head = where + (f"{kind}: " if kind else "")
    if problem.column:  # as the library says it: `column` = 'value': message
        return head + str(problem).removeprefix(where)
    if problem.value:
        return f"{head}{problem.message}: {problem.value!r}"
    return head + problem.message


def read_snapshots(specs: Sequence[tuple[str, dt.date]]) -> list[screening.Snapshot]:
    """Every snapshot, its bad rows kept aside; an unreadable one is a user error."""
    snapshots = []
    for path, taken in specs:
        try:
            found = screening.read_csl(path, taken=taken, skip_bad_rows=True)
        except aicontrols.ScreeningFileError as error:
            raise CliError(located(error.problems[0])) from None
        snapshots.append(found)
    return snapshots


def bad_rows(snapshots: Sequence[screening.Snapshot]) -> list[screening.RowProblem]:
    """The bad rows of every snapshot, in order."""
    return [p for s in snapshots for p in s.problems]


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def history(
    snapshots: Sequence[screening.Snapshot],
    base: aicontrols.Regime | None = None,
    id: str | None = None,
    name: str | None = None,
) -> aicontrols.Regime:
    """The regime the snapshots describe; two on one day is a user error."""
    try:
        return screening.history_regime(snapshots, base=base, id=id, name=name)
    except ValueError as error:
        raise CliError(str(error)) from None


def register(commands: Any) -> None:
    parser = add_command(
        commands, "import-csl", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    parser.add_argument(
        "snapshots",
        nargs="+",
        type=snapshot,
        metavar="SNAPSHOT",
        help="a CSL file (.csv or .json) and the day it was taken, as PATH@YYYY-MM-DD",
    )
    parser.add_argument(
        "--base",
        metavar="REGIME",
        help="a regime file or bundled example to add the listings to",
    )
    parser.add_argument(
        "--id", metavar="ID", help="the regime's id (default: the base's, or us-csl)"
    )
    parser.add_argument("--name", metavar="NAME", help="the regime's name")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="the regime file to write: .yaml, .yml or .json (default: YAML on "
        "standard output)",
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows of a snapshot with bad ones, printing those as "
        "warnings",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output: str = args.output
    if output != "-" and not output.endswith(SUFFIXES):
        raise CliError(f"`--output` must end in .yaml, .yml or .json, got `{output}`")
    base = load(args.base) if args.base is not None else None
    snapshots = read_snapshots(args.snapshots)
    err = sys.stderr
    problems = bad_rows(snapshots)
    if problems and not args.skip_bad_rows:
        for problem in problems:
            err.write(located(problem) + "\n")
        files = {p.file for p in problems}
        raise CliError(
            f"{plural(len(problems), 'bad row', 'bad rows')} in "
            f"{plural(len(files), 'snapshot', 'snapshots')}: nothing written "
            "(--skip-bad-rows imports the other rows)",
            status=1,
        )
    for problem in problems:
        err.write(located(problem, "warning") + "\n")
    regime = history(snapshots, base, args.id, args.name)
    text = aicontrols.dump_regime(
        regime, format="json" if output.endswith(".json") else "yaml"
    )
    if output == "-":
        stdout().write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CliError(f"cannot write `{output}`: {error.strerror}") from None
    _summary(snapshots, regime, base)
    where = "standard output" if output == "-" else output
    err.write(f"wrote the regime `{regime.id}` to {where}\n")
    return 0


def _summary(
    snapshots: Sequence[screening.Snapshot],
    regime: aicontrols.Regime,
    base: aicontrols.Regime | None,
) -> None:
    """Per snapshot the rows read per list; for the history the acts imported."""
    err = sys.stderr
    for snap in snapshots:
        counts = Counter(x.source for x in snap.listings)
        lists = ", ".join(f"{counts[c]:,} {c}" for c in screening.SOURCES if counts[c])
        rows = plural(len(snap.listings), "row", "rows")
        bad = plural(len(snap.problems), "bad row", "bad rows") if snap.problems else ""
        err.write(
            f"{snap.file} (taken {snap.taken}): {rows} read"
            + (f" ({lists})" if lists else "")
            + (f", {bad} skipped" if bad else "")
            + "\n"
        )
    kept = {n.id for n in base.notices} if base is not None else set()
    acts = Counter(
        found.group(1)
        for n in regime.notices
        if n.id not in kept and (found := _ACT.search(n.id))
    )
    err.write(
        "imported: "
        + ", ".join(plural(acts[act], one, many) for act, one, many in _ACTS)
        + "\n"
    )
