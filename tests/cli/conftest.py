"""Fixtures the CLI test modules share."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..cli_run import run
from .shared import BOTH, MYTHOS


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    """mythos5 with an impossible date and an unknown effect."""
    text = MYTHOS.read_text(encoding="utf-8")
    text = text.replace("effective: 2026-06-26", "effective: 2026-13-01")
    text = text.replace("effect: license_required", "effect: maybe")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Both snapshots imported onto `mythos5`, as a YAML regime file."""
    path = tmp_path / "csl.yaml"
    assert 0 == run(capsys, "import-csl", *BOTH, "--base", "mythos5", "-o", path).status
    return path
