"""The columnar audit gives, row by row, the answers of `Regime.decide`."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols._audit import log_recipient, split_list
from aicontrols._regime import engine_of
from aicontrols.testing.strategies import (
    COUNTRIES,
    days_of,
    instants,
    knowledge,
    regimes,
)

from .budget import examples

UTC = dt.UTC
MYTHOS = ac.examples.load("mythos5")
PEOPLE = {  # recipient -> (citizenships, residencies, employers)
    "anthropic": (None, None, None),
    "acme-cloud": (None, None, None),
    "other-corp": (None, None, None),
    "priya": ("IN", None, None),
    "sam": ("IN", None, "anthropic"),
    "li": ("CN;US", None, "acme-cloud"),
    "ana": ("BR", "US", None),
    "kim": (None, None, "us-agency"),  # citizenship unknown
}
ITEMS = ("mythos-5", "fable-5")
MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning")
LOCATIONS = ("US", "IN", None)


def mythos_log(rows: int, seed: int) -> pa.Table:
    """A random access log under mythos5: instants spread over May-August 2026."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 5, 1, tzinfo=UTC)
    names = list(PEOPLE)
    picked = [rng.choice(names) for _ in range(rows)]
    return pa.table(
        {
            "recipient": picked,
            "citizenships": [PEOPLE[p][0] for p in picked],
            "residencies": [PEOPLE[p][1] for p in picked],
            "employers": [PEOPLE[p][2] for p in picked],
            "item": [rng.choice(ITEMS) for _ in range(rows)],
            "mode": [rng.choice(MODES) for _ in range(rows)],
            "location": [rng.choice(LOCATIONS) for _ in range(rows)],
            "at": pa.array(
                [
                    start + dt.timedelta(minutes=rng.randrange(123 * 24 * 60))
                    for _ in range(rows)
                ],
                pa.timestamp("us", tz="UTC"),
            ),
        }
    )


def decide_row(
    regime: ac.Regime, row: dict[str, Any], as_known_on: object = None
) -> tuple[str, str]:
    """One row decided the slow way: `Access` and `Regime.decide`.

    The logs here have fact columns, so an id the catalog lacks is an individual.
    """
    access = ac.Access(
        log_recipient(
            row["recipient"],
            *(
                split_list(row.get(n))
                for n in ("citizenships", "residencies", "employers")
            ),
            catalog={e.id: e for e in regime.entities},
        ),
        row["item"],
        row["mode"],
        row.get("location"),
        split_list(row.get("attestations")),
    )
    decision = regime.decide(access, at=row["at"], as_known_on=as_known_on)
    return decision.verdict.value, decision.reason_code


def answers(result: pa.Table) -> list[tuple[str, str]]:
    return list(
        zip(
            result.column("verdict").to_pylist(),
            result.column("reason").to_pylist(),
            strict=True,
        )
    )


class TestAgreesWithDecide:
    def test_random_sample_of_a_large_log(self) -> None:
        """Every sampled row of a 20,000-row log gets `decide`'s verdict and reason."""
        log = mythos_log(20_000, seed=7)
        result = answers(ac.audit(MYTHOS, log))
        rows = log.to_pylist()
        for i in random.Random(8).sample(range(len(rows)), 500):
            assert decide_row(MYTHOS, rows[i]) == result[i], rows[i]

    def test_every_verdict_and_reason_appears(self) -> None:
        """An audit of a random log gives every verdict and reason, not a few."""
        result = ac.audit(MYTHOS, mythos_log(2_000, seed=1))
        assert {"permitted", "license_required", "undetermined"} <= set(
            result.column("verdict").to_pylist()
        )
        assert {
            "none",
            "lifted:trusted-partners-mythos",
            "binding:mythos-fable-foreign-access",
            "unknown:mythos-fable-foreign-access",
        } <= set(result.column("reason").to_pylist())

    def test_as_known_on(self) -> None:
        """Before the second letter was published, nobody was exempt."""
        log = mythos_log(3_000, seed=2)
        result = answers(ac.audit(MYTHOS, log, as_known_on="2026-06-20"))
        rows = log.to_pylist()
        for i in range(0, len(rows), 7):
            assert decide_row(MYTHOS, rows[i], "2026-06-20") == result[i]
        assert all(not r.startswith("lifted") for _, r in result)

    def test_individuals_with_the_same_facts_share_a_compiled_access(self) -> None:
        """The regime names none of them, so only their facts matter."""
        regime = ac.load_regime(ac.examples.path("mythos5"))
        log = mythos_log(2_000, seed=5)
        ids = [  # every individual a different person; companies stay
            f"person-{i}" if r["citizenships"] or r["employers"] else r["recipient"]
            for i, r in enumerate(log.to_pylist())
        ]
        log = log.set_column(0, "recipient", pa.array(ids))
        rows = log.to_pylist()
        result = answers(ac.audit(regime, log))
        described = {  # a company by its id, an individual by its facts
            (r["citizenships"], r["residencies"], r["employers"])
            if r["citizenships"] or r["employers"]
            else r["recipient"]
            for r in rows
        }
        compiled = {id(shape) for shape in engine_of(regime).shapes.values()}
        for i in range(0, len(rows), 10):
            assert decide_row(regime, rows[i]) == result[i]
        assert len(compiled) <= len(described) * len(ITEMS) * len(MODES) * len(
            LOCATIONS
        )

    def test_each_individual_id_is_checked_though_facts_are_shared(self) -> None:
        """A bad or lookalike id is refused even after another id had its facts."""
        ids = ["person-1", "Acme-Cloud", "person 2", "person-3"]
        log = pa.table(
            {
                "recipient": ids,
                "citizenships": ["IN"] * 4,
                "item": ["fable-5"] * 4,
                "mode": ["hosted-api"] * 4,
                "location": ["US"] * 4,
                "at": pa.array([dt.datetime(2026, 7, 1, tzinfo=UTC)] * 4),
            }
        )
        result = ac.audit(ac.examples.load("mythos5"), log, errors="mark")
        verdicts = result.column("verdict").to_pylist()
        refused = ["unreadable", "unreadable"]
        assert verdicts == ["license_required", *refused, "license_required"]
        reasons = result.column("reason").to_pylist()
        assert "acme-cloud" in reasons[1]
        assert "person 2" in reasons[2]
        for row in (1, 2):  # as reading and deciding the row itself refuse it
            with pytest.raises((ac.QueryError, ValueError)):
                decide_row(MYTHOS, log.slice(row, 1).to_pylist()[0])

    def test_a_bad_rows_problem_does_not_depend_on_earlier_rows(self) -> None:
        """A bad row is refused for the same cell alone or after a row with its facts."""
        at = pa.array([dt.datetime(2026, 7, 1, tzinfo=UTC)] * 2)
        log = pa.table(
            {
                "recipient": ["p1", "p2"],
                "citizenships": ["IN", "IN"],
                "item": ["fable-5", "fable-5x"],  # an unknown item...
                "mode": ["hosted-api", "hosted-api"],
                "location": ["US", "ZZ"],  # ...and an unknown location
                "at": at,
            }
        )
        regime = ac.examples.load("mythos5")
        after = ac.audit(regime, log, errors="mark").column("reason")[1].as_py()
        fresh = ac.load_regime(ac.examples.path("mythos5"))
        alone = ac.audit(fresh, log.slice(1), errors="mark")
        assert after == alone.column("reason")[0].as_py()
        assert after.startswith("`item`: unknown item id `fable-5x`")

    def test_a_second_audit_gives_the_same_answers(self) -> None:
        """The shapes a regime caches between audits do not change the answers."""
        log = mythos_log(5_000, seed=3)
        regime = ac.examples.load("mythos5")
        assert answers(ac.audit(regime, log)) == answers(ac.audit(regime, log))

    @settings(
        max_examples=examples(60),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(regime=regimes(), data=st.data())
    def test_random_regimes(self, regime: ac.Regime, data: st.DataObject) -> None:
        """Random regimes and logs: each row as `decide` answers it."""
        ids = [e.id for e in regime.entities]
        days = days_of(regime)
        rows: list[dict[str, Any]] = []
        for _ in range(data.draw(st.integers(1, 25), label="rows")):
            described = data.draw(st.booleans()) or not ids
            facts = st.one_of(
                st.none(),
                st.lists(st.sampled_from(COUNTRIES), max_size=2).map(";".join),
            )
            rows.append(
                {
                    # a described individual takes an id the catalog lacks (a
                    # catalog id with other facts is refused, see test_fail_closed)
                    "recipient": data.draw(
                        st.sampled_from([f"visitor-{i}" for i in range(4)])
                    )
                    if described
                    else data.draw(st.sampled_from(ids)),
                    "citizenships": data.draw(facts) if described else None,
                    "residencies": data.draw(facts) if described else None,
                    "employers": (
                        data.draw(st.sampled_from(ids)) if described and ids else None
                    ),
                    "item": data.draw(st.sampled_from([i.id for i in regime.items])),
                    "mode": data.draw(
                        st.sampled_from(
                            [
                                *ac.DeploymentMode.STANDARD,
                                *(m.name for m in regime.modes),
                            ]
                        )
                    ),
                    "location": data.draw(
                        st.sampled_from((None, regime.jurisdiction, *COUNTRIES))
                    ),
                    "attestations": data.draw(
                        st.sampled_from((None, "safeguards", "safeguards;audit"))
                    ),
                    "at": data.draw(instants(days)),
                }
            )
        known = data.draw(knowledge(days), label="as_known_on")
        log = pa.Table.from_pylist(rows).cast(
            pa.schema(
                [
                    *(
                        pa.field(n, pa.string())
                        for n in (
                            "recipient",
                            "citizenships",
                            "residencies",
                            "employers",
                            "item",
                            "mode",
                            "location",
                            "attestations",
                        )
                    ),
                    pa.field("at", pa.timestamp("us", tz="UTC")),
                ]
            )
        )
        result = answers(ac.audit(regime, log, as_known_on=known))
        for row, got in zip(rows, result, strict=True):
            assert decide_row(regime, row, known) == got, row


class TestInputKinds:
    LOG = mythos_log(400, seed=4)
    EXPECTED = answers(ac.audit(MYTHOS, LOG))

    def test_record_batch(self) -> None:
        """A `RecordBatch` log gives back a `RecordBatch` with the table's answers."""
        result = ac.audit(MYTHOS, self.LOG.combine_chunks().to_batches()[0])
        assert isinstance(result, pa.RecordBatch)
        assert self.EXPECTED == answers(pa.Table.from_batches([result]))

    def test_pandas_frame_keeps_its_index(self) -> None:
        """A pandas log gives a frame with its index and categorical verdicts."""
        frame = self.LOG.to_pandas()
        frame.index = frame.index + 1000
        result = ac.audit(MYTHOS, frame)
        assert isinstance(result, pd.DataFrame)
        assert list(frame.index) == list(result.index)
        assert isinstance(result["verdict"].dtype, pd.CategoricalDtype)
        assert self.EXPECTED == list(
            zip(
                result["verdict"].astype(str), result["reason"].astype(str), strict=True
            )
        )

    def test_polars_frame(self) -> None:
        """A polars log gives back a polars frame with the table's answers."""
        result = ac.audit(MYTHOS, pl.from_arrow(self.LOG))
        assert isinstance(result, pl.DataFrame)
        assert self.EXPECTED == list(
            zip(
                result["verdict"].cast(pl.String),
                result["reason"].cast(pl.String),
                strict=True,
            )
        )

    def test_dictionary_and_list_columns(self) -> None:
        """Categorical key columns and list-of-strings fact columns read the same."""
        log = self.LOG
        for name in ("recipient", "item", "mode", "location"):
            i = log.column_names.index(name)
            log = log.set_column(i, name, log.column(name).dictionary_encode())
        lists = pa.array(
            [split_list(c) or None for c in log.column("citizenships").to_pylist()],
            pa.list_(pa.string()),
        )
        log = log.set_column(
            log.column_names.index("citizenships"), "citizenships", lists
        )
        assert self.EXPECTED == answers(ac.audit(MYTHOS, log))

    def test_chunks_with_their_own_dictionaries(self) -> None:
        """A log read in pieces: each chunk encodes its strings its own way."""
        halves = [self.LOG.slice(0, 150), self.LOG.slice(150)]
        encoded = []
        for half in halves:
            for name in ("recipient", "item", "mode"):
                i = half.column_names.index(name)
                half = half.set_column(i, name, half.column(name).dictionary_encode())
            encoded.append(half)
        log = pa.concat_tables(encoded)
        assert 2 == log.column("item").num_chunks
        assert self.EXPECTED == answers(ac.audit(MYTHOS, log))
        plain = pa.concat_tables(halves)
        assert self.EXPECTED == answers(ac.audit(MYTHOS, plain))

    @pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
    def test_timestamp_units_and_zones(self, unit: str) -> None:
        """An `at` column in any time unit and timezone gives the same answers."""
        at = self.LOG.column("at").cast(pa.timestamp(unit, tz="Asia/Kolkata"))
        log = self.LOG.set_column(self.LOG.column_names.index("at"), "at", at)
        assert self.EXPECTED == answers(ac.audit(MYTHOS, log))

    def test_iso_strings_with_offsets(self) -> None:
        """ISO 8601 strings with offsets in `at` read as the same instants."""
        strings = [
            t.astimezone(dt.timezone(dt.timedelta(hours=-4))).isoformat()
            for t in self.LOG.column("at").to_pylist()
        ]
        log = self.LOG.set_column(
            self.LOG.column_names.index("at"), "at", pa.array(strings)
        )
        assert self.EXPECTED == answers(ac.audit(MYTHOS, log))

    def test_nanoseconds_floor_to_the_microsecond(self) -> None:
        """One nanosecond before the letter's midnight is still before it."""
        letter = dt.datetime(2026, 6, 12, 4, tzinfo=UTC)  # 00:00 in New York
        ns = int(letter.timestamp()) * 1_000_000_000
        log = pa.table(
            {
                "recipient": ["priya"] * 2,
                "citizenships": ["IN"] * 2,
                "item": ["fable-5"] * 2,
                "mode": ["web-app"] * 2,
                "location": ["US"] * 2,
                "at": pa.array([ns - 1, ns], pa.timestamp("ns", tz="UTC")),
            }
        )
        verdicts = ac.audit(MYTHOS, log).column("verdict").to_pylist()
        assert ["permitted", "license_required"] == verdicts

    def test_empty_log(self) -> None:
        """An empty log gives no rows, with the log's columns, `verdict`, `reason`."""
        result = ac.audit(MYTHOS, self.LOG.slice(0, 0))
        assert 0 == result.num_rows
        assert [*self.LOG.column_names, "verdict", "reason"] == result.column_names


def one_row(**cells: Any) -> pa.Table:
    row = {
        "recipient": "acme-cloud",
        "item": "mythos-5",
        "mode": "hosted-api",
        "at": dt.datetime(2026, 7, 1, tzinfo=UTC),
    }
    row.update(cells)
    return pa.Table.from_pylist([row])


class TestBadInput:
    @pytest.mark.parametrize(
        ("cells", "row_message", "column", "value"),
        [
            (
                {"item": "mythos-6"},
                "`item`: unknown item id `mythos-6`",
                "item",
                "mythos-6",
            ),
            (
                {"mode": "telepathy"},
                "`mode`: unknown mode id `telepathy`",
                "mode",
                "telepathy",
            ),
            ({"recipient": None}, "`recipient`: missing", "recipient", None),
            (
                {"location": "USA"},
                "`location`: expected a",
                "location",
                "USA",
            ),
            (
                {"recipient": "x", "citizenships": "India"},
                "`citizenships`: expected a",
                "citizenships",
                "India",
            ),
            (
                {"at": "2026-07-01T12:00"},
                "`at`: expected an ISO 8601 instant with an offset",
                "at",
                "2026-07-01T12:00",
            ),
            ({"at": "soon"}, "`at`: expected an ISO 8601 instant", "at", "soon"),
        ],
    )
    def test_a_bad_row_is_named(
        self, cells: dict[str, Any], row_message: str, column: str, value: object
    ) -> None:
        """A bad cell is an error naming row, column and value, or marked unreadable."""
        good = {
            "recipient": "acme-cloud",
            "citizenships": None,
            "item": "mythos-5",
            "mode": "hosted-api",
            "location": None,
            "at": dt.datetime(2026, 7, 1, tzinfo=UTC),
        }
        bad = {**good, **cells}
        if isinstance(bad["at"], str):
            good["at"] = "2026-07-01T00:00:00+00:00"
        log = pa.Table.from_pylist([good, bad])
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(MYTHOS, log)
        assert caught.value.row == 1
        assert str(caught.value).startswith(f"row 1: {row_message}")
        assert column == caught.value.argument
        assert value == caught.value.value
        marked = ac.audit(MYTHOS, log, errors="mark")
        assert ["permitted", "unreadable"] == marked.column("verdict").to_pylist()
        assert marked.column("reason")[1].as_py().startswith(row_message)

    def test_a_null_instant(self) -> None:
        """A null `at` cell is refused as missing, naming its row."""
        log = pa.concat_tables([one_row(), one_row()])
        log = log.set_column(
            3,
            "at",
            pa.array(
                [None, dt.datetime(2026, 7, 1, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
        )
        with pytest.raises(ac.AuditRowError, match=r"^row 0: `at`: missing$"):
            ac.audit(MYTHOS, log)

    def test_missing_columns(self) -> None:
        """A log lacking required columns is refused, naming every missing one."""
        with pytest.raises(
            ac.QueryError, match=r"^the log has no column `mode`, `at`$"
        ):
            ac.audit(MYTHOS, pa.table({"recipient": ["a"], "item": ["b"]}))

    def test_naive_timestamps(self) -> None:
        """An `at` column of timestamps without a timezone is refused as naive."""
        naive = dt.datetime(2026, 7, 1)  # noqa: DTZ001
        log = one_row().set_column(3, "at", pa.array([naive]))
        with pytest.raises(
            ac.NaiveDateTimeError, match="column `at` holds naive timestamps"
        ):
            ac.audit(MYTHOS, log)

    @pytest.mark.parametrize(
        ("column", "values", "message"),
        [
            (
                "at",
                pa.array([20260701]),
                "column `at`: expected timestamps with a timezone",
            ),
            ("item", pa.array([5]), "column `item`: expected strings, got int64"),
            (
                "citizenships",
                pa.array([[1]]),
                "column `citizenships`: expected strings or lists of strings",
            ),
        ],
    )
    def test_wrong_column_types(
        self, column: str, values: pa.Array, message: str
    ) -> None:
        """A column of the wrong type is refused, naming it and what it expects."""
        log = one_row(citizenships="US")
        log = log.set_column(log.column_names.index(column), column, values)
        with pytest.raises(ac.QueryError, match=message):
            ac.audit(MYTHOS, log)

    def test_an_existing_verdict_column(self) -> None:
        """A log that already has a `verdict` column is refused, not overwritten."""
        log = one_row().append_column("verdict", pa.array(["?"]))
        with pytest.raises(ac.QueryError, match="already has a column `verdict`"):
            ac.audit(MYTHOS, log)

    def test_not_a_table(self) -> None:
        """A list of dicts is not a log: a `QueryError` naming the type given."""
        with pytest.raises(ac.QueryError, match="got `list`"):
            ac.audit(MYTHOS, [{"recipient": "acme-cloud"}])

    def test_errors_argument(self) -> None:
        """An `errors=` other than `raise` or `mark` is refused."""
        with pytest.raises(ac.QueryError, match="`errors`: expected `raise` or `mark`"):
            ac.audit(MYTHOS, one_row(), errors="ignore")  # type: ignore[arg-type]


class TestColumnNames:
    """Every column of a log is read, named as an extra column, or refused."""

    @pytest.mark.parametrize(
        ("name", "message"),
        [
            ("employer", "unknown column `employer` (did you mean `employers`?)"),
            ("Employers", "unknown column `Employers` (did you mean `employers`?)"),
            (" employers", "unknown column `' employers'` (did you mean `employers`?)"),
            ("Location", "unknown column `Location` (did you mean `location`?)"),
            ("request_id", "unknown column `request_id`"),
        ],
    )
    def test_an_unknown_column_is_refused_with_a_suggestion(
        self, name: str, message: str
    ) -> None:
        """A misspelt `employers` column is not silently ignored."""
        log = one_row(recipient="sam", citizenships="IN").append_column(
            name, pa.array(["anthropic"])
        )
        with pytest.raises(ac.QueryError) as caught:
            ac.audit(MYTHOS, log)
        assert (message, name) == (str(caught.value), caught.value.argument)

    def test_unknown_columns_of_polars_and_pandas_frames(self) -> None:
        """The same check for the frames a log comes in."""
        log = one_row().append_column("employer", pa.array(["anthropic"]))
        for frame in (pl.from_arrow(log), log.to_pandas()):
            with pytest.raises(ac.QueryError, match="did you mean `employers`"):
                ac.audit(MYTHOS, frame)

    def test_extra_columns_are_carried_unread(self) -> None:
        """`extra_columns=` names columns kept in the result, such as a request id."""
        log = one_row().append_column("request_id", pa.array(["r-1"]))
        names = (n for n in ("request_id", "absent"))  # any iterable, read once
        result = ac.audit(MYTHOS, log, extra_columns=names)
        assert ["r-1"] == result.column("request_id").to_pylist()
        assert ["permitted"] == result.column("verdict").to_pylist()

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["location"], "`extra_columns`: the audit reads the column `location`"),
            ("request_id", "`extra_columns`: expected a list of column names"),
            (5, "`extra_columns`: expected a list of column names, got `5`"),
        ],
    )
    def test_bad_extra_columns(self, extra: Any, message: str) -> None:
        """An extra column cannot be one the audit reads, nor a bare string."""
        with pytest.raises(ac.QueryError, match=message):
            ac.audit(MYTHOS, one_row(), extra_columns=extra)

    def test_a_duplicate_column_is_refused(self) -> None:
        """Two `item` columns: a `QueryError`, not a `KeyError` from pyarrow."""
        log = one_row().append_column("item", pa.array(["fable-5"]))
        with pytest.raises(ac.QueryError, match=r"^duplicate column `item`$"):
            ac.audit(MYTHOS, log)

    def test_a_duplicate_pandas_column_is_refused(self) -> None:
        """A pandas frame with two `item` columns: a `QueryError`, not a `ValueError`."""
        frame = one_row().to_pandas()
        frame.insert(1, "item", ["fable-5"], allow_duplicates=True)
        with pytest.raises(ac.QueryError, match=r"^duplicate column `item`$"):
            ac.audit(MYTHOS, frame)

    def test_a_lazy_polars_frame_is_refused_with_what_to_do(self) -> None:
        """A `LazyFrame` is not collected behind the caller's back."""
        lazy = pl.from_arrow(one_row()).lazy()  # type: ignore[union-attr]
        with pytest.raises(
            ac.QueryError, match=r"a polars `LazyFrame`: `\.collect\(\)` it"
        ):
            ac.audit(MYTHOS, lazy)

    def test_other_polars_and_pandas_objects_are_refused(self) -> None:
        """A Series is not a log: a `QueryError`, not an `AttributeError`."""
        for series in (pl.Series("item", ["x"]), pd.Series(["x"])):
            with pytest.raises(ac.QueryError, match="got `Series`"):
                ac.audit(MYTHOS, series)

    def test_column_sets_do_not_share_cached_shapes(self) -> None:
        """A `location` of `US` and a `citizenships` of `US` are different rows."""
        regime = ac.examples.load("mythos5")
        at = dt.datetime(2026, 7, 1, tzinfo=UTC)
        base = {"recipient": "sam", "item": "mythos-5", "mode": "hosted-api"}
        located = pa.Table.from_pylist([{**base, "location": "US", "at": at}])
        described = pa.Table.from_pylist([{**base, "citizenships": "US", "at": at}])
        first = ac.audit(regime, described, errors="mark")
        second = ac.audit(regime, located, errors="mark")
        assert ["permitted"] == first.column("verdict").to_pylist()
        assert ["unreadable"] == second.column("verdict").to_pylist()


class TestIndividualsWithoutFacts:
    AT = dt.datetime(2026, 7, 1, tzinfo=UTC)

    def test_an_individual_with_no_recorded_facts_is_undetermined(self) -> None:
        """As `decide` says for `Entity(id, kind="individual")`: not unreadable."""
        log = one_row(recipient="new-hire", citizenships=None, employers=None)
        result = ac.audit(MYTHOS, log)
        person = ac.Entity("new-hire", kind="individual")
        expected = MYTHOS.decide(
            ac.Access(person, "mythos-5", "hosted-api"), at=self.AT
        )
        assert [("undetermined", expected.reason_code)] == answers(result)

    def test_a_catalog_id_without_facts_stays_the_catalog_entity(self) -> None:
        """`acme-cloud` with empty fact cells is still the trusted partner."""
        log = pa.Table.from_pylist(
            [{"recipient": "acme-cloud", "citizenships": None, "item": "mythos-5",
              "mode": "hosted-api", "at": self.AT}],
            schema=pa.schema([("recipient", pa.string()), ("citizenships", pa.string()),
                              ("item", pa.string()), ("mode", pa.string()),
                              ("at", pa.timestamp("us", tz="UTC"))]),
        )  # fmt: skip
        catalog = MYTHOS.decide(
            ac.Access("acme-cloud", "mythos-5", "hosted-api"), at=self.AT
        )
        person = MYTHOS.decide(
            ac.Access(
                ac.Entity("acme-cloud-x", kind="individual"), "mythos-5", "hosted-api"
            ),
            at=self.AT,
        )
        assert catalog.verdict != person.verdict
        assert [(catalog.verdict.value, catalog.reason_code)] == answers(
            ac.audit(MYTHOS, log)
        )

    def test_without_fact_or_kind_columns_an_unknown_id_is_refused(self) -> None:
        """A log of catalog ids only: an unknown id is not made an individual."""
        with pytest.raises(
            ac.AuditRowError, match=r"^row 0: `recipient`: unknown entity id `nobody`"
        ):
            ac.audit(MYTHOS, one_row(recipient="nobody"))

    @pytest.mark.parametrize("kind", ["individual", "company", None])
    def test_a_kind_column(self, kind: str | None) -> None:
        """A `kind` column makes an unknown id an ad hoc entity of that kind."""
        log = pa.Table.from_pylist(
            [{"recipient": "walk-in", "kind": kind, "item": "mythos-5",
              "mode": "hosted-api", "at": self.AT}],
            schema=pa.schema([("recipient", pa.string()), ("kind", pa.string()),
                              ("item", pa.string()), ("mode", pa.string()),
                              ("at", pa.timestamp("us", tz="UTC"))]),
        )  # fmt: skip
        who = ac.Entity("walk-in", kind=kind or "individual")
        expected = MYTHOS.decide(ac.Access(who, "mythos-5", "hosted-api"), at=self.AT)
        assert [(expected.verdict.value, expected.reason_code)] == answers(
            ac.audit(MYTHOS, log)
        )

    @pytest.mark.parametrize(
        ("cells", "message"),
        [
            (
                {"recipient": "walk-in", "kind": "Individual"},
                "`kind`: unknown entity kind `Individual` (did you mean `individual`?)",
            ),
            (
                {"recipient": "acme-cloud", "kind": "individual"},
                "`kind`: `acme-cloud` is a company in the catalog, not an individual",
            ),
        ],
    )
    def test_a_bad_kind_is_a_row_problem(
        self, cells: dict[str, Any], message: str
    ) -> None:
        """A `kind` that is not an `EntityKind` value, or contradicts the catalog."""
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(MYTHOS, one_row(**cells))
        assert f"row 0: {message}" == str(caught.value)
        assert ("kind", cells["kind"]) == (caught.value.argument, caught.value.value)


def test_reason_codes_of_suspension_and_compliance() -> None:
    """The permitted-but-why codes: a pending compliance date, a suspension."""
    regime = ac.examples.load("ai-diffusion-2025")
    lab = ac.Entity("lab", country="IN")
    decision = regime.decide(
        ac.Access(lab, "frontier-closed", "weights-transfer", "IN"), on="2025-03-01"
    )
    assert decision.permitted
    assert decision.reason_code.startswith("compliance-pending:")


class TestOriginColumn:
    REGIME = ac.Regime(
        "reexports",
        jurisdiction="US",
        timezone="UTC",
        items=[ac.ControlledItem("chip")],
        entities=[ac.Entity("lab", country="US")],
        notices=[
            ac.Notice(
                "n",
                published=dt.date(2026, 1, 1),
                effective=dt.date(2026, 1, 1),
                adds=[ac.Restriction("reexports", recipients=ac.IsReexport())],
            )
        ],
    )

    def test_origin_is_read(self) -> None:
        """An `origin` column is read as `Access.origin`: rows agree with `decide`."""
        at = dt.datetime(2026, 2, 1, tzinfo=UTC)
        rows = [
            {"origin": origin, "location": location}
            for origin in (None, "", "SG", "CN")
            for location in ("CN", "SG", None)
        ]
        log = pa.Table.from_pylist(
            [
                {"recipient": "lab", "item": "chip", "mode": "weights-transfer",
                 "at": at, **row}
                for row in rows
            ]
        )  # fmt: skip
        result = ac.audit(self.REGIME, log)
        expected = [
            self.REGIME.decide(
                ac.Access("lab", "chip", "weights-transfer", r["location"],
                          origin=r["origin"] or None),
                at=at,
            ).verdict.value
            for r in rows
        ]  # fmt: skip
        assert expected == result.column("verdict").to_pylist()
        assert {"permitted", "license_required", "undetermined"} == set(expected)

    def test_bad_origin_is_named(self) -> None:
        """A bad `origin` cell is an error naming the row, the column and the value."""
        log = pa.Table.from_pylist(
            [{"recipient": "lab", "item": "chip", "mode": "weights-transfer",
              "origin": "Singapore", "at": dt.datetime(2026, 2, 1, tzinfo=UTC)}]
        )  # fmt: skip
        with pytest.raises(ac.AuditRowError) as caught:
            ac.audit(self.REGIME, log)
        assert ("origin", "Singapore") == (caught.value.argument, caught.value.value)
        assert "(did you mean `SG`?)" in str(caught.value)
