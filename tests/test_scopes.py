"""Scopes: what they select, how they describe themselves, and failing closed."""

from __future__ import annotations

import datetime as dt

import pytest

import aicontrols as ac

from .builders import CATALOG, D, person, regime

CATALOG_ENTITIES = [e for e in CATALOG["entities"] if e.id != "partner"]

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED

ITEMS = [
    ac.ControlledItem(
        "frontier",
        developer="dev",
        classifications={"ECCN": "4E091"},
        training_operations=3e26,
    ),
    ac.ControlledItem(
        "small",
        developer="dev",
        classifications={"ECCN": "EAR99"},
        training_operations=1e24,
        weights_published=True,
    ),
    ac.ControlledItem("mystery"),
]
ENTITIES = [
    ac.Entity("dev", country="US"),
    ac.Entity("parent", country="CN"),
    ac.Entity("subsidiary", country="SG", owners=[ac.Ownership("parent", share=0.6)]),
    ac.Entity("minority", country="SG", owners=[ac.Ownership("parent", share=0.2)]),
    ac.Entity("unknown-share", country="SG", owners=[ac.Ownership("parent")]),
    ac.Entity("agency", kind="government_agency", country="US"),
    ac.Entity("un", kind="international_organization"),
    ac.Entity("nowhere-inc"),
    ac.Entity("listed-co", country="AE"),
]
GROUPS = [
    ac.CountryGroup(
        "D:5",
        members=["CN", "MO", ac.Membership("KH", end=D(2026, 2, 9))],
    )
]
LISTS = [
    ac.EntityList(
        "entity-list", members=[ac.Membership("listed-co", start=D(2026, 3, 1))]
    )
]


def scoped(
    *,
    items: ac.Scope = ac.EVERYTHING,
    modes: ac.Scope = ac.EVERYTHING,
    recipients: ac.Scope = ac.EVERYTHING,
    effect: str = "license_required",
    **regime_fields: object,
) -> ac.Regime:
    rule = ac.Restriction(
        "r", effect=effect, items=items, modes=modes, recipients=recipients
    )
    notice = ac.Notice(
        "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
    )
    fields: dict[str, object] = {
        "items": ITEMS,
        "entities": ENTITIES,
        "country_groups": GROUPS,
        "entity_lists": LISTS,
        **regime_fields,
    }
    return regime(notice, **fields)  # type: ignore[arg-type]


def decide(
    r: ac.Regime,
    recipient: ac.Entity | str,
    item: str = "frontier",
    *,
    mode: str = "hosted-api",
    location: str | None = "US",
    day: str = "2026-06-01",
    attestations: frozenset[str] = frozenset(),
) -> ac.Decision:
    return r.decide(ac.Access(recipient, item, mode, location, attestations), on=day)


class TestItemScopes:
    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.ItemIs("frontier"), {"frontier": LR, "small": P, "mystery": P}),
            (ac.DevelopedBy("dev"), {"frontier": LR, "small": LR, "mystery": U}),
            (
                ac.ClassifiedAs("ECCN", "4E091"),
                {"frontier": LR, "small": P, "mystery": U},
            ),
            (ac.TrainedWithAtLeast(1e26), {"frontier": LR, "small": P, "mystery": U}),
            (ac.WeightsPublished(), {"frontier": P, "small": LR, "mystery": P}),
            (ac.WeightsPublished(False), {"frontier": LR, "small": P, "mystery": LR}),
            (
                ac.AllOf([ac.TrainedWithAtLeast(1e26), ac.Not(ac.WeightsPublished())]),
                {"frontier": LR, "small": P, "mystery": U},
            ),
            (
                ac.AnyOf([ac.ItemIs("mystery"), ac.TrainedWithAtLeast(1e26)]),
                {"frontier": LR, "small": P, "mystery": LR},
            ),
        ],
    )
    def test_selects(self, scope: ac.Scope, expected: dict[str, ac.Verdict]) -> None:
        """Item scopes select by id, developer, classification, compute and publication."""
        r = scoped(items=scope)
        assert expected == {i: decide(r, "dev", i).verdict for i in expected}

    def test_unknown_item_fact_is_listed(self) -> None:
        """An item with no training compute recorded is UNDETERMINED, saying what is missing."""
        decision = decide(scoped(items=ac.TrainedWithAtLeast(1e26)), "dev", "mystery")
        assert decision.missing_facts == ("training compute of item `mystery`",)
        assert decision.applied[0].status == ac.Status.POSSIBLE
        assert "Unknown facts that could change the verdict:" in decision.explain()


class TestModeScopes:
    @pytest.mark.parametrize(
        ("scope", "hosted", "weights"),
        [
            (ac.ModeIs("weights-transfer"), P, LR),
            (ac.TransfersWeights(), P, LR),
            (ac.TransfersWeights(False), LR, P),
            (ac.ComputeRunsAt("provider"), LR, P),
            (ac.ComputeRunsAt(["recipient", "third_party_cloud"]), P, LR),
        ],
    )
    def test_selects(
        self, scope: ac.Scope, hosted: ac.Verdict, weights: ac.Verdict
    ) -> None:
        """Mode scopes select by name and by the mode's properties."""
        r = scoped(modes=scope)
        assert (hosted, weights) == (
            decide(r, "dev", mode="hosted-api").verdict,
            decide(r, "dev", mode="weights-transfer").verdict,
        )


class TestRecipientScopes:
    def test_foreign_person_kinds(self) -> None:
        """Organisations are foreign unless incorporated here; international organisations always."""
        r = scoped(recipients=ac.ForeignPerson())
        assert {
            e: decide(r, e).verdict
            for e in ("dev", "agency", "parent", "un", "nowhere-inc")
        } == {"dev": P, "agency": P, "parent": LR, "un": LR, "nowhere-inc": U}
        assert decide(r, "nowhere-inc").missing_facts == (
            "country of incorporation of `nowhere-inc`",
        )

    def test_not_foreign_person(self) -> None:
        """`ForeignPerson(False)` selects US persons."""
        r = scoped(recipients=ac.ForeignPerson(False))
        assert (decide(r, "dev").verdict, decide(r, "parent").verdict) == (LR, P)

    def test_unknown_citizenship_is_undetermined(self) -> None:
        """An individual with no citizenship recorded gives UNDETERMINED, never PERMITTED."""
        r = scoped(recipients=ac.ForeignPerson())
        decision = decide(r, person(citizenships=()))
        assert (
            decision.verdict,
            decision.missing_facts,
        ) == (U, ("citizenship of `priya`",))
        assert decision.to_dict()["missing_facts"] == ["citizenship of `priya`"]

    def test_known_resident_needs_no_citizenship(self) -> None:
        """A US permanent resident is not foreign even with citizenship unknown."""
        r = scoped(recipients=ac.ForeignPerson())
        assert decide(r, person(citizenships=(), residencies=["US"])).verdict == P

    def test_kind_entity_and_list(self) -> None:
        """Kind, entity id and list membership read the recipient at the instant."""
        kind = scoped(recipients=ac.KindIs(["government_agency", "university"]))
        ident = scoped(recipients=ac.EntityIs("parent"))
        listed = scoped(recipients=ac.OnList("entity-list"))
        assert (decide(kind, "agency").verdict, decide(kind, "dev").verdict) == (LR, P)
        assert (
            decide(ident, "parent").verdict,
            decide(ident, "dev").verdict,
        ) == (LR, P)
        assert (
            decide(listed, "listed-co", day="2026-02-28").verdict,
            decide(listed, "listed-co", day="2026-03-01").verdict,
        ) == (P, LR)

    def test_owned_by(self) -> None:
        """Ownership counts from `min_share`; an unknown share is UNDETERMINED."""
        r = scoped(recipients=ac.OwnedBy("parent", min_share=0.5))
        plain = scoped(recipients=ac.OwnedBy("parent"))
        assert {
            e: decide(r, e).verdict
            for e in ("subsidiary", "minority", "unknown-share", "dev")
        } == {"subsidiary": LR, "minority": P, "unknown-share": U, "dev": P}
        assert decide(plain, "unknown-share").verdict == LR
        assert decide(r, "unknown-share").missing_facts == (
            "ownership shares in `unknown-share`",
        )

    def test_employed_by_reads_the_instant(self) -> None:
        """Employment counts only within its dates."""
        r = scoped(recipients=ac.EmployedBy("dev"))
        who = ac.Entity(
            "sam",
            kind="individual",
            citizenships=[ac.Citizenship("FR")],
            employments=[ac.Employment("dev", start=D(2026, 3, 1), end=D(2026, 4, 1))],
        )
        assert [
            decide(r, who, day=d).verdict
            for d in ("2026-02-28", "2026-03-15", "2026-04-01")
        ] == [P, LR, P]


class TestDestinations:
    def test_export_goes_to_the_location(self) -> None:
        """Access from abroad goes to the location; unknown location is UNDETERMINED."""
        r = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert {
            loc: decide(r, "dev", location=loc).verdict for loc in ("CN", "SG")
        } == {"CN": LR, "SG": P}
        unknown = decide(r, "dev", location=None)
        assert (
            unknown.verdict,
            unknown.missing_facts,
        ) == (U, ("location of the access",))

    def test_group_membership_changes_over_time(self) -> None:
        """Cambodia leaves D:5 on 2026-02-09: from that day it no longer matches."""
        r = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert (
            decide(r, "dev", location="KH", day="2026-02-08").verdict,
            decide(r, "dev", location="KH", day="2026-02-09").verdict,
        ) == (LR, P)
        timeline = r.history(ac.Access("dev", "frontier", "hosted-api", "KH"))
        assert timeline[-1].cause.description == "country group `D:5` changed"

    def test_us_person_in_the_us_exports_nothing(self) -> None:
        """A US citizen in the US is no export to any destination."""
        r = scoped(recipients=ac.DestinationIn("US"))
        assert decide(r, person(citizenships=["US"])).verdict == P

    def test_deemed_export_most_recent_vs_all(self) -> None:
        """EAR uses the most recent citizenship (734.13(b)); ITAR every one (120.50(b))."""
        who = person(
            citizenships=[
                ac.Citizenship("CN", start=D(1990, 1, 1)),
                ac.Citizenship("CA", start=D(2015, 6, 1)),
            ]
        )
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        itar = scoped(recipients=ac.DestinationInGroup("D:5"), deemed_export_rule="all")
        assert (decide(ear, who).verdict, decide(itar, who).verdict) == (P, LR)
        moved = person(
            citizenships=[
                ac.Citizenship("CA", start=D(1990, 1, 1)),
                ac.Citizenship("CN", start=D(2015, 6, 1)),
            ]
        )
        at = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
        assert (
            LR
            == ear.decide(
                ac.Access(moved, "frontier", "hosted-api", "US"), at=at
            ).verdict
        )

    def test_all_rule_counts_former_citizenships(self) -> None:
        """ITAR counts every country where the person "has held or holds" citizenship."""
        former = person(
            citizenships=[
                ac.Citizenship("CN", end=D(2010, 3, 1)),
                ac.Citizenship("SG", start=D(2010, 3, 1)),
            ]
        )
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        itar = scoped(recipients=ac.DestinationInGroup("D:5"), deemed_export_rule="all")
        assert (P, LR) == (decide(ear, former).verdict, decide(itar, former).verdict)

    def test_international_organisation_inside_has_no_country(self) -> None:
        """An international organisation in the US has no country to export to: unknown."""
        r = scoped(recipients=ac.DestinationIn("CN"))
        decision = decide(r, "un")
        assert (U, ("country of `un`",)) == (decision.verdict, decision.missing_facts)
        assert P == decide(r, "un", location="FR").verdict

    def test_most_recent_tie_is_undetermined_only_when_it_matters(self) -> None:
        """Two citizenships since birth: D:5 is unknown if only one is in it."""
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        mixed = person(citizenships=["CN", "CA"])
        both = person(citizenships=["CN", "MO"])
        decision = decide(ear, mixed)
        assert (decision.verdict, decide(ear, both).verdict) == (U, LR)
        assert decision.missing_facts == (
            "which citizenship or residency of `priya` is the most recent",
        )

    def test_deemed_reexport_abroad(self) -> None:
        """A Chinese national in Singapore counts as a release to China too (734.14)."""
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert decide(ear, person(citizenships=["CN"]), location="SG").verdict == LR
        assert decide(ear, person(citizenships=["FR"]), location="SG").verdict == P

    def test_exemption_must_cover_every_destination(self) -> None:
        """An exemption for some destinations does not lift a release that also goes
        elsewhere: an Indian national in France is a deemed reexport to India."""
        rule = ac.Restriction("r", recipients=ac.ForeignPerson())
        lift = ac.Exemption(
            "tier-1", lifts=["r"], recipients=ac.DestinationInGroup("T1")
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule, lift]
            ),
            country_groups=[ac.CountryGroup("T1", members=["FR", "DE", "US"])],
        )
        assert {"IN in FR": LR, "DE in FR": P, "IN in IN": LR} == {
            "IN in FR": decide(
                r, person(citizenships=["IN"]), "model-a", location="FR"
            ).verdict,
            "DE in FR": decide(
                r, person(citizenships=["DE"]), "model-a", location="FR"
            ).verdict,
            "IN in IN": decide(
                r, person(citizenships=["IN"]), "model-a", location="IN"
            ).verdict,
        }
        tie = person(citizenships=["DE", "IN"])
        assert U == decide(r, tie, "model-a", location="FR").verdict

    def test_negated_destination_restriction_reaches_a_deemed_reexport(self) -> None:
        """`Not(DestinationIn("FR"))` applies to an Indian national in France: the
        release also goes to India."""
        rule = ac.Restriction(
            "r", effect="prohibited", recipients=ac.Not(ac.DestinationIn("FR"))
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        )
        assert (ac.Verdict.PROHIBITED, P) == (
            decide(r, person(citizenships=["IN"]), "model-a", location="FR").verdict,
            decide(r, person(citizenships=["FR"]), "model-a", location="FR").verdict,
        )

    def test_organisation_abroad_goes_where_it_is(self) -> None:
        """An organisation of unknown incorporation located in China is an export to China."""
        rule = ac.Restriction(
            "r", effect="prohibited", recipients=ac.DestinationIn("CN")
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        )
        assert (
            ac.Verdict.PROHIBITED
            == decide(r, ac.Entity("unk"), "model-a", location="CN").verdict
        )

    def test_foreign_company_in_the_us(self) -> None:
        """A foreign company receiving in the US is treated as a release to its country."""
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert decide(ear, "parent", location="US").verdict == LR


class TestDescriptions:
    @pytest.mark.parametrize(
        ("scope", "text"),
        [
            (ac.EVERYTHING, "any access"),
            (ac.ItemIs("a"), "the item is `a`"),
            (
                ac.ClassifiedAs("ECCN", ["4E091", "4A090"]),
                "the item is classified ECCN one of `4A090`, `4E091`",
            ),
            (
                ac.TrainedWithAtLeast(10**26),
                "the item was trained with at least 1e+26 operations",
            ),
            (ac.WeightsPublished(), "the weights are published"),
            (ac.TransfersWeights(False), "the mode does not transfer the weights"),
            (ac.ForeignPerson(False), "the recipient is not a foreign person"),
            (
                ac.KindIs(["company", "university"]),
                "the recipient is one of the kinds `company`, `university`",
            ),
            (ac.OwnedBy("p"), "the recipient is owned by `p`"),
            (ac.OnList(["a", "b"]), "the recipient is on list one of `a`, `b`"),
            (ac.DevelopedBy("x"), "the item is developed by `x`"),
        ],
    )
    def test_describe(self, scope: ac.Scope, text: str) -> None:
        """Every scope reads as a plain condition."""
        assert text == scope.describe()

    @pytest.mark.parametrize(
        "build",
        [
            lambda: ac.ItemIs([]),
            lambda: ac.AllOf([]),
            lambda: ac.AnyOf(["not a scope"]),
            lambda: ac.TrainedWithAtLeast(-1),
            lambda: ac.DestinationIn("USA"),
            lambda: ac.ComputeRunsAt("moon"),
        ],
    )
    def test_bad_scopes_are_refused(self, build: object) -> None:
        """Empty selections, wrong types and bad codes are refused at construction."""
        with pytest.raises((ValueError, TypeError)):
            build()  # type: ignore[operator]

    def test_rule_scopes_read_only_their_target(self) -> None:
        """A restriction's `items` scope may not read the recipient."""
        with pytest.raises(ValueError, match="`items` may only select by item"):
            ac.Restriction("r", items=ac.AllOf([ac.ItemIs("a"), ac.ForeignPerson()]))
        with pytest.raises(TypeError, match="expected a Scope"):
            ac.Restriction("r", items="a")  # type: ignore[arg-type]

    def test_near_miss_reasons(self) -> None:
        """A near miss names the first failed predicate or the missing attestation."""
        rule = ac.Restriction("r", recipients=ac.ForeignPerson())
        lift = ac.Exemption(
            "x",
            lifts=["r"],
            recipients=ac.AllOf([ac.ForeignPerson(), ac.EmployedBy("dev")]),
            conditions=["safeguards-agreement"],
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule, lift]
            )
        )
        stranger = decide(r, person(employer="stranger"), "model-a")
        unsigned = decide(r, person(employer="dev"), "model-a")
        signed = decide(
            r,
            person(employer="dev"),
            "model-a",
            attestations=frozenset({"safeguards-agreement"}),
        )
        assert (
            stranger.near_misses[0].reason
            == "requires that the recipient is employed by `dev`"
        )
        assert (
            unsigned.near_misses[0].reason
            == "requires the attested condition `safeguards-agreement`"
        )
        assert (stranger.verdict, unsigned.verdict, signed.verdict) == (LR, LR, P)

    def test_a_sure_lift_is_not_undone_by_an_unsure_one(self) -> None:
        """One exemption that surely lifts is enough, whatever the order of the others."""
        rule = ac.Restriction("r", recipients=ac.ForeignPerson())
        for sure, unsure in (("x-a", "x-b"), ("x-z", "x-b")):
            lifts = [
                ac.Exemption(sure, lifts=["r"], recipients=ac.EntityIs("partner")),
                ac.Exemption(unsure, lifts=["r"], recipients=ac.DestinationIn("FR")),
            ]
            r = regime(
                ac.Notice(
                    "n",
                    published=D(2026, 1, 1),
                    effective=D(2026, 1, 1),
                    adds=[rule, *lifts],
                ),
                entities=[ac.Entity("partner", country="CN"), *CATALOG_ENTITIES],
            )
            decision = decide(r, "partner", "model-a", location=None)
            assert (P, ac.Status.LIFTED) == (
                decision.verdict,
                decision.applied[0].status,
            )

    def test_unknown_exemption_scope_is_undetermined(self) -> None:
        """If whether an exemption applies is unknown, so is the verdict."""
        rule = ac.Restriction("r")
        lift = ac.Exemption("x", lifts=["r"], recipients=ac.ForeignPerson(False))
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule, lift]
            )
        )
        decision = decide(r, person(citizenships=()), "model-a")
        assert (
            decision.verdict,
            decision.missing_facts,
        ) == (U, ("citizenship of `priya`",))


class TestSeverity:
    def test_prohibition_wins_and_review_policy_is_strictest(self) -> None:
        """The most severe binding effect wins; a license carries the strictest review policy."""
        rules = [
            ac.Restriction("a", review_policy="case_by_case"),
            ac.Restriction("b", review_policy="presumption_of_denial"),
        ]
        r = regime(
            ac.Notice("n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=rules)
        )
        decision = decide(r, "dev", "model-a")
        assert (
            decision.verdict,
            decision.review_policy,
        ) == (LR, ac.ReviewPolicy.PRESUMPTION_OF_DENIAL)
        assert "review: presumption of denial" in decision.explain()
        prohibit = ac.Notice(
            "m",
            published=D(2026, 1, 1),
            effective=D(2026, 1, 1),
            adds=[
                ac.Restriction("c", effect="prohibited", recipients=ac.ForeignPerson())
            ],
        )
        unknown_but_prohibited = regime(prohibit).decide(
            ac.Access(person(citizenships=()), "model-a", "hosted-api"), on="2026-02-01"
        )
        assert unknown_but_prohibited.verdict == U
        r2 = regime(
            ac.Notice(
                "m",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[
                    ac.Restriction("c", effect="prohibited"),
                    ac.Restriction("d", recipients=ac.ForeignPerson()),
                ],
            )
        )
        assert (
            r2.decide(
                ac.Access(person(citizenships=()), "model-a", "hosted-api"),
                on="2026-02-01",
            ).verdict
            == ac.Verdict.PROHIBITED
        )
