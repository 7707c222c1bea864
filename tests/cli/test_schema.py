"""`aicontrols schema`: the JSON Schema of regime files."""

from __future__ import annotations

import json

import pytest

import aicontrols

from ..cli_run import run


def test_prints_the_regime_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`aicontrols schema` prints valid JSON equal to `aicontrols.regime_schema()`."""
    result = run(capsys, "schema")
    assert (0, aicontrols.regime_schema(), "") == (
        result.status,
        json.loads(result.out),
        result.err,
    )
