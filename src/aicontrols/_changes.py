"""Rule changes: what happened to which rule, when, and by which notice.

The answer of `Regime.changes()`: values, with instants as pendulum
`DateTime`s in the regime's zone.
"""

from __future__ import annotations

import enum

import attrs
import pendulum

from ._notices import Notice
from ._time import day_or_instant

__all__ = ["ChangeKind", "RuleChange"]


class ChangeKind(enum.Enum):
    """What happened to a rule at a change point.

    Examples:
        >>> import aicontrols
        >>> regime = aicontrols.examples.load("affiliates-rule-2025")
        >>> sorted({c.kind.value for c in regime.changes()})
        ['added', 'suspended', 'suspension_ended']
    """

    ADDED = "added"
    """The rule came into force."""
    AMENDED = "amended"
    """A new version replaced it."""
    REVOKED = "revoked"
    """It ended."""
    EXPIRED = "expired"
    """A license reached the end of its validity."""
    COMPLIANCE_REQUIRED = "compliance_required"
    """Its compliance date came: from now it binds."""
    SUSPENDED = "suspended"
    """A suspension window opened."""
    SUSPENSION_ENDED = "suspension_ended"
    """A suspension window closed."""
    NOT_ENFORCED = "not_enforced"
    """A non-enforcement statement took effect."""
    ENFORCEMENT_RESUMED = "enforcement_resumed"
    """A non-enforcement window closed."""


@attrs.frozen(kw_only=True)
class RuleChange:
    """One change to one rule, with the notice that made it.

    Attributes:
        at: when the change takes effect, in the regime's zone.
        kind: what happened.
        rule_id: the rule's id.
        notice: the notice whose act it is.

    Examples:
        >>> import aicontrols
        >>> change = aicontrols.examples.load("mythos5").changes()[0]
        >>> change.at.date().isoformat(), change.kind.value, change.rule_id
        ('2026-06-12', 'added', 'mythos-fable-foreign-access')
    """

    at: pendulum.DateTime
    kind: ChangeKind
    rule_id: str
    notice: Notice

    def describe(self) -> str:
        """The change on one line."""
        title = f" ({self.notice.title})" if self.notice.title else ""
        return (
            f"{day_or_instant(self.at)}: `{self.rule_id}` {self.kind.value.replace('_', ' ')} "
            f"by notice `{self.notice.id}`{title}"
        )
