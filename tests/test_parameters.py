"""Item parameters and the `ParameterAtLeast` / `ParameterBelow` scopes."""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import textwrap
from typing import ClassVar

import pytest

import aicontrols as ac
from aicontrols._canonical import canonical, fingerprint

from .builders import D, person
from .core_regime import assert_index_agrees

P, LR, U = ac.Verdict.PERMITTED, ac.Verdict.LICENSE_REQUIRED, ac.Verdict.UNDETERMINED

ON = D(2026, 6, 1)
CHIPS = [
    ac.ControlledItem("at-4800", parameters={"tpp": 4800}),
    ac.ControlledItem("above", parameters={"tpp": 6000, "dram_bandwidth_gbps": 7000}),
    ac.ControlledItem("below", parameters={"tpp": 4799.5, "dram_bandwidth_gbps": 4000}),
    ac.ControlledItem("unmeasured"),
    ac.ControlledItem("trained", training_operations=1e26),
]
PRIYA = person("priya", citizenships=["IN"], employer=None)


def chip_regime(
    items: ac.Scope, *, catalog: list[ac.ControlledItem] | None = None
) -> ac.Regime:
    """A US regime whose one rule requires a license for the items `items` selects."""
    rule = ac.Restriction("chips", items=items, recipients=ac.ForeignPerson())
    notice = ac.Notice(
        "rule", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
    )
    return ac.Regime(
        "chips",
        jurisdiction="US",
        territory=["US"],
        timezone="America/New_York",
        items=CHIPS if catalog is None else catalog,
        notices=[notice],
    )


def decide(regime: ac.Regime, item: str | ac.ControlledItem) -> ac.Decision:
    return regime.decide(
        ac.Access(PRIYA, item, "weights-transfer", location="US"), on=ON
    )


def verdict(regime: ac.Regime, item: str) -> ac.Verdict:
    return decide(regime, item).verdict


class TestControlledItemParameters:
    def test_values_are_floats_in_name_order(self) -> None:
        """Parameters are kept as floats in name order, so `4800` equals `4800.0`."""
        item = ac.ControlledItem(
            "x", parameters={"tpp": 4800, "dram_bandwidth_gbps": 10}
        )
        assert [("dram_bandwidth_gbps", 10.0), ("tpp", 4800.0)] == list(
            item.parameters.items()
        )

    def test_items_stay_hashable_and_equal_by_value(self) -> None:
        """Two items with the same parameters in another order are equal and hash alike."""
        a = ac.ControlledItem("x", parameters={"tpp": 1, "performance_density": 2})
        b = ac.ControlledItem("x", parameters={"performance_density": 2.0, "tpp": 1.0})
        assert (a, hash(a), fingerprint(a)) == (b, hash(b), fingerprint(b))

    def test_parameters_are_read_only(self) -> None:
        """The stored parameters cannot be changed in place."""
        item = ac.ControlledItem("x", parameters={"tpp": 1})
        with pytest.raises(TypeError):
            item.parameters["tpp"] = 2  # type: ignore[index]

    def test_pickled_in_another_process_hashes_here(self) -> None:
        """An item pickled in another process (another string-hash salt) is found in a set here."""
        code = (
            "import pickle, sys, aicontrols as ac; "
            "i = ac.ControlledItem('x', classifications={'ECCN': 'EAR99'}, parameters={'tpp': 1}); "
            "hash(i); sys.stdout.buffer.write(pickle.dumps(i))"
        )
        env = {
            **os.environ,
            "PYTHONHASHSEED": "1",
            "PYTHONPATH": os.pathsep.join(sys.path),
        }
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, check=True
        )
        here = ac.ControlledItem(
            "x", classifications={"ECCN": "EAR99"}, parameters={"tpp": 1}
        )
        assert pickle.loads(out.stdout) in {here}

    def test_unused_parameters_keep_the_fingerprint(self) -> None:
        """An item without parameters renders as before they existed."""
        assert "parameters" not in canonical(ac.ControlledItem("x"))

    @pytest.mark.parametrize(
        "scope",
        [
            ac.TrainedWithAtLeast(1.0e26),
            ac.ParameterAtLeast("training_operations", 1.0e26),
            ac.Not(ac.ParameterBelow("training_operations", 1.0e26)),
        ],
        ids=["trained_with_at_least", "at_least", "not_below"],
    )
    def test_an_integer_compares_as_the_number_written(self, scope: ac.Scope) -> None:
        """10**26 operations given as an integer is at least a threshold written
        1.0e+26 (the float just above 10**26): never a permissive miss."""
        regime = chip_regime(scope)
        verdicts = [
            decide(regime, ac.ControlledItem("m", training_operations=ops)).verdict
            for ops in (10**26, 10**26 - 1, 1e26, 3 * 10**26)
        ]
        assert [LR, P, LR, LR] == verdicts

    def test_unknown_name_suggests_one(self) -> None:
        """A misspelt parameter name is refused with a did-you-mean."""
        with pytest.raises(
            ValueError,
            match=r"unknown parameter `dram_bandwith_gbps` \(did you mean `dram_bandwidth_gbps`\?\)",
        ):
            ac.ControlledItem("x", parameters={"dram_bandwith_gbps": 1})

    @pytest.mark.parametrize("value", [math.nan, math.inf, -1, "4800", True])
    def test_value_must_be_a_finite_number(self, value: object) -> None:
        """NaN, infinity, negatives, strings and booleans are refused as values."""
        with pytest.raises((TypeError, ValueError), match=r"`parameters.tpp`"):
            ac.ControlledItem("x", parameters={"tpp": value})  # type: ignore[dict-item]

    def test_training_operations_has_one_home(self) -> None:
        """Training compute is refused in `parameters`: it has its own field."""
        with pytest.raises(ValueError, match="`training_operations` field"):
            ac.ControlledItem("x", parameters={"training_operations": 1e26})

    def test_training_operations_parameter_reads_the_field(self) -> None:
        """The `training_operations` parameter is the item's field of that name."""
        assert 1e26 == ac.ControlledItem("x", training_operations=1e26).parameter(
            "training_operations"
        )


class TestParameterScopes:
    def test_at_least_includes_the_threshold(self) -> None:
        """`ParameterAtLeast` selects an item exactly at the threshold and above it."""
        regime = chip_regime(ac.ParameterAtLeast("tpp", 4800))
        assert (LR, LR, P) == tuple(
            verdict(regime, i) for i in ("at-4800", "above", "below")
        )

    def test_below_excludes_the_threshold(self) -> None:
        """`ParameterBelow` selects an item below the threshold, not one at it."""
        regime = chip_regime(ac.ParameterBelow("tpp", 4800))
        assert (P, P, LR) == tuple(
            verdict(regime, i) for i in ("at-4800", "above", "below")
        )

    def test_missing_parameter_is_undetermined_and_named(self) -> None:
        """An item that does not record the parameter is undetermined, naming it."""
        for scope in (ac.ParameterAtLeast("tpp", 4800), ac.ParameterBelow("tpp", 4800)):
            decision = decide(chip_regime(scope), "unmeasured")
            assert (U, ("`tpp` of item `unmeasured`",)) == (
                decision.verdict,
                decision.missing_facts,
            )

    def test_h200_band(self) -> None:
        """Both bounds of 742.6(b)(10)(iii)(A)(1) select only an item under both."""
        band = ac.AllOf(
            [
                ac.ParameterBelow("tpp", 21000),
                ac.ParameterBelow("dram_bandwidth_gbps", 6500),
            ]
        )
        regime = chip_regime(band)
        assert (LR, P, U) == tuple(
            verdict(regime, i) for i in ("below", "above", "at-4800")
        )

    def test_training_operations_parameter(self) -> None:
        """`training_operations` reads the item's training compute."""
        regime = chip_regime(ac.ParameterAtLeast("training_operations", 1e26))
        assert (LR, U) == (verdict(regime, "trained"), verdict(regime, "above"))

    def test_unknown_name_suggests_one(self) -> None:
        """A scope naming an unknown parameter is refused with a did-you-mean."""
        with pytest.raises(
            ValueError, match=r"unknown parameter `TPP` \(did you mean `tpp`\?\)"
        ):
            ac.ParameterAtLeast("TPP", 4800)

    @pytest.mark.parametrize("value", [math.nan, math.inf, -1, "4800", True])
    def test_threshold_must_be_a_finite_number(self, value: object) -> None:
        """NaN, infinity, negatives, strings and booleans are refused as thresholds."""
        with pytest.raises((TypeError, ValueError), match="`value`"):
            ac.ParameterBelow("tpp", value)  # type: ignore[arg-type]

    def test_describe(self) -> None:
        """The scopes describe themselves in words, for explanations."""
        assert (
            "the item has `tpp` at least 4800",
            "the item has `tpp` below 1600",
        ) == (
            ac.ParameterAtLeast("tpp", 4800).describe(),
            ac.ParameterBelow("tpp", 1600.0).describe(),
        )

    def test_ad_hoc_item_with_other_parameters_is_refused(self) -> None:
        """An item object under a catalog id whose parameters differ is a conflict."""
        regime = chip_regime(ac.ParameterAtLeast("tpp", 4800))
        with pytest.raises(ac.CatalogConflictError, match="parameters"):
            decide(regime, ac.ControlledItem("above", parameters={"tpp": 1}))

    def test_index_agrees_with_the_reference(self) -> None:
        """The compiled index and the plain interpreter agree on parameter scopes."""
        scope = ac.AnyOf([
            ac.ParameterAtLeast("tpp", 4800),
            ac.AllOf([ac.ParameterAtLeast("tpp", 1600), ac.ParameterBelow("dram_bandwidth_gbps", 6500)]),
        ])  # fmt: skip
        regime = chip_regime(scope)
        assert_index_agrees(
            regime,
            *(ac.Access(PRIYA, i.id, "weights-transfer", location="US") for i in CHIPS),
        )


FILE = textwrap.dedent(
    """\
    id: chips
    jurisdiction: US
    timezone: America/New_York
    catalog:
      items:
      - id: chip-a
        parameters: {tpp: 4800, performance_density: 6.0, dram_bandwidth_gbps: 4000}
    notices:
    - id: rule
      published: 2026-01-10
      effective: 2026-01-10
      adds:
        restrictions:
        - id: big
          items:
            any:
            - parameter_at_least: {name: tpp, value: 4800}
            - parameter_below: {name: dram_bandwidth_gbps, value: 6500}
    """
)


class TestFiles:
    def test_reads_parameters_and_scopes(self) -> None:
        """A file's item parameters and parameter scopes are read as written."""
        regime = ac.loads_regime(FILE)
        rule = regime.notices[0].adds[0]
        assert (
            {"tpp": 4800.0, "performance_density": 6.0, "dram_bandwidth_gbps": 4000.0},
            ac.AnyOf(
                [
                    ac.ParameterAtLeast("tpp", 4800),
                    ac.ParameterBelow("dram_bandwidth_gbps", 6500),
                ]
            ),
        ) == (dict(regime.item("chip-a").parameters), rule.items)

    def test_round_trip(self) -> None:
        """Dumping and reloading keeps the parameters, the scopes and the fingerprint."""
        regime = ac.loads_regime(FILE)
        again = ac.loads_regime(ac.dump_regime(regime))
        assert (regime.fingerprint, regime.items) == (again.fingerprint, again.items)

    def test_typos_are_located_with_did_you_mean(self) -> None:
        """Misspelt parameter names and scope keys are each reported at their line."""
        text = (
            FILE.replace("dram_bandwidth_gbps: 4000", "dram_bandwith_gbps: 4000")
            .replace("parameter_below", "parameter_bellow")
            .replace("{name: tpp,", "{name: TPP,")
        )
        with pytest.raises(ac.RegimeFileError) as caught:
            ac.loads_regime(text, name="chips.yaml")
        assert [
            "chips.yaml:7:55: catalog.items[0].parameters.dram_bandwith_gbps: unknown key `dram_bandwith_gbps` (did you mean `dram_bandwidth_gbps`?)",
            'chips.yaml:17:38: notices[0].adds.restrictions[0].items.any[0].parameter_at_least.name: expected one of `tpp`, `performance_density`, `dram_bandwidth_gbps`, `memory_bandwidth_density`, `training_operations`, got "TPP" (did you mean `tpp`?)',
            "chips.yaml:18:11: notices[0].adds.restrictions[0].items.any[1].parameter_bellow: unknown key `parameter_bellow` (did you mean `parameter_below`?)",
        ] == str(caught.value).splitlines()


class TestEar99:
    """DOMAIN.md section 7, case 2: a foreign national and EAR99 technology.

    BIS FAQ #35 [P]: the deemed-export rule is "triggered", but a license is
    not necessarily required; for EAR99 technology none is, since EAR99 items
    are not on the Commerce Control List.
    """

    CATALOG: ClassVar[list[ac.ControlledItem]] = [
        ac.ControlledItem("ear99-tool", classifications={"ECCN": "EAR99"}),
        ac.ControlledItem("unclassified"),
    ]

    def regime(self, items: ac.Scope) -> ac.Regime:
        rule = ac.Restriction(
            "4e091",
            items=items,
            recipients=ac.ForeignPerson(),
            citation=ac.Citation("15 CFR 734.13; ECCN 4E091"),
        )
        notice = ac.Notice(
            "rule", published=D(2026, 1, 1), effective=D(2026, 1, 1), adds=[rule]
        )
        return ac.Regime(
            "us", jurisdiction="US", territory=["US"], timezone="America/New_York",
            items=self.CATALOG, notices=[notice],
        )  # fmt: skip

    def test_ear99_is_not_selected_by_a_listed_eccn(self) -> None:
        """An item recorded as EAR99 released to a foreign national needs no license (BIS FAQ #35)."""
        regime = self.regime(ac.ClassifiedAs("ECCN", "4E091"))
        decision = decide(regime, "ear99-tool")
        assert (P, ()) == (decision.verdict, decision.missing_facts)

    def test_no_recorded_classification_stays_undetermined(self) -> None:
        """An item with no recorded ECCN is undetermined, naming the classification."""
        decision = decide(self.regime(ac.ClassifiedAs("ECCN", "4E091")), "unclassified")
        assert (U, ("ECCN classification of item `unclassified`",)) == (
            decision.verdict,
            decision.missing_facts,
        )

    def test_ear99_settles_a_parameter_test_guarded_by_it(self) -> None:
        """`Not(ClassifiedAs(ECCN, EAR99))` beside a parameter test settles an EAR99 item without the parameter."""
        scope = ac.AllOf(
            [ac.Not(ac.ClassifiedAs("ECCN", "EAR99")), ac.ParameterAtLeast("tpp", 4800)]
        )
        regime = self.regime(scope)
        assert (P, U) == (
            verdict(regime, "ear99-tool"),
            verdict(regime, "unclassified"),
        )

    def test_index_agrees_with_the_reference(self) -> None:
        """The compiled index and the plain interpreter agree on the EAR99 case."""
        regime = self.regime(ac.ClassifiedAs("ECCN", "4E091"))
        assert_index_agrees(
            regime,
            *(
                ac.Access(PRIYA, i.id, "weights-transfer", location="US")
                for i in self.CATALOG
            ),
        )
