"""One regime's answers for every row of a log: shapes, pieces and codes.

The rows of a log repeat a few thousand *shapes* (who, what, how, where, with
which attested conditions) at millions of instants. For one regime:

1. each distinct row is compiled once into the regime's cached `Shape` (its
   change points), its recipient and item read from its cells once;
2. every row's instant is placed in the piece of its shape that holds it, with
   two vectorised binary searches over all shapes' change points at once;
3. each piece that some row falls in is assessed once, in Python;
4. every row's verdict and reason code are gathered from those pieces.

So the cost is O(rows) in vectorised work plus O(pieces used) in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._access import Access
from ._audit_items import item_cells, log_item
from ._audit_rows import CellProblem, location_cell, log_recipient, split_list
from ._columns import AUDIT_COLUMNS, FACT_COLUMNS, KEY_COLUMNS
from ._entities import Entity
from ._items import ControlledItem
from ._reasons import Reasons, Verdict
from ._regime import Regime, engine_of
from .exceptions import QueryError, UnknownIdError

if TYPE_CHECKING:
    from ._engine.shapes import Shape

__all__ = [
    "UNREADABLE",
    "VERDICTS",
    "Codes",
    "Pieces",
    "decide_pieces",
    "row_access",
    "row_shapes",
]

VERDICTS = (*(v.value for v in Verdict), "unreadable")
"""The values of a `verdict` column, in order of severity (`unreadable` last)."""
UNREADABLE = len(VERDICTS) - 1
"""The code of `unreadable` in a verdict column."""


class Codes:
    """The texts of a `reason` column by code, and the column at fault of each
    text that says why a row is unreadable."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.columns: dict[int, str | None] = {}
        self.regimes: dict[int, str | None] = {}

    def code(
        self, text: str, column: str | None = None, regime: str | None = None
    ) -> int:
        """The code of `text`, new if it is new."""
        found = self.codes.get(text)
        if found is None:
            found = self.codes[text] = len(self.codes)
            self.columns[found] = column
            self.regimes[found] = regime
        return found

    def problem(self, problem: CellProblem) -> int:
        """The code of a problem's text, with its column."""
        return self.code(str(problem), problem.column)

    def texts(self) -> list[str]:
        """The texts, by code."""
        return list(self.codes)


class _Log:
    """What one regime builds once for a log: recipients, items and shapes."""

    def __init__(self, regime: Regime, state: int, names: Sequence[str]) -> None:
        self.regime = regime
        self.state = state
        self.recipients: dict[tuple[Any, ...], Entity | str] = {}
        self.items: dict[tuple[Any, ...], ControlledItem | str] = {}
        self.shapes: dict[Access, Shape] = {}
        self.by_parts: dict[tuple[Any, ...], Shape] = {}
        self.anonymous: dict[Entity, Entity] = {}
        self.by_facts: dict[tuple[Any, ...], Entity] = {}  # anonymous, by cells
        engine = self.engine = engine_of(regime)
        self.mentioned: frozenset[str] = engine.derive(
            "audit-mentioned", lambda: frozenset(_strings(regime))
        )
        # a log with fact or kind columns describes whoever the catalog lacks
        describes = any(n in names for n in (*FACT_COLUMNS, "kind"))
        self.catalog = engine.catalog.entities if describes else None
        self.catalog_items: Mapping[str, ControlledItem] = engine.catalog.items


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


def _parties(cells: dict[str, Any], log: _Log) -> tuple[Entity | str, Any]:
    """The recipient and the item a row names or describes, each read once."""
    for name in KEY_COLUMNS:
        if not cells.get(name):
            raise CellProblem(name, "missing")
    key = (cells["item"], *item_cells(cells))
    item = log.items.get(key)
    if item is None:
        item = log.items[key] = log_item(cells["item"], cells, log.catalog_items)
    key = (cells["recipient"], cells.get("kind"), *map(cells.get, FACT_COLUMNS))
    recipient = log.recipients.get(key)
    if recipient is None:
        recipient = _recipient(cells, item, log)
        log.recipients[key] = recipient
    return recipient, item


def _access(
    cells: dict[str, Any], recipient: Entity | str, item: ControlledItem | str
) -> Access:
    """The access a row describes."""
    location = location_cell(cells.get("location"))
    attestations = frozenset(split_list(cells.get("attestations")))
    origin = location_cell(cells.get("origin"), "origin")
    return Access(recipient, item, cells["mode"], location, attestations, origin=origin)


def _recipient(
    cells: dict[str, Any], item: ControlledItem | str, log: _Log
) -> Entity | str:
    """A catalog id, or the entity the row describes.

    Only the verdict and the reason code of a row are kept, and neither can
    depend on the id of an individual that the regime never names (no scope,
    list or catalog entry mentions it): such individuals with the same facts
    share one id, and so one compiled access. The regime first checks the
    row's own recipient, once, as `decide` would.
    """
    rid = str(cells["recipient"])
    facts = (cells.get("kind"), *map(cells.get, FACT_COLUMNS))
    shared = log.by_facts.get(facts)
    if (
        shared is not None
        and rid not in log.mentioned
        and log.engine.catalog.unrelated_id(rid)
    ):  # checked as the individual that first had these facts was; the row's
        # item and mode still are, here, so a bad row's problem is the same
        # whichever rows came before it
        _resolved(log, Access(shared, item, cells["mode"]))
        return shared
    recipient = log_recipient(
        rid,
        *(split_list(cells.get(name)) for name in FACT_COLUMNS),
        kind=cells.get("kind"),
        catalog=log.catalog,
    )
    if isinstance(recipient, str) or rid in log.mentioned:
        return recipient
    _resolved(log, Access(recipient, item, cells["mode"]))
    if _ANONYMOUS in log.mentioned:
        return recipient
    anonymous = attrs.evolve(recipient, id=_ANONYMOUS)
    anonymous = log.anonymous.setdefault(anonymous, anonymous)  # one object each
    log.by_facts[facts] = anonymous
    return anonymous


def _resolved(log: _Log, access: Access) -> Any:
    """The engine's `resolve(access)`, its errors as the problem of a column."""
    try:
        return log.engine.resolve(access)
    except QueryError as error:  # an unknown id, or a catalog conflict
        argument = str(error.argument)
        column = {"entity": "recipient"}.get(argument, argument)
        if isinstance(error, UnknownIdError) and str(error).startswith("developer "):
            column = "developer"  # an ad-hoc item's developer looks like a known id
        raise CellProblem(
            column if column in AUDIT_COLUMNS else "recipient", str(error)
        ) from None


def _shape(log: _Log, cells: dict[str, Any]) -> Shape:
    """The compiled shape of a row's access."""
    recipient, item = _parties(cells, log)
    # rows of different recipients often share one access (anonymous
    # individuals): found by the identity of its parts, not by comparing them
    parts = (
        recipient if isinstance(recipient, str) else id(recipient),
        item if isinstance(item, str) else id(item),
        cells["mode"],
        cells.get("location"),
        cells.get("attestations"),
        cells.get("origin"),
    )
    shape = log.by_parts.get(parts)
    if shape is not None:
        return shape
    access = _access(cells, recipient, item)
    shape = log.shapes.get(access)
    if shape is None:
        # cached by the audit under its row key only: one entry per row key
        shape = log.shapes[access] = log.engine.shape(
            log.state, _resolved(log, access), remember=False
        )
    log.by_parts[parts] = shape
    return shape


def row_shapes(
    regime: Regime,
    state: int,
    names: Sequence[str],
    distinct_rows: Sequence[dict[str, Any]],
) -> tuple[list[Shape | None], list[CellProblem | None]]:
    """The compiled shape of each distinct row under knowledge state `state`
    (`None` if it cannot be read), and the problem of each that cannot."""
    engine = engine_of(regime)
    shapes: list[Shape | None] = []
    failures: list[CellProblem | None] = []
    log = _Log(regime, state, names)
    cache = engine.shapes
    for cells in distinct_rows:
        # the same log rows, next time; by name: `US` as a location is not
        # `US` as a citizenship
        key = (state, "row", *cells.items())
        shape = cache.get(key)
        if shape is None:
            try:
                shape = _shape(log, cells)
            except CellProblem as problem:
                shapes.append(None)
                failures.append(problem)
                continue
            engine.remember(key, shape)
        shapes.append(shape)
        failures.append(None)
    return shapes, failures


def row_access(regime: Regime, names: Sequence[str], cells: dict[str, Any]) -> Access:
    """The access a readable row names or describes, as `decide` takes it (its
    recipient under its own id)."""
    log = _Log(regime, engine_of(regime).latest, names)
    item = log_item(cells["item"], cells, log.catalog_items)
    recipient = log_recipient(
        str(cells["recipient"]),
        *(split_list(cells.get(name)) for name in FACT_COLUMNS),
        kind=cells.get("kind"),
        catalog=log.catalog,
    )
    return _access(cells, recipient, item)


@attrs.frozen
class Pieces:
    """One regime's answers for a log.

    Attributes:
        regime: the regime.
        verdicts: per row, the code of its verdict in `VERDICTS`.
        reasons: per row, the code of its reason in `codes`.
        codes: the reason texts.
        outcome_of_row: per row, the number of its outcome (see `outcome`);
            rows with the same number have the same reasons, or problem. Only
            when asked for (`outcomes=True`), else `None`.
    """

    regime: Regime
    verdicts: Any
    reasons: Any
    codes: Codes
    outcome_of_row: Any
    _outcomes: list[tuple[Shape, int] | CellProblem]

    @property
    def outcome_count(self) -> int:
        """How many outcomes the rows have."""
        return len(self._outcomes)

    def outcome(self, number: int) -> Reasons | CellProblem:
        """Outcome `number`: the reasons of its piece, or why its rows cannot
        be read."""
        found = self._outcomes[number]
        if isinstance(found, CellProblem):
            return found
        shape, piece = found
        return shape.assessment(piece)


def decide_pieces(
    regime: Regime,
    as_known_on: object,
    names: Sequence[str],
    rows: tuple[Any, Sequence[dict[str, Any]]],
    moments: Any,
    bad_rows: Mapping[int, str],
    np: Any,
    *,
    outcomes: bool = False,
) -> Pieces:
    """Decide every row of a log under `regime`.

    `rows` holds, per row, the number of its distinct row and, per distinct
    row, its cells (`Columns.row`); `moments` the rows' instants and
    `bad_rows` the rows whose instant cannot be read, with why. With
    `outcomes`, the rows are also numbered by outcome, for combining.
    """
    shape_of_row, distinct_rows = rows
    state, _ = engine_of(regime).state(as_known_on)

    # 1. compile each shape once; a shape that cannot be read is one problem
    shapes, failures = row_shapes(regime, state, names, distinct_rows)

    # 2. per row, the piece of its shape that holds its instant
    count = len(moments)
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
    # in place from here, and in 32 bits where the keys fit: a million rows'
    # arrays are paid for page by page
    small = np.int32 if len(starts) * width < 2**31 else np.int64
    row_key = shape_of_row.astype(small)
    row_key *= width
    np.add(row_key, rank, out=row_key, casting="unsafe")  # rank < width
    if len(starts) * width <= count:  # search each (shape, rank) once, not each row
        table = np.searchsorted(piece_key, np.arange(len(starts) * width), side="right")
        table -= 1
        piece_of_row = table.astype(small)[row_key]
    else:
        piece_of_row = np.searchsorted(piece_key, row_key, side="right")
        piece_of_row -= 1

    # 3. assess each piece some row falls in, once
    used = np.flatnonzero(np.bincount(piece_of_row, minlength=len(piece_key)))
    verdict_of_piece = np.zeros(len(piece_key), dtype=np.int8)
    reason_of_piece = np.zeros(len(piece_key), dtype=np.int32)
    # rows of different shapes often share one compiled shape (anonymous
    # individuals): numbered by the shape object and piece, or the problem
    outcome_of_piece = np.zeros(len(piece_key) if outcomes else 0, dtype=np.int64)
    numbered: dict[tuple[int, int], int] = {}
    found: list[tuple[Shape, int] | CellProblem] = []
    codes = Codes()
    shape_ids = piece_shape[used].tolist()
    numbers = piece_number[used].tolist()
    # gathered in lists, then set at once: a numpy item set per piece cost
    # as much as the rest of the loop
    verdict_of: list[int] = []
    reason_of: list[int] = []
    outcome_of: list[int] = []
    code_of = codes.code
    for s, number in zip(shape_ids, numbers, strict=True):
        shape = shapes[s]
        if shape is None:
            failure = failures[s]
            assert failure is not None
            verdict, reason_code = UNREADABLE, codes.problem(failure)
            which: tuple[int, int] = (-1, reason_code)
        else:
            verdict, reason = shape.code(number)
            reason_code = code_of(reason)
            which = (id(shape), number)
        verdict_of.append(verdict)
        reason_of.append(reason_code)
        if outcomes:
            outcome = numbered.get(which)
            if outcome is None:
                outcome = numbered[which] = len(found)
                found.append(failure if shape is None else (shape, number))
            outcome_of.append(outcome)
    verdict_of_piece[used] = verdict_of
    reason_of_piece[used] = reason_of
    if outcomes:
        outcome_of_piece[used] = outcome_of

    # 4. gather
    verdicts = verdict_of_piece[piece_of_row]
    reasons = reason_of_piece[piece_of_row]
    for row, message in bad_rows.items():
        verdicts[row] = UNREADABLE
        reasons[row] = codes.code(message, "at")
    return Pieces(
        regime,
        verdicts,
        reasons,
        codes,
        outcome_of_piece[piece_of_row] if outcomes else None,
        found,
    )
