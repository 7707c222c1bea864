"""What loading the bundled EAR data costs: `aicontrols.ear`'s groups and chart.

Run from the repository root::

    python benchmarks/bench_ear.py            # 41 fresh interpreters per statement
    python benchmarks/bench_ear.py --quick    # 11 (what CI runs)

Each statement runs in a fresh interpreter (`python -c`) that first imports
`aicontrols` (not timed), then reads `time.perf_counter()` just before and
just after the statement, so the cold cost is counted: importing
`aicontrols.ear`, the country-code table its checks read on first use, and
reading the two bundled tables into values. The statements alternate, round
after round, so a busy machine slows each alike. The figures are medians, and
the ratios are against the peer's median in the same run:

- the peer: reading the same two CSV files with the standard `csv` module
  into lists of rows (the raw cost of the data, with no checks and no values);
- `country_groups()`, then `country_chart()`, each alone;
- both, the figure that issue #18 sets a target for (under 50 ms);
- both with the country codes already read (an `Entity` with a country
  built first, not timed), as in a program that has checked a country
  before: the part that is the EAR data's own.

Each interpreter prints what it loaded (15 groups, 200 chart rows); a wrong
count or a failed interpreter is an error (exit 1). The target is a figure,
not a test: the script prints PASS or FAIL beside it and exits 0 either way.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

_DATA = Path(__file__).resolve().parents[1] / "src" / "aicontrols" / "ear" / "data"
PEER = (
    "import csv, pathlib; rows = [list(csv.reader(pathlib.Path(p).read_text("
    "encoding='utf-8').splitlines())) for p in "
    f"({str(_DATA / 'country-groups.csv')!r}, {str(_DATA / 'country-chart.csv')!r})]; "
    "n = (15, len(rows[1]) - 1)"
)
BOTH = (
    "from aicontrols import ear; "
    "n = (len(ear.country_groups()), len(ear.country_chart().rows))"
)
STATEMENTS = {
    "csv.reader on both tables (peer)": PEER,
    "ear.country_groups()": (
        "from aicontrols import ear; n = (len(ear.country_groups()), 200)"
    ),
    "ear.country_chart()": (
        "from aicontrols import ear; n = (15, len(ear.country_chart().rows))"
    ),
    "country_groups() + country_chart()": BOTH,
}
WARM_CODES = "country codes already read: both"
TARGET_MS = 50.0


def once(statement: str, setup: str = "pass") -> float:
    """Milliseconds that `statement` takes in a fresh interpreter after `setup`.

    Raises:
        RuntimeError: the interpreter failed, or loaded other counts than 15
            groups and 200 chart rows.
    """
    code = (
        f"import aicontrols; {setup}; import time; t = time.perf_counter(); "
        f"{statement}; t = time.perf_counter() - t; print(t, *n)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"`{statement}` failed:\n{out.stderr}")
    seconds, groups, rows = out.stdout.split()
    if (groups, rows) != ("15", "200"):
        raise RuntimeError(f"`{statement}` loaded {groups} groups and {rows} rows")
    return float(seconds) * 1000


def main() -> int:
    """Time the statements, print the table and the target; 1 on an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="11 rounds, not 41")
    rounds = 11 if parser.parse_args().quick else 41
    samples: dict[str, list[float]] = {name: [] for name in (*STATEMENTS, WARM_CODES)}
    try:
        for _ in range(rounds):
            for name, statement in STATEMENTS.items():
                samples[name].append(once(statement))
            warm = "aicontrols.Entity('x', country='US')"
            samples[WARM_CODES].append(once(BOTH, warm))
    except RuntimeError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 1
    peer = statistics.median(samples[next(iter(STATEMENTS))])
    print(
        f"Python {sys.version.split()[0]}; {rounds} fresh interpreters each, "
        "after `import aicontrols`"
    )
    print(f"{'statement':40} {'median':>10} {'p90':>10} {'ratio':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        p90 = sorted(values)[int(0.9 * (len(values) - 1))]
        print(f"{name:40} {median:8.1f}ms {p90:8.1f}ms {median / peer:7.1f}x")
    cold = statistics.median(samples["country_groups() + country_chart()"])
    verdict = "PASS" if cold < TARGET_MS else "FAIL"
    print(
        f"\n{verdict}  country_groups() + country_chart(), cold: {cold:.1f} ms "
        f"(target < {TARGET_MS:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
