"""Benchmark: the HTTP decision service (`aicontrols serve`) on the loopback.

Run from the repository root (needs the `serve` extra)::

    python benchmarks/bench_serve.py          # full run (about a minute)
    python benchmarks/bench_serve.py --quick  # smoke run (a few seconds)

It starts `aicontrols serve mythos5` in a subprocess on 127.0.0.1 and asks it
questions about the bundled `mythos5` regime: the four catalog companies and
200 described individuals (citizenships, residencies, employers), both items,
four modes and eight locations. Before anything is timed, every answer of a
sample (over `POST /access/v1/evaluation` and `/access/v1/evaluations`) must
give the verdict, reason and replay token that `aicontrols.decide` gives in
this process; the script exits 1 if one does not.

It then times, each bounded in count and in time:

- single evaluations, one `POST /access/v1/evaluation` per question on one
  kept-alive connection: p50 and p99 latency (client side: sending, the
  server's work, reading the answer), for distinct questions (each a new
  instant, so no answer is given twice) and for gateway traffic (2,000
  distinct questions, asked again and again, at the server's clock). Before
  anything is timed the server is asked the same accesses a second earlier,
  as a running gateway has asked about its users before: the regimes'
  indexes are compiled, and each access's answer is written once per piece
  of time its instants fall in (a new instant in the same piece takes that
  answer with its own instant and replay token);
- batches of 1,000 evaluations (`POST /access/v1/evaluations`), four in
  flight at once on kept-alive connections (the client reads answers with
  orjson, as a gateway's compiled parser would): decisions per
  second, for the same two kinds of traffic, and (no goal) for accesses
  the server has never been asked about (new recipients, 250 per batch:
  each read, compiled and decided at first sight);
- the peer: the same questions decided in this process (`aicontrols.decide`,
  then the reason, replay token and validity the answers carry).

Goals (issue #19): single evaluation p50 <= 1 ms; batches >= 50,000
decisions/s; each printed with PASS or FAIL. Inputs are deterministic (a fixed
seed); instants are fixed dates, and the server's clock is read only by the
server. Only the loopback interface is used.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson  # the client reads answers as a gateway's compiled parser would
from _shared import (
    SEED,
    arguments,
    median_us,
    percentile,
    platform_line,
    render,
    show_us,
    title,
)

import aicontrols as ac

REGIME = "mythos5"
CATALOG = ("anthropic", "acme-cloud", "us-agency", "other-corp")
ITEMS = ("mythos-5", "fable-5")
MODES = ("hosted-api", "web-app", "weights-transfer", "fine-tuning")
LOCATIONS = ("US", "US", "US", "IN", "DE", "CN", "GB", "SG")
COUNTRIES = ("IN", "CN", "DE", "GB", "FR", "JP", "BR", "CA", "US")
BATCH = 1_000
POOL = 2_000  # gateway traffic: distinct questions asked again and again
CONNECTIONS = 4  # batches in flight at once (a gateway's workers)
GOAL_P50_US = 1_000.0
GOAL_BATCH = 50_000.0
SRC = Path(__file__).resolve().parents[1] / "src"


def people(
    count: int, rng: random.Random, prefix: str = "person"
) -> list[dict[str, Any]]:
    """`count` described individuals, as AuthZEN subjects."""
    found = []
    for k in range(count):
        facts: dict[str, Any] = {
            "kind": "individual",
            "citizenships": [{"country": rng.choice(COUNTRIES)}],
        }
        if rng.random() < 0.1:
            facts["residencies"] = [{"country": "US"}]
        if rng.random() < 0.5:
            facts["employments"] = [{"employer": rng.choice(CATALOG)}]
        found.append({"id": f"{prefix}-{k}", "properties": facts})
    return found


def subjects(rng: random.Random) -> list[dict[str, Any]]:
    """The catalog companies and 200 described individuals, as AuthZEN subjects."""
    return [{"id": c} for c in CATALOG] + people(200, rng)


def instant(second: int) -> str:
    """The instant `second` seconds after 2026-06-01T00:00-04:00, as RFC 3339."""
    day, rest = divmod(second, 86_400)
    month, day = (6, day + 1) if day < 30 else (7, day - 29)
    clock = f"{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"
    return f"2026-{month:02d}-{day:02d}T{clock}-04:00"


def questions(
    count: int, who: list[dict[str, Any]], rng: random.Random, *, timed: bool
) -> list[dict[str, Any]]:
    """`count` evaluations; with `timed`, each at its own instant over June and
    July 2026 (distinct questions: nothing is kept), else at the server's clock."""
    step = 60 * 86_400 // max(count, 1)
    found = []
    for k in range(count):
        context: dict[str, Any] = {"location": rng.choice(LOCATIONS)}
        if timed:
            context["at"] = instant(k * step)
        found.append(
            {
                "subject": rng.choice(who),
                "resource": {"id": rng.choice(ITEMS)},
                "action": {"name": rng.choice(MODES)},
                "context": context,
            }
        )
    return found


def shifted(asked: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same questions a second later: the same accesses, other answers (to
    warm the server's and the peer's indexes without keeping the answers)."""
    found = []
    for evaluation in asked:
        at = evaluation["context"]["at"]
        second = (int(at[17:19]) + 1) % 60
        context = {**evaluation["context"], "at": f"{at[:17]}{second:02d}{at[19:]}"}
        found.append({**evaluation, "context": context})
    return found


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start() -> tuple[subprocess.Popen[bytes], int]:
    """`aicontrols serve mythos5` on a free loopback port, once it answers."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path[1:]])}
    process = subprocess.Popen(
        [sys.executable, "-m", "aicontrols.cli", "serve", REGIME, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server exited: is the `serve` extra installed?")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("the server did not answer within 30 s")


class Client:
    """One kept-alive HTTP/1.1 connection (http.client: the cheapest client)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Content-Type": "application/json"}

    def post(self, path: str, body: bytes) -> bytes:
        self.connection.request("POST", path, body, self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            sys.exit(f"unexpected {response.status} from {path}: {data[:300]!r}")
        return data


# ---------------------------------------------------------------- agreement


def _access(evaluation: dict[str, Any]) -> tuple[ac.Access, dict[str, str]]:
    """The Python question an evaluation asks (the peer's input)."""
    subject = evaluation["subject"]
    recipient: ac.Entity | str = subject["id"]
    facts = subject.get("properties")
    if facts:
        recipient = ac.Entity(
            subject["id"],
            kind="individual",
            citizenships=[ac.Citizenship(c["country"]) for c in facts["citizenships"]],
            residencies=[
                ac.Residency(r["country"]) for r in facts.get("residencies", [])
            ],
            employments=[
                ac.Employment(e["employer"]) for e in facts.get("employments", [])
            ],
        )
    context = evaluation["context"]
    access = ac.Access(
        recipient,
        evaluation["resource"]["id"],
        evaluation["action"]["name"],
        context["location"],
    )
    return access, {"at": context["at"]}


def peer(
    regimes: list[ac.Regime], asked: Sequence[tuple[ac.Access, dict[str, str]]]
) -> list[tuple[str, str, str]]:
    """The peer: decide in process, and read what an answer carries."""
    found = []
    for access, when in asked:
        decision = ac.decide(regimes, access, **when)
        decision.valid_until  # noqa: B018 - an answer carries it
        found.append(
            (decision.verdict.value, decision.reason_code, decision.replay_token)
        )
    return found


def agree(
    client: Client, regimes: list[ac.Regime], sample: list[dict[str, Any]]
) -> None:
    """Every answer of `sample` over both endpoints equals the peer's; exit 1 if not."""
    expected = peer(regimes, [_access(e) for e in sample])
    singles = [
        json.loads(client.post("/access/v1/evaluation", json.dumps(e).encode()))
        for e in sample
    ]
    batch = json.loads(
        client.post(
            "/access/v1/evaluations", json.dumps({"evaluations": sample}).encode()
        )
    )
    for answers, how in (
        (singles, "evaluation"),
        (batch["evaluations"], "evaluations"),
    ):
        got = [
            (
                a["context"]["verdict"],
                a["context"]["reason"],
                a["context"]["replay_token"],
            )
            for a in answers
        ]
        if got != expected:
            bad = next(
                i for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e
            )
            print(
                f"DISAGREE over /access/v1/{how}: {sample[bad]}: {got[bad]} != {expected[bad]}"
            )
            sys.exit(1)
    verdicts = sorted({v for v, _, _ in expected})
    print(
        f"agreement: {len(sample):,} questions over both AuthZEN endpoints give the "
        f"verdicts, reasons and replay tokens of aicontrols.decide ({', '.join(verdicts)})"
    )


# ---------------------------------------------------------------- timing


def time_singles(
    client: Client, asked: list[dict[str, Any]], budget: float
) -> list[int]:
    """Nanoseconds per `POST /access/v1/evaluation`, until `budget` seconds."""
    bodies = [json.dumps(e).encode() for e in asked]
    samples = []
    clock = time.perf_counter_ns
    deadline = clock() + int(budget * 1e9)
    for body in bodies:
        start = clock()
        client.post("/access/v1/evaluation", body)
        samples.append(clock() - start)
        if samples[-1] + start > deadline:
            break
    return samples


def time_batches(
    port: int, batches: list[list[dict[str, Any]]], count: int, seconds: float
) -> tuple[int, float]:
    """(decisions, seconds) for `count` batches, sent over `CONNECTIONS` (4)
    kept-alive connections at once (as a gateway's workers would: while one
    client reads its answers, the server answers another), taken from
    `batches` in turn, or as many as `seconds` allow."""
    bodies = [json.dumps({"evaluations": b}).encode() for b in batches]
    clients = [Client(port) for _ in range(CONNECTIONS)]
    lock = threading.Lock()
    state = {"next": 0, "decided": 0}
    start = time.perf_counter()

    def work(client: Client) -> None:
        while True:
            with lock:
                k = state["next"]
                state["next"] += 1
            if k >= count or time.perf_counter() - start > seconds:
                return
            body = bodies[k % len(bodies)]
            answers = orjson.loads(client.post("/access/v1/evaluations", body))
            with lock:
                state["decided"] += len(answers["evaluations"])

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return state["decided"], time.perf_counter() - start


def time_peer(
    regimes: list[ac.Regime], asked: list[tuple[ac.Access, dict[str, str]]]
) -> tuple[list[int], float]:
    """Nanoseconds per in-process decision, and decisions per second."""
    clock = time.perf_counter_ns
    samples = []
    for access, when in asked:
        start = clock()
        decision = ac.decide(regimes, access, **when)
        _ = (decision.reason_code, decision.replay_token, decision.valid_until)
        samples.append(clock() - start)
    return samples, len(samples) / (sum(samples) / 1e9)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the server, check agreement, time, print the goals."""
    parser = arguments(__doc__, "a smoke run (a few seconds)")
    quick = parser.parse_args(argv).quick
    print(title("HTTP decision service (aicontrols serve)", quick))
    import starlette
    import uvicorn

    print(
        platform_line(
            f"starlette {starlette.__version__}", f"uvicorn {uvicorn.__version__}"
        )
    )
    rng = random.Random(SEED)
    regimes = [ac.examples.load(REGIME)]
    singles = 1_000 if quick else 10_000
    batches = 3 if quick else 30  # of distinct questions: each one new
    traffic_seconds = 2.0 if quick else 10.0  # gateway traffic, steady
    budget = 5.0 if quick else 20.0
    who = subjects(rng)
    distinct = questions(singles + batches * BATCH + 200, who, rng, timed=True)
    pool = questions(POOL, who, rng, timed=False)
    warm = shifted(distinct)
    # accesses never asked before: new recipients (first sight, no goal)
    newcomers = people(BATCH, rng, prefix="newcomer")
    fresh = [
        questions(
            BATCH, newcomers[k * BATCH // 4 : (k + 1) * BATCH // 4], rng, timed=True
        )
        for k in range(1 if quick else 4)
    ]
    process, port = start()
    try:
        client = Client(port)
        agree(client, regimes, distinct[-200:])
        # warm: the same accesses at other instants compile the indexes, so
        # that the server, like the peer, is timed warm
        for k in range(0, len(warm), BATCH):
            body = json.dumps({"evaluations": warm[k : k + BATCH]}).encode()
            client.post("/access/v1/evaluations", body)
        results: dict[str, Any] = {}
        results["single, distinct"] = time_singles(client, distinct[:singles], budget)
        traffic = [rng.choice(pool) for _ in range(singles)]
        results["single, gateway traffic"] = time_singles(client, traffic, budget)
        timed_batches = [
            distinct[singles + k * BATCH : singles + (k + 1) * BATCH]
            for k in range(batches)
        ]
        results["batch, distinct"] = time_batches(port, timed_batches, batches, budget)
        results["batch, new accesses"] = time_batches(port, fresh, len(fresh), budget)
        traffic_batches = [rng.sample(pool, BATCH) for _ in range(50)]
        # the pool read once, as a running gateway's questions are
        time_batches(port, traffic_batches, 2, budget)
        results["batch, gateway traffic"] = time_batches(
            port, traffic_batches, 1_000, traffic_seconds
        )
    finally:
        process.terminate()
        process.wait(timeout=15)
    asked = [_access(e) for e in distinct[:singles]]
    peer(regimes, [_access(e) for e in warm[:singles]])  # warm, as the server was
    peer_samples, peer_rate = time_peer(regimes, asked)
    peer_samples.sort()
    rows = []
    for name in ("single, distinct", "single, gateway traffic"):
        found = sorted(results[name])
        rows.append(
            (
                f"HTTP {name}",
                f"{len(found):,}",
                show_us(median_us(found)),
                show_us(percentile(found, 0.99)),
                f"{len(found) / (sum(found) / 1e9):,.0f}",
            )
        )
    for name in ("batch, distinct", "batch, new accesses", "batch, gateway traffic"):
        decided, seconds = results[name]
        rows.append(
            (
                f"HTTP {name} of {BATCH:,}",
                f"{decided:,}",
                show_us(seconds * 1e6 / decided),
                "",
                f"{decided / seconds:,.0f}",
            )
        )
    rows.append(
        (
            "in process (peer), distinct",
            f"{len(peer_samples):,}",
            show_us(median_us(peer_samples)),
            show_us(percentile(peer_samples, 0.99)),
            f"{peer_rate:,.0f}",
        )
    )
    print(
        render(
            ("what", "decisions", "p50 (batch: mean)", "p99", "decisions/s"), rows, 1
        )
    )
    print()
    p50 = median_us(sorted(results["single, distinct"]))
    print(
        f"  {'PASS' if p50 <= GOAL_P50_US else 'FAIL'}  single evaluation p50 (distinct questions): {show_us(p50)} (goal <= 1 ms)"
    )
    for name in ("batch, gateway traffic", "batch, distinct"):
        decided, seconds = results[name]
        rate = decided / seconds
        print(
            f"  {'PASS' if rate >= GOAL_BATCH else 'FAIL'}  {name}: {rate:,.0f} decisions/s (goal >= {GOAL_BATCH:,.0f})"
        )
    single = median_us(sorted(results["single, distinct"])) / median_us(peer_samples)
    print(f"  single evaluation over HTTP / in process: {single:.0f}x the median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
