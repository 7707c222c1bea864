"""`aicontrols impact`: which accesses a draft notice changes, from when, and why."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

import aicontrols

from ._common import (
    CliError,
    add_command,
    add_fact_arguments,
    add_json,
    load,
    print_json,
    stdout,
)

HELP = "which accesses a draft notice changes, from when, and by which act"
DESCRIPTION = """\
Compare a regime with the regime plus the notices of a draft file, access by
access: list every access whose verdict differs in [--since, --until), with
the first day it differs, its verdict before and after, and the notice whose
act opens the difference. The accesses are those of an access log (each
distinct access once; its `at` column is not read) or the one access the
options describe. The table shows each access by its recipient, item, mode
and location, and by the log's other columns (facts, origin, attestations)
where some changed access has them.

A draft file is YAML or JSON with one key, `notices`: a list of notices in the
regime-file format. It is checked as the regime file with those notices
appended would be; problems are printed located in the draft.

exit status: 0 nothing changes, 1 some access changes, 2 bad usage or
unreadable input
"""
EXAMPLES = """\
examples:
  aicontrols impact --regime affiliates-rule-2025 --draft extension.yaml --log access.csv
  aicontrols impact --regime mythos5 --draft draft.yaml --recipient other-corp \\
      --item mythos-5 --mode hosted-api --since 2026-07-01 --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "impact", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    parser.add_argument(
        "--regime",
        metavar="REGIME",
        required=True,
        help="a regime file, or the name of a bundled example",
    )
    parser.add_argument(
        "--draft",
        metavar="FILE",
        required=True,
        help="a YAML or JSON file holding `notices:`, the notices to add",
    )
    which = parser.add_argument_group("which accesses (--log, or one access)")
    which.add_argument(
        "--log",
        metavar="FILE",
        help="an access log, CSV, JSON Lines or Parquet, as `aicontrols audit` reads it",
    )
    which.add_argument("--recipient", metavar="ID", help="a catalog entity id")
    add_fact_arguments(which)
    which.add_argument("--item", metavar="ID", help="the item's id")
    which.add_argument("--mode", metavar="MODE", help="the deployment mode")
    which.add_argument("--location", metavar="CC", help="where the recipient is")
    which.add_argument("--attest", metavar="NAME", action="append", default=[],
                       help="a condition the caller attests (repeatable)")  # fmt: skip
    span = parser.add_argument_group("span")
    span.add_argument("--since", metavar="DATE", help="first day (default: ever)")
    span.add_argument(
        "--until", metavar="DATE", help="last day, exclusive (default: open)"
    )
    add_json(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..files._draft import read_draft

    one = [args.recipient, args.item, args.mode]
    if args.log is not None and any(
        (
            *one,
            args.location,
            *args.citizenship,
            *args.residency,
            *args.employer,
            *args.attest,
        )
    ):
        raise CliError("give either --log or one access, not both")
    if args.log is None and args.recipient is None:
        raise CliError("give either --log or --recipient (with --item and --mode)")
    if args.log is None and None in one:
        raise CliError("with --recipient, give --item and --mode too")
    regime = load(args.regime)
    if not os.path.isfile(args.draft):
        raise CliError(f"cannot read the draft `{args.draft}`: no such file")
    after = read_draft(args.draft, regime)
    if args.log is not None:
        table = aicontrols.impact(
            regime, after, _read_log(args.log), args.since, args.until
        )
        zone = ZoneInfo(after.timezone)
        found = [_record(row, zone) for row in table.to_pylist()]
    else:
        access = _access(args)
        found = [
            i.to_dict()
            for i in aicontrols.impact(regime, after, [access], args.since, args.until)
        ]
    out = stdout()
    if args.json:
        print_json(
            {
                "schema": "aicontrols.impact/1",
                "regime": regime.id,
                "draft": args.draft,
                "since": args.since,
                "until": args.until,
                "impacts": found,
            },
            out,
        )
    else:
        out.write(_table(found))
    return 1 if found else 0


def _access(args: argparse.Namespace) -> aicontrols.Access:
    """The one access the options describe."""
    who: aicontrols.Entity | str = args.recipient
    try:
        if args.citizenship or args.residency or args.employer:
            who = aicontrols.Entity(
                args.recipient,
                kind="individual",
                citizenships=[aicontrols.Citizenship(c) for c in args.citizenship],
                residencies=[aicontrols.Residency(c) for c in args.residency],
                employments=[aicontrols.Employment(e) for e in args.employer],
            )
        return aicontrols.Access(
            who, args.item, args.mode, args.location, frozenset(args.attest)
        )
    except (ValueError, TypeError) as error:
        raise CliError(str(error)) from None


def _read_log(path: str) -> Any:
    """The whole log as an Arrow table, every CSV cell a string."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
        import pyarrow.json as pjson
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the extra is installed in the suite
        raise CliError(
            "`impact --log` needs pyarrow: pip install 'aicontrols[columnar]'"
        ) from None
    if not os.path.isfile(path):
        raise CliError(f"cannot read the log `{path}`: no such file")
    try:
        if path.endswith(".parquet"):
            return pq.read_table(path)
        if path.endswith((".jsonl", ".ndjson")):
            return pjson.read_json(path)
        with open(path, encoding="utf-8") as handle:
            header = handle.readline().rstrip("\r\n").split(",")
        return pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=True,
            ),
        )
    except (OSError, UnicodeDecodeError, pa.ArrowException) as error:
        raise CliError(f"cannot read the log `{path}`: {error}") from None


def _record(row: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """A row of the impact table as the JSON output gives it, as `Impact.to_dict`."""
    at = row.pop("differs_at")
    on = row.pop("differs_on")
    notice = {k: row.pop(k) for k in ("notice", "title", "citation")}
    head = {k: v for k, v in row.items() if k not in _TAIL}
    return {
        **head,
        "on": None if on is None else on.isoformat(),
        "at": None if at is None else at.astimezone(zone).isoformat(),
        "before": row["before"],
        "after": row["after"],
        "notice": None
        if notice["notice"] is None
        else {
            "id": notice["notice"],
            "title": notice["title"],
            "citation": notice["citation"],
        },
        "regime": row["regime"],
        "cause": row["cause"],
        "rows": row["rows"],
    }


_TAIL = ("before", "after", "regime", "cause", "rows")
_ACCESS = ("recipient", "item", "mode", "location")
"""The access columns the text table always shows; the log's other columns
(facts, origin, attestations) show where some access has them, so that two
accesses never print as one line."""
_NOT_ACCESS = frozenset({"on", "at", "notice", *_TAIL})


def _table(found: list[dict[str, Any]]) -> str:
    """The impacts as a text table, then each notice once with its title and
    citation, then a count."""
    if not found:
        return "no access changes\n"
    access = [
        name
        for name in found[0]
        if name not in _NOT_ACCESS
        and (name in _ACCESS or any(record.get(name) for record in found))
    ]
    header = [
        *access,
        *("on", "before", "after", "notice"),
        *(("rows",) if "rows" in found[0] else ()),
        "cause",
    ]
    cells = [[_shown(name, record.get(name)) for name in header] for record in found]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *cells)
    ]
    notices: dict[str, dict[str, Any]] = {}
    for record in found:
        if record["notice"] is not None:
            notices.setdefault(record["notice"]["id"], record["notice"])
    for notice in notices.values():
        title = f" {notice['title']}" if notice["title"] else ""
        cite = f" ({notice['citation']})" if notice["citation"] else ""
        lines.append(f"`{notice['id']}`:{title}{cite}")
    count = len(found)
    lines.append(
        f"{count} access{'es' if count != 1 else ''} change{'s' if count == 1 else ''}"
    )
    return "\n".join(lines) + "\n"


def _shown(name: str, value: Any) -> str:
    if value is None:
        return "the beginning" if name == "on" else "-"
    if name in ("before", "after"):
        return aicontrols.Verdict(value).label
    if name == "notice":
        return str(value["id"])
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):  # a JSON Lines or Parquet log's list
        return ";".join(map(str, value))
    return str(value)
