"""`aicontrols demo`: the June 2026 story, decided on three dates."""

from __future__ import annotations

import pytest

from aicontrols.cli import main

from .shared import script


def test_demo_prints_three_dated_verdicts_and_the_history(
    capsys: pytest.CaptureFixture[str],
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


def test_demo_exits_0() -> None:
    """The installed `aicontrols` script runs the demo."""
    result = script("demo")
    assert (0, "") == (result.returncode, result.stderr)
    assert "aicontrols demo:" in result.stdout
