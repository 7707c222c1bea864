"""Benchmark: does deciding stay flat with licenses and parties beside the rules?

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
script exits 1 if one is not. A third variant adds parties: every question
names a purchaser and an ultimate consignee (organisations of the catalog), and
the licensed regime a denial order on 100 of them as any party to the
transaction (`AnyParty(EntityIs(...))`, prohibited: no license lifts it), also
checked against a hand reading. It then prints the `decide(at=)` and
`verdict(at=)` medians of each, measured interleaved, and their ratio to the
base against the issue's target (at most 1.2x: deciding stays flat with
licenses and parties present).

Inputs are deterministic: a fixed seed and fixed dates; the wall clock is never
read for a date.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from functools import partial
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

from aicontrols import (
    Access,
    AnyParty,
    Effect,
    EntityIs,
    ItemIs,
    License,
    Notice,
    Party,
    Regime,
    Restriction,
    Verdict,
)

RULES, APPROVED, LICENSES, DENIED = 1_000, 4_000, 1_000, 100
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


def denial_order(orgs: Sequence[str]) -> Notice:
    """A denial order on `orgs` as any party to the transaction, from 2024."""
    return Notice(
        "denial-order",
        title="Denied parties",
        published=dt.date(2024, 1, 1),
        effective=dt.date(2024, 1, 1),
        adds=[
            Restriction(
                "denied-parties",
                effect=Effect.PROHIBITED,
                recipients=AnyParty(EntityIs(orgs)),
            )
        ],
    )


def with_parties(
    asked: Sequence[tuple[Access, dt.datetime]], orgs: Sequence[str]
) -> list[tuple[Access, dt.datetime]]:
    """The same questions, each naming a purchaser and an ultimate consignee."""
    rng = random.Random(f"{SEED}-parties")
    return [
        (
            Access(
                access.recipient,
                access.item,
                access.mode,
                location=access.location,
                parties=[
                    Party("purchaser", rng.choice(orgs)),
                    Party("ultimate_consignee", rng.choice(orgs)),
                ],
            ),
            at,
        )
        for access, at in asked
    ]


def agree(
    base: Regime,
    other: Regime,
    asked: Sequence[tuple[Access, dt.datetime]],
    plain: dict[tuple[str, str], tuple[dt.date, dt.date]],
    denied: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Every answer of `other` checked against the hand reading on top of the
    base regime's; (questions, answers changed by a license or a party)."""
    changed = 0
    for access, at in asked:
        want = expected(base.verdict(access, at=at), access, at, plain)
        if any(p.entity_id in denied for p in access.parties):
            want = Verdict.PROHIBITED  # no license lifts a prohibition
        got = other.decide(access, at=at)
        if got.verdict is not want or other.verdict(access, at=at) is not want:
            print(f"DISAGREE {access} at {at}: {got.verdict} != {want}")
            print(got.explain())
            sys.exit(1)
        if got.licenses or got.verdict is Verdict.PROHIBITED:
            changed += 1
    return len(asked), changed


def main(argv: Sequence[str] | None = None) -> int:
    """Build, check agreement, time interleaved, print the ratios."""
    parser = arguments(__doc__, "a smoke run (a few seconds)")
    quick = parser.parse_args(argv).quick
    print(title("deciding with licenses and parties", quick))
    print(platform_line())
    spec = synthetic(RULES, APPROVED, SEED)
    base = build(spec)
    notices, plain = register([p.id for p in spec.persons], RULES, LICENSES, SEED)
    licensed = base.with_notices(notices, entities=spec.persons)
    orgs = sorted(e.id for e in spec.kwargs["entities"])
    denied = frozenset(random.Random(f"{SEED}-denied").sample(orgs, DENIED))
    parties = licensed.with_notices([denial_order(sorted(denied))])
    asked = questions(spec, plain, 2_000 if quick else 20_000)
    asked_parties = with_parties(asked, orgs)
    count, changed = agree(base, licensed, asked[:2_000], plain)
    print(
        f"agreement: {count:,} questions, {changed:,} answered by a license: "
        "the licensed regime agrees with the register read by hand"
    )
    count, changed = agree(base, parties, asked_parties[:2_000], plain, denied)
    print(
        f"agreement: {count:,} questions with parties, {changed:,} answered by a "
        "license or a denied party: they agree with the hand reading"
    )
    variants = {
        "base": (base, asked),
        "licensed": (licensed, asked),
        "licensed, parties": (parties, asked_parties),
    }
    for regime, inputs in variants.values():  # warm: every shape compiled
        for access, at in inputs:
            regime.decide(access, at=at)
    settle(0.5 if quick else 2.0)
    calls: dict[str, tuple[Callable[[Any], object], list[Any]]] = {}
    for name, (regime, inputs) in variants.items():
        calls[f"{name} decide(at=)"] = (partial(_decide, regime), list(inputs))
        calls[f"{name} verdict(at=)"] = (partial(_verdict, regime), list(inputs))
    samples: dict[str, list[int]] = {name: [] for name in calls}
    rounds = 4 if quick else 10
    for round_ in range(rounds):
        for name, (call, inputs) in calls.items():
            samples[name] += time_calls(call, inputs[round_::rounds])
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
    for variant, what in (
        ("licensed", f"with {LICENSES:,} licenses"),
        ("licensed, parties", f"with {LICENSES:,} licenses and two parties"),
    ):
        for engine in ("decide", "verdict"):
            ratio = median_us(samples[f"{variant} {engine}(at=)"]) / median_us(
                samples[f"base {engine}(at=)"]
            )
            verdict = "PASS" if ratio <= TARGET else "FAIL"
            print(
                f"  {verdict}  {engine} median {what} / without at R={RULES} "
                f"E={APPROVED}: {ratio:.2f}x (target <= {TARGET}x)"
            )
    return 0


def _decide(regime: Regime, question: tuple[Access, dt.datetime]) -> object:
    return regime.decide(question[0], at=question[1])


def _verdict(regime: Regime, question: tuple[Access, dt.datetime]) -> object:
    return regime.verdict(question[0], at=question[1])


if __name__ == "__main__":
    sys.exit(main())
