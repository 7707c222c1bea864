"""`aicontrols.impact`: every access two regimes disagree on, from when, and why."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import aicontrols as ac

PUBLISHED = ac.examples.load("affiliates-rule-2025")
# Illustrative, not a real notice: a one-year extension of the suspension.
EXTENSION = ac.Notice(
    "draft-extension",
    title="Extension of the suspension (illustrative)",
    published=dt.date(2026, 11, 1),
    effective=dt.date(2026, 11, 10),
    suspends=[ac.Suspension("affiliates-50-percent", end=dt.date(2027, 11, 10))],
)
DRAFT = PUBLISHED.with_notices([EXTENSION])
OWNED = ("sg-subsidiary", "holding-co", "chain-subsidiary", "joint-venture")
OTHERS = ("minority-holding", "listed-parent", "listed-partner")
REIMPOSED = dt.date(2026, 11, 10)
MYTHOS = ac.examples.load("mythos5")
# Illustrative: a draft that revokes the 2026-06-12 letter's restriction.
REVOCATION = ac.Notice(
    "draft-revocation",
    published=dt.date(2026, 7, 1),
    effective=dt.date(2026, 7, 15),
    revokes=["mythos-fable-foreign-access"],
)


def access(who: str, mode: str = "hosted-api") -> ac.Access:
    return ac.Access(who, "example-model", mode)


def affiliates_log(rows: int, seed: int) -> pa.Table:
    """A generated log under the affiliates example: catalog companies, and
    individuals and companies it does not know, at instants around the
    reimposition."""
    rng = random.Random(seed)
    people = [f"customer-{n}" for n in range(60)]
    recipients, citizenships, kinds, modes, locations, ats = [], [], [], [], [], []
    start = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    for _ in range(rows):
        who = rng.choice((*OWNED, *OTHERS, *people, "new-company"))
        recipients.append(who)
        citizenships.append(
            rng.choice(("SG", "CN", "US;CN")) if who in people else None
        )
        kinds.append("company" if who == "new-company" else None)
        modes.append(rng.choice(("hosted-api", "web-app", "weights-transfer")))
        locations.append(rng.choice(("SG", "HK", "US", None)))
        ats.append(start + dt.timedelta(minutes=rng.randrange(90 * 24 * 60)))
    return pa.table(
        {
            "recipient": recipients,
            "kind": kinds,
            "citizenships": citizenships,
            "item": ["example-model"] * rows,
            "mode": modes,
            "location": locations,
            "at": pa.array(ats, pa.timestamp("us", tz="UTC")),
        }
    )


def per_row(
    before: ac.Regime, after: ac.Regime, log: pa.Table
) -> dict[tuple[Any, ...], Any]:
    """The reference: per distinct access of the log, the first instant at
    which `decide` answers differently under the two regimes (at every change
    point of either history), with both verdicts."""
    found = {}
    seen = set()
    for row in log.to_pylist():
        key = tuple(
            row[k] for k in ("recipient", "kind", "citizenships", "mode", "location")
        )
        if key in seen:
            continue
        seen.add(key)
        who: ac.Entity | str = row["recipient"]
        if row["citizenships"] or row["kind"]:
            who = ac.Entity(
                row["recipient"],
                kind=row["kind"] or "individual",
                citizenships=[
                    ac.Citizenship(c)
                    for c in (row["citizenships"] or "").split(";")
                    if c
                ],
            )
        one = ac.Access(who, "example-model", row["mode"], row["location"])
        points = sorted(
            {
                s.start
                for r in (before, after)
                for s in r.history(one)
                if s.start is not None
            }
        )
        for t in points:
            old, new = before.decide(one, at=t).verdict, after.decide(one, at=t).verdict
            if old is not new:
                found[key] = (t, old.value, new.value)
                break
    return found


class TestAccesses:
    def test_a_draft_extension_changes_the_owned_companies_from_the_reimposition(
        self,
    ) -> None:
        """The accesses a draft changes are listed with the day, both verdicts and the draft."""
        found = ac.impact(PUBLISHED, DRAFT, [access(w) for w in (*OTHERS, *OWNED)])
        assert [
            (
                w,
                REIMPOSED,
                ac.Verdict.LICENSE_REQUIRED,
                ac.Verdict.PERMITTED,
                "draft-extension",
            )
            for w in OWNED
        ] == [
            (
                i.access.recipient,
                i.on,
                i.before,
                i.after,
                i.notice.id if i.notice else None,
            )
            for i in found
        ]
        assert found[0].cause == "`affiliates-50-percent` suspended"
        assert found[0].regime == "us-affiliates-rule-2025"
        at = found[0].at
        assert "2026-11-10T00:00:00-05:00" == (at and at.isoformat())

    def test_swapped_sides_swap_the_verdicts_and_keep_the_cause(self) -> None:
        """A notice only one side holds is the cause, whichever side holds it."""
        (found,) = ac.impact(DRAFT, PUBLISHED, [access("sg-subsidiary")])
        assert (
            ac.Verdict.PERMITTED,
            ac.Verdict.LICENSE_REQUIRED,
            "draft-extension",
        ) == (
            found.before,
            found.after,
            found.notice.id if found.notice else None,
        )

    def test_a_span_starting_inside_the_difference_starts_there(self) -> None:
        """With a start inside a difference, the first day is the start, the cause its opening."""
        (found,) = ac.impact(
            PUBLISHED, DRAFT, [access("sg-subsidiary")], dt.date(2027, 1, 1)
        )
        assert (dt.date(2027, 1, 1), "draft-extension") == (
            found.on,
            found.notice.id if found.notice else None,
        )

    def test_a_span_ending_before_the_difference_finds_nothing(self) -> None:
        """An access that differs only after the span's end is not listed."""
        assert () == ac.impact(
            PUBLISHED, DRAFT, [access("sg-subsidiary")], None, REIMPOSED
        )

    def test_the_order_is_by_first_instant_then_as_given(self) -> None:
        """Impacts come in the order of their first instant, then of the list."""
        priya = ac.Entity(
            "priya", kind="individual", citizenships=[ac.Citizenship("IN")]
        )
        later = ac.Notice(
            "draft-late",
            published=dt.date(2026, 7, 1),
            effective=dt.date(2026, 8, 1),
            revokes=["mythos-fable-foreign-access"],
        )
        accesses = [
            ac.Access(priya, item, "web-app", "US") for item in ("fable-5", "mythos-5")
        ]
        found = ac.impact(MYTHOS, MYTHOS.with_notices([later]), accesses)
        # mythos-5 is exempted for nobody here: both change on the same day, in list order
        assert [
            ("fable-5", dt.date(2026, 8, 1)),
            ("mythos-5", dt.date(2026, 8, 1)),
        ] == [(i.access.item, i.on) for i in found]

    def test_undetermined_on_one_side_differs(self) -> None:
        """An access undetermined on one side only is listed as differing."""
        nobody = ac.Entity("nobody", kind="individual")  # citizenship unknown
        one = ac.Access(nobody, "fable-5", "web-app", "US")
        (found,) = ac.impact(MYTHOS, MYTHOS.with_notices([REVOCATION]), [one])
        assert (
            ac.Verdict.UNDETERMINED,
            ac.Verdict.PERMITTED,
            dt.date(2026, 7, 15),
        ) == (
            found.before,
            found.after,
            found.on,
        )

    def test_lists_of_regimes_are_combined_as_decide_combines_them(self) -> None:
        """Each side's verdict is the most severe of its regimes'."""
        revoked = MYTHOS.with_notices([REVOCATION])
        priya = ac.Entity(
            "priya", kind="individual", citizenships=[ac.Citizenship("IN")]
        )
        one = ac.Access(priya, "fable-5", "web-app", "US")
        assert () == ac.impact(MYTHOS, [MYTHOS, revoked], [one])
        (found,) = ac.impact([revoked], [revoked, MYTHOS], [one])
        assert ("draft-revocation", ac.Verdict.LICENSE_REQUIRED) == (
            found.notice.id if found.notice else None,
            found.after,
        )

    def test_an_unknown_id_fails_as_decide_fails(self) -> None:
        """An access naming an unknown id raises, never dropped."""
        with pytest.raises(ac.UnknownIdError, match="sg-subsidary"):
            ac.impact(PUBLISHED, DRAFT, [access("sg-subsidary")])

    @pytest.mark.parametrize(
        ("before", "accesses", "message"),
        [
            ("affiliates-rule-2025", [], "`before`"),
            ([], [], "`before`: give at least one regime"),
            (PUBLISHED, "sg-subsidiary", "expected a list of Access"),
        ],
    )
    def test_bad_arguments_are_query_errors(
        self, before: Any, accesses: Any, message: str
    ) -> None:
        """A side that is not a regime, or accesses that are not a list, are refused."""
        with pytest.raises(ac.QueryError, match=message):
            ac.impact(before, DRAFT, accesses)

    def test_an_empty_span_is_refused(self) -> None:
        """An end not after the start is a query error."""
        with pytest.raises(ac.QueryError, match="`end` must be after `start`"):
            ac.impact(PUBLISHED, DRAFT, [], REIMPOSED, REIMPOSED)

    def test_to_dict_names_the_notice_with_its_title(self) -> None:
        """The JSON form gives the access, the day, both verdicts and the notice."""
        (found,) = ac.impact(PUBLISHED, DRAFT, [access("joint-venture")])
        data = found.to_dict()
        assert ("joint-venture", "2026-11-10", "license_required", "permitted") == (
            data["recipient"],
            data["on"],
            data["before"],
            data["after"],
        )
        assert {
            "id": "draft-extension",
            "title": EXTENSION.title,
            "citation": None,
        } == data["notice"]


class TestLog:
    def test_a_log_gives_one_row_per_affected_access(self) -> None:
        """Each distinct access of a log is compared once, with its number of rows."""
        log = pa.table(
            {
                "recipient": [
                    "sg-subsidiary",
                    "minority-holding",
                    "sg-subsidiary",
                    "joint-venture",
                ],
                "item": ["example-model"] * 4,
                "mode": ["hosted-api"] * 4,
                "at": ["2026-11-11T12:00:00Z"] * 4,
            }
        )
        out = ac.impact(PUBLISHED, DRAFT, log)
        assert ["recipient", "item", "mode", "differs_on", "differs_at", "before", "after",
                "notice", "title", "citation", "regime", "cause", "rows"] == out.column_names  # fmt: skip
        assert [
            (
                "sg-subsidiary",
                REIMPOSED,
                "license_required",
                "permitted",
                "draft-extension",
                2,
            ),
            (
                "joint-venture",
                REIMPOSED,
                "license_required",
                "permitted",
                "draft-extension",
                1,
            ),
        ] == [
            (
                r["recipient"],
                r["differs_on"],
                r["before"],
                r["after"],
                r["notice"],
                r["rows"],
            )
            for r in out.to_pylist()
        ]

    def test_a_pandas_log_gives_a_pandas_frame(self) -> None:
        """The result is of the log's own kind."""
        log = pd.DataFrame({"recipient": ["holding-co"], "item": ["example-model"],
                            "mode": ["web-app"]})  # fmt: skip
        out = ac.impact(PUBLISHED, DRAFT, log)
        assert (pd.DataFrame, ["holding-co"]) == (type(out), out["recipient"].tolist())

    def test_an_unreadable_row_raises_naming_it(self) -> None:
        """A row naming an unknown id raises AuditRowError with its row, never dropped."""
        log = pa.table({"recipient": ["sg-subsidiary", "sg-subsidary"],
                        "item": ["example-model"] * 2, "mode": ["web-app"] * 2})  # fmt: skip
        with pytest.raises(ac.AuditRowError) as error:
            ac.impact(PUBLISHED, DRAFT, log)
        assert (1, "recipient", "sg-subsidary") == (
            error.value.row,
            error.value.argument,
            error.value.value,
        )

    def test_an_unknown_column_is_refused(self) -> None:
        """A misspelt fact column is refused, not ignored."""
        log = pa.table({"recipient": ["x"], "item": ["example-model"], "mode": ["web-app"],
                        "citizenship": ["SG"]})  # fmt: skip
        with pytest.raises(ac.QueryError, match="did you mean `citizenships`"):
            ac.impact(PUBLISHED, DRAFT, log)

    @pytest.mark.parametrize("rows", [3_000, 100_000])
    def test_a_generated_log_agrees_with_decide(self, rows: int) -> None:
        """The table lists exactly the accesses a comparison by `decide` finds, from the same instant."""
        log = affiliates_log(rows, seed=20)
        expected = per_row(PUBLISHED, DRAFT, log)
        out = ac.impact(PUBLISHED, DRAFT, log)
        found = {
            tuple(
                r[k] for k in ("recipient", "kind", "citizenships", "mode", "location")
            ): (
                r["differs_at"],
                r["before"],
                r["after"],
            )
            for r in out.to_pylist()
        }
        assert expected == found
        assert {"draft-extension"} == set(out.column("notice").to_pylist())
        assert {REIMPOSED} == set(out.column("differs_on").to_pylist())
