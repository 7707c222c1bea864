"""`aicontrols screen`: the listed parties a name may be, with the reasons."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import aicontrols
from aicontrols import screening

from ._common import (
    CliError,
    add_command,
    add_json,
    add_known,
    load,
    print_json,
    stdout,
)
from .import_csl import bad_rows, history, located, plural, read_snapshots, snapshot

HELP = "screen a name against a regime's lists: candidates, scores and reasons"
DESCRIPTION = """\
Screen a name against the entity lists of a regime (--regime) or of
Consolidated Screening List snapshots read on the spot (--csl PATH@YYYY-MM-DD,
repeatable, as import-csl reads them). Print the listed parties that may be
the one named, best first, each with its score and the reasons for it: the
name words it shares with the party's name or an alias, and the country.

A candidate is not an identity: a person confirms a match. The regime is an
option, not the positional REGIME of the other commands, because --csl can
stand in for it.

exit status: 0 screened, whether or not there are candidates; 2 bad usage or
unreadable input (a snapshot with a bad row is not screened against)
"""
EXAMPLES = """\
examples:
  aicontrols screen "Contoso Photonics" --country CN --on 2026-04-10 --regime csl.yaml
  aicontrols screen "Contoso Photonics" --on 2026-04-10 \\
      --csl csl-2026-03-02.csv@2026-03-02 --csl csl-2026-04-06.csv@2026-04-06
  aicontrols screen "Fabrikam Computing" --on 2026-04-10 --as-known-on 2026-03-31 \\
      --regime csl.yaml --min-score 0.3 --limit 5 --json
"""


def register(commands: Any) -> None:
    parser = add_command(
        commands, "screen", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    parser.add_argument("name", metavar="NAME", help="the name to screen")
    lists = parser.add_argument_group("lists")
    exclusive = lists.add_mutually_exclusive_group(required=True)
    exclusive.add_argument(
        "--regime",
        metavar="REGIME",
        help="a regime file, or the name of a bundled example",
    )
    exclusive.add_argument(
        "--csl",
        metavar="SNAPSHOT",
        action="append",
        type=snapshot,
        help="a CSL file and the day it was taken, PATH@YYYY-MM-DD (repeatable)",
    )
    query = parser.add_argument_group("query")
    query.add_argument(
        "--country", metavar="CC", help="the country the name is in or from"
    )
    query.add_argument(
        "--on", metavar="DATE", required=True, help="the day screened, YYYY-MM-DD"
    )
    add_known(query)
    query.add_argument(
        "--min-score",
        metavar="X",
        type=float,
        default=0.5,
        help="the lowest score shown, from 0 to 1 (default: 0.5)",
    )
    query.add_argument(
        "--limit",
        metavar="N",
        type=int,
        default=20,
        help="the most candidates shown; 0 for all (default: 20)",
    )
    add_json(parser)
    parser.set_defaults(handler=run)


def _regime(args: argparse.Namespace) -> aicontrols.Regime:
    if args.regime is not None:
        return load(args.regime)
    snapshots = read_snapshots(args.csl)
    problems = bad_rows(snapshots)
    if problems:
        for problem in problems:
            sys.stderr.write(located(problem) + "\n")
        raise CliError(
            f"{plural(len(problems), 'bad row', 'bad rows')}: nothing screened "
            "(import-csl --skip-bad-rows imports the other rows)"
        )
    return history(snapshots)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.min_score <= 1:
        raise CliError(f"`--min-score` must be from 0 to 1, got `{args.min_score}`")
    if args.limit < 0:
        raise CliError(f"`--limit` must be 0 (all) or more, got `{args.limit}`")
    regime = _regime(args)
    found = screening.screen(
        regime,
        args.name,
        args.country,
        on=args.on,
        as_known_on=args.as_known_on,
        min_score=args.min_score,
        limit=args.limit or None,
    )
    out = stdout()
    if args.json:
        print_json(
            {
                "schema": "aicontrols.screen/1",
                "regime": regime.id,
                "query": {
                    "name": args.name,
                    "country": args.country,
                    "on": args.on,
                    "as_known_on": args.as_known_on,
                    "min_score": args.min_score,
                    "limit": args.limit or None,
                },
                "candidates": [
                    {
                        "entity": c.entity.id,
                        "name": c.entity.name,
                        "score": c.score,
                        "name_score": c.name_score,
                        "matched": c.matched,
                        "reasons": list(c.reasons),
                        "lists": list(c.lists),
                    }
                    for c in found
                ],
            },
            out,
        )
    elif not found:
        out.write(
            f"no candidates for {args.name!r} on {args.on} "
            f"(score {args.min_score:g} or more)\n"
        )
    else:
        count = plural(len(found), "candidate", "candidates")
        out.write(f"{count} for {args.name!r} on {args.on}, best first:\n")
        for candidate in found:
            out.write("\n" + candidate.explain() + "\n")
    return 0
