"""What notices do to a regime's rules: corrections, compliance, suspensions, lookups.

Written against the surviving mutants of `aicontrols._notices` (see
docs/contributing/mutation-testing.md).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import aicontrols as ac
from aicontrols._engine.ruleset import build_ruleset

from .builders import NY, D, person, regime, restriction_notice
from .core_regime import FOREIGN, R1, lifecycle, notice

P, LR = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED


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


class TestNoticeRuleIds:
    def test_in_the_order_of_the_acts_each_once(self) -> None:
        """`rule_ids()` names each rule a notice touches once, in the acts' order."""
        n = ac.Notice(
            "n",
            published=D(2026, 1, 1),
            effective=D(2026, 1, 1),
            adds=[ac.Restriction("a"), ac.Exemption("x", lifts=["a"])],
            amends=[ac.Restriction("b")],
            revokes=["c", "a"],
            suspends=[ac.Suspension("d"), ac.Suspension("b")],
            not_enforced=[ac.NonEnforcement("e", statement="s")],
        )
        assert ("a", "x", "b", "c", "d", "e") == n.rule_ids()


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


class TestCorrections:
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


class TestNoticeErrors:
    def test_acts_of_the_wrong_type(self) -> None:
        """A notice's acts of the wrong type are a `TypeError` naming the field."""

        def notice_with(**acts: object) -> ac.Notice:
            return ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                **acts,  # type: ignore[arg-type]
            )

        for acts, message in (
            ({"adds": ["r"]}, "`rules`: unexpected element `'r'`"),
            ({"amends": "r"}, "`rules`: expected a sequence, got the string `'r'`"),
            ({"suspends": ["r"]}, "`suspends`: unexpected element `'r'`"),
            ({"not_enforced": ["r"]}, "`not_enforced`: unexpected element `'r'`"),
        ):
            with pytest.raises(TypeError) as caught:
                notice_with(**acts)
            assert message == str(caught.value)


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
