"""`aicontrols audit` with items outside the catalog, described by columns of facts.

The command line reads the item columns that `aicontrols.audit` reads
(`developer`, `classifications`, `training_operations`, `weights_published`
and one per technical parameter) and builds each row's item as it does. Every
log here is audited in batches and row by row, which must agree byte for byte,
and as CSV, JSON Lines and Parquet, which must give the same decisions; the
verdicts and reasons are those of `aicontrols.audit` on the same rows.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

import aicontrols as ac

from ..cli_run import Result, run

pa = pytest.importorskip("pyarrow", reason="the columnar audit needs pyarrow")
pq = pytest.importorskip("pyarrow.parquet", reason="the columnar audit needs pyarrow")
pcsv = pytest.importorskip("pyarrow.csv", reason="the columnar audit needs pyarrow")

CHIPS = "us-advanced-computing"
DIFFUSION = "ai-diffusion-2025"
PARAMETERS = [n for n in ac.ControlledItem.PARAMETERS if n != "training_operations"]
NUMBERS = ("training_operations", *PARAMETERS)
FACTS: dict[str, tuple[Any, ...]] = {
    "developer": (None, None, None, "illustrative-us-lab"),
    "classifications": (
        None,
        "ECCN=4E091",
        "ECCN=3A090.a",
        "ECCN=EAR99",
        "ECCN=3E001;FOR_ECCN=3A090.a",
    ),
    "training_operations": (None, 1e22, 3e26),
    "weights_published": (None, True, False),
    "tpp": (None, 2000.0, 15800.0, 16000.0),
    "performance_density": (None, 5.92),
    "dram_bandwidth_gbps": (None, 6500.0),
    "memory_bandwidth_density": (None, 2.0),
}
WHEN = ("2025-03-01T12:00:00Z", "2025-06-01T12:00:00-04:00", "2026-03-02T12:00:00Z")
MODES = ("weights-transfer", "on-premises", "hosted-api")


def random_log(
    rows: int, seed: int, *, individuals: bool = False
) -> list[dict[str, Any]]:
    """Rows of catalog and ad-hoc items with random facts, some unrecorded (`None`);
    `individuals`: recipients described by their citizenships, not catalog ids."""
    rng = random.Random(seed)
    items = ["our-chip", "our-model", "illustrative-h200-class", "illustrative-closed-model"]  # fmt: skip
    log = []
    for _ in range(rows):
        row: dict[str, Any] = {}
        if individuals:
            row["recipient"] = rng.choice(["wei", "ana", "raj"])
            row["citizenships"] = rng.choice(["CN", "DE", "IN", None])
        else:
            row["recipient"] = rng.choice(
                ["illustrative-cn-cloud", "illustrative-in-lab", "illustrative-de-lab"]
            )
        row["item"] = rng.choice([*items, "frontier-closed"] if individuals else items)
        row.update({name: rng.choice(values) for name, values in FACTS.items()})
        row["mode"] = rng.choice(MODES)
        row["location"] = rng.choice(["CN", "IN", "DE"])
        row["at"] = rng.choice(WHEN)
        log.append(row)
    return log


def csv_text(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV: numbers as Python writes them, `true`/`false`, empty for none."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        return str(value).lower() if isinstance(value, bool) else str(value)

    names = list(rows[0])
    lines = [",".join(names)] + [",".join(cell(r[n]) for n in names) for r in rows]
    return "\n".join(lines) + "\n"


def jsonl_text(rows: list[dict[str, Any]], seed: int) -> str:
    """The rows as JSON Lines with typed values: numbers (integral ones as
    integers, some as strings), booleans, and classifications as a string, a
    list or an object; a fact not recorded is null or left out."""
    rng = random.Random(seed)
    lines = []
    for row in rows:
        out: dict[str, Any] = {}
        for name, value in row.items():
            if value is None and name in FACTS and rng.random() < 0.5:
                continue  # a fact left out of a row is not recorded, as null
            if name == "classifications" and value is not None:
                pairs = value.split(";")
                value = rng.choice([value, pairs, dict(p.split("=") for p in pairs)])
            elif name in NUMBERS and value is not None:
                value = rng.choice(
                    [value, int(value) if value.is_integer() else value, str(value)]
                )
            elif name == "citizenships" and value is not None:
                value = [value]
            out[name] = value
        lines.append(json.dumps(out))
    return "\n".join(lines) + "\n"


def arrow_table(rows: list[dict[str, Any]], classifications: str = "string") -> Any:
    """The rows as an Arrow table of typed columns: numbers as `float64`,
    `weights_published` as booleans, classifications as strings, lists, maps
    or structs."""
    columns: dict[str, Any] = {}
    for name in rows[0]:
        values = [r[name] for r in rows]
        if name in NUMBERS:
            columns[name] = pa.array(values, pa.float64())
        elif name == "weights_published":
            columns[name] = pa.array(values, pa.bool_())
        elif name == "classifications" and classifications != "string":
            pairs = [None if v is None else [p.split("=") for p in v.split(";")] for v in values]  # fmt: skip
            if classifications == "list":
                columns[name] = pa.array([None if v is None else v.split(";") for v in values])  # fmt: skip
            elif classifications == "map":
                columns[name] = pa.array(
                    [None if p is None else [tuple(x) for x in p] for p in pairs],
                    pa.map_(pa.string(), pa.string()),
                )
            else:
                columns[name] = pa.array([None if p is None else dict(p) for p in pairs])  # fmt: skip
        else:
            columns[name] = pa.array(values, pa.string())
    return pa.table(columns)


def audit(capsys: pytest.CaptureFixture[str], log: Path,
          *regimes: str) -> tuple[Result, list[dict[str, Any]]]:  # fmt: skip
    """The audit of `log` in batches and, for CSV and JSON Lines, row by row too
    (the same status, messages and output, byte for byte); its decisions."""
    given = [a for r in regimes for a in ("--regime", r)]
    out = log.parent / "decisions.jsonl"
    found = []
    for per_row in ((), ("--per-row",))[: 1 if log.suffix == ".parquet" else 2]:
        out.unlink(missing_ok=True)
        result = run(capsys, "audit", *given, "--log", log, "--out", out, *per_row)
        found.append((result, out.read_text(encoding="utf-8")))
    assert all(f == found[0] for f in found[1:])
    result, text = found[0]
    return result, [json.loads(line) for line in text.splitlines()]


def library(rows: list[dict[str, Any]], *regimes: str) -> list[dict[str, Any]]:
    """`aicontrols.audit` of the rows (typed columns), its added columns per row."""
    loaded = [ac.examples.load(r) for r in regimes]
    table = arrow_table(rows)
    result = ac.audit(loaded[0] if len(loaded) == 1 else loaded, table, errors="mark")
    added = result.column_names[table.num_columns :]
    return result.select(added).to_pylist()  # type: ignore[no-any-return]


def without_lines(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.items() if k != "line"} for d in decisions]


class TestSameAsTheLibrary:
    def test_csv_jsonl_and_parquet_give_the_library_verdicts(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """One log as CSV, JSON Lines or Parquet: the same decisions, in batches or
        row by row, with the verdicts of `aicontrols.audit` on the same rows."""
        rows = random_log(300, seed=19)
        logs = {
            "csv": tmp_path / "log.csv",
            "jsonl": tmp_path / "log.jsonl",
            "parquet": tmp_path / "log.parquet",
        }
        logs["csv"].write_text(csv_text(rows), encoding="utf-8")
        logs["jsonl"].write_text(jsonl_text(rows, seed=5), encoding="utf-8")
        pq.write_table(arrow_table(rows), logs["parquet"])
        found = {kind: audit(capsys, log, CHIPS) for kind, log in logs.items()}
        decisions = without_lines(found["csv"][1])
        assert decisions == without_lines(found["jsonl"][1])
        assert decisions == without_lines(found["parquet"][1])
        expected = [r["verdict"] for r in library(rows, CHIPS)]
        assert expected == [d["verdict"] for d in decisions]
        assert {"permitted", "license_required", "undetermined", "unreadable"} <= {
            *expected
        }

    @pytest.mark.parametrize("kind", ["list", "map", "struct"])
    def test_parquet_classifications_of_every_kind(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
    ) -> None:
        """A Parquet log's classifications as lists, maps or structs: the same
        decisions as strings, problems included (rows set aside read them too)."""
        rows = random_log(120, seed=7)
        text = tmp_path / "text.parquet"
        pq.write_table(arrow_table(rows), text)
        typed = tmp_path / f"{kind}.parquet"
        pq.write_table(arrow_table(rows, kind), typed)
        (result, decisions), (typed_result, typed_decisions) = (
            audit(capsys, text, CHIPS),
            audit(capsys, typed, CHIPS),
        )
        assert decisions == typed_decisions
        assert result.err.replace(str(text), "LOG") == typed_result.err.replace(
            str(typed), "LOG"
        )

    def test_several_regimes_each_read_the_item(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--regime A --regime B`: each regime reads the item against its own
        catalog; each verdict and reason, and the combined, are the library's."""
        rows = random_log(300, seed=23, individuals=True)
        csv_log = tmp_path / "log.csv"
        csv_log.write_text(csv_text(rows), encoding="utf-8")
        jsonl_log = tmp_path / "log.jsonl"
        jsonl_log.write_text(jsonl_text(rows, seed=3), encoding="utf-8")
        parquet_log = tmp_path / "log.parquet"
        pq.write_table(arrow_table(rows), parquet_log)
        _, decisions = audit(capsys, csv_log, CHIPS, DIFFUSION)
        assert without_lines(decisions) == without_lines(
            audit(capsys, jsonl_log, CHIPS, DIFFUSION)[1]
        )
        assert without_lines(decisions) == without_lines(
            audit(capsys, parquet_log, CHIPS, DIFFUSION)[1]
        )
        expected = library(rows, CHIPS, DIFFUSION)
        names = list(expected[0])  # verdict_<id>, reason_<id>, ..., verdict, reason
        for row, decision in zip(expected, decisions, strict=True):
            if row["verdict"] == "unreadable":
                assert "unreadable" == decision["verdict"]
            else:
                assert row == {n: decision[n] for n in names}
        ids = ("us-advanced-computing", "us-ai-diffusion-2025")
        assert any(  # one item, catalog in one regime, described in the other
            r[f"verdict_{ids[0]}"] != "unreadable"
            and r[f"verdict_{ids[1]}"] != "unreadable"
            and item in ("illustrative-closed-model", "frontier-closed")
            for r, item in zip(expected, (r["item"] for r in rows), strict=True)
        )


HEADER = "recipient,item,classifications,training_operations,weights_published,tpp,mode,location,at\n"  # fmt: skip
CN_CLOUD = "illustrative-cn-cloud"
WHEN_CSV = "2026-03-02T12:00:00Z"


def chips_row(item: str, facts: str, mode: str = "weights-transfer") -> str:
    return f"{CN_CLOUD},{item},{facts},{mode},CN,{WHEN_CSV}\n"


class TestCells:
    @pytest.mark.parametrize(
        ("facts", "problem"),
        [
            (",,,fast", "`tpp`: expected a number, got `fast`"),
            (",3e26,yes,", "`weights_published`: expected `true` or `false`, got `yes`"),
            ("4E091,3e26,false,",
             "`classifications`: expected `SCHEME=CODE` pairs separated by `;`, got "
             "`4E091` (did you mean `ECCN=4E091`?)"),
            (",-1,false,", "`training_operations`: `training_operations` must be >= 0, got `-1.0`"),
            (",inf,false,", "`training_operations`: expected a finite number, got `inf`"),
            ("ECCN=3A090.a,,,16000",
             "`tpp`: `16000` contradicts the catalog, which records `15800` for item "
             "`illustrative-h200-class`: give the catalog's facts, or none"),
        ],
        ids=["number", "boolean", "classification", "negative", "infinite", "contradiction"],
    )  # fmt: skip
    def test_a_malformed_cell_is_located(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, facts: str,
        problem: str,
    ) -> None:  # fmt: skip
        """A malformed fact makes its row unreadable, reported with its line, the
        column and the value, worded as `aicontrols.audit` words it; the other
        rows are decided."""
        item = "illustrative-h200-class" if "contradicts" in problem else "my-chip"
        log = tmp_path / "log.csv"
        log.write_text(
            HEADER + chips_row("my-chip", "ECCN=3A090.a,,,") + chips_row(item, facts),
            encoding="utf-8",
        )
        result, decisions = audit(capsys, log, CHIPS)
        assert 1 == result.status
        assert [f"{log}:3: {problem}"] == [
            line[: len(f"{log}:3: {problem}")]
            for line in result.err.splitlines()
            if line.startswith(f"{log}:")
        ]
        assert ["license_required", "unreadable"] == [d["verdict"] for d in decisions]
        marked = ac.audit(
            ac.examples.load(CHIPS),
            pcsv.read_csv(
                log,
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(HEADER.strip().split(","), pa.string())
                ),
            ),
            errors="mark",
        )
        assert decisions[1]["problem"] == marked.column("reason")[1].as_py()

    @pytest.mark.parametrize(
        ("cells", "problem"),
        [
            ({"tpp": True}, "`tpp`: expected a number, got `True`"),
            ({"tpp": [16000]}, "`tpp`: expected a number, got `[16000]`"),
            ({"weights_published": 0},
             "`weights_published`: expected `true` or `false`, got `0`"),
            ({"classifications": ["ECCN=3A090.a", 5]},
             "`classifications`: expected `SCHEME=CODE` pairs (a string, a list of "
             "strings, or an object of codes by scheme), got `['ECCN=3A090.a', 5]`"),
            ({"classifications": {"ECCN": ["3A090.a"]}},
             "`classifications`: expected `SCHEME=CODE` pairs"),
            ({"developer": {"id": "x"}},
             "`developer`: expected an entity id, got `{'id': 'x'}`"),
        ],
        ids=["bool-number", "list-number", "number-flag", "list-of-numbers",
             "nested-object", "object-developer"],
    )  # fmt: skip
    def test_a_json_value_of_the_wrong_shape_is_located(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        cells: dict[str, Any], problem: str,
    ) -> None:  # fmt: skip
        """In JSON Lines a fact of the wrong JSON type is a located problem of its
        row, in batches as row by row, never a traceback nor a verdict."""
        good = {"recipient": CN_CLOUD, "item": "my-chip", "mode": "on-premises",
                "location": "CN", "at": WHEN_CSV, "tpp": 16000}  # fmt: skip
        log = tmp_path / "log.jsonl"
        log.write_text(
            json.dumps(good) + "\n" + json.dumps({**good, **cells}) + "\n",
            encoding="utf-8",
        )
        result, decisions = audit(capsys, log, CHIPS)
        assert 1 == result.status
        assert result.err.startswith(f"{log}:2: {problem}")
        assert "unreadable" == decisions[1]["verdict"]
        assert "unreadable" != decisions[0]["verdict"]

    def test_a_parquet_cell_is_located_by_its_row(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A Parquet log's text cell that is not a number: its row number, the
        column and the value; a column of the wrong type: exit 2, named."""
        rows = {"recipient": [CN_CLOUD] * 2, "item": ["my-chip"] * 2,
                "classifications": ["ECCN=3A090.a"] * 2, "tpp": ["16000", "fast"],
                "mode": ["on-premises"] * 2, "location": ["CN"] * 2,
                "at": [WHEN_CSV] * 2}  # fmt: skip
        log = tmp_path / "log.parquet"
        pq.write_table(pa.table(rows), log)
        result, decisions = audit(capsys, log, CHIPS)
        assert (1, f"{log}:2: `tpp`: expected a number, got `fast`\n") == (
            result.status,
            result.err.split("\n", 1)[0] + "\n",
        )
        assert ["license_required", "unreadable"] == [d["verdict"] for d in decisions]
        pq.write_table(pa.table({**rows, "tpp": [[1.0], [2.0]]}), log)
        result = run(capsys, "audit", CHIPS, "--log", log)
        assert 2 == result.status
        assert f"{log}: column `tpp`: expected numbers (or strings)" in result.err

    def test_empty_cells_leave_the_verdict_undetermined(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A fact left empty that a rule reads is unknown: undetermined, never
        permitted; recorded, the same row is decided."""
        log = tmp_path / "log.csv"
        log.write_text(
            HEADER
            + chips_row("our-model", ",,false,")  # neither its ECCN nor its compute
            + chips_row("our-model", "ECCN=4E091,,false,")
            + chips_row("our-model", "ECCN=EAR99,,false,")
            + chips_row("our-chip", ",,,2000", "on-premises")  # no ECCN, some figures
            + chips_row("our-chip", "ECCN=3A090.a,,,2000", "on-premises"),
            encoding="utf-8",
        )
        result, decisions = audit(capsys, log, CHIPS)
        assert 0 == result.status
        assert [
            "undetermined",
            "license_required",
            "permitted",
            "undetermined",
            "license_required",
        ] == [d["verdict"] for d in decisions]

    def test_an_item_column_cannot_be_an_extra_column(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`--extra-column tpp` is refused: the audit reads `tpp`, and a misspelt
        `TPP` is refused with a suggestion rather than dropped."""
        log = tmp_path / "log.csv"
        log.write_text(HEADER + chips_row("my-chip", ",,,16000"), encoding="utf-8")
        result = run(capsys, "audit", CHIPS, "--log", log, "--extra-column", "tpp")
        assert (2, "`--extra-column`: the audit reads the column `tpp`") == (
            result.status,
            result.err.strip().removeprefix("aicontrols audit: error: "),
        )
        log.write_text(
            HEADER.replace(",tpp,", ",TPP,") + chips_row("my-chip", ",,,16000"),
            encoding="utf-8",
        )
        result = run(capsys, "audit", CHIPS, "--log", log)
        assert 2 == result.status
        assert "unknown column `TPP` (did you mean `tpp`?)" in result.err
