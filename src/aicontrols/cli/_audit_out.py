"""`aicontrols audit`'s output: the decisions file, written whole or not at
all, and the row count its progress bar is measured against."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ._audit_log import formatted
from ._common import CliError, stdout

__all__ = ["Writer", "count_rows"]


def count_rows(path: str) -> int:
    """About how many rows the log has: its lines less a CSV header; a Parquet
    log's row count."""
    if path.endswith(".parquet"):
        try:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        except (ImportError, OSError, ValueError):  # the audit says what is wrong
            return 0
    try:
        with open(path, "rb") as handle:
            lines = sum(
                chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
            )
    except OSError:
        return 0
    return max(lines - (1 if path.endswith(".csv") else 0), 0)


class Writer:
    """Decisions as CSV or JSON Lines, to a file or standard output.

    A file is written whole or not at all: into a new file beside it, renamed
    over it once the whole log is decided; if the audit stops with an error,
    the new file is removed and a file already there is left as it was. (Row
    by row and in batches read a different number of rows before the first
    decision is written, so only this makes their outputs the same when a log
    cannot be read to its end.)
    """

    def __init__(self, target: str, columns: Sequence[str]) -> None:
        self.target = target
        self.columns = columns
        self.jsonl = target.endswith(".jsonl")
        if target != "-" and not target.endswith((".csv", ".jsonl")):
            raise CliError(f"`--out` must end in .csv or .jsonl, got `{target}`")
        self.stream: TextIO = io.StringIO()
        self.partial = ""  # the new file, until it is renamed
        self.failed = False  # a write failed: nothing more is written
        self.final = ""  # the file it is renamed to

    def __enter__(self) -> Writer:
        return self

    def open(self) -> None:
        """Open the output and write the CSV header (after the log's first row)."""
        if self.target == "-":
            self.stream = stdout()
        else:
            target = Path(os.path.realpath(self.target))  # a link: its file
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            try:
                if target.is_dir():
                    raise IsADirectoryError(errno.EISDIR, "Is a directory")
                if target.exists() and not os.access(target, os.W_OK):
                    raise PermissionError(errno.EACCES, "Permission denied")
                # as `open(..., "w")` would make it (permissions under the umask)
                handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
                if target.exists():  # the file it replaces keeps its permissions
                    os.chmod(handle, stat.S_IMODE(target.stat().st_mode))
            except OSError as error:
                raise CliError(
                    f"cannot write `{self.target}`: {error.strerror}"
                ) from None
            self.partial, self.final = str(partial), str(target)
            self.stream = open(handle, "w", encoding="utf-8", newline="")  # noqa: SIM115
        if not self.jsonl:
            header = dict(zip(self.columns, self.columns, strict=True))
            self.stream.write(formatted(header, self.columns, jsonl=False))

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(formatted(record, self.columns, self.jsonl))

    def write_bytes(self, data: memoryview) -> None:
        """Write decisions already encoded as UTF-8, past the text layer if the
        stream has a binary buffer (a file, standard output)."""
        raw = getattr(self.stream, "buffer", None)
        if raw is None:
            self.stream.write(bytes(data).decode("utf-8"))
            return
        self.stream.flush()
        raw.write(data)

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if not self.partial:
            return
        try:
            self.stream.close()  # its last write may fail: a full disk, say
            if kind is None:
                os.replace(self.partial, self.final)
                return
        except OSError as error:
            if kind is None:  # else the audit's own error is the one to give
                with contextlib.suppress(OSError):
                    os.unlink(self.partial)
                raise CliError(
                    f"cannot write `{self.target}`: {error.strerror}"
                ) from None
        with contextlib.suppress(OSError):
            os.unlink(self.partial)
