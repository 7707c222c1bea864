"""Where the item leaves from, and the kind of transfer (15 CFR 734.13, 734.14).

`Access.origin`, `Transfer`, and the scopes that read them: `OriginIn`,
`IsReexport` and `TransferIs`.
"""

from __future__ import annotations

import json
import pickle
import textwrap

import pytest

import aicontrols as ac
from aicontrols._canonical import canonical, fingerprint

from .builders import D, person
from .core_regime import assert_index_agrees

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED
T = ac.Transfer
ON = D(2026, 6, 1)

CHIP = ac.ControlledItem("chip", classifications={"ECCN": "3A090"})
LAB = ac.Entity("lab", country="US")
SHIPPER = ac.Entity("shipper", country="SG")
AMERICAN = person("alice", citizenships=["US"], employer=None)
GERMAN = person("hans", citizenships=["DE"], employer=None)
CHINESE = person("wei", citizenships=["CN"], employer=None)
SINGAPOREAN = person("tan", citizenships=["SG"], employer=None)
UNKNOWN_NATIONALITY = person("x", citizenships=[], employer=None)


def us_regime(recipients: ac.Scope, *, territory: list[str] | None = None) -> ac.Regime:
    """A US regime whose one rule requires a license for `recipients`."""
    rule = ac.Restriction(
        "r", effect="license_required", items=ac.ItemIs("chip"), recipients=recipients
    )
    return ac.Regime(
        "us-test",
        jurisdiction="US",
        territory=territory,
        timezone="America/New_York",
        items=[CHIP],
        entities=[LAB, SHIPPER],
        notices=[
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        ],
    )


def eu_regime(recipients: ac.Scope) -> ac.Regime:
    """An EU regime (a union: its territory is its members) with one rule."""
    rule = ac.Restriction("r", effect="license_required", recipients=recipients)
    return ac.Regime(
        "eu-test",
        jurisdiction="EU",
        territory=["AT", "BE", "DE", "FR", "IT", "NL"],
        timezone="Europe/Brussels",
        items=[CHIP],
        notices=[
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        ],
    )


ANY = us_regime(ac.EVERYTHING)


def kind(
    who: ac.Entity | str,
    location: str | None,
    origin: str | None = None,
    regime: ac.Regime = ANY,
) -> ac.Transfer | None:
    """The kind of transfer the regime's decision reports for one access."""
    access = ac.Access(who, "chip", "weights-transfer", location, origin=origin)
    return regime.decide(access, on=ON).transfer


def verdict(
    regime: ac.Regime,
    who: ac.Entity | str,
    location: str | None,
    origin: str | None = None,
) -> ac.Verdict:
    access = ac.Access(who, "chip", "weights-transfer", location, origin=origin)
    return regime.decide(access, on=ON).verdict


class TestTransferKinds:
    @pytest.mark.parametrize(
        ("who", "location", "origin", "expected"),
        [
            (CHINESE, "CN", None, T.EXPORT),
            (AMERICAN, "FR", None, T.EXPORT),
            (AMERICAN, "FR", "US", T.EXPORT),
            (LAB, "CN", None, T.EXPORT),
            (GERMAN, "US", None, T.DEEMED_EXPORT),
            (GERMAN, "US", "SG", T.DEEMED_EXPORT),
            (SHIPPER, "US", None, T.DEEMED_EXPORT),
            (AMERICAN, "US", None, T.DOMESTIC),
            (LAB, "US", "SG", T.DOMESTIC),
            (LAB, "CN", "SG", T.REEXPORT),
            (AMERICAN, "CN", "SG", T.REEXPORT),
            (CHINESE, "SG", "SG", T.DEEMED_REEXPORT),
            (SINGAPOREAN, "SG", "SG", T.IN_COUNTRY_TRANSFER),
            (AMERICAN, "SG", "SG", T.IN_COUNTRY_TRANSFER),
            (SHIPPER, "SG", "SG", T.IN_COUNTRY_TRANSFER),
            (LAB, "SG", "SG", T.IN_COUNTRY_TRANSFER),
        ],
        ids=[
            "export", "export-us-person", "export-origin-given", "export-company",
            "deemed-export", "deemed-export-from-abroad", "deemed-export-company",
            "domestic", "import", "reexport", "reexport-us-person",
            "deemed-reexport", "in-country-national", "in-country-us-person",
            "in-country-company", "in-country-us-company",
        ],
    )  # fmt: skip
    def test_kind(
        self,
        who: ac.Entity,
        location: str,
        origin: str | None,
        expected: ac.Transfer,
    ) -> None:
        """Origin, location and the recipient's nationality give the kind (734.13, 734.14)."""
        assert expected is kind(who, location, origin)

    def test_most_recent_citizenship_decides_a_deemed_reexport(self) -> None:
        """A Singaporean who became a Chinese citizen later is a deemed reexport in SG."""
        tan = person(
            "tan",
            citizenships=[
                ac.Citizenship("SG"),
                ac.Citizenship("CN", start=D(2020, 1, 1)),
            ],
            employer=None,
        )
        assert T.DEEMED_REEXPORT is kind(tan, "SG", "SG")

    def test_two_citizenships_of_one_day_leave_it_unknown(self) -> None:
        """Two citizenships acquired together, one local: the kind is unknown."""
        both = person("dual", citizenships=["SG", "CN"], employer=None)
        assert None is kind(both, "SG", "SG")

    def test_unknown_location_is_unknown(self) -> None:
        """Without a location the kind is unknown."""
        assert (None, None) == (kind(LAB, None), kind(LAB, None, "SG"))

    def test_unknown_nationality_inside_is_unknown(self) -> None:
        """Inside the territory, an unknown nationality leaves export or not open."""
        assert None is kind(UNKNOWN_NATIONALITY, "US")

    def test_a_union_territory(self) -> None:
        """In a union's regime, a member state is inside: FR to DE is no export."""
        eu = eu_regime(ac.EVERYTHING)
        assert (T.DOMESTIC, T.EXPORT, T.DEEMED_EXPORT) == (
            kind(GERMAN, "FR", "DE", eu),
            kind(GERMAN, "US", "FR", eu),
            kind(AMERICAN, "FR", None, eu),
        )

    def test_words(self) -> None:
        """Each kind has words with an article, for explanations."""
        assert ["an export", "a reexport", "an in-country transfer",
                "a deemed export", "a deemed reexport", "no export"] == [
            t.words for t in ac.Transfer
        ]  # fmt: skip


class TestPersonsOutsideTheUnion:
    def test_us_citizen_in_paris_and_german_in_new_york(self) -> None:
        """An EU export rule selects the German in New York, not the American in Paris."""
        eu = eu_regime(ac.TransferIs("export"))
        assert (P, LR) == (verdict(eu, AMERICAN, "FR"), verdict(eu, GERMAN, "US"))

    def test_the_us_reading_of_the_same_two(self) -> None:
        """Under the EAR both need a license: an export and a deemed export."""
        us = us_regime(ac.TransferIs(["export", "deemed_export"]))
        only_exports = us_regime(ac.TransferIs("export"))
        assert (LR, LR, LR, P) == (
            verdict(us, AMERICAN, "FR"),
            verdict(us, GERMAN, "US"),
            verdict(only_exports, AMERICAN, "FR"),
            verdict(only_exports, GERMAN, "US"),
        )


class TestIsReexport:
    def test_reexport_from_singapore_to_china(self) -> None:
        """A shipment from SG to CN is a reexport: the rule binds."""
        regime = us_regime(ac.IsReexport())
        decision = regime.decide(
            ac.Access(LAB, "chip", "weights-transfer", "CN", origin="SG"), on=ON
        )
        assert (LR, T.REEXPORT) == (decision.verdict, decision.transfer)

    def test_export_is_not_a_reexport(self) -> None:
        """The same shipment from the US is an export: not selected."""
        assert P == verdict(us_regime(ac.IsReexport()), LAB, "CN")

    def test_deemed_reexport_is_a_reexport(self) -> None:
        """A release in SG to a Chinese national is a deemed reexport: selected."""
        regime = us_regime(ac.IsReexport())
        assert (LR, P) == (
            verdict(regime, CHINESE, "SG", "SG"),
            verdict(regime, SINGAPOREAN, "SG", "SG"),
        )

    def test_false_selects_the_others(self) -> None:
        """`IsReexport(False)` selects exports, not reexports."""
        regime = us_regime(ac.IsReexport(False))
        assert (LR, P) == (verdict(regime, LAB, "CN"), verdict(regime, LAB, "CN", "SG"))

    def test_unknown_location_from_abroad_fails_closed(self) -> None:
        """From abroad, an unknown location is undetermined, naming the location."""
        regime = us_regime(ac.IsReexport())
        decision = regime.decide(
            ac.Access(LAB, "chip", "weights-transfer", origin="SG"), on=ON
        )
        assert (U, ("location of the access",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_unknown_location_from_home_is_no_reexport(self) -> None:
        """From the jurisdiction, nothing is a reexport, wherever it goes."""
        assert P == verdict(us_regime(ac.IsReexport()), LAB, None)

    def test_unknown_nationality_in_country_names_the_fact(self) -> None:
        """In the origin country, an unknown citizenship is undetermined and named."""
        regime = us_regime(ac.IsReexport())
        decision = regime.decide(
            ac.Access(
                UNKNOWN_NATIONALITY, "chip", "weights-transfer", "SG", origin="SG"
            ),
            on=ON,
        )
        assert (U, ("citizenship of `x`",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_a_choice_of_citizenships_names_the_fact(self) -> None:
        """Two citizenships of one day, one local: undetermined, naming the choice."""
        both = person("dual", citizenships=["SG", "CN"], employer=None)
        decision = us_regime(ac.IsReexport()).decide(
            ac.Access(both, "chip", "weights-transfer", "SG", origin="SG"), on=ON
        )
        assert (
            U,
            ("which citizenship or residency of `dual` is the most recent",),
        ) == (decision.verdict, decision.missing_facts)

    def test_describe(self) -> None:
        """The scope says what it selects, either way."""
        assert (
            "the access is a reexport or a deemed reexport",
            "the access is not a reexport or a deemed reexport",
        ) == (ac.IsReexport().describe(), ac.IsReexport(False).describe())

    def test_a_bool_only(self) -> None:
        """`reexport` must be a real bool."""
        with pytest.raises(TypeError, match="expected `True` or `False`"):
            ac.IsReexport(1)  # type: ignore[arg-type]


class TestTransferIs:
    def test_unknown_location_names_the_fact(self) -> None:
        """An export rule with no location is undetermined, naming the location."""
        regime = us_regime(ac.TransferIs("export"))
        decision = regime.decide(ac.Access(LAB, "chip", "weights-transfer"), on=ON)
        assert (U, ("location of the access",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_unknown_nationality_names_the_fact(self) -> None:
        """Inside, whether it is a deemed export turns on the citizenship: named."""
        regime = us_regime(ac.TransferIs("deemed_export"))
        decision = regime.decide(
            ac.Access(UNKNOWN_NATIONALITY, "chip", "weights-transfer", "US"), on=ON
        )
        assert (U, ("citizenship of `x`",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_kinds_by_name(self) -> None:
        """Kinds are given as `Transfer` values or their names."""
        assert ac.TransferIs([T.EXPORT, "reexport"]).kinds == {T.EXPORT, T.REEXPORT}

    def test_unknown_kind_is_refused(self) -> None:
        """A misspelt kind is refused."""
        with pytest.raises(ValueError, match="rexport"):
            ac.TransferIs("rexport")

    def test_describe(self) -> None:
        """The scope says which kinds, in words."""
        assert (
            "the access is a deemed export",
            "the access is a deemed export or an export",
        ) == (
            ac.TransferIs("deemed_export").describe(),
            ac.TransferIs(["export", "deemed_export"]).describe(),
        )


class TestOriginIn:
    def test_origin_given(self) -> None:
        """An access from one of the countries is selected; from another, not."""
        regime = us_regime(ac.OriginIn(["SG", "MY"]))
        assert (LR, P) == (
            verdict(regime, LAB, "CN", "SG"),
            verdict(regime, LAB, "CN", "TW"),
        )

    def test_no_origin_is_the_jurisdiction(self) -> None:
        """Without an origin the item leaves the jurisdiction."""
        assert (LR, P) == (
            verdict(us_regime(ac.OriginIn("US")), LAB, "CN"),
            verdict(us_regime(ac.OriginIn("SG")), LAB, "CN"),
        )

    def test_no_origin_in_a_union_may_be_unknown(self) -> None:
        """In the EU, no origin is some member state: unknown unless all or none match."""
        some = eu_regime(ac.OriginIn("FR"))
        decision = some.decide(
            ac.Access(GERMAN, "chip", "weights-transfer", "US"), on=ON
        )
        assert (U, P) == (
            decision.verdict,
            verdict(eu_regime(ac.OriginIn("US")), GERMAN, "US"),
        )
        assert ["origin of the access (the member country the item leaves)"] == list(
            decision.missing_facts
        )

    def test_describe(self) -> None:
        """The scope says where the item leaves from."""
        assert (
            "the item leaves one of `MY`, `SG`" == ac.OriginIn(["sg", "my"]).describe()
        )

    def test_bad_country_suggests_one(self) -> None:
        """A country name instead of a code is refused with a did-you-mean."""
        with pytest.raises(ValueError, match=r"did you mean `SG`"):
            ac.OriginIn("Singapore")


class TestAccess:
    def test_origin_is_a_country_code(self) -> None:
        """`origin` is read as a country code, like `location`."""
        assert "SG" == ac.Access("lab", "chip", "hosted-api", origin="sg").origin

    def test_bad_origin_is_refused(self) -> None:
        """An origin that is no country code is refused, with a did-you-mean."""
        with pytest.raises(ValueError, match=r"got `UK` \(did you mean `GB`\?\)"):
            ac.Access("lab", "chip", "hosted-api", origin="UK")

    def test_canonical_form_is_unchanged_without_origin(self) -> None:
        """An access without origin or parties hashes as before: old tokens still match."""
        access = ac.Access("lab", "chip", "hosted-api", "CN")
        assert {
            "$type",
            "recipient",
            "item",
            "mode",
            "location",
            "attestations",
        } == set(canonical(access))
        assert fingerprint(access) != fingerprint(
            ac.Access("lab", "chip", "hosted-api", "CN", origin="US")
        )

    def test_replay_token_of_an_old_access(self) -> None:
        """Without origin or parties, a decision keeps its token from before them."""
        regime = ac.examples.load("mythos5")
        access = ac.Access("other-corp", "mythos-5", "hosted-api")
        assert (
            "v1-ff5640ddf973e353-2f1b25133683299fffb9e532"
            == regime.decide(access, on=D(2026, 6, 27)).replay_token
        )

    def test_pickle(self) -> None:
        """Accesses with an origin, the scopes and decisions pickle to equal values."""
        access = ac.Access(LAB, "chip", "weights-transfer", "CN", origin="SG")
        decision = us_regime(ac.IsReexport()).decide(access, on=ON)
        again = pickle.loads(pickle.dumps(decision))
        assert (decision, T.REEXPORT) == (again, again.transfer)
        for scope in (ac.OriginIn("SG"), ac.IsReexport(False), ac.TransferIs("export")):
            assert scope == pickle.loads(pickle.dumps(scope))


class TestDecision:
    def test_json_carries_origin_and_kind(self) -> None:
        """The Decision JSON's query has the origin and the kind of transfer."""
        access = ac.Access(LAB, "chip", "weights-transfer", "CN", origin="SG")
        query = us_regime(ac.IsReexport()).decide(access, on=ON).to_dict()["query"]
        assert ("SG", "reexport", []) == (
            query["origin"],
            query["transfer"],
            query["parties"],
        )
        assert json.loads(json.dumps(query)) == query

    def test_json_of_an_access_without_origin(self) -> None:
        """Without an origin: `null`, and the kind read from the jurisdiction."""
        access = ac.Access(GERMAN, "chip", "weights-transfer", "US")
        query = ANY.decide(access, on=ON).to_dict()["query"]
        assert (None, "deemed_export") == (query["origin"], query["transfer"])

    def test_explanation_names_the_transfer(self) -> None:
        """An access with an origin is explained as, say, a reexport from SG to CN."""
        access = ac.Access(LAB, "chip", "weights-transfer", "CN", origin="SG")
        lines = us_regime(ac.IsReexport()).decide(access, on=ON).explain().splitlines()
        assert "transfer: a reexport from SG to CN" == lines[1]
        assert any(
            "applies because: the item is `chip`; the access is a reexport or a "
            "deemed reexport" in line
            for line in lines
        )

    @pytest.mark.parametrize(
        ("who", "location", "origin", "words"),
        [
            (LAB, "CN", "US", "an export from US to CN"),
            (GERMAN, "US", "SG", "a deemed export: a release in US to a foreign person"),
            (LAB, "US", "SG",
             "no export: received in US (from SG) by one who is not a foreign person"),
            (SINGAPOREAN, "SG", "SG", "an in-country transfer in SG"),
            (CHINESE, "SG", "SG",
             "a deemed reexport: a release in SG to a foreign person of another country"),
            (LAB, None, "SG", "unknown kind of transfer, from SG (the location is unknown)"),
            (UNKNOWN_NATIONALITY, "SG", "SG", "unknown kind of transfer, from SG"),
        ],
        ids=["export", "deemed-export", "domestic", "in-country", "deemed-reexport",
             "no-location", "unknown"],
    )  # fmt: skip
    def test_transfer_in_words(
        self, who: ac.Entity, location: str | None, origin: str, words: str
    ) -> None:
        """Each kind of transfer, and an unknown one, is explained in words."""
        access = ac.Access(who, "chip", "weights-transfer", location, origin=origin)
        lines = ANY.decide(access, on=ON).explain().splitlines()
        assert f"transfer: {words}" == lines[1]

    def test_explanation_without_origin_is_unchanged(self) -> None:
        """Without an origin or parties, the explanation has no transfer line."""
        access = ac.Access(LAB, "chip", "weights-transfer", "CN")
        assert (
            "regime: `us-test`" == ANY.decide(access, on=ON).explain().splitlines()[1]
        )

    def test_several_regimes_explained_part_by_part(self) -> None:
        """Under two regimes, each part's explanation says its own kind of transfer."""
        access = ac.Access(GERMAN, "chip", "weights-transfer", "FR", origin="DE")
        text = ac.decide([ANY, eu_regime(ac.EVERYTHING)], access, on=ON).explain()
        assert [
            "transfer: a reexport from DE to FR",
            "transfer: no export: received in FR (from DE) by one who is not a "
            "foreign person",
        ] == [line for line in text.splitlines() if line.startswith("transfer:")]

    def test_several_regimes_each_have_their_kind(self) -> None:
        """Under US and EU regimes at once, each part carries its own kind."""
        access = ac.Access(GERMAN, "chip", "weights-transfer", "FR")
        both = ac.decide([ANY, eu_regime(ac.EVERYTHING)], access, on=ON)
        assert (None, [T.EXPORT, T.DOMESTIC]) == (
            both.transfer,
            [p.transfer for p in both.parts],
        )


class TestIndex:
    @pytest.mark.parametrize(
        "scope",
        [
            ac.IsReexport(),
            ac.Not(ac.IsReexport()),
            ac.OriginIn("SG"),
            ac.TransferIs(["deemed_export", "deemed_reexport"]),
        ],
        ids=["reexport", "not-reexport", "origin", "deemed"],
    )
    def test_agrees_with_the_reference(self, scope: ac.Scope) -> None:
        """The index and the reference interpreter agree, origin or none."""
        regime = us_regime(scope)
        assert_index_agrees(
            regime,
            *(
                ac.Access(who, "chip", "weights-transfer", where, origin=origin)
                for who in (LAB, CHINESE, UNKNOWN_NATIONALITY)
                for where in (None, "US", "SG", "CN")
                for origin in (None, "SG")
            ),
        )

    def test_a_new_citizenship_is_a_change_point(self) -> None:
        """A citizenship acquired abroad turns an in-country transfer into a deemed reexport."""
        tan = person(
            "tan",
            citizenships=[
                ac.Citizenship("SG"),
                ac.Citizenship("CN", start=D(2026, 3, 1)),
            ],
            employer=None,
        )
        access = ac.Access(tan, "chip", "weights-transfer", "SG", origin="SG")
        segments = [
            (s.start.date() if s.start else None, s.verdict, s.decision.transfer)
            for s in us_regime(ac.IsReexport()).history(access)
        ]
        assert [
            (None, P, T.IN_COUNTRY_TRANSFER),
            (D(2026, 3, 1), LR, T.DEEMED_REEXPORT),
        ] == segments


FILE = textwrap.dedent(
    """\
    id: reexports
    jurisdiction: US
    timezone: America/New_York
    catalog:
      items:
      - id: chip
    notices:
    - id: n
      published: 2026-01-15
      effective: 2026-01-15
      adds:
        restrictions:
        - id: reexports-from-asia
          effect: license_required
          review_policy: presumption_of_denial
          recipients:
            all:
            - {reexport: true}
            - {origin_in: [SG, MY]}
            - {not: {transfer: deemed_reexport}}
    """
)


class TestFiles:
    def test_load(self) -> None:
        """`reexport`, `origin_in` and `transfer` load as the three scopes."""
        rule = ac.loads_regime(FILE).notices[0].adds[0]
        assert (
            ac.AllOf(
                [
                    ac.IsReexport(),
                    ac.OriginIn(["SG", "MY"]),
                    ac.Not(ac.TransferIs("deemed_reexport")),
                ]
            )
            == rule.recipients
        )

    def test_round_trip(self) -> None:
        """A regime with the scopes dumps and loads to an equal regime."""
        regime = ac.loads_regime(FILE)
        assert regime == ac.loads_regime(ac.dump_regime(regime))

    def test_misspelt_key_suggests_the_right_one(self) -> None:
        """A misspelt key is located, with a did-you-mean."""
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(
                FILE.replace("{reexport: true}", "{rexport: true}"), name="f.yaml"
            )
        assert [
            "f.yaml:18:12: notices[0].adds.restrictions[0].recipients.all[0].rexport: "
            "unknown key `rexport` (did you mean `reexport`?)"
        ] == [str(p) for p in caught.value.problems]

    def test_misspelt_kind_suggests_the_right_one(self) -> None:
        """A misspelt kind of transfer is located, with a did-you-mean."""
        text = FILE.replace("transfer: deemed_reexport", "transfer: deemed_rexport")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="f.yaml")
        assert ["did you mean `deemed_reexport`?"] == [
            str(p)[str(p).index("did") : -1] for p in caught.value.problems
        ]

    def test_bad_country_is_located(self) -> None:
        """A country name in `origin_in` is located, with the code it means."""
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(FILE.replace("[SG, MY]", "[Singapore, MY]"), name="f.yaml")
        assert [
            "f.yaml:19:24: notices[0].adds.restrictions[0].recipients.all[1].origin_in[0]: "
            "expected an ISO 3166-1 alpha-2 country code, got `Singapore` (did you mean `SG`?)"
        ] == [str(p) for p in caught.value.problems]

    def test_a_reexport_of_the_file_rule(self) -> None:
        """The loaded rule binds a reexport from Singapore, with its review policy."""
        regime = ac.loads_regime(FILE)
        access = ac.Access(LAB, "chip", "weights-transfer", "CN", origin="SG")
        decision = regime.decide(access, on=D(2026, 2, 1))
        assert (LR, ac.ReviewPolicy.PRESUMPTION_OF_DENIAL) == (
            decision.verdict,
            decision.review_policy,
        )


class TestLint:
    def test_never_matching_part_inside_any_party(self) -> None:
        """The linter finds a dead scope inside `AnyParty` too."""
        regime = ac.Regime(
            "lint-test",
            jurisdiction="US",
            timezone="America/New_York",
            items=[CHIP],
            country_groups=[ac.CountryGroup("empty")],
            notices=[
                ac.Notice(
                    "n",
                    published=D(2026, 1, 1),
                    effective=D(2026, 1, 1),
                    adds=[
                        ac.Restriction(
                            "r",
                            recipients=ac.AnyParty(ac.DestinationInGroup("empty")),
                        )
                    ],
                )
            ],
        )
        found = [f for f in ac.lint(regime) if f.code == "scope-never-matches"]
        assert [("r", "notices[0].adds[0].recipients")] == [
            (f.rule_id, f.path) for f in found
        ]
