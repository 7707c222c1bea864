"""Invariants of deciding, each checked on random regimes, accesses and instants.

Each test's docstring states the invariant it checks. The regimes, accesses,
instants and knowledge dates come from `aicontrols.testing.strategies`.
Example counts follow the hypothesis profile (`tests/budget.py`): fewer in
CI, ten times more with `AICONTROLS_HYPOTHESIS=deep`.

Verdicts are ordered PERMITTED < LICENSE_REQUIRED < PROHIBITED when they are
known. `UNDETERMINED` stands for a verdict somewhere between two of those that
an unknown fact would settle, so a monotonicity invariant is stated as: a sure
`PERMITTED` stays sure, a sure `PROHIBITED` was already sure, and between two
known verdicts the order holds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols.testing.strategies import (
    COUNTRIES,
    accesses,
    days_of,
    instants,
    item_scopes,
    knowledge,
    mode_scopes,
    recipient_scopes,
    regimes,
)

from .budget import PHASES, examples

pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

P = ac.Verdict.PERMITTED
LR = ac.Verdict.LICENSE_REQUIRED
X = ac.Verdict.PROHIBITED
U = ac.Verdict.UNDETERMINED
_RANK = {P: 0, LR: 1, X: 2}


def no_more_severe(after: ac.Verdict, before: ac.Verdict) -> bool:
    """`after` is at most as severe as `before`, in the order stated above."""
    if before is P and after is not P:
        return False
    if after is X and before is not X:
        return False
    if U in (before, after):
        return True
    return _RANK[after] <= _RANK[before]


def _catalog(regime: ac.Regime) -> tuple[list[str], list[str], list[str]]:
    return (
        [i.id for i in regime.items],
        [e.id for e in regime.entities],
        [r.id for n in regime.notices for r in n.adds if isinstance(r, ac.Restriction)],
    )


@st.composite
def with_extra_rule(
    draw: st.DrawFn, regime: ac.Regime, kind: str
) -> tuple[ac.Regime, ac.Notice]:
    """`regime` plus one notice, published on one of its days, adding one rule."""
    items, entities, restrictions = _catalog(regime)
    scopes = {
        "items": draw(item_scopes(items, developers=entities or ("e0",)))
        if items and entities
        else ac.EVERYTHING,
        "modes": draw(mode_scopes()),
        "recipients": draw(recipient_scopes(entities))
        if entities
        else ac.ForeignPerson(),
    }
    rule: ac.Restriction | ac.Exemption
    if kind == "exemption":
        assume(restrictions)
        lifts = draw(st.lists(st.sampled_from(restrictions), min_size=1, unique=True))
        rule = ac.Exemption("extra-rule", lifts=lifts, **scopes)
    else:
        effect = draw(st.sampled_from(list(ac.Effect)))
        rule = ac.Restriction("extra-rule", effect=effect, **scopes)
    days = days_of(regime) or [dt.date(2026, 1, 1)]
    published = draw(st.sampled_from(days))
    effective = published + dt.timedelta(days=draw(st.integers(0, 40)))
    notice = ac.Notice(
        "extra-notice", published=published, effective=effective, adds=[rule]
    )
    return attrs.evolve(regime, notices=(*regime.notices, notice)), notice


@st.composite
def with_revocation(
    draw: st.DrawFn, regime: ac.Regime, kind: type[ac.Restriction | ac.Exemption]
) -> ac.Regime:
    """`regime` plus one notice revoking one of its rules of `kind`."""
    ids = sorted(
        {
            r.id
            for n in regime.notices
            for r in (*n.adds, *n.amends)
            if isinstance(r, kind)
        }
    )
    assume(ids)
    days = days_of(regime) or [dt.date(2026, 1, 1)]
    published = draw(st.sampled_from(days))
    effective = published + dt.timedelta(days=draw(st.integers(0, 40)))
    notice = ac.Notice(
        "revoking-notice",
        published=published,
        effective=effective,
        revokes=[draw(st.sampled_from(ids))],
    )
    try:
        return attrs.evolve(regime, notices=(*regime.notices, notice))
    except ac.AIControlsError:  # e.g. revoking a rule not yet added then
        assume(False)
        raise


def _verdicts(
    before: ac.Regime, after: ac.Regime, data: st.DataObject
) -> tuple[ac.Verdict, ac.Verdict]:
    days = days_of(before)
    access = data.draw(accesses(before), label="access")
    moment = data.draw(instants(days), label="at")
    known = data.draw(knowledge(days), label="as_known_on")
    return (
        before.verdict(access, at=moment, as_known_on=known),
        after.verdict(access, at=moment, as_known_on=known),
    )


class TestMonotonicity:
    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_adding_an_exemption_never_makes_a_verdict_more_severe(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Adding an exemption never makes any verdict more severe."""
        after, _ = data.draw(with_extra_rule(regime, "exemption"), label="added")
        before_v, after_v = _verdicts(regime, after, data)
        assert no_more_severe(after_v, before_v), (before_v, after_v)

    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_adding_a_restriction_never_makes_a_verdict_less_severe(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Adding a restriction never makes any verdict less severe."""
        after, _ = data.draw(with_extra_rule(regime, "restriction"), label="added")
        before_v, after_v = _verdicts(regime, after, data)
        assert no_more_severe(before_v, after_v), (before_v, after_v)

    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_revoking_an_exemption_never_makes_a_verdict_less_severe(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Revoking an exemption never makes any verdict less severe."""
        after = data.draw(with_revocation(regime, ac.Exemption), label="revoked")
        before_v, after_v = _verdicts(regime, after, data)
        assert no_more_severe(before_v, after_v), (before_v, after_v)

    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_revoking_a_restriction_never_makes_a_verdict_more_severe(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Revoking a restriction never makes any verdict more severe."""
        after = data.draw(with_revocation(regime, ac.Restriction), label="revoked")
        before_v, after_v = _verdicts(regime, after, data)
        assert no_more_severe(after_v, before_v), (before_v, after_v)

    def test_the_order_itself(self) -> None:
        """The comparison used above, on the cases that matter."""
        assert no_more_severe(P, LR)
        assert no_more_severe(U, LR)  # an unsure exemption makes a license unsure
        assert not no_more_severe(LR, P)
        assert not no_more_severe(X, U)
        assert not no_more_severe(X, LR)
        assert no_more_severe(LR, X)


class TestKnowledge:
    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_before_a_notice_is_published_it_is_as_if_it_were_not(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """`as_known_on` earlier than a notice's publication gives the same answer
        as the regime without that notice."""
        assume(regime.notices)
        notice = data.draw(st.sampled_from(regime.notices), label="notice")
        try:
            without = attrs.evolve(
                regime, notices=[n for n in regime.notices if n is not notice]
            )
        except ac.AIControlsError:  # another notice refers to this one's rules
            assume(False)
            raise
        published = notice.published
        known: dt.date | dt.datetime = (
            published - dt.timedelta(microseconds=1)
            if isinstance(published, dt.datetime)
            else published - dt.timedelta(days=1)
        )
        days = days_of(regime)
        access = data.draw(accesses(regime), label="access")
        moment = data.draw(instants(days), label="at")
        one = regime.decide(access, at=moment, as_known_on=known)
        other = without.decide(access, at=moment, as_known_on=known)
        assert _reasons(one) == _reasons(other)


def _reasons(decision: ac.Decision) -> tuple[object, ...]:
    return (
        decision.verdict,
        decision.applied,
        decision.near_misses,
        decision.caveats,
        decision.missing_facts,
        decision.review_policy,
    )


class TestTimelines:
    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_history_covers_the_span_and_agrees_at_every_boundary(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """`history()` covers exactly the asked span with maximal, ordered
        segments, and agrees with `decide()` at each boundary and just before it."""
        days = days_of(regime)
        access = data.draw(accesses(regime), label="access")
        known = data.draw(knowledge(days), label="as_known_on")
        start = data.draw(instants(days), label="start")
        end = start + dt.timedelta(days=data.draw(st.integers(1, 800)), seconds=1)
        segments = list(regime.history(access, start=start, end=end, as_known_on=known))
        # compared in UTC: Python finds two zones' datetimes unequal at an
        # ambiguous local time (PEP 495), even when they are the same instant
        assert start.astimezone(dt.UTC) == segments[0].start.astimezone(dt.UTC)
        assert end.astimezone(dt.UTC) == segments[-1].end.astimezone(dt.UTC)
        for before, after in itertools.pairwise(segments):
            assert before.end == after.start
            assert before.start < before.end
            assert before.verdict is not after.verdict
            boundary = after.start
            assert after.verdict is regime.verdict(
                access, at=boundary, as_known_on=known
            )
            just_before = boundary - dt.timedelta(microseconds=1)
            assert before.verdict is regime.verdict(
                access, at=just_before, as_known_on=known
            )

    @settings(max_examples=examples(150), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_a_day_is_permitted_exactly_when_all_of_it_is(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """`decide(on=day)` is permitted exactly when every instant of that local
        day is, and its verdict is the most severe of the day's."""
        days = days_of(regime) or [dt.date(2026, 1, 1)]
        access = data.draw(accesses(regime), label="access")
        known = data.draw(knowledge(days), label="as_known_on")
        day = data.draw(st.sampled_from(days), label="day")
        day = day + dt.timedelta(days=data.draw(st.integers(-1, 1)))
        decision = regime.decide(access, on=day, as_known_on=known)
        pieces = list(
            regime.history(
                access, start=day, end=day + dt.timedelta(days=1), as_known_on=known
            )
        )
        assert decision.permitted == all(s.verdict is P for s in pieces)
        assert decision.verdict is ac.Verdict.combine(s.verdict for s in pieces)
        assert (len(pieces) > 1) == bool(decision.segments)


class TestUnknownFacts:
    @settings(max_examples=examples(200), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_an_unknown_fact_is_permitted_only_if_every_value_is(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Unknown facts never yield `PERMITTED` where some value of the fact
        would not: an unknown citizenship, country or location."""
        days = days_of(regime)
        access = data.draw(accesses(regime), label="access")
        moment = data.draw(instants(days), label="at")
        known = data.draw(knowledge(days), label="as_known_on")
        recipient = access.recipient
        if isinstance(recipient, str):
            recipient = regime.entity(recipient)
        # a catalog entity with other facts is refused: vary a namesake instead
        recipient = attrs.evolve(recipient, id="namesake", same_as=())
        values: Sequence[str] = (regime.jurisdiction, *COUNTRIES)
        if recipient.kind is ac.EntityKind.INDIVIDUAL:
            unknown = attrs.evolve(recipient, citizenships=())
            filled = [
                attrs.evolve(recipient, citizenships=[ac.Citizenship(c)])
                for c in values
            ]
        else:
            unknown = attrs.evolve(recipient, country=None)
            filled = [attrs.evolve(recipient, country=c) for c in values]
        variants = [
            (
                attrs.evolve(access, recipient=unknown),
                [attrs.evolve(access, recipient=f) for f in filled],
            ),
            (
                attrs.evolve(access, location=None),
                [attrs.evolve(access, location=c) for c in values],
            ),
        ]
        for vague, precise in variants:
            if regime.verdict(vague, at=moment, as_known_on=known) is P:
                for one in precise:
                    assert P is regime.verdict(one, at=moment, as_known_on=known), one


DETERMINISM = textwrap.dedent(
    """
    import json, sys
    import aicontrols as ac
    out = []
    for name in ac.examples.names():
        regime = ac.examples.load(name)
        for item in regime.items:
            for mode in ("hosted-api", "weights-transfer"):
                for who in (
                    *[e.id for e in regime.entities][:3],
                    ac.Entity("p", kind="individual",
                              citizenships=[ac.Citizenship("IN")],
                              employments=[ac.Employment(regime.entities[0].id)]),
                ):
                    access = ac.Access(who, item.id, mode, location="US")
                    for day in ("2025-01-20", "2025-09-30", "2026-06-12", "2026-06-29"):
                        decision = regime.decide(access, on=day)
                        out.append([decision.to_dict(), decision.replay_token])
    json.dump(out, sys.stdout, sort_keys=True)
    """
)


def test_decisions_are_the_same_in_another_process() -> None:
    """Decisions are deterministic: the same inputs give the same `to_dict()`
    and replay token in another process, whatever its `PYTHONHASHSEED`."""
    outputs = []
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", DETERMINISM],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=300,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(json.loads(outputs[0])) > 100
