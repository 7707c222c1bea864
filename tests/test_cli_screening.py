"""`aicontrols import-csl` and `aicontrols screen`, through `aicontrols.cli.main`.

The snapshots in tests/data/cli-csl are small, fictitious CSL files in the
current layout: `csl-2026-03-02.csv` and `csl-2026-04-06.csv` (one party
amended, one removed, two added between them) and `csl-bad.csv` (three bad
rows among five). docs/reference/cli.md runs its examples on the same files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import aicontrols

from .cli_run import run, usage_error

DATA = Path(__file__).parent / "data" / "cli-csl"
MARCH = DATA / "csl-2026-03-02.csv"
APRIL = DATA / "csl-2026-04-06.csv"
BAD = DATA / "csl-bad.csv"
BOTH = (f"{MARCH}@2026-03-02", f"{APRIL}@2026-04-06")
CONTOSO = "el-contoso-photonics-co-ltd"
ROBOTICS = "el-contoso-robotics-ltd"
FABRIKAM = "el-fabrikam-computing-institute"
TAILSPIN = "dpl-tailspin-freight-forwarding-llc"
SUMMARY = [
    f"{MARCH} (taken 2026-03-02): 5 rows read (2 EL, 1 DPL, 1 MEU, 1 SDN)",
    f"{APRIL} (taken 2026-04-06): 6 rows read (2 EL, 1 DPL, 1 UVL, 1 MEU, 1 SDN)",
    "imported: 7 listings, 1 amendment, 1 removal, 1 expiry",
]
BAD_ROWS = [
    f"{BAD}:3: `source` = 'Made Up List (XYZ)': unknown source: not one of the 13 CSL lists",
    f"{BAD}:4: `start_date` = '2026-02-30': not a date like 2024-05-01",
    f"{BAD}:5: `name` = '': the name is missing",
]


def decide(regime: aicontrols.Regime, recipient: str, on: str) -> str:
    access = aicontrols.Access(recipient, "mythos-5", "hosted-api")
    return regime.decide(access, on=on).verdict.value


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Both snapshots imported onto `mythos5`, as a YAML regime file."""
    path = tmp_path / "csl.yaml"
    assert 0 == run(capsys, "import-csl", *BOTH, "--base", "mythos5", "-o", path).status
    return path


class TestImport:
    def test_to_standard_output(self, capsys: pytest.CaptureFixture[str]) -> None:
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
    ) -> None:
        """The file loads; the listings decide accesses on the days they hold."""
        regime = aicontrols.load_regime(imported)
        assert "us-mythos-letters" == regime.id  # the base's id, by default
        assert {"letter-2026-06-12", "letter-2026-06-26"} <= {
            n.id for n in regime.notices
        }
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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

    def test_one_snapshot_has_no_removal(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One snapshot: listings only (and the denial order's end)."""
        result = run(capsys, "import-csl", f"{MARCH}@2026-03-02")
        assert (
            "imported: 5 listings, 0 amendments, 0 removals, 1 expiry"
            == (result.err.splitlines()[1])
        )

    def test_json_output_id_and_name(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
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

    def test_a_json_snapshot(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
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
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
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
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --output, bad rows leave stdout empty."""
        result = run(capsys, "import-csl", f"{BAD}@2026-03-02")
        assert (1, "") == (result.status, result.out)

    def test_skip_bad_rows_warns_and_imports_the_rest(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
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
        self, capsys: pytest.CaptureFixture[str], argument: str, message: str
    ) -> None:
        """The snapshot's day is required and must be a real YYYY-MM-DD date."""
        line = usage_error(capsys, "import-csl", f"{MARCH}@2026-03-02", argument)
        assert f"aicontrols import-csl: error: {message}" == line

    def test_an_at_sign_in_the_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
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
        self,
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
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
    ) -> None:
        """Two snapshots on one day, a bad output name, an unknown base: exit 2."""
        result = run(capsys, "import-csl", *argv)
        assert (2, "") == (result.status, result.out)
        assert result.err.startswith(f"aicontrols import-csl: error: {message}")

    def test_an_unwritable_output_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An output in a missing directory: one line, exit 2."""
        path = tmp_path / "missing" / "csl.yaml"
        result = run(capsys, "import-csl", *BOTH, "-o", path)
        expected = (
            f"aicontrols import-csl: error: cannot write `{path}`: "
            "No such file or directory\n"
        )
        assert (2, "", expected) == result


class TestScreen:
    def test_text_with_the_country(
        self, capsys: pytest.CaptureFixture[str], imported: Path
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

    def test_an_alias_matches(
        self, capsys: pytest.CaptureFixture[str], imported: Path
    ) -> None:
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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
        self,
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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
        self, capsys: pytest.CaptureFixture[str]
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
        self, capsys: pytest.CaptureFixture[str]
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

    def test_a_bundled_example(self, capsys: pytest.CaptureFixture[str]) -> None:
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
            (("--on", "2026-13-01"), "`on`: expected a date as YYYY-MM-DD"),
            (("--as-known-on", "x"), "`as_known_on`: expected a date as YYYY-MM-DD"),
        ],
        ids=["min-score", "nan", "limit", "country", "on", "as-known-on"],
    )
    def test_bad_values_exit_2(
        self,
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
        self, capsys: pytest.CaptureFixture[str], imported: Path
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
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
    ) -> None:
        """argparse's usage errors: exit 2, the usage, one error line."""
        assert usage_error(capsys, *argv).endswith(message)


class TestConsoleScript:
    """The installed script in a subprocess: the exit statuses as a shell sees them."""

    @staticmethod
    def script(*argv: str | Path) -> subprocess.CompletedProcess[str]:
        exe = shutil.which("aicontrols")
        command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
        return subprocess.run(
            [*command, *map(str, argv)], capture_output=True, text=True, check=False
        )

    def test_exit_statuses(self, tmp_path: Path) -> None:
        """Import 0, bad rows 1, a bad date 2; screen 0 with or without candidates."""
        path = tmp_path / "csl.yaml"
        ok = self.script("import-csl", *BOTH, "-o", path)
        bad = self.script("import-csl", f"{BAD}@2026-03-02")
        usage = self.script("import-csl", f"{MARCH}@March")
        found = self.script("screen", "Contoso", "--on", "2026-04-10", "--regime", path)
        none = self.script("screen", "Nobody", "--on", "2026-04-10", "--regime", path)
        assert (0, 1, 2, 0, 0) == tuple(
            r.returncode for r in (ok, bad, usage, found, none)
        )
        assert "Traceback" not in "".join(r.stderr for r in (ok, bad, usage))
        assert (True, True) == (
            found.stdout.startswith("2 candidates for 'Contoso'"),
            none.stdout.startswith("no candidates for 'Nobody'"),
        )
