"""The CLI reference page (docs/reference/cli.md) shows each command's help
exactly as the command prints it: the page says a test checks this."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aicontrols.cli import main

CLI_MD = Path(__file__).parents[2] / "docs" / "reference" / "cli.md"
PAGE = CLI_MD.read_text(encoding="utf-8")
SECTIONS = dict(
    re.findall(r"^## `aicontrols ?([a-z-]*)`\n(.*?)(?=^## |\Z)", PAGE, re.M | re.S)
)


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What `aicontrols ARGV --help` prints."""
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize("command", list(SECTIONS))
def test_each_section_shows_the_help_the_command_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Each command's section shows its `--help` as printed at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    usage = f"usage: aicontrols {command}".rstrip() + " "
    blocks = re.findall(r"```text\n(.*?)```", SECTIONS[command], re.S)
    shown = [b for b in blocks if b.startswith(usage)]
    assert [_help(capsys, *([command] if command else []))] == shown


def test_every_command_has_a_section(capsys: pytest.CaptureFixture[str]) -> None:
    """Every command the root help lists has its section on the page."""
    listed = re.findall(r"^    ([a-z-]+)\b", _help(capsys), re.M)
    assert sorted(listed) == sorted(c for c in SECTIONS if c)
