"""`aicontrols validate`: every problem of every regime file, compiler-style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..cli_run import run
from .shared import LOCATED, MYTHOS


def test_valid(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid file prints `FILE: valid`, exit 0."""
    assert (0, f"{MYTHOS}: valid\n", "") == run(capsys, "validate", MYTHOS)


def test_invalid_is_compiler_style_exit_1(
    capsys: pytest.CaptureFixture[str], broken_file: Path
) -> None:
    """Every problem of every file as file:line:col: path: message; exit 1."""
    result = run(capsys, "validate", broken_file, MYTHOS)
    lines = result.out.splitlines()
    assert (1, "", 3) == (result.status, result.err, len(lines))
    assert all(LOCATED.match(line) for line in lines[:2])
    assert lines[0].startswith(
        f"{broken_file}:67:15: notices[0].adds.restrictions[0].effect: "
    )
    assert lines[1].startswith(f"{broken_file}:79:14: notices[1].effective: ")
    assert f"{MYTHOS}: valid" == lines[2]


def test_json(capsys: pytest.CaptureFixture[str], broken_file: Path) -> None:
    """`--json` lists each file with `valid` and its located problems."""
    result = run(capsys, "validate", MYTHOS, broken_file, "--json")
    data = json.loads(result.out)
    assert (1, "aicontrols.validate/1") == (result.status, data["schema"])
    assert [(str(MYTHOS), True), (str(broken_file), False)] == [
        (f["file"], f["valid"]) for f in data["files"]
    ]
    assert {
        "line": 79,
        "column": 14,
        "path": "notices[1].effective",
        "message": 'expected a real calendar date or instant, got "2026-13-01"',
    } == data["files"][1]["problems"][1]


def test_malformed_yaml_and_empty_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Malformed YAML and an empty file are problems with a location, exit 1."""
    (tmp_path / "bad.yaml").write_text("x: [\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    result = run(capsys, "validate", tmp_path / "bad.yaml", tmp_path / "empty.yaml")
    bad, empty = result.out.splitlines()
    assert (1, True) == (
        result.status,
        bad.startswith(f"{tmp_path / 'bad.yaml'}:2:1: malformed YAML: "),
    )
    assert f"{tmp_path / 'empty.yaml'}:1:1: the file is empty" == empty


def test_missing_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file that cannot be read is unreadable input: one line, exit 2."""
    missing = tmp_path / "nothere.yaml"
    result = run(capsys, "validate", MYTHOS, missing)
    expected = f"aicontrols validate: error: {missing}:1:1: cannot read the file: No such file or directory\n"
    assert (2, "", expected) == result
