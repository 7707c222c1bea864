"""The decision log: one JSON line per decision, so that any can be replayed.

Each line holds the decision's id (also in its answer, as `decision_id`, or
the `AIControls-Decision-Id` header of `/v1/decide`), the server's time, the
endpoint, the evaluation exactly as decided (a batch's defaults applied, and
the server clock's instant written into `context.at`), the answer, and the
fingerprints of the regimes that gave it. Posting the logged `request` to
`/access/v1/evaluation` of a server whose regimes have the same fingerprints
asks the same question again and gets the same answer, replay token included.
"""

from __future__ import annotations

import os
import uuid
from typing import IO, Any

from ._http import dumps

__all__ = ["DecisionLog", "new_id"]


def new_id() -> str:
    """A fresh decision id (random: it says nothing about the request)."""
    return uuid.uuid4().hex


class DecisionLog:
    """Appends decision records to a JSON Lines file.

    Args:
        path: the file, created if needed and appended to.

    Raises:
        OSError: the file cannot be opened for appending.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._file: IO[str] | None = open(  # noqa: SIM115 - kept open while serving
            self.path, "a", encoding="utf-8"
        )
        self._pending: list[str] = []

    def add(
        self,
        *,
        decision_id: str,
        time: str,
        endpoint: str,
        request: dict[str, Any],
        answer: str,
        fingerprints: dict[str, str],
    ) -> None:
        """Queue one record (`answer` is written as JSON already); `flush`
        writes the queue, once per HTTP request."""
        head = {"id": decision_id, "time": time, "endpoint": endpoint}
        line = (
            f"{dumps(head)[:-1]},"
            f'"request":{dumps(request)},'
            f'"answer":{answer},'
            f'"fingerprints":{dumps(fingerprints)}}}\n'
        )
        self._pending.append(line)

    def flush(self) -> None:
        """Write the queued records and flush them to the operating system."""
        if self._file is None or not self._pending:
            return
        self._file.write("".join(self._pending))
        self._file.flush()
        self._pending.clear()

    def close(self) -> None:
        """Write what is queued and close the file."""
        self.flush()
        if self._file is not None:
            self._file.close()
            self._file = None
