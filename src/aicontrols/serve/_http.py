"""What every endpoint shares: the body (bounded, JSON), the bearer token, and
JSON answers, errors included (a 4xx names the problem; never a traceback)."""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ._mapping import Problem, RequestError

__all__ = [
    "JSON",
    "answer",
    "authorize",
    "dumps",
    "error_response",
    "loads",
    "read_body",
]

LOG = logging.getLogger("aicontrols.serve")
JSON = "application/json"


def dumps(data: Any) -> str:
    """Compact JSON, as every answer and log line is written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def answer(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON answer."""
    return Response(dumps(data).encode(), status, headers, media_type=JSON)


_DIGITS = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
"""Every digit as `0`, anything else as a space (for `bytes.translate`)."""
_LONG_NUMBER = b"0" * 19
"""Nineteen digits in a row: perhaps an integer beyond 64 bits, which orjson
would read as a float (10**26 as 1.0000000000000000048e26). Found in the
body's digits by `bytes.translate` and a substring search, 15 times faster
than a regular expression."""


def loads(data: bytes) -> Any:
    """A body's JSON value, exactly as the standard library reads it.

    orjson reads it (several times faster: a batch of a thousand evaluations
    is a quarter of a megabyte) unless the body holds a number that may be an
    integer beyond 64 bits; a body orjson refuses is read again by the
    standard library, the reference, whose reading and error messages stand.

    Raises:
        ValueError: the body is not JSON (`json.JSONDecodeError`), not
            UTF-8 (`UnicodeDecodeError`), or holds `NaN` or `Infinity`.
        RecursionError: it nests too deeply for the standard library.
    """
    if _LONG_NUMBER not in data.translate(_DIGITS):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # the reference below says why, as it always did
    return json.loads(data, parse_constant=_refuse)


def error_response(error: RequestError) -> Response:
    """A request's problems as `{"error": {"status", "message", "problems"}}`."""
    headers = None
    if error.status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="aicontrols"'}
    return answer({"error": error.to_dict()}, error.status, headers)


def authorize(request: Request, token: bytes | None) -> None:
    """Check the bearer token, if the server has one.

    Raises:
        RequestError: 401, no token or another one.
    """
    if token is None:
        return
    header = request.headers.get("authorization")
    if header is None:
        raise RequestError(
            [
                Problem(
                    "",
                    "this server needs a bearer token: send the header "
                    "`Authorization: Bearer <token>`",
                )
            ],
            401,
        )
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token
    ):
        raise RequestError([Problem("", "wrong bearer token")], 401)


def _refuse(name: str) -> None:
    raise ValueError(f"`{name}` is not a JSON value")


async def read_body(request: Request, limit: int) -> Any:
    """The request's JSON body, read up to `limit` bytes.

    Raises:
        RequestError: 413 for a larger body; 400 for an empty body, or one
            that is not UTF-8 JSON (`NaN` included), with where it stops.
    """
    declared = request.headers.get("content-length")
    too_big = f"the limit is {limit:,} bytes (`--max-body`)"
    if declared is not None and declared.isdigit() and int(declared) > limit:
        message = f"the body is {int(declared):,} bytes; {too_big}"
        raise RequestError([Problem("", message)], 413)
    chunks = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                message = f"the body is larger; {too_big}"
                raise RequestError([Problem("", message)], 413)
            chunks.append(chunk)
    except ClientDisconnect:  # nobody to answer, but no traceback either
        message = "the client closed the connection before its body was sent"
        raise RequestError([Problem("", message)]) from None
    data = b"".join(chunks)
    if not data.strip():
        raise RequestError([Problem("", "the body is empty: send a JSON object")])
    try:
        return loads(data)
    except json.JSONDecodeError as error:
        message = (
            f"the body is not JSON: {error.msg} at line {error.lineno} "
            f"column {error.colno}"
        )
    except UnicodeDecodeError as error:
        message = f"the body is not UTF-8: byte {error.start} cannot be read"
    except RecursionError:
        message = "the body nests too deeply to be read"
    except ValueError as error:
        message = f"the body is not JSON: {error}"
    raise RequestError([Problem("", message)])


async def http_error(request: Request, error: Exception) -> Response:
    """404 and 405 (no such endpoint, another method) as JSON errors."""
    assert isinstance(error, HTTPException)
    route = f"`{request.method} {request.url.path}`"
    if error.status_code == 404:
        message = f"no endpoint {route} (see `GET /v1/regimes`, docs: reference/http)"
    elif error.status_code == 405:
        allowed = error.headers.get("Allow", "") if error.headers else ""
        message = f"{route}: method not allowed (allowed: {allowed})"
    else:
        message = f"{route}: {error.detail}"
    response = error_response(RequestError([Problem("", message)], error.status_code))
    response.headers.update(error.headers or {})
    return response


async def server_error(request: Request, error: Exception) -> Response:
    """A bug, logged with its traceback; the client gets a 500 without one."""
    LOG.error(
        "internal error on %s %s", request.method, request.url.path, exc_info=error
    )
    message = "internal error: the server's log has the details; no decision was made"
    return answer({"error": {"status": 500, "message": message, "problems": []}}, 500)
