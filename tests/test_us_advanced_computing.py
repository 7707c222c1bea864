"""The bundled `us-advanced-computing` regime beyond the worked cases: the rows,
exceptions, dates and fail-closed answers its file documents.

The parties and chips named `illustrative-*` are made up; the Supp. No. 8
entities are real names from that supplement (91 FR 43038).
"""

from __future__ import annotations

import pytest

import aicontrols as ac

from .builders import around, cites, kinds

P = ac.Verdict.PERMITTED
LR = ac.Verdict.LICENSE_REQUIRED
U = ac.Verdict.UNDETERMINED
K = ac.CaveatKind
R = ac.ReviewPolicy

H200 = "illustrative-h200-class"
CHIP_B = "illustrative-3a090b-accelerator"
HBM = "illustrative-hbm-stack"


@pytest.fixture(scope="module")
def chips() -> ac.Regime:
    """The bundled advanced-computing and model-weights regime."""
    return ac.examples.load("us-advanced-computing")


def ship(
    recipient: str | ac.Entity,
    item: str | ac.ControlledItem,
    where: str,
    *attested: str,
) -> ac.Access:
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
        ("day", "verdict"), list(zip(around("2025-01-13"), [U, LR, LR], strict=True))
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
        ("day", "verdict"), list(zip(around("2022-10-07"), [P, U, U], strict=True))
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
        ("day", "verdict"), list(zip(around("2026-07-14"), [LR, P, P], strict=True))
    )
    def test_from_the_later_date(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """Supp. No. 8 dates its entries 2026-07-10 or 07-14: the exemption starts on the later."""
        assert verdict == chips.decide(ship("microsoft", H200, "AE"), on=day).verdict

    @pytest.mark.parametrize(
        ("day", "verdict"), list(zip(around("2027-04-06"), [P, LR, LR], strict=True))
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
        ("day", "verdict"), list(zip(around("2026-07-14"), [P, LR, LR], strict=True))
    )
    def test_uae_named_in_the_b_row(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """A .b-side chip to an unapproved UAE firm needs a license from 2026-07-14."""
        buyer = ac.Entity("ae-co", country="AE", headquarters="AE")
        access = ac.Access(buyer, CHIP_B, "on-premises", "AE")
        assert verdict == chips.decide(access, on=day).verdict


def chip(facts: dict[str, float], eccn: str | None = None) -> ac.ControlledItem:
    """An item not in the catalog with these facts (`training_operations` apart, parameters)."""
    parameters = {k: v for k, v in facts.items() if k != "training_operations"}
    return ac.ControlledItem(
        "unclassified",
        classifications={"ECCN": eccn} if eccn else {},
        parameters=parameters,
        training_operations=facts.get("training_operations"),
    )


# Every fact the rows read, recorded low: no row selects it by its parameters.
LOW: dict[str, float] = {
    "tpp": 100,
    "performance_density": 0.1,
    "memory_bandwidth_density": 0.5,
    "training_operations": 0,
}
NOT_DATACENTER = "ic-not-designed-or-marketed-for-datacenters"


def ids(decision: ac.Decision) -> dict[str, ac.Status]:
    return {a.id: a.status for a in decision.applied}


class TestSelectionByParameters:
    """By the ECCN where one is recorded; by the CCL's parameters where none is."""

    def test_tpp_5000_without_an_eccn_meets_3a090a(self, chips: ac.Regime) -> None:
        """No ECCN and a TPP of 5000: the worldwide .a row binds (3A090.a, TPP >= 4800)."""
        decision = chips.decide(
            ship("illustrative-in-lab", chip({"tpp": 5000}), "IN"), on="2026-01-16"
        )
        assert (LR, ac.Status.BINDING, True) == (
            decision.verdict,
            ids(decision).get("rs-3a090-4a090-worldwide"),
            cites(decision, "15 CFR 742.6(a)(6)(iii)(A)"),
        )

    def test_lpp_reads_the_same_parameters(self, chips: ac.Regime) -> None:
        """License Exception LPP lifts the worldwide row for an unclassified chip meeting 3A090.a."""
        item = chip({**LOW, "tpp": 5000})
        decision = chips.decide(
            ship("illustrative-in-lab", item, "IN", "no-740-2-restriction"),
            on="2026-01-16",
        )
        lifts = {lift.exemption.id for a in decision.applied for lift in a.lifted_by}
        assert (P, {"license-exception-lpp"}) == (decision.verdict, lifts)

    def test_tpp_1600_with_density_5_92_meets_3a090a(self, chips: ac.Regime) -> None:
        """No ECCN, TPP 1600 and performance density 5.92: the second .a branch selects it."""
        item = chip({**LOW, "tpp": 1600, "performance_density": 5.92})
        decision = chips.decide(
            ship("illustrative-in-lab", item, "IN"), on="2026-01-16"
        )
        assert {"rs-3a090-4a090-worldwide": ac.Status.BINDING} == ids(decision)

    @pytest.mark.parametrize("where", ["CN", "MO", "VN", "IN"])
    def test_low_parameters_are_not_selected(
        self, chips: ac.Regime, where: str
    ) -> None:
        """No ECCN, TPP 100 and every other fact recorded low: no row applies anywhere."""
        decision = chips.decide(
            ship("illustrative-cn-cloud", chip(LOW), where), on="2026-01-16"
        )
        assert (P, {}) == (decision.verdict, ids(decision))

    def test_no_tpp_is_undetermined_naming_it(self, chips: ac.Regime) -> None:
        """No ECCN and no TPP: UNDETERMINED, the missing `tpp` named."""
        item = chip({"performance_density": 0.1, "training_operations": 0})
        decision = chips.decide(
            ship("illustrative-in-lab", item, "IN"), on="2026-01-16"
        )
        assert (U, ["`tpp` of item `unclassified`"]) == (
            decision.verdict,
            list(decision.missing_facts),
        )

    @pytest.mark.parametrize("day", ["2024-06-01", "2025-06-01", "2026-01-16"])
    def test_ear99_is_never_selected(self, chips: ac.Regime, day: str) -> None:
        """An item recorded as EAR99 is selected by no row, however high its parameters."""
        item = chip(
            {
                "tpp": 30000,
                "performance_density": 10,
                "memory_bandwidth_density": 9,
                "training_operations": 1e27,
            },
            eccn="EAR99",
        )
        decision = chips.decide(ship("illustrative-cn-cloud", item, "CN"), on=day)
        assert (P, {}) == (decision.verdict, ids(decision))

    def test_a_recorded_3a090a_is_selected_whatever_its_parameters(
        self, chips: ac.Regime
    ) -> None:
        """An item recorded as 3A090.a with a TPP of 10 is still under the worldwide row."""
        item = chip({"tpp": 10, "performance_density": 0.1}, eccn="3A090.a")
        decision = chips.decide(
            ship("illustrative-in-lab", item, "IN"), on="2026-01-16"
        )
        assert ac.Status.BINDING == ids(decision).get("rs-3a090-4a090-worldwide")

    @pytest.mark.parametrize(("where", "binds"), [("VN", True), ("IN", False)])
    def test_3a090b_parameters_follow_the_b_row(
        self, chips: ac.Regime, where: str, binds: bool
    ) -> None:
        """No ECCN, TPP 3000 and density 2.0 (3A090.b): a license to Vietnam (D:1), not to India."""
        item = chip({**LOW, "tpp": 3000, "performance_density": 2.0})
        decision = chips.decide(
            ship("illustrative-in-lab", item, where), on="2026-01-16"
        )
        assert (binds, binds) == (
            decision.verdict is LR,
            ids(decision).get("rs-3a090-4a090") is ac.Status.BINDING,
        )

    def test_note_2_lifts_the_b_row_when_attested(self, chips: ac.Regime) -> None:
        """Note 2 to 3A090: a non-datacenter IC with TPP below 4800, attested, needs no license."""
        item = chip({**LOW, "tpp": 3000, "performance_density": 2.0})
        plain = chips.decide(ship("illustrative-in-lab", item, "VN"), on="2026-01-16")
        attested = chips.decide(
            ship("illustrative-in-lab", item, "VN", NOT_DATACENTER), on="2026-01-16"
        )
        assert (LR, P, {"rs-3a090-4a090": ac.Status.LIFTED}, True) == (
            plain.verdict,
            attested.verdict,
            ids(attested),
            cites(attested, "Note 2"),
        )

    @pytest.mark.parametrize(
        "item",
        [
            chip({**LOW, "tpp": 5000}),
            chip({**LOW, "tpp": 3000, "performance_density": 2.0}, eccn="3A090.b"),
        ],
        ids=["tpp-5000", "recorded-3a090b"],
    )
    def test_note_2_does_not_reach(
        self, chips: ac.Regime, item: ac.ControlledItem
    ) -> None:
        """Note 2 lifts nothing for a TPP of 4800 or more, nor for an item whose ECCN is recorded."""
        decision = chips.decide(
            ship("illustrative-cn-cloud", item, "CN", NOT_DATACENTER), on="2026-01-16"
        )
        assert LR == decision.verdict

    @pytest.mark.parametrize(("density", "verdict"), [(7.0, LR), (2.0, LR), (1.9, P)])
    def test_3a090c_by_memory_bandwidth_density(
        self, chips: ac.Regime, density: float, verdict: ac.Verdict
    ) -> None:
        """No ECCN: memory bandwidth density above 2 GB/s/mm² (exactly 2 too, the stricter reading) is 3A090.c to China."""
        item = chip({**LOW, "memory_bandwidth_density": density})
        decision = chips.decide(
            ship("illustrative-cn-cloud", item, "CN"), on="2026-01-16"
        )
        assert (verdict, verdict is LR) == (
            decision.verdict,
            "rs-3a090c-macau-d5" in ids(decision),
        )

    def test_no_memory_bandwidth_density_to_china_is_undetermined(
        self, chips: ac.Regime
    ) -> None:
        """No ECCN and no memory bandwidth density: UNDETERMINED to China, the parameter named."""
        item = chip({"tpp": 100, "performance_density": 0.1, "training_operations": 0})
        decision = chips.decide(
            ship("illustrative-cn-cloud", item, "CN"), on="2026-01-16"
        )
        assert (U, ["`memory_bandwidth_density` of item `unclassified`"]) == (
            decision.verdict,
            list(decision.missing_facts),
        )

    def test_the_catalog_records_memory_bandwidth_density(
        self, chips: ac.Regime
    ) -> None:
        """A regime file records `memory_bandwidth_density` in an item's parameters."""
        assert 7.0 == chips.item(HBM).parameters["memory_bandwidth_density"]


WEIGHTS_FACTS: dict[str, float] = {"tpp": 0, "performance_density": 0}


class TestWeightsByTrainingCompute:
    """4E091 by the ECCN recorded, else by training compute (10^26 operations)."""

    @pytest.mark.parametrize(
        ("compute", "published", "verdict"),
        [(3e26, False, LR), (1e26, False, LR), (1e25, False, P), (3e26, True, P)],
    )
    def test_by_compute_where_no_eccn_is_recorded(
        self,
        chips: ac.Regime,
        compute: float,
        published: bool,
        verdict: ac.Verdict,
    ) -> None:
        """No ECCN: unpublished weights trained with 10^26 operations or more are 4E091."""
        model = ac.ControlledItem(
            "unclassified-model",
            parameters=WEIGHTS_FACTS,
            training_operations=compute,
            weights_published=published,
        )
        access = ac.Access("illustrative-in-lab", model, "weights-transfer", "IN")
        decision = chips.decide(access, on="2026-01-16")
        assert (verdict, verdict is LR) == (
            decision.verdict,
            cites(decision, "15 CFR 742.6(a)(13)"),
        )

    def test_no_compute_is_undetermined(self, chips: ac.Regime) -> None:
        """No ECCN and no training compute: UNDETERMINED, the compute named."""
        model = ac.ControlledItem("unclassified-model", parameters=WEIGHTS_FACTS)
        access = ac.Access("illustrative-in-lab", model, "weights-transfer", "IN")
        decision = chips.decide(access, on="2026-01-16")
        assert (U, ["training compute of item `unclassified-model`"]) == (
            decision.verdict,
            list(decision.missing_facts),
        )

    def test_ear99_with_large_compute_is_not_4e091(self, chips: ac.Regime) -> None:
        """A model recorded as EAR99 is not 4E091, whatever its recorded compute."""
        model = ac.ControlledItem(
            "ear99-model", classifications={"ECCN": "EAR99"}, training_operations=1e27
        )
        access = ac.Access("illustrative-in-lab", model, "weights-transfer", "IN")
        decision = chips.decide(access, on="2026-01-16")
        assert (P, {}) == (decision.verdict, ids(decision))


TECH_B = ac.ControlledItem(
    "tech-for-3a090b", classifications={"ECCN": "3E001", "FOR_ECCN": "3A090.b"}
)
MY_FIRM = ac.Entity("my-firm", country="MY", headquarters="MY")
OUTSIDE_A6II = "technology-outside-742-6-a-6-ii"


def transfer_tech(where: str, origin: str | None, *attested: str) -> ac.Access:
    """3E001 technology for 3A090.b items to a Malaysian firm, received in `where`, from `origin`."""
    return ac.Access(
        MY_FIRM,
        TECH_B,
        "weights-transfer",
        where,
        origin=origin,
        attestations=attested,
    )


class TestExportsFromMacauAndD5:
    """742.6(a)(6)(ii): 3E001 technology for 3A090 items exported from Macau or D:5."""

    @pytest.mark.parametrize(
        ("where", "verdict"), [("MY", LR), ("BR", LR), ("DE", P), ("SG", P)]
    )
    def test_from_china_to_any_destination_outside_a5_a6(
        self, chips: ac.Regime, where: str, verdict: ac.Verdict
    ) -> None:
        """From China: a license to Malaysia or Brazil, none to Germany (A:5) or Singapore (A:6)."""
        decision = chips.decide(transfer_tech(where, "CN"), on="2026-01-16")
        assert (verdict, verdict is LR) == (
            decision.verdict,
            cites(decision, "15 CFR 742.6(a)(6)(ii)"),
        )

    @pytest.mark.parametrize(
        ("origin", "verdict"), [("MO", LR), ("JP", P), ("SG", P), (None, P)]
    )
    def test_only_from_macau_or_d5(
        self, chips: ac.Regime, origin: str | None, verdict: ac.Verdict
    ) -> None:
        """From Macau a license; from Japan, Singapore or the US the paragraph does not apply."""
        decision = chips.decide(transfer_tech("MY", origin), on="2026-01-16")
        assert (verdict, verdict is LR) == (
            decision.verdict,
            "rs-3e001-from-macau-d5" in ids(decision),
        )

    @pytest.mark.parametrize(
        ("day", "verdict"), list(zip(around("2026-02-03"), [LR, P, P], strict=True))
    )
    def test_from_cambodia_until_it_leaves_d5(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """From Cambodia: a license while it is in D:5, none from 2026-02-03."""
        assert verdict == chips.decide(transfer_tech("MY", "KH"), on=day).verdict

    def test_before_the_group_data_it_is_undetermined(self, chips: ac.Regime) -> None:
        """Before 2025-01-13 China's membership of D:5 is not in the data: UNDETERMINED, named."""
        decision = chips.decide(transfer_tech("MY", "CN"), on="2024-06-01")
        assert (U, True) == (
            decision.verdict,
            "membership of `CN` in country group `D:5` (no data before 2025-01-13)"
            in decision.missing_facts,
        )

    def test_attested_outside_the_paragraph(self, chips: ac.Regime) -> None:
        """Attested as not developed by a Macau/D:5-headquartered entity (or not an EAR direct product): lifted."""
        plain = chips.decide(transfer_tech("MY", "CN"), on="2026-01-16")
        attested = chips.decide(
            transfer_tech("MY", "CN", OUTSIDE_A6II), on="2026-01-16"
        )
        assert (
            [OUTSIDE_A6II],
            P,
            {"rs-3e001-from-macau-d5": ac.Status.LIFTED},
        ) == (
            [c for m in plain.near_misses for c in m.missing_conditions],
            attested.verdict,
            ids(attested),
        )
