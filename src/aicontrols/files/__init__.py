"""Regime files: reading and writing regimes as YAML or JSON, with located errors.

`load_regime(path)` reads a file, checks it against the JSON Schema (and
that its dates exist), builds the regime piece by piece with the regime's own
classes, runs the regime's consistency rules (unique ids, references, spans,
retroactivity) over what was built, and reports every problem at once, each at
its file and line, in a `RegimeFileError`. `dump_regime(regime)` writes the same format back, in a
fixed order, so that load -> dump -> load gives an equal regime.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import attrs
import yaml

from .._regime import Regime
from .._validate import problems as rule_problems
from ..exceptions import AIControlsError, QueryError, RegimeFileError
from ._build import Builder
from ._check import Checker
from ._dump import unstructure_regime
from ._locate import locate as locate  # the command line's `lint` reads it
from ._locate import parse_path
from ._schema import SCHEMA_ID, regime_schema
from ._yaml import (
    MAX_BYTES,
    Loader,
    Marks,
    Problem,
    decode,
    read_text,
    read_yaml,
)
from ._yaml import Path as PathParts

__all__ = [
    "SCHEMA_ID",
    "Problem",
    "dump_regime",
    "load_regime",
    "loads_regime",
    "regime_schema",
    "schema_path",
]


def schema_path() -> Path:
    """Where the shipped JSON Schema file is (for editors and other tools)."""
    return Path(__file__).with_name("regime.schema.json")


def load_regime(path: str | os.PathLike[str]) -> Regime:
    """Read a regime from a YAML or JSON file.

    Args:
        path: the file to read.

    Returns:
        The regime.

    Raises:
        RegimeFileError: every problem in the file, each with file, line,
            column, the path of the value and what was expected; also an
            unreadable or oversized file.

    Examples:
        >>> import aicontrols
        >>> from importlib.resources import files
        >>> path = files("aicontrols.examples") / "mythos5.yaml"
        >>> aicontrols.load_regime(path).id
        'us-mythos-letters'
    """
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
    except (OSError, ValueError):  # read_text says why it cannot be read
        size = 0
    if size > MAX_BYTES:
        raise RegimeFileError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                )
            ]
        )
    text = read_text(name)
    return loads_regime(text, name=name)


def loads_regime(text: str | bytes, *, name: str = "<string>") -> Regime:
    """Read a regime from YAML or JSON text; `name` is the file name errors show.

    Args:
        text: the regime's text. `bytes` are read as a file's are: as UTF-8
            (a byte order mark is skipped), an invalid byte being a problem
            at its line and column.
        name: the file name that problems show.

    Raises:
        RegimeFileError: every problem found, located; also text that holds
            a surrogate (which is not a character) or bytes that are not UTF-8.
        QueryError: `text` is neither `str` nor `bytes`.

    Examples:
        >>> import aicontrols
        >>> text = '''
        ... id: demo
        ... jurisdiction: US
        ... timezone: America/New_York
        ... notices:
        ... - id: n1
        ...   published: 2026-01-05
        ...   efective: 2026-01-05
        ... '''
        >>> try:
        ...     aicontrols.loads_regime(text, name="demo.yaml")
        ... except aicontrols.RegimeFileError as error:
        ...     print(error)
        demo.yaml:6:3: notices[0]: missing required key `effective`
        demo.yaml:8:3: notices[0].efective: unknown key `efective` (did you mean `effective`?)
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_BYTES:
            message = f"file is {len(text):,} bytes; the limit is {MAX_BYTES:,}"
            raise RegimeFileError([Problem(name, 1, 1, "", message)])
        text = decode(bytes(text), name)
    elif not isinstance(text, str):
        hint = (
            "; to read a file, use `load_regime`"
            if isinstance(text, os.PathLike)
            else ""
        )
        raise QueryError(
            f"`text`: expected the regime's text (`str` or `bytes`), "
            f"got `{type(text).__name__}`{hint}",
            argument="text",
            value=text,
        )
    data, marks, problems = read_yaml(text, name)
    if data is None:
        raise RegimeFileError(
            problems or [Problem(name, 1, 1, "", "the file is empty")]
        )
    return regime_from_data(data, marks, problems, name)


def regime_from_data(
    data: Any, marks: Marks, problems: list[Problem], name: str
) -> Regime:
    """The regime a file's data describes, checked and built as `loads_regime`
    does; `problems`: those its YAML reader found.

    Raises:
        RegimeFileError: every problem found, located.
    """
    checker = Checker(name, marks)
    checker.schema(data)
    checker.dates(data)
    # A value the YAML reader already refused (a duplicate key, a tag) is not
    # reported a second time by the checks.
    refused = [r for r in marks.refused if r]
    found = [*problems]
    reported = [*marks.refused]
    for problem, where in zip(checker.problems, checker.paths, strict=True):
        if not any(where[: len(r)] == r for r in refused):
            found.append(problem)
            reported.append(where)
    regime, more = _build_regime(data, reported, name, marks)
    found += more
    if regime is None:
        raise RegimeFileError(
            sorted(found, key=lambda p: (p.line, p.column))
            or [Problem(name, 1, 1, "", "no regime could be read")]
        )
    return regime


def _build_regime(
    data: Any, reported: list[PathParts], name: str, marks: Marks
) -> tuple[Regime | None, list[Problem]]:
    """The regime, built piece by piece, and the problems its classes and its
    consistency rules find, located; the regime only if there are none."""
    builder = Builder(data, reported)
    header, draft = builder.build()
    checker = Checker(name, marks)
    for where, message in builder.found:
        checker.add(where, message)
    for problem in rule_problems(draft):
        located = builder.locate(problem)
        if located is not None:
            checker.add(located, problem.message)
    if checker.problems or reported or header is None:
        return None, checker.problems
    fields = attrs.asdict(draft, recurse=False)
    try:
        return attrs.evolve(header, **fields), []
    except (AIControlsError, ValueError, TypeError) as error:  # pragma: no cover
        # the rules above are the regime's own: this is a safety net only
        path = getattr(error, "path", None) or ""
        line, column = marks.of(parse_path(path))
        return None, [Problem(name, line, column, path, str(error))]


def dump_regime(
    regime: Regime, *, schema: str | None = None, format: str = "yaml"
) -> str:
    """Write a regime in the file format: stable, deterministic, reviewable.

    Args:
        regime: the regime.
        schema: for YAML, a `$schema` location to name in a
            `# yaml-language-server: $schema=...` first line, for editors.
        format: `"yaml"` or `"json"`.

    Examples:
        >>> import aicontrols
        >>> text = aicontrols.dump_regime(aicontrols.examples.load("mythos5"))
        >>> aicontrols.loads_regime(text) == aicontrols.examples.load("mythos5")
        True
        >>> print(text.splitlines()[0])
        id: us-mythos-letters
    """
    data = unstructure_regime(regime)
    if format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False)
        # characters that JSON allows raw but YAML 1.2 readers refuse or read
        # as line breaks (DEL, C1 controls, U+2028/9) are written as escapes
        return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
    if format != "yaml":
        raise ValueError(f"`format`: expected `yaml` or `json`, got `{format}`")
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    header = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return header + body


_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


class _Dumper(yaml.SafeDumper):
    """Writes strings plainly where our YAML 1.2 loader reads them back as strings."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
# quote exactly the strings that our YAML 1.2 reader would take for another type
_Dumper.yaml_implicit_resolvers = Loader.yaml_implicit_resolvers
