"""Reading a log's `at` column: timestamps, or ISO 8601 strings, as microseconds.

Arrow casts a column of strings in its own kernels; Python's
`query_instant` reads each string the way `decide` does. Where Arrow reads a
string at all, it reads it as Python does (the suite compares them shape by
shape): to the microsecond, or to the nanosecond (Go's RFC3339Nano, Java's
`Instant`), which Python cuts to the microsecond, as the floor taken here
does. Arrow refuses some strings Python reads (`20260920T140028Z`) and every
string either refuses (a naive instant, Feb 30). So a column is cast by
Arrow where Arrow can, and only the strings it cannot read are read by
Python, one by one: a few bad rows in a million cost a few slices, not the
whole column, and how a row is read never depends on the other rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._time import FIRST_INSTANT, LAST_INSTANT, query_instant
from .exceptions import NaiveDateTimeError, QueryError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["arrow_instants", "instants"]

SLICE = 4096
"""Rows cast at a time where Arrow cannot cast a whole column."""
STRICT_AT = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}(:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)$"
)
"""The shapes of instant Arrow reads (Arrow reads no other): in a slice Arrow
cannot cast, the strings of this shape are cast without the others."""


def arrow_instants(column: Any, np: Any, pa: Any, pc: Any) -> tuple[Any, Any]:
    """Which strings of a column Arrow reads as instants (`None`: all of them),
    and those instants, as timestamps in UTC (microseconds).

    A slice Arrow cannot cast whole is cast without the strings not of the
    strict shape (`STRICT_AT`); if Arrow still cannot (Feb 30 has the shape),
    each string of the shape is cast alone. Nulls are never read.
    """
    try:  # the usual column: to the microsecond, in one cast
        return None, pc.cast(column, pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:  # a failed cast reads every string: slices from here
        pass
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    keep = np.ones(len(column), dtype=bool)
    pieces = []
    for start in range(0, len(column), SLICE):
        piece = column.slice(start, SLICE)
        cast = _cast(piece, np, pa, pc)
        if cast is not None:
            pieces.append(cast)
            continue
        shaped = pc.fill_null(pc.match_substring_regex(piece, STRICT_AT), False)
        read = shaped.to_numpy(zero_copy_only=False).copy()
        cast = _cast(piece.filter(shaped), np, pa, pc)
        if cast is not None:
            pieces.append(cast)
        else:  # Feb 30, say: each string of the shape alone
            for i in read.nonzero()[0].tolist():
                cast = _cast(piece.slice(i, 1), np, pa, pc)
                if cast is None:
                    read[i] = False
                else:
                    pieces.append(cast)
        keep[start : start + len(piece)] = read
    return keep, pa.chunked_array(pieces, type=pa.timestamp("us", tz="UTC"))


def _cast(strings: Any, np: Any, pa: Any, pc: Any) -> Any:
    """The strings as instants to the microsecond (UTC), read by Arrow to the
    microsecond or else to the nanosecond and floored; `None` if Arrow cannot
    read one of them either way."""
    try:
        return pc.cast(strings, pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:
        pass
    try:  # nanoseconds: 1677-09-21 to 2262-04-11
        nanos = pc.cast(strings, pa.timestamp("ns", tz="UTC")).cast(pa.int64())
    except pa.ArrowInvalid:
        return None
    if isinstance(nanos, pa.ChunkedArray):
        nanos = nanos.combine_chunks()
    valid = nanos.is_valid().to_numpy(zero_copy_only=False)
    micros = nanos.fill_null(0).to_numpy() // 1000  # the floor: digits cut off
    return pa.array(micros, pa.int64(), mask=~valid).cast(pa.timestamp("us", tz="UTC"))


def instants(
    column: pa.ChunkedArray, np: Any, pa: Any, pc: Any
) -> tuple[npt.NDArray[np.int64], dict[int, str]]:
    """The `at` column as microseconds since the epoch, and the rows it cannot give."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        keep, moments = arrow_instants(column, np, pa, pc)
        if keep is None:
            return _timestamps(moments, np, pa)
        found, problems = _timestamps(moments, np, pa)
        where = keep.nonzero()[0]
        micros = np.zeros(len(keep), dtype=np.int64)
        micros[where] = found
        problems = {int(where[i]): text for i, text in problems.items()}
        others = (~keep).nonzero()[0]
        values = column.take(pa.array(others)).to_pylist()
        for i, value in zip(others.tolist(), values, strict=True):
            if value is None:
                problems[i] = "`at`: missing"
                continue
            try:
                micros[i] = query_instant(value, "at")
            except QueryError:
                problems[i] = (
                    f"`at`: expected an ISO 8601 instant with an offset, got `{value}`"
                )
        return micros, problems
    if not pa.types.is_timestamp(kind):
        raise QueryError(
            f"column `at`: expected timestamps with a timezone (or ISO 8601 "
            f"strings with an offset), got {kind}",
            argument="at",
        )
    if kind.tz is None:
        raise NaiveDateTimeError(
            "column `at` holds naive timestamps: give them a timezone (pyarrow: "
            "`pc.assume_timezone`; pandas: `.dt.tz_localize`; polars: "
            "`.dt.replace_time_zone`)",
            argument="at",
        )
    return _timestamps(column, np, pa)


def _timestamps(
    column: Any, np: Any, pa: Any
) -> tuple[npt.NDArray[np.int64], dict[int, str]]:
    """A column of zoned timestamps as microseconds, and the rows it cannot give
    (missing, or out of the range `decide` takes)."""
    kind = column.type
    problems: dict[int, str] = {}
    ints = column.cast(pa.int64())
    raw = (ints.fill_null(0) if ints.null_count else ints).to_numpy()
    scale = {"s": 1_000_000, "ms": 1_000, "us": 1, "ns": -1_000}[kind.unit]
    if scale > 0:  # seconds or milliseconds could overflow once in microseconds
        wild = (raw < FIRST_INSTANT // scale) | (raw > LAST_INSTANT // scale)
        for i in wild.nonzero()[0]:
            problems[int(i)] = (
                "`at`: out of range: instants from 0001-01-02 to 9999-12-30 (UTC) "
                "can be decided"
            )
        raw = np.where(wild, 0, raw)
    if scale != 1:
        raw = raw // -scale if scale < 0 else raw * scale  # ns: floor to the µs
    if column.null_count:
        for i in column.is_null().to_numpy(zero_copy_only=False).nonzero()[0]:
            problems[int(i)] = "`at`: missing"
    return raw.astype(np.int64, copy=False), problems
