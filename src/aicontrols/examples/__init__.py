"""Bundled, documented example regimes, shipped as regime files.

`load(name)` returns a ready regime; `names()` lists them. Each is a YAML file
in this package that cites its sources. Regimes are immutable, so `load`
returns the same object each time and its compiled indexes are shared.

Examples:
    >>> import aicontrols
    >>> regime = aicontrols.examples.load("mythos5")
    >>> regime.jurisdiction, regime.timezone
    ('US', 'America/New_York')
    >>> "mythos5" in aicontrols.examples.names()
    True
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from .._regime import Regime
from ..exceptions import AIControlsError, UnknownIdError

__all__ = ["SpecError", "is_file_spec", "load", "load_spec", "names", "path"]


def names() -> tuple[str, ...]:
    """The names of the bundled example regimes, sorted."""
    folder = files(__name__)
    return tuple(
        sorted(
            p.name[: -len(".yaml")]
            for p in folder.iterdir()
            if p.name.endswith(".yaml")
        )
    )


def path(name: str) -> Path:
    """The file of the bundled example called `name`.

    Raises:
        UnknownIdError: no bundled example has that name.
    """
    if name not in names():
        raise UnknownIdError("example", name, known=names())
    with as_file(files(__name__) / f"{name}.yaml") as found:
        return Path(found)


@cache
def load(name: str) -> Regime:
    """The bundled example regime called `name`.

    Raises:
        UnknownIdError: no bundled example has that name.
    """
    from ..files import load_regime

    return load_regime(path(name))


class SpecError(AIControlsError, ValueError):
    """A REGIME that is neither a readable file nor a bundled example's name."""


def is_file_spec(spec: str) -> bool:
    """Whether `spec` names a regime file, as the command line reads a REGIME:
    an existing path, one with a separator, or a `.yaml`, `.yml` or `.json`
    name; anything else is a bundled example's name.

    Examples:
        >>> is_file_spec("us.yaml"), is_file_spec("rules/us"), is_file_spec("mythos5")
        (True, True, False)
    """
    try:
        exists = Path(spec).exists()
    except (OSError, ValueError):  # a name too long, or with a NUL, is no file
        exists = False
    return (
        exists
        or any(sep in spec for sep in ("/", "\\"))
        or spec.endswith((".yaml", ".yml", ".json"))
    )


def load_spec(spec: str) -> Regime:
    """A regime from a file path or the name of a bundled example (as the
    command line and `aicontrols serve` read each REGIME).

    Raises:
        RegimeFileError: the file has problems (each located).
        SpecError: `spec` is neither a file nor a bundled example.

    Examples:
        >>> load_spec("mythos5") is load("mythos5")
        True
        >>> load_spec("mythos6")
        Traceback (most recent call last):
        ...
        aicontrols.examples.SpecError: no regime file or bundled example `mythos6` (did you mean `mythos5`? bundled: ...)
    """
    if is_file_spec(spec):
        from ..files import load_regime

        return load_regime(spec)
    known = names()
    if spec in known:
        return load(spec)
    close = difflib.get_close_matches(spec, known, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    listed = ", ".join(f"`{n}`" for n in known)
    raise SpecError(
        f"no regime file or bundled example `{spec}` ({hint}bundled: {listed})"
    )
