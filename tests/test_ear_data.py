"""The bundled EAR Country Groups: the packaged tables, dates and citations (#18).

Membership is read here from the groups' own `Membership` spans, as data: a
country is a member on a day if one of its spans covers the day
(`start <= day < end`, `None` open). No regime and no engine are involved.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import pytest

import aicontrols as ac
from aicontrols import ear

D = dt.date
AS_OF = D(2026, 9, 24)
SHARED = Path(__file__).parents[2] / "shared" / "data" / "ear"
NO_SHARED = (
    "needs the maintainers' reference copy of the EAR tables (data/ear in the "
    "project's shared folder, which is not part of the repository): put that "
    f"folder at {SHARED.parents[1]}, beside the checkout, to compare the packaged "
    "tables with it"
)
PACKAGED = files("aicontrols.ear") / "data"
SUPP_1 = ("A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B")
SUPP_1 += ("D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2")


def covers(membership: ac.Membership, day: dt.date) -> bool:
    """Whether a (date-bounded) membership span covers `day`."""
    start, end = membership.start, membership.end
    assert start is None or type(start) is dt.date
    assert end is None or type(end) is dt.date
    return (start is None or start <= day) and (end is None or day < end)


def members_on(group: ac.CountryGroup, day: dt.date) -> set[str]:
    """The group's members on `day`, read from its membership spans."""
    return {m.member for m in group.members if covers(m, day)}


def unknown_on(group: ac.CountryGroup, day: dt.date) -> set[str]:
    """The countries whose membership of the group is unknown on `day`."""
    if group.data_from is not None and day < group.data_from:
        return {"*"}
    return {m.member for m in group.unknown if covers(m, day)}


def packaged_groups() -> dict[str, set[str]]:
    """Each group's members in the packaged `country-groups.csv`."""
    found: dict[str, set[str]] = defaultdict(set)
    text = (PACKAGED / "country-groups.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        found[row["group"]].add(row["country"])
    return found


class TestPackagedFiles:
    @pytest.mark.parametrize("name", ["country-groups.csv", "country-chart.csv"])
    @pytest.mark.skipif(not SHARED.is_dir(), reason=NO_SHARED)
    def test_packaged_table_is_the_reference_table(self, name: str) -> None:
        """The tables shipped in the package are the issue's reference data, byte for byte."""
        assert (SHARED / name).read_bytes() == (PACKAGED / name).read_bytes()

    def test_readme_states_date_sources_and_decision(self) -> None:
        """The data folder says its as-of date, its sources, the data_from decision and the anomalies."""
        text = (PACKAGED / "README.md").read_text(encoding="utf-8")
        for fact in (
            "2026-09-24",
            "data_from = 2025-01-13",
            "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-738",
            "OSUGIYAMA/EyeWarnYou",
            "RIN 0694-AK41",
            "91 FR 43038",
            "AT1 and AT2 are never marked",
            "Cuba, Iran, North Korea and Syria",
        ):
            assert fact in text

    def test_reference_notes_agree_with_the_group_counts(self) -> None:
        """Each group has as many members on 2026-09-24 as the reference notes count."""
        counts = {"A:1": 40, "A:2": 34, "A:3": 42, "A:4": 45, "A:5": 38, "A:6": 8}
        counts |= {"B": 173, "D:1": 24, "D:2": 10, "D:3": 36, "D:4": 21, "D:5": 22}
        counts |= {"E:1": 3, "E:2": 1, "supp-5a": 19}
        assert counts == {g.id: len(members_on(g, AS_OF)) for g in ear.country_groups()}


class TestCountryGroups:
    def test_ids_are_the_tables_groups_and_supp_5a(self) -> None:
        """The groups are A:1 ... E:2 in the tables' order, then `supp-5a`."""
        assert (*SUPP_1, "supp-5a") == tuple(g.id for g in ear.country_groups())

    def test_loaded_once(self) -> None:
        """Every call gives the same tuple: the table is read once."""
        assert ear.country_groups() is ear.country_groups()

    @pytest.mark.parametrize("group", SUPP_1)
    def test_members_on_the_as_of_date_are_the_table(self, group: str) -> None:
        """On 2026-09-24 each group's members are exactly the packaged table's."""
        found = ear.country_group(group)
        assert packaged_groups()[group] == members_on(found, AS_OF)
        assert set() == unknown_on(found, AS_OF)

    @pytest.mark.parametrize("group", SUPP_1)
    def test_no_data_before_the_ai_diffusion_rule(self, group: str) -> None:
        """Each Supp. No. 1 group's data starts on 2025-01-13 and says so in its citation."""
        found = ear.country_group(group)
        assert D(2025, 1, 13) == found.data_from
        assert found.citation is not None
        assert "15 CFR Part 740, Supp. No. 1" == found.citation.source
        assert "no data before 2025-01-13" in (found.citation.note or "")
        assert "2026-09-24" in (found.citation.note or "")

    def test_names_come_from_the_table_headings(self) -> None:
        """A group with a heading is named by it; A:5 and A:6, which have none, by their codes."""
        names = {g.id: g.name for g in ear.country_groups()}
        assert "Country Group A:1: Wassenaar participating states" == names["A:1"]
        assert "Country Group D:5: U.S. Arms Embargoed Countries" == names["D:5"]
        assert "Country Group A:5" == names["A:5"]

    def test_kosovo_and_the_coverage_gaps(self) -> None:
        """Kosovo (`XK`) is in B; Liechtenstein is in no group; the US is in A:1."""
        on = {g.id: members_on(g, AS_OF) for g in ear.country_groups()}
        assert "XK" in on["B"]
        assert [] == [g for g, members in on.items() if "LI" in members]
        assert "US" in on["A:1"]


class TestCambodia:
    def test_in_d5_from_2021_to_2026_02_03(self) -> None:
        """Cambodia is in D:5 from 2021-12-09 until 2026-02-03, exclusive."""
        d5 = ear.country_group("D:5")
        assert "KH" not in members_on(d5, D(2021, 12, 8))
        assert "KH" in members_on(d5, D(2021, 12, 9))
        assert "KH" in members_on(d5, D(2026, 2, 2))
        assert "KH" not in members_on(d5, D(2026, 2, 3))

    def test_cites_the_rules_and_their_sources(self) -> None:
        """Cambodia's D:5 membership cites the removing rule, the adding one and who reported them."""
        (kh,) = [m for m in ear.country_group("D:5").members if m.member == "KH"]
        assert kh.citation is not None
        assert "RIN 0694-AK41" == kh.citation.source
        assert "Conforming Change for Cambodia" == kh.citation.title
        assert "86 FR 70015" in (kh.citation.note or "")
        assert any("fenwick.com" in source for source in kh.citation.reported_by)

    def test_keeps_d1(self) -> None:
        """Cambodia stays in D:1 before and after leaving D:5."""
        d1 = ear.country_group("D:1")
        assert "KH" in members_on(d1, D(2026, 2, 2))
        assert "KH" in members_on(d1, D(2026, 2, 3))


class TestUnitedArabEmirates:
    def test_in_a5_from_the_as_of_date(self) -> None:
        """The UAE is a member of A:5 from 2026-09-24, not before."""
        a5 = ear.country_group("A:5")
        assert "AE" in members_on(a5, AS_OF)
        assert "AE" not in members_on(a5, D(2026, 9, 23))

    def test_membership_before_is_unknown(self) -> None:
        """Before 2026-09-24 the UAE's A:5 membership is unknown, with the [?] source named."""
        a5 = ear.country_group("A:5")
        assert {"AE"} == unknown_on(a5, D(2026, 9, 23))
        assert {"AE"} == unknown_on(a5, D(2025, 6, 1))
        (gap,) = a5.unknown
        assert gap.end == AS_OF
        assert gap.citation is not None
        assert (
            "91 FR 43038 [?]: date of the move into A:5 not confirmed"
            == gap.citation.note
        )

    def test_uae_stays_in_b(self) -> None:
        """The UAE's B membership is plain: known from 2025-01-13 on."""
        assert "AE" in members_on(ear.country_group("B"), D(2025, 1, 13))


class TestSupplement5a:
    def test_nineteen_destinations_from_2025_01_13(self) -> None:
        """Supp. No. 5(a) has its 19 destinations from 2025-01-13, and none before."""
        group = ear.country_group("supp-5a")
        assert (
            "Supp. No. 5(a) to Part 740 (AI authorization destinations)" == group.name
        )
        expected = {"AU", "BE", "CA", "DK", "FI", "FR", "DE", "IE", "IT", "JP"}
        expected |= {"NL", "NZ", "NO", "KR", "ES", "SE", "TW", "GB", "US"}
        assert expected == members_on(group, D(2025, 1, 13))
        assert set() == members_on(group, D(2025, 1, 12))

    def test_no_data_from_and_cites_the_ai_diffusion_rule(self) -> None:
        """Before the supplement existed nobody was a member (known, not a gap); each member cites 90 FR 4544."""
        group = ear.country_group("supp-5a")
        assert group.data_from is None
        assert () == group.unknown
        assert {"90 FR 4544"} == {
            m.citation.source for m in group.members if m.citation
        }
        assert len(group.members) == sum(1 for m in group.members if m.citation)


class TestLookup:
    def test_unknown_group_names_the_one_meant(self) -> None:
        """A misspelt group id is refused with the id it probably means."""
        with pytest.raises(ac.UnknownIdError) as raised:
            ear.country_group("D5")
        assert "D:5" == raised.value.hint
        assert "`D5`" in str(raised.value)

    def test_unknown_group_without_a_likely_one(self) -> None:
        """An id like no group's is refused, listing the known ids."""
        with pytest.raises(ac.UnknownIdError, match="known: `A:1`"):
            ear.country_group("Tier 2")
