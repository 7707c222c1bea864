"""Valid time, knowledge time, compliance, suspension, enforcement, corrections."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import aicontrols as ac

from .builders import NY, D, person, regime, restriction_notice

P, LR, PROH = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.PROHIBITED
FOREIGN = ac.Access(person(employer=None), "model-a", "hosted-api", location="US")


def verdict(r: ac.Regime, day: str, **kw: object) -> ac.Verdict:
    return r.decide(FOREIGN, on=day, **kw).verdict  # type: ignore[arg-type]


class TestHalfOpenIntervals:
    def test_effective_day_is_in_and_revocation_day_is_out(self) -> None:
        """A rule holds from its effective date up to, not including, its revocation."""
        revoke = ac.Notice(
            "n2", published=D(2026, 3, 1), effective=D(2026, 3, 1), revokes=["r1"]
        )
        r = regime(restriction_notice(), revoke)
        assert [
            verdict(r, d)
            for d in ("2026-01-09", "2026-01-10", "2026-02-28", "2026-03-01")
        ] == [P, LR, LR, P]

    def test_instant_just_before_midnight(self) -> None:
        """At 23:59:59.999999 local time the day before, the rule is not yet in force."""
        r = regime(restriction_notice())
        before = dt.datetime(2026, 1, 9, 23, 59, 59, 999999, tzinfo=ZoneInfo(NY))
        at = dt.datetime(2026, 1, 10, 0, 0, tzinfo=ZoneInfo(NY))
        assert (
            r.decide(FOREIGN, at=before).verdict,
            r.decide(FOREIGN, at=at).verdict,
        ) == (P, LR)

    def test_midnight_is_local_to_the_regime(self) -> None:
        """A bare date means local midnight: 04:59 UTC is still the day before in New York."""
        r = regime(restriction_notice())
        utc = ZoneInfo("UTC")
        assert (
            r.decide(FOREIGN, at=dt.datetime(2026, 1, 10, 4, 59, tzinfo=utc)).verdict,
            r.decide(FOREIGN, at=dt.datetime(2026, 1, 10, 5, 0, tzinfo=utc)).verdict,
        ) == (P, LR)


class TestDayWhoseVerdictChanges:
    def test_rule_effective_at_12_01_am(self) -> None:
        """A rule effective at 12:01 a.m. EST makes its day not permitted, in two pieces."""
        one_past = dt.datetime(2026, 1, 10, 0, 1, tzinfo=ZoneInfo(NY))
        r = regime(restriction_notice(published=D(2026, 1, 5), effective=one_past))
        decision = r.decide(FOREIGN, on="2026-01-10")
        assert (decision.verdict, decision.permitted) == (LR, False)
        assert [
            (s.verdict, s.start.strftime("%H:%M"))
            for s in decision.segments  # type: ignore[union-attr]
        ] == [(P, "00:00"), (LR, "00:01")]
        assert ac.CaveatKind.CHANGES_DURING_DAY in {c.kind for c in decision.caveats}
        assert "The verdict changes during the day:" in decision.explain()
        assert (verdict(r, "2026-01-09"), verdict(r, "2026-01-11")) == (P, LR)

    def test_day_that_ends_a_rule_at_noon_is_not_permitted(self) -> None:
        """A rule revoked at noon still makes its last day not permitted."""
        noon = dt.datetime(2026, 2, 1, 12, tzinfo=ZoneInfo(NY))
        revoke = ac.Notice(
            "n2", published=D(2026, 1, 20), effective=noon, revokes=["r1"]
        )
        decision = regime(restriction_notice(), revoke).decide(FOREIGN, on="2026-02-01")
        assert [s.verdict for s in decision.segments] == [LR, P]
        assert decision.verdict == LR
        assert (
            decision.valid_from.date().isoformat(),  # type: ignore[union-attr]
            decision.valid_until.date().isoformat(),  # type: ignore[union-attr]
        ) == ("2026-02-01", "2026-02-02")


class TestComplianceDate:
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

    def test_day_gathers_reasons_from_all_of_it(self) -> None:
        """A rule effective at 12:01 a.m. with a later compliance date: the day is permitted,
        and its decision still carries the caveat from after 12:01."""
        one_past = dt.datetime(2026, 1, 10, 0, 1, tzinfo=ZoneInfo(NY))
        r = regime(
            restriction_notice(
                published=D(2026, 1, 5), effective=one_past, compliance=D(2026, 2, 1)
            )
        )
        decision = r.decide(FOREIGN, on="2026-01-10")
        assert (P, (), [ac.CaveatKind.COMPLIANCE_NOT_REQUIRED]) == (
            decision.verdict,
            decision.segments,
            [c.kind for c in decision.caveats],
        )

    def test_compliance_is_a_change_point(self) -> None:
        """`changes()` and `history()` both show the compliance date."""
        r = regime(restriction_notice(compliance=D(2026, 5, 15)))
        kinds = [c.kind for c in r.changes()]
        assert kinds == [ac.ChangeKind.ADDED, ac.ChangeKind.COMPLIANCE_REQUIRED]
        timeline = r.history(FOREIGN)
        assert [s.verdict for s in timeline] == [P, LR]
        assert timeline[1].cause.description == "compliance with `r1` required (`n1`)"


class TestSuspension:
    def notice(self) -> ac.Notice:
        return ac.Notice(
            "pause",
            published=D(2026, 2, 1),
            effective=D(2026, 2, 1),
            suspends=[ac.Suspension("r1", start=D(2026, 2, 10), end=D(2026, 3, 10))],
        )

    def test_window_is_half_open(self) -> None:
        """The rule does not apply from the suspension's start until its end, exclusive."""
        r = regime(restriction_notice(), self.notice())
        assert [
            verdict(r, d)
            for d in ("2026-02-09", "2026-02-10", "2026-03-09", "2026-03-10")
        ] == [LR, P, P, LR]

    def test_suspended_rule_is_a_caveat(self) -> None:
        """A suspended rule that would apply is named in a caveat with the window's end."""
        r = regime(restriction_notice(), self.notice())
        (caveat,) = r.decide(FOREIGN, on="2026-02-15").caveats
        assert caveat.kind == ac.CaveatKind.SUSPENDED
        assert "suspended by notice `pause` until 2026-03-10" in caveat.text

    def test_suspension_unknown_before_its_publication(self) -> None:
        """Asked with knowledge from before the suspension notice, the rule still binds."""
        r = regime(restriction_notice(), self.notice())
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


class TestCorrection:
    def regime(self) -> ac.Regime:
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

    def test_retroactive_correction_depends_on_what_was_known(self) -> None:
        """Before the correction was published, 2026-06-25 was permitted; after, it was not."""
        r = self.regime()
        assert (
            verdict(r, "2026-06-25", as_known_on="2026-07-05"),
            verdict(r, "2026-06-25"),
        ) == (P, LR)

    def test_correction_replaces_the_original(self) -> None:
        """With the correction known, the rule version comes from the correcting notice."""
        decision = self.regime().decide(FOREIGN, on="2026-07-05")
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


class TestQueryArguments:
    def test_naive_datetime_is_rejected(self) -> None:
        """A datetime without a timezone is an error naming the argument."""
        r = regime(restriction_notice())
        with pytest.raises(ac.NaiveDateTimeError, match="`at` is a naive datetime"):
            r.decide(FOREIGN, at=dt.datetime(2026, 1, 10, 12))  # noqa: DTZ001
        with pytest.raises(ac.NaiveDateTimeError):
            r.decide(FOREIGN, at="2026-01-10T12:00:00")

    def test_iso_strings_are_accepted(self) -> None:
        """`on=` takes YYYY-MM-DD and `at=` an ISO instant with its offset."""
        r = regime(restriction_notice())
        assert (
            r.decide(FOREIGN, on="2026-01-10").verdict,
            r.decide(FOREIGN, at="2026-01-10T00:00:00-05:00").verdict,
        ) == (LR, LR)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({}, "exactly one of"),
            ({"on": "2026-01-10", "at": "2026-01-10T00:00:00+00:00"}, "exactly one of"),
            (
                {"on": "2026-13-01"},
                "`on`: expected a date as YYYY-MM-DD, got `2026-13-01`",
            ),
            ({"on": dt.datetime(2026, 1, 1, tzinfo=ZoneInfo(NY))}, "use `at=`"),
            ({"on": 20260101}, "`on`: expected a date"),
            ({"at": "noon"}, "expected an ISO 8601 instant"),
            ({"at": 5}, "expected an aware datetime"),
            ({"on": "2026-01-10", "as_known_on": "yesterday"}, "`as_known_on`"),
        ],
    )
    def test_malformed_queries(self, kwargs: dict[str, object], message: str) -> None:
        """A malformed question is a `QueryError` whose message names the bad value."""
        with pytest.raises(
            ac.QueryError, match=message.replace("(", r"\(").replace("`", "`")
        ):
            regime(restriction_notice()).decide(FOREIGN, **kwargs)  # type: ignore[arg-type]

    def test_the_last_representable_day(self) -> None:
        """9999-12-31 as a day is a clear query error; as knowledge it means everything."""
        r = regime(restriction_notice())
        with pytest.raises(ac.QueryError, match="last representable day"):
            r.decide(FOREIGN, on="9999-12-31")
        assert LR == verdict(r, "2026-06-01", as_known_on="9999-12-31")

    def test_as_known_on_an_instant(self) -> None:
        """`as_known_on` may be an instant: acts published after it are unknown."""
        at_noon = dt.datetime(2026, 1, 10, 12, tzinfo=ZoneInfo(NY))
        r = regime(restriction_notice(published=at_noon, effective=D(2026, 1, 11)))
        assert (
            verdict(r, "2026-01-12", as_known_on=at_noon - dt.timedelta(seconds=1)),
            verdict(r, "2026-01-12", as_known_on=at_noon),
        ) == (P, LR)

    def test_history_span(self) -> None:
        """`history()` can be bounded, and refuses an empty span."""
        r = regime(restriction_notice())
        timeline = r.history(FOREIGN, start="2026-01-01", end="2026-02-01")
        assert [
            (s.start.date().isoformat(), s.verdict)  # type: ignore[union-attr]
            for s in timeline
        ] == [("2026-01-01", P), ("2026-01-10", LR)]
        assert timeline[0].cause.description == "start of the requested span"
        assert timeline[-1].end.date().isoformat() == "2026-02-01"  # type: ignore[union-attr]
        with pytest.raises(ac.QueryError, match="`end` must be after `start`"):
            r.history(FOREIGN, start="2026-02-01", end="2026-01-01")
        at = dt.datetime(2026, 1, 10, 6, tzinfo=ZoneInfo(NY))
        assert len(r.history(FOREIGN, start=at, end="2026-01-20")) == 1
