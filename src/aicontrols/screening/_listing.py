"""What a Consolidated Screening List snapshot holds, once read.

The 13 lists the CSL consolidates (`SOURCES`, `ListSource`), a parsed row
(`Listing`), a malformed one (`RowProblem`), and a whole file as published on
one day (`Snapshot`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import attrs

__all__ = ["SOURCES", "Listing", "ListSource", "RowProblem", "Snapshot"]


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
