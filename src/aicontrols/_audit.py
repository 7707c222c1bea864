"""Columnar audits: decide a whole access log, given as Arrow-compatible columns.

The rows of a log repeat a few thousand *shapes* (who, what, how, where, with
which attested conditions) at millions of instants. The audit therefore:

1. dictionary-encodes the key columns and numbers the distinct shapes
   (vectorised: no Python call per row);
2. compiles each shape once (the regime's cached `Shape`: its change points);
3. maps every row's instant to the piece of its shape that holds it, with two
   vectorised binary searches over all shapes' change points at once;
4. assesses each piece that some row falls in, once, in Python;
5. gathers the verdict and reason code of every row from those pieces.

So the cost is O(rows) in vectorised work plus O(pieces used) in Python. The
answers are those of `Regime.decide(access, at=...)`, row by row: the tests
check it on random samples.

pyarrow and numpy are needed (the `columnar` extra); a polars or pandas frame is
accepted and returned as such.

Every column is read, or named by the caller as one the audit does not read
(`extra_columns=`), or refused: a misspelt `employer` column dropped without a
word would drop the facts it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._access import Access
from ._columns import (
    FACT_COLUMNS,
    KEY_COLUMNS,
    LOG_COLUMNS,
    Columns,
    column_problems,
    extra_names,
    instants,
    modules,
    suggestion,
    to_arrow,
)
from ._entities import Citizenship, Employment, Entity, EntityKind, Residency
from ._reasons import Verdict
from ._regime import Regime, engine_of
from ._validators import optional_country
from .exceptions import AuditRowError, QueryError

if TYPE_CHECKING:
    import pyarrow as pa

    from ._engine.decide import Assessment
    from ._engine.shapes import Shape

__all__ = [
    "FACT_COLUMNS",
    "KEY_COLUMNS",
    "VERDICTS",
    "CellProblem",
    "audit",
    "audit_pieces",
    "entity_kind",
    "location_cell",
    "log_recipient",
]

VERDICTS = (*(v.value for v in Verdict), "unreadable")
"""The values of the `verdict` column, in order of severity (`unreadable` last)."""
_UNREADABLE = len(VERDICTS) - 1


def split_list(value: str | None) -> tuple[str, ...]:
    """A `;`-separated cell as a tuple of its non-empty, stripped parts."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(";") if part.strip())


class CellProblem(ValueError):
    """Why a row cannot be decided, and the column at fault."""

    def __init__(self, column: str, message: str) -> None:
        self.column = column
        super().__init__(f"`{column}`: {message}")


def _checked(column: str, make: Callable[[], Any]) -> Any:
    try:
        return make()
    except CellProblem:
        raise
    except (ValueError, TypeError) as error:
        raise CellProblem(column, str(error)) from None


def location_cell(value: object, column: str = "location") -> str | None:
    """The `location` (or `origin`) cell of a row as a country code; `None`
    when it is empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise CellProblem(column, f"expected a string, got `{value!r}`")
    return _checked(column, lambda: optional_country(value))  # type: ignore[no-any-return]


_KINDS = tuple(k.value for k in EntityKind)


def entity_kind(value: object) -> EntityKind | None:
    """The `kind` cell of a row as an `EntityKind`; `None` when it is empty.

    Examples:
        >>> entity_kind("individual")
        <EntityKind.INDIVIDUAL: 'individual'>
        >>> entity_kind("Company")
        Traceback (most recent call last):
        ...
        aicontrols._audit.CellProblem: `kind`: unknown entity kind `Company` (did you mean `company`?)
    """
    if value is None or value == "":
        return None
    if isinstance(value, EntityKind):
        return value
    if not isinstance(value, str):
        raise CellProblem("kind", f"expected a string, got `{value!r}`")
    try:
        return EntityKind(value)
    except ValueError:
        hint = suggestion(value, _KINDS) or " (known: {})".format(
            ", ".join(f"`{k}`" for k in _KINDS)
        )
        raise CellProblem("kind", f"unknown entity kind `{value}`{hint}") from None


def log_recipient(
    recipient: str,
    citizenships: Sequence[str] = (),
    residencies: Sequence[str] = (),
    employers: Sequence[str] = (),
    *,
    kind: EntityKind | str | None = None,
    catalog: Mapping[str, Entity] | None = None,
) -> Entity | str:
    """The recipient of a log row: a catalog id, or an entity the row describes.

    A row with facts describes an entity of its `kind` (by default an
    individual; undated facts: they hold throughout). A row without facts
    names a catalog entity by its id, unless `catalog` is given (the log has
    fact or `kind` columns) and lacks the id: then the row describes an
    entity with no recorded facts, so the verdict is undetermined wherever a
    missing fact matters, as for `Entity(id, kind="individual")`.

    Raises:
        CellProblem: a cell is malformed, or `kind` contradicts the catalog.

    Examples:
        >>> from aicontrols._audit import log_recipient
        >>> log_recipient("acme-cloud")
        'acme-cloud'
        >>> log_recipient("priya", citizenships=["IN"]).citizenships[0].country
        'IN'
        >>> log_recipient("new-hire", catalog={}).kind
        <EntityKind.INDIVIDUAL: 'individual'>
    """
    given = entity_kind(kind)
    known = catalog.get(recipient) if catalog is not None else None
    if known is not None and given is not None and given is not known.kind:
        raise CellProblem(
            "kind",
            f"`{recipient}` is {_a(known.kind)} in the catalog, not {_a(given)}",
        )
    if not (citizenships or residencies or employers) and (
        catalog is None or known is not None
    ):
        return recipient
    facts = {
        "citizenships": _checked(
            "citizenships", lambda: [Citizenship(c) for c in citizenships]
        ),
        "residencies": _checked(
            "residencies", lambda: [Residency(c) for c in residencies]
        ),
        "employments": _checked(
            "employers", lambda: [Employment(e) for e in employers]
        ),
    }
    return _checked(  # type: ignore[no-any-return]
        "recipient",
        lambda: Entity(recipient, kind=given or EntityKind.INDIVIDUAL, **facts),
    )


def _a(kind: EntityKind) -> str:
    """`a company`, `an individual`: the kind with its article, for messages."""
    words = kind.value.replace("_", " ")
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


class _Audit:
    """What one audit builds once: recipients, and shapes by access."""

    def __init__(self, regime: Regime, state: int, names: Sequence[str]) -> None:
        self.regime = regime
        self.state = state
        self.recipients: dict[tuple[Any, ...], Entity | str] = {}
        self.shapes: dict[Access, Shape] = {}
        # rows whose recipients are equal (one entity, interned) and whose
        # other cells are the same share an access: found without building it
        self.interned: dict[Entity, Entity] = {}
        self.by_cells: dict[tuple[Any, ...], Shape] = {}
        engine = self.engine = engine_of(regime)
        self.mentioned: frozenset[str] = engine.derive(
            "audit-mentioned", lambda: frozenset(_strings(regime))
        )
        # a log with fact or kind columns describes whoever the catalog lacks
        describes = any(n in names for n in (*FACT_COLUMNS, "kind"))
        self.catalog = engine.catalog.entities if describes else None


def _strings(value: object) -> set[str]:
    """Every string anywhere in `value`: attrs fields, containers and mappings."""
    found: set[str] = set()
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif id(item) in seen:
            continue
        elif attrs.has(type(item)):
            seen.add(id(item))
            stack += [getattr(item, f.name) for f in attrs.fields(type(item))]  # type: ignore[arg-type]
        elif isinstance(item, Mapping):
            seen.add(id(item))
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, (tuple, list, set, frozenset)):
            seen.add(id(item))
            stack += list(item)
    return found


_ANONYMOUS = "aicontrols-anonymous"
"""The id an individual described by a row takes when the regime never names it."""


def _access(cells: dict[str, Any], audit: _Audit) -> Access:
    """The access a row describes."""
    for name in KEY_COLUMNS:
        if not cells.get(name):
            raise CellProblem(name, "missing")
    key = (
        cells["recipient"],
        cells.get("kind"),
        *(cells.get(name) for name in FACT_COLUMNS),
    )
    recipient = audit.recipients.get(key)
    if recipient is None:
        recipient = _recipient(cells, audit)
        audit.recipients[key] = recipient
    location = location_cell(cells.get("location"))
    attestations = frozenset(split_list(cells.get("attestations")))
    origin = location_cell(cells.get("origin"), "origin")
    return Access(
        recipient, cells["item"], cells["mode"], location, attestations, origin=origin
    )


def _recipient(cells: dict[str, Any], audit: _Audit) -> Entity | str:
    """A catalog id, or the entity the row describes.

    Only the verdict and the reason code of a row are kept, and neither can
    depend on the id of an individual that the regime never names (no scope,
    list or catalog entry mentions it): such individuals with the same facts
    share one id, and so one compiled access. The regime first checks the
    row's own recipient, once, as `decide` would.
    """
    rid = str(cells["recipient"])
    recipient = log_recipient(
        rid,
        *(split_list(cells.get(name)) for name in FACT_COLUMNS),
        kind=cells.get("kind"),
        catalog=audit.catalog,
    )
    if isinstance(recipient, str) or rid in audit.mentioned:
        return recipient
    _resolved(audit, Access(recipient, cells["item"], cells["mode"]))
    if _ANONYMOUS not in audit.mentioned:
        recipient = attrs.evolve(recipient, id=_ANONYMOUS)
    return audit.interned.setdefault(recipient, recipient)


def _resolved(audit: _Audit, access: Access) -> Any:
    """The engine's `resolve(access)`, its errors as the problem of a column."""
    try:
        return audit.engine.resolve(access)
    except QueryError as error:  # an unknown id
        argument = str(error.argument)
        column = {"entity": "recipient"}.get(argument, argument)
        raise CellProblem(
            column if column in LOG_COLUMNS else "recipient", str(error)
        ) from None


def _shape(audit: _Audit, cells: dict[str, Any]) -> Shape:
    """The compiled shape of a row's access."""
    key = (cells.get("recipient"), cells.get("kind"), *map(cells.get, FACT_COLUMNS))
    recipient = audit.recipients.get(key)
    if recipient is not None:
        shape = audit.by_cells.get(_same(recipient, cells))
        if shape is not None:
            return shape
    access = _access(cells, audit)
    shape = audit.shapes.get(access)
    if shape is None:
        # cached by the audit under its row key only: one entry per row key
        shape = audit.shapes[access] = audit.engine.shape(
            audit.state, _resolved(audit, access), remember=False
        )
    audit.by_cells[_same(audit.recipients[key], cells)] = shape
    return shape


def _same(recipient: Entity | str, cells: dict[str, Any]) -> tuple[Any, ...]:
    """What makes a row's access, its recipient already built: an entity by its
    `id()` (the audit keeps it, interned), so that no access is built to find
    a row's shape."""
    who = recipient if isinstance(recipient, str) else id(recipient)
    return (who, *map(cells.get, _ACCESS_CELLS))


_ACCESS_CELLS = ("item", "mode", "location", "origin", "attestations")
"""The cells of a row besides its recipient's that make its access."""


def audit(
    regime: Regime,
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

    Every column is read: a column the audit does not know, or one given
    twice, is refused (with a suggestion for a misspelt name), unless named in
    `extra_columns`.

    The other parties to a transaction (`Access.parties`) have no column: a
    row is one recipient; decide accesses with parties with `Regime.decide`.

    Args:
        regime: the regime to decide under.
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
        dictionary-encoded (categorical in pandas and polars).

    Raises:
        QueryError: a column is unknown, duplicated, missing or of the wrong
            type, or the log already has a `verdict` or `reason` column.
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
    return audit_pieces(
        regime,
        table,
        as_known_on=as_known_on,
        errors=errors,
        extra_columns=extra_columns,
        pieces=False,
    )[0]


def audit_pieces(
    regime: Regime,
    table: Any,
    *,
    as_known_on: dt.date | dt.datetime | str | None = None,
    errors: Literal["raise", "mark"] = "raise",
    extra_columns: Iterable[str] | None = None,
    pieces: bool = True,
) -> tuple[Any, Any, dict[int, Assessment]]:
    """`audit`, and with `pieces`, which piece of its access decided each row.

    Returns the result of `audit`; per row, the number of its piece (a numpy
    array; -1 for a row that could not be read); and per number, the piece's
    assessment, whose applied restrictions and caveats hold for every row in
    it (`aicontrols audit` writes them). Without `pieces`, the last two are
    empty.
    """
    if not isinstance(regime, Regime):
        raise QueryError(
            f"`regime`: expected a Regime, got a `{type(regime).__name__}` (load a "
            "bundled one with `aicontrols.examples.load(name)`)",
            argument="regime",
        )
    np, pa, pc = modules()
    if errors not in ("raise", "mark"):
        raise QueryError(
            f"`errors`: expected `raise` or `mark`, got `{errors!r}`",
            argument="errors",
            value=errors,
        )
    extra = extra_names(extra_columns, "extra_columns")
    arrow, back = to_arrow(table, pa)
    names = arrow.column_names
    # per column, never per row: unknown and duplicate names first
    problems = column_problems(
        [n for n in names if n not in extra or names.count(n) > 1],
        (*LOG_COLUMNS, "verdict", "reason"),
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
    clash = [n for n in ("verdict", "reason") if n in names]
    if clash:
        raise QueryError(
            f"the log already has a column `{clash[0]}`: rename it first",
            argument=clash[0],
        )
    engine = engine_of(regime)
    state, _ = engine.state(as_known_on)
    rows = arrow.num_rows
    moments, bad_rows = instants(arrow.column("at"), np, pa, pc)
    columns = Columns(arrow, np, pa, pc)
    shape_of_row, first_row = columns.shapes(np, pc, pa, rows)

    # 2. compile each shape once; a shape that cannot be read is one problem
    shapes: list[Shape | None] = []
    failures: list[CellProblem | None] = []
    context = _Audit(regime, state, names)
    cache = engine.shapes
    named = tuple(columns.names)
    for values in columns.rows(first_row):
        # the same log rows, next time; by name: `US` as a location is not
        # `US` as a citizenship
        key = (state, "row", named, values)
        shape = cache.get(key)
        if shape is None:
            try:
                shape = _shape(context, dict(zip(named, values, strict=True)))
            except CellProblem as problem:
                shapes.append(None)
                failures.append(problem)
                continue
            engine.remember(key, shape)
        shapes.append(shape)
        failures.append(None)

    # 3. per row, the piece of its shape that holds its instant
    starts: list[Sequence[int]] = [[] if s is None else s.starts[1:] for s in shapes]
    points = np.unique(np.fromiter((p for s in starts for p in s), dtype=np.int64))
    rank = np.searchsorted(points, moments, side="right")
    width = len(points) + 1
    counts = np.fromiter(
        (len(s) + 1 for s in starts), dtype=np.int64, count=len(starts)
    )
    piece_shape = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
    piece_number = np.arange(len(piece_shape), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    piece_rank = np.zeros(len(piece_shape), dtype=np.int64)
    later = piece_number > 0
    flat = np.fromiter((p for s in starts for p in s), dtype=np.int64)
    piece_rank[later] = np.searchsorted(points, flat, side="right")
    piece_key = piece_shape * width + piece_rank
    row_key = shape_of_row.astype(np.int64) * width + rank
    if len(starts) * width <= rows:  # search each (shape, rank) once, not each row
        table = np.searchsorted(piece_key, np.arange(len(starts) * width), side="right")
        piece_of_row = table[row_key] - 1
    else:
        piece_of_row = np.searchsorted(piece_key, row_key, side="right") - 1

    # 4. assess each piece some row falls in, once
    used = np.flatnonzero(np.bincount(piece_of_row, minlength=len(piece_key)))
    verdict_of_piece = np.zeros(len(piece_key), dtype=np.int8)
    reason_of_piece = np.zeros(len(piece_key), dtype=np.int32)
    reasons: dict[str, int] = {}
    assessed: dict[int, Assessment] = {}
    shape_ids = piece_shape[used].tolist()
    numbers = piece_number[used].tolist()
    for piece, s, number in zip(used.tolist(), shape_ids, numbers, strict=True):
        shape = shapes[s]
        if shape is None:
            failure = failures[s]
            assert failure is not None
            code = (_UNREADABLE, reasons.setdefault(str(failure), len(reasons)))
        else:
            verdict, reason = shape.code(number)
            code = (verdict, reasons.setdefault(reason, len(reasons)))
            if pieces:
                assessed[piece] = shape.assessment(number)
        verdict_of_piece[piece], reason_of_piece[piece] = code

    # 5. gather
    verdicts = verdict_of_piece[piece_of_row]
    reason_codes = reason_of_piece[piece_of_row]
    for row, message in bad_rows.items():
        verdicts[row] = _UNREADABLE
        reason_codes[row] = reasons.setdefault(message, len(reasons))
    if errors == "raise":
        _raise_first(verdicts, reason_codes, reasons, columns, arrow, np)
    out = arrow.append_column(
        "verdict",
        pa.DictionaryArray.from_arrays(pa.array(verdicts), pa.array(VERDICTS)),
    ).append_column(
        "reason",
        pa.DictionaryArray.from_arrays(pa.array(reason_codes), pa.array(list(reasons))),
    )
    if not pieces:
        return back(out), np.zeros(0, dtype=np.int64), assessed
    piece_of_row[verdicts == _UNREADABLE] = -1
    return back(out), piece_of_row, assessed


def _raise_first(
    verdicts: Any,
    reason_codes: Any,
    reasons: dict[str, int],
    columns: Columns,
    arrow: pa.Table,
    np: Any,
) -> None:
    bad = np.flatnonzero(verdicts == _UNREADABLE)
    if not len(bad):
        return
    row = int(bad[0])
    text = list(reasons)[int(reason_codes[row])]
    column = text[1 : text.index("`", 1)] if text.startswith("`") else None
    value = (
        arrow.column(column)[row].as_py()
        if column is not None and column in arrow.column_names
        else None
    )
    raise AuditRowError(f"row {row}: {text}", row=row, argument=column, value=value)
