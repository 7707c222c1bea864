"""The motivating case: the June 2026 letters on Mythos 5 and Fable 5 (DOMAIN.md case 11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import aicontrols as ac

from .builders import person

P, LR = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED


class TestBoundaries:
    @pytest.mark.parametrize(
        ("day", "expect_mythos", "expect_fable"),
        [
            ("2026-06-11", P, P),
            ("2026-06-12", LR, LR),
            ("2026-06-13", LR, LR),
            ("2026-06-25", LR, LR),
            ("2026-06-26", P, LR),
            ("2026-06-27", P, LR),
        ],
    )
    def test_employee_around_each_letter(
        self,
        verdict_on: Callable[..., ac.Verdict],
        day: str,
        expect_mythos: ac.Verdict,
        expect_fable: ac.Verdict,
    ) -> None:
        """A foreign-national employee of the developer, the day before, of and after each letter."""
        employee = person()
        assert (expect_mythos, expect_fable) == (
            verdict_on(employee, "mythos-5", day),
            verdict_on(employee, "fable-5", day),
        )

    @pytest.mark.parametrize("mode", sorted(ac.DeploymentMode.STANDARD))
    def test_every_access_path(
        self, verdict_on: Callable[..., ac.Verdict], mode: str
    ) -> None:
        """The first letter binds whatever the path: API, web, weights."""
        assert verdict_on(person(), "fable-5", "2026-07-01", mode=mode) == LR

    def test_fable_still_needs_a_license_long_after(
        self, verdict_on: Callable[..., ac.Verdict]
    ) -> None:
        """The exemption is for Mythos 5 only: Fable 5 still needs a license a year on."""
        assert verdict_on(person(), "fable-5", "2027-06-26") == LR

    def test_fable_near_miss_names_the_item(self, mythos: ac.Regime) -> None:
        """Fable 5's refusal explains that the exemption covers only Mythos 5."""
        access = ac.Access(person(), "fable-5", "hosted-api", location="US")
        decision = mythos.decide(access, on="2026-06-27")
        assert [(m.exemption.id, m.reason) for m in decision.near_misses] == [
            ("trusted-partners-mythos", "requires that the item is `mythos-5`")
        ]


class TestWhoIsForeign:
    @pytest.mark.parametrize(
        ("citizenships", "residencies", "expected"),
        [
            (["US"], [], P),
            (["IN"], ["US"], P),
            (["IN"], [], LR),
            (["IN", "US"], [], P),
            (["DE", "FR"], [], LR),
        ],
        ids=[
            "us-citizen",
            "permanent-resident",
            "foreign-national",
            "dual-us",
            "two-foreign",
        ],
    )
    def test_person_not_employed_by_a_partner(
        self,
        verdict_on: Callable[..., ac.Verdict],
        citizenships: list[str],
        residencies: list[str],
        expected: ac.Verdict,
    ) -> None:
        """Citizens and green-card holders are not foreign persons (50 U.S.C. 4801(5))."""
        who = person(
            citizenships=citizenships, residencies=residencies, employer="other-corp"
        )
        assert expected == verdict_on(who, "mythos-5", "2026-06-27")

    def test_company_recipients(self, verdict_on: Callable[..., ac.Verdict]) -> None:
        """A US company is not a foreign person; a foreign one is."""
        foreign = ac.Entity("euro-ai", kind="company", country="FR")
        assert (
            verdict_on("other-corp", "fable-5", "2026-06-27"),
            verdict_on(foreign, "fable-5", "2026-06-27"),
        ) == (P, LR)


class TestTrustedPartners:
    @pytest.mark.parametrize(
        ("employer", "expected"),
        [("acme-cloud", P), ("us-agency", P), ("anthropic", P), ("other-corp", LR)],
    )
    def test_employee_of(
        self, verdict_on: Callable[..., ac.Verdict], employer: str, expected: ac.Verdict
    ) -> None:
        """Annexed partners' and the developer's employees are exempt; others are not."""
        assert expected == verdict_on(
            person(employer=employer), "mythos-5", "2026-06-27"
        )

    def test_employment_ending_ends_the_exemption(self, mythos: ac.Regime) -> None:
        """When the partner employment ends, the license requirement returns that day."""
        who = person(employer="acme-cloud", employed_until=dt.date(2026, 9, 1))
        access = ac.Access(who, "mythos-5", "hosted-api", location="US")
        timeline = mythos.history(access)
        assert [
            (
                s.start and s.start.date().isoformat(),
                s.end and s.end.date().isoformat(),
                s.verdict,
            )
            for s in timeline
        ] == [
            (None, "2026-06-12", P),
            ("2026-06-12", "2026-06-26", LR),
            ("2026-06-26", "2026-09-01", P),
            ("2026-09-01", None, LR),
        ]
        assert (
            timeline[3].cause.description
            == "employment of `priya` by `acme-cloud` ended"
        )
        assert timeline[3].cause.kind == "fact"


class TestWhatWasKnown:
    def test_before_the_exemption_was_published(self, mythos: ac.Regime) -> None:
        """Asked with knowledge of 2026-06-20, an access on 2026-06-27 still needs a license."""
        access = ac.Access(person(), "mythos-5", "hosted-api", location="US")
        before = mythos.decide(access, on="2026-06-27", as_known_on="2026-06-20")
        after = mythos.decide(access, on="2026-06-27", as_known_on="2026-06-26")
        assert (before.verdict, after.verdict) == (LR, P)
        assert before.valid_until is None

    def test_nothing_known_before_the_first_letter(self, mythos: ac.Regime) -> None:
        """Knowledge from before the first letter permits everything."""
        access = ac.Access(person(), "fable-5", "hosted-api", location="US")
        assert (
            mythos.decide(access, on="2026-07-01", as_known_on="2026-06-11").verdict
            == P
        )


class TestDecisionContent:
    def test_explain_reads_like_an_analysis(self, mythos: ac.Regime) -> None:
        """The explanation names the verdict, the rule, its notice, the reason and the citation."""
        access = ac.Access(person(), "mythos-5", "hosted-api", location="US")
        text = mythos.decide(access, on="2026-06-15").explain()
        assert text.startswith(
            "LICENSE REQUIRED: `priya` -> `mythos-5` via `hosted-api` in US, on 2026-06-15"
        )
        for fragment in (
            "`mythos-fable-foreign-access`: license required, review policy not stated [binding]",
            "in force since 2026-06-12 by notice `letter-2026-06-12`",
            "applies because: the item is one of `fable-5`, `mythos-5`; the recipient is a foreign person",
            "cites: 15 CFR 744.22; 50 U.S.C. 4817(b)(1)",
            "This holds from 2026-06-12 until 2026-06-26.",
        ):
            assert fragment in text

    def test_lifted_restriction_is_reported_with_its_exemption(
        self, mythos: ac.Regime
    ) -> None:
        """A permitted access still lists the restriction and the exemption that lifted it."""
        access = ac.Access(
            person(employer="acme-cloud"), "mythos-5", "web-app", location="US"
        )
        decision = mythos.decide(access, on="2026-06-27")
        (applied,) = decision.applied
        assert (
            applied.status,
            [lift.exemption.id for lift in applied.lifted_by],
        ) == (ac.Status.LIFTED, ["trusted-partners-mythos"])
        assert len(decision.citations) == 2
        assert "lifted by `trusted-partners-mythos`" in decision.explain()

    def test_to_dict_is_stable_and_versioned(self, mythos: ac.Regime) -> None:
        """`to_dict()` carries the schema version and round-trips through JSON."""
        import json

        access = ac.Access(person(), "mythos-5", "hosted-api", location="US")
        data = mythos.decide(access, on="2026-06-15").to_dict()
        assert data == json.loads(json.dumps(data))
        assert (
            data["schema"],
            data["verdict"],
            data["permitted"],
        ) == ("aicontrols.decision/1", "license_required", False)
        assert (
            data["valid_from"],
            data["valid_until"],
        ) == ("2026-06-12T00:00:00-04:00", "2026-06-26T00:00:00-04:00")

    def test_replay_token_is_a_content_hash(self, mythos: ac.Regime) -> None:
        """Equal questions give equal tokens; a different date gives another token."""
        access = ac.Access(person(), "mythos-5", "hosted-api", location="US")
        again = ac.examples.load("mythos5").decide(access, on="2026-06-15")
        first = mythos.decide(access, on="2026-06-15")
        other = mythos.decide(access, on="2026-06-16")
        assert first.replay_token == again.replay_token
        assert first.replay_token != other.replay_token
        assert first.replay_token.startswith("v1-")

    def test_changes_in_june(self, mythos: ac.Regime) -> None:
        """`changes()` lists both letters' acts with their notices."""
        changes = mythos.changes("2026-06-01", "2026-07-01")
        assert [
            (c.at.date().isoformat(), c.kind, c.rule_id, c.notice.id) for c in changes
        ] == [
            (
                "2026-06-12",
                ac.ChangeKind.ADDED,
                "mythos-fable-foreign-access",
                "letter-2026-06-12",
            ),
            (
                "2026-06-26",
                ac.ChangeKind.ADDED,
                "trusted-partners-mythos",
                "letter-2026-06-26",
            ),
        ]
        assert mythos.changes("2026-06-13", "2026-06-26") == ()
