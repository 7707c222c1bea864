"""`aicontrols screen`: a name screened against the listed parties on a day.

The snapshots are those of tests/data/cli-csl (see tests/cli/shared.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aicontrols

from ..cli_run import run, usage_error
from .shared import APRIL, BAD, BAD_ROWS, CONTOSO, FABRIKAM, MARCH, ROBOTICS


def test_text_with_the_country(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """Candidates best first, each with its score and reasons, exit 0."""
    result = run(
        capsys,
        "screen",
        "Contoso Photonics",
        "--country",
        "CN",
        "--on",
        "2026-04-10",
        "--regime",
        imported,
        "--min-score",
        "0.3",
    )
    expected = f"""\
2 candidates for 'Contoso Photonics' on 2026-04-10, best first:

Contoso Photonics Co., Ltd. (`{CONTOSO}`), score 1.00, on `entity-list`
  - name words contoso, photonics shared with 'Contoso Photonics Co., Ltd.': name score 1.00
  - country CN is one of the party's: +0.1

Contoso Robotics Ltd. (`{ROBOTICS}`), score 0.30, on `entity-list`
  - name words contoso shared with 'Contoso Robotics Ltd.': name score 0.50
  - country CN is not among the party's (HK): -0.2
"""
    assert (0, expected, "") == result


def test_an_alias_matches(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    """A name on the list only as an alias is matched through it."""
    result = run(
        capsys,
        "screen",
        "Contoso Optics",
        "--on",
        "2026-04-10",
        "--regime",
        imported,
    )
    assert 0 == result.status
    assert "shared with 'Contoso Optics': name score 1.00" in result.out


def test_no_candidates_exits_0(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """Nobody listed by that name on that day: one line, still exit 0."""
    result = run(
        capsys,
        "screen",
        "Fabrikam Computing",
        "--on",
        "2026-04-10",
        "--regime",
        imported,
    )
    expected = (
        "no candidates for 'Fabrikam Computing' on 2026-04-10 (score 0.5 or more)\n"
    )
    assert (0, expected, "") == result


def test_json_and_as_known_on(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """As known before its removal, Fabrikam is a candidate; JSON has every field."""
    argv = ("screen", "Fabrikam Computing", "--on", "2026-04-10")
    now = json.loads(run(capsys, *argv, "--regime", imported, "--json").out)
    then = run(
        capsys, *argv, "--as-known-on", "2026-03-31", "--regime", imported, "--json"
    )
    data = json.loads(then.out)
    assert (0, "aicontrols.screen/1", []) == (
        then.status,
        data["schema"],
        now["candidates"],
    )
    assert {
        "name": "Fabrikam Computing",
        "country": None,
        "on": "2026-04-10",
        "as_known_on": "2026-03-31",
        "min_score": 0.5,
        "limit": 20,
    } == data["query"]
    assert [
        {
            "entity": FABRIKAM,
            "name": "Fabrikam Computing Institute",
            "score": 0.8,
            "name_score": 0.8,
            "matched": "Fabrikam Computing Institute",
            "reasons": [
                "name words computing, fabrikam shared with "
                "'Fabrikam Computing Institute': name score 0.80"
            ],
            "lists": ["entity-list"],
        }
    ] == data["candidates"]


def test_json_matches_the_python_api(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """`--json` lists what `screening.screen` returns, in its order."""
    regime = aicontrols.load_regime(imported)
    expected = aicontrols.screening.screen(
        regime, "Contoso", on="2026-04-10", min_score=0.1
    )
    result = run(
        capsys,
        "screen",
        "Contoso",
        "--on",
        "2026-04-10",
        "--regime",
        imported,
        "--min-score",
        "0.1",
        "--json",
    )
    found = json.loads(result.out)["candidates"]
    assert [(c.entity.id, c.score, list(c.lists)) for c in expected] == [
        (c["entity"], c["score"], c["lists"]) for c in found
    ]
    assert {CONTOSO, ROBOTICS} == {c["entity"] for c in found}


@pytest.mark.parametrize(("limit", "count"), [("1", 1), ("0", 2), ("20", 2)])
def test_limit(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    limit: str,
    count: int,
) -> None:
    """`--limit N` keeps the best N; 0 keeps all."""
    result = run(
        capsys,
        "screen",
        "Contoso Photonics",
        "--on",
        "2026-04-10",
        "--regime",
        imported,
        "--limit",
        limit,
        "--json",
    )
    assert count == len(json.loads(result.out)["candidates"])


def test_straight_from_snapshots(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """`--csl` screens the snapshots as an imported regime would."""
    argv = ("screen", "Contoso Photonics", "--on", "2026-04-10", "--json")
    direct = run(
        capsys,
        *argv,
        "--csl",
        f"{MARCH}@2026-03-02",
        "--csl",
        f"{APRIL}@2026-04-06",
    )
    through_a_file = run(capsys, *argv, "--regime", imported)
    assert (0, "") == (direct.status, direct.err)
    assert "us-csl" == json.loads(direct.out)["regime"]
    assert (
        json.loads(through_a_file.out)["candidates"]
        == json.loads(direct.out)["candidates"]
    )
    assert [CONTOSO, ROBOTICS] == [
        c["entity"] for c in json.loads(direct.out)["candidates"]
    ]


def test_one_snapshot_does_not_know_a_later_listing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The March snapshot alone: Contoso Robotics is not listed yet."""
    result = run(
        capsys,
        "screen",
        "Contoso Robotics",
        "--on",
        "2026-04-10",
        "--csl",
        f"{MARCH}@2026-03-02",
        "--min-score",
        "0.8",
    )
    assert (0, "no candidates") == (result.status, result.out[:13])


def test_a_snapshot_with_bad_rows_is_not_screened(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bad row could hide a party: every bad row is printed, exit 2."""
    result = run(
        capsys,
        "screen",
        "Contoso",
        "--on",
        "2026-04-10",
        "--csl",
        f"{BAD}@2026-03-02",
    )
    assert (2, "") == (result.status, result.out)
    assert [
        *BAD_ROWS,
        "aicontrols screen: error: 3 bad rows: nothing screened "
        "(import-csl --skip-bad-rows imports the other rows)",
    ] == result.err.splitlines()


def test_a_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    """`--regime` takes a bundled example's name, as REGIME does elsewhere."""
    result = run(
        capsys,
        "screen",
        "Listed Parent",
        "--on",
        "2025-06-01",
        "--regime",
        "affiliates-rule-2025",
    )
    assert 0 == result.status
    assert "(`listed-parent`)" in result.out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--min-score", "1.5"), "`--min-score` must be from 0 to 1, got `1.5`"),
        (("--min-score", "nan"), "`--min-score` must be from 0 to 1, got `nan`"),
        (("--limit", "-1"), "`--limit` must be 0 (all) or more, got `-1`"),
        (("--country", "ZZZ"), "`country`: "),
        (("--on", "2026-13-01"), "`--on`: expected a date as YYYY-MM-DD"),
        (("--as-known-on", "x"), "`--as-known-on`: expected a date as YYYY-MM-DD"),
    ],
    ids=["min-score", "nan", "limit", "country", "on", "as-known-on"],
)
def test_bad_values_exit_2(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    extra: tuple[str, ...],
    message: str,
) -> None:
    """A bad option value: one line naming it, exit 2."""
    argv = ["screen", "Contoso", "--regime", str(imported), "--on", "2026-04-10"]
    if extra[0] == "--on":
        argv = argv[:-2]
    result = run(capsys, *argv, *extra)
    assert (2, "", 1) == (result.status, result.out, len(result.err.splitlines()))
    assert result.err.startswith(f"aicontrols screen: error: {message}")


def test_a_name_with_nothing_to_screen(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """A name of punctuation only is refused, exit 2."""
    result = run(capsys, "screen", "&!", "--on", "2026-04-10", "--regime", imported)
    assert 2 == result.status
    assert "aicontrols screen: error: `name`: nothing to screen" in result.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("screen", "Contoso", "--on", "2026-04-10"),
            "one of the arguments --regime --csl is required",
        ),
        (
            ("screen", "Contoso", "--on", "2026-04-10", "--regime", "mythos5",
             "--csl", f"{MARCH}@2026-03-02"),
            "argument --csl: not allowed with argument --regime",
        ),
        (
            ("screen", "Contoso", "--on", "2026-04-10", "--csl", str(MARCH)),
            f"argument --csl: expected PATH@YYYY-MM-DD (the day the snapshot was "
            f"taken), got `{MARCH}`",
        ),
        (
            ("screen", "Contoso", "--regime", "mythos5"),
            "the following arguments are required: --on",
        ),
        (
            ("screen", "Contoso", "--on", "2026-04-10", "--regime", "mythos5",
             "--limit", "many"),
            "argument --limit: invalid int value: 'many'",
        ),
    ],
    ids=["no-lists", "both", "csl-date", "no-on", "limit"],
)  # fmt: skip
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    """argparse's usage errors: exit 2, the usage, one error line."""
    assert usage_error(capsys, *argv).endswith(message)
