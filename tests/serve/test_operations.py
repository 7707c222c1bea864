"""Running the service: the bearer token, reloading regimes, the decision log.

Regimes reload atomically when a regime file changes or on SIGHUP, and a
reload that fails keeps the regimes in use and says why; the token guards
every endpoint but `/healthz`; every decision logged can be replayed.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import aicontrols as ac

from .shared import require_extras

require_extras()

TOKEN = "s3cret-token"
WAIT_SECONDS = 20.0
PRIYA = {
    "id": "priya",
    "properties": {"kind": "individual", "citizenships": [{"country": "IN"}]},
}


def fable(on: str | None = "2026-06-15") -> dict[str, Any]:
    """Priya (an Indian national) using Fable 5 through the API in the US."""
    context: dict[str, Any] = {"location": "US"}
    if on is not None:
        context["on"] = on
    return {
        "subject": PRIYA,
        "resource": {"id": "fable-5"},
        "action": {"name": "hosted-api"},
        "context": context,
    }


def wait_for(
    server: Any, condition: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """Poll `GET /v1/regimes` until `condition` holds (the reload is asynchronous)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        state: dict[str, Any] = server.client.get("/v1/regimes").json()
        if condition(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def touch(path: Path, text: str) -> None:
    """Write `text` and move the modification time on by a second, so that the
    change shows whatever the file system's timestamp resolution."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


@pytest.fixture
def regime_file(tmp_path: Path) -> Path:
    """The `mythos5` example written as a regime file of its own."""
    path = tmp_path / "us.yaml"
    path.write_text(ac.dump_regime(ac.examples.load("mythos5")), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def guarded(serving: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`mythos5` behind a bearer token (from a file), logging its decisions."""
    folder = tmp_path_factory.mktemp("guarded")
    (folder / "token").write_text(f"{TOKEN}\n", encoding="utf-8")
    log = folder / "decisions.jsonl"
    server = serving(
        ["mythos5"], "--token-file", str(folder / "token"), "--log-decisions", str(log)
    )
    server.decisions = log
    return server


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class TestToken:
    def test_missing_token(self, guarded: Any) -> None:
        """Without the token: 401, saying how to send one, with `WWW-Authenticate`."""
        response = guarded.post("/access/v1/evaluation", fable())
        assert 401 == response.status_code
        assert 'Bearer realm="aicontrols"' == response.headers["WWW-Authenticate"]
        assert (
            "this server needs a bearer token: send the header "
            "`Authorization: Bearer <token>`"
        ) == response.json()["error"]["message"]

    @pytest.mark.parametrize("header", ["Bearer nope", "Basic czNjcmV0", TOKEN])
    def test_wrong_token(self, guarded: Any, header: str) -> None:
        """Another token, or another scheme: 401."""
        response = guarded.post(
            "/access/v1/evaluation", fable(), headers={"Authorization": header}
        )
        assert (401, "wrong bearer token") == (
            response.status_code,
            response.json()["error"]["message"],
        )

    def test_right_token(self, guarded: Any) -> None:
        """With the token every endpoint answers; `/healthz` needs none."""
        response = guarded.post("/access/v1/evaluation", fable(), headers=bearer())
        assert (200, "license_required") == (
            response.status_code,
            response.json()["context"]["verdict"],
        )
        assert 401 == guarded.client.get("/v1/regimes").status_code
        assert 200 == guarded.client.get("/v1/regimes", headers=bearer()).status_code
        assert {"status": "ok", "regimes": 1, "generation": 1} == (
            guarded.client.get("/healthz").json()
        )


class TestDecisionLog:
    def test_every_decision_replays(self, guarded: Any) -> None:
        """Each logged decision, its request posted again, gets the same
        answer: the same verdict, reason and replay token, the server clock's
        instant included."""
        first = len(_records(guarded.decisions))
        asked = [
            guarded.post("/access/v1/evaluation", fable(), headers=bearer()),
            guarded.post("/access/v1/evaluation", fable(on=None), headers=bearer()),
            guarded.post(
                "/access/v1/evaluations",
                {
                    "subject": PRIYA,
                    "action": {"name": "web-app"},
                    "evaluations": [
                        {
                            "resource": {"id": "mythos-5"},
                            "context": {"on": "2026-06-27"},
                        },
                        {"resource": {"id": "fable-6"}},
                        {"resource": {"id": "fable-5"}},
                    ],
                },
                headers=bearer(),
            ),
            guarded.post("/v1/decide", fable(), headers=bearer()),
        ]
        records = _records(guarded.decisions)[first:]
        # one record per decision: two singles, two of three in the batch, one decide
        assert 5 == len(records)
        ids = [asked[0].json()["context"]["decision_id"]]
        ids.append(asked[1].json()["context"]["decision_id"])
        batch = asked[2].json()["evaluations"]
        ids += [batch[0]["context"]["decision_id"], batch[2]["context"]["decision_id"]]
        ids.append(asked[3].headers["AIControls-Decision-Id"])
        assert ids == [r["id"] for r in records]
        fingerprints = guarded.client.get("/v1/regimes", headers=bearer()).json()
        for record in records:
            assert fingerprints["fingerprints"] == record["fingerprints"]
            endpoint = (
                "/v1/decide"
                if record["endpoint"] == "/v1/decide"
                else ("/access/v1/evaluation")
            )
            again = guarded.post(endpoint, record["request"], headers=bearer()).json()
            if endpoint == "/v1/decide":
                assert record["answer"] == again
                continue
            logged, replayed = record["answer"]["context"], again["context"]
            assert logged.pop("decision_id") != replayed.pop("decision_id")
            assert {**logged, "at_source": "request"} == replayed
        assert "server clock" == records[1]["answer"]["context"]["at_source"]
        assert (
            records[1]["answer"]["context"]["at"]
            == records[1]["request"]["context"]["at"]
        )


def _records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class TestReload:
    def test_a_changed_file_is_reloaded(self, serving: Any, regime_file: Path) -> None:
        """Edit a regime file and the server answers with the new regime,
        without a restart; `GET /v1/regimes` shows the new fingerprint."""
        server = serving([regime_file])
        assert "license_required" == _verdict(server)
        before = server.client.get("/v1/regimes").json()
        text = regime_file.read_text(encoding="utf-8")
        touch(
            regime_file, text.replace("effective: 2026-06-12", "effective: 2026-06-20")
        )
        after = wait_for(server, lambda s: s["generation"] == 2)
        assert 2 == after["generation"]
        assert before["fingerprints"] != after["fingerprints"]
        assert str(regime_file) in after["watching"][0]
        assert "permitted" == _verdict(server)
        assert "reloaded (a regime file changed): generation 2" in server.log_text()

    def test_a_failed_reload_keeps_the_regimes(
        self, serving: Any, regime_file: Path
    ) -> None:
        """A broken edit is refused: the old regimes keep answering, and the
        failure is logged and shown, naming the file and line."""
        server = serving([regime_file])
        before = server.client.get("/v1/regimes").json()
        text = regime_file.read_text(encoding="utf-8")
        touch(
            regime_file, text.replace("effective: 2026-06-12", "efective: 2026-06-12")
        )
        after = wait_for(server, lambda s: s["last_reload_failure"] is not None)
        failure = after["last_reload_failure"]
        assert "a regime file changed" == failure["reason"]
        assert f"{regime_file}:" in failure["error"]
        assert "unknown key `efective` (did you mean `effective`?)" in failure["error"]
        assert (before["generation"], before["fingerprints"]) == (
            after["generation"],
            after["fingerprints"],
        )
        assert "license_required" == _verdict(server)
        assert "reload (a regime file changed) failed, keeping the regimes" in (
            server.log_text()
        )
        touch(regime_file, text)  # mended: the next change reloads
        mended = wait_for(server, lambda s: s["last_reload_failure"] is None)
        assert (2, before["fingerprints"]) == (
            mended["generation"],
            mended["fingerprints"],
        )

    def test_sighup_reloads(self, serving: Any, regime_file: Path) -> None:
        """SIGHUP reloads every regime, changed or not."""
        server = serving([regime_file, "ai-diffusion-2025"])
        server.process.send_signal(signal.SIGHUP)
        after = wait_for(server, lambda s: s["generation"] == 2)
        assert 2 == after["generation"]
        assert "reloaded (SIGHUP): generation 2" in server.log_text()


def _verdict(server: Any) -> str:
    answer = server.post("/access/v1/evaluation", fable()).json()
    verdict: str = answer["context"]["verdict"]
    return verdict
