"""The command line, through its real entry points.

Most tests call `aicontrols.cli.main(argv)` and read the captured streams; a few
run the installed `aicontrols` script in a subprocess, one per exit status.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import aicontrols
from aicontrols.cli import main

from .cli_run import run, usage_error

MYTHOS = aicontrols.examples.path("mythos5")
JULY_1 = dt.date(2026, 7, 1)
ANSI = "\033["
LOCATED = re.compile(r"^[^:\s]+:\d+:\d+: \S")
COMMANDS = (
    "check",
    "history",
    "changes",
    "validate",
    "lint",
    "schema",
    "audit",
    "import-csl",
    "screen",
    "demo",
)
PRIYA = ("--recipient", "priya", "--citizenship", "IN", "--employer", "anthropic")
PRIYA_FABLE = (*PRIYA, "--item", "fable-5", "--mode", "hosted-api", "--location", "US")


def script(
    *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script (or `python -m aicontrols.cli`) in a subprocess."""
    exe = shutil.which("aicontrols")
    command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
    return subprocess.run(
        [*command, *argv],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


class TTY(io.StringIO):
    """A captured stream that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def eu_regime() -> aicontrols.Regime:
    """A small EU regime prohibiting foreign persons from taking Mythos 5's weights."""
    rule = aicontrols.Restriction(
        "eu-weights",
        effect="prohibited",
        items=aicontrols.ItemIs("mythos-5"),
        modes=aicontrols.TransfersWeights(),
        recipients=aicontrols.ForeignPerson(),
    )
    return aicontrols.Regime(
        "eu-test",
        jurisdiction="FR",
        territory=["AT", "BE", "DE", "FR", "IE", "IT", "NL", "ES"],
        timezone="Europe/Brussels",
        items=[aicontrols.ControlledItem(i) for i in ("mythos-5", "fable-5")],
        entities=[aicontrols.Entity("anthropic", country="US")],
        notices=[
            aicontrols.Notice("eu-1", published=JULY_1, effective=JULY_1, adds=[rule])
        ],
    )


@pytest.fixture
def eu_file(tmp_path: Path) -> Path:
    path = tmp_path / "eu.yaml"
    path.write_text(aicontrols.dump_regime(eu_regime()), encoding="utf-8")
    return path


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


class TestCheck:
    def test_permitted_exits_0(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A permitted access prints PERMITTED, its regime and replay token, exit 0."""
        result = run(
            capsys,
            "check",
            "mythos5",
            "--recipient",
            "other-corp",
            "--item",
            "mythos-5",
            "--mode",
            "hosted-api",
            "--on",
            "2026-06-27",
        )
        assert (0, "") == (result.status, result.err)
        lines = result.out.splitlines()
        expected = "PERMITTED: `other-corp` -> `mythos-5` via `hosted-api`, on 2026-06-27 (America/New_York)"
        assert expected == lines[0]
        assert "regime: `us-mythos-letters`" == lines[1]
        assert lines[-1].startswith("Replay token: v1-")

    def test_not_permitted_exits_1_with_reasons_and_citations(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A license requirement exits 1 and names the restriction, notice and citation."""
        result = run(capsys, "check", "mythos5", *PRIYA_FABLE, "--on", "2026-06-27")
        assert (1, "") == (result.status, result.err)
        assert result.out.startswith("LICENSE REQUIRED: `priya` -> `fable-5`")
        for text in (
            "`mythos-fable-foreign-access`: license required",
            "by notice `letter-2026-06-12`",
            "cites: 15 CFR 744.22; 50 U.S.C. 4817(b)(1)",
            "`trusted-partners-mythos` (notice `letter-2026-06-26`)",
        ):
            assert text in result.out

    @pytest.mark.parametrize(
        ("item", "status", "verdict"),
        [("mythos-5", 0, "permitted"), ("fable-5", 1, "license_required")],
    )
    def test_json(
        self, capsys: pytest.CaptureFixture[str], item: str, status: int, verdict: str
    ) -> None:
        """`--json` prints the decision's stable JSON; the exit status follows the verdict."""
        result = run(
            capsys,
            "check",
            "mythos5",
            *PRIYA,
            "--item",
            item,
            "--mode",
            "hosted-api",
            "--location",
            "US",
            "--on",
            "2026-06-27",
            "--json",
        )
        data = json.loads(result.out)
        assert (status, "aicontrols.decision/1", verdict, status == 0) == (
            result.status,
            data["schema"],
            data["verdict"],
            data["permitted"],
        )
        assert {"recipient": "priya", "item": item, "on": "2026-06-27"}.items() <= (
            data["query"].items()
        )

    def test_inline_recipient_matches_the_python_api(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--citizenship`/`--employer` describe the same individual the API would get."""
        person = aicontrols.Entity(
            "priya",
            kind="individual",
            citizenships=[aicontrols.Citizenship("IN")],
            employments=[aicontrols.Employment("anthropic")],
        )
        expected = aicontrols.examples.load("mythos5").decide(
            aicontrols.Access(person, "mythos-5", "hosted-api", "US"), on="2026-06-15"
        )
        result = run(
            capsys,
            "check",
            "mythos5",
            *PRIYA,
            "--item",
            "mythos-5",
            "--mode",
            "hosted-api",
            "--location",
            "US",
            "--on",
            "2026-06-15",
            "--json",
        )
        assert (1, expected.to_dict()) == (result.status, json.loads(result.out))

    def test_recipient_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--recipient-file` reads a YAML entity: an Acme employee is exempt for Mythos 5."""
        person = tmp_path / "person.yaml"
        person.write_text(
            "id: wei\nkind: individual\ncitizenships:\n- country: CN\n"
            "employments:\n- employer: acme-cloud\n  start: 2025-01-01\n",
            encoding="utf-8",
        )
        common = (
            "check",
            "mythos5",
            "--recipient-file",
            person,
            "--mode",
            "hosted-api",
            "--location",
            "US",
            "--at",
            "2026-06-27T10:00-04:00",
        )
        mythos = run(capsys, *common, "--item", "mythos-5")
        fable = run(capsys, *common, "--item", "fable-5")
        assert (0, 1) == (mythos.status, fable.status)
        assert mythos.out.startswith("PERMITTED: `wei` -> `mythos-5`")
        assert "lifted by `trusted-partners-mythos`" in mythos.out

    def test_recipient_file_and_inline_facts_are_refused_together(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A recipient is described in a file or inline, never both: exit 2."""
        person = tmp_path / "person.yaml"
        person.write_text("id: wei\nkind: individual\n", encoding="utf-8")
        result = run(
            capsys,
            "check",
            "mythos5",
            "--recipient-file",
            person,
            "--citizenship",
            "CN",
            "--item",
            "mythos-5",
            "--mode",
            "hosted-api",
            "--on",
            "2026-06-27",
        )
        assert (2, "") == (result.status, result.out)
        assert "not both" in result.err

    def test_broken_recipient_file_reports_each_problem_located(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A bad recipient file: every problem on its own file:line:col line, exit 2."""
        person = tmp_path / "person.yaml"
        person.write_text("id: x\nkind: alien\ncitizenships: 5\n", encoding="utf-8")
        result = run(
            capsys,
            "check",
            "mythos5",
            "--recipient-file",
            person,
            "--item",
            "mythos-5",
            "--mode",
            "hosted-api",
            "--on",
            "2026-06-27",
        )
        lines = result.err.splitlines()
        assert (2, "", 2) == (result.status, result.out, len(lines))
        assert all(line.startswith(f"{person}:") for line in lines)
        assert f"{person}:2:7: kind: expected one of" in lines[0]
        assert f"{person}:3:15: citizenships: expected a list, got 5" == lines[1]

    def test_two_regimes_combine_most_severe_wins(
        self, capsys: pytest.CaptureFixture[str], eu_file: Path
    ) -> None:
        """US permits the employee, the EU prohibits the weights: prohibited, exit 1."""
        argv = (
            "check",
            "mythos5",
            eu_file,
            *PRIYA,
            "--item",
            "mythos-5",
            "--mode",
            "weights-transfer",
            "--location",
            "US",
            "--on",
            "2026-07-02",
        )
        text = run(capsys, *argv)
        data = json.loads(run(capsys, *argv, "--json").out)
        assert (1, "prohibited") == (text.status, data["verdict"])
        assert text.out.startswith("PROHIBITED: ")
        assert "regime: `eu-test`" in text.out
        assert "us-mythos-letters+eu-test" == data["regime"]
        assert ["permitted", "prohibited"] == [p["verdict"] for p in data["parts"]]

    def test_attest_and_as_known_on(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Known on 2026-06-20, the 06-26 exemption is unknown: a license is required."""
        argv = (
            "check",
            "mythos5",
            *PRIYA,
            "--item",
            "mythos-5",
            "--mode",
            "hosted-api",
            "--location",
            "US",
            "--on",
            "2026-06-27",
            "--attest",
            "nda",
            "--json",
        )
        now = json.loads(run(capsys, *argv).out)
        then = json.loads(run(capsys, *argv, "--as-known-on", "2026-06-20").out)
        assert ("permitted", "license_required") == (now["verdict"], then["verdict"])
        assert (["nda"], "2026-06-20") == (
            then["query"]["attestations"],
            then["query"]["as_known_on"],
        )


ACCESS = ("--recipient", "other-corp", "--item", "mythos-5", "--mode", "hosted-api")


class TestBadInput:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ("mythos5", *ACCESS, "--on", "2026-13-01"),
                "`on`: expected a date as YYYY-MM-DD, got `2026-13-01`",
            ),
            (
                ("mythos5", *ACCESS, "--at", "2026-06-15T12:00:00"),
                "`at` is a naive datetime `2026-06-15T12:00:00`",
            ),
            (
                ("mythos5", *ACCESS, "--at", "noon"),
                "`at`: expected an ISO 8601 instant with an offset, got `noon`",
            ),
            (
                (
                    "mythos5",
                    *ACCESS,
                    "--on",
                    "2026-06-15",
                    "--as-known-on",
                    "2026-02-30",
                ),
                "`as_known_on`: expected a date as YYYY-MM-DD, got `2026-02-30`",
            ),
            (
                (
                    "mythos5",
                    "--recipient",
                    "ghost",
                    "--item",
                    "mythos-5",
                    "--mode",
                    "hosted-api",
                    "--on",
                    "2026-06-15",
                ),
                "unknown entity id `ghost` (known: `anthropic`, `acme-cloud`, `us-agency`, `other-corp`)",
            ),
            (
                (
                    "mythos5",
                    "--recipient",
                    "other-corp",
                    "--item",
                    "gpt-9",
                    "--mode",
                    "hosted-api",
                    "--on",
                    "2026-06-15",
                ),
                "unknown item id `gpt-9` (known: `mythos-5`, `fable-5`)",
            ),
            (
                (
                    "mythos5",
                    "--recipient",
                    "other-corp",
                    "--item",
                    "mythos-5",
                    "--mode",
                    "teleport",
                    "--on",
                    "2026-06-15",
                ),
                "unknown mode id `teleport`",
            ),
            (
                ("nosuchname", *ACCESS, "--on", "2026-06-15"),
                "no regime file or bundled example `nosuchname`",
            ),
            (
                (
                    "mythos5",
                    "--recipient",
                    "x",
                    "--citizenship",
                    "ZZZ",
                    "--item",
                    "mythos-5",
                    "--mode",
                    "hosted-api",
                    "--on",
                    "2026-06-15",
                ),
                "bad recipient: expected an ISO 3166-1 alpha-2 country code, got `ZZZ`",
            ),
        ],
        ids=[
            "date",
            "naive-at",
            "bad-at",
            "as-known-on",
            "entity",
            "item",
            "mode",
            "regime-name",
            "citizenship",
        ],
    )
    def test_one_line_error_naming_the_value(
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
    ) -> None:
        """A user error: exit 2, nothing on stdout, one stderr line naming the bad value."""
        result = run(capsys, "check", *argv)
        assert (2, "", 1) == (result.status, result.out, len(result.err.splitlines()))
        assert result.err.startswith(f"aicontrols check: error: {message}")

    @pytest.mark.parametrize("command", ["history", "changes"])
    def test_bad_dates_in_other_commands(
        self, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """`history --start` and `changes --until` reject impossible dates, exit 2."""
        argv = {
            "history": ("history", "mythos5", *ACCESS, "--start", "2026-02-30"),
            "changes": ("changes", "mythos5", "--since", "2026-06-01", "--until", "x"),
        }[command]
        result = run(capsys, *argv)
        name, value = {"history": ("start", "2026-02-30"), "changes": ("until", "x")}[
            command
        ]
        expected = f"aicontrols {command}: error: `{name}`: expected a date as YYYY-MM-DD, got `{value}`\n"
        assert (2, "", expected) == result

    def test_missing_regime_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A regime file that does not exist: a located one-line error, exit 2."""
        missing = tmp_path / "missing.yaml"
        result = run(capsys, "check", missing, *ACCESS, "--on", "2026-06-15")
        expected = f"{missing}:1:1: cannot read the file: No such file or directory\n"
        assert (2, "", expected) == result

    def test_broken_regime_file(
        self, capsys: pytest.CaptureFixture[str], broken_file: Path
    ) -> None:
        """A broken regime file: each problem located on stderr, exit 2."""
        result = run(capsys, "check", broken_file, *ACCESS, "--on", "2026-06-15")
        expected = [
            f'{broken_file}:67:15: notices[0].adds.restrictions[0].effect: expected one of `license_required`, `prohibited`, got "maybe"',
            f'{broken_file}:79:14: notices[1].effective: expected a real calendar date or instant, got "2026-13-01"',
        ]
        assert (2, "", expected) == (result.status, result.out, result.err.splitlines())

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ("check", "mythos5", *ACCESS),
                "one of the arguments --on --at is required",
            ),
            (
                (
                    "check",
                    "mythos5",
                    *ACCESS,
                    "--on",
                    "2026-06-15",
                    "--at",
                    "2026-06-15T00:00Z",
                ),
                "argument --at: not allowed with argument --on",
            ),
            (
                ("history", "mythos5", "--item", "x", "--mode", "y"),
                "one of the arguments --recipient --recipient-file is required",
            ),
            (
                ("history", "mythos5", *ACCESS, "--format", "svg"),
                "argument --format: invalid choice: 'svg'",
            ),
            (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate'"),
        ],
        ids=["no-date", "on-and-at", "no-recipient", "format", "command"],
    )
    def test_usage_errors_exit_2(
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
    ) -> None:
        """argparse's usage errors exit 2 with the usage and one error line."""
        assert message in usage_error(capsys, *argv)

    def test_no_command_prints_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a command the CLI prints its usage and exits 2."""
        assert 2 == main([])
        assert "usage: aicontrols" in capsys.readouterr().out


class TestHistory:
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

    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default table: one row per interval of constant verdict, with its cause."""
        expected = """\
start          end             verdict           cause
the beginning  2026-06-12      PERMITTED         the beginning of the record
2026-06-12     2026-06-26      LICENSE REQUIRED  `mythos-fable-foreign-access` added (`letter-2026-06-12`)
2026-06-26     further notice  PERMITTED         `trusted-partners-mythos` added (`letter-2026-06-26`)
"""
        assert (0, expected, "") == run(capsys, *self.HISTORY)

    def test_mermaid(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--format mermaid` draws a Gantt chart, the license requirement as `crit`."""
        result = run(capsys, *self.HISTORY, "--format", "mermaid")
        lines = result.out.splitlines()
        assert (0, "gantt", "    title priya - mythos-5 via hosted-api") == (
            result.status,
            lines[0],
            lines[1],
        )
        assert (
            "    LICENSE REQUIRED :crit, s1, 2026-06-12 00:00, 2026-06-26 00:00"
            in lines
        )

    def test_mermaid_without_changes_uses_the_first_notice(
        self, capsys: pytest.CaptureFixture[str]
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
        self, capsys: pytest.CaptureFixture[str], flag: tuple[str, ...]
    ) -> None:
        """`--start/--end` cut the timeline; `--json` and `--format json` agree."""
        result = run(
            capsys, *self.HISTORY, "--start", "2026-06-01", "--end", "2026-07-01", *flag
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

    def test_end_before_start(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An empty span is a user error, exit 2."""
        result = run(
            capsys, *self.HISTORY, "--start", "2026-07-01", "--end", "2026-06-01"
        )
        assert (
            2,
            "",
            "aicontrols history: error: `end` must be after `start`\n",
        ) == result


class TestChanges:
    def test_empty_period_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
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

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
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

    def test_json_and_as_known_on(self, capsys: pytest.CaptureFixture[str]) -> None:
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

    def test_no_changes(self, capsys: pytest.CaptureFixture[str]) -> None:
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


class TestValidate:
    def test_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A valid file prints `FILE: valid`, exit 0."""
        assert (0, f"{MYTHOS}: valid\n", "") == run(capsys, "validate", MYTHOS)

    def test_invalid_is_compiler_style_exit_1(
        self, capsys: pytest.CaptureFixture[str], broken_file: Path
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

    def test_json(self, capsys: pytest.CaptureFixture[str], broken_file: Path) -> None:
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
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
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
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A file that cannot be read is unreadable input: one line, exit 2."""
        missing = tmp_path / "nothere.yaml"
        result = run(capsys, "validate", MYTHOS, missing)
        expected = f"aicontrols validate: error: {missing}:1:1: cannot read the file: No such file or directory\n"
        assert (2, "", expected) == result


class TestLint:
    def test_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The bundled regimes have no findings, exit 0."""
        files = [aicontrols.examples.path(n) for n in aicontrols.examples.names()]
        result = run(capsys, "lint", *files)
        assert (0, [f"{f}: no findings" for f in files], "") == (
            result.status,
            result.out.splitlines(),
            result.err,
        )

    def test_finding_is_located_with_its_code_and_witness(
        self, capsys: pytest.CaptureFixture[str], lint_file: Path
    ) -> None:
        """A suspension outside its rule's life: file:line:col: path: code: message, exit 1."""
        expected = (
            f"{lint_file}:110:5: notices[2].suspends[0]: suspension-outside-life: "
            "suspension of `mythos-fable-foreign-access` from 2026-01-01 to 2026-02-01 "
            "never overlaps the rule's life: `mythos-fable-foreign-access` is in force "
            "from 2026-06-12 (witness 2026-01-01)\n"
        )
        assert (1, expected, "") == run(capsys, "lint", lint_file)

    def test_json(self, capsys: pytest.CaptureFixture[str], lint_file: Path) -> None:
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
        self, capsys: pytest.CaptureFixture[str], broken_file: Path
    ) -> None:
        """A file with problems reports them as `validate` does, exit 1."""
        result = run(capsys, "lint", broken_file)
        assert (1, 2) == (result.status, len(result.out.splitlines()))
        assert all(LOCATED.match(line) for line in result.out.splitlines())


class TestSchema:
    def test_prints_the_regime_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`aicontrols schema` prints valid JSON equal to `aicontrols.regime_schema()`."""
        result = run(capsys, "schema")
        assert (0, aicontrols.regime_schema(), "") == (
            result.status,
            json.loads(result.out),
            result.err,
        )


CSV_LOG = """\
recipient,citizenships,residencies,employers,item,mode,location,at,attestations
other-corp,,,,mythos-5,hosted-api,US,2026-06-15T12:00:00-04:00,
priya,IN,,anthropic,mythos-5,hosted-api,US,2026-06-15T12:00:00-04:00,
priya,IN,,anthropic,mythos-5,hosted-api,US,2026-06-27T12:00:00-04:00,
priya,IN,,anthropic,fable-5,hosted-api,US,2026-06-27T12:00:00-04:00,nda
priya,IN,,anthropic,fable-5,hosted-api,US,2026-13-27T12:00:00-04:00,
priya,IN,,anthropic,fable-5,hosted-api,US,2026-06-27T12:00:00,
priya,IN,,anthropic,gpt-9,hosted-api,US,2026-06-27T12:00:00-04:00,
priya,IN,,anthropic,fable-5,,US,2026-06-27T12:00:00-04:00,
priya,IN,,anthropic,fable-5,hosted-api,US,2026-06-27T12:00:00-04:00,,extra
"""
CSV_PROBLEMS = {
    6: "`at`: expected an ISO 8601 instant with an offset, got `2026-13-27T12:00:00-04:00`",
    7: "`at` is a naive datetime `2026-06-27T12:00:00`",
    8: "unknown item id `gpt-9` (known: `mythos-5`, `fable-5`)",
    9: "`mode`: missing",
    10: "more cells than columns",
}
JSONL_LOG = """\
{"recipient": "other-corp", "item": "mythos-5", "mode": "hosted-api", "at": "2026-06-15T12:00:00-04:00"}
{"recipient": "priya", "citizenships": ["IN"], "employers": ["anthropic"], "item": "fable-5", "mode": "hosted-api", "location": "US", "at": "2026-06-27T12:00:00-04:00"}

not json
[1, 2]
{"recipient": "priya", "citizenships": [1], "item": "fable-5", "mode": "hosted-api", "at": "2026-06-27T12:00:00-04:00"}
{"recipient": "priya", "item": "fable-5", "at": "2026-06-27T12:00:00-04:00"}
{"recipient": "priya", "item": "fable-5", "mode": "hosted-api", "at": 5}
"""
JSONL_PROBLEMS = {
    4: "not JSON: Expecting value",
    5: "expected a JSON object",
    6: "`citizenships`: expected a list of strings, got `[1]`",
    7: "`mode`: missing",
    8: "`at`: expected a string, got `5`",
}
ORDER = ("permitted", "license_required", "undetermined", "prohibited", "unreadable")


def split(value: Any) -> list[str]:
    """A log cell as a list: `;`-separated in CSV, a list in JSON Lines."""
    if isinstance(value, list):
        return value
    return [v for v in (value or "").split(";") if v]


def api_verdicts(log: Path) -> dict[int, str]:
    """Each row's verdict through the Python API, by line; `unreadable` if it cannot be."""
    regime = aicontrols.examples.load("mythos5")
    verdicts: dict[int, str] = {}
    if log.suffix == ".csv":
        with log.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            numbered: list[tuple[int, Any]] = [(reader.line_num, row) for row in reader]
    else:
        numbered = []
        for number, line in enumerate(log.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    numbered.append((number, json.loads(line)))
                except json.JSONDecodeError:
                    numbered.append((number, None))
    for number, row in numbered:
        try:
            citizenships = split(row.get("citizenships"))
            residencies, employers = (
                split(row.get("residencies")),
                split(row.get("employers")),
            )
            recipient: aicontrols.Entity | str = row["recipient"]
            if citizenships or residencies or employers:
                recipient = aicontrols.Entity(
                    row["recipient"],
                    kind="individual",
                    citizenships=[aicontrols.Citizenship(c) for c in citizenships],
                    residencies=[aicontrols.Residency(c) for c in residencies],
                    employments=[aicontrols.Employment(e) for e in employers],
                )
            if not row["mode"] or None in row:
                raise ValueError("missing mode or extra cells")
            access = aicontrols.Access(
                recipient,
                row["item"],
                row["mode"],
                row.get("location") or None,
                frozenset(split(row.get("attestations"))),
            )
            verdicts[number] = regime.decide(access, at=row["at"]).verdict.value
        except (ValueError, TypeError, KeyError, AttributeError):
            verdicts[number] = "unreadable"
    return verdicts


def summary_line(counts: Counter[str]) -> str:
    return f"{sum(counts.values()):,} rows: " + ", ".join(
        f"{counts[k]:,} {k.replace('_', ' ')}" for k in ORDER
    )


def read_decisions(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".jsonl":
        return [
            json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
        ]
    with path.open(encoding="utf-8", newline="") as handle:
        return [{**row, "line": int(row["line"])} for row in csv.DictReader(handle)]


class TestAudit:
    @pytest.mark.parametrize(
        ("log_text", "suffix", "problems"),
        [(CSV_LOG, ".csv", CSV_PROBLEMS), (JSONL_LOG, ".jsonl", JSONL_PROBLEMS)],
        ids=["csv", "jsonl"],
    )
    @pytest.mark.parametrize("out_suffix", [".jsonl", ".csv"])
    def test_every_row_decided_or_reported(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        log_text: str,
        suffix: str,
        problems: dict[int, str],
        out_suffix: str,
    ) -> None:
        """Each row has a decision; each bad row is on stderr with its line; exit 1."""
        log, out = tmp_path / f"access{suffix}", tmp_path / f"decisions{out_suffix}"
        log.write_text(log_text, encoding="utf-8")
        result = run(capsys, "audit", "mythos5", "--log", log, "--out", out)
        expected = api_verdicts(log)
        decisions = read_decisions(out)
        assert 1 == result.status
        assert expected == {d["line"]: d["verdict"] for d in decisions}
        assert summary_line(Counter(expected.values())) + "\n" == result.out
        assert [f"{log}:{n}: {m}" for n, m in problems.items()] == [
            line[: len(f"{log}:{n}: {problems[n]}")]
            for n, line in zip(problems, result.err.splitlines(), strict=True)
        ]
        assert problems == {
            d["line"]: d["problem"][: len(problems[d["line"]])]
            for d in decisions
            if d["verdict"] == "unreadable"
        }

    def test_decision_columns(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A decided row names its binding restrictions; stdout gets CSV by default."""
        log = tmp_path / "access.csv"
        log.write_text(CSV_LOG, encoding="utf-8")
        result = run(capsys, "audit", "mythos5", "--log", log)
        rows = list(csv.DictReader(io.StringIO(result.out)))
        assert {
            "line": "5",
            "recipient": "priya",
            "item": "fable-5",
            "mode": "hosted-api",
            "location": "US",
            "at": "2026-06-27T12:00:00-04:00",
            "verdict": "license_required",
            "restrictions": "mythos-fable-foreign-access",
            "caveats": "",
            "problem": "",
        } == rows[3]
        assert result.err.splitlines()[-1].startswith(
            "9 rows: 2 permitted, 2 license required"
        )

    def test_json_summary(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--json` prints the counts with a stable schema."""
        log = tmp_path / "access.csv"
        log.write_text(CSV_LOG, encoding="utf-8")
        result = run(
            capsys,
            "audit",
            "mythos5",
            "--log",
            log,
            "--out",
            tmp_path / "d.csv",
            "--json",
        )
        expected = {
            "schema": "aicontrols.audit/1",
            "log": str(log),
            "rows": 9,
            "counts": dict(zip(ORDER, (2, 2, 0, 0, 5), strict=True)),
        }
        assert (1, expected) == (result.status, json.loads(result.out))

    def test_all_readable_exits_0_and_a_bom_is_ignored(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A log whose rows are all decided exits 0, even exported with a BOM."""
        log = tmp_path / "access.csv"
        log.write_text(
            "\ufeff" + "\n".join(CSV_LOG.splitlines()[:4]) + "\n", encoding="utf-8"
        )
        result = run(
            capsys, "audit", "mythos5", "--log", log, "--out", tmp_path / "d.jsonl"
        )
        assert (
            0,
            "3 rows: 2 permitted, 1 license required, 0 undetermined, 0 prohibited, 0 unreadable\n",
            "",
        ) == result

    def test_generated_log_counts_match_the_python_api(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """2,000 generated rows: the audit's counts and verdicts equal the API's."""
        log, out = tmp_path / "access.csv", tmp_path / "decisions.csv"
        write_log(log, 2000)
        result = run(capsys, "audit", "mythos5", "--log", log, "--out", out, "--json")
        expected = api_verdicts(log)
        counts = Counter(expected.values())
        assert 2000 == len(expected)
        assert {"permitted", "license_required", "unreadable"} <= set(counts)
        assert (1, {k: counts[k] for k in ORDER}) == (
            result.status,
            json.loads(result.out)["counts"],
        )
        assert expected == {d["line"]: d["verdict"] for d in read_decisions(out)}

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            (
                "missing.csv",
                None,
                "cannot read the log `{log}`: No such file or directory",
            ),
            (
                "access.txt",
                "recipient,item,mode,at\n",
                "the log `{log}` must end in .csv or .jsonl",
            ),
            (
                "access.csv",
                "recipient,item,at\nx,y,2026-06-01T00:00Z\n",
                "{log}:1: the header has no column `mode`",
            ),
            ("access.csv", "", "the log `{log}` is empty"),
            (
                "access.csv",
                b"recipient,item,mode,at\n\xff\xfe,a,b,c\n",
                "the log `{log}` is not UTF-8 text",
            ),
        ],
        ids=["missing", "extension", "column", "empty", "encoding"],
    )
    def test_unreadable_log_exits_2_and_leaves_out_alone(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        name: str,
        content: str | bytes | None,
        message: str,
    ) -> None:
        """A log that cannot be read: one line, exit 2, and `--out` is not overwritten."""
        log, out = tmp_path / name, tmp_path / "decisions.csv"
        out.write_text("previous decisions\n", encoding="utf-8")
        if isinstance(content, bytes):
            log.write_bytes(content)
        elif content is not None:
            log.write_text(content, encoding="utf-8")
        result = run(capsys, "audit", "mythos5", "--log", log, "--out", out)
        expected = f"aicontrols audit: error: {message.format(log=log)}\n"
        assert (2, "", expected) == result
        assert "previous decisions\n" == out.read_text(encoding="utf-8")

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (
                ("--out", "decisions.txt"),
                "`--out` must end in .csv or .jsonl, got `decisions.txt`",
            ),
            (
                ("--as-known-on", "bogus"),
                "`as_known_on`: expected a date as YYYY-MM-DD, got `bogus`",
            ),
        ],
        ids=["out", "as-known-on"],
    )
    def test_bad_options_exit_2(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        extra: tuple[str, ...],
        message: str,
    ) -> None:
        """A bad `--out` or `--as-known-on` is a usage error, not a row problem."""
        log = tmp_path / "access.csv"
        log.write_text(CSV_LOG, encoding="utf-8")
        result = run(capsys, "audit", "mythos5", "--log", log, *extra)
        assert (2, "", f"aicontrols audit: error: {message}\n") == result

    def test_progress_on_a_terminal_only(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """On a terminal stderr shows progress; captured (not a terminal) it does not."""
        log = tmp_path / "access.csv"
        write_log(log, 4500)
        argv = ["audit", "mythos5", "--log", str(log), "--out", str(tmp_path / "d.csv")]
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        main(argv)
        assert "\raudit:" not in capsys.readouterr().err
        terminal = TTY()
        monkeypatch.setattr(sys, "stderr", terminal)
        main(argv)
        progress = [
            p for p in terminal.getvalue().split("\r") if p.startswith("audit:")
        ]
        assert [
            "audit: 2,000/4,500 rows (44%)",
            "audit: 4,000/4,500 rows (89%)",
        ] == progress[:2]
        assert progress[-1].startswith("audit: 4,500/4,500 rows (100%)\n")


MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning")


def write_log(path: Path, rows: int, seed: int = 20260627) -> None:
    """A deterministic CSV log across 2026: catalog and inline recipients, ~1% naive."""
    rng = random.Random(seed)
    catalog = ("anthropic", "acme-cloud", "us-agency", "other-corp")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["recipient", "citizenships", "employers", "item", "mode", "location", "at"]
        )
        for n in range(rows):
            if rng.random() < 0.3:
                recipient, citizenships, employers = rng.choice(catalog), "", ""
            else:
                recipient = f"person-{rng.randrange(200)}"
                citizenships = ";".join(
                    rng.sample(["US", "IN", "CN", "DE", "FR"], rng.randint(1, 2))
                )
                employers = rng.choice(
                    ["", "anthropic", "acme-cloud", "other-corp", "us-agency"]
                )
            month, day, hour = rng.randint(1, 12), rng.randint(1, 28), rng.randrange(24)
            offset = "" if n % 100 == 99 else rng.choice(["-04:00", "+00:00", "+05:30"])
            writer.writerow(
                [
                    recipient,
                    citizenships,
                    employers,
                    rng.choice(["mythos-5", "fable-5"]),
                    rng.choice(MODES),
                    rng.choice(["US", "IN", "DE", ""]),
                    f"2026-{month:02}-{day:02}T{hour:02}:{rng.randrange(60):02}:00{offset}",
                ]
            )


class TestColour:
    CHECK = (
        "check",
        "mythos5",
        "--recipient",
        "other-corp",
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-06-27",
    )

    def on_terminal(self, monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
        """`aicontrols check` with standard output faked as a terminal, under `env`."""
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm-256color")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # set during the call: pytest's capture replaces sys.stdout between phases
        stream = TTY()
        monkeypatch.setattr(sys, "stdout", stream)
        assert 0 == main(list(self.CHECK))
        return stream.getvalue()

    def test_colour_on_a_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On a terminal the verdict is coloured (green for permitted)."""
        expected = "\033[32mPERMITTED\033[0m: `other-corp`"
        assert self.on_terminal(monkeypatch).startswith(expected)

    @pytest.mark.parametrize(
        ("name", "value"), [("NO_COLOR", "1"), ("NO_COLOR", ""), ("TERM", "dumb")]
    )
    def test_no_colour_with_no_color_even_on_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch, name: str, value: str
    ) -> None:
        """`NO_COLOR` (any value, even empty) or `TERM=dumb`: no escape codes at all."""
        out = self.on_terminal(monkeypatch, **{name: value})
        assert (False, True) == (ANSI in out, out.startswith("PERMITTED: `other-corp`"))

    def test_no_colour_when_not_a_terminal(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Captured (not a terminal), nothing is coloured."""
        assert ANSI not in run(capsys, *self.CHECK).out

    @pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
    @pytest.mark.parametrize(("no_color", "coloured"), [(False, True), (True, False)])
    def test_real_terminal(self, no_color: bool, coloured: bool) -> None:
        """The installed script on a real pseudo-terminal: colour unless NO_COLOR is set."""
        exe = shutil.which("aicontrols")
        command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["TERM"] = "xterm"
        if no_color:
            env["NO_COLOR"] = "1"
        leader, follower = os.openpty()
        try:
            done = subprocess.run(
                [*command, *self.CHECK],
                stdout=follower,
                stderr=subprocess.PIPE,
                env=env,
                check=False,
            )
            output = os.read(leader, 1 << 16).decode()
        finally:
            os.close(follower)
            os.close(leader)
        assert (0, b"") == (done.returncode, done.stderr)
        assert coloured == (ANSI in output)
        assert "PERMITTED" in output


class TestHelp:
    @pytest.mark.parametrize("command", COMMANDS)
    def test_every_command_has_help_with_examples(
        self, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """`aicontrols COMMAND --help` exits 0 and shows exit statuses and examples."""
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        out = capsys.readouterr().out
        assert 0 == exit_.value.code
        assert out.startswith(f"usage: aicontrols {command} ")
        assert "exit status:" in out
        assert "examples:\n  aicontrols " + command in out

    def test_top_level_help_lists_every_command(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`aicontrols --help` lists the commands, the exit statuses and examples."""
        with pytest.raises(SystemExit) as exit_:
            main(["--help"])
        out = capsys.readouterr().out
        assert 0 == exit_.value.code
        # a long name goes on a line of its own
        assert all(f"    {c} " in out or f"    {c}\n" in out for c in COMMANDS)
        assert "exit status:" in out
        assert "examples:" in out

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--version` prints the package version."""
        with pytest.raises(SystemExit) as exit_:
            main(["--version"])
        assert (0, f"{aicontrols.__version__}\n") == (
            exit_.value.code,
            capsys.readouterr().out,
        )


class TestDemo:
    def test_demo_prints_three_dated_verdicts_and_the_history(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`aicontrols demo` decides the employee on three dates, with reasons and history."""
        assert 0 == main(["demo"])
        out = capsys.readouterr().out
        for line in (
            "PERMITTED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-01",
            "LICENSE REQUIRED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-15",
            "PERMITTED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-27",
            "LICENSE REQUIRED: `priya` -> `fable-5` via `hosted-api` in US, on 2026-06-27",
            "lifted by `trusted-partners-mythos`",
            "2026-06-26     further notice  PERMITTED         `trusted-partners-mythos` added",
        ):
            assert line in out


class TestConsoleScript:
    """The installed script, in a subprocess: one test per exit status."""

    def test_demo_exits_0(self) -> None:
        """The installed `aicontrols` script runs the demo."""
        result = script("demo")
        assert (0, "") == (result.returncode, result.stderr)
        assert "aicontrols demo:" in result.stdout

    def test_check_permitted_exits_0_not_permitted_exits_1(self) -> None:
        """The process exit status is the verdict's: 0 permitted, 1 license required."""
        common = (
            *PRIYA,
            "--mode",
            "hosted-api",
            "--location",
            "US",
            "--on",
            "2026-06-27",
        )
        permitted = script("check", "mythos5", *common, "--item", "mythos-5")
        required = script("check", "mythos5", *common, "--item", "fable-5", "--json")
        assert (0, 1) == (permitted.returncode, required.returncode)
        assert "license_required" == json.loads(required.stdout)["verdict"]
        assert ("", "") == (permitted.stderr, required.stderr)

    @pytest.mark.parametrize(
        ("argv", "last_line"),
        [
            (
                ("check", "mythos5", *ACCESS, "--on", "2026-13-01"),
                "aicontrols check: error: `on`: expected a date as YYYY-MM-DD, got `2026-13-01`",
            ),
            (
                ("audit", "mythos5", "--log", "no-such-log.jsonl"),
                "aicontrols audit: error: cannot read the log `no-such-log.jsonl`: No such file or directory",
            ),
            (
                ("check", "mythos5", *ACCESS),
                "aicontrols check: error: one of the arguments --on --at is required",
            ),
        ],
        ids=["bad-date", "missing-log", "usage"],
    )
    def test_user_errors_exit_2_without_traceback(
        self, argv: tuple[str, ...], last_line: str
    ) -> None:
        """User errors: exit 2, an error line naming the value, never a traceback."""
        result = script(*argv)
        assert (2, "", last_line) == (
            result.returncode,
            result.stdout,
            result.stderr.splitlines()[-1],
        )
        assert "Traceback" not in result.stderr

    def test_audit_with_unreadable_rows_exits_1(self, tmp_path: Path) -> None:
        """An audit with unreadable rows exits 1 and reports them by line."""
        log = tmp_path / "access.jsonl"
        log.write_text(JSONL_LOG, encoding="utf-8")
        result = script(
            "audit", "mythos5", "--log", str(log), "--out", str(tmp_path / "d.jsonl")
        )
        assert 1 == result.returncode
        assert f"{log}:4: not JSON: Expecting value" in result.stderr.splitlines()
        assert result.stdout.endswith("5 unreadable\n")
