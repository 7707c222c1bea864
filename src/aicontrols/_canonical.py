"""Canonical content hashing: the same content gives the same hash in any process.

Python's `hash()` is salted per process, so fingerprints walk the values
themselves and hash a canonical JSON rendering with SHA-256.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import attrs

if TYPE_CHECKING:
    from ._access import Access

# Fields added after fingerprints were first published, by class name: left
# out while they hold their default, so that a regime or an access that does
# not use them keeps its fingerprint, and replay tokens stored before they
# existed still match.
_ADDED_LATER: dict[str, frozenset[str]] = {
    "Entity": frozenset({"aliases", "address_countries", "same_as", "headquarters"}),
    "Membership": frozenset({"published", "end_published"}),
    "EntityList": frozenset({"caveat"}),
    "CountryGroup": frozenset({"data_from", "unknown"}),
    "Regime": frozenset({"country_groups_from"}),
    "ControlledItem": frozenset({"parameters"}),
    "Restriction": frozenset(
        {"conditional_reviews", "treated_as_listed", "not_tracked"}
    ),
    "Exemption": frozenset({"not_tracked"}),
    "NonEnforcement": frozenset({"items", "modes", "recipients", "conditions"}),
    "Access": frozenset({"origin", "parties"}),
}


def canonical(value: object) -> Any:
    """A JSON-ready, order-independent rendering of a value built from attrs classes."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, dt.datetime):
        return {"$instant": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if attrs.has(type(value)):
        name = type(value).__name__
        later = _ADDED_LATER.get(name, frozenset())
        fields = {
            a.name: canonical(getattr(value, a.name))
            for a in attrs.fields(cast(Any, type(value)))
            if a.eq
            and a.init
            and not (a.name in later and getattr(value, a.name) == _default(a))
        }
        return {"$type": name, **fields}
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, frozenset | set):
        return sorted((canonical(v) for v in value), key=_dumps)
    if isinstance(value, tuple | list):
        return [canonical(v) for v in value]
    raise TypeError(f"cannot fingerprint a `{type(value).__name__}`")


def _default(field: Any) -> Any:
    """A field's default value, a factory's made fresh."""
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def fingerprint(value: object) -> str:
    """The SHA-256 hex digest of a value's canonical rendering."""
    return hashlib.sha256(_dumps(canonical(value)).encode()).hexdigest()


# ---------------------------------------------------------------- replay tokens


@lru_cache(maxsize=16_384)
def _access_digest(access: Access) -> str:
    """The canonical hash of an access (cached: gateways ask about the same
    ones, as many as the HTTP service keeps answers)."""
    return fingerprint(access)


class Tokens:
    """The replay tokens of the decisions of one access by one regime (its
    `regime_fingerprint`), as known at `known`, on day `on` or at any
    instant: the same question of the same regime gets the same token in any
    process. The question's parts other than the instant are written once."""

    __slots__ = ("_head", "_known", "_query")

    def __init__(
        self,
        regime_fingerprint: str,
        access: Access,
        on: dt.date | None,
        known: int | None,
    ) -> None:
        day = None if on is None else on.isoformat()
        self._query = f"{regime_fingerprint}|{_access_digest(access)}|{day}|"
        self._known = f"|{known}"
        self._head = f"v1-{regime_fingerprint[:16]}-"

    def at(self, at: int | None) -> str:
        """The token at instant `at` (the engine's microseconds; `None`: of
        the day)."""
        query = f"{self._query}{at}{self._known}"
        return self._head + hashlib.sha256(query.encode()).hexdigest()[:24]
