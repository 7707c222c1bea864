"""The compiled index: per item and mode, sorted change points and the rules between.

For one knowledge state, one item and one mode, the index holds the instants at
which any relevant rule changes (added, amended, revoked, suspended, compliance
required, enforcement stated) and, for each span between two of them, the rule
versions in force. A decision is then a binary search plus the scopes of the
few rules in that span: O(log k) in the change points, not a scan of every rule.

Indexes are immutable once built (tuples and read-only mappings) and safe to
share between threads.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType

from .._notices import NonEnforcement
from .._rules import Restriction
from .._scopes import (
    DestinationInGroup,
    HeadquarteredInGroup,
    LocatedInGroup,
    OnList,
    OriginInGroup,
    OwnedBy,
    OwnedByListed,
    Scope,
    UltimateParentHeadquarteredInGroup,
)
from .._time import NEG_INF, POS_INF
from .._tri import FALSE
from .context import Context
from .decide import Entry, static_match
from .ruleset import Act, Event, RuleHistory, Ruleset, Version, events

_NO_EXEMPTIONS: Mapping[str, tuple[Entry, ...]] = MappingProxyType({})


class Slot:
    """The rule versions in force over one span between change points."""

    __slots__ = ("exemptions", "restrictions")

    def __init__(
        self,
        restrictions: tuple[Entry, ...],
        exemptions: Mapping[str, tuple[Entry, ...]],
    ) -> None:
        self.restrictions = restrictions
        self.exemptions = exemptions  # read-only: a MappingProxyType


class Index:
    """Change points and slots for one (knowledge state, item, mode)."""

    __slots__ = ("groups", "histories", "lists", "parents", "slots", "starts")

    def __init__(
        self,
        starts: tuple[int, ...],
        slots: tuple[Slot, ...],
        histories: tuple[RuleHistory, ...],
        groups: frozenset[str] = frozenset(),
        lists: frozenset[str] = frozenset(),
        *,
        parents: bool = False,
    ) -> None:
        # INVARIANT: starts[0] is NEG_INF and slot i covers [starts[i], starts[i+1]).
        self.starts = starts
        self.slots = slots
        self.histories = histories
        # The country groups and entity lists the relevant rules read: only
        # their changes can change a verdict from this index.
        self.groups = groups
        self.lists = lists
        # Whether a rule reads the recipient's owners (ownership chains, an
        # ultimate parent): then the dated facts of every owner up the chains,
        # and their list memberships, are change points too.
        self.parents = parents

    def slot_at(self, t: int) -> Slot:
        """The slot in force at instant `t`."""
        return self.slots[bisect_right(self.starts, t) - 1]

    def causes_at(self, t: int) -> list[Event]:
        """The events of the index's rules at instant `t`, rule by rule."""
        return [e for e in events(self.histories) if e.at == t]


def _points(history: RuleHistory) -> set[int]:
    points = {c.at for c in history.changes}
    points |= {c.compliance for c in history.changes if c.compliance is not None}
    for window in (*history.suspensions, *history.not_enforced):
        points |= {window.start, window.end}
    return points


def _sweep(
    history: RuleHistory, starts: Sequence[int], ctx: Context
) -> list[Entry | None]:
    """The entry of one rule in each slot, walking its changes once, in order."""
    out: list[Entry | None] = []
    version: Version | None = None
    position = 0
    changes = history.changes
    previous: Entry | None = None
    for start in starts:
        while position < len(changes) and changes[position].at <= start:
            change = changes[position]
            position += 1
            if change.act is Act.EXPIRE:
                if version is not None and version.rule is change.rule:
                    version = None
            elif change.act is Act.REVOKE:
                version = None
            elif change.act is Act.ADD or version is not None:
                assert change.rule is not None
                version = Version(
                    change.rule, change.notice, change.at, change.compliance
                )
        if version is None:
            out.append(None)
            previous = None
            continue
        compliance = version.compliance
        entry = Entry(
            version.rule,
            version.notice,
            version.since,
            FALSE,  # replaced below, once per version
            compliance if compliance is not None and start < compliance else None,
            next((w for w in history.suspensions if w.start <= start < w.end), None),
            tuple(w for w in history.not_enforced if w.start <= start < w.end),
        )
        if (
            previous is not None
            and previous.rule is entry.rule
            and (
                previous.since,
                previous.compliance,
                previous.suspension,
                previous.not_enforced,
            )
            == (entry.since, entry.compliance, entry.suspension, entry.not_enforced)
        ):
            entry = previous  # share the object while nothing changes
        else:
            entry = Entry(
                entry.rule,
                entry.notice,
                entry.since,
                static_match(entry.rule, ctx),
                entry.compliance,
                entry.suspension,
                entry.not_enforced,
            )
        out.append(entry)
        previous = entry
    return out


def _recipient_leaves(history: RuleHistory) -> Iterator[Scope]:
    """The leaves of every recipient scope a rule's history reads: its
    versions', their conditional reviews' and its non-enforcement windows'."""
    for change in history.changes:
        rule = change.rule
        if rule is None:
            continue
        yield from rule.recipients.leaves()
        if isinstance(rule, Restriction):
            for review in rule.conditional_reviews:
                yield from review.recipients.leaves()
    for window in history.not_enforced:
        act = window.act
        if isinstance(act, NonEnforcement):
            yield from act.recipients.leaves()


def build_index(
    ruleset: Ruleset, static_ctx: Context, recipients: frozenset[str] = frozenset()
) -> Index:
    """Compile the index for the item and mode of `static_ctx`.

    Only the rules that can concern the item are read: those whose `ItemIs`
    scopes name it, those with other item scopes, and the exemptions that lift
    them; of the rules that name their recipients, only those naming one of
    `recipients`.
    """
    restrictions = [
        history
        for history in ruleset.restrictions_for(static_ctx.item.id, recipients)
        if any(
            static_match(c.rule, static_ctx) is not FALSE
            for c in history.changes
            if c.rule is not None
        )
    ]
    wanted = {h.rule_id for h in restrictions}
    wanted_order = [h.rule_id for h in restrictions]
    lifters = {h.rule_id: h for rid in wanted for h in ruleset.lifters.get(rid, ())}
    exemptions = [lifters[k] for k in sorted(lifters)]
    relevant = (*restrictions, *exemptions)
    points: set[int] = set()
    for history in relevant:
        points |= _points(history)
    starts = [NEG_INF, *sorted(points - {NEG_INF, POS_INF})]
    columns_r = [_sweep(h, starts, static_ctx) for h in restrictions]
    columns_x = [_sweep(h, starts, static_ctx) for h in exemptions]
    slots: list[Slot] = []
    # per exemption version: the wanted restrictions it lifts (an exemption may
    # name thousands of restrictions, of which one index wants a few)
    lifted_wanted: dict[int, list[str]] = {}
    for i in range(len(starts)):
        in_force = tuple(e for column in columns_r if (e := column[i]) is not None)
        lifting: dict[str, list[Entry]] = {}
        for column in columns_x:
            entry = column[i]
            if entry is None:
                continue
            targets = lifted_wanted.get(id(entry.rule))
            if targets is None:
                lifts = ruleset.lifts(entry.rule)  # type: ignore[arg-type]
                targets = lifted_wanted[id(entry.rule)] = [
                    r for r in wanted_order if r in lifts
                ]
            for lifted in targets:
                lifting.setdefault(lifted, []).append(entry)
        slots.append(
            Slot(
                in_force,
                MappingProxyType({k: tuple(v) for k, v in lifting.items()})
                if lifting
                else _NO_EXEMPTIONS,
            )
        )
    groups: set[str] = set()
    lists: set[str] = set()
    parents = False
    for history in relevant:
        for leaf in _recipient_leaves(history):
            if isinstance(leaf, UltimateParentHeadquarteredInGroup):
                groups |= leaf.groups
                parents = True
            elif isinstance(
                leaf,
                DestinationInGroup
                | LocatedInGroup
                | HeadquarteredInGroup
                | OriginInGroup,
            ):
                groups |= leaf.groups
            elif isinstance(leaf, OwnedByListed):
                lists |= leaf.lists
                parents = True
            elif isinstance(leaf, OnList):
                lists |= leaf.lists
            elif isinstance(leaf, OwnedBy):
                parents = True
    return Index(
        tuple(starts),
        tuple(slots),
        relevant,
        frozenset(groups),
        frozenset(lists),
        parents=parents,
    )
