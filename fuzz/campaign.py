"""The loader's acceptance campaign: 10,000 fuzzed regime files, seeded.

Every file must load into a `Regime` or raise an `aicontrols.AIControlsError`
whose every line names the file, a line and a column (`file:line:column: ...`);
anything else fails the campaign (exit status 1). The files are made by the
fuzz operators of `tests/fuzz_operators.py`, both sets, taking turns: the first
ones (regime-shaped and any-shape documents, the examples with values replaced
and lines mangled, random text, random bytes) and the boundary ones (YAML tags,
surrogates, huge numbers, deep nesting, spans mixing a date and an instant).
Half the files are YAML (block or flow style) and half JSON. The same seed
makes the same files, byte for byte: file N of a campaign is remade with
`--only N --keep DIR`.

Run from the repository's root (a few minutes):

    python fuzz/campaign.py                  # 10,000 files, seed 15
    python fuzz/campaign.py --files 500 --seed 7 --keep fuzz/artifacts/campaign
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz_operators import CAMPAIGN_SEED, OPERATORS, campaign_file  # noqa: E402

import aicontrols  # noqa: E402

OUTCOMES = ("regime", "RegimeFileError", "other error", "unlocated", "crash")


def outcome(path: Path) -> tuple[str, str]:
    """What loading `path` gives: one of OUTCOMES, and a detail for failures."""
    name = str(path)
    located = re.compile(re.escape(name) + r":[1-9]\d*:[1-9]\d*: \S")
    try:
        aicontrols.load_regime(path)
    except aicontrols.AIControlsError as error:
        lines = str(error).split("\n")
        unlocated = [line for line in lines if not located.match(line)]
        if unlocated:
            return "unlocated", f"{type(error).__name__}: {unlocated[0][:200]}"
        if isinstance(error, aicontrols.RegimeFileError):
            return "RegimeFileError", ""
        return "other error", type(error).__name__
    except Exception as error:  # the finding: anything else
        return "crash", f"{type(error).__name__}: {str(error)[:200]}"
    return "regime", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="how many files")
    parser.add_argument(
        "--seed", type=int, default=CAMPAIGN_SEED, help="the campaign's seed"
    )
    parser.add_argument("--only", type=int, help="make and load file N only")
    parser.add_argument(
        "--keep", type=Path, help="keep failing files here (with --only, that file)"
    )
    args = parser.parse_args(argv)

    indexes = [args.only] if args.only is not None else range(args.files)
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    families: collections.Counter[str] = collections.Counter()
    failures: list[tuple[str, str, str]] = []
    slowest = (0.0, "")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aicontrols-campaign-") as scratch:
        for index in indexes:
            operator, family, content = campaign_file(args.seed, index)
            path = Path(scratch) / f"{index:05d}-{operator}.{family}"
            path.write_bytes(content)
            began = time.perf_counter()
            result, detail = outcome(path)
            took = time.perf_counter() - began
            slowest = max(slowest, (took, path.name))
            counts[operator][result] += 1
            families[family] += 1
            if result in ("unlocated", "crash"):
                failures.append((path.name, result, detail))
            if args.keep and (result in ("unlocated", "crash") or len(indexes) == 1):
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / path.name).write_bytes(content)
            path.unlink()
    elapsed = time.perf_counter() - start

    total = sum(families.values())
    print(
        f"aicontrols {aicontrols.__version__}, loader campaign, seed {args.seed}: "
        f"{total:,} files ({families['yaml']:,} YAML, {families['json']:,} JSON)"
    )
    width = max(len(name) for name in OPERATORS)
    print(
        f"{'operator':<{width}}  {'files':>6}" + "".join(f"  {o:>15}" for o in OUTCOMES)
    )
    sums: collections.Counter[str] = collections.Counter()
    for name in OPERATORS:
        row = counts[name]
        sums.update(row)
        cells = "".join(f"  {row[o]:>15,}" for o in OUTCOMES)
        print(f"{name:<{width}}  {sum(row.values()):>6,}{cells}")
    cells = "".join(f"  {sums[o]:>15,}" for o in OUTCOMES)
    print(f"{'total':<{width}}  {total:>6,}{cells}")
    print(
        f"time: {elapsed:.1f} s ({1000 * elapsed / max(total, 1):.1f} ms a file); "
        f"slowest: {slowest[1]}, {slowest[0]:.2f} s"
    )
    for name, result, detail in failures[:20]:
        print(f"FAILED {name}: {result}: {detail}")
    if failures:
        print(f"{len(failures)} files failed (remake one with --only N --keep DIR)")
        return 1
    print("passed: every file gave a regime or a located AIControlsError")
    return 0


if __name__ == "__main__":
    sys.exit(main())
