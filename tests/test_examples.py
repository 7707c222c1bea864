"""The bundled example regimes: AI Diffusion (DOMAIN.md cases 7, 8) and the affiliates rule (case 10)."""

from __future__ import annotations

import pytest

import aicontrols as ac

from .core_regime import assert_index_agrees

P, LR = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED
K = ac.CaveatKind


def _segments(timeline: ac.Timeline) -> list[tuple[str | None, str | None, ac.Verdict]]:
    return [
        (
            s.start and s.start.date().isoformat(),
            s.end and s.end.date().isoformat(),
            s.verdict,
        )
        for s in timeline
    ]


class TestEveryExample:
    @pytest.mark.parametrize("name", ac.examples.names())
    def test_round_trip(self, name: str) -> None:
        """Every bundled example loads, and dumping then loading gives it back."""
        regime = ac.examples.load(name)
        assert regime == ac.loads_regime(ac.dump_regime(regime))

    @pytest.mark.parametrize("name", ac.examples.names())
    def test_dump_is_stable(self, name: str) -> None:
        """Dumping twice, through a reload, gives identical text."""
        text = ac.dump_regime(ac.examples.load(name))
        assert text == ac.dump_regime(ac.loads_regime(text))

    @pytest.mark.parametrize("name", ac.examples.names())
    def test_lint_clean(self, name: str) -> None:
        """Every bundled example is lint-clean."""
        lint = getattr(ac, "lint", None)
        if lint is None:
            pytest.skip("aicontrols.lint does not exist yet")
        assert () == tuple(lint(ac.examples.load(name)))

    @pytest.mark.parametrize("name", ac.examples.names())
    def test_every_rule_is_cited(self, name: str) -> None:
        """Every rule and act of a bundled regime is cited, by itself or its notice."""
        regime = ac.examples.load(name)
        uncited = [
            (notice.id, getattr(act, "id", getattr(act, "rule", None)))
            for notice in regime.notices
            for act in (
                *notice.adds,
                *notice.amends,
                *notice.suspends,
                *notice.not_enforced,
            )
            if getattr(act, "citation", None) is None and notice.citation is None
        ]
        assert [] == uncited

    def test_names(self) -> None:
        """The new examples are bundled beside mythos5."""
        assert {"ai-diffusion-2025", "affiliates-rule-2025", "mythos5"} <= set(
            ac.examples.names()
        )


@pytest.fixture(scope="module")
def diffusion() -> ac.Regime:
    """The bundled AI Diffusion example."""
    return ac.examples.load("ai-diffusion-2025")


def _indian() -> ac.Entity:
    return ac.Entity(
        "ravi", kind=ac.EntityKind.INDIVIDUAL, citizenships=[ac.Citizenship("IN")]
    )


def _weights(
    recipient: ac.Entity | str,
    country: str,
    item: ac.ControlledItem | str = "frontier-closed",
) -> ac.Access:
    return ac.Access(recipient, item, "weights-transfer", location=country)


class TestAIDiffusion:
    def test_before_compliance_date(self, diffusion: ac.Regime) -> None:
        """On 2025-03-01 the rule is in force but compliance is not required: permitted, with a caveat."""
        decision = diffusion.decide(_weights(_indian(), "IN"), on="2025-03-01")
        assert (P, [K.COMPLIANCE_NOT_REQUIRED]) == (
            decision.verdict,
            [c.kind for c in decision.caveats],
        )
        assert [("ai-diffusion-4e091", ac.Status.COMPLIANCE_NOT_REQUIRED)] == [
            (a.id, a.status) for a in decision.applied
        ]

    @pytest.mark.parametrize(
        "recipient",
        [_indian(), ac.Entity("in-co", kind="company", country="IN")],
        ids=["individual", "company"],
    )
    def test_tier_2_after_compliance(
        self, diffusion: ac.Regime, recipient: ac.Entity
    ) -> None:
        """Tier 2 on 2025-06-01: license, presumption of denial, not enforced (still binding)."""
        decision = diffusion.decide(_weights(recipient, "IN"), on="2025-06-01")
        assert (LR, ac.ReviewPolicy.PRESUMPTION_OF_DENIAL, [K.NOT_ENFORCED]) == (
            decision.verdict,
            decision.review_policy,
            [c.kind for c in decision.caveats],
        )
        assert [("ai-diffusion-4e091", ac.Status.BINDING)] == [
            (a.id, a.status) for a in decision.applied
        ]

    def test_tier_3_also_presumption_of_denial(self, diffusion: ac.Regime) -> None:
        """China (Tier 3) is treated like Tier 2 by this file: license, presumption of denial."""
        recipient = ac.Entity("cn-co", kind="company", country="CN")
        decision = diffusion.decide(_weights(recipient, "CN"), on="2025-06-01")
        assert (LR, ac.ReviewPolicy.PRESUMPTION_OF_DENIAL) == (
            decision.verdict,
            decision.review_policy,
        )

    def test_tier_1_lifted_by_aia(self, diffusion: ac.Regime) -> None:
        """Tier 1 (Germany) on 2025-06-01: license exception AIA lifts the requirement."""
        recipient = ac.Entity("de-co", kind="company", country="DE")
        decision = diffusion.decide(_weights(recipient, "DE"), on="2025-06-01")
        assert P == decision.verdict
        assert [
            ("ai-diffusion-4e091", ac.Status.LIFTED, ["license-exception-aia"])
        ] == [
            (a.id, a.status, [lift.exemption.id for lift in a.lifted_by])
            for a in decision.applied
        ]

    @pytest.mark.parametrize(
        "day", ["2025-01-13", "2025-03-01", "2025-06-01", "2026-06-01"]
    )
    def test_published_weights_never_controlled(
        self, diffusion: ac.Regime, day: str
    ) -> None:
        """Published (open) weights are not subject to the EAR, on any date."""
        decision = diffusion.decide(
            _weights(_indian(), "IN", item="frontier-open"), on=day
        )
        assert (P, (), ()) == (decision.verdict, decision.applied, decision.caveats)

    def test_small_model_not_controlled(self, diffusion: ac.Regime) -> None:
        """A closed model trained with 10^24 operations is below the 10^26 threshold."""
        decision = diffusion.decide(
            _weights(_indian(), "IN", item="small-closed"), on="2025-06-01"
        )
        assert (P, ()) == (decision.verdict, decision.applied)

    def test_hosted_api_not_controlled(self, diffusion: ac.Regime) -> None:
        """Hosted API access transfers no weights: not controlled."""
        access = ac.Access(_indian(), "frontier-closed", "hosted-api", location="IN")
        decision = diffusion.decide(access, on="2025-06-01")
        assert (P, ()) == (decision.verdict, decision.applied)

    def test_day_before_effect(self, diffusion: ac.Regime) -> None:
        """On 2025-01-12, the day before effect, permitted without caveat."""
        decision = diffusion.decide(_weights(_indian(), "IN"), on="2025-01-12")
        assert (P, (), ()) == (decision.verdict, decision.applied, decision.caveats)

    def test_history(self, diffusion: ac.Regime) -> None:
        """Tier 2 history: permitted until compliance on 2025-05-15, then a license."""
        assert [
            (None, "2025-05-15", P),
            ("2025-05-15", None, LR),
        ] == _segments(diffusion.history(_weights(_indian(), "IN")))

    def test_changes(self, diffusion: ac.Regime) -> None:
        """The rule changes of 2025 with their notices: added, not enforced, binding."""
        assert [
            ("2025-01-13", ac.ChangeKind.ADDED, "ai-diffusion-4e091"),
            ("2025-01-13", ac.ChangeKind.ADDED, "license-exception-aia"),
            ("2025-05-13", ac.ChangeKind.NOT_ENFORCED, "ai-diffusion-4e091"),
            ("2025-05-15", ac.ChangeKind.COMPLIANCE_REQUIRED, "ai-diffusion-4e091"),
        ] == [
            (c.at.date().isoformat(), c.kind, c.rule_id)
            for c in diffusion.changes("2025-01-01", "2026-01-01")
            if c.rule_id == "ai-diffusion-4e091" or c.kind is ac.ChangeKind.ADDED
        ]

    def test_non_enforcement_is_not_a_revocation(self, diffusion: ac.Regime) -> None:
        """No notice revokes the rule: it is still in force in 2026."""
        decision = diffusion.decide(_weights(_indian(), "IN"), on="2026-06-01")
        assert (LR, [K.NOT_ENFORCED]) == (
            decision.verdict,
            [c.kind for c in decision.caveats],
        )


# Items the catalog does not list, described by their recorded facts only.
EAR99_MODEL = ac.ControlledItem("ear99-model", classifications={"ECCN": "EAR99"})
ECCN_4E091_MODEL = ac.ControlledItem("eccn-model", classifications={"ECCN": "4E091"})
# The days before, of and after the rule's effect and its compliance date.
AROUND_4E091 = ["2025-01-12", "2025-01-13", "2025-01-14", "2025-05-14", "2025-05-15", "2025-05-16"]  # fmt: skip


class TestAIDiffusionClassifications:
    """A recorded ECCN settles whether an item is 4E091; training compute decides only without one."""

    @pytest.mark.parametrize("day", AROUND_4E091)
    def test_ear99_item_is_not_4e091(self, diffusion: ac.Regime, day: str) -> None:
        """An item recorded as EAR99, without its training compute, is not 4E091: permitted, nothing unknown."""
        decision = diffusion.decide(_weights(_indian(), "IN", EAR99_MODEL), on=day)
        assert (P, (), (), ()) == (
            decision.verdict,
            decision.applied,
            decision.caveats,
            decision.missing_facts,
        )

    def test_ear99_item_with_large_compute(self, diffusion: ac.Regime) -> None:
        """A recorded EAR99 classification is read over the training compute: not 4E091."""
        item = ac.ControlledItem(
            "ear99-large", classifications={"ECCN": "EAR99"}, training_operations=3e26
        )
        decision = diffusion.decide(_weights(_indian(), "IN", item), on="2025-06-01")
        assert (P, ()) == (decision.verdict, decision.applied)

    @pytest.mark.parametrize(
        ("day", "expected", "status"),
        [
            ("2025-01-12", P, None),
            ("2025-01-13", P, ac.Status.COMPLIANCE_NOT_REQUIRED),
            ("2025-05-14", P, ac.Status.COMPLIANCE_NOT_REQUIRED),
            ("2025-05-15", LR, ac.Status.BINDING),
            ("2025-05-16", LR, ac.Status.BINDING),
        ],
    )
    def test_4e091_item_without_training_compute(
        self,
        diffusion: ac.Regime,
        day: str,
        expected: ac.Verdict,
        status: ac.Status | None,
    ) -> None:
        """An item recorded as 4E091 is selected without its training compute, around each date."""
        decision = diffusion.decide(_weights(_indian(), "IN", ECCN_4E091_MODEL), on=day)
        applied = [(a.id, a.status) for a in decision.applied]
        assert (expected, [("ai-diffusion-4e091", status)] if status else []) == (
            decision.verdict,
            applied,
        )
        assert () == decision.missing_facts

    def test_4e091_item_cites_the_rule(self, diffusion: ac.Regime) -> None:
        """The license for a recorded 4E091 item cites 90 FR 4544, presumption of denial."""
        decision = diffusion.decide(
            _weights(_indian(), "IN", ECCN_4E091_MODEL), on="2025-06-01"
        )
        assert (ac.ReviewPolicy.PRESUMPTION_OF_DENIAL, True) == (
            decision.review_policy,
            any("90 FR 4544" in c.source for c in decision.citations),
        )

    def test_other_eccn_is_not_4e091(self, diffusion: ac.Regime) -> None:
        """An item recorded under another ECCN, without its compute, is not selected."""
        item = ac.ControlledItem("chip-tech", classifications={"ECCN": "3E001"})
        decision = diffusion.decide(_weights(_indian(), "IN", item), on="2025-06-01")
        assert (P, ()) == (decision.verdict, decision.missing_facts)

    def test_no_classification_no_compute_is_undetermined(
        self, diffusion: ac.Regime
    ) -> None:
        """An item with neither an ECCN nor its training compute stays undetermined (fail closed)."""
        item = ac.ControlledItem("mystery")
        decision = diffusion.decide(_weights(_indian(), "IN", item), on="2025-06-01")
        assert (ac.Verdict.UNDETERMINED, ("training compute of item `mystery`",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    @pytest.mark.parametrize(
        ("item", "expected"),
        [("frontier-closed", LR), ("small-closed", P), ("frontier-open", P)],
    )
    def test_catalog_items_without_eccn(
        self, diffusion: ac.Regime, item: str, expected: ac.Verdict
    ) -> None:
        """Without a recorded ECCN the training compute and publication decide, as before."""
        decision = diffusion.decide(_weights(_indian(), "IN", item), on="2025-06-01")
        assert (expected, ()) == (decision.verdict, decision.missing_facts)

    def test_index_agrees(self, diffusion: ac.Regime) -> None:
        """The compiled index and the reference interpreter agree on classified items."""
        assert_index_agrees(
            diffusion,
            *(
                _weights(_indian(), "IN", item)
                for item in (EAR99_MODEL, ECCN_4E091_MODEL, "frontier-closed")
            ),
        )


@pytest.fixture(scope="module")
def affiliates() -> ac.Regime:
    """The bundled affiliates-rule example."""
    return ac.examples.load("affiliates-rule-2025")


def _to(recipient: str) -> ac.Access:
    return ac.Access(recipient, "example-model", "weights-transfer", location="SG")


class TestAffiliatesRule:
    @pytest.mark.parametrize(
        ("day", "expected", "caveats"),
        [
            ("2025-09-28", P, []),
            ("2025-09-29", LR, []),
            ("2025-10-15", LR, []),
            ("2025-11-10", P, [K.SUSPENDED]),
            ("2025-12-01", P, [K.SUSPENDED]),
            ("2026-11-09", P, [K.SUSPENDED]),
            ("2026-11-10", LR, []),
            ("2027-06-01", LR, []),
        ],
    )
    def test_majority_owned_subsidiary(
        self,
        affiliates: ac.Regime,
        day: str,
        expected: ac.Verdict,
        caveats: list[ac.CaveatKind],
    ) -> None:
        """A 60%-owned unlisted subsidiary: listed, suspended, then reimposed on 2026-11-10."""
        decision = affiliates.decide(_to("sg-subsidiary"), on=day)
        assert (expected, caveats) == (
            decision.verdict,
            [c.kind for c in decision.caveats],
        )

    def test_subsidiary_binding_rule(self, affiliates: ac.Regime) -> None:
        """On 2025-10-15 the affiliates rule binds, with the owner's review policy."""
        decision = affiliates.decide(_to("sg-subsidiary"), on="2025-10-15")
        assert (
            [("affiliates-50-percent", ac.Status.BINDING)],
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
        ) == (
            [(a.id, a.status) for a in decision.applied],
            decision.review_policy,
        )

    @pytest.mark.parametrize(
        "day", ["2025-10-15", "2025-12-01", "2026-11-10", "2027-06-01"]
    )
    def test_minority_holding_never(self, affiliates: ac.Regime, day: str) -> None:
        """A 20% holding is below the 50% threshold: never controlled."""
        decision = affiliates.decide(_to("minority-holding"), on=day)
        assert (P, ()) == (decision.verdict, decision.applied)

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            ("2025-03-31", P),
            ("2025-04-01", LR),
            ("2025-10-15", LR),
            ("2025-12-01", LR),
            ("2026-11-10", LR),
        ],
    )
    def test_listed_parent(
        self, affiliates: ac.Regime, day: str, expected: ac.Verdict
    ) -> None:
        """The listed party needs a license from its listing date; the suspension does not touch it."""
        assert expected == affiliates.decide(_to("listed-parent"), on=day).verdict

    def test_subsidiary_history(self, affiliates: ac.Regime) -> None:
        """The subsidiary's history: free, listed by affiliation, suspended, listed again."""
        assert [
            (None, "2025-09-29", P),
            ("2025-09-29", "2025-11-10", LR),
            ("2025-11-10", "2026-11-10", P),
            ("2026-11-10", None, LR),
        ] == _segments(affiliates.history(_to("sg-subsidiary")))

    def test_changes(self, affiliates: ac.Regime) -> None:
        """The rule changes with the notices that made them."""
        assert [
            ("2025-04-01", ac.ChangeKind.ADDED, "listed-parent-entry", "illustrative-listing"),
            ("2025-04-01", ac.ChangeKind.ADDED, "listed-partner-entry", "illustrative-listing"),
            ("2025-09-29", ac.ChangeKind.ADDED, "affiliates-50-percent", "affiliates-rule"),
            ("2025-11-10", ac.ChangeKind.SUSPENDED, "affiliates-50-percent", "affiliates-suspension"),
            ("2026-11-10", ac.ChangeKind.SUSPENSION_ENDED, "affiliates-50-percent", "affiliates-suspension"),
        ] == [
            (c.at.date().isoformat(), c.kind, c.rule_id, c.notice.id)
            for c in affiliates.changes()
        ]  # fmt: skip

    def test_suspension_unknown_before_published(self, affiliates: ac.Regime) -> None:
        """Asked with knowledge of 2025-11-01, the subsidiary still needs a license on 2025-12-01."""
        decision = affiliates.decide(
            _to("sg-subsidiary"), on="2025-12-01", as_known_on="2025-11-01"
        )
        assert LR == decision.verdict
