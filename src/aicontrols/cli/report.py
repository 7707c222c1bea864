"""`aicontrols report`: a regime's page, as self-contained HTML and as Markdown."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import aicontrols

from ._common import CliError, add_command, add_regime_argument, load, stdout

HELP = "write a regime's page: self-contained HTML and Markdown for a docs site"
DESCRIPTION = """\
Write a page about a regime into DIR: REGIME_ID.html, one self-contained file
(inline CSS and SVG, nothing fetched) to open in any browser, and REGIME_ID.md,
the same page in Markdown for a docs site (mkdocs-material). The page holds the
regime's notices in order of publication, its rules with their citations and
scopes in words, its country groups and lists with their dates, and a timeline
picture of when each rule was in force, suspended or not enforced.

exit status: 0 written, 2 bad usage, unreadable regime or unwritable DIR
"""
EXAMPLES = """\
examples:
  aicontrols report mythos5 -o pages
  aicontrols report my-regime.yaml -o site/regimes
"""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def register(commands: Any) -> None:
    parser = add_command(
        commands, "report", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser)
    parser.add_argument(
        "-o",
        "--out",
        metavar="DIR",
        required=True,
        help="the directory to write into (made if missing)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    regime = load(args.regime)
    pages = {
        ".html": aicontrols.regime_html(regime),
        ".md": aicontrols.regime_markdown(regime),
    }
    folder = Path(args.out)
    stem = _UNSAFE.sub("-", regime.id).strip(".-") or "regime"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot make the directory `{folder}`: {_why(error)}") from None
    out = stdout()
    for suffix, text in pages.items():
        path = folder / f"{stem}{suffix}"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CliError(f"cannot write `{path}`: {_why(error)}") from None
        out.write(f"wrote {path}\n")
    return 0


def _why(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
