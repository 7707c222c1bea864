"""Rulesets: what the notices known at one cutoff say about each rule, over time.

The engine's reading of a regime's notices. Instants are integers here
(microseconds, see `aicontrols._time`); nothing in this module is public.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence

import attrs

from .._changes import ChangeKind
from .._notices import NonEnforcement, Notice, Suspension
from .._rules import License, Lifter, Restriction, Rule, expiry, lifted_ids
from .._scopes import AnyParty, EntityIs, ItemIs, Scope
from .._time import resolve, resolve_end


class Act(enum.Enum):
    """What an act does to one rule."""

    ADD = "added"
    AMEND = "amended"
    REVOKE = "revoked"
    EXPIRE = "expired"
    """A license version's validity ends (its `rule` is that version)."""


@attrs.frozen
class Change:
    """One act on one rule at one instant (internal: instants are ints)."""

    at: int
    order: int
    act: Act
    rule_id: str
    notice: Notice
    rule: Rule | None = None
    compliance: int | None = None


@attrs.frozen
class Window:
    """A suspension or non-enforcement window `[start, end)` of one rule."""

    start: int
    end: int
    notice: Notice
    act: Suspension | NonEnforcement


@attrs.frozen
class Version:
    """A rule version in force: the rule, the notice that made it, since when."""

    rule: Rule
    notice: Notice
    since: int
    compliance: int | None


@attrs.define
class RuleHistory:
    """Everything the active notices say about one rule id."""

    rule_id: str
    changes: list[Change] = attrs.Factory(list)
    suspensions: list[Window] = attrs.Factory(list)
    not_enforced: list[Window] = attrs.Factory(list)

    def version_at(self, t: int) -> Version | None:
        """The version in force at `t` (the reference reading: a plain scan).

        An amendment replaces the content of a rule in force; it does not bring
        into force a rule that is not (the linter reports such amendments).
        """
        current: Version | None = None
        for change in self.changes:
            if change.at > t:
                break
            if change.act is Act.EXPIRE:
                if current is not None and current.rule is change.rule:
                    current = None
            elif change.act is Act.REVOKE:
                current = None
            elif change.act is Act.ADD or current is not None:
                assert change.rule is not None
                current = Version(
                    change.rule, change.notice, change.at, change.compliance
                )
        return current


@attrs.frozen
class Ruleset:
    """The rules as known at one knowledge cutoff: what the active notices say.

    Besides the histories, a ruleset keeps lookups that let an index for one
    item read only the rules that can concern it: restrictions by the item ids
    their `ItemIs` scopes name (`by_item`), the restrictions whose item scope is
    anything else (`anywhere`), and exemptions by the restrictions they lift.
    """

    notices: tuple[Notice, ...]
    histories: dict[str, RuleHistory]
    by_item: dict[str, list[RuleHistory]] = attrs.field(factory=dict)
    anywhere: list[RuleHistory] = attrs.field(factory=list)
    by_recipient: dict[str, list[RuleHistory]] = attrs.field(factory=dict)
    lifters: dict[str, list[RuleHistory]] = attrs.field(factory=dict)
    treats_as_listed: bool = False
    """Whether a restriction treats recipients as their listed owners: then an
    index reads the rules naming the recipient's owners too."""
    _lift_sets: dict[int, frozenset[str]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def lifts(self, lifter: Lifter) -> frozenset[str]:
        """The ids an exemption or license version lifts, as a set built once
        per ruleset."""
        found = self._lift_sets.get(id(lifter))
        if found is None:  # the ruleset's histories keep `lifter` alive
            found = self._lift_sets[id(lifter)] = frozenset(lifted_ids(lifter))
        return found

    def restrictions_for(
        self, item_id: str, recipients: Iterable[str] = ()
    ) -> list[RuleHistory]:
        """Restriction histories that may concern `item_id`, in rule-id order.

        Restrictions that name their recipients (`EntityIs`, or
        `AnyParty(EntityIs)` as a screening list's entries do) are read only
        for the `recipients` given (the ids of the recipient and of the other
        parties to the transaction).
        """
        named = self.by_item.get(item_id, [])
        own = [h for r in recipients for h in self.by_recipient.get(r, ())]
        if not self.anywhere and not own:
            return named
        found = {id(h): h for h in (*named, *self.anywhere, *own)}
        return sorted(found.values(), key=lambda h: h.rule_id)


def named_recipients(scope: Scope) -> frozenset[str] | None:
    """The ids a recipients scope names, if it selects only them: `EntityIs`,
    or `AnyParty(EntityIs)` (a party to the transaction is one of them)."""
    if isinstance(scope, AnyParty):
        scope = scope.scope
    return scope.ids if isinstance(scope, EntityIs) else None


def build_ruleset(notices: Sequence[Notice], tz: str) -> Ruleset:
    """What `notices` (in publication order) say, once corrections are applied."""
    corrected = {cid for notice in notices for cid in notice.corrects}
    active = tuple(n for n in notices if n.id not in corrected)
    histories: dict[str, RuleHistory] = {}

    def history(rule_id: str) -> RuleHistory:
        if rule_id not in histories:
            histories[rule_id] = RuleHistory(rule_id)
        return histories[rule_id]

    for order, notice in enumerate(active):
        effective = resolve(notice.effective, tz)
        compliance = None
        if notice.compliance is not None:
            compliance = resolve(notice.compliance, tz)
            if compliance <= effective:
                compliance = None
        # A compliance date concerns what binds: restrictions, not exemptions.
        acted: tuple[tuple[Act, tuple[Rule, ...]], ...] = (
            (Act.ADD, notice.adds),
            (Act.AMEND, notice.amends),
        )
        for kind, versions in acted:
            for rule in versions:
                due = compliance if isinstance(rule, Restriction) else None
                changes = history(rule.id).changes
                changes.append(
                    Change(effective, order, kind, rule.id, notice, rule, due)
                )
                # a license's expiry ends the version it belongs to, as a
                # revocation would (a later amendment brings its own expiry)
                end = expiry(rule, tz) if isinstance(rule, License) else None
                if end is not None:
                    changes.append(
                        Change(
                            max(end, effective),
                            order,
                            Act.EXPIRE,
                            rule.id,
                            notice,
                            rule,
                        )
                    )
        for rule_id in notice.revokes:
            history(rule_id).changes.append(
                Change(effective, order, Act.REVOKE, rule_id, notice)
            )
        acts: tuple[Suspension | NonEnforcement, ...] = (
            *notice.suspends,
            *notice.not_enforced,
        )
        for act in acts:
            start = effective if act.start is None else resolve(act.start, tz)
            window = Window(start, resolve_end(act.end, tz), notice, act)
            target = history(act.rule)
            if isinstance(act, Suspension):
                target.suspensions.append(window)
            else:
                target.not_enforced.append(window)
    by_item: dict[str, list[RuleHistory]] = {}
    anywhere: list[RuleHistory] = []
    by_recipient: dict[str, list[RuleHistory]] = {}
    lifters: dict[str, list[RuleHistory]] = {}
    treats_as_listed = False
    for rule_id in sorted(histories):
        record = histories[rule_id]
        # an expiry comes after the other acts at its instant, so that a
        # renewal (an amendment) effective at the expiry keeps the license
        record.changes.sort(key=lambda c: (c.at, c.act is Act.EXPIRE, c.order))
        rules = [c.rule for c in record.changes if c.rule is not None]
        if not rules:
            continue
        if isinstance(rules[0], Restriction):
            treats_as_listed = treats_as_listed or any(
                isinstance(rule, Restriction) and rule.treated_as_listed
                for rule in rules
            )
            named = [named_recipients(rule.recipients) for rule in rules]
            if all(ids is not None for ids in named):
                for who in {i for ids in named for i in ids or ()}:
                    by_recipient.setdefault(who, []).append(record)
            elif all(isinstance(rule.items, ItemIs) for rule in rules):
                for item_id in {i for rule in rules for i in rule.items.ids}:  # type: ignore[attr-defined]
                    by_item.setdefault(item_id, []).append(record)
            else:
                anywhere.append(record)
        else:
            lifting = (r for rule in rules for r in lifted_ids(rule))  # type: ignore[arg-type]
            for lifted in dict.fromkeys(lifting):
                lifters.setdefault(lifted, []).append(record)
    # built whole, then frozen: nothing fills a ruleset after construction
    return Ruleset(
        active,
        histories,
        by_item,
        anywhere,
        by_recipient,
        lifters,
        treats_as_listed,
    )


_KIND = {
    Act.ADD: ChangeKind.ADDED,
    Act.AMEND: ChangeKind.AMENDED,
    Act.REVOKE: ChangeKind.REVOKED,
    Act.EXPIRE: ChangeKind.EXPIRED,
}
_WORDS = {
    ChangeKind.ADDED: "`{}` added",
    ChangeKind.AMENDED: "`{}` amended",
    ChangeKind.REVOKED: "`{}` revoked",
    ChangeKind.EXPIRED: "`{}` expired",
    ChangeKind.COMPLIANCE_REQUIRED: "compliance with `{}` required",
    ChangeKind.SUSPENDED: "`{}` suspended",
    ChangeKind.SUSPENSION_ENDED: "suspension of `{}` ended",
    ChangeKind.NOT_ENFORCED: "`{}` not enforced",
    ChangeKind.ENFORCEMENT_RESUMED: "enforcement of `{}` resumed",
}


@attrs.frozen
class Event:
    """One dated event in a rule's history: an act, a compliance date, or
    either edge of a suspension or non-enforcement window."""

    at: int
    order: int
    kind: ChangeKind
    rule_id: str
    notice: Notice

    @property
    def words(self) -> str:
        """The event as a history's cause names it: "`r1` suspended"."""
        return _WORDS[self.kind].format(self.rule_id)


def events(histories: Iterable[RuleHistory]) -> Iterator[Event]:
    """Every event of these histories, rule by rule (not sorted by time).

    The one reading of a rule's history as events: `Regime.changes()` lists
    them, and a history's causes name those at a change point.
    """
    for history in histories:
        rule_id = history.rule_id
        current: Rule | None = None
        for c in history.changes:
            if c.act is Act.EXPIRE:
                if current is not c.rule:
                    continue  # revoked or replaced before it could expire
                current = None
            elif c.act is Act.REVOKE:
                current = None
            elif c.act is Act.ADD or current is not None:
                current = c.rule
            yield Event(c.at, c.order, _KIND[c.act], rule_id, c.notice)
            if c.compliance is not None:
                kind = ChangeKind.COMPLIANCE_REQUIRED
                yield Event(c.compliance, c.order, kind, rule_id, c.notice)
        edges = (
            (history.suspensions, ChangeKind.SUSPENDED, ChangeKind.SUSPENSION_ENDED),
            (
                history.not_enforced,
                ChangeKind.NOT_ENFORCED,
                ChangeKind.ENFORCEMENT_RESUMED,
            ),
        )
        for windows, opened, closed in edges:
            for w in windows:
                yield Event(w.start, 0, opened, rule_id, w.notice)
                yield Event(w.end, 0, closed, rule_id, w.notice)
