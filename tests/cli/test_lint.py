"""`aicontrols lint`: findings in a regime file that loads, located, with witnesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aicontrols

from ..cli_run import run
from .shared import LOCATED, MYTHOS


@pytest.fixture
def lint_file(tmp_path: Path) -> Path:
    """mythos5 plus a suspension that ends before its rule begins."""
    extra = """\
- id: early-suspension
  title: A suspension that ends before the rule begins
  published: 2026-01-01
  effective: 2026-01-01
  suspends:
  - rule: mythos-fable-foreign-access
    start: 2026-01-01
    end: 2026-02-01
"""
    path = tmp_path / "lintme.yaml"
    path.write_text(MYTHOS.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled regimes have no findings, exit 0."""
    files = [aicontrols.examples.path(n) for n in aicontrols.examples.names()]
    result = run(capsys, "lint", *files)
    assert (0, [f"{f}: no findings" for f in files], "") == (
        result.status,
        result.out.splitlines(),
        result.err,
    )


def test_finding_is_located_with_its_code_and_witness(
    capsys: pytest.CaptureFixture[str], lint_file: Path
) -> None:
    """A suspension outside its rule's life: file:line:col: path: code: message, exit 1."""
    expected = (
        f"{lint_file}:110:5: notices[2].suspends[0]: suspension-outside-life: "
        "suspension of `mythos-fable-foreign-access` from 2026-01-01 to 2026-02-01 "
        "never overlaps the rule's life: `mythos-fable-foreign-access` is in force "
        "from 2026-06-12 (witness 2026-01-01)\n"
    )
    assert (1, expected, "") == run(capsys, "lint", lint_file)


def test_json(capsys: pytest.CaptureFixture[str], lint_file: Path) -> None:
    """`--json` gives each finding's location, code, severity and witness."""
    result = run(capsys, "lint", lint_file, "--json")
    data = json.loads(result.out)
    finding = data["files"][0]["findings"][0]
    assert (1, "aicontrols.lint/1", []) == (
        result.status,
        data["schema"],
        data["files"][0]["problems"],
    )
    assert {
        "line": 110,
        "column": 5,
        "path": "notices[2].suspends[0]",
        "code": "suspension-outside-life",
        "severity": "warning",
        "witness": "2026-01-01T00:00:00-05:00",
    }.items() <= finding.items()


def test_file_that_does_not_load(
    capsys: pytest.CaptureFixture[str], broken_file: Path
) -> None:
    """A file with problems reports them as `validate` does, exit 1."""
    result = run(capsys, "lint", broken_file)
    assert (1, 2) == (result.status, len(result.out.splitlines()))
    assert all(LOCATED.match(line) for line in result.out.splitlines())
