"""Country groups whose data has gaps, and rules that depend on untracked quantities.

A group's `data_from` and `unknown` spans say where its data does not tell who
is a member: a scope that reads a membership there is unknown, so a gateway
never gets PERMITTED from a guess, and the decision names the gap. A rule's
`not_tracked` says the law needs a quantity aicontrols does not track: the
decision carries a caveat instead of a silent pass.
"""

from __future__ import annotations

import pytest

import aicontrols as ac

from .builders import NY, D

LR, P, U = (
    ac.Verdict.LICENSE_REQUIRED,
    ac.Verdict.PERMITTED,
    ac.Verdict.UNDETERMINED,
)
D5 = ac.CountryGroup(
    "D:5",
    members=["CN", ac.Membership("KH", start=D(2021, 12, 9), end=D(2026, 2, 3))],
    data_from=D(2025, 1, 13),
)
A5 = ac.CountryGroup(
    "A:5", members=["AE", "FR"], unknown=[ac.Membership("AE", end=D(2026, 9, 24))]
)


def _regime(*rules: ac.Restriction | ac.Exemption) -> ac.Regime:
    return ac.Regime(
        "gaps",
        jurisdiction="US",
        timezone=NY,
        country_groups=[D5, A5],
        entities=[
            ac.Entity("parent-cn", kind="company", country="CN", headquarters="CN"),
            ac.Entity(
                "sub-my",
                kind="company",
                country="MY",
                headquarters="MY",
                owners=[ac.Ownership("parent-cn", share=1.0)],
            ),
        ],
        items=[ac.ControlledItem("chip")],
        notices=[
            ac.Notice("n", published=D(2020, 1, 1), effective=D(2020, 1, 1), adds=rules)
        ],
    )


def _company(code: str) -> ac.Entity:
    return ac.Entity(f"co-{code}", kind="company", country=code, headquarters=code)


def _decide(regime: ac.Regime, code: str, day: str) -> ac.Decision:
    access = ac.Access(_company(code), "chip", "weights-transfer", location=code)
    return regime.decide(access, on=day)


D5_RULE = ac.Restriction("to-d5", recipients=ac.DestinationInGroup("D:5"))


class TestNoDataBefore:
    def test_a_member_before_the_data_is_undetermined_with_the_gap_named(self) -> None:
        """Before `data_from` even a listed member is unknown, named with the date."""
        decision = _decide(_regime(D5_RULE), "CN", "2025-01-12")
        assert U is decision.verdict
        assert (
            "membership of `CN` in country group `D:5` (no data before 2025-01-13)",
        ) == decision.missing_facts

    def test_from_the_data_on_the_member_is_known(self) -> None:
        """On `data_from` and after, members and non-members are known."""
        r = _regime(D5_RULE)
        assert [LR, P] == [_decide(r, c, "2025-01-13").verdict for c in ("CN", "DE")]

    def test_a_dated_cited_membership_is_known_before_the_data(self) -> None:
        """A membership with its own start is known before `data_from`, to its end."""
        r = _regime(D5_RULE)
        days = ("2021-12-08", "2021-12-09", "2026-02-02", "2026-02-03")
        assert [U, LR, LR, P] == [_decide(r, "KH", d).verdict for d in days]

    def test_the_timeline_changes_when_the_data_begins(self) -> None:
        """`history` starts a segment on the day the data begins."""
        access = ac.Access(_company("CN"), "chip", "weights-transfer", location="CN")
        segments = _regime(D5_RULE).history(access).segments
        assert [(s.start.date(), s.verdict) for s in segments[1:]] == [
            (D(2020, 1, 1), U),
            (D(2025, 1, 13), LR),
        ]


class TestUnknownSpans:
    def test_one_country_unknown_until_the_span_ends(self) -> None:
        """An `unknown` span makes that country's membership unknown, and only its."""
        r = _regime(
            ac.Restriction("not-a5", recipients=ac.Not(ac.LocatedInGroup("A:5")))
        )
        assert [U, P, P] == [
            _decide(r, "AE", "2026-09-23").verdict,
            _decide(r, "AE", "2026-09-24").verdict,
            _decide(r, "FR", "2026-09-23").verdict,
        ]
        assert (
            "membership of `AE` in country group `A:5` (unknown until 2026-09-24)",
        ) == _decide(r, "AE", "2026-09-23").missing_facts

    def test_a_known_member_of_another_group_decides(self) -> None:
        """Kleene's or: a known membership in one group settles a gap in another."""
        rule = ac.Restriction(
            "either", recipients=ac.DestinationInGroup(["A:5", "D:5"])
        )
        assert LR is _decide(_regime(rule), "FR", "2024-01-01").verdict


class TestHeadquarters:
    def test_headquarters_in_a_group_before_the_data(self) -> None:
        """Headquarters and ultimate-parent scopes fail closed in a gap, naming it."""
        rules = (
            ac.Restriction("hq", recipients=ac.HeadquarteredInGroup("D:5")),
            ac.Restriction(
                "parent", recipients=ac.UltimateParentHeadquarteredInGroup("D:5")
            ),
        )
        r = _regime(*rules)
        for rule in rules:
            one = _regime(rule)
            sub = ac.Access("sub-my", "chip", "weights-transfer", location="MY")
            who = "MY" if rule.id == "hq" else "CN"
            early, late = (
                one.decide(sub, on="2025-01-12"),
                one.decide(sub, on="2025-01-13"),
            )
            assert U is early.verdict
            assert (
                f"membership of `{who}` in country group `D:5` (no data before 2025-01-13)",
            ) == early.missing_facts
            assert (P if rule.id == "hq" else LR) is late.verdict
        assert (
            LR
            is r.decide(
                ac.Access("sub-my", "chip", "weights-transfer", location="MY"),
                on="2026-01-01",
            ).verdict
        )


class TestNotTracked:
    def test_a_restriction_that_applies_names_the_untracked_quantity(self) -> None:
        """A binding rule with `not_tracked` carries a `not_tracked` caveat quoting it."""
        rule = ac.Restriction(
            "alloc",
            recipients=ac.DestinationIn("FR"),
            not_tracked="the 790,000,000 TPP per-country allocation",
        )
        decision = _decide(_regime(rule), "FR", "2026-01-01")
        assert LR is decision.verdict
        assert [
            (
                ac.CaveatKind.NOT_TRACKED,
                "`alloc` depends on a quantity aicontrols does not track: the "
                "790,000,000 TPP per-country allocation",
                "alloc",
            )
        ] == [(c.kind, c.text, c.rule_id) for c in decision.caveats]

    def test_an_exemption_that_lifts_names_its_cap(self) -> None:
        """A lift by an exemption with `not_tracked` says the cap is not tracked."""
        rule = ac.Restriction(
            "to-fr", recipients=ac.DestinationIn("FR"), not_tracked="an allocation"
        )
        lpp = ac.Exemption(
            "lpp", lifts=["to-fr"], not_tracked="26,900,000 TPP per calendar year"
        )
        decision = _decide(_regime(rule, lpp), "FR", "2026-01-01")
        assert P is decision.verdict
        assert [
            "`lpp` lifts `to-fr` only within a quantity aicontrols does not track: "
            "26,900,000 TPP per calendar year"
        ] == [c.text for c in decision.caveats]

    def test_a_rule_that_does_not_apply_says_nothing(self) -> None:
        """No caveat where the rule does not apply."""
        rule = ac.Restriction(
            "to-fr", recipients=ac.DestinationIn("FR"), not_tracked="x"
        )
        assert () == _decide(_regime(rule), "DE", "2026-01-01").caveats

    def test_not_tracked_in_a_file_round_trips(self) -> None:
        """`not_tracked` is read from and written to a regime file."""
        rule = ac.Restriction(
            "to-fr", recipients=ac.DestinationIn("FR"), not_tracked="x"
        )
        lpp = ac.Exemption("lpp", lifts=["to-fr"], not_tracked="a cap")
        r = _regime(rule, lpp)
        assert r == ac.loads_regime(ac.dump_regime(r))
        assert "not_tracked: a cap" in ac.dump_regime(r)

    def test_blank_text_is_refused(self) -> None:
        """A blank `not_tracked` is an error naming the field."""
        with pytest.raises(ValueError, match=r"^`not_tracked`: expected a non-blank"):
            ac.Exemption("lpp", lifts=["r"], not_tracked=" ")


EAR_FILE = """\
id: ear-demo
jurisdiction: US
timezone: America/New_York
country_groups_from: ear
catalog:
  items: [{id: chip}]
notices:
- id: n
  published: 2023-01-01
  effective: 2023-01-01
  adds:
    restrictions:
    - id: d5
      recipients: {destination_group: D:5}
"""


class TestCountryGroupsFrom:
    def test_a_file_refers_to_the_bundled_groups_in_one_line(self) -> None:
        """`country_groups_from: ear` lets scopes name `D:5`, read with its gaps."""
        r = ac.loads_regime(EAR_FILE)
        assert ("D:5", "supp-5a") == tuple(
            g.id for g in r.all_country_groups if g.id in ("D:5", "supp-5a")
        )
        days = ("2025-01-12", "2025-01-13")
        assert [U, LR] == [_decide(r, "CN", d).verdict for d in days]
        assert [LR, P] == [
            _decide(r, "KH", d).verdict for d in ("2026-02-02", "2026-02-03")
        ]

    def test_the_reference_is_written_never_the_groups(self) -> None:
        """A regime written back to a file keeps the one line, not 15 groups."""
        text = ac.dump_regime(ac.loads_regime(EAR_FILE))
        assert "country_groups_from: ear" in text
        assert "country_groups:" not in text
        assert ac.loads_regime(EAR_FILE) == ac.loads_regime(text)

    def test_an_unknown_name_is_an_error_with_a_suggestion(self) -> None:
        """A misspelt data set name fails with a did-you-mean, never a silent drop."""
        with pytest.raises(ac.RegimeFileError, match=r"country_groups_from"):
            ac.loads_regime(EAR_FILE.replace("from: ear", "from: eaar"))
        with pytest.raises(ac.InvalidRegimeError) as error:
            ac.Regime("r", jurisdiction="US", timezone=NY, country_groups_from="Ear")
        assert "(did you mean `ear`?)" in str(error.value)

    def test_an_own_group_may_not_reuse_a_bundled_id(self) -> None:
        """A regime's own `D:5` beside the bundled one is an error naming it."""
        with pytest.raises(ac.InvalidRegimeError, match=r"`D:5` is also a group"):
            ac.Regime(
                "r",
                jurisdiction="US",
                timezone=NY,
                country_groups_from="ear",
                country_groups=[ac.CountryGroup("D:5", members=["CN"])],
            )
