"""Ownership through chains and in sum: how much of an entity some owners hold.

The Entity List's affiliates rule counts ownership "directly or indirectly,
individually or in the aggregate" (90 FR 47201). The measure here, for an
entity `X` at instant `t` and a set of *selected* owners (those a scope names,
or those on a list at `t`):

    own(X) = sum over X's owners `o` valid at `t` of
             share(o) * (1 if `o` is selected else own(o))

so shares multiply along a chain and add up across owners and paths. The
recursion stops at a selected owner (its own holdings are not counted again).
Owners are followed through the regime's catalog; an owner the catalog does
not describe has no known owners; a chain that loops back is cut there.

An unknown share (`None`) gives bounds: the share lies between 0 and what the
entity's known shares leave (`1 - known`, shared by all its links of unknown
share). The answer is then `TRUE` if the lower bound reaches the threshold,
`FALSE` if the upper bound stays below it, else `UNKNOWN`, naming each
unknown share on a path that could reach a selected owner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .._entities import Entity, Ownership
from .._tri import FALSE, TRUE, UNKNOWN, Tri

__all__ = ["TOLERANCE", "Holding", "holding"]

TOLERANCE = 1e-9
"""Shares are summed in floating point: 0.3 + 0.2 must reach a 50% threshold."""


class Holding:
    """How much of an entity the selected owners hold at one instant.

    Attributes:
        low: the aggregate share, at least (unknown shares read as 0).
        high: the aggregate share, at most (unknown shares as large as they
            can be).
        owners: the selected owners some chain reaches, sorted.
        missing: the unknown shares on paths that could reach a selected
            owner, in words.
    """

    __slots__ = ("high", "low", "missing", "owners")

    def __init__(
        self, low: float, high: float, owners: tuple[str, ...], missing: tuple[str, ...]
    ) -> None:
        self.low = low
        self.high = high
        self.owners = owners
        self.missing = missing

    def at_least(self, min_share: float | None) -> Tri:
        """Whether the selected owners hold at least `min_share` (any, if `None`)."""
        if min_share is None:
            return TRUE if self.owners else FALSE
        if self.low + TOLERANCE >= min_share:
            return TRUE
        if self.high + TOLERANCE < min_share:
            return FALSE
        return UNKNOWN


class _Walk:
    """One measure: a depth-first walk up the ownership links valid at `t`."""

    def __init__(
        self,
        entities: Mapping[str, Entity],
        valid: Callable[[Ownership], bool],
        selects: Callable[[str], bool],
    ) -> None:
        self.entities = entities
        self.valid = valid
        self.selects = selects
        self.reached: set[str] = set()
        self.missing: dict[str, None] = {}
        # own(o) of an owner whose walk met no loop back onto its path
        self.done: dict[str, tuple[float, float]] = {}

    def own(self, entity: Entity, path: frozenset[str]) -> tuple[float, float, bool]:
        """`entity`'s (low, high) aggregate, and whether a loop was cut below it."""
        links = [(o.owner, o.share) for o in entity.owners if self.valid(o)]
        known = sum(share for _, share in links if share is not None)
        room = max(0.0, 1.0 - known)
        low = high = unknown_best = 0.0
        cut = False
        for owner, share in links:
            if owner in path:
                cut = True  # a loop: cut here
                continue
            if self.selects(owner):
                self.reached.add(owner)
                below = (1.0, 1.0)
            else:
                found = self.done.get(owner)
                if found is None:
                    parent = self.entities.get(owner)
                    if parent is None:
                        continue  # not in the catalog: no known owners
                    lo, hi, loop = self.own(parent, path | {owner})
                    found = (lo, hi)
                    if loop:
                        cut = True
                    else:
                        self.done[owner] = found
                below = found
            if share is None:
                if below[1] > 0:
                    fact = f"ownership share of `{owner}` in `{entity.id}`"
                    self.missing[fact] = None
                    unknown_best = max(unknown_best, below[1])
            else:
                low += share * below[0]
                high += share * below[1]
        return low, high + room * unknown_best, cut


def holding(
    entities: Mapping[str, Entity],
    entity: Entity,
    valid: Callable[[Ownership], bool],
    selects: Callable[[str], bool],
) -> Holding:
    """How much of `entity` the owners that `selects` holds, directly or indirectly.

    Args:
        entities: the catalog's entities by id (a mapping), which chains follow.
        entity: the entity owned (the recipient).
        valid: whether an `Ownership` link holds at the query instant.
        selects: whether an owner id is selected.
    """
    walk = _Walk(entities, valid, selects)
    low, high, _ = walk.own(entity, frozenset((entity.id,)))
    return Holding(low, high, tuple(sorted(walk.reached)), tuple(walk.missing))
