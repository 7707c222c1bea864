"""Three-valued truth, as scopes and contexts answer: a leaf module.

A fact the regime needs but does not have makes a scope `UNKNOWN`; the
combinators follow Kleene's logic, so an unknown fact only matters where it
could change the answer.

Examples:
    >>> from aicontrols._tri import FALSE, TRUE, UNKNOWN
    >>> min(TRUE, UNKNOWN) is UNKNOWN, max(FALSE, UNKNOWN) is UNKNOWN
    (True, True)
"""

from __future__ import annotations

import enum

__all__ = ["FALSE", "TRUE", "UNKNOWN", "Tri"]


class Tri(enum.IntEnum):
    """A three-valued truth: `FALSE < UNKNOWN < TRUE` (Kleene's logic)."""

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


FALSE, UNKNOWN, TRUE = Tri.FALSE, Tri.UNKNOWN, Tri.TRUE
