"""Columnar audits: decide a whole access log, given as Arrow-compatible columns.

The log's key columns are dictionary-encoded and its distinct rows numbered
once (vectorised: no Python call per row); each regime then decides every row
through the pieces of its compiled shapes (`_audit_pieces`), and under several
regimes the combined verdict is gathered per distinct combination of pieces
(`_audit_many`). The answers are those of `Regime.decide(access, at=...)`, and
of `aicontrols.decide([...], access, at=...)`, row by row: the tests check it
on random samples.

pyarrow and numpy are needed (the `columnar` extra); a polars or pandas frame is
accepted and returned as such.

Every column is read, or named by the caller as one the audit does not read
(`extra_columns=`), or refused: a misspelt `employer` column dropped without a
word would drop the facts it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from ._audit_items import item_converters
from ._audit_many import combine_pieces, output_names, regimes_of
from ._audit_pieces import UNREADABLE, VERDICTS, Codes, Pieces, decide_pieces
from ._audit_rows import (
    CellProblem,
    entity_kind,
    location_cell,
    log_recipient,
    split_list,
)
from ._columns import (
    AUDIT_COLUMNS,
    FACT_COLUMNS,
    ITEM_COLUMNS,
    KEY_COLUMNS,
    Columns,
    column_problems,
    extra_names,
    modules,
    to_arrow,
)
from ._engine.shapes import collector_paused
from ._instants import instants
from ._regime import Regime
from .exceptions import AuditRowError, QueryError

__all__ = [
    "FACT_COLUMNS",
    "ITEM_COLUMNS",
    "KEY_COLUMNS",
    "VERDICTS",
    "CellProblem",
    "audit",
    "audit_parts",
    "entity_kind",
    "location_cell",
    "log_recipient",
    "split_list",
]


def audit(
    regime: Regime | Sequence[Regime],
    table: Any,
    *,
    as_known_on: dt.date | dt.datetime | str | None = None,
    errors: Literal["raise", "mark"] = "raise",
    extra_columns: Iterable[str] | None = None,
) -> Any:
    """Decide every row of an access log at once, without a Python call per row.

    The log is a pyarrow `Table` or `RecordBatch`, or a polars or pandas
    `DataFrame` (a polars `LazyFrame` is refused: collect it first), with the
    columns of `aicontrols audit` (see the CLI reference): `recipient`,
    `item`, `mode` and `at` (timestamps with a timezone, or ISO 8601 strings
    with an offset), and optionally `location`, `origin` (the country the
    item leaves; empty: the regime's jurisdiction), `kind` (an `EntityKind`
    value), `citizenships`, `residencies`, `employers` and `attestations`
    (lists of strings, or `;`-separated strings). A row with facts describes
    an entity of its `kind`, by default an individual. A row without facts
    names a catalog entity; if the log has fact or `kind` columns and the
    catalog lacks the id, the row describes an entity with no recorded facts.

    An item outside the catalog is described by the item columns: `developer`,
    `classifications` (`SCHEME=CODE` pairs, `;`-separated, or a list of them,
    or a map or struct column), `training_operations`, `weights_published`
    and one column per technical parameter of `ControlledItem.PARAMETERS`
    (`tpp`, ...). A row with any of these facts describes the item with them
    (empty: unknown) unless its id is in the catalog: then the catalog's item
    is decided, and a fact that contradicts the catalog's makes the row
    unreadable. A row without them names a catalog item.

    Every column is read: a column the audit does not know, or one given
    twice, is refused (with a suggestion for a misspelt name), unless named in
    `extra_columns`.

    The other parties to a transaction (`Access.parties`) have no column: a
    row is one recipient; decide accesses with parties with `Regime.decide`.

    Args:
        regime: the regime to decide under, or a list (or tuple) of regimes to
            decide under together, as `aicontrols.decide` does.
        table: the access log.
        as_known_on: use only the notices published on or before this date.
        errors: `"raise"` (default): a row that cannot be decided raises
            `AuditRowError` naming the first such row, its column and value;
            `"mark"`: such rows get the verdict `unreadable` and the problem as
            their reason, and the others are decided.
        extra_columns: columns the audit does not read (a request id, say):
            they are returned as they are. Names the log lacks are allowed,
            so that one list serves logs of several shapes.

    Returns:
        The log, of the kind given, with two columns appended: `verdict`
        (`permitted`, `license_required`, `undetermined`, `prohibited`, or
        `unreadable`) and `reason` (`Decision.reason_code`), both
        dictionary-encoded (categorical in pandas and polars). Under a list of
        regimes, `verdict_<id>` and `reason_<id>` come first for each regime
        (`<id>`: the regime's id), in the list's order, then `verdict` and
        `reason`, the combined decision's. A row some regime cannot read is
        unreadable combined, its reason naming that regime.

    Raises:
        TypeError: `regime` is not a Regime, nor a list or tuple of them.
        QueryError: a column is unknown, duplicated, missing or of the wrong
            type, the log already has a column the audit appends, or the list
            of regimes is empty or names a regime twice.
        NaiveDateTimeError: the `at` column has no timezone.
        AuditRowError: with `errors="raise"`, a row that cannot be decided.

    Examples:
        >>> import datetime as dt, pyarrow as pa, aicontrols
        >>> regime = aicontrols.examples.load("mythos5")
        >>> log = pa.table({
        ...     "recipient": ["acme-cloud", "priya", "priya"],
        ...     "citizenships": [None, "IN", "IN"],
        ...     "item": ["mythos-5", "fable-5", "fable-5"],
        ...     "mode": ["hosted-api", "web-app", "web-app"],
        ...     "location": ["US", "US", "US"],
        ...     "at": pa.array([dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc),
        ...                     dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc),
        ...                     dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc)]),
        ... })
        >>> result = aicontrols.audit(regime, log)
        >>> result.column("verdict").to_pylist()
        ['permitted', 'permitted', 'license_required']
        >>> result.column("reason").to_pylist()[2]
        'binding:mythos-fable-foreign-access'
    """
    return audit_parts(
        regime,
        table,
        as_known_on=as_known_on,
        errors=errors,
        extra_columns=extra_columns,
    )[0]


def audit_parts(
    regime: Regime | Sequence[Regime],
    table: Any,
    *,
    as_known_on: dt.date | dt.datetime | str | None = None,
    errors: Literal["raise", "mark"] = "raise",
    extra_columns: Iterable[str] | None = None,
    outcomes: bool = False,
) -> tuple[Any, list[Pieces]]:
    """`audit`, and each regime's `Pieces`; with `outcomes`, their
    `outcome_of_row` even under one regime: which piece of which access
    decided each row, and its reasons (`aicontrols audit` writes the binding
    restrictions and the caveats from them)."""
    with collector_paused():
        return _audit_parts(
            regime, table, as_known_on, errors, extra_columns, outcomes=outcomes
        )


def _audit_parts(
    regime: Regime | Sequence[Regime],
    table: Any,
    as_known_on: dt.date | dt.datetime | str | None,
    errors: Literal["raise", "mark"],
    extra_columns: Iterable[str] | None,
    *,
    outcomes: bool,
) -> tuple[Any, list[Pieces]]:
    regimes, several = regimes_of(regime)
    np, pa, pc = modules()
    if errors not in ("raise", "mark"):
        raise QueryError(
            f"`errors`: expected `raise` or `mark`, got `{errors!r}`",
            argument="errors",
            value=errors,
        )
    extra = extra_names(extra_columns, "extra_columns", AUDIT_COLUMNS)
    arrow, back = to_arrow(table, pa)
    names = arrow.column_names
    appended = output_names(regimes, several)
    # per column, never per row: unknown and duplicate names first
    problems = column_problems(
        [n for n in names if n not in extra or names.count(n) > 1],
        (*AUDIT_COLUMNS, *appended),
    )
    if problems:
        raise QueryError(
            "; ".join(message for _, message in problems),
            argument=problems[0][0],
            value=problems[0][0],
        )
    missing = [n for n in (*KEY_COLUMNS, "at") if n not in names]
    if missing:
        listed = ", ".join(f"`{n}`" for n in missing)
        raise QueryError(f"the log has no column {listed}", argument=missing[0])
    clash = [n for n in appended if n in names]
    if clash:
        raise QueryError(
            f"the log already has a column `{clash[0]}`: rename it first",
            argument=clash[0],
        )
    moments, bad_rows = instants(arrow.column("at"), np, pa, pc)
    columns = Columns(arrow, np, pa, pc, item_converters(pa, pc))
    shape_of_row, first_row = columns.shapes(np, pc, pa, arrow.num_rows)
    names_in_order = tuple(columns.names)
    rows = (
        shape_of_row,
        [dict(zip(names_in_order, v, strict=True)) for v in columns.rows(first_row)],
    )
    parts = [
        decide_pieces(
            one,
            as_known_on,
            names,
            rows,
            moments,
            bad_rows,
            np,
            outcomes=several or outcomes,
        )
        for one in regimes
    ]
    if several:
        verdicts, reasons, codes = combine_pieces(parts, bad_rows, np, pa, pc)
    else:
        verdicts, reasons, codes = parts[0].verdicts, parts[0].reasons, parts[0].codes
    if errors == "raise":
        _raise_first(verdicts, reasons, codes, arrow, np)
    out = arrow
    for part in parts if several else ():
        out = _append(
            out, f"_{part.regime.id}", part.verdicts, part.reasons, part.codes, pa
        )
    return back(_append(out, "", verdicts, reasons, codes, pa)), parts


def _append(
    out: Any, suffix: str, verdicts: Any, reasons: Any, codes: Codes, pa: Any
) -> Any:
    """`out` with the columns `verdict<suffix>` and `reason<suffix>`."""
    return out.append_column(
        f"verdict{suffix}",
        pa.DictionaryArray.from_arrays(pa.array(verdicts), pa.array(VERDICTS)),
    ).append_column(
        f"reason{suffix}",
        pa.DictionaryArray.from_arrays(
            pa.array(reasons), pa.array(codes.texts(), pa.string())
        ),
    )


def _raise_first(
    verdicts: Any, reasons: Any, codes: Codes, arrow: Any, np: Any
) -> None:
    bad = np.flatnonzero(verdicts == UNREADABLE)
    if not len(bad):
        return
    row = int(bad[0])
    code = int(reasons[row])
    text = codes.texts()[code]
    column = codes.columns[code]
    value = (
        arrow.column(column)[row].as_py()
        if column is not None and column in arrow.column_names
        else None
    )
    raise AuditRowError(
        f"row {row}: {text}",
        row=row,
        argument=column,
        value=value,
        regime=codes.regimes[code],
    )
