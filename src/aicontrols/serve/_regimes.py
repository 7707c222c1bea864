"""The regimes a server answers with, and how they are reloaded.

Each REGIME given to `aicontrols serve` is a regime file or the name of a
bundled example. The loaded regimes are one immutable `Loaded` value: a
request reads it once and answers with it throughout, and a reload builds a
new one beside it and swaps it in with one assignment, so no request ever sees
half of a reload. A reload happens on SIGHUP and when a regime file changes
(its modification time, size or inode, polled once a second: no dependency);
one that fails keeps the regimes already loaded and logs why, and the
failure is shown by `GET /v1/regimes` until a reload succeeds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

import attrs

import aicontrols
from aicontrols import Regime
from aicontrols.examples import SpecError, is_file_spec, load_spec

__all__ = ["Loaded", "Regimes"]

LOG = logging.getLogger("aicontrols.serve")
POLL_SECONDS = 1.0

Stamp = tuple[str, int, int, int] | tuple[str, None, None, None]


@attrs.frozen
class Loaded:
    """The regimes loaded at once, with their fingerprints (by regime id)."""

    regimes: tuple[Regime, ...]
    fingerprints: dict[str, str]
    generation: int
    loaded_at: str

    def describe(self) -> list[dict[str, Any]]:
        """Each regime's id, name, fingerprint and notices, for `/v1/regimes`."""
        return [
            {
                "id": r.id,
                "name": r.name,
                "fingerprint": r.fingerprint,
                "timezone": r.timezone,
                "notices": [
                    {
                        "id": n.id,
                        "title": n.title,
                        "published": _day(n.published),
                        "effective": _day(n.effective),
                    }
                    for n in r.notices
                ],
            }
            for r in self.regimes
        ]


def _day(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def load_all(specs: Sequence[str], generation: int, loaded_at: str) -> Loaded:
    """Every regime of `specs`, loaded together.

    Raises:
        RegimeFileError, SpecError: as `load_spec`; SpecError also for two
            regimes with one id.
    """
    regimes = tuple(load_spec(spec) for spec in specs)
    fingerprints: dict[str, str] = {}
    for spec, regime in zip(specs, regimes, strict=True):
        if regime.id in fingerprints:
            raise SpecError(f"`{spec}`: regime `{regime.id}` is loaded twice")
        fingerprints[regime.id] = regime.fingerprint
    return Loaded(regimes, fingerprints, generation, loaded_at)


class Regimes:
    """The current `Loaded` regimes of a server, reloaded atomically.

    Args:
        specs: the REGIME arguments, files or bundled examples' names.
        clock: the server's clock (`loaded_at`, the time of a failure).

    Raises:
        RegimeFileError, SpecError: the regimes cannot be loaded at start.
    """

    def __init__(self, specs: Sequence[str], clock: Callable[[], str]) -> None:
        self.specs = tuple(specs)
        self.clock = clock
        self.files = tuple(s for s in self.specs if is_file_spec(s))
        self._seen = self.stamps()
        self.current = load_all(self.specs, 1, clock())
        self.failure: dict[str, str] | None = None
        self._lock: asyncio.Lock | None = None

    def stamps(self) -> tuple[Stamp, ...]:
        """Each regime file's modification time, size and inode (`None`s if
        it cannot be read: a reload says why)."""
        found: list[Stamp] = []
        for name in self.files:
            try:
                stat = os.stat(name)
            except OSError:
                found.append((name, None, None, None))
            else:
                found.append((name, stat.st_mtime_ns, stat.st_size, stat.st_ino))
        return tuple(found)

    async def reload(self, why: str) -> bool:
        """Load every regime again and swap them in; on failure keep the old
        ones and log why. Returns whether the regimes were replaced."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            seen = self.stamps()
            generation = self.current.generation + 1
            try:
                loaded = await asyncio.to_thread(
                    load_all, self.specs, generation, self.clock()
                )
            except Exception as error:  # any failure keeps the regimes in use
                self._seen = seen  # tried: wait for the next change
                text = " | ".join(str(error).splitlines()) or type(error).__name__
                self.failure = {"at": self.clock(), "reason": why, "error": text}
                LOG.error(
                    "reload (%s) failed, keeping the regimes loaded at %s: %s",
                    why,
                    self.current.loaded_at,
                    text,
                    exc_info=not isinstance(error, aicontrols.AIControlsError),
                )
                return False
            self._seen = seen
            self.current = loaded
            self.failure = None
            LOG.info(
                "reloaded (%s): generation %d, %s",
                why,
                generation,
                ", ".join(f"{k} {v[:16]}" for k, v in loaded.fingerprints.items()),
            )
            return True

    async def watch(self) -> None:
        """Reload when a regime file changes, checking once a second (runs until
        cancelled)."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            if self.stamps() != self._seen:
                await self.reload("a regime file changed")

    def describe(self) -> dict[str, Any]:
        """The regimes and the state of reloading, for `GET /v1/regimes`."""
        current = self.current
        return {
            "regimes": current.describe(),
            "fingerprints": current.fingerprints,
            "generation": current.generation,
            "loaded_at": current.loaded_at,
            "watching": list(self.files),
            "last_reload_failure": self.failure,
        }
