"""`aicontrols options`: for one recipient on a day, what is allowed, and what would change it."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

import aicontrols

from ._common import (
    CliError,
    add_command,
    add_json,
    add_recipient_arguments,
    add_regime_argument,
    add_when_arguments,
    load,
    print_json,
    recipient,
    stdout,
)

HELP = "for one recipient on a day: the verdict of every item, mode and location"
DESCRIPTION = """\
For one recipient on a day (or at an instant), the verdict of every item, mode
and location the regime knows, or of those given: one line per cell, each the
answer `check` gives for it. Under the table, for each cell not permitted, what
would change it: conditions to attest for an exemption, a license for a
binding restriction, unknown facts to settle, and the next date its verdict
changes.

Without --location, the locations are those the regime's rules tell apart: the
jurisdiction, every country a rule names, the recipient's own countries, one
country for each set of countries the country groups treat alike ("AD (+150)"
stands for 150 others), and `unknown` (no location given).

exit status: 0 the table was printed, 2 bad usage or unreadable input
"""
EXAMPLES = """\
examples:
  aicontrols options mythos5 --recipient other-corp --on 2026-06-27
  aicontrols options mythos5 --recipient priya --citizenship IN --employer anthropic \\
      --item fable-5 --mode hosted-api --location US --on 2026-06-27 --why
  aicontrols options affiliates-rule-2025 --recipient sg-subsidiary --on 2026-11-01 --json
"""

UNKNOWN = "unknown"
"""The value of `--location` for an access whose location is not given."""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "options", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser)
    add_recipient_arguments(parser)
    cells = parser.add_argument_group("which cells (default: all the regime knows)")
    cells.add_argument("--item", metavar="ID", action="append",
                       help="an item's id (repeatable)")  # fmt: skip
    cells.add_argument("--mode", metavar="MODE", action="append",
                       help="a deployment mode, e.g. hosted-api (repeatable)")  # fmt: skip
    cells.add_argument(
        "--location",
        metavar="CC",
        action="append",
        help=f"where the recipient is, or `{UNKNOWN}` (repeatable)",
    )
    cells.add_argument(
        "--origin",
        metavar="CC",
        help="the country the item leaves (default: the regime's jurisdiction)",
    )
    cells.add_argument("--attest", metavar="NAME", action="append", default=[],
                       help="a condition the caller attests (repeatable)")  # fmt: skip
    add_when_arguments(parser)
    parser.add_argument(
        "--why",
        action="store_true",
        help="also say, for each cell not permitted, which exemptions would "
        "lift it for an access that differs, and how",
    )
    add_json(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    regime = load(args.regime)
    who = recipient(args)
    locations = (
        None
        if args.location is None
        else [None if c.strip().lower() == UNKNOWN else c for c in args.location]
    )
    try:
        table = regime.options(
            who,
            on=args.on,
            at=args.at,
            as_known_on=args.as_known_on,
            items=args.item,
            modes=args.mode,
            locations=locations,
            attestations=args.attest,
            origin=args.origin,
        )
    except (TypeError, ValueError) as error:
        if isinstance(error, aicontrols.AIControlsError):
            raise
        raise CliError(str(error)) from None
    outlooks = {
        index: regime.what_would_change(
            cell.access, on=args.on, at=args.at, as_known_on=args.as_known_on
        )
        for index, cell in enumerate(table)
        if not cell.decision.permitted
    }
    out = stdout()
    if args.json:
        print_json(_json(args, regime, table, outlooks), out)
        return 0
    when = f"on {args.on}" if args.on else f"at {args.at}"
    out.write(
        f"What `{table.recipient_id}` may have under `{regime.id}`, {when} "
        f"({regime.timezone}):\n\n{table.to_text()}\n"
    )
    if outlooks:
        _changes(table, outlooks, args.why, out)
    return 0


def _changes(
    table: aicontrols.Options,
    outlooks: dict[int, aicontrols.Outlook],
    why: bool,
    out: TextIO,
) -> None:
    """For each cell not permitted, what would change it."""
    out.write("\nWhat would change the cells not permitted:\n")
    for index, found in outlooks.items():
        cell = table.rows[index]
        where = "unknown" if cell.location is None else cell.location
        shown = [
            r.text
            for r in found.remedies
            if why or r.kind is not aicontrols.RemedyKind.SCOPE
        ]
        if not shown:
            shown = ["no attestation or license lifts it"]
        head = f"  {cell.item} {cell.mode} {where}: {cell.verdict.label}"
        if why:
            out.write(head + "\n")
            out.writelines(f"    - {text}\n" for text in shown)
            out.write(f"    next change: {found.next_text()}\n")
        else:
            out.write(f"{head}: {'; '.join(shown)}; next change: {found.next_text()}\n")


def _json(
    args: argparse.Namespace,
    regime: aicontrols.Regime,
    table: aicontrols.Options,
    outlooks: dict[int, aicontrols.Outlook],
) -> dict[str, Any]:
    """The table, each cell with its outlook (`null` when permitted)."""
    return {
        "schema": "aicontrols.options/1",
        "regime": regime.id,
        "recipient": table.recipient_id,
        "on": args.on,
        "at": args.at,
        "as_known_on": args.as_known_on,
        "timezone": regime.timezone,
        "rows": [
            {
                **cell.to_dict(),
                "outlook": outlooks[i].to_dict() if i in outlooks else None,
            }
            for i, cell in enumerate(table)
        ],
    }
