"""What every subcommand shares: loading regimes, describing recipients, output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO, TypeVar

import aicontrols
from aicontrols.examples import SpecError, load_spec

from .._validators import optional_country


class CliError(Exception):
    """A user error: printed as one line, exit status 2, never a traceback."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def colour_on(stream: TextIO) -> bool:
    """Colour only on a terminal, and never with `NO_COLOR` set (no-color.org)."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}
VERDICT_COLOUR = {
    aicontrols.Verdict.PERMITTED: "green",
    aicontrols.Verdict.LICENSE_REQUIRED: "yellow",
    aicontrols.Verdict.UNDETERMINED: "yellow",
    aicontrols.Verdict.PROHIBITED: "red",
}


def paint(text: str, colour: str, stream: TextIO) -> str:
    """`text` in `colour` if the stream takes colour."""
    if not colour_on(stream):
        return text
    return f"\033[{_CODES[colour]}m{text}\033[0m"


def load(spec: str) -> aicontrols.Regime:
    """A regime from a file path or the name of a bundled example.

    Raises:
        RegimeFileError: the file has problems (each located).
        CliError: `spec` is neither a file nor a bundled example.
    """
    try:
        return load_spec(spec)
    except SpecError as error:
        raise CliError(str(error)) from None


def add_command(
    commands: Any, name: str, *, help: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """A subcommand's parser, its description and examples kept as written."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def add_regime_argument(
    parser: argparse.ArgumentParser, *, several: bool = False
) -> None:
    """The positional REGIME: a regime file or the name of a bundled example."""
    parser.add_argument(
        "regime",
        nargs="+" if several else None,
        metavar="REGIME",
        help="a regime file, or the name of a bundled example",
    )


def add_access_arguments(parser: argparse.ArgumentParser) -> None:
    """The who, what, how and where of an access."""
    add_recipient_arguments(parser)
    what = parser.add_argument_group("what, how, where")
    what.add_argument("--item", metavar="ID", required=True, help="the item's id")
    what.add_argument(
        "--mode",
        metavar="MODE",
        required=True,
        help="the deployment mode, e.g. hosted-api, web-app, weights-transfer",
    )
    what.add_argument("--location", metavar="CC", help="where the recipient is")
    what.add_argument(
        "--origin",
        metavar="CC",
        help="the country the item leaves (default: the regime's jurisdiction, "
        "an export)",
    )
    what.add_argument(
        "--party",
        metavar="ROLE=ID",
        action="append",
        default=[],
        help="another party to the transaction, a catalog entity id with its "
        "role: purchaser, intermediate_consignee or ultimate_consignee "
        "(repeatable); the recipient is the end user",
    )
    what.add_argument(
        "--attest",
        metavar="NAME",
        action="append",
        default=[],
        help="a condition the caller attests, e.g. a signed agreement (repeatable)",
    )


def add_recipient_arguments(parser: argparse.ArgumentParser) -> None:
    """The who of an access: `--recipient ID` (with facts) or `--recipient-file`."""
    who = parser.add_argument_group("who")
    exclusive = who.add_mutually_exclusive_group(required=True)
    exclusive.add_argument(
        "--recipient",
        metavar="ID",
        help="a catalog entity id; with --citizenship and friends, an individual "
        "described here",
    )
    exclusive.add_argument(
        "--recipient-file",
        metavar="FILE",
        help="a YAML file describing the recipient as a catalog entity "
        "(id, kind, citizenships, residencies, employments, owners)",
    )
    add_fact_arguments(who)


def add_fact_arguments(group: Any) -> None:
    """The facts of an individual described on the command line."""
    group.add_argument("--citizenship", metavar="CC", action="append", default=[],
                       help="a citizenship of the described individual (repeatable)")  # fmt: skip
    group.add_argument("--residency", metavar="CC", action="append", default=[],
                       help="a permanent residency (repeatable)")  # fmt: skip
    group.add_argument("--employer", metavar="ID", action="append", default=[],
                       help="an employer's entity id (repeatable)")  # fmt: skip


def recipient(args: argparse.Namespace) -> aicontrols.Entity | str:
    """The recipient the arguments describe: a catalog id or an entity."""
    facts = args.citizenship or args.residency or args.employer
    if args.recipient_file:
        if facts:
            raise CliError(
                "describe the recipient in --recipient-file or with --citizenship, "
                "--residency and --employer, not both"
            )
        return read_entity(args.recipient_file)
    if not facts:
        return str(args.recipient)
    try:
        return aicontrols.Entity(
            args.recipient,
            kind="individual",
            citizenships=[aicontrols.Citizenship(c) for c in args.citizenship],
            residencies=[aicontrols.Residency(c) for c in args.residency],
            employments=[aicontrols.Employment(e) for e in args.employer],
        )
    except (ValueError, TypeError) as error:
        raise CliError(f"bad recipient: {error}") from None


def read_entity(path: str) -> aicontrols.Entity:
    """An entity described in a small YAML file, in the catalog's entity format."""
    from ..files._recipient import read_recipient

    return read_recipient(path)


def access(args: argparse.Namespace) -> aicontrols.Access:
    """The access the arguments describe."""
    who = recipient(args)
    try:
        return aicontrols.Access(
            who,
            args.item,
            args.mode,
            args.location,
            frozenset(args.attest),
            origin=_option("--origin", lambda: optional_country(args.origin)),
            parties=[party(text) for text in args.party],
        )
    except (ValueError, TypeError) as error:
        raise CliError(str(error)) from None


T = TypeVar("T")


def _option(name: str, read: Callable[[], T]) -> T:
    """`read()`, its error naming the option `name`."""
    try:
        return read()
    except (ValueError, TypeError) as error:
        raise CliError(f"`{name}`: {error}") from None


_ROLES = ", ".join(r.value for r in aicontrols.PartyRole if r.value != "end_user")


def party(text: str) -> aicontrols.Party:
    """A `--party ROLE=ID` value as a `Party`, or a usage error naming it."""
    role, sep, entity = text.partition("=")
    if not sep or not role.strip() or not entity.strip():
        raise CliError(
            f"`--party {text}`: expected ROLE=ID, e.g. `purchaser=acme-cloud` "
            f"(roles: {_ROLES})"
        )
    found = _option(
        f"--party {text}", lambda: aicontrols.Party(role.strip(), entity.strip())
    )
    if found.role is aicontrols.PartyRole.END_USER:
        raise CliError(
            f"`--party {text}`: the recipient is the end user: give it as "
            f"--recipient (roles here: {_ROLES})"
        )
    return found


def add_when_arguments(parser: argparse.ArgumentParser) -> None:
    """`--on DATE | --at INSTANT` and `--as-known-on`."""
    when = parser.add_argument_group("when")
    exclusive = when.add_mutually_exclusive_group(required=True)
    exclusive.add_argument(
        "--on", metavar="DATE", help="a date, YYYY-MM-DD: the whole local day"
    )
    exclusive.add_argument(
        "--at",
        metavar="INSTANT",
        help="an instant with its offset, e.g. 2026-06-15T09:30-04:00",
    )
    add_known(when)


def add_known(parser: argparse.ArgumentParser | Any) -> None:
    """`--as-known-on`."""
    parser.add_argument(
        "--as-known-on",
        metavar="DATE",
        help="use only the notices published on or before this date",
    )


def add_json(parser: argparse.ArgumentParser) -> None:
    """`--json`: machine output with a stable schema."""
    parser.add_argument(
        "--json", action="store_true", help="print JSON instead of text"
    )


def print_json(data: Any, out: TextIO) -> None:
    """JSON on one document, keys in a stable order."""
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def regimes(specs: Sequence[str]) -> list[aicontrols.Regime]:
    """Every regime named on the command line."""
    return [load(spec) for spec in specs]


def stdout() -> TextIO:
    """The output stream (looked up late, so tests can capture it)."""
    return sys.stdout
