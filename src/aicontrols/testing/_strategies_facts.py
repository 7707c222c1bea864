"""The catalog of a generated regime: entities, items, modes and memberships.

Entities of every kind with dated facts (citizenships, residencies,
employments, ownerships) and screening facts, controlled items, deployment
modes, and dated memberships of country groups and entity lists; the public
`countries()`, `entities()`, `items()` and `modes()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

import aicontrols as ac
from aicontrols._time import resolve

from ._strategies_draw import (
    ALIASES,
    CODES,
    COUNTRIES,
    ITEM_DRAM,
    ITEM_TPP,
    KINDS,
    LOCATIONS,
    SHARES,
    TRAINED,
    draw_chance,
    draw_count,
    draw_pick,
    draw_some,
)
from ._strategies_time import draw_days, draw_span, draw_when


def draw_entity(
    draw: st.DrawFn, eid: str, ids: Sequence[str], pool: Sequence[dt.date], tz: str
) -> ac.Entity:
    kind = draw_pick(draw, KINDS)
    fields: dict[str, Any] = {}
    if kind is ac.EntityKind.INDIVIDUAL:
        # no citizenship at all leaves the citizenship unknown
        fields["citizenships"] = [
            ac.Citizenship(draw_pick(draw, COUNTRIES), start=s, end=e)
            for s, e in (
                draw_span(draw, pool, tz) for _ in range(draw_count(draw, 0, 2))
            )
        ]
        fields["residencies"] = [
            ac.Residency(draw_pick(draw, COUNTRIES), start=s, end=e)
            for s, e in (
                draw_span(draw, pool, tz) for _ in range(draw_count(draw, 0, 1))
            )
        ]
    elif draw_chance(draw, 4):
        fields["country"] = None  # unknown incorporation
    else:
        fields["country"] = draw_pick(draw, COUNTRIES)
    if kind is not ac.EntityKind.INDIVIDUAL and not draw_chance(draw, 3):
        # now and then unknown; otherwise often elsewhere than incorporated
        fields["headquarters"] = draw_pick(draw, COUNTRIES)
    fields["employments"] = [
        ac.Employment(draw_pick(draw, ids), start=s, end=e)
        for s, e in (draw_span(draw, pool, tz) for _ in range(draw_count(draw, 0, 2)))
    ]
    fields["owners"] = [
        ac.Ownership(
            draw_pick(draw, ids), share=draw_pick(draw, SHARES), start=s, end=e
        )
        for s, e in (draw_span(draw, pool, tz) for _ in range(draw_count(draw, 0, 2)))
    ]
    # screening facts, now and then: other names, address countries, and
    # other entities confirmed to be the same party
    if draw_chance(draw, 4):
        fields["aliases"] = draw_some(draw, ALIASES)
    if draw_chance(draw, 4):
        fields["address_countries"] = draw_some(draw, COUNTRIES)
    others = [i for i in ids if i != eid]
    if others and draw_chance(draw, 4):
        fields["same_as"] = [draw_pick(draw, others)]
    return ac.Entity(eid, kind=kind, **fields)


_UNKNOWN_IF_EMPTY = ("country", "headquarters", "citizenships")


def draw_consistent(visitor: ac.Entity, regime: ac.Regime) -> ac.Entity:
    """`visitor` with the facts of the catalog entities it is linked to by
    `same_as` wherever its own would contradict them."""
    for link in visitor.same_as:
        linked = regime.entity(link)
        changes: dict[str, Any] = {"kind": linked.kind}
        if not linked.is_individual:
            changes.update(citizenships=(), residencies=())
        for name in (
            "country",
            "headquarters",
            "citizenships",
            "residencies",
            "employments",
            "owners",
        ):
            mine, theirs = getattr(visitor, name), getattr(linked, name)
            # an unrecorded country or citizenship contradicts nothing; the
            # residencies, employments and owners the catalog records must be
            # carried as they are
            if theirs and mine != theirs and (mine or name not in _UNKNOWN_IF_EMPTY):
                changes[name] = theirs
        if linked.is_individual:
            changes["country"] = None
            changes["headquarters"] = None
        visitor = attrs.evolve(visitor, **changes)
    return visitor


def draw_item(
    draw: st.DrawFn, iid: str, entity_ids: Sequence[str]
) -> ac.ControlledItem:
    return ac.ControlledItem(
        iid,
        developer=draw_pick(draw, entity_ids)
        if entity_ids and draw_chance(draw, 4)
        else None,
        classifications={"ECCN": draw_pick(draw, CODES)} if draw_chance(draw) else {},
        training_operations=draw_pick(draw, TRAINED),
        weights_published=draw_chance(draw),
        parameters=_parameters(draw),
    )


def _parameters(draw: st.DrawFn) -> dict[str, float]:
    drawn = {
        "tpp": draw_pick(draw, ITEM_TPP),
        "dram_bandwidth_gbps": draw_pick(draw, ITEM_DRAM),
    }
    return {k: v for k, v in drawn.items() if v is not None}


def draw_mode(draw: st.DrawFn, name: str) -> ac.DeploymentMode:
    return ac.DeploymentMode(
        name, transfers_weights=draw_chance(draw), compute=draw_pick(draw, LOCATIONS)
    )


def draw_memberships(
    draw: st.DrawFn,
    members: Sequence[str],
    pool: Sequence[dt.date],
    tz: str,
    *,
    known: bool = False,
) -> list[ac.Membership]:
    """One to three dated memberships; with `known`, some published (knowledge
    time: when the membership, and its end, became known; never the end
    before the membership)."""
    found = []
    for _ in range(draw_count(draw, 1, 3)):
        start, end = draw_span(draw, pool, tz)
        published = draw_when(draw, pool) if known and draw_chance(draw, 3) else None
        end_published = (
            draw_when(draw, pool)
            if known and end is not None and draw_chance(draw)
            else None
        )
        if (
            published is not None
            and end_published is not None
            and resolve(end_published, tz) < resolve(published, tz)
        ):
            end_published = published
        found.append(
            ac.Membership(
                draw_pick(draw, members),
                start=start,
                end=end,
                published=published,
                end_published=end_published,
            )
        )
    return found


def countries() -> st.SearchStrategy[str]:
    """Country codes from the few that the generated regimes use (`COUNTRIES`)."""
    return st.sampled_from(COUNTRIES)


@st.composite
def entities(
    draw: st.DrawFn,
    entity_id: str = "e0",
    *,
    others: Sequence[str] = (),
    days: Sequence[dt.date] | None = None,
    timezone: str = "America/New_York",
) -> ac.Entity:
    """Entities of every kind, with dated facts.

    Individuals get zero to two citizenships and up to one residency (none
    leaves the fact unknown); organisations an incorporation country or
    `None`. Employments and ownerships name `others` (or the entity itself
    when `others` is empty). Fact spans are half-open `[start, end)`, either
    bound possibly open, drawn from `days` (default: a small random pool) and
    sometimes exact instants; `timezone` orders dates against instants. Now
    and then an entity has aliases, address countries, and a `same_as` naming
    one of `others`.
    """
    ids = list(others) or [entity_id]
    return draw_entity(draw, entity_id, ids, draw_days(draw, days), timezone)


@st.composite
def items(
    draw: st.DrawFn, item_id: str = "i0", *, developers: Sequence[str] = ()
) -> ac.ControlledItem:
    """Controlled items: maybe a developer from `developers`, an ECCN,
    training compute and published weights."""
    return draw_item(draw, item_id, developers)


@st.composite
def modes(draw: st.DrawFn, name: str | None = None) -> ac.DeploymentMode:
    """Deployment modes named `name` (default `on-device` or `kiosk`), with
    random weight transfer and compute location."""
    return draw_mode(
        draw, name if name is not None else draw_pick(draw, ("on-device", "kiosk"))
    )
