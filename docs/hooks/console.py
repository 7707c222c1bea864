"""MkDocs hook: doctest examples shown as console sessions.

The pages' examples are ```python blocks in doctest form (`>>>` prompts and
the output they print), so that Sybil runs them (root `conftest.py`). This
hook changes only how the built page shows them, never the Markdown file:

- a ```python block that starts with `>>>` is highlighted as a Python console
  session (Pygments' `pycon` lexer): the statements as Python, the output as
  output, not as Python code;
- an output line `<BLANKLINE>` (doctest's mark for an empty line) is shown
  empty;
- an output that a `print(...)` gives as a YAML mapping (a regime file) is
  cut out into a block of its own, highlighted as YAML.

`docs/stylesheets/extra.css` then wraps console lines instead of scrolling
them sideways, and leaves prompts and output out of what the copy button
copies.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})python[ \t]*\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=ticks)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
BLANKLINE = "<BLANKLINE>"
YAML_KEY = re.compile(r"^[A-Za-z_$][\w$-]*:(\s|$)")


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Every doctest block of the page, rewritten for display."""
    return FENCE.sub(_fence, markdown)


def _fence(match: re.Match[str]) -> str:
    indent, ticks = match.group("indent"), match.group("ticks")
    lines = [_dedent(line, indent) for line in match.group("body").split("\n")]
    if lines and lines[-1] == "":
        lines.pop()  # the newline before the closing fence
    if not lines or not lines[0].startswith(">>>"):
        return match.group(0)
    blocks = [
        "\n".join([f"{ticks}{lang}", *body, ticks])
        for lang, body in session_blocks(lines)
    ]
    shown = "\n\n".join(blocks)
    return "\n".join(indent + line if line else "" for line in shown.split("\n"))


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")


def session_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """A doctest session as display blocks: ("pycon", lines) and ("yaml", lines).

    Output lines `<BLANKLINE>` become empty; trailing empty lines are dropped.
    """
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    statement: list[str] = []
    output: list[str] = []

    def flush_output() -> None:
        if not output:
            return
        if _is_yaml(statement, output):
            if current:
                blocks.append(("pycon", _trim(current)))
                current.clear()
            blocks.append(("yaml", _trim(output)))
        else:
            current.extend(output)
        output.clear()

    in_statement = False
    for line in lines:
        if line.startswith(">>>"):
            flush_output()
            statement = [line]
            current.append(line)
            in_statement = True
        elif in_statement and (line == "..." or line.startswith("... ")):
            statement.append(line)
            current.append(line)
        else:
            in_statement = False
            output.append("" if line == BLANKLINE else line)
    flush_output()
    if _trim(current):
        blocks.append(("pycon", _trim(current)))
    return blocks


def _trim(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]


def _is_yaml(statement: list[str], output: list[str]) -> bool:
    """Whether `output`, printed by `statement`, is a YAML mapping of 3+ lines."""
    text = "\n".join(_trim(output))
    if not statement[0].startswith(">>> print(") or text.count("\n") < 2:
        return False
    first = next((x for x in output if x.strip() and not x.startswith("#")), "")
    if not YAML_KEY.match(first):
        return False
    try:
        return isinstance(yaml.safe_load(text), dict)
    except yaml.YAMLError:
        return False
