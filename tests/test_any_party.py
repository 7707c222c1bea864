"""Every party to the transaction: `Party`, `PartyRole` and `AnyParty`.

The Entity List binds "whenever a listed party is a party to the
transaction" (15 CFR 744.11, 748.5): a purchaser or a consignee as much as
the end user, the access's recipient.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import textwrap

import attrs
import pytest

import aicontrols as ac
from aicontrols.screening import history_regime, read_csl

from .builders import D, person
from .core_regime import assert_index_agrees
from .test_screening import DATA, HARBOR, NORTHWIND, SABLE, TAKEN

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED
ON = D(2026, 6, 1)
CHIP = ac.ControlledItem("chip")
BUYER = ac.Entity("buyer", country="DE")
DENIED = ac.Entity("denied-co", country="CN")  # illustrative listed parties
REVIEWED = ac.Entity("reviewed-co", country="HK")
LATE = ac.Entity("late-co", country="CN")
EL = ac.EntityList(
    "el",
    members=[
        ac.Membership("denied-co"),
        ac.Membership("reviewed-co"),
        ac.Membership("late-co", start=D(2026, 7, 1)),
    ],
)


def listing(entity: str, policy: str) -> ac.Restriction:
    """An Entity List entry as `history_regime` writes one: any party listed."""
    return ac.Restriction(
        f"{entity}/listing",
        effect="license_required",
        review_policy=policy,
        recipients=ac.AnyParty(ac.EntityIs(entity)),
        citation=ac.Citation("15 CFR Part 744, Supp. 4", title=f"entry: {entity}"),
    )


REGIME = ac.Regime(
    "parties-test",
    jurisdiction="US",
    timezone="America/New_York",
    items=[CHIP],
    entities=[BUYER, DENIED, REVIEWED, LATE],
    entity_lists=[EL],
    notices=[
        ac.Notice(
            "entries",
            published=D(2026, 1, 1),
            effective=D(2026, 1, 1),
            adds=[
                listing("denied-co", "policy_of_denial"),
                listing("reviewed-co", "case_by_case"),
                ac.Restriction(
                    "listed-any-party",
                    effect="license_required",
                    modes=ac.ModeIs("open-publication"),
                    recipients=ac.AnyParty(ac.OnList("el")),
                ),
            ],
        )
    ],
)


def decide(*parties: ac.Party, regime: ac.Regime = REGIME) -> ac.Decision:
    access = ac.Access(BUYER, "chip", "weights-transfer", "DE", parties=parties)
    return regime.decide(access, on=ON)


def with_rule(regime: ac.Regime, scope: ac.Scope) -> ac.Regime:
    """`regime`'s catalog and lists, with one rule on `scope` instead of its own."""
    return ac.Regime(
        "evolved",
        jurisdiction=regime.jurisdiction,
        timezone=regime.timezone,
        items=regime.items,
        entities=regime.entities,
        entity_lists=regime.entity_lists,
        notices=[
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[ac.Restriction("r", recipients=scope)],
            )
        ],
    )


class TestParty:
    def test_role_by_name(self) -> None:
        """A role is a `PartyRole` or its name."""
        assert ac.PartyRole.PURCHASER is ac.Party("purchaser", "buyer").role

    def test_misspelt_role_suggests_one(self) -> None:
        """A misspelt role is refused with a did-you-mean."""
        with pytest.raises(
            ValueError, match=r"`purchasr` \(did you mean `purchaser`\?\)"
        ):
            ac.Party("purchasr", "buyer")

    def test_role_of_another_type_is_refused(self) -> None:
        """A role that is neither a `PartyRole` nor a string is refused."""
        with pytest.raises(TypeError, match="expected a PartyRole or its name"):
            ac.Party(1, "buyer")  # type: ignore[arg-type]

    def test_entity_or_id(self) -> None:
        """The party is an `Entity` or a catalog id."""
        assert ("buyer", "buyer") == (
            ac.Party("purchaser", BUYER).entity_id,
            ac.Party("purchaser", "buyer").entity_id,
        )
        with pytest.raises(TypeError, match="expected an Entity or its id"):
            ac.Party("purchaser", 42)  # type: ignore[arg-type]

    def test_the_recipient_is_the_end_user(self) -> None:
        """An access refuses another end user: the recipient is the end user."""
        with pytest.raises(ValueError, match="the recipient is the end user"):
            ac.Access(BUYER, "chip", "hosted-api", parties=[ac.Party("end_user", "x")])

    def test_parties_are_party_values(self) -> None:
        """`parties` takes `Party` values, not ids or a lone party."""
        with pytest.raises(TypeError, match="expected a Party"):
            ac.Access(BUYER, "chip", "hosted-api", parties=["denied-co"])  # type: ignore[list-item]
        with pytest.raises(TypeError, match="expected a sequence"):
            ac.Access(BUYER, "chip", "hosted-api", parties=ac.Party("purchaser", "x"))  # type: ignore[arg-type]

    def test_role_words(self) -> None:
        """Each role has words for explanations."""
        assert [
            "purchaser",
            "intermediate consignee",
            "ultimate consignee",
            "end user",
        ] == [r.words for r in ac.PartyRole]


class TestAnyParty:
    def test_listed_intermediate_consignee(self) -> None:
        """A listed intermediate consignee: a license is required, naming the party."""
        assert P == decide().verdict
        decision = decide(ac.Party("intermediate_consignee", "denied-co"))
        applied = decision.applied[0]
        assert (LR, "denied-co/listing") == (decision.verdict, applied.id)
        assert (ac.Party("intermediate_consignee", "denied-co"),) == applied.parties
        assert (
            "      applies through the party `denied-co` (intermediate consignee)"
            in decision.explain().splitlines()
        )

    def test_strictest_policy_of_two_parties(self) -> None:
        """Two listed parties on two entries: the strictest policy, each party named."""
        decision = decide(
            ac.Party("purchaser", "reviewed-co"),
            ac.Party("ultimate_consignee", "denied-co"),
        )
        assert (LR, ac.ReviewPolicy.POLICY_OF_DENIAL) == (
            decision.verdict,
            decision.review_policy,
        )
        text = decision.explain()
        for line in (
            "      applies through the party `reviewed-co` (purchaser)",
            "      applies through the party `denied-co` (ultimate consignee)",
            "Review policy for the license: policy of denial, the strictest of the "
            "binding restrictions' policies (one application is reviewed under all "
            "of them: BIS, Entity List page)",
        ):
            assert line in text.splitlines()

    def test_the_recipient_listed(self) -> None:
        """The recipient listed binds as before, as the end user."""
        access = ac.Access(DENIED, "chip", "weights-transfer", "CN")
        applied = REGIME.decide(access, on=ON).applied[0]
        assert (ac.Party("end_user", "denied-co"),) == applied.parties

    def test_one_party_in_two_roles(self) -> None:
        """A party in two roles is named in both."""
        decision = decide(
            ac.Party("purchaser", "denied-co"),
            ac.Party("ultimate_consignee", "denied-co"),
        )
        assert ["purchaser", "ultimate_consignee"] == [
            p.role.value for p in decision.applied[0].parties
        ]

    def test_without_parties_it_is_its_scope(self) -> None:
        """With no other parties, `AnyParty(x)` answers as `x` for each recipient."""
        plain = ac.Regime(
            "plain",
            jurisdiction="US",
            timezone="America/New_York",
            items=[CHIP],
            entities=[BUYER, DENIED],
            notices=[
                ac.Notice(
                    "n",
                    published=D(2026, 1, 1),
                    effective=D(2026, 1, 1),
                    adds=[ac.Restriction("r", recipients=ac.ForeignPerson())],
                )
            ],
        )
        wrapped = with_rule(plain, ac.AnyParty(ac.ForeignPerson()))
        for who in (BUYER, "denied-co", person("p", citizenships=[], employer=None)):
            access = ac.Access(who, "chip", "hosted-api", "US")
            a, b = plain.decide(access, on=ON), wrapped.decide(access, on=ON)
            assert (a.verdict, a.missing_facts) == (b.verdict, b.missing_facts)

    def test_unknown_fact_of_a_party_fails_closed(self) -> None:
        """A party whose citizenship is unknown, none sure: undetermined, the fact named."""
        regime = with_rule(REGIME, ac.AnyParty(ac.ForeignPerson()))
        us = ac.Entity("us-co", country="US")
        nobody = person("courier", citizenships=[], employer=None)
        access = ac.Access(us, "chip", "hosted-api", "US",
                           parties=[ac.Party("intermediate_consignee", nobody)])  # fmt: skip
        decision = regime.decide(access, on=ON)
        assert (U, ("citizenship of `courier`",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_one_sure_party_is_enough(self) -> None:
        """An unknown party does not matter once another party surely matches."""
        regime = with_rule(REGIME, ac.AnyParty(ac.ForeignPerson()))
        nobody = person("courier", citizenships=[], employer=None)
        access = ac.Access(ac.Entity("us-co", country="US"), "chip", "hosted-api", "US",
                           parties=[ac.Party("intermediate_consignee", nobody),
                                    ac.Party("purchaser", BUYER)])  # fmt: skip
        decision = regime.decide(access, on=ON)
        assert (LR, ("purchaser",)) == (
            decision.verdict,
            tuple(p.role.value for p in decision.applied[0].parties),
        )

    def test_parties_read_with_the_access_location(self) -> None:
        """Each party is read at the access's location: a located-in rule sees it."""
        regime = with_rule(
            REGIME, ac.AnyParty(ac.AllOf([ac.KindIs("company"), ac.LocatedIn("DE")]))
        )
        nobody = person("courier", citizenships=["DE"], employer=None)
        access = ac.Access(nobody, "chip", "hosted-api", "DE",
                           parties=[ac.Party("purchaser", BUYER)])  # fmt: skip
        assert LR == regime.decide(access, on=ON).verdict

    def test_a_negated_party_scope_names_no_party(self) -> None:
        """Under `Not`, no party made the rule apply: none is named."""
        regime = with_rule(REGIME, ac.Not(ac.AnyParty(ac.OnList("el"))))
        access = ac.Access(BUYER, "chip", "hosted-api", "DE")
        applied = regime.decide(access, on=ON).applied[0]
        assert () == applied.parties

    def test_unknown_party_id_suggests_one(self) -> None:
        """An unknown party id is refused as an unknown recipient id is."""
        with pytest.raises(ac.UnknownIdError, match=r"did you mean `denied-co`\?"):
            decide(ac.Party("purchaser", "denied-c0"))

    def test_an_ad_hoc_party_is_checked(self) -> None:
        """An ad-hoc party whose id looks like a catalog id is refused."""
        with pytest.raises(ac.UnknownIdError, match="the purchaser object's id"):
            decide(ac.Party("purchaser", ac.Entity("Denied-Co", country="CN")))

    def test_needs_a_recipient_scope(self) -> None:
        """`AnyParty` refuses an item or mode scope, and anything not a scope."""
        with pytest.raises(ValueError, match="reads a recipient scope"):
            ac.AnyParty(ac.ItemIs("chip"))
        with pytest.raises(TypeError, match="expected a Scope"):
            ac.AnyParty("denied-co")  # type: ignore[arg-type]

    def test_describe(self) -> None:
        """The scope reads as a party to the transaction."""
        assert (
            "a party to the transaction is one of `a`, `b`",
            "for a party to the transaction (each read as the recipient): all of: "
            "the recipient is a foreign person; the recipient is on list `el`",
        ) == (
            ac.AnyParty(ac.EntityIs(["b", "a"])).describe(),
            ac.AnyParty(ac.AllOf([ac.ForeignPerson(), ac.OnList("el")])).describe(),
        )


class TestOverTime:
    def test_a_party_listed_later_is_a_change_point(self) -> None:
        """A party's listing starts a new segment, caused by the list."""
        regime = with_rule(REGIME, ac.AnyParty(ac.OnList("el")))
        access = ac.Access(BUYER, "chip", "weights-transfer", "DE",
                           parties=[ac.Party("purchaser", "late-co")])  # fmt: skip
        segments = [
            (s.start.date() if s.start else None, s.verdict, s.cause.description)
            for s in regime.history(access)
        ]
        assert [
            (None, P, "the beginning of the record"),
            (D(2026, 7, 1), LR, "list `el` changed"),
        ] == segments

    def test_a_party_fact_is_a_change_point(self) -> None:
        """A party's new citizenship starts a new segment, caused by the fact."""
        regime = with_rule(REGIME, ac.AnyParty(ac.ForeignPerson()))
        agent = ac.Entity(
            "agent",
            kind="individual",
            citizenships=[
                ac.Citizenship("US", end=D(2026, 8, 1)),
                ac.Citizenship("FR"),
            ],
        )
        access = ac.Access(ac.Entity("us-co", country="US"), "chip", "hosted-api", "US",
                           parties=[ac.Party("purchaser", agent)])  # fmt: skip
        last = list(regime.history(access))[-1]
        assert (D(2026, 8, 1), LR, "`agent` lost citizenship of `US`") == (
            last.start.date() if last.start else None,
            last.verdict,
            last.cause.description,
        )

    def test_index_agrees_with_the_reference(self) -> None:
        """The index and the reference agree for accesses with parties, at every change."""
        assert_index_agrees(
            REGIME,
            *(
                ac.Access(who, "chip", mode, "DE", parties=parties)
                for who in (BUYER, "denied-co", "late-co")
                for mode in ("weights-transfer", "open-publication")
                for parties in (
                    (),
                    (ac.Party("purchaser", "late-co"),),
                    (ac.Party("purchaser", "reviewed-co"),
                     ac.Party("intermediate_consignee", "denied-co")),
                )
            ),
        )  # fmt: skip

    def test_the_index_finds_a_named_party(self) -> None:
        """A rule filed under a party's id is found when that party is not the recipient."""
        at = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
        alone = ac.Access(BUYER, "chip", "hosted-api", "DE")
        with_party = attrs.evolve(alone, parties=[ac.Party("purchaser", "reviewed-co")])
        assert (P, LR) == (
            REGIME.verdict(alone, at=at),
            REGIME.verdict(with_party, at=at),
        )


class TestDecisionData:
    def test_json(self) -> None:
        """The Decision JSON carries the parties asked about and those that bound."""
        data = decide(ac.Party("purchaser", "denied-co")).to_dict()
        assert [{"role": "purchaser", "entity": "denied-co"}] == data["query"][
            "parties"
        ]
        assert [{"role": "purchaser", "entity": "denied-co"}] == data["applied"][0][
            "parties"
        ]
        assert json.loads(json.dumps(data)) == data

    def test_explanation_lists_the_parties(self) -> None:
        """The explanation names every party with its role, the recipient first."""
        text = decide(ac.Party("purchaser", "denied-co")).explain().splitlines()
        assert "parties: `buyer` (end user), `denied-co` (purchaser)" == text[2]

    def test_pickle(self) -> None:
        """Parties, the scope and a decision with parties pickle to equal values."""
        decision = decide(ac.Party("purchaser", "denied-co"))
        assert decision == pickle.loads(pickle.dumps(decision))
        scope = ac.AnyParty(ac.EntityIs("x"))
        assert scope == pickle.loads(pickle.dumps(scope))

    def test_tokens_tell_parties_apart(self) -> None:
        """The replay token names the parties: another party, another token."""
        a = decide(ac.Party("purchaser", "denied-co")).replay_token
        b = decide(ac.Party("ultimate_consignee", "denied-co")).replay_token
        assert a != b

    def test_unmodelled_list_caveat_for_a_party(self) -> None:
        """A party on a list whose effect is not modelled: a caveat naming it."""
        listed = ac.EntityList("sdn", members=["denied-co"], caveat="not modelled")
        regime = ac.Regime(
            "caveats",
            jurisdiction="US",
            timezone="America/New_York",
            items=[CHIP],
            entities=[BUYER, DENIED],
            entity_lists=[listed],
        )
        access = ac.Access(BUYER, "chip", "hosted-api", "DE",
                           parties=[ac.Party("purchaser", "denied-co")])  # fmt: skip
        caveats = regime.decide(access, on=ON).caveats
        assert [
            "the purchaser `denied-co` is on list `sdn`, whose legal effect "
            "aicontrols does not model: check it outside aicontrols"
        ] == [c.text for c in caveats]


@pytest.fixture(scope="module")
def csl() -> ac.Regime:
    """The bundled Mythos 5 regime with the sample CSL snapshot's listings."""
    snapshot = read_csl(DATA / "older-layout.csv", taken=TAKEN)
    return history_regime([snapshot], base=ac.examples.load("mythos5"))


class TestScreeningLists:
    def test_a_listed_purchaser(self, csl: ac.Regime) -> None:
        """An Entity List purchaser of Mythos 5's weights: a license, the entry cited."""
        access = ac.Access("other-corp", "mythos-5", "weights-transfer", "US",
                           parties=[ac.Party("purchaser", NORTHWIND)])  # fmt: skip
        decision = csl.decide(access, on=D(2026, 3, 1))
        assert (LR, ac.ReviewPolicy.PRESUMPTION_OF_DENIAL) == (
            decision.verdict,
            decision.review_policy,
        )
        assert [(f"{NORTHWIND}/listing", (ac.Party("purchaser", NORTHWIND),))] == [
            (a.id, a.parties) for a in decision.applied
        ]
        assert "88 FR 10001; 89 FR 20002" == decision.citations[0].source

    def test_before_the_listing(self, csl: ac.Regime) -> None:
        """Before the entry's start date, the same purchaser binds nothing."""
        access = ac.Access("other-corp", "mythos-5", "weights-transfer", "US",
                           parties=[ac.Party("purchaser", NORTHWIND)])  # fmt: skip
        assert P == csl.decide(access, on=D(2023, 2, 28)).verdict

    def test_two_listed_parties(self, csl: ac.Regime) -> None:
        """Two listed parties: both entries bind, each through its party."""
        access = ac.Access("other-corp", "mythos-5", "weights-transfer", "US",
                           parties=[ac.Party("purchaser", NORTHWIND),
                                    ac.Party("intermediate_consignee", HARBOR)])  # fmt: skip
        decision = csl.decide(access, on=D(2026, 3, 1))
        assert [
            (f"{HARBOR}/listing", "intermediate_consignee"),
            (f"{NORTHWIND}/listing", "purchaser"),
        ] == [(a.id, a.parties[0].role.value) for a in decision.applied]

    def test_an_unmodelled_list_party(self, csl: ac.Regime) -> None:
        """A party on the SDN list (not modelled): permitted with a caveat naming it."""
        access = ac.Access("other-corp", "mythos-5", "weights-transfer", "US",
                           parties=[ac.Party("purchaser", SABLE)])  # fmt: skip
        decision = csl.decide(access, on=D(2026, 3, 1))
        assert (P, ["listed_not_modelled"]) == (
            decision.verdict,
            [c.kind.value for c in decision.caveats],
        )


FILE = textwrap.dedent(
    """\
    id: entries
    jurisdiction: US
    timezone: America/New_York
    catalog:
      entities:
      - {id: denied-co, country: CN}
      items:
      - id: chip
    notices:
    - id: n
      published: 2026-01-01
      effective: 2026-01-01
      adds:
        restrictions:
        - id: denied-co/listing
          effect: license_required
          review_policy: policy_of_denial
          recipients: {any_party: {entity: denied-co}}
    """
)


class TestFiles:
    def test_load(self) -> None:
        """`any_party` loads as `AnyParty` around its recipient scope."""
        rule = ac.loads_regime(FILE).notices[0].adds[0]
        assert ac.AnyParty(ac.EntityIs("denied-co")) == rule.recipients

    def test_round_trip(self) -> None:
        """A regime with `any_party` dumps and loads to an equal regime."""
        regime = ac.loads_regime(FILE)
        assert regime == ac.loads_regime(ac.dump_regime(regime))

    def test_round_trip_of_a_python_regime(self) -> None:
        """A regime built in Python with `AnyParty` survives a file."""
        assert REGIME.notices == ac.loads_regime(ac.dump_regime(REGIME)).notices

    def test_misspelt_key_inside(self) -> None:
        """A misspelt key under `any_party` is located, with a did-you-mean."""
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(FILE.replace("{entity: denied-co}}", "{entty: denied-co}}"),
                            name="f.yaml")  # fmt: skip
        assert [
            "f.yaml:18:32: notices[0].adds.restrictions[0].recipients.any_party.entty: "
            "unknown key `entty` (did you mean `entity`?)"
        ] == [str(p) for p in caught.value.problems]

    def test_unknown_entity_inside_is_located(self) -> None:
        """An unknown entity id under `any_party` is located at its line."""
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(FILE.replace("{entity: denied-co}}", "{entity: ghost}}"),
                            name="f.yaml")  # fmt: skip
        assert [
            "f.yaml:18:40: notices[0].adds.restrictions[0].recipients.any_party.entity: "
            "unknown entity id `ghost`"
        ] == [str(p) for p in caught.value.problems]

    def test_item_key_inside_is_refused(self) -> None:
        """`any_party` holds a recipient scope: an item key is refused."""
        with pytest.raises(ac.RegimeFileError, match="unknown key `ids`"):
            ac.loads_regime(FILE.replace("{entity: denied-co}}", "{ids: chip}}"))
