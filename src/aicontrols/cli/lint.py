"""`aicontrols lint`: static checks of regime files."""

from __future__ import annotations

import argparse
from typing import Any

import aicontrols

from ._common import add_command, add_json, print_json, stdout
from .validate import check_files, shown

HELP = "static checks of regime files: rules that can never matter, acts out of order"
DESCRIPTION = """\
Load regime files and run the static checks on them (see `aicontrols.lint`):
an exemption that never overlaps what it lifts, a revocation or amendment of a
rule not in force, a suspension outside a rule's life, two notices acting on
one rule at the same instant, scopes that can never match. Each finding is
printed compiler-style with its witness date where one exists. A file that
does not load reports its problems as `validate` does.

exit status: 0 no findings, 1 findings or problems, 2 bad usage or unreadable file
"""
EXAMPLES = """\
examples:
  aicontrols lint regimes/*.yaml
  aicontrols lint ai-diffusion.yaml --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "lint", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="regime files")
    add_json(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..files import locate

    out = stdout()
    report: list[dict[str, Any]] = []
    status = 0
    for name, problems in check_files(args.files):
        entry: dict[str, Any] = {"file": shown(name), "problems": [], "findings": []}
        report.append(entry)
        if problems:
            status = 1
            for problem in problems:
                entry["problems"].append(
                    {
                        "line": problem.line,
                        "column": problem.column,
                        "path": problem.path,
                        "message": problem.message,
                    }
                )
                if not args.json:
                    out.write(f"{problem}\n")
            continue
        regime = aicontrols.load_regime(name)
        for finding in aicontrols.lint(regime):
            status = 1
            line, column, path = locate(name, finding.path)
            witness = None if finding.witness is None else finding.witness.isoformat()
            entry["findings"].append(
                {
                    "line": line,
                    "column": column,
                    "path": path,
                    "code": finding.code,
                    "severity": finding.severity.value,
                    "message": finding.message,
                    "witness": witness,
                }
            )
            if not args.json:
                out.write(
                    f"{shown(name)}:{line}:{column}: {path}: {finding.code}: "
                    f"{str(finding).removeprefix(finding.path + ': ')}\n"
                )
        if not entry["findings"] and not args.json:
            out.write(f"{shown(name)}: no findings\n")
    if args.json:
        print_json({"schema": "aicontrols.lint/1", "files": report}, out)
    return status
