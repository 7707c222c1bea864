"""DOMAIN.md §7 worked cases 1-12, answered by the bundled regimes alone.

Every case goes through `aicontrols.examples.load(...)`: `mythos5`,
`ai-diffusion-2025`, `affiliates-rule-2025` and `us-advanced-computing`. No
regime is written here; a few accesses describe a person or an item that the
catalogs lack, as a user's query would. Each test asserts the law's answer and
the citation of the rule that gives it (`Decision.citations`, which holds the
applied restrictions', their lifting exemptions' and the caveats' notices'), on
the day before, of and after each date the case names. A case that names no
date is asked around the date of the rule it exercises, named in its class
docstring.

Left out, because the facts are marked [?] in DOMAIN.md or the reference data:
case 11's annex of trusted partners (not public: `acme-cloud` and `us-agency`
in `mythos5` are illustrative stand-ins, so no test relies on them); case 4's
ITAR half (22 CFR 120.50(b): every citizenship counts), which no bundled regime
encodes; case 10's limits of TGL 7; case 12's parties, which DOMAIN.md marks
illustrative (the regime's `illustrative-*` entities).
"""

from __future__ import annotations

import datetime as dt

import pytest

import aicontrols as ac

from .builders import around, cites, kinds

P = ac.Verdict.PERMITTED
LR = ac.Verdict.LICENSE_REQUIRED
K = ac.CaveatKind
R = ac.ReviewPolicy


def applied(decision: ac.Decision) -> list[tuple[str, ac.Status]]:
    return [(a.id, a.status) for a in decision.applied]


def person(
    *citizenships: ac.Citizenship,
    residencies: tuple[ac.Residency, ...] = (),
    employments: tuple[ac.Employment, ...] = (),
) -> ac.Entity:
    """A natural person with these citizenships (illustrative, not in a catalog)."""
    return ac.Entity(
        "person",
        kind="individual",
        citizenships=citizenships,
        residencies=residencies,
        employments=employments,
    )


@pytest.fixture(scope="module")
def chips() -> ac.Regime:
    """The bundled advanced-computing and model-weights regime."""
    return ac.examples.load("us-advanced-computing")


@pytest.fixture(scope="module")
def diffusion() -> ac.Regime:
    """The bundled AI Diffusion (model weights) regime."""
    return ac.examples.load("ai-diffusion-2025")


@pytest.fixture(scope="module")
def affiliates() -> ac.Regime:
    """The bundled affiliates-rule regime."""
    return ac.examples.load("affiliates-rule-2025")


@pytest.fixture(scope="module")
def mythos() -> ac.Regime:
    """The bundled Mythos 5 / Fable 5 letters."""
    return ac.examples.load("mythos5")


WEIGHTS = "illustrative-closed-model"
IN_CITIZEN = ac.Citizenship("IN")
US_LAB = ac.Employment("illustrative-us-lab")


class TestCase1PermanentResident:
    """Case 1 ([P] BIS 2006 deemed-export Q&A, Answer (1)): a permanent-resident
    employee receiving controlled technology needs no deemed-export license.
    Undated: asked around 2025-05-15, the compliance date of the 4E091 rule."""

    @pytest.mark.parametrize("day", around("2025-05-15"))
    def test_permanent_resident_needs_no_license(
        self, chips: ac.Regime, day: str
    ) -> None:
        """A green-card holder receiving 4E091 weights in the US: no export, nothing applies."""
        resident = person(
            IN_CITIZEN, residencies=(ac.Residency("US"),), employments=(US_LAB,)
        )
        decision = chips.decide(
            ac.Access(resident, WEIGHTS, "weights-transfer", "US"), on=day
        )
        assert (P, [], ac.Transfer.DOMESTIC) == (
            decision.verdict,
            applied(decision),
            decision.transfer,
        )

    @pytest.mark.parametrize(
        ("day", "verdict"), list(zip(around("2025-05-15"), [P, LR, LR], strict=True))
    )
    def test_without_residency_it_is_a_deemed_export(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """The same employee without permanent residency: a deemed export under 742.6(a)(13) once compliance is required."""
        visitor = person(IN_CITIZEN, employments=(US_LAB,))
        decision = chips.decide(
            ac.Access(visitor, WEIGHTS, "weights-transfer", "US"), on=day
        )
        assert (verdict, ac.Transfer.DEEMED_EXPORT, True) == (
            decision.verdict,
            decision.transfer,
            cites(decision, "15 CFR 742.6(a)(13)"),
        )

    @pytest.mark.parametrize("day", around("2026-06-12"))
    def test_permanent_resident_outside_the_mythos_letter(
        self, mythos: ac.Regime, day: str
    ) -> None:
        """The Mythos letter binds foreign persons only: Anthropic's green-card employee is free."""
        resident = person(
            IN_CITIZEN,
            residencies=(ac.Residency("US"),),
            employments=(ac.Employment("anthropic"),),
        )
        decision = mythos.decide(
            ac.Access(resident, "mythos-5", "hosted-api", "US"), on=day
        )
        assert (P, []) == (decision.verdict, applied(decision))


class TestCase2TriggeredWithoutLicense:
    """Case 2 ([P] BIS FAQ #35): releasing EAR99 or exception-eligible technology
    to a foreign national triggers the deemed-export rule without necessarily
    requiring a license. Undated: asked around 2025-05-15."""

    @pytest.mark.parametrize("day", around("2025-05-15"))
    def test_ear99_technology(self, chips: ac.Regime, day: str) -> None:
        """An EAR99 model released to a foreign national in the US: no rule applies."""
        visitor = person(IN_CITIZEN, employments=(US_LAB,))
        access = ac.Access(
            visitor, "illustrative-ear99-model", "weights-transfer", "US"
        )
        decision = chips.decide(access, on=day)
        assert (P, [], ac.Transfer.DEEMED_EXPORT) == (
            decision.verdict,
            applied(decision),
            decision.transfer,
        )

    @pytest.mark.parametrize("day", around("2025-05-15"))
    def test_exception_eligible_technology(self, chips: ac.Regime, day: str) -> None:
        """4E091 weights to a permanent regular employee (attested): the rule applies, the (a)(13) carve-out lifts it."""
        visitor = person(IN_CITIZEN, employments=(US_LAB,))
        access = ac.Access(
            visitor,
            WEIGHTS,
            "weights-transfer",
            "US",
            attestations={"permanent-regular-employee-of-supp-5a-headquartered-entity"},
        )
        decision = chips.decide(access, on=day)
        assert (P, [("rs-4e091", ac.Status.LIFTED)], True) == (
            decision.verdict,
            applied(decision),
            cites(decision, "15 CFR 734.20(d)(2)"),
        )


class TestCase3DeemedReexport:
    """Case 3 ([P] BIS FAQ "What is a deemed re-export?"): a firm in country A
    releasing technology to its employee from country B (not a permanent
    resident of A) needs a license as if exporting to B. Undated: asked around
    2025-05-15; A is Germany, B China."""

    @pytest.mark.parametrize(
        ("day", "verdict"), list(zip(around("2025-05-15"), [P, LR, LR], strict=True))
    )
    def test_license_as_if_exported_to_b(
        self, chips: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """The release in Germany is a deemed reexport, answered as an export to China is."""
        employee = person(
            ac.Citizenship("CN"), employments=(ac.Employment("illustrative-de-lab"),)
        )
        release = chips.decide(
            ac.Access(employee, WEIGHTS, "weights-transfer", "DE", origin="DE"), on=day
        )
        export = chips.decide(
            ac.Access(employee, WEIGHTS, "weights-transfer", "CN"), on=day
        )
        assert (verdict, ac.Transfer.DEEMED_REEXPORT, True) == (
            release.verdict,
            release.transfer,
            cites(release, "15 CFR 742.6(a)(13)"),
        )
        assert (export.verdict, export.review_policy) == (
            release.verdict,
            release.review_policy,
        )


class TestCase4MostRecentCitizenship:
    """Case 4 ([P] 15 CFR 734.13(b)): under the EAR a deemed export goes to the
    most recent citizenship only. Asked in `ai-diffusion-2025`, where the
    destination decides (AIA lifts the 4E091 rule for Tier 1), around the day the
    person's most recent citizenship (Germany, Tier 1) begins, 2026-03-01."""

    @pytest.mark.parametrize(
        ("day", "verdict"), list(zip(around("2026-03-01"), [LR, P, P], strict=True))
    )
    def test_only_the_most_recent_citizenship_counts(
        self, diffusion: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """Indian, then German from 2026-03-01: the deemed export goes to Germany only, and AIA lifts it."""
        naturalised = person(
            ac.Citizenship("IN"), ac.Citizenship("DE", start=dt.date(2026, 3, 1))
        )
        access = ac.Access(naturalised, "frontier-closed", "weights-transfer", "US")
        decision = diffusion.decide(access, on=day)
        lifted = verdict is P
        assert (verdict, lifted, True) == (
            decision.verdict,
            cites(decision, "license exception AIA"),
            cites(decision, "90 FR 4544"),
        )

    @pytest.mark.parametrize("day", around("2026-03-01"))
    def test_an_earlier_tier_1_citizenship_does_not_count(
        self, diffusion: ac.Regime, day: str
    ) -> None:
        """German, then Indian from 2025-01-01: India alone counts, so a license is required."""
        person_ = person(
            ac.Citizenship("DE"), ac.Citizenship("IN", start=dt.date(2025, 1, 1))
        )
        decision = diffusion.decide(
            ac.Access(person_, "frontier-closed", "weights-transfer", "US"), on=day
        )
        assert (LR, R.PRESUMPTION_OF_DENIAL) == (
            decision.verdict,
            decision.review_policy,
        )


class TestCase5EntityListAllItems:
    """Case 5 ([P] BIS Entity List page): an EAR99 item to an entity listed for
    "all items subject to the EAR" needs a license. The listing of
    `listed-parent` (2025-04-01) is illustrative."""

    EAR99 = ac.ControlledItem("an-ear99-item", classifications={"ECCN": "EAR99"})

    @pytest.mark.parametrize(
        ("day", "verdict"), list(zip(around("2025-04-01"), [P, LR, LR], strict=True))
    )
    def test_ear99_item_needs_a_license(
        self, affiliates: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """From the listing, an EAR99 item to the listed party needs a license (748.5, 744.11)."""
        access = ac.Access("listed-parent", self.EAR99, "weights-transfer", "CN")
        decision = affiliates.decide(access, on=day)
        assert (verdict, verdict is LR) == (
            decision.verdict,
            cites(decision, "15 CFR 744.11"),
        )


class TestCase6ComputeIsNoExport:
    """Case 6 ([S] 2009 advisory opinion): selling compute is not an export by the
    provider; a customer moving controlled technology may export. Undated: asked
    around 2026-01-15 (91 FR 1684)."""

    @pytest.mark.parametrize("day", around("2026-01-15"))
    @pytest.mark.parametrize("mode", ["hosted-api", "cloud-marketplace"])
    @pytest.mark.parametrize("item", ["illustrative-h200-class", WEIGHTS])
    def test_remote_use_of_compute_is_not_an_export(
        self, chips: ac.Regime, day: str, mode: str, item: str
    ) -> None:
        """A customer in China using chips or a 4E091 model remotely: nothing applies."""
        access = ac.Access("illustrative-cn-cloud", item, mode, "CN")
        decision = chips.decide(access, on=day)
        assert (P, []) == (decision.verdict, applied(decision))

    @pytest.mark.parametrize("day", around("2026-01-15"))
    def test_moving_the_weights_is_an_export(self, chips: ac.Regime, day: str) -> None:
        """Moving the 4E091 weights themselves to China needs a license (742.6(a)(13))."""
        access = ac.Access("illustrative-cn-cloud", WEIGHTS, "weights-transfer", "CN")
        decision = chips.decide(access, on=day)
        assert (LR, True) == (decision.verdict, cites(decision, "15 CFR 742.6(a)(13)"))


# Case 7 and 8 in both regimes that encode 90 FR 4544: (regime fixture, closed
# model, open model, the 4E091 restriction's citation).
DIFFUSION_CASES = [
    ("chips", WEIGHTS, "illustrative-open-model", "15 CFR 742.6(a)(13)"),
    ("diffusion", "frontier-closed", "frontier-open", "ECCN 4E091"),
]


class TestCase7ClosedAndOpenWeights:
    """Case 7 ([S] 90 FR 4544 via WilmerHale, Wiley): published weights of a
    10^26 model are not 4E091; unpublished ones to a Tier 2 country need a
    license from 2025-05-15, presumption of denial; after the 2025-05-13
    announcement the rule is not enforced but still binds (a caveat)."""

    @pytest.mark.parametrize(("name", "closed", "open_", "cite"), DIFFUSION_CASES)
    @pytest.mark.parametrize("day", [*around("2025-05-13"), *around("2025-05-15")])
    def test_published_weights_are_not_controlled(
        self,
        request: pytest.FixtureRequest,
        name: str,
        closed: str,
        open_: str,
        cite: str,
        day: str,
    ) -> None:
        """Open weights to India: nothing applies, on every day around both dates."""
        regime: ac.Regime = request.getfixturevalue(name)
        recipient = ac.Entity("in-lab", country="IN", headquarters="IN")
        decision = regime.decide(
            ac.Access(recipient, open_, "weights-transfer", "IN"), on=day
        )
        assert (P, []) == (decision.verdict, applied(decision))

    @pytest.mark.parametrize(("name", "closed", "open_", "cite"), DIFFUSION_CASES)
    @pytest.mark.parametrize(
        ("day", "verdict", "caveats"),
        [
            ("2025-05-12", P, [K.COMPLIANCE_NOT_REQUIRED]),
            ("2025-05-13", P, [K.COMPLIANCE_NOT_REQUIRED]),
            ("2025-05-14", P, [K.COMPLIANCE_NOT_REQUIRED]),
            ("2025-05-15", LR, [K.NOT_ENFORCED]),
            ("2025-05-16", LR, [K.NOT_ENFORCED]),
        ],
    )
    def test_closed_weights_to_a_tier_2_country(
        self,
        request: pytest.FixtureRequest,
        name: str,
        closed: str,
        open_: str,
        cite: str,
        day: str,
        verdict: ac.Verdict,
        caveats: list[ac.CaveatKind],
    ) -> None:
        """Closed weights to an Indian lab: free before compliance, then a license (denial presumed), not enforced."""
        regime: ac.Regime = request.getfixturevalue(name)
        recipient = ac.Entity("in-lab", country="IN", headquarters="IN")
        decision = regime.decide(
            ac.Access(recipient, closed, "weights-transfer", "IN"), on=day
        )
        policy = R.PRESUMPTION_OF_DENIAL if verdict is LR else None
        announced = K.NOT_ENFORCED in caveats
        assert (verdict, policy, caveats, True, announced) == (
            decision.verdict,
            decision.review_policy,
            kinds(decision),
            cites(decision, cite),
            cites(decision, "BIS announcement, 2025-05-13"),
        )


class TestCase8BeforeCompliance:
    """Case 8 ([P] 90 FR 4544 DATES; [S] Faegre): an export on 2025-03-01 is
    under a rule in force whose compliance is not yet required: no violation."""

    @pytest.mark.parametrize(("name", "closed", "open_", "cite"), DIFFUSION_CASES)
    @pytest.mark.parametrize("day", around("2025-03-01"))
    def test_permitted_with_a_compliance_caveat(
        self,
        request: pytest.FixtureRequest,
        name: str,
        closed: str,
        open_: str,
        cite: str,
        day: str,
    ) -> None:
        """Closed weights to India on 2025-03-01 (and around): permitted, compliance not yet required."""
        regime: ac.Regime = request.getfixturevalue(name)
        recipient = ac.Entity("in-lab", country="IN", headquarters="IN")
        decision = regime.decide(
            ac.Access(recipient, closed, "weights-transfer", "IN"), on=day
        )
        assert (
            P,
            [K.COMPLIANCE_NOT_REQUIRED],
            ac.Status.COMPLIANCE_NOT_REQUIRED,
            True,
        ) == (
            decision.verdict,
            kinds(decision),
            decision.applied[0].status,
            cites(decision, "90 FR 4544"),
        )


H200 = "illustrative-h200-class"
CERTIFIED = frozenset({"exporter-certifications"})


class TestCase9H200ToChina:
    """Case 9 ([P] 91 FR 1684; [S] Covington, Baker McKenzie): H200-class chips
    to China from 2026-01-15. A license is required throughout (742.6(a)(6)(iii)(A));
    exported from the US with the certifications it is reviewed case by case;
    a reexport from abroad, or a buyer headquartered in D:5 located elsewhere,
    stays under a presumption of denial."""

    @pytest.mark.parametrize(
        ("day", "policy"),
        list(
            zip(
                around("2026-01-15"),
                [R.PRESUMPTION_OF_DENIAL, R.CASE_BY_CASE, R.CASE_BY_CASE],
                strict=True,
            )
        ),
    )
    def test_export_with_certifications(
        self, chips: ac.Regime, day: str, policy: ac.ReviewPolicy
    ) -> None:
        """From the US with certifications: a license, case by case from 2026-01-15 (91 FR 1684)."""
        access = ac.Access(
            "illustrative-cn-cloud", H200, "on-premises", "CN", attestations=CERTIFIED
        )
        decision = chips.decide(access, on=day)
        assert (LR, policy, True, policy is R.CASE_BY_CASE) == (
            decision.verdict,
            decision.review_policy,
            cites(decision, "15 CFR 742.6(a)(6)(iii)(A)"),
            cites(decision, "91 FR 1684"),
        )

    @pytest.mark.parametrize("day", around("2026-01-15"))
    def test_export_without_certifications(self, chips: ac.Regime, day: str) -> None:
        """Without the certifications: presumption of denial on every day."""
        access = ac.Access("illustrative-cn-cloud", H200, "on-premises", "CN")
        decision = chips.decide(access, on=day)
        assert (LR, R.PRESUMPTION_OF_DENIAL) == (
            decision.verdict,
            decision.review_policy,
        )

    @pytest.mark.parametrize("day", around("2026-01-15"))
    def test_reexport_from_abroad(self, chips: ac.Regime, day: str) -> None:
        """Reexported from Singapore, certifications or not: presumption of denial."""
        access = ac.Access(
            "illustrative-cn-cloud",
            H200,
            "on-premises",
            "CN",
            attestations=CERTIFIED,
            origin="SG",
        )
        decision = chips.decide(access, on=day)
        assert (LR, R.PRESUMPTION_OF_DENIAL, ac.Transfer.REEXPORT, True) == (
            decision.verdict,
            decision.review_policy,
            decision.transfer,
            cites(decision, "15 CFR 742.6(a)(6)(iii)(A)"),
        )

    @pytest.mark.parametrize("day", around("2026-01-15"))
    def test_buyer_headquartered_in_d5_located_elsewhere(
        self, chips: ac.Regime, day: str
    ) -> None:
        """A buyer headquartered in China but located in Malaysia: presumption of denial."""
        access = ac.Access(
            "illustrative-cn-hq-buyer-in-my",
            H200,
            "on-premises",
            "MY",
            attestations=CERTIFIED,
        )
        decision = chips.decide(access, on=day)
        assert (LR, R.PRESUMPTION_OF_DENIAL, True) == (
            decision.verdict,
            decision.review_policy,
            cites(decision, "15 CFR 742.6(a)(6)(iii)(A)"),
        )


class TestCase10Affiliates:
    """Case 10 ([P] 90 FR 47201, 2025-19846): an unlisted firm 60% owned by a
    listed party is treated as listed on 2025-10-15, free while the rule is
    suspended (2025-12-01) and treated as listed again from 2026-11-10. The
    limits of TGL 7 ([S]) are left out; the parties are illustrative."""

    @pytest.mark.parametrize(
        ("day", "verdict"),
        [
            *zip(around("2025-09-29"), [P, LR, LR], strict=True),
            *zip(around("2025-10-15"), [LR, LR, LR], strict=True),
            *zip(around("2025-11-10"), [LR, P, P], strict=True),
            *zip(around("2025-12-01"), [P, P, P], strict=True),
            *zip(around("2026-11-10"), [P, LR, LR], strict=True),
        ],
    )
    def test_majority_owned_subsidiary(
        self, affiliates: ac.Regime, day: str, verdict: ac.Verdict
    ) -> None:
        """The 60%-owned subsidiary: treated as listed (90 FR 47201), or suspended (2025-19846)."""
        access = ac.Access("sg-subsidiary", "example-model", "weights-transfer", "SG")
        decision = affiliates.decide(access, on=day)
        source = "90 FR 47201" if verdict is LR else "2025-19846"
        cited = cites(decision, source) or day < "2025-09-29"
        assert (verdict, True) == (decision.verdict, cited)


class TestCase11MythosEmployee:
    """Case 11 ([S] Mayer Brown; CNBC/Politico): Anthropic's foreign-national
    employee in the US. Mythos 5 needs a license from 2026-06-12 and is exempt
    from 2026-06-26; Fable 5 stays under license. The annex of trusted partners
    is not public ([?]): left out."""

    @staticmethod
    def employee() -> ac.Entity:
        return person(IN_CITIZEN, employments=(ac.Employment("anthropic"),))

    @pytest.mark.parametrize(
        ("day", "verdict"),
        [
            *zip(around("2026-06-12"), [P, LR, LR], strict=True),
            *zip(around("2026-06-15"), [LR, LR, LR], strict=True),
            *zip(around("2026-06-26"), [LR, P, P], strict=True),
            *zip(around("2026-06-27"), [P, P, P], strict=True),
        ],
    )
    def test_mythos_5(self, mythos: ac.Regime, day: str, verdict: ac.Verdict) -> None:
        """Mythos 5: a license from the letter of 2026-06-12, exempt from 2026-06-26."""
        decision = mythos.decide(
            ac.Access(self.employee(), "mythos-5", "hosted-api", "US"), on=day
        )
        cited = cites(decision, "15 CFR 744.22") or day < "2026-06-12"
        assert (verdict, True) == (decision.verdict, cited)

    @pytest.mark.parametrize("day", [*around("2026-06-26"), *around("2026-06-27")])
    def test_fable_5_still_blocked(self, mythos: ac.Regime, day: str) -> None:
        """Fable 5: still a license after the exemption of 2026-06-26."""
        decision = mythos.decide(
            ac.Access(self.employee(), "fable-5", "hosted-api", "US"), on=day
        )
        assert (LR, True) == (decision.verdict, cites(decision, "15 CFR 744.22"))


SUBSIDIARY = "illustrative-my-subsidiary"
FLAGSHIP = "illustrative-flagship-accelerator"
BONA_FIDE = frozenset({"bona-fide-data-center-operator", "ongoing-use"})


class TestCase12SubsidiaryOfChineseFirm:
    """Case 12 (illustrative; [S] BIS 2026-05-31 guidance via the source
    repository's notes): a 3A090.a chip to a Malaysian subsidiary of a
    China-headquartered firm needs a license (742.6(a)(6)(iii)(A)); bona fide
    data-center operators need not stop ongoing use. Asked around 2025-05-15
    (the worldwide rows bind) and 2026-05-31 (the guidance)."""

    @pytest.mark.parametrize(
        ("day", "source"),
        list(
            zip(
                around("2025-05-15"),
                [
                    "88 FR 73458",
                    "15 CFR 742.6(a)(6)(iii)(A)",
                    "15 CFR 742.6(a)(6)(iii)(A)",
                ],
                strict=True,
            )
        ),
    )
    def test_license_required(self, chips: ac.Regime, day: str, source: str) -> None:
        """A license throughout: the 2023 ultimate-parent rule, then the worldwide row, enforced."""
        decision = chips.decide(
            ac.Access(SUBSIDIARY, FLAGSHIP, "on-premises", "MY"), on=day
        )
        assert (LR, True, False) == (
            decision.verdict,
            cites(decision, source),
            K.NOT_ENFORCED in kinds(decision),
        )

    @pytest.mark.parametrize(
        ("day", "relief"),
        list(zip(around("2026-05-31"), [False, True, True], strict=True)),
    )
    def test_bona_fide_ongoing_use(
        self, chips: ac.Regime, day: str, relief: bool
    ) -> None:
        """Ongoing use by a bona fide data-center operator: still a license, not enforced from 2026-05-31."""
        access = ac.Access(
            SUBSIDIARY, FLAGSHIP, "on-premises", "MY", attestations=BONA_FIDE
        )
        decision = chips.decide(access, on=day)
        assert (LR, relief, relief) == (
            decision.verdict,
            K.NOT_ENFORCED in kinds(decision),
            cites(decision, "BIS guidance, 2026-05-31"),
        )

    @pytest.mark.parametrize("day", around("2026-05-31"))
    def test_without_the_attestations_it_is_enforced(
        self, chips: ac.Regime, day: str
    ) -> None:
        """Not attested: the license requirement is enforced, no non-enforcement caveat."""
        decision = chips.decide(
            ac.Access(SUBSIDIARY, FLAGSHIP, "on-premises", "MY"), on=day
        )
        assert (LR, False) == (decision.verdict, K.NOT_ENFORCED in kinds(decision))
