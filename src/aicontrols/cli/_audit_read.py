"""Reading an access log in batches of columns, for `aicontrols audit`.

A CSV log is read in blocks of whole lines by `_audit_blocks` (pyarrow parses
the plain ones, in a thread a block ahead); from the first block that is not
plain, and for a log that is not a file (a pipe) or whose header or last line
needs Python to read, by `Log.csv`, the row-by-row reference. A JSON Lines log
is read by `Log` line by line, so its rules on keys, types and duplicates are
Python's own; a Parquet log in record batches. Rows come as tables of cells
(`Part`), with the rows to decide one by one beside them (`Chunk.side`).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import os
from collections.abc import Iterator
from typing import Any

from .._audit_items import item_cell
from .._audit_rows import CellProblem
from .._columns import (
    AUDIT_COLUMNS,
    FACT_COLUMNS,
    ITEM_COLUMNS,
    KEY_COLUMNS,
    LOG_COLUMNS,
)
from .._csv import CsvProblem, records, unfinished
from ._audit_blocks import Chunk, Fallback, Part, blocks, readable
from ._audit_log import Log, Row, describes
from ._common import CliError

__all__ = ["Ahead", "Chunk", "Part", "ahead", "chunks", "readable"]

_ROWS = 100_000
"""Rows per batch read by Python (JSON Lines, or CSV with quotes)."""
_LISTS = (*FACT_COLUMNS, "attestations")


def chunks(log: Log, jsonl: bool, np: Any, pa: Any) -> Iterator[Chunk]:
    """The log's rows in batches, in order (`jsonl`: the decisions are JSON Lines,
    so a part is plain only if no cell needs escaping in JSON either)."""
    if log.path.endswith(".parquet"):
        yield from _parquet(log, np, pa)
    elif log.jsonl or not log.regular:
        yield from _python(log, log.rows(), np, pa)
    else:
        with Ahead(_csv(log, jsonl, np, pa)) as ahead:
            yield from ahead


def ahead(log: Log, jsonl: bool, np: Any, pa: Any) -> Ahead | None:
    """The batches of a CSV file, `chunks`, their reading begun now (in a
    thread); `None` for a log that is not read ahead."""
    if log.path.endswith(".parquet") or log.jsonl or not log.regular:
        return None
    return Ahead(_csv(log, jsonl, np, pa))


_END = object()


class Ahead:
    """The chunks of `items`, read and parsed in a thread of their own up to
    `depth` ahead of the one the caller decides (pyarrow parses without
    holding the GIL). The first is begun at once, so it is read while the
    caller does other work (the regimes load). The reader's error comes in
    its place, after the chunks read before it. `close` (or leaving `with`)
    stops the reader and waits for it."""

    def __init__(self, items: Iterator[Chunk], depth: int = 2) -> None:
        import queue
        import threading

        self._items = items
        self._queue: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._read, name="aicontrols-audit-read", daemon=True
        )
        self._thread.start()

    def _read(self) -> None:
        try:
            for item in self._items:
                self._queue.put((item, None))
                if self._stop.is_set():
                    return
            self._queue.put((_END, None))
        except BaseException as error:  # given to the caller, in its place
            self._queue.put((None, error))

    def __iter__(self) -> Iterator[Chunk]:
        while True:
            item, error = self._queue.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item

    def close(self) -> None:
        """Stop the reader: let it put what it holds, and wait for it."""
        import queue

        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.01)
        close = getattr(self._items, "close", None)
        if close is not None:  # the reader's file
            close()

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parquet(log: Log, np: Any, pa: Any) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(log.path)
        names = parquet.schema_arrow.names
        log.header(names, where=f"{log.path}: ")
        read = [n for n in names if n in AUDIT_COLUMNS]
        line = 1
        for batch in parquet.iter_batches(batch_size=262_144, columns=read):
            table = pa.Table.from_batches([batch])
            lines = np.arange(line, line + table.num_rows, dtype=np.int64)
            line += table.num_rows
            yield Chunk([Part(table, lines, log.describes)])
    except (OSError, pa.ArrowException) as error:
        raise CliError(
            f"cannot read the log `{log.path}` as Parquet: {error}"
        ) from None


def _python(log: Log, rows: Iterator[Row], np: Any, pa: Any) -> Iterator[Chunk]:
    """Rows read by Python, in batches of tables (and rows left to `Rows`).

    Where the log cannot be read on, the rows before are decided first, as row
    by row they are written before the error is given."""
    while True:
        batch: list[Row] = []
        try:
            batch.extend(itertools.islice(rows, _ROWS))
        except Exception:
            if batch:  # `extend` keeps what it took before the error
                yield _chunk(log, batch, np, pa)
            raise
        if not batch:
            return
        yield _chunk(log, batch, np, pa)


def _chunk(log: Log, batch: list[Row], np: Any, pa: Any) -> Chunk:
    chunk = Chunk()
    # per `describes`: each row's line, its cells as read, and as a table holds them
    groups: dict[bool, list[tuple[int, dict[str, Any], dict[str, Any]]]] = {
        True: [],
        False: [],
    }
    for number, row, problem in batch:
        describing = describes(log, row)
        cells = None if row is None else _cells(row)
        if row is None or cells is None:
            chunk.side.append((number, row, problem, describing))
        else:
            groups[describing].append((number, row, cells))
    for describing, group in groups.items():
        if not group:
            continue
        # the key columns always (null where absent): a table without columns
        # has no rows, and rows of `{}` must be decided, not lost
        present = {name for _, row, _ in group for name in row} | {*KEY_COLUMNS, "at"}
        table = pa.table(
            {
                name: pa.array([_cell(c.get(name)) for _, _, c in group], pa.string())
                for name in AUDIT_COLUMNS
                if name in present
            }
        )
        lines = np.array([number for number, _, _ in group], dtype=np.int64)
        rows = [row for _, row, _ in group]
        chunk.parts.append(Part(table, lines, describing, rows))
    return chunk


def _cells(row: dict[str, Any]) -> dict[str, Any] | None:
    """A row's cells as a table of strings holds them, or `None` if some cell
    would not read the same as a column: its item facts as text (a number,
    `true`, a list of classifications), as `Rows` reads them (`item_cell`)."""
    if not _plain(row):
        return None
    if not any(name in row for name in ITEM_COLUMNS):
        return row
    cells = dict(row)
    for name in ITEM_COLUMNS:
        if name in row:
            try:
                cells[name] = item_cell(name, row[name])
            except CellProblem:  # `Rows` says what is wrong with it
                return None
    return cells


def _plain(row: dict[str, Any]) -> bool:
    """Whether a row's cells read the same as columns: strings, or lists of
    strings that `;` can join and split again."""
    for name in LOG_COLUMNS:
        value = row.get(name)
        if value is None or isinstance(value, str):
            continue
        if name not in _LISTS or not isinstance(value, list):
            return False
        for item in value:
            if not isinstance(item, str) or not item or item != item.strip():
                return False
            if ";" in item:
                return False
    return True


def _cell(value: Any) -> str | None:
    return ";".join(value) if isinstance(value, list) else value


def _csv(log: Log, jsonl: bool, np: Any, pa: Any) -> Iterator[Chunk]:
    with open(log.path, "rb") as handle:
        first = handle.readline()
        try:
            header_text = first.decode("utf-8-sig")
        except UnicodeDecodeError:
            header_text = ""
        header = _header(first, header_text)
        if header is None:  # the reference reader says what is wrong, if anything
            yield from _python(log, log.rows(), np, pa)
            return
        log.header(header)
        if not log.whole and not _tail(log, handle, len(header), len(first)):
            yield from _python(log, log.rows(), np, pa)
            return
        handle.seek(len(first))
        for chunk in blocks(log, handle, header, jsonl, np, pa):
            if isinstance(chunk, Fallback):
                rest = _rest(log, header_text, chunk.offset, chunk.line)
                yield from _python(log, rest, np, pa)
                return
            yield chunk


def _header(first: bytes, text: str) -> list[str] | None:
    """The header, if its line is plain and whole (quoted names are read: a
    header written by pyarrow quotes them); else `None`."""
    if not first.strip() or not text or b"\0" in first:
        return None
    if not first.endswith(b"\n"):
        return None
    if b"\r" in (first[:-2] if first.endswith(b"\r\n") else first[:-1]):
        return None  # `\r\r\n` ends a line and leaves a blank one, for Python
    try:
        found = list(records([text]))
    except CsvProblem:
        return None
    return found[0][1] if len(found) == 1 else None


def _tail(log: Log, handle: io.BufferedReader, width: int, start: int) -> bool:
    """For a log without a final line break: refuse it if its last row is cut
    short, as `Log.rows` would (see `unfinished`). False if Python must read
    the log to tell: its last line is very long, or the log has a quote (a
    value may span lines) or bytes that are not UTF-8 (`Log.rows` stops
    there first)."""
    size = os.fstat(handle.fileno()).st_size
    if size <= start:
        return True  # the header alone
    window = min(size - start, 1 << 20)
    handle.seek(size - window)
    tail = handle.read(window)
    cut = max(tail.rfind(b"\n"), tail.rfind(b"\r"))
    if cut < 0 and window < size - start:
        return False
    last = tail[cut + 1 :]
    if b'"' in last:
        return False
    try:
        text = last.decode("utf-8")
    except UnicodeDecodeError:
        return False
    handle.seek(0)
    breaks = 0
    carry = b""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    while block := handle.read(1 << 24):
        if b'"' in block:
            return False
        try:
            utf8.decode(block)
        except UnicodeDecodeError:
            return False
        block = carry + block
        carry = block[-1:] if block.endswith(b"\r") else b""
        body = block[: len(block) - len(carry)]
        breaks += body.count(b"\n") + body.count(b"\r") - body.count(b"\r\n")
    breaks += len(carry)
    problem = unfinished(breaks + 1, text.split(","), width, text)
    if problem is not None:
        raise log.truncated(problem.line, problem.message)
    return True


def _rest(log: Log, header_text: str, offset: int, line: int) -> Iterator[Row]:
    """The rows from byte `offset` on (line `line`), read by `Log.csv`."""
    try:
        handle = open(log.path, "rb")  # noqa: SIM115
    except OSError as error:
        raise log.unreadable(error) from None
    with handle:
        handle.seek(offset)
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        try:
            yield from log.csv(itertools.chain([header_text], text), first=line - 1)
        except UnicodeDecodeError:
            raise log.not_utf8() from None
