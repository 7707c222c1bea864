"""The console script, through its real entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from aicontrols.cli import main


class TestDemo:
    def test_demo_prints_three_dated_verdicts_and_the_history(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`aicontrols demo` decides the employee on three dates, with reasons and history."""
        assert 0 == main(["demo"])
        out = capsys.readouterr().out
        for line in (
            "PERMITTED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-01",
            "LICENSE REQUIRED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-15",
            "PERMITTED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-27",
            "LICENSE REQUIRED: `priya` -> `fable-5` via `hosted-api` in US, on 2026-06-27",
            "lifted by `trusted-partners-mythos`",
            "2026-06-26     further notice  PERMITTED         `trusted-partners-mythos` added",
        ):
            assert line in out

    def test_no_command_prints_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a command the CLI prints its usage and exits 2."""
        assert 2 == main([])
        assert "usage: aicontrols" in capsys.readouterr().out

    def test_console_script_entry_point(self) -> None:
        """The installed `aicontrols` script runs the demo."""
        exe = shutil.which("aicontrols")
        command = (
            [exe, "demo"] if exe else [sys.executable, "-m", "aicontrols.cli", "demo"]
        )
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert (0, "") == (result.returncode, result.stderr)
        assert "aicontrols demo:" in result.stdout
