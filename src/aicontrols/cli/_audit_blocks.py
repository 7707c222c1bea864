"""A CSV access log in blocks of whole lines, parsed by pyarrow, for `aicontrols audit`.

While a block's lines are plain (no quote, no NUL, no carriage return but
before a line feed, none longer than Python's `csv` field limit), each line is
one row: a block whose commas show a row of the wrong width is parsed with
those rows skipped, and each is placed by its text and set aside with its
problem; the others are parsed as strings, numbered across blocks. From the
first block that is not plain, Python's reader (the row-by-row reference)
reads the rest (`Fallback`). Each block is also prepared as the columnar audit
reads it fastest (key columns dictionary-encoded, instants parsed), in the
reader's thread.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .._columns import AUDIT_COLUMNS
from .._instants import arrow_instants
from ._audit_log import Log, width_problem

__all__ = ["Chunk", "Fallback", "Part", "blocks", "readable"]

_FIELD_LIMIT = 131_072
"""Python's `csv` refuses a longer field (`csv.field_size_limit()`)."""


@dataclass
class Part:
    """Rows as a table of their cells, with their line numbers."""

    table: Any
    lines: Any
    describes: bool
    dicts: list[dict[str, Any]] | None = None  # the rows as read, if read by Python
    plain: bool = False  # no cell holds a comma, quote, line break, \, control
    decided: Any = None  # the table as the audit reads it, if prepared already
    keep: Any = None  # if prepared: the rows whose instant Arrow reads (None: all)
    kept: Any = None  # if prepared and some are not: the table of those rows


@dataclass
class Chunk:
    """A batch of rows: tables, and rows for `Rows` (line, cells, problem, describes)."""

    parts: list[Part] = field(default_factory=list)
    side: list[tuple[int, dict[str, Any] | None, str, bool]] = field(
        default_factory=list
    )


@dataclass
class Fallback:
    """Where the blocks stop being plain: Python's reader goes on from `offset`
    (a byte), which is line `line`."""

    offset: int
    line: int


def blocks(log: Log, handle: io.BufferedReader, header: list[str], jsonl: bool,
           np: Any, pa: Any) -> Iterator[Chunk | Fallback]:  # fmt: skip
    """The rows after the header (the handle is just past it), block by block;
    at the first block that is not plain, where Python's reader must go on."""
    import pyarrow.csv as pcsv

    offset = handle.tell()
    whole = os.fstat(handle.fileno()).st_size
    size = max(1 << 20, min(32 << 20, whole // 4))
    first = max(1 << 20, min(size, whole // 32))  # decided while the next is read
    read = [n for n in header if n in AUDIT_COLUMNS]
    options = (
        # one thread: the reader parses a block while the deciding thread
        # decides the one before, and the writer writes the one before that;
        # pyarrow's own threads would take the cores they run on (on two
        # cores, a million rows took 5% longer with them)
        pcsv.ReadOptions(column_names=header, use_threads=False, block_size=1 << 24),
        pcsv.ParseOptions(quote_char=False, newlines_in_values=False),
        # every column (for `_longest`: Python's limit holds for all); the key
        # and item columns dictionary-encoded as they are parsed, which costs no
        # more (an item's facts are then read once per distinct item)
        pcsv.ConvertOptions(
            column_types={
                name: pa.dictionary(pa.int32(), pa.string())
                if name in AUDIT_COLUMNS and name != "at"
                else pa.string()
                for name in header
            },
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
        read,
    )
    line, pending = 2, b""
    while True:
        # the first block small, decided while the next is read; the last
        # ones smaller and smaller, so that little is left to decide and
        # write once the reading ends
        left = whole - handle.tell()
        step = first if line == 2 else min(size, max(first, left // 2))
        # read into the block's own buffer, cut in place: a block of tens
        # of megabytes is not copied again
        data = bytearray(len(pending) + step)
        data[: len(pending)] = pending
        got = handle.readinto(memoryview(data)[len(pending) :])
        del data[len(pending) + got :]
        if not data:
            return
        if got == step:
            cut = data.rfind(b"\n") + 1
            if not cut:  # a line longer than a block: read on
                pending = bytes(data)
                continue
            pending = bytes(data[cut:])
            del data[cut:]
        else:
            pending = b""
        breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        chunk = _block(data, (line, breaks), len(header), log, options, jsonl, np, pa)
        if chunk is None:  # not plain: Python's reader from here on
            yield Fallback(offset, line)
            return
        yield chunk
        line += len(breaks)
        offset += len(data)


def _block(data: bytes | bytearray, where: tuple[int, Any], width: int, log: Log,
           options: tuple[Any, ...], jsonl: bool, np: Any, pa: Any) -> Chunk | None:  # fmt: skip
    """The rows of a block of whole lines (`where`: the first line's number and
    where the line feeds are), or `None` if the block is not plain."""
    if b'"' in data or b"\0" in data:
        return None
    crlf = b"\r" in data
    if crlf and data.count(b"\r") != data.count(b"\r\n"):
        return None
    line, breaks = where
    lines = len(breaks) + (not data.endswith(b"\n"))
    chunk = Chunk()
    table = None
    blank = _blank_lines(data, breaks, crlf, np)
    if not blank and data.count(b",") == (width - 1) * lines:  # a row a line
        table = _parsed(data, options, pa)
        numbers = line + np.arange(lines, dtype=np.int64)
    if table is None and (blank or not data.isascii()):
        # pyarrow never reads a line it skips (and its row handler cannot be
        # given one that is not UTF-8): Python's reader says where
        cells = _line_cells(data, breaks, np)
        if not _utf8(data, breaks, np.flatnonzero(cells != width)):
            return None
    if table is None and not blank:  # rows to set aside, say
        found = _set_aside(data, line, lines, width, log, options, np, pa)
        if found is not None:
            table, numbers, chunk.side = found
    if table is None:  # a blank line, or a row set aside that pyarrow did not
        good, chunk.side, data = _rows_of(data, line, width, log, np)
        table = _parsed(data, options, pa)
        numbers = line + np.flatnonzero(good).astype(np.int64)
    if table is None or table.num_rows != len(numbers):
        return None  # not UTF-8, say: `Log.csv` says where
    if _longest(table) >= _FIELD_LIMIT:
        return None
    plain = not jsonl or _json_plain(data, np)
    part = _prepared(table.select(options[3]), pa)
    part.lines, part.describes, part.plain = numbers, log.describes, plain
    chunk.parts.append(part)
    return chunk


def _utf8(data: bytes | bytearray, breaks: Any, index: Any) -> bool:
    """Whether lines `index` of a block (`breaks`: where its line feeds are)
    are UTF-8 text."""
    for i in index.tolist():
        start = int(breaks[i - 1]) + 1 if i else 0
        end = int(breaks[i]) if i < len(breaks) else len(data)
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _prepared(table: Any, pa: Any) -> Part:
    """A block's table of plain string cells, also as the columnar audit reads
    it fastest: key columns dictionary-encoded, `at` as timestamps (the rows
    Arrow reads the instant of; `Part.keep` says which). The reader does this in
    its own thread: these kernels run without the GIL."""
    import pyarrow.compute as pc

    keep, moments = readable(table, pa, pc)
    if moments is None:
        return Part(table, None, False, keep=keep)
    mask = None if keep is None else pa.array(keep)
    kept = None if mask is None else table.filter(mask)  # codes, not strings
    found = table if kept is None else kept
    decided = found.set_column(found.column_names.index("at"), "at", moments)
    return Part(table, None, False, keep=keep, kept=kept, decided=decided)


def readable(table: Any, pa: Any, pc: Any) -> tuple[Any, Any]:
    """Which rows' instants Arrow reads (`None`: every row), and those instants
    as timestamps (`None`: the log holds timestamps, read as they are). The
    others go to `Rows`, which words their problem as deciding row by row does
    (see `arrow_instants`)."""
    import numpy as np

    at = table.column("at")
    if not (pa.types.is_string(at.type) or pa.types.is_large_string(at.type)):
        return None, None
    return arrow_instants(at, np, pa, pc)


def _parsed(data: bytes | bytearray, options: tuple[Any, ...], pa: Any) -> Any:
    """The block parsed by pyarrow, or `None` if it cannot be."""
    import pyarrow.csv as pcsv

    try:
        return pcsv.read_csv(
            pa.py_buffer(data),
            read_options=options[0],
            parse_options=options[1],
            convert_options=options[2],
        )
    except pa.ArrowInvalid:
        return None


def _json_plain(data: bytes | bytearray, np: Any) -> bool:
    """Whether no cell of a plain block holds a byte that JSON escapes: a
    backslash, or a control character other than the line breaks."""
    if b"\\" in data:
        return False
    controls = int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) < 32))
    return controls == data.count(b"\n") + data.count(b"\r")


def _set_aside(data: bytes | bytearray, line: int, lines: int, width: int, log: Log,
               options: tuple[Any, ...], np: Any, pa: Any) -> Any:  # fmt: skip
    """A block of `lines` lines without blank lines (`line`: the first line's
    number) whose rows of the wrong width are UTF-8 text, parsed by pyarrow,
    which skips those rows and says which line each is: the table of the
    others, their line numbers, and the rows set aside with their problem;
    `None` if pyarrow cannot say (then `_rows_of` looks at every line). One
    parse, whatever the number of such rows."""
    import pyarrow.csv as pcsv

    skipped: list[tuple[int | None, int]] = []

    def skip(row: Any) -> str:
        skipped.append((row.number, row.actual_columns))
        return "skip"

    parse = pcsv.ParseOptions(
        quote_char=False, newlines_in_values=False, invalid_row_handler=skip
    )
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=options[0],
            parse_options=parse,
            convert_options=options[2],
        )
    except pa.ArrowInvalid:
        return None
    index = [n - 1 for n, _ in skipped if n is not None]  # pyarrow counts from 1
    if (
        len(index) != len(skipped)
        or table.num_rows + len(index) != lines
        or index != sorted(set(index))
        or (index and not 0 <= index[0] <= index[-1] < lines)
    ):
        return None
    at = np.array(index, dtype=np.int64)
    numbers = line + np.delete(np.arange(lines, dtype=np.int64), at)
    side = [
        (line + i, None, width_problem(cells, width), log.describes)
        for i, (_, cells) in zip(index, skipped, strict=True)
    ]
    return table, numbers, side


def _line_cells(data: bytes | bytearray, breaks: Any, np: Any) -> Any:
    """The cells of each line of a block without quotes (its commas, plus one;
    `breaks`: where the line feeds are), counted in one pass whatever the
    number of rows of the wrong width."""
    ends = breaks if data.endswith(b"\n") else np.append(breaks, len(data))
    commas = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 44)
    before = np.searchsorted(commas, ends)  # commas before each line's end
    return np.diff(before, prepend=0) + 1


def _blank_lines(data: bytes | bytearray, breaks: Any, crlf: bool, np: Any) -> bool:
    """Whether a block has an empty line (Python's reader and pyarrow skip it):
    one at the start, or two line feeds with nothing, or a carriage return,
    between them (`breaks`: where the line feeds are)."""
    if data.startswith((b"\n", b"\r\n")):
        return True
    gaps = np.diff(breaks)
    if bool((gaps == 1).any()):
        return True
    if not crlf:
        return False
    data_of = np.frombuffer(data, dtype=np.uint8)
    return bool(((gaps == 2) & (data_of[breaks[1:] - 1] == 13)).any())


def _rows_of(data: bytes | bytearray, line: int, width: int, log: Log,
             np: Any) -> tuple[Any, list[Any], bytes | bytearray]:  # fmt: skip
    """Which lines of a block are rows, the rows with too few or too many cells
    (set aside, with their problem), and the block without them."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(buffer == 10)
    ends = breaks if data.endswith(b"\n") else np.append(breaks, len(data))
    starts = np.concatenate(([0], breaks + 1))[: len(ends)]
    lengths = ends - starts
    cells = _line_cells(data, breaks, np)
    first = buffer[np.minimum(starts, max(len(data) - 1, 0))]
    blank = (lengths == 0) | ((lengths == 1) & (first == 13))
    bad = ~blank & (cells != width)
    numbers = line + np.arange(len(ends), dtype=np.int64)
    side = [
        (n, None, width_problem(c, width), log.describes)
        for n, c in zip(numbers[bad].tolist(), cells[bad].tolist(), strict=True)
    ]
    if bad.any():
        keep = np.repeat(~bad, np.diff(np.append(starts, len(data))))
        data = buffer[keep].tobytes()
    return ~blank & ~bad, side, data


def _longest(table: Any) -> int:
    """The longest cell of a table of strings (some dictionary-encoded), in bytes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths = []
    for column in table.columns:
        if pa.types.is_dictionary(column.type):
            values = [chunk.dictionary for chunk in column.chunks]
        else:
            values = column.chunks
        lengths += [pc.max(pc.binary_length(v)).as_py() for v in values if len(v)]
    return max((n for n in lengths if n is not None), default=0)
