"""Answers are values: decisions, segments and timelines compare, hash and pickle."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pendulum
import pytest

import aicontrols as ac

PRIYA = ac.Entity("priya", kind="individual", citizenships=[ac.Citizenship("IN")])
ACCESS = ac.Access(PRIYA, "fable-5", "web-app", "US")


def fresh() -> ac.Regime:
    """A mythos5 regime of its own, with nothing cached."""
    return ac.load_regime(ac.examples.path("mythos5"))


@pytest.mark.parametrize(
    "when", [{"on": "2026-06-27"}, {"at": "2026-06-12T12:00-04:00"}]
)
def test_the_same_question_gives_equal_decisions(when: dict[str, str]) -> None:
    """Asking twice, or of another copy of the regime, gives equal, equally hashed answers."""
    first = ac.examples.load("mythos5").decide(ACCESS, **when)  # type: ignore[arg-type]
    again = ac.examples.load("mythos5").decide(ACCESS, **when)  # type: ignore[arg-type]
    elsewhere = fresh().decide(ACCESS, **when)  # type: ignore[arg-type]
    assert first == again == elsewhere
    assert hash(first) == hash(elsewhere)
    assert len({first, again, elsewhere}) == 1


def test_different_questions_give_unequal_decisions() -> None:
    """Another day, or another recipient, is another answer, even with one verdict."""
    regime = ac.examples.load("mythos5")
    one = regime.decide(ACCESS, on="2026-06-27")
    assert one != regime.decide(ACCESS, on="2026-06-28")
    other = ac.Access("other-corp", "fable-5", "web-app", "US")
    assert regime.decide(other, on="2026-06-27") != one


def test_decisions_pickle_to_equal_values() -> None:
    """A pickled decision, its bounds and replay token included, comes back equal."""
    regime = fresh()
    for decision in (
        regime.decide(ACCESS, on="2026-06-27"),
        regime.decide(ACCESS, at=dt.datetime(2026, 6, 12, 16, tzinfo=dt.UTC)),
        ac.decide([regime, fresh()], ACCESS, on="2026-06-27"),
    ):
        copy = pickle.loads(pickle.dumps(decision))
        assert decision == copy
        assert (decision.valid_from, decision.replay_token) == (
            copy.valid_from,
            copy.replay_token,
        )
        assert decision.explain() == copy.explain()


def test_timelines_and_segments_are_values() -> None:
    """A history compares equal to itself asked again, and survives pickle."""
    timeline = fresh().history(ACCESS)
    assert timeline == ac.examples.load("mythos5").history(ACCESS)
    assert timeline == pickle.loads(pickle.dumps(timeline))
    assert timeline[1] == pickle.loads(pickle.dumps(timeline[1]))


def test_instants_are_pendulum_values() -> None:
    """`at` and `as_known_on` are instants in the regime's zone, never integers."""
    moment = dt.datetime(2026, 6, 12, 16, 30, tzinfo=dt.UTC)
    decision = ac.examples.load("mythos5").decide(
        ACCESS, at=moment, as_known_on="2026-06-20"
    )
    assert isinstance(decision.at, pendulum.DateTime)
    assert moment == decision.at
    assert "America/New_York" == decision.at.timezone_name
    assert isinstance(decision.as_known_on, pendulum.DateTime)
    assert dt.date(2026, 6, 20) == decision.as_known_on.date()
    on_a_day = ac.examples.load("mythos5").decide(ACCESS, on="2026-06-27")
    assert (None, None) == (on_a_day.at, on_a_day.as_known_on)


@pytest.mark.parametrize(
    "cls",
    [
        ac.Decision,
        ac.Segment,
        ac.Timeline,
        ac.AppliedRestriction,
        ac.Lift,
        ac.NearMiss,
        ac.Caveat,
        ac.Cause,
        ac.RuleChange,
    ],
    ids=lambda cls: cls.__name__,
)
def test_answers_are_built_by_keyword(cls: type) -> None:
    """An answer's fields are keyword-only: adding a field never shifts another."""
    with pytest.raises(TypeError, match="takes 1 positional argument but 2"):
        cls("x")


@pytest.mark.parametrize(
    "when",
    [
        {"on": "2026-06-27"},
        {"on": "2026-06-26"},  # a split day: segments
        {"at": "2026-06-12T12:00-04:00"},
    ],
)
def test_the_engines_fast_constructor_builds_what_the_keyword_one_does(
    when: dict[str, str],
) -> None:
    """A decision from the engine's hot path is the value `Decision(...)` builds."""
    made = fresh().decide(ACCESS, **when)  # type: ignore[arg-type]
    fields = {k: v for k, v in vars(made).items() if k != "_made_parts"}
    rebuilt = ac.Decision(
        **{a.alias: fields.pop(a.name) for a in attrs.fields(ac.Decision)}
    )
    assert fields == {}
    assert rebuilt == made
    assert rebuilt.explain() == made.explain()
