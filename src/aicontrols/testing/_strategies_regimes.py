"""Whole regimes, the accesses to ask them, and variants of an access.

The public `regimes()`, `accesses()` and `variants()`, built from the catalog,
scope and notice parts.
"""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

import aicontrols as ac

from ._strategies_draw import (
    CAVEAT,
    CONDITIONS,
    COUNTRIES,
    FIRST_DAY,
    MODE_NAMES,
    MODES,
    POOL,
    REGIME_ZONES,
    ROLES,
    SHARES,
    draw_below,
    draw_chance,
    draw_count,
    draw_pick,
    draw_some,
)
from ._strategies_facts import (
    draw_consistent,
    draw_entity,
    draw_item,
    draw_memberships,
    draw_mode,
)
from ._strategies_notices import draw_notices
from ._strategies_scopes import StrategyCatalog
from ._strategies_time import days_of


@st.composite
def regimes(draw: st.DrawFn) -> ac.Regime:
    """A random valid regime: a small catalog, groups, lists and 1-6 notices.

    Country group and entity list memberships sometimes say when they, or
    their ends, became known (`published`, `end_published`), and a list
    sometimes carries a caveat (its legal effect not modelled). Ownership
    links (dated, of known or unknown share) form chains, sums and loops
    through the catalog, often up to a listed party, for the restrictions
    treated as listed and the list entries the notices draw.
    """
    tz = draw_pick(draw, REGIME_ZONES)
    pool = draw(POOL)
    jurisdiction = draw_pick(draw, ("US", "US", "DE"))
    territory = ["DE", "FR"] if jurisdiction == "DE" and draw_chance(draw) else None
    entity_ids = [f"e{k}" for k in range(draw_count(draw, 4, 8))]
    entities = [draw_entity(draw, eid, entity_ids, pool, tz) for eid in entity_ids]
    item_ids = [f"i{k}" for k in range(draw_count(draw, 3, 5))]
    items = [draw_item(draw, iid, entity_ids) for iid in item_ids]
    groups = [
        ac.CountryGroup(
            f"g{k}", members=draw_memberships(draw, COUNTRIES, pool, tz, known=True)
        )
        for k in range(draw_count(draw, 0, 2))
    ]
    lists = [
        ac.EntityList(
            f"l{k}",
            members=draw_memberships(draw, entity_ids, pool, tz, known=True),
            caveat=CAVEAT if draw_chance(draw, 4) else None,
        )
        for k in range(draw_count(draw, 0, 1))
    ]
    if lists and draw_chance(draw):
        entities = _owned_by_members(draw, entities, lists[0])
    modes = [draw_mode(draw, "on-device") for _ in range(draw_count(draw, 0, 1))]
    cat = StrategyCatalog(
        item_ids,
        entity_ids,
        [g.id for g in groups],
        [x.id for x in lists],
        [*MODE_NAMES, *(m.name for m in modes)],
    )
    return ac.Regime(
        "random",
        jurisdiction=jurisdiction,
        timezone=tz,
        territory=territory,
        deemed_export_rule=draw_pick(draw, tuple(ac.DeemedExportRule)),
        country_groups=groups,
        entity_lists=lists,
        entities=entities,
        items=items,
        modes=modes,
        notices=draw_notices(draw, pool, tz, cat),
    )


def _owned_by_members(
    draw: st.DrawFn, entities: list[ac.Entity], listed: ac.EntityList
) -> list[ac.Entity]:
    """`entities` with one to three more ownership links to a party on `listed`
    (chains and aggregates follow from the other links), so that the
    affiliates rule's scopes and entries often matter."""
    members = [m.member for m in listed.members]
    found = list(entities)
    for _ in range(draw_count(draw, 1, 3)):
        k = draw(draw_below(len(found)))
        owner = draw_pick(draw, members)
        if found[k].id == owner:
            continue
        link = ac.Ownership(owner, share=draw_pick(draw, SHARES))
        found[k] = attrs.evolve(found[k], owners=(*found[k].owners, link))
    return found


@st.composite
def accesses(draw: st.DrawFn, regime: ac.Regime) -> ac.Access:
    """An access to ask `regime` about.

    The recipient, item and mode are mostly the regime's own (as objects or by
    id or name); now and then an ad-hoc object that the regime does not define
    (the recipient `visitor`, the item `prototype`, the mode `kiosk`). An
    ad-hoc recipient linked by `same_as` to a catalog entity never contradicts
    that entity's facts (the regime would refuse it). Now and then the item
    leaves another country (`origin`) and the access names other parties to
    the transaction (catalog entities). Every access drawn is one the regime
    answers.
    """
    ids = [e.id for e in regime.entities]
    choice = draw(draw_below(3))
    recipient: ac.Entity | str
    if choice == 0:
        recipient = draw_pick(draw, ids)
    elif choice == 1:
        recipient = draw_pick(draw, regime.entities)
    else:
        pool = days_of(regime) or [FIRST_DAY]
        visitor = draw_entity(draw, "visitor", ids, pool, regime.timezone)
        recipient = draw_consistent(visitor, regime)
    defined = draw_pick(draw, regime.items)
    item: ac.ControlledItem | str = defined
    if draw_chance(draw, 8):
        item = draw_item(draw, "prototype", ids)
    elif draw_chance(draw):
        item = defined.id
    known = [*MODES, *regime.modes]
    standard = draw_pick(draw, known)
    mode: ac.DeploymentMode | str = standard
    if draw_chance(draw, 8):
        mode = draw_mode(draw, "kiosk")
    elif draw_chance(draw):
        mode = standard.name
    location = draw_pick(draw, (None, regime.jurisdiction, *COUNTRIES))
    attestations = draw_some(draw, CONDITIONS) if draw_chance(draw) else []
    return ac.Access(
        recipient,
        item,
        mode,
        location=location,
        attestations=attestations,
        origin=draw_origin(draw),
        parties=draw_parties(draw, regime),
    )


def draw_origin(draw: st.DrawFn) -> str | None:
    """Mostly none (the regime's jurisdiction); now and then a country."""
    return draw_pick(draw, COUNTRIES) if draw_chance(draw, 3) else None


def draw_parties(draw: st.DrawFn, regime: ac.Regime) -> list[ac.Party]:
    """Mostly none; now and then one or two catalog entities, by id or object."""
    if not draw_chance(draw, 3):
        return []
    return [
        ac.Party(
            draw_pick(draw, ROLES),
            draw_pick(draw, regime.entities)
            if draw_chance(draw)
            else draw_pick(draw, regime.entities).id,
        )
        for _ in range(draw_count(draw, 1, 2))
    ]


@st.composite
def variants(draw: st.DrawFn, regime: ac.Regime, access: ac.Access) -> ac.Access:
    """`access` with one part changed: its mode, item, recipient, location,
    origin or other parties.

    The mode or item is often replaced by an ad-hoc one (`kiosk`, `prototype`)
    with other properties than an earlier ad-hoc one of that name, which a
    cache keyed by names must tell apart.
    """
    choice = draw(draw_below(7))
    if choice == 0:
        return attrs.evolve(access, mode=draw_mode(draw, "kiosk"))
    if choice == 1:
        entity_ids = [e.id for e in regime.entities]
        return attrs.evolve(access, item=draw_item(draw, "prototype", entity_ids))
    other = draw(accesses(regime))
    if choice == 2:
        return attrs.evolve(access, mode=other.mode)
    if choice == 3:
        return attrs.evolve(access, item=other.item)
    if choice == 4:
        return attrs.evolve(access, recipient=other.recipient)
    if choice == 5:
        return attrs.evolve(access, origin=other.origin, parties=other.parties)
    return attrs.evolve(
        access, location=other.location, attestations=other.attestations
    )
