"""Micro-benchmark of `Regime.decide`: single-decision latency, build and compile costs.

Run from the repository root::

    python benchmarks/bench_decide.py          # full run (about a minute)
    python benchmarks/bench_decide.py --quick  # smoke run (a few seconds)

Every figure is measured with `time.perf_counter_ns` around one call, after a
warm-up; the table gives the median and the 99th percentile in microseconds.
Inputs are deterministic: a fixed random seed and fixed dates (the wall clock is
never read for a date). See `benchmarks/README.md` for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import platform
import random
import sys
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aicontrols
from aicontrols import (
    Access,
    Citizenship,
    ControlledItem,
    DeploymentMode,
    EmployedBy,
    Employment,
    Entity,
    EntityKind,
    Exemption,
    ForeignPerson,
    ItemIs,
    ModeIs,
    Notice,
    Regime,
    Residency,
    Restriction,
)
from aicontrols._time import query_instant  # private: the instant the engines use

SEED = 20260627
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MYTHOS_AT = dt.datetime(2026, 6, 27, 12, tzinfo=NEW_YORK)

# Synthetic regime: restrictions take effect over 2024-01-01 .. 2026-06-30, the
# exemption on 2026-09-01; queries fall anywhere in 2024-01-01 .. 2027-12-31.
RULES_FROM = dt.date(2024, 1, 1)
RULES_DAYS = (dt.date(2026, 6, 30) - RULES_FROM).days
EXEMPTION_ON = dt.date(2026, 9, 1)
QUERY_FROM = dt.datetime(2024, 1, 1, tzinfo=NEW_YORK)
QUERY_MINUTES = int((dt.date(2028, 1, 1) - dt.date(2024, 1, 1)).days * 24 * 60)
FIRST_QUERY_AT = dt.datetime(2026, 10, 1, 9, 30, tzinfo=NEW_YORK)

MODES = tuple(DeploymentMode.STANDARD)  # the seven standard kebab-case names
FOREIGN_COUNTRIES = ("IN", "CN", "DE", "GB", "FR", "JP", "BR", "CA", "KR", "NG")
ORG_COUNTRIES = ("US", "US", "US", "GB", "DE", "IN", "JP", "CA")
UNAPPROVED_ORGS = 1_000
PERSONS = 1_000


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


def percentile(sorted_ns: Sequence[int], fraction: float) -> float:
    """The nearest-rank percentile of sorted nanosecond samples, in microseconds."""
    rank = max(1, math.ceil(fraction * len(sorted_ns)))
    return sorted_ns[rank - 1] / 1_000


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


def time_calls(call: Callable[[Any], object], inputs: Sequence[Any]) -> list[int]:
    """Nanoseconds of `call(x)` for each input, one perf_counter_ns pair per call."""
    clock = time.perf_counter_ns
    samples: list[int] = []
    append = samples.append
    gc.collect()
    for value in inputs:
        start = clock()
        call(value)
        append(clock() - start)
    return samples


def bench(
    figure: str,
    scenario: str,
    call: Callable[[Any], object],
    inputs: Sequence[Any],
    warmup: int,
    note: str = "",
) -> Row:
    """Warm up on the first `warmup` inputs (untimed), then time every input."""
    for value in inputs[:warmup]:
        call(value)
    return summarise(figure, scenario, time_calls(call, inputs), note)


def elapsed_ms(call: Callable[[], object]) -> tuple[float, Any]:
    """Milliseconds of one call, and its result."""
    gc.collect()
    start = time.perf_counter_ns()
    result = call()
    return (time.perf_counter_ns() - start) / 1e6, result


# ---------------------------------------------------------------- 1a: the example


def bench_mythos(samples: int, warmup: int) -> list[Row]:
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

    state = regime._state(None)[0]
    resolved = regime._resolve(access)
    t = query_instant(at, "at")
    fig = "1a mythos5"
    rows = [
        bench(
            fig,
            "decide(at=) .verdict",
            lambda a: decide(a, at=at).verdict,
            inputs,
            warmup,
        ),
        bench(fig, "  + valid_from/valid_until", bounds, inputs, warmup),
        bench(
            fig, "  + explain()", lambda a: decide(a, at=at).explain(), inputs, warmup
        ),
        bench(
            fig, "  + to_dict()", lambda a: decide(a, at=at).to_dict(), inputs, warmup
        ),
        bench(
            fig,
            "_assess (index)",
            lambda r: regime._assess(r, state, t),
            [resolved] * samples,
            warmup,
        ),
        bench(
            fig,
            "_assess_reference",
            lambda r: regime._assess_reference(r, state, t),
            [resolved] * samples,
            warmup,
        ),
    ]
    return rows


# ---------------------------------------------------------------- 1b-1d: synthetic


@dataclass
class Synthetic:
    """A synthetic regime's inputs (built untimed) and the queries to ask it."""

    rules: int
    approved: int
    kwargs: dict[str, Any]
    persons: list[Entity]
    modes_of: dict[str, tuple[str, ...]]


def synthetic(rules: int, approved: int, seed: int) -> Synthetic:
    """R restrictions on R items, each by its own notice; one exemption for E orgs."""
    rng = random.Random(f"{seed}-{rules}-{approved}")
    approved_ids = [f"approved-{k}" for k in range(approved)]
    other_ids = [f"other-{k}" for k in range(UNAPPROVED_ORGS)]
    orgs = [
        Entity(org, kind=EntityKind.COMPANY, country=rng.choice(ORG_COUNTRIES))
        for org in (*approved_ids, *other_ids)
    ]
    items = [ControlledItem(f"model-{i}", name=f"Model {i}") for i in range(rules)]
    notices: list[Notice] = []
    modes_of: dict[str, tuple[str, ...]] = {}
    for i in range(rules):
        modes = tuple(sorted(rng.sample(MODES, rng.randint(2, 4))))
        modes_of[f"model-{i}"] = modes
        day = RULES_FROM + dt.timedelta(days=(i * RULES_DAYS) // max(1, rules - 1))
        notices.append(
            Notice(
                f"notice-{i}",
                title=f"Rule on model {i}",
                published=day,
                effective=day,
                adds=[
                    Restriction(
                        f"r{i}",
                        items=ItemIs(f"model-{i}"),
                        modes=ModeIs(modes),
                        recipients=ForeignPerson(),
                    )
                ],
            )
        )
    notices.append(
        Notice(
            "exemption-notice",
            title="Approved organisations",
            published=EXEMPTION_ON,
            effective=EXEMPTION_ON,
            adds=[
                Exemption(
                    "approved-orgs",
                    lifts=[f"r{i}" for i in range(rules)],
                    recipients=EmployedBy(approved_ids),
                )
            ],
        )
    )
    persons: list[Entity] = []
    for k in range(PERSONS):
        roll = rng.random()
        foreign = rng.choice(FOREIGN_COUNTRIES)
        residencies: list[Residency] = []
        if roll < 0.25:
            citizenships = [Citizenship("US")]
        elif roll < 0.35:
            citizenships = [Citizenship("US"), Citizenship(foreign)]
        elif roll < 0.40:
            citizenships = [Citizenship(foreign)]
            residencies = [Residency("US", start=dt.date(2025, 3, 1))]
        else:
            citizenships = [Citizenship(foreign)]
        employer = rng.choice(approved_ids if rng.random() < 0.5 else other_ids)
        start = dt.date(2026, 11, 1) if rng.random() < 0.2 else None
        persons.append(
            Entity(
                f"person-{k}",
                kind=EntityKind.INDIVIDUAL,
                citizenships=citizenships,
                residencies=residencies,
                employments=[Employment(employer, start=start)],
            )
        )
    kwargs: dict[str, Any] = {
        "jurisdiction": "US",
        "timezone": "America/New_York",
        "entities": orgs,
        "items": items,
        "notices": notices,
    }
    return Synthetic(rules, approved, kwargs, persons, modes_of)


def build(spec: Synthetic) -> Regime:
    """Construct the regime from the prepared inputs (what build time measures)."""
    return Regime(f"synthetic-r{spec.rules}-e{spec.approved}", **spec.kwargs)


def queries(
    spec: Synthetic, count: int, pool_items: int, seed: int
) -> tuple[list[Access], list[dt.datetime], list[dt.date]]:
    """Random (person, item, mode, instant, date) combinations, fixed by the seed."""
    rng = random.Random(f"{seed}-queries-{spec.rules}-{spec.approved}")
    pool = sorted(spec.modes_of)
    pool = rng.sample(pool, min(pool_items, len(pool)))
    accesses: list[Access] = []
    instants: list[dt.datetime] = []
    days: list[dt.date] = []
    for _ in range(count):
        item = rng.choice(pool)
        # mostly a restricted mode, so the restriction's scope is really tried
        if rng.random() < 0.8:
            mode = rng.choice(spec.modes_of[item])
        else:
            mode = rng.choice(MODES)
        person = rng.choice(spec.persons)
        accesses.append(Access(person, item, mode, location="US"))
        instants.append(QUERY_FROM + dt.timedelta(minutes=rng.randrange(QUERY_MINUTES)))
        days.append(QUERY_FROM.date() + dt.timedelta(days=rng.randrange(4 * 365)))
    return accesses, instants, days


def mix(verdicts: Sequence[aicontrols.Verdict]) -> str:
    """The verdict mix as short percentages, e.g. `P 71% L 29%`."""
    counts = Counter(v.value[0].upper() for v in verdicts)
    return " ".join(
        f"{k} {100 * n / len(verdicts):.0f}%" for k, n in sorted(counts.items())
    )


@dataclass
class Result:
    """Rows of one synthetic configuration, and the figures the summary needs."""

    rows: list[Row]
    at: Row
    on: Row
    first: Row
    build: Row
    index: Row | None = None
    reference: Row | None = None
    agree: tuple[int, int] = (0, 0)


def bench_synthetic(
    rules: int,
    approved: int,
    *,
    samples: int,
    warmup: int,
    pool_items: int,
    builds: int,
    reference: int,
) -> Result:
    """Figures 1b (latency), 1c (build, first query) and 1d (index vs reference)."""
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

    # 1c: the first query of all also builds the rule histories; then the first
    # query per (item, mode) compiles that pair's index.
    probe = Access(spec.persons[0], accesses[0].item, accesses[0].mode)
    first_ms, _ = elapsed_ms(lambda: regime.decide(probe, at=FIRST_QUERY_AT))
    pairs = list(dict.fromkeys((a.item_id, a.mode_name) for a in accesses))
    person = spec.persons[0]
    first_inputs = [Access(person, item, mode) for item, mode in pairs]
    first_ns = time_calls(lambda a: regime.decide(a, at=FIRST_QUERY_AT), first_inputs)
    build_row = summarise(
        "1c build", f"Regime(...) {name}", build_ns, "excl. Entity/Notice objects"
    )
    first_row = summarise(
        "1c build",
        f"first query per (item, mode) {name}",
        first_ns,
        f"{len(pairs)} pairs; very first query {first_ms:.1f} ms",
    )

    # 1b: steady state, every index compiled
    decide = regime.decide
    at_inputs = list(zip(accesses, instants, strict=True))
    on_inputs = list(zip(accesses, days, strict=True))
    at_mix = mix([decide(a, at=t).verdict for a, t in at_inputs])
    on_mix = mix([decide(a, on=d).verdict for a, d in on_inputs])
    at_row = bench(
        "1b synthetic",
        f"decide(at=) {name}",
        lambda q: decide(q[0], at=q[1]).verdict,
        at_inputs,
        warmup,
        at_mix,
    )
    on_row = bench(
        "1b synthetic",
        f"decide(on=) {name}",
        lambda q: decide(q[0], on=q[1]).verdict,
        on_inputs,
        warmup,
        on_mix,
    )
    result = Result(
        [at_row, on_row, build_row, first_row], at_row, on_row, first_row, build_row
    )

    # 1d: the compiled index against the reference interpreter, same arguments
    if reference:
        state = regime._state(None)[0]
        args = [
            (regime._resolve(a), query_instant(t, "at"))
            for a, t in at_inputs[:reference]
        ]
        agree = sum(
            regime._assess(r, state, t).verdict
            is regime._assess_reference(r, state, t).verdict
            for r, t in args
        )
        result.agree = (agree, len(args))
        result.index = bench(
            "1d engines",
            f"_assess (index) {name}",
            lambda q: regime._assess(q[0], state, q[1]),
            args,
            min(warmup, len(args)),
        )
        result.reference = bench(
            "1d engines",
            f"_assess_reference {name}",
            lambda q: regime._assess_reference(q[0], state, q[1]),
            args,
            min(warmup, len(args) // 10),
            f"verdicts agree {agree}/{len(args)}",
        )
        result.rows += [result.index, result.reference]
    return result


# ---------------------------------------------------------------- report


def show_us(value: float) -> str:
    """Microseconds for people: `12.3`, or `45.6 ms` from ten milliseconds up."""
    if value >= 10_000:
        return f"{value / 1_000:,.1f} ms"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def table(rows: Sequence[Row]) -> str:
    """The rows as a fixed-width table."""
    head = ("figure", "scenario", "n", "median µs", "p99 µs", "note")
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
    widths = [max(len(str(c[i])) for c in (head, *cells)) for i in range(5)]
    lines = []
    for cell in (head, *cells):
        left = f"{cell[0]:<{widths[0]}}  {cell[1]:<{widths[1]}}"
        right = "  ".join(f"{cell[i]:>{widths[i]}}" for i in (2, 3, 4))
        lines.append(f"{left}  {right}  {cell[5]}".rstrip())
    rule = "-" * max(len(line) for line in lines)
    return "\n".join([lines[0], rule, *lines[1:]])


def ratio(a: Row, b: Row) -> str:
    """The ratio of two medians, as `1.23x`."""
    return f"{a.median_us / b.median_us:.2f}x"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run of a few seconds"
    )
    options = parser.parse_args(argv)
    quick = options.quick
    samples = 2_000 if quick else 20_000
    warmup = 200 if quick else 2_000
    pool = 150 if quick else 1_000
    common: dict[str, Any] = {
        "samples": samples,
        "warmup": warmup,
        "pool_items": pool,
        "builds": 1 if quick else 5,
    }
    began = time.perf_counter_ns()
    timer = summarise("timer", "empty call", time_calls(lambda x: x, [None] * samples))

    mythos = bench_mythos(samples, warmup)
    big = bench_synthetic(1_000, 4_000, reference=200 if quick else 1_000, **common)
    few_orgs = bench_synthetic(1_000, 40, reference=0, **common)
    few_rules = bench_synthetic(10, 4_000, reference=200 if quick else 1_000, **common)

    rows = [
        *mythos,
        big.at,
        few_orgs.at,
        few_rules.at,
        big.on,
        few_orgs.on,
        few_rules.on,
        big.build,
        few_orgs.build,
        few_rules.build,
        big.first,
        few_orgs.first,
        few_rules.first,
    ]
    for result in (big, few_rules):
        assert result.index is not None and result.reference is not None
        rows += [result.index, result.reference]
    rows.append(timer)
    print(
        f"aicontrols {aicontrols.__version__} decide benchmark"
        f"{' (--quick)' if quick else ''}, seed {SEED}"
    )
    print()
    print(table(rows))
    print()
    verdict, bounds, explain, to_dict, m_index, m_ref = mythos
    print("Summary")
    print(
        f"1a mythos5: decide(at=) median {show_us(verdict.median_us)} µs "
        f"(p99 {show_us(verdict.p99_us)}); reading valid_from/valid_until adds "
        f"{show_us(bounds.median_us - verdict.median_us)} µs, explain() "
        f"{show_us(explain.median_us - verdict.median_us)} µs, to_dict() "
        f"{show_us(to_dict.median_us - verdict.median_us)} µs (medians)"
    )
    print(
        f"1b scaling: decide(at=) median R=1000 / R=10 = {ratio(big.at, few_rules.at)}"
        f", E=4000 / E=40 = {ratio(big.at, few_orgs.at)}; decide(on=) "
        f"{ratio(big.on, few_rules.on)} and {ratio(big.on, few_orgs.on)} "
        "(target: about 1x)"
    )
    print(
        f"1c build: Regime(...) R=1000 E=4000 {show_us(big.build.median_us)} µs; "
        f"first query per (item, mode) median {show_us(big.first.median_us)} µs at "
        f"R=1000 vs {show_us(few_rules.first.median_us)} µs at R=10 "
        f"({ratio(big.first, few_rules.first)}: compiling an index scans every rule)"
    )
    assert big.index and big.reference and few_rules.index and few_rules.reference
    print(
        f"1d engines: index faster than the reference by "
        f"{ratio(big.reference, big.index)} at R=1000, "
        f"{ratio(few_rules.reference, few_rules.index)} at R=10, "
        f"{ratio(m_ref, m_index)} on mythos5; verdicts agree "
        f"{big.agree[0] + few_rules.agree[0]}/{big.agree[1] + few_rules.agree[1]}"
    )
    print(
        f"timer: an empty call between two perf_counter_ns reads costs "
        f"{show_us(timer.median_us)} µs (median), included in every figure"
    )
    print()
    total = (time.perf_counter_ns() - began) / 1e9
    print(
        f"Python {sys.version.split()[0]} ({platform.python_implementation()}) "
        f"on {platform.platform()}; run took {total:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
