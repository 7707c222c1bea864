"""The public queries, answered by an engine: decisions, histories, changes.

`Regime.decide`, `verdict`, `history` and `changes` hand off to the functions
here. They turn the engine's integer instants and assessments into the answer
values of `aicontrols._decision` and `aicontrols._changes`, whose explanation
and validity bounds stay lazy: computed only when read.
"""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

import attrs

from .._access import Access
from .._canonical import Tokens
from .._changes import RuleChange
from .._decision import BOUNDS, TOKEN, Decision, Segment, new_decision
from .._entities import Entity
from .._reasons import Cause, Caveat, CaveatKind, Verdict
from .._time import (
    NEG_INF,
    POS_INF,
    day_span,
    query_date,
    query_instant,
    resolve,
    show,
    to_datetime,
)
from .._timeline import Timeline
from ..exceptions import QueryError
from .decide import Assessment
from .engine import Engine, Resolved, listable_all
from .index import Index
from .ruleset import events
from .shapes import Shape

__all__ = ["RegimeEngine", "changes", "decide", "history", "verdict"]


def _question(
    engine: Engine, access: Access, on: object, at: object, as_known_on: object
) -> tuple[Resolved, int, int | None]:
    """What `decide()` and `verdict()` check first: the access, the knowledge
    state, and that exactly one of `on=` and `at=` is given."""
    resolved = engine.resolve(access)
    state, known = engine.state(as_known_on)
    if (on is None) == (at is None):
        raise QueryError("give exactly one of `on=` (a date) or `at=` (an instant)")
    return resolved, state, known


def decide(
    engine: Engine, access: Access, on: object, at: object, as_known_on: object
) -> Decision:
    """`Regime.decide`: the decision at an instant, or over a local day."""
    if on is None and at is not None and type(access) is Access:
        # the hot path: an access already compiled (so already resolved and
        # checked: the catalog never changes) asked about at an instant
        if as_known_on is None:
            known = None
            shape = engine.shapes.get(access)
        else:
            state, known = engine.state(as_known_on)
            shape = engine.shapes.get(engine.shape_key(state, access))
        if shape is not None:
            t = query_instant(at, "at")
            return _make(engine, shape, access, known, shape.at(t), t, at=t, on=None)
    resolved, state, known = _question(engine, access, on, at, as_known_on)
    shape = engine.shape(state, resolved)
    if at is not None:
        t = query_instant(at, "at")
        return _make(engine, shape, access, known, shape.at(t), t, at=t, on=None)
    day = query_date(on, "on")
    start, end = day_span(day, engine.tz)
    edges = [start, *shape.inside(start, end), end]
    pieces: list[tuple[int, int, Assessment]] = []
    for a, b in itertools.pairwise(edges):
        assessment = shape.at(a)
        if pieces and pieces[-1][2].verdict is assessment.verdict:
            pieces[-1] = (pieces[-1][0], b, _gather(pieces[-1][2], assessment))
        else:
            pieces.append((a, b, assessment))
    if len(pieces) == 1:
        return _make(engine, shape, access, known, pieces[0][2], start, at=None, on=day)
    return _split_day(engine, resolved, state, known, day, pieces)


def verdict(
    engine: Engine, access: Access, on: object, at: object, as_known_on: object
) -> Verdict:
    """`Regime.verdict`: the verdict alone, without the decision's reasons."""
    if on is None and at is not None and type(access) is Access:
        shape = engine.shapes.get(
            access
            if as_known_on is None
            else engine.shape_key(engine.state(as_known_on)[0], access)
        )
        if shape is not None:  # compiled, so resolved: as in `decide`
            t = query_instant(at, "at")
            found = shape.pieces[bisect_right(shape.starts, t) - 1]  # `Shape.at`
            return (shape.at(t) if found is None else found).verdict
    resolved, state, _ = _question(engine, access, on, at, as_known_on)
    shape = engine.shape(state, resolved)
    if at is not None:
        return shape.at(query_instant(at, "at")).verdict
    start, end = day_span(query_date(on, "on"), engine.tz)
    return Verdict.combine(a.verdict for _, _, a in shape.between(start, end))


def history(
    engine: Engine, access: Access, start: object, end: object, as_known_on: object
) -> Timeline:
    """`Regime.history`: the verdict over time, as maximal segments."""
    resolved = engine.resolve(access)
    state, _ = engine.state(as_known_on)
    lo = engine.bound(start, "start", NEG_INF)
    hi = engine.bound(end, "end", POS_INF)
    if hi <= lo:
        raise QueryError("`end` must be after `start`", argument="end", value=end)
    index = engine.index(state, resolved)
    shape = engine.shape(state, resolved)
    segments = []
    for seg_start, seg_end, assessment in shape.between(lo, hi):
        decision = _make(
            engine,
            shape,
            access,
            None,
            assessment,
            seg_start,
            at=seg_start,
            on=None,
            bounds=(seg_start, seg_end),
        )
        segments.append(
            Segment(
                start_us=seg_start,
                end_us=seg_end,
                tz=engine.tz,
                verdict=assessment.verdict,
                decision=decision,
                cause=_cause(engine, index, resolved, seg_start, lo, state),
            )
        )
    return Timeline(access=access, tz=engine.tz, segments=tuple(segments))


def changes(
    engine: Engine, since: object, until: object, as_known_on: object
) -> tuple[RuleChange, ...]:
    """`Regime.changes`: the rule changes in `[since, until)`, in time order."""
    state, _ = engine.state(as_known_on)
    lo = engine.bound(since, "since", NEG_INF)
    hi = engine.bound(until, "until", POS_INF)
    if hi <= lo:
        raise QueryError("`until` must be after `since`", argument="until", value=until)
    found: list[tuple[int, int, RuleChange]] = []
    for e in events(engine.ruleset(state).histories.values()):
        if lo <= e.at < hi:
            moment = to_datetime(e.at, engine.tz)
            assert moment is not None
            found.append(
                (
                    e.at,
                    e.order,
                    RuleChange(
                        at=moment, kind=e.kind, rule_id=e.rule_id, notice=e.notice
                    ),
                )
            )
    found.sort(key=lambda x: (x[0], x[1], x[2].rule_id, x[2].kind.value))
    return tuple(change for _, _, change in found)


def _make(
    engine: Engine,
    shape: Shape,
    access: Access,
    known: int | None,
    assessment: Assessment,
    t: int,
    *,
    at: int | None,
    on: dt.date | None,
    bounds: tuple[int, int] | None = None,
    segments: tuple[Segment, ...] = (),
) -> Decision:
    """The decision for one assessment; its bounds and token computed when read."""
    return new_decision(
        assessment,
        engine.regime_id,
        access,
        engine.tz,
        at,
        on,
        known,
        segments,
        (_parts, (engine, shape, access, known, t, at, on, bounds)),
    )


def _parts(
    which: int,
    engine: Engine,
    shape: Shape,
    access: Access,
    known: int | None,
    t: int,
    at: int | None,
    on: dt.date | None,
    bounds: tuple[int, int] | None,
) -> Any:
    """A decision's validity bounds, replay token or kind of transfer (at its
    instant, or the start of its day), each when first read."""
    if which == BOUNDS:
        if bounds is None:
            span_end = t + 1 if on is None else day_span(on, engine.tz)[1]
            bounds = shape.extent(t, span_end)
        return bounds
    if which == TOKEN:
        return Tokens(engine.fingerprint, access, on, known).at(at)
    return engine.context(engine.resolve(access), engine.latest, t).transfer()


def _split_day(
    engine: Engine,
    resolved: Resolved,
    state: int,
    known: int | None,
    day: dt.date,
    pieces: list[tuple[int, int, Assessment]],
) -> Decision:
    """The decision for a day whose verdict changes: the worst part, with the
    parts as segments and a caveat naming when it changes."""
    index = engine.index(state, resolved)
    shape = engine.shape(state, resolved)
    tz = engine.tz
    segments = tuple(
        Segment(
            start_us=start,
            end_us=end,
            tz=tz,
            verdict=assessment.verdict,
            decision=_make(
                engine,
                shape,
                resolved.access,
                known,
                assessment,
                start,
                at=start,
                on=None,
                bounds=(start, end),
            ),
            cause=_cause(engine, index, resolved, start, pieces[0][0], state),
        )
        for start, end, assessment in pieces
    )
    worst = Verdict.combine(s.verdict for s in segments)
    first = next(a for _, _, a in pieces if a.verdict is worst)
    shown = ", ".join(f"{show(a, tz)} ({x.verdict.label})" for a, _, x in pieces[1:])
    caveat = Caveat(
        kind=CaveatKind.CHANGES_DURING_DAY,
        text=f"the verdict changes during {day.isoformat()}: at {shown}",
    )
    assessment = attrs.evolve(first, verdict=worst, caveats=(*first.caveats, caveat))
    start, end = day_span(day, tz)
    return _make(
        engine,
        shape,
        resolved.access,
        known,
        assessment,
        start,
        at=None,
        on=day,
        bounds=(start, end),
        segments=segments,
    )


def _cause(
    engine: Engine, index: Index, resolved: Resolved, t: int, lo: int, state: int
) -> Cause:
    """What opened the segment starting at `t`: acts, facts, groups or lists."""
    if t == lo:
        return Cause(
            kind="start",
            description="start of the requested span"
            if lo > NEG_INF
            else "the beginning of the record",
        )
    acts = index.causes_at(t)
    words = [e.words for e in acts]
    notice_ids = list(dict.fromkeys(e.notice.id for e in acts))
    everyone = resolved.everyone()
    facts = [f for entity in everyone for f in _fact_changes(entity, t, engine.tz)]
    words += facts
    world = engine.world_at(state)
    who = listable_all(everyone, world)
    words += [
        f"country group `{g}` changed"
        for g, timeline in world.groups.items()
        if t in timeline.starts
    ] + [
        f"list `{x}` changed"
        for x, timeline in world.lists.items()
        if t in timeline.points(who)
    ]
    notices = tuple(engine.notice(nid) for nid in notice_ids)
    if notices:
        text = "; ".join(words) + " (" + ", ".join(f"`{n}`" for n in notice_ids) + ")"
        return Cause(kind="notice", description=text, notices=notices)
    return Cause(kind="fact" if facts else "group", description="; ".join(words))


def _gather(first: Assessment, second: Assessment) -> Assessment:
    """The reasons of two parts of one day with the same verdict, without repeats."""

    def union(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(dict.fromkeys((*a, *b)))

    policies = [p for p in (first.review_policy, second.review_policy) if p is not None]
    return Assessment(
        first.verdict,
        union(first.applied, second.applied),
        union(first.near_misses, second.near_misses),
        union(first.caveats, second.caveats),
        union(first.missing_facts, second.missing_facts),
        max(policies, key=lambda p: p.strictness) if policies else None,
    )


def _fact_changes(entity: Entity, t: int, tz: str) -> list[str]:
    """The recipient's own facts that start or end at `t`, in words."""
    found: list[str] = []
    labels: list[tuple[str, Iterable[Any]]] = [
        ("citizenship of", entity.citizenships),
        ("permanent residency in", entity.residencies),
    ]
    for label, facts in labels:
        for fact in facts:
            if fact.start is not None and resolve(fact.start, tz) == t:
                found.append(f"`{entity.id}` gained {label} `{fact.country}`")
            if fact.end is not None and resolve(fact.end, tz) == t:
                found.append(f"`{entity.id}` lost {label} `{fact.country}`")
    for job in entity.employments:
        if job.start is not None and resolve(job.start, tz) == t:
            found.append(f"employment of `{entity.id}` by `{job.employer}` started")
        if job.end is not None and resolve(job.end, tz) == t:
            found.append(f"employment of `{entity.id}` by `{job.employer}` ended")
    for link in entity.owners:
        if link.start is not None and resolve(link.start, tz) == t:
            found.append(f"ownership of `{entity.id}` by `{link.owner}` started")
        if link.end is not None and resolve(link.end, tz) == t:
            found.append(f"ownership of `{entity.id}` by `{link.owner}` ended")
    return found


class RegimeEngine(Engine):
    """An engine that also answers the public queries: what a `Regime` holds.

    Kept apart from `Engine` so that the steps (`engine.py`) do not depend on
    the answers built here; `Regime` creates one on construction. Its methods
    are the functions above, bound (no extra call on the hot path).
    """

    decide = decide
    verdict = verdict
    history = history
    changes = changes
