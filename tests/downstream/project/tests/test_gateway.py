"""The gateway's tests: only the aicontrols plugin, assertions, boundaries,
golden cases and strategies."""

import datetime as dt
from pathlib import Path

import pytest
from gateway import Request, allow, to_access
from hypothesis import given, settings
from hypothesis import strategies as st

import aicontrols
from aicontrols.testing import (
    assert_not_permitted,
    assert_permitted,
    boundary_params,
    load_cases,
    strategies,
)

PRIYA = Request("priya", "fable-5", "US", citizenships=("IN",))
SAM = Request("sam", "mythos-5", "US", citizenships=("IN",), employer="anthropic")


def test_gateway_refuses_what_needs_a_license(aicontrols_regime):
    """The gateway refuses a foreign national a model that needs a license."""
    assert_not_permitted(aicontrols_regime, to_access(PRIYA), on="2026-06-27")
    assert not allow(PRIYA, regime=aicontrols_regime, on=dt.date(2026, 6, 27))


def test_gateway_serves_partner_staff(aicontrols_regime):
    """The gateway serves the staff of a trusted partner."""
    assert_permitted(aicontrols_regime, to_access(SAM), on="2026-06-27")
    assert allow(SAM, regime=aicontrols_regime, on=dt.date(2026, 6, 27))


def test_make_access_agrees_with_the_gateway(aicontrols_regime, make_access):
    """An access made with `make_access` decides as the gateway's own does."""
    access = make_access(
        "priya", item="fable-5", mode="hosted-api", location="US", citizenships=["IN"]
    )
    expected = aicontrols_regime.decide(access, on="2026-06-27").verdict
    assert (
        expected is aicontrols_regime.decide(to_access(PRIYA), on="2026-06-27").verdict
    )


def test_regime_loader_caches(regime_loader):
    """`regime_loader` loads each regime once and hands out the same object."""
    assert regime_loader("mythos5") is regime_loader("mythos5")


@pytest.mark.parametrize(
    ("day", "expected"),
    boundary_params(aicontrols.examples.load("mythos5"), to_access(PRIYA)),
)
def test_gateway_on_each_effective_date(aicontrols_regime, day, expected):
    """Around each effective date, the gateway serves only what is permitted."""
    permitted = expected is aicontrols.Verdict.PERMITTED
    assert allow(PRIYA, regime=aicontrols_regime, on=day) is permitted


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_gateway_never_serves_what_is_not_permitted(aicontrols_regime, data):
    """Whatever the access and instant, the gateway serves only permitted requests."""
    access = data.draw(strategies.accesses(aicontrols_regime))
    day = data.draw(strategies.dates())
    decision = aicontrols_regime.decide(access, on=day)
    served = decision.verdict is aicontrols.Verdict.PERMITTED
    assert served is decision.permitted


REGIME = aicontrols.examples.load("mythos5")
CASES = load_cases(Path(__file__).parent.parent / "cases" / "gateway.aicases.yaml")


def gateway_decide(access, *, on, at, as_known_on):
    """A golden case's access as a request to the gateway: served or not."""
    person = access.recipient
    request = Request(
        person.id,
        access.item,
        access.location,
        citizenships=tuple(c.country for c in person.citizenships),
        employer=person.employments[0].employer if person.employments else None,
    )
    return allow(request, regime=REGIME, on=on)


@pytest.mark.parametrize("case", CASES.cases, ids=[c.description for c in CASES.cases])
def test_gateway_passes_the_golden_cases(case):
    """The gateway itself, not only the regime, answers each golden case as expected."""
    case.check(decide=gateway_decide)
