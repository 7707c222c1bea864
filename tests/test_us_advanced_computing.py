"""The bundled `us-advanced-computing` regime beyond the worked cases: the rows,
exceptions, dates and fail-closed answers its file documents.

The parties and chips named `illustrative-*` are made up; the Supp. No. 8
entities are real names from that supplement (91 FR 43038).
"""

from __future__ import annotations

import datetime as dt

import pytest

import aicontrols as ac

P = ac.Verdict.PERMITTED
LR = ac.Verdict.LICENSE_REQUIRED
U = ac.Verdict.UNDETERMINED
K = ac.CaveatKind
R = ac.ReviewPolicy

H200 = "illustrative-h200-class"
CHIP_B = "illustrative-3a090b-accelerator"
HBM = "illustrative-hbm-stack"


def around(day: str) -> list[str]:
    """The day before, the day of and the day after `day` (ISO dates)."""
    d = dt.date.fromisoformat(day)
    return [(d + dt.timedelta(days=n)).isoformat() for n in (-1, 0, 1)]


def cites(decision: ac.Decision, text: str) -> bool:
    """Whether one of the decision's citations has `text` in its source."""
    return any(text in c.source for c in decision.citations)


def kinds(decision: ac.Decision) -> list[ac.CaveatKind]:
    return [c.kind for c in decision.caveats]


@pytest.fixture(scope="module")
def chips() -> ac.Regime:
    """The bundled advanced-computing and model-weights regime."""
    return ac.examples.load("us-advanced-computing")


def ship(recipient: str, item: str, where: str, *attested: str) -> ac.Access:
    """`item` installed at `recipient`'s premises in `where`, exported from the US."""
    return ac.Access(recipient, item, "on-premises", where, attestations=attested)


class TestTheFile:
    def test_notices_in_order(self, chips: ac.Regime) -> None:
        """The regime is built from the dated notices of the Federal Register history."""
        assert [
            "87-fr-62186",
            "88-fr-73458",
            "89-fr-96790",
            "90-fr-4544",
            "90-fr-4544-compliance",
            "90-fr-9604",
            "bis-2025-05-13",
            "91-fr-1684",
            "bis-2026-05-31",
            "91-fr-43038",
            "91-fr-43038-g42-expiry",
        ] == [
            n.id
            for n in sorted(chips.notices, key=lambda n: (n.published, n.effective))
        ]

    def test_every_rule_is_cited(self, chips: ac.Regime) -> None:
        """Every restriction and exemption version carries its own citation."""
        uncited = [
            rule.id
            for notice in chips.notices
            for rule in (*notice.adds, *notice.amends)
            if rule.citation is None
        ]
        assert [] == uncited

    def test_illustrative_parties_say_so(self, chips: ac.Regime) -> None:
        """Every catalog entry not named in Supp. No. 8 is marked ILLUSTRATIVE in its name."""
        unmarked = [
            x.id
            for x in (*chips.entities, *chips.items)
            if "ILLUSTRATIVE" not in (x.name or "")
            and "Supp. No. 8" not in (x.name or "")
        ]
        assert [] == unmarked

    def test_lint_clean(self, chips: ac.Regime) -> None:
        """`aicontrols.lint` finds nothing in the bundled file."""
        assert () == tuple(ac.lint(chips))


class TestBeforeTheGroupData:
    @pytest.mark.parametrize("day", ["2023-11-16", "2024-06-01", "2025-01-12"])
    def test_a_group_read_before_2025_01_13_is_unknown(
        self, chips: ac.Regime, day: str
    ) -> None:
        """Before the Country Group data starts, a .b-side chip to Vietnam (D:1) is UNDETERMINED."""
        decision = chips.decide(ship("illustrative-in-lab", CHIP_B, "VN"), on=day)
        assert U == decision.verdict
        assert any("2025-01-13" in fact for fact in decision.missing_facts)

    @pytest.mark.parametrize(
        ("day", "verdict"), zip(around("2025-01-13"), [U, LR, LR], strict=True)
    )
    def test_from_2025_01_13_it_is_known(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """From 2025-01-13 the groups are known: a .b-side chip to Vietnam needs a license."""
        assert (
            verdict
            == chips.decide(ship("illustrative-in-lab", CHIP_B, "VN"), on=day).verdict
        )

    @pytest.mark.parametrize(
        ("day", "verdict"), zip(around("2022-10-07"), [P, U, U], strict=True)
    )
    def test_the_2022_rule_is_not_in_the_data(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """Under 87 FR 62186 a 3A090 export is UNDETERMINED: its destinations are not in the data."""
        decision = chips.decide(ship("illustrative-cn-cloud", H200, "CN"), on=day)
        assert verdict == decision.verdict


class TestRows:
    @pytest.mark.parametrize(
        ("where", "verdict"), [("CN", LR), ("MO", LR), ("IN", P), ("DE", P)]
    )
    def test_hbm_to_macau_and_d5_only(
        self, chips: ac.Regime, where: str, verdict: ac.Verdict
    ) -> None:
        """3A090.c needs a license to Macau and D:5 only (742.6(a)(6)(i)(B))."""
        decision = chips.decide(
            ship("illustrative-cn-cloud", HBM, where), on="2026-01-16"
        )
        assert (verdict, verdict is LR) == (
            decision.verdict,
            cites(decision, "15 CFR 742.6(a)(6)(i)(B)"),
        )

    def test_hbm_review_follows_headquarters(self, chips: ac.Regime) -> None:
        """HBM to Macau for an Indian-headquartered firm: presumption of approval ((b)(10)(ii))."""
        buyer = ac.Entity("in-buyer", country="IN", headquarters="IN")
        access = ac.Access(buyer, HBM, "on-premises", "MO")
        assert (
            R.PRESUMPTION_OF_APPROVAL
            == chips.decide(access, on="2026-01-16").review_policy
        )

    @pytest.mark.parametrize(
        ("where", "verdict"), [("CN", LR), ("VN", LR), ("SA", LR), ("IN", P), ("SG", P)]
    )
    def test_b_side_to_d_minus_a(
        self, chips: ac.Regime, where: str, verdict: ac.Verdict
    ) -> None:
        """3A090.b needs a license to D:1, D:4 and D:5 outside A:5/A:6 (742.6(a)(6)(iii)(B))."""
        decision = chips.decide(
            ship("illustrative-in-lab", CHIP_B, where), on="2026-01-16"
        )
        assert verdict == decision.verdict

    def test_deemed_export_of_a_chip_is_outside_a6(self, chips: ac.Regime) -> None:
        """742.6(a)(6)(iv): a chip handed to a foreign national in the US needs no license."""
        visitor = ac.Entity("v", kind="individual", citizenships=[ac.Citizenship("CN")])
        decision = chips.decide(
            ac.Access(visitor, H200, "on-premises", "US"), on="2026-01-16"
        )
        assert (P, []) == (decision.verdict, list(decision.applied))

    def test_technology_without_its_items_is_undetermined(
        self, chips: ac.Regime
    ) -> None:
        """3E001 technology that does not say which items it is for (`FOR_ECCN`) is UNDETERMINED."""
        tech = ac.ControlledItem("some-3e001", classifications={"ECCN": "3E001"})
        access = ac.Access("illustrative-in-lab", tech, "weights-transfer", "IN")
        assert U == chips.decide(access, on="2026-01-16").verdict

    def test_an_item_without_an_eccn_is_undetermined(self, chips: ac.Regime) -> None:
        """An accelerator with parameters but no ECCN is UNDETERMINED, its ECCN named."""
        chip = ac.ControlledItem("unclassified", parameters={"tpp": 5000})
        decision = chips.decide(
            ac.Access("illustrative-in-lab", chip, "on-premises", "IN"), on="2026-01-16"
        )
        assert (U, True) == (
            decision.verdict,
            "ECCN classification of item `unclassified`" in decision.missing_facts,
        )


class TestExceptions:
    def test_aia_for_a_supp_5a_lab(self, chips: ac.Regime) -> None:
        """AIA lifts the worldwide row for a German lab, its conditions attested, naming the reporting threshold."""
        access = ship(
            "illustrative-de-lab",
            H200,
            "DE",
            "aia-ultimate-consignee-certification",
            "aia-ic-designer-requirement-met",
            "no-740-2-restriction",
        )
        decision = chips.decide(access, on="2026-01-16")
        lifts = {lift.exemption.id for a in decision.applied for lift in a.lifted_by}
        assert (P, True, True) == (
            decision.verdict,
            "license-exception-aia" in lifts,
            any("253,000,000" in c.text for c in decision.caveats),
        )

    def test_lpp_names_the_cap_it_does_not_track(self, chips: ac.Regime) -> None:
        """LPP lifts the worldwide row for an Indian lab, with a caveat naming the 26,900,000 TPP cap."""
        decision = chips.decide(
            ship("illustrative-in-lab", H200, "IN", "no-740-2-restriction"),
            on="2026-01-16",
        )
        assert (P, [K.NOT_TRACKED], True) == (
            decision.verdict,
            kinds(decision),
            any("26,900,000" in c.text for c in decision.caveats),
        )

    def test_lpp_not_for_a_chinese_parent(self, chips: ac.Regime) -> None:
        """LPP is not available to a subsidiary whose ultimate parent is in China."""
        access = ship("illustrative-my-subsidiary", H200, "MY", "no-740-2-restriction")
        assert LR == chips.decide(access, on="2026-01-16").verdict

    def test_allocation_caveat_where_the_row_binds(self, chips: ac.Regime) -> None:
        """Without an exception, an Indian lab's license is presumed approved up to an untracked allocation."""
        decision = chips.decide(
            ship("illustrative-in-lab", H200, "IN"), on="2026-01-16"
        )
        assert (LR, R.PRESUMPTION_OF_APPROVAL, True) == (
            decision.verdict,
            decision.review_policy,
            any("790,000,000" in c.text for c in decision.caveats),
        )


class TestApprovedUAEEntities:
    @pytest.mark.parametrize(
        ("day", "verdict"), zip(around("2026-07-14"), [LR, P, P], strict=True)
    )
    def test_from_the_later_date(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """Supp. No. 8 dates its entries 2026-07-10 or 07-14: the exemption starts on the later."""
        assert verdict == chips.decide(ship("microsoft", H200, "AE"), on=day).verdict

    @pytest.mark.parametrize(
        ("day", "verdict"), zip(around("2027-04-06"), [P, LR, LR], strict=True)
    )
    def test_g42_expires(self, chips: ac.Regime, day: str, verdict: ac.Verdict) -> None:
        """G42's approval expires on 2027-04-06."""
        assert verdict == chips.decide(ship("g42", H200, "AE"), on=day).verdict

    def test_every_party_must_be_approved(self, chips: ac.Regime) -> None:
        """An approved end user with an unapproved consignee: no exemption."""
        consignee = ac.Party("ultimate_consignee", "illustrative-in-lab")
        access = ac.Access("microsoft", H200, "on-premises", "AE", parties=[consignee])
        assert LR == chips.decide(access, on="2026-08-01").verdict

    def test_a_wholly_owned_subsidiary_is_approved(self, chips: ac.Regime) -> None:
        """A US company's wholly owned UAE subsidiary is approved with it."""
        sub = ac.Entity(
            "ms-gulf",
            country="AE",
            headquarters="AE",
            owners=[ac.Ownership("microsoft", share=1.0)],
        )
        assert (
            P
            == chips.decide(
                ac.Access(sub, CHIP_B, "on-premises", "AE"), on="2026-08-01"
            ).verdict
        )

    @pytest.mark.parametrize(
        ("day", "verdict"), zip(around("2026-07-14"), [P, LR, LR], strict=True)
    )
    def test_uae_named_in_the_b_row(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """A .b-side chip to an unapproved UAE firm needs a license from 2026-07-14."""
        buyer = ac.Entity("ae-co", country="AE", headquarters="AE")
        access = ac.Access(buyer, CHIP_B, "on-premises", "AE")
        assert verdict == chips.decide(access, on=day).verdict
