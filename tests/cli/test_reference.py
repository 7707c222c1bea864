"""The CLI reference page (docs/reference/cli.md) shows each command's help and
each example's output exactly as the command prints them: the page says a test
checks this.

Each ```console block of the page is a session: `$ aicontrols ...` commands
(continued over lines with a trailing backslash), `$ echo $?` (the last exit
status) and `$ cat FILE` (a file a command wrote), each followed by its output.
The blocks run in page order in one directory, which holds the CSL snapshots of
tests/data/cli-csl and the access logs the page shows after an HTML comment
`<!-- log: NAME -->`, so a block reads what an earlier one wrote (`csl.yaml`).
Standard output and standard error go to one stream, in the order a terminal
shows them. The output must be the page's exactly; a line `...` alone stands
for any lines (an excerpt of a long file).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from aicontrols.cli import main

from .shared import DATA

CLI_MD = Path(__file__).parents[2] / "docs" / "reference" / "cli.md"
PAGE = CLI_MD.read_text(encoding="utf-8")
FENCE = "`" * 3
SECTIONS = dict(
    re.findall(r"^## `aicontrols ?([a-z-]*)`\n(.*?)(?=^## |\Z)", PAGE, re.M | re.S)
)
CONSOLE = re.findall(rf"^{FENCE}console\n(.*?)^{FENCE}$", PAGE, re.M | re.S)
LOGS = re.findall(
    rf"^<!-- log: (\S+) -->\n+{FENCE}text\n(.*?)^{FENCE}$", PAGE, re.M | re.S
)

# Console blocks that are not run, by id, with the reason. A block absent from
# here runs, and a command in it that this test cannot run fails it.
NOT_RUN: dict[str, str] = {}
# Commands the page may show but that do not run in process.
NOT_RUNNABLE = {"serve": "it serves until stopped"}


class Step(NamedTuple):
    """One command of a console block and the output the page shows for it."""

    command: str
    shown: str


def _session(block: str) -> list[Step]:
    """A console block as its commands, each with the output the page shows."""
    steps: list[Step] = []
    lines = iter(block.splitlines(keepends=True))
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.rstrip("\n").endswith("\\"):
                command += next(lines)
            steps.append(Step(" ".join(command.replace("\\\n", " ").split()), ""))
        else:
            steps[-1] = Step(steps[-1].command, steps[-1].shown + line)
    return steps


def _words(block: str) -> list[str]:
    """The words of the block's first command, `aicontrols` left out."""
    words = shlex.split(_session(block)[0].command)
    return words[1:] if words[0] == "aicontrols" else words


def _block_id(block: str) -> str:
    """The block's first command, shortened: its first four words, then, where
    another block's first command starts with the same, its last two."""
    words = _words(block)
    head = words[:4]
    if len(words) > 6 and any(_words(b)[:4] == head for b in CONSOLE if b != block):
        return " ".join([*head, "...", *words[-2:]])
    return " ".join(head)


IDS = [_block_id(block) for block in CONSOLE]


def _matches(shown: str, actual: str) -> bool:
    """The page's output is the real one, a line `...` standing for any lines."""
    parts = re.split(r"^\.\.\.\n", shown, flags=re.M)
    return re.fullmatch("(?:.*\n)*".join(map(re.escape, parts)), actual) is not None


class Shell:
    """Runs the page's commands in the current directory, as a shell would."""

    status = 0

    def run(self, command: str) -> str:
        """What the command prints, standard error and output interleaved."""
        argv = shlex.split(command)
        if argv == ["echo", "$?"]:
            output, self.status = f"{self.status}\n", 0
        elif argv[0] == "cat" and len(argv) == 2 and Path(argv[1]).is_file():
            output, self.status = Path(argv[1]).read_text(encoding="utf-8"), 0
        elif argv[0] == "cat" and len(argv) == 2:
            output, self.status = f"cat: {argv[1]}: No such file\n", 1
        elif argv[0] != "aicontrols" or len(argv) < 2 or argv[1] in NOT_RUNNABLE:
            reason = NOT_RUNNABLE.get(argv[1] if len(argv) > 1 else "", "")
            output = f"not run: {reason or 'not a command this test runs'}: "
            output += "list the block in NOT_RUN with the reason\n"
        else:
            stream = io.StringIO()
            with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
                try:
                    self.status = main(argv[1:])
                except SystemExit as exit_:  # argparse: --help, usage errors
                    code = exit_.code
                    self.status = (
                        code if isinstance(code, int) else int(code is not None)
                    )
                except Exception:  # the page never shows a traceback: a failure
                    stream.write(traceback.format_exc())
                    self.status = 1
            output = stream.getvalue()
        return output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, list[str]]]:
    """Every console block run in page order in one directory: its outputs by block."""
    here = tmp_path_factory.mktemp("cli-reference")
    for snapshot in DATA.iterdir():
        shutil.copy(snapshot, here)
    for name, text in LOGS:
        (here / name).write_text(text, encoding="utf-8")
    shell, done = Shell(), dict[int, list[str]]()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(here)
        patch.setenv("COLUMNS", "80")
        patch.setenv("NO_COLOR", "1")
        for index, block in enumerate(CONSOLE):
            if IDS[index] not in NOT_RUN:
                done[index] = [shell.run(step.command) for step in _session(block)]
        yield done


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(
            i,
            id=name,
            marks=[pytest.mark.skip(reason=NOT_RUN[name])] if name in NOT_RUN else [],
        )
        for i, name in enumerate(IDS)
    ],
)
def test_each_example_prints_what_the_page_shows(
    outputs: dict[int, list[str]], index: int
) -> None:
    """Each console example on the page prints, command by command, what the page shows."""
    steps = _session(CONSOLE[index])
    real = [
        step.shown if _matches(step.shown, actual) else actual
        for step, actual in zip(steps, outputs[index], strict=True)
    ]
    page = "".join(f"$ {s.command}\n{s.shown}" for s in steps)
    assert page == "".join(
        f"$ {s.command}\n{r}" for s, r in zip(steps, real, strict=True)
    )


def test_blocks_are_told_apart_and_the_blocks_not_run_are_on_the_page() -> None:
    """Each console block has its own id, and every block listed as not run is one."""
    assert (len(set(IDS)), set()) == (len(IDS), set(NOT_RUN) - set(IDS))


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What `aicontrols ARGV --help` prints."""
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize("command", list(SECTIONS))
def test_each_section_shows_the_help_the_command_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Each command's section shows its `--help` as printed at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    usage = f"usage: aicontrols {command}".rstrip() + " "
    blocks = re.findall(rf"{FENCE}text\n(.*?){FENCE}", SECTIONS[command], re.S)
    shown = [b for b in blocks if b.startswith(usage)]
    assert [_help(capsys, *([command] if command else []))] == shown


def test_every_command_has_a_section(capsys: pytest.CaptureFixture[str]) -> None:
    """Every command the root help lists has its section on the page."""
    listed = re.findall(r"^    ([a-z-]+)\b", _help(capsys), re.M)
    assert sorted(listed) == sorted(c for c in SECTIONS if c)


def test_the_recipient_file_shown_is_one_check_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The recipient file shown under Conventions is one `check --recipient-file` reads."""
    person = tmp_path / "person.yaml"
    yaml = re.findall(rf"{FENCE}yaml\n(.*?){FENCE}", PAGE, re.S)[0]
    person.write_text(yaml, encoding="utf-8")
    argv = ["check", "mythos5", "--recipient-file", str(person), "--item", "mythos-5"]
    status = main(
        [*argv, "--mode", "hosted-api", "--location", "US", "--on", "2026-06-27"]
    )
    first = capsys.readouterr().out.splitlines()[0]
    assert (0, first) == (
        status,
        "PERMITTED: `wei` -> `mythos-5` via `hosted-api` in US, on 2026-06-27 (America/New_York)",
    )


def test_the_mermaid_chart_drawn_is_the_one_printed(
    outputs: dict[int, list[str]],
) -> None:
    """The Mermaid chart the page draws is the one `history --format mermaid` prints."""
    printed = [
        output
        for index, block in enumerate(CONSOLE)
        for step, output in zip(_session(block), outputs.get(index, []), strict=False)
        if "--format mermaid" in step.command
    ]
    assert re.findall(rf"^{FENCE}mermaid\n(.*?)^{FENCE}$", PAGE, re.M | re.S) == printed
