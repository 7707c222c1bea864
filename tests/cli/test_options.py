"""`aicontrols options`: for one recipient on a day, what is allowed, and what would change it."""

from __future__ import annotations

import json

import pytest

import aicontrols

from ..cli_run import run, usage_error
from .shared import PRIYA


def entity(who: tuple[str, ...]) -> aicontrols.Entity | str:
    """The recipient that `--recipient` options describe, as `check` reads them."""
    if len(who) == 2:
        return who[1]
    return aicontrols.Entity(
        who[1],
        kind="individual",
        citizenships=[aicontrols.Citizenship("IN")],
        employments=[aicontrols.Employment("anthropic")],
    )


CASES = [
    ("mythos5", ("--recipient", "other-corp"), "2026-06-27"),
    ("mythos5", PRIYA, "2026-06-27"),
    ("mythos5", PRIYA, "2026-06-20"),
    ("affiliates-rule-2025", ("--recipient", "sg-subsidiary"), "2026-11-01"),
    ("affiliates-rule-2025", ("--recipient", "joint-venture"), "2026-11-10"),
    ("ai-diffusion-2025", ("--recipient", "frontier-lab"), "2025-03-01"),
    ("us-advanced-computing", ("--recipient", "illustrative-cn-cloud"), "2025-06-01"),
]


@pytest.mark.parametrize(("name", "who", "day"), CASES)
def test_every_printed_cell_agrees_with_decide(
    capsys: pytest.CaptureFixture[str],
    name: str,
    who: tuple[str, ...],
    day: str,
) -> None:
    """Every cell `options --json` prints has the verdict and reason `decide` gives."""
    result = run(capsys, "options", name, *who, "--on", day, "--json")
    assert 0 == result.status, result.err
    data = json.loads(result.out)
    regime = aicontrols.examples.load(name)
    assert data["rows"]
    for row in data["rows"]:
        access = aicontrols.Access(
            entity(who), row["item"], row["mode"], row["location"]
        )
        decision = regime.decide(access, on=day)
        assert (decision.verdict.value, decision.reason_code) == (
            row["verdict"],
            row["reason"],
        ), row
        assert (row["outlook"] is None) == decision.permitted


def test_table_and_what_would_change(capsys: pytest.CaptureFixture[str]) -> None:
    """The text gives one line per cell and, under it, what would change those not permitted."""
    result = run(
        capsys,
        *("options", "mythos5", *PRIYA, "--item", "fable-5", "--mode", "hosted-api"),
        *("--location", "US", "--location", "unknown", "--on", "2026-06-27"),
    )
    expected = """\
What `priya` may have under `us-mythos-letters`, on 2026-06-27 (America/New_York):

item     mode        location  verdict           until           reason
fable-5  hosted-api  US        LICENSE REQUIRED  further notice  binding:mythos-fable-foreign-access
fable-5  hosted-api  unknown   LICENSE REQUIRED  further notice  binding:mythos-fable-foreign-access

What would change the cells not permitted:
  fable-5 hosted-api US: LICENSE REQUIRED: a license for restriction `mythos-fable-foreign-access`; next change: none known (until further notice)
  fable-5 hosted-api unknown: LICENSE REQUIRED: a license for restriction `mythos-fable-foreign-access`; next change: none known (until further notice)
"""
    assert (0, expected, "") == result


def test_why_adds_the_exemptions_that_would_lift(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With --why, each cell not permitted also says which exemption would lift it, and for what."""
    result = run(
        capsys,
        *("options", "mythos5", *PRIYA, "--item", "fable-5", "--mode", "web-app"),
        *("--location", "US", "--on", "2026-06-27", "--why"),
    )
    assert 0 == result.status
    assert (
        "    - exemption `trusted-partners-mythos` would lift "
        "`mythos-fable-foreign-access`, but it requires that the item is `mythos-5`"
    ) in result.out.splitlines()


def test_next_change_of_a_permitted_cell(capsys: pytest.CaptureFixture[str]) -> None:
    """A cell permitted today shows the day its verdict changes (the affiliates rule's return)."""
    result = run(
        capsys,
        *("options", "affiliates-rule-2025", "--recipient", "sg-subsidiary"),
        *("--mode", "weights-transfer", "--location", "SG", "--on", "2026-11-01"),
    )
    assert 0 == result.status
    row = result.out.splitlines()[3].split()
    assert ["PERMITTED", "2026-11-10"] == row[3:5]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--location", "ZZ"), "`locations`: expected an ISO 3166-1 alpha-2"),
        (("--item", "mythos5"), "unknown item id `mythos5` (did you mean `mythos-5`?"),
        (("--mode", "api"), "unknown mode"),
    ],
)
def test_bad_values_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    """A bad location, item or mode is one error line and exit status 2."""
    result = run(
        capsys,
        "options",
        "mythos5",
        "--recipient",
        "other-corp",
        "--on",
        "2026-06-27",
        *argv,
    )
    assert 2 == result.status
    assert "" == result.out
    assert result.err.startswith("aicontrols options: error: ")
    assert message in result.err


def test_a_day_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --on or --at, the command refuses to guess the day."""
    assert "--on" in usage_error(
        capsys, "options", "mythos5", "--recipient", "other-corp"
    )
