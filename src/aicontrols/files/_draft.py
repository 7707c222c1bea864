"""Reading a draft: a file of notices to add to a regime, with located errors.

A draft file holds one key, `notices`, a list of notices in the regime-file
format (the `notices` of a regime file, as `docs/reference/regime-format.md`
describes them). It is read as the regime file would be with those notices
appended to the regime's own, so every check of a regime file runs (the
schema, real dates, unique ids, references to the regime's rules), and every
problem is located in the draft file, at the path of its own notice.
"""

from __future__ import annotations

import difflib
import os
import re
from typing import Any

from .._regime import Regime
from ..exceptions import RegimeFileError
from . import regime_from_data
from ._dump import unstructure_regime
from ._yaml import Marks, Path, Problem, read_text, read_yaml

__all__ = ["read_draft"]

_KEYS = ("notices",)


def read_draft(path: str | os.PathLike[str], regime: Regime) -> Regime:
    """`regime` with the notices of the draft file at `path` added.

    Raises:
        RegimeFileError: every problem of the draft, each at its file, line
            and column, with the path of the value in the draft (a problem
            the draft causes in the regime's own notices, such as a rule it
            amends twice, is reported at the draft's top).
    """
    name = os.fspath(path)
    data, marks, problems = read_yaml(read_text(name), name)
    if data is None:
        raise RegimeFileError(
            problems or [Problem(name, 1, 1, "", "the file is empty")]
        )
    found = [*problems, *_shape_problems(data, marks, name)]
    drafted = data.get("notices") if isinstance(data, dict) else None
    if not isinstance(drafted, list) or not drafted:
        raise RegimeFileError(found)
    combined = unstructure_regime(regime)
    own = list(combined.get("notices", ()))
    combined["notices"] = [*own, *drafted]
    try:
        built = regime_from_data(combined, _shifted(marks, len(own)), [], name)
    except RegimeFileError as error:
        found += [_unshifted(p, len(own), regime.id) for p in error.problems]
    if found:
        raise RegimeFileError(sorted(found, key=lambda p: (p.line, p.column)))
    return regime.with_notices(built.notices[len(own) :])


def _shape_problems(data: Any, marks: Marks, name: str) -> list[Problem]:
    """A draft is a mapping with a `notices` list and nothing else."""
    if not isinstance(data, dict):
        line, column = marks.of(())
        return [
            Problem(name, line, column, "", "expected a mapping with a `notices` list")
        ]
    found: list[Problem] = []
    for key in data:
        if key not in _KEYS:
            line, column = marks.of((key,), key=True)
            close = difflib.get_close_matches(str(key), _KEYS, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "a draft holds `notices`"
            found.append(
                Problem(name, line, column, str(key), f"unknown key `{key}` ({hint})")
            )
    if "notices" not in data:
        line, column = marks.of(())
        found.append(Problem(name, line, column, "", "missing required key `notices`"))
    elif not isinstance(data["notices"], list) or not data["notices"]:
        line, column = marks.of(("notices",))
        found.append(
            Problem(
                name, line, column, "notices", "expected a non-empty list of notices"
            )
        )
    return found


def _shifted(marks: Marks, by: int) -> Marks:
    """The draft's marks, its notices numbered after the regime's own `by`."""

    def shift(path: Path) -> Path:
        if len(path) > 1 and path[0] == "notices" and isinstance(path[1], int):
            return ("notices", path[1] + by, *path[2:])
        return path

    out = Marks()
    out.values = {shift(p): v for p, v in marks.values.items()}
    out.keys = {shift(p): v for p, v in marks.keys.items()}
    out.refused = [shift(p) for p in marks.refused]
    return out


_NOTICE = re.compile(r"^notices\[(\d+)\]")


def _unshifted(problem: Problem, by: int, regime: str) -> Problem:
    """A problem's path as the draft numbers its notices; one in the regime's
    own notices names the regime."""
    found = _NOTICE.match(problem.path)
    if found is None:
        return problem
    number = int(found.group(1))
    if number >= by:
        path = f"notices[{number - by}]{problem.path[found.end() :]}"
        return Problem(
            problem.file, problem.line, problem.column, path, problem.message
        )
    where = f"regime `{regime}` {problem.path}"
    return Problem(problem.file, problem.line, problem.column, where, problem.message)
