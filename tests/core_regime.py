"""A regime whose one restriction goes through every kind of act, and a check
that the compiled index and the reference interpreter agree.

Shared by the `test_core_mutants_*` files (mutation testing of the deciding
core, docs/contributing/mutation-testing.md).
"""

from __future__ import annotations

import datetime as dt

import aicontrols as ac
from aicontrols._regime import engine_of
from aicontrols._time import query_instant

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


def assert_engines_agree(r: ac.Regime, *accesses: ac.Access) -> None:
    """The compiled index and the reference interpreter give the same verdict and
    reasons at every rule change, the microsecond before it and the one after."""
    state, _ = engine_of(r).state(None)
    points = {query_instant(change.at, "at") for change in r.changes()}
    for access in accesses:
        resolved = engine_of(r).resolve(access)
        for point in sorted(points):
            for t in (point - 1, point, point + 1):
                assert engine_of(r).assess(resolved, state, t) == engine_of(
                    r
                ).assess_reference(resolved, state, t), f"{access!r} at {t}"
