"""`aicontrols history`: how one access's verdict changed over time."""

from __future__ import annotations

import json

import pytest

from ..cli_run import run
from .shared import PRIYA

HISTORY = (
    "history",
    "mythos5",
    *PRIYA,
    "--item",
    "mythos-5",
    "--mode",
    "hosted-api",
    "--location",
    "US",
)


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The default table: one row per interval of constant verdict, with its cause."""
    expected = """\
start          end             verdict           cause
the beginning  2026-06-12      PERMITTED         the beginning of the record
2026-06-12     2026-06-26      LICENSE REQUIRED  `mythos-fable-foreign-access` added (`letter-2026-06-12`)
2026-06-26     further notice  PERMITTED         `trusted-partners-mythos` added (`letter-2026-06-26`)
"""
    assert (0, expected, "") == run(capsys, *HISTORY)


def test_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    """`--format mermaid` draws a Gantt chart, the license requirement as `crit`."""
    result = run(capsys, *HISTORY, "--format", "mermaid")
    lines = result.out.splitlines()
    assert (0, "gantt", "    title priya - mythos-5 via hosted-api") == (
        result.status,
        lines[0],
        lines[1],
    )
    assert "    LICENSE REQUIRED :crit, s1, 2026-06-12 00:00, 2026-06-26 00:00" in lines


def test_mermaid_without_changes_uses_the_first_notice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A timeline without change is drawn from the regime's first notice."""
    result = run(
        capsys,
        "history",
        "mythos5",
        "--recipient",
        "other-corp",
        "--item",
        "fable-5",
        "--mode",
        "web-app",
        "--format",
        "mermaid",
    )
    assert 0 == result.status
    assert ":done, s0, 2026-06-12 00:00," in result.out


@pytest.mark.parametrize("flag", [("--json",), ("--format", "json")])
def test_json_over_a_span(
    capsys: pytest.CaptureFixture[str], flag: tuple[str, ...]
) -> None:
    """`--start/--end` cut the timeline; `--json` and `--format json` agree."""
    result = run(
        capsys, *HISTORY, "--start", "2026-06-01", "--end", "2026-07-01", *flag
    )
    data = json.loads(result.out)
    assert (0, "aicontrols.timeline/1") == (result.status, data["schema"])
    assert [
        ("2026-06-01T00:00:00-04:00", "permitted", "start of the requested span"),
        (
            "2026-06-12T00:00:00-04:00",
            "license_required",
            "`mythos-fable-foreign-access` added (`letter-2026-06-12`)",
        ),
        (
            "2026-06-26T00:00:00-04:00",
            "permitted",
            "`trusted-partners-mythos` added (`letter-2026-06-26`)",
        ),
    ] == [(s["start"], s["verdict"], s["cause"]) for s in data["segments"]]
    assert "2026-07-01T00:00:00-04:00" == data["segments"][-1]["end"]


def test_end_before_start(capsys: pytest.CaptureFixture[str]) -> None:
    """An empty span is a user error, exit 2."""
    result = run(capsys, *HISTORY, "--start", "2026-07-01", "--end", "2026-06-01")
    assert (
        2,
        "",
        "aicontrols history: error: `end` must be after `start`\n",
    ) == result
