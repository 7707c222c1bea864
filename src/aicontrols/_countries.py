"""Country codes: real ISO 3166-1 alpha-2 codes, from a maintained list.

The codes come from `pycountry` (the ISO 3166 Maintenance Agency's list, as
packaged by Debian's iso-codes), read once, on first use. Two additions, both
deliberate:

- `XK` (Kosovo) is accepted as a country: it is a user-assigned code, not in
  ISO 3166-1, but the US Consolidated Screening List and the EAR's Country
  Groups use it.
- A *union* such as `EU` (the European Union, Regulation (EU) 2021/821) is
  accepted only as a regime's `jurisdiction`, never as a person's citizenship
  or a location; its member countries are the regime's `territory`.

A code is read after stripping surrounding spaces and upper-casing ASCII
letters (`"us"` is `"US"`); anything else (`"uſ"`, `"U S"`, `"ZZ"`) is refused
with a did-you-mean where one helps (`UK` → `GB`, `DEU` → `DE`, `Germany` →
`DE`).
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
from pathlib import Path

__all__ = ["UNIONS", "codes", "country", "jurisdiction", "suggest"]

UNIONS: dict[str, str] = {"EU": "the European Union"}
"""Codes of unions that may be a regime's jurisdiction (their members are its territory)."""

_EXTRA = {"XK": "Kosovo"}

# Codes people write that are not ISO 3166-1 alpha-2, and what they mean.
_COMMON = {
    "UK": "GB",  # the United Kingdom is GB in ISO 3166-1
    "EL": "GR",  # the EU's own code for Greece
    "FX": "FR",  # "Metropolitan France", withdrawn from ISO 3166-1
}


_FIELDS = ("alpha_2", "alpha_3", "name", "official_name", "common_name")


def _entries() -> list[dict[str, str]]:
    """pycountry's ISO 3166-1 entries, read from its database file.

    `import pycountry` reads the package's own version through
    `importlib.metadata` (and with it the `email` package): some 25 ms of a
    cold start, more than the whole table costs. The file it ships is the
    same list, so it is read directly; if pycountry ever lays its files out
    otherwise, the entries come from pycountry itself.
    """
    import json  # on first use: `import aicontrols` does not load it

    spec = importlib.util.find_spec("pycountry")
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "databases" / "iso3166-1.json"
        try:
            found = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
            if found and all("alpha_2" in e and "alpha_3" in e for e in found):
                return list(found)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    import pycountry

    return [
        {f: getattr(entry, f) for f in _FIELDS if getattr(entry, f, None)}
        for entry in pycountry.countries
    ]


@functools.cache
def _table() -> tuple[frozenset[str], dict[str, str]]:
    """The alpha-2 codes, and each code by the lower-cased names and alpha-3 codes."""
    by_name: dict[str, str] = {}
    alpha2: set[str] = set()
    for entry in _entries():
        code = entry["alpha_2"]
        alpha2.add(code)
        by_name[entry["alpha_3"].lower()] = code
        for attribute in ("name", "official_name", "common_name"):
            name = entry.get(attribute)
            if name:
                by_name[name.lower()] = code
    for code, name in _EXTRA.items():
        alpha2.add(code)
        by_name[name.lower()] = code
    return frozenset(alpha2), by_name


def codes() -> frozenset[str]:
    """Every accepted country code: ISO 3166-1 alpha-2, and `XK`."""
    return _table()[0]


@functools.lru_cache(maxsize=1024)
def suggest(value: str) -> str | None:
    """The code that `value` probably means (`UK` → `GB`, `Germany` → `DE`), if any
    (kept: an audit asks again for each row that has the same bad code, and the
    close-match search takes a millisecond)."""
    text = value.strip()
    upper = text.upper()
    if upper in _COMMON:
        return _COMMON[upper]
    alpha2, by_name = _table()
    found = by_name.get(text.lower())
    if found is not None:
        return found
    if text.isascii() and upper in alpha2:
        return upper
    folded = text.casefold().upper()  # "uſ" folds to "US": say so, never accept it
    if folded in alpha2:
        return folded
    close = difflib.get_close_matches(text.lower(), list(by_name), n=1, cutoff=0.85)
    return by_name[close[0]] if close else None


def _refuse(value: object, what: str) -> ValueError:
    hint = suggest(value) if isinstance(value, str) else None
    more = f" (did you mean `{hint}`?)" if hint else ""
    return ValueError(f"expected {what}, got `{value}`{more}")


def country(value: str) -> str:
    """Check a country code and give it upper-cased (`"us"` becomes `"US"`).

    Raises:
        TypeError: `value` is not a string.
        ValueError: not a real ISO 3166-1 alpha-2 code (nor `XK`); the message
            says which code was probably meant.

    Examples:
        >>> country("de")
        'DE'
        >>> country("UK")
        Traceback (most recent call last):
        ...
        ValueError: expected an ISO 3166-1 alpha-2 country code, got `UK` (did you mean `GB`?)
    """
    if not isinstance(value, str):
        raise TypeError(f"expected a two-letter country code, got `{value!r}`")
    code = value.strip()
    if len(code) == 2 and code.isascii():
        code = code.upper()
        if code in codes():
            return code
    if code.upper() in UNIONS and code.isascii():
        raise ValueError(
            f"`{value}` is a union ({UNIONS[code.upper()]}), not a country: "
            "give a member country"
        )
    raise _refuse(value, "an ISO 3166-1 alpha-2 country code")


def jurisdiction(value: str) -> str:
    """A regime's jurisdiction: a country code, or a union such as `EU`.

    Examples:
        >>> jurisdiction("eu"), jurisdiction("US")
        ('EU', 'US')
    """
    if isinstance(value, str) and value.isascii() and value.strip().upper() in UNIONS:
        return value.strip().upper()
    try:
        return country(value)
    except ValueError:
        unions = ", ".join(f"`{u}`" for u in UNIONS)
        raise _refuse(
            value, f"an ISO 3166-1 alpha-2 country code or a union ({unions})"
        ) from None
