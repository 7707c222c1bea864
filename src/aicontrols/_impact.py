"""The impact of a notice: which accesses' verdicts two regimes disagree on, from when.

`impact(before, after, accesses)` compares two regimes (or two lists of
regimes, combined as `aicontrols.decide` combines them) access by access. Each
access's compiled shapes (its change points, `_engine.shapes`) are walked
together over the span: the first instant at which the two verdicts differ is
where the access is affected, and the notice whose act opens that difference
is named as its cause (`_impact_parts`). An access log given as a table is
compared by `_impact_columns`, one distinct access at a time, never row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from ._access import Access
from ._engine.shapes import collector_paused
from ._impact_columns import impact_table
from ._impact_parts import Impact, cause, compare, moment, side, span
from ._regime import Regime, engine_of
from .exceptions import QueryError

__all__ = ["Impact", "impact"]


def impact(
    before: Regime | Sequence[Regime],
    after: Regime | Sequence[Regime],
    accesses_or_table: Any,
    start: dt.date | dt.datetime | str | None = None,
    end: dt.date | dt.datetime | str | None = None,
) -> Any:
    """Every access whose verdict differs between two regimes, from when, and why.

    Typical use: the impact of a draft or new notice, with
    `after = before.with_notices([draft])`. Both sides may be one regime or a
    list of regimes, whose verdict is combined as `aicontrols.decide` does
    (the most severe). An access undetermined on one side only differs; one
    undetermined on both does not.

    Args:
        before: the regime (or regimes) as it is.
        after: the regime (or regimes) to compare with.
        accesses_or_table: a list of `Access`es, or an access log as
            `aicontrols.audit` takes it (a pyarrow Table or RecordBatch, a
            pandas or polars DataFrame, the same columns). A log's `at`
            column is not read: each distinct access of the log (its columns
            other than `at`) is compared over the span.
        start: the span's start (a date, read in the zone of the first
            regime of `after`, or an aware instant); `None`: the beginning.
        end: the span's end, exclusive; `None`: open.

    Returns:
        For a list of accesses, a tuple of `Impact`s, ordered by the instant
        the verdicts first differ, then by the list's order. For a log, a
        table of the same kind with one row per affected distinct access:
        its columns (not `at`) from its first row, then `differs_on`,
        `differs_at` (UTC), `before`, `after`, `notice`, `title`,
        `citation`, `regime`, `cause` and `rows` (how many rows of the log
        are that access), in the same order.

    Raises:
        QueryError: a side is not a regime or a list of them, the span is
            empty, or an access is malformed (as `decide` raises).
        UnknownIdError: an access names an id the regime does not know.
        AuditRowError: a row of a log that cannot be read.

    Examples:
        >>> import datetime as dt, aicontrols
        >>> published = aicontrols.examples.load("affiliates-rule-2025")
        >>> extension = aicontrols.Notice(
        ...     "draft-extension", title="Extension of the suspension (illustrative)",
        ...     published=dt.date(2026, 11, 1), effective=dt.date(2026, 11, 10),
        ...     suspends=[aicontrols.Suspension("affiliates-50-percent",
        ...                                     end=dt.date(2027, 11, 10))])
        >>> accesses = [aicontrols.Access(who, "example-model", "hosted-api")
        ...             for who in ("sg-subsidiary", "minority-holding")]
        >>> for found in aicontrols.impact(published, published.with_notices([extension]),
        ...                                accesses):
        ...     print(found.describe())
        sg-subsidiary - example-model via hosted-api: LICENSE REQUIRED -> PERMITTED from 2026-11-10 (`draft-extension`: `affiliates-50-percent` suspended)
    """
    old, new = side(before, "before"), side(after, "after")
    lo, hi = span(new, start, end)
    if _is_table(accesses_or_table):
        with collector_paused():  # as an audit: many objects, no cycles
            return impact_table(old, new, accesses_or_table, lo, hi)
    given = accesses_or_table
    if isinstance(given, Access):
        given = (given,)
    if not isinstance(given, Iterable) or isinstance(given, (str, bytes)):
        raise QueryError(
            "`accesses_or_table`: expected a list of Access, or an access log "
            f"(a pyarrow Table, a pandas or polars DataFrame), got `{given!r}`",
            argument="accesses_or_table",
            value=given,
        )
    found: list[tuple[int, int, Impact]] = []
    regimes = (*new.regimes, *old.regimes)
    for position, access in enumerate(given):
        shapes = []
        for regime in regimes:
            engine = engine_of(regime)
            shapes.append(engine.shape(engine.latest, engine.resolve(access)))
        split = len(new.regimes)
        difference = compare(shapes[split:], shapes[:split], lo, hi)
        if difference is None:
            continue
        t, opening, was, becomes = difference
        notice, regime_id, words = cause(old, new, [access] * len(regimes), opening)
        at, on = moment(t, new)
        found.append(
            (
                t,
                position,
                Impact(
                    access=access,
                    at=at,
                    on=on,
                    before=was,
                    after=becomes,
                    notice=notice,
                    regime=regime_id,
                    cause=words,
                ),
            )
        )
    found.sort(key=lambda f: (f[0], f[1]))
    return tuple(f[2] for f in found)


def _is_table(value: object) -> bool:
    """Whether `value` is a log of columns: pyarrow, pandas or polars."""
    module = type(value).__module__.split(".")[0]
    return module in ("pyarrow", "pandas", "polars")
