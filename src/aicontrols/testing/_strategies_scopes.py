"""The scopes of generated rules, and the rules that carry them.

Item, mode and recipient leaves that name the catalog's ids, nested up to two
deep in `AllOf`, `AnyOf` and `Not`; the restrictions and exemptions built on
them; the public `item_scopes()`, `mode_scopes()` and `recipient_scopes()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import strategies as st

import aicontrols as ac

from ._strategies_draw import (
    CODES,
    CONDITIONS,
    COUNTRIES,
    ENTITY_KINDS,
    LOCATIONS,
    MODE_NAMES,
    OPERATIONS,
    REQUIREMENTS,
    SHARES,
    THRESHOLDS,
    _below,
    _chance,
    _count,
    _pick,
    _some,
)


class _Catalog:
    """The ids a regime defines, which its scopes may name."""

    def __init__(
        self,
        items: Sequence[str],
        entities: Sequence[str],
        groups: Sequence[str],
        lists: Sequence[str],
        modes: Sequence[str],
    ) -> None:
        self.items = items
        self.modes = modes
        self.entities = entities
        self.groups = groups
        self.lists = lists


def _item_leaf(draw: st.DrawFn, cat: _Catalog) -> ac.Scope:
    choice = draw(_below(8))
    if choice == 0:
        return ac.ItemIs(_some(draw, cat.items))
    if choice == 1:
        return ac.DevelopedBy(_some(draw, cat.entities))
    if choice == 2:
        return ac.ClassifiedAs("ECCN", _some(draw, CODES))
    if choice == 3:
        return ac.TrainedWithAtLeast(_pick(draw, OPERATIONS))
    if choice == 5:
        return ac.WithinRequirement(_pick(draw, REQUIREMENTS))
    if choice in (6, 7):
        name = _pick(draw, tuple(THRESHOLDS))
        cls = ac.ParameterAtLeast if choice == 6 else ac.ParameterBelow
        return cls(name, _pick(draw, THRESHOLDS[name]))
    return ac.WeightsPublished(_chance(draw))


def _mode_leaf(draw: st.DrawFn, cat: _Catalog) -> ac.Scope:
    choice = draw(_below(3))
    if choice == 0:
        return ac.ModeIs(_some(draw, cat.modes))
    if choice == 1:
        return ac.TransfersWeights(_chance(draw))
    return ac.ComputeRunsAt(_some(draw, LOCATIONS))


def _recipient_leaf(draw: st.DrawFn, cat: _Catalog) -> ac.Scope:
    choice = draw(_below(14))
    if choice == 1:
        return ac.DestinationIn(_some(draw, COUNTRIES))
    if choice == 2:
        return ac.KindIs(_some(draw, ENTITY_KINDS))
    if choice == 3:
        return ac.EntityIs(_some(draw, cat.entities))
    if choice == 4:
        return ac.EmployedBy(_some(draw, cat.entities))
    if choice == 5:
        return ac.OwnedBy(_some(draw, cat.entities), min_share=_pick(draw, SHARES[:3]))
    if choice == 6 and cat.groups:
        return ac.DestinationInGroup(_some(draw, cat.groups))
    if choice == 7 and cat.lists:
        return ac.OnList(_some(draw, cat.lists))
    if choice == 8 and cat.lists:
        share = _pick(draw, SHARES[:3])
        return ac.OwnedByListed(_some(draw, cat.lists), min_share=share)
    if choice == 9:
        return ac.LocatedIn(_some(draw, COUNTRIES))
    if choice == 10 and cat.groups:
        return ac.LocatedInGroup(_some(draw, cat.groups))
    if choice == 11:
        return ac.HeadquarteredIn(_some(draw, COUNTRIES))
    if choice == 12 and cat.groups:
        return ac.HeadquarteredInGroup(_some(draw, cat.groups))
    if choice == 13 and cat.groups:
        return ac.UltimateParentHeadquarteredInGroup(_some(draw, cat.groups))
    return ac.ForeignPerson(not _chance(draw, 4))


_Leaf = Callable[[st.DrawFn, _Catalog], ac.Scope]


def _scope(draw: st.DrawFn, leaf: _Leaf, cat: _Catalog, depth: int = 2) -> ac.Scope:
    """A leaf, or leaves combined with all/any/not, at most `depth` deep."""
    choice = draw(_below(4)) if depth else 0
    if choice == 0:
        return leaf(draw, cat)
    if choice == 3:
        return ac.Not(_scope(draw, leaf, cat, depth - 1))
    kids = [_scope(draw, leaf, cat, depth - 1) for _ in range(_count(draw, 1, 3))]
    return ac.AllOf(kids) if choice == 1 else ac.AnyOf(kids)


def _scopes(draw: st.DrawFn, cat: _Catalog) -> tuple[ac.Scope, ac.Scope, ac.Scope]:
    """The items, modes and recipients scopes of one rule (often everything)."""
    leaves: tuple[_Leaf, _Leaf, _Leaf] = (_item_leaf, _mode_leaf, _recipient_leaf)
    found = [
        _scope(draw, leaf, cat) if _chance(draw) else ac.EVERYTHING for leaf in leaves
    ]
    return found[0], found[1], found[2]


def _restriction(draw: st.DrawFn, rid: str, cat: _Catalog) -> ac.Restriction:
    effect = _pick(draw, tuple(ac.Effect))
    review_policy = _pick(draw, (None, *ac.ReviewPolicy))
    items, modes, recipients = _scopes(draw, cat)
    return ac.Restriction(
        rid,
        effect=effect,
        review_policy=review_policy,
        items=items,
        modes=modes,
        recipients=recipients,
    )


def _exemption(
    draw: st.DrawFn, xid: str, restrictions: Sequence[str], cat: _Catalog
) -> ac.Exemption:
    lifts = _some(draw, restrictions)
    conditions = _some(draw, CONDITIONS) if _chance(draw) else []
    items, modes, recipients = _scopes(draw, cat)
    return ac.Exemption(
        xid,
        lifts=lifts,
        conditions=conditions,
        items=items,
        modes=modes,
        recipients=recipients,
    )


@st.composite
def item_scopes(
    draw: st.DrawFn,
    items: Sequence[str] = ("i0", "i1", "i2"),
    *,
    developers: Sequence[str] = ("e0", "e1"),
) -> ac.Scope:
    """Item scopes naming `items` and `developers`, nested up to two deep in
    `AllOf`, `AnyOf` and `Not`."""
    cat = _Catalog(items, developers, (), (), MODE_NAMES)
    return _scope(draw, _item_leaf, cat)


@st.composite
def mode_scopes(draw: st.DrawFn, modes: Sequence[str] = MODE_NAMES) -> ac.Scope:
    """Mode scopes naming `modes` (default: the standard ones), nested up to two
    deep in `AllOf`, `AnyOf` and `Not`."""
    cat = _Catalog((), (), (), (), modes)
    return _scope(draw, _mode_leaf, cat)


@st.composite
def recipient_scopes(
    draw: st.DrawFn,
    entities: Sequence[str] = ("e0", "e1"),
    *,
    groups: Sequence[str] = (),
    lists: Sequence[str] = (),
) -> ac.Scope:
    """Recipient scopes naming `entities`, country `groups` and entity `lists`,
    nested up to two deep in `AllOf`, `AnyOf` and `Not`."""
    cat = _Catalog((), entities, groups, lists, MODE_NAMES)
    return _scope(draw, _recipient_leaf, cat)
