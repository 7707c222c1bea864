"""Several regimes at once: the most severe verdict wins."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import aicontrols as ac

from .builders import D, eu, person, regime


class TestCombined:
    def test_most_severe_wins(self, mythos: ac.Regime) -> None:
        """US says permitted for the employee, the EU prohibits weights: prohibited."""
        access = ac.Access(
            person(citizenships=["IN"]), "mythos-5", "weights-transfer", "US"
        )
        decision = ac.decide([mythos, eu()], access, on="2026-07-02")
        assert (ac.Verdict.PROHIBITED, ["permitted", "prohibited"]) == (
            decision.verdict,
            [p.verdict.value for p in decision.parts],
        )
        assert "us-mythos-letters+eu-test" == decision.regime_id
        assert ["mythos-fable-foreign-access", "eu-weights"] == [
            a.id for a in decision.applied
        ]
        assert decision.to_dict()["parts"][1]["verdict"] == "prohibited"
        assert "regime: `eu-test`" in decision.explain()

    def test_eu_citizen_is_not_foreign_to_the_eu(self, mythos: ac.Regime) -> None:
        """The territory makes every member state's citizens insiders."""
        access = ac.Access(person(citizenships=["DE"]), "fable-5", "hosted-api", "DE")
        decision = ac.decide([mythos, eu()], access, on="2026-07-02")
        assert ac.Verdict.LICENSE_REQUIRED == decision.verdict

    def test_validity_is_the_intersection(self, mythos: ac.Regime) -> None:
        """The combined decision holds only while every part's does."""
        access = ac.Access(person(), "mythos-5", "weights-transfer", "US")
        decision = ac.decide([mythos, eu()], access, on="2026-06-27")
        # The EU rule starts at midnight in Brussels: 18:00 the day before in New York.
        assert ("2026-06-26T00:00:00-04:00", "2026-06-30T18:00:00-04:00") == (
            decision.valid_from.isoformat(),  # type: ignore[union-attr]
            decision.valid_until.isoformat(),  # type: ignore[union-attr]
        )
        assert decision.replay_token.startswith("v1-multi-")
        assert (
            decision.replay_token
            == ac.decide([mythos, eu()], access, on="2026-06-27").replay_token
        )

    def test_days_in_far_apart_zones_never_invert_the_interval(self) -> None:
        """Whole days in zones 25 hours apart need not overlap: the interval stays valid."""

        def noon_rule(tz: str) -> ac.Regime:
            noon = dt.datetime(2026, 2, 1, 12, tzinfo=ZoneInfo(tz))
            return regime(
                ac.Notice(
                    "n",
                    published=D(2026, 1, 1),
                    effective=noon,
                    adds=[ac.Restriction("r")],
                ),
                timezone=tz,
            )

        both = ac.decide(
            [noon_rule("Pacific/Kiritimati"), noon_rule("Pacific/Pago_Pago")],
            ac.Access("dev", "model-a", "hosted-api"),
            on="2026-02-01",
        )
        assert both.valid_from < both.valid_until  # type: ignore[operator]
        assert [2, 2] == [len(part.segments) for part in both.parts]

    def test_one_regime_is_its_own_decision(self, mythos: ac.Regime) -> None:
        """With one regime, `decide` returns that regime's decision."""
        access = ac.Access("other-corp", "mythos-5", "hosted-api")
        assert mythos.id == ac.decide([mythos], access, on="2026-06-27").regime_id

    def test_no_regime_is_a_query_error(self) -> None:
        """Deciding under no regime is a malformed question."""
        with pytest.raises(ac.QueryError, match="give at least one regime"):
            ac.decide([], ac.Access("a", "b", "hosted-api"), on="2026-01-01")

    def test_undetermined_part_and_license(self) -> None:
        """A known license plus an unknown part is UNDETERMINED: the unknown may be worse."""
        strict = regime(
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[
                    ac.Restriction(
                        "r", effect="prohibited", recipients=ac.ForeignPerson()
                    )
                ],
            )
        )
        license_only = regime(
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[ac.Restriction("r", review_policy="case_by_case")],
            )
        )
        access = ac.Access(person(citizenships=()), "model-a", "hosted-api")
        combined = ac.decide([license_only, strict], access, on="2026-02-01")
        assert ac.Verdict.UNDETERMINED == combined.verdict
        assert ("citizenship of `priya`",) == combined.missing_facts
        assert combined.review_policy is None
        only = ac.decide([license_only, license_only], access, on="2026-02-01")
        assert ac.ReviewPolicy.CASE_BY_CASE == only.review_policy


class TestMoments:
    """`Moments`: instants in the same pieces of time get the same decision."""

    def test_same_pieces_same_decision_but_instant_and_token(self) -> None:
        """For accesses under every bundled regime at random instants: the
        replay token is `decide`'s, and two instants in the same pieces get
        decisions equal in all but their instant and token (what the HTTP
        service relies on to write an answer once per piece)."""
        import random

        from aicontrols._combine import Moments
        from aicontrols._time import query_instant

        regimes = [ac.examples.load(name) for name in ac.examples.names()]
        us = ac.examples.load("mythos5")  # its items and employer, described
        rng = random.Random(7)
        people = [
            ac.Entity(
                f"p{k}",
                kind="individual",
                citizenships=[ac.Citizenship(rng.choice(("IN", "CN", "US", "DE")))],
                employments=[ac.Employment(us.entity("anthropic"))] if k % 2 else [],
            )
            for k in range(6)
        ]
        items = [us.item("mythos-5"), us.item("fable-5")]
        seen: dict[tuple[object, tuple[int, ...]], dict[str, object]] = {}
        compared = 0
        for person_ in people:
            for item in items:
                for mode in ("hosted-api", "weights-transfer"):
                    access = ac.Access(person_, item, mode, rng.choice(("US", "CN")))
                    moments = Moments(regimes, access)
                    for _ in range(40):
                        at = dt.datetime(2026, 5, 1, tzinfo=dt.UTC) + dt.timedelta(
                            seconds=rng.randrange(120 * 86_400)
                        )
                        decision = ac.decide(regimes, access, at=at)
                        t = query_instant(at, "at")
                        assert moments.token(t) == decision.replay_token
                        found = _but_instant(decision.to_dict())
                        key = (access, moments.pieces(t))
                        if key in seen:
                            assert seen[key] == found
                            compared += 1
                        seen[key] = found
        assert compared > 500  # many instants shared their pieces
        assert len({k[1] for k in seen}) > 3  # and the pieces differed


def _but_instant(data: dict[str, object]) -> dict[str, object]:
    """A decision's JSON without its query (the instant) and replay token, in
    its parts too."""
    found = {k: v for k, v in data.items() if k not in ("query", "replay_token")}
    if "parts" in found:
        found["parts"] = [_but_instant(p) for p in data["parts"]]  # type: ignore[attr-defined]
    return found
