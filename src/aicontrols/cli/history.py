"""`aicontrols history`: an access's verdict over time."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import (
    CliError,
    access,
    add_access_arguments,
    add_command,
    add_known,
    add_regime_argument,
    load,
    print_json,
    stdout,
)

HELP = "an access's verdict over time, as a table, a Mermaid chart or JSON"
DESCRIPTION = """\
Print the history of one access under one regime: the maximal intervals of
constant verdict, each with the act or fact change that opened it.

exit status: 0 success, 2 bad usage or unreadable input
"""
EXAMPLES = """\
examples:
  aicontrols history mythos5 --recipient priya --citizenship IN --employer acme-cloud \\
      --item mythos-5 --mode hosted-api --location US
  aicontrols history mythos5 --recipient other-corp --item fable-5 --mode web-app --format mermaid
  aicontrols history mythos5 --recipient acme-cloud --item fable-5 --mode hosted-api \\
      --start 2026-06-01 --end 2026-07-01 --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "history", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser)
    add_access_arguments(parser)
    span = parser.add_argument_group("span")
    span.add_argument(
        "--start", metavar="DATE", help="start of the span (default: ever)"
    )
    span.add_argument(
        "--end", metavar="DATE", help="end of the span, exclusive (default: open)"
    )
    add_known(span)
    output = parser.add_argument_group("output")
    output.add_argument(
        "--format",
        choices=("table", "mermaid", "json"),
        default="table",
        help="a table (default), a Mermaid Gantt chart, or JSON",
    )
    output.add_argument("--json", action="store_true", help="the same as --format json")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    regime = load(args.regime)
    timeline = regime.history(
        access(args), start=args.start, end=args.end, as_known_on=args.as_known_on
    )
    out = stdout()
    fmt = "json" if args.json else args.format
    if fmt == "json":
        print_json(timeline.to_dict(), out)
    elif fmt == "mermaid":
        anchor = _anchor(regime)
        out.write(timeline.to_mermaid(anchor=anchor) + "\n")
    else:
        out.write(timeline.explain() + "\n")
    return 0


def _anchor(regime: Any) -> Any:
    """A date to draw a timeline without changes at: the regime's first act."""
    if not regime.notices:
        raise CliError("the regime has no notice: nothing to draw")
    first = min(regime.notices, key=lambda n: str(n.effective))
    effective = first.effective
    return effective.date() if hasattr(effective, "hour") else effective
