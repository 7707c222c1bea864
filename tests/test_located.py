"""`LocatedIn` and `LocatedInGroup`: where the recipient is, apart from who they are."""

from __future__ import annotations

import datetime as dt
import pickle
import textwrap

import pytest

import aicontrols as ac
from aicontrols._canonical import canonical
from aicontrols._regime import engine_of
from aicontrols._time import query_instant

from .builders import D, person

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED

EU_6 = ["AT", "BE", "DE", "FR", "IT", "NL"]
# Croatia joins the illustrative group on 2026-07-01 (the real accession was 2013)
EU_GROUP = ac.CountryGroup(
    "eu", members=[*EU_6, ac.Membership("HR", start=D(2026, 7, 1))]
)
MODEL = ac.ControlledItem("model", developer="lab")
LAB = ac.Entity("lab", country="FR")


def eu_regime(recipients: ac.Scope) -> ac.Regime:
    """An EU regime whose one rule requires a license for `recipients`."""
    rule = ac.Restriction(
        "outside-the-union",
        effect="license_required",
        modes=ac.TransfersWeights(),
        recipients=recipients,
    )
    notice = ac.Notice(
        "listing", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
    )
    return ac.Regime(
        "eu-test",
        jurisdiction="EU",
        territory=[*EU_6, "HR"],
        timezone="Europe/Brussels",
        items=[MODEL],
        entities=[LAB],
        country_groups=[EU_GROUP],
        notices=[notice],
    )


OUTSIDE = eu_regime(ac.Not(ac.LocatedInGroup("eu")))
AMERICAN = person("alice", citizenships=["US"], employer=None)
GERMAN = person("hans", citizenships=["DE"], employer=None)


def verdict(regime: ac.Regime, who: ac.Entity, location: str | None) -> ac.Verdict:
    access = ac.Access(who, "model", "weights-transfer", location=location)
    return regime.decide(access, on=D(2026, 6, 1)).verdict


class TestLocatedIn:
    def test_inside(self) -> None:
        """An access received in one of the countries is selected."""
        regime = eu_regime(ac.LocatedIn(["FR", "DE"]))
        assert LR == verdict(regime, AMERICAN, "FR")

    def test_outside(self) -> None:
        """An access received elsewhere is not selected."""
        regime = eu_regime(ac.LocatedIn(["FR", "DE"]))
        assert P == verdict(regime, GERMAN, "US")

    def test_unknown_location_fails_closed(self) -> None:
        """An unknown location is undetermined, naming the location as missing."""
        regime = eu_regime(ac.LocatedIn("FR"))
        access = ac.Access(AMERICAN, "model", "weights-transfer")
        decision = regime.decide(access, on=D(2026, 6, 1))
        assert (U, ("location of the access",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_citizenship_does_not_matter(self) -> None:
        """A citizen of a listed country elsewhere is not located there."""
        regime = eu_regime(ac.LocatedIn("DE"))
        assert (P, LR) == (
            verdict(regime, GERMAN, "US"),
            verdict(regime, AMERICAN, "DE"),
        )

    def test_deemed_export_does_not_move_the_recipient(self) -> None:
        """A foreign national inside the territory is located there, not at home."""
        regime = eu_regime(ac.LocatedIn("FR"))
        indian = person("priya", citizenships=["IN"], employer=None)
        assert LR == verdict(regime, indian, "FR")

    def test_an_organisation_is_where_it_receives(self) -> None:
        """A company receives where the access is, wherever incorporated."""
        regime = eu_regime(ac.LocatedIn("US"))
        assert (LR, P) == (verdict(regime, LAB, "US"), verdict(regime, LAB, "FR"))

    def test_country_codes_are_normalised(self) -> None:
        """Country codes are upper-cased like every other country field."""
        assert frozenset({"FR", "DE"}) == ac.LocatedIn(["fr", "de"]).countries

    def test_unknown_country_code_suggests_one(self) -> None:
        """A three-letter code is refused with a did-you-mean."""
        with pytest.raises(ValueError, match=r"got `FRA` \(did you mean `FR`\?\)"):
            ac.LocatedIn("FRA")

    def test_needs_a_country(self) -> None:
        """An empty list of countries is refused."""
        with pytest.raises(ValueError, match="at least one"):
            ac.LocatedIn([])

    def test_describe(self) -> None:
        """The scope describes itself as a place, for explanations."""
        assert "the recipient is located in one of `DE`, `FR`" == (
            ac.LocatedIn(["FR", "DE"]).describe()
        )


class TestLocatedInGroup:
    def test_outside_the_union(self) -> None:
        """`Not(LocatedInGroup)` selects the access received outside the group."""
        assert (P, LR) == (
            verdict(OUTSIDE, AMERICAN, "FR"),
            verdict(OUTSIDE, GERMAN, "US"),
        )

    def test_unknown_location_fails_closed(self) -> None:
        """Under `Not`, an unknown location is still undetermined and named."""
        access = ac.Access(GERMAN, "model", "weights-transfer")
        decision = OUTSIDE.decide(access, on=D(2026, 6, 1))
        assert (U, ("location of the access",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_membership_change_is_a_change_point(self) -> None:
        """A country joining the group changes the verdict from that day."""
        access = ac.Access(AMERICAN, "model", "weights-transfer", location="HR")
        segments = [
            (s.start.date() if s.start else None, s.verdict, s.cause.kind)
            for s in OUTSIDE.history(access)
        ]
        assert [
            (None, P, "start"),
            (D(2026, 1, 1), LR, "notice"),
            (D(2026, 7, 1), P, "group"),
        ] == segments

    def test_membership_bounds_the_decision(self) -> None:
        """A decision before the country joins holds until the day it joins."""
        access = ac.Access(AMERICAN, "model", "weights-transfer", location="HR")
        decision = OUTSIDE.decide(access, on=D(2026, 6, 1))
        assert (LR, D(2026, 7, 1)) == (
            decision.verdict,
            decision.valid_until.date() if decision.valid_until else None,
        )

    def test_reference_agrees(self) -> None:
        """The index and the reference interpreter agree around the change point."""
        engine = engine_of(OUTSIDE)
        access = ac.Access(AMERICAN, "model", "weights-transfer", location="HR")
        resolved = engine.resolve(access)
        state, _ = engine.state(None)
        joined = query_instant(dt.datetime(2026, 6, 30, 22, tzinfo=dt.UTC), "at")
        for t in (joined - 1, joined, joined + 1):
            fast = engine.assess(resolved, state, t)
            assert engine.assess_reference(resolved, state, t) == fast
        assert [LR, P] == [
            engine.assess(resolved, state, t).verdict for t in (joined - 1, joined)
        ]

    def test_unknown_group_is_refused(self) -> None:
        """A regime built in Python refuses a group it does not define."""
        with pytest.raises(ac.UnknownReferenceError, match="country group id `D:5`"):
            eu_regime(ac.LocatedInGroup("D:5"))

    def test_describe(self) -> None:
        """The scope describes itself as a place in a group, for explanations."""
        assert (
            "the recipient is located in a country of group `eu`",
            "the recipient is located in a country of one of `a`, `b`",
        ) == (
            ac.LocatedInGroup("eu").describe(),
            ac.LocatedInGroup(["b", "a"]).describe(),
        )

    def test_explanation_names_the_place(self) -> None:
        """The explanation says why the rule applies, in the scope's words."""
        access = ac.Access(GERMAN, "model", "weights-transfer", location="US")
        text = OUTSIDE.decide(access, on=D(2026, 6, 1)).explain()
        assert "not (the recipient is located in a country of group `eu`)" in text


class TestValues:
    def test_pickle(self) -> None:
        """Both scopes pickle to equal values."""
        for scope in (ac.LocatedIn("FR"), ac.Not(ac.LocatedInGroup("eu"))):
            assert scope == pickle.loads(pickle.dumps(scope))

    def test_compare_by_value(self) -> None:
        """Scopes with the same countries compare and hash equal, in any order."""
        a, b = ac.LocatedIn(["FR", "DE"]), ac.LocatedIn(["de", "fr"])
        assert (a, hash(a)) == (b, hash(b))

    def test_canonical_tells_place_from_destination(self) -> None:
        """The canonical form, and so the fingerprint, tells location from destination."""
        assert canonical(ac.LocatedIn("FR")) != canonical(ac.DestinationIn("FR"))

    def test_fingerprint_changes(self) -> None:
        """Two regimes differing only in location versus destination differ in fingerprint."""
        located = eu_regime(ac.LocatedIn("US"))
        destined = eu_regime(ac.DestinationIn("US"))
        assert located.fingerprint != destined.fingerprint

    def test_targets_the_recipient(self) -> None:
        """Both scopes read the recipient, alone or combined."""
        scope = ac.AllOf([ac.LocatedIn("FR"), ac.Not(ac.LocatedInGroup("eu"))])
        assert {"recipient"} == {t.value for t in scope.targets()}

    def test_all_of_with_foreign_person(self) -> None:
        """A foreign person located inside: both facts are read, each its own way."""
        regime = eu_regime(ac.AllOf([ac.ForeignPerson(), ac.LocatedInGroup("eu")]))
        indian = person("priya", citizenships=["IN"], employer=None)
        assert (LR, P) == (
            verdict(regime, indian, "DE"),
            verdict(regime, GERMAN, "DE"),
        )


FILE = textwrap.dedent(
    """\
    id: eu-file
    jurisdiction: EU
    territory: [AT, BE, DE, FR, IT, NL]
    timezone: Europe/Brussels
    country_groups:
    - id: eu
      members: [{country: AT}, {country: BE}, {country: DE}, {country: FR}]
    catalog:
      items:
      - id: model
    notices:
    - id: listing
      published: 2026-01-01
      effective: 2026-01-01
      adds:
        restrictions:
        - id: outside-the-union
          effect: license_required
          recipients:
            any:
            - {not: {located_in_group: eu}}
            - {located_in: [IT, NL]}
    """
)


class TestFiles:
    def test_load(self) -> None:
        """`located_in` and `located_in_group` load as the two scopes."""
        rule = ac.loads_regime(FILE).notices[0].adds[0]
        expected = ac.AnyOf(
            [ac.Not(ac.LocatedInGroup("eu")), ac.LocatedIn(["IT", "NL"])]
        )
        assert expected == rule.recipients

    def test_round_trip(self) -> None:
        """A regime with both scopes dumps and loads to an equal regime."""
        regime = ac.loads_regime(FILE)
        assert regime.fingerprint == ac.loads_regime(ac.dump_regime(regime)).fingerprint

    def test_round_trip_of_a_python_regime(self) -> None:
        """A regime built in Python with both scopes survives a file."""
        again = ac.loads_regime(ac.dump_regime(OUTSIDE))
        assert OUTSIDE.notices == again.notices

    def test_misspelt_key_suggests_the_right_one(self) -> None:
        """A misspelt key is located, with a did-you-mean."""
        text = FILE.replace("located_in: [IT", "locatd_in: [IT")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="eu.yaml")
        assert [
            "eu.yaml:22:12: notices[0].adds.restrictions[0].recipients.any[1].locatd_in: "
            "unknown key `locatd_in` (did you mean `located_in`?)"
        ] == [str(p) for p in caught.value.problems]

    def test_unknown_group_is_located(self) -> None:
        """A group the regime does not define is reported at its file and line."""
        text = FILE.replace("located_in_group: eu", "located_in_group: D:5")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="eu.yaml")
        assert [
            "eu.yaml:21:36: notices[0].adds.restrictions[0].recipients.any[0]"
            ".not.located_in_group: unknown country group id `D:5`"
        ] == [str(p) for p in caught.value.problems]

    def test_bad_country_code_suggests_one(self) -> None:
        """A three-letter country code is located, with a did-you-mean."""
        text = FILE.replace("located_in: [IT, NL]", "located_in: [ITA, NL]")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="eu.yaml")
        assert [
            "eu.yaml:22:25: notices[0].adds.restrictions[0].recipients.any[1]"
            ".located_in[0]: expected an ISO 3166-1 alpha-2 country code, "
            "got `ITA` (did you mean `IT`?)"
        ] == [str(p) for p in caught.value.problems]


class TestLint:
    def test_empty_group_never_matches(self) -> None:
        """A `LocatedInGroup` on an empty country group is flagged."""
        rule = ac.Restriction(
            "r", effect="license_required", recipients=ac.LocatedInGroup("empty")
        )
        notice = ac.Notice(
            "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
        )
        regime = ac.Regime(
            "eu-test",
            jurisdiction="EU",
            territory=EU_6,
            timezone="Europe/Brussels",
            items=[MODEL],
            country_groups=[ac.CountryGroup("empty", members=[])],
            notices=[notice],
        )
        assert ["scope-never-matches"] == [f.code for f in ac.lint(regime)]


EU_27 = [
    *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR"),
    *("HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI"),
    "SK",
]


def union(recipients: ac.Scope) -> ac.Regime:
    """The illustrative Art. 2(2)(d) regime: one license rule on `recipients`."""
    return ac.Regime(
        "eu-outside-the-union",
        jurisdiction="EU",
        territory=EU_27,
        timezone="Europe/Brussels",
        items=[MODEL],
        country_groups=[ac.CountryGroup("eu", members=EU_27)],
        notices=[
            ac.Notice(
                "listing",
                published=D(2026, 6, 20),
                effective=D(2026, 6, 20),
                adds=[
                    ac.Restriction(
                        "art-2-2-d", effect="license_required", recipients=recipients
                    )
                ],
            )
        ],
    )


class TestPersonsOutsideTheUnion:
    """DOMAIN.md section 6: "making available ... to persons outside the Union"."""

    CASES = (
        ac.Access(AMERICAN, "model", "weights-transfer", location="FR"),
        ac.Access(GERMAN, "model", "weights-transfer", location="US"),
        ac.Access(GERMAN, "model", "weights-transfer"),
    )

    def answers(self, regime: ac.Regime) -> list[tuple[ac.Verdict, tuple[str, ...]]]:
        decisions = [regime.decide(a, on=D(2026, 6, 27)) for a in self.CASES]
        return [(d.verdict, d.missing_facts) for d in decisions]

    @pytest.mark.parametrize(
        "scope",
        [ac.Not(ac.LocatedInGroup("eu")), ac.Not(ac.LocatedIn(EU_27))],
        ids=["group", "countries"],
    )
    def test_place_decides(self, scope: ac.Scope) -> None:
        """US citizen in Paris permitted, German in New York licensed, unknown undetermined."""
        assert [(P, ()), (LR, ()), (U, ("location of the access",))] == (
            self.answers(union(scope))
        )

    def test_foreign_person_gives_the_opposite(self) -> None:
        """The nationality workaround answers the other way and ignores the location."""
        assert [(LR, ()), (P, ()), (P, ())] == self.answers(union(ac.ForeignPerson()))
