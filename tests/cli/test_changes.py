"""`aicontrols changes`: the rule changes of a regime in a period."""

from __future__ import annotations

import json

import pytest

from ..cli_run import run


def test_empty_period_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """`--until` before `--since` is bad usage, not an empty answer."""
    result = run(
        capsys,
        "changes",
        "mythos5",
        "--since",
        "2026-07-01",
        "--until",
        "2026-06-01",
    )
    assert (2, "") == (result.status, result.out)
    assert "`until` must be after `since`" in result.err


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The two June 2026 letters, in time order."""
    expected = """\
2026-06-12: `mythos-fable-foreign-access` added by notice `letter-2026-06-12` (Is-informed letter to Anthropic on Mythos 5 and Fable 5)
2026-06-26: `trusted-partners-mythos` added by notice `letter-2026-06-26` (Letter exempting annexed trusted partners, for Mythos 5)
"""
    result = run(
        capsys,
        "changes",
        "mythos5",
        "--since",
        "2026-06-01",
        "--until",
        "2026-07-01",
    )
    assert (0, expected, "") == result


def test_json_and_as_known_on(capsys: pytest.CaptureFixture[str]) -> None:
    """Known on 2026-06-20, only the first letter's change is listed."""
    result = run(
        capsys,
        "changes",
        "mythos5",
        "--since",
        "2026-06-01",
        "--until",
        "2026-07-01",
        "--as-known-on",
        "2026-06-20",
        "--json",
    )
    expected = {
        "schema": "aicontrols.changes/1",
        "regime": "us-mythos-letters",
        "changes": [
            {
                "at": "2026-06-12T00:00:00-04:00",
                "kind": "added",
                "rule": "mythos-fable-foreign-access",
                "notice": "letter-2026-06-12",
                "title": "Is-informed letter to Anthropic on Mythos 5 and Fable 5",
            }
        ],
    }
    assert (0, expected) == (result.status, json.loads(result.out))


def test_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    """A quiet period says so, exit 0."""
    result = run(
        capsys,
        "changes",
        "ai-diffusion-2025",
        "--since",
        "2030-01-01",
        "--until",
        "2030-02-01",
    )
    assert (0, "no rule changes in that period\n", "") == result
