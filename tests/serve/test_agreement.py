"""The HTTP service answers as the Python API does (`aicontrols serve`).

The README's ten-line example and 1,000 random accesses over the bundled
regimes' catalogs, asked over HTTP of a real server on 127.0.0.1 through both
AuthZEN endpoints and `/v1/decide`, get the verdicts, reasons, validity and
replay tokens that `aicontrols.decide` gives in this process.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any, NamedTuple

import pytest

import aicontrols as ac

from .shared import (
    BUNDLED,
    answered_context,
    expected_context,
    random_cases,
    require_extras,
)

require_extras()

README_DAYS = ("2026-06-11", "2026-06-15", "2026-06-27")
README_LABELS = [
    ("mythos-5", "2026-06-11", "PERMITTED"),
    ("mythos-5", "2026-06-15", "LICENSE REQUIRED"),
    ("mythos-5", "2026-06-27", "PERMITTED"),
    ("fable-5", "2026-06-11", "PERMITTED"),
    ("fable-5", "2026-06-15", "LICENSE REQUIRED"),
    ("fable-5", "2026-06-27", "LICENSE REQUIRED"),
]
PRIYA = {
    "type": "recipient",
    "id": "priya",
    "properties": {
        "kind": "individual",
        "citizenships": [{"country": "IN"}],
        "employments": [{"employer": "anthropic"}],
    },
}


def priya() -> ac.Entity:
    return ac.Entity(
        "priya",
        kind="individual",
        citizenships=[ac.Citizenship("IN")],
        employments=[ac.Employment("anthropic")],
    )


def readme(item: str, day: str) -> dict[str, Any]:
    """One question of the README's ten lines, as an AuthZEN evaluation."""
    return {
        "subject": PRIYA,
        "resource": {"type": "item", "id": item},
        "action": {"name": "hosted-api"},
        "context": {"location": "US", "on": day},
    }


@pytest.fixture(scope="module")
def mythos(serving: Any) -> Any:
    """A server of the bundled `mythos5` regime."""
    return serving(["mythos5"])


@pytest.fixture(scope="module")
def bundled(serving: Any) -> Any:
    """A server of every bundled regime, combined (not measuring coverage:
    the other modules cover its code, and measuring slows 3,000 questions)."""
    return serving(list(BUNDLED), measure=False)


class Expected(NamedTuple):
    """What the Python API answers to one random access."""

    evaluation: dict[str, Any]
    permitted: bool
    context: dict[str, Any]  # as `expected_context` gives it
    decision_json: dict[str, Any]


@pytest.fixture(scope="module")
def cases() -> list[Expected]:
    """1,000 random accesses over the bundled regimes' catalogs, each with
    the combined decision of the Python API (worked out once)."""
    regimes = [ac.examples.load(name) for name in BUNDLED]
    found = []
    for case in random_cases(regimes, 1_000, seed=19):
        decision = ac.decide(regimes, case.access, **case.when)
        found.append(
            Expected(
                case.evaluation,
                decision.permitted,
                expected_context(decision),
                decision.to_dict(),
            )
        )
    return found


class TestReadme:
    def test_single_evaluations_give_the_readme_verdicts(self, mythos: Any) -> None:
        """`POST /access/v1/evaluation` gives the README's six verdicts, and the
        reason and replay token of `regime.decide`."""
        us = ac.examples.load("mythos5")
        labels = []
        for item, day, _ in README_LABELS:
            answer = mythos.post("/access/v1/evaluation", readme(item, day)).json()
            decision = us.decide(ac.Access(priya(), item, "hosted-api", "US"), on=day)
            labels.append((item, day, ac.Verdict(answer["context"]["verdict"]).label))
            assert expected_context(decision) == answered_context(answer["context"])
            assert decision.permitted is answer["decision"]
        assert README_LABELS == labels

    def test_one_batch_gives_the_same(self, mythos: Any) -> None:
        """`POST /access/v1/evaluations` with the subject, action and location as
        defaults answers the six questions in order, as one by one."""
        body = {
            "subject": PRIYA,
            "action": {"name": "hosted-api"},
            "context": {"location": "US"},
            "evaluations": [
                {
                    "resource": {"id": item},
                    "context": {"location": "US", "on": day},
                }
                for item, day, _ in README_LABELS
            ],
        }
        batch = mythos.post("/access/v1/evaluations", body).json()["evaluations"]
        singles = [
            mythos.post("/access/v1/evaluation", readme(item, day)).json()
            for item, day, _ in README_LABELS
        ]
        assert singles == batch

    def test_decide_gives_the_decision_json(self, mythos: Any) -> None:
        """`POST /v1/decide` answers `Decision.to_dict()` exactly."""
        us = ac.examples.load("mythos5")
        for item, day, _ in README_LABELS:
            response = mythos.post("/v1/decide", readme(item, day))
            decision = us.decide(ac.Access(priya(), item, "hosted-api", "US"), on=day)
            assert (200, decision.to_dict()) == (response.status_code, response.json())
            assert "request" == response.headers["AIControls-At-Source"]


class TestRandomAccesses:
    def test_single_evaluations(self, bundled: Any, cases: list[Expected]) -> None:
        """1,000 random accesses, one request each, under the four bundled
        regimes combined: the answers of `aicontrols.decide`."""
        for case in cases:
            answer = bundled.post("/access/v1/evaluation", case.evaluation).json()
            assert case.context == answered_context(answer["context"])
            assert case.permitted is answer["decision"]

    def test_batches(self, bundled: Any, cases: list[Expected]) -> None:
        """The same 1,000 in one batch: the same answers, in order."""
        body = {"evaluations": [case.evaluation for case in cases]}
        answers = bundled.post("/access/v1/evaluations", body).json()["evaluations"]
        assert [c.context for c in cases] == [
            answered_context(a["context"]) for a in answers
        ]
        verdicts = {a["context"]["verdict"] for a in answers}
        assert {"permitted", "license_required"} <= verdicts  # not all one answer

    def test_the_same_accesses_at_other_instants(self, bundled: Any) -> None:
        """Accesses asked again at other instants (each read once less its
        instant, then asked at every new one): at each, the answer of
        `aicontrols.decide` there, and a naive instant still refused."""
        regimes = [ac.examples.load(name) for name in BUNDLED]
        asked = [c for c in random_cases(regimes, 300, seed=20) if "at" in c.when]
        hours = [
            f"2026-06-{d:02d}T{h:02d}:30:00Z" for d in (11, 12, 15) for h in (3, 17)
        ]
        evaluations, expected = [], []
        for case in asked:
            for at in hours:
                context = {**case.evaluation["context"], "at": at}
                evaluations.append({**case.evaluation, "context": context})
                expected.append(
                    expected_context(ac.decide(regimes, case.access, at=at))
                )
        body = {"evaluations": evaluations}
        answers = bundled.post("/access/v1/evaluations", body).json()["evaluations"]
        assert expected == [answered_context(a["context"]) for a in answers]
        naive = {**evaluations[0]["context"], "at": "2026-06-27T12:00:00"}
        body = {"evaluations": [evaluations[0], {**evaluations[0], "context": naive}]}
        answers = bundled.post("/access/v1/evaluations", body).json()["evaluations"]
        [problem] = answers[1]["context"]["error"]["problems"]
        assert "/evaluations/1/context/at" == problem["pointer"]
        assert "has no UTC offset" in problem["message"]

    def test_decide(self, bundled: Any, cases: list[Expected]) -> None:
        """The same 1,000 through `/v1/decide`: the combined Decision JSON."""
        for case in cases:
            response = bundled.post("/v1/decide", case.evaluation)
            assert (200, case.decision_json) == (response.status_code, response.json())

    def test_fingerprints_name_the_regimes(self, bundled: Any) -> None:
        """Every answer names the regimes' fingerprints, as `GET /v1/regimes` does."""
        regimes = bundled.client.get("/v1/regimes").json()
        expected = {r.id: r.fingerprint for r in map(ac.examples.load, BUNDLED)}
        assert expected == regimes["fingerprints"]
        assert [r.id for r in map(ac.examples.load, BUNDLED)] == [
            r["id"] for r in regimes["regimes"]
        ]
        answer = bundled.post("/access/v1/evaluation", readme_like()).json()
        assert expected == answer["context"]["fingerprints"]


def readme_like() -> dict[str, Any]:
    """A question every bundled regime can answer (facts given)."""
    return {
        "subject": PRIYA,
        "resource": {"id": "m", "properties": {"developer": "anthropic"}},
        "action": {"name": "hosted-api"},
        "context": {"on": "2026-06-27"},
    }


class TestServerClock:
    def test_no_instant_is_the_server_clock(self, mythos: Any) -> None:
        """Without `at` or `on` the server decides at its own clock, and says so."""
        body = {
            "subject": {"id": "other-corp"},
            "resource": {"id": "mythos-5"},
            "action": {"name": "hosted-api"},
        }
        context = mythos.post("/access/v1/evaluation", body).json()["context"]
        assert ("server clock", None) == (context["at_source"], context["on"])
        instant = context["at"]
        assert instant.endswith("+00:00")
        # the instant named is the one decided at: asked again, the same token
        again = {**body, "context": {"at": instant}}
        replay = mythos.post("/access/v1/evaluation", again).json()["context"]
        assert ("request", context["replay_token"]) == (
            replay["at_source"],
            replay["replay_token"],
        )
        decided = mythos.post("/v1/decide", body)
        assert "server clock" == decided.headers["AIControls-At-Source"]


def test_importing_aicontrols_does_not_import_starlette() -> None:
    """`import aicontrols` (and its command line, and `aicontrols.serve`
    itself) never loads the server's dependencies: the core install stays as
    it is."""
    code = (
        "import sys, aicontrols, aicontrols.cli; "
        "print(sorted(m for m in ('starlette', 'uvicorn', 'httpx', "
        "'aicontrols.serve') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "[]" == out.strip()
    code = (
        "import sys, aicontrols.serve; "
        "print(sorted(m for m in ('starlette', 'uvicorn') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "[]" == out.strip()  # the server's modules load with `create_app`
