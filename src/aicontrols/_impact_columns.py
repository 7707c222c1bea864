"""The impact of a notice on an access log, in columns.

The log is read as `aicontrols.audit` reads it (`_columns`): its key columns
dictionary-encoded and its distinct accesses numbered, with no Python call per
row. Each distinct access is compiled once per regime into its shape
(`_audit_pieces.row_shapes`); accesses that share their shapes under every
regime (individuals with the same facts, say) are compared once. The cost is
that of reading the log plus O(distinct accesses x change points) in Python,
whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._audit_items import item_converters
from ._audit_pieces import row_access, row_shapes
from ._audit_rows import CellProblem
from ._columns import (
    AUDIT_COLUMNS,
    KEY_COLUMNS,
    Columns,
    column_problems,
    modules,
    to_arrow,
)
from ._impact_parts import Side, cause, compare, moment
from ._regime import engine_of
from .exceptions import AuditRowError, QueryError

if TYPE_CHECKING:
    from ._engine.shapes import Shape

__all__ = ["OUTPUT_COLUMNS", "impact_table"]

OUTPUT_COLUMNS = (
    "differs_on",
    "differs_at",
    "before",
    "after",
    "notice",
    "title",
    "citation",
    "regime",
    "cause",
    "rows",
)
"""The columns an impact appends to each affected access's own."""


def impact_table(before: Side, after: Side, table: Any, lo: int, hi: int) -> Any:
    """`aicontrols.impact` on a log: one row per affected distinct access."""
    np, pa, pc = modules()
    arrow, back = _arrow(table, pa)
    names = arrow.column_names
    problems = column_problems(names, AUDIT_COLUMNS)
    if problems:
        raise QueryError(
            "; ".join(message for _, message in problems),
            argument=problems[0][0],
            value=problems[0][0],
        )
    missing = [n for n in KEY_COLUMNS if n not in names]
    if missing:
        listed = ", ".join(f"`{n}`" for n in missing)
        raise QueryError(f"the log has no column {listed}", argument=missing[0])
    columns = Columns(arrow, np, pa, pc, item_converters(pa, pc))
    access_of_row, first_row = columns.shapes(np, pc, pa, arrow.num_rows)
    read = tuple(columns.names)
    distinct = [
        dict(zip(read, cells, strict=True)) for cells in columns.rows(first_row)
    ]

    regimes = (*after.regimes, *before.regimes)
    split = len(after.regimes)
    shapes: list[list[Shape | None]] = []
    for regime in regimes:
        found, failures = row_shapes(regime, engine_of(regime).latest, names, distinct)
        _raise_first(
            failures, first_row, arrow, regime.id if len(regimes) > 1 else None
        )
        shapes.append(found)

    # accesses with the same shapes under every regime are compared once
    compared: dict[tuple[int, ...], Any] = {}
    hits: list[tuple[int, int, int, Any]] = []  # (instant, first row, access, result)
    for number in range(len(distinct)):
        own = [s[number] for s in shapes]
        key = tuple(map(id, own))
        result = compared.get(key)
        if result is None and key not in compared:
            result = compared[key] = _compare(own, split, lo, hi)
        if result is not None:
            hits.append((result[0], int(first_row[number]), number, result))
    hits.sort(key=lambda h: (h[0], h[1]))

    explained: dict[tuple[int, ...], tuple[Any, str | None, str]] = {}
    memo: dict[tuple[int, int], Any] = {}
    # regimes with the first's catalog read a row's access as it does
    same = [
        r.entities == regimes[0].entities and r.items == regimes[0].items
        for r in regimes
    ]
    out: list[dict[str, Any]] = []
    counts = np.bincount(access_of_row, minlength=len(distinct))
    for _, _, number, (t, opening, was, becomes) in hits:
        key = (*(id(s[number]) for s in shapes), opening)
        why = explained.get(key)
        if why is None:
            accesses = _accesses(regimes, same, names, distinct[number])
            why = explained[key] = cause(before, after, accesses, opening, memo)
        notice, regime_id, words = why
        at, on = moment(t, after)
        citation = None if notice is None else notice.citation
        out.append(
            {
                "differs_on": on,
                "differs_at": at,
                "before": was.value,
                "after": becomes.value,
                "notice": None if notice is None else notice.id,
                "title": None if notice is None else notice.title,
                "citation": None if citation is None else citation.text(),
                "regime": regime_id,
                "cause": words,
                "rows": int(counts[number]),
            }
        )
    kept = [n for n in names if n != "at"]
    rows = pa.array([h[1] for h in hits], pa.int64())
    result = arrow.select(kept).take(rows)
    for name, kind in _types(pa):
        values = [record[name] for record in out]
        result = result.append_column(name, pa.array(values, kind))
    return back(result)


def _accesses(
    regimes: Sequence[Any], same: Sequence[bool], names: Sequence[str], cells: Any
) -> list[Any]:
    """The access of a row as each regime reads it (once for those whose
    catalog is the first regime's)."""
    first = row_access(regimes[0], names, cells)
    return [
        first if alike else row_access(regime, names, cells)
        for regime, alike in zip(regimes, same, strict=True)
    ]


def _compare(
    own: Sequence[Shape | None], split: int, lo: int, hi: int
) -> tuple[int, int, Any, Any] | None:
    """`compare` on one access's shapes (after's first, then before's)."""
    ready = [s for s in own if s is not None]
    assert len(ready) == len(own), "unreadable rows were raised first"
    return compare(ready[split:], ready[:split], lo, hi)


def _types(pa: Any) -> list[tuple[str, Any]]:
    text = pa.string()
    return [
        ("differs_on", pa.date32()),
        ("differs_at", pa.timestamp("us", tz="UTC")),
        ("before", text),
        ("after", text),
        ("notice", text),
        ("title", text),
        ("citation", text),
        ("regime", text),
        ("cause", text),
        ("rows", pa.int64()),
    ]


def _arrow(table: Any, pa: Any) -> tuple[Any, Any]:
    """The log as an Arrow table (as `audit` reads it), and how to give a
    result of another length back in the log's own kind."""
    arrow, _ = to_arrow(table, pa)
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return arrow, lambda out: out.to_pandas()
    if module == "polars":
        import polars

        return arrow, polars.from_arrow
    if isinstance(table, pa.RecordBatch):
        return arrow, lambda out: pa.RecordBatch.from_arrays(
            [c.combine_chunks() for c in out.columns], schema=out.schema
        )
    return arrow, lambda out: out


def _raise_first(
    failures: Sequence[CellProblem | None],
    first_row: Any,
    arrow: Any,
    regime: str | None,
) -> None:
    """`AuditRowError` for the first row that cannot be read, as `audit` raises."""
    bad = [(int(first_row[n]), p) for n, p in enumerate(failures) if p is not None]
    if not bad:
        return
    row, problem = min(bad, key=lambda b: b[0])
    column = problem.column
    value = (
        arrow.column(column)[row].as_py()
        if column is not None and column in arrow.column_names
        else None
    )
    raise AuditRowError(
        f"row {row}: {problem}", row=row, argument=column, value=value, regime=regime
    )
