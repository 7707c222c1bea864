"""`aicontrols.audit` under several regimes: a column per regime, and the combined one."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import aicontrols as ac

from .builders import eu

UTC = dt.UTC
ITEM_FACTS = (
    "developer",
    "classifications",
    "training_operations",
    "weights_published",
    "tpp",
    "performance_density",
    "dram_bandwidth_gbps",
    "memory_bandwidth_density",
)
# illustrative, not EU law: an EU rule that reads an item's facts
EU_FACTS = eu(
    ac.Restriction(
        "eu-frontier-weights",
        effect="license_required",
        items=ac.TrainedWithAtLeast(1e26),
        modes=ac.TransfersWeights(),
        recipients=ac.ForeignPerson(),
    ),
    ac.Restriction(
        "eu-fast-chips",
        effect="license_required",
        items=ac.ParameterAtLeast("tpp", 4800),
        modes=ac.TransfersWeights(),
        recipients=ac.Not(ac.LocatedIn(["FR", "DE"])),
    ),
    ac.Restriction(
        "eu-fast-chips-cn",
        effect="prohibited",
        items=ac.ParameterAtLeast("tpp", 4800),
        modes=ac.EVERYTHING,
        recipients=ac.LocatedIn("CN"),
    ),
)
BUNDLED = tuple(
    ac.examples.load(name)
    for name in (
        "mythos5",
        "us-advanced-computing",
        "ai-diffusion-2025",
        "affiliates-rule-2025",
    )
)


CODES = [
    None,
    "ECCN=3A090.a",
    "ECCN=3A090.b",
    "ECCN=3A090.c",
    "ECCN=4E091",
    "ECCN=EAR99",
    "ECCN=3E001;FOR_ECCN=3A090.a",
    "ECCN=4A090.a",
]


def _facts(rng: random.Random) -> dict[str, Any]:
    """Random facts of an item outside every catalog (each may be unknown, but
    one is given: without facts, an unknown id is an error)."""
    facts = {
        "developer": rng.choice([None, "some-lab"]),
        "classifications": rng.choice(CODES),
        "training_operations": rng.choice([None, 1e24, 3e26]),
        "weights_published": rng.choice([None, True, False]),
        "tpp": rng.choice([None, 1000.0, 5000.0, 20000.0]),
        "performance_density": rng.choice([None, 1.0, 6.0]),
        "dram_bandwidth_gbps": rng.choice([None, 1000.0, 5000.0]),
        "memory_bandwidth_density": rng.choice([None, 1.0, 7.0]),
    }
    if all(value is None for value in facts.values()):
        facts["weights_published"] = False
    return facts


def adhoc_log(rows: int, seed: int) -> pa.Table:
    """A log that every regime can read: people and items outside every catalog,
    each row's item described by random facts, instants over 2025 and 2026."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 12, 1, tzinfo=UTC)
    people = [
        ("visitor-1", "individual", "IN", None),
        ("visitor-2", "individual", "CN", None),
        ("visitor-3", "individual", "DE;US", None),
        ("visitor-4", "individual", "AE", "some-lab"),
        ("new-hire", "individual", None, None),
        ("some-company", "company", None, None),
    ]
    picked = [rng.choice(people) for _ in range(rows)]
    facts = [_facts(rng) for _ in range(rows)]
    return pa.table(
        {
            "recipient": [p[0] for p in picked],
            "kind": [p[1] for p in picked],
            "citizenships": [p[2] for p in picked],
            "employers": [p[3] for p in picked],
            "item": [rng.choice(["chip-a", "chip-b", "model-x"]) for _ in range(rows)],
            **{name: [f[name] for f in facts] for name in ITEM_FACTS},
            "mode": [
                rng.choice(["weights-transfer", "hosted-api", "on-premises"])
                for _ in range(rows)
            ],
            "location": [
                rng.choice(["US", "CN", "IN", "DE", "FR", "AE", None])
                for _ in range(rows)
            ],
            "at": pa.array(
                [
                    start + dt.timedelta(hours=rng.randrange(760 * 24))
                    for _ in range(rows)
                ],
                pa.timestamp("us", tz="UTC"),
            ),
        }
    )


def row_access(row: dict[str, Any], regime: ac.Regime) -> ac.Access:
    """A log row as an `Access` under `regime`, built by hand (the reference)."""
    recipient: ac.Entity | str = row["recipient"]
    cits = [c for c in (row.get("citizenships") or "").split(";") if c]
    employers = [e for e in (row.get("employers") or "").split(";") if e]
    known = {e.id for e in regime.entities}
    if cits or employers or recipient not in known:
        recipient = ac.Entity(
            row["recipient"],
            kind=row.get("kind") or "individual",
            citizenships=[ac.Citizenship(c) for c in cits],
            employments=[ac.Employment(e) for e in employers],
        )
    item: ac.ControlledItem | str = row["item"]
    recorded = {n: row[n] for n in ITEM_FACTS if row.get(n) is not None}
    if recorded and item not in {i.id for i in regime.items}:
        pairs = (recorded.pop("classifications", None) or "").split(";")
        parameters = {n: recorded.pop(n) for n in ITEM_FACTS[4:] if n in recorded}
        item = ac.ControlledItem(
            row["item"],
            classifications=dict(p.split("=") for p in pairs if p),
            parameters=parameters,
            **recorded,
        )
    return ac.Access(recipient, item, row["mode"], row.get("location"))


def decided(decision: ac.Decision) -> tuple[str, str]:
    return decision.verdict.value, decision.reason_code


def answers(result: pa.Table, suffix: str = "") -> list[tuple[str, str]]:
    return list(
        zip(
            result.column(f"verdict{suffix}").to_pylist(),
            result.column(f"reason{suffix}").to_pylist(),
            strict=True,
        )
    )


class TestAgreesWithDecide:
    @pytest.mark.parametrize(
        "regimes",
        [
            pytest.param((*BUNDLED, EU_FACTS), id="bundled-and-eu"),
            pytest.param(BUNDLED[1:3], id="two-us"),
            pytest.param((EU_FACTS, BUNDLED[1]), id="eu-first"),
        ],
    )
    def test_per_regime_and_combined_columns(
        self, regimes: tuple[ac.Regime, ...]
    ) -> None:
        """Each regime's columns are its `decide`; the combined ones, `aicontrols.decide`."""
        log = adhoc_log(3_000, seed=11)
        result = ac.audit(list(regimes), log)
        rows = log.to_pylist()
        per_regime = {r.id: answers(result, f"_{r.id}") for r in regimes}
        combined = answers(result)
        for i in random.Random(12).sample(range(len(rows)), 250):
            row = rows[i]
            access = row_access(row, regimes[0])
            for regime in regimes:
                assert access == row_access(row, regime)
                expected = decided(regime.decide(access, at=row["at"]))
                assert expected == per_regime[regime.id][i], (regime.id, row)
            expected = decided(ac.decide(list(regimes), access, at=row["at"]))
            assert expected == combined[i], row

    def test_every_verdict_appears_combined(self) -> None:
        """The generated log reaches every verdict, so the agreement means something."""
        result = ac.audit([*BUNDLED, EU_FACTS], adhoc_log(3_000, seed=11))
        assert {
            "permitted",
            "license_required",
            "undetermined",
            "prohibited",
        } <= set(result.column("verdict").to_pylist())

    def test_catalog_items_of_two_regimes(self, mythos: ac.Regime) -> None:
        """US letters and the EU rule over the same catalog items, row by row."""
        rng = random.Random(3)
        start = dt.datetime(2026, 6, 1, tzinfo=UTC)
        people = [("anthropic", None), ("priya", "IN"), ("hans", "DE"), ("li", "CN")]
        picked = [rng.choice(people) for _ in range(2_000)]
        log = pa.table(
            {
                "recipient": [p[0] for p in picked],
                "citizenships": [p[1] for p in picked],
                "item": [rng.choice(["mythos-5", "fable-5"]) for _ in picked],
                "mode": [rng.choice(["weights-transfer", "web-app"]) for _ in picked],
                "location": [rng.choice(["US", "DE", "FR"]) for _ in picked],
                "at": [
                    start + dt.timedelta(hours=rng.randrange(24 * 60)) for _ in picked
                ],
            }
        )
        regimes = [mythos, eu()]
        result = ac.audit(regimes, log, as_known_on="2026-07-15")
        rows = log.to_pylist()
        for i in range(0, len(rows), 9):
            row = rows[i]
            access = row_access(row, mythos)
            for regime in regimes:
                expected = regime.decide(access, at=row["at"], as_known_on="2026-07-15")
                assert decided(expected) == answers(result, f"_{regime.id}")[i]
            both = ac.decide(regimes, access, at=row["at"], as_known_on="2026-07-15")
            assert decided(both) == answers(result)[i]
        assert "prohibited" in result.column("verdict").to_pylist()

    def test_a_list_of_one_regime_matches_the_regime(self, mythos: ac.Regime) -> None:
        """`audit([r], log)` answers as `audit(r, log)`, with its own columns too."""
        log = adhoc_log(500, seed=4)
        alone = ac.audit(mythos, log)
        listed = ac.audit((mythos,), log)
        assert answers(alone) == answers(listed)
        assert answers(alone) == answers(listed, f"_{mythos.id}")


class TestColumns:
    def test_names_and_order(self, mythos: ac.Regime) -> None:
        """Each regime's `verdict_<id>` and `reason_<id>`, in list order, then the combined."""
        log = adhoc_log(10, seed=1)
        result = ac.audit([mythos, EU_FACTS], log)
        assert [
            "verdict_us-mythos-letters",
            "reason_us-mythos-letters",
            "verdict_eu-test",
            "reason_eu-test",
            "verdict",
            "reason",
        ] == result.column_names[len(log.column_names) :]

    def test_pandas_and_polars_frames(self, mythos: ac.Regime) -> None:
        """A frame comes back as a frame, every appended column categorical."""
        log = adhoc_log(50, seed=2)
        expected = ac.audit([mythos, EU_FACTS], log).column("verdict").to_pylist()
        frame = ac.audit([mythos, EU_FACTS], log.to_pandas())
        assert isinstance(frame, pd.DataFrame)
        assert expected == frame["verdict"].tolist()
        assert "category" == str(frame["verdict_eu-test"].dtype)
        polars = ac.audit([mythos, EU_FACTS], pl.from_arrow(log))
        assert expected == polars["verdict"].to_list()

    def test_an_empty_log(self, mythos: ac.Regime) -> None:
        """An empty log comes back empty, with every appended column."""
        result = ac.audit([mythos, EU_FACTS], adhoc_log(0, seed=1))
        assert 0 == result.num_rows
        assert ["verdict", "reason"] == result.column_names[-2:]

    def test_an_existing_regime_column_is_refused(self, mythos: ac.Regime) -> None:
        """A log that already has a `verdict_<id>` column is refused, not overwritten."""
        log = adhoc_log(3, seed=1)
        log = log.append_column("verdict_eu-test", pa.array(["x"] * 3))
        with pytest.raises(
            ac.QueryError, match="already has a column `verdict_eu-test`"
        ):
            ac.audit([mythos, EU_FACTS], log, extra_columns=["verdict_eu-test"])
        # under one regime that column is merely unknown
        with pytest.raises(ac.QueryError, match="unknown column `verdict_eu-test`"):
            ac.audit(mythos, log)


class TestUnreadable:
    def test_a_row_one_regime_cannot_read(self, mythos: ac.Regime) -> None:
        """A catalog id of one regime is unreadable in another, and combined, naming it."""
        log = pa.table(
            {
                "recipient": ["acme-cloud", "acme-cloud"],
                "item": ["mythos-5", "illustrative-h200-class"],
                "mode": ["hosted-api", "hosted-api"],
                "at": ["2026-07-01T12:00:00+00:00"] * 2,
            }
        )
        us_chips = BUNDLED[1]
        result = ac.audit([mythos, us_chips], log, errors="mark")
        assert ["permitted", "unreadable"] == result.column(
            "verdict_us-mythos-letters"
        ).to_pylist()
        assert ["unreadable", "unreadable"] == result.column("verdict").to_pylist()
        reason = result.column("reason").to_pylist()[0]
        assert reason.startswith(
            "under `us-advanced-computing`: `recipient`: unknown entity id `acme-cloud`"
        )
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit([mythos, us_chips], log)
        error = caught.value
        assert (0, "recipient", "acme-cloud", "us-advanced-computing") == (
            error.row,
            error.argument,
            error.value,
            error.regime,
        )
        assert str(error).startswith("row 0: under `us-advanced-computing`: ")

    def test_a_row_no_regime_can_read(self, mythos: ac.Regime) -> None:
        """A problem every regime shares is reported once, without a regime."""
        log = pa.table(
            {
                "recipient": ["anthropic", "anthropic"],
                "item": ["mythos-5", "mythos-5"],
                "mode": ["hosted-api", "hosted-api"],
                "at": ["2026-07-01T12:00:00+00:00", "2026-07-01T12:00:00"],
            }
        )
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit([mythos, eu()], log)
        assert (1, "at", None) == (
            caught.value.row,
            caught.value.argument,
            caught.value.regime,
        )
        result = ac.audit([mythos, eu()], log, errors="mark")
        assert ["permitted", "unreadable"] == result.column("verdict").to_pylist()


class TestRegimeArgument:
    @pytest.mark.parametrize(
        ("given", "message"),
        [
            pytest.param(
                "mythos5", r"^`regime`: expected a Regime, or a list", id="name"
            ),
            pytest.param({"us": 1}, r"got a `dict`", id="dict"),
            pytest.param(None, r"got a `NoneType`", id="none"),
            pytest.param(
                ["mythos5"],
                r"^`regime\[0\]`: expected a Regime, got a `str`",
                id="list-of-names",
            ),
        ],
    )
    def test_not_a_regime_is_a_type_error(self, given: Any, message: str) -> None:
        """Anything but a regime or a list of them is a `TypeError` naming the argument."""
        with pytest.raises(TypeError, match=message):
            ac.audit(given, adhoc_log(1, seed=0))

    def test_an_iterator_is_refused(self, mythos: ac.Regime) -> None:
        """A generator of regimes is refused: the columns follow a list's order."""
        with pytest.raises(TypeError, match="got a `generator`"):
            ac.audit((r for r in [mythos]), adhoc_log(1, seed=0))  # type: ignore[arg-type]

    def test_empty_and_repeated_lists(self, mythos: ac.Regime) -> None:
        """No regime, or one regime twice (columns of the same name), is a `QueryError`."""
        with pytest.raises(ac.QueryError, match="give at least one regime"):
            ac.audit([], adhoc_log(1, seed=0))
        with pytest.raises(ac.QueryError, match="`us-mythos-letters` is given twice"):
            ac.audit([mythos, ac.examples.load("mythos5")], adhoc_log(1, seed=0))
