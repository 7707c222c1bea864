"""`aicontrols serve`: the decision service over HTTP (the `serve` extra)."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import signal
import sys
from typing import Any

from ._common import CliError, add_command, add_regime_argument

HELP = "serve decisions over HTTP (AuthZEN evaluations) for gateways"
DESCRIPTION = """\
Serve decisions over HTTP, for gateways and proxies that cannot import Python:
the OpenID AuthZEN 1.0 evaluation API (POST /access/v1/evaluation and
/access/v1/evaluations), the Decision JSON (POST /v1/decide), the regimes
(GET /v1/regimes), GET /healthz, and checks from Envoy's ext_authz filter.
Several regimes combine: the most severe verdict wins. A question without an
instant is decided at the server's clock, and the answer says so. Regime files
reload on SIGHUP or when they change; a reload that fails keeps the regimes
in use. Needs the `serve` extra: pip install 'aicontrols[serve]'.

The bearer token is read from --token-file, else from the AICONTROLS_TOKEN
environment variable; without one, any client that reaches the port is
answered.

exit status: 0 stopped, 1 could not listen, 2 bad usage, unreadable regimes or
the `serve` extra missing
"""
EXAMPLES = """\
examples:
  aicontrols serve mythos5
  aicontrols serve us.yaml eu.yaml --port 8080 --token-file token.txt
  aicontrols serve mythos5 --log-decisions decisions.jsonl --max-batch 500
"""
EXTRA = (
    "`aicontrols serve` needs Starlette, uvicorn and orjson: "
    "pip install 'aicontrols[serve]'"
)
NEEDS = ("starlette", "uvicorn", "orjson")
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got `{text}`")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port, 0 to 65535, got `{text}`")
    return value


def register(commands: Any) -> None:
    parser = add_command(
        commands, "serve", help=HELP, description=DESCRIPTION, examples=EXAMPLES
    )
    add_regime_argument(parser, several=True)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port", type=_port, default=8080, help="the port (default: 8080)"
    )
    parser.add_argument(
        "--token-file",
        metavar="FILE",
        help="a file holding the bearer token that requests must carry",
    )
    parser.add_argument(
        "--log-decisions",
        metavar="FILE",
        help="append every decision to this JSON Lines file, for replay",
    )
    parser.add_argument(
        "--max-body",
        metavar="BYTES",
        type=_positive,
        default=1_048_576,
        help="the largest request body (default: 1048576); larger is a 413",
    )
    parser.add_argument(
        "--max-batch",
        metavar="N",
        type=_positive,
        default=1_000,
        help="the most evaluations in one batch (default: 1000); more is a 413",
    )
    parser.set_defaults(handler=run)


def token(args: argparse.Namespace) -> str | None:
    """The bearer token: from `--token-file`, else `AICONTROLS_TOKEN`, else none."""
    if args.token_file is None:
        return os.environ.get("AICONTROLS_TOKEN") or None
    try:
        with open(args.token_file, encoding="utf-8") as handle:
            found = handle.read().strip()
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"`--token-file {args.token_file}`: {error}") from None
    if not found or any(c.isspace() for c in found):
        raise CliError(
            f"`--token-file {args.token_file}`: expected one token, without "
            "spaces, on its own"
        )
    return found


def run(args: argparse.Namespace) -> int:
    if any(importlib.util.find_spec(m) is None for m in NEEDS):
        raise CliError(EXTRA)
    import uvicorn

    from ..serve import create_app

    secret = token(args)
    try:
        app = create_app(
            args.regime,
            token=secret,
            decision_log=args.log_decisions,
            max_body=args.max_body,
            max_batch=args.max_batch,
        )
    except OSError as error:
        raise CliError(f"`--log-decisions {args.log_decisions}`: {error}") from None
    log = logging.getLogger("aicontrols.serve")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("aicontrols serve: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    if secret is None and args.host not in LOOPBACK:
        log.warning(
            "listening on %s without a bearer token: anyone who reaches the port "
            "is answered (give --token-file)",
            args.host,
        )
    log.info(
        "%s; decisions %s",
        ", ".join(args.regime),
        f"logged to {args.log_decisions}" if args.log_decisions else "not logged",
    )
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        access_log=False,
        log_level="info",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    # uvicorn shuts down cleanly on SIGTERM, then raises it again for the
    # handler it found: this one makes that a normal exit, status 0 (so that
    # exit handlers run), where the default handler would kill the process
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        server.run()
    except SystemExit as stop:  # uvicorn exits 1 when it cannot listen
        return 1 if stop.code else 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0 if server.started else 1


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)
