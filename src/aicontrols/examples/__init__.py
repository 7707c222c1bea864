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

from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from .._regime import Regime
from ..exceptions import UnknownIdError

__all__ = ["load", "names", "path"]


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
