"""Notices, suspensions and non-enforcements: the dated acts, as values.

Tests of `aicontrols._notices`, written against its surviving mutants (see
docs/contributing/mutation-testing.md). What the acts do to a regime's rules
is tested with the rule histories, in `tests/engine/test_ruleset.py`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import aicontrols as ac
from aicontrols._canonical import canonical

from .builders import D
from .core_regime import assert_index_agrees


class TestNoticeRuleIds:
    def test_in_the_order_of_the_acts_each_once(self) -> None:
        """`rule_ids()` names each rule a notice touches once, in the acts' order; it is deprecated."""
        n = ac.Notice(
            "n",
            published=D(2026, 1, 1),
            effective=D(2026, 1, 1),
            adds=[ac.Restriction("a"), ac.Exemption("x", lifts=["a"])],
            amends=[ac.Restriction("b")],
            revokes=["c", "a"],
            suspends=[ac.Suspension("d"), ac.Suspension("b")],
            not_enforced=[ac.NonEnforcement("e", statement="s")],
        )
        with pytest.warns(DeprecationWarning, match="rule_ids") as caught:
            ids = n.rule_ids()
        assert [
            "Notice.rule_ids() is deprecated and will be removed in 0.2: read the "
            "notice's acts (`adds`, `amends`, `revokes`, `suspends`, `not_enforced`)"
        ] == [str(w.message) for w in caught]
        # the warning names the caller's line, not one inside aicontrols
        package = Path(ac.__file__).parent
        assert [] == [w.filename for w in caught if package in Path(w.filename).parents]
        assert ("a", "x", "b", "c", "d", "e") == ids


class TestNoticeErrors:
    def test_acts_of_the_wrong_type(self) -> None:
        """A notice's acts of the wrong type are a `TypeError` naming the field."""

        def notice_with(**acts: object) -> ac.Notice:
            return ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                **acts,  # type: ignore[arg-type]
            )

        for acts, message in (
            ({"adds": ["r"]}, "`rules`: unexpected element `'r'`"),
            ({"amends": "r"}, "`rules`: expected a sequence, got the string `'r'`"),
            ({"suspends": ["r"]}, "`suspends`: unexpected element `'r'`"),
            ({"not_enforced": ["r"]}, "`not_enforced`: unexpected element `'r'`"),
        ):
            with pytest.raises(TypeError) as caught:
                notice_with(**acts)
            assert message == str(caught.value)


# ---------------------------------------------------------------- non-enforcement
# limited to some accesses: DOMAIN.md §7 case 12, illustrative. 3A090.a chips to
# a subsidiary outside D:5 of a firm headquartered in China need a license
# (15 CFR 742.6(a)(6)(iii)(A), with 742.6(b)(10)(iii)(A)(1) on entities
# headquartered in D:5); BIS guidance of 2026-05-31 ([S] repo notes quoting the
# BIS PDF) says bona fide data-centre operators need not stop ongoing use
# "until further notice". The parties, and the requirement's date, are made up.

OPERATOR = "bona-fide-data-centre-operator"
ONGOING = "ongoing-use"
GUIDANCE = ac.NonEnforcement(
    "hq-d5-chips",
    statement="bona fide data-centre operators need not stop ongoing use "
    "until further notice",
    recipients=ac.AllOf([ac.KindIs("company"), ac.Not(ac.LocatedInGroup("D:5"))]),
    conditions=[OPERATOR, ONGOING],
)


def case12(*guidance: ac.NonEnforcement) -> ac.Regime:
    """The requirement on chips for parties whose ultimate parent is
    headquartered in D:5, and the guidance of 2026-05-31."""
    notices = [
        ac.Notice(
            "hq-d5-requirement",
            title="License for 3A090.a to parties headquartered in D:5",
            published=D(2025, 1, 1),
            effective=D(2025, 1, 1),
            citation=ac.Citation(
                "15 CFR 742.6(a)(6)(iii)(A)", note="this notice's date is illustrative"
            ),
            adds=[
                ac.Restriction(
                    "hq-d5-chips",
                    review_policy="presumption_of_denial",
                    items=ac.ClassifiedAs("ECCN", "3A090.a"),
                    recipients=ac.UltimateParentHeadquarteredInGroup("D:5"),
                )
            ],
        )
    ]
    if guidance:
        notices.append(
            ac.Notice(
                "bis-guidance-2026-05-31",
                title="BIS guidance on the headquarters requirement",
                published=D(2026, 5, 31),
                effective=D(2026, 5, 31),
                citation=ac.Citation(
                    "BIS guidance, 2026-05-31",
                    reported_by=["repo notes quoting the BIS PDF"],
                ),
                not_enforced=guidance,
            )
        )
    return ac.Regime(
        "case-12",
        jurisdiction="US",
        timezone="America/New_York",
        country_groups=[
            # illustrative: only the members these tests need
            ac.CountryGroup(
                "D:5", members=["CN", ac.Membership("KH", end=D(2026, 7, 1))]
            )
        ],
        entities=[
            ac.Entity("prc-parent", country="CN", headquarters="CN"),
            ac.Entity(
                "holding",
                country="SG",
                headquarters="SG",
                owners=[ac.Ownership("prc-parent", share=1.0)],
            ),
            ac.Entity(
                "dc-operator",
                country="MY",
                headquarters="MY",
                owners=[ac.Ownership("holding", share=1.0)],
            ),
            ac.Entity(
                "agency",
                kind="government_agency",
                country="MY",
                owners=[ac.Ownership("holding", share=1.0)],
            ),
        ],
        items=[ac.ControlledItem("chip", classifications={"ECCN": "3A090.a"})],
        notices=notices,
    )


CASE12 = case12(GUIDANCE)


def ongoing_use(
    who: str = "dc-operator", *, location: str | None = "MY", attested: bool = True
) -> ac.Access:
    return ac.Access(
        who,
        "chip",
        "on-premises",
        location=location,
        attestations=[OPERATOR, ONGOING] if attested else [],
    )


def kinds(decision: ac.Decision) -> list[ac.CaveatKind]:
    return [c.kind for c in decision.caveats]


def reasons(decision: ac.Decision) -> tuple[object, ...]:
    return (
        decision.verdict,
        decision.applied,
        decision.near_misses,
        decision.caveats,
        decision.missing_facts,
        decision.review_policy,
    )


class TestScopedNonEnforcement:
    @pytest.mark.parametrize(
        ("day", "caveats"),
        [
            (D(2026, 5, 30), []),
            (D(2026, 5, 31), [ac.CaveatKind.NOT_ENFORCED]),
            (D(2026, 6, 1), [ac.CaveatKind.NOT_ENFORCED]),
        ],
    )
    def test_an_operator_s_ongoing_use(
        self, day: dt.date, caveats: list[ac.CaveatKind]
    ) -> None:
        """Through a holding company, the requirement binds every day; from
        2026-05-31 the operator's attested ongoing use carries the statement."""
        decision = CASE12.decide(ongoing_use(), on=day)
        assert (ac.Verdict.LICENSE_REQUIRED, caveats) == (
            decision.verdict,
            kinds(decision),
        )

    def test_the_caveat_quotes_the_statement_and_its_limits(self) -> None:
        """The caveat quotes the statement, says whom it covers, and its
        notice's citation is among the decision's."""
        decision = CASE12.decide(ongoing_use(), on=D(2026, 6, 1))
        assert (
            [
                "`hq-d5-chips` binds but is not enforced (notice "
                "`bis-guidance-2026-05-31`): bona fide data-centre operators need "
                "not stop ongoing use until further notice (it covers: all of: the "
                "recipient is a `company`; not (the recipient is located in a "
                "country of group `D:5`); attested `bona-fide-data-centre-operator`, "
                "`ongoing-use`)"
            ],
            True,
        ) == (
            [c.text for c in decision.caveats],
            ac.Citation(
                "BIS guidance, 2026-05-31",
                reported_by=["repo notes quoting the BIS PDF"],
            )
            in decision.citations,
        )

    @pytest.mark.parametrize(
        "access",
        [
            ongoing_use(attested=False),
            ongoing_use("agency"),
            ongoing_use(location="CN"),
        ],
        ids=["not attested", "not a company", "in D:5"],
    )
    def test_an_access_it_does_not_select_is_as_if_it_did_not_exist(
        self, access: ac.Access
    ) -> None:
        """An access the statement does not select gets the reasons the regime
        without the statement gives."""
        day = D(2026, 6, 1)
        assert reasons(case12().decide(access, on=day)) == reasons(
            CASE12.decide(access, on=day)
        )

    def test_an_unknown_selection_gives_no_relief(self) -> None:
        """Where the access is located is unknown: no relief is assumed, and
        the caveat names the missing fact."""
        decision = CASE12.decide(ongoing_use(location=None), on=D(2026, 6, 1))
        assert (
            ac.Verdict.LICENSE_REQUIRED,
            [ac.CaveatKind.NOT_ENFORCED_UNKNOWN],
            True,
        ) == (
            decision.verdict,
            kinds(decision),
            "(location of the access): no relief is assumed"
            in decision.caveats[0].text,
        )

    def test_the_unknown_caveat_in_json(self) -> None:
        """The JSON names the kind `not_enforced_unknown`."""
        data = CASE12.decide(ongoing_use(location=None), on=D(2026, 6, 1)).to_dict()
        assert ["not_enforced_unknown"] == [c["kind"] for c in data["caveats"]]

    def test_history_is_unchanged(self) -> None:
        """A limited statement changes no verdict: the history's segments are
        those of the regime without it."""

        def segments(regime: ac.Regime) -> list[tuple[object, object, object]]:
            return [(s.start, s.end, s.verdict) for s in regime.history(ongoing_use())]

        assert segments(case12()) == segments(CASE12)

    def test_changes_list_the_statement(self) -> None:
        """`changes()` lists the statement's start, limited or not."""
        found = CASE12.changes(since=D(2026, 5, 1))
        assert [(ac.ChangeKind.NOT_ENFORCED, "hq-d5-chips")] == [
            (c.kind, c.rule_id) for c in found
        ]

    def test_it_follows_a_group_change(self) -> None:
        """A statement reading a country group follows its membership, and the
        index agrees with the interpreter."""
        access = ongoing_use(location="KH")
        before = CASE12.decide(access, on=D(2026, 6, 30))
        after = CASE12.decide(access, on=D(2026, 7, 1))
        assert_index_agrees(CASE12, access)
        assert ([], [ac.CaveatKind.NOT_ENFORCED]) == (kinds(before), kinds(after))

    def test_unscoped_statements_are_unchanged(self) -> None:
        """A statement without scopes or conditions renders as before they
        existed (fingerprints unchanged) and covers every access."""
        plain = ac.NonEnforcement("hq-d5-chips", statement="not now")
        assert (False, set()) == (
            plain.is_scoped,
            {"items", "modes", "recipients", "conditions"} & set(canonical(plain)),
        )

    def test_scopes_select_their_own_target(self) -> None:
        """A statement's `modes` scope may only read the mode."""
        with pytest.raises(ValueError, match="may only select by mode"):
            ac.NonEnforcement("r", statement="s", modes=ac.ItemIs("chip"))

    def test_file_round_trip(self) -> None:
        """A limited statement round-trips through a regime file."""
        assert CASE12 == ac.loads_regime(ac.dump_regime(CASE12))

    def test_file_keys(self) -> None:
        """A file's `not_enforced` entry reads `recipients` and `conditions`."""
        text = ac.dump_regime(CASE12)
        assert (
            "    conditions:\n    - bona-fide-data-centre-operator\n    - ongoing-use\n"
            in text
        )

    def test_lint_reports_a_statement_that_covers_nothing(self) -> None:
        """The linter reports a statement whose scope reads an empty group."""
        empty = ac.NonEnforcement(
            "hq-d5-chips", statement="s", recipients=ac.LocatedInGroup("none")
        )
        regime = attrs.evolve(
            CASE12,
            country_groups=[*CASE12.country_groups, ac.CountryGroup("none")],
            notices=[
                CASE12.notices[0],
                attrs.evolve(CASE12.notices[1], not_enforced=[empty]),
            ],
        )
        assert [
            "notices[1].not_enforced[0].recipients: the recipients scope of the "
            "non-enforcement of `hq-d5-chips` never matches, so it covers no "
            "access: country group `none` has no members"
        ] == [str(f) for f in ac.lint(regime)]
