"""`aicontrols audit` on the columnar engine: the same decisions as row by row.

With pyarrow installed the audit reads and decides a log in batches of
columns; `--per-row` reads and decides it row by row, the reference. Every log
here goes through both, and the two must give the same exit status, summary,
located errors (line numbers counted across batches) and decisions, byte for
byte. Parquet logs, which only the columnar path reads, are compared with the
same rows as CSV.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from aicontrols.cli import main

from ..cli_run import Result, run
from .shared import MYTHOS, TTY
from .test_audit import AT, CSV_LOG, GOOD, JSONL_LOG, write, write_log

pa = pytest.importorskip("pyarrow", reason="the columnar audit needs pyarrow")
pq = pytest.importorskip("pyarrow.parquet", reason="the columnar audit needs pyarrow")

HEAD = (
    "recipient,citizenships,residencies,employers,item,mode,location,at,attestations\n"
)
OTHER = f"other-corp,,,,mythos-5,hosted-api,US,{AT},\n"
PRIYA = f"priya,IN,,anthropic,mythos-5,hosted-api,US,{AT},\n"
J = json.dumps
CSV_LOGS = {
    "plain": CSV_LOG,
    "crlf": (HEAD + OTHER + "\n" + PRIYA).replace("\n", "\r\n"),
    "unreadable-midway": HEAD + OTHER + '"x"y,,,,mythos-5,hosted-api,US,' + AT + "\n",
    "header-cr-cr-lf": HEAD.replace("\n", "\r\r\n") + OTHER,  # then a blank line
    "quote-never-closed": HEAD + OTHER + 'x,"y\n' + OTHER.rstrip("\n"),
    "nanoseconds": HEAD  # Go's RFC3339Nano: Arrow reads them to the ns
    + OTHER.replace(AT, "2026-06-27T12:00:00.123456789Z")
    + PRIYA.replace(AT, "2026-06-27T12:00:00.1234567+02:00")
    + OTHER.replace(AT, "1500-01-01T00:00:00.123456789Z")
    + PRIYA.replace(AT, "2026-06-27T12:00:00.123456789"),
    "blank-lines": HEAD + "\n\n" + OTHER + "   \n" + PRIYA + ",,,,,,,,\n\n",
    # rows of the wrong width among others: in an ASCII block pyarrow says
    # which lines they are; in one with other UTF-8 text they are counted
    "wrong-width": HEAD + OTHER * 3 + "acme,x\n" + PRIYA + OTHER + ",,,,,,,,,,\n",
    "wrong-width-accents": HEAD
    + OTHER
    + "josé,x\n"
    + PRIYA.replace("priya", "zoë")
    + "a,b,c,d,e,f,g,h,i,j,k,l\n",
    "quoted": HEAD
    + OTHER
    + f'"priya","IN,US",,anthropic,mythos-5,hosted-api,US,{AT},"a\nb"\n'
    + f"priya,IN,,anthropic,gpt-9,hosted-api,US,{AT},\n",
    "quoted-header": '"recipient","item","mode","at"\n'
    + f"acme-cloud,mythos-5,hosted-api,{AT}\nacme-cloud,mythos-5,web-app,2026-06-15\n",
    "instants": HEAD
    + "".join(
        f"other-corp,,,,mythos-5,hosted-api,US,{at},\n"
        for at in (
            "2026-06-15T12:00:00",
            "2026-02-30T12:00:00Z",
            "0001-01-01T00:00:00Z",
            AT,
            "2026-06-27T12:00:00.Z",
            "2026-06-27 12Z",
            "2026-06-27T12:00:00+05:60",
            "2026-06-27T12:00:00.1234567Z",
            "20260627T120000Z",
            "",
        )
    ),
    "no-final-break": HEAD + OTHER + f"other-corp,,,,mythos-5,hosted-api,US,{AT},x",
    "cut-after-comma": HEAD + OTHER + f"other-corp,,,,mythos-5,hosted-api,US,{AT},",
    "cut-short": HEAD + OTHER + "other-corp,,,,mythos-5,hosted-api,US",
    "lone-carriage-return": HEAD + OTHER.replace("\n", "\r") + PRIYA,
    "nul": HEAD + OTHER + f"other\0,,,,mythos-5,hosted-api,US,{AT},\n",
    "kinds": "recipient,kind,item,mode,at\n"
    + "".join(
        f"{who},{kind},{item},hosted-api,{AT}\n"
        for who, kind, item in (
            ("walk-in", "Individual", "mythos-5"),
            ("acme-cloud", "individual", "mythos-5"),
            ("walk-in", "company", "mythos-5"),
            ("", "company", "mythos-5"),
            ("walk-in", "", ""),
            ("acme-cloud", "", "mythos-5"),
        )
    ),
    "ids-and-places": "recipient,item,mode,location,origin,at\n"
    + "".join(
        f"{who},{item},{mode},{where},{origin},{AT}\n"
        for who, item, mode, where, origin in (
            ("acme-clod", "mythos-5", "hosted-api", "US", ""),
            ("acme-cloud", "mythos-6", "hosted-api", "US", ""),
            ("acme-cloud", "mythos-5", "hosted-ap", "US", ""),
            ("acme-cloud", "mythos-5", "hosted-api", "USA", ""),
            ("acme-cloud", "mythos-5", "hosted-api", "us", "Singapore"),
            ("other-corp", "mythos-5", "hosted-api", "cn", "sg"),
        )
    ),
    "facts": "recipient,citizenships,employers,item,mode,at\n"
    + f"priya,IND,,mythos-5,hosted-api,{AT}\npriya,IN; US ;,anthropic;;,mythos-5,hosted-api,{AT}\n"
    + f"new-hire,,,mythos-5,hosted-api,{AT}\npriya,IN,bogus-co,mythos-5,hosted-api,{AT}\n",
    "bom": "\ufeff" + HEAD + OTHER,
    "attestations": HEAD
    + PRIYA.replace(",\n", ",nda;x\n")
    + "acme-cloud,,,,fable-5,web-app,DE,2026-12-01T00:00:00Z,nda\n",
    "whitespace-around-a-country": HEAD
    + OTHER.replace(",US,", ",\tUS,")
    + PRIYA.replace(",US,", ", US\x0b,"),
    "tabs-and-backslashes": HEAD
    + PRIYA.replace("priya", "pri\\ya")
    + PRIYA.replace("US,", "U\tS,"),
    "items": "recipient,item,developer,classifications,training_operations,"
    "weights_published,tpp,mode,at\n"
    + "".join(
        f"{who},{item},{facts},hosted-api,{AT}\n"
        for who, item, facts in (
            ("other-corp", "mythos-5", "anthropic,,,,"),  # agrees with the catalog
            ("other-corp", "mythos-5", "openai,,,,"),  # contradicts it
            ("other-corp", "mythos-5", ",ECCN=4E091,3e26,false,16000"),  # adds facts
            ("acme-cloud", "fable-5", ",,,FALSE, 16000 "),
            ("other-corp", "mythos-6", "anthropic,,,,"),  # an item the catalog lacks
            ("other-corp", "mythos-6", ",,,,"),  # no facts: an unknown id
            ("acme-cloud", "mythos-6", ",ECCN=4E091;FOR_ECCN=3A090.a,3e26,true,16000"),
            ("other-corp", "mythos-6", ",4E091,,,"),
            ("other-corp", "mythos-6", ",ECCN=3A090.a;ECCN=3A090.b,,,"),
            ("other-corp", "mythos-6", ",,lots,,"),
            ("other-corp", "mythos-6", ",,1e400,,"),
            ("other-corp", "mythos-6", ",,,yes,"),
            ("other-corp", "mythos-6", ",,,,-1"),
            ("other-corp", "Mythos-5", "anthropic,,,,"),  # a lookalike id
            ("other-corp", "mythos-6", "Anthropic,,,,"),  # a lookalike developer
            ("other-corp", "mythos-6", "nobody,,,,"),
        )
    ),
}
JSONL_LOGS = {
    "plain": JSONL_LOG,
    "odd-rows": "\n".join(
        [
            J(GOOD),
            J({**GOOD, "recipient": "new-hire"}),
            J({**GOOD, "recipient": "new-hire", "citizenships": None}),
            J({**GOOD, "recipient": "priya", "citizenships": ["IN;US"]}),
            J({**GOOD, "recipient": "priya", "citizenships": [" IN"]}),
            J(
                {
                    **GOOD,
                    "recipient": "priya",
                    "citizenships": "IN;US",
                    "employers": ["anthropic"],
                }
            ),
            J({**GOOD, "location": 5}),
            J({**GOOD, "recipient": ["x"]}),
            "",
            "  ",
            J({**GOOD, "recipient": "priya", "kind": "individual"}),
            J({**GOOD, "recipient": "priya", "citizenships": ["IN", None]}),
            J({**GOOD, "recipient": 'x"y\\z\n', "citizenships": ["IN"]}),
            '{"recipient": "\\ud800"}',
            J({**GOOD, "at": "2026-06-27T12:00:00"}),
            J({**GOOD, "mode": None}),
            J({"recipient": "acme-cloud"}),
            J({**GOOD, "request_id": 5}),
            J({**GOOD, "location": "US\n"}),
            J({**GOOD, "location": "\u000bUS\r"}),
            J({**GOOD, "location": " us\t"}),
        ]
    )
    + "\n",
    "items": "\n".join(
        [
            J(
                {
                    **GOOD,
                    "item": "mythos-6",
                    "developer": "anthropic",
                    "tpp": 16000,
                    "weights_published": False,
                    "training_operations": 3e26,
                    "classifications": ["ECCN=4E091", "FOR_ECCN=3A090.a"],
                }
            ),
            J(
                {
                    **GOOD,
                    "item": "mythos-6",
                    "classifications": {"ECCN": "4E091", "FOR_ECCN": None},
                }
            ),
            J({**GOOD, "item": "mythos-6", "classifications": ["ECCN=4E091;X=y "]}),
            J({**GOOD, "item": "mythos-6", "classifications": ["ECCN=4E091", None]}),
            J({**GOOD, "item": "mythos-6", "classifications": [1]}),
            J({**GOOD, "item": "mythos-6", "classifications": {"ECCN": 5}}),
            J({**GOOD, "item": "mythos-6", "classifications": []}),
            J({**GOOD, "item": "mythos-6", "classifications": 4091}),
            J({**GOOD, "item": "mythos-6", "tpp": "16000", "dram_bandwidth_gbps": 0.5}),
            J({**GOOD, "item": "mythos-6", "tpp": True}),
            J({**GOOD, "item": "mythos-6", "tpp": [1]}),
            J({**GOOD, "item": "mythos-6", "tpp": None}),
            J({**GOOD, "item": "mythos-6", "training_operations": 10**30}),
            J({**GOOD, "item": "mythos-6", "weights_published": 1}),
            J({**GOOD, "item": "mythos-6", "weights_published": "true"}),
            J({**GOOD, "item": "mythos-6", "developer": 5}),
            J({**GOOD, "item": "mythos-6", "developer": None, "tpp": 1}),
            J({**GOOD, "item": "mythos-5", "developer": "openai"}),
            J({**GOOD, "item": "mythos-5", "weights_published": True}),
            J({**GOOD, "item": "mythos-5", "memory_bandwidth_density": 2.5}),
            '{"recipient": "acme-cloud", "item": "mythos-6", "mode": "hosted-api", '
            f'"at": "{AT}", "training_operations": 1e400}}',
            J({**GOOD, "item": "mythos-6", "TPP": 1}),
        ]
    )
    + "\n",
    "empty-objects": '{}\n{"request_id": 5}\n{}\n',  # no key in any row
    "cut-short": J(GOOD) + "\n" + J(GOOD)[:-3],
    "no-final-break": J(GOOD) + "\n" + J(GOOD),
}


def both(capsys: pytest.CaptureFixture[str], log: Path, out: Path,
         *options: str) -> tuple[tuple[Result, str | None], tuple[Result, str | None]]:  # fmt: skip
    """The audit of `log` into `out` in batches, then row by row, with its output."""
    found = []
    for per_row in ((), ("--per-row",)):
        out.unlink(missing_ok=True)
        result = run(
            capsys, "audit", "mythos5", "--log", log, "--out", out, *options, *per_row
        )
        found.append((result, out.read_text(encoding="utf-8") if out.exists() else None))  # fmt: skip
    return found[0], found[1]


@pytest.mark.parametrize("out_suffix", [".csv", ".jsonl"])
@pytest.mark.parametrize(
    ("name", "text"),
    [*((f"{k}.csv", v) for k, v in CSV_LOGS.items()),
     *((f"{k}.jsonl", v) for k, v in JSONL_LOGS.items())],
    ids=[*(f"{k}.csv" for k in CSV_LOGS), *(f"{k}.jsonl" for k in JSONL_LOGS)],
)  # fmt: skip
def test_batches_and_rows_give_the_same_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str,
    out_suffix: str,
) -> None:  # fmt: skip
    """In batches or row by row: the same status, summary, located errors and output."""
    log = write(tmp_path, name, text)
    extra = ("--extra-column", "request_id") if name.endswith(".jsonl") else ()
    batches, rows = both(capsys, log, tmp_path / f"d{out_suffix}", *extra)
    assert rows == batches


def test_many_rows_of_the_wrong_width_are_each_set_aside(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A log with a row of the wrong width in every few, some repeated word for
    word, across blocks: each is located on its own line, as row by row."""
    log = tmp_path / "access.csv"
    write_log(log, 20_000)  # about 1.3 MB: more than one block
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    for n in range(3, len(lines), 37):
        cells = lines[n].rstrip("\n").split(",")
        lines[n] = ",".join(cells[:-2] if n % 2 else [*cells, "x"]) + "\n"
    for n in range(5, len(lines), 401):
        lines[n] = "short,row\n"  # the same text many times
    lines[-1] = lines[-1].rstrip("\n")  # the last line unended
    log.write_text("".join(lines), encoding="utf-8")
    batches, rows = both(capsys, log, tmp_path / "d.csv")
    assert rows == batches
    located = [line for line in batches[0].err.splitlines() if "cells" in line]
    assert len(located) > 500


def test_rows_arrow_cannot_read_keep_the_log_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A block whose every instant only Python reads (the basic ISO 8601 form),
    with a row of the wrong width among them: the decisions in the log's order,
    as row by row."""
    row = "other-corp,,,,mythos-5,hosted-api,US,20260627T120000Z,\n"
    log = write(tmp_path, "basic.csv", HEAD + row * 3 + "short,row\n" + row * 3)
    batches, rows = both(capsys, log, tmp_path / "d.csv")
    assert rows == batches


@pytest.mark.parametrize("per_row", [(), ("--per-row",)])
def test_out_is_written_whole_or_not_at_all(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, per_row: tuple[str, ...]
) -> None:
    """A log that cannot be read to its end leaves no new decisions file, and a
    file already there as it was; a log read whole replaces it."""
    bad = write(tmp_path, "bad.csv", CSV_LOGS["unreadable-midway"])
    out = tmp_path / "d.csv"
    out.write_text("earlier decisions\n", encoding="utf-8")
    result = run(capsys, "audit", "mythos5", "--log", bad, "--out", out, *per_row)
    assert (2, "earlier decisions\n") == (result.status, out.read_text("utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "d.csv"]
    good = write(tmp_path, "good.csv", HEAD + OTHER)
    result = run(capsys, "audit", "mythos5", "--log", good, "--out", out, *per_row)
    assert result.status == 0
    assert out.read_text("utf-8").startswith("line,recipient,")


def test_an_out_file_that_cannot_be_put_in_place_is_an_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the decisions cannot be put in place (a full disk, say), the audit
    says so and exits 2, and leaves no new file."""
    good = write(tmp_path, "good.csv", HEAD + OTHER)

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("aicontrols.cli._audit_out.os.replace", refuse)
    result = run(capsys, "audit", "mythos5", "--log", good, "--out", tmp_path / "d.csv")
    assert result.status == 2
    assert "cannot write" in result.err
    assert "No space left on device" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.csv"]


def test_which_problem_of_a_cut_log_comes_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A log with bytes that are not UTF-8 before a last row cut short: the
    first problem in the log is the one given, as row by row."""
    log = tmp_path / "cut.csv"
    log.write_bytes((HEAD + OTHER).encode() + b"acme\xff,,,,mythos-5\n" + b"x,y,")
    batches, rows = both(capsys, log, tmp_path / "d.csv")
    assert rows == batches
    assert "not UTF-8" in batches[0].err


def test_a_row_of_the_wrong_width_that_is_not_utf8_stops_the_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Bytes that are not UTF-8 in a row set aside for its width are refused, as
    anywhere in the log, not decided around (and no traceback)."""
    for name, text in (
        ("short.csv", b"acme\xff,x\n"),
        ("blank.csv", b"\nacme\xff,x\n"),
    ):
        log = tmp_path / name
        log.write_bytes((HEAD + OTHER).encode() + text)
        batches, rows = both(capsys, log, tmp_path / "d.csv")
        assert rows == batches
        assert (2, True) == (batches[0].status, "is not UTF-8" in batches[0].err)


@pytest.mark.parametrize(
    "bad",
    [b'"x"y,,,,mythos-5,hosted-api,US,2026-06-27T12:00:00Z,\n', b"acme\xff,,,\n"],
    ids=["quote", "not-utf8"],
)
def test_rows_before_a_fatal_error_are_decided_as_row_by_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: bytes
) -> None:
    """A log that cannot be read past some line, in a later block: the rows
    before it are decided and written to standard output, their problems
    located, then the error; the same in batches and row by row."""
    log = tmp_path / "access.csv"
    write_log(log, 20_000)  # more than one block
    with log.open("ab") as handle:
        handle.write(OTHER.replace("other-corp", "gpt-9-buyer").encode())
        handle.write(bad + OTHER.encode())
    found = [
        run(capsys, "audit", "mythos5", "--log", log, *per_row)
        for per_row in ((), ("--per-row",))
    ]
    assert found[0] == found[1]
    assert found[0].status == 2
    assert found[0].out.count("\n") > 19_000  # Python decodes 8 KiB at a time


def test_row_numbers_are_counted_across_batches(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log of several batches, read by pyarrow and then by Python: the same lines."""
    log = tmp_path / "access.csv"
    write_log(log, 30_000)  # about 2 MB: blocks of 1 MB, each a batch
    with log.open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"acme-cloud,,,gpt-9,hosted-api,US,{AT}\nshort,row\n\n")
        handle.write(f'"acme-cloud",,,mythos-5,"hosted-api",US,{AT}\n')  # quoted
        handle.write(f"priya,IN,anthropic,mythos-5,hosted-api,US,{AT}\n")
    batches, rows = both(capsys, log, tmp_path / "d.csv")
    assert rows == batches
    located = [line for line in batches[0].err.splitlines() if ".csv:" in line]
    assert [f"{log}:30002: unknown item id `gpt-9`", f"{log}:30003: fewer cells"] == [
        line[: len(str(log)) + len(":30002: unknown item id `gpt-9`")]
        if "30002" in line
        else line[: len(str(log)) + len(":30003: fewer cells")]
        for line in located[-2:]
    ]
    assert "30006,priya,mythos-5" in batches[1]


def test_progress_in_batches_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal stderr shows progress after each batch; captured, none."""
    log = tmp_path / "access.csv"
    write_log(log, 30_000)
    argv = ["audit", "mythos5", "--log", str(log), "--out", str(tmp_path / "d.csv")]
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    main(argv)
    assert "\raudit:" not in capsys.readouterr().err
    terminal = TTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(argv)
    progress = [p for p in terminal.getvalue().split("\r") if p.startswith("audit:")]
    done = [int(p.split()[1].split("/")[0].replace(",", "")) for p in progress]
    assert len(progress) >= 3
    assert done == sorted(done)
    assert 0 < done[0] < 30_000
    assert progress[-1] == "audit: 30,000/30,000 rows (100%)\n"


def parquet_log(tmp_path: Path, rows: dict[str, list[Any]]) -> Path:
    path = tmp_path / "access.parquet"
    pq.write_table(pa.table(rows), path)
    return path


LOG_ROWS = {
    "recipient": ["other-corp", "priya", "priya", "priya", "priya"],
    "citizenships": [None, ["IN"], ["IN"], ["IN", None], ["IN"]],
    "item": ["mythos-5", "mythos-5", "fable-5", "fable-5", "gpt-9"],
    "mode": ["hosted-api"] * 5,
    "location": ["US"] * 5,
    "at": [AT] * 5,
}


def test_a_parquet_log_is_decided_as_the_same_rows_in_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A Parquet log: the decisions of the same rows as CSV, numbered by row."""
    log = parquet_log(tmp_path, LOG_ROWS)
    result = run(
        capsys, "audit", "mythos5", "--log", log, "--out", tmp_path / "p.jsonl"
    )
    as_csv = write(
        tmp_path,
        "access.csv",
        "recipient,citizenships,item,mode,location,at\n"
        + "".join(
            ",".join([r, ";".join(x or "X!" for x in c or []), i, m, p, a]) + "\n"
            for r, c, i, m, p, a in zip(*LOG_ROWS.values(), strict=True)
        ),
    )
    expected = run(
        capsys, "audit", "mythos5", "--log", as_csv, "--out", tmp_path / "c.jsonl"
    )
    decided = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    reference = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text().splitlines()]
    for row in reference:
        row["line"] -= 1  # a CSV row's line; a Parquet row's number
    assert [d.pop("problem") for d in decided][3].startswith(
        "`citizenships`: expected a list of strings, got `['IN', None]`"
    )
    assert [r.pop("problem") for r in reference][3].startswith("`citizenships`: ")
    assert reference[:3] == decided[:3]
    assert (1, result.out) == (result.status, expected.out)
    assert result.err.splitlines() == [
        f"{log}:4: `citizenships`: expected a list of strings, got `['IN', None]`",
        f"{log}:5: unknown item id `gpt-9` (known: `mythos-5`, `fable-5`)",
    ]


def test_a_parquet_log_with_timestamps(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Instants stored as timestamps with a zone are read; naive ones are refused."""
    import datetime as dt

    moment = dt.datetime(2026, 6, 27, 16, tzinfo=dt.UTC)
    rows = {**{k: v[:3] for k, v in LOG_ROWS.items()}, "at": [moment] * 3}
    result = run(capsys, "audit", "mythos5", "--log", parquet_log(tmp_path, rows))
    assert 0 == result.status
    assert (
        "3,priya,fable-5,hosted-api,US,2026-06-27 16:00:00.000000Z,license_required"
        in result.out
    )
    naive = {**rows, "at": [moment.replace(tzinfo=None)] * 3}
    result = run(capsys, "audit", "mythos5", "--log", parquet_log(tmp_path, naive))
    assert 2 == result.status
    assert "column `at` holds naive timestamps" in result.err


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"recipient": ["a"], "item": ["b"], "mode": ["c"], "at": [AT], "employer": ["d"]},
         "{log}: unknown column `employer` (did you mean `employers`?)"),
        ({"recipient": ["a"], "item": ["b"], "at": [AT]}, "{log}: the log has no column `mode`"),
        ({"recipient": ["a"], "item": [5], "mode": ["c"], "at": [AT]},
         "{log}: column `item`: expected strings, got int64"),
    ],
    ids=["unknown", "missing", "type"],
)  # fmt: skip
def test_a_parquet_log_with_bad_columns_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rows: dict[str, list[Any]],
    message: str,
) -> None:  # fmt: skip
    """A Parquet column unknown, missing or of the wrong type: exit 2, named."""
    log = parquet_log(tmp_path, rows)
    result = run(capsys, "audit", "mythos5", "--log", log)
    assert (2, f"aicontrols audit: error: {message.format(log=log)}\n") == (
        result.status,
        result.err,
    )


def test_parquet_is_read_in_batches_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--per-row` reads CSV and JSON Lines: a Parquet log with it is a usage error."""
    log = parquet_log(tmp_path, LOG_ROWS)
    result = run(capsys, "audit", "mythos5", "--log", log, "--per-row")
    assert 2 == result.status
    assert (
        "a Parquet log is read as columns: drop --per-row (it reads CSV and JSON"
        in result.err
    )


def test_a_file_that_is_not_parquet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A `.parquet` log that is not Parquet: exit 2, naming the file."""
    log = write(tmp_path, "access.parquet", "recipient,item\n")
    result = run(capsys, "audit", "mythos5", "--log", log)
    assert 2 == result.status
    assert result.err.startswith(
        f"aicontrols audit: error: cannot read the log `{log}` as Parquet: "
    )


ACME = """  - id: acme-cloud
    name: Acme Cloud (illustrative annex member)
    country: US
"""


def first_letter(tmp_path: Path, *, without_acme: bool = False) -> Path:
    """`mythos5` as known before its second letter, under another id
    (illustrative); `without_acme`: its catalog lacks `acme-cloud` too."""
    text = MYTHOS.read_text(encoding="utf-8").split("- id: letter-2026-06-26")[0]
    assert ACME in text
    if without_acme:
        text = text.replace(ACME, "")
    path = tmp_path / "first-letter.yaml"
    path.write_text(
        text.replace("id: us-mythos-letters", "id: first-letter", 1), encoding="utf-8"
    )
    return path


def several(capsys: pytest.CaptureFixture[str], tmp_path: Path, log: Path,
            *options: str, without_acme: bool = False) -> Result:  # fmt: skip
    second = first_letter(tmp_path, without_acme=without_acme)
    return run(
        capsys, "audit", "--regime", "mythos5", "--regime", second, "--log", log,
        *options,
    )  # fmt: skip


def test_several_regimes_row_by_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--regime A --regime B`: each regime's verdict and reason, then the combined."""
    log = write(tmp_path, "access.csv", CSV_LOG)
    result = several(capsys, tmp_path, log, "--per-row")
    lines = result.out.splitlines()
    assert lines[0] == (
        "line,recipient,item,mode,location,at,verdict_us-mythos-letters,"
        "reason_us-mythos-letters,verdict_first-letter,reason_first-letter,"
        "verdict,reason,problem"
    )
    assert lines[3] == (
        "4,priya,mythos-5,hosted-api,US,2026-06-27T12:00:00-04:00,permitted,"
        "lifted:trusted-partners-mythos,license_required,"
        "binding:mythos-fable-foreign-access,license_required,"
        "binding:mythos-fable-foreign-access,"
    )
    assert 1 == result.status
    assert result.err.startswith(f"{log}:6: `at`: expected an ISO 8601 instant")


def test_the_same_regime_twice_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two regimes with one id would write two columns of one name: refused."""
    log = write(tmp_path, "access.csv", CSV_LOG)
    result = run(capsys, "audit", "mythos5", "--regime", MYTHOS, "--log", log)
    assert (
        2,
        "aicontrols audit: error: the regime `us-mythos-letters` is given twice\n",
    ) == (
        result.status,
        result.err,
    )


def test_a_regime_error_comes_before_the_logs_and_no_reader_is_left(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The log is read ahead while the regimes load, yet a bad regime is still
    the error given (not the log's bad header), and no reading thread
    outlives the command."""
    import threading

    log = write(tmp_path, "access.csv", "recipient,itme,mode,at\n" + OTHER * 50)
    before = threading.active_count()
    result = run(capsys, "audit", "no-such-regime", "--log", log)
    assert result.status == 2
    assert "no-such-regime" in result.err
    assert "itme" not in result.err
    result = run(capsys, "audit", "mythos5", "--log", log)
    assert (2, True) == (result.status, "`itme`" in result.err)
    assert threading.active_count() == before


def test_a_regime_is_required(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """No REGIME and no `--regime`: a usage error that says how to give one."""
    log = write(tmp_path, "access.csv", CSV_LOG)
    result = run(capsys, "audit", "--log", log)
    assert 2 == result.status
    assert "give a regime" in result.err


@pytest.mark.parametrize("without_acme", [False, True], ids=["same", "catalogs-differ"])
@pytest.mark.parametrize("out_suffix", [".csv", ".jsonl"])
@pytest.mark.parametrize(
    ("name", "text"),
    [*((f"{k}.csv", v) for k, v in CSV_LOGS.items()),
     *((f"{k}.jsonl", v) for k, v in JSONL_LOGS.items())],
    ids=[*(f"{k}.csv" for k in CSV_LOGS), *(f"{k}.jsonl" for k in JSONL_LOGS)],
)  # fmt: skip
def test_several_regimes_in_batches_and_row_by_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str,
    out_suffix: str, without_acme: bool,
) -> None:  # fmt: skip
    """Under several regimes too, batches and rows give the same audit, even where
    one regime's catalog lacks a recipient the other has."""
    log = write(tmp_path, name, text)
    out = tmp_path / f"d{out_suffix}"
    extra = ("--extra-column", "request_id") if name.endswith(".jsonl") else ()
    found = []
    for per_row in ((), ("--per-row",)):
        out.unlink(missing_ok=True)
        result = several(capsys, tmp_path, log, "--out", out, *extra, *per_row,
                         without_acme=without_acme)  # fmt: skip
        found.append((result, out.read_text(encoding="utf-8") if out.exists() else None))  # fmt: skip
    assert found[1] == found[0]


def test_without_pyarrow_the_audit_reads_row_by_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The core install has no pyarrow: CSV is audited row by row, Parquet refused."""
    log = write(tmp_path, "access.csv", CSV_LOG)
    expected = run(capsys, "audit", "mythos5", "--log", log)
    parquet = parquet_log(tmp_path, LOG_ROWS)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` fails
    assert expected == run(capsys, "audit", "mythos5", "--log", log)
    result = run(capsys, "audit", "mythos5", "--log", parquet)
    assert (2, "aicontrols audit: error: a Parquet log is read as columns, which "
            "needs pyarrow: pip install 'aicontrols[columnar]'\n") == (
        result.status, result.err
    )  # fmt: skip


def test_progress_of_a_parquet_log_counts_its_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, a Parquet log's progress counts the rows its metadata gives."""
    log = parquet_log(tmp_path, LOG_ROWS)
    monkeypatch.setenv("TERM", "xterm")
    terminal = TTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["audit", "mythos5", "--log", str(log), "--out", str(tmp_path / "d.csv")])
    assert terminal.getvalue().endswith("audit: 5/5 rows (100%)\n")


class _Full:
    """Standard output on a disk that fills up: the first write (the CSV
    header) is taken, every later one fails."""

    def __init__(self) -> None:
        self.writes = 0

    def write(self, data: object) -> int:
        self.writes += 1
        if self.writes > 1:
            raise OSError(28, "No space left on device")
        return 0

    def flush(self) -> None:
        pass

    @property
    def buffer(self) -> _Full:  # its bytes, as `sys.stdout.buffer`
        return self


@pytest.mark.parametrize("per_row", [(), ("--per-row",)], ids=["batches", "rows"])
def test_standard_output_on_a_full_disk_is_an_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    per_row: tuple[str, ...],
) -> None:
    """Decisions that cannot be written to standard output: exit 2 and the
    reason, never a traceback; nothing is written after the first failure."""
    log = write(tmp_path, "access.csv", HEAD + OTHER * 50_000)  # 3 batches
    full = _Full()
    monkeypatch.setattr(sys, "stdout", full)
    status = main(["audit", "mythos5", "--log", str(log), *per_row])
    err = capsys.readouterr().err
    assert (2, "aicontrols audit: error: No space left on device\n") == (
        status,
        err,
    )
    assert full.writes == 2  # the header, then the write that failed
