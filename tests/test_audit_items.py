"""`aicontrols.audit` with items outside the catalog, described by columns of facts."""

from __future__ import annotations

import datetime as dt
import gc
import random
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import aicontrols as ac
from aicontrols._regime import engine_of

UTC = dt.UTC
CHIPS = ac.examples.load("us-advanced-computing")
AT = "2026-03-02T12:00:00+00:00"
BUYERS = ("illustrative-cn-cloud", "illustrative-in-lab", "illustrative-de-lab")
PARAMETERS = [n for n in ac.ControlledItem.PARAMETERS if n != "training_operations"]


def random_item(rng: random.Random) -> dict[str, Any]:
    """Facts of an item outside the catalog, with at least one recorded."""
    return {
        "classifications": rng.choice(
            [None, "ECCN=3A090.a", "ECCN=3A090.b", "ECCN=4E091", "ECCN=EAR99"]
        ),
        "training_operations": rng.choice([None, 1e25, 3e26]),
        "weights_published": rng.choice([True, False]),
        "tpp": rng.choice([None, 2000.0, 4800.0, 16000.0]),
        "performance_density": rng.choice([None, 1.5, 5.92, 6.0]),
        "dram_bandwidth_gbps": rng.choice([None, 1400.0, 6500.0]),
        "memory_bandwidth_density": rng.choice([None, 1.0, 2.0]),
    }


def item_of(row: dict[str, Any]) -> ac.ControlledItem:
    """The `ControlledItem` a row describes, built by hand (the reference)."""
    pairs = [p for p in (row.get("classifications") or "").split(";") if p]
    return ac.ControlledItem(
        row["item"],
        developer=row.get("developer"),
        classifications=dict(p.split("=") for p in pairs),
        training_operations=row.get("training_operations"),
        weights_published=row["weights_published"],
        parameters={n: row[n] for n in PARAMETERS if row.get(n) is not None},
    )


def one_row(**cells: Any) -> pa.Table:
    """A one-row log: catalog buyer, weights transfer to China, 2026-03-02."""
    base: dict[str, Any] = {
        "recipient": "illustrative-cn-cloud",
        "item": "my-chip",
        "mode": "weights-transfer",
        "location": "CN",
        "at": AT,
    }
    return pa.table({k: [v] for k, v in {**base, **cells}.items()})


def verdicts(result: Any) -> list[tuple[str, str]]:
    table = result if isinstance(result, pa.Table) else pa.table(result)
    return list(
        zip(
            table.column("verdict").to_pylist(),
            table.column("reason").to_pylist(),
            strict=True,
        )
    )


class TestAdhocItems:
    def test_each_row_as_decide_with_the_same_item(self) -> None:
        """A described item is decided as `decide` decides that `ControlledItem`."""
        rng = random.Random(5)
        rows = 4_000
        start = dt.datetime(2024, 9, 1, tzinfo=UTC)
        facts = [random_item(rng) for _ in range(rows)]
        log = pa.table(
            {
                "recipient": [rng.choice(BUYERS) for _ in range(rows)],
                "item": [rng.choice(["chip-a", "chip-b"]) for _ in range(rows)],
                **{n: [f[n] for f in facts] for n in facts[0]},
                "mode": [rng.choice(["weights-transfer", "hosted-api"]) for _ in facts],
                "location": [rng.choice(["CN", "IN", "DE", "MY"]) for _ in facts],
                "at": [
                    start + dt.timedelta(hours=rng.randrange(24 * 700)) for _ in facts
                ],
            }
        )
        result = verdicts(ac.audit(CHIPS, log))
        seen = set()
        for i, row in enumerate(log.to_pylist()):
            if i % 11:
                continue
            access = ac.Access(
                row["recipient"], item_of(row), row["mode"], row["location"]
            )
            decision = CHIPS.decide(access, at=row["at"])
            assert (decision.verdict.value, decision.reason_code) == result[i], row
            seen.add(decision.verdict.value)
        assert {"permitted", "license_required", "undetermined"} <= seen

    def test_compiled_once_per_distinct_item(self) -> None:
        """Many rows of a few described items compile a few indexes, not one per row."""
        regime = ac.load_regime(ac.examples.path("us-advanced-computing"))
        rows = 20_000
        chips = {"chip-a": 2000.0, "chip-b": 16000.0, "chip-c": None}
        names = [random.Random(i).choice(list(chips)) for i in range(rows)]
        log = pa.table(
            {
                "recipient": ["illustrative-cn-cloud"] * rows,
                "item": names,
                "classifications": ["ECCN=3A090.a"] * rows,
                "tpp": [chips[n] for n in names],
                "mode": ["weights-transfer", "hosted-api"] * (rows // 2),
                "at": pa.array(
                    [dt.datetime(2026, 1, 1, tzinfo=UTC)] * rows,
                    pa.timestamp("us", tz="UTC"),
                ),
            }
        )
        ac.audit(regime, log)
        assert len(engine_of(regime).adhoc_indexes) <= len(chips) * 2

    def test_ad_hoc_indexes_stay_within_their_bound(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Cached shapes of many described items do not keep every item's index alive."""
        from aicontrols._engine import engine as engine_module
        from aicontrols._engine.index import Index

        monkeypatch.setattr(engine_module, "MAX_ADHOC_INDEXES", 4)
        regime = ac.load_regime(ac.examples.path("us-advanced-computing"))
        rows = 60
        log = pa.table(
            {
                "recipient": ["illustrative-cn-cloud"] * rows,
                "item": [f"model-{i}" for i in range(rows)],
                "training_operations": [str(1e26 + i * 1e21) for i in range(rows)],
                "mode": ["weights-transfer"] * rows,
                "at": pa.array([dt.datetime(2026, 7, 1, tzinfo=UTC)] * rows),
            }
        )

        def alive() -> int:
            gc.collect()
            return sum(isinstance(o, Index) for o in gc.get_objects())

        before = alive()  # other regimes' indexes, kept by earlier tests
        ac.audit(regime, log)
        engine = engine_of(regime)
        assert len(engine.shapes) >= rows  # each item's shape is kept...
        assert len(engine.adhoc_indexes) <= 4  # ...but only the cached indexes live
        assert alive() - before <= 4 + len(engine.indexes)

    def test_no_facts_and_an_unknown_id_is_an_error(self) -> None:
        """An unknown id without facts is refused with a did-you-mean, never guessed."""
        log = one_row(item="illustrative-h200", tpp=None)
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(CHIPS, log)
        assert ("item", "illustrative-h200") == (
            caught.value.argument,
            caught.value.value,
        )
        assert "did you mean `illustrative-h200-class`?" in str(caught.value)

    def test_a_lookalike_id_with_facts_is_refused(self) -> None:
        """An id that differs from a catalog id only in case is not an ad-hoc item."""
        log = one_row(item="Illustrative-H200-Class", tpp=15800.0)
        with pytest.raises(
            ac.AuditRowError, match="did you mean `illustrative-h200-class`"
        ):
            ac.audit(CHIPS, log)

    def test_a_lookalike_developer_is_named(self, mythos: ac.Regime) -> None:
        """A developer that looks like a catalog entity is the `developer` cell's fault."""
        log = one_row(recipient="other-corp", item="mythos-6", developer="Anthropic")
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(mythos, log)
        assert ("developer", "Anthropic") == (caught.value.argument, caught.value.value)


class TestCatalogItemsWithFacts:
    def test_facts_that_agree_or_add_decide_the_catalog_item(self) -> None:
        """Facts that repeat the catalog's, or add unrecorded ones, change nothing."""
        bare = verdicts(ac.audit(CHIPS, one_row(item="illustrative-h200-class")))
        for cells in (
            {"classifications": "ECCN=3A090.a", "tpp": 15800.0},
            {"classifications": "FOR_ECCN=3A090.a", "performance_density": 9.0},
            {"weights_published": False, "training_operations": 1e20},
        ):
            log = one_row(item="illustrative-h200-class", **cells)
            assert bare == verdicts(ac.audit(CHIPS, log)), cells

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            pytest.param(
                {"tpp": 16000.0},
                "tpp",
                "`tpp`: `16000` contradicts the catalog, which records `15800` for "
                "item `illustrative-h200-class`",
                id="parameter",
            ),
            pytest.param(
                {"classifications": "ECCN=3A090.b"},
                "classifications",
                "`classifications`: `ECCN=3A090.b` contradicts the catalog, which "
                "records `ECCN=3A090.a`",
                id="classification",
            ),
            pytest.param(
                {"weights_published": True},
                "weights_published",
                "`weights_published`: `true` contradicts the catalog, which records "
                "`false`",
                id="weights",
            ),
        ],
    )
    def test_a_contradiction_is_unreadable(
        self, cells: dict[str, Any], column: str, message: str
    ) -> None:
        """A fact that contradicts the catalog's makes the row unreadable, never decided."""
        log = one_row(item="illustrative-h200-class", **cells)
        result = ac.audit(CHIPS, log, errors="mark")
        verdict, reason = verdicts(result)[0]
        assert "unreadable" == verdict
        assert reason.startswith(message)
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(CHIPS, log)
        assert column == caught.value.argument


class TestColumnKinds:
    def test_classifications_as_strings_lists_maps_and_structs(self) -> None:
        """`ECCN=...;...` strings, lists of pairs, maps and structs read the same."""
        strings = pa.array(["ECCN=3E001;FOR_ECCN=3A090.a", None, "ECCN=4E091"])
        logs = [
            strings,
            pa.array([["ECCN=3E001", "FOR_ECCN=3A090.a"], None, ["ECCN=4E091"]]),
            pa.array(
                [
                    [("ECCN", "3E001"), ("FOR_ECCN", "3A090.a")],
                    None,
                    [("ECCN", "4E091")],
                ],
                pa.map_(pa.string(), pa.string()),
            ),
            pa.array(
                [
                    {"ECCN": "3E001", "FOR_ECCN": "3A090.a"},
                    None,
                    {"ECCN": "4E091", "FOR_ECCN": None},
                ]
            ),
        ]
        base = pa.table(
            {
                "recipient": ["illustrative-cn-cloud"] * 3,
                "item": ["tech", "illustrative-closed-model", "model"],
                "training_operations": [None, None, 3e26],
                "mode": ["weights-transfer"] * 3,
                "at": [AT] * 3,
            }
        )
        results = [
            verdicts(ac.audit(CHIPS, base.append_column("classifications", column)))
            for column in logs
        ]
        assert all(results[0] == other for other in results[1:])
        assert "binding:rs-4e091" == results[0][2][1]

    def test_sliced_map_column(self) -> None:
        """A map column sliced from a larger one reads its own rows."""
        column = pa.array(
            [[("ECCN", "EAR99")], [("ECCN", "4E091")], [("ECCN", "3A090.a")]],
            pa.map_(pa.string(), pa.string()),
        ).slice(1, 2)
        log = pa.table(
            {
                "recipient": ["illustrative-cn-cloud"] * 2,
                "item": ["model", "chip"],
                "classifications": column,
                "training_operations": [3e26, None],
                "tpp": [None, 16000.0],
                "mode": ["weights-transfer"] * 2,
                "location": ["CN"] * 2,
                "at": [AT] * 2,
            }
        )
        items = [
            ac.ControlledItem(
                "model", classifications={"ECCN": "4E091"}, training_operations=3e26
            ),
            ac.ControlledItem(
                "chip", classifications={"ECCN": "3A090.a"}, parameters={"tpp": 16000}
            ),
        ]
        expected = [
            CHIPS.decide(
                ac.Access("illustrative-cn-cloud", item, "weights-transfer", "CN"),
                at=AT,
            ).reason_code
            for item in items
        ]
        assert expected == [r for _, r in verdicts(ac.audit(CHIPS, log))]
        assert expected[0] != expected[1]

    def test_numbers_and_booleans_as_strings(self) -> None:
        """CSV-like text cells read as the typed columns do."""
        typed = one_row(tpp=16000.0, weights_published=False, training_operations=1)
        text = one_row(tpp="16000", weights_published="False", training_operations="1")
        assert verdicts(ac.audit(CHIPS, typed)) == verdicts(ac.audit(CHIPS, text))

    def test_pandas_and_polars(self) -> None:
        """Frames with item columns (a dict column too) give the Arrow answers."""
        log = pa.table(
            {
                "recipient": ["illustrative-cn-cloud"] * 2,
                "item": ["model", "chip"],
                "classifications": [{"ECCN": "4E091"}, {"ECCN": "3A090.a"}],
                "training_operations": [3e26, None],
                "tpp": [None, 16000],
                "mode": ["weights-transfer"] * 2,
                "at": pa.array(
                    [dt.datetime(2026, 3, 2, tzinfo=UTC)] * 2,
                    pa.timestamp("us", tz="UTC"),
                ),
            }
        )
        expected = verdicts(ac.audit(CHIPS, log))
        frame = ac.audit(CHIPS, log.to_pandas())
        assert expected == list(zip(frame["verdict"], frame["reason"], strict=True))
        polars = ac.audit(CHIPS, pl.from_arrow(log))
        assert expected == list(
            zip(polars["verdict"].to_list(), polars["reason"].to_list(), strict=True)
        )
        assert isinstance(frame, pd.DataFrame)

    def test_a_column_for_every_parameter(self) -> None:
        """Every parameter of `ControlledItem.PARAMETERS` has a column of its name."""
        log = one_row(**dict.fromkeys(ac.ControlledItem.PARAMETERS, 1.0))
        assert "verdict" in ac.audit(CHIPS, log).column_names

    def test_a_misspelt_item_column_is_refused(self) -> None:
        """`TPP` is not read as `tpp`, nor dropped: it is refused with a suggestion."""
        with pytest.raises(
            ac.QueryError, match=r"unknown column `TPP` \(did you mean `tpp`\?\)"
        ):
            ac.audit(CHIPS, one_row(TPP=16000.0))
        with pytest.raises(ac.QueryError, match="the audit reads the column `tpp`"):
            ac.audit(CHIPS, one_row(tpp=1.0), extra_columns=["tpp"])

    @pytest.mark.parametrize(
        ("column", "values", "message"),
        [
            pytest.param(
                "tpp", pa.array([[1.0]]), "column `tpp`: expected numbers", id="list"
            ),
            pytest.param(
                "weights_published",
                pa.array([1]),
                "column `weights_published`: expected booleans",
                id="integer-flag",
            ),
            pytest.param(
                "classifications",
                pa.array([[("ECCN", 1)]], pa.map_(pa.string(), pa.int64())),
                "expected a map of strings to strings",
                id="map-of-numbers",
            ),
            pytest.param(
                "classifications",
                pa.array([{"ECCN": 1}]),
                "expected a struct of string fields",
                id="struct-of-numbers",
            ),
        ],
    )
    def test_wrong_column_types(
        self, column: str, values: pa.Array, message: str
    ) -> None:
        """A fact column of the wrong type is refused as a whole, naming it."""
        log = one_row().append_column(column, values)
        with pytest.raises(ac.QueryError, match=message) as caught:
            ac.audit(CHIPS, log)
        assert column == caught.value.argument


class TestBadCells:
    @pytest.mark.parametrize(
        ("column", "value", "message"),
        [
            pytest.param(
                "classifications",
                "4E091",
                "expected `SCHEME=CODE` pairs separated by `;`, got `4E091` "
                "(did you mean `ECCN=4E091`?)",
                id="bare-code",
            ),
            pytest.param(
                "classifications",
                "ECCN=4e091",
                "(did you mean `4E091`?)",
                id="eccn-case",
            ),
            pytest.param(
                "classifications",
                "ECCN=3A090.a;ECCN=3A090.b",
                "the scheme `ECCN` is given twice",
                id="scheme-twice",
            ),
            pytest.param("tpp", "fast", "expected a number, got `fast`", id="text"),
            pytest.param("tpp", "-1", "must be >= 0", id="negative"),
            pytest.param("tpp", "nan", "expected a finite number", id="nan"),
            pytest.param(
                "training_operations", "inf", "expected a finite number", id="infinite"
            ),
            pytest.param(
                "weights_published",
                "yes",
                "expected `true` or `false`, got `yes`",
                id="flag",
            ),
        ],
    )
    def test_a_bad_cell_is_named(self, column: str, value: str, message: str) -> None:
        """A malformed fact gives the row, the column and the value, never a verdict."""
        cells = {
            "recipient": ["illustrative-cn-cloud"] * 2,
            "item": ["my-chip"] * 2,
            "mode": ["weights-transfer"] * 2,
            "at": [AT] * 2,
            "weights_published": ["false"] * 2,  # row 0 describes its item by it
        }
        log = pa.table({**cells, column: [cells.get(column, [None])[0], value]})
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(CHIPS, log)
        error = caught.value
        assert (1, column, value) == (error.row, error.argument, error.value)
        assert message in str(error)
        marked = verdicts(ac.audit(CHIPS, log, errors="mark"))
        assert "unreadable" == marked[1][0]
        assert "unreadable" != marked[0][0]
