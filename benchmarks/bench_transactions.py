"""Benchmark: does deciding stay flat with a license register beside the rules?

Run from the repository root::

    python benchmarks/bench_transactions.py          # full run (about a minute)
    python benchmarks/bench_transactions.py --quick  # smoke run (a few seconds)

The synthetic regime of `bench_decide.py` at R=1000 restrictions and E=4000
approved organisations is asked the same random questions twice: as it is, and
extended with `Regime.with_notices` by a gateway's register of 1,000 granted
licenses (each authorizes one person's access to one model, until its own
expiry; half the questions are about a licensed person and model). Before
anything is timed, every answer of the extended regime must be the plain
reading of the register on top of the base regime's answer (a license turns
`license_required` into `permitted` while valid; nothing else changes); the
script exits 1 if one is not. It then prints the `decide(at=)` and
`verdict(at=)` medians of both, measured interleaved, and their ratio against
the issue's target (at most 1.2x: deciding stays flat with licenses present).

Inputs are deterministic: a fixed seed and fixed dates; the wall clock is never
read for a date.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from typing import Any

from _shared import (
    QUERY_FROM,
    QUERY_MINUTES,
    SEED,
    arguments,
    build,
    median_us,
    percentile,
    platform_line,
    random_queries,
    render,
    settle,
    show_us,
    synthetic,
    time_calls,
    title,
)

from aicontrols import Access, EntityIs, ItemIs, License, Notice, Regime, Verdict

RULES, APPROVED, LICENSES = 1_000, 4_000, 1_000
GRANTED_FROM = dt.date(2025, 1, 1)
TARGET = 1.2  # licensed / base median: flat


def register(
    spec_persons: Sequence[str], rules: int, count: int, seed: int
) -> tuple[list[Notice], dict[tuple[str, str], tuple[dt.date, dt.date]]]:
    """`count` licenses, each for one (person, model) pair, granted on a day of
    2025-2026 and expiring within two years; and the plain register: (person,
    model) -> (first day, last day) of validity."""
    rng = random.Random(f"{seed}-licenses")
    pairs = rng.sample(
        [(p, f"model-{i}") for p in spec_persons for i in range(rules)], count
    )
    notices: list[Notice] = []
    plain: dict[tuple[str, str], tuple[dt.date, dt.date]] = {}
    for k, (person, model) in enumerate(pairs):
        granted = GRANTED_FROM + dt.timedelta(days=rng.randrange(730))
        expires = granted + dt.timedelta(days=rng.randrange(30, 730))
        rule = model.replace("model-", "r")
        notices.append(
            Notice(
                f"grant-{k}",
                title=f"License {k}",
                published=granted,
                effective=granted,
                adds=[
                    License(
                        f"lic-{k}",
                        authorizes=[rule],
                        items=ItemIs(model),
                        recipients=EntityIs(person),
                        expires=expires,
                    )
                ],
            )
        )
        plain[(person, model)] = (granted, expires)
    return notices, plain


def expected(
    base: Verdict,
    access: Access,
    at: dt.datetime,
    plain: dict[tuple[str, str], tuple[dt.date, dt.date]],
) -> Verdict:
    """The register read by hand on top of the base regime's verdict."""
    span = plain.get((access.recipient_id, access.item_id))
    if span is None or base is not Verdict.LICENSE_REQUIRED:
        return base
    day = at.date()  # instants are in the regime's zone (New York)
    return Verdict.PERMITTED if span[0] <= day <= span[1] else base


def questions(
    spec: Any, plain: dict[tuple[str, str], tuple[dt.date, dt.date]], count: int
) -> list[tuple[Access, dt.datetime]]:
    """Half random questions, half about a licensed person and model."""
    rng = random.Random(f"{SEED}-questions")
    accesses, instants, _ = random_queries(spec, count // 2, 100, rng)
    found = list(zip(accesses, instants, strict=True))
    people = {p.id: p for p in spec.persons}
    licensed = sorted(plain)
    for _ in range(count - len(found)):
        person, model = rng.choice(licensed)
        mode = rng.choice(spec.modes_of[model])
        at = QUERY_FROM + dt.timedelta(minutes=rng.randrange(QUERY_MINUTES))
        found.append((Access(people[person], model, mode, location="US"), at))
    rng.shuffle(found)
    return found


def agree(
    base: Regime,
    licensed: Regime,
    asked: Sequence[tuple[Access, dt.datetime]],
    plain: dict[tuple[str, str], tuple[dt.date, dt.date]],
) -> tuple[int, int]:
    """Every answer checked; (questions, answers changed by a license)."""
    changed = 0
    for access, at in asked:
        want = expected(base.verdict(access, at=at), access, at, plain)
        got = licensed.decide(access, at=at)
        if got.verdict is not want or licensed.verdict(access, at=at) is not want:
            print(f"DISAGREE {access} at {at}: {got.verdict} != {want}")
            print(got.explain())
            sys.exit(1)
        if got.licenses:
            changed += 1
    return len(asked), changed


def main(argv: Sequence[str] | None = None) -> int:
    """Build, check agreement, time interleaved, print the ratios."""
    parser = arguments(__doc__, "a smoke run (a few seconds)")
    quick = parser.parse_args(argv).quick
    print(title("deciding with a license register", quick))
    print(platform_line())
    spec = synthetic(RULES, APPROVED, SEED)
    base = build(spec)
    notices, plain = register([p.id for p in spec.persons], RULES, LICENSES, SEED)
    licensed = base.with_notices(notices, entities=spec.persons)
    asked = questions(spec, plain, 2_000 if quick else 20_000)
    count, changed = agree(base, licensed, asked[:2_000], plain)
    print(
        f"agreement: {count:,} questions, {changed:,} answered by a license: "
        "the licensed regime agrees with the register read by hand"
    )
    for access, at in asked:  # warm: every shape compiled, in both regimes
        base.decide(access, at=at)
        licensed.decide(access, at=at)
    settle(0.5 if quick else 2.0)
    calls: dict[str, Callable[[Any], object]] = {
        "base decide(at=)": lambda q: base.decide(q[0], at=q[1]),
        "licensed decide(at=)": lambda q: licensed.decide(q[0], at=q[1]),
        "base verdict(at=)": lambda q: base.verdict(q[0], at=q[1]),
        "licensed verdict(at=)": lambda q: licensed.verdict(q[0], at=q[1]),
    }
    samples: dict[str, list[int]] = {name: [] for name in calls}
    rounds = 4 if quick else 10
    for round_ in range(rounds):
        chunk = asked[round_::rounds]
        for name, call in calls.items():
            samples[name] += time_calls(call, chunk)
    rows = []
    for name, found in samples.items():
        found.sort()
        rows.append(
            (
                name,
                f"{len(found):,}",
                show_us(median_us(found)),
                show_us(percentile(found, 0.99)),
            )
        )
    print(render(("engine", "n", "median", "p99"), rows, 1))
    print()
    for what in ("decide", "verdict"):
        ratio = median_us(samples[f"licensed {what}(at=)"]) / median_us(
            samples[f"base {what}(at=)"]
        )
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(
            f"  {verdict}  {what} median with {LICENSES:,} licenses / without at "
            f"R={RULES} E={APPROVED}: {ratio:.2f}x (target <= {TARGET}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
