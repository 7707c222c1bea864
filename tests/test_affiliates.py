"""Restrictions treated as listed: the affiliates rule takes the owners' own entries.

DOMAIN.md section 7, case 10 (90 FR 47201; 2025-19846): an unlisted firm 60%
owned by a listed party is treated as listed from 2025-09-29, the rule is
suspended from 2025-11-10 and reimposed on 2026-11-10; "treated as listed"
takes the owner's entry (its items and review policy). Every party, entry and
Federal Register citation of a listing here is illustrative, not real.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

import aicontrols as ac
from aicontrols import screening
from aicontrols._canonical import canonical

from .builders import D
from .core_regime import assert_index_agrees

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED
PD = ac.ReviewPolicy.PRESUMPTION_OF_DENIAL
POD = ac.ReviewPolicy.POLICY_OF_DENIAL
SUSPENDED = ac.CaveatKind.SUSPENDED
AFFILIATES_CITE = "90 FR 47201"

BUNDLED = ac.examples.load("affiliates-rule-2025")
# Items: one with a listed classification, one recorded as EAR99.
WEIGHTS = ac.ControlledItem("frontier-weights", classifications={"ECCN": "4E091"})
CHATBOT = ac.ControlledItem("chatbot", classifications={"ECCN": "EAR99"})
# The affiliates rule as one restriction treated as listed, on list `el`.
TAL = ac.Restriction(
    "affiliates",
    treated_as_listed=True,
    recipients=ac.OwnedByListed("el", min_share=0.5),
)

# The day before, of and after each date of case 10, and the case's own days.
CASE_10 = [
    ("2025-09-28", False),
    ("2025-09-29", True),  # the affiliates rule takes effect
    ("2025-09-30", True),
    ("2025-10-15", True),
    ("2025-11-09", True),
    ("2025-11-10", False),  # suspended (2025-19846)
    ("2025-11-11", False),
    ("2025-12-01", False),
    ("2026-11-09", False),
    ("2026-11-10", True),  # reimposed absent an extension
    ("2026-11-11", True),
]


def _ask(who: ac.Entity | str, item: ac.ControlledItem | str) -> ac.Access:
    return ac.Access(who, item, "weights-transfer", location="SG")


def _sources(decision: ac.Decision) -> list[str]:
    return [c.source for c in decision.citations]


class TestCase10Bundled:
    @pytest.mark.parametrize(("day", "treated"), CASE_10)
    def test_subsidiary(self, day: str, treated: bool) -> None:
        """A 60%-owned subsidiary takes its owner's entry while the rule binds, with both citations."""
        decision = BUNDLED.decide(_ask("sg-subsidiary", "example-model"), on=day)
        if treated:
            assert (LR, PD) == (decision.verdict, decision.review_policy)
            assert {
                AFFILIATES_CITE,
                "15 CFR 744.11; 15 CFR 748.5(c)-(f); Supp. 4 to Part 744",
            } <= set(_sources(decision))
        else:
            assert (P, None) == (decision.verdict, decision.review_policy)
            after = day >= "2025-11-10"
            assert ([SUSPENDED] if after else []) == [c.kind for c in decision.caveats]

    @pytest.mark.parametrize("who", ["chain-subsidiary", "joint-venture"])
    @pytest.mark.parametrize(("day", "treated"), CASE_10)
    def test_chain_and_aggregate(self, who: str, day: str, treated: bool) -> None:
        """A chain through a holding company and two 30% holders are treated as listed too."""
        decision = BUNDLED.decide(_ask(who, "example-model"), on=day)
        assert (LR if treated else P) == decision.verdict

    @pytest.mark.parametrize(("day", "treated"), CASE_10)
    def test_subsidiary_as_the_purchaser(self, day: str, treated: bool) -> None:
        """A 60%-owned subsidiary that is the purchaser, not the end user, binds as
        its owner's entry would (744.11, 748.5: any party to the transaction)."""
        buyer = ac.Entity("sg-distributor", country="SG")  # illustrative, unlisted
        access = ac.Access(
            buyer,
            "example-model",
            "weights-transfer",
            location="SG",
            parties=[ac.Party("purchaser", "sg-subsidiary")],
        )
        decision = BUNDLED.decide(access, on=day)
        if treated:
            (applied,) = decision.applied
            assert (LR, PD, ["sg-subsidiary"]) == (
                decision.verdict,
                decision.review_policy,
                [p.entity_id for p in applied.parties],
            )
        else:
            assert P == decision.verdict

    def test_a_party_and_its_listed_owner_both_bind(self) -> None:
        """With the listed owner as one party and its subsidiary as another, the
        owner's entry and the affiliates rule both bind."""
        access = ac.Access(
            ac.Entity("sg-distributor", country="SG"),
            "example-model",
            "weights-transfer",
            location="SG",
            parties=[
                ac.Party("purchaser", "sg-subsidiary"),
                ac.Party("intermediate_consignee", "listed-parent"),
            ],
        )
        decision = BUNDLED.decide(access, on="2025-10-15")
        assert (LR, ["affiliates-50-percent", "listed-parent-entry"]) == (
            decision.verdict,
            sorted(a.id for a in decision.applied),
        )

    def test_ear99_item_under_an_all_items_entry(self) -> None:
        """The bundled owner's entry covers all items: an EAR99 item needs a license too (case 5)."""
        decision = BUNDLED.decide(_ask("sg-subsidiary", CHATBOT), on="2025-10-15")
        assert (LR, PD) == (decision.verdict, decision.review_policy)

    def test_explanation_names_owners_share_and_entries(self) -> None:
        """The explanation names the listed owners, their aggregate share and each entry with its citation."""
        text = BUNDLED.decide(
            _ask("joint-venture", "example-model"), on="2025-10-15"
        ).explain()
        assert (
            "treated as listed: owned 60%, directly or indirectly and in aggregate, "
            "by `listed-parent`, `listed-partner` (on list `entity-list`)"
        ) in text
        assert (
            "takes the entry of `listed-partner`: `listed-partner-entry` (notice "
            "`illustrative-listing`), license required, review: presumption of denial"
        ) in text
        assert "entry cites: 15 CFR 744.11" in text
        assert "cites: 90 FR 47201" in text

    def test_history(self) -> None:
        """The chain subsidiary's history: free, listed by affiliation, suspended, listed again."""
        timeline = BUNDLED.history(_ask("chain-subsidiary", "example-model"))
        assert [
            (None, P),
            ("2025-09-29", LR),
            ("2025-11-10", P),
            ("2026-11-10", LR),
        ] == [
            (None if s.start is None else s.start.date().isoformat(), s.verdict)
            for s in timeline
        ]

    def test_index_agrees(self) -> None:
        """The index and the reference interpreter agree on the bundled example."""
        assert_index_agrees(
            BUNDLED,
            *(
                _ask(who, item)
                for who in (
                    "sg-subsidiary",
                    "chain-subsidiary",
                    "joint-venture",
                    "minority-holding",
                    "listed-parent",
                    "holding-co",
                )
                for item in ("example-model", CHATBOT)
            ),
        )


# A fictitious Consolidated Screening List row: its name, address and Federal
# Register citation are illustrative. Its License Requirement and Review Policy
# read like real entries' (DOMAIN.md section 5).
CSL = textwrap.dedent(
    """\
    source,name,addresses,federal_register_notice,start_date,license_requirement,license_policy
    Entity List (EL) - Bureau of Industry and Security,Example Listed Holdings,"1 Example Road, Wuhan, CN",90 FR 99999,2025-04-01,For all items subject to the EAR other than EAR99.,Policy of denial.
    """
)
OWNER = "el-example-listed-holdings"


@pytest.fixture(scope="module")
def imported() -> ac.Regime:
    """The bundled affiliates rule with a CSL entry put on its `entity-list`."""
    snapshot = screening.read_csl("el.csv", text=CSL, taken=dt.date(2025, 6, 1))
    return screening.history_regime([snapshot], base=BUNDLED)


SUBSIDIARY = ac.Entity(
    "example-sub", country="SG", owners=[ac.Ownership(OWNER, share=0.6)]
)


class TestCase10Imported:
    @pytest.mark.parametrize(("day", "treated"), CASE_10)
    def test_listed_item(self, imported: ac.Regime, day: str, treated: bool) -> None:
        """The subsidiary gets the owner's policy of denial for a listed item while the rule binds."""
        decision = imported.decide(_ask(SUBSIDIARY, WEIGHTS), on=day)
        if treated:
            assert (LR, POD) == (decision.verdict, decision.review_policy)
            assert {AFFILIATES_CITE, "90 FR 99999"} <= set(_sources(decision))
            [applied] = decision.applied
            assert applied.treated_as_listed is not None
            assert [(OWNER, f"{OWNER}/listing")] == [
                (e.owner, e.restriction.id) for e in applied.treated_as_listed.entries
            ]
        else:
            assert (P, None) == (decision.verdict, decision.review_policy)

    @pytest.mark.parametrize(("day", "treated"), CASE_10)
    def test_ear99_item(self, imported: ac.Regime, day: str, treated: bool) -> None:
        """An EAR99 item needs no license: the owner's entry does not cover it, so neither does the rule."""
        decision = imported.decide(_ask(SUBSIDIARY, CHATBOT), on=day)
        assert (P, (), ()) == (decision.verdict, decision.applied, decision.caveats)

    def test_the_owner_itself(self, imported: ac.Regime) -> None:
        """The listed owner: policy of denial for a listed item, no license for EAR99."""
        listed = imported.decide(_ask(OWNER, WEIGHTS), on="2025-10-15")
        ear99 = imported.decide(_ask(OWNER, CHATBOT), on="2025-10-15")
        assert (LR, POD, P) == (listed.verdict, listed.review_policy, ear99.verdict)

    @pytest.mark.parametrize(
        "day", ["2025-03-31", "2025-04-01", *(day for day, _ in CASE_10)]
    )
    @pytest.mark.parametrize("role", ["end_user", "purchaser"])
    def test_owner_own_entry_governs_ear99(
        self, imported: ac.Regime, day: str, role: str
    ) -> None:
        """An EAR99 item to a party listed "other than EAR99" needs no license on any day:
        its own entry governs, and no rule for the whole list overrides it."""
        decision = imported.decide(self._with_owner(role, CHATBOT), on=day)
        assert (P, (), ()) == (decision.verdict, decision.applied, decision.caveats)

    @pytest.mark.parametrize("role", ["end_user", "purchaser"])
    def test_owner_own_entry_binds_a_listed_item(
        self, imported: ac.Regime, role: str
    ) -> None:
        """The same party's own entry binds a listed item, with its own policy of denial."""
        decision = imported.decide(self._with_owner(role, WEIGHTS), on="2025-10-15")
        assert (LR, POD, [f"{OWNER}/listing"]) == (
            decision.verdict,
            decision.review_policy,
            [a.id for a in decision.applied],
        )

    @staticmethod
    def _with_owner(role: str, item: ac.ControlledItem) -> ac.Access:
        if role == "end_user":
            return _ask(OWNER, item)
        buyer = ac.Entity("sg-distributor", country="SG")  # illustrative, unlisted
        return ac.Access(
            buyer,
            item,
            "weights-transfer",
            location="SG",
            parties=[ac.Party(role, OWNER)],
        )

    def test_item_without_eccn_is_undetermined(self, imported: ac.Regime) -> None:
        """An item without an ECCN may be EAR99: UNDETERMINED, naming the classification."""
        unknown = ac.ControlledItem("unclassified")
        decision = imported.decide(_ask(SUBSIDIARY, unknown), on="2025-10-15")
        assert (U, ("ECCN classification of item `unclassified`",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_decision_json(self, imported: ac.Regime) -> None:
        """The Decision JSON carries the owners, the share and each entry taken."""
        data = imported.decide(_ask(SUBSIDIARY, WEIGHTS), on="2025-10-15").to_dict()
        [applied] = data["applied"]
        assert {
            "owners": [OWNER],
            "lists": ["entity-list"],
            "share_at_least": 0.6,
            "share_at_most": 0.6,
            "effect": "license_required",
            "review_policy": "policy_of_denial",
            "entries": [
                {
                    "owner": OWNER,
                    "restriction": f"{OWNER}/listing",
                    "notice": f"{OWNER}/listed-2025-04-01",
                    "effect": "license_required",
                    "review_policy": "policy_of_denial",
                    "certain": True,
                }
            ],
        } == applied["treated_as_listed"]
        assert "policy_of_denial" == applied["review_policy"] == data["review_policy"]
        assert json.loads(json.dumps(data)) == data

    def test_owner_removed_from_the_list(self) -> None:
        """Once the owner is removed from the list, its subsidiary is not treated as listed."""
        gone = "source,name\nEntity List (EL) - Bureau of Industry and Security,Other Co.\n"
        regime = screening.history_regime(
            [
                screening.read_csl("a.csv", text=CSL, taken=dt.date(2025, 6, 1)),
                screening.read_csl("b.csv", text=gone, taken=dt.date(2025, 10, 20)),
            ],
            base=BUNDLED,
        )
        ask = _ask(SUBSIDIARY, WEIGHTS)
        assert LR == regime.decide(ask, on="2025-10-15").verdict
        later = regime.decide(ask, on="2025-10-25")
        assert (P, ()) == (later.verdict, later.applied)
        assert (
            LR == regime.decide(ask, on="2025-10-25", as_known_on="2025-10-19").verdict
        )
        assert_index_agrees(regime, ask, _ask(SUBSIDIARY, CHATBOT))

    def test_index_agrees(self, imported: ac.Regime) -> None:
        """The index and the reference interpreter agree under the imported entry."""
        assert_index_agrees(
            imported,
            *(
                _ask(who, item)
                for who in (SUBSIDIARY, OWNER, "sg-subsidiary")
                for item in (WEIGHTS, CHATBOT, "example-model")
            ),
        )


# ---------------------------------------------------------------- the rule itself


class TestConsistency:
    @pytest.mark.parametrize(
        ("rule", "message"),
        [
            (
                ac.Restriction("t", treated_as_listed=True),
                "must read exactly one `owned_by_listed` (`OwnedByListed`) outside any `not` (found none)",
            ),
            (
                ac.Restriction(
                    "t",
                    treated_as_listed=True,
                    recipients=ac.Not(ac.OwnedByListed("el")),
                ),
                "(found none)",
            ),
            (
                ac.Restriction(
                    "t",
                    treated_as_listed=True,
                    recipients=ac.AnyOf(
                        [ac.OwnedByListed("el"), ac.OwnedByListed("el", min_share=0.5)]
                    ),
                ),
                "(found 2)",
            ),
            (
                ac.Restriction(
                    "t",
                    treated_as_listed=True,
                    review_policy="case_by_case",
                    recipients=ac.OwnedByListed("el"),
                ),
                "its review policy is that of the listed owners' entries; remove `review_policy`",
            ),
            (
                ac.Restriction(
                    "t",
                    treated_as_listed=True,
                    effect="prohibited",
                    recipients=ac.OwnedByListed("el"),
                ),
                "its effect is that of the listed owners' entries; remove `effect`",
            ),
            (
                ac.Restriction(
                    "t",
                    treated_as_listed=True,
                    conditional_reviews=[ac.ConditionalReview("case_by_case")],
                    recipients=ac.OwnedByListed("el"),
                ),
                "its review policy is that of the listed owners' entries; remove "
                "`conditional_reviews`",
            ),
        ],
    )
    def test_refused(self, rule: ac.Restriction, message: str) -> None:
        """A restriction treated as listed reads one `OwnedByListed` and states no policy, review or effect."""
        with pytest.raises(
            ac.InvalidRegimeError, match=message.replace("(", r"\(").replace(")", r"\)")
        ):
            ac.Regime(
                "bad",
                jurisdiction="US",
                timezone="UTC",
                entity_lists=[ac.EntityList("el", members=["a"])],
                notices=[
                    ac.Notice(
                        "n",
                        published=D(2026, 1, 1),
                        effective=D(2026, 1, 1),
                        adds=[rule],
                    )
                ],
            )

    def test_flag_is_a_bool(self) -> None:
        """`treated_as_listed` takes `True` or `False` only."""
        with pytest.raises(TypeError, match="treated_as_listed"):
            ac.Restriction("t", treated_as_listed=1)  # type: ignore[arg-type]

    def test_fingerprint_unchanged_when_unused(self) -> None:
        """A restriction not treated as listed renders as before the field existed."""
        assert "treated_as_listed" not in canonical(ac.Restriction("r"))
        assert canonical(TAL)["treated_as_listed"] is True


FILE = textwrap.dedent(
    """\
    id: affiliates-file
    jurisdiction: US
    timezone: America/New_York
    entity_lists:
    - id: el
      members: [a]
    catalog:
      entities:
      - {id: a, country: CN}
      - id: sub
        country: SG
        owners: [{owner: a, share: 0.6}]
      items:
      - {id: chip, classifications: {ECCN: 3A090}}
    notices:
    - id: n
      published: 2026-01-01
      effective: 2026-01-01
      adds:
        restrictions:
        - id: a-entry
          review_policy: policy_of_denial
          recipients: {entity: a}
        - id: affiliates
          treated_as_listed: true
          recipients:
            owned_by_listed: {lists: el, min_share: 0.5}
    """
)


class TestFiles:
    def test_load_and_decide(self) -> None:
        """`treated_as_listed: true` loads, and the owner's entry gives the policy."""
        regime = ac.loads_regime(FILE)
        assert regime.notices[0].adds[1].treated_as_listed
        decision = regime.decide(
            ac.Access("sub", "chip", "hosted-api"), on="2026-03-01"
        )
        assert (LR, POD) == (decision.verdict, decision.review_policy)

    def test_round_trip(self) -> None:
        """A regime with a restriction treated as listed dumps and loads to an equal one."""
        regime = ac.loads_regime(FILE)
        text = ac.dump_regime(regime)
        again = ac.loads_regime(text)
        assert regime.fingerprint == again.fingerprint
        assert "treated_as_listed: true" in text

    def test_dump_writes_no_effect(self) -> None:
        """The dump leaves out the effect the owners' entries give."""
        data = ac.loads_regime(ac.dump_regime(ac.loads_regime(FILE)))
        rule = data.notices[0].adds[1]
        assert (True, ac.Effect.LICENSE_REQUIRED, None) == (
            rule.treated_as_listed,
            rule.effect,
            rule.review_policy,
        )
        dumped = ac.dump_regime(ac.loads_regime(FILE))
        tail = dumped[dumped.index("id: affiliates\n") :]
        assert "effect" not in tail

    def test_bundled_example_round_trips(self) -> None:
        """The bundled affiliates example dumps and loads to an equal regime."""
        assert (
            BUNDLED.fingerprint == ac.loads_regime(ac.dump_regime(BUNDLED)).fingerprint
        )

    def test_misspelt_key_suggests_the_right_one(self) -> None:
        """A misspelt `treated_as_listed` is located, with a did-you-mean."""
        text = FILE.replace("treated_as_listed: true", "treated_as_lsted: true")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="aff.yaml")
        [problem] = [str(p) for p in caught.value.problems]
        assert problem.startswith("aff.yaml:25:")
        assert (
            "unknown key `treated_as_lsted` (did you mean `treated_as_listed`?)"
            in problem
        )

    def test_not_a_bool(self) -> None:
        """`treated_as_listed: yes please` is refused at its line."""
        text = FILE.replace("treated_as_listed: true", "treated_as_listed: yes please")
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="aff.yaml")
        assert any("aff.yaml:25:" in str(p) for p in caught.value.problems)

    def test_review_policy_is_located(self) -> None:
        """A review policy on a restriction treated as listed is reported at its line."""
        text = FILE.replace(
            "      treated_as_listed: true\n",
            "      treated_as_listed: true\n      review_policy: case_by_case\n",
        )
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="aff.yaml")
        [problem] = [str(p) for p in caught.value.problems]
        assert problem.startswith("aff.yaml:26:")
        assert "remove `review_policy`" in problem


def lint_regime(named: ac.Scope) -> ac.Regime:
    """Party `a` (also known as `b-alias`'s `same_as`) on list `el`, a restriction
    with `named` recipients, and the affiliates restriction."""
    return ac.Regime(
        "lint",
        jurisdiction="US",
        timezone="UTC",
        entities=[
            ac.Entity("a"),
            ac.Entity("b-alias", same_as=["a"]),
            ac.Entity("sub", owners=[ac.Ownership("a", share=0.6)]),
        ],
        entity_lists=[ac.EntityList("el", members=["a"])],
        notices=[
            ac.Notice(
                "entries",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[ac.Restriction("e", recipients=named)],
            ),
            ac.Notice(
                "rule", published=D(2026, 2, 1), effective=D(2026, 2, 1), adds=[TAL]
            ),
        ],
    )


class TestLint:
    def test_no_entry_can_feed_it(self) -> None:
        """A restriction treated as listed with no entry for its list's parties is reported."""
        regime = lint_regime(ac.EntityIs("sub"))
        found = [
            f for f in ac.lint(regime) if f.code == "treated-as-listed-without-entries"
        ]
        assert [("notices[1].adds[0]", "affiliates")] == [
            (f.path, f.rule_id) for f in found
        ]

    @pytest.mark.parametrize(
        "named", [ac.EntityIs("a"), ac.EntityIs("b-alias"), ac.OnList("el")]
    )
    def test_an_entry_silences_it(self, named: ac.Scope) -> None:
        """An entry naming a listed party, its alias or the list silences the warning."""
        regime = lint_regime(named)
        assert "treated-as-listed-without-entries" not in {
            f.code for f in ac.lint(regime)
        }

    def test_bundled_example_is_clean(self) -> None:
        """The bundled affiliates example has no findings."""
        assert () == ac.lint(BUNDLED)
