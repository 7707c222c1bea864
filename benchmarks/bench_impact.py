"""Time of `aicontrols.impact` on a 1,000,000-row access log, against `aicontrols.audit` of it.

Run from the repository root::

    python benchmarks/bench_impact.py             # 1,000,000 rows
    python benchmarks/bench_impact.py --quick     # 100,000 rows (seconds)
    python benchmarks/bench_impact.py --rows 200000

The log is `bench_columnar.py`'s (the bundled `mythos5` regime, its catalog
companies and 1,000 individuals, both items, four modes, instants over 2026).
The draft, illustrative, revokes the 2026-06-12 letter's restriction from
2026-07-15. In the same run, each on freshly loaded regimes (cold) and again
(warm): the columnar audit of the log under the regime, and the impact of the
draft on the log. The target of issue #20: the impact in at most twice the
audit's time. Then a check: for a sample of the log's distinct accesses, the
first instant `Regime.decide` answers differently under the two regimes (at
every change point of either history) must be the impact's, and an access the
impact leaves out must never differ; exit status 1 on any disagreement.
Durations come only from `time.perf_counter`; the wall clock is never read for
a date.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sys
from typing import Any

import pyarrow as pa
from _shared import (
    PERSONS,
    SEED,
    access_log,
    arguments,
    fresh,
    platform_line,
    render,
    seconds,
    show_s,
    title,
)

import aicontrols

ROWS = 1_000_000
SAMPLE = 300
KEY = (
    "recipient",
    "citizenships",
    "residencies",
    "employers",
    "item",
    "mode",
    "location",
)
# Illustrative, not a real notice.
REVOCATION = aicontrols.Notice(
    "draft-revocation",
    title="Revocation of the 2026-06-12 restriction (illustrative draft)",
    published=dt.date(2026, 7, 1),
    effective=dt.date(2026, 7, 15),
    revokes=["mythos-fable-foreign-access"],
)


def times(log: pa.Table) -> tuple[list[list[str]], float, float, Any]:
    """Cold and warm runs of the audit and the impact; the table's rows, the
    cold audit's and impact's times, and the impact's result."""
    regime = fresh()
    draft = regime.with_notices([REVOCATION])
    cells = []
    cold: dict[str, float] = {}
    result = None
    for run in ("cold", "warm"):  # the same regimes again: their caches are warm
        audit_s, _ = seconds(functools.partial(aicontrols.audit, regime, log))
        impact_s, result = seconds(
            functools.partial(aicontrols.impact, regime, draft, log)
        )
        cold.setdefault("audit", audit_s)
        cold.setdefault("impact", impact_s)
        cells.append(
            [run, show_s(audit_s), show_s(impact_s), f"{impact_s / audit_s:.2f}x"]
        )
    return cells, cold["audit"], cold["impact"], result


def access(row: dict[str, Any]) -> aicontrols.Access:
    """The access a log row describes, as `Regime.decide` takes it."""
    facts = [row[k] for k in ("citizenships", "residencies", "employers")]
    who: aicontrols.Entity | str = row["recipient"]
    if any(facts):
        split = [(f or "").split(";") for f in facts]
        who = aicontrols.Entity(
            row["recipient"],
            kind="individual",
            citizenships=[aicontrols.Citizenship(c) for c in split[0] if c],
            residencies=[aicontrols.Residency(c) for c in split[1] if c],
            employments=[aicontrols.Employment(e) for e in split[2] if e],
        )
    return aicontrols.Access(who, row["item"], row["mode"], row["location"])


def first_difference(
    before: aicontrols.Regime, after: aicontrols.Regime, one: aicontrols.Access
) -> Any:
    """The first instant `decide` answers differently, or `None`."""
    points = sorted(
        {
            s.start
            for r in (before, after)
            for s in r.history(one)
            if s.start is not None
        }
    )
    for t in points:
        if before.decide(one, at=t).verdict is not after.decide(one, at=t).verdict:
            return t
    return None


def check(log: pa.Table, result: pa.Table) -> int:
    """Disagreements between the impact and `decide`, on a sample of accesses."""
    regime = aicontrols.examples.load("mythos5")
    draft = regime.with_notices([REVOCATION])
    found = {
        tuple(r[k] for k in KEY): r["differs_at"]
        for r in result.select([*KEY, "differs_at"]).to_pylist()
    }
    rng = random.Random(SEED)
    rows = log.take(sorted(rng.sample(range(log.num_rows), SAMPLE))).to_pylist()
    bad = 0
    for row in rows:
        expected = first_difference(regime, draft, access(row))
        got = found.get(tuple(row[k] for k in KEY))
        if expected != got:
            bad += 1
            print(f"disagreement on {row}: decide {expected}, impact {got}")
    return bad


def main() -> int:
    parser = arguments(__doc__, "100,000 rows")
    parser.add_argument("--rows", type=int, help=f"rows in the log (default {ROWS:,})")
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else ROWS)
    print(title("impact of a draft notice vs. a columnar audit", args.quick))
    print(platform_line(f"pyarrow {pa.__version__}"))
    generated, log = seconds(lambda: access_log(rows, PERSONS, SEED))
    print(f"log: {rows:,} rows, {PERSONS:,} individuals (made in {show_s(generated)})")
    cells, audit_s, impact_s, result = times(log)
    print(render(["run", "audit", "impact", "impact / audit"], cells, left=1))
    print(
        f"{result.num_rows:,} distinct accesses change, "
        f"{sum(result.column('rows').to_pylist()):,} rows; "
        f"target: impact at most 2x the audit (cold: {impact_s / audit_s:.2f}x)"
    )
    bad = check(log, result)
    print(f"check: {SAMPLE} sampled rows against decide, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
