"""aicontrols.testing for a product: boundary days under combined regimes, and
golden cases routed through the product's own decision function."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import pytest

import aicontrols as ac
from aicontrols.testing import (
    boundary_cases,
    boundary_params,
    load_cases,
    loads_cases,
    make_access,
    run_cases,
)

from .builders import eu

PRIYA = make_access(  # foreign national employed by the developer, in the US
    "priya",
    item="mythos-5",
    mode="weights-transfer",
    location="US",
    citizenships=["IN"],
    employers=["anthropic"],
)

CASES = """\
regime: mythos5
cases:
  - description: partner staff may use Mythos 5
    access: {recipient: sam, item: mythos-5, mode: hosted-api, location: US,
             citizenships: [IN], employers: [anthropic]}
    on: 2026-06-27
    expect: permitted
    citing: [letter-2026-06-26]
  - description: a foreign national needs a license for Fable 5
    access: {recipient: priya, item: fable-5, mode: hosted-api, location: US,
             citizenships: [IN]}
    at: "2026-06-27T09:30:00-04:00"
    as_known_on: 2026-06-20
    expect: license_required
"""


class TestBoundariesUnderSeveralRegimes:
    def test_every_regimes_changes_with_the_combined_verdict(
        self, mythos: ac.Regime
    ) -> None:
        """Both regimes' change days appear, each decided under both regimes."""
        regimes = [mythos, eu()]
        cases = boundary_cases(regimes, PRIYA)
        assert [
            ("2026-06-11:before", "permitted"),
            ("2026-06-12:of", "license_required"),
            ("2026-06-13:after", "license_required"),
            ("2026-06-25:before", "license_required"),
            ("2026-06-26:of", "permitted"),
            ("2026-06-27:after", "permitted"),
            ("2026-06-30:before", "permitted"),
            ("2026-07-01:of", "prohibited"),
            ("2026-07-02:after", "prohibited"),
        ] == [(c.id, c.verdict.value) for c in cases]
        for case in cases:
            assert case.verdict is ac.decide(regimes, PRIYA, on=case.day).verdict

    def test_params_and_knowledge(self, mythos: ac.Regime) -> None:
        """`boundary_params` takes the list too; `as_known_on` narrows every history."""
        params = boundary_params(
            (r for r in [mythos, eu()]), PRIYA, as_known_on="2026-06-20"
        )
        assert ["2026-06-11:before", "2026-06-12:of", "2026-06-13:after"] == [
            p.id for p in params
        ]

    @pytest.mark.parametrize(
        "given",
        [pytest.param("mythos5", id="name"), pytest.param([], id="empty")],
    )
    def test_not_regimes(self, given: Any) -> None:
        """A name, or no regime at all, is a `TypeError`, never an empty list of days."""
        with pytest.raises(TypeError, match="`regime`: expected"):
            boundary_cases(given, PRIYA)


class Recorder:
    """A decision function that records its arguments and answers as told."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[ac.Access, dict[str, Any]]] = []
        self.__name__ = "my_gateway"

    def __call__(self, access: ac.Access, **when: Any) -> Any:
        self.calls.append((access, when))
        return self.answer(access, **when) if callable(self.answer) else self.answer


class TestCasesThroughAProduct:
    def test_the_function_gets_the_case_parsed(self) -> None:
        """The function gets the access and `on`, `at`, `as_known_on` as dates and instants."""
        cases = loads_cases(CASES)
        gateway = Recorder(lambda access, **_: access.recipient.id == "sam")
        assert [True, False] == run_cases(cases, decide=gateway)
        (_, first), (access, second) = gateway.calls
        assert {"on": dt.date(2026, 6, 27), "at": None, "as_known_on": None} == first
        assert "priya" == access.recipient.id
        at = second["at"]
        assert at == dt.datetime(2026, 6, 27, 13, 30, tzinfo=dt.UTC)
        assert dt.timedelta(hours=-4) == at.utcoffset()
        assert dt.date(2026, 6, 20) == second["as_known_on"]

    @pytest.mark.parametrize(
        "answer",
        [
            pytest.param(lambda a, **_: a.recipient.id == "sam", id="bool"),
            pytest.param(
                lambda a, **_: (
                    "permitted" if a.recipient.id == "sam" else "license_required"
                ),
                id="value",
            ),
            pytest.param(
                lambda a, **_: (
                    ac.Verdict.PERMITTED
                    if a.recipient.id == "sam"
                    else ac.Verdict.LICENSE_REQUIRED
                ),
                id="verdict",
            ),
        ],
    )
    def test_answers_a_product_may_give(self, answer: Any) -> None:
        """A bool, a verdict's value or a `Verdict` that agrees passes every case."""
        run_cases(loads_cases(CASES), decide=Recorder(answer))

    def test_the_regime_itself_is_a_decision_function(self, mythos: ac.Regime) -> None:
        """`regime.decide` and `partial(aicontrols.decide, [...])` pass, citations checked."""
        decisions = run_cases(loads_cases(CASES), decide=mythos.decide)
        assert all(isinstance(d, ac.Decision) for d in decisions)
        both = functools.partial(ac.decide, [mythos, eu()])
        assert ["permitted", "license_required"] == [
            d.verdict.value for d in run_cases(loads_cases(CASES), decide=both)
        ]

    def test_a_product_that_disagrees_fails_each_case_it_gets_wrong(self) -> None:
        """A gateway that serves everyone fails the license case, saying what it answered."""
        with pytest.raises(AssertionError) as caught:
            run_cases(loads_cases(CASES, "gateway.aicases.yaml"), decide=Recorder(True))
        assert [
            "1 of 2 golden cases failed",
            "gateway.aicases.yaml:9: case `a foreign national needs a license for "
            "Fable 5` failed: expected LICENSE REQUIRED, `my_gateway` answered "
            "permitted (`True`)",
            "question: `priya` -> `fable-5` via `hosted-api` in US, at "
            "2026-06-27T09:30:00-04:00",
        ] == str(caught.value).splitlines()

    def test_a_decision_that_disagrees_explains_itself(self, mythos: ac.Regime) -> None:
        """A `Decision` answer that disagrees is shown with its explanation."""
        case = loads_cases(CASES).cases[1]
        wrong = Recorder(lambda a, **w: mythos.decide(a, on="2026-06-01"))
        with pytest.raises(AssertionError) as caught:
            case.check(decide=wrong)
        text = str(caught.value)
        assert text.startswith(
            "expected LICENSE REQUIRED, `my_gateway` answered PERMITTED\nquestion: "
        )
        assert "PERMITTED: `priya` -> `fable-5` via `hosted-api`" in text

    def test_citations_are_checked_on_a_decision(self, mythos: ac.Regime) -> None:
        """A `Decision` with the right verdict but not the case's citations fails."""
        case = loads_cases(CASES).cases[0]
        before = Recorder(lambda a, **w: mythos.decide(a, on="2026-06-27"))
        case.check(decide=before)
        wrong = loads_cases(CASES.replace("letter-2026-06-26]", "no-such-notice]"))
        with pytest.raises(
            AssertionError, match="expected citing notice `no-such-notice`"
        ):
            wrong.cases[0].check(decide=before)

    def test_an_answer_that_is_no_verdict(self) -> None:
        """An answer that is not a verdict is a `TypeError` naming the function."""
        with pytest.raises(TypeError, match="`my_gateway` answered `'allow'`"):
            loads_cases(CASES).cases[0].check(decide=Recorder("allow"))
        with pytest.raises(TypeError) as caught:
            run_cases(loads_cases(CASES, "g.aicases.yaml"), decide=Recorder(None))
        assert ["g.aicases.yaml:3: in case `partner staff may use Mythos 5`"] == (
            caught.value.__notes__
        )

    def test_check_takes_regimes_or_a_function(self, mythos: ac.Regime) -> None:
        """`Case.check` with both regimes and `decide=`, or neither, is refused."""
        case = loads_cases(CASES).cases[0]
        with pytest.raises(TypeError, match="not both"):
            case.check(mythos, decide=mythos.decide)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="give the regimes"):
            case.check()  # type: ignore[call-overload]


class TestRunCasesUnderTheFilesRegimes:
    def test_a_file_and_its_relative_regime(self, tmp_path: Path) -> None:
        """Without `decide`, a file's cases run under its regimes, paths relative to it."""
        (tmp_path / "regimes").mkdir()
        (tmp_path / "regimes" / "us.yaml").write_text(
            Path(ac.examples.path("mythos5")).read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        path = tmp_path / "cases.aicases.yaml"
        path.write_text(
            CASES.replace("regime: mythos5", "regime: regimes/us.yaml"),
            encoding="utf-8",
        )
        decisions = run_cases(path)
        assert ["permitted", "license_required"] == [d.verdict.value for d in decisions]
        assert 2 == len(load_cases(path).cases)

    def test_every_failing_case_is_listed(self) -> None:
        """All cases run; the error lists each one that failed, with its line."""
        text = CASES.replace("expect: permitted", "expect: prohibited").replace(
            "expect: license_required", "expect: permitted"
        )
        with pytest.raises(AssertionError) as caught:
            run_cases(loads_cases(text, "c.yaml"))
        lines = str(caught.value).splitlines()
        assert "2 of 2 golden cases failed" == lines[0]
        failed = [line for line in lines if line.startswith("c.yaml:")]
        assert [
            "c.yaml:3: case `partner staff may use Mythos 5` failed: expected "
            "PROHIBITED, got PERMITTED",
            "c.yaml:9: case `a foreign national needs a license for Fable 5` "
            "failed: expected PERMITTED, got LICENSE REQUIRED",
        ] == failed
