"""One Consolidated Screening List row into a `Listing`, and names into words.

A raw row (a CSV record by column name, or a JSON object) is checked and
parsed on its own: its source, name, dates, countries, Federal Register
citations (`split_citations`) and identifiers, and the key that follows its
party across snapshots. A malformed row gives its `RowProblem`s instead.
`normalise` turns a name into the distinctive words that keys and screening
compare.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from .._countries import country
from ._listing import Listing, RowProblem, source_code

__all__ = ["normalise", "split_citations"]

Row = Mapping[str, Any]


def parse_row(name: str, line: int, row: Row) -> Listing | list[RowProblem]:
    problems: list[RowProblem] = []

    def problem(column: str, value: object, message: str) -> None:
        problems.append(RowProblem(name, line, column, _text(value), message))

    if "\0not-an-object" in row:
        problem("", row["\0not-an-object"], "a row must be an object")
        return problems
    if "\0count" in row:
        got, want = row["\0count"]
        problem("", "", f"the row has {got} fields, the header {want}")
    raw_source = _one(row.get("source"))
    code = source_code(raw_source) if raw_source else None
    if not raw_source:
        problem("source", raw_source, "the source is missing")
    elif code is None:
        problem("source", raw_source, "unknown source: not one of the 13 CSL lists")
    raw_name = _one(row.get("name"))
    party = " ".join(raw_name.split())
    if not party:
        problem("name", row.get("name"), "the name is missing")
    elif "\n" in raw_name or "\r" in raw_name:
        problem("name", raw_name, "the name spans several lines: a stray quote?")
    start = _date(row, "start_date", problem)
    end = _date(row, "end_date", problem)
    if start is not None and end is not None and end <= start:
        problem("end_date", row.get("end_date"), f"ends on or before its start {start}")
    countries = _address_countries(row.get("addresses"))
    nationalities = _codes(row.get("citizenships"), row.get("nationalities"))
    for column, found in (
        ("addresses", countries),
        ("nationalities", nationalities),
    ):
        for given in found:
            try:
                country(given)
            except ValueError as error:
                problem(column, given, str(error))
    if problems or code is None:
        return problems
    number = _one(row.get("entity_number")) or None
    if number:
        key = f"{code}:{number}"
    else:  # the name and where: duplicate names are distinct parties
        where = " ".join(normalise(_addresses_text(row.get("addresses")))) or "-"
        key = f"{code}:{' '.join(normalise(party))}|{where}"
    order = _one(row.get("standard_order")).upper()
    return Listing(
        source=code,
        key=key,
        name=party,
        line=line,
        kind=_one(row.get("type")) or None,
        alt_names=_names(row.get("alt_names")),
        address_countries=countries,
        nationalities=nationalities,
        programs=_many(row.get("programs")),
        federal_register_notices=split_citations(
            _one(row.get("federal_register_notice"))
        ),
        start=start,
        end=end,
        standard_order={"Y": True, "N": False}.get(order),
        license_requirement=_one(row.get("license_requirement")) or None,
        license_policy=_one(row.get("license_policy")) or None,
        entity_number=number,
        csl_id=_one(row.get("_id") or row.get("id")) or None,
        source_list_url=_one(row.get("source_list_url")) or None,
        ids=_identifiers(row.get("ids")),
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _one(value: object) -> str:
    """A single text value; JSON lists are joined as the CSV layout joins them."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_one(v) for v in value)
    return str(value).strip()


def _many(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        parts: Iterable[str] = (_one(v) for v in value)
    else:
        parts = _one(value).split(";")
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _names(value: object) -> tuple[str, ...]:
    names = (" ".join(n.split()) for n in _many(value))
    return tuple(dict.fromkeys(re.sub(r"^and\s+", "", n) for n in names if n))


_ISO = re.compile(r"[A-Z]{2}")


def _address_countries(value: object) -> tuple[str, ...]:
    found: list[str] = []
    if isinstance(value, list):  # JSON: objects with a `country`
        for address in value:
            code = _one(
                address.get("country") if isinstance(address, dict) else address
            )
            found.append(code.split(",")[-1].strip())
    else:
        found = [a.split(",")[-1].strip() for a in _one(value).split(";")]
    return tuple(dict.fromkeys(c for c in found if _ISO.fullmatch(c)))


def _addresses_text(value: object) -> str:
    """The addresses as the CSV layout writes them, from either layout."""
    if isinstance(value, list):
        parts = []
        for one in value:
            if isinstance(one, dict):
                fields = ("address", "city", "state", "postal_code", "country")
                parts.append(
                    ", ".join(str(one[f]).strip() for f in fields if one.get(f))
                )
            else:
                parts.append(_one(one))
        return "; ".join(parts)
    return _one(value)


def _identifiers(value: object) -> tuple[str, ...]:
    """CSV: `type, number, country` texts joined by "; "; JSON: objects."""
    if isinstance(value, list):
        parts = []
        for one in value:
            if isinstance(one, dict):
                fields = (one.get(k) for k in ("type", "number", "country"))
                parts.append(", ".join(str(f).strip() for f in fields if f))
            else:
                parts.append(_one(one))
        return tuple(p for p in parts if p)
    return _many(value)


def _codes(*values: object) -> tuple[str, ...]:
    found = [c for value in values for c in _many(value)]
    return tuple(dict.fromkeys(c for c in found if _ISO.fullmatch(c)))


def _date(row: Row, column: str, problem: Any) -> dt.date | None:
    value = _one(row.get(column))
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problem(column, value, "not a date like 2024-05-01")
        return None


_NEXT_CITATION = re.compile(r"\s*[;,]\s*(?=\d+\s*F\.?\s*R\.?\s*\d)")


def split_citations(value: str) -> tuple[str, ...]:
    """The FR citations of a `federal_register_notice` value, in order.

    Examples:
        >>> split_citations("66 FR 24266, 77 FR 58006 (no. 182), 81 FR 64694")
        ('66 FR 24266', '77 FR 58006 (no. 182)', '81 FR 64694')
        >>> split_citations("83 FR 37423; 87 FR 77505")
        ('83 FR 37423', '87 FR 77505')
    """
    parts = (p.strip() for part in value.split(";") for p in _NEXT_CITATION.split(part))
    return tuple(p for p in parts if p)


# ---------------------------------------------------------------- names

_FORMS = frozenset(
    [
        "a",
        "ag",
        "and",
        "as",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "de",
        "der",
        "des",
        "du",
        "gmbh",
        "inc",
        "incorporated",
        "jsc",
        "kg",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "nv",
        "oao",
        "of",
        "ojsc",
        "ooo",
        "pjsc",
        "plc",
        "pte",
        "pty",
        "pvt",
        "sa",
        "sarl",
        "spa",
        "srl",
        "the",
        "zao",
    ]
)
"""Words that say little about who a party is: articles and legal forms."""


def normalise(name: str) -> tuple[str, ...]:
    """A name as screening compares it: its distinctive words, in order.

    Accents and case are dropped, punctuation splits words, and articles and
    legal forms (`Ltd.`, `Co.`, `LLC`, `the`, ...) and single letters (`S.A.`)
    are left out.

    Examples:
        >>> normalise("Beijing Zhongguancun Co., Ltd.")
        ('beijing', 'zhongguancun')
        >>> normalise("Société Générale S.A.")
        ('societe', 'generale')
    """
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[^\W_]+", plain)
    kept = tuple(
        w for w in words if w not in _FORMS and not (len(w) == 1 and w.isalpha())
    )
    return kept or tuple(words)
