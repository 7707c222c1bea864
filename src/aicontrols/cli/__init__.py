"""The `aicontrols` command line: a thin layer over the public API.

One module per subcommand; each registers its parser and a handler that
returns the exit status. User errors become one line on standard error and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib.abc
import importlib.machinery
import os
import sys
import types
from collections.abc import Sequence
from typing import NoReturn

import aicontrols

from . import (
    audit,
    changes,
    check,
    demo,
    history,
    impact,
    import_csl,
    lint,
    options,
    report,
    schema,
    screen,
    serve,
    validate,
)
from ._common import CliError

__all__ = ["main", "run"]

EPILOG = """\
exit status: 0 success (or permitted), 1 not permitted or problems found where
a command says so, 2 bad usage or unreadable input

examples:
  aicontrols demo
  aicontrols check mythos5 --recipient other-corp --item mythos-5 --mode hosted-api --on 2026-06-27
  aicontrols history mythos5 --recipient acme-cloud --item fable-5 --mode web-app
  aicontrols validate my-regime.yaml
"""


def parser() -> argparse.ArgumentParser:
    """The command line's parser (the docs' CLI reference is tested against it)."""
    root = argparse.ArgumentParser(
        prog="aicontrols",
        description="Export-control regimes for AI models: was this access "
        "permitted on this date, and why?",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    root.add_argument("--version", action="version", version=aicontrols.__version__)
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        check,
        history,
        options,
        changes,
        validate,
        lint,
        schema,
        audit,
        report,
        impact,
        import_csl,
        screen,
        serve,
        demo,
    ):
        module.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    root = parser()
    args = root.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        root.print_help()
        return 2
    try:
        status: int = handler(args)
    except aicontrols.RegimeFileError as error:
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        return 2
    except CliError as error:
        sys.stderr.write(f"aicontrols {args.command}: error: {error}\n")
        return error.status
    except aicontrols.AIControlsError as error:
        sys.stderr.write(f"aicontrols {args.command}: error: {_as_typed(error)}\n")
        return 2
    except BrokenPipeError:  # `aicontrols ... | head` closed the pipe: not an error
        return 0
    except OSError as error:  # standard output on a full disk, say
        where = f" (`{error.filename}`)" if error.filename else ""
        with contextlib.suppress(OSError):
            reason = error.strerror or str(error)
            sys.stderr.write(f"aicontrols {args.command}: error: {reason}{where}\n")
        return 2
    return status


_OPTIONS = {"on": "--on", "at": "--at", "as_known_on": "--as-known-on"}
"""The library's arguments that the commands take as options of that name."""


def _as_typed(error: aicontrols.AIControlsError) -> str:
    """The library's message, naming the option a user typed (`--on`), not the
    argument it was given as (`on`)."""
    message = str(error)
    option = _OPTIONS.get(str(getattr(error, "argument", "")))
    named = f"`{getattr(error, 'argument', '')}`: "
    if option is not None and message.startswith(named):
        return f"`{option}`: {message.removeprefix(named)}"
    return message


def run() -> NoReturn:
    """The `aicontrols` program (its console script, and `python -m
    aicontrols.cli`): `main` on the command line's arguments, in a process of
    its own.

    The program never converts a pandas object, so it tells pyarrow that
    pandas is absent: pyarrow would otherwise import pandas, a quarter of a
    second, the first time it converts any Python value, to check whether the
    value is a pandas one. `main`, which tests and other programs call in
    their own process, leaves the process as it finds it.

    When `main` returns, every command has written its output and closed its
    files (`serve` its decision log too); the program then flushes standard
    output and error, runs the `atexit` handlers (a coverage tool saves its
    data there), and ends its process at once (`os._exit`), leaving the
    memory to the operating system: freeing a million-row audit's objects one
    by one, as the interpreter's shutdown does, took a third of a second.
    """
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _NoPandas())
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # `aicontrols ... | head`: not an error (`main`)
            pass
        except OSError as error:  # a full disk, say: the output is not whole
            with contextlib.suppress(OSError):
                sys.stderr.write(f"aicontrols: error: cannot write: {error.strerror}\n")
                sys.stderr.flush()
            status = 2
    atexit._run_exitfuncs()  # what a normal exit runs first; then no teardown
    os._exit(status)


class _NoPandas(importlib.abc.MetaPathFinder):
    """`import pandas` fails in the program, as where pandas is not installed."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "pandas" or fullname.startswith("pandas."):
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (the aicontrols program does not "
                "use pandas)",
                name=fullname,
            )
        return None
