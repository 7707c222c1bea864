"""The bundled Commerce Country Chart and its lookup, `aicontrols.ear.license_reasons` (#18).

The chart is read against the packaged `country-chart.csv` on every cell. The
anomalies of the data are tests of failing closed: the AT columns, which the
data never marks, and the rows of Cuba, Iran, North Korea and Syria, which it
has wrong, never answer "no license".
"""

from __future__ import annotations

import csv
import datetime as dt
from importlib.resources import files

import pytest

import aicontrols as ac
from aicontrols import ear

D = dt.date
AS_OF = D(2026, 9, 24)
EMBARGOED = ("CU", "IR", "KP", "SY")
WHOLE = ("3A001", "3A090", "4A003", "4A090", "4D090", "4E001", "4E091", "5A992.z")
WHOLE += ("3E001",)


def packaged_chart() -> list[dict[str, str]]:
    """The rows of the packaged `country-chart.csv`."""
    text = (files("aicontrols.ear") / "data" / "country-chart.csv").read_text(
        encoding="utf-8"
    )
    return list(csv.DictReader(text.splitlines()))


ROWS = packaged_chart()
COLUMNS = [c for c in ROWS[0] if c not in ("country", "ear_name", "footnotes")]


class TestChartAgreesWithTheTable:
    def test_every_cell(self) -> None:
        """Every (country, column) cell on 2026-09-24 is the table's: X marked, empty not, bar the embargoed rows."""
        chart = ear.country_chart()
        assert 200 == len(ROWS)
        for row in ROWS:
            for column in COLUMNS:
                cell = chart.cell(row["country"], column, on=AS_OF)
                if row[column] == "X":
                    expected: bool | None = True
                elif row["country"] in EMBARGOED:
                    expected = None  # the row is unreliable: never "no license"
                else:
                    expected = False
                assert (row["country"], column, expected) == (
                    cell.country,
                    cell.column,
                    cell.marked,
                )

    def test_every_row_its_name_and_footnotes(self) -> None:
        """Each row keeps the chart's spelling of the name and its footnote numbers."""
        chart = ear.country_chart()
        assert [r["country"] for r in ROWS] == [r.country for r in chart.rows]
        for row in ROWS:
            found = chart.row(row["country"])
            assert row["ear_name"] == found.name
            assert row["footnotes"] == ";".join(str(n) for n in found.footnotes)
            assert {c for c in COLUMNS if row[c] == "X"} == found.marked

    @pytest.mark.parametrize("eccn", WHOLE)
    def test_the_lookup_reads_the_same_cells(self, eccn: str) -> None:
        """`license_reasons` reports, for every country, the chart's own cell of each column."""
        chart = ear.country_chart()
        for row in ROWS:
            answer = ear.license_reasons(eccn, row["country"], on=AS_OF)
            for column in answer.columns:
                cell = chart.cell(row["country"], column.column, on=AS_OF)
                assert cell.marked == column.marked
                assert cell.citation == column.citation

    def test_a_cell_cites_the_column_and_the_footnotes(self) -> None:
        """A cell cites Supp. No. 1 to Part 738, its column and the country's footnotes with their text."""
        cell = ear.country_chart().cell("RU", "NS1", on=AS_OF)
        assert "15 CFR Part 738, Supp. No. 1, column NS1" == cell.citation.source
        assert "Commerce Country Chart: Russia (RU)" == cell.citation.title
        assert "footnote 6: Russia and Belarus" in (cell.citation.note or "")
        assert "§ 746.8" in (cell.citation.note or "")


class TestNeverNoLicenseWhereTheDataIsWrong:
    @pytest.mark.parametrize("column", ["AT1", "AT2"])
    def test_at_columns_are_unknown(self, column: str) -> None:
        """The AT columns, never marked in the data, are unknown for every country."""
        chart = ear.country_chart()
        assert {None} == {
            chart.cell(r.country, column, on=AS_OF).marked for r in chart.rows
        }

    @pytest.mark.parametrize("country", EMBARGOED)
    def test_embargoed_rows_never_answer_no_license(self, country: str) -> None:
        """For Cuba, Iran, North Korea and Syria no ECCN and no column answers 'no license'; Part 746 is named."""
        for eccn in ear.known_eccns():
            answer = ear.license_reasons(eccn, country, on=AS_OF)
            assert answer.license_required is not False
            assert [] == [c for c in answer.columns if c.license_required is False]
            assert any("Part 746" in note for note in answer.notes)

    @pytest.mark.parametrize("eccn", WHOLE)
    def test_at_never_answers_no_license(self, eccn: str) -> None:
        """AT1 is unknown in every answer, and no answer says 'no license' overall."""
        for row in ROWS:
            answer = ear.license_reasons(eccn, row["country"], on=AS_OF)
            (at,) = [c for c in answer.columns if c.reason == "AT"]
            assert (None, None) == (at.marked, at.license_required)
            assert answer.license_required is not False
            assert any(note.startswith("AT: ") for note in answer.notes)


class TestBeforeTheData:
    def test_every_cell_is_unknown_before_2025_01_13(self) -> None:
        """On 2025-01-12 every cell is unknown, with 'no data before 2025-01-13'; on 2025-01-13 it is known."""
        chart = ear.country_chart()
        for row in chart.rows:
            for column in (*chart.columns, *chart.never_marked):
                cell = chart.cell(row.country, column, on="2025-01-12")
                assert (None, "no data before 2025-01-13") == (cell.marked, cell.note)
        assert chart.cell("CN", "NS1", on="2025-01-13").marked is True

    def test_the_lookup_says_no_data(self) -> None:
        """Before 2025-01-13 the lookup marks nothing and says why."""
        answer = ear.license_reasons("3A001", "CN", on=D(2024, 12, 31))
        assert {None} == {c.marked for c in answer.columns}
        assert answer.license_required is None
        assert "no data before 2025-01-13: every cell is unknown" in answer.notes


class TestParagraphs:
    def test_whole_entry_depends_on_the_paragraph(self) -> None:
        """Given 3A001 whole, MT1 and NP1 (for z.2 and z.3 only) 'depend on the paragraph'."""
        answer = ear.license_reasons("3A001", "CN", on=AS_OF)
        found = {c.column: c for c in answer.columns}
        assert ["NS2", "MT1", "NP1", "AT1"] == list(found)
        assert (True, True) == (found["NS2"].applies, found["NS2"].license_required)
        assert (None, None) == (found["MT1"].applies, found["MT1"].license_required)
        assert "depends on the paragraph" in (found["MT1"].note or "")
        assert "3A001.z.2" == found["MT1"].applies_to

    def test_a_paragraph_selects_its_columns(self) -> None:
        """3A001.z.2.a takes MT1 and not NP1; 3A001.z.1 takes neither."""
        z2a = ear.license_reasons("3A001.z.2.a", "CN", on=AS_OF)
        assert ["NS2", "MT1", "AT1"] == [c.column for c in z2a.columns]
        assert {c.column: c.applies for c in z2a.columns}["MT1"] is True
        z1 = ear.license_reasons("3A001.z.1", "CN", on=AS_OF)
        assert ["NS2", "AT1"] == [c.column for c in z1.columns]

    def test_4a003_paragraphs(self) -> None:
        """4A003.z.1 takes NS1, 4A003.g takes NS2, 4A003.z may take either; CC1 depends on the item."""
        assert ["NS1", "CC1", "AT1"] == [
            c.column for c in ear.license_reasons("4A003.z.1", "CN", on=AS_OF).columns
        ]
        assert ["NS2", "CC1", "AT1"] == [
            c.column for c in ear.license_reasons("4A003.g", "CN", on=AS_OF).columns
        ]
        z = {
            c.column: c for c in ear.license_reasons("4A003.z", "CN", on=AS_OF).columns
        }
        assert (None, None, None) == (
            z["NS1"].applies,
            z["NS2"].applies,
            z["CC1"].applies,
        )
        assert "depends on the item" in (z["CC1"].note or "")

    def test_an_unmarked_cell_needs_no_license_whatever_the_paragraph(self) -> None:
        """An unmarked column needs no license even where it depends on the paragraph."""
        z = {
            c.column: c for c in ear.license_reasons("3A001.z", "GB", on=AS_OF).columns
        }
        assert (None, False, False) == (
            z["MT1"].applies,
            z["MT1"].marked,
            z["MT1"].license_required,
        )

    def test_rs_rows_are_section_742_6(self) -> None:
        """The RS requirements of the AI items are named as § 742.6 rows, not chart columns."""
        (a,) = [
            n
            for n in ear.license_reasons("3A090.a", "MY", on=AS_OF).notes
            if n.startswith("RS: ")
        ]
        assert "§ 742.6(a)(6)(iii)(A)" in a
        assert "(B)" not in a
        (weights,) = [
            n
            for n in ear.license_reasons("4E091", "IN", on=AS_OF).notes
            if n.startswith("RS: ")
        ]
        assert "§ 742.6(a)(13)" in weights
        assert "RS" not in {
            c.reason for c in ear.license_reasons("3A090", "CN", on=AS_OF).columns
        }

    def test_liechtenstein_points_to_switzerland(self) -> None:
        """Liechtenstein's answer carries its footnote 5: Switzerland's requirements."""
        notes = ear.license_reasons("3A090", "LI", on=AS_OF).notes
        assert any("Switzerland" in note and "`CH`" in note for note in notes)

    def test_a_license_required_and_its_explanation(self) -> None:
        """An X in a column that applies requires a license, and the explanation says so, column and citation."""
        answer = ear.license_reasons("3E001", "CN", on=AS_OF)
        assert answer.license_required is True
        text = str(answer)
        assert text == answer.explain()
        assert text.startswith(
            "3E001 to CN on 2026-09-24 (General Prohibition 1, the Commerce Country "
            "Chart): a license is required"
        )
        assert "NS1 (NS, for the entire entry): X, license required" in text
        assert "15 CFR Part 738, Supp. No. 1, column NS1" in text
        assert "Not decided by the chart alone:" in text
        assert answer.eccn_citation.source == "15 CFR Part 774, Supp. No. 1, ECCN 3E001"


class TestBadQuestions:
    @pytest.mark.parametrize(
        ("eccn", "hint"),
        [
            ("3A091", "3A090"),
            ("3a090.A", "3A090.a"),
            ("5A992", "5A992.z"),
            ("EAR99", None),
        ],
    )
    def test_unknown_eccn(self, eccn: str, hint: str | None) -> None:
        """An ECCN or paragraph the table lacks is refused, naming the one probably meant."""
        with pytest.raises(ac.UnknownIdError) as raised:
            ear.license_reasons(eccn, "CN", on=AS_OF)
        assert hint == raised.value.hint
        assert f"unknown ECCN id `{eccn}`" in str(raised.value)

    @pytest.mark.parametrize(
        ("country", "hint"), [("UK", "GB"), ("HK", "CN"), ("US", None), ("Chna", "CN")]
    )
    def test_unknown_country(self, country: str, hint: str | None) -> None:
        """A country that is no code, or has no row in the chart, is refused with the one meant."""
        with pytest.raises(ac.UnknownIdError) as raised:
            ear.license_reasons("3A090.a", country, on=AS_OF)
        assert hint == raised.value.hint

    def test_lower_case_country_is_read(self) -> None:
        """A country code in lower case is the same country."""
        assert "CN" == ear.license_reasons("3A090.a", "cn", on=AS_OF).country

    def test_malformed_arguments(self) -> None:
        """A non-string ECCN or country, or a bad date, is a `QueryError` naming the argument."""
        with pytest.raises(ac.QueryError, match="`eccn`"):
            ear.license_reasons(3090, "CN", on=AS_OF)  # type: ignore[arg-type]
        with pytest.raises(ac.QueryError, match="`country`"):
            ear.license_reasons("3A090", None, on=AS_OF)  # type: ignore[arg-type]
        with pytest.raises(ac.QueryError, match="`on`"):
            ear.license_reasons("3A090", "CN", on="2026-13-01")

    def test_unknown_column(self) -> None:
        """A chart column that does not exist is refused, with the spelling meant."""
        with pytest.raises(ac.UnknownIdError) as raised:
            ear.country_chart().cell("CN", "ns1", on=AS_OF)
        assert "NS1" == raised.value.hint


class TestColumnAnswer:
    @pytest.mark.parametrize(
        ("applies", "marked", "required"),
        [
            (True, True, True),
            (True, False, False),
            (True, None, None),
            (None, True, None),
            (None, False, False),
            (None, None, None),
        ],
    )
    def test_license_required(
        self, applies: bool | None, marked: bool | None, required: bool | None
    ) -> None:
        """A column requires a license only if it applies and is marked; an unmarked one never does."""
        answer = ear.ColumnAnswer(
            "NS", "NS1", applies, "the entire entry", marked, ac.Citation("x")
        )
        assert required == answer.license_required


class TestChartAnswer:
    def test_no_license_only_when_every_column_says_none_and_nothing_is_open(
        self,
    ) -> None:
        """An answer is 'no license' only if every column is unmarked and no note is open."""
        citation = ac.Citation("15 CFR Part 738, Supp. No. 1, column NS1")
        clear = ear.ColumnAnswer("NS", "NS1", True, "the entire entry", False, citation)
        answer = ear.ChartAnswer("9Z999", "GB", AS_OF, (clear,), (), citation)
        assert answer.license_required is False
        assert "no license is required by the chart" in answer.explain()
        noted = ear.ChartAnswer(
            "9Z999", "GB", AS_OF, (clear,), ("a footnote",), citation
        )
        assert noted.license_required is None

    def test_footnote_numbers(self) -> None:
        """The chart's footnotes are 1 to 10; another number is refused."""
        chart = ear.country_chart()
        assert list(range(1, 11)) == [n.number for n in chart.footnotes]
        with pytest.raises(ac.UnknownIdError, match="unknown chart footnote id `11`"):
            chart.footnote(11)


class TestModule:
    def test_lazy_names_and_unknown_ones(self) -> None:
        """The lookup's names are listed before first use; an unknown name is an AttributeError."""
        assert {"license_reasons", "ChartAnswer", "known_eccns"} <= set(dir(ear))
        assert set(ear.__all__) <= set(dir(ear))
        with pytest.raises(AttributeError, match="no attribute 'chart'"):
            ear.chart  # type: ignore[attr-defined]  # noqa: B018
