"""Which reasons for control need a license for an ECCN to a country on a date.

General Prohibition 1 read from the Commerce Country Chart: for each chart
column the ECCN names, whether the chart marks it for the country. The answer
says plainly where the chart alone does not decide: the country's footnotes,
Part 746 for Cuba, Iran, North Korea and Syria, the AT columns the data never
marks, the RS rows of § 742.6, a column that depends on the paragraph or on
what the item is.
"""

from __future__ import annotations

import datetime as dt

import attrs

from .._citation import Citation
from .._time import query_date
from ._chart import ChartCell, country_chart
from ._eccns import Column, Entry, entry, relation
from ._sources import AS_OF, DATA_FROM, NO_DATA, PART_774

__all__ = ["ChartAnswer", "ColumnAnswer", "license_reasons"]


@attrs.frozen
class ColumnAnswer:
    """One chart column that the ECCN names, read for the country and date.

    Attributes:
        reason: the reason for control, e.g. `NS`.
        column: the chart column, e.g. `NS1`.
        applies: `True` if the column applies to the ECCN as given; `None` if
            that depends on the paragraph (the whole entry was given) or on
            what the item is.
        applies_to: what the entry says the column covers, in words.
        marked: whether the chart marks the column for the country (`None`:
            unknown, see `note`).
        citation: the chart, the column, and the country's footnotes.
        note: why `applies` or `marked` is unknown, else `None`.
    """

    reason: str
    column: str
    applies: bool | None
    applies_to: str
    marked: bool | None
    citation: Citation
    note: str | None = None

    @property
    def license_required(self) -> bool | None:
        """Whether this column requires a license: `None` where unknown.

        An unmarked cell requires none whatever the paragraph; an X requires
        one once the column is known to apply.
        """
        if self.marked is False:
            return False
        if self.marked is True and self.applies is True:
            return True
        return None


@attrs.frozen
class ChartAnswer:
    """The Country Chart's answer for an ECCN to a country on a date (GP1).

    Attributes:
        eccn: the ECCN asked about, as given (`3A090.a`).
        country: the destination's code.
        on: the day asked about.
        columns: each chart column the ECCN names (or may name: see
            `ColumnAnswer.applies`), in the entry's order.
        notes: where the chart alone does not decide, in plain words.
        eccn_citation: the entry of the Commerce Control List read.

    Examples:
        >>> from aicontrols import ear
        >>> answer = ear.license_reasons("4A003.z.2.b", "CN", on="2026-09-24")
        >>> [(c.column, c.license_required) for c in answer.columns]
        [('NS2', True), ('CC1', None), ('AT1', None)]
        >>> answer.license_required
        True
    """

    eccn: str
    country: str
    on: dt.date
    columns: tuple[ColumnAnswer, ...]
    notes: tuple[str, ...]
    eccn_citation: Citation

    @property
    def license_required(self) -> bool | None:
        """`True` if a column requires a license; `False` only if every column
        requires none and nothing outside the chart is open; else `None`."""
        required = [c.license_required for c in self.columns]
        if True in required:
            return True
        if None in required or self.notes:
            return None
        return False

    def explain(self) -> str:
        """The answer in words: a headline, each column, then the notes."""
        required = [c.column for c in self.columns if c.license_required]
        headline = {
            True: f"a license is required ({', '.join(required)})",
            False: "no license is required by the chart",
            None: "the Country Chart alone does not decide",
        }[self.license_required]
        lines = [
            f"{self.eccn} to {self.country} on {self.on.isoformat()} "
            f"(General Prohibition 1, the Commerce Country Chart): {headline}"
        ]
        for c in self.columns:
            mark = {True: "X", False: "no X", None: "unknown"}[c.marked]
            need = {True: "license required", False: "no license", None: "open"}
            lines.append(
                f"  {c.column} ({c.reason}, for {c.applies_to}): {mark}, "
                f"{need[c.license_required]}"
            )
            if c.note:
                lines.append(f"      {c.note}")
            lines.append(f"      {c.citation.source}")
        if self.notes:
            lines.append("Not decided by the chart alone:")
            lines.extend(f"  - {note}" for note in self.notes)
        lines.append(
            f"Data: the eCFR of {AS_OF.isoformat()}, read for days from "
            f"{DATA_FROM.isoformat()} on; later changes are not reflected. "
            "Not legal advice."
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()


def _column(
    found: Entry, given: str, column: Column, cell: ChartCell
) -> ColumnAnswer | None:
    """The answer for one column, or `None` where it does not cover `given`."""
    if column.condition is not None:
        applies: bool | None = None
        applies_to = column.condition
        why: str | None = f"depends on the item: {column.column} covers {applies_to}"
    elif not column.paragraphs:
        applies, applies_to, why = True, "the entire entry", None
    else:
        relations = [relation(given, p) for p in column.paragraphs]
        if True in relations:
            applies = True
        elif None in relations:
            applies = None
        else:
            return None
        applies_to = ", ".join(f"{found.eccn}.{p}" for p in column.paragraphs)
        why = (
            None
            if applies
            else f"depends on the paragraph: {column.column} covers {applies_to} "
            "only; give the paragraph"
        )
    note = "; ".join(n for n in (why, cell.note) if n) or None
    return ColumnAnswer(
        cell.reason, cell.column, applies, applies_to, cell.marked, cell.citation, note
    )


def _rs_note(found: Entry, given: str) -> str | None:
    """Where § 742.6 puts the RS requirements of the ECCN as given."""
    rows = [
        row.where
        for row in found.rs_rows
        if not row.paragraphs
        or any(relation(given, p) is not False for p in row.paragraphs)
    ]
    if not rows:
        return None
    return (
        "RS: the license requirements for RS reasons of these items are rows of "
        f"§ 742.6, not chart columns ({'; '.join(rows)})"
    )


def license_reasons(eccn: str, country: str, *, on: dt.date | str) -> ChartAnswer:
    """The reasons for control that need a license for `eccn` to `country` on `on`.

    General Prohibition 1 (15 CFR 736.2(b)(1)) read from the Commerce Country
    Chart: each chart column the ECCN's entry names, whether the chart marks
    it for the country, with the column and the country's footnotes cited.
    An ECCN may be given with or without its paragraph (`3A090`, `3A090.a`,
    `4A003.z.1`); a column that covers only some paragraphs of an entry given
    whole is `None` ("depends on the paragraph"), never a guess. Before
    2025-01-13 every cell is unknown ("no data before 2025-01-13").

    Raises:
        UnknownIdError: an ECCN or paragraph the bundled table lacks, or an
            unknown country; the error names the one probably meant.
        QueryError: `on` is not a date.

    Examples:
        >>> from aicontrols import ear
        >>> answer = ear.license_reasons("3A001.z", "IN", on="2026-09-24")
        >>> [(c.column, c.marked, c.applies) for c in answer.columns]
        [('NS2', False, True), ('MT1', True, None), ('NP1', True, None), ('AT1', None, True)]
    """
    found, given = entry(eccn)
    chart = country_chart()
    row = chart.row(country)
    day = query_date(on, "on")
    columns = []
    for column in found.columns:
        cell = chart.cell(row.country, column.column, on=day)
        answer = _column(found, given, column, cell)
        if answer is not None:
            columns.append(answer)
    notes = [chart.footnote(n).describe() for n in row.footnotes]
    if 5 in row.footnotes:
        notes.append(
            f"{row.name}: footnote 5 applies Switzerland's licensing requirements; "
            "ask for `CH` too"
        )
    if row.country in chart.unreliable:
        notes.append(
            f"{row.name}: the data's chart row is unreliable and Part 746 governs "
            "this destination (§§ 746.2, 746.4, 746.7, 746.9): never read an "
            "empty cell as 'no license'"
        )
    if any(c.column in chart.never_marked for c in columns):
        notes.append(
            "AT: the data never marks the AT columns; whether AT requires a "
            "license here is unknown, never 'no license'"
        )
    rs = _rs_note(found, given)
    if rs is not None:
        notes.append(rs)
    if day < DATA_FROM:
        notes.append(f"{NO_DATA}: every cell is unknown")
    return ChartAnswer(
        eccn=eccn,
        country=row.country,
        on=day,
        columns=tuple(columns),
        notes=tuple(notes),
        eccn_citation=Citation(
            f"15 CFR Part 774, Supp. No. 1, ECCN {found.eccn}",
            title="Commerce Control List: License Requirements",
            url=PART_774,
            note=f"eCFR as of {AS_OF.isoformat()}; the chart columns this entry "
            "names, as the bundled reference data gives them",
        ),
    )
