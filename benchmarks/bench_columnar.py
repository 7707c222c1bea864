"""Throughput of `aicontrols.audit` on a 1,000,000-row access log, in process.

Run from the repository root::

    python benchmarks/bench_columnar.py               # 1,000,000 rows (a few minutes)
    python benchmarks/bench_columnar.py --quick       # 100,000 rows (under 30 s)
    python benchmarks/bench_columnar.py --rows 200000

The log is generated with numpy under the bundled `mythos5` regime: a fixed
seed, a population of individuals described by citizenships, residencies and
employers, rows from the four catalog companies, both items, four modes and
instants spread over 2026 (UTC, microseconds). The script times the audit cold
(a freshly loaded regime) and warm (the same regime again), for plain string
columns and for dictionary-encoded ones, and once each from pandas and polars;
it compares the time with a plain `numpy.searchsorted` of the instants over the
regime's change points; it checks 2,000 random rows against `Regime.decide`
(exit status 1 on any difference); and it shows how the cost grows with the
number of distinct access shapes. Durations come only from
`time.perf_counter`; the wall clock is never read for a date.
"""

from __future__ import annotations

import functools
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from _shared import (
    CATALOG,
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
from aicontrols import Access, Regime
from aicontrols._audit import log_recipient, split_list  # how a row becomes an access
from aicontrols._engine.engine import MAX_SHAPES  # the bound of the shape cache
from aicontrols._regime import engine_of
from aicontrols._time import query_instant  # private: the instant the engines use

ROWS = 1_000_000
SAMPLE = 2_000
TARGET_S = 0.5  # the figure for 1,000,000 rows
BAD_EVERY = 10_000  # in the log with `at` as text: one naive instant
COLUMNS = (
    "recipient",
    "citizenships",
    "residencies",
    "employers",
    "item",
    "mode",
    "location",
    "at",
)


# ---------------------------------------------------------------- the log


def plain(table: pa.Table) -> pa.Table:
    """The same log with every dictionary column decoded to plain strings."""
    return pa.table(
        {
            name: column.cast(column.type.value_type)
            if pa.types.is_dictionary(column.type)
            else column
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
    )


def text_instants(table: pa.Table) -> pa.Table:
    """The same log with `at` as ISO 8601 text (as a CSV read with every column
    as strings gives it), and a naive instant in every `BAD_EVERY` rows."""
    text = pc.strftime(table.column("at"), "%Y-%m-%dT%H:%M:%S%z").to_pylist()
    for row in range(BAD_EVERY // 2, len(text), BAD_EVERY):
        text[row] = text[row][:-5]  # no offset: unreadable
    return table.set_column(
        table.column_names.index("at"), "at", pa.array(text, pa.string())
    )


def shape_count(table: pa.Table) -> int:
    """The distinct (recipient and facts, item, mode, location) in the log."""
    keys = [c for c in COLUMNS if c != "at"]
    return int(plain(table.select(keys)).group_by(keys).aggregate([]).num_rows)


# ---------------------------------------------------------------- measuring


@dataclass
class Timing:
    """The durations of one scenario."""

    name: str
    samples: list[float]
    rows: int
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def cold_and_warm(
    table: Any, repeats: int, name: str
) -> tuple[Timing, Timing, Any, Regime]:
    """Each repeat: audit with a freshly loaded regime, then again with it
    (unreadable rows marked, not raised).

    Returns the timings, the last result and the last regime.
    """
    cold: list[float] = []
    warm: list[float] = []
    result = None
    regime = fresh()
    for _ in range(repeats):
        regime = fresh()
        elapsed, result = seconds(
            functools.partial(aicontrols.audit, regime, table, errors="mark")
        )
        cold.append(elapsed)
        elapsed, result = seconds(
            functools.partial(aicontrols.audit, regime, table, errors="mark")
        )
        warm.append(elapsed)
    rows = len(table)
    return (
        Timing(f"audit cold, {name}", cold, rows),
        Timing(f"audit warm, {name}", warm, rows),
        result,
        regime,
    )


def change_points(regime: Regime) -> np.ndarray:
    """The sorted distinct instants (µs) at which a rule of the regime changes."""
    instants = {query_instant(change.at, "at") for change in regime.changes()}
    return np.array(sorted(instants), dtype=np.int64)


def shape_points(regime: Regime) -> np.ndarray:
    """The union of the change points of every shape the regime has compiled."""
    shapes = engine_of(regime).shapes.values()  # private: the shape cache
    found = {p for shape in shapes for p in shape.starts[1:]}
    return np.array(sorted(found), dtype=np.int64)


def check_sample(table: pa.Table, result: pa.Table, count: int, seed: int) -> int:
    """How many of `count` random rows agree with `Regime.decide` (a fresh regime)."""
    regime = fresh()  # not the audit's: its shape cache would be shared
    rng = np.random.default_rng([seed, 2])
    rows = np.sort(rng.choice(table.num_rows, size=count, replace=False))
    cells = plain(table).take(rows).to_pylist()
    verdicts = result.column("verdict").take(rows).to_pylist()
    reasons = result.column("reason").take(rows).to_pylist()
    agree = 0
    for row, cell, verdict, reason in zip(rows, cells, verdicts, reasons, strict=True):
        recipient = log_recipient(
            cell["recipient"],
            split_list(cell["citizenships"]),
            split_list(cell["residencies"]),
            split_list(cell["employers"]),
        )
        access = Access(recipient, cell["item"], cell["mode"], cell["location"])
        decision = regime.decide(access, at=cell["at"])
        if (decision.verdict.value, decision.reason_code) == (verdict, reason):
            agree += 1
        else:
            print(
                f"MISMATCH row {row}: {cell}: audit {verdict} {reason}, "
                f"decide {decision.verdict.value} {decision.reason_code}"
            )
    return agree


def same_answers(a: Any, b: Any) -> bool:
    """Whether two audit results (any frame kind) carry the same verdicts and reasons."""

    def columns(x: Any) -> tuple[list[Any], list[Any]]:
        if isinstance(x, pd.DataFrame):
            return x["verdict"].astype(str).tolist(), x["reason"].astype(str).tolist()
        if isinstance(x, pl.DataFrame):
            return (
                x["verdict"].cast(pl.String).to_list(),
                x["reason"].cast(pl.String).to_list(),
            )
        return (
            x.column("verdict").cast(pa.string()).to_pylist(),
            x.column("reason").cast(pa.string()).to_pylist(),
        )

    return columns(a) == columns(b)


# ---------------------------------------------------------------- report


def timing_table(timings: Sequence[Timing]) -> str:
    cells = [
        (
            t.name,
            f"{t.rows:,}",
            f"{len(t.samples)}",
            show_s(t.median),
            show_s(min(t.samples)),
            show_s(max(t.samples)),
            f"{t.rows / t.median:,.0f}",
            t.note,
        )
        for t in timings
    ]
    head = ("scenario", "rows", "n", "median", "min", "max", "rows/s", "note")
    return render(head, cells, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = arguments(__doc__, "100,000 rows and fewer repeats")
    parser.add_argument("--rows", type=int, help="rows in the log (default 1,000,000)")
    args = parser.parse_args(argv)
    rows = args.rows or (ROWS // 10 if args.quick else ROWS)
    repeats = 2 if args.quick else 5
    began = time.perf_counter()

    generated, encoded = seconds(lambda: access_log(rows, PERSONS, SEED))
    strings = plain(encoded)
    shapes = shape_count(encoded)
    print(title("columnar audit benchmark", args.quick))
    print(
        f"log: {rows:,} rows, {PERSONS:,} individuals + {len(CATALOG)} catalog "
        f"companies, {shapes:,} distinct shapes, instants over 2026 (UTC, µs); "
        f"generated in {show_s(generated)}"
    )
    print()

    # warm up the process (imports, allocator, numpy and Arrow kernels), untimed
    aicontrols.audit(fresh(), encoded.slice(0, 10_000))

    cold_p, warm_p, result_p, _ = cold_and_warm(strings, repeats, "string columns")
    cold_d, warm_d, result_d, _ = cold_and_warm(encoded, repeats, "dictionary columns")
    texts = text_instants(strings)
    cold_t, warm_t, result_t, _ = cold_and_warm(
        texts, repeats, f"strings, `at` as text, 1 naive in {BAD_EVERY:,}"
    )
    regime = fresh()
    aicontrols.audit(regime, strings)  # compile the shapes, untimed
    frame_pd = strings.to_pandas()
    frame_pl = pl.from_arrow(strings)
    assert isinstance(frame_pl, pl.DataFrame)
    t_pd, result_pd = seconds(lambda: aicontrols.audit(regime, frame_pd))
    t_pl, result_pl = seconds(lambda: aicontrols.audit(regime, frame_pl))
    kind = frame_pd["recipient"].dtype
    warm_pd = Timing(f"audit warm, pandas DataFrame ({kind})", [t_pd], rows)
    warm_pl = Timing("audit warm, polars DataFrame (String)", [t_pl], rows)

    # the floor: one binary search per row over the regime's change points
    points = change_points(regime)
    union = shape_points(regime)
    instants = strings.column("at").combine_chunks().cast(pa.int64()).to_numpy()
    search = [
        seconds(lambda: np.searchsorted(points, instants, side="right"))[0]
        for _ in range(5 * repeats)
    ]
    floor = Timing(
        "numpy.searchsorted over the change points",
        search,
        rows,
        f"{len(points)} points",
    )
    for timing in (cold_p, warm_p, cold_d, warm_d, cold_t, warm_t, warm_pd, warm_pl):
        timing.note = f"{timing.median / floor.median:,.0f}x searchsorted"

    # correctness
    encodings_agree = same_answers(result_p, result_d)
    frames_agree = same_answers(result_p, result_pd) and same_answers(
        result_p, result_pl
    )
    bad = pa.array(np.arange(rows) % BAD_EVERY == BAD_EVERY // 2)
    texts_agree = pc.all(
        pc.if_else(
            bad,
            pc.equal(result_t.column("verdict").cast(pa.string()), "unreadable"),
            pc.equal(result_t.column("verdict"), result_p.column("verdict")),
        )
    ).as_py()
    count = min(SAMPLE, rows)
    agree = check_sample(strings, result_p, count, SEED)
    counts = pc.value_counts(result_p.column("verdict").combine_chunks()).to_pylist()
    mix = ", ".join(
        f"{c['values']} {100 * c['counts'] / rows:.1f}%"
        for c in sorted(counts, key=lambda c: -c["counts"])
    )

    print(
        timing_table(
            [cold_p, warm_p, cold_d, warm_d, cold_t, warm_t, warm_pd, warm_pl, floor]
        )
    )
    print()
    print(f"verdicts: {mix}")
    print(
        f"change points: {len(points)} from regime.changes(), {len(union)} in the "
        f"union of the {len(engine_of(regime).shapes):,} cached shapes' starts "
        f"({'the same' if np.array_equal(points, union) else 'DIFFERENT'})"
    )
    print(
        f"encodings: string and dictionary results "
        f"{'identical' if encodings_agree else 'DIFFER'}; pandas and polars results "
        f"{'identical' if frames_agree else 'DIFFER'}; `at` as text: every row "
        f"{'as with timestamps' if texts_agree else 'NOT as with timestamps'}, "
        f"the naive ones unreadable"
    )
    print(f"sample: {agree}/{count} agree with Regime.decide (verdict and reason_code)")
    print()

    # scaling with the number of distinct shapes, same number of rows
    scale_rows: list[tuple[str, ...]] = []
    scale_repeats = 1 if args.quick else 3
    for persons in (125, 1_250, 5_000 if args.quick else 12_500):
        log = access_log(rows, persons, SEED)
        distinct = shape_count(log)
        cold, warm, _, used = cold_and_warm(log, scale_repeats, "")
        scale_rows.append(
            (
                f"{persons:,}",
                f"{distinct:,}",
                f"{rows:,}",
                show_s(cold.median),
                show_s(warm.median),
                f"{rows / cold.median:,.0f}",
                f"{rows / warm.median:,.0f}",
                f"{1e6 * cold.median / distinct:,.1f} µs",
                f"{len(engine_of(used).shapes):,}",
            )
        )
        del log
    print(
        f"Scaling with distinct shapes (dictionary columns, median of {scale_repeats})"
    )
    head = (
        "individuals",
        "shapes",
        "rows",
        "cold",
        "warm",
        "cold rows/s",
        "warm rows/s",
        "cold/shape",
        "cache entries",
    )
    print(render(head, scale_rows, left=0))
    print(
        f"(cache entries: the regime's shape cache after the warm audit; it keeps "
        f"at most {MAX_SHAPES:,}: beyond that, a warm audit compiles again)"
    )
    print()

    budget = TARGET_S * rows / ROWS
    scaled = "" if rows == ROWS else f", {show_s(TARGET_S)} per 1,000,000 rows"
    labelled = (
        ("warm dictionary", warm_d),
        ("warm strings", warm_p),
        ("cold dictionary", cold_d),
        ("cold strings", cold_p),
    )
    results = ", ".join(
        f"{label} {show_s(t.median)} ({'met' if t.median <= budget else 'missed'})"
        for label, t in labelled
    )
    print("Summary")
    print(f"{rows:,} rows, target {show_s(budget)}{scaled}: {results}")
    print(
        f"ratio to numpy.searchsorted ({show_s(floor.median)}): warm "
        f"{warm_d.median / floor.median:,.0f}x dictionary, "
        f"{warm_p.median / floor.median:,.0f}x strings; cold "
        f"{cold_d.median / floor.median:,.0f}x, {cold_p.median / floor.median:,.0f}x"
    )
    print()
    total = time.perf_counter() - began
    versions = platform_line(
        f"numpy {np.__version__}",
        f"pyarrow {pa.__version__}",
        f"polars {pl.__version__}",
        f"pandas {pd.__version__}",
    )
    print(f"{versions}; run took {total:.1f} s")
    ok = agree == count and encodings_agree and frames_agree and texts_agree
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
