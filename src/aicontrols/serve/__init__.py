"""`aicontrols serve`: the decision service over HTTP, for gateways that cannot
import Python.

It answers the OpenID AuthZEN 1.0 evaluation API (`POST /access/v1/evaluation`
and `/access/v1/evaluations`), the Decision JSON (`POST /v1/decide`), the
loaded regimes (`GET /v1/regimes`) and `GET /healthz`, and Envoy's `ext_authz`
checks, with every regime given combined as `aicontrols.decide` combines them.
See docs/reference/http.md for the endpoints, the mapping of requests to
questions, the errors, the token, reloading and the decision log.

Built on Starlette and uvicorn (the `serve` extra: `pip install
'aicontrols[serve]'`); `import aicontrols` never imports them.

Examples:
    >>> from aicontrols.serve import create_app
    >>> app = create_app(["mythos5"])
    >>> sorted(r.path for r in app.routes)[:3]
    ['/.well-known/authzen-configuration', '/access/v1/evaluation', '/access/v1/evaluations']
"""

from __future__ import annotations

from ._app import MAX_BATCH, MAX_BODY, create_app
from ._regimes import SpecError

__all__ = ["MAX_BATCH", "MAX_BODY", "SpecError", "create_app"]
