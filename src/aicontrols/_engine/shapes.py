"""Shapes: one access's verdict over all time, compiled once and shared.

A *shape* is an access (who, what, how, where, attested conditions) under one
knowledge state. Its verdict can change only at the change points of its item
and mode's index, of the country groups and entity lists those rules read, and
of the recipient's own dated facts. A shape keeps those points sorted and
assesses each piece between them at most once, on first use; a decision at an
instant is then a dictionary lookup and a binary search.

Shapes are cached per regime (a bounded cache: a gateway asks about the same
few thousand recipients again and again). A shape only ever fills its own
pieces with the same values, so sharing one between threads is safe.
"""

from __future__ import annotations

import gc
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .._entities import Citizenship, Employment, Entity, Ownership, Residency
from .._reasons import Verdict
from .._time import NEG_INF, POS_INF, resolve_end, resolve_start
from .decide import Assessment

__all__ = ["Shape", "collector_paused", "fact_points"]

_RANK = {verdict: rank for rank, verdict in enumerate(Verdict)}


class _Pauses:
    """The pauses of the collector in progress, in every thread: the first
    turns it off (remembering whether it was on), the last turns it back on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.restore = False

    def enter(self) -> None:
        with self.lock:
            if not self.depth:
                self.restore = gc.isenabled()
                gc.disable()
            self.depth += 1

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if not self.depth and self.restore:
                gc.enable()


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, and back on (if it
    was on) when the last block in progress in any thread ends.

    Compiling shapes, assessing pieces and answering requests make many small
    objects without reference cycles, freed by their counts; meanwhile the
    collector would scan them as they are made, and everything alive (a
    regime, a log's cells) again as they age: a full collection in the middle
    of a cold audit cost as much as a tenth of it.
    """
    _PAUSES.enter()
    try:
        yield
    finally:
        _PAUSES.leave()


def fact_points(entity: Entity, tz: str) -> set[int]:
    """The instants at which one of the entity's dated facts starts or ends."""
    points: set[int] = set()
    facts: tuple[Citizenship | Residency | Employment | Ownership, ...] = (
        *entity.citizenships,
        *entity.residencies,
        *entity.employments,
        *entity.owners,
    )
    for fact in facts:
        if fact.start is not None:
            points.add(resolve_start(fact.start, tz))
        if fact.end is not None:
            points.add(resolve_end(fact.end, tz))
    return points


class Shape:
    """The pieces of constant rules and facts for one access and knowledge state.

    `starts[0]` is `NEG_INF`; piece `i` covers `[starts[i], starts[i + 1])`
    (the last one runs to `POS_INF`). The assessment of a piece is computed by
    `assess(starts[i])` the first time it is asked for.
    """

    __slots__ = ("_assess", "_spans", "codes", "pieces", "starts")

    def __init__(
        self, starts: tuple[int, ...], assess: Callable[[int], Assessment]
    ) -> None:
        self.starts = starts
        self.pieces: list[Assessment | None] = [None] * len(starts)
        self.codes: list[tuple[int, str] | None] = [None] * len(starts)
        self._spans: dict[int, tuple[int, int]] | None = None  # `extent` by piece
        self._assess = assess

    def piece(self, t: int) -> int:
        """The number of the piece holding instant `t`."""
        return bisect_right(self.starts, t) - 1

    def assessment(self, i: int) -> Assessment:
        """The assessment of piece `i`, computed once."""
        found = self.pieces[i]
        if found is None:
            found = self.pieces[i] = self._assess(self.starts[i])
        return found

    def code(self, i: int) -> tuple[int, str]:
        """Piece `i`'s verdict (its rank in `Verdict`) and reason code, computed once."""
        found = self.codes[i]
        if found is None:
            a = self.assessment(i)
            found = self.codes[i] = (
                _RANK[a.verdict],
                a.code,
            )
        return found

    def at(self, t: int) -> Assessment:
        """The assessment at instant `t` (the hot path: `assessment`, inlined)."""
        i = bisect_right(self.starts, t) - 1
        found = self.pieces[i]
        if found is None:
            found = self.pieces[i] = self._assess(self.starts[i])
        return found

    def end(self, i: int) -> int:
        """Where piece `i` ends (exclusive)."""
        return self.starts[i + 1] if i + 1 < len(self.starts) else POS_INF

    def inside(self, lo: int, hi: int) -> tuple[int, ...]:
        """The change points strictly inside `(lo, hi)`."""
        return self.starts[bisect_right(self.starts, lo) : bisect_left(self.starts, hi)]

    def between(self, lo: int, hi: int) -> list[tuple[int, int, Assessment]]:
        """Maximal constant-verdict pieces of `[lo, hi)`, each with its first assessment."""
        first = self.piece(lo)
        last = self.piece(hi - 1)
        out: list[tuple[int, int, Assessment]] = []
        for i in range(first, last + 1):
            start = max(self.starts[i], lo)
            end = min(self.end(i), hi)
            assessment = self.assessment(i)
            if out and out[-1][2].verdict is assessment.verdict:
                out[-1] = (out[-1][0], end, out[-1][2])
            else:
                out.append((start, end, assessment))
        return out

    def extent(self, t: int, end: int) -> tuple[int, int]:
        """The maximal interval around `[t, end)` whose verdict stays the one at `t`.

        For an instant (`end == t + 1`) it depends only on the piece holding
        it, so it is found once per piece: a gateway asks about the same
        accesses at every new instant.
        """
        i = self.piece(t)
        if end == t + 1:
            spans = self._spans
            if spans is None:
                spans = self._spans = {}
            found = spans.get(i)
            if found is None:
                found = spans[i] = self._extent(i, i)
            return found
        hi = self.piece(end - 1) if end > t else i
        return self._extent(i, hi)

    def _extent(self, i: int, hi: int) -> tuple[int, int]:
        """The maximal interval of the verdict of piece `i` around pieces `i`..`hi`."""
        verdict = self.assessment(i).verdict
        lo = i
        while lo > 0 and self.assessment(lo - 1).verdict is verdict:
            lo -= 1
        count = len(self.starts)
        while hi + 1 < count and self.assessment(hi + 1).verdict is verdict:
            hi += 1
        return (self.starts[lo] if lo else NEG_INF), self.end(hi)
