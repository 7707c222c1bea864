"""`aicontrols audit`: decide every row of an access log."""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import aicontrols

from .._columns import AUDIT_COLUMNS, extra_names
from ._audit_log import Log, Rows, describes
from ._audit_out import Writer, count_rows
from ._common import (
    CliError,
    add_command,
    load,
    print_json,
    stdout,
)

HELP = "decide every row of an access log (CSV, JSON Lines or Parquet)"
DESCRIPTION = """\
Decide every row of an access log under a regime, or several, and write one
decision per row. A log is CSV with a header, JSON Lines (one object per
line) or Parquet, with:

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

An item the catalog lacks is described by the item columns, as
`aicontrols.audit` reads them (empty: a fact not recorded, so the verdict is
undetermined where it matters):

  developer            the developer's entity id
  classifications      SCHEME=CODE pairs, `;`-separated in CSV (ECCN=4E091),
                       a list or an object of codes by scheme in JSON Lines
  training_operations  training compute in operations, e.g. 3e26
  weights_published    true or false
  tpp, performance_density, dram_bandwidth_gbps, memory_bandwidth_density
                       the technical parameters, numbers in their units

A row without item facts names a catalog item. A row with facts whose item is
in the catalog is decided on the catalog's item: a fact that contradicts the
catalog's makes the row unreadable. Under several regimes, each reads the
item against its own catalog.

Rows that cannot be read (a cell short, an unknown or repeated JSON key, a
malformed fact such as a `tpp` that is not a number) are reported on standard
error with their line number (in a Parquet log, the row's number) and why,
and written to the output with the verdict `unreadable`: none is dropped. A
summary of verdict counts ends the run.

With pyarrow installed (aicontrols[columnar]) the log is read and decided in
batches, as columns; without it, or with --per-row, row by row (CSV and JSON
Lines only). The decisions are the same. With several regimes, each regime's
verdict and reason code are written (`verdict_<id>`, `reason_<id>`), then the
combined verdict (the most severe) and its reason.

exit status: 0 every row decided, 1 some rows unreadable, 2 bad usage or an
unreadable log or regime
"""
EXAMPLES = """\
examples:
  aicontrols audit mythos5 --log access.csv --out decisions.csv
  aicontrols audit regimes/us.yaml --log access.jsonl --out decisions.jsonl --json
  aicontrols audit --regime regimes/us.yaml --regime regimes/eu.yaml --log access.parquet
"""
ORDER = ("permitted", "license_required", "undetermined", "prohibited", "unreadable")


def register(commands: Any) -> None:
    parser = add_command(
        commands, "audit", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    parser.add_argument(
        "regime",
        nargs="*",
        metavar="REGIME",
        help="a regime file, or the name of a bundled example",
    )
    parser.add_argument(
        "--regime",
        dest="regimes",
        metavar="REGIME",
        action="append",
        default=[],
        help="a regime to decide under, after any given before the options; "
        "may be repeated",
    )
    parser.add_argument("--log", metavar="FILE", required=True,
                        help="the access log: .csv, .jsonl or .parquet")  # fmt: skip
    parser.add_argument(
        "--out",
        metavar="FILE",
        default="-",
        help="where to write the decisions: .csv or .jsonl, whole or not at all "
        "(default: CSV on standard output)",
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
    parser.add_argument(
        "--per-row",
        action="store_true",
        help="read and decide row by row, without pyarrow (slower)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=run)


def _regimes(specs: Sequence[str]) -> list[aicontrols.Regime]:
    if not specs:
        raise CliError("give a regime: `aicontrols audit REGIME ...` or `--regime`")
    regimes = [load(spec) for spec in specs]
    seen: set[str] = set()
    for regime in regimes:
        if regime.id in seen:
            raise CliError(f"the regime `{regime.id}` is given twice")
        seen.add(regime.id)
    return regimes


def columnar() -> bool:
    """Whether the columnar engine can run: pyarrow and numpy are installed."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def run(args: argparse.Namespace) -> int:
    early = _begin(args)
    try:
        return _run(args, early)
    finally:
        if early is not None:
            early[1].close()


def _begin(args: argparse.Namespace) -> tuple[Log, Any] | None:
    """A CSV log's reading in batches, begun before the regimes load, so that
    its first batch is parsed meanwhile (in a thread); `None` for a log read
    otherwise, or when an option is wrong: that is said in its turn, after
    any problem with the regimes, as without this head start."""
    if args.per_row or not columnar():
        return None
    try:
        extra = extra_names(args.extra_column, "--extra-column", AUDIT_COLUMNS)
        log = Log(args.log, extra)
    except (CliError, aicontrols.AIControlsError):
        return None
    from ._audit_columns import begin

    reading = begin(log, args.out.endswith(".jsonl"))
    return None if reading is None else (log, reading)


def _run(args: argparse.Namespace, early: tuple[Log, Any] | None) -> int:
    regimes = _regimes([*args.regime, *args.regimes])
    if args.as_known_on is not None:  # a bad date is a usage error, not bad rows
        for regime in regimes:
            regime.changes(as_known_on=args.as_known_on)
    extra = extra_names(args.extra_column, "--extra-column", AUDIT_COLUMNS)
    log = Log(args.log, extra) if early is None else early[0]
    rows = Rows(regimes, args.as_known_on)
    parquet = args.log.endswith(".parquet")
    fast = not args.per_row and columnar()
    if parquet and args.per_row:
        raise CliError(
            "a Parquet log is read as columns: drop --per-row (it reads CSV and "
            "JSON Lines only)"
        )
    if parquet and not fast:
        raise CliError(
            "a Parquet log is read as columns, which needs pyarrow: "
            "pip install 'aicontrols[columnar]'"
        )
    err = sys.stderr
    # a progress bar only on a terminal; it has no colour, so NO_COLOR keeps it
    total = (
        count_rows(args.log) if err.isatty() and os.environ.get("TERM") != "dumb" else 0
    )
    counts: Counter[str] = Counter()
    with Writer(args.out, rows.columns) as writer:
        if fast:
            from ._audit_columns import batches

            read = None if early is None else early[1]
            _columns(
                args, batches(log, rows, writer.jsonl, read), writer, counts, total
            )
        else:
            _per_row(args, log, rows, writer, counts, total)
    if total:
        err.write(f"\raudit: {total:,}/{total:,} rows (100%)\n")
    _summary(args, counts)
    return 1 if counts["unreadable"] else 0


def _per_row(args: argparse.Namespace, log: Log, rows: Rows, writer: Writer,
             counts: Counter[str], total: int) -> None:  # fmt: skip
    """Read and decide row by row: the reference the columnar path must equal."""
    err = sys.stderr
    read = log.rows()
    first = list(itertools.islice(read, 1))  # a bad log fails before --out is opened
    writer.open()
    for done, (number, row, problem) in enumerate(itertools.chain(first, read), 1):
        record, message = rows.record(number, row, problem, describes(log, row))
        if message:
            clear = "\r\033[K" if total else ""  # off the progress line
            err.write(f"{clear}{args.log}:{number}: {message}\n")
        counts[record["verdict"]] += 1
        writer.write(record)
        if total and done % 2000 == 0:
            err.write(f"\raudit: {done:,}/{total:,} rows ({done / total:.0%})")
            err.flush()


def _columns(args: argparse.Namespace, decided: Iterator[Any], writer: Writer,
             counts: Counter[str], total: int) -> None:  # fmt: skip
    """Read and decide in batches; each batch's output is formatted and written
    in a thread (in order) while the next batches are decided, two at most
    waiting or being written: a batch's output can take longer to write than
    the next, smaller batch to decide."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    err = sys.stderr
    first = list(itertools.islice(decided, 1))  # a bad log fails before --out is opened
    writer.open()
    done = 0
    with ThreadPoolExecutor(1, thread_name_prefix="aicontrols-audit-write") as pool:
        pending: deque[Future[None]] = deque()
        for batch in itertools.chain(first, decided):
            clear = "\r\033[K" if total else ""
            for number, message in batch.problems:
                err.write(f"{clear}{args.log}:{number}: {message}\n")
                clear = ""
            counts.update(batch.counts)
            if len(pending) == 2:
                pending.popleft().result()  # its error, if it failed
            pending.append(pool.submit(_write, writer, batch))
            done += batch.rows
            if total and batch.rows:
                shown = min(done, total)
                err.write(f"\raudit: {shown:,}/{total:,} rows ({shown / total:.0%})")
                err.flush()
        while pending:
            pending.popleft().result()


def _write(writer: Writer, batch: Any) -> None:
    """Write a batch's decisions, unless an earlier batch's write failed (its
    error is the one given; nothing is written after it)."""
    if writer.failed:
        return
    try:
        writer.write_bytes(batch.output())
    except BaseException:
        writer.failed = True
        raise


def _summary(args: argparse.Namespace, counts: Counter[str]) -> None:
    out = stdout() if args.out != "-" else sys.stderr
    if args.json:
        print_json(
            {
                "schema": "aicontrols.audit/1",
                "log": args.log,
                "rows": sum(counts.values()),
                "counts": {k: counts.get(k, 0) for k in ORDER},
            },
            out,
        )
        return
    rows = sum(counts.values())
    out.write(f"{rows:,} {'row' if rows == 1 else 'rows'}: ")
    out.write(
        ", ".join(f"{counts.get(k, 0):,} {k.replace('_', ' ')}" for k in ORDER) + "\n"
    )
