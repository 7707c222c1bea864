"""`aicontrols audit`: every row of an access log decided or reported.

The audit reads every column and key of a log, or refuses the log or the row:
a column the audit does not know, a column given twice, a row short of cells,
a key given twice and a log cut short are located errors, never dropped
silently; an individual whose row records no facts is undetermined, not an
unknown catalog id.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import aicontrols
from aicontrols.cli import main

from ..cli_run import run
from .shared import TTY, script

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
MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning")


HEADER = "recipient,citizenships,employers,item,mode,location,at"
AT = "2026-06-15T12:00:00-04:00"
PRIYA = f"priya,IN,anthropic,mythos-5,hosted-api,US,{AT}"
GOOD = {
    "recipient": "acme-cloud",
    "item": "mythos-5",
    "mode": "hosted-api",
    "at": AT,
}


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


def audit(
    capsys: pytest.CaptureFixture[str], path: Path, *options: str
) -> tuple[int, list[dict[str, str]], str]:
    """Audit `path`; the status, the decisions (CSV on stdout) and stderr."""
    result = run(capsys, "audit", "mythos5", "--log", path, *options)
    return result.status, list(csv.DictReader(io.StringIO(result.out))), result.err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("log_text", "suffix", "problems"),
    [(CSV_LOG, ".csv", CSV_PROBLEMS), (JSONL_LOG, ".jsonl", JSONL_PROBLEMS)],
    ids=["csv", "jsonl"],
)
@pytest.mark.parametrize("out_suffix", [".jsonl", ".csv"])
def test_every_row_decided_or_reported(
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


def test_decision_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
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


def test_json_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
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
    capsys: pytest.CaptureFixture[str], tmp_path: Path
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
    capsys: pytest.CaptureFixture[str], tmp_path: Path
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
            "the log `{log}` must end in .csv, .jsonl or .parquet",
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
            "`--as-known-on`: expected a date as YYYY-MM-DD, got `bogus`",
        ),
    ],
    ids=["out", "as-known-on"],
)
def test_bad_options_exit_2(
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
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a terminal stderr shows progress; captured (not a terminal) it does not."""
    log = tmp_path / "access.csv"
    write_log(log, 4500)
    argv = ["audit", "mythos5", "--log", str(log), "--out", str(tmp_path / "d.csv")]
    argv.append("--per-row")  # every 2,000 rows; in batches, see test_audit_columns
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    main(argv)
    assert "\raudit:" not in capsys.readouterr().err
    terminal = TTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(argv)
    progress = [p for p in terminal.getvalue().split("\r") if p.startswith("audit:")]
    assert [
        "audit: 2,000/4,500 rows (44%)",
        "audit: 4,000/4,500 rows (89%)",
    ] == progress[:2]
    assert progress[-1].startswith("audit: 4,500/4,500 rows (100%)\n")


def test_audit_with_unreadable_rows_exits_1(tmp_path: Path) -> None:
    """An audit with unreadable rows exits 1 and reports them by line."""
    log = tmp_path / "access.jsonl"
    log.write_text(JSONL_LOG, encoding="utf-8")
    result = script(
        "audit", "mythos5", "--log", str(log), "--out", str(tmp_path / "d.jsonl")
    )
    assert 1 == result.returncode
    assert f"{log}:4: not JSON: Expecting value" in result.stderr.splitlines()
    assert result.stdout.endswith("5 unreadable\n")


class TestCsvHeader:
    @pytest.mark.parametrize(
        ("column", "shown"),
        [
            ("employer", "employer"),
            ("Employers", "Employers"),
            (" employers", "' employers'"),
            ("employers ", "'employers '"),
        ],
    )
    def test_a_misspelt_column_refuses_the_log_with_a_suggestion(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        column: str,
        shown: str,
    ) -> None:
        """A misspelt `employers` column is not dropped: the log is refused, located."""
        header = HEADER.replace("employers", column)
        log = write(tmp_path, "access.csv", f"{header}\n{PRIYA}\n")
        out = tmp_path / "decisions.csv"
        result = run(capsys, "audit", "mythos5", "--log", log, "--out", out)
        expected = (
            f"aicontrols audit: error: {log}:1: unknown column `{shown}` "
            "(did you mean `employers`?)\n"
        )
        assert (2, "", expected) == result
        assert not out.exists()

    def test_an_unknown_column_without_a_close_name(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A column unlike any known one is refused too, without a guess."""
        log = write(tmp_path, "access.csv", f"{HEADER},request_id\n{PRIYA},r-1\n")
        status, rows, err = audit(capsys, log)
        assert (2, []) == (status, rows)
        assert f"{log}:1: unknown column `request_id`\n" in err

    def test_an_extra_column_named_on_the_command_line_is_not_read(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--extra-column` names a column the audit may skip, such as a request id."""
        log = write(tmp_path, "access.csv", f"{HEADER},request_id\n{PRIYA},r-1\n")
        status, rows, _ = audit(capsys, log, "--extra-column", "request_id")
        assert (0, ["license_required"]) == (status, [r["verdict"] for r in rows])

    def test_an_extra_column_cannot_be_one_the_audit_reads(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--extra-column employers` would drop the employers: a usage error."""
        log = write(tmp_path, "access.csv", f"{HEADER}\n{PRIYA}\n")
        result = run(
            capsys, "audit", "mythos5", "--log", log, "--extra-column", "employers"
        )
        assert 2 == result.status
        assert "`--extra-column`: the audit reads the column `employers`" in result.err

    def test_a_duplicate_column_refuses_the_log(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Two `citizenships` columns: neither is silently preferred."""
        header = "recipient,citizenships,citizenships,item,mode,location,at"
        log = write(tmp_path, "access.csv", f"{header}\npriya,IN,,mythos-5,hosted-api,US,{AT}\n")  # fmt: skip
        status, rows, err = audit(capsys, log)
        assert (2, []) == (status, rows)
        assert (
            f"aicontrols audit: error: {log}:1: duplicate column `citizenships`\n"
            == err
        )

    def test_every_header_problem_at_once(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A misspelt column, a duplicate and a missing one: one located line."""
        header = "recipient,recipient,Item,mode,at"
        log = write(tmp_path, "access.csv", f"{header}\na,b,c,d,e\n")
        status, _, err = audit(capsys, log)
        assert 2 == status
        assert (
            f"aicontrols audit: error: {log}:1: duplicate column `recipient`; "
            "unknown column `Item` (did you mean `item`?); "
            "the header has no column `item`\n"
        ) == err


class TestCsvRows:
    def test_a_row_one_cell_short_is_unreadable(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A row missing its last cell is not read with the cell missing."""
        header = "recipient,item,mode,at,attestations"
        log = write(
            tmp_path,
            "access.csv",
            f"{header}\nacme-cloud,mythos-5,hosted-api,{AT}\n"
            f"acme-cloud,mythos-5,hosted-api,{AT},\n",
        )
        status, rows, err = audit(capsys, log)
        assert (1, ["unreadable", "permitted"]) == (
            status,
            [r["verdict"] for r in rows],
        )
        assert rows[0]["problem"] == "fewer cells than columns (4 cells, 5 columns)"
        assert err.startswith(
            f"{log}:2: fewer cells than columns (4 cells, 5 columns)\n"
        )

    def test_a_row_spanning_lines_is_numbered_by_its_first(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A quoted cell with a line break: the row's line is where it starts."""
        log = write(
            tmp_path,
            "access.csv",
            f'recipient,item,mode,at,attestations\nacme-cloud,mythos-5,hosted-api,{AT},"a\nb"\n'
            f"acme-cloud,mythos-6,hosted-api,{AT},\n",
        )
        status, rows, _ = audit(capsys, log)
        assert (1, ["2", "4"]) == (status, [r["line"] for r in rows])


class TestTruncatedCsv:
    @pytest.mark.parametrize(
        ("tail", "line", "why"),
        [
            ("acme-cloud,mythos-5,hosted-api", 3, "the row has 3 of 5 cells"),
            (f"acme-cloud,mythos-5,hosted-api,{AT},", 3, "it ends just after a comma"),
            (
                f'acme-cloud,mythos-5,hosted-api,{AT},"safeguards',
                3,
                "a quoted value is never closed",
            ),
        ],
        ids=["short", "after-comma", "open-quote"],
    )
    def test_a_log_cut_inside_its_last_row_is_refused(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        tail: str,
        line: int,
        why: str,
    ) -> None:
        """A log that stops inside a row is refused whole, before anything is written."""
        text = f"recipient,item,mode,at,attestations\nacme-cloud,mythos-5,hosted-api,{AT},\n{tail}"
        log = write(tmp_path, "access.csv", text)
        out = tmp_path / "decisions.csv"
        result = run(capsys, "audit", "mythos5", "--log", log, "--out", out)
        assert (2, "") == (result.status, result.out)
        assert result.err.startswith(
            f"aicontrols audit: error: {log}:{line}: the log ends inside this row: "
            f"truncated? ({why}"
        )
        assert not out.exists()

    @pytest.mark.parametrize(
        "tail",
        [
            f"acme-cloud,mythos-5,hosted-api,{AT},safeguards",
            f'acme-cloud,mythos-5,hosted-api,{AT},""',
            f"acme-cloud,mythos-5,hosted-api,{AT},\r",
        ],
        ids=["last-cell", "quoted-empty", "carriage-return"],
    )
    def test_a_complete_last_row_without_a_line_break_is_read(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, tail: str
    ) -> None:
        """Many well-formed files lack a final line break: a complete row is read."""
        text = f"recipient,item,mode,at,attestations\n{tail}"
        log = write(tmp_path, "access.csv", text)
        status, rows, _ = audit(capsys, log)
        assert (0, ["permitted"]) == (status, [r["verdict"] for r in rows])


class TestJsonLines:
    def test_a_duplicate_key_makes_the_row_unreadable(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`json.loads` would keep the last of two keys: the row is refused instead."""
        row = (
            '{"recipient": "priya", "citizenships": ["IN"], "citizenships": [], '
            '"item": "mythos-5", "mode": "hosted-api", "at": "' + AT + '"}'
        )
        log = write(tmp_path, "access.jsonl", json.dumps(GOOD) + "\n" + row + "\n")
        status, rows, err = audit(capsys, log)
        assert (1, ["permitted", "unreadable"]) == (
            status,
            [r["verdict"] for r in rows],
        )
        assert "duplicate key `citizenships`" == rows[1]["problem"]
        assert f"{log}:2: duplicate key `citizenships`\n" in err

    @pytest.mark.parametrize(
        ("key", "message"),
        [
            ("employer", "unknown key `employer` (did you mean `employers`?)"),
            ("Employers", "unknown key `Employers` (did you mean `employers`?)"),
            (" employers", "unknown key `' employers'` (did you mean `employers`?)"),
            ("request_id", "unknown key `request_id`"),
        ],
    )
    def test_an_unknown_key_makes_the_row_unreadable(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        key: str,
        message: str,
    ) -> None:
        """A misspelt key is not ignored: the row is unreadable, with a suggestion."""
        row = {**GOOD, "recipient": "priya", "citizenships": ["IN"], key: ["x"]}
        log = write(tmp_path, "access.jsonl", json.dumps(row) + "\n")
        status, rows, err = audit(capsys, log)
        assert (1, "unreadable", message) == (
            status,
            rows[0]["verdict"],
            rows[0]["problem"],
        )
        assert f"{log}:1: {message}\n" in err

    def test_an_extra_key_named_on_the_command_line_is_not_read(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--extra-column request_id` lets a gateway's request ids stay in the log."""
        log = write(
            tmp_path, "access.jsonl", json.dumps({**GOOD, "request_id": 7}) + "\n"
        )
        status, rows, _ = audit(capsys, log, "--extra-column", "request_id")
        assert (0, ["permitted"]) == (status, [r["verdict"] for r in rows])

    def test_deep_nesting_is_an_unreadable_row(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """100,000 nested arrays: a located row problem, not a `RecursionError`."""
        deep = "[" * 100_000 + "]" * 100_000
        log = write(tmp_path, "access.jsonl", f"{json.dumps(GOOD)}\n{deep}\n")
        status, rows, err = audit(capsys, log)
        assert (1, ["permitted", "unreadable"]) == (
            status,
            [r["verdict"] for r in rows],
        )
        assert rows[1]["problem"].startswith("nested too deeply")
        assert f"{log}:2: nested too deeply" in err

    def test_a_log_cut_inside_its_last_line_is_refused(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A last line without its line break that is not JSON: the log is refused."""
        cut = json.dumps(GOOD)[:-12]
        log = write(tmp_path, "access.jsonl", f"{json.dumps(GOOD)}\n{cut}")
        out = tmp_path / "decisions.csv"
        result = run(capsys, "audit", "mythos5", "--log", log, "--out", out)
        assert (2, "") == (result.status, result.out)
        assert result.err.startswith(
            f"aicontrols audit: error: {log}:2: the log ends inside this row: truncated?"
        )
        assert not out.exists()

    def test_a_complete_last_line_without_a_line_break_is_read(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A last line that is a whole JSON object needs no line break."""
        log = write(tmp_path, "access.jsonl", f"{json.dumps(GOOD)}\n{json.dumps(GOOD)}")
        status, rows, _ = audit(capsys, log)
        assert (0, ["permitted", "permitted"]) == (status, [r["verdict"] for r in rows])


class TestIndividualsWithoutFacts:
    def test_an_individual_with_no_recorded_facts_is_undetermined(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An id the catalog lacks, in a log with fact columns, is an individual."""
        log = write(
            tmp_path,
            "access.csv",
            f"{HEADER}\nnew-hire,,,mythos-5,hosted-api,US,2026-06-29T12:00:00-04:00\n",
        )
        status, rows, _ = audit(capsys, log)
        assert (0, "new-hire", "undetermined") == (
            status,
            rows[0]["recipient"],
            rows[0]["verdict"],
        )

    def test_a_catalog_id_without_facts_is_the_catalog_entity(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`acme-cloud` with empty fact cells is still the catalog's trusted partner."""
        log = write(
            tmp_path,
            "access.csv",
            f"{HEADER}\nacme-cloud,,,mythos-5,hosted-api,US,2026-06-29T12:00:00-04:00\n",
        )
        status, rows, _ = audit(capsys, log)
        assert (0, "permitted") == (status, rows[0]["verdict"])

    def test_without_fact_columns_an_unknown_id_is_an_unknown_catalog_id(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A log of catalog ids only: a misspelt id is reported, not made a person."""
        log = write(
            tmp_path,
            "access.csv",
            f"recipient,item,mode,at\nacme-clod,mythos-5,hosted-api,{AT}\n",
        )
        status, rows, _ = audit(capsys, log)
        assert (1, "unreadable") == (status, rows[0]["verdict"])
        assert rows[0]["problem"].startswith("unknown entity id `acme-clod`")

    @pytest.mark.parametrize(
        ("kind", "verdict"),
        [
            ("individual", "undetermined"),
            ("company", "undetermined"),
            ("", "undetermined"),
        ],
    )
    def test_a_kind_column_describes_the_recipient(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        kind: str,
        verdict: str,
    ) -> None:
        """A `kind` column alone makes an unknown id an ad hoc entity of that kind."""
        log = write(
            tmp_path,
            "access.jsonl",
            json.dumps({**GOOD, "recipient": "walk-in", "kind": kind,
                        "at": "2026-06-29T12:00:00-04:00"}) + "\n",
        )  # fmt: skip
        status, rows, _ = audit(capsys, log)
        assert (0, verdict) == (status, rows[0]["verdict"])

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (
                "walk-in,Individual",
                "`kind`: unknown entity kind `Individual` (did you mean `individual`?)",
            ),
            (
                "walk-in,robot",
                "`kind`: unknown entity kind `robot` (known: `individual`, `company`,",
            ),
            (
                "acme-cloud,individual",
                "`kind`: `acme-cloud` is a company in the catalog, not an individual",
            ),
        ],
        ids=["case", "unknown", "catalog"],
    )
    def test_a_bad_kind_is_a_located_row_problem(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        row: str,
        message: str,
    ) -> None:
        """A `kind` that is not an `EntityKind` value, or contradicts the catalog."""
        log = write(
            tmp_path,
            "access.csv",
            f"recipient,kind,item,mode,at\n{row},mythos-5,hosted-api,{AT}\n",
        )
        status, rows, err = audit(capsys, log)
        assert (1, "unreadable") == (status, rows[0]["verdict"])
        assert rows[0]["problem"].startswith(message)
        assert f"{log}:2: {message}" in err

    def test_a_bad_citizenship_names_its_column(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A bad country code is reported against `citizenships`, not `recipient`."""
        log = write(
            tmp_path,
            "access.csv",
            f"{HEADER}\npriya,IND,,mythos-5,hosted-api,US,{AT}\n",
        )
        _, rows, _ = audit(capsys, log)
        assert rows[0]["problem"].startswith("`citizenships`: ")


def test_origin_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A log's `origin` column is read; a bad cell is a located, unreadable row."""
    log = write(
        tmp_path,
        "access.csv",
        "recipient,item,mode,location,origin,at\n"
        "other-corp,mythos-5,hosted-api,CN,SG,2026-06-27T12:00:00-04:00\n"
        "other-corp,mythos-5,hosted-api,CN,Singapore,2026-06-27T12:00:00-04:00\n",
    )
    status, decisions, err = audit(capsys, log)
    assert (1, ["permitted", "unreadable"]) == (
        status,
        [d["verdict"] for d in decisions],
    )
    assert err.startswith(
        f"{log}:3: `origin`: expected an ISO 3166-1 alpha-2 country code, got "
        "`Singapore` (did you mean `SG`?)"
    )
