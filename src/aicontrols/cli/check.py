"""`aicontrols check`: decide one access, with the reasons and citations."""

from __future__ import annotations

import argparse
from typing import Any

import aicontrols

from ._common import (
    VERDICT_COLOUR,
    access,
    add_access_arguments,
    add_command,
    add_json,
    add_regime_argument,
    add_when_arguments,
    paint,
    print_json,
    regimes,
    stdout,
)

HELP = "decide one access: the verdict, the reasons and the citations"
DESCRIPTION = """\
Decide whether one access was (or is) permitted under one or more regimes, and
why. Several regimes combine: the most severe verdict wins.

exit status: 0 permitted, 1 not permitted (a license required, prohibited or
undetermined), 2 bad usage or unreadable input
"""
EXAMPLES = """\
examples:
  aicontrols check mythos5 --recipient other-corp --item mythos-5 --mode hosted-api --on 2026-06-27
  aicontrols check mythos5 --recipient priya --citizenship IN --employer anthropic \\
      --item fable-5 --mode hosted-api --location US --on 2026-06-27
  aicontrols check regimes/us.yaml regimes/eu.yaml --recipient-file person.yaml \\
      --item mythos-5 --mode weights-transfer --at 2026-06-15T09:30-04:00 --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "check", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser, several=True)
    add_access_arguments(parser)
    add_when_arguments(parser)
    add_json(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    decision = aicontrols.decide(
        regimes(args.regime),
        access(args),
        on=args.on,
        at=args.at,
        as_known_on=args.as_known_on,
    )
    out = stdout()
    if args.json:
        print_json(decision.to_dict(), out)
    else:
        text = decision.explain()
        head, _, rest = text.partition(":")
        out.write(
            paint(head, VERDICT_COLOUR[decision.verdict], out) + ":" + rest + "\n"
        )
    return 0 if decision.permitted else 1
