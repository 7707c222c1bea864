"""`aicontrols demo`: a short walk through the bundled June 2026 example."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

import aicontrols

from ._common import stdout

# An illustrative person, not in the regime's catalog: any Entity can be asked about.
PRIYA = aicontrols.Entity(
    "priya",
    name="Priya, an Indian national on Anthropic's staff in the US",
    kind=aicontrols.EntityKind.INDIVIDUAL,
    citizenships=[aicontrols.Citizenship("IN")],
    employments=[aicontrols.Employment("anthropic", start=dt.date(2024, 2, 1))],
)
DATES = (dt.date(2026, 6, 1), dt.date(2026, 6, 15), dt.date(2026, 6, 27))


HELP = "walk through the bundled June 2026 Mythos 5 / Fable 5 example"
DESCRIPTION = """\
Decide one foreign-national employee's access to Mythos 5 and Fable 5 on three
dates under the bundled `mythos5` regime, with the reasons, and print each
access's history and the rule changes of June 2026.

exit status: 0
"""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        help=HELP,
        description=DESCRIPTION,
        epilog="examples:\n  aicontrols demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=lambda _: run_demo(stdout()))


def run_demo(out: TextIO) -> int:
    """Print the demo to `out`; returns the exit status (0)."""
    regime = aicontrols.examples.load("mythos5")
    rule = "=" * 72

    def say(text: str = "") -> None:
        print(text, file=out)

    say(f"aicontrols demo: {regime.name}")
    say(f"Recipient: {PRIYA.name}, asking in the US (a deemed export).")
    for item in ("mythos-5", "fable-5"):
        access = aicontrols.Access(PRIYA, item, "hosted-api", location="US")
        for day in DATES:
            decision = regime.decide(access, on=day)
            say(rule)
            say(decision.explain())
        say(rule)
        say(f"History of this access to {item}:")
        say(regime.history(access).explain())
    say(rule)
    say("Rule changes in June 2026:")
    for change in regime.changes(dt.date(2026, 6, 1), dt.date(2026, 7, 1)):
        say(f"  {change.describe()}")
    return 0
