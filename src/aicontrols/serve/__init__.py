"""`aicontrols serve`: the decision service over HTTP, for gateways that cannot
import Python.

It answers the OpenID AuthZEN 1.0 evaluation API (`POST /access/v1/evaluation`
and `/access/v1/evaluations`), the Decision JSON (`POST /v1/decide`), the
loaded regimes (`GET /v1/regimes`) and `GET /healthz`, and Envoy's `ext_authz`
checks, with every regime given combined as `aicontrols.decide` combines them.
See docs/reference/http.md for the endpoints, the mapping of requests to
questions, the errors, the token, reloading and the decision log.

Built on Starlette, uvicorn and orjson (the `serve` extra: `pip install
'aicontrols[serve]'`), which load with `create_app`: neither `import
aicontrols` nor `import aicontrols.serve` imports them.

Examples:
    >>> import aicontrols.serve
    >>> aicontrols.serve.MAX_BATCH, aicontrols.serve.MAX_BODY
    (1000, 1048576)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..examples import SpecError
from ._batch import MAX_BATCH, MAX_BODY

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["MAX_BATCH", "MAX_BODY", "SpecError", "create_app"]


def create_app(
    regimes: Sequence[str],
    *,
    token: str | None = None,
    decision_log: str | None = None,
    max_body: int = MAX_BODY,
    max_batch: int = MAX_BATCH,
) -> Starlette:
    """The decision service as an ASGI application (Starlette), to serve with
    any ASGI server (`aicontrols serve` runs it with uvicorn).

    Args:
        regimes: regime files or bundled examples' names, combined as
            `aicontrols.decide` combines them.
        token: the bearer token every request but `/healthz` and the AuthZEN
            metadata must carry.
        decision_log: a JSON Lines file to append each decision to.
        max_body: the largest request body, in bytes (413 beyond).
        max_batch: the most evaluations in one batch (413 beyond).

    Raises:
        RegimeFileError, SpecError: a regime cannot be loaded.
        OSError: the decision log cannot be opened.
        ImportError: Starlette is not installed (the `serve` extra).
    """
    from ._app import Service

    return Service(
        regimes,
        token=token,
        decision_log=decision_log,
        max_body=max_body,
        max_batch=max_batch,
    ).app()
