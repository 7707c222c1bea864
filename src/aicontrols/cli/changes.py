"""`aicontrols changes`: the rule changes in a period, with their notices."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import (
    add_command,
    add_json,
    add_known,
    add_regime_argument,
    load,
    print_json,
    stdout,
)

HELP = "the rule changes that take effect in a period, with their notices"
DESCRIPTION = """\
List the rule changes (added, amended, revoked, suspended, compliance required,
not enforced, ...) that take effect in [--since, --until), in time order.

exit status: 0 success, 2 bad usage or unreadable input
"""
EXAMPLES = """\
examples:
  aicontrols changes mythos5 --since 2026-06-01 --until 2026-07-01
  aicontrols changes ai-diffusion-2025 --since 2025-01-01 --until 2026-01-01 --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "changes", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser)
    parser.add_argument(
        "--since", metavar="DATE", required=True, help="first day, inclusive"
    )
    parser.add_argument(
        "--until", metavar="DATE", required=True, help="last day, exclusive"
    )
    add_known(parser)
    add_json(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    regime = load(args.regime)
    found = regime.changes(args.since, args.until, as_known_on=args.as_known_on)
    out = stdout()
    if args.json:
        print_json(
            {
                "schema": "aicontrols.changes/1",
                "regime": regime.id,
                "changes": [
                    {
                        "at": c.at.isoformat(),
                        "kind": c.kind.value,
                        "rule": c.rule_id,
                        "notice": c.notice.id,
                        "title": c.notice.title,
                    }
                    for c in found
                ],
            },
            out,
        )
    elif not found:
        out.write("no rule changes in that period\n")
    else:
        for change in found:
            out.write(change.describe() + "\n")
    return 0
