"""Items outside the catalog, described in an access log by columns of facts.

A log names each row's item by its id. A row whose item the regime's catalog
lacks may describe it with the columns of `ITEM_COLUMNS`: `developer`,
`classifications` (`SCHEME=CODE` pairs separated by `;`, e.g.
`ECCN=3A090.a;FOR_ECCN=3A090.a`, or a list of such pairs, or a map or struct
column of codes by scheme), `training_operations`, `weights_published` (`true`
or `false`) and one column per technical parameter (`tpp`,
`performance_density`, `dram_bandwidth_gbps`, `memory_bandwidth_density`).
The row then describes the `ControlledItem` with those facts, decided as
`Regime.decide` decides it; an empty cell is a fact not recorded (unknown).

A row without facts names a catalog item, and an unknown id is an error, with
a did-you-mean: a slip in an id is never decided as an item with no facts. A
row with facts whose id *is* in the catalog is decided on the catalog's item;
its cells may repeat the catalog's facts or record ones the catalog leaves
unrecorded (that regime does not read them), but a cell that contradicts a
fact the catalog records makes the row unreadable. So one log serves several
regimes whose catalogs differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._audit_rows import CellProblem, checked, split_list
from ._columns import ITEM_COLUMNS, Convert
from ._items import PARAMETERS, ControlledItem
from .exceptions import QueryError

__all__ = ["item_cell", "item_cells", "item_converters", "log_item"]

_PARAMETERS = tuple(n for n in PARAMETERS if n != "training_operations")
"""The columns of technical parameters (`tpp`, ...): `training_operations` is
the item's own field."""
_NUMBER_COLUMNS = ("training_operations", *_PARAMETERS)
_NULL_CELL = "<null>"
"""What a null code inside a map reads as: a value every check refuses."""


def item_cells(cells: Mapping[str, Any]) -> tuple[Any, ...]:
    """The item-fact cells of a row, in `ITEM_COLUMNS` order (`None`: absent)."""
    return tuple(map(cells.get, ITEM_COLUMNS))


def item_cell(name: str, value: object) -> str | None:
    """An item-fact cell of a row read by Python (a CSV cell, a JSON value, an
    Arrow row's value) as the text a column of that cell would give `log_item`.

    Strings and `None` stay as they are; a number in a number column, `true` or
    `false` in `weights_published`, and in `classifications` a list of
    `SCHEME=CODE` strings or an object of codes by scheme (a null code: not
    recorded) become the text a column of them reads as (`item_converters`). So
    a row reads the same whether its cells come one by one or as columns.

    Raises:
        CellProblem: a value no column of that fact holds (a boolean in `tpp`,
            a number in `weights_published`, a list of numbers...), as the problem
            `log_item` words for it.

    Examples:
        >>> from aicontrols._audit_items import item_cell
        >>> item_cell("tpp", 16000), item_cell("weights_published", False)
        ('16000', 'false')
        >>> item_cell("classifications", {"ECCN": "3A090.a", "FOR_ECCN": None})
        'ECCN=3A090.a'
        >>> item_cell("tpp", True)
        Traceback (most recent call last):
        ...
        aicontrols._audit_rows.CellProblem: `tpp`: expected a number, got `True`
    """
    if value is None or isinstance(value, str):
        return value
    if name == "classifications":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ";".join(value)
        if isinstance(value, dict) and all(
            isinstance(k, str) and (v is None or isinstance(v, str))
            for k, v in value.items()
        ):  # as a struct column: a null field is a scheme not recorded
            return ";".join(f"{k}={v}" for k, v in value.items() if v is not None)
    elif name == "weights_published":
        if isinstance(value, bool):
            return "true" if value else "false"
    elif name in _NUMBER_COLUMNS:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return repr(value)  # a float's `repr` reads back as the same float
        if not isinstance(value, bool):
            return str(_number(name, value))  # a decimal, say; else its problem
    _fact(name, value)  # raises: no column holds such a value
    raise AssertionError(value)  # pragma: no cover - `_fact` raised


def _recorded(value: object) -> bool:
    return value is not None and value != ""


def log_item(
    item: str, cells: Mapping[str, Any], catalog: Mapping[str, ControlledItem]
) -> ControlledItem | str:
    """The item of a log row under one regime: a catalog id, or the item the
    row's fact cells describe.

    Raises:
        CellProblem: a fact cell is malformed, or contradicts a fact the
            catalog records for the item.

    Examples:
        >>> from aicontrols._audit_items import log_item
        >>> log_item("mythos-5", {"tpp": None}, {})
        'mythos-5'
        >>> chip = log_item("my-chip", {"classifications": "ECCN=3A090.a",
        ...                             "tpp": 5000.0}, {})
        >>> dict(chip.classifications), dict(chip.parameters)
        ({'ECCN': '3A090.a'}, {'tpp': 5000.0})
    """
    given = {n: cells[n] for n in ITEM_COLUMNS if _recorded(cells.get(n))}
    if not given:
        return item
    checked("item", lambda: ControlledItem(item))
    facts: dict[str, Any] = {}
    parameters: dict[str, float] = {}
    for name, value in given.items():
        fact = _fact(name, value)
        if name in _PARAMETERS:
            _valid(item, name, parameters={name: fact})
            parameters[name] = fact
        else:
            _valid(item, name, **{name: fact})
            facts[name] = fact
    known = catalog.get(item)
    if known is None:
        return ControlledItem(item, parameters=parameters, **facts)
    _agrees(known, facts, parameters)
    return item


def _valid(item: str, column: str, **fields: Any) -> None:
    """Refuse a fact (`fields`) that no item may have, as its column's problem."""
    checked(column, lambda: ControlledItem(item, **fields))


def _fact(name: str, value: object) -> Any:
    """A cell as the value of its `ControlledItem` field."""
    if name == "classifications":
        return _classifications(value)
    if name == "weights_published":
        return _boolean(value)
    if name == "developer":
        if not isinstance(value, str):
            raise CellProblem(name, f"expected an entity id, got `{value!r}`")
        return value
    return _number(name, value)


def _classifications(value: object) -> dict[str, str]:
    if not isinstance(value, str):
        raise CellProblem(
            "classifications",
            "expected `SCHEME=CODE` pairs (a string, a list of strings, or an object "
            f"of codes by scheme), got `{value!r}`",
        )
    found: dict[str, str] = {}
    for part in split_list(value):
        scheme, equals, code = (p.strip() for p in part.partition("="))
        if not equals or not scheme or not code:
            hint = f" (did you mean `ECCN={part}`?)" if not equals else ""
            raise CellProblem(
                "classifications",
                f"expected `SCHEME=CODE` pairs separated by `;`, got `{value}`{hint}",
            )
        if scheme in found:
            raise CellProblem(
                "classifications", f"the scheme `{scheme}` is given twice in `{value}`"
            )
        found[scheme] = code
    return found


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = value.strip().lower() if isinstance(value, str) else None
    if text in ("true", "false"):
        return text == "true"
    raise CellProblem(
        "weights_published", f"expected `true` or `false`, got `{value!s}`"
    )


def _number(name: str, value: object) -> float:
    if isinstance(value, float):
        return value
    try:
        return float(str(value).strip())
    except ValueError:
        raise CellProblem(name, f"expected a number, got `{value!s}`") from None


def _agrees(
    known: ControlledItem, facts: Mapping[str, Any], parameters: Mapping[str, float]
) -> None:
    """Refuse a row's fact that contradicts one the catalog records."""
    recorded: list[tuple[str, object, object]] = []
    for name, value in facts.items():
        if name == "classifications":
            recorded += [
                ("classifications", f"{s}={c}", f"{s}={known.classifications[s]}")
                for s, c in value.items()
                if s in known.classifications and known.classifications[s] != c
            ]
        elif name == "weights_published" or getattr(known, name) is not None:
            mine, theirs = value, getattr(known, name)
            if mine != theirs:
                recorded.append((name, mine, theirs))
    for name, number in parameters.items():
        theirs = known.parameters.get(name)
        if theirs is not None and theirs != number:
            recorded.append((name, number, theirs))
    if recorded:
        column, mine, theirs = recorded[0]
        raise CellProblem(
            column,
            f"`{_shown(mine)}` contradicts the catalog, which records "
            f"`{_shown(theirs)}` for item `{known.id}`: give the catalog's facts, "
            "or none",
        )


def _shown(value: object) -> str:
    """A fact for a message: `true`, `15800`, `3e+26`, `ECCN=4E091`."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# ------------------------------------------------------------ columns


def item_converters(pa: Any, pc: Any) -> dict[str, Convert]:
    """How each item column is read: numbers as `float64`, booleans as such,
    classification maps and structs as `SCHEME=CODE;...` strings; strings stay
    strings (each distinct one parsed once, its problems those of its rows)."""

    def number(name: str) -> Convert:
        def read(column: pa.ChunkedArray) -> pa.ChunkedArray:
            kind = column.type
            if (
                pa.types.is_integer(kind)
                or pa.types.is_floating(kind)
                or pa.types.is_decimal(kind)
            ):
                return column.cast(pa.float64())
            return _texts(column, name, "numbers", pa)

        return read

    def boolean(column: pa.ChunkedArray) -> pa.ChunkedArray:
        if pa.types.is_boolean(column.type):
            return column
        return _texts(column, "weights_published", "booleans", pa)

    def classifications(column: pa.ChunkedArray) -> pa.ChunkedArray:
        kind = column.type
        if pa.types.is_map(kind):
            return _map_texts(column, pa, pc)
        if pa.types.is_struct(kind):
            return _struct_texts(column, pa, pc)
        return column  # strings or lists of strings, as any list column

    read: dict[str, Convert] = {n: number(n) for n in _NUMBER_COLUMNS}
    read["weights_published"] = boolean
    read["classifications"] = classifications
    return read


def _texts(column: Any, name: str, what: str, pa: Any) -> Any:
    """A column of strings (or of nulls only), else `QueryError`."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column
    if pa.types.is_null(kind):
        return column.cast(pa.string())
    raise QueryError(
        f"column `{name}`: expected {what} (or strings), got {kind}", argument=name
    )


def _is_text(kind: Any, pa: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _map_texts(column: Any, pa: Any, pc: Any) -> Any:
    """A map column of codes by scheme as `SCHEME=CODE;...` strings, vectorised."""
    kind = column.type
    if not (_is_text(kind.key_type, pa) and _is_text(kind.item_type, pa)):
        raise QueryError(
            f"column `classifications`: expected a map of strings to strings, got {kind}",
            argument="classifications",
        )
    chunks = []
    for chunk in column.chunks:
        codes = pc.fill_null(chunk.items.cast(pa.string()), _NULL_CELL)
        pairs = pc.binary_join_element_wise(chunk.keys.cast(pa.string()), codes, "=")
        lists = pa.ListArray.from_arrays(
            chunk.offsets, pairs, mask=chunk.is_null() if chunk.null_count else None
        )
        chunks.append(pc.binary_join(lists, ";"))
    return pa.chunked_array(chunks, type=pa.string())


def _struct_texts(column: Any, pa: Any, pc: Any) -> Any:
    """A struct column, one string field per scheme, as `SCHEME=CODE;...` strings."""
    kind = column.type
    fields = [kind.field(i) for i in range(kind.num_fields)]
    wrong = [
        f for f in fields if not (_is_text(f.type, pa) or pa.types.is_null(f.type))
    ]
    if not fields or wrong:
        raise QueryError(
            "column `classifications`: expected a struct of string fields, one per "
            f"scheme, got {kind}",
            argument="classifications",
        )
    # `NAME=CODE;` or "" per field, joined and trimmed (pyarrow 26's
    # `null_handling="skip"` drops rows whose every field is null)
    parts = [
        pc.fill_null(
            pc.binary_join_element_wise(
                f"{field.name}=",
                pc.struct_field(column, [i]).cast(pa.string()),
                ";",
                "",
            ),
            "",
        )
        for i, field in enumerate(fields)
    ]
    joined = pc.binary_join_element_wise(*parts, "")
    return pc.utf8_rtrim(joined, characters=";")
