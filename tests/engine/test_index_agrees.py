"""The compiled index agrees with the reference interpreter on random regimes.

The agreement check is `tests.core_regime.assert_index_agrees`, the one the
example-based tests of the deciding core run on regimes built by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols._engine.decide import Assessment
from aicontrols._regime import engine_of
from aicontrols._time import query_instant
from aicontrols.testing.strategies import (
    accesses,
    days_of,
    instants,
    knowledge,
    regimes,
    variants,
)

from ..budget import PHASES, examples
from ..core_regime import assert_index_agrees

# On a failure, hypothesis's pytest plugin imports libcst, which trips a
# DeprecationWarning in mypy_extensions; `filterwarnings = error` then turns the
# failure report into an INTERNALERROR that hides the falsifying example.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)


_YEAR = 400 * 86_400 * 1_000_000  # microseconds, a little over a year


def _utc(micros: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)


def _knowledge_cutoffs(regime: ac.Regime) -> list[dt.date | dt.datetime | None]:
    """Everything known, and the cutoffs on and just before each publication."""
    cutoffs: list[dt.date | dt.datetime | None] = [None]
    for notice in regime.notices:
        published = notice.published
        if isinstance(published, dt.datetime):
            cutoffs += [published, published - dt.timedelta(microseconds=1)]
        else:
            cutoffs += [published, published - dt.timedelta(days=1)]
    return cutoffs


def _carried(decision: ac.Decision) -> Assessment:
    """The assessment a decision carries, to compare with the interpreter's."""
    return Assessment(
        decision.verdict,
        decision.applied,
        decision.near_misses,
        decision.caveats,
        decision.missing_facts,
        decision.review_policy,
    )


def _inside(segment: ac.Segment) -> st.SearchStrategy[dt.datetime]:
    """An instant in `[start, end)` of a segment: its first, its last, or between."""
    lo = None if segment.start is None else query_instant(segment.start, "start")
    hi = None if segment.end is None else query_instant(segment.end, "end")
    if lo is None and hi is None:
        micros = st.just(query_instant(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "at"))
    elif lo is None:
        assert hi is not None
        micros = st.sampled_from([hi - 1, hi - _YEAR])
    elif hi is None:
        micros = st.sampled_from([lo, lo + _YEAR])
    else:
        micros = st.one_of(st.sampled_from([lo, hi - 1]), st.integers(lo, hi - 1))
    return micros.map(_utc)


class TestIndexAgreesWithInterpreter:
    @settings(max_examples=examples(300), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_agree_at_random_instants(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Index and interpreter agree at random instants, for related accesses."""
        days = days_of(regime)
        as_known_on = data.draw(knowledge(days), label="as_known_on")
        # related accesses in turn: the indexes one compiles may serve the next
        chain = [data.draw(accesses(regime), label="access")]
        for _ in range(data.draw(st.integers(1, 3), label="variants")):
            chain.append(data.draw(variants(regime, chain[-1])))
        for access in chain:
            moments = data.draw(st.lists(instants(days), min_size=1, max_size=4))
            assert_index_agrees(
                regime,
                access,
                as_known_on=as_known_on,
                at=[query_instant(moment, "at") for moment in moments],
            )

    @settings(max_examples=examples(250), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_agree_at_every_change_point(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """Index and interpreter agree at every change point and either side of it."""
        access = data.draw(accesses(regime), label="access")
        for as_known_on in _knowledge_cutoffs(regime):
            # the access's change points and every rule change, including rules
            # the index leaves out for this access
            assert_index_agrees(regime, access, as_known_on=as_known_on)

    @settings(max_examples=examples(250), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_decide_matches_reference(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """`decide(at=...)` gives the verdict and reasons of the reference interpreter."""
        days = days_of(regime)
        access = data.draw(accesses(regime), label="access")
        as_known_on = data.draw(knowledge(days), label="as_known_on")
        moment = data.draw(instants(days), label="at")
        decision = regime.decide(access, at=moment, as_known_on=as_known_on)
        resolved = engine_of(regime).resolve(access)
        state, _ = engine_of(regime).state(as_known_on)
        reference = engine_of(regime).assess_reference(
            resolved, state, query_instant(moment, "at")
        )
        assert reference.verdict is decision.verdict
        assert reference == _carried(decision)
        assert decision.verdict is regime.verdict(
            access, at=moment, as_known_on=as_known_on
        )
        day = moment.date()
        assert regime.decide(
            access, on=day, as_known_on=as_known_on
        ).verdict is regime.verdict(access, on=day, as_known_on=as_known_on)

    @settings(max_examples=examples(200), deadline=None, phases=PHASES)
    @given(regime=regimes(), data=st.data())
    def test_history_tiles_the_line_with_constant_verdicts(
        self, regime: ac.Regime, data: st.DataObject
    ) -> None:
        """History segments are ordered, contiguous, maximal, and match decide."""
        days = days_of(regime)
        access = data.draw(accesses(regime), label="access")
        as_known_on = data.draw(knowledge(days), label="as_known_on")
        segments = list(regime.history(access, as_known_on=as_known_on))
        assert segments
        assert None is segments[0].start
        assert None is segments[-1].end
        for before, after in itertools.pairwise(segments):
            assert before.end is not None
            assert before.start is None or before.start < before.end
            assert before.end == after.start
            assert before.verdict is not after.verdict
        for segment in segments:
            assert segment.verdict is segment.decision.verdict
            moment = data.draw(_inside(segment), label="inside")
            decision = regime.decide(access, at=moment, as_known_on=as_known_on)
            assert segment.verdict is decision.verdict, f"at {moment.isoformat()}"
