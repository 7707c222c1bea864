"""`aicontrols audit` on the columnar engine: read a log in batches, decide them as columns.

Each batch of rows is decided by `aicontrols.audit` (its pieces, for the
restrictions and caveats); its decisions are formatted as CSV or JSON Lines
with vectorised string kernels, so no Python call is made per row. A row the
columnar audit cannot decide is decided again by `Rows`, the row-by-row
reference, so that its located error is worded exactly as without pyarrow.

How a log is read (`_audit_read`): a CSV log in blocks of whole lines, parsed
by pyarrow, while its lines are plain (no quotes, no NUL, no lone carriage
return); from the first block that is not, row by row by Python's reader,
the rows then decided in batches all the same. A JSON Lines log is parsed by
Python, line by line (its rules on keys, types and duplicates are Python's
own), and decided in batches. A Parquet log is read in record batches.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import aicontrols

from .._audit import ITEM_COLUMNS, audit_parts
from .._audit_items import item_converters
from .._audit_pieces import Pieces
from .._columns import modules
from ._audit_log import CELLS, Log, Rows, formatted
from ._audit_read import Ahead, Chunk, Part, ahead, chunks, readable
from ._common import CliError

__all__ = ["Decided", "batches", "begin"]


@dataclass
class Decided:
    """A batch decided: its rows, located problems and counts, and its output
    (`output()`, the decisions as UTF-8, one line each: formatting is done in
    Arrow's kernels, so the caller may run it in a thread while it decides the
    next batch)."""

    rows: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    output: Callable[[], bytes | memoryview] = lambda: b""


def batches(
    log: Log, rows: Rows, jsonl: bool, read: Iterable[Chunk] | None = None
) -> Iterator[Decided]:
    """Every row of the log decided, in batches, in the order of the log
    (`read`: its chunks, if their reading has begun: `begin`)."""
    np, pa, pc = modules()
    decider = _Decider(log, rows, jsonl, np, pa, pc)
    for chunk in chunks(log, jsonl, np, pa) if read is None else read:
        yield decider.decide(chunk)


def begin(log: Log, jsonl: bool) -> Ahead | None:
    """The reading of a CSV log's batches, begun now in a thread (so that it
    overlaps the regimes' loading); `None` for a log read otherwise. The
    caller closes it."""
    np, pa, _ = modules()
    return ahead(log, jsonl, np, pa)


_Other = tuple[int, "dict[str, Any] | None", str, bool, "str | None"]
"""A row for `Rows`: its line, cells and problem, whether it describes its
recipient, and its `at` as written when the log holds a timestamp."""


class _Decider:
    def __init__(self, log: Log, rows: Rows, jsonl: bool, np: Any, pa: Any, pc: Any) -> None:  # fmt: skip
        self.log = log
        self.rows = rows
        self.jsonl = jsonl
        self.np, self.pa, self.pc = np, pa, pc
        self.instant = pa.timestamp("us", tz="UTC")
        self.details: dict[int, tuple[Any, str, str]] = {}  # by assessment

    def decide(self, chunk: Chunk) -> Decided:
        np, pa = self.np, self.pa
        numbers: list[Any] = []
        texts: list[Any] = []  # per part, its columns and whether plain; or lines
        others: list[_Other] = [(*row, None) for row in chunk.side]
        done = Decided()
        for part in chunk.parts:
            if part.table.num_rows:
                self._part(part, numbers, texts, others, done.counts)
        lines: list[str] = []
        others.sort(key=lambda other: other[0])  # set aside, then unreadable by Arrow
        for number, row, problem, describing, shown in others:
            record, message = self.rows.record(number, row, problem, describing)
            if shown is not None:  # a Parquet timestamp, as `_cell` writes it
                record["at"] = shown
            if message:
                done.problems.append((number, message))
            done.counts[record["verdict"]] += 1
            lines.append(formatted(record, self.rows.columns, self.jsonl))
        if lines:
            numbers.append(np.array([o[0] for o in others], dtype=np.int64))
            texts.append(pa.array(lines, pa.string()))
        done.problems.sort()
        done.rows = sum(len(n) for n in numbers)
        if texts:
            done.output = functools.partial(self._output, numbers, texts)
        return done

    def _output(self, numbers: list[Any], texts: list[Any]) -> bytes | memoryview:
        """The batch's decisions in the log's order, as UTF-8."""
        np, pa = self.np, self.pa
        lines = [
            self._lines(*text) if isinstance(text, tuple) else text for text in texts
        ]
        joined = pa.concat_arrays(lines)
        if len(lines) > 1:
            order = np.argsort(np.concatenate(numbers), kind="stable")
            joined = joined.take(pa.array(order))
        return _concatenated(joined, np)

    def _part(self, part: Part, numbers: list[Any], texts: list[Any],
              others: list[_Other], counts: Counter[str]) -> None:  # fmt: skip
        """Decide a table of rows; the rows it cannot decide go to `others`."""
        np, pa, pc = self.np, self.pa, self.pc
        table, lines, dicts = part.table, part.lines, part.dicts
        keep, decided = part.keep, part.decided
        if decided is None and keep is None:  # not prepared by the reader
            keep, moments = readable(table, pa, pc)
            if moments is not None:
                kept = table if keep is None else table.filter(pa.array(keep))
                decided = kept.set_column(kept.column_names.index("at"), "at", moments)
        if keep is not None:  # rows whose instant Arrow cannot read go to `Rows`
            self._aside(table, lines, dicts, ~keep, part.describes, others)
            kept = part.kept if part.kept is not None else table.filter(pa.array(keep))
            table, lines = kept, lines[keep]
            if dicts is not None:
                dicts = [d for d, k in zip(dicts, keep, strict=True) if k]
        if decided is None:  # a log of timestamps: the audit reads them as they are
            decided = table
        if not table.num_rows:
            return
        regimes = self.rows.regimes
        try:
            result, parts = audit_parts(
                regimes[0] if len(regimes) == 1 else list(regimes),
                decided,
                as_known_on=self.rows.as_known_on,
                errors="mark",
                outcomes=True,
            )
        except aicontrols.QueryError as error:  # a Parquet column of the wrong type
            raise CliError(f"{self.log.path}: {error}") from None
        verdict = result.column("verdict").cast(pa.string())
        failed = pc.equal(verdict, "unreadable").to_numpy(zero_copy_only=False)
        failed = np.asarray(failed, dtype=bool)
        if failed.any():
            self._aside(table, lines, dicts, failed, part.describes, others)
            good: Any = ~failed
        else:
            good = slice(None)  # every row: nothing to filter out
        columns = [pa.array(lines[good]).cast(pa.string())]
        for name in CELLS:
            columns.append(self._cell(table, name, good))
        mask = None if isinstance(good, slice) else pa.array(good)

        def chosen(column: Any) -> Any:
            return column if mask is None else column.filter(mask)

        for found in pc.value_counts(chosen(verdict)).to_pylist():
            counts[found["values"]] += found["counts"]
        if len(regimes) == 1:
            restrictions, caveats = self._details(
                parts[0].outcome_of_row[good], parts[0]
            )
            columns += [chosen(verdict), restrictions, caveats]
        else:
            for regime in regimes:
                for name in ("verdict", "reason"):
                    column = result.column(f"{name}_{regime.id}").cast(pa.string())
                    columns.append(chosen(column))
            columns += [
                chosen(verdict),
                chosen(result.column("reason").cast(pa.string())),
            ]
        numbers.append(lines[good])
        texts.append((columns, part.plain))

    def _aside(self, table: Any, lines: Any, dicts: list[dict[str, Any]] | None,
               mask: Any, describing: bool,
               others: list[_Other]) -> None:  # fmt: skip
        """Send the rows under `mask` to `Rows`, with their cells as read (a
        Parquet log's item facts as the columnar audit read them)."""
        where = self.np.flatnonzero(mask)
        found = (
            [dicts[i] for i in where]
            if dicts is not None
            else self._facts(table.take(self.pa.array(where))).to_pylist()
        )
        at = table.column("at")
        shown: list[Any] = [None] * len(where)
        if not _is_string(at.type, self.pa):
            shown = at.take(self.pa.array(where)).cast(self.pa.string()).to_pylist()
        for number, row, text in zip(lines[where].tolist(), found, shown, strict=True):
            others.append((number, row, "", describing, text))

    def _facts(self, table: Any) -> Any:
        """A table (of a Parquet log) with its item columns as the columnar audit
        reads them (numbers as floats, maps and structs of classifications as
        `SCHEME=CODE;...`), so `Rows` reads each item as the audit did."""
        pa = self.pa
        convert = item_converters(pa, self.pc)
        for name in ITEM_COLUMNS:
            if name not in table.column_names or name not in convert:
                continue
            column = table.column(name)
            kind = column.type
            if pa.types.is_dictionary(kind):
                if _is_string(kind.value_type, pa):
                    continue
                column = column.cast(kind.value_type)
            if not _is_string(column.type, pa):
                column = convert[name](column)
                table = table.set_column(table.column_names.index(name), name, column)
        return table

    def _cell(self, table: Any, name: str, good: Any) -> Any:
        """A log cell as the decisions repeat it: as read, empty when missing
        (`good`: the rows decided, a mask or every row)."""
        pa = self.pa
        rows = table.num_rows if isinstance(good, slice) else int(good.sum())
        if name not in table.column_names:
            return pa.array([""] * rows, pa.string())
        column = table.column(name)
        if not isinstance(good, slice):
            column = column.filter(pa.array(good))
        return column  # made text by `_lines`, in the writer's thread

    def _details(self, piece: Any, pieces: Pieces) -> tuple[Any, Any]:
        """Per row, the binding restrictions and the caveats of its piece."""
        np, pa = self.np, self.pa
        if not len(piece):
            empty = pa.array([], pa.string())
            return empty, empty
        used = np.flatnonzero(np.bincount(piece))
        position = np.zeros(int(used[-1]) + 1, dtype=np.int64)
        position[used] = np.arange(len(used))
        binding: list[str] = []
        caveats: list[str] = []
        for number in used.tolist():
            a = pieces.outcome(number)  # decided rows only: never a problem
            assert not isinstance(a, Exception)
            found = self.details.get(id(a))
            if found is None or found[0] is not a:  # pieces share assessments
                found = self.details[id(a)] = (
                    a,
                    ";".join(
                        x.id for x in a.applied if x.status is aicontrols.Status.BINDING
                    ),
                    ";".join(dict.fromkeys(c.kind.value for c in a.caveats)),
                )
            binding.append(found[1])
            caveats.append(found[2])
        index = pa.array(position[piece])
        return (
            pa.array(binding, pa.string()).take(index),
            pa.array(caveats, pa.string()).take(index),
        )

    def _lines(self, columns: Sequence[Any], plain: bool) -> Any:
        """Each row's line of output, with its line break, CSV or JSON Lines:
        every column but the problem, which is empty. Cells from a plain CSV
        block need no quoting; the cells the audit writes never do."""
        pa, pc = self.pa, self.pc
        names = self.rows.columns
        columns = [_text(c, pa, pc) for c in columns]
        given = 1 + len(CELLS)  # the line and the log's cells; then the audit's
        if self.jsonl:
            pieces: list[Any] = []
            for i, (name, column) in enumerate(zip(names[:-1], columns, strict=True)):
                pieces.append(("{" if i == 0 else ", ") + f'"{name}": ')
                if i:
                    column = _json_strings(column, pa, pc, plain or i >= given)
                pieces.append(column)
            pieces.append(', "problem": ""}\n')
            return pc.binary_join_element_wise(*pieces, "")
        several = len(self.rows.regimes) > 1  # reason codes hold commas
        cells = [
            c
            if i == 0 or (plain and i < given) or (i >= given and not several)
            else _csv_cells(c, pa, pc)
            for i, c in enumerate(columns)
        ]
        # the empty problem, then the line break: `...,caveats,\n`
        return pc.binary_join_element_wise(*cells, "\n", ",")


def _text(column: Any, pa: Any, pc: Any) -> Any:
    """A column as one array of text, empty where null: a log's cells may come
    dictionary-encoded (a CSV block), as timestamps (Parquet) or chunked."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not _is_string(column.type, pa):
        column = column.cast(pa.string())
    return pc.fill_null(column, "") if column.null_count else column


def _csv_cells(column: Any, pa: Any, pc: Any) -> Any:
    """Cells quoted as Python's `csv` module quotes them (a comma, a quote or a
    line break inside)."""
    special = pc.match_substring_regex(column, '[,"\n]')
    if not pc.any(special).as_py():
        return column
    quoted = pc.binary_join_element_wise(
        '"', pc.replace_substring(column, '"', '""'), '"', ""
    )
    return pc.if_else(special, quoted, column)


def _json_strings(column: Any, pa: Any, pc: Any, plain: bool) -> Any:
    """Cells as JSON strings, escaped as `json.dumps(..., ensure_ascii=False)`
    (`plain`: no cell holds a quote, a backslash or a control character)."""
    import json

    quoted = pc.binary_join_element_wise('"', column, '"', "")
    if plain:
        return quoted
    special = pc.match_substring_regex(column, '[\\x00-\\x1f"\\\\]')
    if not pc.any(special).as_py():
        return quoted
    where = pc.indices_nonzero(special)
    escaped = [
        json.dumps(v, ensure_ascii=False) for v in column.take(where).to_pylist()
    ]
    return pc.replace_with_mask(quoted, special, pa.array(escaped, pa.string()))


def _concatenated(lines: Any, np: Any) -> bytes | memoryview:
    """The lines of a string array, one after another, as UTF-8 bytes (a view of
    the array's own buffer, which the view keeps alive)."""
    data = lines.buffers()[2]
    if data is None or not len(lines):
        return b""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    start = int(offsets[lines.offset])
    end = int(offsets[lines.offset + len(lines)])
    return memoryview(data)[start:end]


def _is_string(kind: Any, pa: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))
