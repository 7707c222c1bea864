"""Running the command line in-process for the CLI tests: status and output."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from aicontrols.cli import main


class Result(NamedTuple):
    status: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Result:
    """`aicontrols ARGV` through `main`, with what it printed; never a traceback."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return Result(status, out, err)


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    """The error line of an argparse usage error (which exits 2)."""
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert (2, False) == (exit_.value.code, "Traceback" in err)
    return err.splitlines()[-1]
