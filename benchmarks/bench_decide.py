"""Micro-benchmark of `Regime.decide`: single-decision latency, build and compile costs.

Run from the repository root::

    python benchmarks/bench_decide.py          # full run (about a minute)
    python benchmarks/bench_decide.py --quick  # smoke run (a few seconds)

Every figure is measured with `time.perf_counter_ns` around one call, after a
warm-up; the table gives the median and the 99th percentile (nearest rank).
Inputs are deterministic: a fixed random seed and fixed dates (the wall clock is
never read for a date). See `benchmarks/README.md` for what each figure means.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from _shared import (
    FIRST_QUERY_AT,
    MYTHOS_AT,
    SEED,
    Synthetic,
    arguments,
    build,
    first_queries,
    percentile,
    platform_line,
    random_queries,
    render,
    seconds,
    settle,
    show_us,
    synthetic,
    time_calls,
    title,
)

import aicontrols
from aicontrols import Access, Citizenship, Employment, Entity, EntityKind, Regime
from aicontrols._regime import engine_of
from aicontrols._time import query_instant  # private: the instant the engines use

# ---------------------------------------------------------------- measuring


@dataclass
class Row:
    """One line of the results table."""

    figure: str
    scenario: str
    samples: int
    median_us: float
    p99_us: float
    note: str = ""


def summarise(figure: str, scenario: str, samples_ns: list[int], note: str = "") -> Row:
    """A table row from raw per-call nanosecond samples."""
    ordered = sorted(samples_ns)
    return Row(
        figure,
        scenario,
        len(ordered),
        percentile(ordered, 0.5),
        percentile(ordered, 0.99),
        note,
    )


@dataclass
class Scenario:
    """One timed figure: a call and its inputs, timed in interleaved rounds."""

    figure: str
    name: str
    call: Callable[[Any], object]
    inputs: Sequence[Any]
    warmup: int
    note: str = ""
    samples: list[int] = field(default_factory=list)

    def row(self) -> Row:
        return summarise(self.figure, self.name, self.samples, self.note)


def run_interleaved(scenarios: Sequence[Scenario], rounds: int) -> None:
    """Time every input of every scenario once, round-robin over the scenarios.

    Interleaving spreads slow phases of a shared machine over all scenarios
    alike, so the ratios between them stay fair.
    """
    for scenario in scenarios:
        for value in scenario.inputs[: scenario.warmup]:
            scenario.call(value)
    for round_ in range(rounds):
        for scenario in scenarios:
            chunk = scenario.inputs[round_::rounds]
            scenario.samples += time_calls(scenario.call, chunk)


# ---------------------------------------------------------------- 1a: the example


def bench_mythos(samples: int, warmup: int) -> list[Scenario]:
    """The bundled `mythos5` example: a foreign-national Anthropic employee."""
    regime = aicontrols.examples.load("mythos5")
    priya = Entity(
        "priya",
        kind=EntityKind.INDIVIDUAL,
        citizenships=[Citizenship("IN")],
        employments=[Employment("anthropic")],
    )
    access = Access(priya, "mythos-5", "hosted-api", location="US")
    at = MYTHOS_AT
    decide = regime.decide
    inputs = [access] * samples
    first = decide(access, at=at)
    assert first.verdict is aicontrols.Verdict.PERMITTED, first.explain()
    first.to_dict()  # the regime fingerprint is computed once per regime; not timed

    def bounds(a: Access) -> object:
        decision = decide(a, at=at)
        return decision.valid_from, decision.valid_until

    state = engine_of(regime).state(None)[0]
    resolved = [engine_of(regime).resolve(access)] * samples
    t = query_instant(at, "at")
    fig = "1a mythos5"
    return [
        Scenario(
            fig,
            "decide(at=) .verdict",
            lambda a: decide(a, at=at).verdict,
            inputs,
            warmup,
        ),
        Scenario(fig, "  + valid_from/valid_until", bounds, inputs, warmup),
        Scenario(
            fig, "  + explain()", lambda a: decide(a, at=at).explain(), inputs, warmup
        ),
        Scenario(
            fig, "  + to_dict()", lambda a: decide(a, at=at).to_dict(), inputs, warmup
        ),
        Scenario(
            fig,
            "_assess (index)",
            lambda r: engine_of(regime).assess(r, state, t),
            resolved,
            warmup,
        ),
        Scenario(
            fig,
            "_assess_reference",
            lambda r: engine_of(regime).assess_reference(r, state, t),
            resolved,
            warmup,
        ),
    ]


# ---------------------------------------------------------------- 1b-1d: synthetic


def queries(
    spec: Synthetic, count: int, pool_items: int, seed: int
) -> tuple[list[Access], list[dt.datetime], list[dt.date]]:
    """Random (person, item, mode, instant, date) combinations, fixed by the seed."""
    rng = random.Random(f"{seed}-queries-{spec.rules}-{spec.approved}")
    return random_queries(spec, count, pool_items, rng, dates=True)


def mix(verdicts: Sequence[aicontrols.Verdict]) -> str:
    """The verdict mix as short percentages, e.g. `P 71% L 29%`."""
    counts = Counter(v.value[0].upper() for v in verdicts)
    return " ".join(
        f"{k} {100 * n / len(verdicts):.0f}%" for k, n in sorted(counts.items())
    )


@dataclass
class Prepared:
    """A synthetic regime, built and compiled, with its queries (figures 1b-1d)."""

    name: str
    spec: Synthetic
    regime: Regime
    at_inputs: list[tuple[Access, dt.datetime]]
    on_inputs: list[tuple[Access, dt.date]]
    build: Row
    first: Row


def prepare(
    rules: int, approved: int, *, samples: int, pool_items: int, builds: int
) -> Prepared:
    """Build the regime (timed, 1c), then time the first query per (item, mode)."""
    spec = synthetic(rules, approved, SEED)
    name = f"R={rules} E={approved}"
    build_ns: list[int] = []
    regime = build(spec)
    for _ in range(builds):
        gc.collect()
        start = time.perf_counter_ns()
        regime = build(spec)
        build_ns.append(time.perf_counter_ns() - start)
    accesses, instants, days = queries(spec, samples, pool_items, SEED)
    # The first query of all also builds the rule histories; after it, the first
    # query per (item, mode) compiles that pair's index.
    probe = Access(spec.persons[0], accesses[0].item, accesses[0].mode)
    first_s, _ = seconds(lambda: regime.decide(probe, at=FIRST_QUERY_AT))
    firsts = first_queries(spec, accesses)
    first_ns = time_calls(lambda a: regime.decide(a, at=FIRST_QUERY_AT), firsts)
    return Prepared(
        name,
        spec,
        regime,
        list(zip(accesses, instants, strict=True)),
        list(zip(accesses, days, strict=True)),
        summarise(
            "1c build", f"Regime(...) {name}", build_ns, "excl. Entity/Notice objects"
        ),
        summarise(
            "1c build",
            f"first query per (item, mode) {name}",
            first_ns,
            f"{len(firsts):,} pairs, {show_us(sum(first_ns) / 1_000)} in all; "
            f"very first query {first_s * 1e3:.1f} ms",
        ),
    )


def decide_scenarios(
    label: str,
    prepared: Prepared,
    warmup: int,
    at_inputs: list[tuple[Access, dt.datetime]] | None = None,
) -> tuple[Scenario, Scenario]:
    """The `decide(at=)` and `decide(on=)` scenarios of one regime (figure 1b)."""
    decide = prepared.regime.decide
    at_q = prepared.at_inputs if at_inputs is None else at_inputs
    on_q = prepared.on_inputs
    for access, _ in at_q:  # compile every index these queries use
        decide(access, at=FIRST_QUERY_AT)
    at_mix = mix([decide(a, at=t).verdict for a, t in at_q])
    on_mix = mix([decide(a, on=d).verdict for a, d in on_q])
    return (
        Scenario(
            "1b synthetic",
            f"decide(at=) {prepared.name}{label}",
            lambda q: decide(q[0], at=q[1]).verdict,
            at_q,
            warmup,
            at_mix,
        ),
        Scenario(
            "1b synthetic",
            f"decide(on=) {prepared.name}{label}",
            lambda q: decide(q[0], on=q[1]).verdict,
            on_q,
            warmup,
            on_mix,
        ),
    )


def engine_scenarios(
    prepared: Prepared, count: int, warmup: int
) -> tuple[Scenario, Scenario]:
    """The index and the reference interpreter on the same arguments (figure 1d)."""
    regime = prepared.regime
    state = engine_of(regime).state(None)[0]
    args = [
        (engine_of(regime).resolve(a), query_instant(t, "at"))
        for a, t in prepared.at_inputs[:count]
    ]
    agree = sum(
        engine_of(regime).assess(r, state, t).verdict
        is engine_of(regime).assess_reference(r, state, t).verdict
        for r, t in args
    )
    return (
        Scenario(
            "1d engines",
            f"_assess (index) {prepared.name}",
            lambda q: engine_of(regime).assess(q[0], state, q[1]),
            args,
            warmup,
        ),
        Scenario(
            "1d engines",
            f"_assess_reference {prepared.name}",
            lambda q: engine_of(regime).assess_reference(q[0], state, q[1]),
            args,
            min(warmup, 20),
            f"verdicts agree {agree}/{len(args)}",
        ),
    )


# ---------------------------------------------------------------- report


def table(rows: Sequence[Row]) -> str:
    """The rows as a fixed-width table."""
    head = ("figure", "scenario", "n", "median", "p99", "note")
    cells = [
        (
            r.figure,
            r.scenario,
            f"{r.samples:,}",
            show_us(r.median_us),
            show_us(r.p99_us),
            r.note,
        )
        for r in rows
    ]
    return render(head, cells, 2, pad_last=False)


def ratio(a: Row, b: Row) -> str:
    """The ratio of two medians, as `1.23x`."""
    return f"{a.median_us / b.median_us:.2f}x"


def main(argv: Sequence[str] | None = None) -> int:
    quick = arguments(__doc__, "a smoke run of a few seconds").parse_args(argv).quick
    samples = 2_000 if quick else 20_000
    warmup = 200 if quick else 2_000
    sizes: dict[str, Any] = {
        "samples": samples,
        "pool_items": 150 if quick else 1_000,
        "builds": 1 if quick else 5,
    }
    reference = 200 if quick else 1_000
    began = time.perf_counter_ns()
    settle(0.5 if quick else 2.0)
    timer = summarise("timer", "empty call", time_calls(lambda x: x, [None] * samples))

    mythos = bench_mythos(samples, warmup)
    rounds = 2 if quick else 5
    run_interleaved(mythos, rounds)

    big = prepare(1_000, 4_000, **sizes)
    few_orgs = prepare(1_000, 40, **sizes)
    few_rules = prepare(10, 4_000, **sizes)
    # Control: the R=1000 regime queried on 10 items only, so that its working
    # set (indexes touched) matches R=10 and only R differs.
    accesses, instants, _ = queries(big.spec, samples, 10, SEED + 1)
    narrow = list(zip(accesses, instants, strict=True))
    big_at, big_on = decide_scenarios("", big, warmup)
    orgs_at, orgs_on = decide_scenarios("", few_orgs, warmup)
    rules_at, rules_on = decide_scenarios("", few_rules, warmup)
    narrow_at, _ = decide_scenarios(", 10 items queried", big, warmup, narrow)
    big_index, big_ref = engine_scenarios(big, reference, warmup)
    rules_index, rules_ref = engine_scenarios(few_rules, reference, warmup)
    timed = [
        big_at,
        orgs_at,
        rules_at,
        narrow_at,
        big_on,
        orgs_on,
        rules_on,
        big_index,
        big_ref,
        rules_index,
        rules_ref,
    ]
    run_interleaved(timed, rounds)
    at_big, at_orgs, at_rules, at_narrow, on_big, on_orgs, on_rules = (
        s.row() for s in timed[:7]
    )
    i_big, r_big, i_rules, r_rules = (s.row() for s in timed[7:])

    rows = [
        *(s.row() for s in mythos),
        *(s.row() for s in timed[:7]),
        *(p.build for p in (big, few_orgs, few_rules)),
        *(p.first for p in (big, few_orgs, few_rules)),
        i_big,
        r_big,
        i_rules,
        r_rules,
        timer,
    ]
    print(title("decide benchmark", quick))
    print()
    print(table(rows))
    print()
    verdict, bounds, explain, to_dict, m_index, m_ref = (s.row() for s in mythos)
    print("Summary")
    print(
        f"1a mythos5: decide(at=) median {show_us(verdict.median_us)} "
        f"(p99 {show_us(verdict.p99_us)}); reading valid_from/valid_until adds "
        f"{show_us(bounds.median_us - verdict.median_us)}, explain() "
        f"{show_us(explain.median_us - verdict.median_us)}, to_dict() "
        f"{show_us(to_dict.median_us - verdict.median_us)} (medians)"
    )
    print(
        f"1b scaling: decide(at=) median R=1000 / R=10 = {ratio(at_big, at_rules)} "
        f"({ratio(at_narrow, at_rules)} with 10 items queried), "
        f"E=4000 / E=40 = {ratio(at_big, at_orgs)}; decide(on=) "
        f"{ratio(on_big, on_rules)} and {ratio(on_big, on_orgs)} (target: about 1x)"
    )
    print(
        f"1c build: Regime(...) R=1000 E=4000 {show_us(big.build.median_us)}; "
        f"first query per (item, mode) median {show_us(big.first.median_us)} at "
        f"R=1000 vs {show_us(few_rules.first.median_us)} at R=10 "
        f"({ratio(big.first, few_rules.first)}; each compiles one (item, mode) index)"
    )
    agree = [s.note.split()[-1] for s in (big_ref, rules_ref)]
    print(
        f"1d engines: the index is faster than the reference by "
        f"{ratio(r_big, i_big)} at R=1000, {ratio(r_rules, i_rules)} at R=10, "
        f"{ratio(m_ref, m_index)} on mythos5; verdicts agree {', '.join(agree)}"
    )
    print(
        f"timer: an empty call between two perf_counter_ns reads costs "
        f"{show_us(timer.median_us)} (median), included in every figure"
    )
    print()
    total = (time.perf_counter_ns() - began) / 1e9
    print(f"{platform_line()}; run took {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
