"""What every `aicontrols` command shares (cli/__init__.py, cli/_common.py).

Usage errors and exit statuses, unreadable regime files, colour on a terminal,
`--help` and `--version`, and the installed script's exit status for a user
error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import aicontrols
from aicontrols.cli import main

from ..cli_run import run, usage_error
from .shared import ACCESS, TTY, script

ANSI = "\033["
COMMANDS = (
    "check",
    "history",
    "options",
    "changes",
    "validate",
    "lint",
    "schema",
    "audit",
    "report",
    "impact",
    "import-csl",
    "screen",
    "serve",
    "demo",
)


class TestBadInput:
    @pytest.mark.parametrize("command", ["history", "changes"])
    def test_bad_dates_in_other_commands(
        self, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """`history --start` and `changes --until` reject impossible dates, exit 2."""
        argv = {
            "history": ("history", "mythos5", *ACCESS, "--start", "2026-02-30"),
            "changes": ("changes", "mythos5", "--since", "2026-06-01", "--until", "x"),
        }[command]
        result = run(capsys, *argv)
        name, value = {"history": ("start", "2026-02-30"), "changes": ("until", "x")}[
            command
        ]
        expected = f"aicontrols {command}: error: `{name}`: expected a date as YYYY-MM-DD, got `{value}`\n"
        assert (2, "", expected) == result

    def test_missing_regime_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A regime file that does not exist: a located one-line error, exit 2."""
        missing = tmp_path / "missing.yaml"
        result = run(capsys, "check", missing, *ACCESS, "--on", "2026-06-15")
        expected = f"{missing}:1:1: cannot read the file: No such file or directory\n"
        assert (2, "", expected) == result

    def test_broken_regime_file(
        self, capsys: pytest.CaptureFixture[str], broken_file: Path
    ) -> None:
        """A broken regime file: each problem located on stderr, exit 2."""
        result = run(capsys, "check", broken_file, *ACCESS, "--on", "2026-06-15")
        expected = [
            f'{broken_file}:67:15: notices[0].adds.restrictions[0].effect: expected one of `license_required`, `prohibited`, got "maybe"',
            f'{broken_file}:79:14: notices[1].effective: expected a real calendar date or instant, got "2026-13-01"',
        ]
        assert (2, "", expected) == (result.status, result.out, result.err.splitlines())

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ("check", "mythos5", *ACCESS),
                "one of the arguments --on --at is required",
            ),
            (
                (
                    "check",
                    "mythos5",
                    *ACCESS,
                    "--on",
                    "2026-06-15",
                    "--at",
                    "2026-06-15T00:00Z",
                ),
                "argument --at: not allowed with argument --on",
            ),
            (
                ("history", "mythos5", "--item", "x", "--mode", "y"),
                "one of the arguments --recipient --recipient-file is required",
            ),
            (
                ("history", "mythos5", *ACCESS, "--format", "svg"),
                "argument --format: invalid choice: 'svg'",
            ),
            (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate'"),
        ],
        ids=["no-date", "on-and-at", "no-recipient", "format", "command"],
    )
    def test_usage_errors_exit_2(
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
    ) -> None:
        """argparse's usage errors exit 2 with the usage and one error line."""
        assert message in usage_error(capsys, *argv)

    def test_no_command_prints_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a command the CLI prints its usage and exits 2."""
        assert 2 == main([])
        assert "usage: aicontrols" in capsys.readouterr().out


class TestColour:
    CHECK = (
        "check",
        "mythos5",
        "--recipient",
        "other-corp",
        "--item",
        "mythos-5",
        "--mode",
        "hosted-api",
        "--on",
        "2026-06-27",
    )

    def on_terminal(self, monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
        """`aicontrols check` with standard output faked as a terminal, under `env`."""
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm-256color")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # set during the call: pytest's capture replaces sys.stdout between phases
        stream = TTY()
        monkeypatch.setattr(sys, "stdout", stream)
        assert 0 == main(list(self.CHECK))
        return stream.getvalue()

    def test_colour_on_a_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On a terminal the verdict is coloured (green for permitted)."""
        expected = "\033[32mPERMITTED\033[0m: `other-corp`"
        assert self.on_terminal(monkeypatch).startswith(expected)

    @pytest.mark.parametrize(
        ("name", "value"), [("NO_COLOR", "1"), ("NO_COLOR", ""), ("TERM", "dumb")]
    )
    def test_no_colour_with_no_color_even_on_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch, name: str, value: str
    ) -> None:
        """`NO_COLOR` (any value, even empty) or `TERM=dumb`: no escape codes at all."""
        out = self.on_terminal(monkeypatch, **{name: value})
        assert (False, True) == (ANSI in out, out.startswith("PERMITTED: `other-corp`"))

    def test_no_colour_when_not_a_terminal(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Captured (not a terminal), nothing is coloured."""
        assert ANSI not in run(capsys, *self.CHECK).out

    @pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
    @pytest.mark.parametrize(("no_color", "coloured"), [(False, True), (True, False)])
    def test_real_terminal(self, no_color: bool, coloured: bool) -> None:
        """The installed script on a real pseudo-terminal: colour unless NO_COLOR is set."""
        exe = shutil.which("aicontrols")
        command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["TERM"] = "xterm"
        if no_color:
            env["NO_COLOR"] = "1"
        leader, follower = os.openpty()
        try:
            done = subprocess.run(
                [*command, *self.CHECK],
                stdout=follower,
                stderr=subprocess.PIPE,
                env=env,
                check=False,
            )
            output = os.read(leader, 1 << 16).decode()
        finally:
            os.close(follower)
            os.close(leader)
        assert (0, b"") == (done.returncode, done.stderr)
        assert coloured == (ANSI in output)
        assert "PERMITTED" in output


class TestHelp:
    @pytest.mark.parametrize("command", COMMANDS)
    def test_every_command_has_help_with_examples(
        self, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """`aicontrols COMMAND --help` exits 0 and shows exit statuses and examples."""
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        out = capsys.readouterr().out
        assert 0 == exit_.value.code
        assert out.startswith(f"usage: aicontrols {command} ")
        assert "exit status:" in out
        assert "examples:\n  aicontrols " + command in out

    def test_top_level_help_lists_every_command(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`aicontrols --help` lists the commands, the exit statuses and examples."""
        with pytest.raises(SystemExit) as exit_:
            main(["--help"])
        out = capsys.readouterr().out
        assert 0 == exit_.value.code
        # a long name goes on a line of its own
        assert all(f"    {c} " in out or f"    {c}\n" in out for c in COMMANDS)
        assert "exit status:" in out
        assert "examples:" in out

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--version` prints the package version."""
        with pytest.raises(SystemExit) as exit_:
            main(["--version"])
        assert (0, f"{aicontrols.__version__}\n") == (
            exit_.value.code,
            capsys.readouterr().out,
        )


class TestConsoleScript:
    """The installed script, in a subprocess: a user error as a shell sees it."""

    @pytest.mark.parametrize(
        ("argv", "last_line"),
        [
            (
                ("check", "mythos5", *ACCESS, "--on", "2026-13-01"),
                "aicontrols check: error: `--on`: expected a date as YYYY-MM-DD, got `2026-13-01`",
            ),
            (
                ("audit", "mythos5", "--log", "no-such-log.jsonl"),
                "aicontrols audit: error: cannot read the log `no-such-log.jsonl`: No such file or directory",
            ),
            (
                ("check", "mythos5", *ACCESS),
                "aicontrols check: error: one of the arguments --on --at is required",
            ),
        ],
        ids=["bad-date", "missing-log", "usage"],
    )
    def test_user_errors_exit_2_without_traceback(
        self, argv: tuple[str, ...], last_line: str
    ) -> None:
        """User errors: exit 2, an error line naming the value, never a traceback."""
        result = script(*argv)
        assert (2, "", last_line) == (
            result.returncode,
            result.stdout,
            result.stderr.splitlines()[-1],
        )
        assert "Traceback" not in result.stderr


PROBE = """\
import atexit, runpy, sys
atexit.register(lambda: print("pandas:", "pandas" in sys.modules, file=sys.stderr))
sys.argv = ["aicontrols", *sys.argv[1:]]
runpy.run_module("aicontrols.cli", run_name="__main__")
"""
"""`python -m aicontrols.cli ...`, saying at exit whether pandas was imported
(the program runs the `atexit` handlers before it ends its process)."""


def test_the_program_audits_without_importing_pandas(tmp_path: Path) -> None:
    """The program's audit does not pay for pandas, and writes what `main` writes."""
    pytest.importorskip("pandas")  # with it installed, pyarrow would import it
    log = tmp_path / "log.csv"
    log.write_text(
        "recipient,citizenships,item,mode,location,at\n"
        "priya,IN,fable-5,hosted-api,US,2026-06-27T12:00:00+00:00\n"
        "acme-cloud,,mythos-5,web-app,US,2026-07-01T00:00:00+00:00\n",
        encoding="utf-8",
    )
    argv = ["audit", "mythos5", "--log", str(log)]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv, "--out", str(tmp_path / "a.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    before = list(sys.meta_path)
    assert main([*argv, "--out", str(tmp_path / "b.csv")]) == done.returncode == 0
    assert sys.meta_path == before  # `main` leaves its caller's imports alone
    assert done.stderr.splitlines()[-1] == "pandas: False"
    written = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert written == (tmp_path / "b.csv").read_text(encoding="utf-8")
    assert "license_required" in written


def _log_of(path: Path, rows: int) -> Path:
    """A CSV log of `rows` rows, the last unreadable (an unknown item)."""
    row = "priya,IN,fable-5,hosted-api,US,2026-06-27T12:00:00+00:00\n"
    bad = "priya,IN,gpt-9,hosted-api,US,2026-06-27T12:00:00+00:00\n"
    path.write_text(
        "recipient,citizenships,item,mode,location,at\n" + row * (rows - 1) + bad,
        encoding="utf-8",
    )
    return path


def test_the_program_ends_with_its_output_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The program ends its own process at once: its exit status is the
    command's and its standard output holds every decision `main` writes."""
    log = _log_of(tmp_path / "log.csv", 30_000)
    exe = shutil.which("aicontrols")
    command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(  # standard output buffered, as usual
        [*command, "audit", "mythos5", "--log", str(log)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    expected = run(capsys, "audit", "mythos5", "--log", log)
    assert (done.returncode, done.stdout) == (expected.status, expected.out)
    assert expected.status == 1
    assert done.stdout.count("\n") == 30_001


def test_a_closed_pipe_ends_the_program_quietly(tmp_path: Path) -> None:
    """`aicontrols audit ... | head -1`: exit status 0 and nothing on standard
    error but the audit's own lines (no traceback, no "Exception ignored")."""
    log = _log_of(tmp_path / "log.csv", 30_000)
    exe = shutil.which("aicontrols")
    command = [exe] if exe else [sys.executable, "-m", "aicontrols.cli"]
    with subprocess.Popen(
        [*command, "audit", "mythos5", "--log", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"line,")
        process.stdout.close()  # as `head -1` does
        errors = process.stderr.read().decode()
        status = process.wait()
    assert status == 0
    assert "Traceback" not in errors
    assert "Exception ignored" not in errors
