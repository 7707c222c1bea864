"""`aicontrols import-csl`: Consolidated Screening List snapshots as a regime.

The snapshots are those of tests/data/cli-csl (see tests/cli/shared.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import aicontrols

from ..cli_run import run, usage_error
from .shared import (
    APRIL,
    BAD,
    BAD_ROWS,
    BOTH,
    CONTOSO,
    FABRIKAM,
    MARCH,
    ROBOTICS,
    TAILSPIN,
    script,
)

SUMMARY = [
    f"{MARCH} (taken 2026-03-02): 5 rows read (2 EL, 1 DPL, 1 MEU, 1 SDN)",
    f"{APRIL} (taken 2026-04-06): 6 rows read (2 EL, 1 DPL, 1 UVL, 1 MEU, 1 SDN)",
    "imported: 7 listings, 1 amendment, 1 removal, 1 expiry",
]


def decide(regime: aicontrols.Regime, recipient: str, on: str) -> str:
    access = aicontrols.Access(recipient, "mythos-5", "hosted-api")
    return regime.decide(access, on=on).verdict.value


def test_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --output the regime is YAML on stdout; the summary is on stderr."""
    result = run(capsys, "import-csl", *BOTH)
    regime = aicontrols.loads_regime(result.out)
    assert 0 == result.status
    assert [*SUMMARY, "wrote the regime `us-csl` to standard output"] == (
        result.err.splitlines()
    )
    assert "us-csl" == regime.id
    ids = {e.id for e in regime.entities}
    assert {CONTOSO, ROBOTICS, FABRIKAM, TAILSPIN} <= ids


def test_to_a_file_then_decide(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """The file loads; the listings decide accesses on the days they hold."""
    regime = aicontrols.load_regime(imported)
    assert "us-mythos-letters" == regime.id  # the base's id, by default
    assert {"letter-2026-06-12", "letter-2026-06-26"} <= {n.id for n in regime.notices}
    assert [
        "license_required",  # on the Entity List
        "prohibited",  # on the Denied Persons List
        "license_required",  # Fabrikam before its removal...
        "permitted",  # ...and after
        "permitted",  # Contoso Robotics before its listing
    ] == [
        decide(regime, CONTOSO, "2026-04-10"),
        decide(regime, TAILSPIN, "2026-04-10"),
        decide(regime, FABRIKAM, "2026-03-10"),
        decide(regime, FABRIKAM, "2026-04-10"),
        decide(regime, ROBOTICS, "2026-03-10"),
    ]


def test_the_cli_check_reads_the_file(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """`aicontrols check` on the imported file: license required, exit 1."""
    result = run(
        capsys,
        "check",
        imported,
        "--recipient",
        CONTOSO,
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-04-10",
    )
    assert (1, "") == (result.status, result.err)
    assert result.out.startswith(f"LICENSE REQUIRED: `{CONTOSO}` -> `mythos-5`")
    assert "cites: 90 FR 51234; 91 FR 12000" in result.out


def test_two_snapshots_give_a_removal(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    """A party missing from the later snapshot is removed on that day."""
    regime = aicontrols.load_regime(imported)
    notices = {n.id: n for n in regime.notices}
    removal = notices[f"{FABRIKAM}/removed-2026-04-06"]
    assert (
        "2026-04-06",
        "2026-04-06",
        (f"{FABRIKAM}/listing",),
    ) == (str(removal.published), str(removal.effective), removal.revokes)
    assert f"{CONTOSO}/amended-2026-04-06" in notices
    assert f"{TAILSPIN}/expires-2030-04-01" in notices


def test_one_snapshot_has_no_removal(capsys: pytest.CaptureFixture[str]) -> None:
    """One snapshot: listings only (and the denial order's end)."""
    result = run(capsys, "import-csl", f"{MARCH}@2026-03-02")
    assert (
        "imported: 5 listings, 0 amendments, 0 removals, 1 expiry"
        == (result.err.splitlines()[1])
    )


def test_json_output_id_and_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An output ending in .json is JSON; --id and --name name the regime."""
    path = tmp_path / "csl.json"
    result = run(
        capsys,
        "import-csl",
        *BOTH,
        "--id",
        "my-csl",
        "--name",
        "My screening lists",
        "--output",
        path,
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (0, "", "my-csl", "My screening lists") == (
        result.status,
        result.out,
        data["id"],
        data["name"],
    )
    assert f"wrote the regime `my-csl` to {path}" == result.err.splitlines()[-1]
    assert "my-csl" == aicontrols.load_regime(path).id


def test_a_json_snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A snapshot in the CSL's JSON layout reads as the CSV does."""
    snapshot = tmp_path / "csl.json"
    snapshot.write_text(
        json.dumps(
            {
                "results": [
                    {
                        "source": "Entity List (EL) - Bureau of Industry and Security",
                        "name": "Contoso Photonics Co., Ltd.",
                        "addresses": [{"country": "CN"}],
                        "start_date": "2025-11-20",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    result = run(capsys, "import-csl", f"{snapshot}@2026-03-02")
    assert 0 == result.status
    assert (
        f"{snapshot} (taken 2026-03-02): 1 row read (1 EL)"
        == (result.err.splitlines()[0])
    )
    assert [CONTOSO] == [e.id for e in aicontrols.loads_regime(result.out).entities]


def test_bad_rows_exit_1_with_their_lines_and_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every bad row on stderr, located; nothing written; exit 1."""
    path = tmp_path / "csl.yaml"
    path.write_text("previous regime\n", encoding="utf-8")
    result = run(capsys, "import-csl", f"{BAD}@2026-03-02", *BOTH[1:], "-o", path)
    assert (1, "") == (result.status, result.out)
    assert [
        *BAD_ROWS,
        "aicontrols import-csl: error: 3 bad rows in 1 snapshot: nothing "
        "written (--skip-bad-rows imports the other rows)",
    ] == result.err.splitlines()
    assert "previous regime\n" == path.read_text(encoding="utf-8")


def test_bad_rows_to_standard_output_print_no_regime(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --output, bad rows leave stdout empty."""
    result = run(capsys, "import-csl", f"{BAD}@2026-03-02")
    assert (1, "") == (result.status, result.out)


def test_skip_bad_rows_warns_and_imports_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--skip-bad-rows: the bad rows as warnings, the good ones imported, exit 0."""
    path = tmp_path / "csl.yaml"
    result = run(
        capsys, "import-csl", f"{BAD}@2026-03-02", "--skip-bad-rows", "-o", path
    )
    warnings = [line.replace(": `", ": warning: `", 1) for line in BAD_ROWS]
    assert (0, "") == (result.status, result.out)
    assert [
        *warnings,
        f"{BAD} (taken 2026-03-02): 2 rows read (2 EL), 3 bad rows skipped",
        "imported: 2 listings, 0 amendments, 0 removals, 0 expiries",
        f"wrote the regime `us-csl` to {path}",
    ] == result.err.splitlines()
    regime = aicontrols.load_regime(path)
    assert [CONTOSO, FABRIKAM] == [e.id for e in regime.entities]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "csl.csv",
            "argument SNAPSHOT: expected PATH@YYYY-MM-DD (the day the snapshot "
            "was taken), got `csl.csv`",
        ),
        (
            "@2026-03-02",
            "argument SNAPSHOT: expected PATH@YYYY-MM-DD (the day the snapshot "
            "was taken), got `@2026-03-02`",
        ),
        (
            "csl.csv@2026-02-30",
            "argument SNAPSHOT: `2026-02-30` in `csl.csv@2026-02-30` is not a "
            "date as YYYY-MM-DD",
        ),
        (
            "csl.csv@20260302",
            "argument SNAPSHOT: `20260302` in `csl.csv@20260302` is not a date "
            "as YYYY-MM-DD",
        ),
        (
            "csl.csv@",
            "argument SNAPSHOT: `` in `csl.csv@` is not a date as YYYY-MM-DD",
        ),
    ],
    ids=["no-date", "no-path", "impossible", "compact", "empty"],
)
def test_a_missing_or_bad_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argument: str, message: str
) -> None:
    """The snapshot's day is required and must be a real YYYY-MM-DD date."""
    line = usage_error(capsys, "import-csl", f"{MARCH}@2026-03-02", argument)
    assert f"aicontrols import-csl: error: {message}" == line


def test_an_at_sign_in_the_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The date follows the last `@`: a path may hold one."""
    snapshot = tmp_path / "csl@march.csv"
    shutil.copy(MARCH, snapshot)
    assert 0 == run(capsys, "import-csl", f"{snapshot}@2026-03-02").status


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{path}:1: cannot read the file: No such file or directory"),
        ("", "{path}:1: the file is empty"),
        (
            "recipient,item\nx,y\n",
            "{path}:1: `source, name` = 'recipient,item': the header lacks the "
            "column(s) `source`, `name`: not a Consolidated Screening List file",
        ),
        (
            '{"results": 5}',
            "{path}:1: `results` = 'int': expected a list of rows under `results`",
        ),
        ("[1, 2", "{path}:1: not JSON: Expecting ',' delimiter"),
    ],
    ids=["missing", "empty", "not-csl", "json", "not-json"],
)
def test_an_unreadable_snapshot_exits_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str | None,
    message: str,
) -> None:
    """A snapshot that cannot be read: one line naming it, exit 2, nothing written."""
    path = tmp_path / ("csl.json" if content and content[0] in "{[" else "csl.csv")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run(capsys, "import-csl", f"{path}@2026-03-02", "-o", out)
    expected = f"aicontrols import-csl: error: {message.format(path=path)}\n"
    assert (2, "", expected) == result
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            (f"{MARCH}@2026-03-02", f"{APRIL}@2026-03-02"),
            "`snapshots`: two snapshots taken on 2026-03-02",
        ),
        (
            (*BOTH, "-o", "csl.txt"),
            "`--output` must end in .yaml, .yml or .json, got `csl.txt`",
        ),
        (
            (*BOTH, "--base", "nosuchname"),
            "no regime file or bundled example `nosuchname`",
        ),
    ],
    ids=["same-day", "output", "base"],
)
def test_other_user_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    """Two snapshots on one day, a bad output name, an unknown base: exit 2."""
    result = run(capsys, "import-csl", *argv)
    assert (2, "") == (result.status, result.out)
    assert result.err.startswith(f"aicontrols import-csl: error: {message}")


def test_an_unwritable_output_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An output in a missing directory: one line, exit 2."""
    path = tmp_path / "missing" / "csl.yaml"
    result = run(capsys, "import-csl", *BOTH, "-o", path)
    expected = (
        f"aicontrols import-csl: error: cannot write `{path}`: "
        "No such file or directory\n"
    )
    assert (2, "", expected) == result


def test_exit_statuses(tmp_path: Path) -> None:
    """Import 0, bad rows 1, a bad date 2; screen 0 with or without candidates."""
    path = tmp_path / "csl.yaml"
    ok = script("import-csl", *BOTH, "-o", path)
    bad = script("import-csl", f"{BAD}@2026-03-02")
    usage = script("import-csl", f"{MARCH}@March")
    found = script("screen", "Contoso", "--on", "2026-04-10", "--regime", path)
    none = script("screen", "Nobody", "--on", "2026-04-10", "--regime", path)
    assert (0, 1, 2, 0, 0) == tuple(r.returncode for r in (ok, bad, usage, found, none))
    assert "Traceback" not in "".join(r.stderr for r in (ok, bad, usage))
    assert (True, True) == (
        found.stdout.startswith("2 candidates for 'Contoso'"),
        none.stdout.startswith("no candidates for 'Nobody'"),
    )
