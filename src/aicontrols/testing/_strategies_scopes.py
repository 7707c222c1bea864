"""The scopes of generated rules, and the rules that carry them.

Item, mode and recipient leaves that name the catalog's ids, nested up to two
deep in `AllOf`, `AnyOf` and `Not`; the restrictions (list entries and
restrictions treated as listed among them, now and then with conditional
reviews) and exemptions built on them; the public `item_scopes()`,
`mode_scopes()` and `recipient_scopes()`.
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
    TRANSFERS,
    draw_below,
    draw_chance,
    draw_count,
    draw_pick,
    draw_some,
)


class StrategyCatalog:
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


def _item_leaf(draw: st.DrawFn, cat: StrategyCatalog) -> ac.Scope:
    choice = draw(draw_below(9))
    if choice == 0:
        return ac.ItemIs(draw_some(draw, cat.items))
    if choice == 8:
        return ac.ClassificationRecorded("ECCN")
    if choice == 1:
        return ac.DevelopedBy(draw_some(draw, cat.entities))
    if choice == 2:
        return ac.ClassifiedAs("ECCN", draw_some(draw, CODES))
    if choice == 3:
        return ac.TrainedWithAtLeast(draw_pick(draw, OPERATIONS))
    if choice == 5:
        return ac.WithinRequirement(draw_pick(draw, REQUIREMENTS))
    if choice in (6, 7):
        name = draw_pick(draw, tuple(THRESHOLDS))
        cls = ac.ParameterAtLeast if choice == 6 else ac.ParameterBelow
        return cls(name, draw_pick(draw, THRESHOLDS[name]))
    return ac.WeightsPublished(draw_chance(draw))


def _mode_leaf(draw: st.DrawFn, cat: StrategyCatalog) -> ac.Scope:
    choice = draw(draw_below(3))
    if choice == 0:
        return ac.ModeIs(draw_some(draw, cat.modes))
    if choice == 1:
        return ac.TransfersWeights(draw_chance(draw))
    return ac.ComputeRunsAt(draw_some(draw, LOCATIONS))


def _recipient_leaf(draw: st.DrawFn, cat: StrategyCatalog) -> ac.Scope:
    choice = draw(draw_below(18))
    if choice == 1:
        return ac.DestinationIn(draw_some(draw, COUNTRIES))
    if choice == 2:
        return ac.KindIs(draw_some(draw, ENTITY_KINDS))
    if choice == 3:
        return ac.EntityIs(draw_some(draw, cat.entities))
    if choice == 4:
        return ac.EmployedBy(draw_some(draw, cat.entities))
    if choice == 5:
        return ac.OwnedBy(
            draw_some(draw, cat.entities), min_share=draw_pick(draw, SHARES[:3])
        )
    if choice == 6 and cat.groups:
        return ac.DestinationInGroup(draw_some(draw, cat.groups))
    if choice == 7 and cat.lists:
        return ac.OnList(draw_some(draw, cat.lists))
    if choice == 8 and cat.lists:
        share = draw_pick(draw, SHARES[:3])
        return ac.OwnedByListed(draw_some(draw, cat.lists), min_share=share)
    if choice == 9:
        return ac.LocatedIn(draw_some(draw, COUNTRIES))
    if choice == 10 and cat.groups:
        return ac.LocatedInGroup(draw_some(draw, cat.groups))
    if choice == 11:
        return ac.HeadquarteredIn(draw_some(draw, COUNTRIES))
    if choice == 12 and cat.groups:
        return ac.HeadquarteredInGroup(draw_some(draw, cat.groups))
    if choice == 13 and cat.groups:
        return ac.UltimateParentHeadquarteredInGroup(draw_some(draw, cat.groups))
    if choice == 14:
        if cat.groups and draw_chance(draw, 3):
            return ac.OriginInGroup(draw_some(draw, cat.groups))
        return ac.OriginIn(draw_some(draw, COUNTRIES))
    if choice == 15:
        return ac.IsReexport(not draw_chance(draw, 3))
    if choice == 16:
        return ac.TransferIs(draw_some(draw, TRANSFERS))
    if choice == 17:
        if draw_chance(draw):  # a listed party, as a screening list's entries
            return ac.AnyParty(ac.EntityIs(draw_some(draw, cat.entities)))
        # every party read as the recipient: a leaf, or leaves combined once
        return ac.AnyParty(_scope(draw, _recipient_leaf, cat, depth=1))
    return ac.ForeignPerson(not draw_chance(draw, 4))


_Leaf = Callable[[st.DrawFn, StrategyCatalog], ac.Scope]


def _scope(
    draw: st.DrawFn, leaf: _Leaf, cat: StrategyCatalog, depth: int = 2
) -> ac.Scope:
    """A leaf, or leaves combined with all/any/not, at most `depth` deep."""
    choice = draw(draw_below(4)) if depth else 0
    if choice == 0:
        return leaf(draw, cat)
    if choice == 3:
        return ac.Not(_scope(draw, leaf, cat, depth - 1))
    kids = [_scope(draw, leaf, cat, depth - 1) for _ in range(draw_count(draw, 1, 3))]
    return ac.AllOf(kids) if choice == 1 else ac.AnyOf(kids)


def draw_scopes(
    draw: st.DrawFn, cat: StrategyCatalog
) -> tuple[ac.Scope, ac.Scope, ac.Scope]:
    """The items, modes and recipients scopes of one rule (often everything)."""
    leaves: tuple[_Leaf, _Leaf, _Leaf] = (_item_leaf, _mode_leaf, _recipient_leaf)
    found = [
        _scope(draw, leaf, cat) if draw_chance(draw) else ac.EVERYTHING
        for leaf in leaves
    ]
    return found[0], found[1], found[2]


def draw_review(draw: st.DrawFn, cat: StrategyCatalog) -> ac.ConditionalReview:
    """A conditional review, now and then with conditions."""
    items, modes, recipients = draw_scopes(draw, cat)
    return ac.ConditionalReview(
        draw_pick(draw, tuple(ac.ReviewPolicy)),
        conditions=draw_some(draw, CONDITIONS) if draw_chance(draw) else [],
        items=items,
        modes=modes,
        recipients=recipients,
    )


def _treated_as_listed(
    draw: st.DrawFn, rid: str, cat: StrategyCatalog
) -> ac.Restriction:
    """An affiliates-rule restriction: one `OwnedByListed`, maybe with another
    recipient leaf beside it, now and then read for every party; the owners'
    entries give its effect."""
    share = draw_pick(draw, SHARES[:3])
    owned: ac.Scope = ac.OwnedByListed(draw_some(draw, cat.lists), min_share=share)
    beside = _recipient_leaf(draw, cat) if draw_chance(draw, 3) else None
    if beside is not None and not any(
        isinstance(leaf, ac.OwnedByListed) for leaf in beside.leaves()
    ):  # the rule reads exactly one `OwnedByListed`
        owned = ac.AllOf([owned, beside])
    if draw_chance(draw):  # an affiliate binds as any party to the transaction
        owned = ac.AnyParty(owned)
    items, modes, _ = draw_scopes(draw, cat)
    return ac.Restriction(
        rid, treated_as_listed=True, items=items, modes=modes, recipients=owned
    )


def draw_restriction(draw: st.DrawFn, rid: str, cat: StrategyCatalog) -> ac.Restriction:
    if cat.lists and draw_chance(draw, 5):
        return _treated_as_listed(draw, rid, cat)
    effect = draw_pick(draw, tuple(ac.Effect))
    review_policy = draw_pick(draw, (None, *ac.ReviewPolicy))
    items, modes, recipients = draw_scopes(draw, cat)
    reviews = (
        [draw_review(draw, cat) for _ in range(draw_count(draw, 1, 2))]
        if draw_chance(draw, 3)
        else []
    )
    if cat.lists and draw_chance(draw, 3):
        # a list's entry: the parties it names, or everyone on the list
        recipients = (
            ac.EntityIs(draw_some(draw, cat.entities))
            if draw_chance(draw)
            else ac.OnList(draw_some(draw, cat.lists))
        )
    if draw_chance(draw, 8):
        # rules that name their parties, which the index files by entity id
        named = ac.EntityIs(draw_some(draw, cat.entities))
        recipients = ac.AnyParty(named) if draw_chance(draw) else named
    return ac.Restriction(
        rid,
        effect=effect,
        review_policy=review_policy,
        items=items,
        modes=modes,
        recipients=recipients,
        conditional_reviews=reviews,
    )


def draw_exemption(
    draw: st.DrawFn, xid: str, restrictions: Sequence[str], cat: StrategyCatalog
) -> ac.Exemption:
    lifts = draw_some(draw, restrictions)
    conditions = draw_some(draw, CONDITIONS) if draw_chance(draw) else []
    items, modes, recipients = draw_scopes(draw, cat)
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
    cat = StrategyCatalog(items, developers, (), (), MODE_NAMES)
    return _scope(draw, _item_leaf, cat)


@st.composite
def mode_scopes(draw: st.DrawFn, modes: Sequence[str] = MODE_NAMES) -> ac.Scope:
    """Mode scopes naming `modes` (default: the standard ones), nested up to two
    deep in `AllOf`, `AnyOf` and `Not`."""
    cat = StrategyCatalog((), (), (), (), modes)
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
    cat = StrategyCatalog((), entities, groups, lists, MODE_NAMES)
    return _scope(draw, _recipient_leaf, cat)
