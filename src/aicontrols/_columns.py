"""Reading an access log's columns: Arrow tables, polars and pandas frames.

The key columns are dictionary-encoded (a categorical column keeps its codes)
and every row gets the number of its distinct access, all without a Python
call per row (the `at` column is read by `_instants`).

`LOG_COLUMNS` are the columns every audit reads (the command line's too);
`ITEM_COLUMNS`, the facts of an item outside the catalog, are read by the
columnar audit (`AUDIT_COLUMNS` is both).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._items import PARAMETERS
from .exceptions import QueryError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = [
    "AUDIT_COLUMNS",
    "FACT_COLUMNS",
    "ITEM_COLUMNS",
    "KEY_COLUMNS",
    "LOG_COLUMNS",
    "OPTIONAL_COLUMNS",
    "Columns",
    "Convert",
    "column_problems",
    "distinct",
    "extra_names",
    "modules",
    "shown",
    "suggestion",
    "to_arrow",
]

KEY_COLUMNS = ("recipient", "item", "mode")
"""Required columns besides `at`: ids of the recipient and item, the mode's name."""
FACT_COLUMNS = ("citizenships", "residencies", "employers")
"""Optional columns that describe an individual not in the catalog."""
OPTIONAL_COLUMNS = ("location", "origin", *FACT_COLUMNS, "kind", "attestations")
LOG_COLUMNS = (
    "recipient", "kind", *FACT_COLUMNS, "item", "mode", "location", "origin", "at",
    "attestations",
)  # fmt: skip
"""Every column an access log may have, in the order the docs list them."""
ITEM_COLUMNS = (
    "developer",
    "classifications",
    "training_operations",
    "weights_published",
    *(name for name in PARAMETERS if name != "training_operations"),
)
"""Optional columns that describe an item not in the catalog: its facts, one
column each (a column per technical parameter of `ControlledItem.PARAMETERS`)."""
AUDIT_COLUMNS = (*LOG_COLUMNS, *ITEM_COLUMNS)
"""Every column `aicontrols.audit` reads."""


def shown(name: str) -> str:
    """A name as a message quotes it: as given, or its `repr` if spaces hide in it.

    Examples:
        >>> shown("employer"), shown(" employers")
        ('employer', "' employers'")
    """
    plain = name.isprintable() and name == name.strip() and "`" not in name
    return name if plain else repr(name)


def suggestion(name: str, known: Sequence[str]) -> str:
    """` (did you mean `x`?)` for a name close to a known one, else nothing.

    Case, surrounding spaces and `-` for `_` are ignored first; then the
    closest known name, if close enough (`employer` for `employers`).

    Examples:
        >>> suggestion(" Employers", ["employers", "item"])
        ' (did you mean `employers`?)'
        >>> suggestion("request_id", ["employers", "item"])
        ''
    """
    folded = "_".join(name.replace("-", "_").split()).casefold()
    if folded in known:
        return f" (did you mean `{folded}`?)"
    close = difflib.get_close_matches(folded, known, n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""


def column_problems(
    names: Sequence[str], known: Sequence[str], *, word: str = "column"
) -> list[tuple[str, str]]:
    """`(name, message)` for each duplicate and each unknown name, in order.

    One check per column, never per row.
    """
    counts = Counter(names)
    problems: list[tuple[str, str]] = []
    reported: set[str] = set()
    for name in names:
        if name in reported:
            continue
        if counts[name] > 1:
            problems.append((name, f"duplicate {word} `{shown(name)}`"))
        elif name not in known:
            message = f"unknown {word} `{shown(name)}`{suggestion(name, known)}"
            problems.append((name, message))
        reported.add(name)
    return problems


def extra_names(
    value: Iterable[str] | None, argument: str, reads: Sequence[str] = LOG_COLUMNS
) -> frozenset[str]:
    """The names of the columns a caller says the audit does not read (`reads`:
    the columns it reads)."""
    if value is None:
        return frozenset()
    try:
        given = value if isinstance(value, str) else tuple(value)
    except TypeError:  # not iterable
        given = str(value)
    if isinstance(given, str) or not all(isinstance(v, str) for v in given):
        raise QueryError(
            f"`{argument}`: expected a list of column names, got `{value!r}`",
            argument=argument,
            value=value,
        )
    names = frozenset(given)
    read = sorted(names & {*reads})
    if read:
        raise QueryError(
            f"`{argument}`: the audit reads the column `{read[0]}`",
            argument=argument,
            value=read[0],
        )
    return names


def modules() -> tuple[Any, Any, Any]:
    try:
        import numpy
        import pyarrow
        import pyarrow.compute
    except ImportError:  # pragma: no cover - the extra is installed in the suite
        raise ImportError(
            "aicontrols.audit needs pyarrow and numpy: "
            "pip install 'aicontrols[columnar]'"
        ) from None
    return numpy, pyarrow, pyarrow.compute


def to_arrow(table: object, pa: Any) -> tuple[pa.Table, Callable[[pa.Table], Any]]:
    """The log as an Arrow table, and how to give the result back in its own kind."""
    if isinstance(table, pa.Table):
        return table, lambda out: out
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches(
            [table]
        ), lambda out: out.combine_chunks().to_batches()[0]
    module = type(table).__module__.split(".")[0]
    kind = type(table).__name__
    if module == "polars" and kind == "LazyFrame":
        # collecting runs the whole query plan: the caller chooses how and when
        raise QueryError(
            "expected the log as a DataFrame, got a polars `LazyFrame`: "
            "`.collect()` it first",
            argument="table",
        )
    if module == "polars" and kind == "DataFrame":
        import polars

        return table.to_arrow(), polars.from_arrow  # type: ignore[attr-defined]
    if module == "pandas" and kind == "DataFrame":
        index = table.index  # type: ignore[attr-defined]
        read = [n for n in index.names if n is not None and str(n) in AUDIT_COLUMNS]
        if read:  # the index is kept aside, unread: its facts would be lost
            raise QueryError(
                f"the log's index `{read[0]}` is a column the audit reads: "
                "`.reset_index()` first",
                argument=str(read[0]),
            )
        names = [str(c) for c in table.columns]  # type: ignore[attr-defined]
        twice = [n for n, count in Counter(names).items() if count > 1]
        if twice:  # pyarrow would raise a bare ValueError
            raise QueryError(f"duplicate column `{shown(twice[0])}`", argument=twice[0])

        def back(out: pa.Table) -> Any:
            frame = out.to_pandas()
            frame.index = index
            return frame

        try:
            arrow = pa.Table.from_pandas(table, preserve_index=False)
        except (pa.ArrowTypeError, pa.ArrowInvalid) as error:
            raise QueryError(
                "the log cannot be read as columns: "
                + "; ".join(str(part) for part in error.args),
                argument="table",
            ) from None
        return arrow, back
    raise QueryError(
        "expected the log as a pyarrow Table or RecordBatch, or a polars or "
        f"pandas DataFrame, got `{type(table).__name__}`",
        argument="table",
    )


Convert = Callable[["pa.ChunkedArray"], "pa.ChunkedArray"]
"""A column's own reading, before it is encoded: it gives strings, lists of
strings, numbers (`float64`) or booleans, or raises `QueryError`."""


class Columns:
    """The key columns, dictionary-encoded: per column, codes and values.

    The columns of `convert` are first converted by their function; a column
    it turns into numbers or booleans is encoded as such.
    """

    def __init__(
        self,
        table: pa.Table,
        np: Any,
        pa: Any,
        pc: Any,
        convert: Mapping[str, Convert] | None = None,
    ) -> None:
        self.names: list[str] = []
        self.codes: list[npt.NDArray[np.signedinteger[Any]]] = []
        self.values: list[list[Any]] = []
        for name in (*KEY_COLUMNS, *OPTIONAL_COLUMNS, *ITEM_COLUMNS):
            if name not in table.column_names:
                continue
            column = table.column(name)
            kind = column.type
            if pa.types.is_dictionary(kind) and column.num_chunks:
                if _is_string(pa, kind.value_type):  # keep the codes
                    self._add(name, column, np, pa)
                    continue
                column = column.cast(kind.value_type)
                kind = column.type
            if convert is not None and name in convert:
                column = convert[name](column)
                kind = column.type
                if pa.types.is_floating(kind) or pa.types.is_boolean(kind):
                    self._add(name, pc.dictionary_encode(column), np, pa)
                    continue
            if pa.types.is_list(kind) or pa.types.is_large_list(kind):
                if not pa.types.is_string(
                    kind.value_type
                ) and not pa.types.is_large_string(kind.value_type):
                    raise QueryError(
                        f"column `{name}`: expected strings or lists of strings, "
                        f"got {kind}",
                        argument=name,
                    )
                column = pc.binary_join(_nulls_shown(column, pa, pc), ";")
            elif not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
                if pa.types.is_null(kind):
                    column = column.cast(pa.string())
                else:
                    raise QueryError(
                        f"column `{name}`: expected strings, got {kind}",
                        argument=name,
                    )
            self._add(name, pc.dictionary_encode(column), np, pa)

    def _add(self, name: str, encoded: pa.ChunkedArray, np: Any, pa: Any) -> None:
        """Add a dictionary-encoded column."""
        encoded = encoded.unify_dictionaries()  # one dictionary for every chunk
        indices = pa.chunked_array(
            [chunk.indices for chunk in encoded.chunks], encoded.type.index_type
        ).combine_chunks()
        dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else []
        self.names.append(name)
        # +1: code 0 is null. Signed codes (Arrow's) take -1 for a null, so
        # that one shift gives it 0; unsigned codes (from polars) have no -1:
        # theirs are zeroed after the shift. A column without nulls is read
        # without a copy, and shifted once, into a new int32 array (a million
        # rows' codes are then 4 MB: fresh memory is paid for page by page).
        nulls = indices.null_count
        signed = pa.types.is_signed_integer(indices.type)
        raw = (indices.fill_null(-1 if signed else 0) if nulls else indices).to_numpy()
        wide = len(dictionary) >= 2**31 - 1
        codes = np.add(raw, 1, dtype=np.int64 if wide else np.int32)
        if nulls and not signed:
            codes[indices.is_null().to_numpy(zero_copy_only=False)] = 0
        self.codes.append(codes)
        self.values.append([None, *(v.as_py() for v in dictionary)])

    def shapes(self, np: Any, pc: Any, pa: Any, rows: int) -> tuple[Any, Any]:
        """Per row, the number of its shape; per shape, the first row that has it."""
        return distinct(
            self.codes, [len(values) for values in self.values], rows, np, pa, pc
        )

    def rows(self, rows: Any) -> list[tuple[Any, ...]]:
        """The key cells of each of `rows`, in the order of `names`: gathered
        column by column, not cell by cell."""
        columns = [
            [values[c] for c in codes[rows].tolist()]
            for codes, values in zip(self.codes, self.values, strict=True)
        ]
        return list(zip(*columns, strict=True)) if columns else [() for _ in rows]


def distinct(
    codes: Sequence[Any], sizes: Sequence[int], rows: int, np: Any, pa: Any, pc: Any
) -> tuple[Any, Any]:
    """Number the distinct combinations of codes (`codes[i]` below `sizes[i]`):
    per row, the number of its combination; per combination, its first row.
    Vectorised: no Python call per row."""
    key = np.zeros(rows, dtype=np.int64)
    cardinality = 1
    for column, size in zip(codes, sizes, strict=True):
        if cardinality * size >= 2**62:  # renumber before the key overflows
            encoded = pc.dictionary_encode(pa.array(key))
            key = encoded.indices.to_numpy().astype(np.int64)
            cardinality = len(encoded.dictionary)
        np.multiply(key, size, out=key)  # in place: no array per column
        np.add(key, column, out=key)
        cardinality *= size
    encoded = pc.dictionary_encode(pa.array(key))
    ids = encoded.indices.to_numpy()
    # numbered in order of first appearance: a combination's first row is where
    # the running maximum of the numbers grows (`np.minimum.at` is slower)
    running = np.maximum.accumulate(ids)
    grows = np.empty(rows, dtype=bool)
    if rows:
        grows[0] = True
        np.greater(running[1:], running[:-1], out=grows[1:])
    first = np.flatnonzero(grows).astype(np.int64)
    if len(first) != len(encoded.dictionary) or not np.array_equal(
        ids[first], np.arange(len(first))
    ):  # pragma: no cover - Arrow numbers a hash encoding by first appearance
        first = np.full(len(encoded.dictionary), rows, dtype=np.int64)
        np.minimum.at(first, ids, np.arange(rows, dtype=np.int64))
    return ids, first


_NULL_CELL = "<null>"
"""What a null inside a list cell reads as: a value every fact check refuses."""


def _nulls_shown(column: pa.ChunkedArray, pa: Any, pc: Any) -> pa.ChunkedArray:
    """A list-of-strings column, as `list<string>`, with each null inside a list
    replaced by `<null>`: joined, a null would silently empty the whole cell."""
    column = column.cast(pa.list_(pa.string()))  # polars gives large lists
    chunks = [
        pa.ListArray.from_arrays(
            chunk.offsets,
            pc.fill_null(chunk.values, _NULL_CELL),
            mask=chunk.is_null() if chunk.null_count else None,
        )
        for chunk in column.chunks
    ]
    return pa.chunked_array(chunks, type=pa.list_(pa.string()))


def _is_string(pa: Any, kind: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))
