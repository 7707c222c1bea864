"""The `aicontrols` command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .demo import run_demo

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aicontrols",
        description=(
            "Export-control regimes for AI models: was this access permitted on "
            "this date, and why?"
        ),
        epilog="Example: aicontrols demo",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="walk through the bundled June 2026 Mythos 5 / Fable 5 example",
        description=(
            "Decide one foreign-national employee's access to Mythos 5 and Fable 5 "
            "on three dates under the bundled `mythos5` regime, with the reasons, "
            "and print the access's history."
        ),
    )
    demo.set_defaults(handler=lambda _: run_demo(sys.stdout))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    status: int = handler(args)
    return status
