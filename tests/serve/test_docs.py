"""The HTTP pages' examples, run against a real `aicontrols serve`.

docs/reference/http.md shows a request and its answer, and an error: they are
posted to a server of the bundled `mythos5` regime and must be answered as
shown. docs/howto/gateway.md's ASGI middleware wraps a small model API and asks
the server; its Envoy configuration's checks are sent as Envoy sends them.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .shared import require_extras

require_extras()

DOCS = Path(__file__).resolve().parents[2] / "docs"
FENCE = "`" * 3


def block(page: str, marker: str) -> str:
    """The fenced block that follows `<!-- marker -->` on a page."""
    text = (DOCS / page).read_text(encoding="utf-8")
    after = text.split(f"<!-- {marker} -->", 1)[1]
    found = re.search(rf"^{FENCE}\w*\n(.*?)^{FENCE}$", after, flags=re.M | re.S)
    assert found is not None, marker
    return found.group(1)


def python_blocks(page: str) -> list[str]:
    """The page's fenced Python blocks, in order."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"^{FENCE}python\n(.*?)^{FENCE}$", text, flags=re.M | re.S)


@pytest.fixture(scope="module")
def server(serving: Any) -> Any:
    """The bundled `mythos5` regime, as the pages run it."""
    return serving(["mythos5"])


class TestReference:
    def test_the_example_is_answered_as_shown(self, server: Any) -> None:
        """http.md's request gets exactly http.md's answer."""
        request = json.loads(block("reference/http.md", "example: request"))
        shown = json.loads(block("reference/http.md", "example: answer"))
        response = server.post("/access/v1/evaluation", request)
        assert (200, shown) == (response.status_code, response.json())

    def test_the_error_is_answered_as_shown(self, server: Any) -> None:
        """http.md's error is the answer to its request with a misspelt subject."""
        request = json.loads(block("reference/http.md", "example: request"))
        request["subject"] = {"id": "other-crop"}
        shown = json.loads(block("reference/http.md", "example: error"))
        response = server.post("/access/v1/evaluation", request)
        assert (400, shown) == (response.status_code, response.json())


def model_api() -> Any:
    """A stand-in model API: echoes the model it was asked for."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        model = json.loads(message["body"]).get("model")
        body = json.dumps({"served": model}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app


def wrapped(service: str) -> Any:
    """gateway.md's two blocks, run as written (the service's address aside)."""
    middleware, setup = python_blocks("howto/gateway.md")
    namespace: dict[str, Any] = {"app": model_api()}
    exec(middleware, namespace)
    exec(setup.replace("http://127.0.0.1:8080", service), namespace)
    return namespace["app"]


def chat(app: Any, customer: str, model: str, **headers: str) -> tuple[int, Any]:
    """POST a chat completion for `customer` through `app`; status and JSON."""
    import httpx

    async def ask() -> tuple[int, Any]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as c:
            response = await c.post(
                "/v1/chat/completions",
                json={"model": model, "messages": []},
                headers={"x-customer-id": customer, **headers},
            )
            await app.client.aclose()
            return response.status_code, response.json()

    return asyncio.run(ask())


class TestMiddleware:
    def test_permitted_requests_reach_the_model(self, server: Any) -> None:
        """A catalog company, and Anthropic's employee for Mythos 5, get through."""
        assert (200, {"served": "mythos-5"}) == chat(
            wrapped(server.url), "cust-acme", "mythos-5"
        )
        assert (200, {"served": "mythos-5"}) == chat(
            wrapped(server.url), "cust-priya", "mythos-5", **{"x-country": "US"}
        )

    def test_a_refusal_says_why(self, server: Any) -> None:
        """Fable 5 for Priya, in the US, needs a license: a 403 with the reasons."""
        status, body = chat(
            wrapped(server.url), "cust-priya", "fable-5", **{"x-country": "US"}
        )
        assert (403, "not permitted") == (status, body["error"])
        check = body["check"]
        assert ("license_required", "binding:mythos-fable-foreign-access") == (
            check["verdict"],
            check["reason"],
        )
        assert "server clock" == check["at_source"]

    def test_unknown_facts_fail_closed(self, server: Any) -> None:
        """An unknown model or customer is refused, with the service's error."""
        status, body = chat(wrapped(server.url), "cust-acme", "mythos-6")
        assert 403 == status
        assert body["check"]["message"].startswith("/resource/id: unknown item id")
        status, body = chat(wrapped(server.url), "nobody", "mythos-5")
        assert 403 == status

    def test_no_service_no_access(self) -> None:
        """The service unreachable: 503, and the model is not reached."""
        from .conftest import free_port

        app = wrapped(f"http://127.0.0.1:{free_port()}")
        assert (503, {"error": "export-control check unavailable"}) == chat(
            app, "cust-acme", "mythos-5"
        )


def envoy_filter() -> dict[str, Any]:
    """The ext_authz filter's configuration on gateway.md."""
    config = yaml.safe_load(block("howto/gateway.md", "envoy: config"))
    manager = config["static_resources"]["listeners"][0]["filter_chains"][0]
    filters = manager["filters"][0]["typed_config"]["http_filters"]
    [found] = [f for f in filters if f["name"] == "envoy.filters.http.ext_authz"]
    typed: dict[str, Any] = found["typed_config"]
    return typed


class TestEnvoy:
    def test_the_configuration_points_at_the_service(self) -> None:
        """The filter asks `/v1/ext-authz` on the service's port, fails closed,
        forwards the `x-aicontrols-` headers and passes the answer's on."""
        config = envoy_filter()
        service = config["http_service"]
        assert "/v1/ext-authz" == service["path_prefix"]
        assert service["server_uri"]["uri"].endswith(":8080")
        assert config["failure_mode_allow"] is False
        assert [{"prefix": "x-aicontrols-"}] == config["allowed_headers"]["patterns"]
        response = service["authorization_response"]
        assert [{"prefix": "x-aicontrols-"}] == (
            response["allowed_upstream_headers"]["patterns"]
        )

    def check(self, server: Any, **headers: str) -> Any:
        """The check Envoy sends for a chat completion with `headers`."""
        added = envoy_filter()["http_service"]["authorization_request"]
        sent = {
            h["key"]: h["value"]
            for h in added["headers_to_add"]
            if h["key"] != "authorization"  # this server has no token
        }
        path = envoy_filter()["http_service"]["path_prefix"] + "/v1/chat/completions"
        return server.client.post(path, headers={**sent, **headers})

    def test_a_permitted_check_is_a_200(self, server: Any) -> None:
        """Permitted: 200, the verdict and replay token in headers for upstream."""
        response = self.check(
            server,
            **{"x-aicontrols-recipient": "acme-cloud", "x-aicontrols-item": "mythos-5"},
        )
        assert (200, "permitted", "none") == (
            response.status_code,
            response.headers["x-aicontrols-verdict"],
            response.headers["x-aicontrols-reason"],
        )
        assert response.headers["x-aicontrols-replay-token"].startswith("v1-")

    def test_a_refused_check_is_a_403(self, serving: Any) -> None:
        """Not permitted: 403, with the AuthZEN answer as the body (a party
        on the Entity List, under the bundled affiliates-rule example)."""
        listed = serving(["affiliates-rule-2025"])
        response = self.check(
            listed,
            **{
                "x-aicontrols-recipient": "listed-parent",
                "x-aicontrols-item": "example-model",
                "x-aicontrols-at": "2026-06-15T12:00:00Z",
            },
        )
        assert (403, "license_required", "binding:listed-parent-entry") == (
            response.status_code,
            response.headers["x-aicontrols-verdict"],
            response.headers["x-aicontrols-reason"],
        )
        assert response.json()["decision"] is False

    def test_a_missing_header_is_named(self, server: Any) -> None:
        """No recipient header: 400 naming it (Envoy denies any non-200)."""
        response = self.check(server, **{"x-aicontrols-item": "mythos-5"})
        assert 400 == response.status_code
        assert [
            (
                "header `x-aicontrols-recipient`",
                "expected an id (a non-empty string), got nothing",
            )
        ] == [
            (p["pointer"], p["message"]) for p in response.json()["error"]["problems"]
        ]
