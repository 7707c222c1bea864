"""Benchmark: aicontrols against Cedar (`cedarpy`) on one synthetic scenario.

Run from the repository root, with cedarpy installed (`pip install -e '.[dev]'`
brings it, and pyarrow for `aicontrols.audit`)::

    python benchmarks/bench_cedar.py          # full run (a few minutes)
    python benchmarks/bench_cedar.py --quick  # smoke run (under a minute)

One scenario, on a grid R x E: R dated restrictions (one per model, each on a
few deployment modes, for foreign persons) and one later exemption for the
employees of E approved organisations. It is encoded as an aicontrols `Regime`
built from `Notice` objects, and twice for Cedar: one `forbid` per rule, and
one `forbid` reading each rule's date and modes from its model entity. Before
anything is timed, every engine must give the verdict of a plain-Python reading
of the scenario on hand-picked and random requests; the script exits 1 if one
does not. It then prints single-decision
latency (median and p99, nearest rank, one `time.perf_counter_ns` pair per
call, after a warm-up), the cost per decision in batches, build times, the
ratios aicontrols/cedarpy and pass/fail lines against the issue's targets.
Inputs are deterministic: a fixed seed and fixed dates. See
`benchmarks/README.md` for what each column means.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.metadata
import json
import math
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from _shared import (
    EXEMPTION_ON,
    FOREIGN_COUNTRIES,
    MODES,
    NEW_YORK,
    ORG_COUNTRIES,
    PERSONS,
    QUERY_FROM,
    QUERY_MINUTES,
    RULES_DAYS,
    RULES_FROM,
    SEED,
    TZ_NAME,
    UNAPPROVED_ORGS,
    arguments,
    median_us,
    micros,
    model_items,
    percentile,
    platform_line,
    render,
    rule_notices,
    seconds,
    show_us,
    time_calls,
    title,
)

import aicontrols
from aicontrols import (
    Access,
    Citizenship,
    ControlledItem,
    Employment,
    Entity,
    EntityKind,
    Regime,
    Residency,
    Verdict,
)
from aicontrols.exceptions import QueryError

try:
    import cedarpy
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit(
        "bench_cedar.py needs cedarpy: pip install -e '.[dev]' "
        "(or pip install 'cedarpy>=4.12')"
    )

UNRULED = "model-unruled"  # in both catalogs; no rule names it
TERRITORY = frozenset({"US"})  # the regime's territory: its jurisdiction alone

RULES_GRID = (10, 100, 1_000)
APPROVED_GRID = (40, 4_000)
BATCH = 1_000
RANDOM_CHECKS = 200

CEDAR_VERDICT = {True: Verdict.PERMITTED, False: Verdict.LICENSE_REQUIRED}


# ---------------------------------------------------------------- the scenario


@dataclass(frozen=True)
class Person:
    """One individual: citizenships, a US permanent residency or not, one employer."""

    id: str
    citizenships: tuple[str, ...]
    resident: bool
    employer: str
    approved: bool

    @property
    def foreign(self) -> bool:
        """Not a citizen or permanent resident of the territory (50 U.S.C. 4801(5))."""
        return not (TERRITORY.intersection(self.citizenships) or self.resident)


@dataclass
class Spec:
    """The scenario as plain data: what both encodings are generated from."""

    rules: int
    approved: int
    days: list[dt.date]  # restriction i's effective date
    modes_of: dict[str, tuple[str, ...]]  # model id -> the modes its rule covers
    approved_ids: list[str]
    other_ids: list[str]
    org_country: dict[str, str]
    persons: list[Person]

    @property
    def name(self) -> str:
        return f"R={self.rules} E={self.approved}"


def scenario(rules: int, approved: int, seed: int) -> Spec:
    """R restrictions on R models, one exemption for E orgs, 1,000 persons."""
    rng = random.Random(f"{seed}-{rules}-{approved}")
    approved_ids = [f"approved-{k}" for k in range(approved)]
    other_ids = [f"other-{k}" for k in range(UNAPPROVED_ORGS)]
    org_country = {o: rng.choice(ORG_COUNTRIES) for o in (*approved_ids, *other_ids)}
    days: list[dt.date] = []
    modes_of: dict[str, tuple[str, ...]] = {}
    for i in range(rules):
        modes_of[f"model-{i}"] = tuple(sorted(rng.sample(MODES, rng.randint(2, 4))))
        days.append(RULES_FROM + dt.timedelta(days=rng.randrange(RULES_DAYS + 1)))
    persons: list[Person] = []
    for k in range(PERSONS):
        roll = rng.random()
        other = rng.choice(FOREIGN_COUNTRIES)
        resident = False
        if roll < 0.25:
            citizenships: tuple[str, ...] = ("US",)
        elif roll < 0.35:
            citizenships = ("US", other)
        elif roll < 0.40:
            citizenships, resident = (other,), True
        else:
            citizenships = (other,)
        is_approved = rng.random() < 0.5
        employer = rng.choice(approved_ids if is_approved else other_ids)
        persons.append(
            Person(f"person-{k}", citizenships, resident, employer, is_approved)
        )
    return Spec(
        rules, approved, days, modes_of, approved_ids, other_ids, org_country, persons
    )


def midnight(day: dt.date) -> dt.datetime:
    """The start of a calendar day in the regime's zone."""
    return dt.datetime.combine(day, dt.time(), tzinfo=NEW_YORK)


@dataclass(frozen=True)
class Request:
    """One question, before either engine's encoding; `expected` if hand-picked."""

    person: Person
    item: str
    mode: str
    at: dt.datetime
    label: str = ""
    expected: Verdict | None = None


def spec_verdict(spec: Spec, request: Request) -> Verdict:
    """The scenario read directly: the oracle both engines are checked against."""
    modes = spec.modes_of.get(request.item)
    if modes is None or request.mode not in modes or not request.person.foreign:
        return Verdict.PERMITTED
    t = micros(request.at)
    if t < micros(midnight(spec.days[int(request.item.split("-")[1])])):
        return Verdict.PERMITTED
    if request.person.approved and t >= micros(midnight(EXEMPTION_ON)):
        return Verdict.PERMITTED
    return Verdict.LICENSE_REQUIRED


# ---------------------------------------------------------------- aicontrols


def regime_inputs(spec: Spec) -> dict[str, Any]:
    """The `Regime(...)` keyword arguments: Entity, ControlledItem, Notice objects."""
    orgs = [
        Entity(org, kind=EntityKind.COMPANY, country=country)
        for org, country in spec.org_country.items()
    ]
    persons = [
        Entity(
            p.id,
            kind=EntityKind.INDIVIDUAL,
            citizenships=[Citizenship(c) for c in p.citizenships],
            residencies=[Residency("US")] if p.resident else [],
            employments=[Employment(p.employer)],
        )
        for p in spec.persons
    ]
    items = model_items(spec.rules)
    items.append(ControlledItem(UNRULED, name="A model no rule names"))
    notices = rule_notices(spec.days, spec.modes_of, spec.approved_ids)
    return {
        "jurisdiction": "US",
        "timezone": TZ_NAME,
        "entities": [*orgs, *persons],
        "items": items,
        "notices": notices,
    }


def build_regime(spec: Spec, inputs: dict[str, Any]) -> Regime:
    return Regime(f"cedar-bench-r{spec.rules}-e{spec.approved}", **inputs)


def to_access(request: Request) -> tuple[Access, dt.datetime]:
    """The person by catalog id (as Cedar names it), every location `US`."""
    access = Access(request.person.id, request.item, request.mode, location="US")
    return access, request.at


# ---------------------------------------------------------------- Cedar


def uid(kind: str, id_: str) -> dict[str, str]:
    return {"type": kind, "id": id_}


def cedar_entities(spec: Spec, model_attrs: Callable[[str], dict[str, Any]]) -> str:
    """Persons (attribute `foreign`, parent: their employer), orgs, the group, models.

    Each approved organisation has the parent `Group::"approved"`, so
    `principal in Group::"approved"` is one lookup in the transitive closure
    that `Entities.from_json_str` computes once.
    """
    approved = uid("Group", "approved")
    entities: list[dict[str, Any]] = [{"uid": approved, "attrs": {}, "parents": []}]
    for org, country in spec.org_country.items():
        entities.append(
            {
                "uid": uid("Org", org),
                "attrs": {"country": country},
                "parents": [approved] if org.startswith("approved-") else [],
            }
        )
    for p in spec.persons:
        entities.append(
            {
                "uid": uid("Person", p.id),
                "attrs": {"foreign": p.foreign},
                "parents": [uid("Org", p.employer)],
            }
        )
    for model in (*spec.modes_of, UNRULED):
        entities.append(
            {"uid": uid("Model", model), "attrs": model_attrs(model), "parents": []}
        )
    return json.dumps(entities)


def encode_rules(spec: Spec) -> tuple[str, str]:
    """Encoding A: one `forbid` per restriction, with its own constants; a `permit`.

    This mirrors the regime rule for rule, as a policy author would write it.
    Cedar reads every policy on every request, so its cost grows with R.
    """
    exempt = micros(midnight(EXEMPTION_ON))
    parts = []
    for i, day in enumerate(spec.days):
        actions = ", ".join(f'Action::"{m}"' for m in spec.modes_of[f"model-{i}"])
        parts.append(
            f'@id("r{i}")\n'
            f"forbid (principal is Person, action in [{actions}], "
            f'resource == Model::"model-{i}")\n'
            f"when {{ principal.foreign && context.t >= {micros(midnight(day))} }}\n"
            f"unless {{ context.t >= {exempt} && "
            f'principal in Group::"approved" }};'
        )
    parts.append('@id("default")\npermit (principal, action, resource);')
    return "\n\n".join(parts) + "\n", cedar_entities(spec, lambda _: {})


def encode_data(spec: Spec) -> tuple[str, str]:
    """Encoding B: one `forbid` for all restrictions; each rule's date and modes
    are attributes of its model (`since`, `modes`); a `permit`.

    This works here because all R restrictions have one shape (foreign persons,
    one exemption); a regime of varied rules needs one policy per shape.
    """
    exempt = micros(midnight(EXEMPTION_ON))
    policy = (
        '@id("restrictions")\n'
        "forbid (principal is Person, action, resource is Model)\n"
        "when { resource has since && principal.foreign && "
        "context.t >= resource.since && resource.modes.contains(action) }\n"
        f"unless {{ context.t >= {exempt} && "
        'principal in Group::"approved" };\n\n'
        '@id("default")\npermit (principal, action, resource);\n'
    )

    def attrs(model: str) -> dict[str, Any]:
        if model not in spec.modes_of:
            return {}
        return {
            "since": micros(midnight(spec.days[int(model.split("-")[1])])),
            "modes": [{"__entity": uid("Action", m)} for m in spec.modes_of[model]],
        }

    return policy, cedar_entities(spec, attrs)


@dataclass
class Encoding:
    """One Cedar encoding of a cell: its text, and the handles parsed once."""

    policy_text: str
    entities_json: str
    policies: Any = None  # cedarpy.PolicySet
    entities: Any = None  # cedarpy.Entities

    def __post_init__(self) -> None:
        self.policies = cedarpy.PolicySet.from_str(self.policy_text)
        self.entities = cedarpy.Entities.from_json_str(self.entities_json)


CEDAR_ENCODINGS: dict[str, Callable[[Spec], tuple[str, str]]] = {
    "cedar-rules": encode_rules,
    "cedar-data": encode_data,
}


def to_cedar(request: Request) -> dict[str, Any]:
    """A request with structured uids and the context already a JSON string.

    Both are cedarpy's fastest forms: a dict uid skips Cedar's surface-syntax
    parser, and a string context skips a `json.dumps` and a copy per call.
    """
    return {
        "principal": {"type": "Person", "id": request.person.id},
        "action": {"type": "Action", "id": request.mode},
        "resource": {"type": "Model", "id": request.item},
        "context": json.dumps({"t": micros(request.at)}),
    }


def cedar_verdict(result: Any) -> Verdict:
    """Allow -> PERMITTED, Deny -> LICENSE_REQUIRED; an evaluation error is fatal."""
    errors = result.diagnostics.errors
    if errors:
        raise RuntimeError(f"Cedar evaluation error: {errors}")
    return CEDAR_VERDICT[result.decision is cedarpy.Decision.Allow]


# ---------------------------------------------------------------- requests


def random_requests(spec: Spec, count: int, seed: str) -> list[Request]:
    """Random (person, model, mode, instant); mostly a mode the model's rule covers."""
    rng = random.Random(f"{SEED}-{seed}-{spec.rules}-{spec.approved}")
    models = list(spec.modes_of)
    out: list[Request] = []
    for _ in range(count):
        item = UNRULED if rng.random() < 0.02 else rng.choice(models)
        covered = spec.modes_of.get(item, MODES)
        mode = rng.choice(covered) if rng.random() < 0.8 else rng.choice(MODES)
        at = QUERY_FROM + dt.timedelta(minutes=rng.randrange(QUERY_MINUTES))
        out.append(Request(rng.choice(spec.persons), item, mode, at))
    return out


def hand_picked(spec: Spec) -> list[Request]:
    """Requests at the edges: each kind of person, just before and at each date."""
    P, L = Verdict.PERMITTED, Verdict.LICENSE_REQUIRED
    k = spec.rules // 2
    item = f"model-{k}"
    mode = spec.modes_of[item][0]
    other_mode = next(m for m in MODES if m not in spec.modes_of[item])
    rule_at = midnight(spec.days[k])
    exempt_at = midnight(EXEMPTION_ON)
    tick = dt.timedelta(microseconds=1)
    after_rule = rule_at + dt.timedelta(days=1, hours=9)
    later = dt.datetime(2027, 3, 15, 12, tzinfo=NEW_YORK)

    def first(test: Callable[[Person], bool]) -> Person:
        return next(p for p in spec.persons if test(p))

    us_only = first(lambda p: p.citizenships == ("US",))
    dual = first(lambda p: len(p.citizenships) == 2)
    resident = first(lambda p: p.resident)
    outsider = first(lambda p: p.foreign and not p.approved)
    insider = first(lambda p: p.foreign and p.approved)
    us_insider = first(lambda p: not p.foreign and p.approved)

    def ask(p: Person, at: dt.datetime, label: str, v: Verdict, **kw: str) -> Request:
        return Request(p, kw.get("item", item), kw.get("mode", mode), at, label, v)

    return [
        ask(us_only, after_rule, "US citizen, after the rule", P),
        ask(us_only, later, "US citizen, after the exemption", P),
        ask(dual, after_rule, "US and foreign citizen, after the rule", P),
        ask(resident, after_rule, "foreign US permanent resident, after the rule", P),
        ask(us_insider, after_rule, "US citizen at an approved org, after rule", P),
        ask(outsider, rule_at - tick, "foreign, 1 µs before the rule", P),
        ask(outsider, rule_at, "foreign, at the rule's first instant", L),
        ask(outsider, after_rule, "foreign, after the rule", L),
        ask(outsider, exempt_at, "foreign, unapproved org, at the exemption", L),
        ask(outsider, later, "foreign, unapproved org, after the exemption", L),
        ask(insider, rule_at - tick, "foreign, approved org, before the rule", P),
        ask(insider, after_rule, "foreign, approved org, after rule", L),
        ask(insider, exempt_at - tick, "foreign, approved org, 1 µs before exempt.", L),
        ask(insider, exempt_at, "foreign, approved org, at the exemption", P),
        ask(insider, later, "foreign, approved org, after the exemption", P),
        ask(outsider, after_rule, "foreign, a mode not covered", P, mode=other_mode),
        ask(outsider, later, "foreign, a model no rule names", P, item=UNRULED),
        ask(outsider, midnight(RULES_FROM) - tick, "foreign, before every rule", P),
    ]


# ---------------------------------------------------------------- one cell


@dataclass
class Cell:
    """One (R, E) point: every encoding built, with the requests to time."""

    spec: Spec
    inputs: dict[str, Any]
    regime: Regime
    cedar: dict[str, Encoding]  # by engine key: "cedar-rules", "cedar-data"
    pool: list[Request]
    rows: dict[str, Row] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    audit_log: Any = None  # a pyarrow table of the batch, for aicontrols.audit
    # filled by `measure`: the timed calls and their raw samples (ns)
    latency: dict[str, tuple[Callable[[Any], object], list[Any]]] = field(
        default_factory=dict
    )
    batches: dict[str, tuple[Callable[[], object], int]] = field(default_factory=dict)
    samples: dict[str, list[int]] = field(default_factory=dict)
    batch_ns: dict[str, list[int]] = field(default_factory=dict)


def make_cell(rules: int, approved: int, pool_size: int) -> Cell:
    spec = scenario(rules, approved, SEED)
    inputs = regime_inputs(spec)
    return Cell(
        spec,
        inputs,
        build_regime(spec, inputs),
        {key: Encoding(*encode(spec)) for key, encode in CEDAR_ENCODINGS.items()},
        random_requests(spec, pool_size, "pool"),
    )


def audit_function() -> Callable[..., Any] | None:
    """`aicontrols.audit` (columnar, needs pyarrow), if this install can run it."""
    audit = getattr(aicontrols, "audit", None)
    if not callable(audit):
        return None
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return None
    return audit


def audit_log(requests: Sequence[Request]) -> Any:
    """The requests as a pyarrow table in the columns `aicontrols.audit` reads."""
    import pyarrow as pa

    return pa.table(
        {
            "recipient": [r.person.id for r in requests],
            "item": [r.item for r in requests],
            "mode": [r.mode for r in requests],
            "location": ["US"] * len(requests),
            "at": pa.array(
                [micros(r.at) for r in requests], type=pa.timestamp("us", tz="UTC")
            ),
        }
    )


def run_audit(regime: Regime, log: Any) -> list[Verdict]:
    """`aicontrols.audit(regime, log)`, its `verdict` column as `Verdict`s."""
    audit = audit_function()
    assert audit is not None
    return [Verdict(v) for v in audit(regime, log).column("verdict").to_pylist()]


def check(cell: Cell) -> tuple[list[str], str]:
    """Compare every engine with the scenario on hand-picked and random requests."""
    spec, regime = cell.spec, cell.regime
    has_verdict = hasattr(Regime, "verdict")
    problems: list[str] = []
    picked = hand_picked(spec)
    randoms = random_requests(spec, RANDOM_CHECKS, "check")
    batch = cell.pool[:BATCH]

    def report(
        group: str, r: Request, oracle: Verdict, answers: dict[str, Any]
    ) -> None:
        if all(v is oracle for v in answers.values()):
            return
        got = ", ".join(f"{k} {v.value}" for k, v in answers.items())
        problems.append(
            f"{spec.name} {group}{f' `{r.label}`' if r.label else ''}: {r.person.id} "
            f"(foreign={r.person.foreign}, approved={r.person.approved}) "
            f"{r.item} {r.mode} at {r.at.isoformat()}: the scenario says "
            f"{oracle.value}; got {got}"
        )

    for group, requests in (("hand-picked", picked), ("random", randoms)):
        for r in requests:
            access, at = to_access(r)
            oracle = spec_verdict(spec, r)
            if r.expected is not None and oracle is not r.expected:
                problems.append(f"{spec.name}: the oracle is wrong on `{r.label}`")
            answers = {"decide": regime.decide(access, at=at).verdict}
            if has_verdict:
                answers["verdict"] = regime.verdict(access, at=at)
            for key, enc in cell.cedar.items():
                answers[key] = cedar_verdict(
                    cedarpy.is_authorized(to_cedar(r), enc.policies, enc.entities)
                )
            report(group, r, oracle, answers)
    # the batches timed later must agree too, through the batch entry points
    batch_answers: dict[str, list[Verdict]] = {
        "decide": [regime.decide(a, at=t).verdict for a, t in map(to_access, batch)]
    }
    for key, enc in cell.cedar.items():
        results = cedarpy.is_authorized_batch(
            [to_cedar(r) for r in batch], enc.policies, enc.entities
        )
        batch_answers[f"{key} batch"] = [cedar_verdict(x) for x in results]
    if audit_function() is not None:
        try:
            cell.audit_log = audit_log(batch)
            batch_answers["audit"] = run_audit(regime, cell.audit_log)
        except (TypeError, ValueError, KeyError, QueryError) as error:
            cell.audit_log = None  # its API differs from the one this script knows
            cell.notes.append(f"aicontrols.audit not timed: {error!r}")
    for n, r in enumerate(batch):
        answers = {k: v[n] for k, v in batch_answers.items()}
        report(f"batch #{n}", r, spec_verdict(spec, r), answers)
    permitted = sum(spec_verdict(spec, r) is Verdict.PERMITTED for r in batch)
    engines = ["decide", *(["verdict"] if has_verdict else []), *cell.cedar]
    engines += ["audit"] if "audit" in batch_answers else []
    summary = (
        f"{spec.name}: {len(picked)} hand-picked, {len(randoms)} random, "
        f"{len(batch):,} batch requests (P {100 * permitted / len(batch):.0f}%); "
        f"{', '.join(engines)}"
    )
    return problems, summary


# ---------------------------------------------------------------- measuring


@dataclass
class Row:
    """One engine's figures in one cell (all durations in microseconds)."""

    samples: int = 0
    median_us: float = math.nan
    p99_us: float = math.nan
    batch_us: float = math.nan  # per decision, median over batches
    batches: int = 0
    build_us: float = math.nan
    build_note: str = ""


def time_batches(run: Callable[[], object], count: int) -> list[int]:
    """Nanoseconds of `count` calls of `run`, after one garbage collection."""
    clock = time.perf_counter_ns
    samples: list[int] = []
    if count:
        gc.collect()
    for _ in range(count):
        start = clock()
        run()
        samples.append(clock() - start)
    return samples


@dataclass
class Sizes:
    """How many samples each figure takes (full run or `--quick`)."""

    rules: tuple[int, ...]
    pool: int
    ai_samples: int
    cedar_samples: dict[int, int]  # by R
    ai_batches: int
    cedar_batches: dict[int, int]  # by R
    builds: int
    rounds: int
    warmup: int


FULL = Sizes(
    rules=RULES_GRID,
    pool=2_000,
    ai_samples=20_000,
    cedar_samples={10: 20_000, 100: 10_000, 1_000: 2_000},
    ai_batches=20,
    cedar_batches={10: 20, 100: 10, 1_000: 4},
    builds=5,
    rounds=10,
    warmup=1_000,
)
QUICK = Sizes(
    rules=(10, 100),
    pool=1_000,
    ai_samples=2_000,
    cedar_samples={10: 2_000, 100: 1_000},
    ai_batches=4,
    cedar_batches={10: 3, 100: 2},
    builds=1,
    rounds=3,
    warmup=200,
)


def cycle(pool: Sequence[Any], count: int) -> list[Any]:
    return [pool[n % len(pool)] for n in range(count)]


def measure(cell: Cell, sizes: Sizes) -> None:
    """Time the builds; set up and warm the latency and batch figures."""
    spec = cell.spec
    rows = cell.rows
    regime = cell.regime
    has_verdict = hasattr(Regime, "verdict")
    probe, probe_at = to_access(cell.pool[0])

    # build: aicontrols from ready-made objects, plus its first query
    ai_build: list[int] = []
    construct: list[int] = []
    first: list[int] = []
    fresh = regime
    for _ in range(sizes.builds):
        gc.collect()
        start = time.perf_counter_ns()
        fresh = build_regime(spec, cell.inputs)
        built = time.perf_counter_ns()
        fresh.decide(probe, at=probe_at)
        done = time.perf_counter_ns()
        ai_build.append(done - start)
        construct.append(built - start)
        first.append(done - built)
    # the lazy part the first query leaves: one index per (item, mode) queried
    pairs = list(dict.fromkeys((r.item, r.mode) for r in cell.pool))
    compile_s, _ = seconds(
        lambda: [
            fresh.decide(Access(probe.recipient, i, m), at=probe_at) for i, m in pairs
        ]
    )
    rows["decide"] = Row(
        build_us=median_us(ai_build),
        build_note=(
            f"Regime(...) {show_us(median_us(construct))} + first query "
            f"{show_us(median_us(first))}; then {len(pairs):,} (item, mode) "
            f"indexes {show_us(compile_s * 1e6)}"
        ),
    )
    # build: Cedar parses the policy text and the entity JSON
    for key, enc in cell.cedar.items():
        parse_ns: list[int] = []
        entities_ns: list[int] = []
        for _ in range(sizes.builds):
            gc.collect()
            start = time.perf_counter_ns()
            cedarpy.PolicySet.from_str(enc.policy_text)
            parsed = time.perf_counter_ns()
            cedarpy.Entities.from_json_str(enc.entities_json)
            entities_ns.append(time.perf_counter_ns() - parsed)
            parse_ns.append(parsed - start)
        rows[key] = Row(
            build_us=median_us(
                [a + b for a, b in zip(parse_ns, entities_ns, strict=True)]
            ),
            build_note=(
                f"PolicySet.from_str {show_us(median_us(parse_ns))} + "
                f"Entities.from_json_str {show_us(median_us(entities_ns))}"
            ),
        )

    # latency: the same pool of requests for every engine, cycled
    ai_inputs = cycle([to_access(r) for r in cell.pool], sizes.ai_samples)
    cedar_pool = [to_cedar(r) for r in cell.pool]
    decide = regime.decide
    calls: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        "decide": (lambda q: decide(q[0], at=q[1]), ai_inputs)
    }
    # batches: the first BATCH requests of the pool
    ai_batch = ai_inputs[:BATCH]

    def loop_decide() -> None:
        for access, at in ai_batch:
            decide(access, at=at)

    batch_calls: dict[str, tuple[Callable[[], object], int]] = {
        "decide": (loop_decide, sizes.ai_batches)
    }
    if has_verdict:
        verdict = regime.verdict
        calls["verdict"] = (lambda q: verdict(q[0], at=q[1]), ai_inputs)

        def loop_verdict() -> None:
            for access, at in ai_batch:
                verdict(access, at=at)

        batch_calls["verdict"] = (loop_verdict, sizes.ai_batches)
    log = cell.audit_log
    if log is not None:
        audit = audit_function()
        assert audit is not None
        batch_calls["audit"] = (lambda: audit(regime, log), sizes.ai_batches)
    for key, enc in cell.cedar.items():
        # the per-rule encoding grows with R; the data encoding does not
        by_rules = key == "cedar-rules"
        size = spec.rules if by_rules else min(sizes.cedar_samples)
        calls[key] = (
            partial(
                cedarpy.is_authorized, policies=enc.policies, entities=enc.entities
            ),
            cycle(cedar_pool, sizes.cedar_samples[size]),
        )
        batch_calls[key] = (
            partial(
                cedarpy.is_authorized_batch,
                cedar_pool[:BATCH],
                enc.policies,
                enc.entities,
            ),
            sizes.cedar_batches[size],
        )

    # warm-up: every index the pool needs is compiled; every engine has run
    for access, at in ai_inputs[: len(cell.pool)]:
        decide(access, at=at)
    for call, inputs in calls.values():
        for value in inputs[: min(sizes.warmup, len(inputs) // 10)]:
            call(value)
    cell.latency = calls
    cell.batches = batch_calls
    cell.samples = {name: [] for name in calls}
    cell.batch_ns = {name: [] for name in batch_calls}


def add_floor(cell: Cell, sizes: Sizes) -> None:
    """Time cedarpy with a permit-all policy: its cost when there is nothing to
    evaluate (same entities and requests as the data encoding), for context."""
    enc = cell.cedar["cedar-data"]
    floor = cedarpy.PolicySet.from_str("permit (principal, action, resource);")
    requests = cycle(
        [to_cedar(r) for r in cell.pool], min(sizes.cedar_samples.values())
    )
    call = partial(cedarpy.is_authorized, policies=floor, entities=enc.entities)
    for value in requests[: min(sizes.warmup, len(requests) // 10)]:
        call(value)
    cell.latency["cedar-floor"] = (call, requests)
    cell.samples["cedar-floor"] = []


def run_rounds(cells: Sequence[Cell], rounds: int) -> None:
    """Time every figure of every cell in round-robin chunks.

    Interleaving spreads slow phases of a shared machine over all cells and
    engines alike, so the ratios between them stay fair.
    """
    for round_ in range(rounds):
        for cell in cells:
            for name, (call, inputs) in cell.latency.items():
                cell.samples[name] += time_calls(call, inputs[round_::rounds])
            for name, (run, count) in cell.batches.items():
                share = count // rounds + (round_ < count % rounds)
                cell.batch_ns[name] += time_batches(run, share)


def summarise(cell: Cell) -> None:
    """Fill the cell's rows from its raw samples."""
    for name in (*cell.latency, *cell.batches):
        row = cell.rows.setdefault(name, Row())
        if name in cell.samples:
            ordered = sorted(cell.samples[name])
            row.samples = len(ordered)
            row.median_us = percentile(ordered, 0.5)
            row.p99_us = percentile(ordered, 0.99)
        if name in cell.batch_ns:
            row.batches = len(cell.batch_ns[name])
            row.batch_us = median_us(cell.batch_ns[name]) / BATCH


def settle(cell: Cell, duration: float) -> None:
    """Run the engines for a while untimed, so caches and the CPU clock settle."""
    ai = [to_access(r) for r in cell.pool[:200]]
    cedar = [to_cedar(r) for r in cell.pool[:200]]
    encodings = list(cell.cedar.values())
    deadline = time.perf_counter_ns() + int(duration * 1e9)
    while time.perf_counter_ns() < deadline:
        for (access, at), request in zip(ai, cedar, strict=True):
            cell.regime.decide(access, at=at)
            for enc in encodings:
                cedarpy.is_authorized(request, enc.policies, enc.entities)


# ---------------------------------------------------------------- report


def show_ratio(a: float, b: float) -> str:
    if math.isnan(a) or math.isnan(b):
        return "n/a"
    r = a / b
    return f"{r:.4f}x" if r < 0.01 else f"{r:.3f}x" if r < 1 else f"{r:.2f}x"


ENGINES = {
    "decide": "aicontrols decide(at=)",
    "verdict": "aicontrols verdict(at=)",
    "audit": "aicontrols.audit (batch only)",
    "cedar-rules": "cedarpy, a forbid per rule",
    "cedar-data": "cedarpy, rule data on models",
}
CEDARS = {"cedar-rules": "per-rule", "cedar-data": "data"}

# (Cedar encoding, engine) -> (issue, ((R, most aicontrols / cedarpy), ...)):
# issue #7's targets are against the per-rule encoding, whose cost grows with R;
# issue #16's against the best encoding (rule data on models), which does not.
RATIO_TARGETS = {
    ("cedar-rules", "decide"): ("#7", ((10, 0.1), (1_000, 0.005))),
    ("cedar-rules", "verdict"): ("#7", ((10, 0.1), (1_000, 0.005))),
    ("cedar-data", "decide"): ("#16", ((10, 0.1), (1_000, 0.1))),
    ("cedar-data", "verdict"): ("#16", ((10, 0.05), (1_000, 0.05))),
}


def results_table(cells: Sequence[Cell]) -> str:
    head = ("cell", "engine", "n", "median", "p99", "batch/dec", "build", "build note")
    out = []
    for cell in cells:
        for name, label in ENGINES.items():
            row = cell.rows.get(name, Row())
            out.append(
                (
                    cell.spec.name,
                    label,
                    f"{row.samples:,}" if row.samples else "",
                    show_us(row.median_us),
                    show_us(row.p99_us),
                    show_us(row.batch_us),
                    show_us(row.build_us) if row.build_note else "",
                    row.build_note,
                )
            )
    return render(head, out, 2)


def ratio_table(cells: Sequence[Cell]) -> str:
    """aicontrols / cedarpy, per cell, against each Cedar encoding."""
    pairs = [
        ("decide", "median_us", "decide"),
        ("verdict", "median_us", "verdict"),
        ("decide", "batch_us", "batch decide"),
        ("audit", "batch_us", "batch audit"),
        ("decide", "build_us", "build"),
    ]
    head = ["cell"]
    for _, _, label in pairs:
        head += [f"{label} / {short}" for short in CEDARS.values()]
    out = []
    for cell in cells:
        line = [cell.spec.name]
        for engine, column, _ in pairs:
            ours = getattr(cell.rows.get(engine, Row()), column)
            for key in CEDARS:
                line.append(show_ratio(ours, getattr(cell.rows[key], column)))
        out.append(line)
    return render(head, out, 1)


def targets(cells: Sequence[Cell]) -> list[str]:
    """Pass/fail lines against the issue's targets (reported, never fatal)."""
    by = {(c.spec.rules, c.spec.approved): c.rows for c in cells}
    top = max(c.spec.rules for c in cells)
    lines: list[str] = []

    def line(ok: bool, text: str) -> None:
        lines.append(f"{'PASS' if ok else 'FAIL'}  {text}")

    engines = ["decide", *(["verdict"] if "verdict" in cells[0].rows else [])]
    for engine in engines:
        for (key, target_engine), (issue, bounds) in RATIO_TARGETS.items():
            if target_engine != engine:
                continue
            for rules, bound in bounds:
                for approved in APPROVED_GRID:
                    rows = by.get((rules, approved))
                    if rows is None:
                        continue
                    r = rows[engine].median_us / rows[key].median_us
                    line(
                        r <= bound,
                        f"{engine} median / cedarpy ({CEDARS[key]}) median at "
                        f"R={rules} E={approved}: {r:.4f}x (target <= {bound}x, "
                        f"{issue})",
                    )
        for approved in APPROVED_GRID:
            big, small = by.get((top, approved)), by.get((10, approved))
            if big is None or small is None or top == 10:
                continue
            r = big[engine].median_us / small[engine].median_us
            note = "" if top == 1_000 else "; the target is for R=1000"
            line(
                r <= 1.5,
                f"{engine} median R={top} / R=10 at E={approved}: {r:.2f}x "
                f"(target <= 1.5x{note})",
            )
        for rules in sorted({c.spec.rules for c in cells}):
            r = by[(rules, 4_000)][engine].median_us / by[(rules, 40)][engine].median_us
            line(
                r <= 1.2,
                f"{engine} median E=4000 / E=40 at R={rules}: {r:.2f}x "
                "(target <= 1.2x)",
            )
        for c in cells:
            row = c.rows[engine]
            r = row.p99_us / row.median_us
            line(
                r <= 3,
                f"{engine} p99 / median at {c.spec.name}: {r:.2f}x (target <= 3x)",
            )
    return lines


def cedar_scaling(cells: Sequence[Cell]) -> list[str]:
    """For context: how each Cedar encoding's median moves with R and E."""
    by = {(c.spec.rules, c.spec.approved): c.rows for c in cells}
    grid = sorted({c.spec.rules for c in cells})
    top = grid[-1]
    out = []
    for key, short in CEDARS.items():
        by_r = ", ".join(
            f"{show_ratio(by[(top, e)][key].median_us, by[(10, e)][key].median_us)} "
            f"at E={e}"
            for e in APPROVED_GRID
        )
        by_e = ", ".join(
            f"{show_ratio(by[(r, 4_000)][key].median_us, by[(r, 40)][key].median_us)} "
            f"at R={r}"
            for r in grid
        )
        out.append(
            f"cedarpy ({short}) median R={top} / R=10: {by_r}; E=4000 / E=40: {by_e}"
        )
    return out


def audit_version() -> str:
    if audit_function() is None:
        return "n/a (no aicontrols.audit, or no pyarrow)"
    return f"yes (pyarrow {importlib.metadata.version('pyarrow')})"


def cpu_model() -> str:
    """The processor's model name, from /proc/cpuinfo where there is one."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: Sequence[str] | None = None) -> int:
    parser = arguments(
        __doc__, "a smoke run (R in 10, 100; fewer samples): under a minute"
    )
    quick = parser.parse_args(argv).quick
    sizes = QUICK if quick else FULL
    began = time.perf_counter_ns()
    print(title(f"against cedarpy {importlib.metadata.version('cedarpy')}", quick))
    print(f"{platform_line()}; {cpu_model()}, {os.cpu_count()} CPUs")
    print(
        f"Regime.verdict: {'yes' if hasattr(Regime, 'verdict') else 'n/a'}; "
        f"aicontrols.audit: {audit_version()}"
    )
    print()

    cells = [
        make_cell(rules, approved, sizes.pool)
        for rules in sizes.rules
        for approved in APPROVED_GRID
    ]
    print("Agreement (before timing)")
    problems: list[str] = []
    for cell in cells:
        found, summary = check(cell)
        problems += found
        print(f"  {summary}: {'agree' if not found else f'{len(found)} disagreements'}")
        for note in cell.notes:
            print(f"    {note}")
    if problems:
        print()
        print("DISAGREEMENT: the engines do not all give the scenario's verdict:")
        for problem in problems[:40]:
            print(f"  {problem}")
        if len(problems) > 40:
            print(f"  ... and {len(problems) - 40} more")
        return 1
    print()

    checked = time.perf_counter_ns()
    settle(cells[0], 0.5 if quick else 2.0)
    for cell in cells:
        measure(cell, sizes)
    add_floor(cells[0], sizes)
    prepared = time.perf_counter_ns()
    run_rounds(cells, sizes.rounds)
    timed = time.perf_counter_ns()
    for cell in cells:
        summarise(cell)
    print(results_table(cells))
    print()
    print(
        "Ratios aicontrols / cedarpy, against each Cedar encoding "
        "(below 1: aicontrols is faster)"
    )
    print(ratio_table(cells))
    print()
    print(
        "Targets (reported only; issue #7's ratio targets assume a Cedar whose cost "
        "grows with R, as the per-rule encoding's does; issue #16's are against the "
        "best encoding)"
    )
    for text in targets(cells):
        print(f"  {text}")
    print()
    print("Cedar for context (no target)")
    for text in cedar_scaling(cells):
        print(f"  {text}")
    floor = cells[0].rows["cedar-floor"]
    print(
        f"  cedarpy floor: is_authorized with only `permit (principal, action, "
        f"resource);` ({cells[0].spec.name} entities and requests): median "
        f"{show_us(floor.median_us)}, p99 {show_us(floor.p99_us)}, "
        f"n {floor.samples:,}"
    )
    print()
    total = (time.perf_counter_ns() - began) / 1e9
    print(
        f"run took {total:.1f} s: building and checking {(checked - began) / 1e9:.1f} s, "
        f"build times and warm-up {(prepared - checked) / 1e9:.1f} s, "
        f"timed rounds {(timed - prepared) / 1e9:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
