"""Reading CSV records strictly, and telling a whole file from one cut short.

Access logs and screening-list snapshots are CSV files that people download
and export, so both can arrive cut short. `records` reads the records of such
a file with their line numbers and refuses one that does not end at a record
boundary; the callers turn a `CsvProblem` into their own located error.

A file that ends with a line break is whole. Without one, its last record must
have as many cells as the header, and must not end just after a comma (its
last cell would be empty and unquoted, which cannot be told from a cut). A
quoted value that is never closed is a cut too. A file cut exactly at a line
break cannot be told from a shorter one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

__all__ = ["CsvProblem", "records", "unfinished"]

_BREAKS = ("\n", "\r")


class CsvProblem(Exception):
    """A CSV file that cannot be read at `line`, or ends inside the record there.

    Attributes:
        line: the line of the record (its first line, for one that spans lines).
        message: what is wrong, in words.
        truncated: whether the file ends inside that record.
    """

    def __init__(self, line: int, message: str, *, truncated: bool) -> None:
        self.line = line
        self.message = message
        self.truncated = truncated
        super().__init__(message)


def records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Each non-empty record with the line it starts on; the header is the first.

    Raises:
        CsvProblem: a record that is not CSV, or a file that ends inside one.
    """
    tail = [""]  # the last line read: does the file end with a line break?

    def tracked() -> Iterator[str]:
        for text in lines:
            tail[0] = text
            yield text

    reader = csv.reader(tracked(), strict=True)
    width: int | None = None
    last: list[str] | None = None
    line = start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a cell over the csv module's limit
            if str(error) == "unexpected end of data":  # inside quotes at the end
                raise CsvProblem(
                    line, "a quoted value is never closed", truncated=True
                ) from None
            raise CsvProblem(
                reader.line_num, f"not CSV: {error}", truncated=False
            ) from None
        if values:  # a blank line is no record
            if width is None:
                width = len(values)  # the header
            else:
                last, start = values, line
            yield line, values
        line = reader.line_num + 1
    if last is None or width is None or tail[0].endswith(_BREAKS):
        return
    problem = unfinished(start, last, width, tail[0])
    if problem is not None:
        raise problem


def unfinished(line: int, last: list[str], width: int, tail: str) -> CsvProblem | None:
    """Why a file that ends without a line break was cut inside its last record
    (`last`, starting at `line`, whose last line is `tail`), if it was."""
    if len(last) < width:
        return CsvProblem(
            line,
            f"the row has {len(last)} of {width} cells, and no line break ends it",
            truncated=True,
        )
    if len(last) == width and tail.endswith(","):
        return CsvProblem(
            line,
            "it ends just after a comma, and no line break ends it",
            truncated=True,
        )
    return None
