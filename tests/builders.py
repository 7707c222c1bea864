"""Small regimes and people built in code, shared by the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import aicontrols as ac

D = dt.date
NY = "America/New_York"
JAN_10 = D(2026, 1, 10)


def person(
    pid: str = "priya",
    *,
    citizenships: Sequence[str | ac.Citizenship] = ("IN",),
    residencies: Sequence[str | ac.Residency] = (),
    employer: str | None = "anthropic",
    employed_until: dt.date | None = None,
) -> ac.Entity:
    """An individual with the given citizenships, residencies and one employer."""
    return ac.Entity(
        pid,
        kind=ac.EntityKind.INDIVIDUAL,
        citizenships=[
            c if isinstance(c, ac.Citizenship) else ac.Citizenship(c)
            for c in citizenships
        ],
        residencies=[
            r if isinstance(r, ac.Residency) else ac.Residency(r) for r in residencies
        ],
        employments=[]
        if employer is None
        else [ac.Employment(employer, end=employed_until)],
    )


CATALOG: dict[str, Any] = {
    "entities": [
        ac.Entity("dev", kind="company", country="US"),
        ac.Entity("partner", kind="company", country="US"),
        ac.Entity("stranger", kind="company", country="US"),
    ],
    "items": [
        ac.ControlledItem("model-a", developer="dev"),
        ac.ControlledItem("model-b", developer="dev"),
    ],
}


def regime(*notices: ac.Notice, **overrides: Any) -> ac.Regime:
    """A small US regime in New York time with the shared catalog."""
    fields: dict[str, Any] = {
        "jurisdiction": "US",
        "timezone": NY,
        **CATALOG,
        **overrides,
    }
    return ac.Regime("test", notices=notices, **fields)


def restriction_notice(
    nid: str = "n1",
    *,
    published: dt.date | dt.datetime = JAN_10,
    effective: dt.date | dt.datetime | None = None,
    rule: ac.Restriction | None = None,
    **fields: Any,
) -> ac.Notice:
    """A notice adding one license requirement on `model-a` for foreign persons."""
    return ac.Notice(
        nid,
        title=f"notice {nid}",
        published=published,
        effective=published if effective is None else effective,
        citation=ac.Citation(f"test citation {nid}"),
        adds=[
            rule
            or ac.Restriction(
                "r1",
                items=ac.ItemIs("model-a"),
                recipients=ac.ForeignPerson(),
            )
        ],
        **fields,
    )


def around(day: str) -> list[str]:
    """The day before, the day of and the day after `day` (ISO dates)."""
    d = dt.date.fromisoformat(day)
    return [(d + dt.timedelta(days=n)).isoformat() for n in (-1, 0, 1)]


def cites(decision: ac.Decision, text: str) -> bool:
    """Whether one of the decision's citations has `text` in its source."""
    return any(text in c.source for c in decision.citations)


def kinds(decision: ac.Decision) -> list[ac.CaveatKind]:
    """The kinds of the decision's caveats, in order."""
    return [c.kind for c in decision.caveats]


EU_STATES = ["AT", "BE", "DE", "FR", "IE", "IT", "NL", "ES"]


def eu(*rules: ac.Restriction) -> ac.Regime:
    """A small, illustrative EU regime (not EU law) in Brussels time: from
    2026-07-01 it prohibits sending Mythos 5's weights to foreign persons, and
    applies `rules` from then too. Member states' citizens are insiders."""
    rule = ac.Restriction(
        "eu-weights",
        effect="prohibited",
        items=ac.ItemIs("mythos-5"),
        modes=ac.TransfersWeights(),
        recipients=ac.ForeignPerson(),
    )
    return ac.Regime(
        "eu-test",
        jurisdiction="FR",
        territory=EU_STATES,
        timezone="Europe/Brussels",
        items=[
            ac.ControlledItem("mythos-5", developer="anthropic"),
            ac.ControlledItem("fable-5", developer="anthropic"),
        ],
        entities=[ac.Entity("anthropic", country="US")],
        notices=[
            ac.Notice(
                "eu-1",
                published=D(2026, 7, 1),
                effective=D(2026, 7, 1),
                adds=[rule, *rules],
            )
        ],
    )
