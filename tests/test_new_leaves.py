"""Two leaves the advanced-computing rules need: a classification recorded, an origin group.

`ClassificationRecorded` lets a rule read technical parameters only where the item
records no ECCN; `OriginInGroup` selects items exported from a group's country
(15 CFR 742.6(a)(6)(ii)), with the group's gaps read as unknown.
"""

from __future__ import annotations

import aicontrols as ac

from .builders import NY, D

LR, P, U = ac.Verdict.LICENSE_REQUIRED, ac.Verdict.PERMITTED, ac.Verdict.UNDETERMINED

BY_ECCN_OR_TPP = ac.AnyOf(
    [
        ac.AllOf(
            [ac.ClassificationRecorded("ECCN"), ac.ClassifiedAs("ECCN", "3A090.a")]
        ),
        ac.AllOf(
            [
                ac.Not(ac.ClassificationRecorded("ECCN")),
                ac.ParameterAtLeast("tpp", 4800),
            ]
        ),
    ]
)


def _regime(rule: ac.Restriction) -> ac.Regime:
    return ac.Regime(
        "leaves",
        jurisdiction="US",
        timezone=NY,
        country_groups_from="ear",
        items=[
            ac.ControlledItem("classified", classifications={"ECCN": "3A090.a"}),
            ac.ControlledItem(
                "ear99", classifications={"ECCN": "EAR99"}, parameters={"tpp": 9000}
            ),
            ac.ControlledItem("fast", parameters={"tpp": 9000}),
            ac.ControlledItem("slow", parameters={"tpp": 100}),
            ac.ControlledItem("unknown"),
        ],
        notices=[
            ac.Notice(
                "n", published=D(2025, 2, 1), effective=D(2025, 2, 1), adds=[rule]
            )
        ],
    )


def _verdict(regime: ac.Regime, item: str, **access: object) -> ac.Verdict:
    who = ac.Entity("buyer", kind="company", country="MY", headquarters="MY")
    located = {"location": "MY", **access}
    return regime.decide(
        ac.Access(who, item, "weights-transfer", **located),  # type: ignore[arg-type]
        on="2026-03-01",
    ).verdict


class TestClassificationRecorded:
    def test_the_eccn_decides_where_given_the_parameters_elsewhere(self) -> None:
        """An ECCN given decides; without one, TPP decides; with neither, unknown."""
        r = _regime(ac.Restriction("chips", items=BY_ECCN_OR_TPP))
        verdicts = {i: _verdict(r, i) for i in ("classified", "ear99", "fast", "slow")}
        assert {"classified": LR, "ear99": P, "fast": LR, "slow": P} == verdicts
        assert U is _verdict(r, "unknown")

    def test_in_a_file_and_back(self) -> None:
        """`classification_recorded: ECCN` reads and writes as the same scope."""
        r = _regime(ac.Restriction("chips", items=BY_ECCN_OR_TPP))
        text = ac.dump_regime(r)
        assert "classification_recorded: ECCN" in text
        assert r == ac.loads_regime(text)


class TestOriginInGroup:
    RULE = ac.Restriction("from-d5", recipients=ac.OriginInGroup("D:5"))

    def test_an_item_leaving_a_d5_country_is_selected(self) -> None:
        """An origin in D:5 (China) is selected; one in Malaysia, or the US, is not."""
        r = _regime(self.RULE)
        assert [LR, P, P] == [
            _verdict(r, "fast", origin="CN"),
            _verdict(r, "fast", origin="SG"),
            _verdict(r, "fast"),
        ]

    def test_cambodia_leaves_d5_on_2026_02_03(self) -> None:
        """The group is read at the query instant, Cambodia's dated exit included."""
        r = _regime(self.RULE)
        who = ac.Entity("buyer", kind="company", country="MY")
        access = ac.Access(who, "fast", "weights-transfer", location="MY", origin="KH")
        assert [LR, P] == [
            r.decide(access, on=day).verdict for day in ("2026-02-02", "2026-02-03")
        ]

    def test_a_file_writes_it_back(self) -> None:
        """`origin_in_group: D:5` reads and writes as the same scope."""
        r = _regime(self.RULE)
        assert "origin_in_group: D:5" in ac.dump_regime(r)
        assert r == ac.loads_regime(ac.dump_regime(r))
