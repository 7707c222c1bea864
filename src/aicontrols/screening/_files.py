"""Reading Consolidated Screening List snapshots: both CSV layouts and JSON.

The CSL is published as a file rebuilt hourly with no history, so a snapshot
is only "who is listed now": the caller says on which day it was taken. Rows
are read by column name, so the older 28-column layout (no `_id`) and the
current 29-column one read alike; JSON nests addresses, ids and alternative
names (DOMAIN.md section 5). Each row is then parsed on its own (`_rows`).

A download cut short must not pass for a shorter list: the parties in the rows
it lacks would read as removed. A CSV file must therefore end at a record
boundary: with a line break, or with a last row that has every field and does
not end just after a comma (in both layouts the last field, `ids`, is mostly
empty, so a file cut just after a row's last comma still has whole rows).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import attrs

from .._csv import CsvProblem, records
from ..exceptions import ScreeningFileError
from ._listing import Listing, RowProblem, Snapshot
from ._rows import Row, parse_row

__all__ = ["read_csl"]


def read_csl(
    source: str | Path,
    *,
    taken: dt.date | str,
    text: str | None = None,
    skip_bad_rows: bool = False,
) -> Snapshot:
    """Read one CSL snapshot file (CSV in either layout, or JSON).

    Args:
        source: the file's path (or, with `text`, the name to report it by).
        taken: the day the snapshot was taken; the CSL itself carries no date.
        text: the file's content, when it is not to be read from `source`.
        skip_bad_rows: keep the good rows of a file with malformed ones; the
            malformed rows are then in `Snapshot.problems`. By default a
            malformed row makes the whole import fail.

    Raises:
        ScreeningFileError: the file cannot be read, its header lacks `source`
            or `name`, it ends inside a row (truncated), or (by default) a row
            is malformed: each problem names the file, the line, the column
            and the value.

    Examples:
        >>> text = '''source,name,start_date
        ... Entity List (EL) - Bureau of Industry and Security,Example Co.,2024-05-01
        ... '''
        >>> snapshot = read_csl("example.csv", text=text, taken="2026-01-05")
        >>> [(row.source, row.name, str(row.start)) for row in snapshot.listings]
        [('EL', 'Example Co.', '2024-05-01')]
    """
    name = str(source)
    day = _taken(taken)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            problem = RowProblem(name, 1, "", "", f"cannot read the file: {reason}")
            raise ScreeningFileError([problem]) from None
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    rows = (
        _json_rows(name, text)
        if stripped[:1] in "[{" and stripped
        else _csv_rows(name, text)
    )
    listings: list[Listing] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        found = parse_row(name, line, row)
        if isinstance(found, list):
            problems += found
            continue
        count = seen[found.key] = seen.get(found.key, 0) + 1
        if count > 1:
            found = attrs.evolve(found, key=f"{found.key}#{count}")
        listings.append(found)
    if problems and not skip_bad_rows:
        raise ScreeningFileError(problems)
    return Snapshot(day, tuple(listings), tuple(problems), name)


def _taken(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"`taken`: expected a date, got the instant `{value}`")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"`taken`: expected a date like 2026-01-05, got `{value!r}`"
        ) from None


# ---------------------------------------------------------------- raw rows


def _csv_rows(name: str, text: str) -> Iterator[tuple[int, Row]]:
    rows = records(io.StringIO(text, newline=""))
    try:
        _, header = next(rows)
    except StopIteration:
        raise ScreeningFileError(
            [RowProblem(name, 1, "", "", "the file is empty")]
        ) from None
    except CsvProblem as problem:
        raise ScreeningFileError(
            [RowProblem(name, 1, "", "", problem.message)]
        ) from None
    header = [h.strip() for h in header]
    missing = [c for c in ("source", "name") if c not in header]
    if missing:
        raise ScreeningFileError(
            [
                RowProblem(
                    name,
                    1,
                    ", ".join(missing),
                    ",".join(header)[:200],
                    "the header lacks the column(s) "
                    + ", ".join(f"`{c}`" for c in missing)
                    + ": not a Consolidated Screening List file",
                )
            ]
        )
    try:
        for line, values in rows:
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                fields = dict(zip(header, values, strict=False))
                yield line, {"\0count": (len(values), len(header)), **fields}
            else:
                yield line, dict(zip(header, values, strict=True))
    except CsvProblem as problem:
        if problem.truncated:
            raise _truncated(name, problem.line, problem.message) from None
        raise ScreeningFileError(
            [RowProblem(name, problem.line, "", "", problem.message)]
        ) from None


def _truncated(name: str, line: int, why: str) -> ScreeningFileError:
    """The file stops inside the row at `line`: a download cut short."""
    message = f"the file ends inside this row: truncated? ({why})"
    return ScreeningFileError([RowProblem(name, line, "", "", message)])


def _json_rows(name: str, text: str) -> Iterator[tuple[int, Row]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = RowProblem(name, error.lineno, "", "", f"not JSON: {error.msg}")
        raise ScreeningFileError([problem]) from None
    rows = data.get("results") if isinstance(data, dict) else data
    total = data.get("total") if isinstance(data, dict) else None
    if isinstance(rows, list) and isinstance(total, int) and total != len(rows):
        problem = RowProblem(
            name,
            1,
            "total",
            str(total),
            f"the file holds {len(rows)} of {total} rows: a page of the API, "
            "not a whole snapshot",
        )
        raise ScreeningFileError([problem])
    if not isinstance(rows, list):
        problem = RowProblem(
            name,
            1,
            "results",
            type(rows).__name__,
            "expected a list of rows under `results`",
        )
        raise ScreeningFileError([problem])
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            yield position, {"\0not-an-object": row}
        else:
            yield position, row
