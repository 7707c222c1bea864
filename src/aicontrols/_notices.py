"""Notices: the dated acts that build a regime, and what they do to its rules.

A notice is published on one date (knowledge time) and takes effect on another
(valid time). It can add rules, amend them (a new version under the same id),
revoke them, suspend them for a window, record that they are not enforced, and
correct an earlier notice (which it then replaces for queries that know of it).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import attrs

from ._rules import Citation, Exemption, License, Restriction, Rule, check_target
from ._scopes import EVERYTHING, Everything, Scope, Target
from ._time import When
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
    quotes `statement`. A statement may be limited to some accesses (BIS
    guidance that bona fide data-centre operators need not stop ongoing use,
    say): it then concerns only the accesses its `items`, `modes` and
    `recipients` scopes select with every named condition attested; other
    accesses are answered as if it did not exist. When a fact its scopes
    read is unknown, no relief is assumed: the decision says which fact.

    Attributes:
        rule: the id of the restriction not enforced.
        statement: the statement, quoted in caveats.
        start: defaults to the notice's effective date.
        end: exclusive; `None` until further notice.
        items: which items it concerns (default: every item).
        modes: which deployment modes (default: every mode).
        recipients: which recipients (default: everyone).
        conditions: named conditions the access must attest.

    Examples:
        >>> NonEnforcement("ai-diffusion-4e091",
        ...                statement="BIS will not enforce the AI Diffusion rule").rule
        'ai-diffusion-4e091'
        >>> from aicontrols import KindIs
        >>> ongoing = NonEnforcement("hq-d5", statement="ongoing use may continue",
        ...                          recipients=KindIs("company"),
        ...                          conditions=["bona-fide-data-centre"])
        >>> ongoing.conditions
        ('bona-fide-data-centre',)
    """

    rule: str = attrs.field(validator=check_id)
    statement: str = attrs.field(kw_only=True)
    start: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    end: When | None = attrs.field(
        default=None, kw_only=True, validator=check_when_field
    )
    items: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.ITEM)
    )
    modes: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.MODE)
    )
    recipients: Scope = attrs.field(
        default=EVERYTHING, kw_only=True, validator=check_target(Target.RECIPIENT)
    )
    conditions: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )

    @property
    def is_scoped(self) -> bool:
        """Whether it concerns only some accesses (scopes or conditions)."""
        return bool(self.conditions) or not all(
            isinstance(s, Everything) for s in (self.items, self.modes, self.recipients)
        )


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    rules = checked_tuple(value, (Restriction, Exemption, License), "rules")
    # restrictions first, then exemptions, then licenses, each in the given
    # order: the order a regime file writes them in, so that a regime
    # round-trips equal
    return tuple(sorted(rules, key=_rank))


def _rank(rule: Rule) -> int:
    return (
        0 if isinstance(rule, Restriction) else 1 if isinstance(rule, Exemption) else 2
    )


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
        adds: new restrictions, exemptions and licenses, in force from `effective`.
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
        """Every rule id this notice acts on, in the order of its acts.

        Deprecated: nothing in aicontrols uses it, and it will be removed in
        0.2. Read `adds`, `amends`, `revokes`, `suspends` and `not_enforced`.
        """
        warnings.warn(
            "Notice.rule_ids() is deprecated and will be removed in 0.2: read the "
            "notice's acts (`adds`, `amends`, `revokes`, `suspends`, `not_enforced`)",
            DeprecationWarning,
            stacklevel=2,
        )
        ids = [r.id for r in (*self.adds, *self.amends)]
        ids += [*self.revokes, *(s.rule for s in self.suspends)]
        ids += [n.rule for n in self.not_enforced]
        return tuple(dict.fromkeys(ids))
