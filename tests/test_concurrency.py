"""Many threads deciding against one shared regime give the answers of one thread.

A regime compiles its rulesets, indexes and shapes lazily, on first use, so
threads that start together race to compile the same things. The compiled
parts are immutable (tuples, frozensets, read-only mappings) and a lazily
filled piece is always filled with the same value; these tests check that the
answers do not depend on the interleaving. Counts are bounded: 8 threads,
a few hundred queries each, with a tiny switch interval so that threads
interleave inside the compiling code.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType
from typing import Any

import pytest

import aicontrols as ac
from aicontrols._regime import engine_of

from .test_audit import mythos_log

THREADS = 8
COUNTRIES = ("US", "IN", "CN", "DE", "BR")
MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning", "on-premises")


@pytest.fixture(autouse=True)
def interleave() -> Iterator[None]:
    """Switch threads every microsecond instead of every 5 ms."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def fresh(name: str) -> ac.Regime:
    """A regime that has compiled nothing yet."""
    return ac.load_regime(ac.examples.path(name))


def queries(regime: ac.Regime, count: int, seed: int) -> list[dict[str, Any]]:
    """Random questions about `regime`: who, what, how, where, when, as known when."""
    rng = random.Random(seed)
    catalog = [e.id for e in regime.entities]
    out: list[dict[str, Any]] = []
    for i in range(count):
        if rng.random() < 0.3:
            who: ac.Entity | str = rng.choice(catalog)
        else:
            who = ac.Entity(
                f"p{i % 40}",
                kind="individual",
                citizenships=[ac.Citizenship(c) for c in rng.sample(COUNTRIES, 1)],
                employments=[ac.Employment(rng.choice(catalog))],
            )
        access = ac.Access(
            who,
            rng.choice(regime.items).id,
            rng.choice(MODES),
            rng.choice((None, *COUNTRIES)),
        )
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(730))
        when: dict[str, Any] = (
            {"on": day}
            if rng.random() < 0.5
            else {"at": dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)}
        )
        known = rng.choice((None, None, day, dt.date(2025, 6, 1)))
        out.append({"access": access, "as_known_on": known, **when})
    return out


def answer(regime: ac.Regime, query: dict[str, Any]) -> tuple[object, ...]:
    decision = regime.decide(**query)
    return (
        decision.to_dict(),
        decision.replay_token,
        decision.valid_from,
        decision.valid_until,
        regime.verdict(**query),
    )


def run_threads(work: Callable[[int], list[Any]]) -> list[list[Any]]:
    start = threading.Barrier(THREADS)

    def one(i: int) -> list[Any]:
        start.wait()  # every thread starts on a cold regime at once
        return work(i)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


@pytest.mark.parametrize(
    "name", ["mythos5", "ai-diffusion-2025", "affiliates-rule-2025"]
)
def test_threads_decide_as_one_thread(name: str) -> None:
    """Threads deciding on one shared fresh regime get one thread's answers."""
    asked = queries(fresh(name), 250, seed=len(name))
    alone = fresh(name)
    expected = [answer(alone, q) for q in asked]
    shared = fresh(name)

    def work(i: int) -> list[Any]:
        order = list(range(len(asked)))
        random.Random(i).shuffle(order)  # each thread asks in its own order
        got: list[Any] = [None] * len(asked)
        for j in order:
            got[j] = answer(shared, asked[j])
        return got

    for got in run_threads(work):
        assert expected == got


def test_threads_audit_as_one_thread() -> None:
    """Threads auditing with one shared fresh regime get one thread's table."""
    log = mythos_log(3_000, seed=9)
    expected = ac.audit(fresh("mythos5"), log)
    shared = fresh("mythos5")

    def work(i: int) -> list[Any]:
        return [ac.audit(shared, log.slice(0, 3_000 - i * 100))]

    for i, (got,) in enumerate(run_threads(work)):
        assert expected.slice(0, 3_000 - i * 100).equals(got)


def test_compiled_indexes_cannot_be_changed() -> None:
    """What threads share is immutable: tuples, frozensets, read-only mappings."""
    regime = fresh("mythos5")
    access = ac.Access("acme-cloud", "mythos-5", "hosted-api", "US")
    regime.decide(access, on="2026-06-27")
    indexes = list(engine_of(regime).indexes.values())
    assert indexes
    for index in indexes:
        assert isinstance(index.starts, tuple)
        assert isinstance(index.slots, tuple)
        assert isinstance(index.groups, frozenset)
        for slot in index.slots:
            assert isinstance(slot.restrictions, tuple)
            assert isinstance(slot.exemptions, MappingProxyType)
            with pytest.raises(TypeError):
                slot.exemptions["x"] = ()  # type: ignore[index]
    for shape in engine_of(regime).shapes.values():
        assert isinstance(shape.starts, tuple)
    for timeline in engine_of(regime).world.groups.values():
        assert isinstance(timeline.starts, tuple)


def test_a_pickled_copy_in_each_thread_agrees() -> None:
    """Threads may also each hold their own copy: the answers are the same."""
    import pickle

    asked = queries(fresh("mythos5"), 60, seed=3)
    expected = [answer(fresh("mythos5"), q) for q in asked]
    data = pickle.dumps(ac.examples.load("mythos5"))

    def work(i: int) -> list[Any]:
        mine = pickle.loads(data)
        return [answer(mine, q) for q in asked]

    for got in run_threads(work):
        assert expected == got
