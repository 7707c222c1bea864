"""What notices do to a regime's rules: versions, compliance, suspensions,
enforcement, corrections, amendments and lookups, in valid and knowledge time.

Tests of `aicontrols._engine.ruleset`, many written against the surviving
mutants of the rule histories (see docs/contributing/mutation-testing.md).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import aicontrols as ac
from aicontrols._engine.ruleset import build_ruleset

from ..builders import NY, D, person, regime, restriction_notice
from ..core_regime import FOREIGN, R1, lifecycle, notice

P, LR, PROH = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.PROHIBITED


def verdict(r: ac.Regime, day: str, **kw: object) -> ac.Verdict:
    return r.decide(FOREIGN, on=day, **kw).verdict  # type: ignore[arg-type]


def test_the_lifecycle_history() -> None:
    """The verdict of the foreign person changes exactly where the acts say."""
    r = lifecycle()
    assert [
        (None, "permitted"),
        ("2026-01-20", "license_required"),
        ("2026-02-01", "permitted"),
        ("2026-02-10", "license_required"),
        ("2026-04-01", "prohibited"),
        ("2026-06-01", "permitted"),
        ("2026-08-01", "license_required"),
    ] == [
        (None if s.start is None else s.start.date().isoformat(), s.verdict.value)
        for s in r.history(FOREIGN)
    ]
    assert ac.Verdict.PROHIBITED is r.verdict(FOREIGN, on="2026-05-02")


class TestCompliance:
    def test_a_compliance_date_on_the_effective_date_is_none(self) -> None:
        """Compliance due on the effective day: the rule binds at once, no caveat."""
        r = regime(
            restriction_notice(effective=D(2026, 1, 10), compliance=D(2026, 1, 10))
        )
        d = r.decide(FOREIGN, on="2026-01-10")
        assert (LR, (), None) == (d.verdict, d.caveats, d.applied[0].compliance)
        assert ["`r1` added (`n1`)"] == [
            s.cause.description for s in r.history(FOREIGN)
        ][1:]
        assert ["2026-01-10: `r1` added by notice `n1` (notice n1)"] == [
            c.describe() for c in r.changes()
        ]

    def test_a_compliance_instant_the_same_day(self) -> None:
        """Compliance at noon of the effective day: in force at midnight, binding at noon."""
        noon = dt.datetime(2026, 1, 10, 12, tzinfo=ZoneInfo(NY))
        r = regime(restriction_notice(compliance=noon))
        assert [
            (P, "00:00"),
            (LR, "12:00"),
        ] == [
            (s.verdict, s.start.strftime("%H:%M"))
            for s in r.decide(FOREIGN, on="2026-01-10").segments
        ]

    def test_an_exemption_lifts_from_its_effective_date(self) -> None:
        """A compliance date concerns what binds: an exemption lifts at once."""
        r = regime(
            restriction_notice("n1", rule=R1),
            ac.Notice(
                "n2",
                published=D(2026, 2, 1),
                effective=D(2026, 2, 1),
                compliance=D(2026, 3, 1),
                adds=[ac.Exemption("x", lifts=["r1"])],
            ),
        )
        assert [P, LR, P, P] == [
            r.verdict(FOREIGN, on=day)
            for day in ("2026-01-09", "2026-01-31", "2026-02-01", "2026-03-01")
        ]
        assert [
            "2026-01-10: `r1` added by notice `n1` (notice n1)",
            "2026-02-01: `x` added by notice `n2`",
        ] == [c.describe() for c in r.changes()]

    def test_in_force_but_not_yet_required(self) -> None:
        """Before the compliance date the rule does not bind, and the decision says so."""
        r = regime(restriction_notice(compliance=D(2026, 5, 15)))
        early = r.decide(FOREIGN, on="2026-03-01")
        assert early.verdict == P
        (caveat,) = early.caveats
        assert caveat.kind == ac.CaveatKind.COMPLIANCE_NOT_REQUIRED
        assert "compliance is not required until 2026-05-15" in caveat.text
        assert early.applied[0].status == ac.Status.COMPLIANCE_NOT_REQUIRED
        assert early.applied[0].compliance.date().isoformat() == "2026-05-15"  # type: ignore[union-attr]
        assert (verdict(r, "2026-05-14"), verdict(r, "2026-05-15")) == (P, LR)

    def test_compliance_is_a_change_point(self) -> None:
        """`changes()` and `history()` both show the compliance date."""
        r = regime(restriction_notice(compliance=D(2026, 5, 15)))
        kinds = [c.kind for c in r.changes()]
        assert kinds == [ac.ChangeKind.ADDED, ac.ChangeKind.COMPLIANCE_REQUIRED]
        timeline = r.history(FOREIGN)
        assert [s.verdict for s in timeline] == [P, LR]
        assert timeline[1].cause.description == "compliance with `r1` required (`n1`)"


class TestWindows:
    def test_a_suspension_with_its_own_start(self) -> None:
        """A suspension and a non-enforcement start on their own dates."""
        r = regime(
            restriction_notice("n1", rule=R1),
            notice(
                "n2",
                D(2026, 2, 1),
                suspends=[ac.Suspension("r1", start=D(2026, 2, 5), end=D(2026, 2, 10))],
                not_enforced=[
                    ac.NonEnforcement("r1", statement="s", start=D(2026, 3, 5))
                ],
            ),
        )
        assert [LR, P, P, LR] == [
            r.verdict(FOREIGN, on=day)
            for day in ("2026-02-04", "2026-02-05", "2026-02-09", "2026-02-10")
        ]
        assert [(), ("not_enforced",)] == [
            tuple(c.kind.value for c in r.decide(FOREIGN, on=day).caveats)
            for day in ("2026-03-04", "2026-03-05")
        ]


class TestSuspension:
    def pause(self) -> ac.Notice:
        return ac.Notice(
            "pause",
            published=D(2026, 2, 1),
            effective=D(2026, 2, 1),
            suspends=[ac.Suspension("r1", start=D(2026, 2, 10), end=D(2026, 3, 10))],
        )

    def test_window_is_half_open(self) -> None:
        """The rule does not apply from the suspension's start until its end, exclusive."""
        r = regime(restriction_notice(), self.pause())
        assert [
            verdict(r, d)
            for d in ("2026-02-09", "2026-02-10", "2026-03-09", "2026-03-10")
        ] == [LR, P, P, LR]

    def test_suspended_rule_is_a_caveat(self) -> None:
        """A suspended rule that would apply is named in a caveat with the window's end."""
        r = regime(restriction_notice(), self.pause())
        (caveat,) = r.decide(FOREIGN, on="2026-02-15").caveats
        assert caveat.kind == ac.CaveatKind.SUSPENDED
        assert "suspended by notice `pause` until 2026-03-10" in caveat.text

    def test_suspension_unknown_before_its_publication(self) -> None:
        """Asked with knowledge from before the suspension notice, the rule still binds."""
        r = regime(restriction_notice(), self.pause())
        assert verdict(r, "2026-02-15", as_known_on="2026-01-31") == LR

    def test_open_ended_suspension_from_the_notice_date(self) -> None:
        """A suspension without dates runs from the notice's effective date on."""
        pause = ac.Notice(
            "pause",
            published=D(2026, 4, 1),
            effective=D(2026, 4, 1),
            suspends=[ac.Suspension("r1")],
        )
        r = regime(restriction_notice(), pause)
        assert tuple(
            verdict(r, d) for d in ("2026-03-31", "2026-04-01", "2030-01-01")
        ) == (LR, P, P)


class TestNonEnforcement:
    def test_rule_still_binds_with_a_caveat(self) -> None:
        """A non-enforcement statement leaves the verdict alone and adds a caveat quoting it."""
        statement = ac.Notice(
            "policy",
            published=D(2026, 5, 13),
            effective=D(2026, 5, 13),
            not_enforced=[ac.NonEnforcement("r1", statement="BIS will not enforce r1")],
        )
        r = regime(restriction_notice(), statement)
        decision = r.decide(FOREIGN, on="2026-06-01")
        assert decision.verdict == LR
        (caveat,) = decision.caveats
        assert caveat.kind == ac.CaveatKind.NOT_ENFORCED
        assert caveat.text.endswith("BIS will not enforce r1")
        assert r.decide(FOREIGN, on="2026-05-12").caveats == ()
        assert "notice `policy`" in caveat.text


class TestCorrections:
    def corrected(self) -> ac.Regime:
        wrong = restriction_notice(
            "orig", published=D(2026, 7, 1), effective=D(2026, 7, 1)
        )
        fixed = restriction_notice(
            "fix",
            published=D(2026, 7, 10),
            effective=D(2026, 6, 20),
            retroactive=True,
            corrects=["orig"],
        )
        return regime(wrong, fixed)

    def test_a_corrected_notice_is_replaced(self) -> None:
        """A correction replaces the corrected notice, as known from its publication."""
        r = regime(
            restriction_notice("n1", rule=R1),
            ac.Notice(
                "n2",
                published=D(2026, 2, 1),
                effective=D(2026, 1, 10),
                retroactive=True,
                corrects=["n1"],
                adds=[
                    ac.Restriction(
                        "r1",
                        effect="prohibited",
                        items=ac.ItemIs("model-a"),
                        recipients=ac.ForeignPerson(),
                    )
                ],
            ),
        )
        assert [LR, ac.Verdict.PROHIBITED] == [
            r.verdict(FOREIGN, on="2026-01-15", as_known_on=known)
            for known in ("2026-01-31", "2026-02-01")
        ]
        ruleset = build_ruleset(r.notices, NY)
        assert ("n2",) == tuple(n.id for n in ruleset.notices)

    def test_retroactive_correction_depends_on_what_was_known(self) -> None:
        """Before the correction was published, 2026-06-25 was permitted; after, it was not."""
        r = self.corrected()
        assert (
            verdict(r, "2026-06-25", as_known_on="2026-07-05"),
            verdict(r, "2026-06-25"),
        ) == (P, LR)

    def test_correction_replaces_the_original(self) -> None:
        """With the correction known, the rule version comes from the correcting notice."""
        decision = self.corrected().decide(FOREIGN, on="2026-07-05")
        assert decision.applied[0].notice.id == "fix"

    def test_effective_before_published_needs_retroactive(self) -> None:
        """A notice effective before its publication is refused unless marked retroactive."""
        with pytest.raises(
            ac.InvalidRegimeError, match=r"notices\[0\]\.effective: effective"
        ):
            regime(
                restriction_notice(published=D(2026, 7, 10), effective=D(2026, 6, 20))
            )


class TestAmendment:
    def test_amendment_changes_the_effect_from_its_date(self) -> None:
        """An amendment replaces the rule under the same id from its effective date."""
        tighter = ac.Restriction(
            "r1",
            effect="prohibited",
            items=ac.ItemIs("model-a"),
            recipients=ac.ForeignPerson(),
        )
        amend = ac.Notice(
            "n2", published=D(2026, 3, 1), effective=D(2026, 3, 1), amends=[tighter]
        )
        r = regime(restriction_notice(), amend)
        assert (verdict(r, "2026-02-28"), verdict(r, "2026-03-01")) == (LR, PROH)
        assert r.changes()[1].kind == ac.ChangeKind.AMENDED

    def test_amendment_of_a_revoked_rule_does_not_revive_it(self) -> None:
        """An amendment does not bring into force a rule that is not in force."""
        revoke = ac.Notice(
            "n2", published=D(2026, 2, 1), effective=D(2026, 2, 1), revokes="r1"
        )
        amend = ac.Notice(
            "n3",
            published=D(2026, 3, 1),
            effective=D(2026, 3, 1),
            amends=[ac.Restriction("r1", items=ac.ItemIs("model-a"))],
        )
        r = regime(restriction_notice(), revoke, amend)
        assert verdict(r, "2026-03-02") == P


class TestLookups:
    def test_a_rule_left_without_versions_by_a_correction(self) -> None:
        """A correction drops the only version of `a`; `b`, after it, still applies."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("a", items=ac.ItemIs("model-a")),
                    ac.Restriction("b", items=ac.ItemIs("model-a")),
                ],
            ),
            ac.Notice(
                "n2",
                published=D(2026, 1, 15),
                effective=D(2026, 1, 1),
                retroactive=True,
                corrects=["n1"],
                adds=[ac.Restriction("b", items=ac.ItemIs("model-a"))],
            ),
            notice(
                "n3", D(2026, 2, 1), suspends=[ac.Suspension("a", end=D(2026, 3, 1))]
            ),
        )
        access = ac.Access(person(), "model-a", "hosted-api", "US")
        assert ["b"] == [a.id for a in r.decide(access, on="2026-02-15").applied]

    def test_restrictions_are_read_in_rule_id_order(self) -> None:
        """Rules named by item and rules for any item come out in one id order."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("d", items=ac.ItemIs("model-a")),
                    ac.Restriction("c"),
                    ac.Restriction("b", items=ac.ItemIs(["model-a", "model-b"])),
                    ac.Restriction("a", items=ac.DevelopedBy("dev")),
                ],
            )
        )
        decision = r.decide(
            ac.Access(person(), "model-a", "hosted-api", "US"), on="2026-01-02"
        )
        assert ["a", "b", "c", "d"] == [a.id for a in decision.applied]
        decision = r.decide(
            ac.Access(person(), "model-b", "hosted-api", "US"), on="2026-01-02"
        )
        assert ["a", "b", "c"] == [a.id for a in decision.applied]

    def test_a_rule_amended_to_any_item(self) -> None:
        """Once one version of a rule selects by something else than the item id,
        every item is looked at."""
        r = regime(
            restriction_notice("n1", rule=R1),
            notice(
                "n2",
                D(2026, 2, 1),
                amends=[ac.Restriction("r1", recipients=ac.ForeignPerson())],
            ),
        )
        on_b = ac.Access(person(employer=None), "model-b", "hosted-api", "US")
        assert [P, LR] == [r.verdict(on_b, on=d) for d in ("2026-01-15", "2026-02-01")]
        assert [LR, LR] == [
            r.verdict(FOREIGN, on=d) for d in ("2026-01-15", "2026-02-01")
        ]

    def test_an_exemption_for_several_restrictions(self) -> None:
        """An exemption amended to lift fewer restrictions stops lifting the others."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("a"),
                    ac.Restriction("b"),
                    ac.Exemption("x", lifts=["a", "b"], conditions=["ok"]),
                ],
            ),
            notice("n2", D(2026, 2, 1), amends=[ac.Exemption("x", lifts=["b"])]),
        )
        access = ac.Access(person(), "model-a", "hosted-api", "US", frozenset({"ok"}))
        assert [P, LR] == [
            r.verdict(access, on=d) for d in ("2026-01-15", "2026-02-15")
        ]

    def test_changes_in_time_order(self) -> None:
        """`changes()` lists acts in time order; those of one day, in the notices' order."""
        r = lifecycle()
        assert [
            ("r1", "added"),
            ("r1", "amended"),
            ("x1", "added"),
            ("r1", "revoked"),
            ("r1", "amended"),
            ("r1", "added"),
        ] == [
            (c.rule_id, c.kind.value)
            for c in r.changes()
            if c.kind.value in ("added", "amended", "revoked")
        ]
        same_day = regime(
            notice("n1", D(2026, 1, 1), adds=[ac.Restriction("b")]),
            notice("n2", D(2026, 1, 1), adds=[ac.Restriction("a")]),
            notice("n0", D(2025, 1, 1), adds=[ac.Restriction("c")]),
        )
        assert ["c", "b", "a"] == [c.rule_id for c in same_day.changes()]

    def test_changes_of_one_instant(self) -> None:
        """At one instant, window edges come first, then acts and compliance dates in
        the notices' order."""
        r = regime(
            notice("n0", D(2026, 1, 1), adds=[ac.Restriction("z")]),
            ac.Notice(
                "n1",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                compliance=D(2026, 4, 1),
                adds=[ac.Restriction("y")],
                suspends=[ac.Suspension("z", start=D(2026, 2, 1), end=D(2026, 4, 1))],
                not_enforced=[
                    ac.NonEnforcement("z", statement="s", start=D(2026, 4, 1))
                ],
            ),
            notice("n2", D(2026, 4, 1), adds=[ac.Restriction("a")]),
        )
        assert [
            ("z", "not_enforced"),
            ("z", "suspension_ended"),
            ("y", "compliance_required"),
            ("a", "added"),
        ] == [(c.rule_id, c.kind.value) for c in r.changes(since="2026-04-01")]
