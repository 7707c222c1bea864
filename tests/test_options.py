"""Inverse questions: `Regime.options` and `Regime.what_would_change` (_options.py, _outlook.py)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aicontrols
from aicontrols import (
    Access,
    Citizenship,
    ControlledItem,
    Entity,
    Exemption,
    ForeignPerson,
    License,
    Notice,
    Regime,
    RemedyKind,
    Restriction,
    Verdict,
)

DAYS = ("2023-06-01", "2025-03-01", "2025-10-01", "2026-06-27", "2026-11-10")
WEI = Entity("wei", kind="individual", citizenships=[Citizenship("CN")])
PRIYA = Entity("priya", kind="individual", citizenships=[Citizenship("IN")])


def recipients(regime: Regime) -> list[Entity | str]:
    """A few catalog entities and two individuals described in the query."""
    return [*(e.id for e in regime.entities[:2]), WEI, PRIYA]


def safeguards() -> Regime:
    """A regime whose exemption lifts a license requirement for attested safeguards."""
    day = datetime.date(2026, 1, 5)
    return Regime(
        "safeguards",
        jurisdiction="US",
        timezone="America/New_York",
        items=[ControlledItem("model-x")],
        notices=[
            Notice(
                "n1",
                published=day,
                effective=day,
                adds=[Restriction("r1", recipients=ForeignPerson())],
            ),
            Notice(
                "n2",
                published=datetime.date(2026, 2, 1),
                effective=datetime.date(2026, 2, 1),
                adds=[
                    Exemption(
                        "e1",
                        lifts=["r1"],
                        conditions=["signed-safeguards", "audited-logs"],
                    )
                ],
            ),
        ],
    )


class TestOptions:
    @pytest.mark.parametrize("name", aicontrols.examples.names())
    def test_every_cell_is_what_decide_says(self, name: str) -> None:
        """Each cell of the table has the verdict and reason `decide()` gives."""
        regime = aicontrols.examples.load(name)
        for who in recipients(regime):
            for day in DAYS[1::2]:
                for cell in regime.options(who, on=day):
                    access = Access(who, cell.item, cell.mode, cell.location)
                    decision = regime.decide(access, on=day)
                    assert (decision.verdict, decision.reason_code) == (
                        cell.verdict,
                        cell.reason,
                    ), (name, cell.to_dict())

    def test_defaults_are_the_catalog_the_modes_and_the_places(self) -> None:
        """By default the table covers every catalog item, every mode and the places the rules tell apart."""
        regime = aicontrols.examples.load("ai-diffusion-2025")
        table = regime.options("frontier-lab", on="2025-03-01")
        assert {i.id for i in regime.items} == {c.item for c in table}
        assert set(aicontrols.DeploymentMode.STANDARD) <= {c.mode for c in table}
        places = {c.location for c in table}
        assert {"US", "CN", None} <= places
        alike = {c.location: c.alike for c in table}
        assert "MO" not in places  # Macau is told apart only with China's group
        assert sum(len(a) + 1 for p, a in alike.items() if p) == len(
            {*alike} - {None} | {x for a in alike.values() for x in a}
        )

    def test_given_lists_in_their_order(self) -> None:
        """Given items, modes and locations are asked in the order given, once each."""
        regime = aicontrols.examples.load("mythos5")
        table = regime.options(
            "other-corp",
            on="2026-06-27",
            items=["fable-5"],
            modes=["web-app", "hosted-api"],
            locations=["FR", "US", "FR", None],
        )
        assert [
            ("web-app", "FR"),
            ("web-app", "US"),
            ("web-app", None),
            ("hosted-api", "FR"),
            ("hosted-api", "US"),
            ("hosted-api", None),
        ] == [(c.mode, c.location) for c in table]
        assert all(c.alike == () for c in table)

    def test_bad_inputs_fail_closed(self) -> None:
        """A misspelt item, a bad country or a bare string is an error, never a cell."""
        regime = aicontrols.examples.load("mythos5")
        with pytest.raises(aicontrols.UnknownIdError, match="mythos-5"):
            regime.options("other-corp", on="2026-06-27", items=["mythos5"])
        with pytest.raises(aicontrols.QueryError, match="ZZ"):
            regime.options("other-corp", on="2026-06-27", locations=["ZZ"])
        with pytest.raises(aicontrols.QueryError, match="expected a list"):
            regime.options("other-corp", on="2026-06-27", items="mythos-5")
        with pytest.raises(aicontrols.UnknownIdError):
            regime.options("nobody", on="2026-06-27")
        with pytest.raises(aicontrols.QueryError, match="on"):
            regime.options("other-corp", on="2026-13-01")

    def test_renderings(self) -> None:
        """The table renders as aligned text, dictionaries and an Arrow table."""
        regime = aicontrols.examples.load("mythos5")
        table = regime.options(PRIYA, on="2026-06-27", items=["mythos-5"])
        text = table.to_text()
        assert text.splitlines()[0].split() == [
            "item",
            "mode",
            "location",
            "verdict",
            "until",
            "reason",
        ]
        assert "AD (+" in text
        assert "stands for" in text
        assert len(table) == len(table.to_dicts()) == table.to_arrow().num_rows
        assert table.permitted() == ()

    @settings(max_examples=40, deadline=None)
    @given(
        name=st.sampled_from(aicontrols.examples.names()),
        day=st.sampled_from(DAYS),
        pick=st.integers(min_value=0),
        who=st.sampled_from([0, 1, WEI, PRIYA]),
    )
    def test_alike_countries_get_the_same_answer(
        self, name: str, day: str, pick: int, who: int | Entity
    ) -> None:
        """A country a cell stands for gets the same verdict and reason as the cell's own."""
        regime = aicontrols.examples.load(name)
        entities = regime.entities
        recipient = entities[who % len(entities)].id if isinstance(who, int) else who
        cells = [c for c in regime.options(recipient, on=day) if c.alike]
        cell = cells[pick % len(cells)]
        other = cell.alike[pick % len(cell.alike)]
        access = Access(recipient, cell.item, cell.mode, other)
        decision = regime.decide(access, on=day)
        assert (cell.verdict, cell.reason) == (decision.verdict, decision.reason_code)


class TestWhatWouldChange:
    def test_named_attestations_lift_the_restriction(self) -> None:
        """Attesting what a remedy names gives the exemption's verdict: permitted."""
        regime = safeguards()
        access = Access(WEI, "model-x", "hosted-api", "CN")
        found = regime.what_would_change(access, on="2026-03-01")
        attest = [r for r in found.remedies if r.kind is RemedyKind.ATTEST]
        assert [("r1", "e1")] == [(r.restriction_id, r.exemption_id) for r in attest]
        assert {"signed-safeguards", "audited-logs"} == set(found.attestations)
        attested = Access(WEI, "model-x", "hosted-api", "CN", found.attestations)
        assert Verdict.PERMITTED == regime.decide(attested, on="2026-03-01").verdict

    def test_attestations_named_on_bundled_regimes_lift(self) -> None:
        """On the bundled regimes, every ATTEST remedy's attestations make its exemption lift its restriction."""
        regime = aicontrols.examples.load("us-advanced-computing")
        checked = 0
        for who in regime.entities[:6]:
            for cell in regime.options(who.id, on="2025-06-01", locations=["CN", "AE"]):
                if cell.decision.permitted:
                    continue
                found = regime.what_would_change(cell.access, on="2025-06-01")
                for remedy in found.remedies:
                    if remedy.kind is not RemedyKind.ATTEST:
                        continue
                    access = Access(
                        who.id,
                        cell.item,
                        cell.mode,
                        cell.location,
                        remedy.attestations,
                    )
                    lifted = {
                        (a.id, lift.exemption.id)
                        for a in regime.decide(access, on="2025-06-01").applied
                        for lift in a.lifted_by
                    }
                    assert (remedy.restriction_id, remedy.exemption_id) in lifted
                    checked += 1
        assert checked > 0

    def test_a_license_is_named_not_invented(self) -> None:
        """A license requirement names "a license for restriction R", and such a license turns it."""
        regime = aicontrols.examples.load("mythos5")
        access = Access(PRIYA, "fable-5", "hosted-api", "US")
        found = regime.what_would_change(access, on="2026-06-27")
        licenses = [r for r in found.remedies if r.kind is RemedyKind.LICENSE]
        assert ["a license for restriction `mythos-fable-foreign-access`"] == [
            r.text for r in licenses
        ]
        grant = Notice(
            "grant",
            published=datetime.date(2026, 6, 20),
            effective=datetime.date(2026, 6, 20),
            adds=[License("lic", authorizes=[licenses[0].restriction_id or ""])],
        )
        assert regime.with_notices([grant]).decide(access, on="2026-06-27").permitted

    def test_next_change_with_its_verdict_and_cause(self) -> None:
        """The next date the verdict changes comes with the verdict and the act that changes it."""
        regime = aicontrols.examples.load("affiliates-rule-2025")
        access = Access("sg-subsidiary", "example-model", "weights-transfer", "SG")
        found = regime.what_would_change(access, on="2026-11-01")
        assert found.decision.permitted
        assert found.next_change is not None
        assert "2026-11-10" == found.next_change.date().isoformat()
        assert Verdict.LICENSE_REQUIRED == found.next_verdict
        assert found.next_cause is not None
        assert ["affiliates-suspension"] == [n.id for n in found.next_cause.notices]
        after = regime.decide(access, on="2026-11-10")
        assert found.next_verdict == after.verdict

    def test_until_further_notice(self) -> None:
        """With no known change ahead, the outlook says until further notice."""
        regime = aicontrols.examples.load("mythos5")
        found = regime.what_would_change(
            Access(PRIYA, "fable-5", "web-app", "US"), on="2026-06-27"
        )
        assert (None, None, None) == (
            found.next_change,
            found.next_verdict,
            found.next_cause,
        )
        assert "until further notice" in found.next_text()
        assert found.to_dict()["next_change"] is None

    def test_unknown_facts_are_named(self) -> None:
        """An undetermined answer names the unknown facts that would settle it."""
        regime = aicontrols.examples.load("mythos5")
        nobody = Entity("someone", kind="individual")
        found = regime.what_would_change(
            Access(nobody, "fable-5", "web-app", "US"), on="2026-06-27"
        )
        assert Verdict.UNDETERMINED == found.decision.verdict
        facts = [r for r in found.remedies if r.kind is RemedyKind.FACTS]
        assert facts
        assert facts[0].facts == found.decision.missing_facts

    def test_permitted_needs_no_remedy(self) -> None:
        """A permitted access has no remedies."""
        regime = aicontrols.examples.load("mythos5")
        found = regime.what_would_change(
            Access("acme-cloud", "mythos-5", "hosted-api"), on="2026-06-27"
        )
        assert () == found.remedies
