"""`aicontrols validate`: check regime files, reporting every problem at once."""

from __future__ import annotations

import argparse
from typing import Any

import aicontrols

from ._common import CliError, add_command, add_json, print_json, stdout

HELP = "check regime files: every problem at once, as file:line:col: message"
DESCRIPTION = """\
Check regime files against the format and its rules, and print every problem,
compiler-style: file:line:column: path: message.

exit status: 0 all files valid, 1 problems found, 2 bad usage or unreadable file
"""
EXAMPLES = """\
examples:
  aicontrols validate regimes/*.yaml
  aicontrols validate us.yaml --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "validate", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="regime files")
    add_json(parser)
    parser.set_defaults(handler=run)


def check_files(files: list[str]) -> list[tuple[str, tuple[Any, ...]]]:
    """Each file with its problems (empty when valid)."""
    results: list[tuple[str, tuple[Any, ...]]] = []
    for name in files:
        try:
            aicontrols.load_regime(name)
        except aicontrols.RegimeFileError as error:
            if any(
                p.message.startswith("cannot read the file") for p in error.problems
            ):
                raise CliError(str(error)) from None
            results.append((name, error.problems))
        else:
            results.append((name, ()))
    return results


def shown(name: str) -> str:
    """A file name as printed: an undecodable byte (a surrogate) as its escape.

    The loader refuses surrogates in a file's text, so only a file name, from
    the operating system, can hold one; standard output is strict UTF-8.
    """
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def run(args: argparse.Namespace) -> int:
    results = check_files(args.files)
    out = stdout()
    if args.json:
        print_json(
            {
                "schema": "aicontrols.validate/1",
                "files": [
                    {
                        "file": shown(name),
                        "valid": not problems,
                        "problems": [
                            {
                                "line": p.line,
                                "column": p.column,
                                "path": p.path,
                                "message": p.message,
                            }
                            for p in problems
                        ],
                    }
                    for name, problems in results
                ],
            },
            out,
        )
    else:
        for name, problems in results:
            for problem in problems:
                out.write(f"{problem}\n")
            if not problems:
                out.write(f"{shown(name)}: valid\n")
    return 1 if any(problems for _, problems in results) else 0
