"""Envoy's `ext_authz` HTTP filter: a check read from headers, a status back.

Envoy's external authorization filter, in HTTP mode, sends the service a copy
of each request's headers (not its body) under a path prefix, and lets the
request through on a 200 answer; any other answer is a denial, which Envoy
forwards to the client. So `/v1/ext-authz/...` reads the question from
headers that the gateway sets from trusted sources (docs/howto/gateway.md):

- `x-aicontrols-recipient`: the recipient's catalog id (e.g. a JWT claim);
- `x-aicontrols-item`: the model's catalog id;
- `x-aicontrols-mode`: the deployment mode, e.g. `hosted-api`;
- optional `x-aicontrols-location`, `x-aicontrols-origin` (country codes),
  `x-aicontrols-attestations` (comma-separated) and `x-aicontrols-at`.

It answers 200 when PERMITTED and 403 otherwise, with the verdict, the reason
and the replay token in `x-aicontrols-*` headers; a malformed check is a 400
naming the header, which Envoy also treats as a denial: it fails closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from ._http import JSON
from ._kept import Answered
from ._mapping import Part, Problem, RequestError

__all__ = ["HEADERS", "at_headers", "ext_authz_answer", "ext_authz_parts"]

PREFIX = "x-aicontrols-"
HEADERS = {
    "/subject/id": "recipient",
    "/resource/id": "item",
    "/action/name": "mode",
    "/context/location": "location",
    "/context/origin": "origin",
    "/context/attestations": "attestations",
    "/context/at": "at",
}


def ext_authz_parts(headers: Mapping[str, str]) -> dict[str, Part]:
    """The evaluation Envoy's check asks, in `x-aicontrols-*` headers (its
    problems are located at the headers by `at_headers`)."""
    value = {name: headers.get(PREFIX + name) for name in HEADERS.values()}
    context: dict[str, Any] = {
        k: value[k] for k in ("location", "origin", "at") if value[k] is not None
    }
    if value["attestations"] is not None:
        context["attestations"] = [
            a.strip() for a in value["attestations"].split(",") if a.strip()
        ]
    return {
        "subject": Part({"id": value["recipient"]}, "/subject"),
        "resource": Part({"id": value["item"]}, "/resource"),
        "action": Part({"name": value["mode"]}, "/action"),
        "context": Part(context, "/context"),
    }


def at_headers(error: RequestError) -> RequestError:
    """The error with each problem located at its header, not a JSON pointer."""
    problems = []
    for problem in error.problems:
        where = next(
            (f"header `{PREFIX}{name}`" for at, name in HEADERS.items()
             if problem.pointer.startswith(at)),
            "headers",
        )  # fmt: skip
        problems.append(Problem(where, problem.message))
    return RequestError(problems, error.status)


def _latin1(text: str) -> str:
    """A header value: non-ASCII characters escaped."""
    return text.encode("ascii", "backslashreplace").decode("ascii")


def ext_authz_answer(found: Answered, text: str, decision_id: str | None) -> Response:
    """200 for PERMITTED, else 403; the AuthZEN answer in the body, and the
    verdict, reason and replay token in headers (Envoy can pass them on)."""
    headers = {
        PREFIX + "verdict": found.verdict,
        PREFIX + "reason": _latin1(found.reason),
        PREFIX + "replay-token": found.replay_token,
    }
    if decision_id is not None:
        headers[PREFIX + "decision-id"] = decision_id
    status = 200 if found.decision else 403
    return Response(text.encode(), status, headers, media_type=JSON)
