"""Growth curves: build time, memory and query time against regime and log size.

Run from the repository root::

    python benchmarks/bench_growth.py          # R up to 100,000, N up to 10^7
    python benchmarks/bench_growth.py --quick  # R up to 10,000, N up to 10^6

Part 1 builds synthetic regimes of R = 100 ... 100,000 restrictions (each on its
own model, one exemption for employees of 40 approved organisations, as in
`bench_decide.py`) and prints, for each R, the time to build the `Regime`, the
memory it retains (tracemalloc), the first queries (which compile the indexes
of 100 items) and the steady `decide(at=)` and `verdict(at=)` latency. Part 2
audits access logs of N = 10^5 ... 10^7 rows under the bundled `mythos5`
regime (the population of `bench_columnar.py`, dictionary-encoded) and prints
the cold and warm seconds, rows per second, and the Arrow and process memory.
Each curve is followed by the ratio of every step to the previous one.

Inputs are deterministic (fixed seeds and dates); durations come only from
`time.perf_counter` and `time.perf_counter_ns`; the wall clock is never read for
a date.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import itertools
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from _shared import (
    FIRST_QUERY_AT,
    PERSONS,
    SEED,
    Synthetic,
    access_log,
    arguments,
    build,
    first_queries,
    fresh,
    median_us,
    percentile,
    platform_line,
    random_queries,
    render,
    seconds,
    settle,
    show_s,
    synthetic,
    time_calls,
    title,
)

import aicontrols
from aicontrols import Access, Regime

RULE_COUNTS = (100, 1_000, 10_000, 100_000)
APPROVED = 40
POOL_ITEMS = 100  # the items queried (and so compiled) at every R
ROW_COUNTS = (100_000, 1_000_000, 10_000_000)
Query = tuple[Access, dt.datetime]

# Part 1's synthetic regime is bench_decide.py's, and Part 2's log is
# bench_columnar.py's: both come from _shared.py.


def queries(spec: Synthetic, count: int, seed: int) -> list[Query]:
    """Random (person, item, mode, instant) on `POOL_ITEMS` items, fixed by the seed."""
    rng = random.Random(f"{seed}-queries-{spec.rules}")
    accesses, instants, _ = random_queries(spec, count, POOL_ITEMS, rng)
    return list(zip(accesses, instants, strict=True))


# ---------------------------------------------------------------- measuring


def without_gc(call: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    """The duration of one call with the cyclic garbage collector disabled."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        call(*args, **kwargs)
        return time.perf_counter() - start
    finally:
        gc.enable()


def traced() -> int:
    """The bytes tracemalloc sees allocated now, after a garbage collection."""
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def rss_bytes() -> tuple[int | None, int]:
    """The process's resident set now (Linux only, else None) and its peak so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak *= 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    statm = Path("/proc/self/statm")
    if not statm.exists():
        return None, peak
    pages = int(statm.read_text().split()[1])
    return pages * resource.getpagesize(), peak


# ---------------------------------------------------------------- part 1


@dataclass
class RuleStep:
    """The figures of one regime size."""

    rules: int
    inputs_s: float
    builds_s: list[float]
    very_first_s: float
    very_first_nogc_s: float
    first_ns: list[int]
    pairs: int
    regime: Regime
    asked: list[tuple[Access, dt.datetime]]
    decide_ns: list[int] = field(default_factory=list)
    verdict_ns: list[int] = field(default_factory=list)
    mem_inputs: int = 0
    mem_regime: int = 0
    mem_compiled: int = 0
    mem_shapes: int = 0

    @property
    def build_s(self) -> float:
        return statistics.median(self.builds_s)

    @property
    def first_total_s(self) -> float:
        return sum(self.first_ns) / 1e9

    def median_us(self, samples: list[int]) -> float:
        return median_us(samples)

    def p99_us(self, samples: list[int]) -> float:
        return percentile(sorted(samples), 0.99)


def rule_step(rules: int, *, builds: int, samples: int) -> RuleStep:
    """Time building a synthetic regime of `rules` restrictions and its first queries.

    The step keeps the regime and its queries, for the steady latency figures
    (timed later, interleaved with the other steps).
    """
    inputs_s, spec = seconds(lambda: synthetic(rules, APPROVED, SEED))
    asked = queries(spec, samples, SEED)
    probe = Access(spec.persons[0], asked[0][0].item, asked[0][0].mode)
    # The very first query also builds every rule's history; the same again
    # with the cyclic garbage collector off, on another build, to tell apart
    # the collector's passes over a large heap.
    very_first_nogc_s = without_gc(build(spec).decide, probe, at=FIRST_QUERY_AT)
    builds_s: list[float] = []
    regime = None
    for _ in range(builds):
        regime = None  # let the previous one go before timing the next
        elapsed, regime = seconds(lambda: build(spec))
        builds_s.append(elapsed)
    assert regime is not None
    very_first_s, _ = seconds(lambda: regime.decide(probe, at=FIRST_QUERY_AT))
    # After it, the first query per (item, mode) compiles that pair's index.
    firsts = first_queries(spec, (a for a, _ in asked))
    first_ns = time_calls(lambda a: regime.decide(a, at=FIRST_QUERY_AT), firsts)
    for access, at in asked:  # every shape these queries use, untimed
        regime.verdict(access, at=at)
    return RuleStep(
        rules,
        inputs_s,
        builds_s,
        very_first_s,
        very_first_nogc_s,
        first_ns,
        len(firsts),
        regime,
        asked,
    )


def decide_verdict(regime: Regime) -> Callable[[Query], object]:
    """`decide(access, at=...).verdict` of one query."""
    decide = regime.decide
    return lambda q: decide(q[0], at=q[1]).verdict


def verdict_only(regime: Regime) -> Callable[[Query], object]:
    """`verdict(access, at=...)` of one query."""
    verdict = regime.verdict
    return lambda q: verdict(q[0], at=q[1])


def time_latency(steps: Sequence[RuleStep], rounds: int, warmup: int) -> None:
    """Steady `decide(at=)` and `verdict(at=)` latency of every step, interleaved.

    Round-robin over the steps and the two calls, so a slow patch of a shared
    machine hits every R alike.
    """
    for step in steps:
        for access, at in step.asked[:warmup]:
            step.regime.decide(access, at=at)
    for round_ in range(rounds):
        for step in steps:
            chunk = step.asked[round_::rounds]
            step.decide_ns += time_calls(decide_verdict(step.regime), chunk)
            step.verdict_ns += time_calls(verdict_only(step.regime), chunk)


def rule_memory(step: RuleStep, samples: int) -> None:
    """Fill in the step's memory figures, from a separate pass under tracemalloc.

    inputs: the Entity/Notice/ControlledItem objects; regime: what `Regime(...)`
    retains beyond them; compiled: what the first queries on the pool's items
    add (rule histories and indexes); shapes: what the sampled queries add
    (their cached per-access shapes).
    """
    gc.collect()
    tracemalloc.start()
    try:
        base = traced()
        spec = synthetic(step.rules, APPROVED, SEED)
        after_inputs = traced()
        regime = build(spec)
        after_regime = traced()
        asked = queries(spec, samples, SEED)
        after_queries = traced()  # the query inputs are not the regime's
        for access in first_queries(spec, (a for a, _ in asked)):
            regime.decide(access, at=FIRST_QUERY_AT)
        after_compiled = traced()
        for access, at in asked:
            regime.verdict(access, at=at)
        after_shapes = traced()
    finally:
        tracemalloc.stop()
    step.mem_inputs = after_inputs - base
    step.mem_regime = after_regime - after_inputs
    step.mem_compiled = after_compiled - after_queries
    step.mem_shapes = after_shapes - after_compiled


# ---------------------------------------------------------------- part 2


@dataclass
class RowStep:
    """The figures of one log size."""

    rows: int
    generate_s: float
    log_bytes: int
    shapes: int
    cold_s: list[float]
    warm_s: list[float]
    arrow_now: int
    arrow_peak: int
    rss_before: int | None
    rss_now: int | None
    rss_peak: int

    @property
    def cold(self) -> float:
        return statistics.median(self.cold_s)

    @property
    def warm(self) -> float:
        return statistics.median(self.warm_s)


def row_step(rows: int, repeats: int) -> RowStep:
    """Audit a log of `rows` rows: each repeat cold (a fresh regime), then warm."""
    rss_before, _ = rss_bytes()
    generate_s, log = seconds(lambda: access_log(rows, PERSONS, SEED))
    cold: list[float] = []
    warm: list[float] = []
    result = None
    for _ in range(repeats):
        regime = fresh()
        result = None  # free the previous result before the next audit
        elapsed, result = seconds(functools.partial(aicontrols.audit, regime, log))
        cold.append(elapsed)
        result = None
        elapsed, result = seconds(functools.partial(aicontrols.audit, regime, log))
        warm.append(elapsed)
    assert result is not None
    keys = [c for c in log.column_names if c != "at"]
    shapes = log.select(keys).group_by(keys).aggregate([]).num_rows
    arrow_now = pa.total_allocated_bytes()  # the log and the last result
    rss_now, rss_peak = rss_bytes()
    return RowStep(
        rows,
        generate_s,
        log.nbytes,
        shapes,
        cold,
        warm,
        arrow_now,
        pa.default_memory_pool().max_memory() or 0,
        rss_before,
        rss_now,
        rss_peak,
    )


# ---------------------------------------------------------------- report


def show_us(value: float) -> str:
    """Microseconds, shown as `show_s` shows seconds (`12.3 µs`)."""
    return show_s(value / 1e6)


def show_bytes(value: float | None) -> str:
    if value is None:
        return "n/a"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if abs(value) >= size:
            return f"{value / size:,.1f} {unit}"
    return f"{value:,.0f} B"


def times(a: float, b: float) -> str:
    """The ratio `a / b` as `x1.23`."""
    return f"x{a / b:,.2f}" if b else "n/a"


def rule_report(steps: Sequence[RuleStep], samples: int) -> None:
    print(
        f"Part 1: synthetic regimes of R restrictions (E={APPROVED} approved orgs, "
        f"queries on {POOL_ITEMS} items)"
    )
    head: tuple[str, ...] = (
        "R",
        "inputs",
        "Regime(...)",
        "builds",
        "mem inputs",
        "mem regime",
        "+compiled",
        "+shapes",
        "very first",
        "gc off",
        "pairs",
        "first/pair med",
        "mean",
        "max",
    )
    cells: list[tuple[str, ...]] = [
        (
            f"{s.rules:,}",
            show_s(s.inputs_s),
            show_s(s.build_s),
            f"{len(s.builds_s)}",
            show_bytes(s.mem_inputs),
            show_bytes(s.mem_regime),
            show_bytes(s.mem_compiled),
            show_bytes(s.mem_shapes),
            show_s(s.very_first_s),
            show_s(s.very_first_nogc_s),
            f"{s.pairs:,}",
            show_us(s.median_us(s.first_ns)),
            show_s(s.first_total_s / s.pairs),
            show_us(max(s.first_ns) / 1e3),
        )
        for s in steps
    ]
    print(render(head, cells))
    print(
        "(inputs: making the Entity/Notice objects; Regime(...): median build; "
        "mem: tracemalloc, retained after gc; +compiled: after the first query per "
        f"(item, mode) of the {POOL_ITEMS} items; +shapes: after {samples:,} "
        "queries; very first: the first query, which builds every rule's history "
        "(gc off: the same with the cyclic garbage collector disabled); first/pair: "
        "the first query per (item, mode), which compiles its index: median, mean "
        "and max over the pairs the queries use)"
    )
    print()
    head = (
        "R",
        "n",
        "decide median",
        "decide p99",
        "verdict median",
        "verdict p99",
        "est. compile all 7R pairs",
    )
    cells = [
        (
            f"{s.rules:,}",
            f"{len(s.decide_ns):,}",
            show_us(s.median_us(s.decide_ns)),
            show_us(s.p99_us(s.decide_ns)),
            show_us(s.median_us(s.verdict_ns)),
            show_us(s.p99_us(s.verdict_ns)),
            show_s(7 * s.rules * s.first_total_s / s.pairs),
        )
        for s in steps
    ]
    print(render(head, cells))
    print()
    print("Ratios, each step to the previous")
    for a, b in itertools.pairwise(steps):
        print(
            f"  x{b.rules // a.rules} R ({a.rules:,} -> {b.rules:,}): inputs "
            f"{times(b.inputs_s, a.inputs_s)}, build {times(b.build_s, a.build_s)}, "
            f"mem regime {times(b.mem_regime, a.mem_regime)}, +compiled "
            f"{times(b.mem_compiled, a.mem_compiled)}, very first "
            f"{times(b.very_first_s, a.very_first_s)} "
            f"({times(b.very_first_nogc_s, a.very_first_nogc_s)} gc off), "
            f"first/pair mean {times(b.first_total_s, a.first_total_s)}, decide "
            f"{times(b.median_us(b.decide_ns), a.median_us(a.decide_ns))}, verdict "
            f"{times(b.median_us(b.verdict_ns), a.median_us(a.verdict_ns))}"
        )
    print()


def row_report(steps: Sequence[RowStep]) -> None:
    print(
        f"Part 2: audit of N rows under mythos5 ({PERSONS:,} individuals, "
        "dictionary-encoded columns)"
    )
    head = (
        "N",
        "generate",
        "log",
        "shapes",
        "n",
        "cold",
        "warm",
        "cold rows/s",
        "warm rows/s",
        "Arrow pool",
        "pool peak",
        "RSS before",
        "RSS after",
        "RSS peak",
    )
    cells: list[tuple[str, ...]] = [
        (
            f"{s.rows:,}",
            show_s(s.generate_s),
            show_bytes(s.log_bytes),
            f"{s.shapes:,}",
            f"{len(s.cold_s)}",
            show_s(s.cold),
            show_s(s.warm),
            f"{s.rows / s.cold:,.0f}",
            f"{s.rows / s.warm:,.0f}",
            show_bytes(s.arrow_now),
            show_bytes(s.arrow_peak),
            show_bytes(s.rss_before),
            show_bytes(s.rss_now),
            show_bytes(s.rss_peak),
        )
        for s in steps
    ]
    print(render(head, cells))
    print(
        "(cold: a freshly loaded regime; warm: the same regime again; medians. "
        "log: the table's nbytes (numpy-backed, so outside the Arrow pool). "
        "Arrow pool: pyarrow.total_allocated_bytes() with the log and the last "
        "result alive; pool peak: its high-water mark; RSS before generating the "
        "log and after the audits; RSS peak: getrusage; peaks are since the "
        "process started)"
    )
    print()
    print("Ratios, each step to the previous")
    for a, b in itertools.pairwise(steps):
        print(
            f"  x{b.rows // a.rows} rows ({a.rows:,} -> {b.rows:,}): cold "
            f"{times(b.cold, a.cold)}, warm {times(b.warm, a.warm)}, "
            f"Arrow peak {times(b.arrow_peak, a.arrow_peak)}, "
            f"RSS peak {times(b.rss_peak, a.rss_peak)}"
        )
    print()


def main(argv: Sequence[str] | None = None) -> int:
    quick = arguments(__doc__, "R up to 10,000 and N up to 10^6").parse_args(argv).quick
    began = time.perf_counter()
    rule_counts = [r for r in RULE_COUNTS if not quick or r <= 10_000]
    row_counts = [n for n in ROW_COUNTS if not quick or n <= 1_000_000]
    samples = 2_000 if quick else 20_000
    print(title("growth benchmark", quick))
    print()

    settle(0.5 if quick else 2.0)
    # Part 2 runs first, so that its RSS figures are not Part 1's leftovers.
    row_steps: list[RowStep] = []
    for rows in row_counts:
        repeats = {100_000: 5, 1_000_000: 3}.get(rows, 1)
        row_steps.append(row_step(rows, 2 if quick and repeats > 1 else repeats))
        gc.collect()

    rule_steps: list[RuleStep] = []
    for rules in rule_counts:
        builds = 1 if quick or rules >= 100_000 else 3
        rule_steps.append(rule_step(rules, builds=builds, samples=samples))
    time_latency(rule_steps, 2 if quick else 5, 200 if quick else 2_000)
    for step in rule_steps:
        step.regime = step.asked = None  # type: ignore[assignment]
    gc.collect()
    for step in rule_steps:
        rule_memory(step, samples)

    rule_report(rule_steps, samples)
    row_report(row_steps)

    total = time.perf_counter() - began
    versions = platform_line(f"numpy {np.__version__}", f"pyarrow {pa.__version__}")
    print(f"{versions}; run took {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
