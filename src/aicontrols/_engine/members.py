"""Who belongs to a group or list at an instant, and where the data does not say.

`MemberTimeline` holds the dated members of one country group or entity list,
as known at one cutoff. A country group whose data has gaps (`data_from`,
`unknown`) also holds its `Gaps`: a scope that reads a membership in a gap is
unknown, so the verdict fails closed with the gap named.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .._groups import CountryGroup, Membership
from .._time import NEG_INF, POS_INF, resolve, resolve_end, resolve_start, show


class Gaps:
    """Where a country group's data does not say whether a country is a member.

    Before `data_from`, only a membership with its own `start` (a dated,
    cited entry) is known; every other membership is unknown. The `unknown`
    spans make one country's membership unknown over `[start, end)`.
    """

    __slots__ = ("before", "group", "spans", "tz")

    def __init__(self, group: CountryGroup, tz: str) -> None:
        self.group = group.id
        self.tz = tz
        self.before = (
            NEG_INF if group.data_from is None else resolve(group.data_from, tz)
        )
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in group.unknown:
            spans.setdefault(m.member, []).append(
                (resolve_start(m.start, tz), resolve_end(m.end, tz))
            )
        self.spans = spans

    def known(
        self, member: str, t: int, members: dict[str, list[tuple[int, int]]]
    ) -> bool:
        """Whether the data says if `member` belongs at `t` (`members`: its spans)."""
        if t < self.before:
            return any(NEG_INF < s <= t < e for s, e in members.get(member, ()))
        return not any(s <= t < e for s, e in self.spans.get(member, ()))

    def why(self, member: str, t: int) -> str:
        """The missing fact, in words: which membership is unknown, and why."""
        fact = f"membership of `{member}` in country group `{self.group}`"
        if t < self.before:
            return f"{fact} (no data before {show(self.before, self.tz)})"
        for s, e in self.spans.get(member, ()):
            if s <= t < e:
                return f"{fact} (unknown until {show(e, self.tz)})"
        return fact  # pragma: no cover - asked only where `known` is False

    def points(self) -> set[int]:
        """The instants at which what is known changes."""
        found = {self.before}
        for spans in self.spans.values():
            for span in spans:
                found.update(span)
        return found - {NEG_INF, POS_INF}


class MemberTimeline:
    """The members of one group or list over time, as known at one cutoff.

    Each member keeps its own sorted spans, so asking whether one party is
    listed costs a lookup and a short scan, however long the list. The sets of
    all members between change points (`starts`, `at`), which country groups
    use, are built on first use. `gaps` is set for a country group whose data
    has gaps, `None` otherwise.
    """

    __slots__ = ("_sets", "_starts", "gaps", "spans")

    def __init__(
        self,
        members: Iterable[Membership],
        tz: str,
        cutoff: int = POS_INF,
        gaps: Gaps | None = None,
    ) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in members:
            if m.published is not None and resolve(m.published, tz) > cutoff:
                continue
            end = resolve_end(m.end, tz)
            if m.end_published is not None and resolve(m.end_published, tz) > cutoff:
                end = POS_INF
            spans.setdefault(m.member, []).append((resolve_start(m.start, tz), end))
        for found in spans.values():
            found.sort()
        self.spans = spans
        self.gaps = gaps
        self._starts: tuple[int, ...] | None = None
        self._sets: tuple[frozenset[str], ...] | None = None

    @classmethod
    def of_group(
        cls, group: CountryGroup, tz: str, cutoff: int = POS_INF
    ) -> MemberTimeline:
        """The timeline of a country group, with its gaps if it has any."""
        has_gaps = group.data_from is not None or bool(group.unknown)
        return cls(group.members, tz, cutoff, Gaps(group, tz) if has_gaps else None)

    @property
    def starts(self) -> tuple[int, ...]:
        """`NEG_INF` and every instant at which a membership, or a gap, starts or ends."""
        if self._starts is None:
            points = {p for found in self.spans.values() for s in found for p in s}
            if self.gaps is not None:
                points |= self.gaps.points()
            self._starts = (NEG_INF, *sorted(points - {NEG_INF, POS_INF}))
        return self._starts

    def at(self, t: int) -> frozenset[str]:
        """The members at instant `t` (as the data gives them, gaps aside)."""
        if self._sets is None:
            self._sets = tuple(
                frozenset(
                    member
                    for member, found in self.spans.items()
                    if any(s <= start < e for s, e in found)
                )
                for start in self.starts
            )
        return self._sets[bisect_right(self.starts, t) - 1]

    def known(self, member: str, t: int) -> bool:
        """Whether the data says if `member` belongs at `t`."""
        return self.gaps is None or self.gaps.known(member, t, self.spans)

    def has(self, ids: Iterable[str], t: int) -> bool:
        """Whether one of `ids` is a member at instant `t`."""
        spans = self.spans
        for one in ids:
            for s, e in spans.get(one, ()):
                if s <= t < e:
                    return True
        return False

    def points(self, ids: Iterable[str]) -> set[int]:
        """The instants at which the membership of one of `ids` starts or ends."""
        found: set[int] = set()
        for one in ids:
            for span in self.spans.get(one, ()):
                found.update(span)
        return found - {NEG_INF, POS_INF}
