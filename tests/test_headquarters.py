"""Headquarters: `HeadquarteredIn`, `HeadquarteredInGroup` and the ultimate parent's."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

import aicontrols as ac
from aicontrols._canonical import canonical

from .builders import D
from .core_regime import assert_index_agrees

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED

# An illustrative D:5: Macau joins it on 2026-07-01 (not a real date)
D5 = ac.CountryGroup("D:5", members=["CN", ac.Membership("MO", start=D(2026, 7, 1))])
CHIP = ac.ControlledItem("chip", classifications={"ECCN": "3A090.a"})
# Illustrative parties (DOMAIN.md case 12): a PRC-headquartered parent, a
# holding company in Hong Kong, and its subsidiary in Singapore.
PARENT = ac.Entity("prc-parent", country="CN", headquarters="CN")
HOLDING = ac.Entity(
    "hk-holding",
    country="HK",
    headquarters="HK",
    owners=[ac.Ownership("prc-parent", share=0.8)],
)
SUBSIDIARY = ac.Entity(
    "sg-sub",
    country="SG",
    headquarters="SG",
    owners=[ac.Ownership("hk-holding", share=0.6)],
)


def hq_regime(recipients: ac.Scope, *entities: ac.Entity) -> ac.Regime:
    """A regime whose one rule requires a license for `recipients`."""
    rule = ac.Restriction("hq-rule", effect="license_required", recipients=recipients)
    notice = ac.Notice(
        "rule", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
    )
    return ac.Regime(
        "hq-test",
        jurisdiction="US",
        timezone="America/New_York",
        items=[CHIP],
        entities=[PARENT, HOLDING, SUBSIDIARY, *entities],
        country_groups=[D5],
        notices=[notice],
    )


AUGUST = D(2026, 8, 1)


def decide(
    regime: ac.Regime, who: ac.Entity | str, on: dt.date = AUGUST
) -> ac.Decision:
    return regime.decide(ac.Access(who, "chip", "hosted-api", location="SG"), on=on)


class TestEntity:
    def test_headquarters_is_a_country_code(self) -> None:
        """`headquarters` is upper-cased; `None` (unknown) is the default."""
        assert "CN" == ac.Entity("x", headquarters="cn").headquarters
        assert ac.Entity("x").headquarters is None

    def test_bad_country_code_suggests_one(self) -> None:
        """A three-letter headquarters is refused with a did-you-mean."""
        with pytest.raises(ValueError, match="did you mean `CN`"):
            ac.Entity("x", headquarters="CHN")

    def test_individual_has_no_headquarters(self) -> None:
        """An individual with headquarters is refused."""
        with pytest.raises(ValueError, match="only organisations"):
            ac.Entity("x", kind="individual", headquarters="CN")

    def test_fingerprint_unchanged_when_unused(self) -> None:
        """An entity without headquarters renders as before the field existed."""
        assert "headquarters" not in canonical(ac.Entity("x", country="US"))
        assert "CN" == canonical(PARENT)["headquarters"]

    def test_same_as_must_not_contradict_headquarters(self) -> None:
        """An ad-hoc entity linked to a catalog entity may not move its headquarters."""
        regime = hq_regime(ac.HeadquarteredIn("CN"))
        visitor = ac.Entity(
            "visitor", country="CN", headquarters="US", same_as=["prc-parent"]
        )
        with pytest.raises(ac.CatalogConflictError, match="headquarters"):
            decide(regime, visitor)

    def test_catalog_object_must_carry_its_headquarters(self) -> None:
        """A catalog entity given with another headquarters is refused."""
        regime = hq_regime(ac.HeadquarteredIn("CN"))
        other = ac.Entity("prc-parent", country="CN", headquarters="US")
        with pytest.raises(ac.CatalogConflictError, match="headquarters"):
            decide(regime, other)


class TestHeadquarteredIn:
    def test_in(self) -> None:
        """An organisation headquartered in a listed country is selected."""
        assert LR == decide(hq_regime(ac.HeadquarteredIn("CN")), "prc-parent").verdict

    def test_out(self) -> None:
        """Headquarters elsewhere is not selected, wherever it is owned from."""
        assert P == decide(hq_regime(ac.HeadquarteredIn("CN")), "sg-sub").verdict

    def test_unknown_fails_closed(self) -> None:
        """An unknown headquarters is `UNDETERMINED`, naming the missing fact."""
        found = decide(hq_regime(ac.HeadquarteredIn("CN")), ac.Entity("x"))
        assert (U, ("headquarters of `x`",)) == (found.verdict, found.missing_facts)

    def test_individual_is_never_headquartered(self) -> None:
        """An individual recipient is not selected, and nothing is missing."""
        alice = ac.Entity(
            "alice", kind="individual", citizenships=[ac.Citizenship("CN")]
        )
        assert P == decide(hq_regime(ac.HeadquarteredIn("CN")), alice).verdict

    def test_describe(self) -> None:
        """The words name the countries."""
        assert "the recipient is headquartered in one of `CN`, `MO`" == (
            ac.HeadquarteredIn(["mo", "cn"]).describe()
        )


class TestHeadquarteredInGroup:
    def test_group_change_is_a_change_point(self) -> None:
        """A country joining the group selects its organisations from that day."""
        macau = ac.Entity("mo-co", country="MO", headquarters="MO")
        regime = hq_regime(ac.HeadquarteredInGroup("D:5"), macau)
        assert P == decide(regime, "mo-co", on=D(2026, 6, 30)).verdict
        assert LR == decide(regime, "mo-co", on=D(2026, 7, 1)).verdict
        assert D(2026, 7, 1) == (
            decide(regime, "mo-co", on=D(2026, 6, 1)).valid_until.date()
        )

    def test_unknown_fails_closed(self) -> None:
        """An unknown headquarters is `UNDETERMINED`."""
        found = decide(hq_regime(ac.HeadquarteredInGroup("D:5")), ac.Entity("y"))
        assert (U, ("headquarters of `y`",)) == (found.verdict, found.missing_facts)

    def test_unknown_group_is_refused(self) -> None:
        """A scope naming a group the regime lacks is refused when the regime is built."""
        with pytest.raises(ac.RegimeError, match="nope"):
            hq_regime(ac.HeadquarteredInGroup("nope"))

    def test_describe(self) -> None:
        """The words name the group."""
        assert "the recipient is headquartered in a country of group `D:5`" == (
            ac.HeadquarteredInGroup("D:5").describe()
        )


OWNER_CHAIN = ac.UltimateParentHeadquarteredInGroup("D:5")


class TestUltimateParent:
    def test_chain_through_a_holding_company(self) -> None:
        """A subsidiary whose majority owners lead to a D:5 parent is selected."""
        assert LR == decide(hq_regime(OWNER_CHAIN), "sg-sub").verdict

    def test_parent_itself(self) -> None:
        """An organisation with no majority owner is its own ultimate parent."""
        assert LR == decide(hq_regime(OWNER_CHAIN), "prc-parent").verdict

    def test_minority_owner_is_not_a_parent(self) -> None:
        """An owner holding 50% or less does not make the chain go on."""
        half = ac.Entity(
            "half", headquarters="SG", owners=[ac.Ownership("prc-parent", share=0.5)]
        )
        assert P == decide(hq_regime(OWNER_CHAIN, half), "half").verdict

    def test_ownership_ends(self) -> None:
        """When the majority owner sells, the chain ends there from that day."""
        sold = ac.Entity(
            "sold",
            headquarters="SG",
            owners=[ac.Ownership("prc-parent", share=0.9, end=D(2026, 9, 1))],
        )
        regime = hq_regime(OWNER_CHAIN, sold)
        assert LR == decide(regime, "sold", on=D(2026, 8, 31)).verdict
        assert P == decide(regime, "sold", on=D(2026, 9, 1)).verdict

    def test_upstream_change_is_a_change_point(self) -> None:
        """A change of ownership up the chain bounds the recipient's decision."""
        top = ac.Entity("top", headquarters="US")
        mid = ac.Entity(
            "mid",
            headquarters="CN",
            owners=[ac.Ownership("top", share=0.7, start=D(2026, 10, 1))],
        )
        leaf = ac.Entity(
            "leaf", headquarters="SG", owners=[ac.Ownership("mid", share=1)]
        )
        regime = hq_regime(OWNER_CHAIN, top, mid, leaf)
        before = decide(regime, "leaf", on=D(2026, 9, 1))
        assert LR == before.verdict
        assert D(2026, 10, 1) == before.valid_until.date()
        assert P == decide(regime, "leaf", on=D(2026, 10, 1)).verdict

    def test_unknown_share_fails_closed(self) -> None:
        """An owner of unknown share on the path is `UNDETERMINED`."""
        vague = ac.Entity(
            "vague", headquarters="SG", owners=[ac.Ownership("prc-parent")]
        )
        found = decide(hq_regime(OWNER_CHAIN, vague), "vague")
        assert (U, ("ownership shares in `vague`",)) == (
            found.verdict,
            found.missing_facts,
        )

    def test_known_majority_settles_an_unknown_share(self) -> None:
        """A known majority owner is followed, whatever the unknown shares beside it."""
        mixed = ac.Entity(
            "mixed",
            headquarters="SG",
            owners=[ac.Ownership("prc-parent", share=0.6), ac.Ownership("hk-holding")],
        )
        assert LR == decide(hq_regime(OWNER_CHAIN, mixed), "mixed").verdict

    def test_owner_outside_the_catalog_fails_closed(self) -> None:
        """A majority owner the regime does not know is `UNDETERMINED`."""
        orphan = ac.Entity(
            "orphan", headquarters="SG", owners=[ac.Ownership("ghost", share=0.9)]
        )
        found = decide(hq_regime(OWNER_CHAIN), orphan)
        assert U == found.verdict
        assert ("the regime's record of `ghost`, owner of `orphan`",) == (
            found.missing_facts
        )

    def test_cycle_fails_closed(self) -> None:
        """Majority owners that loop back are `UNDETERMINED`, not an endless walk."""
        a = ac.Entity("a", headquarters="SG", owners=[ac.Ownership("b", share=0.6)])
        b = ac.Entity("b", headquarters="SG", owners=[ac.Ownership("a", share=0.6)])
        found = decide(hq_regime(OWNER_CHAIN, a, b), "a")
        assert U == found.verdict
        assert (
            "the ultimate parent of `a` (majority ownership loops back to `a`)",
        ) == found.missing_facts

    def test_individual_majority_owner_ends_the_chain(self) -> None:
        """A person holding the majority leaves the organisation as the parent."""
        founder = ac.Entity("founder", kind="individual")
        startup = ac.Entity(
            "startup", headquarters="CN", owners=[ac.Ownership("founder", share=0.9)]
        )
        assert LR == decide(hq_regime(OWNER_CHAIN, founder, startup), "startup").verdict

    def test_parent_headquarters_unknown(self) -> None:
        """An ultimate parent without headquarters is `UNDETERMINED`, naming it."""
        top = ac.Entity("top")
        leaf = ac.Entity(
            "leaf", headquarters="SG", owners=[ac.Ownership("top", share=1)]
        )
        found = decide(hq_regime(OWNER_CHAIN, top, leaf), "leaf")
        assert (U, ("headquarters of `top`",)) == (found.verdict, found.missing_facts)

    def test_describe(self) -> None:
        """The words say it is the ultimate parent's headquarters."""
        assert (
            "the recipient's ultimate parent is headquartered in a country of group `D:5`"
            == OWNER_CHAIN.describe()
        )


class TestIndexAgrees:
    def test_reference_agrees(self) -> None:
        """The index and the reference interpreter agree at every change point."""
        top = ac.Entity("top", headquarters="US")
        mid = ac.Entity(
            "mid",
            headquarters="MO",
            owners=[ac.Ownership("top", share=0.7, start=D(2026, 10, 1))],
        )
        leaf = ac.Entity(
            "leaf", headquarters="SG", owners=[ac.Ownership("mid", share=1)]
        )
        scope = ac.AnyOf(
            [ac.HeadquarteredInGroup("D:5"), OWNER_CHAIN, ac.HeadquarteredIn("HK")]
        )
        regime = hq_regime(scope, top, mid, leaf)
        assert_index_agrees(
            regime,
            *(
                ac.Access(who, "chip", "hosted-api", location="SG")
                for who in ("leaf", "mid", "sg-sub", "hk-holding", ac.Entity("x"))
            ),
        )


FILE = textwrap.dedent(
    """\
    id: hq-file
    jurisdiction: US
    timezone: America/New_York
    country_groups:
    - id: D:5
      members: [{country: CN}, {country: MO}]
    catalog:
      entities:
      - id: prc-parent
        country: CN
        headquarters: CN
      - id: sg-sub
        country: SG
        headquarters: SG
        owners: [{owner: prc-parent, share: 0.6}]
      items:
      - id: chip
    notices:
    - id: rule
      published: 2026-01-01
      effective: 2026-01-01
      adds:
        restrictions:
        - id: hq-rule
          effect: license_required
          recipients:
            any:
            - {headquartered_in: [MO]}
            - {headquartered_in_group: D:5}
            - {ultimate_parent_headquartered_in_group: D:5}
    """
)


class TestFiles:
    def test_load(self) -> None:
        """The three keys load as the three scopes, and `headquarters` on entities."""
        regime = ac.loads_regime(FILE)
        expected = ac.AnyOf(
            [
                ac.HeadquarteredIn("MO"),
                ac.HeadquarteredInGroup("D:5"),
                ac.UltimateParentHeadquarteredInGroup("D:5"),
            ]
        )
        assert expected == regime.notices[0].adds[0].recipients
        assert "SG" == regime.entity("sg-sub").headquarters

    def test_decides(self) -> None:
        """A loaded regime follows the chain through the file's catalog."""
        regime = ac.loads_regime(FILE)
        assert LR == decide(regime, "sg-sub").verdict

    def test_round_trip(self) -> None:
        """A regime with the scopes and headquarters dumps and loads to an equal one."""
        regime = ac.loads_regime(FILE)
        again = ac.loads_regime(ac.dump_regime(regime))
        assert regime.fingerprint == again.fingerprint

    def test_round_trip_of_a_python_regime(self) -> None:
        """A regime built in Python with the scopes survives a file."""
        regime = hq_regime(ac.AnyOf([OWNER_CHAIN, ac.HeadquarteredIn("CN")]))
        again = ac.loads_regime(ac.dump_regime(regime))
        assert regime.fingerprint == again.fingerprint

    def test_misspelt_key_suggests_the_right_one(self) -> None:
        """A misspelt key is located, with a did-you-mean."""
        text = FILE.replace("{headquartered_in: [MO]}", "{headquarterd_in: [MO]}")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="hq.yaml")
        [problem] = [str(p) for p in caught.value.problems]
        assert problem.startswith("hq.yaml:28:12:")
        assert "unknown key `headquarterd_in` (did you mean `headquartered_in`?)" in (
            problem
        )

    def test_unknown_group_is_located(self) -> None:
        """A group the regime does not define is reported at its file and line."""
        text = FILE.replace(
            "ultimate_parent_headquartered_in_group: D:5",
            "ultimate_parent_headquartered_in_group: D:4",
        )
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="hq.yaml")
        assert [
            "hq.yaml:30:52: notices[0].adds.restrictions[0].recipients.any[2]"
            ".ultimate_parent_headquartered_in_group: unknown country group id `D:4`"
        ] == [str(p) for p in caught.value.problems]

    def test_bad_country_code_suggests_one(self) -> None:
        """A three-letter headquarters is located, with a did-you-mean."""
        text = FILE.replace("headquarters: SG", "headquarters: SGP")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="hq.yaml")
        [problem] = [str(p) for p in caught.value.problems]
        assert problem.startswith("hq.yaml:14:")
        assert "catalog.entities[1].headquarters" in problem
        assert "did you mean `SG`?" in problem


class TestLint:
    def test_empty_group_never_matches(self) -> None:
        """A headquarters scope on an empty group is reported as never matching."""
        empty = ac.CountryGroup("empty", members=[])
        rule = ac.Restriction(
            "r", effect="license_required", recipients=OWNER_CHAIN.__class__("empty")
        )
        notice = ac.Notice(
            "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
        )
        regime = ac.Regime(
            "lint",
            jurisdiction="US",
            timezone="UTC",
            country_groups=[empty],
            notices=[notice],
        )
        assert "scope-never-matches" in {f.code for f in ac.lint(regime)}


class TestRecipientFile:
    def test_headquarters_in_a_recipient_file(self, tmp_path: Path) -> None:
        """A recipient file (the command line's `--recipient-file`) reads `headquarters`."""
        from aicontrols.files._recipient import read_recipient

        path = tmp_path / "sub.yaml"
        path.write_text("id: sg-sub2\ncountry: SG\nheadquarters: cn\n", "utf-8")
        assert "CN" == read_recipient(path).headquarters
