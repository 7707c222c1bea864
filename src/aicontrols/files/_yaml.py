"""Safe, located YAML reading: plain data plus the line and column of every value.

Only plain data comes out (mappings, sequences, strings, numbers, booleans,
null): no tag builds an object. Scalars resolve as in YAML 1.2's core schema, so
`NO` (Norway) stays a string and `2026-06-12` stays a string for the loader to
parse; aliases are expanded under a budget, so a "billion laughs" file is
refused at once; duplicate keys are reported, not silently overwritten.

Nothing but a `RegimeFileError` comes out of a bad file. A tagged scalar must be
written as its tag's type is in the core schema (`!!bool yes` is refused, never
read as false: the booleans are `true`, `True`, `TRUE` and their `false`
spellings, tagged or not); a number is at most `MAX_NUMBER` characters and
finite, checked before it is converted; nesting is checked while the file is
parsed, before Python's stack is at risk; and a surrogate, which is not a
character, is refused wherever it is (a JSON surrogate pair is joined into the
one character it encodes).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import attrs
import yaml

from ..exceptions import RegimeFileError

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
# The longest number, in characters: no quantity in a regime needs more, and
# every integer this short is also a float (Python refuses to convert integers
# of over 4,300 digits, and floats end near 1.8e308).
MAX_NUMBER = 100

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
# escapes, so that each problem stays on its one line; surrogates (a file name
# with an undecodable byte) too, so that it can be printed as UTF-8
_VISIBLE = (
    {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
    | {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}
    | {0x2028: "\\u2028", 0x2029: "\\u2029", 0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
)


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
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Bytes as UTF-8 text; an invalid byte is refused at its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")  # valid up to the bad byte
        line, column = position(before, len(before))
        message = f"not UTF-8 text: byte {error.start} is invalid"
        raise RegimeFileError([Problem(name, line, column, "", message)]) from None


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`, counting breaks as PyYAML does."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


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


class Loader(yaml.SafeLoader):
    """A SafeLoader that resolves plain scalars by YAML 1.2's core schema.

    It also refuses nesting deeper than `MAX_DEPTH` as it composes: PyYAML's
    scanner and parser keep their own stacks, but its composer recurses once a
    level, and would otherwise run out of Python's stack near 500 levels.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # the root is level 0, as `_Reader.read` counts; a scalar nests nothing,
        # so one too deep is left for `_Reader.read` to refuse, in file order
        collection = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
        if self.depth > MAX_DEPTH and self.check_event(*collection):
            mark: yaml.Mark = self.current_event.start_mark  # the one checked
            raise _TooBig(mark, f"nested deeper than {MAX_DEPTH} levels")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


Loader.yaml_implicit_resolvers = {}
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
    Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


class Marks:
    """Where each value of a document sits: path -> (line, column), 1-based."""

    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        # the values the reader refused (a tag, a duplicate key): left out
        self.refused: list[Path] = []

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
        self.marks.refused.append(path)
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, render(path), message)
        )

    def read(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(
                node.start_mark,
                f"more than {MAX_NODES:,} values once aliases are expanded",
            )
        if depth > MAX_DEPTH:  # an alias can nest a value deeper than it is written
            raise _TooBig(node.start_mark, f"nested deeper than {MAX_DEPTH} levels")
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
                key = self.text(key_node, path)
                if key is None:
                    continue
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
            return self.text(node, path)
        core = _CORE.get(tag)
        if core is None:
            self.problem(node, path, f"unsupported YAML tag `{tag}`")
            return None
        expected, pattern = core
        numeric = tag in (_INT, _FLOAT)
        if numeric and len(text) > MAX_NUMBER:  # before Python converts it
            message = f"a number of {len(text):,} characters; the limit is {MAX_NUMBER}"
            self.problem(node, path, f"{message}: `{_shown(text)}`")
            return None
        if not pattern.fullmatch(text):
            # what a plain scalar resolves to matches: this one has a tag
            short = tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                node, path, f"expected {expected}, got `{short} {_shown(text)}`"
            )
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _NULL:
            return None
        if tag == _INT:
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text)
        number = float(text.replace(".", "", 1) if text.endswith(_WORDS) else text)
        if not math.isfinite(number):  # `.inf`, `.nan`, or `1e400`, out of range
            # no quantity in a regime is infinite or not a number
            self.problem(node, path, f"expected a finite number, got `{_shown(text)}`")
            return None
        return number

    def text(self, node: yaml.ScalarNode, path: Path) -> str | None:
        """A string scalar's text; a surrogate pair joined, a lone one refused."""
        text: str = node.value
        if not _SURROGATE.search(text):
            return text
        # only an escape (`"\ud800"`) puts one here: raw ones are refused first
        try:
            return text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            lone = _lone_surrogate(text)
            self.problem(node, path, f"{_surrogate_message(lone)}: `{_shown(text)}`")
            return None


_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_WORDS = ("inf", "Inf", "INF", "nan", "NaN", "NAN")  # `.inf`: Python writes `inf`
# How each core tag's values are written (YAML 1.2.2, 10.3.2); with a tag, a
# float may also write its exponent with a capital `E`.
_CORE = {
    _BOOL: ("`true` or `false`", re.compile(r"true|True|TRUE|false|False|FALSE")),
    _NULL: ("null", re.compile(r"~|null|Null|NULL|")),
    _INT: ("an integer", re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    _FLOAT: (
        "a number",
        re.compile(
            r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
    ),
}


def _shown(text: str) -> str:
    """A scalar's text as a message quotes it: cut, and quoted if it hides."""
    if len(text) > 40:
        text = text[:40] + "..."
    if not text or text != text.strip() or "`" in text or _SURROGATE.search(text):
        text = json.dumps(text, ensure_ascii=False)
    # a surrogate is shown as its escape, so that the message prints as UTF-8
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _lone_surrogate(text: str) -> str:
    """The first surrogate in `text` that is not half of a pair."""
    i = 0
    while i < len(text):
        char = text[i]
        pair = text[i + 1 : i + 2]
        if "\ud800" <= char <= "\udbff" and "\udc00" <= pair <= "\udfff":
            i += 2
            continue
        if "\ud800" <= char <= "\udfff":
            return char
        i += 1
    raise AssertionError("no lone surrogate")  # pragma: no cover - by the caller


def _surrogate_message(char: str) -> str:
    return f"the text has a lone surrogate U+{ord(char):04X}, which is not a character"


class _TooBig(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def read_yaml(text: str, file: str) -> tuple[Any, Marks, list[Problem]]:
    """Parse one YAML (or JSON) document into plain data, its marks and its problems."""
    reader = _Reader(file)
    raw = _SURROGATE.search(text)
    if raw:  # not a character: no file holds one, and nothing could print it
        line, column = position(text, raw.start())
        message = _surrogate_message(raw.group())
        reader.problems.append(Problem(file, line, column, "", message))
        return None, reader.marks, reader.problems
    size = len(text.encode())
    if size > MAX_BYTES:
        reader.problems.append(
            Problem(
                file, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}"
            )
        )
        return None, reader.marks, reader.problems
    try:
        nodes = list(yaml.compose_all(text, Loader=Loader))
    except _TooBig as error:
        return None, reader.marks, [*reader.problems, _refused(file, error)]
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
        line, column = position(text, error.position)
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
        return None, reader.marks, [*reader.problems, _refused(file, error)]
    return data, reader.marks, reader.problems


def _refused(file: str, error: _TooBig) -> Problem:
    mark = error.mark
    return Problem(
        file, mark.line + 1, mark.column + 1, "", f"refused: {error.message}"
    )
