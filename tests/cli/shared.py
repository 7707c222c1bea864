"""Values and helpers the CLI test modules share.

The CSL snapshots in tests/data/cli-csl are small, fictitious CSL files in the
current layout: `csl-2026-03-02.csv` and `csl-2026-04-06.csv` (one party
amended, one removed, two added between them) and `csl-bad.csv` (three bad
rows among five). The examples of docs/reference/cli.md run on the same files
(tests/cli/test_reference.py).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import aicontrols

MYTHOS = aicontrols.examples.path("mythos5")
LOCATED = re.compile(r"^[^:\s]+:\d+:\d+: \S")
PRIYA = ("--recipient", "priya", "--citizenship", "IN", "--employer", "anthropic")
ACCESS = ("--recipient", "other-corp", "--item", "mythos-5", "--mode", "hosted-api")

DATA = Path(__file__).parents[1] / "data" / "cli-csl"
MARCH = DATA / "csl-2026-03-02.csv"
APRIL = DATA / "csl-2026-04-06.csv"
BAD = DATA / "csl-bad.csv"
BOTH = (f"{MARCH}@2026-03-02", f"{APRIL}@2026-04-06")
CONTOSO = "el-contoso-photonics-co-ltd"
ROBOTICS = "el-contoso-robotics-ltd"
FABRIKAM = "el-fabrikam-computing-institute"
TAILSPIN = "dpl-tailspin-freight-forwarding-llc"
BAD_ROWS = [
    f"{BAD}:3: `source` = 'Made Up List (XYZ)': unknown source: not one of the 13 CSL lists",
    f"{BAD}:4: `start_date` = '2026-02-30': not a date like 2024-05-01",
    f"{BAD}:5: `name` = '': the name is missing",
]


def script(
    *argv: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script (or `python -m aicontrols.cli`) in a subprocess."""
    exe = shutil.which("aicontrols")
    command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
    return subprocess.run(
        [*command, *map(str, argv)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


class TTY(io.StringIO):
    """A captured stream that claims to be a terminal."""

    def isatty(self) -> bool:
        return True
