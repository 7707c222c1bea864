"""Bundled, documented example regimes.

`load(name)` returns a ready regime; `names()` lists them. Regimes are
immutable, so `load` returns the same object each time and its compiled
indexes are shared.

Examples:
    >>> import aicontrols
    >>> regime = aicontrols.examples.load("mythos5")
    >>> regime.jurisdiction, regime.timezone
    ('US', 'America/New_York')
    >>> aicontrols.examples.names()
    ('mythos5',)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from .._regime import Regime
from ..exceptions import UnknownIdError
from ._mythos5 import build as _mythos5

__all__ = ["load", "names"]

_BUILDERS: dict[str, Callable[[], Regime]] = {"mythos5": _mythos5}


def names() -> tuple[str, ...]:
    """The names of the bundled example regimes."""
    return tuple(_BUILDERS)


@cache
def load(name: str) -> Regime:
    """The bundled example regime called `name`.

    Raises:
        UnknownIdError: no bundled example has that name.
    """
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise UnknownIdError("example", name, known=names()) from None
    return builder()
