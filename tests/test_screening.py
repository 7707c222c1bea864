"""Screening lists: CSL snapshots as dated notices, screening, affiliates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from aicontrols import (
    Access,
    CaveatKind,
    Entity,
    EntityKind,
    Ownership,
    ReviewPolicy,
    ScreeningFileError,
    Verdict,
    dump_regime,
    examples,
    loads_regime,
    screening,
)
from aicontrols.screening import history_regime, read_csl

DATA = Path(__file__).parent / "data" / "csl"
SHARED = Path(__file__).parents[2] / "shared" / "data" / "csl"
NO_SHARED = (
    "needs real Consolidated Screening List rows (data/csl in the project's "
    "shared folder, from the test data of moov-io/watchman; not part of the "
    f"repository): put that folder at {SHARED.parents[1]}, beside the checkout, "
    "to run it; the fictitious snapshots in tests/data/csl cover the same code"
)
LAYOUTS = ["older-layout.csv", "current-layout.csv", "layout.json"]
TAKEN = dt.date(2026, 1, 5)

NORTHWIND = "el-northwind-photonics-co-ltd"
HARBOR = "el-harbor-lane-trading-limited"
KESTREL = "el-kestrel-institute-of-computing"
ORION = "dpl-orion-freight-forwarding-llc"
ATLAS = "uvl-atlas-example-trading"
ACADEMY = "meu-example-aerospace-academy"
SABLE = "sdn-sable-example-shipping-company"


def regime_of(*names: str, base: str | None = None):  # type: ignore[no-untyped-def]
    snapshots = [
        read_csl(DATA / n, taken=dt.date.fromisoformat(n[9:19])) for n in names
    ]
    return history_regime(snapshots, base=examples.load(base) if base else None)


def weights(recipient: object, item: str = "mythos-5") -> Access:
    return Access(recipient, item, "weights-transfer")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def mythos() -> object:
    snapshot = read_csl(DATA / "older-layout.csv", taken=TAKEN)
    return history_regime([snapshot], base=examples.load("mythos5"))


class TestReading:
    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_every_layout_reads_the_same_listings(self, layout: str) -> None:
        """The two CSV layouts and the JSON layout read to the same listings."""
        snapshot = read_csl(DATA / layout, taken=TAKEN)
        reference = read_csl(DATA / "older-layout.csv", taken=TAKEN)
        assert [x.content() for x in snapshot.listings] == [
            x.content() for x in reference.listings
        ]
        assert [x.source for x in snapshot.listings] == [
            "EL", "EL", "EL", "DPL", "UVL", "MEU", "SDN"
        ]  # fmt: skip

    def test_a_row_keeps_its_fields(self) -> None:
        """A row keeps its name, notices, aliases, countries, start, id and line."""
        first = read_csl(DATA / "current-layout.csv", taken=TAKEN).listings[0]
        assert first.name == "Northwind Photonics Co., Ltd."
        assert first.federal_register_notices == ("88 FR 10001", "89 FR 20002")
        assert first.alt_names == ("Northwind Optics", "NW Photonics")
        assert first.address_countries == ("CN",)
        assert first.start == dt.date(2023, 3, 1)
        assert first.csl_id == "fixture0000"
        assert first.line == 2

    def test_identifiers_are_kept_on_the_listing(self) -> None:
        """A row's identifiers are kept on its listing, from CSV and JSON alike."""
        csv_text = 'source,entity_number,name,ids\nSDN,1,Example Co.,"US, 80-1, Tax ID No.; Reg, 55"\n'
        row = read_csl("x.csv", text=csv_text, taken=TAKEN).listings[0]
        assert row.ids == ("US, 80-1, Tax ID No.", "Reg, 55")
        json_text = (
            '{"results": [{"source": "SDN", "name": "Example Co.", "ids": '
            '[{"type": "Tax ID No.", "number": "80-1", "country": "US"}]}]}'
        )
        row = read_csl("x.json", text=json_text, taken=TAKEN).listings[0]
        assert row.ids == ("Tax ID No., 80-1, US",)

    def test_json_rows_are_numbered_by_position(self) -> None:
        """JSON rows are numbered by position, so problems point at the right row."""
        rows = read_csl(DATA / "layout.json", taken=TAKEN).listings
        assert [r.line for r in rows] == list(range(1, 8))

    def test_malformed_rows_fail_the_import_with_their_lines(self) -> None:
        """Malformed rows fail the import, each named by line, column and value."""
        with pytest.raises(ScreeningFileError) as caught:
            read_csl(DATA / "bad-rows.csv", taken=TAKEN)
        found = [(p.line, p.column, p.value) for p in caught.value.problems]
        assert found == [
            (3, "source", "Made Up List (XYZ)"),
            (4, "name", ""),
            (5, "start_date", "2023-02-30"),
        ]
        assert "bad-rows.csv:5: `start_date` = '2023-02-30'" in str(caught.value)

    def test_good_rows_only_on_request_and_the_bad_ones_reported(self) -> None:
        """`skip_bad_rows=True` keeps the good rows and reports the bad ones by line."""
        snapshot = read_csl(DATA / "bad-rows.csv", taken=TAKEN, skip_bad_rows=True)
        assert [x.name for x in snapshot.listings] == [
            "Northwind Photonics Co., Ltd.",
            "Harbor Lane Trading Limited",
        ]
        assert [p.line for p in snapshot.problems] == [3, 4, 5]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "the file is empty"),
            ("a,b\n1,2\n", "lacks the column(s) `source`, `name`"),
            ('{"results": 3}', "expected a list of rows"),
            ('{"results": [', "not JSON"),
            ("source,name\nEL,A Co.,extra\n", "the row has 3 fields, the header 2"),
            (
                "source,name,start_date\nEL,A Co.\n",
                "the row has 2 fields, the header 3",
            ),
            (
                "source,name,start_date,end_date\nDPL,A,2024-01-02,2024-01-01\n",
                "ends on",
            ),
            ("[1]", "a row must be an object"),
            (
                '{"total": 5, "results": [{"source": "EL", "name": "A"}]}',
                "holds 1 of 5 rows",
            ),
            ('source,name\nEL,"Bar Co.\nEL,Baz Co.\nEL,Qux"\n', "spans several lines"),
        ],
    )
    def test_bad_files_name_what_is_wrong(self, text: str, message: str) -> None:
        """A malformed snapshot file is refused, naming the file and what is wrong."""
        with pytest.raises(ScreeningFileError, match=r"x\.csv:") as caught:
            read_csl("x.csv", text=text, taken=TAKEN)
        assert message in str(caught.value)

    def test_an_unreadable_file_is_an_error_naming_it(self, tmp_path: Path) -> None:
        """A snapshot file that cannot be read is a `ScreeningFileError` naming it."""
        with pytest.raises(ScreeningFileError, match=r"missing\.csv:1: .*cannot read"):
            read_csl(tmp_path / "missing.csv", taken=TAKEN)

    def test_the_snapshot_day_is_a_date(self) -> None:
        """`taken=` must be a date: a string or a datetime is refused."""
        with pytest.raises(ValueError, match="`taken`"):
            read_csl("x.csv", text="source,name\n", taken="yesterday")
        with pytest.raises(ValueError, match="`taken`"):
            read_csl(
                "x.csv",
                text="source,name\n",
                taken=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )

    def test_repeated_names_in_one_snapshot_are_kept_apart(self) -> None:
        """Parties of one name in one snapshot stay separate entities, not merged."""
        text = (
            "source,name,addresses\nEL,Same Name Co.,CN\nEL,Same Name Co.,HK\n"
            "EL,Same Name Co.,HK\n"
        )
        rows = read_csl("x.csv", text=text, taken=TAKEN).listings
        assert [r.key for r in rows] == [
            "EL:same name|cn",
            "EL:same name|hk",
            "EL:same name|hk#2",
        ]
        regime = history_regime([read_csl("x.csv", text=text, taken=TAKEN)])
        assert len(regime.entities) == 3


def cut_after_last_comma(text: str, row: int) -> str:
    """`text` cut just after the last comma of its `row`th record (0: the header).

    In both CSV layouts a row's last field, `ids`, is mostly empty, so what is
    left of the row still has every field: only the line break is missing.
    """
    records = text.splitlines(keepends=True)  # the fixtures have no quoted breaks
    last = records[row].rstrip("\r\n")
    assert last.endswith(",")
    return "".join(records[:row]) + last


class TestTruncatedFiles:
    """A snapshot cut short is refused, never read as fewer listed parties."""

    @pytest.mark.parametrize("layout", ["older-layout.csv", "current-layout.csv"])
    def test_a_file_cut_after_a_rows_last_comma_is_refused(self, layout: str) -> None:
        """Cut after row 3's last comma: rows 4 to 7 would be lost without a word."""
        text = (DATA / layout).read_text(encoding="utf-8")
        cut = cut_after_last_comma(text, 3)
        for skip in (False, True):
            with pytest.raises(ScreeningFileError) as caught:
                read_csl("csl.csv", text=cut, taken=TAKEN, skip_bad_rows=skip)
            assert (
                "csl.csv:4: the file ends inside this row: truncated? "
                "(it ends just after a comma, and no line break ends it)"
            ) == str(caught.value)
            assert [4] == [p.line for p in caught.value.problems]

    def test_a_history_import_does_not_read_the_lost_rows_as_removals(
        self, tmp_path: Path
    ) -> None:
        """The February download, cut short, is refused: nobody is removed by it."""
        text = (DATA / "snapshot-2026-02-05.csv").read_text(encoding="utf-8")
        cut = tmp_path / "snapshot-2026-02-05.csv"
        cut.write_text(cut_after_last_comma(text, 2), encoding="utf-8", newline="")
        with pytest.raises(ScreeningFileError, match="truncated"):
            read_csl(cut, taken=dt.date(2026, 2, 5))

    @pytest.mark.parametrize(
        ("tail", "why"),
        [
            ("EL,Bar Co.", "the row has 2 of 3 cells, and no line break ends it"),
            ('EL,"Bar Co.', "a quoted value is never closed"),
            ('EL,"Bar Co.\n', "a quoted value is never closed"),
        ],
    )
    def test_a_file_cut_inside_a_row_is_refused(self, tail: str, why: str) -> None:
        """A last row short of fields or inside quotes: truncated, not a bad row."""
        text = "source,name,start_date\nEL,Foo Co.,2020-01-01\n" + tail
        with pytest.raises(ScreeningFileError) as caught:
            read_csl("x.csv", text=text, taken=TAKEN, skip_bad_rows=True)
        assert f"x.csv:3: the file ends inside this row: truncated? ({why})" == str(
            caught.value
        )

    @pytest.mark.parametrize(
        "tail",
        ["EL,Bar Co.,2020-01-01", 'EL,Bar Co.,""', "EL,Bar Co.,\r", "EL,Bar Co.,\r\n"],
    )
    def test_a_complete_last_row_needs_no_line_break(self, tail: str) -> None:
        """Many well-formed files lack a final line break: a whole row is read."""
        text = "source,name,start_date\nEL,Foo Co.,2020-01-01\n" + tail
        snapshot = read_csl("x.csv", text=text, taken=TAKEN)
        assert ["Foo Co.", "Bar Co."] == [x.name for x in snapshot.listings]

    @pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
    def test_the_real_samples_end_at_a_record_boundary(self) -> None:
        """The current sample ends in a closing quote without a line break: read."""
        for name in ("csl-older-layout.csv", "csl-current-layout.csv"):
            assert read_csl(SHARED / name, taken=TAKEN).listings


class TestEntityListRows:
    def test_each_row_is_a_cited_dated_restriction(self, mythos: object) -> None:
        """An Entity List row is a license requirement with its policy and citations."""
        regime = mythos
        rule = regime.notice(f"{NORTHWIND}/listed-2023-03-01").adds[0]  # type: ignore[attr-defined]
        assert rule.review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL
        assert rule.citation.source == "88 FR 10001; 89 FR 20002"
        assert rule.effect.value == "license_required"

    def test_review_policies_and_items_are_parsed(self, mythos: object) -> None:
        """A row's license policy and item scope (all items but EAR99) are read."""

        def rule(entity: str, start: str):  # type: ignore[no-untyped-def]
            return mythos.notice(f"{entity}/listed-{start}").adds[0]  # type: ignore[attr-defined]

        assert (
            rule(HARBOR, "2022-06-15").review_policy
            is ReviewPolicy.PRESUMPTION_OF_DENIAL
        )
        kestrel = rule(KESTREL, "2021-09-01")
        assert kestrel.review_policy is ReviewPolicy.POLICY_OF_DENIAL
        assert kestrel.citation.source == "86 FR 40004; 87 FR 50005 (no. 12)"
        assert kestrel.items.describe() == "not (the item is classified ECCN `EAR99`)"

    def test_mythos_weights_need_a_license_after_the_listing(
        self, mythos: object
    ) -> None:
        """A listed party needs a license, explained with its policy and citations."""
        decision = mythos.decide(weights(NORTHWIND), on="2026-07-01")  # type: ignore[attr-defined]
        assert decision.verdict is Verdict.LICENSE_REQUIRED
        text = decision.explain()
        assert "presumption of denial" in text
        assert "88 FR 10001; 89 FR 20002" in text

    def test_not_before_the_listing(self, mythos: object) -> None:
        """A listing binds from its start date, not the day before."""
        decision = mythos.decide(weights(NORTHWIND), on="2023-02-28")  # type: ignore[attr-defined]
        assert decision.verdict is Verdict.PERMITTED
        assert mythos.decide(weights(NORTHWIND), on="2023-03-01").verdict is (  # type: ignore[attr-defined]
            Verdict.LICENSE_REQUIRED
        )

    def test_an_unclassified_item_is_undetermined_under_a_not_ear99_entry(
        self, mythos: object
    ) -> None:
        """Under an entry for all but EAR99, an unclassified item is undetermined."""
        decision = mythos.decide(weights(KESTREL), on="2025-01-01")  # type: ignore[attr-defined]
        assert decision.verdict is Verdict.UNDETERMINED
        assert "ECCN classification of item `mythos-5`" in decision.missing_facts


class TestOtherLists:
    def test_denied_persons_are_prohibited_until_the_order_ends(self) -> None:
        """A denied person is prohibited from the order's start until it ends."""
        regime = regime_of("snapshot-2026-01-05.csv", base="mythos5")
        ask = weights(ORION, "fable-5")
        assert regime.decide(ask, on="2020-09-27").verdict is Verdict.PERMITTED
        assert regime.decide(ask, on="2020-09-28").verdict is Verdict.PROHIBITED
        assert regime.decide(ask, on="2030-09-27").verdict is Verdict.PROHIBITED
        assert regime.decide(ask, on="2030-09-28").verdict is Verdict.PERMITTED

    def test_a_shortened_denial_order_is_known_from_the_snapshot_showing_it(
        self,
    ) -> None:
        """A denial order shortened in a later snapshot ends early, as known then."""
        head = "source,name,start_date,end_date\n"
        regime = history_regime(
            [
                read_csl("a.csv", text=head + "DPL,Example Forwarder,2020-01-01,2030-01-01\n",
                         taken=dt.date(2026, 1, 5)),
                read_csl("b.csv", text=head + "DPL,Example Forwarder,2020-01-01,2026-03-01\n",
                         taken=dt.date(2026, 2, 5)),
            ]
        )  # fmt: skip
        ask = Access("dpl-example-forwarder", weights_item(), "hosted-api")
        assert regime.decide(ask, on="2026-04-01").verdict is Verdict.PERMITTED
        then = regime.decide(ask, on="2026-04-01", as_known_on="2026-01-10")
        assert then.verdict is Verdict.PROHIBITED

    def test_unverified_parties_need_their_statement(self) -> None:
        """An Unverified List party is prohibited until it attests its statement."""
        regime = regime_of("snapshot-2026-01-05.csv", base="mythos5")
        ask = Access(ATLAS, "fable-5", "hosted-api", location="AM")
        refused = regime.decide(ask, on="2026-03-01")
        assert refused.verdict is Verdict.PROHIBITED
        assert "uvl-statement" in refused.explain()
        attested = Access(
            ATLAS,
            "fable-5",
            "hosted-api",
            location="AM",
            attestations={"uvl-statement"},
        )
        assert regime.decide(attested, on="2026-03-01").verdict is Verdict.PERMITTED
        # the statement lifts only the UVL restriction, not the Fable 5 letter
        assert (
            regime.decide(attested, on="2026-07-01").verdict is Verdict.LICENSE_REQUIRED
        )

    def test_an_unreadable_license_requirement_is_undetermined(self) -> None:
        """A listing whose license requirement cannot be read is undetermined."""
        regime = regime_of("snapshot-2026-01-05.csv", base="mythos5")
        decision = regime.decide(weights(ACADEMY), on="2026-01-10")
        assert decision.verdict is Verdict.UNDETERMINED
        assert any("supplement no. 2 to part 744" in f for f in decision.missing_facts)

    def test_unmodelled_lists_caveat_the_decision(self) -> None:
        """A party on a list not modelled (SDN) gets a caveat and a reason code."""
        regime = regime_of("snapshot-2026-01-05.csv", base="mythos5")
        decision = regime.decide(
            Access(SABLE, "fable-5", "hosted-api"), on="2026-03-01"
        )
        assert [c.kind for c in decision.caveats] == [CaveatKind.LISTED_NOT_MODELLED]
        assert "Specially Designated Nationals" in decision.explain()
        assert "not model" in decision.caveats[0].text
        assert decision.reason_code == "listed:treasury-sdn"
        assert decision.to_dict()["caveats"][0]["list"] == "treasury-sdn"
        earlier = regime.decide(Access(SABLE, "fable-5", "hosted-api"), on="2026-01-04")
        assert earlier.caveats == ()  # listed from the snapshot: the row has no date

    def test_individuals_keep_their_nationalities(self) -> None:
        """A listed individual becomes an individual with the row's nationalities."""
        text = (
            "source,type,name,nationalities,start_date\n"
            "DPL,Individual,Example Person,KP,2020-01-01\n"
        )
        regime = history_regime([read_csl("x.csv", text=text, taken=TAKEN)])
        person = regime.entity("dpl-example-person")
        assert person.kind is EntityKind.INDIVIDUAL
        assert [c.country for c in person.citizenships] == ["KP"]


class TestSnapshotsOverTime:
    def test_a_party_missing_a_month_later_is_removed_on_that_day(self) -> None:
        """A party missing from a later snapshot is removed on that snapshot's day."""
        regime = regime_of(
            "snapshot-2026-01-05.csv", "snapshot-2026-02-05.csv", base="mythos5"
        )
        ask = weights(HARBOR, "fable-5")
        assert regime.decide(ask, on="2026-02-04").verdict is Verdict.LICENSE_REQUIRED
        # Harbor Lane is in Hong Kong: a foreign person, so the Fable letter binds
        # from 2026-06-12; between the removal and the letter it is permitted.
        assert regime.decide(ask, on="2026-02-05").verdict is Verdict.PERMITTED
        removal = regime.notice(f"{HARBOR}/removed-2026-02-05")
        assert str(removal.published) == "2026-02-05"
        assert removal.revokes == (f"{HARBOR}/listing",)

    def test_as_known_on_answers_what_the_list_said(self) -> None:
        """`as_known_on=` a day before a removal answers as the list stood then."""
        regime = regime_of(
            "snapshot-2026-01-05.csv", "snapshot-2026-02-05.csv", base="mythos5"
        )
        ask = weights(HARBOR, "fable-5")
        then = regime.decide(ask, on="2026-03-01", as_known_on="2026-02-04")
        assert then.verdict is Verdict.LICENSE_REQUIRED
        assert regime.decide(ask, on="2026-03-01").verdict is Verdict.PERMITTED

    def test_a_changed_row_is_an_amendment(self) -> None:
        """A row changed between snapshots is amended then, with its new citation."""
        regime = regime_of("snapshot-2026-01-05.csv", "snapshot-2026-02-05.csv")
        amended = regime.notice(f"{NORTHWIND}/amended-2026-02-05")
        assert (
            amended.amends[0].citation.source == "88 FR 10001; 89 FR 20002; 91 FR 70007"
        )
        ask = Access(NORTHWIND, weights_item(), "weights-transfer")
        before = regime.decide(ask, on="2026-02-04").explain()
        after = regime.decide(ask, on="2026-02-05").explain()
        assert "91 FR 70007" not in before
        assert "91 FR 70007" in after

    def test_changes_list_the_removal_with_its_notice(self) -> None:
        """`changes()` lists a removal as revoked and a changed row as amended."""
        regime = regime_of("snapshot-2026-01-05.csv", "snapshot-2026-02-05.csv")
        found = regime.changes("2026-02-01", "2026-03-01")
        kinds = {(c.rule_id, c.kind.value) for c in found}
        assert (f"{HARBOR}/listing", "revoked") in kinds
        assert (f"{NORTHWIND}/listing", "amended") in kinds

    def test_a_listing_first_seen_late_is_known_from_that_snapshot(self) -> None:
        """A back-dated listing seen late applies from its start, known from then."""
        old = "source,name,start_date\nEL,Early Co.,2020-01-01\n"
        both = old + "EL,Late Co.,2020-01-01\n"
        regime = history_regime(
            [
                read_csl("a.csv", text=old, taken=dt.date(2026, 1, 5)),
                read_csl("b.csv", text=both, taken=dt.date(2026, 2, 5)),
            ]
        )
        notice = regime.notice("el-late-co/listed-2020-01-01")
        assert str(notice.published) == "2026-02-05"
        assert notice.retroactive
        ask = Access("el-late-co", weights_item(), "weights-transfer")
        assert regime.decide(ask, on="2021-01-01").verdict is Verdict.LICENSE_REQUIRED
        known_then = regime.decide(ask, on="2021-01-01", as_known_on="2026-01-31")
        assert known_then.verdict is Verdict.PERMITTED

    def test_a_party_listed_again_after_a_removal_is_listed_again(self) -> None:
        """A party removed and listed again binds again, under a new listing id."""
        head = "source,name,start_date\n"
        listed = head + "EL,Foo Co.,2020-01-01\nEL,Bar Co.,2020-01-01\n"
        days = (dt.date(2026, 1, 5), dt.date(2026, 2, 5), dt.date(2026, 3, 5))
        texts = (listed, head + "EL,Bar Co.,2020-01-01\n", listed)
        regime = history_regime(
            [
                read_csl(f"{d}.csv", text=t, taken=d)
                for d, t in zip(days, texts, strict=True)
            ]
        )
        ask = Access("el-foo-co", weights_item(), "hosted-api")
        verdicts = [
            regime.decide(ask, on=d).verdict for d in ("2026-01-10", "2026-03-10")
        ]
        assert verdicts == [Verdict.LICENSE_REQUIRED, Verdict.LICENSE_REQUIRED]
        between = regime.decide(ask, on="2026-02-10", as_known_on="2026-02-10")
        assert between.verdict is Verdict.PERMITTED
        assert regime.notice("el-foo-co/listed-2020-01-01-2").adds[0].id == (
            "el-foo-co/listing-2"
        )

    def test_a_snapshot_with_bad_rows_removes_nobody(self) -> None:
        """A snapshot read with bad rows skipped removes nobody."""
        head = "source,name,start_date\n"
        good = read_csl("a.csv", text=head + "EL,Foo Co.,2020-01-01\n", taken=TAKEN)
        bad = read_csl(
            "b.csv",
            text=head + "EL,Foo Co.,2020-5-1\nEL,Bar Co.,2020-01-01\n",
            taken=dt.date(2026, 2, 5),
            skip_bad_rows=True,
        )
        regime = history_regime([good, bad])
        ask = Access("el-foo-co", weights_item(), "hosted-api")
        assert regime.decide(ask, on="2026-03-01").verdict is Verdict.LICENSE_REQUIRED

    def test_an_empty_snapshot_after_a_full_one_is_refused(self) -> None:
        """An empty snapshot after a full one is refused, not read as all removed."""
        one = read_csl("a.csv", text="source,name\nEL,Foo Co.\n", taken=TAKEN)
        empty = read_csl("b.csv", text="source,name\n", taken=dt.date(2026, 2, 5))
        with pytest.raises(
            ValueError, match=r"b\.csv \(taken 2026-02-05\) has no rows"
        ):
            history_regime([one, empty])

    def test_a_duplicate_name_keeps_its_listing_when_the_other_goes(self) -> None:
        """Of two parties of one name, one stays listed when the other goes."""
        head = "source,name,addresses,start_date\n"
        both = (
            head
            + 'EL,Twin Co.,"Berlin, DE",2020-01-01\nEL,Twin Co.,"Brussels, BE",2020-01-01\n'
        )
        regime = history_regime(
            [
                read_csl("a.csv", text=both, taken=TAKEN),
                read_csl(
                    "b.csv",
                    text=head + 'EL,Twin Co.,"Brussels, BE",2020-01-01\n',
                    taken=dt.date(2026, 2, 5),
                ),
            ]
        )
        brussels = next(e for e in regime.entities if e.address_countries == ("BE",))
        ask = Access(brussels.id, weights_item(), "hosted-api")
        assert regime.decide(ask, on="2026-03-01").verdict is Verdict.LICENSE_REQUIRED

    def test_a_changed_address_is_an_amendment_of_the_same_party(self) -> None:
        """A party whose address changes stays one party, amended and still listed."""
        head = "source,name,addresses,start_date\n"
        regime = history_regime(
            [
                read_csl(
                    "a.csv",
                    text=head + "EL,Mover Co.,Berlin DE,2020-01-01\n",
                    taken=TAKEN,
                ),
                read_csl(
                    "b.csv",
                    text=head + "EL,Mover Co.,Vienna AT,2020-01-01\n",
                    taken=dt.date(2026, 2, 5),
                ),
            ]
        )
        assert [e.id for e in regime.entities] == ["el-mover-co"]
        assert regime.notice("el-mover-co/amended-2026-02-05")
        ask = Access("el-mover-co", weights_item(), "hosted-api")
        assert regime.decide(ask, on="2026-03-01").verdict is Verdict.LICENSE_REQUIRED

    def test_an_amendment_before_the_start_takes_effect_with_it(self) -> None:
        """A listing amended before its start date starts with the amended terms."""
        head = "source,name,start_date,license_policy\n"
        regime = history_regime(
            [
                read_csl(
                    "a.csv",
                    text=head + "EL,Soon Co.,2026-03-01,Case-by-case\n",
                    taken=TAKEN,
                ),
                read_csl(
                    "b.csv",
                    text=head + "EL,Soon Co.,2026-03-01,Presumption of denial\n",
                    taken=dt.date(2026, 2, 20),
                ),
            ]
        )
        ask = Access("el-soon-co", weights_item(), "hosted-api")
        decision = regime.decide(ask, on="2026-04-01")
        assert decision.review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL

    def test_a_listing_withdrawn_before_its_start_never_applies(self) -> None:
        """A listing withdrawn before its start never applies, nor screens."""
        head = "source,name,start_date\n"
        regime = history_regime(
            [
                read_csl("a.csv", text=head + "EL,Soon Co.,2026-03-01\n", taken=TAKEN),
                read_csl("b.csv", text=head + "EL,Other Co.,2020-01-01\n",
                         taken=dt.date(2026, 2, 20)),
            ]
        )  # fmt: skip
        ask = Access("el-soon-co", weights_item(), "hosted-api")
        assert regime.decide(ask, on="2027-01-01").verdict is Verdict.PERMITTED
        assert screening.screen(regime, "Soon Co", on="2027-01-01") == ()
        then = regime.decide(ask, on="2027-01-01", as_known_on="2026-02-01")
        assert then.verdict is Verdict.LICENSE_REQUIRED

    def test_two_snapshots_on_one_day_are_refused(self) -> None:
        """Two snapshots taken on one day, or none at all, are refused."""
        one = read_csl(DATA / "older-layout.csv", taken=TAKEN)
        with pytest.raises(ValueError, match="two snapshots taken on 2026-01-05"):
            history_regime([one, one])
        with pytest.raises(ValueError, match="at least one"):
            history_regime([])

    def test_the_history_round_trips_through_a_regime_file(self) -> None:
        """A regime built from snapshots round-trips through a regime file."""
        regime = regime_of("snapshot-2026-01-05.csv", "snapshot-2026-02-05.csv")
        again = loads_regime(dump_regime(regime), name="csl.yaml")
        ask = weights(HARBOR, weights_item())
        for day in ("2026-01-10", "2026-02-10"):
            assert (
                again.decide(ask, on=day).verdict is regime.decide(ask, on=day).verdict
            )
        assert again == regime


def weights_item() -> object:
    from aicontrols import ControlledItem

    return ControlledItem("example-model", developer="example-lab")


@pytest.fixture(scope="module")
def two_snapshots() -> object:
    return regime_of("snapshot-2026-01-05.csv", "snapshot-2026-02-05.csv")


class TestScreening:
    @pytest.fixture
    def regime(self, two_snapshots: object) -> object:
        return two_snapshots

    def test_candidates_come_with_score_and_reasons(self, regime: object) -> None:
        """Screening a name finds the listed party with its score, lists and reasons."""
        found = screening.screen(regime, "Northwind Photonics", "CN", on="2026-03-01")  # type: ignore[arg-type]
        assert [c.entity.id for c in found] == [NORTHWIND]
        best = found[0]
        assert best.name_score == 1.0
        assert best.score == 1.0
        assert best.lists == ("entity-list",)
        assert "name words northwind, photonics" in best.reasons[0]
        assert "country CN is one of the party's" in best.reasons[1]

    def test_aliases_match_too(self, regime: object) -> None:
        """A listed party's alias matches, and the candidate names the alias."""
        found = screening.screen(regime, "NW Photonics", on="2026-03-01")  # type: ignore[arg-type]
        assert found[0].matched == "NW Photonics"

    def test_a_wrong_country_lowers_the_score(self, regime: object) -> None:
        """A country not among the party's lowers the score, and a reason says so."""
        found = screening.screen(
            regime,  # type: ignore[arg-type]
            "Northwind Photonics",
            "FR",
            on="2026-03-01",
        )
        assert found[0].score == pytest.approx(0.8)
        assert "country FR is not among the party's (CN)" in found[0].reasons[1]

    def test_partial_names_score_lower_and_min_score_filters(
        self, regime: object
    ) -> None:
        """A partial name scores lower; `min_score=` drops candidates below it."""
        found = screening.screen(
            regime, "Northwind Trading", on="2026-03-01", min_score=0
        )  # type: ignore[arg-type]
        assert found[0].entity.id == NORTHWIND
        assert found[0].score == pytest.approx(0.5)
        assert (
            screening.screen(
                regime, "Northwind Trading", on="2026-03-01", min_score=0.6
            )
            == ()
        )  # type: ignore[arg-type]

    def test_only_parties_listed_on_the_day(self, regime: object) -> None:
        """Only parties listed on the day are found, as of `as_known_on=` if given."""
        assert screening.screen(regime, "Harbor Lane Trading", on="2026-02-04")  # type: ignore[arg-type]
        assert screening.screen(regime, "Harbor Lane Trading", on="2026-02-05") == ()  # type: ignore[arg-type]
        known = screening.screen(
            regime,  # type: ignore[arg-type]
            "Harbor Lane Trading",
            on="2026-02-05",
            as_known_on="2026-02-01",
        )
        assert [c.entity.id for c in known] == [HARBOR]

    def test_bad_questions_are_errors(self, regime: object) -> None:
        """A name without words or a country that is not a code is a `QueryError`."""
        from aicontrols import QueryError

        with pytest.raises(QueryError, match="`name`"):
            screening.screen(regime, " ,. ", on="2026-03-01")  # type: ignore[arg-type]
        with pytest.raises(QueryError, match="`country`"):
            screening.screen(regime, "Northwind", "China", on="2026-03-01")  # type: ignore[arg-type]

    def test_a_confirmed_match_links_the_customer_to_the_listing(
        self, regime: object
    ) -> None:
        """Confirming a match links the customer to the listing, whose rules bind."""
        customer = Entity("cust-42", name="Northwind Photonics (Wuhan)", country="CN")
        ask = Access(customer, weights_item(), "weights-transfer")  # type: ignore[arg-type]
        assert regime.decide(ask, on="2026-03-01").verdict is Verdict.PERMITTED  # type: ignore[attr-defined]
        match = screening.screen(regime, customer.name or "", "CN", on="2026-03-01")[0]  # type: ignore[arg-type]
        linked = screening.confirm(customer, match)
        decision = regime.decide(
            Access(linked, weights_item(), "weights-transfer"), on="2026-03-01"
        )  # type: ignore[arg-type, attr-defined]
        assert decision.verdict is Verdict.LICENSE_REQUIRED
        assert "91 FR 70007" in decision.explain()
        assert screening.confirm(linked, match) is linked


@pytest.fixture(scope="module")
def affiliates() -> object:
    text = (
        "source,name,addresses,federal_register_notice,start_date,"
        "license_requirement,license_policy\n"
        "EL,Parent Example Holdings,CN,90 FR 11111,2025-05-01,"
        "For all items subject to the EAR.,Presumption of denial.\n"
    )
    snapshot = read_csl("el.csv", text=text, taken=dt.date(2025, 6, 1))
    return history_regime([snapshot], base=examples.load("affiliates-rule-2025"))


def test_an_owner_given_with_a_link_is_refused_not_dropped() -> None:
    """An owner given as a linked entity is refused, asking for its id, not dropped."""
    parent = screening.confirm(Entity("parent-co"), "el-parent-example-holdings")
    with pytest.raises(ValueError, match="give the linked id"):
        Ownership(parent, share=0.6)


class TestAffiliates:
    @pytest.fixture
    def regime(self, affiliates: object) -> object:
        return affiliates

    def subsidiary(self, share: float) -> Entity:
        return Entity(
            "sub-co",
            country="SG",
            owners=[Ownership("el-parent-example-holdings", share=share)],
        )

    @pytest.mark.parametrize(
        ("day", "verdict"),
        [
            ("2025-09-28", Verdict.PERMITTED),  # before the affiliates rule
            ("2025-10-15", Verdict.LICENSE_REQUIRED),  # in force
            ("2026-01-15", Verdict.PERMITTED),  # suspended
            ("2026-11-10", Verdict.LICENSE_REQUIRED),  # in force again
        ],
    )
    def test_a_majority_owned_company_is_treated_as_listed(
        self, regime: object, day: str, verdict: Verdict
    ) -> None:
        """A company 60% owned by a listed party is listed while the rule binds."""
        ask = Access(self.subsidiary(0.6), "example-model", "hosted-api")
        assert regime.decide(ask, on=day).verdict is verdict  # type: ignore[attr-defined]

    def test_a_catalog_owner_confirmed_as_the_listed_party_taints(
        self, regime: object
    ) -> None:
        """A catalog owner confirmed as a listed party taints its subsidiary."""
        import attrs

        parent = screening.confirm(Entity("parent-co"), "el-parent-example-holdings")
        linked = attrs.evolve(regime, entities=(*regime.entities, parent))  # type: ignore[attr-defined]
        sub = Entity("sub-co", country="SG", owners=[Ownership("parent-co", share=0.6)])
        ask = Access(sub, "example-model", "hosted-api")
        assert linked.decide(ask, on="2025-10-15").verdict is Verdict.LICENSE_REQUIRED

    def test_a_minority_holding_is_not(self, regime: object) -> None:
        """A company 20% owned by a listed party is not treated as listed."""
        ask = Access(self.subsidiary(0.2), "example-model", "hosted-api")
        assert regime.decide(ask, on="2025-10-15").verdict is Verdict.PERMITTED  # type: ignore[attr-defined]

    def test_an_owner_removed_from_the_list_no_longer_taints(self) -> None:
        """Once its owner is removed from the list, a subsidiary is not listed."""
        listed = "source,name,start_date\nEL,Parent Example Holdings,2025-05-01\n"
        regime = history_regime(
            [
                read_csl("a.csv", text=listed, taken=dt.date(2025, 6, 1)),
                read_csl(
                    "b.csv",
                    text="source,name\nEL,Other Co.\n",
                    taken=dt.date(2025, 10, 20),
                ),
            ],
            base=examples.load("affiliates-rule-2025"),
        )
        ask = Access(self.subsidiary(0.6), "example-model", "hosted-api")
        assert regime.decide(ask, on="2025-10-15").verdict is Verdict.LICENSE_REQUIRED
        assert regime.decide(ask, on="2025-10-25").verdict is Verdict.PERMITTED
        known = regime.decide(ask, on="2025-10-25", as_known_on="2025-10-19")
        assert known.verdict is Verdict.LICENSE_REQUIRED


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
class TestRealSampleRows:
    @pytest.mark.parametrize("name", ["csl-older-layout.csv", "csl-current-layout.csv"])
    def test_every_entity_list_row_is_a_cited_dated_restriction(
        self, name: str
    ) -> None:
        """Every Entity List row of the real samples is a dated, cited restriction."""
        path = SHARED / name
        snapshot = read_csl(path, taken=TAKEN)
        raw = _rows(path)
        assert len(snapshot.listings) == len(raw)
        regime = history_regime([snapshot])
        el = [x for x in snapshot.listings if x.source == "EL"]
        assert len(el) == sum(1 for r in raw if "(EL)" in r["source"])
        restrictions = [
            (n, n.adds[0]) for n in regime.notices if n.adds and n.id.startswith("el-")
        ]
        assert len(restrictions) == len(el)
        for row in el:
            policy = (row.license_policy or "").casefold()
            expected = (
                ReviewPolicy.POLICY_OF_DENIAL
                if policy.startswith("policy of denial")
                else ReviewPolicy.PRESUMPTION_OF_DENIAL
                if "presumption of denial" in policy
                else None
            )
            found = [
                rule
                for notice, rule in restrictions
                if str(notice.effective) == str(row.start)
                and rule.description.startswith(row.name + " is on")  # type: ignore[union-attr]
                and rule.citation.source == "; ".join(row.federal_register_notices)  # type: ignore[union-attr]
                and rule.review_policy is expected
            ]
            assert found, (row.name, row.start, row.license_policy)
            cited = {
                screening.split_citations(r["federal_register_notice"])
                for r in raw
                if r["name"].strip() == row.name
            }
            assert row.federal_register_notices in cited

    def test_the_samples_decide(self) -> None:
        """The real samples decide: a party listed in one is removed by the next."""
        snapshots = [
            read_csl(SHARED / "csl-older-layout.csv", taken=dt.date(2026, 1, 5)),
            read_csl(SHARED / "csl-current-layout.csv", taken=dt.date(2026, 2, 5)),
        ]
        regime = history_regime(snapshots, base=examples.load("mythos5"))
        group = regime.entity("el-32-group-china-ltd")
        decision = regime.decide(weights(group), on="2026-01-10")
        assert decision.verdict is Verdict.LICENSE_REQUIRED
        assert "80 FR 69852" in decision.explain()
        # the current sample no longer shows it: removed on the later snapshot
        assert (
            regime.decide(weights(group), on="2026-02-06").verdict is Verdict.PERMITTED
        )
        later = regime.decide(
            weights(group), on="2026-07-01"
        )  # the Mythos letter binds
        assert [a.restriction.id for a in later.applied] == [
            "mythos-fable-foreign-access"
        ]
