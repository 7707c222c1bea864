"""What the HTTP service's tests share: the skip, and random accesses.

The random accesses are drawn, with a fixed seed, from the bundled regimes'
catalogs (entities and items written as a regime file writes them, so the
server reads them with the loader) and a population of individuals, each
described both as request JSON and as the `Access` the Python API is asked.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
from typing import Any, NamedTuple

import pytest

import aicontrols as ac

SKIP = (
    "the HTTP decision service needs the `serve` extra and httpx: "
    "pip install 'aicontrols[serve]' httpx"
)


def require_extras() -> None:
    """Skip the calling module without Starlette, uvicorn, orjson or httpx."""
    for name in ("starlette", "uvicorn", "orjson", "httpx"):
        try:
            importlib.import_module(name)
        except ImportError as error:
            pytest.skip(f"{SKIP} ({error})", allow_module_level=True)


BUNDLED = ac.examples.names()
COUNTRIES = ("US", "IN", "CN", "DE", "GB", "RU", "SG", "MY", "AE", "FR")
LOCATIONS = (None, "US", "CN", "IN", "DE", "MY", "AE", "GB")
OFFSETS = ("Z", "-04:00", "+08:00", "+05:30")


class Case(NamedTuple):
    """One random access: the request's evaluation and the Python question."""

    evaluation: dict[str, Any]
    access: ac.Access
    when: dict[str, str]  # `on=` or `at=`


def _catalog(regime: ac.Regime) -> dict[str, list[dict[str, Any]]]:
    """A regime's catalog as its file writes it (JSON)."""
    data = json.loads(ac.dump_regime(regime, format="json"))
    catalog: dict[str, list[dict[str, Any]]] = data.get("catalog", {})
    return catalog


def _facts(described: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in described.items() if k != "id"}


def random_cases(regimes: list[ac.Regime], count: int, seed: int) -> list[Case]:
    """`count` random accesses over the catalogs of `regimes`, each recipient
    and item described by its facts, so that every regime can decide it."""
    rng = random.Random(seed)
    entities = [
        (regime, raw)
        for regime in regimes
        for raw in _catalog(regime).get("entities", [])
    ]
    items = [
        (regime, raw) for regime in regimes for raw in _catalog(regime).get("items", [])
    ]
    people = []
    for k in range(50):
        facts: dict[str, Any] = {
            "kind": "individual",
            "citizenships": [{"country": rng.choice(COUNTRIES)}],
        }
        if rng.random() < 0.5:
            employer = rng.choice(entities)[1]["id"]
            facts["employments"] = [{"employer": employer}]
        if rng.random() < 0.2:
            facts["residencies"] = [{"country": "US", "start": "2025-03-01"}]
        people.append((f"person-{k}", facts))
    modes = list(ac.DeploymentMode.STANDARD)
    cases = []
    for _ in range(count):
        if rng.random() < 0.5:
            regime, raw = rng.choice(entities)
            ident, facts = raw["id"], _facts(raw)
            recipient = regime.entity(ident)
        else:
            ident, facts = rng.choice(people)
            recipient = _person(ident, facts)
        item_regime, raw_item = rng.choice(items)
        location = rng.choice(LOCATIONS)
        context: dict[str, Any] = {} if location is None else {"location": location}
        day = f"{rng.choice((2024, 2025, 2026))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.5:
            when = {"on": day}
        else:
            time = f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
            when = {"at": day + time + rng.choice(OFFSETS)}
        context.update(when)
        mode = rng.choice(modes)
        evaluation = {
            "subject": {"type": "recipient", "id": ident, "properties": facts},
            "resource": {
                "type": "item",
                "id": raw_item["id"],
                "properties": _facts(raw_item),
            },
            "action": {"name": mode},
            "context": context,
        }
        access = ac.Access(recipient, item_regime.item(raw_item["id"]), mode, location)
        cases.append(Case(evaluation, access, when))
    return cases


def _person(ident: str, facts: dict[str, Any]) -> ac.Entity:
    """The individual `facts` describe, built with the Python API."""
    return ac.Entity(
        ident,
        kind="individual",
        citizenships=[ac.Citizenship(c["country"]) for c in facts["citizenships"]],
        residencies=[
            ac.Residency(r["country"], start=dt.date.fromisoformat(r["start"]))
            for r in facts.get("residencies", ())
        ],
        employments=[
            ac.Employment(e["employer"]) for e in facts.get("employments", ())
        ],
    )


def expected_context(decision: ac.Decision) -> dict[str, Any]:
    """What an AuthZEN answer's context must say of `decision`."""
    return {
        "verdict": decision.verdict.value,
        "reason": decision.reason_code,
        "replay_token": decision.replay_token,
        "valid_from": None
        if decision.valid_from is None
        else decision.valid_from.isoformat(),
        "valid_until": None
        if decision.valid_until is None
        else decision.valid_until.isoformat(),
        "missing_facts": list(decision.missing_facts),
        "citations": [c.source for c in decision.citations],
    }


def answered_context(context: dict[str, Any]) -> dict[str, Any]:
    """The same fields of an answer's context (citations by source)."""
    found = {
        k: context[k]
        for k in (
            "verdict",
            "reason",
            "replay_token",
            "valid_from",
            "valid_until",
            "missing_facts",
        )
    }
    found["citations"] = [c["source"] for c in context["citations"]]
    return found
