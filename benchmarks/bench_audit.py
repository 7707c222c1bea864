"""Throughput of `aicontrols audit` on a generated access log, checked against the API.

Run from the repository root::

    python benchmarks/bench_audit.py              # 100,000 rows
    python benchmarks/bench_audit.py --rows 5000  # a quick run

The script writes a CSV log of `--rows` accesses under the bundled `mythos5`
regime (a fixed random seed; instants spread over 2026 with their offsets;
catalog companies and individuals described inline by citizenships and
employers; both items; several deployment modes), runs
`aicontrols audit mythos5 --log ... --out ... --json` in a subprocess and prints
the rows, the wall-clock seconds and the rows per second. It then decides every
row through the Python API (`Regime.decide`) and checks that the verdict counts
and each row's verdict match the command's. Exit status 1 if they do not.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from _shared import CATALOG, ITEMS, SEED, arguments

import aicontrols

COUNTRIES = ("US", "IN", "CN", "DE", "FR", "BR", "GB")
EMPLOYERS = ("", *CATALOG)
MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning", "on-premises")
LOCATIONS = ("US", "US", "IN", "DE", "")
OFFSETS = ("-05:00", "-04:00", "+00:00", "+01:00", "+05:30")
ORDER = ("permitted", "license_required", "undetermined", "prohibited", "unreadable")
HEADER = ("recipient", "citizenships", "employers", "item", "mode", "location", "at")


def write_log(path: Path, rows: int) -> None:
    """A deterministic CSV access log of `rows` rows, instants across 2026."""
    rng = random.Random(SEED)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for _ in range(rows):
            if rng.random() < 0.3:
                recipient, citizenships, employer = rng.choice(CATALOG), "", ""
            else:
                recipient = f"person-{rng.randrange(1000)}"
                citizenships = ";".join(rng.sample(COUNTRIES, rng.choice((1, 1, 2))))
                employer = rng.choice(EMPLOYERS)
            day = 1 + rng.randrange(365)  # day of 2026
            month, mday = _month_day(day)
            at = (
                f"2026-{month:02}-{mday:02}T{rng.randrange(24):02}:"
                f"{rng.randrange(60):02}:00{rng.choice(OFFSETS)}"
            )
            writer.writerow(
                (
                    recipient,
                    citizenships,
                    employer,
                    rng.choice(ITEMS),
                    rng.choice(MODES),
                    rng.choice(LOCATIONS),
                    at,
                )
            )


def _month_day(day_of_year: int) -> tuple[int, int]:
    lengths = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    for month, length in enumerate(lengths, start=1):
        if day_of_year <= length:
            return month, day_of_year
        day_of_year -= length
    raise ValueError(day_of_year)


def api_verdicts(log: Path) -> list[str]:
    """Each row's verdict through the Python API, in order."""
    regime = aicontrols.examples.load("mythos5")
    people: dict[tuple[str, str, str], aicontrols.Entity] = {}
    verdicts: list[str] = []
    with log.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            recipient: aicontrols.Entity | str = row["recipient"]
            if row["citizenships"] or row["employers"]:
                key = (row["recipient"], row["citizenships"], row["employers"])
                if key not in people:
                    people[key] = aicontrols.Entity(
                        row["recipient"],
                        kind="individual",
                        citizenships=[
                            aicontrols.Citizenship(c)
                            for c in row["citizenships"].split(";")
                            if c
                        ],
                        employments=[
                            aicontrols.Employment(e)
                            for e in row["employers"].split(";")
                            if e
                        ],
                    )
                recipient = people[key]
            access = aicontrols.Access(
                recipient, row["item"], row["mode"], row["location"] or None
            )
            try:
                verdicts.append(regime.decide(access, at=row["at"]).verdict.value)
            except aicontrols.QueryError:
                verdicts.append("unreadable")
    return verdicts


def command() -> list[str]:
    exe = shutil.which("aicontrols")
    return [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = arguments(__doc__)
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows in the log (default 100,000)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        log, out = Path(tmp, "access.csv"), Path(tmp, "decisions.csv")
        write_log(log, args.rows)
        audit = [*command(), "audit", "mythos5"]
        run = [*audit, "--log", str(log), "--out", str(out)]

        # Start-up and regime loading, to read the throughput net of them.
        tiny = Path(tmp, "one.csv")
        write_log(tiny, 1)
        tiny_run = [*audit, "--log", str(tiny), "--out", str(Path(tmp, "o.csv"))]
        started = time.perf_counter()
        subprocess.run(tiny_run, check=True, capture_output=True)
        startup = time.perf_counter() - started

        started = time.perf_counter()
        done = subprocess.run(
            [*run, "--json"], capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        if done.returncode not in (0, 1):
            sys.stderr.write(done.stderr)
            return 2
        summary = json.loads(done.stdout)
        with out.open(encoding="utf-8", newline="") as handle:
            cli_rows = [row["verdict"] for row in csv.DictReader(handle)]

        started = time.perf_counter()
        expected = api_verdicts(log)
        api_seconds = time.perf_counter() - started

    counts = Counter(expected)
    expected_counts = {k: counts.get(k, 0) for k in ORDER}
    counts_match = expected_counts == summary["counts"]
    rows_match = expected == cli_rows
    print(f"aicontrols audit mythos5, {args.rows:,}-row CSV log (seed {SEED})")
    print(f"python {sys.version.split()[0]}, aicontrols {aicontrols.__version__}")
    print(f"rows:         {summary['rows']:,}")
    print(f"seconds:      {seconds:.2f}  (of which start-up {startup:.2f})")
    print(f"rows/second:  {summary['rows'] / seconds:,.0f}")
    net = seconds - startup
    if net > 0:
        print(f"  net of start-up: {summary['rows'] / net:,.0f}")
    print(f"python API:   {len(expected) / api_seconds:,.0f} rows/second (decide only)")
    print(
        "counts:       "
        + ", ".join(
            f"{k.replace('_', ' ')} {v:,}" for k, v in summary["counts"].items()
        )
    )
    print(f"counts match the Python API: {'yes' if counts_match else 'NO'}")
    print(f"every row's verdict matches: {'yes' if rows_match else 'NO'}")
    if not counts_match:
        print(f"  expected {expected_counts}")
    return 0 if counts_match and rows_match else 1


if __name__ == "__main__":
    sys.exit(main())
