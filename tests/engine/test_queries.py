"""The answers to the public queries: decisions, verdicts, histories, changes.

Tests of `aicontrols._engine.queries`, many written against its surviving
mutants (see docs/contributing/mutation-testing.md): a decision asked again from
the compiled shape, its bounds and replay token, a day whose verdict changes,
the causes a history names, and the arguments each query checks.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import aicontrols as ac

from ..builders import NY, D, person, regime, restriction_notice
from ..core_regime import FOREIGN, notice

P, LR = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED
U = ac.Verdict.UNDETERMINED
NEW_YORK = ZoneInfo(NY)
NOON_12TH = dt.datetime(2026, 1, 12, 12, tzinfo=NEW_YORK)
EXACTLY_ONE = "give exactly one of `on=` (a date) or `at=` (an instant)"


def at(day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An instant of January 2026 in New York."""
    return dt.datetime(2026, 1, day, hour, minute, tzinfo=NEW_YORK)


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def corrected() -> ac.Regime:
    """`r1` from 2026-01-10, known from 01-05; a notice published 01-20 makes it
    prohibited from 01-10 12:00."""
    return regime(
        restriction_notice(published=D(2026, 1, 5), effective=D(2026, 1, 10)),
        ac.Notice(
            "n2",
            published=D(2026, 1, 20),
            effective=at(10, 12),
            retroactive=True,
            amends=[
                ac.Restriction(
                    "r1",
                    effect="prohibited",
                    items=ac.ItemIs("model-a"),
                    recipients=ac.ForeignPerson(),
                )
            ],
        ),
    )


def three_parts() -> ac.Regime:
    """`r1` from 2026-01-10 06:00 (known from 01-05), and prohibited from 12:00
    by a notice published on 01-20."""
    return regime(
        restriction_notice(published=D(2026, 1, 5), effective=at(10, 6)),
        ac.Notice(
            "n2",
            published=D(2026, 1, 20),
            effective=at(10, 12),
            retroactive=True,
            amends=[
                ac.Restriction(
                    "r1",
                    effect="prohibited",
                    items=ac.ItemIs("model-a"),
                    recipients=ac.ForeignPerson(),
                )
            ],
        ),
    )


def segments(
    timeline: ac.Timeline | tuple[ac.Segment, ...],
) -> list[tuple[object, ...]]:
    """Each segment's start, verdict, cause kind and cause, in words."""
    return [
        (iso(s.start), s.verdict, s.cause.kind, s.cause.description) for s in timeline
    ]


def errors(call: object) -> tuple[str, str | None, object]:
    """The message, argument and value of the `QueryError` that `call()` raises."""
    assert callable(call)
    with pytest.raises(ac.QueryError) as caught:
        call()
    return str(caught.value), caught.value.argument, caught.value.value


class TestDecide:
    def test_asked_again_from_the_compiled_shape(self) -> None:
        """A question asked again is answered from the compiled shape, alike in every part."""
        r = regime(restriction_notice())
        for _ in range(2):
            d = r.decide(FOREIGN, at=NOON_12TH, as_known_on="2026-01-11")
            assert (
                LR,
                FOREIGN,
                iso(NOON_12TH),
                "2026-01-11T23:59:59.999999-05:00",
                "2026-01-10T00:00:00-05:00",
                None,
            ) == (
                d.verdict,
                d.access,
                iso(d.at),
                iso(d.as_known_on),
                iso(d.valid_from),
                iso(d.valid_until),
            )

    def test_as_known_on_from_the_compiled_shape(self) -> None:
        """Once both knowledge states are compiled, each question gets its own."""
        r = regime(restriction_notice(published=D(2026, 1, 8)))
        for _ in range(2):
            assert (LR, P, P) == (
                r.decide(FOREIGN, at=NOON_12TH).verdict,
                r.decide(FOREIGN, at=NOON_12TH, as_known_on="2026-01-07").verdict,
                r.verdict(FOREIGN, at=NOON_12TH, as_known_on="2026-01-07"),
            )
            assert LR is r.verdict(FOREIGN, at=NOON_12TH)

    def test_a_cutoff_near_the_epoch(self) -> None:
        """A knowledge cutoff a microsecond after 1970 is an instant, not a state number."""
        r = regime(restriction_notice())
        early = dt.datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=dt.UTC)
        for _ in range(2):
            assert (LR, P, P) == (
                r.verdict(FOREIGN, at=NOON_12TH),
                r.verdict(FOREIGN, at=NOON_12TH, as_known_on=early),
                r.decide(FOREIGN, at=NOON_12TH, as_known_on=early).verdict,
            )

    def test_exactly_one_of_on_and_at(self) -> None:
        """Neither or both of `on=` and `at=` is refused, also for a compiled access."""
        r = regime(restriction_notice())
        for compiled in (False, True):
            if compiled:
                r.decide(FOREIGN, at=NOON_12TH)
            for query in (r.decide, r.verdict):
                assert (EXACTLY_ONE, None, None) == errors(lambda q=query: q(FOREIGN))
                assert (EXACTLY_ONE, None, None) == errors(
                    lambda q=query: q(FOREIGN, on="2026-01-12", at=NOON_12TH)
                )

    def test_not_an_access(self) -> None:
        """Something other than an `Access` is refused, even unhashable, by both queries."""
        r = regime(restriction_notice())
        r.decide(FOREIGN, at=NOON_12TH)
        for query in (r.decide, r.verdict):
            assert ("expected an Access, got `['x']`", "access", None) == errors(
                lambda q=query: q(["x"], at=NOON_12TH)  # type: ignore[arg-type]
            )

    def test_a_day_as_known_on(self) -> None:
        """A day's decision carries its knowledge cutoff: the end of the `as_known_on` day."""
        d = regime(restriction_notice()).decide(
            FOREIGN, on="2026-01-12", as_known_on="2026-01-11"
        )
        assert (LR, (), "2026-01-11T23:59:59.999999-05:00") == (
            d.verdict,
            d.segments,
            iso(d.as_known_on),
        )

    def test_verdict_names_the_bad_argument(self) -> None:
        """`verdict()` names `at` or `on` in its errors, compiled access or not."""
        r = regime(restriction_notice())
        fresh = ac.Access(person("sam", employer=None), "model-a", "hosted-api", "US")
        r.decide(FOREIGN, at=NOON_12TH)
        for access in (FOREIGN, fresh):
            assert (
                "`at`: expected an ISO 8601 instant with an offset, got `noon`",
                "at",
                "noon",
            ) == errors(lambda a=access: r.verdict(a, at="noon"))
        assert (
            "`on`: expected a date as YYYY-MM-DD, got `Jan 12`",
            "on",
            "Jan 12",
        ) == errors(lambda: r.verdict(fresh, on="Jan 12"))

    def test_the_bounds_of_an_instant(self) -> None:
        """An instant's decision is valid over the whole span of its verdict."""
        r = corrected()
        last = at(10, 11, 59) + dt.timedelta(seconds=59, microseconds=999_999)
        for moment in (last, at(10, 12), at(9)):
            d = r.decide(FOREIGN, at=moment)
            assert {
                last: ("2026-01-10T00:00:00-05:00", "2026-01-10T12:00:00-05:00"),
                at(10, 12): ("2026-01-10T12:00:00-05:00", None),
                at(9): (None, "2026-01-10T00:00:00-05:00"),
            }[moment] == (iso(d.valid_from), iso(d.valid_until))

    def test_replay_tokens(self) -> None:
        """A replay token is the same for the same question and differs for any other."""
        r = regime(restriction_notice())
        other = ac.Access(person("sam"), "model-a", "hosted-api", "US")
        tokens = [
            r.decide(FOREIGN, at=NOON_12TH).replay_token,
            r.decide(FOREIGN, at=NOON_12TH).replay_token,
            r.decide(other, at=NOON_12TH).replay_token,
            r.decide(FOREIGN, at=at(12, 13)).replay_token,
            r.decide(FOREIGN, at=NOON_12TH, as_known_on="2026-01-11").replay_token,
            r.decide(FOREIGN, on="2026-01-12").replay_token,
        ]
        assert tokens[0] == tokens[1]
        assert 5 == len(set(tokens))
        prefix = f"v1-{r.fingerprint[:16]}-"
        for token in tokens:
            assert (prefix, 3 + 16 + 1 + 24) == (token[: len(prefix)], len(token))
            assert set(token[len(prefix) :]) <= set("0123456789abcdef")


def verdict(r: ac.Regime, day: str, **kw: object) -> ac.Verdict:
    return r.decide(FOREIGN, on=day, **kw).verdict  # type: ignore[arg-type]


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

    def test_three_verdicts_in_a_day(self) -> None:
        """A day of three verdicts: the worst, its reasons, and each change in the caveat."""
        d = three_parts().decide(FOREIGN, on="2026-01-10")
        assert (ac.Verdict.PROHIBITED, [("r1", "n2", "binding")]) == (
            d.verdict,
            [(a.id, a.notice.id, a.status.value) for a in d.applied],
        )
        assert [
            "the verdict changes during 2026-01-10: at 2026-01-10T06:00:00-05:00 "
            "(LICENSE REQUIRED), 2026-01-10T12:00:00-05:00 (PROHIBITED)"
        ] == [c.text for c in d.caveats]
        assert [
            ("2026-01-10T00:00:00-05:00", P, "start", "start of the requested span"),
            ("2026-01-10T06:00:00-05:00", LR, "notice", "`r1` added (`n1`)"),
            (
                "2026-01-10T12:00:00-05:00",
                ac.Verdict.PROHIBITED,
                "notice",
                "`r1` amended (`n2`)",
            ),
        ] == segments(d.segments)

    def test_a_day_as_known_earlier(self) -> None:
        """A day's parts, their causes and decisions are those known `as_known_on`."""
        d = three_parts().decide(FOREIGN, on="2026-01-10", as_known_on="2026-01-15")
        known = "2026-01-15T23:59:59.999999-05:00"
        assert (LR, known) == (d.verdict, iso(d.as_known_on))
        assert [
            "the verdict changes during 2026-01-10: at 2026-01-10T06:00:00-05:00 "
            "(LICENSE REQUIRED)"
        ] == [c.text for c in d.caveats]
        assert [
            ("2026-01-10T00:00:00-05:00", P, "start", "start of the requested span"),
            ("2026-01-10T06:00:00-05:00", LR, "notice", "`r1` added (`n1`)"),
        ] == segments(d.segments)
        assert [known, known] == [iso(s.decision.as_known_on) for s in d.segments]

    def test_each_part_is_a_decision(self) -> None:
        """Each part of a split day is the decision of its span, from its first instant."""
        r = regime(
            restriction_notice(
                published=D(2026, 1, 5), effective=at(10, 6), compliance=at(10, 12)
            )
        )
        d = r.decide(FOREIGN, on="2026-01-10")
        assert (LR, "2026-01-10T00:00:00-05:00", "2026-01-11T00:00:00-05:00") == (
            d.verdict,
            iso(d.valid_from),
            iso(d.valid_until),
        )
        # the two permitted parts, before and after 06:00, make one segment
        assert [
            (
                "2026-01-10T00:00:00-05:00",
                "2026-01-10T12:00:00-05:00",
                P,
                ["compliance_not_required"],
            ),
            ("2026-01-10T12:00:00-05:00", "2026-01-11T00:00:00-05:00", LR, []),
        ] == [
            (
                iso(s.start),
                iso(s.end),
                s.decision.verdict,
                [c.kind.value for c in s.decision.caveats],
            )
            for s in d.segments
        ]
        for s in d.segments:
            assert (FOREIGN, iso(s.start), iso(s.start), iso(s.end)) == (
                s.decision.access,
                iso(s.decision.at),
                iso(s.decision.valid_from),
                iso(s.decision.valid_until),
            )


class TestDayOfOneVerdict:
    def test_a_license_required_all_day_gathers_reasons(self) -> None:
        """A day with one verdict in two parts has the reasons of both, each once."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("a", review_policy="presumption_of_denial"),
                    ac.Exemption("y", lifts=["a"], conditions=["signed"]),
                ],
            ),
            ac.Notice(
                "n2",
                published=D(2026, 1, 5),
                effective=at(10, 12),
                revokes=["a"],
                adds=[
                    ac.Restriction("b", review_policy="case_by_case"),
                    ac.Exemption("x", lifts=["b"], conditions=["vetted"]),
                ],
            ),
        )
        d = r.decide(FOREIGN, on="2026-01-10")
        assert (LR, (), ["a", "b"], [("y", "a"), ("x", "b")]) == (
            d.verdict,
            d.segments,
            [a.id for a in d.applied],
            [(n.exemption.id, n.restriction_id) for n in d.near_misses],
        )
        assert (ac.ReviewPolicy.PRESUMPTION_OF_DENIAL, (), ()) == (
            d.review_policy,
            d.caveats,
            d.missing_facts,
        )

    def test_an_undetermined_day_gathers_missing_facts(self) -> None:
        """An undetermined day names the facts missing in any of its parts."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[ac.Restriction("a", recipients=ac.ForeignPerson())],
            ),
            ac.Notice(
                "n2",
                published=D(2026, 1, 5),
                effective=at(10, 12),
                adds=[ac.Restriction("b", recipients=ac.DestinationIn("CN"))],
            ),
        )
        stateless = person("anon", citizenships=(), employer=None)
        d = r.decide(ac.Access(stateless, "model-a", "hosted-api"), on="2026-01-10")
        assert (U, (), None) == (d.verdict, d.segments, d.review_policy)
        assert ("citizenship of `anon`", "location of the access") == d.missing_facts


class TestHistory:
    def test_each_segment_is_a_decision(self) -> None:
        """A history's segments are decisions valid over their own span, cut to the asked one."""
        timeline = three_parts().history(FOREIGN, start=at(10, 3), end="2026-01-11")
        assert (FOREIGN, NY) == (timeline.access, timeline.tz)
        assert [
            ("2026-01-10T03:00:00-05:00", "2026-01-10T06:00:00-05:00", P),
            ("2026-01-10T06:00:00-05:00", "2026-01-10T12:00:00-05:00", LR),
            (
                "2026-01-10T12:00:00-05:00",
                "2026-01-11T00:00:00-05:00",
                ac.Verdict.PROHIBITED,
            ),
        ] == [(iso(s.start), iso(s.end), s.verdict) for s in timeline]
        for s in timeline:
            assert (FOREIGN, s.verdict, iso(s.start), iso(s.start), iso(s.end)) == (
                s.decision.access,
                s.decision.verdict,
                iso(s.decision.at),
                iso(s.decision.valid_from),
                iso(s.decision.valid_until),
            )

    def test_as_known_on(self) -> None:
        """A history as known on a date leaves out what was published after it."""
        assert [
            (None, P, "start", "the beginning of the record"),
            ("2026-01-10T06:00:00-05:00", LR, "notice", "`r1` added (`n1`)"),
        ] == segments(three_parts().history(FOREIGN, as_known_on="2026-01-15"))

    def test_bad_bounds(self) -> None:
        """A bad `start=` or `end=`, or an empty span, is refused, naming the argument."""
        r = three_parts()
        assert [
            ("`start`: expected a date as YYYY-MM-DD, got `noon`", "start", "noon"),
            ("`end`: expected a date as YYYY-MM-DD, got `noon`", "end", "noon"),
            ("`end` must be after `start`", "end", "2026-01-10"),
        ] == [
            errors(lambda: r.history(FOREIGN, start="noon")),
            errors(lambda: r.history(FOREIGN, end="noon")),
            errors(lambda: r.history(FOREIGN, start="2026-01-10", end="2026-01-10")),
        ]

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


class TestCauses:
    def test_the_recipient_s_own_facts(self) -> None:
        """A history names the citizenship or residency gained or lost that changed the verdict."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[ac.Restriction("r1", recipients=ac.ForeignPerson())],
            )
        )
        pat = ac.Entity(
            "pat",
            kind="individual",
            citizenships=[
                ac.Citizenship("IN"),
                ac.Citizenship("US", start=D(2026, 7, 1), end=D(2026, 9, 1)),
            ],
            residencies=[ac.Residency("US", start=D(2026, 3, 1), end=D(2026, 5, 1))],
            employments=[ac.Employment("dev")],
        )
        timeline = r.history(ac.Access(pat, "model-a", "hosted-api", "US"))
        assert [
            (None, P, "start", "the beginning of the record"),
            ("2026-01-01T00:00:00-05:00", LR, "notice", "`r1` added (`n1`)"),
            (
                "2026-03-01T00:00:00-05:00",
                P,
                "fact",
                "`pat` gained permanent residency in `US`",
            ),
            (
                "2026-05-01T00:00:00-04:00",
                LR,
                "fact",
                "`pat` lost permanent residency in `US`",
            ),
            (
                "2026-07-01T00:00:00-04:00",
                P,
                "fact",
                "`pat` gained citizenship of `US`",
            ),
            ("2026-09-01T00:00:00-04:00", LR, "fact", "`pat` lost citizenship of `US`"),
        ] == segments(timeline)

    def test_employment_and_ownership(self) -> None:
        """A history names the employment or ownership that started or ended."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("r1", recipients=ac.EmployedBy("dev")),
                    ac.Restriction(
                        "r2", effect="prohibited", recipients=ac.OwnedBy("partner")
                    ),
                ],
            )
        )
        sam = ac.Entity(
            "sam",
            kind="individual",
            citizenships=[ac.Citizenship("US")],
            employments=[ac.Employment("dev", start=D(2026, 3, 1), end=D(2026, 5, 1))],
        )
        sub = ac.Entity(
            "sub",
            country="SG",
            owners=[ac.Ownership("partner", start=D(2026, 6, 1), end=D(2026, 8, 1))],
        )
        assert [
            (
                "2026-03-01T00:00:00-05:00",
                LR,
                "fact",
                "employment of `sam` by `dev` started",
            ),
            (
                "2026-05-01T00:00:00-04:00",
                P,
                "fact",
                "employment of `sam` by `dev` ended",
            ),
        ] == segments(r.history(ac.Access(sam, "model-a", "hosted-api", "US")))[1:]
        assert [
            (
                "2026-06-01T00:00:00-04:00",
                ac.Verdict.PROHIBITED,
                "fact",
                "ownership of `sub` by `partner` started",
            ),
            (
                "2026-08-01T00:00:00-04:00",
                P,
                "fact",
                "ownership of `sub` by `partner` ended",
            ),
        ] == segments(r.history(ac.Access(sub, "model-a", "hosted-api", "US")))[1:]

    def test_country_groups(self) -> None:
        """A change of country groups is a cause of its own kind, naming each group."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("r", recipients=ac.DestinationInGroup(["G1", "G2"]))
                ],
            ),
            country_groups=[
                ac.CountryGroup("G1", members=[ac.Membership("KH", end=D(2026, 3, 1))]),
                ac.CountryGroup(
                    "G2",
                    members=[
                        ac.Membership("KH", end=D(2026, 3, 1)),
                        ac.Membership("KH", start=D(2026, 5, 1)),
                    ],
                ),
            ],
        )
        access = ac.Access("stranger", "model-a", "hosted-api", "KH")
        assert [
            ("2026-01-01T00:00:00-05:00", LR, "notice", "`r` added (`n1`)"),
            (
                "2026-03-01T00:00:00-05:00",
                P,
                "group",
                "country group `G1` changed; country group `G2` changed",
            ),
            ("2026-05-01T00:00:00-04:00", LR, "group", "country group `G2` changed"),
        ] == segments(r.history(access))[1:]

    def test_a_list_as_known(self) -> None:
        """A list membership counts, as a cause too, once it is published."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[ac.Restriction("r", recipients=ac.OnList("l"))],
            ),
            entity_lists=[
                ac.EntityList(
                    "l",
                    members=[
                        ac.Membership(
                            "stranger",
                            start=dt.datetime(2026, 3, 1, 12, tzinfo=NEW_YORK),
                            published=D(2026, 2, 20),
                        )
                    ],
                )
            ],
        )
        access = ac.Access("stranger", "model-a", "hosted-api", "US")
        listed = ("2026-03-01T12:00:00-05:00", LR, "group", "list `l` changed")
        assert [listed] == segments(r.history(access))[1:]
        assert [] == segments(r.history(access, as_known_on="2026-02-19"))[1:]
        day = r.decide(access, on="2026-03-01")
        assert [listed] == segments(day.segments)[1:]


class TestChanges:
    def test_as_known_on_and_span(self) -> None:
        """`changes()` lists what is known, from `since` included to `until` excluded."""
        r = three_parts()
        added = "2026-01-10T06:00:00-05:00: `r1` added by notice `n1` (notice n1)"
        amended = "2026-01-10T12:00:00-05:00: `r1` amended by notice `n2`"
        assert [
            [added, amended],
            [added],
            [added],
            [amended],
        ] == [
            [c.describe() for c in changes]
            for changes in (
                r.changes(),
                r.changes(as_known_on="2026-01-15"),
                r.changes(since=at(10, 6), until=at(10, 12)),
                r.changes(since=at(10, 12)),
            )
        ]

    def test_bad_bounds(self) -> None:
        """A bad `since=` or `until=`, or an empty span, is refused, naming the argument."""
        r = three_parts()
        assert [
            ("`since`: expected a date as YYYY-MM-DD, got `noon`", "since", "noon"),
            ("`until`: expected a date as YYYY-MM-DD, got `noon`", "until", "noon"),
            ("`until` must be after `since`", "until", "2026-01-10"),
        ] == [
            errors(lambda: r.changes(since="noon")),
            errors(lambda: r.changes(until="noon")),
            errors(lambda: r.changes(since="2026-01-10", until="2026-01-10")),
        ]
