"""What each scope selects, in three values, and how it reads in words.

Written against the surviving mutants of `aicontrols._scopes` (see
docs/contributing/mutation-testing.md). A scope is read through a decision: a
restriction whose scope is TRUE gives LICENSE REQUIRED, FALSE gives PERMITTED
and UNKNOWN gives UNDETERMINED, with the missing facts named.
"""

from __future__ import annotations

import pytest

import aicontrols as ac

from .builders import D, person, regime

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED

ITEMS = [
    ac.ControlledItem(
        "frontier",
        developer="dev",
        classifications={"ECCN": "4E091"},
        training_operations=1e26,
        weights_published=False,
    ),
    ac.ControlledItem("open", developer="other", weights_published=True),
    ac.ControlledItem("mystery"),
]
ENTITIES = [
    ac.Entity("dev", kind="company", country="US"),
    ac.Entity("other", kind="company", country="US"),
    ac.Entity("parent", kind="company", country="CN"),
    ac.Entity(
        "half", kind="company", country="SG", owners=[ac.Ownership("parent", share=0.5)]
    ),
    ac.Entity("some", kind="company", country="SG", owners=[ac.Ownership("parent")]),
    ac.Entity(
        "mixed",
        kind="company",
        country="SG",
        owners=[ac.Ownership("parent"), ac.Ownership("dev", share=0.9)],
    ),
    ac.Entity("agency", kind="government_agency", country="US"),
    ac.Entity("listed", kind="company", country="AE"),
    ac.Entity("nowhere", kind="company"),
]
GROUPS = [
    ac.CountryGroup("D:5", members=["CN"]),
    ac.CountryGroup("E:1", members=["IR"]),
]
LISTS = [ac.EntityList("entity-list", members=["listed"])]


def verdict(
    scope: ac.Scope,
    recipient: ac.Entity | str = "dev",
    *,
    item: str = "frontier",
    mode: str = "hosted-api",
    location: str | None = "US",
    target: str = "recipients",
) -> ac.Verdict:
    """The verdict of a restriction whose `target` scope is `scope`."""
    return decision(
        scope, recipient, item=item, mode=mode, location=location, target=target
    ).verdict


def decision(
    scope: ac.Scope,
    recipient: ac.Entity | str = "dev",
    *,
    item: str = "frontier",
    mode: str = "hosted-api",
    location: str | None = "US",
    target: str = "recipients",
) -> ac.Decision:
    rule = ac.Restriction("r", **{target: scope})  # type: ignore[arg-type]
    r = regime(
        ac.Notice("n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]),
        items=ITEMS,
        entities=ENTITIES,
        country_groups=GROUPS,
        entity_lists=LISTS,
    )
    return r.decide(ac.Access(recipient, item, mode, location), on="2026-06-01")


# a recipient whose citizenship nobody recorded: ForeignPerson() is UNKNOWN
STATELESS = person("anon", citizenships=(), employer=None)
UNKNOWN_SCOPE = ac.ForeignPerson()
TRUE_SCOPE = ac.KindIs("individual")
FALSE_SCOPE = ac.KindIs("company")


class TestKleeneLogic:
    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.AllOf([TRUE_SCOPE]), LR),
            (ac.AllOf([TRUE_SCOPE, UNKNOWN_SCOPE]), U),
            (ac.AllOf([UNKNOWN_SCOPE, TRUE_SCOPE]), U),
            (ac.AllOf([UNKNOWN_SCOPE, FALSE_SCOPE]), P),
            (ac.AllOf([FALSE_SCOPE, UNKNOWN_SCOPE]), P),
            (ac.AnyOf([FALSE_SCOPE]), P),
            (ac.AnyOf([FALSE_SCOPE, UNKNOWN_SCOPE]), U),
            (ac.AnyOf([UNKNOWN_SCOPE, FALSE_SCOPE]), U),
            (ac.AnyOf([UNKNOWN_SCOPE, TRUE_SCOPE]), LR),
            (ac.AnyOf([TRUE_SCOPE, UNKNOWN_SCOPE]), LR),
            (ac.Not(TRUE_SCOPE), P),
            (ac.Not(FALSE_SCOPE), LR),
            (ac.Not(UNKNOWN_SCOPE), U),
            (ac.ForeignPerson(False), U),
        ],
    )
    def test_three_valued(self, scope: ac.Scope, expected: ac.Verdict) -> None:
        """An unknown fact matters only where it could change the answer."""
        assert expected == verdict(scope, STATELESS, location=None)

    def test_missing_facts_are_named_once(self) -> None:
        """The facts an UNKNOWN scope lacks are listed, each once, in order."""
        scope = ac.AllOf(
            [
                ac.ForeignPerson(),
                ac.Not(ac.ForeignPerson()),
                ac.AnyOf([ac.DestinationIn("CN"), FALSE_SCOPE]),
                TRUE_SCOPE,
            ]
        )
        assert (
            "citizenship of `anon`",
            "location of the access",
        ) == decision(scope, STATELESS, location=None).missing_facts

    def test_no_missing_facts_when_known(self) -> None:
        """A known scope lists nothing, even next to an unknown rule."""
        d = decision(ac.AnyOf([TRUE_SCOPE, UNKNOWN_SCOPE]), STATELESS)
        assert (LR, ()) == (d.verdict, d.missing_facts)


class TestItemScopes:
    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.ItemIs("frontier"), [LR, P, P]),
            (ac.DevelopedBy("dev"), [LR, P, U]),
            (ac.ClassifiedAs("ECCN", "4E091"), [LR, U, U]),
            (ac.ClassifiedAs("ECCN", "4A090"), [P, U, U]),
            (ac.TrainedWithAtLeast(1e26), [LR, U, U]),  # at least: equal counts
            (ac.TrainedWithAtLeast(2e26), [P, U, U]),
            (ac.WeightsPublished(), [P, LR, P]),
            (ac.WeightsPublished(False), [LR, P, LR]),
        ],
    )
    def test_selects(self, scope: ac.Scope, expected: list[ac.Verdict]) -> None:
        """Each item scope selects by the item's facts; unknown when one is missing."""
        assert expected == [
            verdict(scope, item=i, target="items")
            for i in ("frontier", "open", "mystery")
        ]

    @pytest.mark.parametrize(
        ("scope", "missing"),
        [
            (ac.DevelopedBy("dev"), "developer of item `mystery`"),
            (ac.ClassifiedAs("ECCN", "4E091"), "ECCN classification of item `mystery`"),
            (ac.TrainedWithAtLeast(1e26), "training compute of item `mystery`"),
        ],
    )
    def test_unknown_item_facts(self, scope: ac.Scope, missing: str) -> None:
        """An item scope over an unrecorded fact is undetermined, naming it."""
        d = decision(scope, item="mystery", target="items")
        assert (U, (missing,)) == (d.verdict, d.missing_facts)


class TestModeScopes:
    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.ModeIs("hosted-api"), [LR, P]),
            (ac.TransfersWeights(), [P, LR]),
            (ac.TransfersWeights(False), [LR, P]),
            (ac.ComputeRunsAt("provider"), [LR, P]),
            (ac.ComputeRunsAt(["recipient"]), [P, LR]),
        ],
    )
    def test_selects(self, scope: ac.Scope, expected: list[ac.Verdict]) -> None:
        """Mode scopes select by id, by weight transfer or by where the model runs."""
        assert expected == [
            verdict(scope, mode=m, target="modes")
            for m in ("hosted-api", "weights-transfer")
        ]

    def test_locations_by_one_name_or_several(self) -> None:
        """Built here, not at collection: a converter runs when a scope is made."""
        assert frozenset({ac.ComputeLocation.PROVIDER}) == (
            ac.ComputeRunsAt("provider").locations
        )
        assert (
            frozenset(
                {ac.ComputeLocation.RECIPIENT, ac.ComputeLocation.THIRD_PARTY_CLOUD}
            )
            == ac.ComputeRunsAt(["recipient", "third_party_cloud"]).locations
        )
        assert frozenset({ac.EntityKind.COMPANY}) == ac.KindIs("company").kinds


class TestRecipientScopes:
    def test_foreign_person(self) -> None:
        """`ForeignPerson` selects foreign people and companies, or names the gap."""
        assert [LR, P, LR] == [
            verdict(ac.ForeignPerson(), r) for r in (person(), "dev", "parent")
        ]
        assert [P, LR, P] == [
            verdict(ac.ForeignPerson(False), r) for r in (person(), "dev", "parent")
        ]
        d = decision(ac.ForeignPerson(), "nowhere")
        assert (U, ("country of incorporation of `nowhere`",)) == (
            d.verdict,
            d.missing_facts,
        )

    def test_kind_entity_employer_list(self) -> None:
        """Kind, entity, employer and list scopes select the recipients they name."""
        assert [LR, P] == [
            verdict(ac.KindIs("government_agency"), r) for r in ("agency", "dev")
        ]
        assert [LR, P] == [
            verdict(ac.EntityIs(["dev", "agency"]), r) for r in ("dev", "other")
        ]
        assert [LR, P] == [
            verdict(ac.EmployedBy("dev"), person(employer=e)) for e in ("dev", "other")
        ]
        assert [LR, P] == [
            verdict(ac.OnList("entity-list"), r) for r in ("listed", "dev")
        ]

    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.OwnedBy("parent"), [LR, LR, LR, P]),
            (ac.OwnedBy("parent", min_share=0.5), [LR, U, U, P]),  # 50% is at least 50%
            (ac.OwnedBy("parent", min_share=0.6), [P, U, U, P]),
            (ac.OwnedBy(["parent", "dev"], min_share=0.6), [P, U, LR, P]),
            (ac.OwnedBy("dev"), [P, P, LR, P]),
        ],
    )
    def test_owned_by(self, scope: ac.Scope, expected: list[ac.Verdict]) -> None:
        """An unknown share is UNKNOWN only when a share is asked for and no other link settles it."""
        assert expected == [verdict(scope, r) for r in ("half", "some", "mixed", "dev")]

    def test_unknown_share_is_a_missing_fact(self) -> None:
        """An unrecorded share is a missing fact when a minimum share is asked."""
        d = decision(ac.OwnedBy("parent", min_share=0.5), "some")
        assert ("ownership shares in `some`",) == d.missing_facts


class TestDestinations:
    def test_an_organisation_abroad(self) -> None:
        """`DestinationIn` selects an organisation by the location of the access."""
        assert [LR, P] == [
            verdict(ac.DestinationIn("CN"), "dev", location=loc) for loc in ("CN", "FR")
        ]

    def test_groups_are_united(self) -> None:
        """Several country groups select the members of any; one, only its own."""
        scope = ac.DestinationInGroup(["D:5", "E:1"])
        assert [LR, LR, P] == [
            verdict(scope, "dev", location=loc) for loc in ("CN", "IR", "FR")
        ]
        assert [LR, P] == [
            verdict(ac.DestinationInGroup("E:1"), "dev", location=loc)
            for loc in ("IR", "CN")
        ]

    def test_unknown_location(self) -> None:
        """A destination scope without a location is undetermined, naming it."""
        d = decision(ac.DestinationIn("CN"), "dev", location=None)
        assert (U, ("location of the access",)) == (d.verdict, d.missing_facts)
        d = decision(ac.DestinationInGroup("D:5"), "dev", location=None)
        assert (U, ("location of the access",)) == (d.verdict, d.missing_facts)

    def test_a_choice_of_destinations(self) -> None:
        """Two citizenships from the same day: the most recent one is not settled."""
        twice = person(
            "twice",
            citizenships=(
                ac.Citizenship("CN", start=D(2020, 1, 1)),
                ac.Citizenship("FR", start=D(2020, 1, 1)),
            ),
        )
        d = decision(ac.DestinationIn("CN"), twice)
        assert (
            U,
            ("which citizenship or residency of `twice` is the most recent",),
        ) == (
            d.verdict,
            d.missing_facts,
        )
        # when every choice is selected, the answer is settled
        assert LR == verdict(ac.DestinationIn(["CN", "FR"]), twice)
        assert P == verdict(ac.DestinationIn("IR"), twice)


class TestWords:
    @pytest.mark.parametrize(
        ("scope", "text"),
        [
            (
                ac.AllOf([ac.ItemIs("a"), ac.ModeIs("m")]),
                "all of: the item is `a`; the mode is `m`",
            ),
            (
                ac.AnyOf([ac.ItemIs("a"), ac.ModeIs("m")]),
                "any of: the item is `a`; the mode is `m`",
            ),
            (ac.Not(ac.ItemIs("a")), "not (the item is `a`)"),
            (ac.ItemIs(["b", "a"]), "the item is one of `a`, `b`"),
            (ac.DevelopedBy(["y", "x"]), "the item is developed by one of `x`, `y`"),
            (ac.ClassifiedAs("ECCN", "4E091"), "the item is classified ECCN `4E091`"),
            (
                ac.TrainedWithAtLeast(3e25),
                "the item was trained with at least 3e+25 operations",
            ),
            (ac.WeightsPublished(False), "the weights are not published"),
            (ac.WeightsPublished(True), "the weights are published"),
            (ac.ModeIs("m"), "the mode is `m`"),
            (ac.ModeIs(["n", "m"]), "the mode is one of `m`, `n`"),
            (ac.TransfersWeights(), "the mode transfers the weights"),
            (ac.TransfersWeights(False), "the mode does not transfer the weights"),
            (ac.ComputeRunsAt("provider"), "the model runs at `provider`"),
            (
                ac.ComputeRunsAt(["recipient", "provider"]),
                "the model runs at one of `provider`, `recipient`",
            ),
            (ac.ForeignPerson(), "the recipient is a foreign person"),
            (ac.ForeignPerson(False), "the recipient is not a foreign person"),
            (ac.DestinationIn("cn"), "the destination is `CN`"),
            (ac.DestinationIn(["mo", "cn"]), "the destination is one of `CN`, `MO`"),
            (ac.DestinationInGroup("D:5"), "the destination is in country group `D:5`"),
            (
                ac.DestinationInGroup(["E:1", "D:5"]),
                "the destination is in country group one of `D:5`, `E:1`",
            ),
            (ac.KindIs("company"), "the recipient is a `company`"),
            (
                ac.KindIs(["university", "company"]),
                "the recipient is one of the kinds `company`, `university`",
            ),
            (ac.EntityIs("a"), "the recipient is `a`"),
            (ac.EntityIs(["b", "a"]), "the recipient is one of `a`, `b`"),
            (ac.EmployedBy("a"), "the recipient is employed by `a`"),
            (ac.EmployedBy(["b", "a"]), "the recipient is employed by one of `a`, `b`"),
            (ac.OwnedBy("p"), "the recipient is owned by `p`"),
            (ac.OwnedBy(["q", "p"]), "the recipient is owned by one of `p`, `q`"),
            (
                ac.OwnedBy("p", min_share=0.25),
                "the recipient is at least 25% owned by `p`",
            ),
            (ac.OnList("l"), "the recipient is on list `l`"),
        ],
    )
    def test_describe(self, scope: ac.Scope, text: str) -> None:
        """Every scope reads in plain words, ids sorted, country codes upper-case."""
        assert text == scope.describe()

    def test_a_near_miss_names_the_first_failed_condition(self) -> None:
        """The reason an exemption did not apply is the first false part of its scope."""
        lift = ac.Exemption(
            "x",
            lifts=["r"],
            recipients=ac.AllOf(
                [ac.ForeignPerson(), ac.EmployedBy("dev"), ac.EntityIs("stranger")]
            ),
        )
        r = regime(
            ac.Notice(
                "n",
                published=D(2026, 1, 1),
                effective=D(2026, 1, 1),
                adds=[ac.Restriction("r", recipients=ac.ForeignPerson()), lift],
            )
        )
        d = r.decide(
            ac.Access(person(employer="other"), "model-a", "hosted-api", "US"),
            on="2026-06-01",
        )
        assert (
            "requires that the recipient is employed by `dev`"
            == d.near_misses[0].reason
        )


class TestStructure:
    def test_leaves_targets_and_references(self) -> None:
        """A scope lists its leaves, targets and references, in order."""
        scope = ac.AllOf(
            [
                ac.ForeignPerson(),
                ac.AnyOf([ac.EmployedBy("a"), ac.OwnedBy("p")]),
                ac.Not(ac.DestinationInGroup("D:5")),
                ac.ItemIs("i"),
                ac.ModeIs("m"),
                ac.OnList("l"),
                ac.EntityIs("e"),
                ac.DevelopedBy("d"),
            ]
        )
        assert [
            ac.ForeignPerson(),
            ac.EmployedBy("a"),
            ac.OwnedBy("p"),
            ac.DestinationInGroup("D:5"),
            ac.ItemIs("i"),
            ac.ModeIs("m"),
            ac.OnList("l"),
            ac.EntityIs("e"),
            ac.DevelopedBy("d"),
        ] == list(scope.leaves())
        assert {"item", "mode", "recipient"} == {t.value for t in scope.targets()}
        assert [
            ("entity", "a"),
            ("entity", "p"),
            ("country group", "D:5"),
            ("item", "i"),
            ("mode", "m"),
            ("entity list", "l"),
            ("entity", "e"),
            ("entity", "d"),
        ] == list(scope.references())

    def test_everything_has_no_leaves(self) -> None:
        """`EVERYTHING` has no leaves or targets; `Not` has those of its scope."""
        assert ([], frozenset()) == (
            list(ac.EVERYTHING.leaves()),
            ac.EVERYTHING.targets(),
        )
        assert [ac.ItemIs("a")] == list(ac.Not(ac.ItemIs("a")).leaves())

    @pytest.mark.parametrize(
        ("build", "error", "message"),
        [
            (lambda: ac.ItemIs([]), ValueError, "`ids` must name at least one value"),
            (lambda: ac.ModeIs([]), ValueError, "`names` must name at least one value"),
            (lambda: ac.AllOf([]), ValueError, "a combinator needs at least one scope"),
            (lambda: ac.AnyOf([]), ValueError, "a combinator needs at least one scope"),
            (lambda: ac.AnyOf(["x"]), TypeError, "expected a Scope, got `'x'`"),
            (
                lambda: ac.DestinationIn([]),
                ValueError,
                "`countries` must name at least one value",
            ),
        ],
    )
    def test_bad_scopes(
        self, build: object, error: type[Exception], message: str
    ) -> None:
        """An empty or ill-typed scope is refused when built, saying why."""
        with pytest.raises(error) as caught:
            build()  # type: ignore[operator]
        assert message == str(caught.value)

    def test_unknown_references_are_refused(self) -> None:
        """A scope naming an entity the catalog lacks makes the regime invalid."""
        with pytest.raises(ac.AIControlsError, match="nobody"):
            regime(
                ac.Notice(
                    "n",
                    published=D(2026, 1, 1),
                    effective=D(2026, 1, 1),
                    adds=[ac.Restriction("r", recipients=ac.EmployedBy("nobody"))],
                )
            )
