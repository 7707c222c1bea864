"""Small attrs converters and validators shared by the domain classes."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from ._countries import country
from ._time import check_when

__all__ = [
    "at_least",
    "check_bool",
    "check_classification",
    "check_id",
    "check_scheme",
    "check_span",
    "check_span_or_empty",
    "check_text",
    "check_when_field",
    "checked_tuple",
    "country",
    "finite_number",
    "optional_country",
    "string_tuple",
    "strings",
]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+@-]*")


def optional_country(value: str | None) -> str | None:
    """Like `country`, letting `None` (unknown) through."""
    return None if value is None else country(value)


def is_id(value: object) -> bool:
    """Whether `value` is an id that `check_id` accepts."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def check_id(_: object, attribute: Any, value: str) -> None:
    """An id: non-empty, no spaces, starting with a letter or digit.

    Ids are compared exactly: `Lab-X` and `lab-x` are two ids. `@` is allowed,
    since gateways use e-mail addresses as user ids.
    """
    if not is_id(value):
        raise ValueError(
            f"`{attribute.name}`: expected an id (letters, digits, `-._:/+@`), got `{value!r}`"
        )


def check_bool(_: object, attribute: Any, value: Any) -> None:
    """A real `bool`: `0`, `1`, `None` and `"false"` are refused, never read."""
    if type(value) is not bool:
        raise TypeError(
            f"`{attribute.name}`: expected `True` or `False`, got `{value!r}`"
        )


def check_text(_: object, attribute: Any, value: Any) -> None:
    """A non-blank string; `None` allowed where the field is optional."""
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValueError(
            f"`{attribute.name}`: expected a non-blank string, got `{value!r}`"
        )


def finite_number(value: object, name: str) -> None:
    """A finite, non-negative `int` or `float` (never a `bool`, NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"`{name}`: expected a number, got `{value!r}`")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"`{name}`: expected a finite number, got `{value!r}`")
    if isinstance(value, int) and value.bit_length() > 1000:  # beyond any float
        raise ValueError(
            f"`{name}`: expected a number a float can hold, got an integer of "
            f"{value.bit_length():,} bits"
        )
    if value < 0:
        raise ValueError(f"`{name}` must be >= 0, got `{value!r}`")


def at_least(value: float, threshold: float) -> bool:
    """Whether `value >= threshold`, both read as the decimals they are written as.

    An `int` is its exact value, a `float` the shortest decimal that gives it
    back (its `repr`): `1.0e+26`, a threshold written in a regime file, is
    10**26 and not the binary float just above it, so a model trained with
    exactly `10**26` operations, given as an integer, is at least `1.0e+26`.
    Two floats, or two ints, compare as Python compares them (the order of
    floats is the order of their shortest decimals).

    Examples:
        >>> at_least(10**26, 1.0e26), 10**26 >= 1.0e26
        (True, False)
        >>> at_least(10**26 - 1, 1.0e26), at_least(4800, 4800.0)
        (False, True)
    """
    if type(value) is type(threshold):
        return value >= threshold
    return _decimal(value) >= _decimal(threshold)


def _decimal(number: float) -> Decimal:
    return Decimal(number) if isinstance(number, int) else Decimal(repr(number))


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


def check_span_or_empty(instance: Any, _: Any, end: Any) -> None:
    """`end` not before `start`: an empty span (a listing withdrawn before it
    started) is allowed, an inverted one is not."""
    start = instance.start
    if end is None or start is None:
        return
    if isinstance(start, dt.datetime) is isinstance(end, dt.datetime) and end < start:
        raise ValueError(
            f"`end` ({end.isoformat()}) must not be before `start` ({start.isoformat()})"
        )


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_CODE = re.compile(r"\S+")
_ECCN = re.compile(r"EAR99|[0-9][A-EY][0-9]{3}(\.[a-z0-9]+)*")


def check_scheme(scheme: object) -> None:
    """A classification scheme's name (`ECCN`), spelt as the law spells it."""
    _check_scheme_shape(scheme)
    if scheme != "ECCN" and str(scheme).upper() == "ECCN":
        raise ValueError(f"expected the scheme `ECCN`, got `{scheme}`")


def _check_scheme_shape(scheme: object) -> None:
    if not isinstance(scheme, str) or not _SCHEME.fullmatch(scheme):
        raise ValueError(
            f"expected a classification scheme such as `ECCN`, got `{scheme!r}`"
        )


def check_classification(scheme: object, code: object) -> None:
    """A classification scheme and code, as written in the law, exactly.

    Codes are compared exactly, so a case or spacing variant would match
    nothing: it is refused. An `ECCN` must have the shape of one (`4E091`,
    `3A090.a`, `EAR99`).
    """
    _check_scheme_shape(scheme)
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise ValueError(f"`{scheme}`: expected a code without spaces, got `{code!r}`")
    check_scheme(scheme)
    if scheme == "ECCN" and not _ECCN.fullmatch(code):
        head, dot, tail = code.partition(".")
        guess = head.upper() + dot + tail.lower()
        hint = f" (did you mean `{guess}`?)" if _ECCN.fullmatch(guess) else ""
        raise ValueError(
            f"`ECCN`: expected an ECCN such as `4E091`, `3A090.a` or `EAR99`, got `{code}`{hint}"
        )
