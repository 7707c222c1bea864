"""Scopes: what they select, in three values, how they read, and failing closed.

Tests of `aicontrols._scopes` (`base.py`: the protocol and the combinators;
`items.py`: item and mode scopes; `parties.py`: recipient scopes), many written
against their surviving mutants (see docs/contributing/mutation-testing.md).
A scope is read through a decision: a restriction whose scope is TRUE gives
LICENSE REQUIRED, FALSE gives PERMITTED and UNKNOWN gives UNDETERMINED, with the
missing facts named.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pytest

import aicontrols as ac

from .builders import D, person, regime

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED

# The catalog of `scoped()` and `decide()`: a regime of one restriction, asked
# about with an access.
ITEMS = [
    ac.ControlledItem(
        "frontier",
        developer="dev",
        classifications={"ECCN": "4E091"},
        training_operations=3e26,
    ),
    ac.ControlledItem(
        "small",
        developer="dev",
        classifications={"ECCN": "EAR99"},
        training_operations=1e24,
        weights_published=True,
    ),
    ac.ControlledItem("mystery"),
]
ENTITIES = [
    ac.Entity("dev", country="US"),
    ac.Entity("parent", country="CN"),
    ac.Entity("subsidiary", country="SG", owners=[ac.Ownership("parent", share=0.6)]),
    ac.Entity("minority", country="SG", owners=[ac.Ownership("parent", share=0.2)]),
    ac.Entity("unknown-share", country="SG", owners=[ac.Ownership("parent")]),
    ac.Entity("agency", kind="government_agency", country="US"),
    ac.Entity("un", kind="international_organization"),
    ac.Entity("nowhere-inc"),
    ac.Entity("listed-co", country="AE"),
]
GROUPS = [
    ac.CountryGroup(
        "D:5",
        members=["CN", "MO", ac.Membership("KH", end=D(2026, 2, 9))],
    )
]
LISTS = [
    ac.EntityList(
        "entity-list", members=[ac.Membership("listed-co", start=D(2026, 3, 1))]
    )
]


def scoped(
    *,
    items: ac.Scope = ac.EVERYTHING,
    modes: ac.Scope = ac.EVERYTHING,
    recipients: ac.Scope = ac.EVERYTHING,
    effect: str = "license_required",
    **regime_fields: object,
) -> ac.Regime:
    rule = ac.Restriction(
        "r", effect=effect, items=items, modes=modes, recipients=recipients
    )
    notice = ac.Notice(
        "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
    )
    fields: dict[str, object] = {
        "items": ITEMS,
        "entities": ENTITIES,
        "country_groups": GROUPS,
        "entity_lists": LISTS,
        **regime_fields,
    }
    return regime(notice, **fields)  # type: ignore[arg-type]


def decide(
    r: ac.Regime,
    recipient: ac.Entity | str,
    item: str = "frontier",
    *,
    mode: str = "hosted-api",
    location: str | None = "US",
    day: str = "2026-06-01",
    attestations: frozenset[str] = frozenset(),
) -> ac.Decision:
    return r.decide(ac.Access(recipient, item, mode, location, attestations), on=day)


# The catalog of `verdict_of()` and `decision_of()`: one restriction whose one
# scope is the scope under test.
LEAF_ITEMS = [
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
LEAF_ENTITIES = [
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
LEAF_GROUPS = [
    ac.CountryGroup("D:5", members=["CN"]),
    ac.CountryGroup("E:1", members=["IR"]),
]
LEAF_LISTS = [ac.EntityList("entity-list", members=["listed"])]


def verdict_of(
    scope: ac.Scope,
    recipient: ac.Entity | str = "dev",
    *,
    item: str = "frontier",
    mode: str = "hosted-api",
    location: str | None = "US",
    target: str = "recipients",
) -> ac.Verdict:
    """The verdict of a restriction whose `target` scope is `scope`."""
    return decision_of(
        scope, recipient, item=item, mode=mode, location=location, target=target
    ).verdict


def decision_of(
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
        items=LEAF_ITEMS,
        entities=LEAF_ENTITIES,
        country_groups=LEAF_GROUPS,
        entity_lists=LEAF_LISTS,
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
        assert expected == verdict_of(scope, STATELESS, location=None)

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
        ) == decision_of(scope, STATELESS, location=None).missing_facts

    def test_no_missing_facts_when_known(self) -> None:
        """A known scope lists nothing, even next to an unknown rule."""
        d = decision_of(ac.AnyOf([TRUE_SCOPE, UNKNOWN_SCOPE]), STATELESS)
        assert (LR, ()) == (d.verdict, d.missing_facts)


class TestItemScopes:
    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.ItemIs("frontier"), {"frontier": LR, "small": P, "mystery": P}),
            (ac.DevelopedBy("dev"), {"frontier": LR, "small": LR, "mystery": U}),
            (
                ac.ClassifiedAs("ECCN", "4E091"),
                {"frontier": LR, "small": P, "mystery": U},
            ),
            (ac.TrainedWithAtLeast(1e26), {"frontier": LR, "small": P, "mystery": U}),
            (ac.WeightsPublished(), {"frontier": P, "small": LR, "mystery": P}),
            (ac.WeightsPublished(False), {"frontier": LR, "small": P, "mystery": LR}),
            (
                ac.AllOf([ac.TrainedWithAtLeast(1e26), ac.Not(ac.WeightsPublished())]),
                {"frontier": LR, "small": P, "mystery": U},
            ),
            (
                ac.AnyOf([ac.ItemIs("mystery"), ac.TrainedWithAtLeast(1e26)]),
                {"frontier": LR, "small": P, "mystery": LR},
            ),
        ],
    )
    def test_selects(self, scope: ac.Scope, expected: dict[str, ac.Verdict]) -> None:
        """Item scopes select by id, developer, classification, compute and publication."""
        r = scoped(items=scope)
        assert expected == {i: decide(r, "dev", i).verdict for i in expected}

    def test_unknown_item_fact_is_listed(self) -> None:
        """An item with no training compute recorded is UNDETERMINED, saying what is missing."""
        decision = decide(scoped(items=ac.TrainedWithAtLeast(1e26)), "dev", "mystery")
        assert decision.missing_facts == ("training compute of item `mystery`",)
        assert decision.applied[0].status == ac.Status.POSSIBLE
        assert "Unknown facts that could change the verdict:" in decision.explain()

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
            (ac.ClassificationRecorded("ECCN"), [LR, P, P]),
            (ac.Not(ac.ClassificationRecorded("ECCN")), [P, LR, LR]),
        ],
    )
    def test_selects_or_is_unknown(
        self, scope: ac.Scope, expected: list[ac.Verdict]
    ) -> None:
        """Each item scope selects by the item's facts; unknown when one is missing."""
        assert expected == [
            verdict_of(scope, item=i, target="items")
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
        d = decision_of(scope, item="mystery", target="items")
        assert (U, (missing,)) == (d.verdict, d.missing_facts)


class TestClassificationRecorded:
    """The recorded code decides where there is one; the compute where there is none."""

    # ECCN 4E091 as a rule reads it: by the recorded ECCN, else by the compute.
    EITHER = ac.AnyOf(
        [
            ac.AllOf(
                [ac.ClassificationRecorded("ECCN"), ac.ClassifiedAs("ECCN", "4E091")]
            ),
            ac.AllOf(
                [
                    ac.Not(ac.ClassificationRecorded("ECCN")),
                    ac.TrainedWithAtLeast(1e26),
                ]
            ),
        ]
    )

    @pytest.mark.parametrize(
        ("facts", "expected"),
        [
            ({"classifications": {"ECCN": "4E091"}}, LR),
            ({"classifications": {"ECCN": "EAR99"}}, P),
            ({"classifications": {"ECCN": "EAR99"}, "training_operations": 3e26}, P),
            ({"classifications": {"ECCN": "3A090.a"}}, P),
            ({"training_operations": 3e26}, LR),
            ({"training_operations": 1e24}, P),
            ({}, U),
        ],
        ids=["4e091", "ear99", "ear99-large", "other", "large", "small", "nothing"],
    )
    def test_code_else_compute(
        self, facts: dict[str, Any], expected: ac.Verdict
    ) -> None:
        """A recorded ECCN settles the scope; only an item without one is read by its compute."""
        item = ac.ControlledItem("x", **facts)
        assert expected == decide(scoped(items=self.EITHER), "dev", item).verdict

    def test_never_unknown(self) -> None:
        """An item without the code is not selected and nothing is missing."""
        d = decision_of(
            ac.ClassificationRecorded("ECCN"), item="mystery", target="items"
        )
        assert (P, ()) == (d.verdict, d.missing_facts)

    @pytest.mark.parametrize("scheme", ["eccn", "", "E CCN", 5])
    def test_bad_scheme_is_refused(self, scheme: object) -> None:
        """A misspelt or malformed scheme is refused, not read as another scheme."""
        with pytest.raises(ValueError, match="scheme"):
            ac.ClassificationRecorded(scheme)  # type: ignore[arg-type]

    def test_file_round_trip(self) -> None:
        """The file key `classification_recorded` loads to the scope and dumps back."""
        text = textwrap.dedent(
            """\
            id: r
            jurisdiction: US
            timezone: America/New_York
            notices:
            - id: n
              published: 2026-01-01
              effective: 2026-01-01
              adds:
                restrictions:
                - id: x
                  items:
                    not:
                      classification_recorded: ECCN
            """
        )
        regime = ac.loads_regime(text)
        [rule] = regime.notices[0].adds
        assert ac.Not(ac.ClassificationRecorded("ECCN")) == rule.items
        assert regime == ac.loads_regime(ac.dump_regime(regime))


class TestModeScopes:
    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.ModeIs("hosted-api"), [LR, P]),
            (ac.ModeIs("weights-transfer"), [P, LR]),
            (ac.TransfersWeights(), [P, LR]),
            (ac.TransfersWeights(False), [LR, P]),
            (ac.ComputeRunsAt("provider"), [LR, P]),
            (ac.ComputeRunsAt(["recipient"]), [P, LR]),
            (ac.ComputeRunsAt(["recipient", "third_party_cloud"]), [P, LR]),
        ],
    )
    def test_selects(self, scope: ac.Scope, expected: list[ac.Verdict]) -> None:
        """Mode scopes select by id, by weight transfer or by where the model runs."""
        assert expected == [
            verdict_of(scope, mode=m, target="modes")
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
    def test_foreign_person_kinds(self) -> None:
        """Organisations are foreign unless incorporated here; international organisations always."""
        r = scoped(recipients=ac.ForeignPerson())
        assert {
            e: decide(r, e).verdict
            for e in ("dev", "agency", "parent", "un", "nowhere-inc")
        } == {"dev": P, "agency": P, "parent": LR, "un": LR, "nowhere-inc": U}
        assert decide(r, "nowhere-inc").missing_facts == (
            "country of incorporation of `nowhere-inc`",
        )

    def test_unknown_citizenship_is_undetermined(self) -> None:
        """An individual with no citizenship recorded gives UNDETERMINED, never PERMITTED."""
        r = scoped(recipients=ac.ForeignPerson())
        decision = decide(r, person(citizenships=()))
        assert (
            decision.verdict,
            decision.missing_facts,
        ) == (U, ("citizenship of `priya`",))
        assert decision.to_dict()["missing_facts"] == ["citizenship of `priya`"]

    def test_known_resident_needs_no_citizenship(self) -> None:
        """A US permanent resident is not foreign even with citizenship unknown."""
        r = scoped(recipients=ac.ForeignPerson())
        assert decide(r, person(citizenships=(), residencies=["US"])).verdict == P

    def test_kind_entity_and_list(self) -> None:
        """Kind, entity id and list membership read the recipient at the instant."""
        kind = scoped(recipients=ac.KindIs(["government_agency", "university"]))
        ident = scoped(recipients=ac.EntityIs("parent"))
        listed = scoped(recipients=ac.OnList("entity-list"))
        assert (decide(kind, "agency").verdict, decide(kind, "dev").verdict) == (LR, P)
        assert (
            decide(ident, "parent").verdict,
            decide(ident, "dev").verdict,
        ) == (LR, P)
        assert (
            decide(listed, "listed-co", day="2026-02-28").verdict,
            decide(listed, "listed-co", day="2026-03-01").verdict,
        ) == (P, LR)

    def test_owned_by(self) -> None:
        """Ownership counts from `min_share`; an unknown share is UNDETERMINED."""
        r = scoped(recipients=ac.OwnedBy("parent", min_share=0.5))
        plain = scoped(recipients=ac.OwnedBy("parent"))
        assert {
            e: decide(r, e).verdict
            for e in ("subsidiary", "minority", "unknown-share", "dev")
        } == {"subsidiary": LR, "minority": P, "unknown-share": U, "dev": P}
        assert decide(plain, "unknown-share").verdict == LR
        assert decide(r, "unknown-share").missing_facts == (
            "ownership share of `parent` in `unknown-share`",
        )

    def test_employed_by_reads_the_instant(self) -> None:
        """Employment counts only within its dates."""
        r = scoped(recipients=ac.EmployedBy("dev"))
        who = ac.Entity(
            "sam",
            kind="individual",
            citizenships=[ac.Citizenship("FR")],
            employments=[ac.Employment("dev", start=D(2026, 3, 1), end=D(2026, 4, 1))],
        )
        assert [
            decide(r, who, day=d).verdict
            for d in ("2026-02-28", "2026-03-15", "2026-04-01")
        ] == [P, LR, P]

    def test_foreign_person(self) -> None:
        """`ForeignPerson` selects foreign people and companies, or names the gap."""
        assert [LR, P, LR] == [
            verdict_of(ac.ForeignPerson(), r) for r in (person(), "dev", "parent")
        ]
        assert [P, LR, P] == [
            verdict_of(ac.ForeignPerson(False), r) for r in (person(), "dev", "parent")
        ]
        d = decision_of(ac.ForeignPerson(), "nowhere")
        assert (U, ("country of incorporation of `nowhere`",)) == (
            d.verdict,
            d.missing_facts,
        )

    def test_kind_entity_employer_list(self) -> None:
        """Kind, entity, employer and list scopes select the recipients they name."""
        assert [LR, P] == [
            verdict_of(ac.KindIs("government_agency"), r) for r in ("agency", "dev")
        ]
        assert [LR, P] == [
            verdict_of(ac.EntityIs(["dev", "agency"]), r) for r in ("dev", "other")
        ]
        assert [LR, P] == [
            verdict_of(ac.EmployedBy("dev"), person(employer=e))
            for e in ("dev", "other")
        ]
        assert [LR, P] == [
            verdict_of(ac.OnList("entity-list"), r) for r in ("listed", "dev")
        ]

    def test_entity_through_same_as(self) -> None:
        """`EntityIs` selects a customer confirmed to be the party it names."""
        customer = ac.Entity("cust-42", country="AE")
        confirmed = ac.screening.confirm(customer, "listed")
        assert [P, LR] == [
            verdict_of(ac.EntityIs("listed"), who) for who in (customer, confirmed)
        ]

    @pytest.mark.parametrize(
        ("scope", "expected"),
        [
            (ac.OwnedBy("parent"), [LR, LR, LR, P]),
            # 50% is at least 50%; `mixed`: the 90% known of `dev` leaves at
            # most 10% for the unknown share of `parent`
            (ac.OwnedBy("parent", min_share=0.5), [LR, U, P, P]),
            (ac.OwnedBy("parent", min_share=0.6), [P, U, P, P]),
            (ac.OwnedBy("parent", min_share=0.1), [LR, U, U, P]),
            (ac.OwnedBy(["parent", "dev"], min_share=0.6), [P, U, LR, P]),
            (ac.OwnedBy("dev"), [P, P, LR, P]),
        ],
    )
    def test_owned_by_shares(self, scope: ac.Scope, expected: list[ac.Verdict]) -> None:
        """An unknown share is UNKNOWN only when a share is asked for and the known shares do not settle it."""
        assert expected == [
            verdict_of(scope, r) for r in ("half", "some", "mixed", "dev")
        ]


class TestDestinations:
    def test_export_goes_to_the_location(self) -> None:
        """Access from abroad goes to the location; unknown location is UNDETERMINED."""
        r = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert {
            loc: decide(r, "dev", location=loc).verdict for loc in ("CN", "SG")
        } == {"CN": LR, "SG": P}
        unknown = decide(r, "dev", location=None)
        assert (
            unknown.verdict,
            unknown.missing_facts,
        ) == (U, ("location of the access",))

    def test_group_membership_changes_over_time(self) -> None:
        """Cambodia leaves D:5 on 2026-02-09: from that day it no longer matches."""
        r = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert (
            decide(r, "dev", location="KH", day="2026-02-08").verdict,
            decide(r, "dev", location="KH", day="2026-02-09").verdict,
        ) == (LR, P)
        timeline = r.history(ac.Access("dev", "frontier", "hosted-api", "KH"))
        assert timeline[-1].cause.description == "country group `D:5` changed"

    def test_us_person_in_the_us_exports_nothing(self) -> None:
        """A US citizen in the US is no export to any destination."""
        r = scoped(recipients=ac.DestinationIn("US"))
        assert decide(r, person(citizenships=["US"])).verdict == P

    def test_deemed_export_most_recent_vs_all(self) -> None:
        """EAR uses the most recent citizenship (734.13(b)); ITAR every one (120.50(b))."""
        who = person(
            citizenships=[
                ac.Citizenship("CN", start=D(1990, 1, 1)),
                ac.Citizenship("CA", start=D(2015, 6, 1)),
            ]
        )
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        itar = scoped(recipients=ac.DestinationInGroup("D:5"), deemed_export_rule="all")
        assert (decide(ear, who).verdict, decide(itar, who).verdict) == (P, LR)
        moved = person(
            citizenships=[
                ac.Citizenship("CA", start=D(1990, 1, 1)),
                ac.Citizenship("CN", start=D(2015, 6, 1)),
            ]
        )
        at = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
        assert (
            LR
            == ear.decide(
                ac.Access(moved, "frontier", "hosted-api", "US"), at=at
            ).verdict
        )

    def test_all_rule_counts_former_citizenships(self) -> None:
        """ITAR counts every country where the person "has held or holds" citizenship."""
        former = person(
            citizenships=[
                ac.Citizenship("CN", end=D(2010, 3, 1)),
                ac.Citizenship("SG", start=D(2010, 3, 1)),
            ]
        )
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        itar = scoped(recipients=ac.DestinationInGroup("D:5"), deemed_export_rule="all")
        assert (P, LR) == (decide(ear, former).verdict, decide(itar, former).verdict)

    def test_international_organisation_inside_has_no_country(self) -> None:
        """An international organisation in the US has no country to export to: unknown."""
        r = scoped(recipients=ac.DestinationIn("CN"))
        decision = decide(r, "un")
        assert (U, ("country of `un`",)) == (decision.verdict, decision.missing_facts)
        assert P == decide(r, "un", location="FR").verdict

    def test_most_recent_tie_is_undetermined_only_when_it_matters(self) -> None:
        """Two citizenships since birth: D:5 is unknown if only one is in it."""
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        mixed = person(citizenships=["CN", "CA"])
        both = person(citizenships=["CN", "MO"])
        decision = decide(ear, mixed)
        assert (decision.verdict, decide(ear, both).verdict) == (U, LR)
        assert decision.missing_facts == (
            "which citizenship or residency of `priya` is the most recent",
        )

    def test_deemed_reexport_abroad(self) -> None:
        """A Chinese national in Singapore counts as a release to China too (734.14)."""
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert decide(ear, person(citizenships=["CN"]), location="SG").verdict == LR
        assert decide(ear, person(citizenships=["FR"]), location="SG").verdict == P

    def test_exemption_must_cover_every_destination(self) -> None:
        """An exemption for some destinations does not lift a release that also goes
        elsewhere: an Indian national in France is a deemed reexport to India."""
        rule = ac.Restriction("r", recipients=ac.ForeignPerson())
        lift = ac.Exemption(
            "tier-1", lifts=["r"], recipients=ac.DestinationInGroup("T1")
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule, lift]
            ),
            country_groups=[ac.CountryGroup("T1", members=["FR", "DE", "US"])],
        )
        assert {"IN in FR": LR, "DE in FR": P, "IN in IN": LR} == {
            "IN in FR": decide(
                r, person(citizenships=["IN"]), "model-a", location="FR"
            ).verdict,
            "DE in FR": decide(
                r, person(citizenships=["DE"]), "model-a", location="FR"
            ).verdict,
            "IN in IN": decide(
                r, person(citizenships=["IN"]), "model-a", location="IN"
            ).verdict,
        }
        tie = person(citizenships=["DE", "IN"])
        assert U == decide(r, tie, "model-a", location="FR").verdict

    def test_negated_destination_restriction_reaches_a_deemed_reexport(self) -> None:
        """`Not(DestinationIn("FR"))` applies to an Indian national in France: the
        release also goes to India."""
        rule = ac.Restriction(
            "r", effect="prohibited", recipients=ac.Not(ac.DestinationIn("FR"))
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        )
        assert (ac.Verdict.PROHIBITED, P) == (
            decide(r, person(citizenships=["IN"]), "model-a", location="FR").verdict,
            decide(r, person(citizenships=["FR"]), "model-a", location="FR").verdict,
        )

    def test_organisation_abroad_goes_where_it_is(self) -> None:
        """An organisation of unknown incorporation located in China is an export to China."""
        rule = ac.Restriction(
            "r", effect="prohibited", recipients=ac.DestinationIn("CN")
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
            )
        )
        assert (
            ac.Verdict.PROHIBITED
            == decide(r, ac.Entity("unk"), "model-a", location="CN").verdict
        )

    def test_foreign_company_in_the_us(self) -> None:
        """A foreign company receiving in the US is treated as a release to its country."""
        ear = scoped(recipients=ac.DestinationInGroup("D:5"))
        assert decide(ear, "parent", location="US").verdict == LR

    def test_an_organisation_abroad(self) -> None:
        """`DestinationIn` selects an organisation by the location of the access."""
        assert [LR, P] == [
            verdict_of(ac.DestinationIn("CN"), "dev", location=loc)
            for loc in ("CN", "FR")
        ]

    def test_groups_are_united(self) -> None:
        """Several country groups select the members of any; one, only its own."""
        scope = ac.DestinationInGroup(["D:5", "E:1"])
        assert [LR, LR, P] == [
            verdict_of(scope, "dev", location=loc) for loc in ("CN", "IR", "FR")
        ]
        assert [LR, P] == [
            verdict_of(ac.DestinationInGroup("E:1"), "dev", location=loc)
            for loc in ("IR", "CN")
        ]

    def test_unknown_location(self) -> None:
        """A destination scope without a location is undetermined, naming it."""
        d = decision_of(ac.DestinationIn("CN"), "dev", location=None)
        assert (U, ("location of the access",)) == (d.verdict, d.missing_facts)
        d = decision_of(ac.DestinationInGroup("D:5"), "dev", location=None)
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
        d = decision_of(ac.DestinationIn("CN"), twice)
        assert (
            U,
            ("which citizenship or residency of `twice` is the most recent",),
        ) == (
            d.verdict,
            d.missing_facts,
        )
        # when every choice is selected, the answer is settled
        assert LR == verdict_of(ac.DestinationIn(["CN", "FR"]), twice)
        assert P == verdict_of(ac.DestinationIn("IR"), twice)


class TestWords:
    @pytest.mark.parametrize(
        ("scope", "text"),
        [
            (ac.EVERYTHING, "any access"),
            (ac.ItemIs("a"), "the item is `a`"),
            (
                ac.ClassifiedAs("ECCN", ["4E091", "4A090"]),
                "the item is classified ECCN one of `4A090`, `4E091`",
            ),
            (
                ac.TrainedWithAtLeast(10**26),
                "the item was trained with at least 1e+26 operations",
            ),
            (
                ac.KindIs(["company", "university"]),
                "the recipient is one of the kinds `company`, `university`",
            ),
            (ac.OnList(["a", "b"]), "the recipient is on list one of `a`, `b`"),
            (ac.DevelopedBy("x"), "the item is developed by `x`"),
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
            (
                ac.ClassificationRecorded("ECCN"),
                "the item records an ECCN classification",
            ),
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
            (ac.OwnedBy("p"), "the recipient is owned, directly or indirectly, by `p`"),
            (
                ac.OwnedBy(["q", "p"]),
                "the recipient is owned, directly or indirectly, by one of `p`, `q`",
            ),
            (
                ac.OwnedBy("p", min_share=0.25),
                "the recipient is at least 25% owned, directly or indirectly, by `p`",
            ),
            (
                ac.OwnedBy(["q", "p"], min_share=0.5),
                "the recipient is at least 50% owned, directly or indirectly, "
                "individually or in aggregate, by `p`, `q`",
            ),
            (ac.OnList("l"), "the recipient is on list `l`"),
            (
                ac.OwnedByListed("entity-list"),
                "the recipient is owned, directly or indirectly, by a party on "
                "list `entity-list`",
            ),
            (
                ac.OwnedByListed(["l2", "l1"], min_share=0.5),
                "the recipient is at least 50% owned, directly or indirectly, "
                "individually or in aggregate, by parties on list one of `l1`, `l2`",
            ),
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

    def test_near_miss_reasons(self) -> None:
        """A near miss names the first failed predicate or the missing attestation."""
        rule = ac.Restriction("r", recipients=ac.ForeignPerson())
        lift = ac.Exemption(
            "x",
            lifts=["r"],
            recipients=ac.AllOf([ac.ForeignPerson(), ac.EmployedBy("dev")]),
            conditions=["safeguards-agreement"],
        )
        r = regime(
            ac.Notice(
                "n", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule, lift]
            )
        )
        stranger = decide(r, person(employer="stranger"), "model-a")
        unsigned = decide(r, person(employer="dev"), "model-a")
        signed = decide(
            r,
            person(employer="dev"),
            "model-a",
            attestations=frozenset({"safeguards-agreement"}),
        )
        assert (
            stranger.near_misses[0].reason
            == "requires that the recipient is employed by `dev`"
        )
        assert (
            unsigned.near_misses[0].reason
            == "requires the attested condition `safeguards-agreement`"
        )
        assert (stranger.verdict, unsigned.verdict, signed.verdict) == (LR, LR, P)


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
            (
                lambda: ac.AnyOf(["not a scope"]),
                TypeError,
                "expected a Scope, got `'not a scope'`",
            ),
            (
                lambda: ac.TrainedWithAtLeast(-1),
                ValueError,
                "`operations` must be >= 0, got `-1`",
            ),
            (
                lambda: ac.DestinationIn("USA"),
                ValueError,
                "expected an ISO 3166-1 alpha-2 country code, got `USA` "
                "(did you mean `US`?)",
            ),
            (
                lambda: ac.ComputeRunsAt("moon"),
                ValueError,
                "'moon' is not a valid ComputeLocation",
            ),
            (
                lambda: ac.ItemIs(["b b", "a a"]),
                ValueError,
                "`ids`: expected an id (letters, digits, `-._:/+@`), got `'a a'`",
            ),
            (
                lambda: ac.EntityIs(["a", 1]),
                ValueError,
                "`ids`: expected an id (letters, digits, `-._:/+@`), got `1`",
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

    def test_rule_scopes_read_only_their_target(self) -> None:
        """A restriction's `items` scope may not read the recipient."""
        with pytest.raises(ValueError, match="`items` may only select by item"):
            ac.Restriction("r", items=ac.AllOf([ac.ItemIs("a"), ac.ForeignPerson()]))
        with pytest.raises(TypeError, match="expected a Scope"):
            ac.Restriction("r", items="a")  # type: ignore[arg-type]

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
