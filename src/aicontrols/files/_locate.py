"""Finding things in a regime file's data: the value an error names, the id a
rule's problem names, and where a regime's path sits in its file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ._yaml import Path, read_yaml, render

Raw = dict[str, Any]

_TOKEN = re.compile(r"`([^`]*)`|([A-Za-z_][A-Za-z0-9_]*)")
_GOT = re.compile(r"got `([^`]*)`")


def named(error: Exception, raw: Raw) -> Path | None:
    """The field (and the value within it) that a class's refusal names.

    A regime's own checks give a `path`; other classes name the field in their
    message (`` `end` (...) must be after `start` ``) and quote the value they
    got. A missing `territory` is asked for at the `jurisdiction` that needs it.
    """
    path = getattr(error, "path", None)
    if isinstance(path, str) and path:
        if path == "territory" and "territory" not in raw:
            return ("jurisdiction",)
        return tuple(
            int(part) if part.isdigit() else part
            for part in re.split(r"[.\[\]]+", path)
            if part
        )
    message = str(error)
    keys = list(_keys(raw, ()))
    base: Path = ()
    for match in _TOKEN.finditer(message):
        token = match.group(1) if match.group(1) is not None else match.group(2)
        base = next((key for key in keys if key[-1] == token), ())
        if base:
            break
    got = _GOT.findall(message)
    if got:
        value = got[-1]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]  # a repr
        found = find(at(raw, base), value)
        if found is not None:
            return (*base, *found) or None
    return base or None


def _keys(node: Any, path: Path) -> Iterable[Path]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _keys(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _keys(value, (*path, i))


def at(node: Any, path: Path) -> Any:
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def find(node: Any, text: str) -> Path | None:
    """The way to the first string `text` in `node`, depth first."""
    if node == text:
        return ()
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in children:
        found = find(value, text)
        if found is not None:
            return (key, *found)
    return None


def locate(file: str, path: str) -> tuple[int, int, str]:
    """Where a regime's path (e.g. `notices[1].adds[0]`) sits in its file.

    Returns the line, the column and the path as the file writes it, where a
    notice's `adds[k]` becomes `adds.restrictions[k]`, `adds.exemptions[j]`
    or `adds.licenses[j]`.
    """
    with open(file, encoding="utf-8") as handle:
        data, marks, _ = read_yaml(handle.read(), file)
    parts = list(parse_path(path))
    out: list[str | int] = []
    node: Any = data
    i = 0
    while i < len(parts):
        part = parts[i]
        if (
            part in ("adds", "amends")
            and i + 1 < len(parts)
            and isinstance(parts[i + 1], int)
        ):
            group = node.get(part, {}) if isinstance(node, dict) else {}
            index = parts[i + 1]
            assert isinstance(index, int)
            kind = "restrictions"
            for kind in ("restrictions", "exemptions", "licenses"):
                count = len(group.get(kind, ()))
                if index < count or kind == "licenses":
                    break
                index -= count
            out += [part, kind, index]
            node = group.get(kind, [None] * (index + 1))[index]
            i += 2
            continue
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        i += 1
    line, column = marks.of(tuple(out))
    return line, column, render(tuple(out))


def parse_path(text: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for chunk in text.replace("]", "").replace("[", ".").split("."):
        if chunk:
            parts.append(int(chunk) if chunk.isdigit() else chunk)
    return tuple(parts)
