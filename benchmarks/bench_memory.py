"""Memory under a stream of ad-hoc recipients and items: the caches stay bounded.

Run from the repository root::

    python benchmarks/bench_memory.py            # 200,000 recipients, 50,000 items
    python benchmarks/bench_memory.py --quick    # 100,000 and 10,000 (what CI runs)

A gateway asks about people and models that no regime file names: each is an
ad-hoc `Entity` or `ControlledItem`, and each new one compiles a shape (and, for
an item, an index). This script asks `mythos5` about 200,000 distinct ad-hoc
individuals, then about 50,000 distinct ad-hoc items, and prints the resident
set size (RSS, read from /proc) at each quarter of each phase, beside its peer:
the RSS after loading the regime and before any query. The caches are bounded
(65,536 shapes, 1,024 indexes of ad-hoc items), so RSS rises while they fill
and then stays flat. The script exits 1 if the last quarter of a phase grows
RSS by more than a tenth of what the phase added before it, or if an answer is
wrong. The wall clock is never read.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
from collections.abc import Callable
from pathlib import Path

from aicontrols import (
    Access,
    Citizenship,
    ControlledItem,
    Entity,
    Verdict,
    load_regime,
)
from aicontrols.examples import path

MIB = 1024 * 1024
COUNTRIES = ("IN", "DE", "BR", "KR", "FR")


def rss() -> int:
    """The resident set size now, in bytes (the peak where /proc is missing)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def phase(
    name: str,
    count: int,
    ask: Callable[[int], Verdict],
    expected: Verdict,
    start: int,
) -> tuple[list[tuple[str, int]], bool]:
    """Ask `count` questions; RSS at each quarter; whether the last quarter stayed flat."""
    marks: list[tuple[str, int]] = []
    quarters = {count * q // 4 for q in (1, 2, 3, 4)}
    for n in range(1, count + 1):
        if ask(n) is not expected:
            print(f"wrong answer for {name} #{n}", file=sys.stderr)
            sys.exit(1)
        if n in quarters:
            gc.collect()
            marks.append((f"{name}: {n:,}", rss()))
    added = marks[2][1] - start
    last = marks[3][1] - marks[2][1]
    return marks, last <= max(added // 10, 8 * MIB)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=200_000)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument(
        "--quick", action="store_true", help="100,000 recipients, 10,000 items"
    )
    args = parser.parse_args(argv)
    people, models = (100_000, 10_000) if args.quick else (args.recipients, args.items)

    regime = load_regime(path("mythos5"))  # a regime of its own: nothing cached
    gc.collect()
    loaded = rss()

    def person(n: int) -> Verdict:
        who = Entity(
            f"visitor-{n}",
            kind="individual",
            citizenships=[Citizenship(COUNTRIES[n % len(COUNTRIES)])],
        )
        return regime.verdict(
            Access(who, "fable-5", "hosted-api", location="US"), on="2026-06-30"
        )

    indian = Entity("priya", kind="individual", citizenships=[Citizenship("IN")])
    anthropic = regime.item("fable-5").developer

    def item(n: int) -> Verdict:
        # the letters name their two models: any other model is not controlled
        model = ControlledItem(f"model-{n}", developer=anthropic)
        return regime.verdict(
            Access(indian, model, "hosted-api", location="US"), on="2026-06-30"
        )

    first, flat_people = phase(
        "ad-hoc recipients", people, person, Verdict.LICENSE_REQUIRED, loaded
    )
    after_people = first[-1][1]
    second, flat_items = phase(
        "ad-hoc items", models, item, Verdict.PERMITTED, after_people
    )

    print("Memory of one regime under ad-hoc recipients and items")
    print(f"Python {sys.version.split()[0]}, RSS from /proc/self/status")
    print()
    print(f"{'after':<34}{'RSS':>10}{'vs loaded':>12}")
    print(f"{'loading the regime (the peer)':<34}{loaded / MIB:>8.1f} MiB{1:>11.2f}x")
    for label, value in (*first, *second):
        print(f"{label:<34}{value / MIB:>8.1f} MiB{value / loaded:>11.2f}x")
    ok = flat_people and flat_items
    print()
    print(
        "bounded: the last quarter of each phase stayed flat"
        if ok
        else "NOT BOUNDED: RSS still grew in the last quarter of a phase"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
