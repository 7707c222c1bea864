"""A regime whose one restriction goes through every kind of act, and the check
that the compiled index and the reference interpreter agree.

Shared by the tests of the deciding core (`tests/engine/`, `test_time.py`),
which mutation testing runs (docs/contributing/mutation-testing.md).
`assert_index_agrees` is the one agreement check: the property tests of
`tests/engine/test_index_agrees.py` run it on random regimes, the example-based
tests on regimes built by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import aicontrols as ac
from aicontrols._regime import engine_of
from aicontrols._time import query_instant, to_datetime

from .builders import D, person, regime, restriction_notice

FOREIGN = ac.Access(person(employer=None), "model-a", "hosted-api", location="US")
VETTED = ac.Access(
    person(employer=None), "model-a", "hosted-api", "US", frozenset({"vetted"})
)
R1 = ac.Restriction("r1", items=ac.ItemIs("model-a"), recipients=ac.ForeignPerson())


def notice(nid: str, day: dt.date, **acts: object) -> ac.Notice:
    """A notice published and effective on `day`."""
    return ac.Notice(nid, published=day, effective=day, **acts)  # type: ignore[arg-type]


def lifecycle() -> ac.Regime:
    """`r1` added (compliance later), suspended, not enforced, amended, lifted,
    revoked, amended while revoked (no effect) and added again."""
    return regime(
        restriction_notice("n1", rule=R1, compliance=D(2026, 1, 20)),
        notice(
            "n2",
            D(2026, 2, 1),
            suspends=[ac.Suspension("r1", end=D(2026, 2, 10), reason="pause")],
        ),
        notice(
            "n3",
            D(2026, 3, 1),
            not_enforced=[
                ac.NonEnforcement("r1", statement="not now", end=D(2026, 3, 15))
            ],
        ),
        notice(
            "n4",
            D(2026, 4, 1),
            amends=[
                ac.Restriction(
                    "r1",
                    effect="prohibited",
                    items=ac.ItemIs("model-a"),
                    recipients=ac.ForeignPerson(),
                )
            ],
        ),
        notice(
            "n5",
            D(2026, 5, 1),
            adds=[
                ac.Exemption(
                    "x1",
                    lifts=["r1"],
                    recipients=ac.ForeignPerson(),
                    conditions=["vetted"],
                )
            ],
        ),
        notice("n6", D(2026, 6, 1), revokes=["r1"]),
        notice("n7", D(2026, 7, 1), amends=[R1]),
        notice("n8", D(2026, 8, 1), adds=[R1]),
    )


def assert_index_agrees(
    r: ac.Regime,
    *accesses: ac.Access,
    as_known_on: object = None,
    at: Iterable[int] = (),
) -> None:
    """The compiled index and the reference interpreter give the same verdict and
    reasons, for each access: at the instants `at` if given, else at every change
    point (each rule change, each change of a country group or list, and each
    start of the access's shape) and the microsecond either side of it. The
    access's compiled shape (what `decide` reads) gives them too: a piece whose
    reasons change inside it would not."""
    engine = engine_of(r)
    state, _ = engine.state(as_known_on)
    changes = {query_instant(c.at, "at") for c in r.changes(as_known_on=as_known_on)}
    world = engine.world_at(state)
    for timeline in (*world.groups.values(), *world.lists.values()):
        changes |= set(timeline.starts[1:])
    for access in accesses:
        resolved = engine.resolve(access)
        shape = engine.shape(state, resolved, remember=False)
        instants = set(at)
        if not instants:
            points = changes | set(shape.starts[1:])
            instants = {t + step for t in points for step in (-1, 0, 1)}
        for t in sorted(instants):
            reference = engine.assess_reference(resolved, state, t)
            where = f"{access!r} at {t} ({to_datetime(t, 'UTC')}), as_known_on={as_known_on!r}"
            assert engine.assess(resolved, state, t) == reference, where
            assert shape.at(t) == reference, f"shape: {where}"
