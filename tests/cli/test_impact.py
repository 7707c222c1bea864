"""`aicontrols impact`: the accesses a draft file's notices change, from when, and why."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.csv as pcsv
import pytest

import aicontrols as ac

from ..cli_run import run
from ..test_impact import DRAFT, PUBLISHED, affiliates_log, per_row

# Illustrative, not a real notice: the suspension extended by a year.
EXTENSION = """\
notices:
- id: draft-extension
  title: Extension of the suspension (illustrative)
  published: 2026-11-01
  effective: 2026-11-10
  suspends:
  - rule: affiliates-50-percent
    end: 2027-11-10
"""
LOG = """\
recipient,item,mode,location,at
sg-subsidiary,example-model,hosted-api,SG,2026-11-11T09:00:00Z
minority-holding,example-model,hosted-api,SG,2026-11-11T09:00:00Z
sg-subsidiary,example-model,hosted-api,SG,2026-11-12T09:00:00Z
"""
REGIME = ("impact", "--regime", "affiliates-rule-2025")
ONE = ("--item", "example-model", "--mode", "hosted-api")


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A draft and a small log in a directory."""
    (tmp_path / "draft.yaml").write_text(EXTENSION, encoding="utf-8")
    (tmp_path / "access.csv").write_text(LOG, encoding="utf-8")
    return tmp_path


def test_a_log_prints_the_changed_accesses_and_exits_1(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    """The table lists each changed access once, the notice with its title, and a count."""
    expected = """\
recipient      item           mode        location  on          before            after      notice           rows  cause
sg-subsidiary  example-model  hosted-api  SG        2026-11-10  LICENSE REQUIRED  PERMITTED  draft-extension  2     `affiliates-50-percent` suspended
`draft-extension`: Extension of the suspension (illustrative)
1 access changes
"""
    result = run(
        capsys, *REGIME, "--draft", files / "draft.yaml", "--log", files / "access.csv"
    )
    assert (1, expected, "") == result


def test_json_gives_each_impact_with_its_notice(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    """`--json` gives the schema, the span and each impact with its rows."""
    result = run(capsys, *REGIME, "--draft", files / "draft.yaml",
                 "--log", files / "access.csv", "--json")  # fmt: skip
    data = json.loads(result.out)
    (impact,) = data["impacts"]
    assert ("aicontrols.impact/1", "2026-11-10", "2026-11-10T00:00:00-05:00", 2) == (
        data["schema"],
        impact["on"],
        impact["at"],
        impact["rows"],
    )
    assert "draft-extension" == impact["notice"]["id"]


def test_one_access_unchanged_exits_0(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    """An access the draft does not change: a message and exit status 0."""
    result = run(capsys, *REGIME, "--draft", files / "draft.yaml",
                 "--recipient", "minority-holding", *ONE)  # fmt: skip
    assert (0, "no access changes\n", "") == result


def test_a_span_before_the_change_exits_0(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    """`--until` before the first difference: nothing changes in the span."""
    result = run(capsys, *REGIME, "--draft", files / "draft.yaml", "--recipient",
                 "sg-subsidiary", *ONE, "--since", "2026-01-01", "--until", "2026-11-10")  # fmt: skip
    assert 0 == result.status


def test_a_broken_draft_is_located_and_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every problem of the draft is printed at its line, with the draft's own path."""
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        EXTENSION.replace("affiliates-50-percent", "affiliates-50"), "utf-8"
    )
    result = run(
        capsys, *REGIME, "--draft", draft, "--recipient", "sg-subsidiary", *ONE
    )
    assert (2, "") == (result.status, result.out)
    assert (
        f"{draft}:7:11: notices[0].suspends[0].rule: unknown rule id `affiliates-50`"
        in result.err
    )


@pytest.mark.parametrize(
    ("more", "message"),
    [
        ((), "give either --log or --recipient"),
        (("--recipient", "sg-subsidiary"), "with --recipient, give --item and --mode"),
        (("--log", "access.csv", "--recipient", "x", *ONE), "not both"),
        (("--log", "access.csv", "--attest", "end-use-certified"), "not both"),
        (("--log", "missing.csv"), "cannot read the log `missing.csv`"),
    ],
)
def test_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str],
    files: Path,
    monkeypatch: pytest.MonkeyPatch,
    more: tuple[str, ...],
    message: str,
) -> None:
    """Neither or both kinds of accesses, or a missing log: one error line, exit 2."""
    monkeypatch.chdir(files)
    result = run(capsys, *REGIME, "--draft", "draft.yaml", *more)
    assert (2, True) == (result.status, message in result.err)


# Illustrative: destinations in CN need a license from 2027-03-01.
CN_DRAFT = """\
notices:
- id: draft-cn
  title: CN destinations (illustrative)
  published: 2027-02-01
  effective: 2027-03-01
  adds:
    restrictions:
    - id: cn-dest
      description: CN destinations need a license
      effect: license_required
      recipients: {destination: [CN]}
"""


def test_accesses_that_differ_only_in_facts_print_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The text table shows the log's fact columns where an access has facts, so
    two accesses never print as one line."""
    (tmp_path / "draft.yaml").write_text(CN_DRAFT, encoding="utf-8")
    (tmp_path / "access.csv").write_text(
        "recipient,citizenships,item,mode,location,at\n"
        "wei,SG;CN,example-model,hosted-api,US,2027-01-01T00:00:00Z\n"
        "wei,CN;SG,example-model,hosted-api,US,2027-01-01T00:00:00Z\n",
        encoding="utf-8",
    )
    result = run(
        capsys,
        *REGIME,
        "--draft",
        tmp_path / "draft.yaml",
        "--log",
        tmp_path / "access.csv",
    )
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["recipient", "citizenships", "item"]
    assert [line.split()[1] for line in lines[1:3]] == ["SG;CN", "CN;SG"]


def test_a_100000_row_log_lists_what_decide_finds(
    capsys: pytest.CaptureFixture[str], files: Path
) -> None:
    """On a generated 100,000-row log the command lists exactly what decide finds, each from 2026-11-10 by the draft."""
    log = affiliates_log(100_000, seed=2026)
    pcsv.write_csv(log, files / "big.csv")
    expected = per_row(PUBLISHED, DRAFT, log)
    result = run(capsys, *REGIME, "--draft", files / "draft.yaml",
                 "--log", files / "big.csv", "--json")  # fmt: skip
    found = {
        (i["recipient"], i["kind"], i["citizenships"], i["mode"], i["location"]): (
            i["at"],
            i["before"],
            i["after"],
            i["notice"]["id"],
        )
        for i in json.loads(result.out)["impacts"]
    }
    assert (1, len(expected)) == (result.status, len(found))
    assert {
        k: (t.isoformat(), old, new, "draft-extension")
        for k, (t, old, new) in expected.items()
    } == found
    assert ac.Verdict.PERMITTED.value in {v[2] for v in found.values()}
