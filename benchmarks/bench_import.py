"""What `import aicontrols` costs, beside importing its required dependencies.

Run from the repository root::

    python benchmarks/bench_import.py            # 41 fresh interpreters per statement
    python benchmarks/bench_import.py --quick    # 11 (what CI runs)

Each statement is timed in a fresh interpreter (`python -c`), which reads
`time.perf_counter()` just before and just after the import, so the
interpreter's own start-up is not counted. The statements alternate, round
after round, so a busy machine slows each alike. The peer is importing
`attrs`, `cattrs`, `pendulum` and `yaml`, the dependencies a regime file needs;
the figures are medians, and the ratios are against the peer's median in the
same run:

- `import aicontrols`: the model (what a regime is built from);
- the first use of `Regime` (nothing more is loaded);
- loading the bundled `mythos5` regime (`aicontrols.examples.load`), which
  brings the regime files' machinery (jsonschema, cattrs, yaml), the engine
  and the answers;
- `import aicontrols.cli`, what the command line pays before it parses its
  arguments.

Issue #16 asks for `import aicontrols` at most 1.3x the peer; the script prints
PASS or FAIL beside it and exits 0 either way (a figure, not a test).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

PEER = "import attrs, cattrs, pendulum, yaml"
STATEMENTS = {
    "attrs, cattrs, pendulum, yaml (peer)": PEER,
    "import aicontrols": "import aicontrols",
    "import aicontrols; first use of Regime": "import aicontrols; aicontrols.Regime",
    "import aicontrols; examples.load('mythos5')": (
        "import aicontrols; aicontrols.examples.load('mythos5')"
    ),
    "import aicontrols.cli": "import aicontrols.cli",
}
TARGET = 1.3


def once(statement: str) -> float:
    """Milliseconds that `statement` takes in a fresh interpreter."""
    code = (
        "import time; t = time.perf_counter(); "
        f"{statement}; print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(out.stdout) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="11 rounds, not 41")
    rounds = 11 if parser.parse_args().quick else 41
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(rounds):
        for name, statement in STATEMENTS.items():
            samples[name].append(once(statement))
    peer = statistics.median(samples[next(iter(STATEMENTS))])
    print(f"Python {sys.version.split()[0]}; {rounds} fresh interpreters each")
    print(f"{'statement':48} {'median':>10} {'p90':>10} {'ratio':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        p90 = sorted(values)[int(0.9 * (len(values) - 1))]
        print(f"{name:48} {median:8.1f}ms {p90:8.1f}ms {median / peer:7.2f}x")
    ratio = statistics.median(samples["import aicontrols"]) / peer
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"\n{verdict}  import aicontrols / peer: {ratio:.2f}x (target <= {TARGET}x)")


if __name__ == "__main__":
    main()
