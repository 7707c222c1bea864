"""Review policies that depend on conditions (`ConditionalReview`): the review a
binding restriction gets, what would change it, and how decisions show it.

The case-9 regime below is illustrative and simplified (DOMAIN.md §7 case 9,
91 FR 1684 [P]: the license review policy for H200-class chips to China and
Macau changed from presumption of denial to case by case, subject to exporter
certifications; 15 CFR 742.6(b)(10)(iii)(A)(1) as read in
data/ear/ai-eccns.md). The buyers are made up; the date of the requirement
before 91 FR 1684 is illustrative. Case-by-case review is for exports from the
United States: a reexport from abroad stays under a presumption of denial
(DOMAIN.md §7 case 9, [S] Covington; Baker McKenzie).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import aicontrols as ac
from aicontrols._canonical import canonical

from .core_regime import assert_index_agrees

D = dt.date
CERTIFIED = "exporter-certifications"
FR_1684 = ac.Citation(
    "91 FR 1684",
    title="Revision to License Review Policy for Advanced Computing Commodities",
    reported_by=("Covington", "Baker McKenzie"),
)
CASE_BY_CASE = ac.ConditionalReview(
    "case_by_case",
    conditions=[CERTIFIED],
    items=ac.AllOf(
        [
            ac.ParameterBelow("tpp", 21_000),
            ac.ParameterBelow("dram_bandwidth_gbps", 6_500),
        ]
    ),
    recipients=ac.AllOf([ac.DestinationInGroup("cn-macau"), ac.IsReexport(False)]),
    description="chips under the thresholds exported to end users in China or "
    "Macau, with the exporter's certifications",
    citation=FR_1684,
)


def chips_rule(*reviews: ac.ConditionalReview) -> ac.Restriction:
    """A license for 3A090.a chips to China and Macau, or to parties
    headquartered in D:5; presumption of denial unless a review says otherwise."""
    return ac.Restriction(
        "advanced-chips",
        review_policy="presumption_of_denial",
        items=ac.ClassifiedAs("ECCN", "3A090.a"),
        recipients=ac.AnyOf(
            [ac.DestinationInGroup("cn-macau"), ac.HeadquarteredInGroup("D:5")]
        ),
        conditional_reviews=reviews,
    )


def case9() -> ac.Regime:
    """The illustrative regime of case 9: the requirement before 91 FR 1684
    (presumption of denial), then 91 FR 1684 adding case-by-case review."""
    return ac.Regime(
        "case-9",
        jurisdiction="US",
        timezone="America/New_York",
        country_groups=[
            ac.CountryGroup("cn-macau", members=["CN", "MO"]),
            # illustrative: only the members these tests need
            ac.CountryGroup("D:5", members=["CN", "MO"]),
        ],
        entities=[
            ac.Entity("buyer-cn", country="CN", headquarters="CN"),
            ac.Entity("buyer-my", country="MY", headquarters="CN"),
        ],
        items=[
            ac.ControlledItem(
                "h200-class",
                classifications={"ECCN": "3A090.a"},
                parameters={"tpp": 15_000, "dram_bandwidth_gbps": 4_800},
            ),
            ac.ControlledItem(
                "above-thresholds",
                classifications={"ECCN": "3A090.a"},
                parameters={"tpp": 30_000, "dram_bandwidth_gbps": 8_000},
            ),
            ac.ControlledItem("unmeasured", classifications={"ECCN": "3A090.a"}),
        ],
        notices=[
            ac.Notice(
                "before-91-fr-1684",
                title="The requirement as it stood before 91 FR 1684",
                published=D(2025, 1, 1),
                effective=D(2025, 1, 1),
                citation=ac.Citation(
                    "91 FR 1684",
                    note="the review policy before this rule, as the rule "
                    "states; this notice's date is illustrative",
                ),
                adds=[chips_rule()],
            ),
            ac.Notice(
                "91-fr-1684",
                title="H200-class chips: case-by-case review with certifications",
                published=D(2026, 1, 15),
                effective=D(2026, 1, 15),
                citation=FR_1684,
                amends=[chips_rule(CASE_BY_CASE)],
            ),
        ],
    )


REGIME = case9()


def shipment(
    who: str = "buyer-cn",
    item: str = "h200-class",
    *,
    location: str = "CN",
    certified: bool = True,
    origin: str | None = None,
) -> ac.Access:
    """Chips shipped to `who` (on-premises) from `origin` (`None`: the United
    States), the certifications attested or not."""
    attested = [CERTIFIED] if certified else []
    return ac.Access(
        who,
        item,
        "on-premises",
        location=location,
        attestations=attested,
        origin=origin,
    )


def review(decision: ac.Decision) -> tuple[ac.Verdict, ac.ReviewPolicy | None]:
    return decision.verdict, decision.review_policy


class TestCase9:
    """91 FR 1684, as DOMAIN.md §7 case 9 states it."""

    @pytest.mark.parametrize(
        ("day", "policy"),
        [
            (D(2026, 1, 14), ac.ReviewPolicy.PRESUMPTION_OF_DENIAL),
            (D(2026, 1, 15), ac.ReviewPolicy.CASE_BY_CASE),
            (D(2026, 1, 16), ac.ReviewPolicy.CASE_BY_CASE),
        ],
    )
    def test_with_certifications_review_is_case_by_case_from_the_rule(
        self, day: dt.date, policy: ac.ReviewPolicy
    ) -> None:
        """With certifications, a license is required, reviewed case by case
        from 2026-01-15 (presumption of denial the day before)."""
        assert (ac.Verdict.LICENSE_REQUIRED, policy) == review(
            REGIME.decide(shipment(), on=day)
        )

    def test_the_case_by_case_review_cites_the_rule(self) -> None:
        """The decision names the conditional review and cites 91 FR 1684."""
        decision = REGIME.decide(shipment(), on=D(2026, 1, 15))
        applied = decision.applied[0]
        assert (CASE_BY_CASE, True) == (
            applied.review,
            FR_1684 in decision.citations,
        )

    @pytest.mark.parametrize("day", [D(2026, 1, 15), D(2026, 1, 16)])
    def test_without_certifications_denial_and_what_would_change_it(
        self, day: dt.date
    ) -> None:
        """Without certifications: presumption of denial, and a review near miss
        saying that attesting them gives case-by-case review."""
        decision = REGIME.decide(shipment(certified=False), on=day)
        misses = decision.applied[0].review_near_misses
        assert (
            ac.Verdict.LICENSE_REQUIRED,
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            [f"with `{CERTIFIED}` attested, review would be case by case"],
        ) == (*review(decision), [m.reason for m in misses])

    @pytest.mark.parametrize("day", [D(2026, 1, 14), D(2026, 1, 15), D(2026, 1, 16)])
    def test_buyer_headquartered_in_d5_located_elsewhere(self, day: dt.date) -> None:
        """A buyer headquartered in D:5 but located in Malaysia needs a license
        under a presumption of denial, certifications or not."""
        decision = REGIME.decide(shipment("buyer-my", location="MY"), on=day)
        assert (
            ac.Verdict.LICENSE_REQUIRED,
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            None,
            (),
        ) == (
            *review(decision),
            decision.applied[0].review,
            decision.applied[0].review_near_misses,
        )

    @pytest.mark.parametrize("day", [D(2026, 1, 14), D(2026, 1, 15), D(2026, 1, 16)])
    def test_reexport_from_abroad_stays_under_denial(self, day: dt.date) -> None:
        """Chips reexported from Singapore to China, certifications attested,
        need a license under a presumption of denial, before and after 91 FR 1684."""
        decision = REGIME.decide(shipment(origin="SG"), on=day)
        assert (
            ac.Verdict.LICENSE_REQUIRED,
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            ac.Transfer.REEXPORT,
            None,
        ) == (*review(decision), decision.transfer, decision.applied[0].review)

    def test_chips_above_the_thresholds_stay_under_denial(self) -> None:
        """Chips at or above the thresholds: presumption of denial, with nothing
        that would change it."""
        decision = REGIME.decide(shipment(item="above-thresholds"), on=D(2026, 1, 16))
        assert (ac.ReviewPolicy.PRESUMPTION_OF_DENIAL, ()) == (
            decision.review_policy,
            decision.applied[0].review_near_misses,
        )

    def test_an_unmeasured_chip_never_gets_the_favourable_review(self) -> None:
        """A chip whose TPP is not recorded is not given case-by-case review:
        presumption of denial, naming the missing parameters."""
        decision = REGIME.decide(shipment(item="unmeasured"), on=D(2026, 1, 16))
        (miss,) = decision.applied[0].review_near_misses
        assert (
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            (
                "`tpp` of item `unmeasured`",
                "`dram_bandwidth_gbps` of item `unmeasured`",
            ),
            ac.ReviewPolicy.CASE_BY_CASE,
        ) == (decision.review_policy, miss.missing_facts, miss.would_be)

    def test_history_changes_the_review_not_the_verdict(self) -> None:
        """The review policy never changes the verdict: one segment from the
        first requirement on, whatever the review."""
        timeline = REGIME.history(shipment())
        assert [ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED] == [
            s.verdict for s in timeline
        ]

    def test_the_index_agrees_with_the_interpreter(self) -> None:
        """The compiled index and the reference interpreter give the same review."""
        assert_index_agrees(
            REGIME,
            shipment(),
            shipment(certified=False),
            shipment("buyer-my", location="MY"),
            shipment(item="unmeasured"),
        )


# ---------------------------------------------------------------- the mechanics

HQ_D5 = ac.HeadquarteredInGroup("D:5")


def small(
    *reviews: ac.ConditionalReview, policy: str | None = "case_by_case"
) -> ac.Regime:
    """One license requirement for everyone, with `policy` and `reviews`."""
    return ac.Regime(
        "reviews",
        jurisdiction="US",
        timezone="America/New_York",
        country_groups=[
            ac.CountryGroup(
                "D:5",
                members=["CN", ac.Membership("KH", end=D(2026, 2, 9))],
            )
        ],
        entities=[
            ac.Entity("known-cn", country="SG", headquarters="CN"),
            ac.Entity("known-kh", country="SG", headquarters="KH"),
            ac.Entity("known-us", country="SG", headquarters="US"),
            ac.Entity("unknown-hq", country="SG"),
        ],
        items=[ac.ControlledItem("chip")],
        notices=[
            ac.Notice(
                "n1",
                published=D(2026, 1, 5),
                effective=D(2026, 1, 5),
                citation=ac.Citation("test notice"),
                adds=[
                    ac.Restriction(
                        "r1", review_policy=policy, conditional_reviews=reviews
                    )
                ],
            )
        ],
    )


def asked(regime: ac.Regime, who: str, *attested: str) -> ac.Decision:
    access = ac.Access(who, "chip", "hosted-api", location="SG", attestations=attested)
    return regime.decide(access, on=D(2026, 3, 1))


class TestFailClosed:
    """An unknown fact never gives the more favourable review."""

    DENIAL_IF_D5 = ac.ConditionalReview(
        "presumption_of_denial", recipients=HQ_D5, description="D:5 parent"
    )
    APPROVAL_UNLESS_D5 = ac.ConditionalReview(
        "presumption_of_approval", recipients=ac.Not(HQ_D5), description="others"
    )

    def test_a_stricter_review_of_unknown_selection_holds(self) -> None:
        """A stricter review that may apply is used, marked as held, naming the fact."""
        decision = asked(small(self.DENIAL_IF_D5), "unknown-hq")
        (miss,) = decision.applied[0].review_near_misses
        assert (
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            self.DENIAL_IF_D5,
            True,
            ("headquarters of `unknown-hq`",),
            ac.ReviewPolicy.CASE_BY_CASE,
        ) == (
            decision.review_policy,
            decision.applied[0].review,
            miss.assumed,
            miss.missing_facts,
            miss.would_be,
        )

    def test_a_favourable_review_of_unknown_selection_is_not_given(self) -> None:
        """A more favourable review that may apply is not used; the fact is named."""
        decision = asked(small(self.APPROVAL_UNLESS_D5), "unknown-hq")
        (miss,) = decision.applied[0].review_near_misses
        assert (
            ac.ReviewPolicy.CASE_BY_CASE,
            None,
            False,
            "may apply, but unknown: headquarters of `unknown-hq`; if it applies, "
            "review would be presumption of approval",
        ) == (
            decision.review_policy,
            decision.applied[0].review,
            miss.assumed,
            miss.reason,
        )

    @pytest.mark.parametrize(
        ("who", "policy"),
        [
            ("known-cn", ac.ReviewPolicy.PRESUMPTION_OF_DENIAL),
            ("known-us", ac.ReviewPolicy.PRESUMPTION_OF_APPROVAL),
        ],
    )
    def test_known_facts_settle_the_review(
        self, who: str, policy: ac.ReviewPolicy
    ) -> None:
        """With the facts known, the review that selects the access sets the
        policy, and nothing is reported."""
        regime = small(self.DENIAL_IF_D5, self.APPROVAL_UNLESS_D5)
        decision = asked(regime, who)
        assert (policy, ()) == (
            decision.review_policy,
            decision.applied[0].review_near_misses,
        )

    def test_the_strictest_of_several_reviews(self) -> None:
        """When several reviews select the access, the strictest sets the policy."""
        lenient = ac.ConditionalReview("presumption_of_approval")
        strict = ac.ConditionalReview("policy_of_denial")
        decision = asked(small(lenient, strict), "known-us")
        assert (ac.ReviewPolicy.POLICY_OF_DENIAL, strict) == (
            decision.review_policy,
            decision.applied[0].review,
        )

    def test_a_stricter_review_still_holding_is_said(self) -> None:
        """An unattested review whose policy would still be overridden says so."""
        lenient = ac.ConditionalReview("presumption_of_approval", conditions=["kyc"])
        decision = asked(small(lenient, self.DENIAL_IF_D5), "unknown-hq")
        reasons = [m.reason for m in decision.applied[0].review_near_misses]
        assert (
            "with `kyc` attested, it gives presumption of approval review, but a "
            "stricter one would still hold: presumption of denial"
        ) in reasons

    def test_no_stated_policy_stays_unstated_when_unknown(self) -> None:
        """Without a stated policy, a review that may apply leaves it unstated."""
        decision = asked(small(self.DENIAL_IF_D5, policy=None), "unknown-hq")
        assert (None, None) == (decision.review_policy, decision.applied[0].review)

    def test_a_review_sets_an_unstated_policy(self) -> None:
        """Without a stated policy, a review that selects the access sets it."""
        decision = asked(small(self.DENIAL_IF_D5, policy=None), "known-cn")
        assert ac.ReviewPolicy.PRESUMPTION_OF_DENIAL == decision.review_policy

    def test_the_review_follows_a_group_change(self) -> None:
        """A review reading a country group follows its membership: Cambodia
        leaving D:5 ends the stricter review, and the index agrees."""
        regime = small(self.DENIAL_IF_D5)
        access = ac.Access("known-kh", "chip", "hosted-api", location="SG")
        before = regime.decide(access, on=D(2026, 2, 8)).review_policy
        after = regime.decide(access, on=D(2026, 2, 9)).review_policy
        assert_index_agrees(regime, access)
        assert (
            ac.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            ac.ReviewPolicy.CASE_BY_CASE,
        ) == (before, after)


class TestVerdict:
    @pytest.mark.parametrize("who", ["known-cn", "known-us", "unknown-hq"])
    @pytest.mark.parametrize("attested", [(), ("kyc",)])
    def test_a_review_never_changes_the_verdict(
        self, who: str, attested: tuple[str, ...]
    ) -> None:
        """The verdict is the same with conditional reviews as without them."""
        reviews = (
            TestFailClosed.DENIAL_IF_D5,
            ac.ConditionalReview("presumption_of_approval", conditions=["kyc"]),
        )
        assert (
            asked(small(), who, *attested).verdict
            is asked(small(*reviews), who, *attested).verdict
        )

    def test_a_restriction_that_does_not_bind_gets_no_review(self) -> None:
        """A lifted restriction carries no conditional review."""
        regime = small(ac.ConditionalReview("policy_of_denial")).with_notices(
            [
                ac.Notice(
                    "n2",
                    published=D(2026, 2, 1),
                    effective=D(2026, 2, 1),
                    adds=[ac.Exemption("x1", lifts=["r1"])],
                )
            ]
        )
        decision = asked(regime, "known-us")
        assert (ac.Verdict.PERMITTED, None, None) == (
            decision.verdict,
            decision.review_policy,
            decision.applied[0].review,
        )


class TestShown:
    """The explanation and the JSON name the review, with its citation."""

    def test_explain(self) -> None:
        """`explain()` names the conditional review, what it covers and its citation."""
        text = REGIME.decide(shipment(), on=D(2026, 1, 16)).explain()
        assert [
            "  - `advanced-chips`: license required, review: case by case [binding]",
            "      review case by case under conditional review (chips under the "
            "thresholds exported to end users in China or Macau, with the "
            "exporter's certifications): all of: the item has `tpp` below 21000; "
            "the item has `dram_bandwidth_gbps` below 6500; all of: the destination "
            "is in country group `cn-macau`; the access is not a reexport or a "
            "deemed reexport; attested: `exporter-certifications`",
            "      review cites: 91 FR 1684 (Revision to License Review Policy for "
            "Advanced Computing Commodities) as reported by Covington, Baker McKenzie",
        ] == [
            line
            for line in text.splitlines()
            if "advanced-chips`:" in line or line.startswith("      review")
        ]

    def test_explain_a_near_miss(self) -> None:
        """`explain()` says what would change the review."""
        text = REGIME.decide(shipment(certified=False), on=D(2026, 1, 16)).explain()
        assert (
            "      review near miss, conditional review (chips under the thresholds "
            "exported to end users in China or Macau, with the exporter's "
            "certifications): "
            "with `exporter-certifications` attested, review would be case by case"
        ) in text.splitlines()

    def test_json(self) -> None:
        """`to_dict()` carries the review that set the policy and its citation."""
        data = REGIME.decide(shipment(), on=D(2026, 1, 16)).to_dict()
        applied = data["applied"][0]
        assert {
            "review_policy": "case_by_case",
            "review": {
                "index": 0,
                "policy": "case_by_case",
                "description": CASE_BY_CASE.description,
                "conditions": [CERTIFIED],
                "citation": FR_1684.text(),
            },
            "review_near_misses": [],
        } == {k: applied[k] for k in ("review_policy", "review", "review_near_misses")}

    def test_json_near_miss(self) -> None:
        """A review near miss in JSON names the missing condition and the policy."""
        data = REGIME.decide(shipment(certified=False), on=D(2026, 1, 16)).to_dict()
        (miss,) = data["applied"][0]["review_near_misses"]
        assert (
            "case_by_case",
            [CERTIFIED],
            [],
            False,
        ) == (
            miss["would_be"],
            miss["missing_conditions"],
            miss["missing_facts"],
            miss["assumed"],
        )
        json.dumps(data)  # JSON-ready

    def test_without_reviews_the_json_is_as_before(self) -> None:
        """A restriction without conditional reviews shows no review in JSON."""
        applied = asked(small(), "known-us").to_dict()["applied"][0]
        assert (None, [], "case_by_case") == (
            applied["review"],
            applied["review_near_misses"],
            applied["review_policy"],
        )


# ---------------------------------------------------------------- the model and files

TEXT = """\
id: reviews
jurisdiction: US
timezone: America/New_York
country_groups:
- id: cn-macau
  members: [CN, MO]
catalog:
  items:
  - id: h200-class
    classifications: {ECCN: 3A090.a}
    parameters: {tpp: 15000, dram_bandwidth_gbps: 4800}
notices:
- id: 91-fr-1684
  published: 2026-01-15
  effective: 2026-01-15
  citation: {source: 91 FR 1684}
  adds:
    restrictions:
    - id: advanced-chips
      review_policy: presumption_of_denial
      items: {classified: {ECCN: 3A090.a}}
      recipients: {destination_group: cn-macau}
      conditional_reviews:
      - policy: case_by_case
        description: with the exporter's certifications
        conditions: [exporter-certifications]
        items: {parameter_below: {name: tpp, value: 21000}}
        recipients: {destination_group: cn-macau}
        citation: {source: 91 FR 1684}
"""


class TestModel:
    def test_policy_as_a_string(self) -> None:
        """A review's policy may be given as its value."""
        assert (
            ac.ReviewPolicy.CASE_BY_CASE is ac.ConditionalReview("case_by_case").policy
        )

    def test_an_unknown_policy_is_refused(self) -> None:
        """A review policy that does not exist is a `ValueError`."""
        with pytest.raises(ValueError, match="case_by_cse"):
            ac.ConditionalReview("case_by_cse")

    def test_scopes_select_their_own_target(self) -> None:
        """A review's `items` scope may only read the item."""
        with pytest.raises(ValueError, match="may only select by item"):
            ac.ConditionalReview("case_by_case", items=ac.ForeignPerson())

    def test_reviews_are_reviews(self) -> None:
        """`conditional_reviews` takes `ConditionalReview`s only."""
        with pytest.raises(TypeError, match="conditional_reviews"):
            ac.Restriction("r", conditional_reviews=["case_by_case"])  # type: ignore[list-item]

    def test_an_unknown_group_in_a_review_is_refused(self) -> None:
        """A review naming a country group nobody defined is an unknown reference."""
        rule = ac.Restriction(
            "r1",
            conditional_reviews=[
                ac.ConditionalReview("case_by_case", recipients=HQ_D5)
            ],
        )
        with pytest.raises(ac.UnknownReferenceError, match="D:5"):
            ac.Regime(
                "bad",
                jurisdiction="US",
                timezone="UTC",
                notices=[
                    ac.Notice(
                        "n1",
                        published=D(2026, 1, 1),
                        effective=D(2026, 1, 1),
                        adds=[rule],
                    )
                ],
            )


class TestFiles:
    def test_load(self) -> None:
        """`conditional_reviews` in a file mean what `ConditionalReview` means."""
        rule = ac.loads_regime(TEXT).notices[0].adds[0]
        assert isinstance(rule, ac.Restriction)
        assert (
            ac.ConditionalReview(
                "case_by_case",
                description="with the exporter's certifications",
                conditions=[CERTIFIED],
                items=ac.ParameterBelow("tpp", 21000),
                recipients=ac.DestinationInGroup("cn-macau"),
                citation=ac.Citation("91 FR 1684"),
            ),
        ) == rule.conditional_reviews

    def test_round_trip(self) -> None:
        """Dumping and loading again gives an equal regime."""
        regime = ac.loads_regime(TEXT)
        assert regime == ac.loads_regime(ac.dump_regime(regime))

    def test_round_trip_of_the_case(self) -> None:
        """The case-9 regime round-trips through a file, JSON too."""
        for format in ("yaml", "json"):
            assert REGIME == ac.loads_regime(ac.dump_regime(REGIME, format=format))

    def test_a_misspelt_key_is_located(self) -> None:
        """A misspelt key in a conditional review is located, with the key meant."""
        text = TEXT.replace("        conditions:", "        condition:")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="reviews.yaml")
        assert [
            "reviews.yaml:26:9: notices[0].adds.restrictions[0].conditional_reviews[0]"
            ".condition: unknown key `condition` (did you mean `conditions`?)"
        ] == str(caught.value).splitlines()

    def test_an_unknown_group_is_located(self) -> None:
        """An unknown group in a review's scope is located in the file."""
        text = TEXT.replace(
            "        recipients: {destination_group: cn-macau}",
            "        recipients: {destination_group: cn-mcau}",
        )
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="reviews.yaml")
        assert [
            "reviews.yaml:28:41: notices[0].adds.restrictions[0].conditional_reviews[0]"
            ".recipients.destination_group: unknown country group id `cn-mcau`"
        ] == str(caught.value).splitlines()

    def test_the_schema_accepts_the_dump(self) -> None:
        """The JSON Schema accepts a dumped regime with conditional reviews."""
        import jsonschema

        data = json.loads(ac.dump_regime(REGIME, format="json"))
        validator = jsonschema.Draft202012Validator(ac.regime_schema())
        assert [] == list(validator.iter_errors(data))


class TestFingerprint:
    def test_unused_reviews_leave_the_rendering_as_it_was(self) -> None:
        """A restriction without conditional reviews renders as before they
        existed: its fingerprint and replay tokens are unchanged."""
        assert "conditional_reviews" not in canonical(ac.Restriction("r"))

    def test_reviews_change_the_fingerprint(self) -> None:
        """A conditional review is part of the regime's content hash."""
        assert (
            small().fingerprint
            != small(ac.ConditionalReview("case_by_case")).fingerprint
        )


class TestLint:
    def test_reviews_of_a_prohibition(self) -> None:
        """The linter reports conditional reviews on a prohibited restriction."""
        rule = ac.Restriction(
            "r1",
            effect="prohibited",
            conditional_reviews=[ac.ConditionalReview("case_by_case")],
        )
        regime = ac.Regime(
            "lint",
            jurisdiction="US",
            timezone="UTC",
            notices=[
                ac.Notice(
                    "n1", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
                )
            ],
        )
        assert [
            (
                "review-of-prohibited",
                "notices[0].adds[0].conditional_reviews",
            )
        ] == [(f.code, f.path) for f in ac.lint(regime)]

    def test_a_review_scope_that_never_matches(self) -> None:
        """The linter reports a review scope reading an empty country group."""
        rule = ac.Restriction(
            "r1",
            conditional_reviews=[
                ac.ConditionalReview("case_by_case", recipients=HQ_D5)
            ],
        )
        regime = ac.Regime(
            "lint",
            jurisdiction="US",
            timezone="UTC",
            country_groups=[ac.CountryGroup("D:5")],
            notices=[
                ac.Notice(
                    "n1", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
                )
            ],
        )
        assert [
            "notices[0].adds[0].conditional_reviews[0].recipients: the recipients "
            "scope of conditional review 0 of `r1` never matches, so it never sets "
            "the review policy: country group `D:5` has no members"
        ] == [str(f) for f in ac.lint(regime)]
