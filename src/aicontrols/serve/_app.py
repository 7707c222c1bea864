"""The HTTP decision service: a Starlette application over the public API.

Endpoints (docs/reference/http.md): the OpenID AuthZEN 1.0 evaluation API,
`POST /access/v1/evaluation` and `POST /access/v1/evaluations`; the Decision
JSON, `POST /v1/decide`; `GET /v1/regimes`; `GET /healthz`; the AuthZEN
discovery document; and `/v1/ext-authz/...` for Envoy's `ext_authz` filter.

This module is the one place in aicontrols that reads the clock (`_now`): a
question without `at` or `on` is decided at the server's current time, read
once per HTTP request, and the answer says so (`"at_source": "server clock"`).
The library itself never reads it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._engine.shapes import collector_paused
from ._answer import error_answer
from ._batch import (
    BATCH_KEYS,
    KEYS,
    MAX_BATCH,
    MAX_BODY,
    STOPS,
    batch_checks,
    parts_of,
    refuse,
    single_parts,
)
from ._envoy import at_headers, ext_authz_answer, ext_authz_parts
from ._http import (
    JSON,
    answer,
    authorize,
    dumps,
    error_response,
    http_error,
    read_body,
    server_error,
)
from ._kept import Answered, Answers, Defaults, Key
from ._log import DecisionLog, new_id
from ._mapping import (
    EVALUATION_KEYS,
    Part,
    RequestError,
)
from ._regimes import Loaded, Regimes

__all__ = ["Service"]

LOG = logging.getLogger("aicontrols.serve")


def _now() -> str:
    """The server's clock, UTC, to the second: the only clock read in aicontrols."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _raw(
    text: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """An answer already written as JSON."""
    return Response(text.encode(), status, headers, media_type=JSON)


class Service:
    """The decision service: its regimes, token, decision log and limits."""

    def __init__(
        self,
        regimes: Sequence[str],
        *,
        token: str | None = None,
        decision_log: str | None = None,
        max_body: int = MAX_BODY,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self.regimes = Regimes(regimes, _now)
        self.token = None if token is None else token.encode()
        self.log = None if decision_log is None else DecisionLog(decision_log)
        self.max_body = max_body
        self.max_batch = max_batch
        self._tasks: set[asyncio.Task[Any]] = set()
        self.answers = Answers(requests=self.log is not None)

    # ------------------------------------------------------------ deciding

    def _answer(
        self,
        parts: dict[str, Part] | Callable[[], dict[str, Part]],
        loaded: Loaded,
        clock: str,
        endpoint: str,
        where: str = "",
        *,
        full: bool = False,
        kept: tuple[Answered | None, Key, bool] | None = None,
    ) -> tuple[Answered, str, str | None]:
        """One evaluation's answer, its JSON (with its decision id when the
        log is on) and the decision id; logged if the log is on (`parts`
        and `kept` as for `Answers.answer`).

        Raises:
            RequestError: the evaluation cannot be answered.
        """
        found = self.answers.answer(parts, loaded, clock, where, full=full, kept=kept)
        if self.log is None:
            return found, found.text, None
        decision_id = new_id()
        text = found.text
        if not full:  # the context is the answer's last member: add the id
            text = f'{text[:-2]},"decision_id":"{decision_id}"}}}}'
        self.log.add(
            decision_id=decision_id,
            time=clock,
            endpoint=endpoint,
            request=found.request or {},
            answer=text,
            fingerprints=loaded.fingerprints,
        )
        return found, text, decision_id

    async def _parts(self, request: Request) -> dict[str, Part]:
        """A single evaluation's parts, once the token and body are checked."""
        authorize(request, self.token)
        return single_parts(await read_body(request, self.max_body))

    # ------------------------------------------------------------ endpoints

    async def evaluation(self, request: Request) -> Response:
        """`POST /access/v1/evaluation`: one AuthZEN evaluation."""
        clock = _now()
        parts = await self._parts(request)
        loaded = self.regimes.current
        return _raw(self._answer(parts, loaded, clock, request.url.path)[1])

    async def evaluations(self, request: Request) -> Response:
        """`POST /access/v1/evaluations`: a batch, each answered on its own."""
        clock = _now()
        authorize(request, self.token)
        body = await read_body(request, self.max_body)
        items = body.get("evaluations") if isinstance(body, dict) else None
        if items is None or items == []:  # AuthZEN: then a single evaluation
            parts = single_parts(body, BATCH_KEYS)
            loaded = self.regimes.current
            return _raw(self._answer(parts, loaded, clock, request.url.path)[1])
        semantic = batch_checks(body, items, self.max_batch)
        loaded = self.regimes.current  # one snapshot for the whole batch
        raw_defaults = [body.get(k) for k in EVALUATION_KEYS]
        defaults = Defaults.of(raw_defaults)
        self.answers.begin(loaded, clock)
        find, answer_one = self.answers.find, self.answers.answer
        logless = self.log is None
        stop = STOPS[semantic]
        texts = []
        endpoint = request.url.path
        for i, item in enumerate(items):
            try:
                if type(item) is not dict or not item.keys() <= KEYS:
                    refuse(item, f"/evaluations/{i}")
                kept = find(item, defaults)
                if logless and kept[0] is not None:
                    texts.append(kept[0].text)  # the usual case: asked before
                    if semantic != "execute_all" and stop(kept[0].decision):
                        break
                    continue
                make = functools.partial(parts_of, item, raw_defaults, i)
                where = f"/evaluations/{i}"
                if logless:  # the usual case: no decision id to add
                    found = answer_one(make, loaded, clock, where, kept=kept)
                    text = found.text
                else:
                    found, text, _ = self._answer(
                        make, loaded, clock, endpoint, where, kept=kept
                    )
                permitted = found.decision
            except RequestError as error:
                text, permitted = dumps(error_answer(error)), False
            texts.append(text)
            if semantic != "execute_all" and stop(permitted):
                break
        return _raw('{"evaluations":[' + ",".join(texts) + "]}")

    async def decide(self, request: Request) -> Response:
        """`POST /v1/decide`: the Decision JSON of the regimes combined."""
        clock = _now()
        parts = await self._parts(request)
        loaded = self.regimes.current
        found, text, decision_id = self._answer(
            parts, loaded, clock, request.url.path, full=True
        )
        headers = {"AIControls-At-Source": found.source}
        if decision_id is not None:
            headers["AIControls-Decision-Id"] = decision_id
        return _raw(text, headers=headers)

    async def ext_authz(self, request: Request) -> Response:
        """`/v1/ext-authz/...`: Envoy's `ext_authz` check, read from headers."""
        clock = _now()
        authorize(request, self.token)
        loaded = self.regimes.current
        parts = ext_authz_parts(request.headers)
        try:
            found, text, decision_id = self._answer(
                parts, loaded, clock, "/v1/ext-authz"
            )
        except RequestError as error:
            raise at_headers(error) from None
        return ext_authz_answer(found, text, decision_id)

    async def regimes_(self, request: Request) -> Response:
        """`GET /v1/regimes`: ids, fingerprints, notices and reloads."""
        authorize(request, self.token)
        return answer(self.regimes.describe())

    async def healthz(self, request: Request) -> Response:
        """`GET /healthz`: up, and how many regimes (no token needed)."""
        loaded = self.regimes.current
        return answer(
            {
                "status": "ok",
                "regimes": len(loaded.regimes),
                "generation": loaded.generation,
            }
        )

    async def discovery(self, request: Request) -> Response:
        """`GET /.well-known/authzen-configuration`: the AuthZEN PDP metadata."""
        base = str(request.base_url).rstrip("/")
        return answer(
            {
                "policy_decision_point": base,
                "access_evaluation_endpoint": f"{base}/access/v1/evaluation",
                "access_evaluations_endpoint": f"{base}/access/v1/evaluations",
            }
        )

    # ------------------------------------------------------------ the app

    def _hangup(self) -> None:
        task = asyncio.ensure_future(self.regimes.reload("SIGHUP"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        """Watch the regime files and SIGHUP while serving; close the log after."""
        loop = asyncio.get_running_loop()
        watcher = (
            asyncio.create_task(self.regimes.watch()) if self.regimes.files else None
        )
        hangup = getattr(signal, "SIGHUP", None)
        try:
            if hangup is not None:
                loop.add_signal_handler(hangup, self._hangup)
        except (RuntimeError, ValueError):  # not the main thread: no signals
            hangup = None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            if hangup is not None:
                loop.remove_signal_handler(hangup)
            if self.log is not None:
                self.log.close()

    def app(self) -> Starlette:
        """The Starlette application."""
        post, get = ["POST"], ["GET"]
        any_method = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        routes = [
            Route("/access/v1/evaluation", self._guard(self.evaluation), methods=post),
            Route(
                "/access/v1/evaluations", self._guard(self.evaluations), methods=post
            ),
            Route("/v1/decide", self._guard(self.decide), methods=post),
            Route("/v1/regimes", self._guard(self.regimes_), methods=get),
            Route("/healthz", self.healthz, methods=get),
            Route("/.well-known/authzen-configuration", self.discovery, methods=get),
            Route("/v1/ext-authz", self._guard(self.ext_authz), methods=any_method),
            Route(
                "/v1/ext-authz/{path:path}",
                self._guard(self.ext_authz),
                methods=any_method,
            ),
        ]
        return Starlette(
            routes=routes,
            exception_handlers={HTTPException: http_error, Exception: server_error},
            lifespan=self.lifespan,
        )

    def _guard(
        self, endpoint: Callable[[Request], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        """`endpoint`, its request errors answered as located 4xx JSON."""

        async def guarded(request: Request) -> Response:
            # the cyclic collector is off while a request is answered: its
            # JSON makes no reference cycles, and its objects are freed by
            # their counts as it ends, so the collector would only scan them
            # (a batch of a thousand is some 15,000 objects: scanned as they
            # are made and again as they age, that doubled a batch's time)
            try:
                with collector_paused():
                    response = await endpoint(request)
            except RequestError as error:
                response = error_response(error)
            finally:
                if self.log is not None:
                    self.log.flush()
            request_id = request.headers.get("x-request-id")
            if request_id is not None:  # AuthZEN: the PDP echoes it
                response.headers["X-Request-ID"] = request_id
            return response

        guarded.__name__ = guarded.__qualname__ = endpoint.__name__
        return guarded
