"""`aicontrols audit` reads every column and key of a log, or refuses the log or row.

A column the audit does not know, a column given twice, a row short of cells,
a key given twice and a log cut short are located errors, never dropped
silently; an individual whose row records no facts is undetermined, not an
unknown catalog id.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .cli_run import run

HEADER = "recipient,citizenships,employers,item,mode,location,at"
AT = "2026-06-15T12:00:00-04:00"
PRIYA = f"priya,IN,anthropic,mythos-5,hosted-api,US,{AT}"
GOOD = {
    "recipient": "acme-cloud",
    "item": "mythos-5",
    "mode": "hosted-api",
    "at": AT,
}


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
