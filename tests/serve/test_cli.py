"""`aicontrols serve` on the command line: what stops it before it serves.

An unknown regime, a broken regime file, a bad option, an unreadable token
file, a missing extra or a taken port: one line (or the file's located
problems) on standard error and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
from pathlib import Path
from typing import Any

import pytest

from aicontrols.cli import main
from aicontrols.cli import serve as command

from ..cli_run import run, usage_error
from .shared import require_extras

require_extras()


class TestBadStarts:
    def test_unknown_regime(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A REGIME that is neither a file nor a bundled example: did you mean."""
        status, _, err = run(capsys, "serve", "mythos6")
        assert 2 == status
        assert err.startswith(
            "aicontrols serve: error: no regime file or bundled example `mythos6` "
            "(did you mean `mythos5`? bundled: "
        )

    def test_broken_regime_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A regime file with problems: each at its file and line, exit 2."""
        broken = tmp_path / "broken.yaml"
        broken.write_text("id: x\njurisdiction: US\n", encoding="utf-8")
        status, _, err = run(capsys, "serve", broken)
        assert 2 == status
        assert f"{broken}:1:1: missing required key `timezone`\n" == err

    def test_one_regime_twice(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The same regime twice would name two fingerprints with one id: refused."""
        status, _, err = run(capsys, "serve", "mythos5", "mythos5")
        assert (2, "aicontrols serve: error: `mythos5`: regime `us-mythos-letters` "
                "is loaded twice\n") == (status, err)  # fmt: skip

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ("--max-batch", "0"),
                "argument --max-batch: expected a positive integer, got `0`",
            ),
            (
                ("--port", "70000"),
                "argument --port: expected a port, 0 to 65535, got `70000`",
            ),
        ],
    )
    def test_bad_options(
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
    ) -> None:
        """A limit or port out of range is a usage error naming the option."""
        assert f"aicontrols serve: error: {message}" == usage_error(
            capsys, "serve", "mythos5", *argv
        )

    def test_unreadable_token_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A token file that cannot be read, or holds more than a token: exit 2."""
        missing = tmp_path / "missing"
        status, _, err = run(capsys, "serve", "mythos5", "--token-file", missing)
        assert 2 == status
        assert err.startswith(f"aicontrols serve: error: `--token-file {missing}`: ")
        spaced = tmp_path / "spaced"
        spaced.write_text("two words\n", encoding="utf-8")
        status, _, err = run(capsys, "serve", "mythos5", "--token-file", spaced)
        assert (
            2,
            f"aicontrols serve: error: `--token-file {spaced}`: expected one token, "
            "without spaces, on its own\n",
        ) == (status, err)

    def test_unwritable_log(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A decision log that cannot be opened: exit 2, naming the option."""
        log = tmp_path / "no" / "such" / "dir.jsonl"
        status, _, err = run(capsys, "serve", "mythos5", "--log-decisions", log)
        assert 2 == status
        assert err.startswith(f"aicontrols serve: error: `--log-decisions {log}`: ")

    def test_without_the_extra(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without Starlette, uvicorn or orjson, the command says which extra to install."""
        real = importlib.util.find_spec

        def find_spec(name: str, *args: Any) -> Any:
            return None if name == "uvicorn" else real(name, *args)

        monkeypatch.setattr(importlib.util, "find_spec", find_spec)
        assert (
            2,
            "",
            "aicontrols serve: error: `aicontrols serve` needs Starlette, "
            "uvicorn and orjson: pip install 'aicontrols[serve]'\n",
        ) == run(capsys, "serve", "mythos5")

    def test_a_taken_port(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A port another program listens on: exit 1, and uvicorn says why."""
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            status = main(["serve", "mythos5", "--port", str(port)])
        err = capsys.readouterr().err
        assert 1 == status
        assert "Traceback" not in err


class TestToken:
    def test_token_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without --token-file, `AICONTROLS_TOKEN` is the token; empty is none."""
        args = argparse.Namespace(token_file=None)
        monkeypatch.setenv("AICONTROLS_TOKEN", "abc")
        assert "abc" == command.token(args)
        monkeypatch.setenv("AICONTROLS_TOKEN", "")
        assert command.token(args) is None

    def test_the_file_wins(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """--token-file is read (stripped) even when the variable is set."""
        path = tmp_path / "token"
        path.write_text("from-file\n", encoding="utf-8")
        monkeypatch.setenv("AICONTROLS_TOKEN", "from-env")
        assert "from-file" == command.token(argparse.Namespace(token_file=str(path)))
