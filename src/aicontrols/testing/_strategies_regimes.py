"""Whole regimes, the accesses to ask them, and variants of an access.

The public `regimes()`, `accesses()` and `variants()`, built from the catalog,
scope and notice parts.
"""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

import aicontrols as ac

from ._strategies_draw import (
    _POOL,
    CAVEAT,
    CONDITIONS,
    COUNTRIES,
    FIRST_DAY,
    MODE_NAMES,
    MODES,
    REGIME_ZONES,
    _below,
    _chance,
    _count,
    _pick,
    _some,
)
from ._strategies_facts import _consistent, _entity, _item, _memberships, _mode
from ._strategies_notices import _notices
from ._strategies_scopes import _Catalog
from ._strategies_time import days_of


@st.composite
def regimes(draw: st.DrawFn) -> ac.Regime:
    """A random valid regime: a small catalog, groups, lists and 1-6 notices.

    Entity list memberships sometimes say when they, or their ends, became
    known (`published`, `end_published`), and a list sometimes carries a
    caveat (its legal effect not modelled).
    """
    tz = _pick(draw, REGIME_ZONES)
    pool = draw(_POOL)
    jurisdiction = _pick(draw, ("US", "US", "DE"))
    territory = ["DE", "FR"] if jurisdiction == "DE" and _chance(draw) else None
    entity_ids = [f"e{k}" for k in range(_count(draw, 4, 8))]
    entities = [_entity(draw, eid, entity_ids, pool, tz) for eid in entity_ids]
    item_ids = [f"i{k}" for k in range(_count(draw, 3, 5))]
    items = [_item(draw, iid, entity_ids) for iid in item_ids]
    groups = [
        ac.CountryGroup(f"g{k}", members=_memberships(draw, COUNTRIES, pool, tz))
        for k in range(_count(draw, 0, 2))
    ]
    lists = [
        ac.EntityList(
            f"l{k}",
            members=_memberships(draw, entity_ids, pool, tz, known=True),
            caveat=CAVEAT if _chance(draw, 4) else None,
        )
        for k in range(_count(draw, 0, 1))
    ]
    modes = [_mode(draw, "on-device") for _ in range(_count(draw, 0, 1))]
    cat = _Catalog(
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
        deemed_export_rule=_pick(draw, tuple(ac.DeemedExportRule)),
        country_groups=groups,
        entity_lists=lists,
        entities=entities,
        items=items,
        modes=modes,
        notices=_notices(draw, pool, tz, cat),
    )


@st.composite
def accesses(draw: st.DrawFn, regime: ac.Regime) -> ac.Access:
    """An access to ask `regime` about.

    The recipient, item and mode are mostly the regime's own (as objects or by
    id or name); now and then an ad-hoc object that the regime does not define
    (the recipient `visitor`, the item `prototype`, the mode `kiosk`). An
    ad-hoc recipient linked by `same_as` to a catalog entity never contradicts
    that entity's facts (the regime would refuse it). Every access drawn is one
    the regime answers.
    """
    ids = [e.id for e in regime.entities]
    choice = draw(_below(3))
    recipient: ac.Entity | str
    if choice == 0:
        recipient = _pick(draw, ids)
    elif choice == 1:
        recipient = _pick(draw, regime.entities)
    else:
        pool = days_of(regime) or [FIRST_DAY]
        visitor = _entity(draw, "visitor", ids, pool, regime.timezone)
        recipient = _consistent(visitor, regime)
    defined = _pick(draw, regime.items)
    item: ac.ControlledItem | str = defined
    if _chance(draw, 8):
        item = _item(draw, "prototype", ids)
    elif _chance(draw):
        item = defined.id
    known = [*MODES, *regime.modes]
    standard = _pick(draw, known)
    mode: ac.DeploymentMode | str = standard
    if _chance(draw, 8):
        mode = _mode(draw, "kiosk")
    elif _chance(draw):
        mode = standard.name
    location = _pick(draw, (None, regime.jurisdiction, *COUNTRIES))
    attestations = _some(draw, CONDITIONS) if _chance(draw) else []
    return ac.Access(
        recipient, item, mode, location=location, attestations=attestations
    )


@st.composite
def variants(draw: st.DrawFn, regime: ac.Regime, access: ac.Access) -> ac.Access:
    """`access` with one part changed: its mode, item, recipient or location.

    The mode or item is often replaced by an ad-hoc one (`kiosk`, `prototype`)
    with other properties than an earlier ad-hoc one of that name, which a
    cache keyed by names must tell apart.
    """
    choice = draw(_below(6))
    if choice == 0:
        return attrs.evolve(access, mode=_mode(draw, "kiosk"))
    if choice == 1:
        entity_ids = [e.id for e in regime.entities]
        return attrs.evolve(access, item=_item(draw, "prototype", entity_ids))
    other = draw(accesses(regime))
    if choice == 2:
        return attrs.evolve(access, mode=other.mode)
    if choice == 3:
        return attrs.evolve(access, item=other.item)
    if choice == 4:
        return attrs.evolve(access, recipient=other.recipient)
    return attrs.evolve(
        access, location=other.location, attestations=other.attestations
    )
