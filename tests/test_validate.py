"""One set of consistency rules: the same regime, in Python or in a file, gives
the same problems; Python raises the first, a file reports them all, located."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, cast

import pytest

import aicontrols as ac
from aicontrols._validate import problems

D = dt.date
UTC = dt.UTC
NY = "America/New_York"
JAN_10 = D(2026, 1, 10)
R = ac.Restriction("r", items=ac.ItemIs("m"))
X = ac.Exemption("x", lifts=["r"])


def notice(nid: str = "n1", day: dt.date = JAN_10, **acts: Any) -> ac.Notice:
    """A notice published and effective on `day`."""
    return ac.Notice(nid, published=day, effective=day, **acts)


def data(**fields: Any) -> Any:
    """Regime data without a `Regime`: the fields a regime file holds."""
    base: dict[str, Any] = {
        "id": "r",
        "name": None,
        "description": None,
        "jurisdiction": "US",
        "territory": frozenset({"US"}),
        "timezone": NY,
        "deemed_export_rule": ac.DeemedExportRule.MOST_RECENT,
        "citation": None,
        "modes": (),
        "country_groups": (),
        "country_groups_from": None,
        "entity_lists": (),
        "entities": (ac.Entity("acme", country="US"),),
        "items": (ac.ControlledItem("m"),),
        "notices": (),
    }
    base.update({k: tuple(v) for k, v in fields.items()})
    return SimpleNamespace(**base)


def build(regime: Any) -> ac.Regime:
    """The regime built in Python from its data."""
    names = ("name", "description", "jurisdiction", "timezone", "modes",
             "country_groups", "entity_lists", "entities", "items", "notices")  # fmt: skip
    return ac.Regime(regime.id, **{n: getattr(regime, n) for n in names})


def message(error: ac.RegimeError) -> str:
    """An exception's message without its path."""
    path = getattr(error, "path", None)
    text = str(error)
    return text[len(path) + 2 :] if path and text.startswith(f"{path}: ") else text


def offending(error: ac.RegimeError) -> str:
    """The offending value, as a regime file writes it."""
    value = getattr(error, "reference", None) or getattr(error, "value", None)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# Each case breaks one rule, in a regime that is otherwise valid.
CASES: dict[str, dict[str, Any]] = {
    "duplicate entity id": {"entities": [ac.Entity("a"), ac.Entity("a")]},
    "duplicate item id": {"items": [ac.ControlledItem("m"), ac.ControlledItem("m")]},
    "duplicate country group id": {
        "country_groups": [ac.CountryGroup("g"), ac.CountryGroup("g")]
    },
    "duplicate entity list id": {
        "entity_lists": [ac.EntityList("l"), ac.EntityList("l")]
    },
    "duplicate notice id": {"notices": [notice(adds=[R]), notice()]},
    "a standard mode declared": {"modes": [ac.DeploymentMode.HOSTED_API]},
    "an unknown employer": {
        "entities": [
            ac.Entity("ana", kind="individual", employments=[ac.Employment("ghost")])
        ]
    },
    "an unknown owner": {
        "entities": [ac.Entity("sub", owners=[ac.Ownership("ghost", share=0.5)])]
    },
    "an unknown same_as link": {"entities": [ac.Entity("a", same_as=["ghost"])]},
    "a rule added twice by a notice": {"notices": [notice(adds=[R, R])]},
    "a rule amended twice by a notice": {
        "notices": [notice(adds=[R]), notice("n2", amends=[R, R])]
    },
    "an amendment of a rule no notice adds": {"notices": [notice(amends=[R])]},
    "a restriction amended as an exemption": {
        "notices": [
            notice(adds=[R]),
            notice("n2", amends=[ac.Exemption("r", lifts=["r"])]),
        ]
    },
    "an unknown item in a nested scope": {
        "notices": [
            notice(
                adds=[
                    ac.Restriction(
                        "r",
                        items=ac.AllOf(
                            [ac.ItemIs("m"), ac.Not(ac.ItemIs(["m", "ghost"]))]
                        ),
                    )
                ]
            )
        ]
    },
    "an unknown mode": {
        "notices": [notice(adds=[ac.Restriction("r", modes=ac.ModeIs("fax"))])]
    },
    "an unknown country group": {
        "notices": [
            notice(adds=[ac.Restriction("r", recipients=ac.DestinationInGroup("D:9"))])
        ]
    },
    "an unknown entity list in a mapping": {
        "notices": [
            notice(
                adds=[
                    ac.Restriction(
                        "r", recipients=ac.OwnedByListed("ghost", min_share=0.5)
                    )
                ]
            )
        ]
    },
    "an unknown entity in a scope": {
        "notices": [
            notice(
                adds=[
                    ac.Restriction(
                        "r",
                        recipients=ac.AnyOf(
                            [ac.EntityIs("acme"), ac.EmployedBy("ghost")]
                        ),
                    )
                ]
            )
        ]
    },
    "effective before published": {
        "notices": [
            ac.Notice("n1", published=D(2026, 1, 10), effective=D(2026, 1, 1), adds=[R])
        ]
    },
    "effective before published, an instant read in the zone": {
        "notices": [
            ac.Notice(
                "n1",
                published=D(2026, 1, 10),
                effective=dt.datetime(2026, 1, 10, 4, tzinfo=UTC),  # 23:00 in New York
                adds=[R],
            )
        ]
    },
    "compliance before effective": {
        "notices": [notice(adds=[R], compliance=D(2026, 1, 1))]
    },
    "lifting an unknown restriction": {
        "notices": [notice(adds=[R, ac.Exemption("x", lifts=["ghost"])])]
    },
    "lifting an exemption": {
        "notices": [notice(adds=[R, X, ac.Exemption("y", lifts=["x"])])]
    },
    "revoking an unknown rule": {
        "notices": [notice(adds=[R]), notice("n2", revokes=["ghost"])]
    },
    "suspending an unknown rule": {
        "notices": [notice(adds=[R]), notice("n2", suspends=[ac.Suspension("ghost")])]
    },
    "not enforcing an unknown rule": {
        "notices": [
            notice(adds=[R]),
            notice("n2", not_enforced=[ac.NonEnforcement("ghost", statement="s")]),
        ]
    },
    "not enforcing an exemption": {
        "notices": [
            notice(adds=[R, X], not_enforced=[ac.NonEnforcement("x", statement="s")])
        ]
    },
    "a window that ends at its start": {
        "notices": [
            notice(adds=[R]),
            notice(
                "n2",
                suspends=[ac.Suspension("r", start=D(2026, 3, 1), end=D(2026, 3, 1))],
            ),
        ]
    },
    "a window that ends before the notice takes effect": {
        "notices": [
            notice(adds=[R]),
            notice(
                "n2", D(2026, 2, 1), suspends=[ac.Suspension("r", end=D(2026, 1, 1))]
            ),
        ]
    },
    "correcting an unknown notice": {
        "notices": [notice(adds=[R]), notice("n2", corrects=["ghost"])]
    },
    "correcting itself": {"notices": [notice(adds=[R], corrects=["n1"])]},
    "correcting a later notice": {
        "notices": [notice(adds=[R], corrects=["n0"]), notice("n0", D(2026, 3, 1))]
    },
    "a fact ending before it starts, in the zone": {
        "entities": [
            ac.Entity("acme", country="US"),
            ac.Entity(
                "ana",
                kind="individual",
                employments=[
                    ac.Employment(
                        "acme",
                        start=D(2024, 5, 1),
                        end=dt.datetime(
                            2024, 5, 1, 3, tzinfo=UTC
                        ),  # 23:00 the day before
                    )
                ],
            ),
        ]
    },
    "a membership ending before it starts, in the zone": {
        "entity_lists": [
            ac.EntityList(
                "l",
                members=[
                    ac.Membership(
                        "x",
                        start=D(2026, 6, 20),
                        end=dt.datetime(2026, 6, 20, 3, tzinfo=UTC),
                    )
                ],
            )
        ]
    },
}


def load_error(text: str) -> ac.RegimeFileError:
    """The `RegimeFileError` that loading `text` raises."""
    with pytest.raises(ac.RegimeFileError) as caught:
        ac.loads_regime(text, name="regime.yaml")
    return caught.value


class TestOneRuleSet:
    @pytest.mark.parametrize("case", CASES)
    def test_python_and_file_give_the_same_problem(self, case: str) -> None:
        """A broken rule reads the same built in Python and loaded from a file."""
        regime = data(**CASES[case])
        found = list(problems(regime))
        with pytest.raises(ac.RegimeError) as caught:
            build(regime)
        text = ac.dump_regime(cast(ac.Regime, regime))
        error = load_error(text)
        assert ([message(caught.value)], [message(caught.value)]) == (
            [p.message for p in found],
            [p.message for p in error.problems],
        )

    @pytest.mark.parametrize("case", CASES)
    def test_python_raises_the_rule_problem(self, case: str) -> None:
        """Python raises the rule's problem as its exception, with its path."""
        (problem,) = problems(data(**CASES[case]))
        with pytest.raises(ac.RegimeError) as caught:
            build(data(**CASES[case]))
        expected = problem.error()
        assert (type(expected), str(expected)) == (
            type(caught.value),
            str(caught.value),
        )

    @pytest.mark.parametrize("case", CASES)
    def test_file_problem_is_at_the_value(self, case: str) -> None:
        """A file's problem names the line that holds the offending value."""
        regime = data(**CASES[case])
        with pytest.raises(ac.RegimeError) as caught:
            build(regime)
        text = ac.dump_regime(cast(ac.Regime, regime))
        (problem,) = load_error(text).problems
        line = text.splitlines()[problem.line - 1]
        assert offending(caught.value) in line[problem.column - 1 :]

    def test_every_case_breaks_one_rule(self) -> None:
        """Each case breaks exactly one rule, so the comparisons above are exact."""
        assert dict.fromkeys(CASES, 1) == {
            case: len(list(problems(data(**fields)))) for case, fields in CASES.items()
        }


class TestEveryProblemAtOnce:
    def test_python_raises_the_first_a_file_reports_all(self) -> None:
        """Python raises the first broken rule; the file lists every one, in file order."""
        regime = data(
            notices=[
                notice(adds=[R, R], corrects=["ghost"]),
                notice("n2", revokes=["r9"], suspends=[ac.Suspension("s9")]),
            ]
        )
        found = list(problems(regime))
        with pytest.raises(ac.RegimeError) as caught:
            build(regime)
        error = load_error(ac.dump_regime(cast(ac.Regime, regime)))
        assert (str(found[0].error()), 4) == (str(caught.value), len(found))
        assert sorted(p.message for p in found) == sorted(
            p.message for p in error.problems
        )

    def test_a_value_left_out_is_not_checked_again(self) -> None:
        """A date that does not exist is reported once, not also as before another."""
        text = (
            "id: r\njurisdiction: US\ntimezone: America/New_York\n"
            "notices:\n- id: n1\n  published: 2026-01-10\n  effective: 2026-02-30\n"
            "  compliance: 2026-01-01\n"
        )
        assert [
            "regime.yaml:7:14: notices[0].effective: expected a real calendar date "
            'or instant, got "2026-02-30"'
        ] == str(load_error(text)).splitlines()

    def test_an_unknown_zone_skips_what_only_a_zone_orders(self) -> None:
        """With the zone refused, a date against an instant is not compared."""
        text = ac.dump_regime(
            cast(
                ac.Regime, data(**CASES["a fact ending before it starts, in the zone"])
            )
        ).replace("timezone: America/New_York", "timezone: Mars/Olympus")
        assert ["timezone: unknown IANA timezone `Mars/Olympus`"] == [
            f"{p.path}: {p.message}" for p in load_error(text).problems
        ]

    def test_a_refused_piece_still_names_its_id(self) -> None:
        """An entity its class refuses keeps its id: what names it is not unknown."""
        text = (
            "id: r\njurisdiction: US\ntimezone: America/New_York\n"
            "catalog:\n  entities:\n  - id: acme\n    citizenships: [{country: BR}]\n"
            "  items:\n  - id: m\n    developer: acme\n"
        )
        assert ["catalog.entities[0].citizenships"] == [
            p.path for p in load_error(text).problems
        ]


class TestListedParties:
    def test_a_list_member_outside_the_catalog_loads(self) -> None:
        """A file may list a party its catalog lacks, as Python may: it round-trips."""
        regime = build(
            data(
                entity_lists=[ac.EntityList("l", members=["huawei"])],
                entities=[ac.Entity("sub", owners=[ac.Ownership("huawei", share=0.6)])],
            )
        )
        assert regime == ac.loads_regime(ac.dump_regime(regime))

    def test_an_owner_outside_catalog_and_lists_is_refused(self) -> None:
        """An owner neither in the catalog nor on a list is an unknown entity in Python."""
        with pytest.raises(ac.UnknownReferenceError) as caught:
            build(data(entities=[ac.Entity("sub", owners=[ac.Ownership("huawei")])]))
        assert ("entity", "huawei", "entities[0].owners[0].owner") == (
            caught.value.kind,
            caught.value.reference,
            caught.value.path,
        )

    def test_a_developer_outside_the_catalog_loads(self) -> None:
        """An item carried into another regime keeps its developer, in Python and files."""
        regime = build(data(items=[ac.ControlledItem("m", developer="anthropic")]))
        assert regime == ac.loads_regime(ac.dump_regime(regime))
