"""Reading Consolidated Screening List snapshots: both CSV layouts and JSON.

The CSL is published as a file rebuilt hourly with no history, so a snapshot
is only "who is listed now": the caller says on which day it was taken. Rows
are read by column name, so the older 28-column layout (no `_id`) and the
current 29-column one read alike; JSON nests addresses, ids and alternative
names (DOMAIN.md section 5).

A download cut short must not pass for a shorter list: the parties in the rows
it lacks would read as removed. A CSV file must therefore end at a record
boundary: with a line break, or with a last row that has every field and does
not end just after a comma (in both layouts the last field, `ids`, is mostly
empty, so a file cut just after a row's last comma still has whole rows).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._countries import country
from .._csv import CsvProblem, records
from ..exceptions import ScreeningFileError

__all__ = ["SOURCES", "Listing", "ListSource", "RowProblem", "Snapshot", "read_csl"]


@attrs.frozen
class ListSource:
    """One of the 13 lists the CSL consolidates, and how aicontrols reads it.

    Attributes:
        code: the CSL's code, e.g. `EL`.
        name: the list's name.
        agency: the publishing agency.
        list_id: the id of the regime entity list its parties are put on.
        modelled: whether aicontrols models the list's legal effect; parties
            on an unmodelled list carry a caveat in every decision.
    """

    code: str
    name: str
    agency: str
    list_id: str
    modelled: bool


SOURCES: Mapping[str, ListSource] = {
    s.code: s
    for s in (
        ListSource("EL", "Entity List", "BIS", "entity-list", True),
        ListSource("DPL", "Denied Persons List", "BIS", "denied-persons-list", True),
        ListSource("UVL", "Unverified List", "BIS", "unverified-list", True),
        ListSource(
            "MEU", "Military End User List", "BIS", "military-end-user-list", True
        ),
        ListSource("ISN", "Nonproliferation Sanctions", "State", "state-isn", False),
        ListSource("DTC", "ITAR Debarred", "State", "state-dtc", False),
        ListSource("CAP", "Capta List", "Treasury", "treasury-cap", False),
        ListSource(
            "CMIC",
            "Non-SDN Chinese Military-Industrial Complex Companies List",
            "Treasury",
            "treasury-cmic",
            False,
        ),
        ListSource(
            "FSE", "Foreign Sanctions Evaders", "Treasury", "treasury-fse", False
        ),
        ListSource(
            "MBS",
            "Non-SDN Menu-Based Sanctions List",
            "Treasury",
            "treasury-mbs",
            False,
        ),
        ListSource(
            "PLC",
            "Palestinian Legislative Council List",
            "Treasury",
            "treasury-plc",
            False,
        ),
        ListSource(
            "SSI",
            "Sectoral Sanctions Identifications List",
            "Treasury",
            "treasury-ssi",
            False,
        ),
        ListSource(
            "SDN", "Specially Designated Nationals", "Treasury", "treasury-sdn", False
        ),
    )
}
"""The CSL's sources by code (DOMAIN.md section 5: 4 BIS, 2 State, 7 Treasury)."""

_CODE = re.compile(r"\(([A-Z]{2,4})\)")


def source_code(value: str) -> str | None:
    """The code of a CSL `source` value: `Entity List (EL) - Bureau ...` or `EL`."""
    text = value.strip()
    if text.upper() in SOURCES:
        return text.upper()
    for code in _CODE.findall(text):
        if code in SOURCES:
            return str(code)
    return None


@attrs.frozen
class RowProblem:
    """A malformed row: where it is, which column, the value and what is wrong."""

    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if not self.column and not self.value:  # about the file, not a value
            return f"{self.file}:{self.line}: {self.message}"
        shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        where = f"`{self.column}` = " if self.column else "value "
        return f"{self.file}:{self.line}: {where}{shown!r}: {self.message}"


@attrs.frozen
class Listing:
    """One CSL row, parsed: a party on one list, as one snapshot shows it.

    Attributes:
        source: the list's code (`EL`, `DPL`, ...); see `SOURCES`.
        key: the party's identity across snapshots: the source and its
            `entity_number` where the row has one, else the source, the
            normalised name and the normalised addresses (rows alike in all of
            these within one snapshot get `#2`, `#3`). A row whose addresses
            changed is matched to its party by `history_regime`.
        name: the listed name.
        line: the row's line in its file (JSON: its position in `results`,
            counting from 1).
        kind: the CSL `type` (`Entity`, `Individual`, `Vessel`, ...) or `None`.
        alt_names: other names, in order.
        address_countries: the countries of its addresses, in order.
        nationalities: ISO codes from `citizenships` and `nationalities`.
        programs: sanctions programs.
        federal_register_notices: the FR citations, in the row's order.
        start: `start_date`, or `None` when the row has none.
        end: `end_date` (a denial order's expiry), or `None`.
        standard_order: the DPL's `standard_order` flag (`Y` is `True`).
        license_requirement: the entry's License Requirement text.
        license_policy: the entry's License Review Policy text.
        entity_number: the source's own number, where it has one.
        csl_id: the current layout's `_id`.
        source_list_url: the list's page.
        ids: the row's identifiers (passports, tax and registration numbers),
            one text per identifier. They stay here: a regime built from the
            snapshots does not copy them (they are personal data for
            individuals).
    """

    source: str
    key: str
    name: str
    line: int
    kind: str | None = None
    alt_names: tuple[str, ...] = ()
    address_countries: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    federal_register_notices: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    standard_order: bool | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    entity_number: str | None = None
    csl_id: str | None = attrs.field(default=None, eq=False)
    source_list_url: str | None = None
    ids: tuple[str, ...] = ()

    @property
    def list_source(self) -> ListSource:
        """What aicontrols knows about the row's list."""
        return SOURCES[self.source]

    @property
    def name_key(self) -> str:
        """The source and the normalised name: the key without the addresses."""
        return self.key.split("|", 1)[0]

    def content(self) -> Listing:
        """This listing without where it sat in its file, to compare snapshots."""
        return attrs.evolve(self, line=0)


@attrs.frozen
class Snapshot:
    """A CSL file as published on one day.

    Attributes:
        taken: the day the snapshot was taken (knowledge time of what it says).
        listings: the good rows, in file order.
        problems: the malformed rows, reported, when the caller asked to keep
            the good rows of a file that has some (`skip_bad_rows=True`).
        file: where it was read from.
    """

    taken: dt.date
    listings: tuple[Listing, ...]
    problems: tuple[RowProblem, ...] = ()
    file: str = "<string>"


def read_csl(
    source: str | Path,
    *,
    taken: dt.date | str,
    text: str | None = None,
    skip_bad_rows: bool = False,
) -> Snapshot:
    """Read one CSL snapshot file (CSV in either layout, or JSON).

    Args:
        source: the file's path (or, with `text`, the name to report it by).
        taken: the day the snapshot was taken; the CSL itself carries no date.
        text: the file's content, when it is not to be read from `source`.
        skip_bad_rows: keep the good rows of a file with malformed ones; the
            malformed rows are then in `Snapshot.problems`. By default a
            malformed row makes the whole import fail.

    Raises:
        ScreeningFileError: the file cannot be read, its header lacks `source`
            or `name`, it ends inside a row (truncated), or (by default) a row
            is malformed: each problem names the file, the line, the column
            and the value.

    Examples:
        >>> text = '''source,name,start_date
        ... Entity List (EL) - Bureau of Industry and Security,Example Co.,2024-05-01
        ... '''
        >>> snapshot = read_csl("example.csv", text=text, taken="2026-01-05")
        >>> [(row.source, row.name, str(row.start)) for row in snapshot.listings]
        [('EL', 'Example Co.', '2024-05-01')]
    """
    name = str(source)
    day = _taken(taken)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            problem = RowProblem(name, 1, "", "", f"cannot read the file: {reason}")
            raise ScreeningFileError([problem]) from None
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    rows = (
        _json_rows(name, text)
        if stripped[:1] in "[{" and stripped
        else _csv_rows(name, text)
    )
    listings: list[Listing] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        found = _parse(name, line, row)
        if isinstance(found, list):
            problems += found
            continue
        count = seen[found.key] = seen.get(found.key, 0) + 1
        if count > 1:
            found = attrs.evolve(found, key=f"{found.key}#{count}")
        listings.append(found)
    if problems and not skip_bad_rows:
        raise ScreeningFileError(problems)
    return Snapshot(day, tuple(listings), tuple(problems), name)


def _taken(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"`taken`: expected a date, got the instant `{value}`")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"`taken`: expected a date like 2026-01-05, got `{value!r}`"
        ) from None


# ---------------------------------------------------------------- raw rows

_Row = Mapping[str, Any]


def _csv_rows(name: str, text: str) -> Iterator[tuple[int, _Row]]:
    rows = records(io.StringIO(text, newline=""))
    try:
        _, header = next(rows)
    except StopIteration:
        raise ScreeningFileError(
            [RowProblem(name, 1, "", "", "the file is empty")]
        ) from None
    except CsvProblem as problem:
        raise ScreeningFileError(
            [RowProblem(name, 1, "", "", problem.message)]
        ) from None
    header = [h.strip() for h in header]
    missing = [c for c in ("source", "name") if c not in header]
    if missing:
        raise ScreeningFileError(
            [
                RowProblem(
                    name,
                    1,
                    ", ".join(missing),
                    ",".join(header)[:200],
                    "the header lacks the column(s) "
                    + ", ".join(f"`{c}`" for c in missing)
                    + ": not a Consolidated Screening List file",
                )
            ]
        )
    try:
        for line, values in rows:
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                fields = dict(zip(header, values, strict=False))
                yield line, {"\0count": (len(values), len(header)), **fields}
            else:
                yield line, dict(zip(header, values, strict=True))
    except CsvProblem as problem:
        if problem.truncated:
            raise _truncated(name, problem.line, problem.message) from None
        raise ScreeningFileError(
            [RowProblem(name, problem.line, "", "", problem.message)]
        ) from None


def _truncated(name: str, line: int, why: str) -> ScreeningFileError:
    """The file stops inside the row at `line`: a download cut short."""
    message = f"the file ends inside this row: truncated? ({why})"
    return ScreeningFileError([RowProblem(name, line, "", "", message)])


def _json_rows(name: str, text: str) -> Iterator[tuple[int, _Row]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = RowProblem(name, error.lineno, "", "", f"not JSON: {error.msg}")
        raise ScreeningFileError([problem]) from None
    rows = data.get("results") if isinstance(data, dict) else data
    total = data.get("total") if isinstance(data, dict) else None
    if isinstance(rows, list) and isinstance(total, int) and total != len(rows):
        problem = RowProblem(
            name,
            1,
            "total",
            str(total),
            f"the file holds {len(rows)} of {total} rows: a page of the API, "
            "not a whole snapshot",
        )
        raise ScreeningFileError([problem])
    if not isinstance(rows, list):
        problem = RowProblem(
            name,
            1,
            "results",
            type(rows).__name__,
            "expected a list of rows under `results`",
        )
        raise ScreeningFileError([problem])
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            yield position, {"\0not-an-object": row}
        else:
            yield position, row


# ---------------------------------------------------------------- one row


def _parse(name: str, line: int, row: _Row) -> Listing | list[RowProblem]:
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


def _date(row: _Row, column: str, problem: Any) -> dt.date | None:
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
