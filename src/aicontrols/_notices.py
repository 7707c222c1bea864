"""Notices: the dated acts that build a regime, and what they do to its rules.

A notice is published on one date (knowledge time) and takes effect on another
(valid time). It can add rules, amend them (a new version under the same id),
revoke them, suspend them for a window, record that they are not enforced, and
correct an earlier notice (which it then replaces for queries that know of it).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from ._rules import Citation, Exemption, Restriction, Rule
from ._scopes import EntityIs, ItemIs
from ._time import When, resolve, resolve_end
from ._validators import check_id, check_when_field, checked_tuple, string_tuple

__all__ = ["NonEnforcement", "Notice", "Suspension"]


@attrs.frozen
class Suspension:
    """A window `[start, end)` in which a rule does not apply.

    Attributes:
        rule: the id of the suspended rule.
        start: defaults to the notice's effective date.
        end: exclusive; `None` suspends until a later notice says otherwise.
        reason: why, in words.

    Examples:
        >>> import datetime
        >>> Suspension("affiliates-rule", start=datetime.date(2025, 11, 10),
        ...            end=datetime.date(2026, 11, 10)).rule
        'affiliates-rule'
    """

    rule: str = attrs.field(validator=check_id)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    reason: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class NonEnforcement:
    """A statement that a rule, still legally binding, is not being enforced.

    The rule keeps binding over `[start, end)`; decisions carry a caveat that
    quotes `statement`.

    Attributes:
        rule: the id of the restriction not enforced.
        statement: the statement, quoted in caveats.
        start: defaults to the notice's effective date.
        end: exclusive; `None` until further notice.

    Examples:
        >>> NonEnforcement("ai-diffusion-4e091",
        ...                statement="BIS will not enforce the AI Diffusion rule").rule
        'ai-diffusion-4e091'
    """

    rule: str = attrs.field(validator=check_id)
    statement: str = attrs.field(kw_only=True)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    rules = checked_tuple(value, (Restriction, Exemption), "rules")
    # restrictions first, then exemptions, each in the given order: the order a
    # regime file writes them in, so that a regime round-trips equal
    return tuple(sorted(rules, key=lambda rule: isinstance(rule, Exemption)))


def _suspensions(value: Iterable[Suspension]) -> tuple[Suspension, ...]:
    return checked_tuple(value, Suspension, "suspends")


def _non_enforcements(value: Iterable[NonEnforcement]) -> tuple[NonEnforcement, ...]:
    return checked_tuple(value, NonEnforcement, "not_enforced")


@attrs.frozen
class Notice:
    """A dated legal act: a Federal Register rule, a letter, a statement.

    Args:
        id: the notice's id in the regime.
        title: a human title.
        published: when it became known (knowledge time): a date or an instant.
        effective: when its acts take effect (valid time).
        compliance: before this date its new rules are in force but compliance
            is not required: they do not bind, and decisions carry a caveat.
        citation: the legal source.
        adds: new restrictions and exemptions, in force from `effective`.
        amends: new versions of existing rules (same id) from `effective`.
        revokes: ids of rules that end at `effective`.
        suspends: windows in which rules do not apply.
        not_enforced: statements that rules are not enforced (they still bind).
        corrects: ids of earlier notices this one replaces, for queries that
            know of it (`as_known_on` on or after its publication).
        retroactive: allows `effective` before `published`.

    Examples:
        >>> import datetime
        >>> from aicontrols import Restriction, ItemIs
        >>> notice = Notice(
        ...     "letter-1",
        ...     published=datetime.date(2026, 6, 12),
        ...     effective=datetime.date(2026, 6, 12),
        ...     adds=[Restriction("r1", items=ItemIs("mythos-5"))],
        ... )
        >>> [rule.id for rule in notice.adds]
        ['r1']
    """

    id: str = attrs.field(validator=check_id)
    title: str | None = attrs.field(default=None, kw_only=True)
    published: When = attrs.field(kw_only=True, validator=check_when_field)
    effective: When = attrs.field(kw_only=True, validator=check_when_field)
    compliance: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    adds: tuple[Rule, ...] = attrs.field(default=(), kw_only=True, converter=_rules)
    amends: tuple[Rule, ...] = attrs.field(default=(), kw_only=True, converter=_rules)
    revokes: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    suspends: tuple[Suspension, ...] = attrs.field(
        default=(), kw_only=True, converter=_suspensions
    )
    not_enforced: tuple[NonEnforcement, ...] = attrs.field(
        default=(), kw_only=True, converter=_non_enforcements
    )
    corrects: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    retroactive: bool = attrs.field(default=False, kw_only=True)

    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id this notice acts on, in the order of its acts."""
        ids = [r.id for r in (*self.adds, *self.amends)]
        ids += [*self.revokes, *(s.rule for s in self.suspends)]
        ids += [n.rule for n in self.not_enforced]
        return tuple(dict.fromkeys(ids))


# ---------------------------------------------------------------- rule history


class Act(enum.Enum):
    """What an act does to one rule."""

    ADD = "added"
    AMEND = "amended"
    REVOKE = "revoked"


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
            if change.act is Act.REVOKE:
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
    _lift_sets: dict[int, frozenset[str]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def lifts(self, exemption: Exemption) -> frozenset[str]:
        """The ids an exemption version lifts, as a set built once per ruleset."""
        found = self._lift_sets.get(id(exemption))
        if found is None:  # the ruleset's histories keep `exemption` alive
            found = self._lift_sets[id(exemption)] = frozenset(exemption.lifts)
        return found

    def restrictions_for(
        self, item_id: str, recipients: Iterable[str] = ()
    ) -> list[RuleHistory]:
        """Restriction histories that may concern `item_id`, in rule-id order.

        Restrictions that name their recipients (`EntityIs`, as a screening
        list's entries do) are read only for the `recipients` given.
        """
        named = self.by_item.get(item_id, [])
        own = [h for r in recipients for h in self.by_recipient.get(r, ())]
        if not self.anywhere and not own:
            return named
        found = {id(h): h for h in (*named, *self.anywhere, *own)}
        return sorted(found.values(), key=lambda h: h.rule_id)

    def changes(self) -> list[Change]:
        """Every change to every rule, in time order."""
        found = [c for h in self.histories.values() for c in h.changes]
        return sorted(found, key=lambda c: (c.at, c.order))


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
                history(rule.id).changes.append(
                    Change(effective, order, kind, rule.id, notice, rule, due)
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
    ruleset = Ruleset(active, histories)
    for rule_id in sorted(histories):
        record = histories[rule_id]
        record.changes.sort(key=lambda c: (c.at, c.order))
        rules = [c.rule for c in record.changes if c.rule is not None]
        if not rules:
            continue
        if isinstance(rules[0], Restriction):
            if all(isinstance(rule.recipients, EntityIs) for rule in rules):
                for who in {i for rule in rules for i in rule.recipients.ids}:  # type: ignore[attr-defined]
                    ruleset.by_recipient.setdefault(who, []).append(record)
            elif all(isinstance(rule.items, ItemIs) for rule in rules):
                for item_id in {i for rule in rules for i in rule.items.ids}:  # type: ignore[attr-defined]
                    ruleset.by_item.setdefault(item_id, []).append(record)
            else:
                ruleset.anywhere.append(record)
        else:
            for lifted in dict.fromkeys(r for rule in rules for r in rule.lifts):  # type: ignore[union-attr]
                ruleset.lifters.setdefault(lifted, []).append(record)
    return ruleset
