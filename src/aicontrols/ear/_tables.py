"""Reading the bundled CSV tables of `data/`, strictly.

The tables ship with the package, so a malformed one is a packaging fault,
not a user's mistake: it raises `RuntimeError` naming the file and line
rather than yielding a partial table.
"""

from __future__ import annotations

import csv
from importlib.resources import files

__all__ = ["read_table"]


def read_table(name: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The rows of the bundled table `data/<name>`, with their line numbers.

    Raises:
        RuntimeError: the file's header is not `header`, or a row has another
            number of cells.
    """
    text = (files(__package__) / "data" / name).read_text(encoding="utf-8")
    reader = csv.reader(text.splitlines())
    found = tuple(next(reader, ()))
    if found != header:
        raise RuntimeError(f"data/{name}:1: expected the header {header}, got {found}")
    rows = []
    for line, row in enumerate(reader, start=2):
        if len(row) != len(header):
            raise RuntimeError(
                f"data/{name}:{line}: expected {len(header)} cells, got {len(row)}"
            )
        rows.append((line, row))
    return rows
