"""The Commerce Country Chart (Supp. No. 1 to Part 738) as a value, and its cells.

Read from `data/country-chart.csv` (eCFR as of 2026-09-24) on first use. A
cell is read on a date, and says `None` (unknown), never "no license", where
the data cannot be trusted:

- before 2025-01-13 (no data before);
- in the columns AT1 and AT2, which the data never marks;
- in an unmarked cell of Cuba, Iran, North Korea or Syria, whose rows the
  source parsed wrongly (only CB1 marked) and which Part 746 governs.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from .._citation import Citation
from .._countries import country as check_country
from .._countries import suggest
from .._time import query_date
from ..exceptions import QueryError, UnknownIdError
from ._sources import AS_OF, DATA_FROM, NO_DATA, chart_citation
from ._tables import read_table

__all__ = ["ChartCell", "ChartFootnote", "ChartRow", "CountryChart", "country_chart"]

_COLUMNS = (
    *("CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1"),
    *("RS1", "RS2", "CC1", "CC2", "CC3", "FC1"),
)
_NEVER_MARKED = ("AT1", "AT2")
_UNRELIABLE = frozenset({"CU", "IR", "KP", "SY"})

_CRIMEA = (
    "Crimea, the so-called DNR and LNR: § 746.6 requires a license for nearly all "
    "items subject to the EAR (except EAR99 food and medicine and certain "
    "communications software)"
)
# Paraphrased from the chart's footnotes (country-chart-notes.md) [P]
_FOOTNOTES: tuple[tuple[int, str, str | None], ...] = (
    (
        1,
        "UN Security Council sanctions: see § 746.1(b); for Iraq, § 746.3 (the "
        "chart does not show these UN and regional-stability requirements)",
        None,
    ),
    (2, "certain thermal imaging cameras to these countries: § 742.4(a)", None),
    (3, "military commodities in ECCN 0A919: § 742.6(a)(3)", None),
    (4, "certain thermal imaging cameras: § 742.6(a)(2) and (a)(4)(ii)", None),
    (5, "Liechtenstein: use Switzerland's licensing requirements", None),
    (
        6,
        "Russia and Belarus: more license requirements under § 746.5 "
        "(industry-sector sanctions) and § 746.8 (sanctions reaching items in "
        "any ECCN)",
        None,
    ),
    (
        7,
        "India: a license is still needed for 6A003.b.4.b and 9A515.e for RS "
        "column 2 reasons",
        None,
    ),
    (
        8,
        _CRIMEA,
        "its text is that of footnote 9, and the data attaches it to Pakistan, "
        "which looks wrong: verify against the eCFR [?]",
    ),
    (9, _CRIMEA, "its text is that of footnote 8 [?]"),
    (
        10,
        "Australia and the United Kingdom: a license is required for listed "
        "firearms-related 0x5xx ECCNs (0A501 except .y, certain short-barrel "
        "shotguns in 0A502/0A508, 0A504.i, 0A505.a and .x, 0A506, 0A507, 0A509, "
        "and related 0D501/0D505/0E501/0E504/0E505 items)",
        None,
    ),
)

_AT_NOTE = (
    "the data never marks AT1 or AT2 (a gap of the parse, not of the law): "
    "unknown, never 'no license'"
)
_NEVER_NO = "unknown, never 'no license'"


@attrs.frozen
class ChartFootnote:
    """A footnote of the Country Chart, paraphrased.

    Attributes:
        number: the footnote's number in the chart.
        text: what it says, in substance.
        caution: a known doubt about it in the data, or `None`.
    """

    number: int
    text: str
    caution: str | None = None

    def describe(self) -> str:
        """The footnote on one line: `footnote 5: ...`, with its caution."""
        more = f" ({self.caution})" if self.caution else ""
        return f"footnote {self.number}: {self.text}{more}"


@attrs.frozen
class ChartRow:
    """A destination's row of the chart: the columns marked X and its footnotes.

    Attributes:
        country: the destination's code (ISO 3166-1 alpha-2, or `XK`).
        name: the chart's own spelling of its name (`"Korea, North"`).
        marked: the columns marked X (a license is required for that reason).
        footnotes: the numbers of the footnotes on the country's name.
    """

    country: str
    name: str
    marked: frozenset[str]
    footnotes: tuple[int, ...]


@attrs.frozen
class ChartCell:
    """One cell of the chart read on a date: is the column marked for the country?

    Attributes:
        country: the destination's code.
        column: the column, e.g. `NS1`.
        on: the day asked about.
        marked: `True` for an X (license required for that reason), `False`
            for none, `None` where the data cannot tell (see `note`).
        citation: the chart, the column, and the country's footnotes.
        note: why `marked` is `None` (or why an X is doubtful), else `None`.
    """

    country: str
    column: str
    on: dt.date
    marked: bool | None
    citation: Citation
    note: str | None = None

    @property
    def reason(self) -> str:
        """The reason for control of the column: `NS` for `NS1`."""
        return self.column.rstrip("0123456789")


@attrs.frozen
class CountryChart:
    """The Commerce Country Chart (Supp. No. 1 to 15 CFR Part 738) as of 2026-09-24.

    Attributes:
        columns: the columns in the data, in the data's order.
        never_marked: the chart's columns that the data never marks (`AT1`,
            `AT2`): read as unknown.
        rows: one per destination, sorted by code.
        footnotes: the chart's footnotes, paraphrased.
        unreliable: the destinations whose rows the data has wrong (Cuba,
            Iran, North Korea, Syria; Part 746 governs them).
        as_of: the eCFR issue date of the data.
        data_from: the first day the chart is read for (no data before).

    Examples:
        >>> from aicontrols import ear
        >>> chart = ear.country_chart()
        >>> sorted(chart.row("IN").marked)
        ['CB1', 'MT1', 'NP1', 'NS1', 'RS1']
        >>> chart.cell("IN", "NS2", on="2026-09-24").marked
        False
    """

    columns: tuple[str, ...]
    never_marked: tuple[str, ...]
    rows: tuple[ChartRow, ...]
    footnotes: tuple[ChartFootnote, ...]
    unreliable: frozenset[str]
    as_of: dt.date
    data_from: dt.date
    _by_country: dict[str, ChartRow] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        by_country = {row.country: row for row in self.rows}
        object.__setattr__(self, "_by_country", by_country)

    def row(self, country: str) -> ChartRow:
        """The row of `country` (a code such as `"CN"`; `"cn"` is read as `"CN"`).

        Raises:
            UnknownIdError: not a country code, or a country without a row
                (the United States; Hong Kong, which the EAR treats as China).
        """
        code = destination(country)
        found = self._by_country.get(code)
        if found is None:
            raise _not_in_chart(code)
        return found

    def footnote(self, number: int) -> ChartFootnote:
        """The chart's footnote `number`."""
        for note in self.footnotes:
            if note.number == number:
                return note
        raise UnknownIdError(
            "chart footnote",
            str(number),
            known=tuple(str(n.number) for n in self.footnotes),
        )

    def cell(self, country: str, column: str, *, on: dt.date | str) -> ChartCell:
        """Whether the chart marks `column` for `country` on `on`.

        Raises:
            UnknownIdError: an unknown country or column.
            QueryError: `on` is not a date.
        """
        row = self.row(country)
        if column not in self.columns and column not in self.never_marked:
            known = (*self.columns, *self.never_marked)
            upper = column.strip().upper() if isinstance(column, str) else ""
            raise UnknownIdError(
                "chart column",
                str(column),
                known=known,
                hint=upper if upper in known else None,
            )
        day = query_date(on, "on")
        citation = chart_citation(
            column,
            f"Commerce Country Chart: {row.name} ({row.country})",
            "; ".join(self.footnote(n).describe() for n in row.footnotes) or None,
        )
        marked: bool | None = column in row.marked
        note = None
        if day < self.data_from:
            marked, note = None, NO_DATA
        elif column in self.never_marked:
            marked, note = None, _AT_NOTE
        elif row.country in self.unreliable:
            note = f"the data's row for {row.name} is unreliable (Part 746 governs it)"
            if not marked:
                marked, note = None, f"{note}: {_NEVER_NO}"
        return ChartCell(row.country, column, day, marked, citation, note)


def destination(value: object) -> str:
    """A country code as the chart reads it; a clear error otherwise."""
    if not isinstance(value, str):
        raise QueryError(
            f"`country`: expected a two-letter country code, got `{value!r}`",
            argument="country",
            value=value,
        )
    try:
        return check_country(value)
    except ValueError:
        raise UnknownIdError("country", value, hint=suggest(value)) from None


def _not_in_chart(code: str) -> UnknownIdError:
    if code == "HK":
        return UnknownIdError(
            "country",
            code,
            hint="CN",
            note="the chart has no row for Hong Kong, which the EAR treats as China",
        )
    note = "the chart's destinations do not include it"
    if code == "US":
        note = "the United States is not a destination of the chart"
    return UnknownIdError("country", code, note=note)


@functools.cache
def country_chart() -> CountryChart:
    """The Commerce Country Chart as of 2026-09-24, loaded on first call.

    Examples:
        >>> from aicontrols import ear
        >>> len(ear.country_chart().rows), ear.country_chart().as_of
        (200, datetime.date(2026, 9, 24))
    """
    header = ("country", "ear_name", *_COLUMNS, "footnotes")
    rows = []
    for line, cells in read_table("country-chart.csv", header):
        code, name, *marks, notes = cells
        if any(mark not in ("", "X") for mark in marks):
            raise RuntimeError(f"data/country-chart.csv:{line}: a mark other than X")
        rows.append(
            ChartRow(
                check_country(code),
                name,
                frozenset(c for c, mark in zip(_COLUMNS, marks, strict=True) if mark),
                tuple(int(n) for n in notes.split(";")) if notes else (),
            )
        )
    return CountryChart(
        columns=_COLUMNS,
        never_marked=_NEVER_MARKED,
        rows=tuple(rows),
        footnotes=tuple(ChartFootnote(*note) for note in _FOOTNOTES),
        unreliable=_UNRELIABLE,
        as_of=AS_OF,
        data_from=DATA_FROM,
    )
