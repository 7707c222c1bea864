"""The real `aicontrols serve`, started in a subprocess on 127.0.0.1.

`start(...)` runs `python -m aicontrols.cli serve ...` on a free port, waits
for `GET /healthz`, and returns a `Server` with an httpx client; the test
modules start theirs in module-scoped fixtures and stop them at the end. When
the tests measure coverage, the server measures its own (coverage's
subprocess start-up, reading the project's settings) into a data file that
pytest-cov combines with the tests'.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import aicontrols

SRC = Path(aicontrols.__file__).resolve().parents[1]
ROOT = SRC.parent
STARTUP_SECONDS = 30.0


def free_port() -> int:
    """A port nobody listens on now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _coverage_env() -> dict[str, str]:
    """Settings that make the server measure coverage, if this process does."""
    try:
        import coverage
    except ImportError:  # pragma: no cover - coverage is a dev dependency
        return {}
    current = coverage.Coverage.current()
    if current is None:
        return {}
    data = Path(current.config.data_file).resolve()
    return {
        "COVERAGE_PROCESS_START": str(ROOT / "pyproject.toml"),
        "COVERAGE_FILE": f"{data}.serve-{uuid.uuid4().hex[:12]}",
    }


class Server:
    """A running `aicontrols serve` and a client for it."""

    def __init__(self, process: subprocess.Popen[str], port: int, log: Path) -> None:
        import httpx

        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.stderr = log
        self.client = httpx.Client(base_url=self.url, timeout=30.0)

    def post(self, path: str, body: Any, **kwargs: Any) -> Any:
        """POST `body` as JSON; the httpx response."""
        return self.client.post(path, json=body, **kwargs)

    def log_text(self) -> str:
        """What the server wrote to its standard error so far."""
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down cleanly), then SIGKILL if it hangs."""
        self.client.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                self.process.kill()
                self.process.wait()


def start(
    tmp: Path,
    regimes: Sequence[str | Path],
    *args: str,
    env: dict[str, str] | None = None,
    measure: bool = True,
) -> Server:
    """Start `aicontrols serve REGIMES... ARGS` and wait until it answers; with
    `measure`, the server measures coverage when the tests do."""
    import httpx

    port = free_port()
    log = tmp / f"serve-{port}.err"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
        **(_coverage_env() if measure else {}),
        **(env or {}),
    }
    command = [sys.executable, "-m", "aicontrols.cli", "serve"]
    command += [*map(str, regimes), *args, "--port", str(port)]
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            command, stdout=err, stderr=err, env=environment, cwd=tmp, text=True
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(encoding='utf-8')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                return Server(process, port, log)
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:  # pragma: no cover - a server that hangs
            process.kill()
            raise RuntimeError(
                f"no answer on {port}: {log.read_text(encoding='utf-8')}"
            )
        time.sleep(0.05)


@pytest.fixture(scope="module")
def serving(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    """`serving(regimes, *args)` starts servers that stop with the module."""
    started: list[Server] = []
    tmp = tmp_path_factory.mktemp("serve")

    def launch(
        regimes: Sequence[str | Path],
        *args: str,
        env: dict[str, str] | None = None,
        measure: bool = True,
    ) -> Server:
        server = start(tmp, regimes, *args, env=env, measure=measure)
        started.append(server)
        return server

    yield launch
    for server in started:
        server.stop()
