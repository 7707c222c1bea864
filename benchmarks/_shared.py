"""What the benchmark scripts share: inputs, timing helpers and report formatting.

Not a benchmark and not a test (pytest's `testpaths` leave `benchmarks/` out).
The scripts run as `python benchmarks/bench_x.py`, so this folder is
`sys.path[0]` and they `import _shared` from any working directory.

- The synthetic regime of `bench_decide.py` and `bench_growth.py` (R
  restrictions on R models, one exemption for employees of E approved
  organisations, 1,000 individuals) and its random queries; `rule_notices` also
  serves `bench_cedar.py`'s scenario.
- The access log of `bench_columnar.py` and `bench_growth.py` (the catalog
  companies and a population of individuals under `mythos5`), generated with
  numpy; numpy and pyarrow are imported only when a log is made.
- Timing (one `perf_counter_ns` pair per call, nearest-rank percentiles) and
  formatting (durations, fixed-width tables, the title and platform lines).

Every input is fixed by `SEED` and fixed dates; the wall clock is never read for
a date.
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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

SEED = 20260627
TZ_NAME = "America/New_York"
NEW_YORK = zoneinfo.ZoneInfo(TZ_NAME)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MYTHOS_AT = dt.datetime(2026, 6, 27, 12, tzinfo=NEW_YORK)

# The synthetic regime: restrictions take effect over 2024-01-01 .. 2026-06-30,
# the exemption on 2026-09-01; queries fall anywhere in 2024-01-01 .. 2027-12-31.
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
PERSONS = 1_000  # individuals in a synthetic regime, and in the access log

# The access log, under the bundled `mythos5` regime.
CATALOG = ("anthropic", "acme-cloud", "us-agency", "other-corp")
ITEMS = ("mythos-5", "fable-5")
LOG_MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning")
CATALOG_LOCATIONS = ("US", "US", "US", "IN", "DE")
CATALOG_SHARE = 0.1  # the share of rows whose recipient is a catalog company
YEAR_FROM = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
YEAR_UNTIL = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


# ---------------------------------------------------------------- measuring


def percentile(sorted_ns: Sequence[int], fraction: float) -> float:
    """The nearest-rank percentile of sorted nanosecond samples, in microseconds."""
    rank = max(1, math.ceil(fraction * len(sorted_ns)))
    return sorted_ns[rank - 1] / 1_000


def median_us(samples_ns: Sequence[int]) -> float:
    """The median of nanosecond samples (any order), in microseconds."""
    return percentile(sorted(samples_ns), 0.5)


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


def seconds(call: Callable[[], Any]) -> tuple[float, Any]:
    """The duration of one call, after a garbage collection, and its result."""
    gc.collect()
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def settle(duration: float) -> None:
    """Run decisions for `duration` seconds untimed, so caches and the CPU clock
    settle."""
    regime = aicontrols.examples.load("mythos5")
    access = Access("other-corp", "fable-5", "weights-transfer", location="US")
    deadline = time.perf_counter_ns() + int(duration * 1e9)
    while time.perf_counter_ns() < deadline:
        for _ in range(100):
            regime.decide(access, at=MYTHOS_AT).verdict  # noqa: B018


def fresh() -> Regime:
    """A newly loaded `mythos5` (`examples.load` returns one shared, warm object)."""
    return aicontrols.load_regime(aicontrols.examples.path("mythos5"))


# ---------------------------------------------------------------- report


def show_us(value: float) -> str:
    """A duration given in microseconds, for people: `12.34 µs`, `456 µs`, `7.8 ms`."""
    if math.isnan(value):
        return "n/a"
    if value >= 1_000_000:
        return f"{value / 1_000_000:,.2f} s"
    if value >= 10_000:
        return f"{value / 1_000:,.1f} ms"
    if value >= 100:
        return f"{value:,.0f} µs"
    return f"{value:.2f} µs"


def show_s(value: float) -> str:
    """Seconds for people: `1.23 s`, `456 ms`, `7.89 ms`, `12.3 µs`."""
    if value >= 1:
        return f"{value:,.2f} s"
    if value >= 0.1:
        return f"{value * 1e3:,.0f} ms"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} µs"


def render(
    head: Sequence[str],
    cells: Sequence[Sequence[str]],
    left: int = 0,
    *,
    pad_last: bool = True,
) -> str:
    """A fixed-width table: the first `left` columns left-aligned, the rest right.

    With `pad_last=False` the last column (a free-text note) is not padded.
    """
    widths = [max(len(row[i]) for row in (head, *cells)) for i in range(len(head))]
    lines = []
    for row in (head, *cells):
        parts = [
            f"{c:<{w}}" if i < left else f"{c:>{w}}"
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        if not pad_last:
            parts[-1] = row[-1]
        lines.append("  ".join(parts).rstrip())
    rule = "-" * max(len(line) for line in lines)
    return "\n".join([lines[0], rule, *lines[1:]])


def title(what: str, quick: bool) -> str:
    """The first line of a report: `aicontrols 0.1.0 <what> (--quick), seed N`."""
    return (
        f"aicontrols {aicontrols.__version__} {what}"
        f"{' (--quick)' if quick else ''}, seed {SEED}"
    )


def platform_line(*versions: str) -> str:
    """`Python 3.11.7 (CPython), numpy 2.4.6 on Linux-...`: the run's platform."""
    with_versions = "".join(f", {v}" for v in versions)
    return (
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})"
        f"{with_versions} on {platform.platform()}"
    )


def arguments(doc: str | None, quick: str | None = None) -> argparse.ArgumentParser:
    """The script's parser, described by its docstring's first line; `--quick` with
    the help text `quick`, if given."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    if quick is not None:
        parser.add_argument("--quick", action="store_true", help=quick)
    return parser


# ---------------------------------------------------------------- synthetic regime


def rule_notices(
    days: Sequence[dt.date],
    modes_of: Mapping[str, tuple[str, ...]],
    approved_ids: Sequence[str],
) -> list[Notice]:
    """Restriction `r{i}` on `model-{i}` for foreign persons in the model's modes,
    each by its own notice effective `days[i]`; then one exemption notice,
    effective `EXEMPTION_ON`, lifting them all for the employees of
    `approved_ids`."""
    notices = [
        Notice(
            f"notice-{i}",
            title=f"Rule on model {i}",
            published=day,
            effective=day,
            adds=[
                Restriction(
                    f"r{i}",
                    items=ItemIs(f"model-{i}"),
                    modes=ModeIs(modes_of[f"model-{i}"]),
                    recipients=ForeignPerson(),
                )
            ],
        )
        for i, day in enumerate(days)
    ]
    notices.append(
        Notice(
            "exemption-notice",
            title="Approved organisations",
            published=EXEMPTION_ON,
            effective=EXEMPTION_ON,
            adds=[
                Exemption(
                    "approved-orgs",
                    lifts=[f"r{i}" for i in range(len(days))],
                    recipients=EmployedBy(approved_ids),
                )
            ],
        )
    )
    return notices


def model_items(rules: int) -> list[ControlledItem]:
    """The catalog entries `model-0` .. `model-{rules - 1}`."""
    return [ControlledItem(f"model-{i}", name=f"Model {i}") for i in range(rules)]


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
    modes_of = {
        f"model-{i}": tuple(sorted(rng.sample(MODES, rng.randint(2, 4))))
        for i in range(rules)
    }
    days = [
        RULES_FROM + dt.timedelta(days=(i * RULES_DAYS) // max(1, rules - 1))
        for i in range(rules)
    ]
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
        "timezone": TZ_NAME,
        "entities": orgs,
        "items": model_items(rules),
        "notices": rule_notices(days, modes_of, approved_ids),
    }
    return Synthetic(rules, approved, kwargs, persons, modes_of)


def build(spec: Synthetic) -> Regime:
    """Construct the regime from the prepared inputs (what build time measures)."""
    return Regime(f"synthetic-r{spec.rules}-e{spec.approved}", **spec.kwargs)


def random_queries(
    spec: Synthetic,
    count: int,
    pool_items: int,
    rng: random.Random,
    *,
    dates: bool = False,
) -> tuple[list[Access], list[dt.datetime], list[dt.date]]:
    """Random (person, item, mode, instant) on `pool_items` of the items, and a
    random date for each with `dates` (else no dates)."""
    pool = rng.sample(sorted(spec.modes_of), min(pool_items, len(spec.modes_of)))
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
        if dates:
            days.append(QUERY_FROM.date() + dt.timedelta(days=rng.randrange(4 * 365)))
    return accesses, instants, days


def first_queries(spec: Synthetic, accesses: Iterable[Access]) -> list[Access]:
    """One access per (item, mode) the queries use: each first one compiles an index."""
    pairs = dict.fromkeys((a.item_id, a.mode_name) for a in accesses)
    person = spec.persons[0]
    return [Access(person, item, mode) for item, mode in pairs]


# ---------------------------------------------------------------- access log


def micros(moment: dt.datetime) -> int:
    """Microseconds since the epoch of an aware datetime (exact, no floats)."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


@dataclass
class Population:
    """Per recipient (the 4 catalog companies first, then individuals): its cells."""

    names: list[str]
    citizenships: list[str | None]
    residencies: list[str | None]
    employers: list[str | None]
    home: list[str | None]  # an individual's fixed location; None for a company


def population(persons: int, seed: int) -> Population:
    """The catalog companies and `persons` individuals with fixed facts."""
    import numpy as np

    countries = len(FOREIGN_COUNTRIES)
    rng = np.random.default_rng([seed, persons])
    roll = rng.random(persons)
    first = rng.integers(0, countries, persons)
    second = (first + rng.integers(1, countries, persons)) % countries
    employed = rng.random(persons) < 0.5
    employer = rng.integers(0, len(CATALOG), persons)
    abroad = rng.random(persons) < 0.2
    home_abroad = rng.integers(0, countries, persons)
    pop = Population(
        list(CATALOG), [None] * 4, [None] * 4, [None] * 4, [None] * len(CATALOG)
    )
    for k in range(persons):
        a, b = FOREIGN_COUNTRIES[first[k]], FOREIGN_COUNTRIES[second[k]]
        residency = None
        if roll[k] < 0.15:
            citizenships = "US"
        elif roll[k] < 0.25:
            citizenships = f"US;{a}"
        elif roll[k] < 0.32:
            citizenships = f"{a};{b}"
        elif roll[k] < 0.37:
            citizenships, residency = a, "US"  # a US permanent resident
        else:
            citizenships = a
        pop.names.append(f"person-{k}")
        pop.citizenships.append(citizenships)
        pop.residencies.append(residency)
        pop.employers.append(CATALOG[employer[k]] if employed[k] else None)
        pop.home.append(FOREIGN_COUNTRIES[home_abroad[k]] if abroad[k] else "US")
    return pop


def dictionary(values: Sequence[str | None], codes: np.ndarray) -> pa.DictionaryArray:
    """`values[codes]` as a dictionary array (unique values; None becomes null)."""
    import numpy as np
    import pyarrow as pa

    unique = sorted({v for v in values if v is not None})
    position = {v: i for i, v in enumerate(unique)}
    code_of = np.array(
        [-1 if v is None else position[v] for v in values], dtype=np.int32
    )
    indices = code_of[codes]
    return pa.DictionaryArray.from_arrays(
        pa.array(indices, mask=indices < 0), pa.array(unique, pa.string())
    )


def access_log(rows: int, persons: int, seed: int) -> pa.Table:
    """A deterministic log of `rows` accesses, with dictionary-encoded key columns."""
    import numpy as np
    import pyarrow as pa

    pop = population(persons, seed)
    rng = np.random.default_rng([seed, persons, rows])
    company = rng.random(rows) < CATALOG_SHARE
    recipient = np.where(
        company,
        rng.integers(0, len(CATALOG), rows),
        len(CATALOG) + rng.integers(0, persons, rows),
    )
    # an individual is always at home; a company's rows come from several places
    places = sorted({*FOREIGN_COUNTRIES, "US"})
    home = np.array(
        [-1 if h is None else places.index(h) for h in pop.home], dtype=np.int32
    )
    spots = np.array([places.index(c) for c in CATALOG_LOCATIONS], dtype=np.int32)
    location = np.where(
        company, spots[rng.integers(0, len(spots), rows)], home[recipient]
    )
    del company
    at = rng.integers(micros(YEAR_FROM), micros(YEAR_UNTIL), rows, dtype=np.int64)
    return pa.table(
        {
            "recipient": dictionary(pop.names, recipient),
            "citizenships": dictionary(pop.citizenships, recipient),
            "residencies": dictionary(pop.residencies, recipient),
            "employers": dictionary(pop.employers, recipient),
            "item": pa.DictionaryArray.from_arrays(
                pa.array(rng.integers(0, len(ITEMS), rows, dtype=np.int32)),
                pa.array(ITEMS),
            ),
            "mode": pa.DictionaryArray.from_arrays(
                pa.array(rng.integers(0, len(LOG_MODES), rows, dtype=np.int32)),
                pa.array(LOG_MODES),
            ),
            "location": pa.DictionaryArray.from_arrays(
                pa.array(location), pa.array(places)
            ),
            "at": pa.array(at, type=pa.timestamp("us", tz="UTC")),
        }
    )
