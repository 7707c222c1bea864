"""Verdicts, statuses and reasons of `assess` and the reference interpreter.

Tests of `aicontrols._engine.decide`, many written against its surviving
mutants (see docs/contributing/mutation-testing.md): each pins what a user
reads in a decision.
"""

from __future__ import annotations

import aicontrols as ac
from aicontrols._regime import engine_of
from aicontrols._time import query_instant

from ..builders import CATALOG, D, person, regime
from ..core_regime import FOREIGN, assert_index_agrees, lifecycle

P, LR, PROH = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.PROHIBITED
U = ac.Verdict.UNDETERMINED


class TestReferenceInterpreter:
    def test_verdicts_through_the_lifecycle(self) -> None:
        """The reference interpreter's verdicts, day by day, for the foreign person."""
        r = lifecycle()
        resolved = engine_of(r).resolve(FOREIGN)
        state, _ = engine_of(r).state(None)
        days = {
            "2026-01-09": P,  # before n1
            "2026-01-10": P,  # in force, compliance not required
            "2026-01-20": LR,
            "2026-02-01": P,  # suspended
            "2026-02-10": LR,
            "2026-03-01": LR,  # not enforced, still binds
            "2026-04-01": PROH,  # amended
            "2026-05-01": PROH,  # exemption needs an attestation
            "2026-06-01": P,  # revoked
            "2026-07-01": P,  # an amendment does not revive it
            "2026-08-01": LR,  # added again
        }
        assert days == {
            day: engine_of(r)
            .assess_reference(
                resolved, state, query_instant(f"{day}T12:00:00-04:00", "at")
            )
            .verdict
            for day in days
        }


def _regime(*rules: ac.Rule, **acts: object) -> ac.Regime:
    """One notice adding `rules` on 2026-01-01, and one more with `acts` on 02-01."""
    notices = [
        ac.Notice("n1", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=rules)
    ]
    if acts:
        notices.append(
            ac.Notice(
                "n2",
                published=D(2026, 2, 1),
                effective=D(2026, 2, 1),
                **acts,  # type: ignore[arg-type]
            )
        )
    return regime(*notices)


STATELESS = person("anon", citizenships=(), employer=None)
CATALOG_ENTITIES = [e for e in CATALOG["entities"] if e.id != "partner"]
INDIAN = person(employer=None)
US = person("sam", citizenships=("US",), employer=None)
ON = "2026-03-01"


def _decide(
    r: ac.Regime,
    who: ac.Entity,
    *,
    attestations: frozenset[str] = frozenset(),
    location: str | None = "US",
) -> ac.Decision:
    return r.decide(
        ac.Access(who, "model-a", "hosted-api", location, attestations), on=ON
    )


class TestStatusesAndCaveats:
    def test_compliance_not_yet_required(self) -> None:
        """Before compliance is due a rule permits, with a caveat giving both dates."""
        d = lifecycle().decide(FOREIGN, on="2026-01-12")
        assert P == d.verdict
        assert [
            (
                ac.CaveatKind.COMPLIANCE_NOT_REQUIRED,
                "`r1` is in force since 2026-01-10 but compliance is not required "
                "until 2026-01-20",
                "r1",
                "n1",
            )
        ] == [(c.kind, c.text, c.rule_id, c.notice.id) for c in d.caveats]
        (applied,) = d.applied
        assert ac.Status.COMPLIANCE_NOT_REQUIRED == applied.status
        assert ("2026-01-10", "2026-01-20") == (
            applied.since.date().isoformat(),
            applied.compliance.date().isoformat(),
        )

    def test_suspended(self) -> None:
        """A suspended rule permits; a caveat names the suspension and its end."""
        d = lifecycle().decide(FOREIGN, on="2026-02-03")
        assert (P, ()) == (d.verdict, d.applied)
        (caveat,) = d.caveats
        assert (
            ac.CaveatKind.SUSPENDED,
            "`r1` would apply but is suspended by notice `n2` until 2026-02-10",
            "r1",
            "n2",
            "pause",
        ) == (
            caveat.kind,
            caveat.text,
            caveat.rule_id,
            caveat.notice.id,
            caveat.act.reason,
        )

    def test_a_suspension_that_does_not_apply_says_nothing(self) -> None:
        """A US person is not selected, so the suspension is not mentioned."""
        d = lifecycle().decide(
            ac.Access(US, "model-a", "hosted-api", "US"), on="2026-02-03"
        )
        assert (P, (), ()) == (d.verdict, d.applied, d.caveats)

    def test_not_enforced_but_binding(self) -> None:
        """A rule not enforced still binds; a caveat says so, quoting the statement."""
        d = lifecycle().decide(FOREIGN, on="2026-03-02")
        assert LR == d.verdict
        (caveat,) = d.caveats
        assert (
            ac.CaveatKind.NOT_ENFORCED,
            "`r1` binds but is not enforced (notice `n3`): not now",
            "r1",
            "n3",
            "not now",
        ) == (
            caveat.kind,
            caveat.text,
            caveat.rule_id,
            caveat.notice.id,
            caveat.act.statement,
        )
        assert ac.Status.BINDING == d.applied[0].status
        assert d.applied[0].compliance is None

    def test_not_enforced_and_possibly_binding(self) -> None:
        """A rule that may bind but is not enforced: undetermined, with the caveat."""
        r = _regime(
            ac.Restriction("r", recipients=ac.ForeignPerson()),
            not_enforced=[ac.NonEnforcement("r", statement="paused")],
        )
        d = _decide(r, STATELESS)
        assert (U, ac.Status.POSSIBLE) == (d.verdict, d.applied[0].status)
        assert ["`r` may bind but is not enforced (notice `n2`): paused"] == [
            c.text for c in d.caveats
        ]
        assert ("citizenship of `anon`",) == d.missing_facts

    def test_a_rule_that_does_not_select_is_not_listed(self) -> None:
        """Only the restrictions that select the access are listed as applied."""
        r = _regime(
            ac.Restriction("r", recipients=ac.ForeignPerson()),
            ac.Restriction("s", items=ac.ItemIs("model-b")),
        )
        d = _decide(r, INDIAN)
        assert (LR, ["r"]) == (d.verdict, [a.id for a in d.applied])
        assert (P, ()) == (_decide(r, US).verdict, _decide(r, US).applied)


class TestExemptions:
    def test_a_lift_hides_the_near_misses(self) -> None:
        """Once one exemption lifts a restriction, the others are not near misses."""
        r = _regime(
            ac.Restriction("r", recipients=ac.ForeignPerson()),
            ac.Exemption("x-a", lifts=["r"], conditions=["vetted"]),
            ac.Exemption("x-b", lifts=["r"], recipients=ac.EmployedBy("dev")),
        )
        lifted = _decide(r, INDIAN, attestations=frozenset({"vetted"}))
        assert (P, (), ac.Status.LIFTED) == (
            lifted.verdict,
            lifted.near_misses,
            lifted.applied[0].status,
        )
        assert ["x-a"] == [lift.exemption.id for lift in lifted.applied[0].lifted_by]
        bound = _decide(r, INDIAN)
        assert LR == bound.verdict
        assert [
            ("x-a", "r", "requires the attested condition `vetted`", ("vetted",)),
            ("x-b", "r", "requires that the recipient is employed by `dev`", ()),
        ] == [
            (n.exemption.id, n.restriction_id, n.reason, n.missing_conditions)
            for n in bound.near_misses
        ]

    def test_several_conditions(self) -> None:
        """A near miss lists each unmet condition; attesting all of them lifts."""
        r = _regime(
            ac.Restriction("r"),
            ac.Exemption("x", lifts=["r"], conditions=["a", "b", "c"]),
        )
        d = _decide(r, US, attestations=frozenset({"b"}))
        assert ("a", "c") == d.near_misses[0].missing_conditions
        assert P == _decide(r, US, attestations=frozenset("abc")).verdict

    def test_a_suspended_exemption_does_not_lift(self) -> None:
        """A suspended exemption neither lifts nor is a near miss, until it resumes."""
        r = _regime(
            ac.Restriction("r"),
            ac.Exemption("x", lifts=["r"]),
            suspends=[ac.Suspension("x", end=D(2026, 4, 1))],
        )
        d = _decide(r, US)
        assert (LR, ()) == (d.verdict, d.near_misses)
        assert (
            P
            == r.decide(
                ac.Access(US, "model-a", "hosted-api", "US"), on="2026-04-01"
            ).verdict
        )

    def test_near_miss_on_the_item_or_the_mode(self) -> None:
        """An exemption that does not cover the item or mode names that scope."""
        r = _regime(
            ac.Restriction("r"),
            ac.Exemption("x-item", lifts=["r"], items=ac.ItemIs("model-b")),
            ac.Exemption(
                "x-mode",
                lifts=["r"],
                items=ac.ItemIs("model-a"),
                modes=ac.ModeIs("weights-transfer"),
            ),
            ac.Exemption(
                "x-nested",
                lifts=["r"],
                items=ac.AllOf(
                    [ac.ItemIs("model-a"), ac.AllOf([ac.WeightsPublished()])]
                ),
                recipients=ac.AllOf([ac.ForeignPerson(False), ac.EmployedBy("dev")]),
            ),
            ac.Exemption(
                "x-who",
                lifts=["r"],
                items=ac.ItemIs("model-a"),
                recipients=ac.AllOf(
                    [ac.ForeignPerson(False), ac.AllOf([ac.EmployedBy("dev")])]
                ),
            ),
        )
        assert [
            "requires that the item is `model-b`",
            "requires that the mode is `weights-transfer`",
            "requires that the weights are published",
            "requires that the recipient is employed by `dev`",
        ] == [n.reason for n in _decide(r, US).near_misses]
        assert_index_agrees(r, ac.Access(US, "model-a", "hosted-api", "US"))

    def test_an_unsure_exemption(self) -> None:
        """An exemption that may apply makes the verdict undetermined, naming its facts."""
        r = _regime(
            ac.Restriction("r"),
            ac.Exemption("x", lifts=["r"], recipients=ac.ForeignPerson()),
        )
        d = _decide(r, STATELESS)
        assert (U, ac.Status.POSSIBLE, ()) == (
            d.verdict,
            d.applied[0].status,
            d.applied[0].lifted_by,
        )
        assert ("citizenship of `anon`",) == d.missing_facts
        assert P == _decide(r, INDIAN).verdict

    def test_only_unknown_scopes_name_missing_facts(self) -> None:
        """Known item and mode scopes of an undetermined rule add no missing facts."""
        r = _regime(
            ac.Restriction(
                "r",
                items=ac.DevelopedBy("dev"),
                modes=ac.Not(ac.TransfersWeights()),
                recipients=ac.ForeignPerson(),
            ),
            ac.Exemption(
                "x",
                lifts=["r"],
                items=ac.DevelopedBy("dev"),
                recipients=ac.AnyOf([ac.ForeignPerson(False), ac.EmployedBy("dev")]),
            ),
        )
        d = _decide(r, STATELESS)
        assert (U, ("citizenship of `anon`",)) == (d.verdict, d.missing_facts)

    def test_an_exemption_may_lift_several_restrictions(self) -> None:
        """One exemption lifts each restriction it names and no other."""
        r = _regime(
            ac.Restriction("r"),
            ac.Restriction("s", effect="prohibited"),
            ac.Restriction("t"),
            ac.Exemption("x", lifts=["r", "s"]),
        )
        d = _decide(r, US)
        assert (LR, ["lifted", "lifted", "binding"]) == (
            d.verdict,
            [a.status.value for a in d.applied],
        )
        assert_index_agrees(
            r,
            *(ac.Access(who, "model-a", "hosted-api", "US") for who in (US, INDIAN)),
            at=[query_instant("2026-03-01T12:00:00+00:00", "at")],
        )

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
            decision = r.decide(
                ac.Access("partner", "model-a", "hosted-api", None), on="2026-06-01"
            )
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
        decision = r.decide(
            ac.Access(person(citizenships=()), "model-a", "hosted-api", "US"),
            on="2026-06-01",
        )
        assert (
            decision.verdict,
            decision.missing_facts,
        ) == (U, ("citizenship of `priya`",))

    def test_every_destination_must_be_covered(self) -> None:
        """A release to India and France: an exemption for France alone does not lift it."""
        r = _regime(
            ac.Restriction("r", recipients=ac.DestinationIn("IN")),
            ac.Exemption("x", lifts=["r"], recipients=ac.DestinationIn("FR")),
            ac.Exemption("y", lifts=["r"], recipients=ac.DestinationIn(["FR", "IN"])),
        )
        d = _decide(r, INDIAN, location="FR")
        assert (P, ["y"]) == (
            d.verdict,
            [lift.exemption.id for lift in d.applied[0].lifted_by],
        )
        r = _regime(
            ac.Restriction("r", recipients=ac.DestinationIn("IN")),
            ac.Exemption("x", lifts=["r"], recipients=ac.DestinationIn("FR")),
        )
        d = _decide(r, INDIAN, location="FR")
        assert (LR, ["x"]) == (d.verdict, [n.exemption.id for n in d.near_misses])
        # a restriction on France applies to the same release
        r = _regime(ac.Restriction("r", recipients=ac.DestinationIn("FR")))
        assert LR == _decide(r, INDIAN, location="FR").verdict
        assert P == _decide(r, INDIAN, location="US").verdict

    def test_nothing_exported(self) -> None:
        """A US person in the US: a destination rule does not apply, a negated one does."""
        r = _regime(ac.Restriction("r", recipients=ac.DestinationIn("US")))
        assert P == _decide(r, US).verdict
        r = _regime(ac.Restriction("r", recipients=ac.Not(ac.DestinationIn("FR"))))
        assert LR == _decide(r, US).verdict


class TestSeveralRestrictions:
    def test_near_misses_of_every_restriction(self) -> None:
        """Near misses are reported for every restriction, not just the first."""
        r = _regime(
            ac.Restriction("r"),
            ac.Restriction("s"),
            ac.Exemption("x", lifts=["r"], conditions=["a"]),
            ac.Exemption("y", lifts=["s"], conditions=["b"]),
        )
        d = _decide(r, US)
        assert [("x", "r", "n1"), ("y", "s", "n1")] == [
            (n.exemption.id, n.restriction_id, n.notice.id) for n in d.near_misses
        ]

    def test_missing_facts_of_every_possible_restriction(self) -> None:
        """Undetermined lists the missing facts of every restriction that may apply."""
        r = _regime(
            ac.Restriction("r", recipients=ac.ForeignPerson()),
            ac.Restriction("s", recipients=ac.DestinationIn("CN")),
        )
        d = _decide(r, STATELESS, location=None)
        assert (U, ("citizenship of `anon`", "location of the access")) == (
            d.verdict,
            d.missing_facts,
        )

    def test_missing_facts_of_a_restriction_and_its_exemption(self) -> None:
        """The missing facts include those of an exemption that may lift."""
        r = _regime(
            ac.Restriction("r", recipients=ac.ForeignPerson()),
            ac.Exemption("x", lifts=["r"], recipients=ac.DestinationIn("FR")),
        )
        d = _decide(r, STATELESS, location=None)
        assert ("citizenship of `anon`", "location of the access") == d.missing_facts

    def test_a_restriction_that_does_not_apply_does_not_stop_the_others(self) -> None:
        """A restriction that does not apply does not stop the next from binding."""
        r = _regime(
            ac.Restriction("a", recipients=ac.EmployedBy("dev")),
            ac.Restriction("b", recipients=ac.ForeignPerson()),
        )
        d = _decide(r, INDIAN)
        assert (LR, ["b"]) == (d.verdict, [a.id for a in d.applied])

    def test_a_suspended_restriction_does_not_stop_the_others(self) -> None:
        """A suspended restriction does not stop another from binding."""
        r = _regime(
            ac.Restriction("a"),
            ac.Restriction("b", effect="prohibited"),
            suspends=[ac.Suspension("a")],
        )
        d = _decide(r, US)
        assert (PROH, ["b"], ["a"]) == (
            d.verdict,
            [a.id for a in d.applied],
            [c.rule_id for c in d.caveats],
        )

    def test_a_suspended_exemption_does_not_stop_the_others(self) -> None:
        """A suspended exemption does not stop another one from lifting."""
        r = _regime(
            ac.Restriction("r"),
            ac.Exemption("x-a", lifts=["r"]),
            ac.Exemption("x-b", lifts=["r"], conditions=["ok"]),
            suspends=[ac.Suspension("x-a")],
        )
        d = _decide(r, US, attestations=frozenset({"ok"}))
        assert (P, ["x-b"]) == (
            d.verdict,
            [lift.exemption.id for lift in d.applied[0].lifted_by],
        )


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
        decision = r.decide(
            ac.Access("dev", "model-a", "hosted-api", "US"), on="2026-06-01"
        )
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

    def test_the_most_severe_binding_effect_wins(self) -> None:
        """A prohibition beats a license requirement, and has no review policy."""
        r = _regime(
            ac.Restriction("a", review_policy="case_by_case"),
            ac.Restriction("b", effect="prohibited"),
        )
        d = _decide(r, US)
        assert (PROH, None) == (d.verdict, d.review_policy)

    def test_a_possible_prohibition_leaves_it_undetermined(self) -> None:
        """A sure license requirement and a possible prohibition: undetermined."""
        r = _regime(
            ac.Restriction("a", review_policy="case_by_case"),
            ac.Restriction("b", effect="prohibited", recipients=ac.ForeignPerson()),
        )
        d = _decide(r, STATELESS)
        assert (U, None, ("citizenship of `anon`",)) == (
            d.verdict,
            d.review_policy,
            d.missing_facts,
        )
        assert (PROH, ()) == (
            _decide(r, INDIAN).verdict,
            _decide(r, INDIAN).missing_facts,
        )
        d = _decide(r, US)
        assert (LR, ac.ReviewPolicy.CASE_BY_CASE, ()) == (
            d.verdict,
            d.review_policy,
            d.missing_facts,
        )

    def test_a_possible_license_requirement_after_a_sure_one(self) -> None:
        """A sure license requirement and a possible one: the license is required."""
        r = _regime(
            ac.Restriction("a", review_policy="presumption_of_approval"),
            ac.Restriction(
                "b",
                recipients=ac.ForeignPerson(),
                review_policy="presumption_of_denial",
            ),
        )
        d = _decide(r, STATELESS)
        assert (LR, ac.ReviewPolicy.PRESUMPTION_OF_APPROVAL, ()) == (
            d.verdict,
            d.review_policy,
            d.missing_facts,
        )
        assert ["binding", "possible"] == [a.status.value for a in d.applied]

    def test_the_strictest_review_policy(self) -> None:
        """Several license requirements: the strictest review policy, in any order."""
        for order in (("a", "b", "c"), ("c", "b", "a")):
            policies = dict(
                zip(
                    order,
                    (
                        "presumption_of_approval",
                        "presumption_of_denial",
                        "case_by_case",
                    ),
                    strict=True,
                )
            )
            r = _regime(
                *(ac.Restriction(k, review_policy=v) for k, v in policies.items())
            )
            assert ac.ReviewPolicy.PRESUMPTION_OF_DENIAL == _decide(r, US).review_policy

    def test_nothing_in_force(self) -> None:
        """No rule selects the access: permitted, nothing applied, missed or missing."""
        d = _decide(_regime(ac.Restriction("r", items=ac.ItemIs("model-b"))), US)
        assert (P, (), (), (), (), None) == (
            d.verdict,
            d.applied,
            d.near_misses,
            d.caveats,
            d.missing_facts,
            d.review_policy,
        )
