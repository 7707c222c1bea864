"""Benchmark: does the bundled chips regime decide as fast as the engine's figures?

Run from the repository root::

    python benchmarks/bench_chips.py          # full run (about a minute)
    python benchmarks/bench_chips.py --quick  # smoke run (a few seconds)

Issue #18 asks that loading the bundled `us-advanced-computing` regime and
deciding with it stay within the engine issue's (#16) per-decision figures:
`decide(at=)` at most 0.1x, and `verdict(at=)` at most 0.05x, of Cedar's cost
per decision. This script measures, in one run:

- **load**: a fresh interpreter imports `aicontrols` (not timed), then loads
  the regime with `examples.load` (its bundled EAR groups included) and makes
  its first decision; the peer is a fresh interpreter loading `mythos5`;
- **decide / verdict**: medians over a fixed pool of questions on the regime's
  own catalog (every item, company, mode and a spread of destinations,
  origins and instants from 2022 to 2026), cycled;
- **peers in the same run**: the same calls on the synthetic regime of
  `bench_decide.py` at R=10, E=40, and `cedarpy.is_authorized` with a
  `permit`-everything policy (Cedar's floor: cheaper than any encoding of
  rules, so the ratios against it are the strict reading of #16's targets).

Before anything is timed, every question's `decide(at=)` must give the
reference interpreter's verdict (the engine's internal `assess_reference`,
no index) and `verdict(at=)` the same; the script exits 1 if one does not.
Targets are printed with PASS or FAIL and never change the exit code.
Inputs are deterministic (a fixed seed); the wall clock is never read for a
date.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from _shared import (
    SEED,
    arguments,
    build,
    median_us,
    percentile,
    platform_line,
    random_queries,
    render,
    settle,
    show_us,
    synthetic,
    time_calls,
    title,
)

import aicontrols
from aicontrols import Access, Regime
from aicontrols._regime import engine_of  # the engine's internal API: the reference
from aicontrols._time import query_instant

NAME = "us-advanced-computing"
NEW_YORK = aicontrols.examples.load(NAME).timezone
MODES = ("weights-transfer", "on-premises", "hosted-api")
LOCATIONS = ("CN", "MO", "MY", "AE", "DE", "IN", "US", "SG", "KH")
ORIGINS = (None, None, None, "CN", "SG")
FIRST = dt.datetime(2022, 10, 1, tzinfo=dt.UTC)
MINUTES = int((dt.datetime(2026, 12, 1, tzinfo=dt.UTC) - FIRST).total_seconds() // 60)
TARGETS = {"decide": 0.1, "verdict": 0.05}
LOAD = "import aicontrols as ac, time; t = time.perf_counter(); {}; " + (
    "print(time.perf_counter() - t)"
)
FIRST_DECISION = (
    "r = ac.examples.load({!r}); "
    "r.decide(ac.Access({!r}, {!r}, 'weights-transfer', location='CN'), "
    "on='2026-01-16')"
)


def questions(regime: Regime, count: int) -> list[tuple[Access, dt.datetime]]:
    """`count` questions on the regime's own catalog, from a fixed seed."""
    rng = random.Random(f"{SEED}-chips")
    items = [i.id for i in regime.items]
    companies = [e.id for e in regime.entities]
    found = []
    for _ in range(count):
        access = Access(
            rng.choice(companies),
            rng.choice(items),
            rng.choice(MODES),
            location=rng.choice(LOCATIONS),
            origin=rng.choice(ORIGINS),
        )
        at = FIRST + dt.timedelta(minutes=rng.randrange(MINUTES))
        found.append((access, at))
    return found


def check(regime: Regime, pool: Sequence[tuple[Access, dt.datetime]]) -> int:
    """The number of questions where decide, verdict and the reference disagree."""
    engine = engine_of(regime)
    state, _ = engine.state(None)
    wrong = 0
    for access, at in pool:
        decided = regime.decide(access, at=at).verdict
        reference = engine.assess_reference(
            engine.resolve(access), state, query_instant(at, "at")
        ).verdict
        if not decided is reference is regime.verdict(access, at=at):
            wrong += 1
            print(f"DISAGREE {access} at {at}: {decided} / {reference}")
    return wrong


def cold(statement: str, runs: int) -> float:
    """The median seconds of `statement` in `runs` fresh interpreters."""
    found = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", LOAD.format(statement)],
            check=True,
            capture_output=True,
            text=True,
        )
        found.append(float(out.stdout.strip()))
    return statistics.median(found)


def cedar_floor() -> Callable[[Any], object] | None:
    """Cedar's `is_authorized` on a permit-everything policy, or `None` if absent.

    The call takes a prepared request, as `bench_cedar.py`'s do."""
    try:
        import cedarpy  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a dev dependency
        return None
    policies = cedarpy.PolicySet.from_str("permit (principal, action, resource);")
    entities = cedarpy.Entities.from_json_str(
        '[{"uid": {"type": "Org", "id": "acme"}, "attrs": {}, "parents": []}]'
    )
    return partial(cedarpy.is_authorized, policies=policies, entities=entities)


CEDAR_REQUEST = {
    "principal": 'Org::"acme"',
    "action": 'Action::"access"',
    "resource": 'Model::"m"',
    "context": {},
}


def main() -> int:
    parser = arguments(__doc__, "a smoke run: fewer questions and samples")
    quick = parser.parse_args().quick
    samples = 2_000 if quick else 20_000
    runs = 3 if quick else 11
    print(title(f"bench_chips ({NAME})", quick))
    print(platform_line(f"cedarpy {'yes' if cedar_floor() else 'absent'}"))

    regime = aicontrols.examples.load(NAME)
    pool = questions(regime, 300 if quick else 2_000)
    wrong = check(regime, pool)
    print(f"Agreement: {len(pool):,} questions, decide = verdict = reference: ", end="")
    print("yes" if not wrong else f"NO ({wrong} differ)")
    if wrong:
        return 1

    item = regime.items[0].id
    company = regime.entities[0].id
    load = cold(FIRST_DECISION.format(NAME, company, item), runs)
    peer = cold(
        "r = ac.examples.load('mythos5'); "
        "r.decide(ac.Access('acme-cloud', 'mythos-5', 'hosted-api'), on='2026-06-27')",
        runs,
    )

    spec = synthetic(10, 40, SEED)
    small = build(spec)
    accesses, instants, _ = random_queries(spec, 2_000, 10, random.Random(SEED))
    small_pool = list(zip(accesses, instants, strict=True))
    cycled = (pool * (samples // len(pool) + 1))[:samples]
    small_cycled = (small_pool * (samples // len(small_pool) + 1))[:samples]
    calls: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "decide": (lambda q: regime.decide(q[0], at=q[1]), cycled),
        "verdict": (lambda q: regime.verdict(q[0], at=q[1]), cycled),
        "decide (synthetic R=10 E=40)": (
            lambda q: small.decide(q[0], at=q[1]),
            small_cycled,
        ),
        "verdict (synthetic R=10 E=40)": (
            lambda q: small.verdict(q[0], at=q[1]),
            small_cycled,
        ),
    }
    floor = cedar_floor()
    if floor is not None:
        calls["cedarpy floor"] = (floor, [dict(CEDAR_REQUEST) for _ in range(samples)])
    for call, inputs in calls.values():  # warm: every index compiled
        for value in inputs[: len(pool)]:
            call(value)
    settle(0.5 if quick else 2.0)
    timed: dict[str, list[int]] = {name: [] for name in calls}
    rounds = 5
    for _ in range(rounds):  # interleaved, so a busy machine slows each alike
        for name, (call, inputs) in calls.items():
            timed[name] += time_calls(call, inputs[: len(inputs) // rounds])

    rows = [
        ["load + first decision (cold)", show_us(load * 1e6), "", "", ""],
        ["mythos5 load + first decision (peer)", show_us(peer * 1e6), "", "", ""],
    ]
    medians = {}
    for name, found in timed.items():
        ordered = sorted(found)
        medians[name] = median_us(found)
        rows.append(
            [
                name,
                show_us(medians[name]),
                show_us(percentile(ordered, 0.99)),
                f"{len(found):,}",
                "",
            ]
        )
    print()
    print(render(["figure", "median", "p99", "n", ""], rows, left=1))
    print()
    print("Targets (reported only)")
    print(f"  load / peer: {load / peer:.2f}x (the EAR groups loaded with it)")
    for name, target in TARGETS.items():
        own = medians[name]
        synthetic_peer = medians[f"{name} (synthetic R=10 E=40)"]
        print(f"  {name} / synthetic R=10 E=40: {own / synthetic_peer:.2f}x")
        if "cedarpy floor" in medians:
            ratio = own / medians["cedarpy floor"]
            verdict = "PASS" if ratio <= target else "FAIL"
            print(
                f"  {verdict}  {name} median / cedarpy floor median: {ratio:.3f}x "
                f"(target <= {target}x, #16 against Cedar's best encoding; #18)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
