"""aicontrols.testing: assertions, golden cases, boundary days and the pytest plugin."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import aicontrols as ac
from aicontrols.testing import (
    CaseFileError,
    assert_not_permitted,
    assert_permitted,
    assert_verdict,
    boundary_cases,
    boundary_params,
    cited_notices,
    loads_cases,
    make_access,
)

pytest_plugins = ["pytester"]

DOWNSTREAM = Path(__file__).parent / "downstream" / "project"
# the plugin is already loaded in this process: run inline (fast, and measured
# by coverage) without the cache and with pytest-cov off in the inner session
# pytest-benchmark, where installed, warns in an inner session run by an xdist
# worker, and the outer session's filters make that warning an error
INNER = ("-p", "no:cacheprovider", "-p", "no:pytest_cov", "-p", "no:benchmark")

PRIYA = make_access(
    "priya", item="fable-5", mode="hosted-api", location="US", citizenships=["IN"]
)
SAM = make_access(
    "sam",
    item="mythos-5",
    mode="hosted-api",
    location="US",
    citizenships=["IN"],
    employers=["anthropic"],
)


def test_failure_message_has_header_and_explanation(mythos: ac.Regime) -> None:
    """A failed assertion says what was expected and got, then explains why."""
    with pytest.raises(AssertionError) as caught:
        assert_permitted(mythos, PRIYA, on="2026-06-27")
    text = str(caught.value)
    assert text.startswith("expected PERMITTED, got LICENSE REQUIRED\n\n")
    assert "Restrictions that apply:" in text
    assert "Exemptions considered that did not apply:" in text
    assert "15 CFR 744.22" in text


def test_assertions_return_the_decision(mythos: ac.Regime) -> None:
    """The assertions check the verdict and return the decision they checked."""
    decision = assert_not_permitted(mythos, PRIYA, at="2026-06-27T12:00:00+00:00")
    assert ac.Verdict.LICENSE_REQUIRED is decision.verdict
    assert_permitted(mythos, PRIYA, on="2026-06-27", as_known_on="2026-06-01")
    assert_verdict([mythos], SAM, "permitted", on="2026-06-27")
    with pytest.raises(AssertionError, match=r"^expected not PERMITTED, got PERMITTED"):
        assert_not_permitted(mythos, SAM, on="2026-06-27")


def test_citing(mythos: ac.Regime) -> None:
    """`citing=` fails unless the decision cites each named notice."""
    decision = assert_verdict(
        mythos, SAM, ac.Verdict.PERMITTED, on="2026-06-27", citing=["letter-2026-06-26"]
    )
    assert ("letter-2026-06-12", "letter-2026-06-26") == cited_notices(decision)
    with pytest.raises(AssertionError, match="expected citing notice `nope`"):
        assert_verdict(
            mythos, PRIYA, "license_required", on="2026-06-27", citing=["nope"]
        )
    with pytest.raises(AssertionError, match="the decision cites none"):
        assert_verdict(mythos, PRIYA, "permitted", on="2026-06-01", citing=["x"])


def test_make_access_without_facts_names_a_catalog_id() -> None:
    """`make_access` without facts names the recipient by its catalog id."""
    access = make_access("acme", item="mythos-5", mode="hosted-api")
    assert "acme" == access.recipient
    assert frozenset() == access.attestations


def test_boundary_cases(mythos: ac.Regime) -> None:
    """Boundary cases: the days before, of and after each change, as decided."""
    cases = boundary_cases(mythos, SAM)
    assert [
        ("2026-06-11:before", "permitted"),
        ("2026-06-12:of", "license_required"),
        ("2026-06-13:after", "license_required"),
        ("2026-06-25:before", "license_required"),
        ("2026-06-26:of", "permitted"),
        ("2026-06-27:after", "permitted"),
    ] == [(c.id, c.verdict.value) for c in cases]
    for case in cases:
        assert case.verdict is mythos.decide(SAM, on=case.day).verdict
    # the start of a span is not a change point
    assert [] == boundary_cases(mythos, SAM, start="2026-06-13", end="2026-06-20")
    params = boundary_params(mythos, SAM, as_known_on="2026-06-20")
    assert ["2026-06-11:before", "2026-06-12:of", "2026-06-13:after"] == [
        p.id for p in params
    ]


def test_boundary_days_that_touch_keep_the_first_label(mythos: ac.Regime) -> None:
    """Changes on consecutive days give one boundary case per day, never two."""
    # changes on consecutive days: the 13th is "after" one and "of" the other
    regime = ac.loads_regime(
        (Path(ac.examples.path("mythos5")).read_text(encoding="utf-8")),
        name="mythos5.yaml",
    )
    cases = boundary_cases(regime, SAM)
    assert len({c.day for c in cases}) == len(cases)


GOOD = """\
regime: [mythos5]
cases:
  - description: ok
    access: {recipient: priya, item: fable-5, mode: hosted-api, citizenships: [IN]}
    at: "2026-06-27T12:00:00+00:00"
    as_known_on: 2026-06-20
    expect: license_required
"""


def test_loads_cases() -> None:
    """A golden case file loads to its regimes and cases, with instant and line."""
    cases = loads_cases(GOOD, "good.aicases.yaml")
    assert ("mythos5",) == cases.regimes
    (case,) = cases.cases
    assert ("2026-06-27T12:00:00+00:00", None, 3) == (case.at, case.on, case.line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1\n", "bad.yaml:2:1: malformed YAML"),
        ("- 1\n", "bad.yaml:1:1: expected a mapping with `regime` and `cases`"),
        ("regime: 3\ncases: []\n", "bad.yaml:1:9: regime: expected a regime name"),
        ("regime: x\ncases: []\n", "bad.yaml:2:8: cases: expected a non-empty list"),
        ("regime: x\nextra: 1\ncases: [1]\n", "bad.yaml:2:1: unknown key `extra`"),
        ("regime: x\ncases: [1]\n", "bad.yaml:2:9: cases[0]: expected a mapping"),
        (
            "regime: x\ncases:\n  - {description: d, access: 3, on: x, expect: permitted}\n",
            "cases[0].access: expected a mapping, got `3`",
        ),
        (
            "regime: x\ncases:\n  - description: d\n    access: {item: 1, mode: m, who: x}\n"
            "    on: x\n    at: y\n    expect: maybe\n    citing: x\n",
            "bad.yaml:4:32: cases[0].access: unknown key `who`",
        ),
    ],
)
def test_malformed_case_files_are_located(text: str, expected: str) -> None:
    """A malformed case file is refused, its problem located by line and column."""
    with pytest.raises(CaseFileError) as caught:
        loads_cases(text, "bad.yaml")
    assert expected in str(caught.value)


def test_every_problem_at_once() -> None:
    """A case file with many problems reports them all in one error."""
    text = (
        "regime: x\ncases:\n  - description: d\n    access: {item: 1, mode: m}\n"
        "    on: x\n    at: y\n    expect: maybe\n    citing: x\n"
        "  - {description: e, access: {recipient: r, item: i, mode: m, location: XXX},"
        " on: d, expect: permitted}\n"
        "  - {access: {recipient: r, item: i, mode: m}, on: d, expect: permitted}\n"
        "  - {description: f, access: {recipient: r, item: i, mode: m}, on: d, expect: permitted}\n"
        "  - {description: f, access: {recipient: r, item: i, mode: m}, on: d, expect: permitted}\n"
    )
    with pytest.raises(CaseFileError) as caught:
        loads_cases(text, "bad.yaml")
    messages = [p.message for p in caught.value.problems]
    assert "missing required key `recipient`" in messages
    assert "expected a string, got `1`" in messages
    assert "give exactly one of `on` (a day) and `at` (an instant)" in messages
    assert any(m.startswith("expected one of `permitted`") for m in messages)
    assert "expected a list of strings, got `'x'`" in messages
    assert any("XXX" in m for m in messages)
    assert "missing required key `description`" in messages
    assert "duplicate description `f`" in messages


PARTY_CASES = """\
regime: mythos5
cases:
  - description: a reexport bought through a partner
    access:
      recipient: other-corp
      item: mythos-5
      mode: weights-transfer
      location: CN
      origin: SG
      parties: [{role: purchaser, entity: acme-cloud}]
    on: 2026-06-27
    expect: permitted
"""


def test_case_with_origin_and_parties() -> None:
    """A golden case gives the access's origin and other parties."""
    (case,) = loads_cases(PARTY_CASES, "parties.yaml").cases
    assert ("SG", (ac.Party("purchaser", "acme-cloud"),)) == (
        case.access.origin,
        case.access.parties,
    )
    assert ac.Transfer.REEXPORT is case.check(ac.examples.load("mythos5")).transfer


def test_bad_parties_are_located() -> None:
    """A misspelt role or key in `parties` is located, with a did-you-mean."""
    text = PARTY_CASES.replace(
        "[{role: purchaser, entity: acme-cloud}]",
        "[{role: purchasr, entity: acme-cloud}, {role: purchaser, entty: x}]",
    )
    with pytest.raises(CaseFileError) as caught:
        loads_cases(text, "bad.yaml")
    assert [
        "bad.yaml:10:24: cases[0].access.parties[0].role: `role`: unknown party "
        "role `purchasr` (did you mean `purchaser`?)",
        "bad.yaml:10:73: cases[0].access.parties[1]: unknown key `entty`; "
        "expected one of `role`, `entity`",
        "bad.yaml:10:55: cases[0].access.parties[1]: missing required key `entity`",
    ] == [str(p) for p in caught.value.problems]


def _downstream(pytester: pytest.Pytester) -> None:
    shutil.copytree(DOWNSTREAM, pytester.path, dirs_exist_ok=True)


def test_downstream_project(pytester: pytest.Pytester) -> None:
    """A downstream project's tests and cases run, also through its gateway; failures explain."""
    _downstream(pytester)
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(passed=14, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*test_gateway_passes_the_golden_cases*deliberately wrong*",
            "E*AssertionError: expected PERMITTED, `gateway_decide` answered "
            "not permitted (`False`)",
            "E*question: `priya` -> `fable-5` via `hosted-api` in US, on 2026-06-27",
            "*case: deliberately wrong, Fable 5 is not open to foreign nationals*",
            "gateway.aicases.yaml:24: case `deliberately wrong*` failed: "
            "expected PERMITTED, got LICENSE REQUIRED",
            "LICENSE REQUIRED: `priya` -> `fable-5` via `hosted-api` in US, on 2026-06-27*",
            "Restrictions that apply:",
            "*cites: 15 CFR 744.22*",
            "Exemptions considered that did not apply:",
            "FAILED cases/gateway.aicases.yaml::deliberately wrong, Fable 5 is not*",
        ]
    )
    result = pytester.runpytest(*INNER, "--collect-only", "-q", "cases")
    result.stdout.fnmatch_lines(
        [
            "cases/gateway.aicases.yaml::partner staff may use Mythos 5 after the June 26 letter"
        ]
    )


def test_bad_case_file_is_a_located_collection_error(pytester: pytest.Pytester) -> None:
    """A malformed case file is a collection error located by line and column."""
    pytester.makefile(".aicases.yaml", bad="regime: mythos5\ncases: [1]\n")
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "invalid golden case file:",
            "bad.aicases.yaml:2:9: cases?0?: expected a mapping, got `1`",
        ]
    )


def test_regime_from_a_local_path(pytester: pytest.Pytester) -> None:
    """`aicontrols_regime` may name a regime file by path, as cases may."""
    regimes = pytester.mkdir("regimes")
    shutil.copy(ac.examples.path("mythos5"), regimes / "us.yaml")
    pytester.makeini("[pytest]\naicontrols_regime = regimes/us.yaml\n")
    pytester.makefile(
        ".aicases.yml",
        local=GOOD.replace("[mythos5]", "[regimes/us.yaml, mythos5]"),
    )
    pytester.makepyfile(
        test_fixture="""
        def test_it(aicontrols_regime, regime_loader):
            assert aicontrols_regime is regime_loader("regimes/us.yaml")
            assert "us-mythos-letters" == aicontrols_regime.id
        """
    )
    pytester.runpytest(*INNER).assert_outcomes(passed=2)


def test_case_that_cannot_be_decided_shows_the_error(pytester: pytest.Pytester) -> None:
    """A case the regime cannot decide fails, showing the error."""
    pytester.makefile(".aicases.yaml", odd=GOOD.replace("fable-5", "no-such-model"))
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*UnknownIdError*no-such-model*"])


def test_no_regime_configured(pytester: pytest.Pytester) -> None:
    """The `aicontrols_regime` fixture with no regime set errors, saying what to set."""
    pytester.makepyfile("def test_it(aicontrols_regime):\n    pass\n")
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no regime configured: set `aicontrols_regime`*"])
