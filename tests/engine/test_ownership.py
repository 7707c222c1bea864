"""Ownership through chains and in sum: how `OwnedBy` and `OwnedByListed` measure.

The affiliates rule counts ownership "directly or indirectly, individually or
in the aggregate" (90 FR 47201). Every party here is illustrative.
"""

from __future__ import annotations

import datetime as dt

import pytest

import aicontrols as ac

from ..builders import D
from ..core_regime import assert_index_agrees

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED


def own(owner: str, share: float | None = None, **dates: dt.date) -> ac.Ownership:
    return ac.Ownership(owner, share=share, **dates)  # type: ignore[arg-type]


def company(eid: str, *owners: ac.Ownership) -> ac.Entity:
    return ac.Entity(eid, country="SG", owners=owners)


ENTITIES = [
    company("parent"),
    company("partner"),
    company("stranger"),
    # a chain: the parent wholly owns a holding company, which holds 60%
    company("holding", own("parent", 1.0)),
    company("chain-sub", own("holding", 0.6)),
    # an aggregate: two listed parties hold 30% each
    company("joint", own("parent", 0.3), own("partner", 0.3)),
    # two paths to the parent: 30% directly, 50% through the holding company
    company("two-paths", own("parent", 0.3), own("holding", 0.5)),
    # half of half: 25%
    company("half-holding", own("parent", 0.5)),
    company("quarter-sub", own("half-holding", 0.5)),
    # a listed party owned by another listed party: counted once
    company("listed-sub", own("partner", 1.0)),
    company("grand-sub", own("listed-sub", 0.6)),
    # a loop: a and b own each other; b is also 40% the parent's
    company("loop-a", own("loop-b", 0.6)),
    company("loop-b", own("loop-a", 0.6), own("parent", 0.4)),
    company("self-owned", own("self-owned", 1.0), own("parent", 0.2)),
]
LISTS = [
    ac.EntityList(
        "el",
        members=["parent", "partner", "listed-sub", "outsider"],
    )
]


def regime_for(scope: ac.Scope, *more: ac.Entity) -> ac.Regime:
    """A regime whose one restriction requires a license for `scope`."""
    rule = ac.Restriction("r", recipients=scope)
    return ac.Regime(
        "ownership",
        jurisdiction="US",
        timezone="America/New_York",
        entities=[*ENTITIES, *more],
        entity_lists=LISTS,
        items=[ac.ControlledItem("m")],
        notices=[
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        ],
    )


JUNE = D(2026, 6, 1)


def decide(regime: ac.Regime, who: ac.Entity | str, on: dt.date = JUNE) -> ac.Decision:
    return regime.decide(ac.Access(who, "m", "hosted-api", location="SG"), on=on)


LISTED_HALF = ac.OwnedByListed("el", min_share=0.5)


class TestChains:
    def test_a_chain_multiplies_the_shares(self) -> None:
        """Wholly owning a holding company that holds 60% is holding 60%."""
        regime = regime_for(ac.OwnedBy("parent", min_share=0.6))
        assert LR == decide(regime, "chain-sub").verdict
        assert (
            P
            == decide(
                regime_for(ac.OwnedBy("parent", min_share=0.61)), "chain-sub"
            ).verdict
        )

    def test_half_of_half_is_a_quarter(self) -> None:
        """50% of a company holding 50% is 25%: below a 50% threshold."""
        assert P == decide(regime_for(LISTED_HALF), "quarter-sub").verdict
        quarter = ac.OwnedByListed("el", min_share=0.25)
        assert LR == decide(regime_for(quarter), "quarter-sub").verdict

    def test_any_chain_without_a_threshold(self) -> None:
        """Without `min_share`, any chain to the owner selects, however small."""
        regime = regime_for(ac.OwnedBy("parent"))
        assert [LR, LR, P] == [
            decide(regime, who).verdict
            for who in ("quarter-sub", "chain-sub", "stranger")
        ]

    def test_a_chain_stops_at_a_selected_owner(self) -> None:
        """A selected owner's own holdings are not counted again: 60%, not 120%."""
        both = ac.OwnedBy(["parent", "holding"], min_share=0.7)
        assert P == decide(regime_for(both), "chain-sub").verdict
        # a listed party owned by a listed party: its 60% counts once
        assert LR == decide(regime_for(LISTED_HALF), "grand-sub").verdict
        assert (
            P
            == decide(
                regime_for(ac.OwnedByListed("el", min_share=0.61)), "grand-sub"
            ).verdict
        )

    def test_owner_outside_the_catalog_has_no_owners(self) -> None:
        """An owner the regime does not describe has no known owners: no chain goes on."""
        ghost = company("ghosted", own("zz-unrecorded-holding", 1.0))
        assert P == decide(regime_for(ac.OwnedBy("parent")), ghost).verdict

    def test_listed_owner_outside_the_catalog(self) -> None:
        """A listed party the catalog does not describe still counts as an owner."""
        sub = company("outsider-sub", own("outsider", 0.6))
        assert LR == decide(regime_for(LISTED_HALF), sub).verdict

    def test_listed_recipient_is_not_its_own_owner(self) -> None:
        """A listed party is not owned by listed parties for being listed itself."""
        assert P == decide(regime_for(LISTED_HALF), "parent").verdict


class TestAggregates:
    def test_two_listed_owners_add_up(self) -> None:
        """Two listed parties holding 30% each hold 60% together."""
        assert LR == decide(regime_for(LISTED_HALF), "joint").verdict
        assert (
            P
            == decide(
                regime_for(ac.OwnedByListed("el", min_share=0.61)), "joint"
            ).verdict
        )

    def test_several_named_owners_add_up(self) -> None:
        """`OwnedBy` with several ids sums their holdings."""
        assert (
            LR
            == decide(
                regime_for(ac.OwnedBy(["parent", "partner"], min_share=0.6)), "joint"
            ).verdict
        )
        assert (
            P
            == decide(regime_for(ac.OwnedBy("parent", min_share=0.5)), "joint").verdict
        )

    def test_paths_add_up(self) -> None:
        """30% directly and 50% through a wholly owned holding company is 80%."""
        regime = regime_for(ac.OwnedBy("parent", min_share=0.8))
        assert LR == decide(regime, "two-paths").verdict

    def test_floating_point_sums_reach_the_threshold(self) -> None:
        """0.3 + 0.2 reaches 50%, whatever floating point makes of it."""
        sub = company(
            "sum", own("parent", 0.1), own("partner", 0.2), own("outsider", 0.2)
        )
        assert LR == decide(regime_for(LISTED_HALF), sub).verdict


class TestLoops:
    def test_a_loop_is_cut(self) -> None:
        """Owners that own each other are walked once: a's 60% of b's 40% is 24%."""
        assert (
            LR
            == decide(
                regime_for(ac.OwnedBy("parent", min_share=0.24)), "loop-a"
            ).verdict
        )
        assert (
            P
            == decide(
                regime_for(ac.OwnedBy("parent", min_share=0.25)), "loop-a"
            ).verdict
        )

    def test_self_ownership_is_ignored(self) -> None:
        """An entity recorded as its own owner holds nothing of itself."""
        assert (
            P
            == decide(
                regime_for(ac.OwnedBy("parent", min_share=0.5)), "self-owned"
            ).verdict
        )
        assert (
            LR
            == decide(
                regime_for(ac.OwnedBy("parent", min_share=0.2)), "self-owned"
            ).verdict
        )


class TestUnknownShares:
    def test_only_unknown_share_is_undetermined(self) -> None:
        """A listed owner of unknown share is UNDETERMINED, naming that share."""
        sub = company("vague", own("parent"))
        found = decide(regime_for(LISTED_HALF), sub)
        assert (U, ("ownership share of `parent` in `vague`",)) == (
            found.verdict,
            found.missing_facts,
        )

    def test_known_shares_bound_the_unknown(self) -> None:
        """60% known elsewhere leaves at most 40% to an unknown share: not 50%."""
        sub = company("bounded", own("stranger", 0.6), own("parent"))
        assert P == decide(regime_for(LISTED_HALF), sub).verdict

    def test_lower_bound_settles_it(self) -> None:
        """A known 60% listed holding settles it, whatever the unknown share beside it."""
        sub = company("settled", own("parent", 0.6), own("partner"))
        found = decide(regime_for(LISTED_HALF), sub)
        assert (LR, ()) == (found.verdict, found.missing_facts)

    def test_between_the_bounds_is_undetermined(self) -> None:
        """30% known plus an unknown share of up to 70% straddles 50%."""
        sub = company("straddle", own("parent", 0.3), own("partner"))
        found = decide(regime_for(LISTED_HALF), sub)
        assert (U, ("ownership share of `partner` in `straddle`",)) == (
            found.verdict,
            found.missing_facts,
        )
        # with 30% more known elsewhere, at most 70% in all: below 75%
        sub = company(
            "capped", own("parent", 0.3), own("stranger", 0.3), own("partner")
        )
        assert (
            P == decide(regime_for(ac.OwnedByListed("el", min_share=0.75)), sub).verdict
        )

    def test_unknown_share_up_the_chain(self) -> None:
        """An unknown share in a holding company is named with the company."""
        holding = company("vague-holding", own("parent"))
        sub = company("vague-sub", own("vague-holding", 0.8))
        found = decide(regime_for(LISTED_HALF, holding), sub)
        assert (U, ("ownership share of `parent` in `vague-holding`",)) == (
            found.verdict,
            found.missing_facts,
        )

    def test_unknown_share_off_every_listed_path_does_not_matter(self) -> None:
        """An unknown share of an owner that reaches no listed party changes nothing."""
        sub = company("clear", own("stranger"), own("parent", 0.2))
        found = decide(regime_for(LISTED_HALF), sub)
        assert (P, ()) == (found.verdict, found.missing_facts)

    def test_unknown_share_without_a_threshold(self) -> None:
        """Without `min_share`, a chain of unknown shares still reaches the owner."""
        sub = company("vague", own("parent"))
        assert LR == decide(regime_for(ac.OwnedByListed("el")), sub).verdict


class TestDates:
    def test_a_link_up_the_chain_is_a_change_point(self) -> None:
        """A holding company acquired by the listed parent bounds the subsidiary's answer."""
        holding = company("late-holding", own("parent", 1.0, start=D(2026, 9, 1)))
        sub = company("late-sub", own("late-holding", 0.6))
        regime = regime_for(LISTED_HALF, holding, sub)
        before = decide(regime, "late-sub", on=D(2026, 8, 1))
        assert (P, D(2026, 9, 1)) == (before.verdict, before.valid_until.date())
        assert LR == decide(regime, "late-sub", on=D(2026, 9, 1)).verdict

    def test_an_upstream_listing_is_a_change_point(self) -> None:
        """The listing of an owner two links up bounds the subsidiary's answer."""
        late = ac.EntityList(
            "el", members=[ac.Membership("parent", start=D(2026, 7, 1))]
        )
        rule = ac.Restriction("r", recipients=LISTED_HALF)
        regime = ac.Regime(
            "dated",
            jurisdiction="US",
            timezone="America/New_York",
            entities=ENTITIES,
            entity_lists=[late],
            items=[ac.ControlledItem("m")],
            notices=[
                ac.Notice(
                    "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
                )
            ],
        )
        before = decide(regime, "chain-sub")
        assert (P, D(2026, 7, 1)) == (before.verdict, before.valid_until.date())
        assert LR == decide(regime, "chain-sub", on=D(2026, 7, 1)).verdict
        assert_index_agrees(regime, ac.Access("chain-sub", "m", "hosted-api"))


@pytest.mark.parametrize(
    "scope",
    [
        LISTED_HALF,
        ac.OwnedByListed("el"),
        ac.OwnedBy(["parent", "holding"], min_share=0.5),
        ac.AnyOf([ac.OwnedBy("partner", min_share=0.3), ac.OnList("el")]),
    ],
)
def test_index_agrees(scope: ac.Scope) -> None:
    """The index and the reference interpreter agree for chains, sums, loops and unknown shares."""
    extra = [
        company("late-holding", own("parent", 1.0, start=D(2026, 9, 1))),
        company(
            "late-sub", own("late-holding", 0.6), own("partner", end=D(2026, 10, 1))
        ),
    ]
    regime = regime_for(scope, *extra)
    assert_index_agrees(
        regime,
        *(
            ac.Access(who, "m", "hosted-api", location="SG")
            for who in [e.id for e in (*ENTITIES, *extra)]
        ),
    )
