"""Safe, located YAML reading: plain data plus the line and column of every value.

Only plain data comes out (mappings, sequences, strings, numbers, booleans,
null): no tag builds an object. Scalars resolve as in YAML 1.2's core schema, so
`NO` (Norway) stays a string and `2026-06-12` stays a string for the loader to
parse; aliases are expanded under a budget, so a "billion laughs" file is
refused at once; duplicate keys are reported, not silently overwritten.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import yaml

from ..exceptions import RegimeFileError

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

Path = tuple[str | int, ...]


@attrs.frozen
class Problem:
    """One problem in a regime file, located."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        line = f"{self.file}:{self.line}:{self.column}: {where}{self.message}"
        return line.translate(_VISIBLE)  # one problem, one line


# control characters quoted from a file (a key with a line break) are shown as
# escapes, so that each problem stays on its one line
_VISIBLE = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
    0x09: "\\t",
    0x0A: "\\n",
    0x0D: "\\r",
}


def read_text(name: str) -> str:
    """A file's text, read with the size limit (a device never ends)."""
    try:
        with open(name, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = getattr(error, "strerror", None) or str(error)
        raise RegimeFileError(
            [Problem(name, 1, 1, "", f"cannot read the file: {reason}")]
        ) from None
    if len(data) > MAX_BYTES:
        raise RegimeFileError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"file is over {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RegimeFileError(
            [Problem(name, 1, 1, "", f"not UTF-8 text: byte {error.start} is invalid")]
        ) from None


def render(path: Path) -> str:
    """A path as people write it: `notices[3].effective`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):  # an empty or odd key, quoted
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
        else:
            out += f".{part}" if out else part
    return out


_PLAIN_KEY = re.compile(r"[^\s.\[\]\"]+")


class _Loader(yaml.SafeLoader):
    """A SafeLoader that resolves plain scalars by YAML 1.2's core schema."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        # YAML 1.2 allows `E` too, but then the ECCN `4E091` would read as 4e91:
        # an exponent is written with a lower-case `e` here (`1e26`).
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


class Marks:
    """Where each value of a document sits: path -> (line, column), 1-based."""

    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at `path` (or of its key), else its nearest parent's."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.marks = Marks()
        self.problems: list[Problem] = []
        self.budget = MAX_NODES

    def problem(self, node: yaml.Node, path: Path, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, render(path), message)
        )

    def read(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(
                node, f"more than {MAX_NODES:,} values once aliases are expanded"
            )
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"nested deeper than {MAX_DEPTH} levels")
        self.marks.values.setdefault(
            path, (node.start_mark.line + 1, node.start_mark.column + 1)
        )
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.problem(node, path, f"unsupported YAML tag `{node.tag}`")
                return None
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                    "tag:yaml.org,2002:str",
                    "tag:yaml.org,2002:int",
                    "tag:yaml.org,2002:bool",
                    "tag:yaml.org,2002:null",
                    "tag:yaml.org,2002:float",
                ):
                    self.problem(key_node, path, "expected a plain key")
                    continue
                key = key_node.value
                if key == "<<":
                    self.problem(key_node, path, "merge keys (`<<`) are not supported")
                    continue
                if key in out:
                    self.problem(key_node, (*path, key), f"duplicate key `{key}`")
                    continue
                child = (*path, key)
                self.marks.keys[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[key] = self.read(value_node, child, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.problem(node, path, f"unsupported YAML tag `{node.tag}`")
                return None
            return [
                self.read(item, (*path, i), depth + 1)
                for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:str":
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            if text.startswith("0o"):
                return int(text[2:], 8)
            return int(text, 0) if text.startswith("0x") else int(text)
        if tag == "tag:yaml.org,2002:float":
            if text.lower().endswith(("inf", "nan")):
                # no quantity in a regime is infinite or not a number
                self.problem(node, path, f"expected a finite number, got `{text}`")
                return None
            return float(text)
        self.problem(node, path, f"unsupported YAML tag `{tag}`")
        return None


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        self.node = node
        self.message = message


def read_yaml(text: str, file: str) -> tuple[Any, Marks, list[Problem]]:
    """Parse one YAML (or JSON) document into plain data, its marks and its problems."""
    reader = _Reader(file)
    size = len(text.encode())
    if size > MAX_BYTES:
        reader.problems.append(
            Problem(
                file, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}"
            )
        )
        return None, reader.marks, reader.problems
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "malformed YAML"
        reader.problems.append(
            Problem(file, line, column, "", f"malformed YAML: {what}")
        )
        return None, reader.marks, reader.problems
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        char = error.character
        code = char if isinstance(char, int) else ord(char)
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        reader.problems.append(
            Problem(
                file,
                line,
                column,
                "",
                f"malformed YAML: the character U+{code:04X} is not allowed",
            )
        )
        return None, reader.marks, reader.problems
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks the rest
        reader.problems.append(Problem(file, 1, 1, "", f"malformed YAML: {error}"))
        return None, reader.marks, reader.problems
    if len(nodes) != 1:
        message = (
            "the file is empty"
            if not nodes
            else f"expected one YAML document, found {len(nodes)}"
        )
        reader.problems.append(Problem(file, 1, 1, "", message))
        return None, reader.marks, reader.problems
    try:
        # problems found while reading (duplicate keys, tags) do not stop the
        # read: the checks after it report everything else at once
        data = reader.read(nodes[0], (), 0)
    except _TooBig as error:
        mark = error.node.start_mark
        reader.problems.append(
            Problem(
                file, mark.line + 1, mark.column + 1, "", f"refused: {error.message}"
            )
        )
        return None, reader.marks, reader.problems
    return data, reader.marks, reader.problems
