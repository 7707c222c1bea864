"""The parts of an impact: its answer (`Impact`), the two sides compared, and
how one access's shapes are compared and the cause of a difference found.

Shared by the list of accesses (`_impact`) and the log of columns
(`_impact_columns`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._access import Access
from ._engine.ruleset import Event, events
from ._notices import Notice
from ._reasons import Verdict
from ._regime import Regime, engine_of
from ._time import NEG_INF, POS_INF, local_date, show, to_datetime
from .exceptions import QueryError

if TYPE_CHECKING:
    from ._engine.shapes import Shape

__all__ = ["Impact", "Side", "cause", "compare", "moment", "side", "span"]

_BY_RANK = tuple(Verdict)


@attrs.frozen(kw_only=True)
class Impact:
    """One access whose verdict differs between two regimes, and from when.

    Attributes:
        access: the access.
        at: the first instant in the span at which the verdicts differ, in
            the zone of the first regime of `after`; `None` if they differ
            from the beginning of the record.
        on: the local date of `at` (`None` with it).
        before: the verdict under `before` from `at`.
        after: the verdict under `after` from `at`.
        notice: the notice whose act opens the difference: an act of a notice
            that only one side has (a draft's), else an act of either side at
            that instant; `None` if no act does (a country group, a list or
            the recipient's own facts changed).
        regime: the id of the regime whose notice it is.
        cause: the acts of that notice at that instant, in words.

    Examples:
        >>> import datetime as dt, aicontrols
        >>> us = aicontrols.examples.load("mythos5")
        >>> draft = aicontrols.Notice(
        ...     "draft-revocation", title="Draft revocation (illustrative)",
        ...     published=dt.date(2026, 7, 1), effective=dt.date(2026, 7, 15),
        ...     revokes=["mythos-fable-foreign-access"])
        >>> priya = aicontrols.Entity("priya", kind="individual",
        ...                           citizenships=[aicontrols.Citizenship("IN")])
        >>> access = aicontrols.Access(priya, "fable-5", "web-app", "US")
        >>> (found,) = aicontrols.impact(us, us.with_notices([draft]), [access])
        >>> found.on, found.before.label, found.after.label, found.notice.id
        (Date(2026, 7, 15), 'LICENSE REQUIRED', 'PERMITTED', 'draft-revocation')
        >>> found.cause
        '`mythos-fable-foreign-access` revoked'
    """

    access: Access
    at: dt.datetime | None
    on: dt.date | None
    before: Verdict
    after: Verdict
    notice: Notice | None
    regime: str | None
    cause: str

    def describe(self) -> str:
        """The impact on one line, for people."""
        when = "from the beginning" if self.on is None else f"from {self.on}"
        if self.at is not None and self.at.time() != dt.time():
            when = f"from {self.at.isoformat()}"
        why = f"`{self.notice.id}`" if self.notice is not None else "no notice"
        return (
            f"{_who(self.access)}: {self.before.label} -> {self.after.label} "
            f"{when} ({why}: {self.cause})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The impact as JSON-ready data, keys in a stable order."""
        notice = self.notice
        return {
            "recipient": _recipient_id(self.access),
            "item": _item_id(self.access),
            "mode": self.access.mode
            if isinstance(self.access.mode, str)
            else self.access.mode.name,
            "location": self.access.location,
            "on": None if self.on is None else self.on.isoformat(),
            "at": None if self.at is None else self.at.isoformat(),
            "before": self.before.value,
            "after": self.after.value,
            "notice": None
            if notice is None
            else {
                "id": notice.id,
                "title": notice.title,
                "citation": None if notice.citation is None else notice.citation.text(),
            },
            "regime": self.regime,
            "cause": self.cause,
        }


def _recipient_id(access: Access) -> str:
    who = access.recipient
    return who if isinstance(who, str) else who.id


def _item_id(access: Access) -> str:
    item = access.item
    return item if isinstance(item, str) else item.id


def _who(access: Access) -> str:
    mode = access.mode if isinstance(access.mode, str) else access.mode.name
    where = f" in {access.location}" if access.location else ""
    return f"{_recipient_id(access)} - {_item_id(access)} via {mode}{where}"


@attrs.frozen
class Side:
    """The regimes of one side of a comparison, and every notice they hold."""

    regimes: tuple[Regime, ...]
    notices: frozenset[Notice]


def side(value: object, name: str) -> Side:
    """`before` or `after` as a `Side`: one regime, or a non-empty list of them.

    Raises:
        QueryError: neither a regime nor a list of regimes.
    """
    found: tuple[object, ...]
    if isinstance(value, Regime):
        found = (value,)
    elif isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        found = tuple(value)
    else:
        found = (value,)
    if not found:
        raise QueryError(f"`{name}`: give at least one regime", argument=name)
    for regime in found:
        if not isinstance(regime, Regime):
            raise QueryError(
                f"`{name}`: expected a Regime or a list of them, got `{regime!r}` "
                "(load a bundled one with `aicontrols.examples.load(name)`)",
                argument=name,
                value=regime,
            )
    regimes: tuple[Regime, ...] = found  # type: ignore[assignment]
    return Side(regimes, frozenset(n for r in regimes for n in r.notices))


def span(after: Side, start: object, end: object) -> tuple[int, int]:
    """The span `[start, end)` as instants, dates in the zone of `after`'s first regime."""
    engine = engine_of(after.regimes[0])
    lo = engine.bound(start, "start", NEG_INF)
    hi = engine.bound(end, "end", POS_INF)
    if hi <= lo:
        raise QueryError("`end` must be after `start`", argument="end", value=end)
    return lo, hi


def _verdict(shapes: Sequence[Shape], t: int) -> int:
    """The combined verdict of several regimes' shapes of one access at `t`, as
    its rank in `Verdict` (the most severe: the ranks are in order of severity)."""
    return max(s.code(s.piece(t))[0] for s in shapes)


def compare(
    before: Sequence[Shape], after: Sequence[Shape], lo: int, hi: int
) -> tuple[int, int, Verdict, Verdict] | None:
    """Where the verdicts of one access first differ in `[lo, hi)`: that
    instant, the start of the run of difference that holds it (where its cause
    is), and both verdicts there; `None` if they never differ in the span."""
    shapes = (*before, *after)
    later = sorted({p for s in shapes for p in s.starts if lo < p < hi} | {lo})
    for p in later:
        old, new = _verdict(before, p), _verdict(after, p)
        if old != new:
            break
    else:
        return None
    opening = p
    if p == lo:  # the difference may have opened before the span: find where
        earlier = sorted({q for s in shapes for q in s.starts if q < lo}, reverse=True)
        for q in earlier:
            if _verdict(before, q) == _verdict(after, q):
                break
            opening = q
    return p, opening, _BY_RANK[old], _BY_RANK[new]


def cause(
    before: Side,
    after: Side,
    accesses: Sequence[Access | None],
    opening: int,
    memo: dict[tuple[int, int], Any] | None = None,
) -> tuple[Notice | None, str | None, str]:
    """The notice whose act opens a difference at `opening`, its regime's id,
    and its acts in words.

    `accesses` holds the access as each regime (after's, then before's) reads
    it; `memo` keeps each index's events, for the next call. A notice only one side holds (a draft's) is preferred, then any act
    at `opening` (after's first); failing both, the latest act of a notice
    only one side holds, before `opening`.
    """
    found: list[tuple[Event, Regime, bool]] = []
    regimes = (*after.regimes, *before.regimes)
    for number, (regime, access) in enumerate(zip(regimes, accesses, strict=True)):
        if access is None:
            continue
        other = before if number < len(after.regimes) else after
        engine = engine_of(regime)
        index = engine.index(engine.latest, engine.resolve(access))
        known = None if memo is None else memo.get((number, id(index)))
        if known is None:
            ordered = sorted(events(index.histories), key=lambda e: e.at)
            known = (index, [(e, e.notice not in other.notices) for e in ordered])
            if memo is not None:  # the index is kept in it: its id stays its own
                memo[number, id(index)] = known
        found += [(e, regime, only) for e, only in known[1] if e.at <= opening]
    at = [f for f in found if f[0].at == opening]
    chosen = (
        [f for f in at if f[2]]
        or at
        or sorted((f for f in found if f[2]), key=lambda f: f[0].at, reverse=True)[:1]
    )
    if not chosen:
        return None, None, "no act: a country group, a list or a fact changed"
    event, regime, _ = chosen[0]
    words = sorted(
        (e.order, e.words)
        for e, r, _ in found
        if r is regime and e.notice is event.notice and e.at == event.at
    )
    text = "; ".join(dict.fromkeys(w for _, w in words))
    if event.at != opening:
        text += f" on {show(event.at, engine_of(regime).tz)}"
    return event.notice, regime.id, text


def moment(t: int, after: Side) -> tuple[dt.datetime | None, dt.date | None]:
    """An instant as a datetime and a date in the zone of `after`'s first regime."""
    if t <= NEG_INF:
        return None, None
    tz = engine_of(after.regimes[0]).tz
    return to_datetime(t, tz), local_date(t, tz)
