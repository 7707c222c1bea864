"""Static checks of a regime: each check, its path, message and witness."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import pytest

import aicontrols as ac
from aicontrols._lint import Finding, Severity, lint

from .builders import NY, D, regime, restriction_notice


def at(year: int, month: int, day: int) -> pendulum.DateTime:
    """Local midnight in the test regimes' zone."""
    return pendulum.datetime(year, month, day, tz=NY)


def notice(nid: str, on: dt.date, **acts: Any) -> ac.Notice:
    """A notice published and effective on the same day."""
    return ac.Notice(nid, published=on, effective=on, **acts)


def exemption(eid: str = "e1", *lifts: str) -> ac.Exemption:
    """An exemption for the `partner` company."""
    return ac.Exemption(eid, lifts=lifts or ["r1"], recipients=ac.EntityIs("partner"))


def in_group(*groups: str) -> ac.Restriction:
    """A restriction on destinations in country groups."""
    return ac.Restriction("r1", recipients=ac.DestinationInGroup(groups))


class TestFinding:
    def test_str_shows_a_midnight_witness_as_a_date(self) -> None:
        """A witness at local midnight prints as its date."""
        finding = Finding("x", "message", path="notices[0]", witness=at(2026, 3, 1))
        assert "notices[0]: message (witness 2026-03-01)" == str(finding)

    def test_str_shows_another_witness_in_full(self) -> None:
        """A witness at another time prints as an ISO instant with its offset."""
        witness = pendulum.datetime(2026, 3, 1, 0, 1, tz=NY)
        finding = Finding("x", "message", path="notices[0]", witness=witness)
        expected = "notices[0]: message (witness 2026-03-01T00:01:00-05:00)"
        assert expected == str(finding)

    def test_str_without_witness(self) -> None:
        """A finding without a witness prints its path and message only."""
        finding = Finding("x", "message", path="notices[0].adds[0].items")
        assert "notices[0].adds[0].items: message" == str(finding)

    def test_defaults(self) -> None:
        """A finding is a warning with no witness, notice or rule by default."""
        finding = Finding("x", "message", path="p")
        assert (Severity.WARNING, None, None, None) == (
            finding.severity,
            finding.witness,
            finding.notice_id,
            finding.rule_id,
        )


class TestExemptionNeverOverlaps:
    def test_exemption_after_the_restriction_ended(self) -> None:
        """An exemption that starts after its restriction was revoked is reported."""
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 2, 1), revokes=["r1"]),
            notice("n3", D(2026, 3, 1), adds=[exemption()]),
        )
        expected = (
            Finding(
                "exemption-never-overlaps",
                "exemption `e1` never overlaps in time a restriction it lifts: it is "
                "in force from 2026-03-01; `r1` is in force from 2026-01-10 to "
                "2026-02-01",
                path="notices[2].adds[0]",
                witness=at(2026, 3, 1),
                notice_id="n3",
                rule_id="e1",
            ),
        )
        assert expected == lint(built)

    def test_exemption_that_ends_before_the_restriction_starts(self) -> None:
        """An exemption revoked before its restriction comes into force is reported."""
        built = regime(
            restriction_notice(effective=D(2026, 3, 1)),
            notice("n2", D(2026, 1, 10), adds=[exemption()]),
            notice("n3", D(2026, 2, 1), revokes=["e1"]),
        )
        expected = [
            (
                "notices[1].adds[0]",
                "exemption `e1` never overlaps in time a restriction it lifts: it is "
                "in force from 2026-01-10 to 2026-02-01; `r1` is in force from "
                "2026-03-01",
                at(2026, 1, 10),
            )
        ]
        assert expected == [(f.path, f.message, f.witness) for f in lint(built)]

    def test_exemption_never_in_force(self) -> None:
        """An exemption added and revoked at one instant has no witness."""
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 3, 1), adds=[exemption()], revokes=["e1"]),
        )
        expected = [
            (
                "notices[1].adds[0]",
                "exemption `e1` never overlaps in time a restriction it lifts: it is "
                "never in force; `r1` is in force from 2026-01-10",
                None,
            )
        ]
        assert expected == [(f.path, f.message, f.witness) for f in lint(built)]

    def test_overlapping_exemption_is_clean(self) -> None:
        """An exemption in force while its restriction is reports nothing."""
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 3, 1), adds=[exemption()]),
        )
        assert () == lint(built)

    def test_one_overlapping_restriction_is_enough(self) -> None:
        """An exemption that overlaps one of the restrictions it lifts is clean."""
        built = regime(
            restriction_notice(),
            restriction_notice(
                "n2",
                published=D(2026, 1, 11),
                rule=ac.Restriction("r2", items=ac.ItemIs("model-b")),
            ),
            notice("n3", D(2026, 2, 1), revokes=["r1"]),
            notice("n4", D(2026, 3, 1), adds=[exemption("e1", "r1", "r2")]),
        )
        assert () == lint(built)


class TestRevokeNotInForce:
    def test_revocation_before_the_addition(self) -> None:
        """A revocation before the rule comes into force is reported at its instant."""
        built = regime(
            restriction_notice(effective=D(2026, 4, 1)),
            restriction_notice(
                "n2",
                published=D(2026, 1, 11),
                rule=ac.Restriction("r2", items=ac.ItemIs("model-b")),
            ),
            notice("n3", D(2026, 3, 1), revokes=["r2", "r1"]),
        )
        expected = (
            Finding(
                "revoke-not-in-force",
                "revocation of `r1` on 2026-03-01, when it is not in force: it first "
                "comes into force on 2026-04-01",
                path="notices[2].revokes[1]",
                witness=at(2026, 3, 1),
                notice_id="n3",
                rule_id="r1",
            ),
        )
        assert expected == lint(built)

    def test_second_revocation(self) -> None:
        """Revoking a rule already revoked names the first revocation."""
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 2, 1), revokes=["r1"]),
            notice("n3", D(2026, 3, 1), revokes=["r1"]),
        )
        expected = [
            (
                "revoke-not-in-force",
                "notices[2].revokes[0]",
                "revocation of `r1` on 2026-03-01, when it is not in force: notice "
                "`n2` revoked it on 2026-02-01",
                at(2026, 3, 1),
            )
        ]
        assert expected == [(f.code, f.path, f.message, f.witness) for f in lint(built)]

    def test_revocation_of_a_rule_in_force_is_clean(self) -> None:
        """Revoking a rule in force reports nothing."""
        built = regime(restriction_notice(), notice("n2", D(2026, 2, 1), revokes="r1"))
        assert () == lint(built)


class TestAmendNotInForce:
    def test_amendment_after_revocation(self) -> None:
        """An amendment of a revoked rule is reported: it does nothing."""
        amended = ac.Restriction("r1", items=ac.ItemIs("model-b"))
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 2, 1), revokes=["r1"]),
            notice("n3", D(2026, 3, 1), amends=[amended]),
        )
        expected = (
            Finding(
                "amend-not-in-force",
                "amendment of `r1` on 2026-03-01, when it is not in force: notice "
                "`n2` revoked it on 2026-02-01",
                path="notices[2].amends[0]",
                witness=at(2026, 3, 1),
                notice_id="n3",
                rule_id="r1",
            ),
        )
        assert expected == lint(built)

    def test_amendment_of_a_rule_a_correction_removed(self) -> None:
        """An amendment of a rule whose only addition was corrected away says so."""
        r9 = ac.Restriction("r9", items=ac.ItemIs("model-a"))
        built = regime(
            notice("n1", D(2026, 1, 10), adds=[r9]),
            notice(
                "n2",
                D(2026, 1, 20),
                corrects=["n1"],
                adds=[ac.Restriction("r1", items=ac.ItemIs("model-a"))],
            ),
            notice("n3", D(2026, 2, 1), amends=[r9]),
        )
        expected = [
            "notices[2].amends[0]: amendment of `r9` on 2026-02-01, when it is not in "
            "force: it is never added (witness 2026-02-01)"
        ]
        assert expected == [str(f) for f in lint(built)]

    def test_amendment_of_a_rule_no_notice_adds_is_refused(self) -> None:
        """A regime refuses an amendment of a rule that no notice adds at all."""
        with pytest.raises(ac.UnknownReferenceError, match="unknown rule id `r9`"):
            regime(notice("n1", D(2026, 2, 1), amends=[ac.Restriction("r9")]))

    def test_amendment_in_force_is_clean(self) -> None:
        """Amending a rule in force reports nothing."""
        amended = ac.Restriction("r1", items=ac.ItemIs("model-b"))
        built = regime(
            restriction_notice(), notice("n2", D(2026, 2, 1), amends=[amended])
        )
        assert () == lint(built)


class TestSuspensionOutsideLife:
    def test_suspension_after_revocation(self) -> None:
        """A suspension of a rule no longer in force is reported at its start."""
        window = ac.Suspension("r1", end=D(2026, 4, 1))
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 2, 1), revokes=["r1"]),
            notice("n3", D(2026, 3, 1), suspends=[window]),
        )
        expected = (
            Finding(
                "suspension-outside-life",
                "suspension of `r1` from 2026-03-01 to 2026-04-01 never overlaps the "
                "rule's life: `r1` is in force from 2026-01-10 to 2026-02-01",
                path="notices[2].suspends[0]",
                witness=at(2026, 3, 1),
                notice_id="n3",
                rule_id="r1",
            ),
        )
        assert expected == lint(built)

    def test_suspension_starting_before_addition(self) -> None:
        """A suspension that starts before the rule does is a weaker finding."""
        window = ac.Suspension("r1", end=D(2026, 4, 1))
        built = regime(
            restriction_notice(effective=D(2026, 3, 1)),
            notice("n2", D(2026, 2, 1), suspends=[window]),
        )
        expected = (
            Finding(
                "suspension-before-addition",
                "suspension of `r1` from 2026-02-01 to 2026-04-01 starts before `r1` "
                "first comes into force, on 2026-03-01",
                path="notices[1].suspends[0]",
                witness=at(2026, 2, 1),
                notice_id="n2",
                rule_id="r1",
                severity=Severity.INFO,
            ),
        )
        assert expected == lint(built)

    def test_non_enforcement_after_revocation(self) -> None:
        """A non-enforcement statement on a revoked rule is reported too."""
        statement = ac.NonEnforcement("r1", statement="not enforced")
        built = regime(
            restriction_notice(),
            notice("n2", D(2026, 2, 1), revokes=["r1"]),
            notice("n3", D(2026, 3, 1), not_enforced=[statement]),
        )
        expected = [
            (
                "non-enforcement-outside-life",
                "notices[2].not_enforced[0]",
                "non-enforcement of `r1` from 2026-03-01 never overlaps the rule's "
                "life: `r1` is in force from 2026-01-10 to 2026-02-01",
            )
        ]
        assert expected == [(f.code, f.path, f.message) for f in lint(built)]

    def test_suspension_inside_life_is_clean(self) -> None:
        """A suspension while the rule is in force reports nothing."""
        window = ac.Suspension("r1", end=D(2026, 4, 1))
        built = regime(
            restriction_notice(), notice("n2", D(2026, 3, 1), suspends=[window])
        )
        assert () == lint(built)


class TestSameInstantActs:
    def test_amendment_at_the_addition_instant(self) -> None:
        """Another notice amending a rule at the instant it is added is reported."""
        amended = ac.Restriction("r1", items=ac.ItemIs("model-b"))
        built = regime(
            restriction_notice(effective=D(2026, 3, 1)),
            ac.Notice(
                "n2", published=D(2026, 2, 1), effective=D(2026, 3, 1), amends=[amended]
            ),
        )
        expected = (
            Finding(
                "same-instant-acts",
                "notice `n2` amends `r1` on 2026-03-01, the instant at which notice "
                "`n1` adds it",
                path="notices[1].amends[0]",
                witness=at(2026, 3, 1),
                notice_id="n2",
                rule_id="r1",
            ),
        )
        assert expected == lint(built)

    def test_suspension_from_the_addition_instant(self) -> None:
        """A suspension by another notice opening when the rule is added is reported."""
        window = ac.Suspension("r1", start=D(2026, 1, 10), end=D(2026, 4, 1))
        built = regime(
            restriction_notice(), notice("n2", D(2026, 2, 1), suspends=[window])
        )
        expected = [
            (
                "same-instant-acts",
                "notices[1].suspends[0]",
                "notice `n2` suspends `r1` on 2026-01-10, the instant at which notice "
                "`n1` adds it",
                at(2026, 1, 10),
            )
        ]
        assert expected == [(f.code, f.path, f.message, f.witness) for f in lint(built)]

    def test_acts_of_one_notice_are_clean(self) -> None:
        """One notice adding a rule and suspending it from the same instant is clean."""
        window = ac.Suspension("r1", end=D(2026, 4, 1))
        assert () == lint(regime(restriction_notice(suspends=[window])))


class TestScopeNeverMatches:
    def test_empty_country_group(self) -> None:
        """A destination scope on a group without members never matches."""
        built = regime(
            restriction_notice(rule=in_group("empty")),
            country_groups=[ac.CountryGroup("empty")],
        )
        expected = (
            Finding(
                "scope-never-matches",
                "the recipients scope of `r1` never matches, so the restriction never "
                "applies: country group `empty` has no members",
                path="notices[0].adds[0].recipients",
                notice_id="n1",
                rule_id="r1",
            ),
        )
        assert expected == lint(built)

    def test_group_of_empty_memberships(self) -> None:
        """A group whose every membership is an empty interval never has a member."""
        empty = ac.Membership("CN", start=D(2026, 3, 1), end=D(2026, 3, 1))
        built = regime(
            restriction_notice(rule=in_group("g")),
            country_groups=[ac.CountryGroup("g", members=[empty])],
        )
        expected = [
            "notices[0].adds[0].recipients: the recipients scope of `r1` never "
            "matches, so the restriction never applies: country group `g` has no "
            "members at any time (every membership ends when it starts or before)"
        ]
        assert expected == [str(f) for f in lint(built)]

    def test_one_nonempty_group_is_enough(self) -> None:
        """A scope naming an empty group and a populated one may match."""
        built = regime(
            restriction_notice(rule=in_group("empty", "d5")),
            country_groups=[
                ac.CountryGroup("empty"),
                ac.CountryGroup("d5", members=["CN"]),
            ],
        )
        assert () == lint(built)

    def test_empty_list_in_a_part(self) -> None:
        """An empty entity list in one branch of `AnyOf` is reported at that branch."""
        scope = ac.AnyOf([ac.OnList("sanctioned"), ac.ForeignPerson()])
        built = regime(
            notice(
                "n1",
                D(2026, 1, 10),
                adds=[ac.Exemption("e1", lifts=["r1"], recipients=scope)],
            ),
            restriction_notice("n0"),
            entity_lists=[ac.EntityList("sanctioned")],
        )
        expected = (
            Finding(
                "scope-never-matches",
                "part of the recipients scope of `e1` never matches: entity list "
                "`sanctioned` has no members",
                path="notices[0].adds[0].recipients.scopes[0]",
                notice_id="n1",
                rule_id="e1",
            ),
        )
        assert expected == lint(built)

    def test_scope_and_its_negation(self) -> None:
        """`AllOf` of a scope and its negation never matches."""
        scope = ac.AllOf([ac.ForeignPerson(), ac.Not(ac.ForeignPerson())])
        built = regime(restriction_notice(rule=ac.Restriction("r1", recipients=scope)))
        expected = [
            "the recipients scope of `r1` never matches, so the restriction never "
            "applies: it requires both (the recipient is a foreign person) and its "
            "negation"
        ]
        assert expected == [f.message for f in lint(built)]

    def test_negation_of_everything(self) -> None:
        """The negation of a scope that always matches never matches."""
        scope = ac.Not(ac.AnyOf([ac.EVERYTHING, ac.ItemIs("model-a")]))
        built = regime(restriction_notice(rule=ac.Restriction("r1", items=scope)))
        expected = [
            (
                "notices[0].adds[0].items",
                "the items scope of `r1` never matches, so the restriction never "
                "applies: it negates a scope that always matches (any of: any access; "
                "the item is `model-a`)",
            )
        ]
        assert expected == [(f.path, f.message) for f in lint(built)]

    def test_negation_of_a_part_that_never_matches(self) -> None:
        """Inside a `Not`, the part that never matches is reported."""
        scope = ac.Not(ac.DestinationInGroup("empty"))
        built = regime(
            restriction_notice(rule=ac.Restriction("r1", recipients=scope)),
            country_groups=[ac.CountryGroup("empty")],
        )
        expected = ["notices[0].adds[0].recipients.scope"]
        assert expected == [f.path for f in lint(built)]

    def test_every_branch_never_matches(self) -> None:
        """`AnyOf` whose every branch never matches gives every reason."""
        scope = ac.AnyOf([ac.OnList("sanctioned"), ac.DestinationInGroup("empty")])
        built = regime(
            restriction_notice(rule=ac.Restriction("r1", recipients=scope)),
            country_groups=[ac.CountryGroup("empty")],
            entity_lists=[ac.EntityList("sanctioned")],
        )
        expected = [
            (
                "notices[0].adds[0].recipients",
                "the recipients scope of `r1` never matches, so the restriction never "
                "applies: entity list `sanctioned` has no members; country group "
                "`empty` has no members",
            )
        ]
        assert expected == [(f.path, f.message) for f in lint(built)]

    def test_double_negation(self) -> None:
        """`Not(Not(X))` never matches when `X` never does."""
        scope = ac.Not(ac.Not(ac.DestinationInGroup("empty")))
        built = regime(
            restriction_notice(rule=ac.Restriction("r1", recipients=scope)),
            country_groups=[ac.CountryGroup("empty")],
        )
        expected = ["notices[0].adds[0].recipients"]
        assert expected == [f.path for f in lint(built)]

    def test_negation_of_a_conjunction_that_always_matches(self) -> None:
        """`Not` of an `AllOf` whose parts all always match never matches."""
        tautology = ac.AnyOf([ac.ItemIs("model-a"), ac.Not(ac.ItemIs("model-a"))])
        scope = ac.Not(ac.AllOf([ac.EVERYTHING, tautology]))
        built = regime(restriction_notice(rule=ac.Restriction("r1", items=scope)))
        expected = [("notices[0].adds[0].items", "scope-never-matches")]
        assert expected == [(f.path, f.code) for f in lint(built)]

    def test_parameter_range_no_item_has(self) -> None:
        """Bounds on one parameter that leave no value (nested, or negated) are reported."""
        scope = ac.AllOf(
            [
                ac.ParameterAtLeast("tpp", 4_800),
                ac.AllOf(
                    [ac.ItemIs("model-a"), ac.Not(ac.ParameterAtLeast("tpp", 1_600))]
                ),
            ]
        )
        built = regime(restriction_notice(rule=ac.Restriction("r1", items=scope)))
        expected = [
            (
                "notices[0].adds[0].items",
                "the items scope of `r1` never matches, so the restriction never "
                "applies: it requires `tpp` at least 4800 and below 1600, which no "
                "item has",
            )
        ]
        assert expected == [(f.path, f.message) for f in lint(built)]

    @pytest.mark.parametrize(
        "scope",
        [
            ac.AllOf(
                [ac.ParameterAtLeast("tpp", 1_600), ac.ParameterBelow("tpp", 4_800)]
            ),
            ac.AllOf(
                [
                    ac.ParameterAtLeast("tpp", 4_800),
                    ac.ParameterBelow("performance_density", 1),
                ]
            ),
            ac.AnyOf(
                [ac.ParameterAtLeast("tpp", 4_800), ac.ParameterBelow("tpp", 1_600)]
            ),
        ],
    )
    def test_parameter_ranges_some_item_has_are_not_reported(
        self, scope: ac.Scope
    ) -> None:
        """A band, bounds on different parameters, or either side of a gap: no finding."""
        built = regime(restriction_notice(rule=ac.Restriction("r1", items=scope)))
        assert () == lint(built)

    def test_parameter_below_zero(self) -> None:
        """A parameter below zero is never true: parameters are never negative."""
        scope = ac.ParameterBelow("dram_bandwidth_gbps", 0)
        built = regime(restriction_notice(rule=ac.Restriction("r1", items=scope)))
        assert [
            "it requires `dram_bandwidth_gbps` below 0, but item parameters are "
            "never negative"
        ] == [f.message.split(": ", 1)[1] for f in lint(built)]

    def test_tautology_is_not_reported(self) -> None:
        """`AnyOf` of a scope and its negation always matches; nothing is reported."""
        scope = ac.AnyOf([ac.ForeignPerson(), ac.Not(ac.ForeignPerson())])
        built = regime(restriction_notice(rule=ac.Restriction("r1", recipients=scope)))
        assert () == lint(built)


class TestLint:
    def test_bundled_example_is_clean(self) -> None:
        """The bundled `mythos5` example has no findings."""
        assert () == lint(ac.examples.load("mythos5"))

    def test_empty_regime_is_clean(self) -> None:
        """A regime without notices has no findings."""
        assert () == lint(regime())

    def test_several_problems_in_path_order(self) -> None:
        """Every problem is reported, ordered by path, then code."""
        built = regime(
            restriction_notice(rule=in_group("empty")),
            notice("n2", D(2026, 2, 1), revokes=["r1"]),
            notice("n3", D(2026, 3, 1), revokes=["r1"]),
            notice(
                "n4",
                D(2026, 4, 1),
                suspends=[ac.Suspension("r1", end=D(2026, 5, 1))],
            ),
            notice("n5", D(2026, 6, 1), adds=[exemption()]),
            notice("n6", D(2026, 6, 1), amends=[exemption()]),
            country_groups=[ac.CountryGroup("empty")],
        )
        expected = [
            ("notices[0].adds[0].recipients", "scope-never-matches", None),
            ("notices[2].revokes[0]", "revoke-not-in-force", at(2026, 3, 1)),
            ("notices[3].suspends[0]", "suspension-outside-life", at(2026, 4, 1)),
            ("notices[4].adds[0]", "exemption-never-overlaps", at(2026, 6, 1)),
            ("notices[5].amends[0]", "same-instant-acts", at(2026, 6, 1)),
        ]
        assert expected == [(f.path, f.code, f.witness) for f in lint(built)]

    def test_indexes_sort_as_numbers(self) -> None:
        """`notices[10]` comes after `notices[2]`."""
        revocations = [
            notice(f"n{k}", D(2026, 2, k), revokes=["r1"]) for k in range(1, 11)
        ]
        built = regime(restriction_notice("n0"), *revocations)
        expected = [f"notices[{k}].revokes[0]" for k in range(2, 11)]
        assert expected == [f.path for f in lint(built)]

    def test_corrected_notice_is_left_out_of_time_checks(self) -> None:
        """A corrected revocation is not reported; its correction is read instead."""
        built = regime(
            restriction_notice(effective=D(2026, 4, 1)),
            notice("n2", D(2026, 3, 1), revokes=["r1"]),
            ac.Notice(
                "n3",
                published=D(2026, 3, 15),
                effective=D(2026, 5, 1),
                revokes=["r1"],
                corrects=["n2"],
            ),
        )
        assert () == lint(built)

    def test_corrected_notice_is_kept_in_scope_checks(self) -> None:
        """A corrected notice still answers past queries, so its scopes are checked."""
        fixed = ac.Restriction("r1", recipients=ac.DestinationInGroup("d5"))
        built = regime(
            restriction_notice(rule=in_group("empty")),
            restriction_notice(
                "n2", published=D(2026, 1, 11), rule=fixed, corrects=["n1"]
            ),
            country_groups=[
                ac.CountryGroup("empty"),
                ac.CountryGroup("d5", members=["CN"]),
            ],
        )
        expected = [("notices[0].adds[0].recipients", "scope-never-matches", "n1")]
        assert expected == [(f.path, f.code, f.notice_id) for f in lint(built)]
