"""Restrictions treated as listed, in the engine: which owners' entries are taken.

For a restriction with `treated_as_listed`, the listed owners' entries in
force (restrictions naming the owner or its list that apply with the owner as
the recipient) give its effect and review policy (90 FR 47201). Every party
here is illustrative.
"""

from __future__ import annotations

import aicontrols as ac

from ..builders import D
from ..core_regime import assert_index_agrees

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED
X = ac.Verdict.PROHIBITED
PD = ac.ReviewPolicy.PRESUMPTION_OF_DENIAL
POD = ac.ReviewPolicy.POLICY_OF_DENIAL
WEIGHTS = ac.ControlledItem("frontier-weights", classifications={"ECCN": "4E091"})
CHATBOT = ac.ControlledItem("chatbot", classifications={"ECCN": "EAR99"})


def _ask(who: ac.Entity | str, item: ac.ControlledItem | str) -> ac.Access:
    return ac.Access(who, item, "weights-transfer", location="SG")


ITEMS = [WEIGHTS, CHATBOT, ac.ControlledItem("unclassified")]
TAL = ac.Restriction(
    "affiliates",
    treated_as_listed=True,
    recipients=ac.OwnedByListed("el", min_share=0.5),
)


def entries_regime(*entries: ac.Restriction, **more: object) -> ac.Regime:
    """Owners `a` and `b` on list `el`; `sub` 60% owned by `a`, `jv` 30/30 by both."""
    entities = [
        ac.Entity("a", country="CN"),
        ac.Entity("b", country="CN", same_as=["b-alias"]),
        ac.Entity("b-alias", country="CN"),
        ac.Entity("sub", country="SG", owners=[ac.Ownership("a", share=0.6)]),
        ac.Entity(
            "jv",
            country="SG",
            owners=[ac.Ownership("a", share=0.3), ac.Ownership("b", share=0.3)],
        ),
    ]
    notices = [
        ac.Notice(
            "entries", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=entries
        ),
        ac.Notice("rule", published=D(2026, 2, 1), effective=D(2026, 2, 1), adds=[TAL]),
        *more.get("notices", ()),  # type: ignore[misc]
    ]
    return ac.Regime(
        "entries",
        jurisdiction="US",
        timezone="America/New_York",
        entities=entities,
        items=ITEMS,
        entity_lists=[ac.EntityList("el", members=["a", "b"])],
        notices=notices,
    )


def on(
    regime: ac.Regime, who: str, item: str = "frontier-weights", day: str = "2026-03-01"
) -> ac.Decision:
    return regime.decide(_ask(who, item), on=day)


def entry(rid: str, recipients: ac.Scope, **fields: object) -> ac.Restriction:
    return ac.Restriction(rid, recipients=recipients, **fields)  # type: ignore[arg-type]


NOT_EAR99 = ac.Not(ac.ClassifiedAs("ECCN", "EAR99"))


class TestEntries:
    def test_no_entry_no_restriction(self) -> None:
        """A listed owner without an entry that covers the access: the rule does not apply."""
        regime = entries_regime(entry("a-entry", ac.EntityIs("a"), items=NOT_EAR99))
        assert (P, ()) == (
            on(regime, "sub", "chatbot").verdict,
            on(regime, "sub", "chatbot").applied,
        )
        assert LR == on(regime, "sub").verdict

    def test_strictest_of_several_entries(self) -> None:
        """Two entries apply: the strictest review policy is taken, both are named."""
        regime = entries_regime(
            entry(
                "a-entry",
                ac.EntityIs("a"),
                items=NOT_EAR99,
                review_policy="policy_of_denial",
            ),
            entry("list-default", ac.OnList("el"), review_policy="case_by_case"),
        )
        listed, ear99 = on(regime, "sub"), on(regime, "sub", "chatbot")
        assert (LR, POD) == (listed.verdict, listed.review_policy)
        assert ["a-entry", "list-default"] == [
            e.restriction.id for e in listed.applied[0].treated_as_listed.entries
        ]
        assert (LR, ac.ReviewPolicy.CASE_BY_CASE) == (
            ear99.verdict,
            ear99.review_policy,
        )

    def test_aggregate_takes_both_owners_entries(self) -> None:
        """Two listed owners together: the strictest of both owners' entries."""
        regime = entries_regime(
            entry("a-entry", ac.EntityIs("a"), review_policy="case_by_case"),
            entry("b-entry", ac.EntityIs("b"), review_policy="presumption_of_denial"),
        )
        decision = on(regime, "jv")
        assert (LR, PD) == (decision.verdict, decision.review_policy)
        treated = decision.applied[0].treated_as_listed
        assert (("a", "b"), 0.6) == (treated.owners, treated.share_at_least)

    def test_entry_naming_an_alias(self) -> None:
        """An entry naming a party the owner is confirmed to be (`same_as`) is its entry."""
        regime = entries_regime(
            entry("b-entry", ac.EntityIs("b-alias"), review_policy="policy_of_denial")
        )
        assert (LR, POD) == (on(regime, "jv").verdict, on(regime, "jv").review_policy)
        assert P == on(regime, "sub").verdict

    def test_rule_not_naming_the_owner_is_no_entry(self) -> None:
        """A restriction that reaches the owner without naming it or its list is not its entry."""
        regime = entries_regime(
            entry("foreign", ac.ForeignPerson(), items=ac.ItemIs("chatbot"))
        )
        decision = on(regime, "sub", "chatbot")
        assert ["foreign"] == [
            a.id for a in decision.applied
        ]  # it binds the subsidiary itself
        assert all(a.treated_as_listed is None for a in decision.applied)

    def test_prohibiting_entry(self) -> None:
        """An entry that prohibits makes the rule prohibit; a license cannot lift it."""
        license_notice = ac.Notice(
            "granted",
            published=D(2026, 2, 1),
            effective=D(2026, 2, 1),
            adds=[ac.License("lic", authorizes=["affiliates"])],
        )
        regime = entries_regime(
            entry("a-entry", ac.EntityIs("a"), effect="prohibited"),
            entry("list-default", ac.OnList("el"), review_policy="case_by_case"),
            notices=[license_notice],
        )
        decision = on(regime, "sub")
        assert (X, None) == (decision.verdict, decision.review_policy)
        assert [True] == [m.prohibited for m in decision.near_misses]

    def test_license_lifts_a_license_requirement(self) -> None:
        """A license authorizing the rule lifts it where the entries require a license."""
        license_notice = ac.Notice(
            "granted",
            published=D(2026, 2, 1),
            effective=D(2026, 2, 1),
            adds=[ac.License("lic", authorizes=["affiliates"])],
        )
        regime = entries_regime(
            entry("a-entry", ac.EntityIs("a")), notices=[license_notice]
        )
        decision = on(regime, "sub")
        assert (P, ("lic",)) == (decision.verdict, decision.licenses)

    def test_suspended_entry_is_not_taken(self) -> None:
        """An owner's entry under suspension binds nobody: the rule does not apply."""
        pause = ac.Notice(
            "pause",
            published=D(2026, 2, 15),
            effective=D(2026, 2, 15),
            suspends=[ac.Suspension("a-entry", end=D(2026, 4, 1))],
        )
        regime = entries_regime(entry("a-entry", ac.EntityIs("a")), notices=[pause])
        assert P == on(regime, "sub").verdict
        assert LR == on(regime, "sub", day="2026-04-01").verdict
        assert_index_agrees(regime, _ask("sub", "frontier-weights"))

    def test_entry_not_yet_in_force(self) -> None:
        """Before the owner's entry is in force there is nothing to take."""
        later = ac.Notice(
            "later",
            published=D(2026, 5, 1),
            effective=D(2026, 5, 1),
            adds=[entry("a-entry", ac.EntityIs("a"))],
        )
        regime = entries_regime(entry("b-entry", ac.EntityIs("b")), notices=[later])
        before = on(regime, "sub")
        assert (P, D(2026, 5, 1)) == (before.verdict, before.valid_until.date())
        assert LR == on(regime, "sub", day="2026-05-01").verdict

    def test_unsure_stricter_entry_is_undetermined(self) -> None:
        """A stricter entry that may apply (unknown ECCN) leaves the verdict UNDETERMINED."""
        regime = entries_regime(
            entry("a-entry", ac.EntityIs("a")),
            entry(
                "a-prohibition", ac.EntityIs("a"), effect="prohibited", items=NOT_EAR99
            ),
        )
        decision = on(regime, "sub", "unclassified")
        assert (U, ("ECCN classification of item `unclassified`",)) == (
            decision.verdict,
            decision.missing_facts,
        )
        assert [("a-entry", True), ("a-prohibition", False)] == [
            (e.restriction.id, e.certain)
            for e in decision.applied[0].treated_as_listed.entries
        ]

    def test_unknown_share_is_undetermined(self) -> None:
        """An owner of unknown share: UNDETERMINED, naming the share, with the entry's effect."""
        regime = entries_regime(entry("a-entry", ac.EntityIs("a")))
        vague = ac.Entity("vague", country="SG", owners=[ac.Ownership("a")])
        decision = regime.decide(_ask(vague, "frontier-weights"), on="2026-03-01")
        assert (U, ("ownership share of `a` in `vague`",)) == (
            decision.verdict,
            decision.missing_facts,
        )
        treated = decision.applied[0].treated_as_listed
        assert (0.0, 1.0, "between 0% and 100%") == (
            treated.share_at_least,
            treated.share_at_most,
            treated.share,
        )

    def test_entry_that_does_not_select_the_owner(self) -> None:
        """An entry naming the owner whose other scopes leave the access out is not taken."""
        elsewhere = ac.AllOf([ac.EntityIs("a"), ac.DestinationIn("FR")])
        regime = entries_regime(entry("a-in-france", elsewhere))
        assert (P, ()) == (on(regime, "sub").verdict, on(regime, "sub").applied)

    def test_other_leaf_without_the_listed_ownership(self) -> None:
        """Selected by another leaf, without the listed ownership, the rule takes no entry."""
        either = ac.Restriction(
            "affiliates",
            treated_as_listed=True,
            recipients=ac.AnyOf(
                [ac.OwnedByListed("el", min_share=0.7), ac.EntityIs("sub")]
            ),
        )
        amend = ac.Notice(
            "amend", published=D(2026, 2, 2), effective=D(2026, 2, 2), amends=[either]
        )
        regime = entries_regime(entry("a-entry", ac.EntityIs("a")), notices=[amend])
        assert (P, ()) == (on(regime, "sub").verdict, on(regime, "sub").applied)

    def test_entry_without_citation(self) -> None:
        """An entry whose notice cites nothing is named without a citation line."""
        regime = entries_regime(entry("a-entry", ac.EntityIs("a")))
        text = on(regime, "sub").explain()
        assert "takes the entry of `a`: `a-entry` (notice `entries`)" in text
        assert "entry cites" not in text

    def test_index_agrees(self) -> None:
        """Index and interpreter agree for entries by id, alias and list, and for prohibitions."""
        regime = entries_regime(
            entry(
                "a-entry",
                ac.EntityIs("a"),
                items=NOT_EAR99,
                review_policy="policy_of_denial",
            ),
            entry(
                "b-entry",
                ac.EntityIs("b-alias"),
                effect="prohibited",
                items=ac.ItemIs("chatbot"),
            ),
            entry("list-default", ac.OnList("el"), review_policy="case_by_case"),
        )
        assert_index_agrees(
            regime,
            *(_ask(who, item.id) for who in ("sub", "jv", "a", "b") for item in ITEMS),
        )
