"""`aicontrols schema`: print the JSON Schema of regime files."""

from __future__ import annotations

import argparse
from typing import Any

import aicontrols

from ._common import print_json, stdout

HELP = "print the JSON Schema of regime files"
EXAMPLES = """\
examples:
  aicontrols schema > regime.schema.json
"""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "schema",
        help=HELP,
        description="Print the JSON Schema (draft 2020-12) that regime files follow.\n\n"
        "exit status: 0",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print_json(aicontrols.regime_schema(), stdout())
    return 0
