"""Small attrs converters and validators shared by the domain classes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, TypeVar

from ._time import check_when

_COUNTRY = re.compile(r"[A-Z]{2}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+-]*")


def country(value: str) -> str:
    """Normalise and check an ISO 3166-1 alpha-2 code (`"us"` becomes `"US"`)."""
    if not isinstance(value, str):
        raise TypeError(f"expected a two-letter country code, got `{value!r}`")
    code = value.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise ValueError(
            f"expected a two-letter ISO 3166-1 country code, got `{value}`"
        )
    return code


def optional_country(value: str | None) -> str | None:
    """Like `country`, letting `None` (unknown) through."""
    return None if value is None else country(value)


def check_id(_: object, attribute: Any, value: str) -> None:
    """An id: non-empty, no spaces, starting with a letter or digit."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(
            f"`{attribute.name}`: expected an id (letters, digits, `-._:/+`), got `{value!r}`"
        )


def check_when_field(_: Any, attribute: Any, value: Any) -> None:
    """A date or an aware datetime; `None` allowed where the field is optional."""
    if value is not None:
        check_when(value, attribute.name)


def strings(value: str | Iterable[str]) -> frozenset[str]:
    """One string or several, as a frozenset (a lone string is not split)."""
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(value)


def string_tuple(value: str | Iterable[str]) -> tuple[str, ...]:
    """One string or several, as a tuple in the given order."""
    if isinstance(value, str):
        return (value,)
    return tuple(value)


T = TypeVar("T")


def checked_tuple(
    value: Iterable[T], cls: type[T] | tuple[type, ...], what: str
) -> tuple[T, ...]:
    """`value` as a tuple, each element checked to be a `cls`."""
    if isinstance(value, str | bytes):
        raise TypeError(f"`{what}`: expected a sequence, got the string `{value!r}`")
    out = tuple(value)
    for element in out:
        if not isinstance(element, cls):
            raise TypeError(f"`{what}`: unexpected element `{element!r}`")
    return out


def check_span(instance: Any, _: Any, end: Any) -> None:
    """`end` after `start`, where both are dates or both instants.

    A date against an instant needs the regime's zone; the regime checks those.
    """
    start = instance.start
    if end is None or start is None:
        return
    if isinstance(start, dt.datetime) is isinstance(end, dt.datetime) and end <= start:
        raise ValueError(
            f"`end` ({end.isoformat()}) must be after `start` ({start.isoformat()})"
        )
