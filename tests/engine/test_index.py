"""The compiled index: where verdicts change, and what the history says caused it.

Tests of `aicontrols._engine.index`, written against its surviving mutants (see
docs/contributing/mutation-testing.md).
"""

from __future__ import annotations

import aicontrols as ac
from aicontrols._regime import engine_of
from aicontrols._time import show

from ..builders import NY, D, person, regime, restriction_notice
from ..core_regime import FOREIGN, R1, VETTED, assert_index_agrees, lifecycle, notice

R2 = ac.Restriction(
    "r2",
    effect="prohibited",
    items=ac.ItemIs("model-a"),
    recipients=ac.ForeignPerson(),
)


def causes() -> ac.Regime:
    """Each kind of act lands on a day on which the verdict changes."""
    return regime(
        restriction_notice("n1", rule=R1, compliance=D(2026, 1, 20)),
        notice("n2", D(2026, 2, 1), suspends=[ac.Suspension("r1", end=D(2026, 2, 10))]),
        notice(
            "n3",
            D(2026, 3, 1),
            adds=[R2],
            not_enforced=[ac.NonEnforcement("r1", statement="s", end=D(2026, 4, 1))],
        ),
        notice("n4", D(2026, 4, 1), revokes=["r2"]),
    )


def _segments(
    timeline: ac.Timeline,
) -> list[tuple[str | None, str, str, str, list[str]]]:
    return [
        (
            None if s.start is None else s.start.date().isoformat(),
            s.verdict.value,
            s.cause.kind,
            s.cause.description,
            [n.id for n in s.cause.notices],
        )
        for s in timeline
    ]


class TestCauses:
    def test_every_kind_of_act(self) -> None:
        """A history names the day, act and notices of each change of verdict."""
        assert [
            (None, "permitted", "start", "the beginning of the record", []),
            (
                "2026-01-20",
                "license_required",
                "notice",
                "compliance with `r1` required (`n1`)",
                ["n1"],
            ),
            ("2026-02-01", "permitted", "notice", "`r1` suspended (`n2`)", ["n2"]),
            (
                "2026-02-10",
                "license_required",
                "notice",
                "suspension of `r1` ended (`n2`)",
                ["n2"],
            ),
            (
                "2026-03-01",
                "prohibited",
                "notice",
                "`r1` not enforced; `r2` added (`n3`)",
                ["n3"],
            ),
            (
                "2026-04-01",
                "license_required",
                "notice",
                "enforcement of `r1` resumed; `r2` revoked (`n3`, `n4`)",
                ["n3", "n4"],
            ),
        ] == _segments(causes().history(FOREIGN))
        assert_index_agrees(causes(), FOREIGN)

    def test_amended_added_and_revoked(self) -> None:
        """A history names amendments, revocations and additions as causes."""
        assert [
            ("2026-04-01", "prohibited", "`r1` amended (`n4`)"),
            ("2026-06-01", "permitted", "`r1` revoked (`n6`)"),
            ("2026-08-01", "license_required", "`r1` added (`n8`)"),
        ] == [
            (start, verdict, words)
            for start, verdict, _, words, _ in _segments(
                lifecycle().history(FOREIGN, start="2026-03-20")
            )[1:]
        ]

    def test_the_change_points_are_the_acts(self) -> None:
        """The index changes at every act on a relevant rule, and only there."""
        r = causes()
        state, _ = engine_of(r).state(None)
        index = engine_of(r).index(state, engine_of(r).resolve(FOREIGN))
        assert [
            "2026-01-10",
            "2026-01-20",
            "2026-02-01",
            "2026-02-10",
            "2026-03-01",
            "2026-04-01",
        ] == [show(t, NY) for t in index.starts[1:]]
        other = engine_of(r).index(
            state,
            engine_of(r).resolve(ac.Access(person(), "model-b", "hosted-api", "US")),
        )
        assert () == other.starts[1:]


class TestSlots:
    def test_each_slot_holds_the_versions_in_force(self) -> None:
        """Decisions just before, at and just after each change agree with the reference."""
        assert_index_agrees(lifecycle(), FOREIGN, VETTED)

    def test_an_exemption_naming_other_restrictions_too(self) -> None:
        """An exemption lifts, in one index, only the restrictions that index holds."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("a", items=ac.ItemIs("model-a")),
                    ac.Restriction("b", items=ac.ItemIs("model-b")),
                    ac.Restriction("c", items=ac.ItemIs("model-a")),
                    ac.Exemption("x", lifts=["b", "c"]),
                    ac.Exemption("y", lifts=["a"], conditions=["signed"]),
                ],
            ),
            notice("n2", D(2026, 2, 1), revokes=["x"]),
        )
        us = person("sam", citizenships=("US",))

        def statuses(item: str, day: str) -> list[tuple[str, str, list[str]]]:
            d = r.decide(ac.Access(us, item, "hosted-api", "US"), on=day)
            return [
                (a.id, a.status.value, [lift.exemption.id for lift in a.lifted_by])
                for a in d.applied
            ]

        assert [
            ("a", "binding", []),
            ("c", "lifted", ["x"]),
        ] == statuses("model-a", "2026-01-15")
        assert [("b", "lifted", ["x"])] == statuses("model-b", "2026-01-15")
        assert [("a", "binding", []), ("c", "binding", [])] == statuses(
            "model-a", "2026-02-15"
        )
        assert [("b", "binding", [])] == statuses("model-b", "2026-02-15")
        for item in ("model-a", "model-b"):
            assert_index_agrees(r, ac.Access(us, item, "hosted-api", "US"))

    def test_a_rule_amended_away_from_the_item(self) -> None:
        """A restriction amended to another item stops applying to the first."""
        r = regime(
            restriction_notice("n1", rule=R1),
            notice(
                "n2",
                D(2026, 2, 1),
                amends=[
                    ac.Restriction(
                        "r1", items=ac.ItemIs("model-b"), recipients=ac.ForeignPerson()
                    )
                ],
            ),
        )
        on_b = ac.Access(person(employer=None), "model-b", "hosted-api", "US")
        assert [("2026-01-10", "license_required"), ("2026-02-01", "permitted")] == [
            (s[0], s[1]) for s in _segments(r.history(FOREIGN))[1:]
        ]
        assert [("2026-02-01", "license_required")] == [
            (s[0], s[1]) for s in _segments(r.history(on_b))[1:]
        ]


class TestGroupsAndLists:
    def test_a_group_read_by_a_restriction_or_an_exemption(self) -> None:
        """A change in a group a relevant rule reads is a change point of the verdict."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("r", recipients=ac.DestinationInGroup("D:5")),
                    ac.Restriction("s", recipients=ac.OnList("entity-list")),
                    ac.Exemption(
                        "x", lifts=["r"], recipients=ac.DestinationInGroup("A:1")
                    ),
                ],
            ),
            country_groups=[
                ac.CountryGroup(
                    "D:5", members=[ac.Membership("KH", end=D(2026, 3, 1)), "CN"]
                ),
                ac.CountryGroup(
                    "A:1", members=[ac.Membership("CN", start=D(2026, 5, 1))]
                ),
            ],
            entity_lists=[
                ac.EntityList(
                    "entity-list",
                    members=[ac.Membership("stranger", start=D(2026, 4, 1))],
                )
            ],
        )

        def timeline(who: str, location: str) -> list[tuple[str | None, str, str]]:
            access = ac.Access(who, "model-a", "hosted-api", location)
            return [(s[0], s[1], s[3]) for s in _segments(r.history(access))]

        added = "`r` added; `s` added; `x` added (`n1`)"
        assert [
            (None, "permitted", "the beginning of the record"),
            ("2026-01-01", "license_required", added),
            ("2026-03-01", "permitted", "country group `D:5` changed"),
            ("2026-04-01", "license_required", "list `entity-list` changed"),
        ] == timeline("stranger", "KH")
        assert [
            (None, "permitted", "the beginning of the record"),
            ("2026-01-01", "license_required", added),
            ("2026-05-01", "permitted", "country group `A:1` changed"),
        ] == timeline("partner", "CN")

    def test_groups_and_lists_read_by_reviews_and_statements(self) -> None:
        """The groups and lists that conditional reviews and non-enforcement
        statements read are the index's too: their changes are change points
        of each access's pieces, so `decide` follows them."""
        rule = ac.Restriction(
            "r",
            review_policy="case_by_case",
            conditional_reviews=[
                ac.ConditionalReview(
                    "policy_of_denial", recipients=ac.DestinationInGroup("D:5")
                ),
                ac.ConditionalReview(
                    "presumption_of_denial", recipients=ac.OnList("entity-list")
                ),
            ],
        )
        statement = ac.NonEnforcement(
            "r", statement="s", recipients=ac.LocatedInGroup("A:1")
        )
        r = regime(
            notice("n1", D(2026, 1, 1), adds=[rule], not_enforced=[statement]),
            country_groups=[
                ac.CountryGroup(
                    "D:5", members=[ac.Membership("KH", end=D(2026, 3, 1))]
                ),
                ac.CountryGroup(
                    "A:1", members=[ac.Membership("KH", start=D(2026, 5, 1))]
                ),
            ],
            entity_lists=[
                ac.EntityList(
                    "entity-list",
                    members=[ac.Membership("stranger", start=D(2026, 4, 1))],
                )
            ],
        )
        access = ac.Access("stranger", "model-a", "hosted-api", "KH")
        engine = engine_of(r)
        index = engine.index(len(engine.states), engine.resolve(access))
        seen = [
            (
                r.decide(access, on=day).review_policy,
                [c.kind for c in r.decide(access, on=day).caveats],
            )
            for day in (D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1))
        ]
        assert (frozenset({"D:5", "A:1"}), frozenset({"entity-list"})) == (
            index.groups,
            index.lists,
        )
        assert [
            (ac.ReviewPolicy.POLICY_OF_DENIAL, []),
            (ac.ReviewPolicy.CASE_BY_CASE, []),
            (ac.ReviewPolicy.PRESUMPTION_OF_DENIAL, []),
            (ac.ReviewPolicy.PRESUMPTION_OF_DENIAL, [ac.CaveatKind.NOT_ENFORCED]),
        ] == seen
        assert_index_agrees(r, access)


class TestScopesReadAfterARevocation:
    def test_a_group_read_by_a_later_version(self) -> None:
        """A rule revoked, then added again reading a group: the group's changes count."""
        r = regime(
            notice("n1", D(2026, 1, 1), adds=[ac.Restriction("r")]),
            notice("n2", D(2026, 2, 1), revokes=["r"]),
            notice(
                "n3",
                D(2026, 3, 1),
                adds=[ac.Restriction("r", recipients=ac.DestinationInGroup("D:5"))],
            ),
            country_groups=[
                ac.CountryGroup("D:5", members=[ac.Membership("KH", end=D(2026, 4, 1))])
            ],
        )
        access = ac.Access("stranger", "model-a", "hosted-api", "KH")
        assert [
            ("2026-03-01", "license_required"),
            ("2026-04-01", "permitted"),
        ] == [(s[0], s[1]) for s in _segments(r.history(access))][-2:]
        assert ac.Verdict.PERMITTED is r.verdict(access, on="2026-04-15")

    def test_lists_read_by_two_rules(self) -> None:
        """A change in either of two lists read by two rules is named as a cause."""
        r = regime(
            notice(
                "n1",
                D(2026, 1, 1),
                adds=[
                    ac.Restriction("a", recipients=ac.OnList("l1")),
                    ac.Restriction("b", recipients=ac.OnList("l2")),
                ],
            ),
            entity_lists=[
                ac.EntityList(
                    "l1", members=[ac.Membership("stranger", start=D(2026, 4, 1))]
                ),
                ac.EntityList(
                    "l2", members=[ac.Membership("partner", start=D(2026, 5, 1))]
                ),
            ],
        )
        for who, day in (("stranger", "2026-04-01"), ("partner", "2026-05-01")):
            access = ac.Access(who, "model-a", "hosted-api", "US")
            assert [
                (
                    day,
                    "license_required",
                    f"list `l{1 if who == 'stranger' else 2}` changed",
                )
            ] == [(s[0], s[1], s[3]) for s in _segments(r.history(access))][1:]
            assert ac.Verdict.LICENSE_REQUIRED is r.verdict(access, on="2026-06-01")
